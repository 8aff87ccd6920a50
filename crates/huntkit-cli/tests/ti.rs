//! `huntkit ti` against the real feeds bundled with huntkit-ti's tests.
// A failed expectation stops a test or benchmark: panicking here is the point.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::process::Output;

mod common;

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../huntkit-ti/tests/data");

fn feed(name: &str) -> String {
    format!("{DATA}/{name}")
}

fn huntkit(args: &[&str], stdin: &[u8]) -> Output {
    let o = common::run(args, stdin).0;
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    o
}

fn rows(o: &Output) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn a_single_defanged_address_on_ipsum_is_a_hit() {
    let ipsum = feed("ipsum-level3.txt");
    let o = huntkit(
        &["ti", "77.90.185[.]20", "--feed", &ipsum, "--format", "json"],
        b"",
    );
    let r = rows(&o);
    assert_eq!(r.len(), 1);
    assert_eq!(r[0]["Provider"], "ipsum-level3");
    assert_eq!(r[0]["Result"], true);
    assert_eq!(r[0]["Severity"], "high");
    assert_eq!(r[0]["IocType"], "ipv4");
    let o = huntkit(
        &["ti", "192.0.2.1", "--feed", &ipsum, "--format", "json"],
        b"",
    );
    assert!(rows(&o).is_empty());
}

#[test]
fn lines_from_stdin_with_warning_lists_and_misses() {
    let o = huntkit(
        &[
            "ti",
            "-",
            "--feed",
            &feed("ipsum-level3.txt"),
            "--feed",
            &feed("misp-warninglists/rfc1918.json"),
            "--include-misses",
            "--format",
            "json",
        ],
        b"10.1.1.1\n8.8.8.8\n\n77.90.185.20\n",
    );
    let r = rows(&o);
    // Three indicators (the empty line is skipped), two feeds each.
    assert_eq!(r.len(), 6);
    let private: Vec<_> = r.iter().filter(|x| x["Ioc"] == "10.1.1.1").collect();
    let warning = private
        .iter()
        .find(|x| x["Provider"] == "List of RFC 1918 CIDR blocks")
        .unwrap();
    assert_eq!(warning["Result"], false);
    assert_eq!(warning["Severity"], "information");
    assert!(warning["Details"]
        .as_str()
        .unwrap()
        .contains("\"warninglist\""));
    let hit = r
        .iter()
        .find(|x| x["Ioc"] == "77.90.185.20" && x["Result"] == true)
        .unwrap();
    assert_eq!(hit["SourceIndex"], 3);
}

#[test]
fn a_table_column_against_misp_and_stix_feeds() {
    let csv = b"Host,Url,SrcIp\nws1,hxxps://login-secure[.]example/owa/auth.php,203.0.113.66\nws2,http://ok.example/,198.51.100.7\n";
    let o = huntkit(
        &[
            "ti",
            "-",
            "--column",
            "SrcIp",
            "--feed",
            &feed("misp-event.json"),
            "--feed",
            &feed("stix-bundle.json"),
            "--format",
            "json",
        ],
        csv,
    );
    let r = rows(&o);
    assert_eq!(r.len(), 2, "{r:?}");
    assert_eq!(r[0]["Provider"], "Phishing campaign against finance staff");
    assert_eq!(r[1]["Provider"], "stix-bundle");
    assert_eq!(r[1]["Severity"], "warning");
    let o = huntkit(
        &[
            "ti",
            "-",
            "--column",
            "Url",
            "--feed",
            &feed("misp-event.json"),
            "--format",
            "csv",
        ],
        csv,
    );
    let text = String::from_utf8(o.stdout).unwrap();
    assert_eq!(text.lines().count(), 2, "{text}");
    assert!(text.contains("hxxps://login-secure[.]example/owa/auth.php,url,"));
}

#[test]
fn csv_feed_mapping_flags() {
    let o = huntkit(
        &[
            "ti",
            "bad-updates.example",
            "--feed",
            &feed("indicators.csv"),
            "--feed-value-column",
            "indicator",
            "--feed-type-column",
            "type",
            "--feed-score-column",
            "confidence",
            "--high-score",
            "30",
            "--format",
            "json",
        ],
        b"",
    );
    let r = rows(&o);
    assert_eq!(r[0]["Severity"], "high");
    assert!(r[0]["Details"].as_str().unwrap().contains("Example botnet"));
}

#[test]
fn bad_feeds_and_flags_are_coded_errors() {
    let (o, _) = common::run(
        &[
            "ti",
            "1.2.3.4",
            "--feed",
            &feed("misp-event.json"),
            "--feed-kind",
            "stix",
        ],
        b"",
    );
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("error[invalid_feed]"), "{err}");

    let (o, _) = common::run(&["ti", "-", "--feed", "-"], b"{\"objects\": [");
    assert_eq!(o.status.code(), Some(1));

    let big = feed("ipsum-level3.txt");
    let (o, _) = common::run(
        &["ti", "1.2.3.4", "--feed", &big, "--max-feed-bytes", "1000"],
        b"",
    );
    assert!(String::from_utf8_lossy(&o.stderr).contains("error[limit_exceeded]"));

    let (o, _) = common::run(&["ti", "1.2.3.4"], b"");
    assert_eq!(o.status.code(), Some(2));
    let (o, _) = common::run(
        &["ti", "1.2.3.4", "--feed", &big, "--ioc-type", "bogus"],
        b"",
    );
    assert_eq!(o.status.code(), Some(2));
    let (o, _) = common::run(
        &[
            "ti",
            "1.2.3.4",
            "--feed",
            &big,
            "--feed",
            &big,
            "--feed-kind",
            "plain",
            "--feed-kind",
            "plain",
            "--feed-kind",
            "csv",
        ],
        b"",
    );
    assert_eq!(o.status.code(), Some(2));
}
