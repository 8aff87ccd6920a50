//! The native side of the sessions benchmark (run by `bench/sessions/run.sh`).
//!
//! `cargo bench -p huntkit-sessions --bench sessions -- EVENTS.csv...` reads each file of
//! Office 365-style events and prints one JSON line per measurement: sessionizing the
//! table, and for each session form training a model and scoring every session with the
//! rarest windows of 2 and 3 (the work of MSTICPy's `Model.train` + `compute_scores`).
//!
//! `SESSIONS_BENCH_STEPS=sessionize,model` runs only the named steps and
//! `SESSIONS_BENCH_FORMS=commands,values` only the named forms (for profiling), and
//! `SESSIONS_BENCH_DUMP=FILE` writes every score's bits and every session to FILE, so two
//! builds can be compared for bit-for-bit identical results.
// A failed expectation stops a test or benchmark: panicking here is the point.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

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
    (best, out.expect("at least one run"))
}

/// Whether a step is to run (all of them unless `SESSIONS_BENCH_STEPS` names some).
fn wanted(step: &str) -> bool {
    match std::env::var("SESSIONS_BENCH_STEPS") {
        Ok(steps) => steps.split(',').any(|s| s.trim() == step),
        Err(_) => true,
    }
}

/// Every score of `scores` as bits, one session a line.
fn dump_scores(out: &mut String, tag: &str, scores: &[huntkit_sessions::Scores]) {
    use std::fmt::Write;
    for (w, s) in scores.iter().enumerate() {
        let _ = writeln!(out, "{tag} window#{w} too_short {}", s.too_short);
        for x in &s.sessions {
            let r = x.rarest_window.as_ref();
            let _ = writeln!(
                out,
                "{:016x} {:016x} {:?} {:?} {:?} {:016x}",
                x.likelihood.to_bits(),
                x.geomean.to_bits(),
                r.map(|r| r.start),
                r.map(|r| r.len),
                r.map(|r| r.ends_with_end_token),
                x.rarest_likelihood().to_bits()
            );
        }
    }
}

fn csv(table: &huntkit_core::Table) -> String {
    let bytes = huntkit_core::write(table, huntkit_core::Format::Csv).expect("csv");
    String::from_utf8_lossy(&bytes).into_owned()
}

fn main() {
    let dump_path = std::env::var("SESSIONS_BENCH_DUMP").ok();
    let mut dump = String::new();
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
        if wanted("sessionize") {
            let (s, sessions) = best(runs, || {
                sessionize(&table, &options(SessionForm::Commands)).expect("sessionize")
            });
            let n = sessions.commands.len();
            println!(
                r#"{{"file":"{path}","step":"sessionize","form":"commands","rows":{rows},"sessions":{n},"seconds":{s}}}"#
            );
        }
        for form in [
            SessionForm::Commands,
            SessionForm::Params,
            SessionForm::Values,
        ] {
            if let Ok(forms) = std::env::var("SESSIONS_BENCH_FORMS") {
                if !forms.split(',').any(|f| f.trim() == form.name()) {
                    continue;
                }
            }
            let runs_params = if wanted("sessionize_params") { runs } else { 1 };
            let (ps, sz) = best(runs_params, || {
                sessionize(&table, &options(form)).expect("sessionize")
            });
            if wanted("sessionize_params") {
                println!(
                    r#"{{"file":"{path}","step":"sessionize_params","form":"{}","rows":{rows},"sessions":{},"seconds":{ps}}}"#,
                    form.name(),
                    sz.commands.len()
                );
            }
            if dump_path.is_some() {
                use std::fmt::Write;
                let _ = writeln!(dump, "{path} {} sessions", form.name());
                for c in &sz.commands {
                    let _ = writeln!(dump, "{}", serde_json::to_string(c).unwrap_or_default());
                }
                let _ = writeln!(dump, "{path} {} table", form.name());
                dump.push_str(&csv(&sz.sessions));
                dump.push_str(&csv(&sz.events));
            }
            let score = ScoreOptions::default();
            let model_runs = if wanted("model") { runs } else { 1 };
            let (s, (model, scores)) = best(model_runs, || {
                Model::train_and_score(&sz.commands, &ModelOptions::default(), &[2, 3], &score)
                    .expect("train and score")
            });
            if dump_path.is_some() {
                dump_scores(&mut dump, &format!("{path} {} model", form.name()), &scores);
            }
            let first = scores
                .get(1)
                .and_then(|s| s.sessions.first())
                .map(|s| (s.likelihood, s.rarest_likelihood()))
                .unwrap_or((f64::NAN, f64::NAN));
            if wanted("model") {
                println!(
                    r#"{{"file":"{path}","step":"model","form":"{}","rows":{rows},"sessions":{},"seconds":{s},"check":[{:e},{:e}]}}"#,
                    form.name(),
                    sz.commands.len(),
                    first.0,
                    first.1
                );
            }
            if wanted("score_only") {
                let (ss, again) = best(runs, || {
                    model
                        .score_windows(&sz.commands, &[2, 3], &score)
                        .expect("score")
                });
                if dump_path.is_some() {
                    dump_scores(&mut dump, &format!("{path} {} score", form.name()), &again);
                }
                println!(
                    r#"{{"file":"{path}","step":"score_only","form":"{}","rows":{rows},"sessions":{},"seconds":{ss}}}"#,
                    form.name(),
                    sz.commands.len()
                );
            }
            if wanted("load_model") {
                let json = model.to_json();
                let (ls, _) = best(runs, || Model::from_json(&json).expect("load"));
                println!(
                    r#"{{"file":"{path}","step":"load_model","form":"{}","bytes":{},"seconds":{ls}}}"#,
                    form.name(),
                    json.len()
                );
                if dump_path.is_some() {
                    dump.push_str(&json);
                    dump.push('\n');
                }
            }
        }
        if wanted("score_table") {
            let all = ScoreTableOptions {
                sessionize: options(SessionForm::Values),
                ..ScoreTableOptions::default()
            };
            let (s, ranked) = best(runs, || {
                score_table(&table, &all, None).expect("score_table")
            });
            if dump_path.is_some() {
                dump.push_str(&csv(&ranked.sessions));
                dump.push_str(&ranked.model.to_json());
            }
            println!(
                r#"{{"file":"{path}","step":"score_table","form":"values","rows":{rows},"seconds":{s}}}"#
            );
        }
    }
    if let Some(p) = dump_path {
        std::fs::write(&p, dump).unwrap_or_else(|e| panic!("{p}: {e}"));
    }
}
