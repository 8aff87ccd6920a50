//! The decode benchmark's native side (run by `bench/decode/run.sh`).
//!
//! Reads the table in `HUNTKIT_BENCH_FILE`, decodes its `CommandLine` column in compat mode
//! and in huntkit's mode `HUNTKIT_BENCH_RUNS` times each, prints one JSON line per mode with
//! the best time, and writes the items compat mode found (`row<TAB>md5`, sorted) to
//! `HUNTKIT_BENCH_ITEMS` for comparison with MSTICPy's, and those huntkit's mode found to
//! `HUNTKIT_BENCH_ITEMS_DEFAULT`.
//!
//! With `HUNTKIT_BENCH_PAYLOADS` (a file of bare payloads, one a line) it also decodes each
//! payload alone in huntkit's mode, as a decoder handed only the payload would, prints a
//! JSON line with `"scope": "payloads"` and writes the items found (`line<TAB>md5`) to
//! `HUNTKIT_BENCH_PAYLOAD_ITEMS`.
// A failed expectation stops a test or benchmark: panicking here is the point.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::time::Instant;

use arrow::array::{Array, Int64Array, StringArray};
use huntkit_decode::{decode_table, Compat, DecodeOptions, Decoder};

fn write_items(path: &str, mut items: Vec<String>) {
    items.sort();
    std::fs::write(path, items.join("\n") + "\n").expect("write items");
}

fn main() {
    let Ok(path) = std::env::var("HUNTKIT_BENCH_FILE") else {
        eprintln!("set HUNTKIT_BENCH_FILE to a table with a CommandLine column");
        return;
    };
    let runs: usize = std::env::var("HUNTKIT_BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(3);
    let bytes = std::fs::read(&path).expect("read the input table");
    let table = huntkit_core::read(&bytes, &huntkit_core::ReadOptions::default()).expect("parse");
    let text_bytes: usize = table
        .str_column("CommandLine")
        .expect("CommandLine column")
        .iter()
        .map(|c| c.map_or(0, str::len))
        .sum();
    for (label, compat) in [
        ("huntkit native, compat: msticpy", Compat::Msticpy),
        ("huntkit native, default", Compat::Huntkit),
    ] {
        let options = DecodeOptions {
            compat,
            ..DecodeOptions::default()
        };
        let mut best = f64::INFINITY;
        let mut out = None;
        for _ in 0..runs {
            let start = Instant::now();
            let result = decode_table(&table, "CommandLine", &options).expect("decode");
            best = best.min(start.elapsed().as_secs_f64());
            out = Some(result);
        }
        let out = out.expect("at least one run");
        let items_var = match compat {
            Compat::Msticpy => "HUNTKIT_BENCH_ITEMS",
            Compat::Huntkit => "HUNTKIT_BENCH_ITEMS_DEFAULT",
        };
        if let Ok(items_path) = std::env::var(items_var) {
            let batch = out.to_batch().expect("batch");
            let rows = batch.column_by_name("src_index").expect("src_index");
            let rows = rows.as_any().downcast_ref::<Int64Array>().expect("int64");
            let md5 = batch.column_by_name("md5").expect("md5");
            let md5 = md5.as_any().downcast_ref::<StringArray>().expect("utf8");
            let items = (0..batch.num_rows())
                .map(|i| format!("{}\t{}", rows.value(i), md5.value(i)))
                .collect();
            write_items(&items_path, items);
        }
        println!(
            "{{\"engine\": \"{label}\", \"rows\": {}, \"bytes\": {text_bytes}, \"seconds\": {best}, \"records\": {}}}",
            table.num_rows(),
            out.num_rows()
        );
    }
    if let Ok(path) = std::env::var("HUNTKIT_BENCH_PAYLOADS") {
        payloads_only(&path, runs);
    }
}

/// Each payload decoded on its own, for comparison with decoders that are handed the
/// payload (and told what it holds) instead of finding it in a command line.
fn payloads_only(path: &str, runs: usize) {
    let text = std::fs::read_to_string(path).expect("read the payloads");
    let payloads: Vec<&str> = text.lines().collect();
    let bytes: usize = payloads.iter().map(|p| p.len()).sum();
    let decoder = Decoder::new(&DecodeOptions::default()).expect("options");
    let mut best = f64::INFINITY;
    let mut out = Vec::new();
    for _ in 0..runs {
        let start = Instant::now();
        out = payloads.iter().map(|p| decoder.decode(p)).collect();
        best = best.min(start.elapsed().as_secs_f64());
    }
    let records: usize = out.iter().map(|d| d.records.len()).sum();
    if let Ok(items_path) = std::env::var("HUNTKIT_BENCH_PAYLOAD_ITEMS") {
        let items = out
            .iter()
            .enumerate()
            .flat_map(|(i, d)| {
                d.records
                    .iter()
                    .map(move |r| format!("{i}\t{}", r.hashes.md5))
            })
            .collect();
        write_items(&items_path, items);
    }
    println!(
        "{{\"engine\": \"huntkit native, default, payload strings only\", \"scope\": \"payloads\", \"payloads\": {}, \"bytes\": {bytes}, \"seconds\": {best}, \"records\": {records}}}",
        payloads.len()
    );
}
