//! The table mode on `huntkit-core` tables: Arrow IPC and CSV in, input rows plus the
//! tree columns out.
// A failed expectation stops a test or benchmark: panicking here is the point.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;
use common::summary;
use huntkit_core::{read, write, Format, ReadOptions, Table};
use huntkit_proctree::{build_table, Compat, Options, SchemaKind, TREE_COLUMNS};

fn data(name: &str) -> Table {
    let path = format!("{}/../../examples/data/{name}", env!("CARGO_MANIFEST_DIR"));
    read(&std::fs::read(path).unwrap(), &ReadOptions::default()).unwrap()
}

#[test]
fn arrow_and_csv_inputs_match_msticpy_counts() {
    for (file, kind, expected) in [
        (
            "win_proc_test.arrow",
            SchemaKind::Windows,
            summary(1010, 10, 815, 185, 7),
        ),
        (
            "win_proc_test.csv",
            SchemaKind::Windows,
            summary(1010, 10, 815, 185, 7),
        ),
        (
            "linux_proc_test.arrow",
            SchemaKind::Linux,
            summary(1029, 29, 497, 503, 5),
        ),
    ] {
        for compat in [Compat::Huntkit, Compat::Msticpy] {
            let built = build_table(
                &data(file),
                &Options {
                    compat,
                    ..Options::default()
                },
            )
            .unwrap();
            assert_eq!(built.tree.kind, kind, "{file}");
            assert_eq!(built.tree.summary(), expected, "{file} {compat:?}");
            assert_eq!(built.table.num_rows(), expected.processes);
        }
    }
}

#[test]
fn output_is_input_rows_plus_tree_columns_in_reading_order() {
    let input = data("win_proc_test.arrow");
    let built = build_table(&input, &Options::default()).unwrap();
    let out = &built.table;
    let names = out.column_names();
    for c in input
        .column_names()
        .iter()
        .map(String::as_str)
        .chain(TREE_COLUMNS)
    {
        assert!(names.iter().any(|n| n == c), "{c} missing");
    }
    // Input columns keep their types.
    for c in input.column_names() {
        assert_eq!(
            out.data_type(&c).unwrap(),
            input.data_type(&c).unwrap(),
            "{c}"
        );
    }
    let paths = out.str_column("path").unwrap();
    let paths: Vec<&str> = paths.iter().map(Option::unwrap).collect();
    assert!(paths.windows(2).all(|w| w[0] < w[1]));

    // Synthesised parents show their name, id, time and host in the input's columns.
    let row = built
        .tree
        .by_key("c:\\windows\\system32\\svchost.exe|0x270|1970-01-01 00:00:00.000000")
        .unwrap();
    assert_eq!(
        out.str_column("NewProcessName").unwrap().get(row),
        Some("C:\\Windows\\System32\\svchost.exe")
    );
    assert_eq!(
        out.str_column("NewProcessId").unwrap().get(row),
        Some("0x270")
    );
    assert_eq!(out.timestamps("TimeGenerated").unwrap()[row], Some(0));
    assert_eq!(
        out.str_column("Computer").unwrap().get(row),
        Some("MSTICAlertsWin1")
    );
    assert_eq!(
        out.str_column("flags").unwrap().get(row),
        Some("synthesized")
    );
    assert_eq!(out.str_column("source_row").unwrap().get(row), None);
    assert_eq!(out.str_column("IsRoot").unwrap().get(row), Some("true"));

    // Each real row is the input row it came from.
    let src_rows = out.ints("source_row").unwrap();
    let cmd_in = input.str_column("CommandLine").unwrap();
    let cmd_out = out.str_column("CommandLine").unwrap();
    for (i, r) in src_rows.iter().enumerate() {
        if let Some(r) = r {
            assert_eq!(cmd_out.get(i), cmd_in.get(*r as usize));
        }
    }
    assert!(out.str_column("EffectiveLogonId").unwrap().get(1).is_some());
}

#[test]
fn a_built_table_can_be_built_again() {
    let once = build_table(&data("linux_proc_test.arrow"), &Options::default()).unwrap();
    let bytes = write(&once.table, Format::ArrowStream).unwrap();
    let again_in = read(&bytes, &ReadOptions::default()).unwrap();
    let again = build_table(&again_in, &Options::default()).unwrap();
    // The synthesised parents are events now; their own parents are synthesised.
    assert_eq!(again.tree.summary().processes, 1029);
    assert_eq!(
        again.table.column_names().len(),
        once.table.column_names().len()
    );
}

#[test]
fn small_windows_tree_from_the_viewer_data() {
    let built = build_table(&data("process_tree.arrow"), &Options::default()).unwrap();
    assert_eq!(built.tree.kind, SchemaKind::Windows);
    let s = built.tree.summary();
    assert_eq!(s.processes, built.table.num_rows());
    assert!(s.root_processes >= 1);
    let text = built.tree.to_text(&Default::default());
    assert!(text.contains("regsvr32"));
}
