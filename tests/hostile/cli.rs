//! The attacks on the native side, as tests: the `huntkit` binary given hostile files.
//! Each run must end with exit 1 and a coded message (or succeed), within a bounded
//! time, and never crash. Built as a test of the `huntkit-cli` package.
// A failed expectation stops a test or benchmark: panicking here is the point.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::process::Output;
use std::time::Duration;

#[path = "../../crates/huntkit-cli/tests/common/mod.rs"]
mod common;

use common::run as huntkit;

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Runs `args` on `stdin`; the run must fail with exit 1, `code` in its message, in time.
fn refused(args: &[&str], stdin: &[u8], code: &str, within: Duration) -> String {
    let (o, took) = huntkit(args, stdin);
    assert_eq!(o.status.code(), Some(1), "{args:?}: {}", stderr(&o));
    let message = stderr(&o);
    assert!(
        message.contains(code),
        "{args:?}: expected {code}: {message}"
    );
    assert!(took < within, "{args:?} took {took:?}");
    message
}

#[test]
fn records_with_distinct_keys_are_refused_in_time() {
    let mut ndjson = String::new();
    for k in 0..9_999 {
        ndjson.push_str(&format!("{{\"k{k}\":1}}\n"));
    }
    ndjson.push_str(&"{}\n".repeat(15_000));
    let m = refused(
        &["inspect", "-"],
        ndjson.as_bytes(),
        "limit_exceeded",
        Duration::from_secs(10),
    );
    assert!(m.contains("maxTableBytes"), "{m}");
}

#[test]
fn an_open_quote_is_invalid_csv_naming_its_line() {
    let mut csv = String::from("host,cmd\nweb01,ok\nweb02,\"never closed\n");
    for i in 0..200_000 {
        csv.push_str(&format!("web{i},http://10.0.{}.{}/x\n", i % 250, i % 200));
    }
    let m = refused(
        &["ioc", "-", "--column", "cmd"],
        csv.as_bytes(),
        "invalid_csv",
        Duration::from_secs(20),
    );
    assert!(m.contains("line 3"), "{m}");
    // A quote opened mid-file that closes lines later names the quote.
    let m = refused(
        &["inspect", "-"],
        b"a,b\n1,\"x\n2,3\n4\",5\n6,7\n",
        "invalid_csv",
        Duration::from_secs(5),
    );
    assert!(m.contains("quote opened"), "{m}");
}

#[test]
fn values_at_the_end_of_the_f64_range_are_non_finite() {
    let mut csv = String::from("v\n");
    for i in 0..96 {
        csv.push_str(if i % 2 == 0 { "1e308\n" } else { "-1e308\n" });
    }
    refused(
        &["ts-anomalies", "-", "--value-column", "v", "--period", "24"],
        csv.as_bytes(),
        "non_finite",
        Duration::from_secs(10),
    );
}

#[test]
fn errors_name_what_is_wrong() {
    // An option value the engine refuses is bad usage: exit 2, naming the option.
    let (o, _) = huntkit(
        &[
            "ts-anomalies",
            "-",
            "--value-column",
            "v",
            "--period",
            "18446744073709551615",
        ],
        b"v\n1\n2\n3\n4\n",
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let m = stderr(&o);
    assert!(m.contains("invalid_option") && m.contains("period"), "{m}");
    assert!(!m.contains("trend"), "{m}");
    for year in ["1677-01-01T00:00:00Z", "2262-04-11 23:47:17", "0001-01-01"] {
        let csv = format!("TimeGenerated,v\n{year},1\n2024-01-01T00:00:00Z,2\n");
        let m = refused(
            &[
                "ts-anomalies",
                "-",
                "--time-column",
                "TimeGenerated",
                "--value-column",
                "v",
            ],
            csv.as_bytes(),
            "out of range",
            Duration::from_secs(5),
        );
        assert!(!m.contains("ISO-8601"), "{m}");
    }
}

#[test]
fn beacon_counts_events_without_a_usable_time() {
    let mut csv = String::from("t,src\n");
    for i in 0..200 {
        csv.push_str(&format!("{},a\n", 1_700_000_000 + i * 60));
    }
    csv.push_str("NaN,a\ninf,a\n-inf,a\n");
    let (o, _) = huntkit(
        &[
            "beacon",
            "-",
            "--time-column",
            "t",
            "--group-by",
            "src",
            "--format",
            "csv",
        ],
        csv.as_bytes(),
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("3 events have no usable time"),
        "{}",
        stderr(&o)
    );
    let out = String::from_utf8_lossy(&o.stdout);
    let header: Vec<&str> = out.lines().next().unwrap().split(',').collect();
    let row: Vec<&str> = out.lines().nth(1).unwrap().split(',').collect();
    let untimed = header.iter().position(|h| *h == "untimed").unwrap();
    assert_eq!(row[untimed], "3");
}

#[test]
fn utf16_with_a_stray_byte_decodes_and_deep_nesting_warns() {
    let mut bytes: Vec<u8> = "IEX (New-Object Net.WebClient)"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    bytes.push(b'A');
    let payload = base64_of(&bytes);
    let (o, _) = huntkit(&["decode", "-", "--format", "json"], payload.as_bytes());
    assert!(o.status.success(), "{}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("IEX (New-Object Net.WebClient)"), "{out}");
    assert!(out.contains("the last byte (0x41)"), "{out}");
    // Three layers of base64 with a depth limit of two.
    let mut nested = b"powershell -c whoami /all; net user administrator".to_vec();
    for _ in 0..3 {
        nested = base64_of(&nested).into_bytes();
    }
    let (o, _) = huntkit(&["decode", "-", "--max-depth", "2"], &nested);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("depth limit"), "{}", stderr(&o));
}

fn base64_of(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ABC[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[test]
fn garbage_of_every_format_is_refused_never_a_crash() {
    let cases: [&[u8]; 8] = [
        b"ARROW1\0\0\xff\xff\xff\xff",
        b"\xff\xff\xff\xff\x10\0\0\0garbage",
        b"[{\"a\":",
        b"{\"a\":1}\n{\"a\":",
        b"a,b\n\xff\xfe,1\n",
        b"\0\0\0\0",
        b"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
        b"{}",
    ];
    for input in cases {
        for cmd in [
            "inspect",
            "proctree",
            "ts-anomalies",
            "sessions",
            "ioc",
            "decode",
        ] {
            let (o, took) = huntkit(&[cmd, "-"], input);
            let code = o.status.code();
            assert!(
                matches!(code, Some(0..=2)),
                "{cmd} on {input:?}: {code:?} {}",
                stderr(&o)
            );
            assert!(took < Duration::from_secs(10));
        }
    }
}
