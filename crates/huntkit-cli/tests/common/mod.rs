//! Running the `huntkit` binary from a test, shared by the CLI tests and the
//! hostile-input suite in tests/hostile/.
// A failed expectation stops a test or benchmark: panicking here is the point.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
// Each test file uses a different part of this.
#![allow(dead_code)]

use std::io::Write;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Runs `huntkit ARGS` with `stdin` as its input; returns its output and how long it took.
pub fn run(args: &[&str], stdin: &[u8]) -> (Output, Duration) {
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_huntkit"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = child.stdin.take().unwrap();
    // A run that refuses early closes its input: a broken pipe here is expected.
    let _ = input.write_all(stdin);
    drop(input);
    let out = child.wait_with_output().unwrap();
    (out, started.elapsed())
}

/// A file of the bundled sample data (`examples/data`).
pub fn data(name: &str) -> String {
    format!("{}/../../examples/data/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// The standard output of a run that must have succeeded (its standard error otherwise).
pub fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout.clone()).unwrap()
}

/// The rows of a successful run's `--format json` output (NDJSON).
pub fn json_lines(out: &Output) -> Vec<serde_json::Value> {
    ok(out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// Two 4688 events on two hosts whose processes share an id: h2's notepad names 0x10 as
/// its parent, which on h1 is cmd; told apart by host, it is another process.
pub const TWO_HOSTS: &[u8] =
    b"TimeGenerated,Host,NewProcessName,NewProcessId,ProcessId,ParentProcessName\n\
    2024-01-01 10:00:00,h1,C:\\Windows\\cmd.exe,0x10,0x4,C:\\Windows\\explorer.exe\n\
    2024-01-01 10:00:02,h2,C:\\Windows\\notepad.exe,0x30,0x10,C:\\Windows\\cmd.exe\n";
