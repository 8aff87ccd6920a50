//! Prints what the extractor finds in each line of standard input (both modes).
use huntkit_ioc::{Compat, Extractor, Options};
use std::io::BufRead;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let fixed = Extractor::new(Options {
        include_paths: true,
        ..Options::default()
    })?;
    let mp = Extractor::new(Options {
        compat: Compat::Msticpy,
        include_paths: true,
        ..Options::default()
    })?;
    for line in std::io::stdin().lock().lines() {
        let line = line?;
        println!("== {line}");
        println!("  huntkit: {:?}", fixed.extract(&line));
        println!("  msticpy: {:?}", mp.extract(&line));
    }
    Ok(())
}
