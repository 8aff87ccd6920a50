//! The pivot registry: MSTICPy's homogeneous input rules and joins.
// A failed expectation stops a test: panicking here is the point.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use huntkit_core::{ErrorCode, Table};
use huntkit_entities::pivot::{
    catalogue, catalogue_json, find_pivot, join_result, run_pivot, JoinHow, PivotInput,
    PivotOptions,
};

fn ips() -> Vec<(&'static str, &'static str)> {
    vec![
        ("104.211.30.1", "Public"),
        ("104.211.30.2", "Public"),
        ("192.168.0.1", "Private"),
        ("127.0.0.1", "Loopback"),
    ]
}

fn ip_table() -> Table {
    let mut csv = String::from("SrcIP,Port\n");
    for (i, (ip, _)) in ips().iter().enumerate() {
        csv.push_str(&format!("{ip},{}\n", 1000 + i));
    }
    huntkit_core::read(csv.as_bytes(), &Default::default()).unwrap()
}

fn pairs(t: &Table, key: &str, val: &str) -> Vec<(String, String)> {
    let k = t.str_column(key).unwrap();
    let v = t.str_column(val).unwrap();
    (0..t.num_rows())
        .map(|i| {
            (
                k.get(i).unwrap_or("").to_string(),
                v.get(i).unwrap_or("").to_string(),
            )
        })
        .collect()
}

fn expected() -> Vec<(String, String)> {
    ips()
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn ip_type_by_value_list_and_table_gives_the_same_rows() {
    let opts = PivotOptions::default();
    // A single value.
    for (ip, want) in ips() {
        let t = run_pivot(
            "IpAddress",
            "ip_type",
            &PivotInput::Values(vec![Some(ip.into())]),
            &opts,
        )
        .unwrap();
        assert_eq!(
            pairs(&t, "ip", "result"),
            [(ip.to_string(), want.to_string())]
        );
    }
    // A list.
    let list = PivotInput::Values(ips().iter().map(|(ip, _)| Some(ip.to_string())).collect());
    let from_list = run_pivot("IpAddress", "ip_type", &list, &opts).unwrap();
    assert_eq!(from_list.column_names(), ["ip", "result", "src_row_index"]);
    assert_eq!(pairs(&from_list, "ip", "result"), expected());
    // A table and a column.
    let table = ip_table();
    let input = PivotInput::Table {
        table: &table,
        column: Some("SrcIP"),
    };
    let from_table = run_pivot("ip", "ip_type", &input, &opts).unwrap();
    assert_eq!(pairs(&from_table, "ip", "result"), expected());
    assert_eq!(
        from_table.ints("src_row_index").unwrap(),
        [Some(0), Some(1), Some(2), Some(3)]
    );
}

#[test]
fn joins_left_and_inner_follow_the_column_count_rule() {
    let table = ip_table();
    let input = PivotInput::Table {
        table: &table,
        column: Some("SrcIP"),
    };
    let result = run_pivot("IpAddress", "ip_type", &input, &PivotOptions::default()).unwrap();
    for how in [JoinHow::Left, JoinHow::Inner] {
        let opts = PivotOptions {
            join: Some(how),
            ..Default::default()
        };
        let joined = run_pivot("IpAddress", "ip_type", &input, &opts).unwrap();
        assert_eq!(joined.column_names(), ["SrcIP", "Port", "ip", "result"]);
        assert!(joined.num_columns() <= table.num_columns() + result.num_columns());
        assert_eq!(pairs(&joined, "SrcIP", "result"), expected());
    }
    // A list joined on itself: the key column is the input column, kept once.
    let list = PivotInput::Values(vec![
        Some("127.0.0.1".into()),
        None,
        Some("10.0.0.1".into()),
    ]);
    let left = run_pivot(
        "IpAddress",
        "ip_type",
        &list,
        &PivotOptions {
            join: Some(JoinHow::Left),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(left.column_names(), ["ip", "result"]);
    assert_eq!(left.num_rows(), 3);
    assert_eq!(left.str_column("result").unwrap().get(1), None);
    let inner = run_pivot(
        "IpAddress",
        "ip_type",
        &list,
        &PivotOptions {
            join: Some(JoinHow::Inner),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(inner.num_rows(), 2);
}

#[test]
fn value_joins_match_msticpy_merge_with_suffixes() {
    // The input has a column named like a result column: both get suffixes.
    let t = huntkit_core::read(
        b"ip,result\n127.0.0.1,old\n8.8.8.8,old\n",
        &Default::default(),
    )
    .unwrap();
    let result = run_pivot(
        "IpAddress",
        "ip_type",
        &PivotInput::Values(vec![Some("8.8.8.8".into())]),
        &Default::default(),
    )
    .unwrap();
    let opts = PivotOptions {
        left_on: Some("ip".into()),
        right_on: Some("ip".into()),
        ..Default::default()
    };
    let joined = join_result(&t, Some("ip"), &result, JoinHow::Left, Some("ip"), &opts).unwrap();
    assert_eq!(joined.column_names(), ["ip", "result_src", "result_res"]);
    assert_eq!(joined.str_column("result_res").unwrap().get(0), None);
    assert_eq!(
        joined.str_column("result_res").unwrap().get(1),
        Some("Public")
    );
    let joined = join_result(&t, Some("ip"), &result, JoinHow::Inner, Some("ip"), &opts).unwrap();
    assert_eq!(joined.num_rows(), 1);
    // rightOn without leftOn is refused.
    let bad = PivotOptions {
        right_on: Some("ip".into()),
        ..Default::default()
    };
    assert_eq!(
        join_result(&t, Some("ip"), &result, JoinHow::Left, None, &bad)
            .unwrap_err()
            .code(),
        "invalid_option"
    );
}

#[test]
fn url_and_dns_components() {
    let url = "https://www.contoso.com/path?p1=test";
    let t = run_pivot(
        "Url",
        "url_components",
        &PivotInput::Values(vec![Some(url.into())]),
        &Default::default(),
    )
    .unwrap();
    assert_eq!(
        t.column_names(),
        [
            "url",
            "scheme",
            "auth",
            "host",
            "port",
            "path",
            "query",
            "fragment",
            "src_row_index"
        ]
    );
    assert_eq!(
        t.str_column("host").unwrap().get(0),
        Some("www.contoso.com")
    );
    assert_eq!(t.str_column("query").unwrap().get(0), Some("p1=test"));
    let t = run_pivot(
        "Url",
        "dns_components",
        &PivotInput::Values(vec![Some(url.into())]),
        &Default::default(),
    )
    .unwrap();
    assert_eq!(t.str_column("subdomain").unwrap().get(0), Some("www"));
    assert_eq!(
        t.str_column("registered_domain").unwrap().get(0),
        Some("contoso.com")
    );
    let t = run_pivot(
        "Dns",
        "dns_components",
        &PivotInput::Values(vec![Some("a.b.example.co.uk".into())]),
        &Default::default(),
    )
    .unwrap();
    assert_eq!(t.str_column("suffix").unwrap().get(0), Some("co.uk"));
}

#[test]
fn engines_are_registered_pivots() {
    // MSTICPy's pivot test: a b64-encoded command line decodes to its text.
    let b64 = "VGhpcyBpcyBhIHRlc3Qgb2YgYmFzZTY0IGVuY29kZWQgc3RyaW5n";
    let t = run_pivot(
        "Process",
        "b64decode",
        &PivotInput::Values(vec![Some(b64.into())]),
        &Default::default(),
    )
    .unwrap();
    let decoded = t.str_column("decoded_string").unwrap();
    assert_eq!(
        decoded.get(0),
        Some("This is a test of base64 encoded string")
    );
    assert!(t.has_column("src_row_index"));

    let url = "https://www.contoso.com/path?p1=test";
    let t = run_pivot(
        "Url",
        "extract_iocs",
        &PivotInput::Values(vec![Some(url.into())]),
        &Default::default(),
    )
    .unwrap();
    let obs: Vec<_> = (0..t.num_rows())
        .map(|i| {
            t.str_column("Observable")
                .unwrap()
                .get(i)
                .unwrap()
                .to_string()
        })
        .collect();
    assert!(obs.contains(&"www.contoso.com".to_string()), "{obs:?}");

    // Engine options pass through, unknown ones refused.
    let opts = PivotOptions {
        options: Some(serde_json::json!({"types": ["url"]})),
        ..Default::default()
    };
    let t = run_pivot(
        "Url",
        "extract_iocs",
        &PivotInput::Values(vec![Some(url.into())]),
        &opts,
    )
    .unwrap();
    assert_eq!(t.num_rows(), 1);
    let opts = PivotOptions {
        options: Some(serde_json::json!({"typo": 1})),
        ..Default::default()
    };
    let e = run_pivot(
        "Url",
        "extract_iocs",
        &PivotInput::Values(vec![Some(url.into())]),
        &opts,
    )
    .unwrap_err();
    assert_eq!(e.code(), "invalid_option");

    // Joined: each command line keeps its row, with its findings beside it.
    let events = huntkit_core::read(
        b"Host,CommandLine\nh1,curl http://evil.example.com/a\nh2,dir\n",
        &Default::default(),
    )
    .unwrap();
    let input = PivotInput::Table {
        table: &events,
        column: None,
    };
    let opts = PivotOptions {
        join: Some(JoinHow::Left),
        options: Some(serde_json::json!({"types": ["url"]})),
        ..Default::default()
    };
    let j = run_pivot("Process", "extract_iocs", &input, &opts).unwrap();
    assert_eq!(j.num_rows(), 2);
    assert_eq!(
        j.str_column("Observable").unwrap().get(0),
        Some("http://evil.example.com/a")
    );
    assert_eq!(j.str_column("Observable").unwrap().get(1), None);
    assert_eq!(j.str_column("Host").unwrap().get(1), Some("h2"));
}

#[test]
fn process_tree_pivot_takes_a_table() {
    let csv =
        b"TimeGenerated,NewProcessName,NewProcessId,ProcessId,ParentProcessName,CommandLine\n\
        2024-01-01 10:00:00,C:\\Windows\\cmd.exe,0x10,0x4,C:\\Windows\\explorer.exe,cmd\n\
        2024-01-01 10:00:01,C:\\Windows\\whoami.exe,0x20,0x10,C:\\Windows\\cmd.exe,whoami\n";
    let events = huntkit_core::read(csv, &Default::default()).unwrap();
    let input = PivotInput::Table {
        table: &events,
        column: None,
    };
    let opts = PivotOptions {
        join: Some(JoinHow::Left),
        ..Default::default()
    };
    let j = run_pivot("Process", "process_tree", &input, &opts).unwrap();
    assert_eq!(j.num_rows(), 2);
    assert!(j.has_column("proc_key") && j.has_column("depth"));
    assert!(!j.has_column("NewProcessName_res"));
    let e = run_pivot(
        "Process",
        "process_tree",
        &PivotInput::Values(vec![Some("cmd".into())]),
        &Default::default(),
    )
    .unwrap_err();
    assert_eq!(e.code(), "invalid_input");
}

#[test]
fn host_process_tree_tells_hosts_apart_by_the_given_column() {
    // Process 0x10 runs on both hosts: notepad's parent is h2's 0x10, not h1's cmd.
    let csv =
        b"TimeGenerated,Host,NewProcessName,NewProcessId,ProcessId,ParentProcessName,CommandLine\n\
        2024-01-01 10:00:00,h1,C:\\Windows\\cmd.exe,0x10,0x4,C:\\Windows\\explorer.exe,cmd\n\
        2024-01-01 10:00:01,h1,C:\\Windows\\whoami.exe,0x20,0x10,C:\\Windows\\cmd.exe,whoami\n\
        2024-01-01 10:00:02,h2,C:\\Windows\\notepad.exe,0x30,0x10,C:\\Windows\\cmd.exe,notepad\n";
    let events = huntkit_core::read(csv, &Default::default()).unwrap();
    let opts = PivotOptions {
        join: Some(JoinHow::Left),
        ..Default::default()
    };
    let parent_of_notepad = |column: Option<&str>| {
        let input = PivotInput::Table {
            table: &events,
            column,
        };
        let t = run_pivot("Host", "process_tree", &input, &opts).unwrap();
        let names = t.str_column("NewProcessName").unwrap();
        let row = (0..t.num_rows())
            .find(|&i| names.get(i) == Some("C:\\Windows\\notepad.exe"))
            .unwrap();
        let parent = t
            .str_column("parent_key")
            .unwrap()
            .get(row)
            .unwrap()
            .to_string();
        let cmd = (0..t.num_rows())
            .find(|&i| names.get(i) == Some("C:\\Windows\\cmd.exe"))
            .unwrap();
        let cmd_key = t
            .str_column("proc_key")
            .unwrap()
            .get(cmd)
            .unwrap()
            .to_string();
        (
            parent,
            cmd_key,
            t.str_column("Host").unwrap().get(row).map(str::to_string),
        )
    };
    let (parent, cmd_key, host) = parent_of_notepad(None);
    assert_eq!(parent, cmd_key, "one host: notepad is cmd's child");
    assert_eq!(host.as_deref(), Some("h2"));
    let (parent, cmd_key, _) = parent_of_notepad(Some("Host"));
    assert_ne!(parent, cmd_key, "by host: h2's 0x10 is another process");
    let e = run_pivot(
        "Host",
        "process_tree",
        &PivotInput::Table {
            table: &events,
            column: Some("Computer"),
        },
        &opts,
    )
    .unwrap_err();
    assert_eq!(e.code(), "column_not_found");
    assert!(find_pivot("Host", "process_tree").unwrap().table_only);
}

#[test]
fn catalogue_is_discoverable_and_errors_are_coded() {
    let all = catalogue();
    let ip: Vec<&str> = all
        .iter()
        .filter(|p| p.entity == "IpAddress")
        .map(|p| p.name)
        .collect();
    assert_eq!(ip, ["ip_type", "create"]);
    assert!(all.iter().filter(|p| p.entity == "Url").count() >= 5);
    assert!(find_pivot("Url", "url_components")
        .unwrap()
        .help
        .contains("scheme"));
    let json: serde_json::Value = serde_json::from_str(&catalogue_json()).unwrap();
    assert_eq!(json["entities"].as_array().unwrap().len(), 9);
    assert_eq!(json["pivots"][0]["keyColumn"], "ip");
    assert_eq!(
        find_pivot("IpAddress", "nope").unwrap_err().code(),
        "unknown_pivot"
    );
    assert_eq!(
        find_pivot("Nope", "ip_type").unwrap_err().code(),
        "unknown_entity"
    );
    let t = ip_table();
    let missing = PivotInput::Table {
        table: &t,
        column: Some("DstIP"),
    };
    assert_eq!(
        run_pivot("IpAddress", "ip_type", &missing, &Default::default())
            .unwrap_err()
            .code(),
        "column_not_found"
    );
    let no_col = PivotInput::Table {
        table: &t,
        column: None,
    };
    assert_eq!(
        run_pivot("IpAddress", "ip_type", &no_col, &Default::default())
            .unwrap_err()
            .code(),
        "invalid_input"
    );
    let many = PivotInput::Values(vec![Some("1.1.1.1".into()); 5]);
    let opts = PivotOptions {
        max_values: 4,
        ..Default::default()
    };
    assert_eq!(
        run_pivot("IpAddress", "ip_type", &many, &opts)
            .unwrap_err()
            .code(),
        "limit_exceeded"
    );
}

#[test]
fn create_pivots_parse_entities() {
    let t = run_pivot(
        "Account",
        "create",
        &PivotInput::Values(vec![
            Some("CONTOSO\\alice".into()),
            None,
            Some("bob@contoso.com".into()),
        ]),
        &Default::default(),
    )
    .unwrap();
    assert_eq!(t.num_rows(), 2);
    assert_eq!(t.str_column("NTDomain").unwrap().get(0), Some("CONTOSO"));
    assert_eq!(t.ints("src_row_index").unwrap(), [Some(0), Some(2)]);
}
