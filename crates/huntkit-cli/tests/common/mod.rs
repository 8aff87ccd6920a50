//! Running the `huntkit` binary from a test, shared by the CLI tests and the
//! hostile-input suite in tests/hostile/.

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
