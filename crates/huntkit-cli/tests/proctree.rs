//! `huntkit proctree` as a user runs it, on the bundled Windows and Linux process events.

mod common;

use common::{data, ok};

use std::process::Output;

fn huntkit(args: &[&str]) -> Output {
    common::run(args, b"").0
}

#[test]
fn summary_gives_msticpy_counts() {
    for (file, processes, roots) in [
        ("win_proc_test.csv", 1010, 10),
        ("linux_proc_test.csv", 1029, 29),
    ] {
        let text = ok(&huntkit(&["proctree", &data(file), "--summary"]));
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["summary"]["Processes"], processes, "{file}");
        assert_eq!(v["summary"]["RootProcesses"], roots, "{file}");
    }
}

#[test]
fn every_format_and_standard_input() {
    let file = data("win_proc_test.csv");
    let csv = ok(&huntkit(&["proctree", &file, "--format", "csv"]));
    let header = csv.lines().next().unwrap();
    assert!(
        header.contains("path") && header.contains("parent_index"),
        "{header}"
    );
    // One row per process, plus the header (command lines may hold line breaks, so
    // count the rows through the JSON form).
    let json = ok(&huntkit(&["proctree", &file, "--format", "json"]));
    assert_eq!(json.lines().count(), 1010);
    let arrow = huntkit(&["proctree", &file, "--format", "arrow"]);
    assert!(arrow.status.success());
    assert_eq!(&arrow.stdout[..4], b"\xff\xff\xff\xff");
    let text = ok(&huntkit(&[
        "proctree", &file, "--format", "text", "--wrap", "60",
    ]));
    assert!(text
        .lines()
        .any(|l| l.contains("cmd.exe") || l.contains("svchost")));
    assert!(text.lines().all(|l| l.chars().count() <= 200));
    let bytes = std::fs::read(&file).unwrap();
    let (piped, _) = common::run(&["proctree", "-", "--format", "json"], &bytes);
    assert_eq!(ok(&piped), json);
}

#[test]
fn schema_and_compat_options_reach_the_engine() {
    let file = data("linux_proc_test.csv");
    let named = ok(&huntkit(&[
        "proctree",
        &file,
        "--summary",
        "--schema",
        "linux",
    ]));
    let inferred = ok(&huntkit(&["proctree", &file, "--summary"]));
    assert_eq!(named, inferred);
    let msticpy = ok(&huntkit(&[
        "proctree",
        &file,
        "--summary",
        "--compat",
        "msticpy",
    ]));
    let v: serde_json::Value = serde_json::from_str(&msticpy).unwrap();
    assert_eq!(v["summary"]["Processes"], 1029);
    // A schema that does not fit is bad input (1); an unknown one is bad usage (2).
    let wrong = huntkit(&["proctree", &file, "--summary", "--schema", "windows"]);
    assert_eq!(wrong.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&wrong.stderr).contains("huntkit:"));
    let unknown = huntkit(&["proctree", &file, "--schema", "solaris"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("solaris"));
}

#[test]
fn bad_input_is_exit_1() {
    let (out, _) = common::run(&["proctree", "-"], b"a,b\n1,2\n");
    assert_eq!(out.status.code(), Some(1));
    assert!(!String::from_utf8_lossy(&out.stderr).is_empty());
}

#[test]
fn host_column_tells_hosts_apart() {
    let processes = |args: &[&str]| {
        let (out, _) = common::run(args, common::TWO_HOSTS);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        v["summary"]["Processes"].as_u64().unwrap()
    };
    let one_host = processes(&["proctree", "-", "--summary"]);
    let by_host = processes(&["proctree", "-", "--summary", "--host-column", "Host"]);
    assert_eq!(by_host, one_host + 1, "h2's 0x10 is synthesised");
    let (missing, _) = common::run(
        &["proctree", "-", "--host-column", "Nope"],
        common::TWO_HOSTS,
    );
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("Nope"));
}
