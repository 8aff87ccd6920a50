//! Parity with MSTICPy 3.0.2's `unpack_items`/`unpack`/`unpack_df`, against the output
//! MSTICPy itself produced (`fixtures/make_fixtures.py` writes `msticpy_expected.json`).
// A failed expectation stops a test or benchmark: panicking here is the point.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use huntkit_core::ErrorCode;
use std::collections::BTreeSet;

use arrow::array::{Array, BinaryArray, Int64Array, StringArray};
use huntkit_decode::{decode_column, Compat, DecodeOptions, Decoder, Record};
use serde_json::Value;

const EXPECTED: &str = include_str!("fixtures/msticpy_expected.json");
const BASE64MSG: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../examples/data/base64msg.txt"
));
const INZIP: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../examples/data/b64text_inzip.txt"
));

fn cases() -> Vec<Value> {
    serde_json::from_str::<Value>(EXPECTED)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

fn case(name: &str) -> Value {
    cases().into_iter().find(|c| c["name"] == name).unwrap()
}

fn compat(utf16: bool) -> DecodeOptions {
    DecodeOptions {
        compat: Compat::Msticpy,
        utf16: Some(utf16),
        ..DecodeOptions::default()
    }
}

fn joined_reference(expected: &Value) -> String {
    expected["reference"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect()
}

fn assert_record(name: &str, got: &Record, want: &Value) {
    let ctx = format!("case {name}, record {}", got.reference);
    assert_eq!(got.reference, joined_reference(want), "{ctx}");
    assert_eq!(
        &*got.original_string,
        want["original_string"].as_str().unwrap(),
        "{ctx}"
    );
    assert_eq!(got.file_name, want["file_name"].as_str().unwrap(), "{ctx}");
    assert_eq!(
        got.file_type.as_deref(),
        want["file_type"].as_str(),
        "{ctx}"
    );
    assert_eq!(
        hex::encode(&got.input_bytes),
        want["input_bytes"].as_str().unwrap(),
        "{ctx}"
    );
    assert_eq!(
        got.decoded_string.as_deref(),
        want["decoded_string"].as_str(),
        "{ctx}"
    );
    assert_eq!(
        got.encoding_type,
        want["encoding_type"].as_str().unwrap(),
        "{ctx}"
    );
    assert_eq!(got.hashes.md5, want["md5"].as_str().unwrap(), "{ctx}");
    assert_eq!(got.hashes.sha1, want["sha1"].as_str().unwrap(), "{ctx}");
    assert_eq!(got.hashes.sha256, want["sha256"].as_str().unwrap(), "{ctx}");
    assert!(want["printable_bytes_ok"].as_bool().unwrap());
    let printable: Vec<String> = got.input_bytes.iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(got.printable_bytes, printable.join(" "), "{ctx}");
}

#[test]
fn every_string_case_matches_msticpy() {
    let mut checked = 0;
    for c in cases() {
        let mode = c["mode"].as_str().unwrap();
        if mode == "df" {
            continue;
        }
        let name = c["name"].as_str().unwrap();
        let utf16 = c["utf16"].as_bool().unwrap_or(false);
        let decoder = Decoder::new(&compat(utf16)).unwrap();
        let input = c["input"].as_str().unwrap();
        let out = if mode == "items" {
            decoder.decode(input)
        } else {
            decoder.decode_unpadded(input)
        };
        let want = &c["expected"];
        assert_eq!(
            out.text,
            want["text"].as_str().unwrap(),
            "case {name}: decoded text"
        );
        let records = want["records"].as_array().unwrap();
        assert_eq!(
            out.records.len(),
            records.len(),
            "case {name}: record count"
        );
        for (got, want) in out.records.iter().zip(records) {
            assert_record(name, got, want);
        }
        assert!(!out.truncated);
        checked += 1;
    }
    assert_eq!(checked, 13);
}

#[test]
fn base64msg_gives_8_by_12_three_times() {
    let options = compat(false);
    let decoder = Decoder::new(&options).unwrap();
    let first = decoder.decode(BASE64MSG);
    for _ in 0..3 {
        let out = decoder.decode(BASE64MSG);
        assert_eq!(out, first, "repeated calls are stable");
        let batch = out.to_batch(&options).unwrap();
        assert_eq!((batch.num_rows(), batch.num_columns()), (8, 12));
    }
    assert!(first.text.starts_with(
        "There should be a tar file here:<decoded value='multiple binary' type='multiple' index='1' depth='1'>\
         <decoded type='string' name='[tar] Filename: dllenc.txt' index='1.1' depth='2'>-----BEGIN CERTIFICATE-----\
         <decoded value='binary'  name='[None]' type='None' index='2.1' depth='2'>3e 7b f4 bf"
    ));
    assert!(first.text.ends_with("And this is the end."));
    let md5: Vec<&str> = first
        .records
        .iter()
        .map(|r| r.hashes.md5.as_str())
        .collect();
    assert_eq!(
        md5,
        [
            "9fd687fb66a85f89cc413728a179fb0d",
            "87adcc213a88d165d4da4ad89827c438",
            "709ca834c405231a89d0c7c9d732fc98",
            "9fd687fb66a85f89cc413728a179fb0d",
            "87adcc213a88d165d4da4ad89827c438",
            "709ca834c405231a89d0c7c9d732fc98",
            "69fbfeacd07be73e29b7786f663aba07",
            "3414109cd3c337be290997995549fa96",
        ]
    );
}

#[test]
fn inzip_gives_2_by_12_and_the_padding_quirk() {
    let options = compat(false);
    let out = Decoder::new(&options).unwrap().decode(INZIP);
    let batch = out.to_batch(&options).unwrap();
    assert_eq!((batch.num_rows(), batch.num_columns()), (2, 12));
    // Q-B1: the whole input is padded with `A`.
    assert!(out.text.ends_with('A'));
    assert!(!Decoder::new(&options)
        .unwrap()
        .decode_unpadded(INZIP)
        .text
        .ends_with('A'));
}

#[test]
fn table_mode_gives_16_by_15() {
    let c = case("df_two_rows");
    let want = c["expected"]["records"].as_array().unwrap();
    assert_eq!(c["expected"]["shape"], serde_json::json!([16, 15]));
    let options = compat(false);
    let batch = decode_column([Some(BASE64MSG), Some(BASE64MSG)], "input", &options).unwrap();
    assert_eq!((batch.num_rows(), batch.num_columns()), (16, 15));
    let names: Vec<String> = batch
        .schema()
        .fields()
        .iter()
        .map(|f| f.name().clone())
        .collect();
    let want_names: Vec<String> = c["expected"]["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect();
    assert_eq!(names, want_names);
    let col = |n: &str| batch.column_by_name(n).unwrap().clone();
    let reference = col("reference");
    let reference = reference.as_any().downcast_ref::<StringArray>().unwrap();
    let md5 = col("md5");
    let md5 = md5.as_any().downcast_ref::<StringArray>().unwrap();
    let src = col("src_index");
    let src = src.as_any().downcast_ref::<Int64Array>().unwrap();
    let full = col("full_decoded_string");
    let full = full.as_any().downcast_ref::<StringArray>().unwrap();
    let cell = col("input");
    let cell = cell.as_any().downcast_ref::<StringArray>().unwrap();
    let bytes = col("input_bytes");
    let bytes = bytes.as_any().downcast_ref::<BinaryArray>().unwrap();
    for (i, w) in want.iter().enumerate() {
        assert_eq!(reference.value(i), joined_reference(w));
        assert_eq!(md5.value(i), w["md5"].as_str().unwrap());
        assert_eq!(src.value(i), w["src_index"].as_i64().unwrap());
        assert_eq!(full.value(i), w["full_decoded_string"].as_str().unwrap());
        assert_eq!(cell.value(i), BASE64MSG);
        assert_eq!(
            hex::encode(bytes.value(i)),
            w["input_bytes"].as_str().unwrap()
        );
    }
    assert_eq!(full.null_count(), 0);
}

/// huntkit's own mode finds every item MSTICPy finds (same bytes, same hashes), and more.
#[test]
fn default_mode_finds_what_msticpy_finds() {
    for name in [
        "base64msg",
        "b64text_inzip",
        "simple",
        "nested",
        "kusto",
        "gzip_cradle",
        "ps_encoded_utf16",
        "echo_pipe_sh",
        "non_ascii",
    ] {
        let c = case(name);
        let out = huntkit_decode::decode(c["input"].as_str().unwrap(), &DecodeOptions::default())
            .unwrap();
        let ours: BTreeSet<&str> = out
            .records
            .iter()
            .map(|r| r.hashes.sha256.as_str())
            .collect();
        for want in c["expected"]["records"].as_array().unwrap() {
            let sha = want["sha256"].as_str().unwrap();
            assert!(ours.contains(sha), "case {name}: missing item {sha}");
            let got = out.records.iter().find(|r| r.hashes.sha256 == sha).unwrap();
            if let Some(text) = want["decoded_string"].as_str() {
                if want["encoding_type"] == "utf-16" || name != "ps_encoded_default" {
                    assert_eq!(got.decoded_string.as_deref(), Some(text), "case {name}");
                }
            }
        }
        assert!(!out.truncated, "case {name}");
    }
}

#[test]
fn default_mode_reads_powershell_utf16_without_being_asked() {
    let c = case("ps_encoded_default");
    let out =
        huntkit_decode::decode(c["input"].as_str().unwrap(), &DecodeOptions::default()).unwrap();
    assert_eq!(out.records.len(), 1);
    assert_eq!(out.records[0].encoding_type, "utf-16");
    assert_eq!(
        out.records[0].decoded_string.as_deref(),
        Some("Write-Host 'hello from an encoded command'; Start-Sleep 1")
    );
}

#[test]
fn table_mode_reads_any_table_format() {
    let mut csv = String::from("id,input\n");
    for i in 0..2 {
        csv.push_str(&format!("{i},\"{}\"\n", BASE64MSG.replace('"', "\"\"")));
    }
    csv.push_str("2,nothing encoded here\n");
    let table = huntkit_core::read(csv.as_bytes(), &huntkit_core::ReadOptions::default()).unwrap();
    let options = compat(false);
    let out = huntkit_decode::decode_table(&table, "input", &options).unwrap();
    assert_eq!((out.num_rows(), out.num_columns()), (16, 15));
    let missing = huntkit_decode::decode_table(&table, "nope", &options).unwrap_err();
    assert_eq!(missing.code(), "column_not_found");
    let ours = huntkit_decode::decode_table(&table, "input", &DecodeOptions::default()).unwrap();
    assert_eq!(ours.num_columns(), 19);
    assert_eq!(ours.num_rows(), 32);
}
