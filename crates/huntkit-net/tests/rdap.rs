//! WhoIs through RDAP against a local server on 127.0.0.1 answering with RFC 9083
//! objects (tests/fixtures/rdap_*.json): the network, the origin AS's name, the
//! registrant and abuse contact, through a replaced bootstrap file or `rdap_base`.
// Helpers outside the #[test] functions may panic: a panic fails the test.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod support;

use huntkit_net::native::{whois_all, UreqTransport};
use huntkit_net::{whois_table, Bootstrap, NetConfig, Session, WhoisRecord, WHOIS_COLUMNS};
use support::{fixture, Reply, Server};

fn rdap_server() -> Server {
    Server::start(|r| match r.target.as_str() {
        "/ip/13.107.4.50" => Reply::json(200, &fixture("rdap_ip_arin.json")),
        "/autnum/8068" => Reply::json(200, &fixture("rdap_autnum_8068.json")),
        "/ip/193.0.6.139" => Reply::json(200, &fixture("rdap_ip_ripe.json")),
        "/ip/45.33.32.156" => Reply::json(200, "not json"),
        "/ip/104.16.0.1" => Reply::json(429, "{}").with_header("Retry-After", "5"),
        _ => Reply::json(404, &fixture("rdap_404.json")),
    })
}

fn whois(config: NetConfig, bootstrap: Bootstrap, ips: &[&str]) -> Vec<WhoisRecord> {
    let mut session = Session::with_bootstrap(config, bootstrap);
    let ips: Vec<String> = ips.iter().map(|s| s.to_string()).collect();
    whois_all(&mut session, &UreqTransport::new(5), &ips)
}

fn local_config(server: &Server) -> NetConfig {
    NetConfig {
        rdap_base: Some(server.base.clone()),
        rdap_requests_per_minute: 0,
        ..NetConfig::default()
    }
}

#[test]
fn arin_network_then_autnum_name() {
    let server = rdap_server();
    let records = whois(
        local_config(&server),
        Bootstrap::bundled().unwrap(),
        &["13.107.4.50"],
    );
    let r = &records[0];
    assert_eq!(r.status, "ok", "{r:?}");
    assert_eq!(r.query, "13.107.4.50");
    assert_eq!(r.asn.as_deref(), Some("8068, 8075"));
    // MSTICPy's pivot test: whois of 13.107.4.50 has this asn_description.
    assert_eq!(
        r.asn_description.as_deref(),
        Some("MICROSOFT-CORP-MSN-AS-BLOCK")
    );
    assert_eq!(r.network_cidr.as_deref(), Some("13.104.0.0/14"));
    assert_eq!(r.network_start.as_deref(), Some("13.104.0.0"));
    assert_eq!(r.network_end.as_deref(), Some("13.107.255.255"));
    assert_eq!(r.network_name.as_deref(), Some("MSFT"));
    assert_eq!(r.network_handle.as_deref(), Some("NET-13-104-0-0-1"));
    assert_eq!(r.registrant.as_deref(), Some("Microsoft Corporation"));
    assert_eq!(r.abuse_contact.as_deref(), Some("abuse@microsoft.com"));
    let targets: Vec<String> = server.all().into_iter().map(|r| r.target).collect();
    assert_eq!(targets, ["/ip/13.107.4.50", "/autnum/8068"]);
    assert!(server
        .last()
        .header("Accept")
        .unwrap()
        .contains("application/rdap+json"));
}

#[test]
fn replaced_bootstrap_routes_to_the_local_server() {
    let server = rdap_server();
    let mut bootstrap = Bootstrap::bundled().unwrap();
    let file = format!(
        r#"{{"version": "1.0", "publication": "2025-01-01T00:00:00Z", "description": "test",
            "services": [[["193.0.0.0/8", "13.0.0.0/8"], ["{}/"]]]}}"#,
        server.base
    );
    bootstrap.replace(&file).unwrap();
    let asn_file = format!(
        r#"{{"version": "1.0", "publication": "x", "services": [[["8000-8100"], ["{}"]]]}}"#,
        server.base
    );
    bootstrap.replace(&asn_file).unwrap();
    let config = NetConfig {
        rdap_requests_per_minute: 0,
        ..NetConfig::default()
    };
    let records = whois(config, bootstrap, &["193.0.6.139", "13.107.4.50"]);
    let ripe = &records[0];
    assert_eq!(ripe.status, "ok", "{ripe:?}");
    assert_eq!(ripe.asn, None, "RIPE's network object names no origin AS");
    assert_eq!(ripe.asn_description, None);
    assert_eq!(ripe.country.as_deref(), Some("NL"));
    assert_eq!(ripe.network_cidr.as_deref(), Some("193.0.0.0/21"));
    assert_eq!(ripe.network_type.as_deref(), Some("ASSIGNED PA"));
    assert_eq!(ripe.abuse_contact.as_deref(), Some("abuse@ripe.net"));
    assert_eq!(
        ripe.registrant.as_deref(),
        Some("Reseaux IP Europeens Network Coordination Centre (RIPE NCC)")
    );
    assert_eq!(
        records[1].asn_description.as_deref(),
        Some("MICROSOFT-CORP-MSN-AS-BLOCK")
    );
    assert_eq!(server.count(), 3);
}

#[test]
fn failures_are_coded_rows() {
    let server = rdap_server();
    let records = whois(
        local_config(&server),
        Bootstrap::bundled().unwrap(),
        &[
            "10.0.0.1",
            "not-an-ip",
            "192.0.2.200",
            "45.33.32.156",
            "104.16.0.1",
        ],
    );
    let statuses: Vec<&str> = records.iter().map(|r| r.status.as_str()).collect();
    assert_eq!(
        statuses,
        [
            "not_public",
            "invalid_ip",
            "not_public",
            "malformed_response",
            "rate_limited"
        ]
    );
    assert!(records[4].message.as_deref().unwrap().contains("5000 ms"));
    // Neither the private nor the invalid address was sent anywhere.
    assert_eq!(server.count(), 2);
}

#[test]
fn not_found_and_no_service() {
    let server = rdap_server();
    let records = whois(
        local_config(&server),
        Bootstrap::bundled().unwrap(),
        &["8.8.4.4"],
    );
    assert_eq!(records[0].status, "http_status");
    assert!(records[0].message.as_deref().unwrap().contains("404"));
    // An empty bootstrap serves nothing: no request is made.
    let mut empty = Bootstrap::default();
    empty
        .replace(r#"{"services": [[["1.0.0.0/8"], ["https://rdap.example/"]]]}"#)
        .unwrap();
    let records = whois(NetConfig::default(), empty, &["8.8.4.4"]);
    assert_eq!(records[0].status, "no_rdap_service");
}

#[test]
fn autnum_failure_keeps_the_network() {
    let server = Server::start(|r| match r.target.as_str() {
        "/ip/13.107.4.50" => Reply::json(200, &fixture("rdap_ip_arin.json")),
        _ => Reply::json(500, "{}"),
    });
    let records = whois(
        local_config(&server),
        Bootstrap::bundled().unwrap(),
        &["13.107.4.50"],
    );
    let r = &records[0];
    assert_eq!(r.status, "ok");
    assert_eq!(r.asn.as_deref(), Some("8068, 8075"));
    assert_eq!(r.asn_description, None);
    assert!(r.message.as_deref().unwrap().contains("500"));
}

#[test]
fn repeats_come_from_the_cache_and_the_table_has_msticpy_columns() {
    let server = rdap_server();
    let records = whois(
        local_config(&server),
        Bootstrap::bundled().unwrap(),
        &["13.107.4.50", "13.107.4.50"],
    );
    assert_eq!(records[0], records[1]);
    assert_eq!(server.count(), 2, "one network and one autnum request");
    let table = whois_table(&records).unwrap();
    assert_eq!(
        table.column_names(),
        WHOIS_COLUMNS.map(String::from).to_vec()
    );
    assert_eq!(
        table.str_column("asn_description").unwrap().get(0),
        Some("MICROSOFT-CORP-MSN-AS-BLOCK")
    );
}
