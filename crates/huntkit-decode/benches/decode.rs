//! The decode benchmark's native side (run by `bench/decode/run.sh`).
//!
//! Reads the table in `HUNTKIT_BENCH_FILE`, decodes its `CommandLine` column in compat mode
//! and in huntkit's mode `HUNTKIT_BENCH_RUNS` times each, prints one JSON line per mode with
//! the best time, and writes the items compat mode found (`row<TAB>md5`, sorted) to
//! `HUNTKIT_BENCH_ITEMS` for comparison with MSTICPy's.

use std::time::Instant;

use arrow::array::{Array, Int64Array, StringArray};
use huntkit_decode::{decode_table, Compat, DecodeOptions};

fn main() {
    let Ok(path) = std::env::var("HUNTKIT_BENCH_FILE") else {
        eprintln!("set HUNTKIT_BENCH_FILE to a table with a CommandLine column");
        return;
    };
    let runs: usize = std::env::var("HUNTKIT_BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(3);
    let bytes = std::fs::read(&path).expect("read the input table");
    let table = huntkit_core::read(&bytes, &huntkit_core::ReadOptions::default()).expect("parse");
    let text_bytes: usize = table
        .str_column("CommandLine")
        .expect("CommandLine column")
        .iter()
        .map(|c| c.map_or(0, str::len))
        .sum();
    for (label, compat) in [
        ("huntkit native, compat: msticpy", Compat::Msticpy),
        ("huntkit native, default", Compat::None),
    ] {
        let options = DecodeOptions {
            compat,
            ..DecodeOptions::default()
        };
        let mut best = f64::INFINITY;
        let mut out = None;
        for _ in 0..runs {
            let start = Instant::now();
            let result = decode_table(&table, "CommandLine", &options).expect("decode");
            best = best.min(start.elapsed().as_secs_f64());
            out = Some(result);
        }
        let out = out.expect("at least one run");
        if compat == Compat::Msticpy {
            if let Ok(items_path) = std::env::var("HUNTKIT_BENCH_ITEMS") {
                let batch = out.to_batch().expect("batch");
                let rows = batch.column_by_name("src_index").expect("src_index");
                let rows = rows.as_any().downcast_ref::<Int64Array>().expect("int64");
                let md5 = batch.column_by_name("md5").expect("md5");
                let md5 = md5.as_any().downcast_ref::<StringArray>().expect("utf8");
                let mut items: Vec<String> = (0..batch.num_rows())
                    .map(|i| format!("{}\t{}", rows.value(i), md5.value(i)))
                    .collect();
                items.sort();
                std::fs::write(items_path, items.join("\n") + "\n").expect("write items");
            }
        }
        println!(
            "{{\"engine\": \"{label}\", \"rows\": {}, \"bytes\": {text_bytes}, \"seconds\": {best}, \"records\": {}}}",
            table.num_rows(),
            out.num_rows()
        );
    }
}
