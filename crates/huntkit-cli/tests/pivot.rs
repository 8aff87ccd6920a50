//! `huntkit pivot`: listing, help, values and tables in, joins, alerts, and errors.
// A failed expectation stops a test or benchmark: panicking here is the point.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

fn rows(stdout: &[u8]) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn ok(args: &[&str], stdin: &[u8]) -> Vec<serde_json::Value> {
    let (o, _) = common::run(args, stdin);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    rows(&o.stdout)
}

const FLOWS: &[u8] = b"SrcIP,Bytes\n104.211.30.1,10\n192.168.0.1,20\n127.0.0.1,30\n";

#[test]
fn list_and_help() {
    let all = ok(&["pivot", "list", "--format", "json"], b"");
    assert!(all
        .iter()
        .any(|r| r["entity"] == "IpAddress" && r["pivot"] == "ip_type"));
    assert!(all
        .iter()
        .any(|r| r["entity"] == "Process" && r["pivot"] == "extract_iocs"));
    let ip = ok(&["pivot", "list", "ip", "--format", "json"], b"");
    assert!(ip.iter().all(|r| r["entity"] == "IpAddress"));
    let (o, _) = common::run(&["pivot", "help", "IpAddress", "ip_type"], b"");
    assert!(o.status.success());
    assert!(String::from_utf8_lossy(&o.stdout).contains("Link Local"));
}

#[test]
fn ip_type_on_a_column_joined_left() {
    let out = ok(
        &[
            "pivot",
            "IpAddress",
            "ip_type",
            "-",
            "--column",
            "SrcIP",
            "--join",
            "left",
            "--format",
            "json",
        ],
        FLOWS,
    );
    let got: Vec<(&str, &str)> = out
        .iter()
        .map(|r| (r["SrcIP"].as_str().unwrap(), r["result"].as_str().unwrap()))
        .collect();
    assert_eq!(
        got,
        [
            ("104.211.30.1", "Public"),
            ("192.168.0.1", "Private"),
            ("127.0.0.1", "Loopback")
        ]
    );
    assert_eq!(out[0]["Bytes"], 10);
    let plain = ok(
        &[
            "pivot",
            "IpAddress",
            "ip_type",
            "-",
            "--column",
            "SrcIP",
            "--format",
            "json",
        ],
        FLOWS,
    );
    assert_eq!(plain[2]["ip"], "127.0.0.1");
    assert_eq!(plain[2]["src_row_index"], 2);
}

#[test]
fn values_engines_and_alerts() {
    let out = ok(
        &[
            "pivot",
            "Url",
            "url_components",
            "--value",
            "https://www.contoso.com/path#frag?query=xxx",
            "--format",
            "json",
        ],
        b"",
    );
    assert_eq!(out[0]["host"], "www.contoso.com");
    assert_eq!(out[0]["fragment"], "frag?query=xxx");
    let out = ok(
        &[
            "pivot",
            "Url",
            "extract_iocs",
            "--value",
            "https://www.contoso.com/path?p1=test",
            "--options",
            r#"{"types":["dns"]}"#,
            "--format",
            "json",
        ],
        b"",
    );
    assert_eq!(out[0]["Observable"], "www.contoso.com");
    let alert = format!(
        "{}/../huntkit-entities/tests/data/sentinel_alert.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let out = ok(&["pivot", "alert", &alert, "--format", "json"], b"");
    assert_eq!(out[0]["Type"], "Alert");
    assert!(out
        .iter()
        .any(|r| r["Type"] == "IpAddress" && r["Value"] == "40.77.232.95"));
}

#[test]
fn errors_are_coded() {
    let (o, _) = common::run(&["pivot", "IpAddress", "nope", "--value", "1.1.1.1"], b"");
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("unknown_pivot"));
    let (o, _) = common::run(
        &["pivot", "IpAddress", "ip_type", "-", "--column", "Nope"],
        FLOWS,
    );
    assert!(String::from_utf8_lossy(&o.stderr).contains("column_not_found"));
    let (o, _) = common::run(
        &[
            "pivot",
            "Url",
            "extract_iocs",
            "--value",
            "x",
            "--options",
            "{bad",
        ],
        b"",
    );
    assert_eq!(o.status.code(), Some(2));
    let (o, _) = common::run(&["pivot", "alert", "-"], b"[1]");
    assert!(String::from_utf8_lossy(&o.stderr).contains("invalid_json"));
}
