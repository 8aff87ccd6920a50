//! The labelled corpora: every indicator of every line is known, with decoys that must
//! not be reported. Prints precision and recall per type and holds each to a floor.
//!
//! * `labelled.jsonl` (made by `bench/ioc/make_corpus.py labelled`): planted indicators
//!   among prose and decoys.
//! * `noise.jsonl` (written by hand): the noise of real logs — PowerShell member access
//!   and .NET names that read as domains, version numbers that read as addresses,
//!   quoted registry keys and paths with spaces, raw JSON events with their escapes,
//!   forward-slash Windows paths — beside the indicators that must survive it.
// A failed expectation stops a test or benchmark: panicking here is the point.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use huntkit_ioc::{Extractor, Options};
use std::collections::{BTreeMap, BTreeSet};

const CORPUS: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/data/labelled.jsonl"
));

const NOISE: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/data/noise.jsonl"
));

#[derive(Default, Debug)]
struct Score {
    tp: usize,
    fp: usize,
    fn_: usize,
}

impl Score {
    fn precision(&self) -> f64 {
        self.tp as f64 / (self.tp + self.fp).max(1) as f64
    }
    fn recall(&self) -> f64 {
        self.tp as f64 / (self.tp + self.fn_).max(1) as f64
    }
}

/// Scores every line of `corpus` and prints the table and the first misses.
fn score(corpus: &str) -> BTreeMap<String, Score> {
    let ex = Extractor::new(Options {
        include_paths: true,
        ..Options::default()
    })
    .unwrap();
    let mut scores: BTreeMap<String, Score> = BTreeMap::new();
    let mut misses: Vec<String> = Vec::new();
    for line in corpus.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let text = v["text"].as_str().unwrap();
        let truth: BTreeSet<(String, String)> = v["iocs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                (
                    p[0].as_str().unwrap().to_string(),
                    p[1].as_str().unwrap().to_string(),
                )
            })
            .collect();
        let found: BTreeSet<(String, String)> = ex
            .find(text)
            .matches
            .into_iter()
            .map(|m| (m.ioc_type, m.value))
            .collect();
        for t in &truth {
            let s = scores.entry(t.0.clone()).or_default();
            if found.contains(t) {
                s.tp += 1;
            } else {
                s.fn_ += 1;
                misses.push(format!("missed {t:?} in {text:?}"));
            }
        }
        for f in found.difference(&truth) {
            scores.entry(f.0.clone()).or_default().fp += 1;
            misses.push(format!("false {f:?} in {text:?}"));
        }
    }
    println!(
        "{:<18} {:>6} {:>5} {:>5} {:>9} {:>7}",
        "type", "tp", "fp", "fn", "precision", "recall"
    );
    for (ty, s) in &scores {
        println!(
            "{ty:<18} {:>6} {:>5} {:>5} {:>9.4} {:>7.4}",
            s.tp,
            s.fp,
            s.fn_,
            s.precision(),
            s.recall()
        );
    }
    for m in misses.iter().take(30) {
        println!("{m}");
    }
    scores
}

#[test]
fn labelled_corpus_precision_and_recall() {
    let scores = score(CORPUS);
    let bad: Vec<&String> = scores
        .iter()
        .filter(|(_, s)| s.precision() < 0.99 || s.recall() < 1.0)
        .map(|(ty, _)| ty)
        .collect();
    assert!(
        bad.is_empty(),
        "types under 0.99 precision or 1.0 recall: {bad:?}"
    );
    assert!(
        scores.len() >= 20,
        "the corpus covers {} types",
        scores.len()
    );
}

#[test]
fn real_log_noise_is_not_reported_and_indicators_are() {
    let scores = score(NOISE);
    let bad: Vec<&String> = scores
        .iter()
        .filter(|(_, s)| s.fp > 0 || s.fn_ > 0)
        .map(|(ty, _)| ty)
        .collect();
    assert!(
        bad.is_empty(),
        "types with misses or false positives: {bad:?}"
    );
    assert!(
        scores.len() >= 7,
        "the noise corpus covers {} types",
        scores.len()
    );
}
