//! `huntkit geoip` as a user runs it.
// A failed expectation stops a test: panicking here is the point.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

use common::json_lines;

fn db(name: &str) -> String {
    format!(
        "{}/../huntkit-geoip/tests/data/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

#[test]
fn looks_up_a_column_with_a_city_and_an_asn_database() {
    let (city, asn) = (db("GeoIP2-City-Test.mmdb"), db("GeoLite2-ASN-Test.mmdb"));
    let csv = b"src,n\n81.2.69.142,1\nbogus,2\n1.128.0.1,3\n2001:218::1,4\n";
    let (out, _) = common::run(
        &[
            "geoip", "-", "--column", "src", "--db", &city, "--db", &asn, "--format", "json",
        ],
        csv,
    );
    let rows = json_lines(&out);
    assert_eq!(rows.len(), 4);
    assert_eq!(rows[0]["IpAddress"], "81.2.69.142");
    assert_eq!(rows[0]["CountryCode"], "GB");
    assert_eq!(rows[0]["CountryOrRegionName"], "United Kingdom");
    assert_eq!(rows[0]["State"], "England");
    assert_eq!(rows[0]["City"], "London");
    assert_eq!(rows[0]["Latitude"], 51.5142);
    assert!(rows[1]["CountryCode"].is_null());
    assert_eq!(rows[2]["Asn"], 1221);
    assert_eq!(rows[2]["AsnOrganization"], "Telstra Pty Ltd");
    assert_eq!(rows[3]["CountryCode"], "JP");
}

#[test]
fn without_a_column_the_input_is_one_address_per_line() {
    let city = db("GeoIP2-City-Test.mmdb");
    let (out, _) = common::run(
        &[
            "geoip",
            "--db",
            &city,
            "--language",
            "de",
            "--format",
            "csv",
        ],
        // England has no German name in the test database: its State is empty.
        b"81.2.69.142\n\n  2001:218::1  \n",
    );
    let text = common::ok(&out);
    let mut lines = text.lines();
    assert_eq!(
        lines.next().unwrap(),
        "IpAddress,CountryCode,CountryOrRegionName,State,City,Longitude,Latitude,Asn,AsnOrganization"
    );
    assert!(lines
        .next()
        .unwrap()
        .starts_with("81.2.69.142,GB,Vereinigtes Königreich,,London,"));
    assert!(lines.next().unwrap().starts_with("2001:218::1,JP,Japan,"));
    assert!(lines.next().is_none());
}

#[test]
fn corrupt_databases_and_bad_usage_exit_with_codes() {
    for name in [
        "MaxMind-DB-test-broken-pointers-24.mmdb",
        "MaxMind-DB-test-broken-search-tree-24.mmdb",
        "GeoIP2-City-Test-Invalid-Node-Count.mmdb",
    ] {
        let (out, _) = common::run(&["geoip", "--db", &db(name)], b"1.2.3.4\n");
        assert_eq!(out.status.code(), Some(1), "{name}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("error[invalid_geoip_db]"), "{name}: {err}");
    }
    let city = db("GeoIP2-City-Test.mmdb");
    let (out, _) = common::run(&["geoip", "--db", &city, "--db", &city], b"1.2.3.4\n");
    assert!(String::from_utf8_lossy(&out.stderr).contains("error[unsupported_geoip_db]"));
    let (out, _) = common::run(&["geoip", "--db", &city, "--language", "<b>"], b"1.2.3.4\n");
    assert_eq!(out.status.code(), Some(2));
    let (out, _) = common::run(&["geoip", "--db", &db("missing.mmdb")], b"1.2.3.4\n");
    assert!(String::from_utf8_lossy(&out.stderr).contains("error[io]"));
    let (out, _) = common::run(
        &["geoip", "-", "--column", "ip", "--db", &city],
        b"src\n1.2.3.4\n",
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("error[column_not_found]"));
    // --db is required.
    let (out, _) = common::run(&["geoip"], b"1.2.3.4\n");
    assert_eq!(out.status.code(), Some(2));
}
