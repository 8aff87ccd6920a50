//! `all_occurrences`: every place an indicator occurs, for views that highlight them all.
// A failed expectation stops a test: panicking here is the point.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use huntkit_ioc::{Extractor, Options};

fn with_all(extra: Options) -> Extractor {
    Extractor::new(Options {
        all_occurrences: true,
        ..extra
    })
    .unwrap()
}

#[test]
fn later_occurrences_are_listed_once_each_in_text_order() {
    let text = "from 10.1.2.3 to evil.example.com, again 10.1.2.3 and evil.example.com; 10.1.2.3";
    let found = with_all(Options::default()).find(text);
    let ip = found
        .matches
        .iter()
        .find(|m| m.value == "10.1.2.3")
        .unwrap();
    assert_eq!((ip.start, ip.end), (5, 13));
    let spans: Vec<&str> = ip.repeats.iter().map(|[a, z]| &text[*a..*z]).collect();
    assert_eq!(spans, ["10.1.2.3", "10.1.2.3"]);
    assert_eq!(ip.repeats[0], [41, 49]);
    let dns = found
        .matches
        .iter()
        .find(|m| m.value == "evil.example.com")
        .unwrap();
    assert_eq!(dns.repeats.len(), 1);
    assert_eq!(
        &text[dns.repeats[0][0]..dns.repeats[0][1]],
        "evil.example.com"
    );
}

#[test]
fn defanged_repeats_point_at_the_text_as_written() {
    let text = "hxxp://bad[.]example[.]org/x then http://bad.example.org/x";
    let found = with_all(Options::default()).find(text);
    let url = found.matches.iter().find(|m| m.ioc_type == "url").unwrap();
    assert_eq!(url.raw, "hxxp://bad[.]example[.]org/x");
    assert_eq!(url.repeats.len(), 1);
    let [a, z] = url.repeats[0];
    assert_eq!(&text[a..z], "http://bad.example.org/x");
}

#[test]
fn off_by_default_and_absent_from_json() {
    let text = "1.2.3.4 1.2.3.4";
    let found = Extractor::new(Options::default()).unwrap().find(text);
    assert!(found.matches[0].repeats.is_empty());
    let json = serde_json::to_string(&found).unwrap();
    assert!(!json.contains("repeats"), "{json}");
}

#[test]
fn repeats_are_utf16_offsets_when_asked() {
    let text = "é 1.2.3.4 😀 1.2.3.4";
    let found = with_all(Options {
        utf16_offsets: true,
        ..Options::default()
    })
    .find(text);
    let m = &found.matches[0];
    let units: Vec<u16> = text.encode_utf16().collect();
    let [a, z] = m.repeats[0];
    assert_eq!(String::from_utf16(&units[a..z]).unwrap(), "1.2.3.4");
    assert_eq!((m.start, m.end), (2, 9));
}

#[test]
fn repeats_are_bounded_by_max_matches() {
    let text = "1.2.3.4 ".repeat(50);
    let found = with_all(Options {
        max_matches: 10,
        ..Options::default()
    })
    .find(&text);
    assert_eq!(found.matches.len(), 1);
    assert_eq!(found.matches[0].repeats.len(), 10);
    assert!(found.truncated);
}
