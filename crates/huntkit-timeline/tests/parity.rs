//! Parity with what MSTICPy's timeline family plots for its own test data
//! (`tests/vis/test_timeline.py` uses `processes_on_host.csv` and `az_net_flows.csv`).
//! Expected figures were computed with pandas on the same files.
// A failed expectation stops a test or benchmark: panicking here is the point.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use huntkit_core::ErrorCode;
use huntkit_timeline::{Compat, Timeline, TimelineOptions};

fn table(name: &str) -> huntkit_core::Table {
    let path = format!("{}/../../examples/data/{name}", env!("CARGO_MANIFEST_DIR"));
    let bytes = std::fs::read(path).unwrap();
    huntkit_core::read(&bytes, &huntkit_core::ReadOptions::default()).unwrap()
}

fn grouped(name: &str, cols: &[&str]) -> Timeline {
    let options = TimelineOptions {
        group_by: cols.iter().map(|c| c.to_string()).collect(),
        ..TimelineOptions::default()
    };
    Timeline::from_table(&table(name), &options).unwrap()
}

#[test]
fn lanes_follow_pandas_groupby_order_and_sizes() {
    let t = grouped("processes_on_host.csv", &["Account"]);
    assert_eq!(t.rows, 363);
    assert_eq!(t.skipped, 0);
    assert_eq!(
        t.lanes,
        ["MSTICAlertsWin1\\MSTICAdmin", "WORKGROUP\\MSTICAlertsWin1$"]
    );
    let spans = t.index.spans();
    let got: Vec<_> = spans.iter().map(|s| (s.count, s.first, s.last)).collect();
    assert_eq!(
        got,
        [
            (160, 1_547_529_303_057_000_000, 1_547_529_319_617_000_000),
            (203, 1_547_525_726_000_000_000, 1_547_529_866_010_000_000),
        ]
    );
}

#[test]
fn several_group_columns_join_with_a_slash() {
    let t = grouped("processes_on_host.csv", &["Account", "NewProcessName"]);
    assert_eq!(t.lanes.len(), 71);
    assert_eq!(
        t.lanes[0],
        "MSTICAlertsWin1\\MSTICAdmin / C:\\Diagnostics\\UserTmp\\1234.exe"
    );
    assert_eq!(
        t.lanes[70],
        "WORKGROUP\\MSTICAlertsWin1$ / C:\\Windows\\servicing\\TrustedInstaller.exe"
    );
}

#[test]
fn net_flow_lanes_match_group_sizes() {
    let t = grouped("az_net_flows.csv", &["L7Protocol"]);
    assert_eq!(
        t.lanes,
        [
            "ftp",
            "http",
            "https",
            "microsoft-ds",
            "ms-wbt-server",
            "ntp",
            "ssh"
        ]
    );
    let counts: Vec<u64> = t.index.spans().iter().map(|s| s.count).collect();
    assert_eq!(counts, [1, 41, 372, 4, 4, 34, 4]);
}

#[test]
fn brush_selects_the_rows_pandas_selects() {
    let t = grouped("processes_on_host.csv", &["Account"]);
    // 2019-01-15 05:00:00 ..= 05:10:00 UTC
    let start = 1_547_528_400_000_000_000;
    let sel = t.index.select(start, start + 600_000_000_000, &[]);
    assert_eq!(sel.total, 28);
    assert_eq!(sel.rows.len(), 28);
    assert!(sel.rows.windows(2).all(|w| w[0] < w[1]));
}

#[test]
fn default_ranges_pad_like_msticpy() {
    let t = grouped("processes_on_host.csv", &["Account"]);
    let (lo, hi) = t.index.extent().unwrap();
    assert_eq!(
        (lo, hi),
        (1_547_525_726_000_000_000, 1_547_529_866_010_000_000)
    );
    let span = hi - lo;
    let (plo, phi) = t.index.padded_extent(0.1).unwrap();
    assert_eq!((plo, phi), (lo - span / 10, hi + span / 10));
}

#[test]
fn full_view_bins_account_for_every_event() {
    let t = grouped("az_net_flows.csv", &["L7Protocol"]);
    let (lo, hi) = t.index.padded_extent(0.1).unwrap();
    let bins = t.index.bin(lo, hi, 900, &[]).unwrap();
    assert_eq!(bins.visible, 460);
    assert_eq!(bins.count.iter().map(|&c| u64::from(c)).sum::<u64>(), 460);
    // Hiding the https lane (2) removes exactly its 372 events.
    let bins = t.index.bin(lo, hi, 900, &[2]).unwrap();
    assert_eq!(bins.visible, 88);
}

#[test]
fn values_mode_keeps_the_value_range() {
    let options = TimelineOptions {
        value_column: Some("EventID".into()),
        ..TimelineOptions::default()
    };
    let t = Timeline::from_table(&table("processes_on_host.csv"), &options).unwrap();
    let (lo, hi) = t.index.padded_extent(0.1).unwrap();
    let bins = t.index.bin(lo, hi, 1, &[]).unwrap();
    assert_eq!((bins.min[0], bins.max[0]), (4688.0, 4688.0));
}

#[test]
fn compat_drops_null_groups() {
    let csv = b"TimeGenerated,Account\n2024-01-01T00:00:00Z,a\n2024-01-01T00:00:01Z,\n";
    let table = huntkit_core::read(csv, &huntkit_core::ReadOptions::default()).unwrap();
    let mut options = TimelineOptions {
        group_by: vec!["Account".into()],
        ..TimelineOptions::default()
    };
    let t = Timeline::from_table(&table, &options).unwrap();
    assert_eq!(t.lanes, ["a", "(null)"]);
    options.compat = Compat::Msticpy;
    let t = Timeline::from_table(&table, &options).unwrap();
    assert_eq!((t.lanes.len(), t.skipped), (1, 1));
}

#[test]
fn missing_columns_report_the_core_code() {
    let options = TimelineOptions {
        group_by: vec!["OtherCol".into()],
        ..TimelineOptions::default()
    };
    let err = Timeline::from_table(&table("processes_on_host.csv"), &options).unwrap_err();
    assert_eq!(err.code(), "column_not_found");
}
