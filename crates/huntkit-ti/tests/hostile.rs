//! Hostile feeds: every kind must come back as a coded error or a (partial) feed, never
//! a panic. Test helpers outside `#[test]` functions may panic.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use huntkit_core::ErrorCode;
use huntkit_ti::{Error, FeedKind, FeedOptions, FeedSet};

const KINDS: [FeedKind; 5] = [
    FeedKind::Plain,
    FeedKind::Csv,
    FeedKind::MispWarninglist,
    FeedKind::MispEvent,
    FeedKind::Stix,
];

fn read(bytes: &[u8], kind: Option<FeedKind>) -> Result<huntkit_ti::FeedSummary, Error> {
    let mut feeds = FeedSet::new();
    feeds.add_bytes(
        bytes,
        &FeedOptions {
            kind,
            ..FeedOptions::default()
        },
    )
}

#[test]
fn truncated_json_names_the_line() {
    let event = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/misp-event.json"
    ))
    .unwrap();
    let stix = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/stix-bundle.json"
    ))
    .unwrap();
    let list = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/misp-warninglists/rfc1918.json"
    ))
    .unwrap();
    for (doc, kind) in [
        (event, FeedKind::MispEvent),
        (stix, FeedKind::Stix),
        (list, FeedKind::MispWarninglist),
    ] {
        for cut in [1, doc.len() / 3, doc.len() / 2, doc.len() - 2] {
            let e = read(&doc[..cut], Some(kind)).unwrap_err();
            assert_eq!(e.code(), "invalid_feed", "{kind:?} cut at {cut}: {e}");
            let Error::InvalidFeed { line, .. } = e else {
                panic!()
            };
            let lines = doc[..cut].iter().filter(|&&b| b == b'\n').count() + 1;
            assert_eq!(line, lines, "{kind:?} cut at {cut}");
        }
    }
}

#[test]
fn huge_lines_and_feeds_are_limit_errors() {
    let mut big = b"1.2.3.4\n".to_vec();
    big.extend(std::iter::repeat_n(b'a', 1 << 20));
    for kind in [FeedKind::Plain, FeedKind::Csv] {
        let e = read(&big, Some(kind)).unwrap_err();
        assert_eq!(e.code(), "limit_exceeded", "{kind:?}: {e}");
    }
    let mut feeds = FeedSet::new();
    let opts = FeedOptions {
        max_feed_bytes: 100,
        ..FeedOptions::default()
    };
    let e = feeds.add_bytes(&[b'1'; 101], &opts).unwrap_err();
    assert_eq!(e.code(), "limit_exceeded");
    let many: String = (0..1000)
        .map(|i| format!("10.0.{}.{}\n", i / 256, i % 256))
        .collect();
    let opts = FeedOptions {
        max_entries: 999,
        ..FeedOptions::default()
    };
    assert_eq!(
        feeds.add_bytes(many.as_bytes(), &opts).unwrap_err().code(),
        "limit_exceeded"
    );
    let list = format!(
        r#"{{"type":"cidr","list":[{}]}}"#,
        vec!["\"10.0.0.0/8\""; 1000].join(",")
    );
    assert_eq!(
        feeds.add_bytes(list.as_bytes(), &opts).unwrap_err().code(),
        "limit_exceeded"
    );
}

#[test]
fn bad_cidrs_are_skipped_not_fatal() {
    let list = br#"{"name":"bad","type":"cidr","list":["10.0.0.0/33","999.0.0.0/8","::/129","10.0.0.0/-1","/8","10.0.0.0/8/8","", 7, null, "192.168.0.0/16"]}"#;
    let s = read(list, None).unwrap();
    assert_eq!((s.entries, s.skipped), (1, 9));
    let plain = b"10.0.0.0/33\n1.1.1.1/0\n0.0.0.0/0\n::/0\n";
    let mut feeds = FeedSet::new();
    let s = feeds.add_bytes(plain, &FeedOptions::default()).unwrap();
    assert_eq!((s.entries, s.skipped), (3, 1));
    // /0 ranges match everything of their family.
    assert_eq!(feeds.lookup("203.0.113.1", None).len(), 1);
    assert_eq!(feeds.lookup("2001:db8::1", None).len(), 1);
}

#[test]
fn deep_nesting_and_wrong_shapes_are_coded_errors() {
    let deep = format!("{}{}", "[".repeat(50_000), "]".repeat(50_000));
    let objects = format!(
        "{{\"objects\":{}{}}}",
        "[".repeat(50_000),
        "]".repeat(50_000)
    );
    let cases: Vec<(&[u8], FeedKind)> = vec![
        (deep.as_bytes(), FeedKind::MispEvent),
        (deep.as_bytes(), FeedKind::Stix),
        (deep.as_bytes(), FeedKind::MispWarninglist),
        (objects.as_bytes(), FeedKind::Stix),
        (b"{\"objects\": 5}", FeedKind::Stix),
        (b"\"text\"", FeedKind::Stix),
        (b"{\"list\": \"x\"}", FeedKind::MispWarninglist),
        (b"{\"Event\": 3}", FeedKind::MispEvent),
        (b"[]", FeedKind::MispEvent),
    ];
    for (doc, kind) in cases {
        let e = read(doc, Some(kind)).unwrap_err();
        assert_eq!(e.code(), "invalid_feed", "{kind:?}: {e}");
    }
}

#[test]
fn garbage_never_panics() {
    // A fixed pseudo-random sequence (xorshift), so a failure can be replayed.
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let alphabet = b"{}[]\":,.#/\\'=|;\n\r\t 0123456789abcdefxAS:-@[.]hxxp\xff\xfe\x00";
    for round in 0..3000 {
        let len = (next() % 400) as usize;
        let bytes: Vec<u8> = (0..len)
            .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
            .collect();
        for kind in KINDS.map(Some).into_iter().chain([None]) {
            let mut feeds = FeedSet::new();
            if feeds
                .add_bytes(
                    &bytes,
                    &FeedOptions {
                        kind,
                        ..FeedOptions::default()
                    },
                )
                .is_ok()
            {
                let text = String::from_utf8_lossy(&bytes);
                for word in text.split_whitespace().take(20) {
                    let _ = feeds.lookup(word, None);
                }
            }
            let _ = round;
        }
    }
}

#[test]
fn json_kinds_from_garbled_real_shapes() {
    let stix = br#"{"type":"bundle","objects":[{"type":"indicator","pattern":5},{"type":"indicator","pattern":"[","pattern_type":7},{"type":"indicator","pattern":"[ipv4-addr:value = '1.2.3.4']","indicator_types":"oops","external_references":{"url":1}}]}"#;
    let s = read(stix, None).unwrap();
    assert_eq!((s.entries, s.skipped), (1, 2));
    let misp = br#"{"Event":{"Attribute":[{"type":"ip-dst"},{"type":"ip-dst","value":7},{"type":"domain|ip","value":"|"},{"type":"ip-dst","value":"1.2.3.4","to_ids":"1"}],"Object":[{"Attribute":"x"},5]}}"#;
    let s = read(misp, None).unwrap();
    assert_eq!(s.entries, 1);
}
