//! The `huntkit` binary as a user runs it: files and standard input, formats, exit codes.
// A failed expectation stops a test or benchmark: panicking here is the point.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::process::Output;

mod common;

use common::data;

fn huntkit(args: &[&str], stdin: Option<&[u8]>) -> Output {
    common::run(args, stdin.unwrap_or_default()).0
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

#[test]
fn inspect_json_describes_the_file() {
    let o = huntkit(
        &["inspect", &data("host_logons.csv"), "--format", "json"],
        None,
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert!(v["rows"].as_u64().unwrap() > 0);
    let cols = v["columns"].as_array().unwrap();
    let tg = cols.iter().find(|c| c["name"] == "TimeGenerated").unwrap();
    assert!(tg["type"].as_str().unwrap().starts_with("Timestamp"));
    assert!(tg["nulls"].is_u64());
    assert!(tg["timeRange"]["start"].is_string());
}

#[test]
fn arrow_csv_and_stdin_agree() {
    let a = huntkit(
        &["inspect", &data("win_proc_test.arrow"), "--format", "json"],
        None,
    );
    let bytes = std::fs::read(data("win_proc_test.arrow")).unwrap();
    let b = huntkit(&["inspect", "-", "--format", "json"], Some(&bytes));
    assert!(a.status.success() && b.status.success());
    assert_eq!(stdout(&a), stdout(&b));
    let v: serde_json::Value = serde_json::from_str(&stdout(&a)).unwrap();
    assert_eq!(v["rows"], 1000);
}

#[test]
fn text_csv_and_arrow_outputs() {
    let text = huntkit(&["inspect", &data("time_series.csv")], None);
    assert!(
        stdout(&text).starts_with("840 rows, 5 columns"),
        "{}",
        stdout(&text)
    );
    let csv = huntkit(
        &["inspect", &data("time_series.csv"), "--format", "csv"],
        None,
    );
    assert!(stdout(&csv).starts_with("name,type,nulls,start,end\nTimeGenerated,"));
    let arrow = huntkit(
        &["inspect", &data("time_series.csv"), "--format", "arrow"],
        None,
    );
    assert!(arrow.stdout.starts_with(&[0xFF, 0xFF, 0xFF, 0xFF]));
    // The Arrow output reads back as a table of 5 columns' descriptions.
    let back = huntkit(&["inspect", "-", "--format", "json"], Some(&arrow.stdout));
    let v: serde_json::Value = serde_json::from_str(&stdout(&back)).unwrap();
    assert_eq!(v["rows"], 5);
}

#[test]
fn output_file() {
    let dir = std::env::temp_dir().join(format!("huntkit-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("info.json");
    let o = huntkit(
        &[
            "inspect",
            &data("host_logons.arrow"),
            "--format",
            "json",
            "-o",
            out.to_str().unwrap(),
        ],
        None,
    );
    assert!(o.status.success());
    assert!(o.stdout.is_empty());
    assert!(std::fs::read_to_string(&out)
        .unwrap()
        .starts_with("{\"rows\":"));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn bad_input_exits_1_with_the_reason() {
    let o = huntkit(&["inspect", "-"], Some(b"a,b\n1,2\n3\n"));
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("error[invalid_csv]") && err.contains("line 3"),
        "{err}"
    );
    let o = huntkit(&["inspect", "-"], Some(b""));
    assert_eq!(o.status.code(), Some(1));
    let o = huntkit(&["inspect", "/no/such/file.csv"], None);
    assert_eq!(o.status.code(), Some(1));
    let o = huntkit(&["inspect", "-"], Some(b"PAR1 but not really parquet"));
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("invalid_parquet"));
}

#[test]
fn bad_usage_exits_2() {
    assert_eq!(
        huntkit(&["inspect", "--format", "yaml"], None)
            .status
            .code(),
        Some(2)
    );
    assert_eq!(huntkit(&["no-such-command"], None).status.code(), Some(2));
    let help = huntkit(&["inspect", "--help"], None);
    assert!(help.status.success());
    assert!(stdout(&help).contains("Example:"));
}

#[test]
fn reads_parquet() {
    let bytes = std::fs::read(data("win_proc_test.arrow")).unwrap();
    let table = huntkit_core::read(&bytes, &Default::default()).unwrap();
    let mut out = Vec::new();
    let mut w =
        parquet::arrow::ArrowWriter::try_new(&mut out, table.schema().clone(), None).unwrap();
    for b in table.batches() {
        w.write(b).unwrap();
    }
    w.close().unwrap();
    let o = huntkit(&["inspect", "-", "--format", "json"], Some(&out));
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["rows"], 1000);
}

#[test]
fn text_output_shows_lists_as_lists_and_escapes_control_characters() {
    let csv = "TimeGenerated,UserId,Operation\n\
               2024-01-01T00:00:00Z,alice,Set-Mailbox\n\
               2024-01-01T00:01:00Z,alice,\"New-InboxRule\x1b[2J\"\n";
    let out = huntkit(
        &[
            "sessions",
            "-",
            "--user-columns",
            "UserId",
            "--event-column",
            "Operation",
            "--format",
            "text",
        ],
        Some(csv.as_bytes()),
    );
    let text = stdout(&out);
    assert!(
        text.contains(r#"["Set-Mailbox","New-InboxRule\u001b[2J"]"#),
        "{text}"
    );
    assert!(!text.contains('\x1b'));
}

#[test]
fn lenient_reads_an_open_quote_and_warns() {
    let csv = b"host,cmd\nweb01,ok\nweb02,\"never closed\nweb03,x\n";
    let strict = huntkit(&["inspect", "-"], Some(csv));
    assert_eq!(strict.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&strict.stderr).contains("invalid_csv"));
    let lenient = huntkit(
        &["inspect", "-", "--lenient", "--format", "json"],
        Some(csv),
    );
    assert!(lenient.status.success());
    assert!(String::from_utf8_lossy(&lenient.stderr).contains("huntkit: warning:"));
    let info: serde_json::Value = serde_json::from_str(&stdout(&lenient)).unwrap();
    assert_eq!(info["rows"], 2);
    assert!(info["warnings"][0].as_str().unwrap().contains("line 3"));
    // The flag is global: before the subcommand too.
    let before = huntkit(&["--lenient", "inspect", "-"], Some(csv));
    assert!(before.status.success());
}
