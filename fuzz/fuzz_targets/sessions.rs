//! Fuzz the sessions engine: arbitrary bytes as an event table (CSV, JSON or Arrow) through
//! sessionize, training and scoring, and arbitrary text as a saved model. Nothing may
//! panic; every failure must be a typed error.
#![no_main]

use huntkit_core::{read, ReadOptions};
use huntkit_sessions::{
    score_table, Command, Model, ModelOptions, ScoreOptions, ScoreTableOptions,
    SessionizeOptions,
};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (head, rest) = data.split_at(data.len().min(1));
    let window = head.first().map_or(3, |b| usize::from(b % 6));

    // A saved model from arbitrary text, then scoring with it.
    if let Ok(text) = std::str::from_utf8(rest) {
        if let Ok(model) = Model::from_json(text) {
            let sessions = vec![vec![Command::new("a"), Command::new("b")]];
            let _ = model.score(&sessions, &ScoreOptions { window, ..ScoreOptions::default() });
            let _ = model.to_json();
        }
        // Sessions as JSON, trained and scored.
        if let Ok(sessions) = serde_json::from_str::<Vec<Vec<Command>>>(text) {
            if let Ok(model) = Model::train(&sessions, &ModelOptions::default()) {
                let _ = model.score(&sessions, &ScoreOptions { window, ..ScoreOptions::default() });
                let _ = Model::from_json(&model.to_json());
            }
        }
    }

    // Arbitrary bytes as an event table.
    let opts = ReadOptions {
        max_bytes: 1 << 20,
        ..ReadOptions::default()
    };
    if let Ok(table) = read(rest, &opts) {
        let names = table.column_names();
        let pick = |i: usize| names.get(i).cloned().unwrap_or_default();
        let options = ScoreTableOptions {
            sessionize: SessionizeOptions {
                user_columns: vec![pick(0)],
                time_column: pick(1),
                event_column: pick(2),
                params_column: names.get(3).cloned(),
                ..SessionizeOptions::default()
            },
            score: ScoreOptions {
                window,
                ..ScoreOptions::default()
            },
            ..ScoreTableOptions::default()
        };
        let _ = score_table(&table, &options, None);
    }
});
