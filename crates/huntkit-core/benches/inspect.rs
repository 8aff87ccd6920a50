//! Native `read_owned` + `inspect` throughput on the files named in `HUNTKIT_BENCH_FILES`
//! (colon-separated). Prints one JSON object per file: the best of `HUNTKIT_BENCH_RUNS`.
//! Run by `bench/core/run.sh`, which compares it with wasm and pyarrow/pandas.
//!
//! The bytes are handed over as the CLI hands over a file it has read (a copy is made
//! for each run, before its clock starts), so Arrow is read where it lies.
// A failed expectation stops a test or benchmark: panicking here is the point.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::time::Instant;

fn main() {
    let files = std::env::var("HUNTKIT_BENCH_FILES").unwrap_or_default();
    let runs: usize = std::env::var("HUNTKIT_BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(3);
    for path in files.split(':').filter(|p| !p.is_empty()) {
        let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let mut best = f64::INFINITY;
        let mut rows = 0;
        for _ in 0..runs {
            let owned = bytes.clone();
            let t0 = Instant::now();
            let table = huntkit_core::read_owned(owned, &Default::default())
                .unwrap_or_else(|e| panic!("{path}: {e}"));
            let info = huntkit_core::inspect(&table).unwrap_or_else(|e| panic!("{path}: {e}"));
            best = best.min(t0.elapsed().as_secs_f64());
            rows = info.rows;
        }
        println!(
            "{{\"file\":{path:?},\"bytes\":{},\"rows\":{rows},\"seconds\":{best}}}",
            bytes.len()
        );
    }
}
