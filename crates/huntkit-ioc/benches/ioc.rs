//! Benchmark (not a timed test): table mode over a CSV corpus, and string mode on
//! hostile text against ordinary text of the same size.
//!
//! `IOC_BENCH_CORPUS=corpus.csv IOC_BENCH_OUT=dir cargo bench -p huntkit-ioc --bench ioc`
//! prints one JSON object; `bench/ioc/run.sh` drives it. Without a corpus it uses
//! MSTICPy's process data from examples/data.
// A failed expectation stops a test or benchmark: panicking here is the point.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use huntkit_core::arrow::array::{Array, StringArray};
use huntkit_ioc::{Compat, Extractor, Options};
use std::collections::BTreeMap;
use std::time::Instant;

fn counts(out: &huntkit_core::Table) -> BTreeMap<String, usize> {
    let mut c = BTreeMap::new();
    if let Ok(b) = out.to_batch() {
        if let Some(col) = b.column(0).as_any().downcast_ref::<StringArray>() {
            for i in 0..col.len() {
                *c.entry(col.value(i).to_string()).or_insert(0) += 1;
            }
        }
    }
    c
}

fn best_of<T>(runs: usize, mut f: impl FnMut() -> T) -> (f64, T) {
    let mut best = f64::MAX;
    let mut last = None;
    for _ in 0..runs.max(1) {
        let t = Instant::now();
        let v = f();
        best = best.min(t.elapsed().as_secs_f64());
        last = Some(v);
    }
    (best, last.expect("at least one run"))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::var("IOC_BENCH_CORPUS").unwrap_or_else(|_| {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../examples/data/processes_on_host.csv"
        )
        .into()
    });
    let column = std::env::var("IOC_BENCH_COLUMN").unwrap_or_else(|_| "text".into());
    let out_dir = std::env::var("IOC_BENCH_OUT").ok();
    let runs: usize = std::env::var("IOC_BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(3);
    let bytes = std::fs::read(&path)?;
    let table = huntkit_core::read(&bytes, &huntkit_core::ReadOptions::default())?;
    let col = table.str_column(&column)?;
    let text_bytes: usize = col.iter().flatten().map(|s| s.len() + 1).sum();
    let mb = text_bytes as f64 / 1e6;

    let mut report = serde_json::Map::new();
    report.insert("mb".into(), mb.into());
    report.insert("rows".into(), table.num_rows().into());
    for (name, compat) in [
        ("huntkit", Compat::Huntkit),
        ("huntkit_compat", Compat::Msticpy),
    ] {
        let ex = Extractor::new(Options {
            compat,
            ..Options::default()
        })?;
        let (secs, out) = best_of(runs, || ex.extract_table(&table, &[column.as_str()]));
        let out = out?;
        if let Some(dir) = &out_dir {
            let csv = huntkit_core::write(&out, huntkit_core::Format::Csv)?;
            std::fs::write(format!("{dir}/{name}_out.csv"), csv)?;
        }
        report.insert(
            name.into(),
            serde_json::json!({ "seconds": secs, "mb_per_s": mb / secs, "counts": counts(&out) }),
        );
    }

    // Hostile text against ordinary text of the same size, string mode.
    let ordinary: String = {
        let mut s = String::with_capacity(text_bytes + 1);
        for v in col.iter().flatten() {
            s.push_str(v);
            s.push('\n');
        }
        s
    };
    let size = ordinary.len().min(10_000_000);
    let mut cut = size;
    while !ordinary.is_char_boundary(cut) {
        cut -= 1;
    }
    let ordinary = ordinary.get(..cut).unwrap_or_default().to_string();
    let fill = |unit: &str| {
        unit.repeat(size / unit.len().max(1) + 1)
            .get(..size)
            .unwrap_or_default()
            .to_string()
    };
    let no_spaces: String = ordinary.chars().filter(|c| !c.is_whitespace()).collect();
    let hostile: Vec<(&str, String)> = vec![
        ("ordinary text", ordinary.clone()),
        ("one line without spaces", no_spaces),
        ("dots", fill(".")),
        ("labels and dots", fill("a.")),
        ("colons", fill(":")),
        ("hex and colons", fill("a1:")),
        ("repeated [.]", fill("[.]")),
        ("repeated a[.]", fill("a[.]")),
        ("digits and dots", fill("1.")),
        ("hex run", fill("a")),
        ("backslashes", fill("\\")),
        ("slashes", fill("/a")),
        ("hxxp[:]//", fill("hxxp[:]//")),
    ];
    let ex = Extractor::new(Options {
        include_paths: true,
        max_matches: usize::MAX,
        ..Options::default()
    })?;
    let mut rows = Vec::new();
    let mut base = None;
    for (name, text) in &hostile {
        let (secs, found) = best_of(runs, || ex.find(text));
        let base_secs = *base.get_or_insert(secs);
        rows.push(serde_json::json!({
            "input": name, "mb": text.len() as f64 / 1e6, "seconds": secs,
            "ratio_to_ordinary": secs / base_secs, "found": found.matches.len(),
        }));
    }
    report.insert("hostile".into(), rows.into());
    println!("{}", serde_json::Value::Object(report));
    Ok(())
}
