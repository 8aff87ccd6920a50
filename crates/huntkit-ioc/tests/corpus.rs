//! The labelled corpus: every indicator of every line is known (made by
//! `bench/ioc/make_corpus.py labelled`), with decoys that must not be reported.
//! Prints precision and recall per type and holds each to a floor.

use huntkit_ioc::{Extractor, Options};
use std::collections::{BTreeMap, BTreeSet};

const CORPUS: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/data/labelled.jsonl"
));

#[derive(Default, Debug)]
struct Score {
    tp: usize,
    fp: usize,
    fn_: usize,
}

#[test]
fn labelled_corpus_precision_and_recall() {
    let ex = Extractor::new(Options {
        include_paths: true,
        ..Options::default()
    })
    .unwrap();
    let mut scores: BTreeMap<String, Score> = BTreeMap::new();
    let mut misses: Vec<String> = Vec::new();
    for line in CORPUS.lines() {
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
    let mut bad = Vec::new();
    for (ty, s) in &scores {
        let p = s.tp as f64 / (s.tp + s.fp).max(1) as f64;
        let r = s.tp as f64 / (s.tp + s.fn_).max(1) as f64;
        println!(
            "{ty:<18} {:>6} {:>5} {:>5} {p:>9.4} {r:>7.4}",
            s.tp, s.fp, s.fn_
        );
        if p < 0.99 || r < 0.99 {
            bad.push(ty.clone());
        }
    }
    for m in misses.iter().take(30) {
        println!("{m}");
    }
    assert!(
        bad.is_empty(),
        "types under 0.99 precision or recall: {bad:?}"
    );
    assert!(
        scores.len() >= 20,
        "the corpus covers {} types",
        scores.len()
    );
}
