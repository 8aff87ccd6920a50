//! `huntkit pivot`: listing, help, values and tables in, joins, alerts, and errors.
// A failed expectation stops a test or benchmark: panicking here is the point.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod common;

fn rows(stdout: &[u8]) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn ok(args: &[&str], stdin: &[u8]) -> Vec<serde_json::Value> {
    let (o, _) = common::run(args, stdin);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    rows(&o.stdout)
}

const FLOWS: &[u8] = b"SrcIP,Bytes\n104.211.30.1,10\n192.168.0.1,20\n127.0.0.1,30\n";

#[test]
fn list_and_help() {
    let all = ok(&["pivot", "list", "--format", "json"], b"");
    assert!(all
        .iter()
        .any(|r| r["entity"] == "IpAddress" && r["pivot"] == "ip_type"));
    assert!(all
        .iter()
        .any(|r| r["entity"] == "Process" && r["pivot"] == "extract_iocs"));
    let ip = ok(&["pivot", "list", "ip", "--format", "json"], b"");
    assert!(ip.iter().all(|r| r["entity"] == "IpAddress"));
    let (o, _) = common::run(&["pivot", "help", "IpAddress", "ip_type"], b"");
    assert!(o.status.success());
    assert!(String::from_utf8_lossy(&o.stdout).contains("Link Local"));
}

#[test]
fn ip_type_on_a_column_joined_left() {
    let out = ok(
        &[
            "pivot",
            "IpAddress",
            "ip_type",
            "-",
            "--column",
            "SrcIP",
            "--join",
            "left",
            "--format",
            "json",
        ],
        FLOWS,
    );
    let got: Vec<(&str, &str)> = out
        .iter()
        .map(|r| (r["SrcIP"].as_str().unwrap(), r["result"].as_str().unwrap()))
        .collect();
    assert_eq!(
        got,
        [
            ("104.211.30.1", "Public"),
            ("192.168.0.1", "Private"),
            ("127.0.0.1", "Loopback")
        ]
    );
    assert_eq!(out[0]["Bytes"], 10);
    let plain = ok(
        &[
            "pivot",
            "IpAddress",
            "ip_type",
            "-",
            "--column",
            "SrcIP",
            "--format",
            "json",
        ],
        FLOWS,
    );
    assert_eq!(plain[2]["ip"], "127.0.0.1");
    assert_eq!(plain[2]["src_row_index"], 2);
}

#[test]
fn values_engines_and_alerts() {
    let out = ok(
        &[
            "pivot",
            "Url",
            "url_components",
            "--value",
            "https://www.contoso.com/path#frag?query=xxx",
            "--format",
            "json",
        ],
        b"",
    );
    assert_eq!(out[0]["host"], "www.contoso.com");
    assert_eq!(out[0]["fragment"], "frag?query=xxx");
    let out = ok(
        &[
            "pivot",
            "Url",
            "extract_iocs",
            "--value",
            "https://www.contoso.com/path?p1=test",
            "--options",
            r#"{"types":["dns"]}"#,
            "--format",
            "json",
        ],
        b"",
    );
    assert_eq!(out[0]["Observable"], "www.contoso.com");
    let alert = format!(
        "{}/../huntkit-entities/tests/data/sentinel_alert.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let out = ok(&["pivot", "alert", &alert, "--format", "json"], b"");
    assert_eq!(out[0]["Type"], "Alert");
    assert!(out
        .iter()
        .any(|r| r["Type"] == "IpAddress" && r["Value"] == "40.77.232.95"));
}

#[test]
fn errors_are_coded() {
    let (o, _) = common::run(&["pivot", "IpAddress", "nope", "--value", "1.1.1.1"], b"");
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("unknown_pivot"));
    let (o, _) = common::run(
        &["pivot", "IpAddress", "ip_type", "-", "--column", "Nope"],
        FLOWS,
    );
    assert!(String::from_utf8_lossy(&o.stderr).contains("column_not_found"));
    let (o, _) = common::run(
        &[
            "pivot",
            "Url",
            "extract_iocs",
            "--value",
            "x",
            "--options",
            "{bad",
        ],
        b"",
    );
    assert_eq!(o.status.code(), Some(2));
    let (o, _) = common::run(&["pivot", "alert", "-"], b"[1]");
    assert!(String::from_utf8_lossy(&o.stderr).contains("invalid_json"));
}

// ---------------------------------------------------------------------------- enrichment

#[path = "../../huntkit-net/tests/support/mod.rs"]
mod support;

fn test_data(krate: &str, name: &str) -> String {
    format!(
        "{}/../{krate}/tests/data/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

#[test]
fn enrichment_pivots_are_listed_with_what_they_need() {
    let all = ok(&["pivot", "list", "--format", "json"], b"");
    let find = |entity: &str, container: &str, name: &str| {
        all.iter()
            .find(|r| r["entity"] == entity && r["container"] == container && r["pivot"] == name)
            .unwrap_or_else(|| panic!("{entity}.{container}.{name} is not listed"))
            .clone()
    };
    assert_eq!(find("IpAddress", "util", "geoip")["needs"], "--db");
    assert_eq!(find("IpAddress", "util", "geoloc")["needs"], "--db");
    assert!(find("IpAddress", "util", "whois")["help"]
        .as_str()
        .unwrap()
        .contains("RDAP"));
    find("IpAddress", "util", "whois_asn");
    for entity in ["IpAddress", "Dns", "Url", "FileHash"] {
        for name in ["lookup_ioc", "lookup_iocs"] {
            assert_eq!(find(entity, "ti", name)["needs"], "--feed");
        }
    }
    assert!(all
        .iter()
        .filter(|r| r["pivot"] == "ip_type")
        .all(|r| r["needs"].is_null()));
    let (o, _) = common::run(&["pivot", "help", "ip", "lookup_ioc"], b"");
    assert!(o.status.success());
    assert!(String::from_utf8_lossy(&o.stdout).contains("--feed"));
}

const GEO_FLOWS: &[u8] = b"SrcIP,Bytes\n81.2.69.142,1\n,2\n10.0.0.1,3\n1.128.0.0,4\n";

#[test]
fn geoip_pivot_joins_the_databases_columns() {
    let (o, _) = common::run(
        &["pivot", "IpAddress", "geoip", "-", "--column", "SrcIP"],
        GEO_FLOWS,
    );
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("--db"));
    let city = test_data("huntkit-geoip", "GeoLite2-City-Test.mmdb");
    let asn = test_data("huntkit-geoip", "GeoLite2-ASN-Test.mmdb");
    let joined = ok(
        &[
            "pivot",
            "IpAddress",
            "geoip",
            "-",
            "--column",
            "SrcIP",
            "--db",
            &city,
            "--db",
            &asn,
            "--join",
            "left",
            "--format",
            "json",
        ],
        GEO_FLOWS,
    );
    assert_eq!(joined.len(), 4);
    let bytes: Vec<_> = joined
        .iter()
        .map(|r| r["Bytes"].as_i64().unwrap())
        .collect();
    assert_eq!(bytes, [1, 2, 3, 4]);
    assert_eq!(joined[0]["CountryCode"], "GB");
    assert_eq!(joined[0]["City"], "London");
    assert!(joined[1]["CountryCode"].is_null() && joined[2]["CountryCode"].is_null());
    assert_eq!(joined[3]["Asn"], 1221);
    let alone = ok(
        &[
            "pivot",
            "ip",
            "geoloc",
            "--value",
            "81.2.69.142",
            "--db",
            &city,
            "--format",
            "json",
        ],
        b"",
    );
    assert_eq!(alone.len(), 1);
    assert_eq!(alone[0]["IpAddress"], "81.2.69.142");
    assert_eq!(alone[0]["src_row_index"], 0);
}

#[test]
fn ti_pivots_look_values_up_in_local_feeds() {
    let feed = test_data("huntkit-ti", "ipsum-level3.txt");
    let listed = std::fs::read_to_string(&feed)
        .unwrap()
        .lines()
        .find(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .unwrap()
        .trim()
        .to_string();
    let csv = format!("SrcIP,n\n10.0.0.1,1\n{listed},2\n,3\n");
    let joined = ok(
        &[
            "pivot",
            "IpAddress",
            "lookup_iocs",
            "-",
            "--column",
            "SrcIP",
            "--feed",
            &feed,
            "--join",
            "left",
            "--format",
            "json",
        ],
        csv.as_bytes(),
    );
    let n: Vec<_> = joined.iter().map(|r| r["n"].as_i64().unwrap()).collect();
    assert_eq!(n, [1, 2, 3]);
    assert_eq!(joined[1]["Result"], true);
    assert_eq!(joined[1]["Ioc"], listed.as_str());
    assert_eq!(joined[1]["Provider"], "ipsum-level3");
    assert!(joined[0]["Result"].is_null());
    let hits = ok(
        &[
            "pivot",
            "IpAddress",
            "lookup_ioc",
            "--value",
            "10.0.0.1",
            "--value",
            &listed,
            "--feed",
            &feed,
            "--format",
            "json",
        ],
        b"",
    );
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0]["src_row_index"], 1);
    assert!(hits[0].get("SourceIndex").is_none());
    let (o, _) = common::run(&["pivot", "Dns", "lookup_ioc", "--value", "a.example"], b"");
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("--feed"));
}

#[test]
fn whois_pivots_over_a_local_rdap_server() {
    use support::{fixture, Reply, Server};
    let server = Server::start(|r| match r.target.as_str() {
        "/ip/13.107.4.50" => Reply::json(200, &fixture("rdap_ip_arin.json")),
        "/autnum/8068" => Reply::json(200, &fixture("rdap_autnum_8068.json")),
        "/ip/193.0.6.139" => Reply::json(200, &fixture("rdap_ip_ripe.json")),
        _ => Reply::json(404, &fixture("rdap_404.json")),
    });
    let csv = b"IP,n\n13.107.4.50,1\n10.0.0.1,2\n193.0.6.139,3\n";
    let joined = ok(
        &[
            "pivot",
            "IpAddress",
            "whois",
            "-",
            "--column",
            "IP",
            "--rdap-base",
            &server.base,
            "--join",
            "left",
            "--format",
            "json",
        ],
        csv,
    );
    let n: Vec<_> = joined.iter().map(|r| r["n"].as_i64().unwrap()).collect();
    assert_eq!(n, [1, 2, 3]);
    assert_eq!(joined[0]["asn_description"], "MICROSOFT-CORP-MSN-AS-BLOCK");
    let status: Vec<_> = joined.iter().map(|r| r["status"].clone()).collect();
    assert_eq!(status, ["ok", "not_public", "ok"]);
    assert_eq!(joined[2]["country"], "NL");
    let asn = ok(
        &[
            "pivot",
            "IpAddress",
            "whois_asn",
            "--value",
            "13.107.4.50",
            "--rdap-base",
            &server.base,
            "--format",
            "json",
        ],
        b"",
    );
    let keys: Vec<_> = asn[0].as_object().unwrap().keys().cloned().collect();
    assert_eq!(
        keys,
        [
            "query",
            "asn",
            "asn_description",
            "asn_registry",
            "asn_country_code",
            "network_cidr",
            "status",
            "src_row_index"
        ]
    );
    assert_eq!(asn[0]["asn"], "8068, 8075");
}

#[test]
fn ti_pivot_of_dns_from_a_stix_bundle() {
    let feed = test_data("huntkit-ti", "stix-bundle.json");
    let out = ok(
        &[
            "pivot",
            "Dns",
            "lookup_ioc",
            "--value",
            "good.example",
            "--value",
            "updates.example",
            "--feed",
            &feed,
            "--format",
            "json",
        ],
        b"",
    );
    assert_eq!(out.len(), 1);
    assert_eq!(out[0]["Ioc"], "updates.example");
    assert_eq!(out[0]["IocType"], "dns");
    assert_eq!(out[0]["src_row_index"], 1);
}

#[test]
fn host_process_tree_by_a_host_column() {
    let child_of_cmd = |args: &[&str]| {
        let out = ok(args, common::TWO_HOSTS);
        let notepad = out
            .iter()
            .find(|r| r["NewProcessName"] == "C:\\Windows\\notepad.exe")
            .unwrap();
        let cmd = out
            .iter()
            .find(|r| r["NewProcessName"] == "C:\\Windows\\cmd.exe")
            .unwrap();
        (
            notepad["parent_key"] == cmd["proc_key"],
            notepad["Host"].clone(),
        )
    };
    let base = [
        "pivot",
        "Host",
        "process_tree",
        "-",
        "--join",
        "left",
        "--format",
        "json",
    ];
    assert_eq!(child_of_cmd(&base), (true, "h2".into()));
    let by_host: Vec<&str> = base.iter().copied().chain(["--column", "Host"]).collect();
    assert!(!child_of_cmd(&by_host).0);
}
