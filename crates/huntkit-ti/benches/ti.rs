//! Benchmark (not a timed test): local-feed matching of many indicators against a feed.
//!
//! `TI_BENCH_DIR=dir cargo bench -p huntkit-ti --bench ti` reads `dir/feed.txt`,
//! `dir/indicators.csv`, `dir/mixed_feed.txt` and `dir/mixed.csv` (made by
//! `bench/ti/make_data.py`) and prints one JSON object; `bench/ti/run.sh` drives it.
// A failed expectation stops a benchmark: panicking here is the point.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

#[path = "../../../bench/native/common.rs"]
mod common;

use huntkit_ti::{FeedOptions, FeedSet, LookupOptions};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::var("TI_BENCH_DIR").map_err(|_| "set TI_BENCH_DIR")?;
    let runs: usize = std::env::var("TI_BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(3);
    let mut report = serde_json::Map::new();
    for (name, feed_file, ind_file) in [
        ("ipv4", "feed.txt", "indicators.csv"),
        ("mixed", "mixed_feed.txt", "mixed.csv"),
    ] {
        let feed_bytes = std::fs::read(format!("{dir}/{feed_file}"))?;
        let table = common::read_table_or_exit(&format!("{dir}/{ind_file}"));
        let column = table.str_column("ioc")?;
        let values: Vec<&str> = column.iter().flatten().collect();
        let n = values.len();

        let load = common::best_of(runs, || {
            let mut feeds = FeedSet::new();
            feeds
                .add_bytes(&feed_bytes, &FeedOptions::default())
                .unwrap();
            feeds
        });
        let mut feeds = FeedSet::new();
        let summary = feeds.add_bytes(&feed_bytes, &FeedOptions::default())?;
        let hits = feeds.count_hits(values.iter().copied(), None);
        let matching = common::best_of(runs, || feeds.count_hits(values.iter().copied(), None));
        let opts = LookupOptions::default();
        let results = feeds.lookup_values(values.iter().copied(), &opts)?.len();
        let lookup = common::best_of(runs, || {
            feeds
                .lookup_values(values.iter().copied(), &opts)
                .unwrap()
                .len()
        });
        let table_opts = LookupOptions {
            column: Some("ioc".into()),
            ..LookupOptions::default()
        };
        let table_rows = feeds.lookup_table(&table, &table_opts)?.num_rows();
        let table_secs = common::best_of(runs, || feeds.lookup_table(&table, &table_opts).unwrap());
        assert_eq!(results, hits);
        assert_eq!(table_rows, hits);
        report.insert(
            name.into(),
            serde_json::json!({
                "feed_entries": summary.entries,
                "indicators": n,
                "hits": hits,
                "feed_load_seconds": load,
                "match_seconds": matching,
                "match_per_s": n as f64 / matching,
                "lookup_seconds": lookup,
                "lookup_per_s": n as f64 / lookup,
                "table_seconds": table_secs,
                "table_per_s": n as f64 / table_secs,
            }),
        );
    }
    println!("{}", serde_json::Value::Object(report));
    Ok(())
}
