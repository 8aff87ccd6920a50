//! `huntkit ts-anomalies` and `huntkit beacon` as a user runs them, on the bundled hourly
//! byte counts and Azure network flows.
// A failed expectation stops a test or benchmark: panicking here is the point.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::{data, ok};

use std::process::Output;

fn huntkit(args: &[&str]) -> Output {
    common::run(args, b"").0
}

const SERIES: [&str; 4] = [
    "--time-column",
    "TimeGenerated",
    "--value-column",
    "TotalBytesSent",
];

fn anomalies(extra: &[&str]) -> Output {
    let file = data("time_series.csv");
    let mut args = vec!["ts-anomalies", file.as_str()];
    args.extend(SERIES);
    args.extend(extra);
    huntkit(&args)
}

fn flagged(json: &str) -> usize {
    json.lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|r| r["anomalies"] != 0)
        .count()
}

#[test]
fn anomalies_in_every_format() {
    let json = ok(&anomalies(&["--format", "json"]));
    assert_eq!(json.lines().count(), 840);
    assert!(flagged(&json) > 0);
    let csv = ok(&anomalies(&["--format", "csv"]));
    assert!(csv.starts_with(
        "TimeGenerated,TotalBytesSent,residual,trend,seasonal,weights,baseline,score,anomalies\n"
    ));
    let arrow = anomalies(&["--format", "arrow"]);
    assert_eq!(&arrow.stdout[..4], b"\xff\xff\xff\xff");
    assert!(ok(&anomalies(&["--format", "text"])).contains("anomalies"));
    let bytes = std::fs::read(data("time_series.csv")).unwrap();
    let mut args = vec!["ts-anomalies", "-"];
    args.extend(SERIES);
    args.extend(["--format", "json"]);
    let (piped, _) = common::run(&args, &bytes);
    assert_eq!(ok(&piped), json);
}

#[test]
fn threshold_and_compat_reach_the_engine() {
    let loose = flagged(&ok(&anomalies(&["--format", "json", "--threshold", "2"])));
    let strict = flagged(&ok(&anomalies(&["--format", "json", "--threshold", "4"])));
    assert!(loose > strict, "{loose} > {strict}");
    let msticpy = ok(&anomalies(&["--format", "json", "--compat", "msticpy"]));
    assert_eq!(msticpy.lines().count(), 840);
    let kql = ok(&anomalies(&["--kql"]));
    assert!(
        kql.starts_with("| where TimeGenerated between (datetime("),
        "{kql}"
    );
    // A value the engine refuses is bad usage; a series too short for the period is bad
    // input.
    let bad = anomalies(&["--seasonal", "4"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("seasonal"));
    let short = anomalies(&["--period", "100000"]);
    assert_eq!(short.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&short.stderr).contains("too_short"));
    let missing = huntkit(&[
        "ts-anomalies",
        &data("time_series.csv"),
        "--value-column",
        "Nope",
    ]);
    assert_eq!(missing.status.code(), Some(1));
}

#[test]
fn beacon_finds_the_periodic_flow() {
    let file = data("az_net_flows.csv");
    let args = [
        "beacon",
        file.as_str(),
        "--time-column",
        "FlowStartTime",
        "--group-by",
        "VMIPAddress",
    ];
    let mut json_args = args.to_vec();
    json_args.extend(["--format", "json"]);
    let rows: Vec<serde_json::Value> = ok(&huntkit(&json_args))
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let vm = rows
        .iter()
        .find(|r| r["VMIPAddress"] == "10.0.3.5")
        .unwrap();
    assert!(vm["p_value"].as_f64().unwrap() < 1e-6);
    let mut per_row = args.to_vec();
    per_row.extend(["--rows", "--format", "csv"]);
    assert!(ok(&huntkit(&per_row)).lines().count() > rows.len());
    let mut bad = args.to_vec();
    bad.extend(["--interval", "0"]);
    assert_eq!(huntkit(&bad).status.code(), Some(2));
}
