//! Corrupt databases, odd input and options: coded errors and rows of nulls, never a
//! panic.
// A failed expectation stops a test: panicking here is the point.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use huntkit_core::{ErrorCode, ReadOptions};
use huntkit_geoip::{GeoIpDb, Options, COLUMNS};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

fn data(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

const BROKEN: [&str; 3] = [
    "MaxMind-DB-test-broken-pointers-24.mmdb",
    "MaxMind-DB-test-broken-search-tree-24.mmdb",
    "GeoIP2-City-Test-Invalid-Node-Count.mmdb",
];

fn no_verify() -> Options {
    Options {
        verify: false,
        ..Options::default()
    }
}

/// Addresses spread over both families: every /8 of IPv4 at a few offsets, and IPv6
/// addresses under each 16-bit prefix step.
fn sweep() -> Vec<IpAddr> {
    let mut out = Vec::new();
    for a in 0..=255u32 {
        for low in [0u32, 1, 0x10_2030, 0xff_ffff] {
            out.push(IpAddr::V4(Ipv4Addr::from((a << 24) | low)));
        }
    }
    for hi in (0..=0xffffu128).step_by(97) {
        out.push(IpAddr::V6(Ipv6Addr::from(hi << 112 | 0x1234)));
    }
    out.push("::ffff:81.2.69.142".parse().unwrap());
    out.push("2001:218::1".parse().unwrap());
    out
}

#[test]
fn corrupt_databases_fail_to_open_with_a_code() {
    for name in BROKEN {
        let err = GeoIpDb::from_bytes(vec![data(name)], &Options::default()).unwrap_err();
        assert_eq!(err.code(), "invalid_geoip_db", "{name}: {err}");
        assert!(err.to_string().contains("database 1"), "{err}");
    }
}

/// With the check off, the two corrupt "Test" databases are still refused at open (their
/// type holds no locations), and the bad node count is caught by the reader's own layout
/// checks; lookups meeting damage are covered by `damaged_copies_give_codes_not_panics`.
#[test]
fn without_verification_corrupt_databases_are_still_refused_with_a_code() {
    for name in BROKEN {
        let err = GeoIpDb::from_bytes(vec![data(name)], &no_verify()).unwrap_err();
        assert!(
            ["invalid_geoip_db", "unsupported_geoip_db"].contains(&err.code()),
            "{name}: {err}"
        );
    }
}

/// The `maxminddb` reader itself, on every corrupt file (whatever its database type):
/// every lookup and every record decode returns, none panics.
#[test]
fn the_reader_never_panics_on_corrupt_files() {
    for name in BROKEN {
        let Ok(reader) = maxminddb::Reader::from_source(data(name)) else {
            continue;
        };
        assert!(reader.verify().is_err(), "{name} verifies");
        for ip in sweep() {
            if let Ok(r) = reader.lookup(ip) {
                let _ = r.decode::<serde_json::Value>();
                let _ = r.network();
            }
        }
    }
}

/// Damaged copies of a valid database (bytes flipped, file cut short): opening with
/// verification fails with a code or succeeds; lookups without it return or fail with a
/// code.
#[test]
fn damaged_copies_give_codes_not_panics() {
    let good = data("GeoIP2-City-Test.mmdb");
    let ips = sweep();
    let mut variants: Vec<Vec<u8>> = Vec::new();
    for at in (0..good.len()).step_by(251) {
        let mut v = good.clone();
        v[at] ^= 0xa5;
        variants.push(v);
    }
    for cut in (0..good.len()).step_by(997) {
        variants.push(good[..cut].to_vec());
    }
    let (mut refused, mut lookup_errors) = (0, 0);
    for (i, v) in variants.into_iter().enumerate() {
        if let Err(e) = GeoIpDb::from_bytes(vec![v.clone()], &Options::default()) {
            refused += 1;
            assert!(
                ["invalid_geoip_db", "unsupported_geoip_db"].contains(&e.code()),
                "variant {i}: {e}"
            );
        }
        if let Ok(db) = GeoIpDb::from_bytes(vec![v], &no_verify()) {
            for ip in ips.iter().step_by(7) {
                if let Err(e) = db.lookup_ip(*ip) {
                    assert_eq!(e.code(), "invalid_geoip_db", "variant {i} {ip}: {e}");
                    lookup_errors += 1;
                }
            }
        }
    }
    // Both guards were exercised: damage found at open, and damage met by a lookup.
    assert!(
        refused > 0 && lookup_errors > 0,
        "{refused} {lookup_errors}"
    );
}

#[test]
fn unusable_databases_and_options_are_refused_with_codes() {
    let code =
        |dbs: Vec<Vec<u8>>, opts: &Options| GeoIpDb::from_bytes(dbs, opts).unwrap_err().code();
    let d = Options::default();
    assert_eq!(code(vec![], &d), "invalid_option");
    assert_eq!(code(vec![Vec::new()], &d), "invalid_geoip_db");
    assert_eq!(
        code(vec![b"not a database".to_vec()], &d),
        "invalid_geoip_db"
    );
    assert_eq!(
        code(vec![data("GeoIP2-Anonymous-IP-Test.mmdb")], &d),
        "unsupported_geoip_db"
    );
    assert_eq!(
        code(
            vec![
                data("GeoIP2-City-Test.mmdb"),
                data("GeoLite2-City-Test.mmdb")
            ],
            &d
        ),
        "unsupported_geoip_db"
    );
    for bad in ["", "en<script>", "a-very-long-locale-code"] {
        let o = Options {
            language: bad.into(),
            ..Options::default()
        };
        assert_eq!(
            code(vec![data("GeoIP2-City-Test.mmdb")], &o),
            "invalid_option"
        );
    }
    let small = Options {
        max_database_bytes: 1000,
        ..Options::default()
    };
    assert_eq!(
        code(vec![data("GeoIP2-City-Test.mmdb")], &small),
        "limit_exceeded"
    );
}

#[test]
fn table_rows_line_up_with_input_and_hold_nulls_for_misses() {
    let db = GeoIpDb::from_bytes(
        vec![
            data("GeoIP2-City-Test.mmdb"),
            data("GeoLite2-ASN-Test.mmdb"),
        ],
        &Options::default(),
    )
    .unwrap();
    let csv = b"ip,n\n81.2.69.142,1\n not an ip ,2\n,3\n10.0.0.1,4\n1.128.0.1,5\n2001:218::1,6\n";
    let table = huntkit_core::read(csv, &ReadOptions::default()).unwrap();
    let geo = db.lookup_column(&table, "ip").unwrap();
    assert_eq!(geo.column_names(), COLUMNS);
    assert_eq!(geo.num_rows(), 6);
    let ip = geo.str_column("IpAddress").unwrap();
    let got: Vec<_> = ip.iter().collect();
    assert_eq!(
        got,
        [
            Some("81.2.69.142"),
            Some("not an ip"),
            None,
            Some("10.0.0.1"),
            Some("1.128.0.1"),
            Some("2001:218::1")
        ]
    );
    let cc = geo.str_column("CountryCode").unwrap();
    let cc: Vec<_> = cc.iter().collect();
    assert_eq!(cc, [Some("GB"), None, None, None, None, Some("JP")]);
    let city = geo.str_column("City").unwrap();
    assert_eq!(city.get(0), Some("London"));
    assert_eq!(
        geo.ints("Asn").unwrap(),
        [None, None, None, None, Some(1221), None]
    );
    let org = geo.str_column("AsnOrganization").unwrap();
    assert_eq!(org.get(4), Some("Telstra Pty Ltd"));
    let lat = geo.floats("Latitude").unwrap();
    assert_eq!(lat[0], Some(51.5142));
    assert_eq!(lat[1], None);

    let missing = db.lookup_column(&table, "nope").unwrap_err();
    assert_eq!(missing.code(), "column_not_found");
}

#[test]
fn ipv4_mapped_addresses_reach_ipv4_data() {
    // An IPv4-mapped IPv6 address answers as the IPv4 address; a link-local one is a miss.
    let db =
        GeoIpDb::from_bytes(vec![data("GeoLite2-ASN-Test.mmdb")], &Options::default()).unwrap();
    assert_eq!(
        db.lookup("::ffff:1.128.0.1").unwrap().unwrap().asn,
        Some(1221)
    );
    assert_eq!(db.lookup("fe80::1").unwrap().unwrap().asn, None);
}
