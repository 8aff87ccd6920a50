//! `huntkit ti --provider` as a user runs it, against a local HTTP server on 127.0.0.1
//! answering as the services document (crates/huntkit-net/tests/fixtures).
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

use std::process::{Command, Stdio};

use common::json_lines;
use support::{fixture, Reply, Server};

const KEY: &str = "CLI-K3Y-very-secret-0123456789";

fn services() -> Server {
    Server::start(|r| match r.target.as_str() {
        "/v3/community/203.0.113.9" => Reply::json(200, &fixture("greynoise_community.json")),
        "/api/v2/check?ipAddress=203.0.113.9&maxAgeInDays=90" => {
            Reply::json(200, &fixture("abuseipdb_check.json"))
        }
        _ => Reply::json(404, &fixture("greynoise_404.json")),
    })
}

fn config_file(server: &Server, tag: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("huntkit-ti-online-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("net.json");
    let cfg = serde_json::json!({
        "providers": {
            "greynoise": {"baseUrl": server.base, "requestsPerMinute": 0},
            "abuseipdb": {"baseUrl": server.base, "requestsPerMinute": 0}
        }
    });
    std::fs::write(&path, cfg.to_string()).unwrap();
    path
}

/// Runs `huntkit ARGS` with `HUNTKIT_ABUSEIPDB_KEY` set (or removed).
fn run_with_key(args: &[&str], key: Option<&str>) -> std::process::Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_huntkit"));
    cmd.args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .env_remove("HUNTKIT_VT_KEY")
        .env_remove("HUNTKIT_GREYNOISE_KEY");
    match key {
        Some(k) => cmd.env("HUNTKIT_ABUSEIPDB_KEY", k),
        None => cmd.env_remove("HUNTKIT_ABUSEIPDB_KEY"),
    };
    cmd.output().unwrap()
}

#[test]
fn providers_from_the_command_line_keys_from_the_environment() {
    let server = services();
    let cfg = config_file(&server, "env");
    let out = run_with_key(
        &[
            "ti",
            "203.0.113.9",
            "--provider",
            "gn",
            "--provider",
            "abuseipdb",
            "--net-config",
            cfg.to_str().unwrap(),
            "--format",
            "json",
        ],
        Some(KEY),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows = json_lines(&out);
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["Provider"], "GreyNoise");
    assert_eq!(rows[0]["Severity"], "high");
    assert_eq!(rows[1]["Provider"], "AbuseIPDB");
    assert_eq!(rows[1]["Result"], true);
    let key_seen = server.all().iter().any(|r| r.header("Key") == Some(KEY));
    assert!(key_seen, "the AbuseIPDB request carried the key");
    assert!(!String::from_utf8_lossy(&out.stdout).contains(KEY));
    let _ = std::fs::remove_dir_all(cfg.parent().unwrap());
}

#[test]
fn a_missing_key_is_a_row_and_an_unknown_provider_bad_usage() {
    let server = services();
    let cfg = config_file(&server, "nokey");
    let out = run_with_key(
        &[
            "ti",
            "203.0.113.9",
            "--provider",
            "abuseipdb",
            "--net-config",
            cfg.to_str().unwrap(),
            "--format",
            "json",
        ],
        None,
    );
    let rows = json_lines(&out);
    let details: serde_json::Value =
        serde_json::from_str(rows[0]["Details"].as_str().unwrap()).unwrap();
    assert_eq!(details["error"], "missing_api_key");
    assert_eq!(server.count(), 0);
    let out = run_with_key(&["ti", "203.0.113.9", "--provider", "nosuch"], None);
    assert_eq!(out.status.code(), Some(2));
    let _ = std::fs::remove_dir_all(cfg.parent().unwrap());
}
