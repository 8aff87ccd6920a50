//! Hostile and odd input: no panics, spans on character boundaries with `raw` equal to
//! the text at the span, UTF-16 offsets consistent with byte offsets, limits honoured.
// A failed expectation stops a test or benchmark: panicking here is the point.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use huntkit_core::ErrorCode;
use huntkit_ioc::{Compat, CustomType, DefangMode, Extractor, JsonEscapes, Options};

/// Pieces that exercise every pattern's edges, defang forms and multi-byte text.
const PIECES: &[&str] = &[
    "[.]",
    "(.)",
    "[dot]",
    "[at]",
    "(at)",
    "[:]//",
    "[://]",
    "hxxp",
    "hXXps",
    "fxp",
    ".",
    ":",
    "::",
    "/",
    "//",
    "\\",
    "\\\\",
    "@",
    "%2F",
    "%3A",
    "'",
    "\"",
    "(",
    ")",
    "[",
    "]",
    "é",
    "𝔘",
    "中",
    " ",
    "\n",
    "1",
    "255",
    "999",
    "a",
    "ff",
    "0x",
    "com",
    "co.uk",
    "xn--",
    "-",
    "_",
    "HKLM",
    "pipe",
    "CVE-2021-",
    "T1059",
    "AS",
    "bc1q",
    "http://",
    "user",
    "c:",
    "..",
    "~",
    "%",
    "=",
    "?",
    "#",
    "{\"",
    "\"}",
    "\\\\",
    "\\n",
    "\\t",
    "\\\"",
    "\\u00e9",
    "\\ud83d\\ude80",
    "\\ud83d",
    "$",
    "_",
    "v",
    "version:",
];

fn lcg(seed: &mut u64) -> u64 {
    *seed = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    *seed >> 33
}

fn all() -> Vec<Extractor> {
    let mut v = Vec::new();
    for compat in [Compat::Huntkit, Compat::Msticpy] {
        for defang in [DefangMode::All, DefangMode::Fanged, DefangMode::Defanged] {
            v.push(
                Extractor::new(Options {
                    compat,
                    defang,
                    include_paths: true,
                    ..Options::default()
                })
                .unwrap(),
            );
        }
    }
    // JSON escapes decoded everywhere: every piece of soup goes through the map back.
    v.push(
        Extractor::new(Options {
            include_paths: true,
            json_escapes: JsonEscapes::Always,
            ..Options::default()
        })
        .unwrap(),
    );
    v
}

#[test]
fn random_piece_soup_keeps_span_invariants() {
    let exs = all();
    let utf16 = Extractor::new(Options {
        include_paths: true,
        utf16_offsets: true,
        ..Options::default()
    })
    .unwrap();
    let mut seed = 7u64;
    for _ in 0..3000 {
        let n = (lcg(&mut seed) % 40) as usize;
        let text: String = (0..n)
            .map(|_| PIECES[(lcg(&mut seed) as usize) % PIECES.len()])
            .collect();
        for ex in &exs {
            for m in ex.find(&text).matches {
                assert_eq!(text.get(m.start..m.end), Some(m.raw.as_str()), "{text:?}");
                assert!(!m.value.is_empty());
            }
        }
        let bytes = exs[0].find(&text).matches;
        let units = utf16.find(&text).matches;
        assert_eq!(bytes.len(), units.len());
        for (b, u) in bytes.iter().zip(&units) {
            assert_eq!(text[..b.start].encode_utf16().count(), u.start);
            assert_eq!(text[..b.end].encode_utf16().count(), u.end);
        }
    }
}

#[test]
fn hostile_runs_finish_and_find_nothing_false() {
    let ex = Extractor::new(Options {
        include_paths: true,
        ..Options::default()
    })
    .unwrap();
    for unit in [
        ".",
        ":",
        "a.",
        "1.",
        "a1:",
        "[.]",
        "a[.]",
        "\\",
        "/a",
        "hxxp[:]//",
        "%2F",
        "@a.",
        "\"C:\\a ",
        "'HKLM\\a b",
    ] {
        let text = unit.repeat(200_000 / unit.len());
        let found = ex.find(&text);
        for m in &found.matches {
            assert!(
                m.raw.len() < 10_000,
                "{unit}: a {}-byte {} match",
                m.raw.len(),
                m.ioc_type
            );
        }
    }
}

#[test]
fn hostile_json_finishes_with_exact_spans() {
    let ex = Extractor::new(Options {
        include_paths: true,
        ..Options::default()
    })
    .unwrap();
    for body in [
        "\\\\".repeat(100_000),
        "\\u00e9".repeat(30_000),
        "C:\\\\a\\\\".repeat(30_000),
        "\\\"C:\\\\x y\\\" ".repeat(20_000),
    ] {
        let text = format!("{{\"a\":\"{body}\"}}\n");
        for m in ex.find(&text).matches {
            assert_eq!(text.get(m.start..m.end), Some(m.raw.as_str()));
            assert!(m.raw.len() <= 2 * 4096 + 16, "{}", m.raw.len());
        }
    }
}

#[test]
fn limits_truncate() {
    let ex = Extractor::new(Options {
        max_matches: 5,
        ..Options::default()
    })
    .unwrap();
    let text: String = (0..50).map(|i| format!("8.8.{i}.1 ")).collect();
    let found = ex.find(&text);
    assert_eq!(found.matches.len(), 5);
    assert!(found.truncated);
    assert_eq!(
        Extractor::new(Options {
            max_matches: 0,
            ..Options::default()
        })
        .err()
        .map(|e| e.code()),
        Some("invalid_option")
    );
}

#[test]
fn custom_types_and_their_errors() {
    let ct = |name: &str, pattern: &str, group: Option<&str>| CustomType {
        name: name.into(),
        pattern: pattern.into(),
        priority: 0,
        group: group.map(String::from),
    };
    let ex = Extractor::new(Options {
        custom_types: vec![ct("ticket", r"INC(?P<num>[0-9]{6})", Some("num"))],
        ..Options::default()
    })
    .unwrap();
    assert!(ex.extract("see INC123456 now")["ticket"].contains("123456"));
    for (bad, why) in [
        (ct("x", "(", None), "regex"),
        (ct("x", "  ", None), "empty"),
        (ct("x", "a", Some("g")), "group"),
        (ct(" ", "a", None), "name"),
    ] {
        let err = Extractor::new(Options {
            custom_types: vec![bad],
            ..Options::default()
        })
        .err()
        .unwrap();
        assert_eq!(err.code(), "invalid_pattern", "{why}");
    }
    let err = Extractor::new(Options {
        types: Some(vec!["nope".into()]),
        ..Options::default()
    })
    .err()
    .unwrap();
    assert_eq!(err.code(), "unknown_type");
    // A custom type beats a built-in on the same string when its priority is lower.
    let ex = Extractor::new(Options {
        custom_types: vec![CustomType {
            priority: 0,
            ..ct("internal_host", r"[a-z]+\.corp\.example\.com", None)
        }],
        ..Options::default()
    })
    .unwrap();
    let r = ex.extract("ssh build.corp.example.com");
    assert!(r["internal_host"].contains("build.corp.example.com") && !r.contains_key("dns"));
}

#[test]
fn ignore_lists_and_private_ips() {
    let ex = Extractor::new(Options {
        ignore_domains: vec!["example.com".into()],
        ignore_cidrs: vec!["203.0.113.0/24".into()],
        ignore_values: vec!["EVIL.ORG".into()],
        exclude_private_ips: true,
        ..Options::default()
    })
    .unwrap();
    let r = ex.extract("a.example.com http://x.example.com/p evil.org good.net 203.0.113.7 10.0.0.1 8.8.8.8 fe80::1 2606:4700::1111 ops@mail.example.com");
    assert_eq!(
        r.get("dns").map(|s| s.iter().cloned().collect::<Vec<_>>()),
        Some(vec!["good.net".to_string()])
    );
    assert!(!r.contains_key("url") && !r.contains_key("email"));
    assert_eq!(
        r["ipv4"].iter().cloned().collect::<Vec<_>>(),
        vec!["8.8.8.8".to_string()]
    );
    assert_eq!(
        r["ipv6"].iter().cloned().collect::<Vec<_>>(),
        vec!["2606:4700::1111".to_string()]
    );
    let bad = Extractor::new(Options {
        ignore_cidrs: vec!["10.0.0.0/40".into()],
        ..Options::default()
    })
    .err()
    .unwrap();
    assert_eq!(bad.code(), "invalid_option");
}

#[test]
fn defang_mode_filters() {
    let text = "evil[.]com and good.com";
    let only = |defang| {
        Extractor::new(Options {
            defang,
            ..Options::default()
        })
        .unwrap()
        .extract(text)["dns"]
            .iter()
            .cloned()
            .collect::<Vec<_>>()
    };
    assert_eq!(only(DefangMode::Defanged), vec!["evil.com"]);
    assert_eq!(only(DefangMode::Fanged), vec!["good.com"]);
    assert_eq!(only(DefangMode::All), vec!["evil.com", "good.com"]);
}

#[test]
fn new_types_and_their_decoys() {
    let ex = Extractor::new(Options::default()).unwrap();
    let r = ex.extract(
        "T1059.001 TA0002 G0016 S0154 CVE-2021-44228 HKCU:\\Software\\Classes\\ms-settings AS13335 ASN 15169 \
         00-1A-2B-3C-4D-5E 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq \
         \\\\.\\pipe\\msagent_12 192.168.0.0/16 2001:db8::/32",
    );
    assert!(r["attack_technique"].contains("T1059.001"));
    assert!(r["attack_tactic"].contains("TA0002"));
    assert!(r["attack_group"].contains("G0016"));
    assert!(r["attack_software"].contains("S0154"));
    assert!(r["cve"].contains("CVE-2021-44228"));
    assert!(r["registry_key"].contains("HKCU:\\Software\\Classes\\ms-settings"));
    assert!(r["asn"].contains("AS13335") && r["asn"].contains("AS15169"));
    assert!(r["mac_address"].contains("00:1a:2b:3c:4d:5e"));
    assert!(r["ethereum_address"].contains("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"));
    assert!(r["bitcoin_address"].contains("bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"));
    assert!(r["win_named_pipe"].contains("\\\\.\\pipe\\msagent_12"));
    assert!(r["ipv4_cidr"].contains("192.168.0.0/16"));
    assert!(r["ipv6_cidr"].contains("2001:db8::/32"));
    assert!(
        !r.contains_key("sha1_hash"),
        "the wallet's hex is not a hash: {r:?}"
    );
    // Decoys: bad checksums, out-of-range IDs, a version string, a time.
    let r = ex.extract("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD 1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb T0999 TA0000 v1.2.3.4.5 at 10:20:30 10.0.19041.1");
    assert!(r.is_empty(), "{r:?}");
}

#[test]
fn validate_like_msticpy() {
    let ex = Extractor::new(Options::default()).unwrap();
    assert!(ex.validate("8.8.8.8", "ipv4").unwrap());
    assert!(!ex.validate("8.8.8.8 x", "ipv4").unwrap());
    assert!(ex.validate("www.microsoft.com", "hostname").unwrap());
    assert!(!ex.validate("domain.like.iandom", "dns").unwrap());
    assert!(ex
        .validate("00236a2ae558018ed13b5222ef1bd987", "file_hash")
        .unwrap());
    assert_eq!(ex.validate("x", "nope").unwrap_err().code(), "unknown_type");
}
