//! What the engines' native benchmarks (`crates/*/benches`) share: reading a file of
//! events into a table, and timing the best of several runs.
//!
//! Included with `#[path = "../../../bench/native/common.rs"] mod common;`.
#![allow(dead_code)]

use std::time::Instant;

use huntkit_core::{read, ReadOptions, Table};

/// Reads `file` (Arrow IPC, CSV or JSON) into a table; a benchmark cannot go on without
/// its input, so an unreadable file ends the run with the reason.
pub fn read_table_or_exit(file: &str) -> Table {
    let bytes = std::fs::read(file).unwrap_or_else(|e| {
        eprintln!("{file}: {e}");
        std::process::exit(1)
    });
    read(&bytes, &ReadOptions::default()).unwrap_or_else(|e| {
        eprintln!("{file}: {e}");
        std::process::exit(1)
    })
}

/// The fastest of `runs` (at least one) timed calls of `f`, in seconds.
pub fn best_of<T>(runs: usize, mut f: impl FnMut() -> T) -> f64 {
    let mut best = f64::INFINITY;
    for _ in 0..runs.max(1) {
        let start = Instant::now();
        std::hint::black_box(f());
        best = best.min(start.elapsed().as_secs_f64());
    }
    best
}
