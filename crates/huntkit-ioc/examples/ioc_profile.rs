//! Where table mode's time goes, over a file's `text` column (any format the core reads).
//!
//! `ioc_profile FILE` times each type alone, then all of them; `ioc_profile FILE
//! ipv4,dns,url` times that set of types (best of five), in MB/s of text.
use huntkit_ioc::{Extractor, Options};
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).unwrap_or_default();
    let set = std::env::args().nth(2);
    let bytes = std::fs::read(&path)?;
    let table = huntkit_core::read(&bytes, &huntkit_core::ReadOptions::default())?;
    let col = table.str_column("text")?;
    let text_bytes: usize = (0..table.num_rows())
        .map(|r| col.get(r).map_or(0, |s| s.len() + 1))
        .sum();
    let time = |types: Option<Vec<String>>,
                runs: usize|
     -> Result<(f64, usize), Box<dyn std::error::Error>> {
        let ex = Extractor::new(Options {
            types,
            ..Options::default()
        })?;
        let mut best = f64::MAX;
        let mut rows = 0;
        for _ in 0..runs {
            let s = Instant::now();
            rows = ex.extract_table(&table, &["text"])?.num_rows();
            best = best.min(s.elapsed().as_secs_f64());
        }
        Ok((best, rows))
    };
    let report = |name: &str, (secs, rows): (f64, usize)| {
        let mbs = text_bytes as f64 / secs / 1e6;
        println!("{name:<40} {secs:>8.3}s {mbs:>8.1} MB/s rows {rows}");
    };
    if let Some(set) = set {
        let types: Vec<String> = set.split(',').map(str::to_string).collect();
        report(&set, time(Some(types), 5)?);
        return Ok(());
    }
    let all = Extractor::new(Options::default())?;
    for t in all.type_names() {
        report(t, time(Some(vec![t.to_string()]), 1)?);
    }
    report("ALL", time(None, 1)?);
    Ok(())
}
