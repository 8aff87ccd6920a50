//! Parity with MSTICPy's own process-tree tests (`tests/transform/test_process_tree_utils.py`).
// A failed expectation stops a test or benchmark: panicking here is the point.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;
use common::summary;
use huntkit_proctree::{build, Compat, Events, Options, ProcessTree, Schema, SchemaKind};

const WIN: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../examples/data/win_proc_test.csv"
);
const LX: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../examples/data/linux_proc_test.csv"
);
const MINIMAL: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/data/winproctree-minimal.csv"
);

fn events(path: &str) -> Events {
    Events::from_csv(&std::fs::read(path).unwrap(), 1_000_000).unwrap()
}

fn modes() -> [Options; 2] {
    [
        Options::default(),
        Options {
            compat: Compat::Msticpy,
            ..Options::default()
        },
    ]
}

#[test]
fn windows_tree_matches_msticpy_counts() {
    let ev = events(WIN);
    for opts in modes() {
        let tree = build(&ev, &opts).unwrap();
        assert_eq!(tree.kind, SchemaKind::Windows);
        assert_eq!(
            tree.summary(),
            summary(1010, 10, 815, 185, 7),
            "{:?}",
            opts.compat
        );
    }
}

#[test]
fn windows_tree_with_msticpy_dict_schema_and_without_logon_ids() {
    let mapping: Schema = serde_json::from_str(
        r#"{"time_stamp":"TimeGenerated","process_name":"NewProcessName","process_id":"NewProcessId",
            "parent_name":"ParentProcessName","parent_id":"ProcessId","cmd_line":"CommandLine",
            "user_name":"SubjectUserName","path_separator":"\\","user_id":"SubjectUserSid",
            "event_id_column":"EventID","event_id_identifier":4688,"host_name_column":"Computer"}"#,
    )
    .unwrap();
    let full = events(WIN);
    let without: Vec<(String, Vec<Option<String>>)> = full
        .column_names()
        .iter()
        .filter(|n| *n != "SubjectLogonId" && *n != "TargetLogonId")
        .map(|n| (n.clone(), full.column(n).unwrap().to_vec()))
        .collect();
    let ev = Events::new(without).unwrap();
    let tree = build(
        &ev,
        &Options {
            mapping: Some(mapping),
            ..Options::default()
        },
    )
    .unwrap();
    assert_eq!(tree.kind, SchemaKind::Custom);
    assert_eq!(tree.summary(), summary(1010, 10, 815, 185, 7));
}

#[test]
fn linux_tree_matches_msticpy_counts() {
    let ev = events(LX);
    for opts in modes() {
        let tree = build(&ev, &opts).unwrap();
        assert_eq!(tree.kind, SchemaKind::Linux);
        assert_eq!(
            tree.summary(),
            summary(1029, 29, 497, 503, 5),
            "{:?}",
            opts.compat
        );
    }
}

#[test]
fn minimal_volatility_listing_matches_msticpy_counts() {
    let mapping: Schema = serde_json::from_str(
        r#"{"process_name":"ImageFileName","process_id":"PID","parent_id":"PPID",
            "time_stamp":"CreateTime","target_logon_id":"TargetLogonId","user_id":"SubjectUserSid"}"#,
    )
    .unwrap();
    let ev = events(MINIMAL);
    for opts in modes() {
        let tree = build(
            &ev,
            &Options {
                mapping: Some(mapping.clone()),
                ..opts
            },
        )
        .unwrap();
        assert_eq!(tree.summary(), summary(126, 10, 97, 19, 7));
    }
}

fn deepest(tree: &ProcessTree, nodes: &[usize]) -> usize {
    let max = nodes.iter().map(|&n| tree.nodes[n].depth).max().unwrap();
    *nodes.iter().find(|&&n| tree.nodes[n].depth == max).unwrap()
}

#[test]
fn windows_tree_operations_match_msticpy() {
    for opts in modes() {
        let tree = build(&events(WIN), &opts).unwrap();
        let roots = tree.roots();
        assert_eq!(roots.len(), 10);
        let t_root = roots[4];
        let full = tree.descendants(t_root, true, None);
        assert_eq!(full.len(), 25);
        assert_eq!(tree.children(t_root, true).len(), 13);
        let bottom = deepest(&tree, &full);
        assert_eq!(tree.ancestors(bottom, true).len(), 3);
        assert!(tree.parent(bottom).is_some());
        assert_eq!(tree.by_key(tree.proc_key(bottom).unwrap()), Some(bottom));
        assert_eq!(tree.root_of(bottom), Some(t_root));
        let kids = tree.children(t_root, false);
        assert_eq!(kids.len(), tree.siblings(kids[0], true).len());
        assert_eq!(kids.len(), tree.siblings(kids[0], false).len() + 1);
        assert_eq!(tree.root_tree(bottom), full);
        // Descendants come in reading order, each tree top-down.
        assert!(full.windows(2).all(|w| w[0] < w[1]));
    }
}

#[test]
fn linux_tree_operations_match_msticpy() {
    for opts in modes() {
        let tree = build(&events(LX), &opts).unwrap();
        let roots = tree.roots();
        assert_eq!(roots.len(), 29);
        let t_root = roots[0];
        let full = tree.descendants(t_root, true, None);
        assert_eq!(full.len(), 901);
        assert_eq!(tree.children(t_root, true).len(), 452);
        let bottom = deepest(&tree, &full);
        assert_eq!(tree.ancestors(bottom, true).len(), 3);
        assert_eq!(tree.descendants(t_root, false, Some(1)).len(), 451);
    }
}

#[test]
fn keys_and_paths_match_msticpy() {
    let tree = build(&events(WIN), &Options::default()).unwrap();
    let root = tree
        .by_key("c:\\windows\\system32\\svchost.exe|0x270|1970-01-01 00:00:00.000000")
        .unwrap();
    assert_eq!(tree.path(root).unwrap(), "01000");
    assert!(tree.nodes[root].is_root);
    let child = tree
        .by_key("c:\\windows\\system32\\wbem\\wmiprvse.exe|0xda4|2019-02-09 20:04:38.017000")
        .unwrap();
    assert_eq!(tree.path(child).unwrap(), "01000/00000");
    assert_eq!(tree.parent_index(child).as_deref(), Some("01000"));
    assert_eq!(tree.parent(child), Some(root));

    let lx = build(&events(LX), &Options::default()).unwrap();
    let r = lx
        .by_key("unknown|22536|1970-01-01 00:00:00.000000")
        .unwrap();
    assert!(lx.nodes[r].is_root);
    // Events at the same time keep their input order (MSTICPy's sort is not stable, so
    // its numbering of same-time events can differ).
    let dash = lx
        .by_key("/bin/dash|25924|2019-02-17 21:56:27.964000")
        .unwrap();
    assert_eq!(lx.path(dash).unwrap(), "01000/00000");
    assert_eq!(lx.parent(dash), Some(r));
    let kids = lx.children(dash, false);
    assert_eq!(kids.len(), 1);
    assert!(lx
        .proc_key(kids[0])
        .unwrap()
        .starts_with("/sbin/xtables-multi|25925|"));
}

#[test]
fn rows_read_top_down_in_path_order() {
    for path in [WIN, LX] {
        let tree = build(&events(path), &Options::default()).unwrap();
        for (i, n) in tree.nodes.iter().enumerate() {
            if let Some(p) = n.parent {
                assert!(p < i, "parent after child");
                assert_eq!(n.depth, tree.nodes[p].depth + 1);
                assert_eq!(
                    tree.path(i).unwrap(),
                    format!(
                        "{}/{}",
                        tree.path(p).unwrap(),
                        tree.source_index(i).unwrap()
                    )
                );
            }
            assert_eq!(n.is_root, tree.parent_key(i).is_none());
        }
        let paths: Vec<String> = (0..tree.len()).map(|i| tree.path(i).unwrap()).collect();
        assert!(paths.windows(2).all(|w| w[0] < w[1]));
    }
}

#[test]
fn text_rendering_has_msticpy_line_count() {
    let tree = build(
        &events(WIN),
        &Options {
            compat: Compat::Msticpy,
            ..Options::default()
        },
    )
    .unwrap();
    let text = tree.to_text(&Default::default());
    assert_eq!(text.split('\n').count(), 5028);
    assert!(text.starts_with("+  Process: "));
}
