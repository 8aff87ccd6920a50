//! The native side of the sessions benchmark (run by `bench/sessions/run.sh`).
//!
//! `cargo bench -p huntkit-sessions --bench sessions -- EVENTS.csv...` reads each file of
//! Office 365-style events and prints one JSON line per measurement: sessionizing the
//! table, and for each session form training a model and scoring every session with the
//! rarest windows of 2 and 3 (the work of MSTICPy's `Model.train` + `compute_scores`).

use std::time::Instant;

use huntkit_core::{read, ReadOptions};
use huntkit_sessions::{
    score_table, sessionize, Model, ModelOptions, ScoreOptions, ScoreTableOptions, SessionForm,
    SessionizeOptions,
};

fn options(form: SessionForm) -> SessionizeOptions {
    SessionizeOptions {
        user_columns: vec!["UserId".into(), "ClientIP".into()],
        time_column: "TimeGenerated".into(),
        event_column: "Operation".into(),
        params_column: (form != SessionForm::Commands).then(|| "Parameters".into()),
        form: Some(form),
        max_session_minutes: 20.0,
        max_gap_minutes: 2.0,
        ..SessionizeOptions::default()
    }
}

/// The best of a few runs, so one slow start does not decide the figure.
fn best<T>(runs: usize, mut f: impl FnMut() -> T) -> (f64, T) {
    let mut best = f64::INFINITY;
    let mut out = None;
    for _ in 0..runs.max(1) {
        let t = Instant::now();
        let v = f();
        best = best.min(t.elapsed().as_secs_f64());
        out = Some(v);
    }
    match out {
        Some(v) => (best, v),
        None => unreachable!("at least one run"),
    }
}

fn main() {
    let files: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    for path in files {
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let (read_s, table) = best(1, || read(&bytes, &ReadOptions::default()).expect("read"));
        let rows = table.num_rows();
        println!(r#"{{"file":"{path}","step":"read","rows":{rows},"seconds":{read_s}}}"#);
        let runs = if rows > 200_000 { 2 } else { 5 };
        let (s, sessions) = best(runs, || {
            sessionize(&table, &options(SessionForm::Commands)).expect("sessionize")
        });
        let n = sessions.commands.len();
        println!(
            r#"{{"file":"{path}","step":"sessionize","form":"commands","rows":{rows},"sessions":{n},"seconds":{s}}}"#
        );
        for form in [
            SessionForm::Commands,
            SessionForm::Params,
            SessionForm::Values,
        ] {
            let (ps, sz) = best(runs, || {
                sessionize(&table, &options(form)).expect("sessionize")
            });
            println!(
                r#"{{"file":"{path}","step":"sessionize_params","form":"{}","rows":{rows},"sessions":{},"seconds":{ps}}}"#,
                form.name(),
                sz.commands.len()
            );
            let score = ScoreOptions::default();
            let (s, (model, scores)) = best(runs, || {
                Model::train_and_score(&sz.commands, &ModelOptions::default(), &[2, 3], &score)
                    .expect("train and score")
            });
            let first = scores
                .get(1)
                .and_then(|s| s.sessions.first())
                .map(|s| (s.likelihood, s.rarest_likelihood()))
                .unwrap_or((f64::NAN, f64::NAN));
            println!(
                r#"{{"file":"{path}","step":"model","form":"{}","rows":{rows},"sessions":{},"seconds":{s},"check":[{:e},{:e}]}}"#,
                form.name(),
                sz.commands.len(),
                first.0,
                first.1
            );
            let (ss, _) = best(runs, || {
                model
                    .score_windows(&sz.commands, &[2, 3], &score)
                    .expect("score")
            });
            println!(
                r#"{{"file":"{path}","step":"score_only","form":"{}","rows":{rows},"sessions":{},"seconds":{ss}}}"#,
                form.name(),
                sz.commands.len()
            );
            let json = model.to_json();
            let (ls, _) = best(runs, || Model::from_json(&json).expect("load"));
            println!(
                r#"{{"file":"{path}","step":"load_model","form":"{}","bytes":{},"seconds":{ls}}}"#,
                form.name(),
                json.len()
            );
        }
        let all = ScoreTableOptions {
            sessionize: options(SessionForm::Values),
            ..ScoreTableOptions::default()
        };
        let (s, _) = best(runs, || {
            score_table(&table, &all, None).expect("score_table")
        });
        println!(
            r#"{{"file":"{path}","step":"score_table","form":"values","rows":{rows},"seconds":{s}}}"#
        );
    }
}
