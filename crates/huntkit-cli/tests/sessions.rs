//! `huntkit sessions` as a user runs it: an Exchange admin log, a saved model scored
//! against the next day's log, formats, standard input and bad options.

mod common;

use common::json_lines;

use std::process::Output;

/// Exchange-style admin events: the same routine for most users, and one user whose
/// session adds a forwarding rule.
fn log(day: u32) -> String {
    let mut csv = String::from("TimeGenerated,UserId,ClientIP,Operation\n");
    for (u, user) in ["alice", "bob", "carol", "dave", "erin"].iter().enumerate() {
        let routine = [
            "Get-Mailbox",
            "Get-MailboxStatistics",
            "Set-Mailbox",
            "Get-User",
        ];
        for (i, op) in routine.iter().enumerate() {
            csv.push_str(&format!(
                "2024-03-{day:02}T09:{:02}:{:02}Z,{user},10.0.0.{u},{op}\n",
                u * 3,
                i * 10
            ));
        }
    }
    for (i, op) in [
        "Get-Mailbox",
        "New-InboxRule",
        "Set-InboxRule",
        "Remove-MailboxPermission",
    ]
    .iter()
    .enumerate()
    {
        csv.push_str(&format!(
            "2024-03-{day:02}T23:10:{:02}Z,mallory,203.0.113.5,{op}\n",
            i * 10
        ));
    }
    csv
}

const COLUMNS: [&str; 6] = [
    "--user-columns",
    "UserId,ClientIP",
    "--time-column",
    "TimeGenerated",
    "--event-column",
    "Operation",
];

fn run(extra: &[&str], stdin: &str) -> Output {
    let mut args = vec!["sessions", "-"];
    args.extend(COLUMNS);
    args.extend(extra);
    common::run(&args, stdin.as_bytes()).0
}

#[test]
fn the_rare_session_ranks_first() {
    let rows = json_lines(&run(&["--format", "json"], &log(1)));
    assert_eq!(rows.len(), 6);
    assert_eq!(rows[0]["UserId"], "mallory");
    assert_eq!(rows[0]["rank"], 1);
    let top = json_lines(&run(&["--format", "json", "--top", "2"], &log(1)));
    assert_eq!(top.len(), 2);
}

#[test]
fn a_saved_model_scores_the_next_day() {
    let dir = std::env::temp_dir().join(format!("huntkit-sessions-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let model = dir.join("model.json");
    let model = model.to_str().unwrap();
    let trained = json_lines(&run(&["--format", "json", "--model-out", model], &log(1)));
    let saved: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(model).unwrap()).unwrap();
    assert!(saved.is_object());
    // Scoring the same day with the saved model gives the same likelihoods.
    let again = json_lines(&run(&["--format", "json", "--model-in", model], &log(1)));
    assert_eq!(
        trained.iter().map(|r| &r["likelihood"]).collect::<Vec<_>>(),
        again.iter().map(|r| &r["likelihood"]).collect::<Vec<_>>()
    );
    let next = json_lines(&run(&["--format", "json", "--model-in", model], &log(2)));
    assert_eq!(next[0]["UserId"], "mallory");
    // Both at once is bad usage.
    let both = run(&["--model-in", model, "--model-out", model], &log(1));
    assert_eq!(both.status.code(), Some(2));
    // A model file that is not a model is bad input.
    std::fs::write(model, "{\"not\":\"a model\"}").unwrap();
    let bad = run(&["--model-in", model], &log(1));
    assert_eq!(bad.status.code(), Some(1));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn every_format() {
    let csv = run(&["--format", "csv"], &log(1));
    assert!(csv.status.success());
    let text = String::from_utf8_lossy(&csv.stdout);
    assert!(text.starts_with("session_id,"));
    let arrow = run(&["--format", "arrow"], &log(1));
    assert_eq!(&arrow.stdout[..4], b"\xff\xff\xff\xff");
    let shown = run(&["--format", "text"], &log(1));
    assert!(String::from_utf8_lossy(&shown.stdout).contains("mallory"));
}

#[test]
fn option_values_reach_the_engine_and_wrong_ones_are_usage_errors() {
    // A shorter window changes the rarest-window columns' names.
    let rows = json_lines(&run(&["--format", "json", "--window", "2"], &log(1)));
    assert!(rows[0].get("rarest_window2").is_some());
    let msticpy = json_lines(&run(
        &[
            "--format",
            "json",
            "--compat",
            "msticpy",
            "--smoothing",
            "msticpy",
        ],
        &log(1),
    ));
    assert_eq!(msticpy.len(), 6);
    for bad in [
        &["--window", "0"][..],
        &["--max-gap-minutes", "-1"],
        &["--smoothing", "none"],
        &["--form", "words"],
    ] {
        let out = run(bad, &log(1));
        assert_eq!(out.status.code(), Some(2), "{bad:?}");
        assert!(!out.stderr.is_empty());
    }
    let (missing, _) = common::run(
        &[
            "sessions",
            "-",
            "--user-columns",
            "UserId",
            "--event-column",
            "Nope",
        ],
        log(1).as_bytes(),
    );
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("Nope"));
}
