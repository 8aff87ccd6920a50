//! Entities from values, tables, IoC output and Sentinel alert JSON.
// A failed expectation stops a test: panicking here is the point.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use huntkit_core::ErrorCode;
use huntkit_entities::{
    alert_entities, alert_entities_table, entities_from_column, entities_from_iocs, AlertOptions,
    EntityKind,
};

const ALERT: &str = include_str!("data/sentinel_alert.json");

#[test]
fn alert_json_gives_the_alert_and_every_entity_with_refs_resolved() {
    let ents = alert_entities(ALERT, &AlertOptions::default()).unwrap();
    let types: Vec<&str> = ents.iter().map(|e| e.type_name.as_str()).collect();
    assert_eq!(
        types,
        [
            "Alert",
            "Host",
            "Account",
            "Process",
            "File",
            "FileHash",
            "IpAddress",
            "Url",
            "Dns",
            "Malware"
        ]
    );
    let alert = &ents[0];
    assert_eq!(
        alert.value.as_deref(),
        Some("f1ce87ca-8863-4a66-a0bd-a4d3776a7c64")
    );
    assert_eq!(alert.properties["AlertSeverity"], "Medium");
    assert!(!alert.properties.contains_key("Entities"));
    let by_id = |id: &str| ents.iter().find(|e| e.id.as_deref() == Some(id)).unwrap();
    assert_eq!(
        by_id("2").value.as_deref(),
        Some("msticalertswin1.contoso.com")
    );
    assert_eq!(
        by_id("3").value.as_deref(),
        Some("MSTICAlertsWin1\\msticadmin")
    );
    // The account's host is a reference, resolved to the host it names.
    assert_eq!(by_id("3").properties["Host"]["$ref"], "2");
    assert_eq!(
        by_id("3").properties["Host"]["Value"],
        "msticalertswin1.contoso.com"
    );
    // The process's image file is nested: read out as its own entity, referenced.
    let file = by_id("5");
    assert_eq!(
        file.value.as_deref(),
        Some("C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe")
    );
    assert_eq!(by_id("4").properties["ImageFile"]["Type"], "File");
    assert_eq!(
        by_id("6").value.as_deref(),
        Some("6cbce4a295c163791b60fc23d285e6d84f28ee4c")
    );
    assert_eq!(by_id("7").value.as_deref(), Some("40.77.232.95"));
    assert_eq!(
        by_id("8").value.as_deref(),
        Some("http://evil.example.com/payload.ps1")
    );
    assert_eq!(by_id("9").value.as_deref(), Some("evil.example.com"));
    assert_eq!(
        by_id("9").properties["IpAddresses"][0]["Value"],
        "40.77.232.95"
    );
    assert_eq!(by_id("10").value, None);
    // The top-level `{"$ref": "5"}` repeats the file: no second row.
    assert_eq!(
        ents.iter().filter(|e| e.id.as_deref() == Some("5")).count(),
        1
    );

    let t = alert_entities_table(ALERT, &AlertOptions::default()).unwrap();
    assert_eq!(t.column_names(), ["Id", "Type", "Value", "Properties"]);
    assert_eq!(t.num_rows(), 10);
}

#[test]
fn the_entities_column_alone_reads_too() {
    let v: serde_json::Value = serde_json::from_str(ALERT).unwrap();
    let ents = alert_entities(v["Entities"].as_str().unwrap(), &Default::default()).unwrap();
    assert_eq!(ents.len(), 9);
    assert_eq!(ents[0].type_name, "Host");
}

#[test]
fn hostile_alert_json_is_a_coded_error() {
    let cases: [(&str, &str); 5] = [
        ("{", "invalid_json"),
        ("42", "invalid_json"),
        ("[1,2]", "invalid_json"),
        (r#"{"Entities": 5}"#, "invalid_json"),
        (r#"{"Entities": "[{\"$id\":"}"#, "invalid_json"),
    ];
    for (json, code) in cases {
        let e = alert_entities(json, &Default::default()).unwrap_err();
        assert_eq!(e.code(), code, "{json}");
    }
    // Deep nesting of entities stops at maxDepth, not the stack.
    let mut deep = String::from(r#"{"$id":"0","Type":"host"}"#);
    for i in 1..200 {
        deep = format!(r#"{{"$id":"{i}","Type":"process","Parent":{deep}}}"#);
    }
    let e = alert_entities(&format!("[{deep}]"), &Default::default()).unwrap_err();
    assert!(matches!(e.code(), "limit_exceeded" | "invalid_json"), "{e}");
    let opts = AlertOptions {
        max_entities: 3,
        ..Default::default()
    };
    assert_eq!(
        alert_entities(ALERT, &opts).unwrap_err().code(),
        "limit_exceeded"
    );
    let opts = AlertOptions {
        max_bytes: 10,
        ..Default::default()
    };
    assert_eq!(
        alert_entities(ALERT, &opts).unwrap_err().code(),
        "limit_exceeded"
    );
}

#[test]
fn entities_from_a_column_and_from_iocs() {
    let t = huntkit_core::read(
        br#"[{"User":"CONTOSO\\alice"},{"User":"bob@Contoso.com"},{"User":null},{"User":"S-1-5-18"}]"#,
        &Default::default(),
    )
    .unwrap();
    let e = entities_from_column(&t, "User", EntityKind::Account).unwrap();
    assert_eq!(e.num_rows(), 4);
    let names = e.str_column("Name").unwrap();
    assert_eq!(names.get(0), Some("alice"));
    assert_eq!(names.get(1), Some("bob"));
    assert_eq!(names.get(2), None);
    assert_eq!(
        e.str_column("UPNSuffix").unwrap().get(1),
        Some("contoso.com")
    );
    assert_eq!(e.str_column("Sid").unwrap().get(3), Some("S-1-5-18"));

    let events = huntkit_core::read(
        b"CommandLine\n\"curl hxxp://evil[.]example.com/x 8.8.8.8\"\nnothing here\n\"certutil d41d8cd98f00b204e9800998ecf8427e\"\n",
        &Default::default(),
    )
    .unwrap();
    let ex = huntkit_ioc::Extractor::new(Default::default()).unwrap();
    let iocs = ex.extract_table(&events, &["CommandLine"]).unwrap();
    let ents = entities_from_iocs(&iocs).unwrap();
    let types = ents.str_column("Type").unwrap();
    let values = ents.str_column("Value").unwrap();
    let rows = ents.ints("src_row_index").unwrap();
    let got: Vec<(String, String, i64)> = (0..ents.num_rows())
        .map(|i| {
            (
                types.get(i).unwrap().into(),
                values.get(i).unwrap().into(),
                rows[i].unwrap(),
            )
        })
        .collect();
    assert!(
        got.contains(&("Url".into(), "http://evil.example.com/x".into(), 0)),
        "{got:?}"
    );
    assert!(
        got.contains(&("Dns".into(), "evil.example.com".into(), 0)),
        "{got:?}"
    );
    assert!(
        got.contains(&("IpAddress".into(), "8.8.8.8".into(), 0)),
        "{got:?}"
    );
    assert!(
        got.contains(&(
            "FileHash".into(),
            "d41d8cd98f00b204e9800998ecf8427e".into(),
            2
        )),
        "{got:?}"
    );
}

#[test]
fn entity_names_and_aliases() {
    assert_eq!(EntityKind::from_name("ip").unwrap(), EntityKind::IpAddress);
    assert_eq!(EntityKind::from_name("Machine").unwrap(), EntityKind::Host);
    assert_eq!(EntityKind::from_name("user").unwrap(), EntityKind::Account);
    assert_eq!(
        EntityKind::from_name("dnsresolve").unwrap(),
        EntityKind::Dns
    );
    assert_eq!(
        EntityKind::from_name("TestEntity").unwrap_err().code(),
        "unknown_entity"
    );
}

/// MSTICPy's entity fixture (tests/testdata/entities.json, MIT licence in
/// tests/data/LICENSE-msticpy): its test instantiates every entity and checks that hosts
/// have a HostName, processes a ProcessId, files and accounts a Name.
#[test]
fn msticpy_entity_fixture_parses_as_its_tests_expect() {
    let fixture: serde_json::Value =
        serde_json::from_str(include_str!("data/msticpy_entities.json")).unwrap();
    let entities: Vec<&serde_json::Value> = fixture.as_object().unwrap().values().collect();
    let json = serde_json::to_string(&entities).unwrap();
    let ents = alert_entities(&json, &AlertOptions::default()).unwrap();
    let top: Vec<_> = ents.iter().filter(|e| e.id.is_some()).collect();
    assert!(top.len() >= 7, "{ents:#?}");
    let has = |ty: &str, prop: &str| {
        top.iter()
            .filter(|e| e.type_name == ty)
            .all(|e| e.properties[prop].as_str().is_some_and(|v| !v.is_empty()))
    };
    for (ty, prop) in [
        ("Host", "HostName"),
        ("Process", "ProcessId"),
        ("File", "Name"),
        ("Account", "Name"),
    ] {
        assert!(top.iter().any(|e| e.type_name == ty), "no {ty}");
        assert!(has(ty, prop), "a {ty} without {prop}");
    }
    // MSTICPy's `host-logon-session`, under its class name as MSTICPy shows it.
    assert!(top.iter().any(|e| e.type_name == "HostLogonSession"));
}

/// The first SecurityAlert row of MSTICPy's alert fixture (tests/testdata/localdata/
/// alerts_list.pkl, a pandas pickle, written out as JSON; MIT licence in
/// tests/data/LICENSE-msticpy). MSTICPy's test reads `SystemAlertIds` from it; huntkit's
/// Alert keeps every column of the row as its properties (MSTICPy keeps 15 attributes).
#[test]
fn msticpy_alert_row_gives_the_alert_and_its_entities() {
    let ents = alert_entities(
        include_str!("data/msticpy_alert_row.json"),
        &AlertOptions::default(),
    )
    .unwrap();
    let got: Vec<(&str, Option<&str>)> = ents
        .iter()
        .map(|e| (e.type_name.as_str(), e.value.as_deref()))
        .collect();
    assert_eq!(
        got,
        [
            ("Alert", Some("f1ce87ca-8863-4a66-a0bd-a4d3776a7c64")),
            ("IpAddress", Some("23.97.60.214")),
            ("Host", Some("MSTICAlertsLxVM2")),
            ("Account", Some("dbadmin")),
        ]
    );
    assert_eq!(
        ents[0].properties["AlertDisplayName"],
        "SSH Anomalous Login ML"
    );
    assert!(!ents[0].properties.contains_key("Entities"));
}
