//! The table mode: MSTICPy's sessionize tests, one call from events to ranked sessions,
//! models that persist, and clear errors for bad input.
// A failed expectation stops a test or benchmark: panicking here is the point.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use arrow::array::{Array, AsArray};
use arrow::datatypes::{DurationNanosecondType, UInt32Type};
use huntkit_core::ErrorCode;
use huntkit_core::{read, ReadOptions, Table};
use huntkit_sessions::{
    score_table, sessionize, Model, ScoreTableOptions, SessionForm, SessionizeOptions,
};

const EVENTS: &str = "UserId,time,operation\n\
1,2020-01-03T00:00:00Z,A\n\
1,2020-01-03T00:01:00Z,B\n\
2,2020-01-05T00:00:00Z,C\n\
3,2020-01-06T11:06:00Z,A\n\
1,2020-01-03T01:00:00Z,A\n\
2,2020-01-05T00:21:00Z,B\n\
2,2020-01-05T00:25:00Z,C\n";

fn table(text: &str) -> Table {
    read(text.as_bytes(), &ReadOptions::default()).unwrap()
}

fn opts(gap: f64) -> SessionizeOptions {
    SessionizeOptions {
        user_columns: vec!["UserId".into()],
        time_column: "time".into(),
        event_column: "operation".into(),
        max_session_minutes: 20.0,
        max_gap_minutes: gap,
        ..SessionizeOptions::default()
    }
}

fn texts(t: &Table, col: &str) -> Vec<Option<String>> {
    t.str_column(col)
        .unwrap()
        .iter()
        .map(|v| v.map(str::to_string))
        .collect()
}

fn session_ids(t: &Table) -> Vec<Option<u32>> {
    let b = t.to_batch().unwrap();
    let c = b.column_by_name("session_id").unwrap();
    let c = c.as_primitive::<UInt32Type>();
    (0..c.len())
        .map(|i| c.is_valid(i).then(|| c.value(i)))
        .collect()
}

fn durations_min(t: &Table) -> Vec<i64> {
    let b = t.to_batch().unwrap();
    let c = b.column_by_name("duration").unwrap();
    c.as_primitive::<DurationNanosecondType>()
        .values()
        .iter()
        .map(|ns| ns / 60_000_000_000)
        .collect()
}

#[test]
fn sessionize_gap_2_minutes() {
    let s = sessionize(&table(EVENTS), &opts(2.0)).unwrap();
    assert_eq!(
        session_ids(&s.events),
        [0, 0, 1, 2, 3, 4, 5].map(Some).to_vec()
    );
    assert_eq!(
        texts(&s.events, "operation"),
        ["A", "B", "A", "C", "B", "C", "A"]
            .map(|x| Some(x.to_string()))
            .to_vec()
    );
    assert_eq!(s.sessions.num_rows(), 6);
    assert_eq!(
        texts(&s.sessions, "operation_list"),
        [
            r#"["A","B"]"#,
            r#"["A"]"#,
            r#"["C"]"#,
            r#"["B"]"#,
            r#"["C"]"#,
            r#"["A"]"#
        ]
        .map(|x| Some(x.to_string()))
        .to_vec()
    );
    assert_eq!(
        s.sessions.ints("UserId").unwrap(),
        [1, 1, 2, 2, 2, 3].map(Some).to_vec()
    );
    assert_eq!(durations_min(&s.sessions), vec![1, 0, 0, 0, 0, 0]);
    assert_eq!(
        s.sessions.ints("number_events").unwrap(),
        [2, 1, 1, 1, 1, 1].map(Some).to_vec()
    );
    let t = s.sessions.timestamps("time_min").unwrap();
    assert_eq!(t[1], Some(1_578_013_200_000_000_000)); // 2020-01-03T01:00:00Z
    assert_eq!(s.commands.len(), 6);
    assert_eq!(s.form, SessionForm::Commands);
}

#[test]
fn sessionize_gap_5_minutes() {
    let s = sessionize(&table(EVENTS), &opts(5.0)).unwrap();
    assert_eq!(
        session_ids(&s.events),
        [0, 0, 1, 2, 3, 3, 4].map(Some).to_vec()
    );
    assert_eq!(
        texts(&s.sessions, "operation_list"),
        [
            r#"["A","B"]"#,
            r#"["A"]"#,
            r#"["C"]"#,
            r#"["B","C"]"#,
            r#"["A"]"#
        ]
        .map(|x| Some(x.to_string()))
        .to_vec()
    );
    assert_eq!(durations_min(&s.sessions), vec![1, 0, 0, 4, 0]);
}

#[test]
fn sessionize_null_users_form_one_session() {
    let t = table("UserId,time,operation\n,2020-01-03T00:00:00Z,A\n,2020-01-03T00:01:00Z,B\n");
    let s = sessionize(&t, &opts(2.0)).unwrap();
    assert_eq!(session_ids(&s.events), vec![Some(0), Some(0)]);
    assert_eq!(
        texts(&s.sessions, "operation_list"),
        vec![Some(r#"["A","B"]"#.into())]
    );
    assert_eq!(texts(&s.sessions, "UserId"), vec![None]);
    assert_eq!(durations_min(&s.sessions), vec![1]);
}

#[test]
fn sessionize_rows_without_time_are_counted() {
    let t =
        table("UserId,time,operation\nu,2020-01-03T00:00:00Z,A\nu,,B\nu,2020-01-03T00:01:00Z,C\n");
    let s = sessionize(&t, &opts(2.0)).unwrap();
    assert_eq!(s.untimed_rows, 1);
    assert_eq!(session_ids(&s.events), vec![Some(0), Some(0), None]);
    assert_eq!(
        texts(&s.sessions, "operation_list"),
        vec![Some(r#"["A","C"]"#.into())]
    );
}

const PARAM_EVENTS: &str = "UserId,ClientIP,TimeGenerated,Operation,Parameters\n\
alice,10.0.0.1,2024-01-01T10:00:00Z,Set-User,\"{\"\"Identity\"\":\"\"bob\"\"}\"\n\
alice,10.0.0.1,2024-01-01T10:01:00Z,Set-Mailbox,\"{\"\"Identity\"\":\"\"bob\"\",\"\"AuditEnabled\"\":false}\"\n\
alice,10.0.0.2,2024-01-01T10:01:30Z,Set-User,\"{\"\"Identity\"\":\"\"eve\"\"}\"\n\
bob,10.0.0.3,2024-01-01T11:00:00Z,New-InboxRule,\"{\"\"ForwardTo\"\":\"\"x@evil.example\"\"}\"\n\
bob,10.0.0.3,2024-01-01T11:00:30Z,Set-User,\n";

fn param_opts() -> ScoreTableOptions {
    ScoreTableOptions {
        sessionize: SessionizeOptions {
            user_columns: vec!["UserId".into(), "ClientIP".into()],
            event_column: "Operation".into(),
            params_column: Some("Parameters".into()),
            ..SessionizeOptions::default()
        },
        ..ScoreTableOptions::default()
    }
}

#[test]
fn sessionize_with_params_and_two_user_columns() {
    let s = sessionize(&table(PARAM_EVENTS), &param_opts().sessionize).unwrap();
    assert_eq!(s.form, SessionForm::Values);
    // A new client IP starts a new session.
    assert_eq!(s.sessions.num_rows(), 3);
    let lists = texts(&s.sessions, "Parameters_list");
    let got: serde_json::Value = serde_json::from_str(lists[0].as_deref().unwrap()).unwrap();
    let want: serde_json::Value =
        serde_json::from_str(r#"[{"Identity":"bob"},{"AuditEnabled":null,"Identity":"bob"}]"#)
            .unwrap();
    assert_eq!(got, want);
    assert_eq!(s.commands[0][1].name, "Set-Mailbox");
}

#[test]
fn score_table_ranks_sessions() {
    let mut o = param_opts();
    o.score.window = 2;
    let r = score_table(&table(PARAM_EVENTS), &o, None).unwrap();
    let t = &r.sessions;
    assert_eq!(t.num_rows(), 3);
    assert_eq!(t.ints("rank").unwrap(), [1, 2, 3].map(Some).to_vec());
    let liks = t.floats("rarest_window2_likelihood").unwrap();
    // The single-command session has a window of two only with the end token.
    assert!(liks.iter().all(Option::is_some));
    assert!(liks.windows(2).all(|w| w[0] <= w[1]));
    assert!(t.has_column("likelihood") && t.has_column("geomean"));
    assert!(texts(t, "rarest_window2").iter().all(Option::is_some));
    assert_eq!(r.too_short, 0);
}

#[test]
fn score_table_window_longer_than_every_session() {
    let mut o = param_opts();
    o.score.window = 10;
    let r = score_table(&table(PARAM_EVENTS), &o, None).unwrap();
    assert_eq!(r.too_short, 3);
    let liks = r.sessions.floats("rarest_window10_likelihood").unwrap();
    assert!(liks.iter().all(Option::is_none));
    assert!(r
        .sessions
        .floats("likelihood")
        .unwrap()
        .iter()
        .all(Option::is_some));
}

#[test]
fn model_persists_and_scores_unseen_commands() {
    let o = param_opts();
    let baseline = score_table(&table(PARAM_EVENTS), &o, None).unwrap();
    let json = baseline.model.to_json();
    let loaded = Model::from_json(&json).unwrap();
    assert_eq!(loaded.to_json(), json);

    // Same model, same sessions: identical scores after the round trip.
    let again = score_table(&table(PARAM_EVENTS), &o, Some(&loaded)).unwrap();
    assert_eq!(
        again.sessions.floats("rarest_window3_likelihood").unwrap(),
        baseline
            .sessions
            .floats("rarest_window3_likelihood")
            .unwrap()
    );

    // New events with a command never seen in training score through the unknown token.
    let new = "UserId,ClientIP,TimeGenerated,Operation,Parameters\n\
mallory,10.9.9.9,2024-02-01T10:00:00Z,Add-MailboxPermission,\"{\"\"FullAccess\"\":true}\"\n\
mallory,10.9.9.9,2024-02-01T10:00:10Z,Set-User,\"{\"\"Identity\"\":\"\"bob\"\"}\"\n";
    let r = score_table(&table(new), &o, Some(&loaded)).unwrap();
    let lik = r.sessions.floats("likelihood").unwrap();
    assert!(lik[0].unwrap() > 0.0 && lik[0].unwrap() < 0.01);
    assert_eq!(r.model.sessions_trained(), 3);
}

#[test]
fn bad_input_gets_clear_errors() {
    let o = param_opts();
    let e = score_table(
        &table("UserId,ClientIP,TimeGenerated,Operation,Parameters\n"),
        &o,
        None,
    );
    assert_eq!(e.unwrap_err().code(), "empty_input");

    let mut bad = o.clone();
    bad.sessionize.user_columns = vec!["Nobody".into()];
    let e = score_table(&table(PARAM_EVENTS), &bad, None).unwrap_err();
    assert_eq!(e.code(), "column_not_found");
    assert!(e.to_string().contains("Nobody"));

    let broken = "UserId,ClientIP,TimeGenerated,Operation,Parameters\n\
a,b,2024-01-01T10:00:00Z,Set-User,\"{\"\"Identity\"\":\"\"bob\"\"}\"\n\
a,b,2024-01-01T10:00:01Z,Set-User,\"{not json\"\n";
    let e = score_table(&table(broken), &o, None).unwrap_err();
    assert_eq!(e.code(), "invalid_params");
    assert!(e.to_string().contains("row 1"), "{e}");

    let mut zero = o.clone();
    zero.score.window = 0;
    assert_eq!(
        score_table(&table(PARAM_EVENTS), &zero, None)
            .unwrap_err()
            .code(),
        "invalid_option"
    );
}

#[test]
fn options_deserialize_from_camel_case_json() {
    let o: ScoreTableOptions = serde_json::from_str(
        r#"{"userColumns":["UserId"],"timeColumn":"time","eventColumn":"operation",
            "maxGapMinutes":5,"window":2,"compat":"msticpy","smoothing":"laplace"}"#,
    )
    .unwrap();
    assert_eq!(o.sessionize.max_gap_minutes, 5.0);
    assert_eq!(o.score.window, 2);
    assert_eq!(o.score.compat, huntkit_sessions::Compat::Msticpy);
    let r = score_table(&table(EVENTS), &o, None).unwrap();
    assert_eq!(r.sessions.num_rows(), 5);
}

#[test]
fn params_cells_of_every_json_kind() {
    let t = "u,t,op,p\n\
a,2024-01-01T00:00:00Z,X,\"{\"\"s\"\":\"\"v\"\",\"\"n\"\":5,\"\"z\"\":0,\"\"b\"\":true,\"\"f\"\":false,\"\"e\"\":\"\"\"\",\"\"l\"\":[1],\"\"o\"\":{}}\"\n\
a,2024-01-01T00:00:01Z,Y,\"[\"\"x\"\",\"\"y\"\"]\"\n\
a,2024-01-01T00:00:02Z,Z,null\n\
a,2024-01-01T00:00:03Z,W,\n";
    let o = SessionizeOptions {
        user_columns: vec!["u".into()],
        time_column: "t".into(),
        event_column: "op".into(),
        params_column: Some("p".into()),
        ..SessionizeOptions::default()
    };
    let s = sessionize(&table(t), &o).unwrap();
    let cmds = &s.commands[0];
    let want = huntkit_sessions::Params::Values(vec![
        ("s".into(), Some("v".into())),
        ("n".into(), Some("5".into())),
        ("z".into(), None),
        ("b".into(), Some("true".into())),
        ("f".into(), None),
        ("e".into(), None),
        ("l".into(), Some("[1]".into())),
        ("o".into(), None),
    ]);
    assert_eq!(cmds[0].params, want);
    assert_eq!(
        cmds[1].params,
        huntkit_sessions::Params::Values(vec![("x".into(), None), ("y".into(), None)])
    );
    assert_eq!(cmds[2].params, huntkit_sessions::Params::Values(vec![]));
    assert_eq!(cmds[3].params, huntkit_sessions::Params::Values(vec![]));
    let bad = "u,t,op,p\na,2024-01-01T00:00:00Z,X,5\n";
    let e = sessionize(&table(bad), &o).unwrap_err();
    assert_eq!(e.code(), "invalid_params");
}
