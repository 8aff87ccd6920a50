//! Timeline benchmark: read a table, index it, then the per-frame queries of the view.
//!
//! `HK_BENCH_INPUT=events.csv cargo bench -p huntkit-timeline --bench timeline` prints one
//! JSON object with the seconds each stage took. Without an input it generates
//! `HK_BENCH_ROWS` (default 1 000 000) synthetic events in memory.
// A failed expectation stops a test or benchmark: panicking here is the point.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
use std::time::Instant;

use huntkit_timeline::{assign_keys, Timeline, TimelineOptions};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let options = TimelineOptions {
        group_by: vec!["Account".into()],
        ..TimelineOptions::default()
    };
    let (read_s, bytes, timeline) = match std::env::var("HK_BENCH_INPUT") {
        Ok(path) => {
            let bytes = std::fs::read(&path)?;
            let t = Instant::now();
            let table = huntkit_core::read(&bytes, &huntkit_core::ReadOptions::default())?;
            let read_s = t.elapsed().as_secs_f64();
            let t = Instant::now();
            let timeline = Timeline::from_table(&table, &options)?;
            (read_s, bytes.len(), (t.elapsed().as_secs_f64(), timeline))
        }
        Err(_) => {
            let rows: usize = std::env::var("HK_BENCH_ROWS")
                .ok()
                .and_then(|v| v.parse().ok())
                .unwrap_or(1_000_000);
            let mut seed = 42u64;
            let mut times = Vec::with_capacity(rows);
            let mut accounts = Vec::with_capacity(rows);
            let mut next = || {
                seed = seed
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                seed >> 33
            };
            for _ in 0..rows {
                // One day of events over eight accounts.
                let offset = ((next() << 16) ^ next()) as i64 % 86_400_000_000_000;
                times.push(Some(1_700_000_000_000_000_000 + offset));
                let names = [
                    "alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi",
                ];
                accounts.push(Some(std::borrow::Cow::Borrowed(names[next() as usize % 8])));
            }
            let t = Instant::now();
            let lanes = assign_keys(accounts, 10_000);
            let timeline = Timeline::from_parts(&times, Some(lanes), None, None, None, &options)?;
            (0.0, 0, (t.elapsed().as_secs_f64(), timeline))
        }
    };
    let (index_s, timeline) = timeline;
    let (lo, hi) = timeline.index.padded_extent(0.1).ok_or("no events")?;

    let t = Instant::now();
    let first = timeline.index.bin(lo, hi, 900, &[])?;
    let first_frame_s = t.elapsed().as_secs_f64();

    // 100 frames of a zoom from the whole range down to a thousandth of it.
    let t = Instant::now();
    let mut bins = 0usize;
    for step in 0..100 {
        let span = (hi - lo) as f64 * 0.933_f64.powi(step);
        let mid = lo + (hi - lo) / 2;
        let half = (span / 2.0) as i64;
        bins += timeline
            .index
            .bin(mid - half, mid + half, 900, &[])?
            .lane
            .len();
    }
    let zoom_frame_s = t.elapsed().as_secs_f64() / 100.0;

    let t = Instant::now();
    let sel = timeline
        .index
        .select(lo + (hi - lo) / 4, hi - (hi - lo) / 4, &[]);
    let select_s = t.elapsed().as_secs_f64();

    let t = Instant::now();
    let mut hits = 0usize;
    for k in 0..1000i64 {
        hits += timeline
            .index
            .hit((k % 8) as u32, lo + (hi - lo) / 1000 * k, 60_000_000_000, 5)
            .len();
    }
    let hit_s = t.elapsed().as_secs_f64() / 1000.0;

    println!(
        "{{\"rows\":{},\"bytes\":{},\"read_s\":{read_s:.6},\"index_s\":{index_s:.6},\"first_frame_s\":{first_frame_s:.6},\"first_frame_bins\":{},\"zoom_frame_s\":{zoom_frame_s:.7},\"zoom_bins\":{bins},\"select_s\":{select_s:.6},\"selected\":{},\"hit_s\":{hit_s:.8},\"hits\":{hits}}}",
        timeline.rows,
        bytes,
        first.lane.len(),
        sel.total,
    );
    Ok(())
}
