//! `huntkit whois` as a user runs it, against a local RDAP server on 127.0.0.1.
// A failed expectation stops a test: panicking here is the point.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;
#[path = "../../huntkit-net/tests/support/mod.rs"]
mod support;

use common::json_lines;
use support::{fixture, Reply, Server};

fn rdap() -> Server {
    Server::start(|r| match r.target.as_str() {
        "/ip/13.107.4.50" => Reply::json(200, &fixture("rdap_ip_arin.json")),
        "/autnum/8068" => Reply::json(200, &fixture("rdap_autnum_8068.json")),
        "/ip/193.0.6.139" => Reply::json(200, &fixture("rdap_ip_ripe.json")),
        // A network object that names no origin AS, as RIPE's and APNIC's do not.
        "/ip/1.128.0.1" => Reply::json(200, &fixture("rdap_ip_ripe.json")),
        _ => Reply::json(404, &fixture("rdap_404.json")),
    })
}

#[test]
fn one_address_on_the_command_line() {
    let server = rdap();
    let (out, _) = common::run(
        &[
            "whois",
            "13.107.4.50",
            "--rdap-base",
            &server.base,
            "--format",
            "json",
        ],
        b"",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows = json_lines(&out);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["query"], "13.107.4.50");
    assert_eq!(rows[0]["asn"], "8068, 8075");
    assert_eq!(rows[0]["asn_description"], "MICROSOFT-CORP-MSN-AS-BLOCK");
    assert_eq!(rows[0]["network_cidr"], "13.104.0.0/14");
    assert_eq!(rows[0]["registrant"], "Microsoft Corporation");
    assert_eq!(rows[0]["abuse_contact"], "abuse@microsoft.com");
    assert_eq!(rows[0]["status"], "ok");
}

#[test]
fn a_column_of_a_table_one_row_per_input_row() {
    let server = rdap();
    let csv = b"src,n\n193.0.6.139,1\n10.0.0.1,2\n8.8.4.4,3\n";
    let (out, _) = common::run(
        &[
            "whois",
            "-",
            "--column",
            "src",
            "--rdap-base",
            &server.base,
            "--format",
            "json",
        ],
        csv,
    );
    let rows = json_lines(&out);
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0]["abuse_contact"], "abuse@ripe.net");
    assert_eq!(rows[0]["country"], "NL");
    assert_eq!(rows[1]["status"], "not_public");
    assert_eq!(rows[2]["status"], "http_status");
    // The private address was never sent.
    assert_eq!(server.count(), 2);
}

#[test]
fn a_bootstrap_file_replaces_the_bundled_one() {
    let server = rdap();
    let dir = std::env::temp_dir().join(format!("huntkit-whois-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let ipv4 = dir.join("ipv4.json");
    std::fs::write(
        &ipv4,
        format!(
            r#"{{"version":"1.0","publication":"2025-01-01T00:00:00Z","services":[[["193.0.0.0/8"],["{}/"]]]}}"#,
            server.base
        ),
    )
    .unwrap();
    let (out, _) = common::run(
        &[
            "whois",
            "--bootstrap",
            ipv4.to_str().unwrap(),
            "--format",
            "csv",
        ],
        b"193.0.6.139\n",
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("query,asn,asn_description"), "{text}");
    assert!(text.contains("abuse@ripe.net"), "{text}");
    let bad = dir.join("bad.json");
    std::fs::write(&bad, "{\"services\": 3}").unwrap();
    let (out, _) = common::run(
        &["whois", "8.8.8.8", "--bootstrap", bad.to_str().unwrap()],
        b"",
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("invalid_bootstrap"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_bad_rdap_base_is_bad_usage() {
    let (out, _) = common::run(&["whois", "8.8.8.8", "--rdap-base", "ftp://x"], b"");
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_config_file_with_a_key_in_the_wrong_place_is_refused_without_echoing_it() {
    let dir = std::env::temp_dir().join(format!("huntkit-netcfg-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let cfg = dir.join("net.json");
    std::fs::write(
        &cfg,
        r#"{"providers": {"vt": {"base_url": "SECRET-KEY-123456"}}}"#,
    )
    .unwrap();
    let (out, _) = common::run(
        &["whois", "8.8.8.8", "--net-config", cfg.to_str().unwrap()],
        b"",
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert!(err.contains("invalid_config"), "{err}");
    assert!(!err.contains("SECRET-KEY"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn an_asn_database_fills_the_asn_a_registry_does_not_name() {
    let server = rdap();
    let db = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../huntkit-geoip/tests/data/GeoLite2-ASN-Test.mmdb"
    );
    let run = |extra: &[&str]| {
        let mut args = vec![
            "whois",
            "-",
            "--rdap-base",
            server.base.as_str(),
            "--format",
            "json",
        ];
        args.extend_from_slice(extra);
        let (out, _) = common::run(&args, b"1.128.0.1\n13.107.4.50\n");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        json_lines(&out)
    };
    assert_eq!(run(&[])[0]["asn"], serde_json::Value::Null);
    let rows = run(&["--asn-db", db]);
    assert_eq!(rows[0]["asn"], "1221");
    assert_eq!(rows[0]["asn_description"], "Telstra Pty Ltd");
    assert_eq!(rows[0]["abuse_contact"], "abuse@ripe.net");
    assert_eq!(rows[1]["asn"], "8068, 8075", "a registry's ASN is kept");
    let (bad, _) = common::run(
        &["whois", "1.128.0.1", "--asn-db", "/nonexistent.mmdb"],
        b"",
    );
    assert_eq!(bad.status.code(), Some(1));
}
