//! Reading real security data and hostile input through the table layer.
// A failed expectation stops a test or benchmark: panicking here is the point.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use huntkit_core::ErrorCode;
use std::sync::Arc;

use huntkit_core::arrow::array::{
    ArrayRef, DictionaryArray, Int32Array, LargeStringArray, StringViewArray,
    TimestampMillisecondArray,
};
use huntkit_core::arrow::datatypes::{Int16Type, Int8Type};
use huntkit_core::{inspect, read, read_owned, write, Format, ReadOptions, Table};

fn data(name: &str) -> Vec<u8> {
    let path = format!("{}/../../examples/data/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn opts() -> ReadOptions {
    ReadOptions::default()
}

#[test]
fn csv_and_arrow_of_the_same_data_agree() {
    let csv = read(&data("win_proc_test.csv"), &opts()).unwrap();
    let arrow = read(&data("win_proc_test.arrow"), &opts()).unwrap();
    assert_eq!(csv.num_rows(), 1000);
    assert_eq!(arrow.num_rows(), 1000);
    let a = csv.str_column("NewProcessName").unwrap();
    let b = arrow.str_column("NewProcessName").unwrap();
    assert!(a.iter().eq(b.iter()));
    assert_eq!(
        csv.timestamps("TimeGenerated").unwrap(),
        arrow.timestamps("TimeGenerated").unwrap()
    );
}

#[test]
fn every_sample_file_reads_and_inspects() {
    for name in [
        "host_logons.csv",
        "host_logons.arrow",
        "az_net_flows.csv",
        "linux_events.csv",
        "linux_proc_test.csv",
        "linux_proc_test.arrow",
        "process_tree.arrow",
        "processes_on_host.csv",
        "time_series.csv",
    ] {
        let t = read(&data(name), &opts()).unwrap_or_else(|e| panic!("{name}: {e}"));
        let info = inspect(&t).unwrap();
        assert!(info.rows > 0, "{name}");
        assert!(
            info.columns.iter().any(|c| c.time_range.is_some()),
            "{name} has a time column"
        );
    }
}

#[test]
fn time_series_csv_is_typed() {
    let t = read(&data("time_series.csv"), &opts()).unwrap();
    let info = inspect(&t).unwrap();
    assert_eq!(info.rows, 840);
    let tg = info
        .columns
        .iter()
        .find(|c| c.name == "TimeGenerated")
        .unwrap();
    assert!(tg.data_type.starts_with("Timestamp"), "{}", tg.data_type);
    let range = tg.time_range.as_ref().unwrap();
    assert!(range.start.starts_with("2019-05-01"), "{}", range.start);
    assert_eq!(t.floats("TotalBytesSent").unwrap().len(), 840);
}

#[test]
fn bom_quotes_and_embedded_newlines() {
    let csv = "\u{feff}a,\"b, with comma\",c\n1,\"two\nlines\",\"say \"\"hi\"\"\"\n,x,\n";
    let t = read(csv.as_bytes(), &opts()).unwrap();
    assert_eq!(t.column_names(), ["a", "b, with comma", "c"]);
    let b = t.str_column("b, with comma").unwrap();
    assert_eq!(b.get(0), Some("two\nlines"));
    assert_eq!(t.str_column("c").unwrap().get(0), Some("say \"hi\""));
    assert_eq!(t.ints("a").unwrap(), vec![Some(1), None]);
}

#[test]
fn duplicate_and_blank_headers_are_named_like_pandas() {
    let t = read(b"a,a,,a\n1,2,3,4\n", &opts()).unwrap();
    assert_eq!(t.column_names(), ["a", "a.1", "Unnamed: 2", "a.2"]);
}

#[test]
fn json_array_and_ndjson() {
    let j = br#"[{"host":"web01","n":1,"t":"2024-01-01T00:00:00Z","nested":{"k":[1,2]}},{"host":"web02","n":2.5,"extra":true}]"#;
    let t = read(j, &opts()).unwrap();
    assert_eq!(t.num_rows(), 2);
    assert_eq!(t.column_names(), ["host", "n", "t", "nested", "extra"]);
    assert_eq!(t.floats("n").unwrap(), vec![Some(1.0), Some(2.5)]);
    assert_eq!(
        t.str_column("nested").unwrap().get(0),
        Some(r#"{"k":[1,2]}"#)
    );
    assert_eq!(
        t.timestamps("t").unwrap(),
        vec![Some(1_704_067_200_000_000_000), None]
    );
    let nd = b"{\"a\":1}\n\n{\"a\":2,\"b\":\"x\"}\n";
    let t = read(nd, &opts()).unwrap();
    assert_eq!(t.ints("a").unwrap(), vec![Some(1), Some(2)]);
    assert_eq!(t.str_column("b").unwrap().get(0), None);
}

/// A table with every text layout Arrow has, a dictionary and a zoned time.
fn layouts() -> Table {
    let dict: DictionaryArray<Int8Type> = vec!["x", "y", "x"].into_iter().collect();
    Table::from_columns(vec![
        (
            "large".into(),
            Arc::new(LargeStringArray::from(vec!["a", "b", "c"])) as ArrayRef,
        ),
        (
            "view".into(),
            Arc::new(StringViewArray::from(vec![
                Some("a"),
                None,
                Some("a long string past twelve bytes"),
            ])),
        ),
        ("dict".into(), Arc::new(dict)),
        (
            "ms".into(),
            Arc::new(
                TimestampMillisecondArray::from(vec![Some(1), None, Some(3)])
                    .with_timezone("+02:00"),
            ),
        ),
        ("pid".into(), Arc::new(Int32Array::from(vec![1, 2, 3]))),
    ])
    .unwrap()
}

#[test]
fn every_string_layout_and_time_unit() {
    let t = layouts();
    assert_eq!(t.str_column("large").unwrap().get(2), Some("c"));
    assert_eq!(
        t.str_column("view").unwrap().get(2),
        Some("a long string past twelve bytes")
    );
    assert_eq!(
        t.str_column("dict").unwrap().iter().collect::<Vec<_>>(),
        [Some("x"), Some("y"), Some("x")]
    );
    assert_eq!(
        t.timestamps("ms").unwrap(),
        vec![Some(1_000_000), None, Some(3_000_000)]
    );
    assert_eq!(t.str_column("pid").unwrap().get(1), Some("2"));
    // Round trip through every output format keeps the rows.
    for f in [
        Format::ArrowStream,
        Format::ArrowFile,
        Format::Csv,
        Format::Ndjson,
    ] {
        let bytes = write(&t, f).unwrap();
        assert_eq!(read(&bytes, &opts()).unwrap().num_rows(), 3, "{f:?}");
    }
}

#[test]
fn hex_and_float_pids() {
    let t = read(b"pid,f\n0x1f4,500.0\n1234,\n", &opts()).unwrap();
    assert_eq!(t.ints("pid").unwrap(), vec![Some(500), Some(1234)]);
    assert_eq!(t.ints("f").unwrap(), vec![Some(500), None]);
}

fn code(bytes: &[u8]) -> &'static str {
    let borrowed = read(bytes, &opts()).unwrap_err().code();
    let owned = read_owned(bytes.to_vec(), &opts()).unwrap_err().code();
    assert_eq!(borrowed, owned, "{} bytes", bytes.len());
    borrowed
}

#[test]
fn garbage_gets_a_coded_error() {
    let arrow = data("host_logons.arrow");
    assert_eq!(code(b""), "empty_input");
    assert_eq!(code(b"   \n\t"), "empty_input");
    assert_eq!(code(&arrow[..arrow.len() / 2]), "invalid_arrow");
    assert_eq!(code(b"ARROW1\0\0garbage"), "invalid_arrow");
    assert_eq!(
        code(&[0xFF, 0xFF, 0xFF, 0xFF, 0x10, 0, 0, 0, 1, 2, 3]),
        "invalid_arrow"
    );
    assert_eq!(code(b"\x00\x01\x02binary"), "unknown_format");
    assert_eq!(code(b"PAR1...."), "unknown_format");
    assert_eq!(code(b"a,b\n1,2\n3\n"), "invalid_csv");
    assert_eq!(code(b"a,b\n1,\xff\xfe\n"), "invalid_utf8");
    assert_eq!(code(b"[{\"a\":1},"), "invalid_json");
    assert_eq!(code(b"[1,2,3]"), "invalid_json");
    assert_eq!(code(b"{\"a\":1}\n{oops}\n"), "invalid_json");
}

#[test]
fn error_messages_say_where() {
    let e = read(b"a,b\n1,2\n3\n", &opts()).unwrap_err();
    assert_eq!(
        e.to_string(),
        "invalid CSV at line 3: the record has 1 fields but the header has 2"
    );
    let e = read(b"{\"a\":1}\n{oops}\n", &opts()).unwrap_err();
    assert!(
        e.to_string()
            .starts_with("invalid JSON at line 2, column 2"),
        "{e}"
    );
    let t = read(b"a\nx\n", &opts()).unwrap();
    let e = t.str_column("b").unwrap_err();
    assert_eq!(e.code(), "column_not_found");
    assert_eq!(
        e.to_string(),
        "column \"b\" not found; the table has columns \"a\""
    );
    let e = t.ints("a").unwrap_err();
    assert_eq!(
        e.to_string(),
        "column \"a\", row 0: \"x\" is not an integer"
    );
}

#[test]
fn limits_bound_hostile_input() {
    let one_line = vec![b'A'; 100 << 20];
    let e = read(&one_line, &opts()).unwrap_err();
    assert_eq!(e.code(), "limit_exceeded");
    assert!(e.to_string().contains("maxFieldBytes"), "{e}");
    let small = ReadOptions {
        max_rows: 2,
        ..opts()
    };
    assert_eq!(
        read(b"a\n1\n2\n3\n", &small).unwrap_err().code(),
        "limit_exceeded"
    );
    let deep = format!("[{{\"a\":{}1{}}}]", "[".repeat(100), "]".repeat(100));
    assert_eq!(
        read(deep.as_bytes(), &opts()).unwrap_err().code(),
        "limit_exceeded"
    );
    let wide = ReadOptions {
        max_columns: 3,
        ..opts()
    };
    assert_eq!(
        read(b"a,b,c,d\n1,2,3,4\n", &wide).unwrap_err().code(),
        "limit_exceeded"
    );
    let tiny = ReadOptions {
        max_bytes: 4,
        ..opts()
    };
    assert_eq!(
        read(b"a,b\n1,2\n", &tiny).unwrap_err().code(),
        "limit_exceeded"
    );
}

#[test]
fn numbers_shown_as_text_stay_short() {
    let t = read(br#"[{"v":1e308},{"v":"x"}]"#, &opts()).unwrap();
    assert_eq!(t.str_column("v").unwrap().get(0), Some("1e308"));
    let t = read(b"v\n1e308\n2.5\n", &opts()).unwrap();
    assert_eq!(t.str_column("v").unwrap().get(0), Some("1e308"));
}

#[test]
fn fuzz_found_inputs_are_errors() {
    // Arrow IPC whose buffer metadata points past the message body (arrow-ipc panics on it).
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fuzz");
    for entry in std::fs::read_dir(dir).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        let e = read(&bytes, &opts()).unwrap_err();
        assert_eq!(e.code(), "invalid_arrow", "{e}");
        let e = read_owned(bytes, &opts()).unwrap_err();
        assert_eq!(e.code(), "invalid_arrow", "{e}");
    }
}

#[test]
fn owned_arrow_is_read_where_it_lies_and_as_borrowed_arrow_is() {
    let mut inputs: Vec<(String, Vec<u8>)> = [
        "host_logons.arrow",
        "linux_proc_test.arrow",
        "process_tree.arrow",
        "win_proc_test.arrow",
    ]
    .into_iter()
    .map(|name| (name.to_string(), data(name)))
    .collect();
    let procs = read(&data("win_proc_test.arrow"), &opts()).unwrap();
    for f in [Format::ArrowStream, Format::ArrowFile] {
        inputs.push((format!("layouts {f:?}"), write(&layouts(), f).unwrap()));
        inputs.push((format!("win_proc_test {f:?}"), write(&procs, f).unwrap()));
    }
    // Bytes after a stream's end-of-stream marker are not part of it.
    let mut trailing = write(&layouts(), Format::ArrowStream).unwrap();
    trailing.extend_from_slice(b"\x01\x02\x03\x04\x05\x06\x07\x08 not arrow");
    inputs.push(("stream with bytes after its end".to_string(), trailing));
    for (name, bytes) in inputs {
        let borrowed = read(&bytes, &opts()).unwrap_or_else(|e| panic!("{name}: {e}"));
        let owned = read_owned(bytes, &opts()).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(owned.num_rows() > 0, "{name}");
        assert_eq!(owned.batches(), borrowed.batches(), "{name}");
    }
    // The text of an owned file's column is the file's own bytes, not a copy of them.
    let bytes = data("win_proc_test.arrow");
    let range = bytes.as_ptr_range();
    let owned = read_owned(bytes, &opts()).unwrap();
    let column = owned.batches()[0].column_by_name("CommandLine").unwrap();
    let text = column.to_data().buffers()[1].as_ptr();
    assert!(range.contains(&text), "the column was copied");
    // Not Arrow: parsed from the bytes as `read` parses them.
    let csv = read_owned(data("host_logons.csv"), &opts()).unwrap();
    assert_eq!(
        csv.batches(),
        read(&data("host_logons.csv"), &opts()).unwrap().batches()
    );
}

#[test]
fn every_arrow_type_pyarrow_writes_reads() {
    // Written by pyarrow: null, dictionary, list, large list, struct, fixed-size list,
    // map, large string, string and binary views, decimal, zoned timestamp, bool,
    // fixed-size binary, duration, int8, date and a list of dictionaries; the file has
    // two batches. The checks made before arrow-ipc reads must let all of it through.
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data");
    for (name, rows) in [("pyarrow_types.arrow", 6), ("pyarrow_types.stream", 3)] {
        let bytes = std::fs::read(format!("{dir}/{name}")).unwrap();
        let borrowed = read(&bytes, &opts()).unwrap_or_else(|e| panic!("{name}: {e}"));
        let owned = read_owned(bytes, &opts()).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(borrowed.num_rows(), rows, "{name}");
        assert_eq!(borrowed.column_names().len(), 18, "{name}");
        assert_eq!(owned.batches(), borrowed.batches(), "{name}");
        assert_eq!(
            owned.str_column("sv").unwrap().get(1),
            Some("a much longer string value here")
        );
    }
}

#[test]
fn a_dictionary_batch_is_checked_as_its_values_not_its_keys() {
    // Dictionary values ["a", "b"] with 16-bit keys: the dictionary batch's offsets buffer
    // is 12 bytes. Declared as 14 it still fits its body and its width as a key buffer (2
    // bytes), but not as offsets (4 bytes), which Arrow's validation would panic on.
    let dict: DictionaryArray<Int16Type> = vec!["a", "b", "a"].into_iter().collect();
    let t = Table::from_columns(vec![("d".into(), Arc::new(dict) as ArrayRef)]).unwrap();
    let mut bytes = write(&t, Format::ArrowStream).unwrap();
    assert_eq!(read(&bytes, &opts()).unwrap().num_rows(), 3);
    let mut offsets = [0u8; 16];
    offsets[8..].copy_from_slice(&12i64.to_le_bytes());
    let at = bytes
        .windows(16)
        .position(|w| w == offsets)
        .expect("the offsets buffer's entry");
    bytes[at + 8] = 14;
    assert_eq!(code(&bytes), "invalid_arrow");
}

#[test]
fn records_with_distinct_keys_cost_their_values_not_keys_times_records() {
    // 9,999 records each with a key of its own, then 15,000 empty ones: 164 KB that
    // would be a table of 250 million cells.
    let mut ndjson = String::new();
    for k in 0..9_999 {
        ndjson.push_str(&format!("{{\"k{k}\":1}}\n"));
    }
    ndjson.push_str(&"{}\n".repeat(15_000));
    let started = std::time::Instant::now();
    let e = read(ndjson.as_bytes(), &opts()).unwrap_err();
    assert_eq!(e.code(), "limit_exceeded");
    assert!(e.to_string().contains("maxTableBytes"), "{e}");
    assert!(e.to_string().contains("24999 records × 9999 keys"), "{e}");
    assert!(started.elapsed().as_secs() < 5, "{:?}", started.elapsed());
    // Sparse but legitimate input reads, absent keys as nulls.
    let t = read(b"{\"a\":1}\n{\"b\":\"x\"}\n{}\n{\"a\":3}\n", &opts()).unwrap();
    assert_eq!(t.ints("a").unwrap(), vec![Some(1), None, None, Some(3)]);
    let b = t.str_column("b").unwrap();
    assert_eq!((b.get(0), b.get(1), b.get(2)), (None, Some("x"), None));
    // An explicit budget is honoured.
    let tight = ReadOptions {
        max_table_bytes: Some(16),
        ..opts()
    };
    assert_eq!(
        read(b"[{\"a\":1},{\"a\":2},{\"a\":3}]", &tight)
            .unwrap_err()
            .code(),
        "limit_exceeded"
    );
}

#[test]
fn a_quote_left_open_is_an_error_naming_its_line() {
    let mut csv = String::from("host,cmd\nweb01,ok\nweb02,\"never closed\n");
    for i in 0..1000 {
        csv.push_str(&format!("web{i},http://10.0.0.{}/x\n", i % 250));
    }
    let e = read(csv.as_bytes(), &opts()).unwrap_err();
    assert_eq!(e.code(), "invalid_csv");
    assert!(e.to_string().contains("at line 3"), "{e}");
    assert!(e.to_string().contains("quote opened on line 3"), "{e}");
    // `lenient` reads it as before, and says so in the schema's metadata.
    let lenient = ReadOptions {
        lenient: true,
        ..opts()
    };
    let t = read(csv.as_bytes(), &lenient).unwrap();
    assert_eq!(t.num_rows(), 2);
    let warning = t
        .schema()
        .metadata()
        .get(huntkit_core::WARNING_KEY)
        .cloned();
    assert!(warning.unwrap().contains("line 3"));
    assert!(t.warning().is_some_and(|w| w.contains("line 3")));
    let info = huntkit_core::inspect(&t).unwrap();
    assert_eq!(info.warnings.len(), 1);
    assert!(huntkit_core::inspect(&read(b"a\n1\n", &opts()).unwrap())
        .unwrap()
        .warnings
        .is_empty());
    // Doubled quotes inside a closed field, and quotes inside an unquoted field, are fine.
    let ok = read(b"a,b\n\"say \"\"hi\"\"\",x\"y\n", &opts()).unwrap();
    assert_eq!(ok.str_column("a").unwrap().get(0), Some("say \"hi\""));
    // A quote opened mid-file and closed later names the quote, not only a field count.
    let e = read(b"a,b\n1,\"x\n2,3\n4,5\"\n6,7\n\"8\",9,10\n", &opts()).unwrap_err();
    assert_eq!(e.code(), "invalid_csv");
    let e = read(b"a,b\n1,\"x\n2,3\n4\",5\n6,7\n", &opts()).unwrap_err();
    assert!(e.to_string().contains("quote opened"), "{e}");
}

#[test]
fn timestamps_outside_the_nanosecond_range_say_so() {
    for text in ["1677-01-01T00:00:00Z", "2262-04-11 23:47:17", "0001-01-01"] {
        let csv = format!("t,v\n{text},1\n");
        let t = read(csv.as_bytes(), &opts()).unwrap();
        let e = t.timestamps("t").unwrap_err();
        assert!(e.to_string().contains("out of range"), "{text}: {e}");
    }
    let t = read(b"t,v\nyesterday,1\n", &opts()).unwrap();
    let e = t.timestamps("t").unwrap_err();
    assert!(e.to_string().contains("not an ISO-8601 timestamp"), "{e}");
}
