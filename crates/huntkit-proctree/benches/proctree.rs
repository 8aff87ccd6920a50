//! Timing of the table mode, for `bench/proctree/run.sh`.
//!
//! `cargo bench -p huntkit-proctree --bench proctree -- FILE...` reads each file (Arrow
//! IPC, CSV or JSON), builds its process trees `PROCTREE_REPEAT` times (default 3) and
//! prints one JSON line per file with the best time, excluding the read.

#[path = "../../../bench/native/common.rs"]
mod common;

use std::time::Instant;

use huntkit_proctree::{build_table, Options};

fn main() {
    let repeat: usize = std::env::var("PROCTREE_REPEAT")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3)
        .max(1);
    let files: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    for file in files {
        let table = common::read_table_or_exit(&file);
        let mut best = f64::INFINITY;
        let mut summary = None;
        for _ in 0..repeat {
            let start = Instant::now();
            match build_table(&table, &Options::default()) {
                Ok(built) => {
                    best = best.min(start.elapsed().as_secs_f64());
                    summary = Some(built.tree.summary());
                }
                Err(e) => {
                    eprintln!("{file}: {e}");
                    std::process::exit(1);
                }
            }
        }
        let s = summary.unwrap_or_default();
        println!(
            "{{\"file\":{:?},\"rows\":{},\"seconds\":{best:.6},\"processes\":{},\"roots\":{},\"leaves\":{},\"branches\":{},\"depth\":{}}}",
            file,
            table.num_rows(),
            s.processes,
            s.root_processes,
            s.leaf_processes,
            s.branch_processes,
            s.largest_tree_depth
        );
    }
}
