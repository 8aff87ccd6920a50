//! Fuzz the process-tree engine: arbitrary bytes as process events (CSV, JSON or Arrow),
//! built under every schema and both modes, with the tree operations and text rendering
//! run over the result. Nothing may panic or hang; every failure must be a typed error.
#![no_main]

use huntkit_core::{read, ReadOptions};
use huntkit_proctree::{build, build_table, Compat, Events, MissingTime, Options, TextOptions};
use libfuzzer_sys::fuzz_target;

const SCHEMAS: [&str; 8] = ["auto", "windows", "linux", "mde", "mde-internal", "sysmon", "osquery", "hx"];

fn exercise(tree: &huntkit_proctree::ProcessTree) {
    let _ = tree.summary();
    let _ = tree.nested();
    let _ = tree.to_text(&TextOptions::default());
    for n in 0..tree.len().min(16) {
        let _ = tree.descendants(n, true, None);
        let _ = tree.ancestors(n, true);
        let _ = tree.siblings(n, false);
        let _ = tree.root_tree(n);
        if let Some(key) = tree.proc_key(n) {
            assert_eq!(tree.by_key(key).map(|k| tree.proc_key(k)), Some(Some(key)));
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let (head, rest) = data.split_at(data.len().min(1));
    let b = head.first().copied().unwrap_or(0);
    let opts = Options {
        schema: SCHEMAS[usize::from(b % 8)].to_string(),
        compat: if b & 8 != 0 { Compat::Msticpy } else { Compat::Huntkit },
        missing_time: [MissingTime::Flag, MissingTime::Drop, MissingTime::Error][usize::from(b >> 4) % 3],
        max_rows: 10_000,
        max_depth: usize::from(b >> 6) * 4 + 1,
        max_path_bytes: 1 << 20,
        ..Options::default()
    };
    let read_opts = ReadOptions {
        max_bytes: 1 << 20,
        ..ReadOptions::default()
    };
    if let Ok(table) = read(rest, &read_opts) {
        if let Ok(built) = build_table(&table, &opts) {
            exercise(&built.tree);
        }
    }
    if let Ok(events) = Events::from_csv(rest, 10_000) {
        if let Ok(tree) = build(&events, &opts) {
            exercise(&tree);
        }
    }
});
