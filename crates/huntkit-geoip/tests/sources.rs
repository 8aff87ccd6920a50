//! Every network in the JSON sources of MaxMind's test databases answers as the source
//! says: its first and last address, and for IPv4 networks written inside `::/96` the
//! same addresses written as IPv4.
// A failed expectation stops a test: panicking here is the point.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use huntkit_geoip::{GeoIpDb, GeoLocation, Options};
use serde_json::Value;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

fn data(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// A network of a source: where it starts (as a 128-bit IPv6 number, IPv4 mapped into
/// `::/96` as the databases store it), its prefix length on that scale, and its record.
struct Network {
    text: String,
    start: u128,
    prefix: u32,
    record: Value,
}

impl Network {
    fn contains(&self, addr: u128) -> bool {
        self.prefix == 0 || (addr ^ self.start) >> (128 - self.prefix) == 0
    }
    fn last(&self) -> u128 {
        match self.prefix {
            0 => u128::MAX,
            128.. => self.start,
            p => self.start | (u128::MAX >> p),
        }
    }
}

fn networks(source: &str) -> Vec<Network> {
    let list: Vec<serde_json::Map<String, Value>> = serde_json::from_slice(&data(source)).unwrap();
    list.into_iter()
        .flat_map(|m| m.into_iter())
        .map(|(text, record)| {
            let (addr, len) = text.split_once('/').unwrap();
            let len: u32 = len.parse().unwrap();
            let (start, prefix) = match addr.parse::<IpAddr>().unwrap() {
                IpAddr::V4(v4) => (u32::from(v4) as u128, len + 96),
                IpAddr::V6(v6) => (u128::from(v6), len),
            };
            Network {
                text,
                start,
                prefix,
                record,
            }
        })
        .collect()
}

/// What the source says for `addr`: the record of the most specific network holding it
/// (a later one wins a tie, as the database writer inserts in order).
fn expected(nets: &[Network], addr: u128) -> &Value {
    let mut best: Option<&Network> = None;
    for n in nets {
        if n.contains(addr) && best.is_none_or(|b| n.prefix >= b.prefix) {
            best = Some(n);
        }
    }
    &best.unwrap().record
}

fn text(v: &Value, path: &[&str]) -> Option<String> {
    let mut v = v;
    for p in path {
        v = match p.parse::<usize>() {
            Ok(i) => v.get(i)?,
            Err(_) => v.get(p)?,
        };
    }
    v.as_str().map(str::to_string)
}

fn location_expected(record: &Value, lang: &str) -> GeoLocation {
    GeoLocation {
        country_code: text(record, &["country", "iso_code"]),
        country_or_region_name: text(record, &["country", "names", lang]),
        state: text(record, &["subdivisions", "0", "names", lang]),
        city: text(record, &["city", "names", lang]),
        longitude: record
            .pointer("/location/longitude")
            .and_then(Value::as_f64),
        latitude: record.pointer("/location/latitude").and_then(Value::as_f64),
        asn: None,
        asn_organization: None,
    }
}

fn asn_expected(record: &Value) -> GeoLocation {
    GeoLocation {
        asn: record
            .get("autonomous_system_number")
            .and_then(Value::as_u64)
            .map(|n| u32::try_from(n).unwrap()),
        asn_organization: text(record, &["autonomous_system_organization"]),
        ..GeoLocation::default()
    }
}

/// The addresses to ask for `net`: first and last, in IPv6 form, and in IPv4 form for
/// networks inside `::/96`.
fn probes(net: &Network) -> Vec<(u128, IpAddr)> {
    let mut out = Vec::new();
    for a in [net.start, net.last()] {
        out.push((a, IpAddr::V6(Ipv6Addr::from(a))));
        if net.prefix >= 96 && a >> 32 == 0 {
            out.push((a, IpAddr::V4(Ipv4Addr::from(a as u32))));
        }
    }
    out
}

fn check_source(db: &GeoIpDb, source: &str, expect: impl Fn(&Value) -> GeoLocation) {
    let nets = networks(source);
    assert!(nets.len() > 200, "{source}: {} networks", nets.len());
    let mut checked = 0;
    for net in &nets {
        for (addr, ip) in probes(net) {
            let want = expect(expected(&nets, addr));
            let got = db.lookup_ip(ip).unwrap();
            assert_eq!(got, want, "{source}: {ip} in {}", net.text);
            // The text form answers the same.
            assert_eq!(db.lookup(&format!(" {ip} ")).unwrap(), Some(want));
            checked += 1;
        }
    }
    assert!(checked >= 2 * nets.len());
}

#[test]
fn geoip2_city_answers_as_its_source() {
    let db = GeoIpDb::from_bytes(vec![data("GeoIP2-City-Test.mmdb")], &Options::default()).unwrap();
    check_source(&db, "GeoIP2-City-Test.json", |r| location_expected(r, "en"));
}

#[test]
fn geolite2_city_answers_as_its_source() {
    let db =
        GeoIpDb::from_bytes(vec![data("GeoLite2-City-Test.mmdb")], &Options::default()).unwrap();
    check_source(&db, "GeoLite2-City-Test.json", |r| {
        location_expected(r, "en")
    });
}

#[test]
fn geolite2_asn_answers_as_its_source() {
    let db =
        GeoIpDb::from_bytes(vec![data("GeoLite2-ASN-Test.mmdb")], &Options::default()).unwrap();
    check_source(&db, "GeoLite2-ASN-Test.json", asn_expected);
}

#[test]
fn names_come_in_the_chosen_language() {
    for lang in ["de", "ja", "pt-BR", "zh-CN", "ru", "fr", "es"] {
        let opts = Options {
            language: lang.into(),
            ..Options::default()
        };
        let db = GeoIpDb::from_bytes(vec![data("GeoIP2-City-Test.mmdb")], &opts).unwrap();
        check_source(&db, "GeoIP2-City-Test.json", |r| location_expected(r, lang));
    }
}

#[test]
fn a_locale_outside_the_standard_eight_is_read_by_path() {
    // No test database has one, so every name is null; coordinates still come back.
    let opts = Options {
        language: "ko".into(),
        ..Options::default()
    };
    let db = GeoIpDb::from_bytes(vec![data("GeoIP2-City-Test.mmdb")], &opts).unwrap();
    check_source(&db, "GeoIP2-City-Test.json", |r| location_expected(r, "ko"));
}

#[test]
fn city_and_asn_databases_join_per_address() {
    // In either order.
    for dbs in [
        vec![
            data("GeoIP2-City-Test.mmdb"),
            data("GeoLite2-ASN-Test.mmdb"),
        ],
        vec![
            data("GeoLite2-ASN-Test.mmdb"),
            data("GeoIP2-City-Test.mmdb"),
        ],
    ] {
        let db = GeoIpDb::from_bytes(dbs, &Options::default()).unwrap();
        let kinds: Vec<_> = db
            .databases()
            .iter()
            .map(|d| d.database_type.clone())
            .collect();
        assert_eq!(kinds, ["GeoIP2-City", "GeoLite2-ASN"]);
        let city = networks("GeoIP2-City-Test.json");
        let asn = networks("GeoLite2-ASN-Test.json");
        for net in city.iter().chain(&asn) {
            for (addr, ip) in probes(net) {
                let in_city = city.iter().any(|n| n.contains(addr));
                let in_asn = asn.iter().any(|n| n.contains(addr));
                let mut want = if in_city {
                    location_expected(expected(&city, addr), "en")
                } else {
                    GeoLocation::default()
                };
                if in_asn {
                    let a = asn_expected(expected(&asn, addr));
                    want.asn = a.asn;
                    want.asn_organization = a.asn_organization;
                }
                assert_eq!(db.lookup_ip(ip).unwrap(), want, "{ip}");
            }
        }
    }
}
