//! Lookups against the real feeds of `tests/data` and the fixtures written for them.
//! Test helpers outside `#[test]` functions may panic.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use huntkit_core::{ErrorCode, ReadOptions};
use huntkit_ti::{
    detect, FeedKind, FeedOptions, FeedSet, IocType, LookupOptions, Severity, RESULT_COLUMNS,
    SOURCE_INDEX,
};

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data");

fn bytes(name: &str) -> Vec<u8> {
    std::fs::read(format!("{DATA}/{name}")).unwrap()
}

fn named(name: &str) -> FeedOptions {
    FeedOptions {
        name: Some(name.to_string()),
        ..FeedOptions::default()
    }
}

fn set(files: &[&str]) -> FeedSet {
    let mut feeds = FeedSet::new();
    for f in files {
        let name = f
            .rsplit('/')
            .next()
            .unwrap()
            .trim_end_matches(".json")
            .trim_end_matches(".txt");
        let opts = if f.contains("misp-warninglists") {
            FeedOptions::default()
        } else {
            named(name)
        };
        feeds.add_bytes(&bytes(f), &opts).unwrap();
    }
    feeds
}

#[test]
fn every_ipsum_level3_address_is_a_hit_and_others_are_not() {
    let text = String::from_utf8(bytes("ipsum-level3.txt")).unwrap();
    let feeds = set(&["ipsum-level3.txt"]);
    let summary = &feeds.summaries()[0];
    assert_eq!(
        (summary.kind, summary.entries, summary.skipped),
        (FeedKind::Plain, 14_217, 0)
    );
    let listed: Vec<&str> = text.lines().collect();
    assert_eq!(feeds.count_hits(listed.iter().copied(), None), listed.len());
    let r = &feeds.lookup(listed[0], None)[0];
    assert_eq!(
        (r.provider.as_str(), r.result, r.severity, r.ioc_type),
        ("ipsum-level3", true, Severity::High, IocType::Ipv4)
    );
    assert_eq!(r.details["line"], 1);
    assert_eq!(r.raw_result, listed[0]);
    // Defanged and IPv4-mapped forms of a listed address are the same indicator.
    let defanged = listed[0].replace('.', "[.]");
    assert_eq!(feeds.lookup(&defanged, None).len(), 1);
    assert_eq!(
        feeds.lookup(&format!("::ffff:{}", listed[0]), None).len(),
        1
    );
    // Addresses that are not listed.
    for absent in [
        "192.0.2.1",
        "8.8.8.8",
        "10.0.0.1",
        "2001:db8::1",
        "not-an-ip",
    ] {
        assert!(!listed.contains(&absent));
        assert!(feeds.lookup(absent, None).is_empty(), "{absent}");
    }
}

#[test]
fn ipsum_scores_map_to_severity() {
    let mut feeds = FeedSet::new();
    let opts = FeedOptions {
        name: Some("ipsum".into()),
        high_score: 8.0,
        ..FeedOptions::default()
    };
    feeds.add_bytes(&bytes("ipsum-top2000.txt"), &opts).unwrap();
    // 2,000 lines, of which the first 7 are the comment header.
    assert_eq!(feeds.summaries()[0].entries, 1993);
    let top = &feeds.lookup("77.90.185.20", None)[0];
    assert_eq!(
        (top.severity, top.details["score"].as_f64()),
        (Severity::High, Some(10.0))
    );
    // The list's last lines have lower counts.
    let text = String::from_utf8(bytes("ipsum-top2000.txt")).unwrap();
    let (ip, count) = text.lines().last().unwrap().split_once('\t').unwrap();
    let count: f64 = count.parse().unwrap();
    let r = &feeds.lookup(ip, None)[0];
    let expected = if count >= 8.0 {
        Severity::High
    } else {
        Severity::Warning
    };
    assert_eq!(r.severity, expected);
}

#[test]
fn rfc1918_and_cloud_ranges_are_warning_list_matches() {
    let feeds = set(&[
        "ipsum-level3.txt",
        "misp-warninglists/rfc1918.json",
        "misp-warninglists/google-gcp.json",
        "misp-warninglists/microsoft-azure.json",
    ]);
    for private in ["10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.100.7"] {
        let found = feeds.lookup(private, None);
        assert_eq!(found.len(), 1, "{private}");
        let r = &found[0];
        assert!(!r.result);
        assert_eq!(r.severity, Severity::Information);
        assert_eq!(r.details["warninglist"], r.provider);
        assert_eq!(r.provider, "List of RFC 1918 CIDR blocks");
    }
    assert!(feeds.lookup("172.32.0.1", None).is_empty());
    // The first range of each cloud list holds its network address.
    for (file, first) in [
        ("google-gcp.json", "104.154.113.0/24"),
        ("microsoft-azure.json", "102.133.0.0/18"),
    ] {
        let list: serde_json::Value =
            serde_json::from_slice(&bytes(&format!("misp-warninglists/{file}"))).unwrap();
        assert_eq!(list["list"][0], first);
        let addr = first.split('/').next().unwrap().replace(".0", ".1");
        let found = feeds.lookup(&addr, None);
        assert!(
            found
                .iter()
                .any(|r| r.provider == list["name"] && !r.result),
            "{addr}: {found:?}"
        );
    }
}

#[test]
fn string_warning_lists_match_domains_and_hashes_case_insensitively() {
    let feeds = set(&[
        "misp-warninglists/cisco_top1000.json",
        "misp-warninglists/empty-hashes.json",
        "misp-warninglists/common-ioc-false-positive.json",
    ]);
    let r = &feeds.lookup("1.NFLXSO.net", None)[0];
    assert_eq!((r.ioc_type, r.result), (IocType::Dns, false));
    let empty_sha256 = "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855";
    let found = feeds.lookup(empty_sha256, None);
    assert_eq!(found[0].ioc_type, IocType::Sha256Hash);
    assert!(found.iter().all(|r| !r.result));
    // `3::` (ssdeep) and the SHA-224 digest have no type huntkit matches.
    let empty = feeds.summaries()[1].clone();
    assert_eq!((empty.entries, empty.skipped), (4, 2));
}

#[test]
fn misp_event_attributes_and_objects() {
    let mut feeds = FeedSet::new();
    let s = feeds
        .add_bytes(&bytes("misp-event.json"), &FeedOptions::default())
        .unwrap();
    assert_eq!(s.kind, FeedKind::MispEvent);
    assert_eq!(s.name, "Phishing campaign against finance staff");
    // 7 indicators in attributes (domain|ip gives two), 2 hashes in the object; the
    // text, the filename and the deleted attribute are skipped.
    assert_eq!((s.entries, s.skipped), (9, 3));
    let c2 = &feeds.lookup("203.0.113.66", None)[0];
    assert_eq!((c2.result, c2.severity), (true, Severity::High));
    assert_eq!(c2.details["comment"], "C2 server");
    assert_eq!(c2.details["eventId"], "1234");
    assert!(c2
        .raw_result
        .contains("a1000000-0000-4000-8000-000000000001"));
    assert_eq!(
        feeds.lookup("198.51.100.23", None)[0].severity,
        Severity::Warning
    );
    assert_eq!(
        feeds.lookup("CDN-files.example", None)[0].severity,
        Severity::Warning
    );
    assert!(feeds.lookup("203.0.113.99", None).is_empty());
    let hash = &feeds.lookup(
        "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        None,
    )[0];
    assert_eq!(
        (hash.ioc_type, hash.details["object"].as_str()),
        (IocType::Sha256Hash, Some("file"))
    );
    assert_eq!(
        feeds
            .lookup("hxxps://login-secure[.]example/owa/auth.php", None)
            .len(),
        1
    );
    assert_eq!(
        feeds.lookup("payroll[at]login-secure.example", None)[0].ioc_type,
        IocType::Email
    );
}

#[test]
fn stix_bundle_plain_equalities() {
    let mut feeds = FeedSet::new();
    let s = feeds
        .add_bytes(&bytes("stix-bundle.json"), &named("example-cert"))
        .unwrap();
    assert_eq!(s.kind, FeedKind::Stix);
    // 8 usable indicators; the OR pattern and the Snort rule are skipped.
    assert_eq!((s.entries, s.skipped), (8, 2));
    let c2 = &feeds.lookup("192.0.2.77", None)[0];
    assert_eq!(
        c2.reference.as_deref(),
        Some("https://cert.example/advisories/2026-17")
    );
    assert_eq!(c2.details["name"], "C2 address");
    let sink = &feeds.lookup("198.51.100.200", None)[0];
    assert_eq!((sink.result, sink.severity), (true, Severity::Warning));
    assert_eq!(sink.details["matched"], "198.51.100.0/24");
    let benign = &feeds.lookup("updates.example", None)[0];
    assert_eq!(
        (benign.result, benign.severity),
        (false, Severity::Information)
    );
    assert_eq!(feeds.lookup("2001:DB8::BAD", None).len(), 1);
    assert_eq!(
        feeds.lookup("ACBD18DB4CC2F85CEDEF654FCCC4A4D8", None).len(),
        1
    );
    assert_eq!(
        feeds
            .lookup("HTTP://Invoices-Portal.example/get.php?id=7", None)
            .len(),
        1
    );
    assert!(feeds
        .lookup("http://invoices-portal.example/GET.php?id=7", None)
        .is_empty());
    assert!(feeds.lookup("192.0.2.1", None).is_empty());
}

#[test]
fn csv_feed_with_a_column_mapping() {
    let mut feeds = FeedSet::new();
    let opts = FeedOptions {
        name: Some("cert-csv".into()),
        value_column: Some("indicator".into()),
        type_column: Some("type".into()),
        score_column: Some("confidence".into()),
        reference_column: Some("link".into()),
        high_score: 70.0,
        ..FeedOptions::default()
    };
    let s = feeds.add_bytes(&bytes("indicators.csv"), &opts).unwrap();
    assert_eq!((s.kind, s.entries), (FeedKind::Csv, 5));
    let r = &feeds.lookup("192.0.2.200", None)[0];
    assert_eq!(
        (r.severity, r.reference.as_deref()),
        (Severity::High, Some("https://cert.example/ioc/1"))
    );
    assert_eq!(r.details["campaign"], "Example botnet");
    assert_eq!(r.details["line"], 2);
    assert_eq!(
        feeds.lookup("bad-updates.example", None)[0].severity,
        Severity::Warning
    );
    assert_eq!(
        feeds.lookup("2001:db8:bad:1::5", None)[0].severity,
        Severity::High
    );
}

#[test]
fn every_fixture_kind_is_told_from_its_content() {
    let cases = [
        ("ipsum-level3.txt", FeedKind::Plain),
        ("ipsum-top2000.txt", FeedKind::Plain),
        ("indicators.csv", FeedKind::Csv),
        ("misp-event.json", FeedKind::MispEvent),
        ("stix-bundle.json", FeedKind::Stix),
        ("misp-warninglists/rfc1918.json", FeedKind::MispWarninglist),
        (
            "misp-warninglists/cisco_top1000.json",
            FeedKind::MispWarninglist,
        ),
    ];
    for (file, kind) in cases {
        assert_eq!(detect(&bytes(file)), Some(kind), "{file}");
    }
}

#[test]
fn one_answer_per_feed_most_specific_first() {
    let feeds = set(&[
        "ipsum-level3.txt",
        "misp-event.json",
        "misp-warninglists/microsoft-azure.json",
    ]);
    // 77.90.185.20 is on ipsum and in the MISP event.
    let found = feeds.lookup("77.90.185.20", None);
    let providers: Vec<&str> = found.iter().map(|r| r.provider.as_str()).collect();
    assert_eq!(providers, ["ipsum-level3", "misp-event"]);
    // Azure's overlapping ranges: one answer, the longest prefix.
    let mut one = FeedSet::new();
    one.add_bytes(
        br#"{"name":"nets","type":"cidr","list":["10.0.0.0/8","10.1.0.0/16","10.1.2.0/24"]}"#,
        &FeedOptions::default(),
    )
    .unwrap();
    let found = one.lookup("10.1.2.3", None);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].details["matched"], "10.1.2.0/24");
}

#[test]
fn table_lookup_reports_msticpy_columns_and_source_rows() {
    let feeds = set(&["ipsum-level3.txt", "misp-warninglists/rfc1918.json"]);
    let csv = b"host,SrcIp\na,77.90.185.20\nb,8.8.8.8\nc,\nd,10.0.0.5\n";
    let table = huntkit_core::read(csv, &ReadOptions::default()).unwrap();
    let opts = LookupOptions {
        column: Some("SrcIp".into()),
        ..LookupOptions::default()
    };
    let out = feeds.lookup_table(&table, &opts).unwrap();
    let mut expected: Vec<String> = RESULT_COLUMNS.map(String::from).to_vec();
    expected.push(SOURCE_INDEX.into());
    assert_eq!(out.column_names(), expected);
    assert_eq!(out.num_rows(), 2);
    assert_eq!(out.ints(SOURCE_INDEX).unwrap(), vec![Some(0), Some(3)]);
    let with_misses = feeds
        .lookup_table(
            &table,
            &LookupOptions {
                include_misses: true,
                ..opts.clone()
            },
        )
        .unwrap();
    // Three non-empty cells, two feeds.
    assert_eq!(with_misses.num_rows(), 6);
    let details = with_misses.str_column("Details").unwrap();
    assert!(details.iter().any(|d| d == Some("Not found.")));
    // No column named: a two-column table without an `Ioc` column is an option error.
    let e = feeds
        .lookup_table(&table, &LookupOptions::default())
        .unwrap_err();
    assert_eq!(e.code(), "invalid_option");
    let e = feeds
        .lookup_table(
            &table,
            &LookupOptions {
                column: Some("nope".into()),
                ..LookupOptions::default()
            },
        )
        .unwrap_err();
    assert_eq!(e.code(), "column_not_found");
    let e = feeds
        .lookup_table(
            &table,
            &LookupOptions {
                max_results: 1,
                ..opts
            },
        )
        .unwrap_err();
    assert_eq!(e.code(), "limit_exceeded");
}

#[test]
fn extractor_output_is_looked_up_as_it_comes() {
    let feeds = set(&[
        "ipsum-level3.txt",
        "misp-event.json",
        "misp-warninglists/rfc1918.json",
    ]);
    let ex = huntkit_ioc::Extractor::new(huntkit_ioc::Options::default()).unwrap();
    let text =
        "beacon from 10.0.0.9 to 77.90.185[.]20, then hxxps://login-secure[.]example/owa/auth.php";
    let found = feeds
        .lookup_text(text, &ex, &LookupOptions::default())
        .unwrap();
    let summary: Vec<(String, &str, bool)> = found
        .iter()
        .map(|r| (r.ioc.clone(), r.ioc_type.name(), r.result))
        .collect();
    assert!(summary.contains(&("10.0.0.9".into(), "ipv4", false)));
    assert!(summary.contains(&("77.90.185.20".into(), "ipv4", true)));
    assert!(summary.contains(&(
        "https://login-secure.example/owa/auth.php".into(),
        "url",
        true
    )));
}

#[test]
fn given_types_override_inference() {
    let feeds = set(&["misp-event.json"]);
    let opts = LookupOptions {
        ioc_type: Some(IocType::Ipv4),
        ..LookupOptions::default()
    };
    // Typed as an address, a domain does not match the domain entry.
    assert!(feeds
        .lookup_values(["login-secure.example"], &opts)
        .unwrap()
        .is_empty());
    assert_eq!(
        feeds.lookup_values(["203.0.113.66"], &opts).unwrap().len(),
        1
    );
}

#[test]
fn urls_on_warning_listed_hosts_are_warning_list_matches() {
    let feeds = set(&["misp-warninglists/cisco_top1000.json", "misp-event.json"]);
    let found = feeds.lookup("hxxps://User@1.NFLXSO.net:443/watch?v=1", None);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!((found[0].ioc_type, found[0].result), (IocType::Url, false));
    assert_eq!(found[0].details["matched"], "1.nflxso.net");
    // A blocklisted domain does not make every URL on it a hit: only listed URLs are.
    assert!(feeds
        .lookup("https://login-secure.example/other", None)
        .is_empty());
    assert_eq!(
        feeds
            .lookup("https://login-secure.example/owa/auth.php", None)
            .len(),
        1
    );
    assert!(feeds.lookup("https://[2001:db8::1]/x", None).is_empty());
}
