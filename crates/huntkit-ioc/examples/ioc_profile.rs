//! Times each type alone over a CSV column, in table mode: where the time goes.
use huntkit_ioc::{Extractor, Options};
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).unwrap_or_default();
    let bytes = std::fs::read(&path)?;
    let table = huntkit_core::read(&bytes, &huntkit_core::ReadOptions::default())?;
    let all = Extractor::new(Options::default())?;
    for t in all.type_names() {
        let ex = Extractor::new(Options {
            types: Some(vec![t.to_string()]),
            ..Options::default()
        })?;
        let s = Instant::now();
        let out = ex.extract_table(&table, &["text"])?;
        println!(
            "{t:<18} {:>8.3}s rows {}",
            s.elapsed().as_secs_f64(),
            out.num_rows()
        );
    }
    let s = Instant::now();
    let out = all.extract_table(&table, &["text"])?;
    println!(
        "{:<18} {:>8.3}s rows {}",
        "ALL",
        s.elapsed().as_secs_f64(),
        out.num_rows()
    );
    Ok(())
}
