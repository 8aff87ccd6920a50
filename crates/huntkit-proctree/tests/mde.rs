//! Defender for Endpoint: the public `DeviceProcessEvents` schema on a hand-made fixture,
//! and the internal schema against MSTICPy's expectations.
// A failed expectation stops a test or benchmark: panicking here is the point.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use huntkit_core::ErrorCode;
use huntkit_proctree::{build, flags, Compat, Events, Options, SchemaKind, Summary};

const PUBLIC: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/data/mde_device_process_events.csv"
);
const INTERNAL: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/data/mde_proc_cs1_slim.csv"
);

fn events(path: &str) -> Events {
    Events::from_csv(&std::fs::read(path).unwrap(), 1_000_000).unwrap()
}

fn keys(tree: &huntkit_proctree::ProcessTree, nodes: &[usize]) -> Vec<String> {
    nodes
        .iter()
        .map(|&n| tree.proc_key(n).unwrap().to_string())
        .collect()
}

#[test]
fn device_process_events_build_per_host_trees() {
    let tree = build(&events(PUBLIC), &Options::default()).unwrap();
    assert_eq!(tree.kind, SchemaKind::Mde);
    assert_eq!(
        tree.summary(),
        Summary {
            processes: 15,
            root_processes: 3,
            leaf_processes: 5,
            branch_processes: 7,
            isolated_processes: 0,
            largest_tree_depth: 6,
        }
    );
    assert_eq!(tree.report.duplicate_events, 1);
    assert_eq!(tree.report.synthesized_parents, 6);

    // The creator and its parent, synthesised from the svchost event, are roots' trees.
    let roots = tree.roots();
    let root_names: Vec<&str> = roots.iter().map(|&r| tree.name(r)).collect();
    // Synthesised processes are numbered by creation time of the event they come from.
    assert_eq!(root_names, ["wininit.exe", "wininit.exe", "winlogon.exe"]);
    assert!(roots
        .iter()
        .all(|&r| tree.nodes[r].flags & flags::SYNTHESIZED != 0));

    // PID 3000 is reused: each ping/whoami links to the cmd.exe created before it.
    let whoami = tree
        .by_key("whoami.exe|3200|2024-03-01 09:10:07.000000")
        .unwrap();
    assert_eq!(
        keys(&tree, &tree.ancestors(whoami, true)),
        [
            "winlogon.exe|800|2024-03-01 08:00:01.000000",
            "userinit.exe|1900|2024-03-01 08:59:58.000000",
            "explorer.exe|2000|2024-03-01 09:00:00.000000",
            "cmd.exe|3000|2024-03-01 09:10:00.000000",
            "powershell.exe|3100|2024-03-01 09:10:05.000000",
            "whoami.exe|3200|2024-03-01 09:10:07.000000",
        ]
    );
    let ping = tree
        .by_key("ping.exe|3300|2024-03-01 10:00:01.000000")
        .unwrap();
    let cmd2 = tree.parent(ping).unwrap();
    assert_eq!(
        tree.proc_key(cmd2),
        Some("cmd.exe|3000|2024-03-01 10:00:00.000000")
    );
    assert_eq!(tree.cmd_line(cmd2), Some("cmd.exe /c ping 10.0.0.1"));
    let cmd1 = tree
        .by_key("cmd.exe|3000|2024-03-01 09:10:00.000000")
        .unwrap();
    assert_eq!(tree.children(cmd1, false).len(), 2);
    assert_eq!(tree.siblings(cmd1, false), vec![cmd2]);

    // The second host's svchost has its own synthesised creator.
    let hosts: Vec<Option<&str>> = roots.iter().map(|&r| tree.host(r)).collect();
    assert_eq!(
        hosts,
        [
            Some("ws1.contoso.com"),
            Some("ws2.contoso.com"),
            Some("ws1.contoso.com")
        ]
    );
    assert_eq!(tree.descendants(roots[1], true, None).len(), 3);
}

#[test]
fn device_process_events_in_msticpy_mode_key_by_event_time() {
    // MSTICPy keys each process by the event time (cmd.exe's event is 0.5 s after its
    // creation), so its children miss it and a second cmd.exe is synthesised; it also
    // ignores the host, merging the two svchost trees.
    let tree = build(
        &events(PUBLIC),
        &Options {
            compat: Compat::Msticpy,
            ..Options::default()
        },
    )
    .unwrap();
    assert_eq!(
        tree.summary(),
        Summary {
            processes: 13,
            root_processes: 2,
            leaf_processes: 5,
            branch_processes: 6,
            isolated_processes: 0,
            largest_tree_depth: 6,
        }
    );
    assert!(tree
        .by_key("cmd.exe|3000|2024-03-01 09:10:00.500000")
        .is_some());
}

#[test]
fn internal_mde_schema_matches_msticpy_counts() {
    for compat in [Compat::Huntkit, Compat::Msticpy] {
        let tree = build(
            &events(INTERNAL),
            &Options {
                compat,
                ..Options::default()
            },
        )
        .unwrap();
        assert_eq!(tree.kind, SchemaKind::MdeInternal);
        assert_eq!(
            tree.summary(),
            Summary {
                processes: 1642,
                root_processes: 9,
                leaf_processes: 1177,
                branch_processes: 456,
                isolated_processes: 0,
                largest_tree_depth: 16,
            },
            "{compat:?}"
        );
    }
}

#[test]
fn schema_can_be_named_instead_of_inferred() {
    let opts = Options {
        schema: "mde".into(),
        ..Options::default()
    };
    assert_eq!(build(&events(PUBLIC), &opts).unwrap().len(), 15);
    let wrong = Options {
        schema: "windows".into(),
        ..Options::default()
    };
    let err = build(&events(PUBLIC), &wrong).unwrap_err();
    assert_eq!(err.code(), "column_not_found");
    assert!(err.to_string().contains("NewProcessName"), "{err}");
    let unknown = Options {
        schema: "solaris".into(),
        ..Options::default()
    };
    assert_eq!(
        build(&events(PUBLIC), &unknown).unwrap_err().code(),
        "invalid_option"
    );
}

/// A creator with an id and no name: an empty CSV field (a missing value) and the empty
/// string Defender's service returns give the same tree, in both modes, with the creator
/// synthesised as "unknown".
#[test]
fn creator_without_a_name_is_still_a_creator() {
    let csv = std::fs::read_to_string(PUBLIC).unwrap();
    let ws2 = csv.lines().last().unwrap();
    let blank = ws2.replace(
        ",services.exe,C:\\Windows\\System32\\services.exe,700,",
        ",,,700,",
    );
    assert_ne!(blank, ws2);
    let csv = csv.replace(ws2, &blank);
    let from_csv = Events::from_csv(csv.as_bytes(), 1_000).unwrap();
    let table = huntkit_core::read(csv.as_bytes(), &huntkit_core::ReadOptions::default()).unwrap();
    // The same rows with "" where the CSV had nothing.
    let mut columns = Vec::new();
    for name in table.column_names() {
        let values = table.str_column(&name).unwrap();
        let cells: Vec<Option<String>> = (0..table.num_rows())
            .map(|r| Some(values.get(r).unwrap_or("").to_string()))
            .collect();
        columns.push((name, cells));
    }
    let with_empty_strings = Events::new(columns).unwrap();
    for compat in [Compat::Huntkit, Compat::Msticpy] {
        let options = Options {
            compat,
            ..Options::default()
        };
        let a = build(&from_csv, &options).unwrap();
        let b = build(&with_empty_strings, &options).unwrap();
        assert_eq!(a.summary(), b.summary(), "{compat:?}");
        let unknown = (0..a.nodes.len())
            .filter(|&n| a.name(n) == "unknown")
            .count();
        assert_eq!(unknown, 1, "{compat:?}");
    }
}
