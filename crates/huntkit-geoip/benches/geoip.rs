//! The GeoIP benchmark's native side (run by `bench/geoip/run.sh`).
//!
//! Opens the databases in `HUNTKIT_BENCH_DB` (a City or Country database) and, when set,
//! `HUNTKIT_BENCH_ASN_DB`, reads the table in `HUNTKIT_BENCH_FILE` (an `ip` column), looks
//! the column up `HUNTKIT_BENCH_RUNS` times and prints one JSON line with the best time,
//! the time to open (and verify) the databases and how many rows found a country.
// A failed expectation stops a test or benchmark: panicking here is the point.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::time::Instant;

use huntkit_geoip::{GeoIpDb, Options};

fn main() {
    let (Ok(path), Ok(db_path)) = (
        std::env::var("HUNTKIT_BENCH_FILE"),
        std::env::var("HUNTKIT_BENCH_DB"),
    ) else {
        eprintln!("set HUNTKIT_BENCH_FILE (a table with an ip column) and HUNTKIT_BENCH_DB");
        return;
    };
    let runs: usize = std::env::var("HUNTKIT_BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(3);
    let mut dbs = vec![std::fs::read(&db_path).expect("read the database")];
    if let Ok(asn) = std::env::var("HUNTKIT_BENCH_ASN_DB") {
        dbs.push(std::fs::read(asn).expect("read the ASN database"));
    }
    let start = Instant::now();
    let db = GeoIpDb::from_bytes(dbs, &Options::default()).expect("open");
    let open_seconds = start.elapsed().as_secs_f64();

    let bytes = std::fs::read(&path).expect("read the input table");
    let table = huntkit_core::read(&bytes, &huntkit_core::ReadOptions::default()).expect("parse");
    let mut best = f64::INFINITY;
    let mut out = None;
    for _ in 0..runs {
        let start = Instant::now();
        let result = db.lookup_column(&table, "ip").expect("lookup");
        best = best.min(start.elapsed().as_secs_f64());
        out = Some(result);
    }
    let out = out.expect("at least one run");
    let found = out
        .str_column("CountryCode")
        .expect("CountryCode")
        .iter()
        .filter(Option::is_some)
        .count();
    println!(
        "{{\"engine\": \"huntkit native\", \"rows\": {}, \"seconds\": {best}, \"openSeconds\": {open_seconds}, \"found\": {found}}}",
        table.num_rows()
    );
}
