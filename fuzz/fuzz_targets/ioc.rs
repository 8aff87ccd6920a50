//! Fuzz the IoC extractor: arbitrary text in string mode (both modes, all types, paths
//! included) and arbitrary bytes as a table in table mode. Nothing may panic, every span
//! must lie on character boundaries of the input, and `raw` must be the text at the span.
#![no_main]

use huntkit_core::{read, ReadOptions};
use huntkit_ioc::{Compat, DefangMode, Extractor, Options};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn extractors() -> &'static [Extractor] {
    static EX: OnceLock<Vec<Extractor>> = OnceLock::new();
    EX.get_or_init(|| {
        let mut v = Vec::new();
        for compat in [Compat::Huntkit, Compat::Msticpy] {
            for defang in [DefangMode::All, DefangMode::Fanged] {
                let o = Options { compat, defang, include_paths: true, ..Options::default() };
                if let Ok(e) = Extractor::new(o) {
                    v.push(e);
                }
            }
        }
        v
    })
}

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        for ex in extractors() {
            for m in ex.find(text).matches {
                assert_eq!(text.get(m.start..m.end), Some(m.raw.as_str()));
                assert!(!m.value.is_empty());
            }
        }
    }
    if let Ok(table) = read(data, &ReadOptions::default()) {
        let names = table.column_names();
        let cols: Vec<&str> = names.iter().map(String::as_str).collect();
        if let Some(ex) = extractors().first() {
            let _ = ex.extract_table(&table, &cols);
        }
    }
});
