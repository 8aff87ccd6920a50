//! Hostile and malformed input: clear errors or flags, never a hang or a panic.
// A failed expectation stops a test or benchmark: panicking here is the point.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use huntkit_core::ErrorCode;
use huntkit_proctree::{build, flags, Compat, Events, MissingTime, Options, ProcessTree};

/// Windows 4688-style events from (time, name, pid, ppid, parent name).
type Row<'a> = (&'a str, &'a str, &'a str, &'a str, &'a str);

fn win(rows: &[Row]) -> Events {
    fn col(rows: &[Row], f: impl Fn(&Row) -> String) -> Vec<Option<String>> {
        rows.iter()
            .map(|r| Some(f(r)).filter(|v| !v.is_empty()))
            .collect()
    }
    Events::new(vec![
        ("TimeGenerated".into(), col(rows, |r| r.0.to_string())),
        ("NewProcessName".into(), col(rows, |r| r.1.to_string())),
        ("NewProcessId".into(), col(rows, |r| r.2.to_string())),
        ("ProcessId".into(), col(rows, |r| r.3.to_string())),
        ("ParentProcessName".into(), col(rows, |r| r.4.to_string())),
    ])
    .unwrap()
}

fn compat() -> Options {
    Options {
        compat: Compat::Msticpy,
        ..Options::default()
    }
}

fn position(tree: &ProcessTree, key_start: &str) -> usize {
    (0..tree.len())
        .find(|&i| tree.proc_key(i).unwrap().starts_with(key_start))
        .unwrap()
}

fn node<'a>(tree: &'a ProcessTree, key_start: &str) -> &'a huntkit_proctree::Node {
    &tree.nodes[position(tree, key_start)]
}

#[test]
fn no_matching_schema_names_the_expected_columns() {
    let ev = Events::new(vec![
        ("when".into(), vec![Some("2024-01-01".into())]),
        ("what".into(), vec![Some("x".into())]),
    ])
    .unwrap();
    let err = build(&ev, &Options::default()).unwrap_err();
    assert_eq!(err.code(), "no_schema");
    let msg = err.to_string();
    for expected in [
        "TimeGenerated",
        "NewProcessName",
        "exe",
        "ppid",
        "FileName",
        "InitiatingProcessId",
        "UtcTime",
        "calendarTime",
        "parentpid",
    ] {
        assert!(msg.contains(expected), "{expected} missing from: {msg}");
    }
}

#[test]
fn missing_timestamps_are_flagged_dropped_or_refused() {
    let ev = win(&[
        ("2024-01-01 10:00:00", "a.exe", "0x10", "0x4", "p.exe"),
        ("", "b.exe", "0x20", "0x10", "a.exe"),
        ("not a time", "c.exe", "0x30", "0x10", "a.exe"),
    ]);
    let tree = build(&ev, &Options::default()).unwrap();
    assert_eq!(tree.report.missing_time, 2);
    let b = node(&tree, "b.exe|");
    assert!(b.flags & flags::MISSING_TIME != 0);
    assert_eq!(b.time, 0);

    let dropped = build(
        &ev,
        &Options {
            missing_time: MissingTime::Drop,
            ..Options::default()
        },
    )
    .unwrap();
    assert_eq!(dropped.report.missing_time_dropped, 2);
    assert_eq!(dropped.len(), 2); // a.exe and its synthesised parent

    let err = build(
        &ev,
        &Options {
            missing_time: MissingTime::Error,
            ..Options::default()
        },
    )
    .unwrap_err();
    assert_eq!(err.code(), "invalid_value");
    assert!(err.to_string().contains("row 1"), "{err}");
    assert!(err.to_string().contains("TimeGenerated"), "{err}");
}

#[test]
fn pids_link_across_hex_decimal_and_float_forms() {
    let ev = win(&[
        ("2024-01-01 10:00:00", "a.exe", "0x10", "4", "p.exe"),
        ("2024-01-01 10:00:01", "b.exe", "32", "16.0", "A.EXE"),
        ("2024-01-01 10:00:02", "c.exe", "48", "0X20", "b.exe"),
        ("2024-01-01 10:00:03", "d.exe", "abc", "3.5", "z.exe"),
    ]);
    let tree = build(&ev, &Options::default()).unwrap();
    let c = tree.by_key("c.exe|48|2024-01-01 10:00:03.000000");
    assert!(c.is_none(), "c.exe's key uses its own time");
    let c = position(&tree, "c.exe|48|");
    let chain: Vec<&str> = tree
        .ancestors(c, true)
        .iter()
        .map(|&i| tree.name(i))
        .collect();
    assert_eq!(chain, ["p.exe", "a.exe", "b.exe", "c.exe"]);
    // A float id is shown as the integer it is.
    assert_eq!(tree.pid(tree.parent(c).unwrap()), "32");
    let d = node(&tree, "d.exe|");
    assert!(d.flags & flags::BAD_PID != 0);
    assert_eq!(tree.report.bad_pids, 1);
}

#[test]
fn a_process_that_is_its_own_parent() {
    let ev = win(&[
        (
            "2024-01-01 10:00:00",
            "loop.exe",
            "0x10",
            "0x10",
            "loop.exe",
        ),
        (
            "2024-01-01 10:00:01",
            "child.exe",
            "0x20",
            "0x10",
            "loop.exe",
        ),
    ]);
    let tree = build(&ev, &Options::default()).unwrap();
    let l = node(&tree, "loop.exe|0x10|2024");
    assert!(l.flags & flags::SELF_PARENT != 0);
    // Its parent is an earlier process with the same id, not itself.
    let parent = &tree.nodes[l.parent.unwrap()];
    assert!(parent.flags & flags::SYNTHESIZED != 0);
    assert!((0..tree.len())
        .all(|i| tree.parent(i) != Some(tree.by_key(tree.proc_key(i).unwrap()).unwrap())));
    assert_eq!(tree.summary().largest_tree_depth, 3);

    // MSTICPy links it to itself, so it is never reached from a root.
    let old = build(&ev, &compat()).unwrap();
    let li = position(&old, "loop.exe|0x10|2024");
    let l = &old.nodes[li];
    assert!(!l.is_root && !l.is_leaf && l.is_branch);
    assert_eq!(old.by_key(old.proc_key(li).unwrap()), Some(li));
    assert_eq!(old.path(li), old.source_index(li));
    assert_eq!(old.parent_index(li), None);
}

#[test]
fn cycles_are_cut_and_flagged() {
    // Two processes at the same instant, each naming the other as parent.
    let ev = win(&[
        ("2024-01-01 10:00:00", "x.exe", "0x1", "0x2", "y.exe"),
        ("2024-01-01 10:00:00", "y.exe", "0x2", "0x1", "x.exe"),
        ("2024-01-01 10:00:01", "z.exe", "0x3", "0x2", "y.exe"),
    ]);
    let tree = build(&ev, &Options::default()).unwrap();
    assert_eq!(tree.report.cycles_broken, 1);
    assert_eq!(tree.len(), 3);
    let cut: Vec<usize> = (0..tree.len())
        .filter(|&i| tree.nodes[i].flags & flags::CYCLE_BROKEN != 0)
        .collect();
    assert_eq!(cut.len(), 1);
    assert!(tree.nodes[cut[0]].is_root && tree.parent_key(cut[0]).is_none());
    assert_eq!(tree.summary().root_processes, 1);
    assert_eq!(tree.summary().largest_tree_depth, 2);

    // MSTICPy leaves the cycle unreached: no root at all, paths of one element.
    let old = build(&ev, &compat()).unwrap();
    assert_eq!(old.summary().root_processes, 0);
    assert!((0..old.len()).all(|i| !old.path(i).unwrap().contains('/')));
}

#[test]
fn defender_cycles_are_cut_too() {
    let cols = [
        "CreatedProcessName",
        "CreatedProcessId",
        "CreatedProcessCreationTime",
        "InitiatingProcessName",
        "InitiatingProcessId",
        "InitiatingProcessCreationTime",
    ];
    let rows = [
        [
            "x.exe",
            "1",
            "2024-01-01T00:00:00Z",
            "y.exe",
            "2",
            "2024-01-01T00:00:00Z",
        ],
        [
            "y.exe",
            "2",
            "2024-01-01T00:00:00Z",
            "x.exe",
            "1",
            "2024-01-01T00:00:00Z",
        ],
        [
            "s.exe",
            "3",
            "2024-01-01T00:00:01Z",
            "s.exe",
            "3",
            "2024-01-01T00:00:01Z",
        ],
    ];
    let ev = Events::new(
        cols.iter()
            .enumerate()
            .map(|(i, c)| {
                (
                    c.to_string(),
                    rows.iter().map(|r| Some(r[i].to_string())).collect(),
                )
            })
            .collect(),
    )
    .unwrap();
    let opts = Options {
        schema: "mde-internal".into(),
        ..Options::default()
    };
    let tree = build(&ev, &opts).unwrap();
    assert_eq!(tree.report.cycles_broken, 2);
    assert_eq!(tree.report.self_parents, 1);
    assert_eq!(tree.summary().root_processes, 2);
    assert!(node(&tree, "s.exe|").flags & flags::SELF_PARENT != 0);
}

#[test]
fn events_out_of_order_give_the_same_tree() {
    let rows = [
        ("2024-01-01 10:00:00", "a.exe", "0x10", "0x4", "p.exe"),
        ("2024-01-01 10:00:01", "b.exe", "0x20", "0x10", "a.exe"),
        ("2024-01-01 10:00:02", "c.exe", "0x30", "0x20", "b.exe"),
        // PID 0x10 reused later by another a.exe: its child must not link to the first.
        ("2024-01-01 11:00:00", "a.exe", "0x10", "0x4", "p.exe"),
        ("2024-01-01 11:00:01", "d.exe", "0x40", "0x10", "a.exe"),
    ];
    let sorted = build(&win(&rows), &Options::default()).unwrap();
    let mut shuffled = rows.to_vec();
    shuffled.reverse();
    shuffled.swap(0, 2);
    let unsorted = build(&win(&shuffled), &Options::default()).unwrap();
    assert!(!sorted.report.out_of_order);
    assert!(unsorted.report.out_of_order);
    let view = |t: &ProcessTree| -> Vec<(String, String)> {
        (0..t.len())
            .map(|i| (t.proc_key(i).unwrap().to_string(), t.path(i).unwrap()))
            .collect()
    };
    assert_eq!(view(&sorted), view(&unsorted));
    let d = position(&unsorted, "d.exe");
    let a2 = unsorted.parent(d).unwrap();
    assert!(unsorted.proc_key(a2).unwrap().ends_with("11:00:00.000000"));
}

fn chain(n: usize) -> Events {
    let mut t = Vec::new();
    let mut name = Vec::new();
    let mut pid = Vec::new();
    let mut ppid = Vec::new();
    let mut pname = Vec::new();
    for i in 0..n {
        t.push(Some(format!(
            "2024-01-01 00:00:{:02}.{:06}",
            (i / 1_000_000) % 60,
            i % 1_000_000
        )));
        name.push(Some("cmd.exe".to_string()));
        pid.push(Some((i + 1).to_string()));
        ppid.push(Some(i.to_string()));
        pname.push(Some("cmd.exe".to_string()));
    }
    Events::new(vec![
        ("TimeGenerated".into(), t),
        ("NewProcessName".into(), name),
        ("NewProcessId".into(), pid),
        ("ProcessId".into(), ppid),
        ("ParentProcessName".into(), pname),
    ])
    .unwrap()
}

#[test]
fn deep_chains_are_cut_at_the_depth_limit() {
    let tree = build(
        &chain(50),
        &Options {
            max_depth: 10,
            ..Options::default()
        },
    )
    .unwrap();
    assert_eq!(tree.len(), 51);
    assert!(tree.nodes.iter().all(|n| n.depth <= 10));
    assert_eq!(tree.report.depth_limited, 4);
    assert_eq!(tree.summary().root_processes, 5);
    assert_eq!(
        tree.nodes
            .iter()
            .filter(|n| n.flags & flags::DEPTH_LIMIT != 0)
            .count(),
        4
    );
    // A very long chain neither overflows the stack nor makes paths quadratic.
    let long = build(&chain(20_000), &Options::default()).unwrap();
    assert!(long.nodes.iter().all(|n| n.depth <= 256));
    let tight = Options {
        max_path_bytes: 10_000,
        ..Options::default()
    };
    assert_eq!(
        build(&chain(1_000), &tight).unwrap_err().code(),
        "limit_exceeded"
    );
    let text = long.to_text(&Default::default());
    assert!(text.lines().count() > 20_000);
    // Deep lines keep room for their content instead of wrapping one character per line.
    let longest = text.lines().map(str::len).max().unwrap();
    assert!(longest < 3 * 256 + 100, "longest line {longest}");
    assert!(text.len() < 20_000 * 2_000, "{} bytes of text", text.len());
    let cut = long.to_text(&huntkit_proctree::TextOptions {
        max_bytes: 100_000,
        ..Default::default()
    });
    assert!(cut.len() < 110_000);
    assert!(
        cut.ends_with("more processes not shown]\n"),
        "{}",
        &cut[cut.len() - 80..]
    );
    assert!(!long.nested().is_empty());
}

#[test]
fn row_limit_is_enforced() {
    let err = build(
        &chain(10),
        &Options {
            max_rows: 5,
            ..Options::default()
        },
    )
    .unwrap_err();
    assert_eq!(err.code(), "limit_exceeded");
}

#[test]
fn paths_stay_ordered_past_one_hundred_thousand_processes() {
    // One parent with 120 000 children: indexes need six digits.
    let n = 120_000;
    let mut t = Vec::with_capacity(n);
    let mut pid = Vec::with_capacity(n);
    for i in 0..n {
        t.push(Some(format!(
            "2024-01-01 01:{:02}:{:02}.{:06}",
            i / 60_000,
            (i / 1_000) % 60,
            i % 1_000
        )));
        pid.push(Some((i + 10).to_string()));
    }
    let ev = Events::new(vec![
        ("TimeGenerated".into(), t),
        ("NewProcessName".into(), vec![Some("a.exe".into()); n]),
        ("NewProcessId".into(), pid),
        ("ProcessId".into(), vec![Some("4".into()); n]),
        ("ParentProcessName".into(), vec![Some("p.exe".into()); n]),
    ])
    .unwrap();
    let tree = build(&ev, &Options::default()).unwrap();
    assert_eq!(tree.len(), n + 1);
    assert_eq!(tree.path(0).unwrap().len(), 6);
    let paths: Vec<String> = (0..tree.len()).map(|i| tree.path(i).unwrap()).collect();
    assert!(paths.windows(2).all(|w| w[0] < w[1]));
    assert!(tree
        .nodes
        .windows(2)
        .skip(1)
        .all(|w| w[0].time <= w[1].time));

    // MSTICPy's five-digit numbering sorts "1" + five digits before "2" + four.
    let old = build(&ev, &compat()).unwrap();
    assert!(old.nodes.windows(2).skip(1).any(|w| w[0].time > w[1].time));
}

#[test]
fn only_whole_duplicates_are_removed() {
    // Rows 0 and 2 are the same event, and so are rows 1 and 4; row 1 shares row 0's
    // id, name and time but not its parent, so it is no duplicate event (its key is a
    // duplicate key, removed later and counted apart); row 3 is another event, and so
    // is row 5, which differs from row 0 in its name alone.
    let ev = win(&[
        ("2024-01-01 10:00:00", "a.exe", "0x10", "0x4", "p.exe"),
        ("2024-01-01 10:00:00", "a.exe", "0x10", "0x8", "q.exe"),
        ("2024-01-01 10:00:00", "a.exe", "0x10", "0x4", "p.exe"),
        ("2024-01-01 10:00:00", "b.exe", "0x20", "0x10", "a.exe"),
        ("2024-01-01 10:00:00", "a.exe", "0x10", "0x8", "q.exe"),
        ("2024-01-01 10:00:00", "c.exe", "0x10", "0x4", "p.exe"),
    ]);
    let tree = build(&ev, &Options::default()).unwrap();
    assert_eq!(tree.report.duplicate_events, 2);
    assert_eq!(tree.report.duplicate_keys, 1);
    let mut rows: Vec<usize> = tree.nodes.iter().filter_map(|n| n.row).collect();
    rows.sort_unstable();
    assert_eq!(rows, [0, 3, 5]);
}

#[test]
fn many_rows_sharing_an_id_name_and_time_stay_fast() {
    // 50 000 events with one id, name and time, each started by a different parent:
    // none is a duplicate, and telling them apart must not compare every pair.
    let n = 50_000;
    let ppids: Vec<String> = (0..n).map(|i| format!("0x{:x}", 0x1000 + i)).collect();
    let rows: Vec<Row> = ppids
        .iter()
        .map(|p| ("2024-01-01 10:00:00", "a.exe", "0x10", p.as_str(), "p.exe"))
        .collect();
    let start = std::time::Instant::now();
    let tree = build(&win(&rows), &Options::default()).unwrap();
    assert_eq!(tree.report.duplicate_events, 0);
    assert_eq!(tree.report.rows_in, n);
    // Quadratic work would take minutes; linear work takes milliseconds.
    assert!(start.elapsed().as_secs() < 20, "{:?}", start.elapsed());
}
