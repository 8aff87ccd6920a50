//! Each provider against a local HTTP server on 127.0.0.1 answering as the service
//! documents (fixtures in tests/fixtures), plus the error shapes: 401, 404, 429, a body
//! that is not JSON, a refused connection; and the key never showing in any message.
// Helpers outside the #[test] functions may panic: a panic fails the test.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod support;

use huntkit_net::native::{lookup_all, UreqTransport};
use huntkit_net::{ApiKey, NetConfig, Provider, Session, Step};
use huntkit_ti::{results_to_table, IocType, Severity, TiResult};
use serde_json::Value;
use support::{fixture, Reply, Server};

const KEY: &str = "K3Y-very-secret-0123456789abcdef";

fn config_for(server: &Server, provider: Provider) -> NetConfig {
    let mut c = NetConfig::default();
    c.set_key(provider, ApiKey::new(KEY));
    c.set_base_url(provider, server.base.clone());
    c.providers.get_mut(&provider).unwrap().requests_per_minute = Some(0);
    c
}

fn run(config: NetConfig, iocs: &[(&str, IocType)], providers: &[Provider]) -> Vec<TiResult> {
    let mut session = Session::new(config).unwrap();
    let transport = UreqTransport::new(5);
    let items: Vec<(String, IocType)> = iocs.iter().map(|(s, t)| (s.to_string(), *t)).collect();
    lookup_all(&mut session, &transport, &items, providers)
}

fn one(server: &Server, provider: Provider, ioc: &str, t: IocType) -> TiResult {
    let rows = run(config_for(server, provider), &[(ioc, t)], &[provider]);
    assert_eq!(rows.len(), 1, "{rows:?}");
    let row = rows.into_iter().next().unwrap();
    assert_no_key(&format!("{row:?}"));
    row
}

fn assert_no_key(text: &str) {
    assert!(!text.contains(KEY), "the key leaked into: {text}");
    assert!(
        !text.contains("very-secret"),
        "part of the key leaked into: {text}"
    );
}

fn error_code(row: &TiResult) -> &str {
    row.details["error"].as_str().unwrap_or("")
}

#[test]
fn virustotal_ip_and_domain() {
    let server = Server::start(|r| match r.target.as_str() {
        "/api/v3/ip_addresses/203.0.113.9" => Reply::json(200, &fixture("vt_ip.json")),
        "/api/v3/domains/example.com" => Reply::json(200, &fixture("vt_domain_clean.json")),
        _ => Reply::json(404, &fixture("vt_404.json")),
    });
    let row = one(&server, Provider::VirusTotal, "203.0.113.9", IocType::Ipv4);
    let req = server.last();
    assert_eq!(req.method, "GET");
    assert_eq!(req.header("x-apikey"), Some(KEY));
    assert_eq!(row.provider, "VirusTotal");
    assert!(row.result);
    assert_eq!(row.severity, Severity::High);
    assert_eq!(row.details["last_analysis_stats"]["malicious"], 5);
    assert_eq!(row.details["as_owner"], "EXAMPLE-AS");
    assert_eq!(
        row.reference.as_deref(),
        Some("https://www.virustotal.com/gui/ip-address/203.0.113.9")
    );
    assert!(row.raw_result.contains("last_analysis_results"));

    let row = one(&server, Provider::VirusTotal, "Example.com", IocType::Dns);
    assert_eq!(server.last().target, "/api/v3/domains/example.com");
    assert!(row.result);
    assert_eq!(row.severity, Severity::Information);

    // A URL's id is its unpadded URL-safe base64.
    let row = one(
        &server,
        Provider::VirusTotal,
        "http://a.example/?q=1",
        IocType::Url,
    );
    assert_eq!(
        server.last().target,
        "/api/v3/urls/aHR0cDovL2EuZXhhbXBsZS8_cT0x"
    );
    assert!(!row.result);
    assert_eq!(row.details["status"], "not_found");
}

#[test]
fn otx_pulses() {
    let server = Server::start(|r| match r.target.as_str() {
        "/api/v1/indicators/IPv4/203.0.113.9/general" => Reply::json(200, &fixture("otx_ip.json")),
        "/api/v1/indicators/domain/example.com/general" => {
            Reply::json(200, &fixture("otx_domain_clean.json"))
        }
        _ => Reply::json(404, "{\"detail\": \"Not found.\"}"),
    });
    let row = one(&server, Provider::Otx, "203.0.113.9", IocType::Ipv4);
    assert_eq!(server.last().header("X-OTX-API-KEY"), Some(KEY));
    assert!(row.result);
    assert_eq!(row.severity, Severity::High);
    assert_eq!(row.details["pulse_count"], 3);
    assert_eq!(row.details["pulse_names"][1], "Mirai scanners");
    assert_eq!(
        row.reference.as_deref(),
        Some("https://otx.alienvault.com/indicator/ip/203.0.113.9")
    );
    let row = one(&server, Provider::Otx, "example.com", IocType::Dns);
    assert!(!row.result);
    assert_eq!(row.severity, Severity::Information);
}

#[test]
fn otx_answers_without_a_key() {
    let server = Server::start(|_| Reply::json(200, &fixture("otx_ip.json")));
    let mut c = NetConfig::default();
    c.set_base_url(Provider::Otx, server.base.clone());
    let rows = run(c, &[("203.0.113.9", IocType::Ipv4)], &[Provider::Otx]);
    assert!(rows[0].result);
    assert_eq!(server.last().header("X-OTX-API-KEY"), None);
}

#[test]
fn abuseipdb_check() {
    let server = Server::start(|r| {
        if r.target == "/api/v2/check?ipAddress=203.0.113.9&maxAgeInDays=90" {
            Reply::json(200, &fixture("abuseipdb_check.json"))
        } else {
            Reply::json(401, &fixture("abuseipdb_401.json"))
        }
    });
    let row = one(&server, Provider::AbuseIpdb, "203.0.113.9", IocType::Ipv4);
    let req = server.last();
    assert_eq!(req.header("Key"), Some(KEY));
    assert_eq!(req.header("Accept"), Some("application/json"));
    assert!(row.result);
    assert_eq!(row.severity, Severity::High);
    assert_eq!(row.details["abuseConfidenceScore"], 100);
    assert_eq!(row.details["totalReports"], 1520);
    assert_eq!(
        row.reference.as_deref(),
        Some("https://www.abuseipdb.com/check/203.0.113.9")
    );
    // AbuseIPDB has nothing for domains: no request, no row.
    let rows = run(
        config_for(&server, Provider::AbuseIpdb),
        &[("example.com", IocType::Dns)],
        &[Provider::AbuseIpdb],
    );
    assert!(rows.is_empty());
    assert_eq!(server.count(), 1);
}

#[test]
fn greynoise_community() {
    let server = Server::start(|r| match r.target.as_str() {
        "/v3/community/203.0.113.9" => Reply::json(200, &fixture("greynoise_community.json")),
        "/v3/community/8.8.8.8" => Reply::json(200, &fixture("greynoise_riot.json")),
        _ => Reply::json(404, &fixture("greynoise_404.json")),
    });
    let row = one(&server, Provider::GreyNoise, "203.0.113.9", IocType::Ipv4);
    assert_eq!(server.last().header("key"), Some(KEY));
    assert!(row.result);
    assert_eq!(row.severity, Severity::High);
    assert_eq!(row.details["classification"], "malicious");
    assert_eq!(
        row.reference.as_deref(),
        Some("https://viz.greynoise.io/ip/203.0.113.9")
    );
    let row = one(&server, Provider::GreyNoise, "8.8.8.8", IocType::Ipv4);
    assert!(row.result);
    assert_eq!(row.severity, Severity::Information);
    assert_eq!(row.details["name"], "Google Public DNS");
    let row = one(&server, Provider::GreyNoise, "198.51.100.7", IocType::Ipv4);
    assert!(!row.result);
    assert_eq!(row.details["status"], "not_found");
    assert!(row.raw_result.contains("not observed scanning"));
}

#[test]
fn urlhaus_url_host_and_miss() {
    let server = Server::start(|r| match (r.target.as_str(), r.body.as_str()) {
        ("/v1/url/", "url=http%3A%2F%2Fmalware.example%2Fbins%2Fx86") => {
            Reply::json(200, &fixture("urlhaus_url.json"))
        }
        ("/v1/host/", "host=malware.example") => Reply::json(200, &fixture("urlhaus_host.json")),
        _ => Reply::json(200, &fixture("urlhaus_no_results.json")),
    });
    let row = one(
        &server,
        Provider::UrlHaus,
        "http://malware.example/bins/x86",
        IocType::Url,
    );
    let req = server.last();
    assert_eq!(req.method, "POST");
    assert_eq!(req.header("Auth-Key"), Some(KEY));
    assert_eq!(
        req.header("Content-Type"),
        Some("application/x-www-form-urlencoded")
    );
    assert!(row.result);
    assert_eq!(row.severity, Severity::High);
    assert_eq!(row.details["threat"], "malware_download");
    assert_eq!(
        row.reference.as_deref(),
        Some("https://urlhaus.abuse.ch/url/3000001/")
    );
    let row = one(&server, Provider::UrlHaus, "malware.example", IocType::Dns);
    assert!(row.result);
    assert_eq!(row.severity, Severity::Warning, "every URL is offline");
    assert_eq!(row.details["threats"][0], "malware_download");
    let row = one(&server, Provider::UrlHaus, "clean.example", IocType::Dns);
    assert!(!row.result);
    assert_eq!(row.details["query_status"], "no_results");
}

#[test]
fn error_shapes_become_coded_rows() {
    let server = Server::start(|r| match r.target.as_str() {
        "/api/v3/ip_addresses/192.0.2.1" => Reply::json(401, &fixture("vt_401.json")),
        "/api/v3/ip_addresses/192.0.2.2" => {
            Reply::json(429, &fixture("vt_429.json")).with_header("Retry-After", "30")
        }
        "/api/v3/ip_addresses/192.0.2.3" => Reply::json(200, "<html>oops</html>"),
        "/api/v3/ip_addresses/192.0.2.4" => Reply::json(200, "{\"data\": {}}"),
        "/api/v3/ip_addresses/192.0.2.5" => Reply::json(503, "unavailable"),
        _ => Reply::json(404, &fixture("vt_404.json")),
    });
    let rows = run(
        config_for(&server, Provider::VirusTotal),
        &[
            ("192.0.2.1", IocType::Ipv4),
            ("192.0.2.2", IocType::Ipv4),
            ("192.0.2.3", IocType::Ipv4),
            ("192.0.2.4", IocType::Ipv4),
            ("192.0.2.5", IocType::Ipv4),
            ("192.0.2.6", IocType::Ipv4),
        ],
        &[Provider::VirusTotal],
    );
    let codes: Vec<&str> = rows.iter().map(error_code).collect();
    assert_eq!(
        codes,
        [
            "unauthorized",
            "rate_limited",
            "malformed_response",
            "malformed_response",
            "http_status",
            ""
        ]
    );
    assert!(rows[1].details["message"]
        .as_str()
        .unwrap()
        .contains("30000 ms"));
    assert!(rows.iter().all(|r| !r.result));
    assert_eq!(rows[0].severity, Severity::Unknown);
    assert_eq!(rows[5].details["status"], "not_found");
    for r in &rows {
        assert_no_key(&format!("{r:?}"));
    }
    // The 429 made the session back off: the table records it, and the next request
    // in the same session would wait.
    let table = results_to_table(&rows).unwrap();
    assert_eq!(table.num_rows(), 6);
}

#[test]
fn missing_key_sends_nothing_and_says_which_variable() {
    let server = Server::start(|_| Reply::json(200, "{}"));
    let mut c = NetConfig::default();
    c.set_base_url(Provider::VirusTotal, server.base.clone());
    let rows = run(
        c,
        &[("203.0.113.9", IocType::Ipv4)],
        &[Provider::VirusTotal],
    );
    assert_eq!(error_code(&rows[0]), "missing_api_key");
    assert!(rows[0].details["message"]
        .as_str()
        .unwrap()
        .contains("HUNTKIT_VT_KEY"));
    assert_eq!(server.count(), 0);
}

#[test]
fn cache_answers_repeats_without_a_request() {
    let server = Server::start(|_| Reply::json(200, &fixture("greynoise_community.json")));
    let mut session = Session::new(config_for(&server, Provider::GreyNoise)).unwrap();
    let transport = UreqTransport::new(5);
    let items = vec![("203.0.113.9".to_string(), IocType::Ipv4)];
    let first = lookup_all(&mut session, &transport, &items, &[Provider::GreyNoise]);
    let second = lookup_all(&mut session, &transport, &items, &[Provider::GreyNoise]);
    assert_eq!(first, second);
    assert_eq!(server.count(), 1);
}

#[test]
fn rate_limit_waits_or_gives_up() {
    let server = Server::start(|_| Reply::json(200, &fixture("greynoise_community.json")));
    let mut c = config_for(&server, Provider::GreyNoise);
    c.providers
        .get_mut(&Provider::GreyNoise)
        .unwrap()
        .requests_per_minute = Some(2);
    c.max_wait_secs = 0;
    let rows = run(
        c.clone(),
        &[
            ("203.0.113.1", IocType::Ipv4),
            ("203.0.113.2", IocType::Ipv4),
            ("203.0.113.3", IocType::Ipv4),
        ],
        &[Provider::GreyNoise],
    );
    assert_eq!(server.count(), 2);
    assert!(rows[0].result && rows[1].result);
    assert_eq!(error_code(&rows[2]), "rate_limited");

    // The sans-IO session says how long to wait at a given time.
    let mut s = Session::new(c).unwrap();
    for (i, ip) in ["203.0.113.4", "203.0.113.5"].iter().enumerate() {
        assert!(matches!(
            s.start(Provider::GreyNoise, ip, IocType::Ipv4, i as u64),
            Step::Send(_)
        ));
    }
    assert_eq!(
        s.start(Provider::GreyNoise, "203.0.113.6", IocType::Ipv4, 1000),
        Step::Wait(59_000)
    );
    assert!(matches!(
        s.start(Provider::GreyNoise, "203.0.113.6", IocType::Ipv4, 60_000),
        Step::Send(_)
    ));
}

#[test]
fn refused_connection_is_a_transport_row_without_the_key() {
    // Bind then drop a listener: nothing answers on that port.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut c = NetConfig::default();
    c.set_key(Provider::AbuseIpdb, ApiKey::new(KEY));
    c.set_base_url(Provider::AbuseIpdb, format!("http://127.0.0.1:{port}"));
    let rows = run(c, &[("203.0.113.9", IocType::Ipv4)], &[Provider::AbuseIpdb]);
    assert_eq!(error_code(&rows[0]), "transport");
    assert_no_key(&format!("{:?} {}", rows[0], rows[0].details));
}

#[test]
fn key_never_appears_in_debug_or_errors() {
    let mut c = NetConfig::default();
    for p in Provider::ALL {
        c.set_key(p, ApiKey::new(KEY));
    }
    assert_no_key(&format!("{c:?}"));
    let session = Session::new(c.clone()).unwrap();
    assert_no_key(&format!("{session:?}"));
    for p in Provider::ALL {
        for t in IocType::ALL {
            if let Some(req) = p.build_request("203.0.113.9", t, &c).unwrap() {
                assert_no_key(&format!("{req:?} {}", req.url));
                assert_eq!(req.header_value(p.key_header()).unwrap().expose(), KEY);
            }
        }
        for status in [401, 403, 404, 429, 500] {
            let resp = huntkit_net::HttpResponse::new(status, format!("{{\"echo\":\"{status}\"}}"));
            match p.parse_response("203.0.113.9", IocType::Ipv4, &resp) {
                Ok(r) => assert_no_key(&format!("{r:?}")),
                Err(e) => assert_no_key(&format!("{e} {e:?}")),
            }
        }
    }
    let e = NetConfig::from_json(&format!(
        "{{\"providers\":{{\"vt\":{{\"base_url\":\"{KEY}\"}}}}}}"
    ))
    .unwrap_err();
    assert_no_key(&format!("{e} {e:?}"));
    let e = NetConfig::from_json(&format!(
        "{{\"providers\":{{\"vt\":{{\"apiKey\":{KEY}}}}}}}"
    ))
    .unwrap_err();
    assert_no_key(&format!("{e} {e:?}"));
}

#[test]
fn json_config_points_providers_at_the_server() {
    let server = Server::start(|_| Reply::json(200, &fixture("abuseipdb_check.json")));
    let c = NetConfig::from_json(&format!(
        r#"{{"providers": {{"abuseipdb": {{"apiKey": "{KEY}", "baseUrl": "{}/", "requestsPerMinute": 0}}}},
            "cacheTtlSecs": 0}}"#,
        server.base
    ))
    .unwrap();
    let rows = run(
        c,
        &[
            ("203.0.113.9", IocType::Ipv4),
            ("203.0.113.9", IocType::Ipv4),
        ],
        &[Provider::AbuseIpdb],
    );
    assert_eq!(rows.len(), 2);
    assert_eq!(server.count(), 2, "a TTL of 0 caches nothing");
    assert_eq!(
        server.last().target,
        "/api/v2/check?ipAddress=203.0.113.9&maxAgeInDays=90"
    );
}

#[test]
fn table_in_table_out() {
    let server = Server::start(|r| {
        if r.target.starts_with("/v3/community/203.0.113.9") {
            Reply::json(200, &fixture("greynoise_community.json"))
        } else {
            Reply::json(404, &fixture("greynoise_404.json"))
        }
    });
    let csv = b"ip,note\n203.0.113.9,a\n198.51.100.7,b\n203.0.113.9,c\nexample.com,d\n";
    let table = huntkit_core::read(csv, &huntkit_core::ReadOptions::default()).unwrap();
    let items = huntkit_net::indicators_of(&table, "ip", None, 100).unwrap();
    assert_eq!(items.len(), 3);
    let mut session = Session::new(config_for(&server, Provider::GreyNoise)).unwrap();
    let rows = lookup_all(
        &mut session,
        &UreqTransport::new(5),
        &items,
        &[Provider::GreyNoise],
    );
    let out = results_to_table(&rows).unwrap();
    assert_eq!(out.num_rows(), 2, "the domain has no GreyNoise row");
    let details = out.str_column("Details").unwrap();
    let d: Value = serde_json::from_str(details.get(0).unwrap()).unwrap();
    assert_eq!(d["classification"], "malicious");
    assert_eq!(
        out.str_column("Provider").unwrap().get(1),
        Some("GreyNoise")
    );
    let e = huntkit_net::indicators_of(&table, "ip", None, 2).unwrap_err();
    assert_eq!(huntkit_core::ErrorCode::code(&e), "invalid_config");
}

/// A VirusTotal v3 URL object as MSTICPy's own tests hold it (tests/testdata/vt3_url_0.json,
/// MIT licence in tests/fixtures/LICENSE-msticpy), wrapped in `data` as the API sends it:
/// 57 engines call it harmless, 9 have no rating, none malicious.
#[test]
fn virustotal_url_object_from_msticpy_tests() {
    let server = Server::start(|r| match r.target.as_str() {
        "/api/v3/urls/aHR0cDovLzIxOC41NC40Ny43Ny8" => {
            Reply::json(200, &fixture("vt_url_msticpy.json"))
        }
        _ => Reply::json(404, &fixture("vt_404.json")),
    });
    let row = one(
        &server,
        Provider::VirusTotal,
        "http://218.54.47.77/",
        IocType::Url,
    );
    assert_eq!(
        server.last().target,
        "/api/v3/urls/aHR0cDovLzIxOC41NC40Ny43Ny8"
    );
    assert!(row.result, "{row:?}");
    assert_eq!(row.severity, Severity::Information);
    assert_eq!(row.details["last_analysis_stats"]["harmless"], 57);
    assert_eq!(row.details["last_analysis_stats"]["undetected"], 9);
    assert_eq!(row.details["last_analysis_stats"]["malicious"], 0);
    assert!(row.raw_result.contains("Forcepoint ThreatSeeker"));
}
