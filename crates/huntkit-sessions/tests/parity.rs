//! Parity with MSTICPy's anomalous-sequence tests: every likelihood, geometric mean,
//! rarest-window likelihood and count or probability dictionary they assert.
// A failed expectation stops a test or benchmark: panicking here is the point.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use huntkit_core::ErrorCode;
use std::collections::BTreeMap;

use huntkit_sessions::{
    Command, Compat, Model, ModelOptions, ScoreOptions, SessionForm, END_TOKEN as EN,
    START_TOKEN as ST, UNK_TOKEN as UN,
};

const TOL: f64 = 1e-12;

fn close(a: f64, b: f64) -> bool {
    (a.is_nan() && b.is_nan()) || (a - b).abs() <= TOL
}

fn assert_all_close(actual: &[f64], expected: &[f64]) {
    assert_eq!(actual.len(), expected.len(), "{actual:?} vs {expected:?}");
    for (a, e) in actual.iter().zip(expected) {
        assert!(close(*a, *e), "{actual:?} vs {expected:?}");
    }
}

fn cmds(v: &[&str]) -> Vec<Command> {
    v.iter().map(|c| Command::new(*c)).collect()
}

fn sessions1() -> Vec<Vec<Command>> {
    vec![
        cmds(&["Set-User", "Set-User"]),
        cmds(&["Set-Mailbox", "Set-User", "Set-User"]),
    ]
}

fn sessions2() -> Vec<Vec<Command>> {
    vec![
        vec![
            Command::with_params("Set-User", ["Identity"]),
            Command::with_params("Set-User", ["Identity", "City", "Name"]),
        ],
        vec![
            Command::with_params("Set-Mailbox", ["Identity"]),
            Command::with_params("Set-User", ["Identity", "City"]),
            Command::with_params("Set-User", ["Identity"]),
        ],
    ]
}

fn sessions3() -> Vec<Vec<Command>> {
    vec![
        vec![
            Command::with_values("Set-User", [("Identity", "blah")]),
            Command::with_values(
                "Set-User",
                [("Identity", "haha"), ("City", "york"), ("Name", "bob")],
            ),
        ],
        vec![
            Command::with_values("Set-Mailbox", [("Identity", "blah")]),
            Command::with_values("Set-User", [("Identity", "blah"), ("City", "london")]),
            Command::with_values("Set-User", [("Identity", "haha")]),
        ],
    ]
}

/// MSTICPy's `data3`: one session of two `Set-User` commands with values.
fn data3_values() -> Vec<Vec<Command>> {
    vec![vec![
        Command::with_values("Set-User", [("City", "york"), ("Identity", "blah")]),
        Command::with_values("Set-User", [("Identity", "blah")]),
    ]]
}

fn data3_params() -> Vec<Vec<Command>> {
    vec![vec![
        Command::with_params("Set-User", ["City", "Identity"]),
        Command::with_params("Set-User", ["Identity"]),
    ]]
}

fn train(s: &[Vec<Command>]) -> Model {
    Model::train(s, &ModelOptions::default()).unwrap()
}

fn train_modellable(s: &[Vec<Command>], params: &[&str]) -> Model {
    let opts = ModelOptions {
        modellable_params: Some(params.iter().map(|p| p.to_string()).collect()),
        ..ModelOptions::default()
    };
    Model::train(s, &opts).unwrap()
}

fn d<T: Copy>(pairs: &[(&str, T)]) -> BTreeMap<String, T> {
    pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
}

fn d2<T: Copy>(rows: &[(&str, &[(&str, T)])]) -> BTreeMap<String, BTreeMap<String, T>> {
    rows.iter().map(|(k, r)| (k.to_string(), d(r))).collect()
}

fn score(m: &Model, s: &[Vec<Command>], window: usize) -> (Vec<f64>, Vec<f64>, Vec<f64>) {
    let opts = ScoreOptions {
        window,
        ..ScoreOptions::default()
    };
    let scores = m.score(s, &opts).unwrap();
    (
        scores.sessions.iter().map(|s| s.likelihood).collect(),
        scores.sessions.iter().map(|s| s.geomean).collect(),
        scores
            .sessions
            .iter()
            .map(|s| s.rarest_likelihood())
            .collect(),
    )
}

// ---- test_anom_seq_laplace_smooth.py and test_anom_seq_probabilities.py, data3 ----

#[test]
fn laplace_smoothed_counts_data3() {
    let m = train(&data3_values());
    assert_eq!(
        m.seq1_counts(),
        d(&[(UN, 6), (ST, 4), (EN, 4), ("Set-User", 8)])
    );
    assert_eq!(
        m.seq2_counts().unwrap(),
        d2(&[
            (ST, &[(EN, 1), (UN, 1), ("Set-User", 2)]),
            (UN, &[(EN, 1), (UN, 1), ("Set-User", 1)]),
            ("Set-User", &[("Set-User", 2), (EN, 2), (UN, 1)]),
        ])
    );
    assert_eq!(
        m.param_counts().unwrap(),
        d(&[(UN, 4), ("City", 2), ("Identity", 3)])
    );
    assert_eq!(
        m.cmd_param_counts().unwrap(),
        d2(&[
            (ST, &[(UN, 1)]),
            (EN, &[(UN, 1)]),
            (UN, &[(UN, 1)]),
            ("Set-User", &[("City", 2), ("Identity", 3), (UN, 1)]),
        ])
    );
    assert_eq!(
        m.value_counts().unwrap(),
        d(&[("york", 2), ("blah", 3), (UN, 3)])
    );
    assert_eq!(
        m.param_value_counts().unwrap(),
        d2(&[
            ("City", &[("york", 2), (UN, 1)]),
            ("Identity", &[("blah", 3), (UN, 1)]),
            (UN, &[(UN, 1)]),
        ])
    );
}

#[test]
fn probabilities_data3_exact() {
    let m = train(&data3_values());
    assert_eq!(
        m.prior_probs(),
        d(&[
            (ST, 0.18181818181818182),
            (EN, 0.18181818181818182),
            (UN, 0.2727272727272727),
            ("Set-User", 0.36363636363636365),
        ])
    );
    assert_eq!(
        m.trans_probs().unwrap(),
        d2(&[
            (ST, &[(EN, 0.25), (UN, 0.25), ("Set-User", 0.5)]),
            (
                UN,
                &[(EN, 1.0 / 3.0), (UN, 1.0 / 3.0), ("Set-User", 1.0 / 3.0)]
            ),
            ("Set-User", &[(EN, 0.4), (UN, 0.2), ("Set-User", 0.4)]),
        ])
    );
    assert_eq!(
        m.param_probs().unwrap(),
        d(&[
            (UN, 0.18181818181818182),
            ("Identity", 0.13636363636363635),
            ("City", 0.09090909090909091),
        ])
    );
    assert_eq!(
        m.param_cond_cmd_probs().unwrap(),
        d2(&[
            (ST, &[(UN, 0.25)]),
            (EN, &[(UN, 0.25)]),
            (UN, &[(UN, 0.16666666666666666)]),
            (
                "Set-User",
                &[("City", 0.25), ("Identity", 0.375), (UN, 0.125)]
            ),
        ])
    );
    assert_eq!(
        m.value_probs().unwrap(),
        d(&[("york", 0.25), ("blah", 0.375), (UN, 0.375)])
    );
    assert_eq!(
        m.value_cond_param_probs().unwrap(),
        d2(&[
            (
                "City",
                &[("york", 0.6666666666666666), (UN, 0.3333333333333333)]
            ),
            ("Identity", &[("blah", 0.75), (UN, 0.25)]),
            (UN, &[(UN, 1.0)]),
        ])
    );
}

// ---- test_anom_seq_cmds_only.py ----

#[test]
fn cmds_only_counts_and_probs() {
    let m = train(&[cmds(&["Set-User"])]);
    assert_eq!(
        m.seq1_counts(),
        d(&[(ST, 4), ("Set-User", 7), (EN, 4), (UN, 6)])
    );
    assert_eq!(
        m.seq2_counts().unwrap(),
        d2(&[
            (ST, &[("Set-User", 2), (EN, 1), (UN, 1)]),
            ("Set-User", &[(EN, 2), ("Set-User", 1), (UN, 1)]),
            (UN, &[("Set-User", 1), (EN, 1), (UN, 1)]),
        ])
    );
    assert_eq!(
        m.prior_probs(),
        d(&[
            (ST, 0.19047619047619047),
            ("Set-User", 1.0 / 3.0),
            (EN, 0.19047619047619047),
            (UN, 0.2857142857142857),
        ])
    );
    assert_eq!(
        m.trans_probs().unwrap(),
        d2(&[
            (ST, &[("Set-User", 0.5), (EN, 0.25), (UN, 0.25)]),
            ("Set-User", &[(EN, 0.5), ("Set-User", 0.25), (UN, 0.25)]),
            (
                UN,
                &[("Set-User", 1.0 / 3.0), (EN, 1.0 / 3.0), (UN, 1.0 / 3.0)]
            ),
        ])
    );
    assert!(m.param_counts().is_none());
    assert!(m.value_counts().is_none());
    assert!(m.modellable_params().is_none());
}

#[test]
fn cmds_only_window_likelihoods() {
    let m = train(&[cmds(&["Set-User"])]);
    assert!(m.window_likelihood(&[], false, false).is_nan());
    let su = cmds(&["Set-User"]);
    assert!(close(m.window_likelihood(&su, false, false), 1.0 / 3.0));
    assert!(close(m.window_likelihood(&su, true, false), 0.5));
    assert!(close(
        m.window_likelihood(&su, false, true),
        (1.0 / 3.0) * 0.5
    ));
    assert!(close(m.window_likelihood(&su, true, true), 0.25));
    let unseen = m.window_likelihood(&cmds(&["dfre"]), false, false);
    assert!(close(unseen, 0.2857142857142857));
}

#[test]
fn cmds_only_windows_in_session() {
    let m = train(&[cmds(&["Set-User"])]);
    assert!(m.window_likelihoods(&[], 1, false, false).is_empty());
    assert_all_close(&m.window_likelihoods(&[], 1, true, false), &[0.25]);
    let s = cmds(&["Set-User", "dfgg", "Set-User", "Set-User"]);
    let plain = m.window_likelihoods(&s, 4, false, false);
    assert_eq!(plain.len(), 1);
    let geo = m.window_likelihoods(&s, 4, false, true);
    assert_all_close(&geo, &[plain[0].powf(0.25)]);
    assert_eq!(m.window_likelihoods(&s, 4, true, false).len(), 2);
    assert_eq!(m.window_likelihoods(&s, 5, false, false).len(), 0);
    assert_eq!(m.window_likelihoods(&s, 5, true, false).len(), 1);
}

fn window_opts(window: usize, tokens: bool, compat: Compat) -> ScoreOptions {
    ScoreOptions {
        window,
        use_start_end_tokens: tokens,
        compat,
        ..ScoreOptions::default()
    }
}

#[test]
fn cmds_only_rarest_window() {
    let m = train(&[cmds(&["Set-User"])]);
    assert!(m
        .rarest_window(&[], &window_opts(1, false, Compat::Msticpy))
        .is_none());
    let w = m
        .rarest_window(&[], &window_opts(1, true, Compat::Msticpy))
        .unwrap();
    assert!(w.commands(&[]).is_empty());
    assert!(close(w.likelihood, 0.25));
    let s = cmds(&["Set-User", "Set-User"]);
    assert!(m
        .rarest_window(&s, &window_opts(3, false, Compat::Msticpy))
        .is_none());
    let w = m
        .rarest_window(&s, &window_opts(3, true, Compat::Msticpy))
        .unwrap();
    assert_eq!(w.commands(&s), s);
    assert!(close(w.likelihood, 0.0625));
    // Fixed (Q-S1): the window comes back as scored, end token included.
    let w = m
        .rarest_window(&s, &window_opts(3, true, Compat::Huntkit))
        .unwrap();
    assert_eq!(w.commands(&s), cmds(&["Set-User", "Set-User", EN]));
    assert!(close(w.likelihood, 0.0625));
}

// ---- test_anom_seq_cmds_params_only.py ----

#[test]
fn params_only_set_of_params() {
    let m = train(&data3_params());
    let empty = Command::with_params("Set-User", Vec::<String>::new());
    assert_eq!(m.params_likelihood_of(&empty, false), 1.0);
    let ident = Command::with_params("Set-User", ["Identity"]);
    assert!(close(m.params_likelihood_of(&ident, false), 0.24609375));
    assert!(close(
        m.params_likelihood_of(&ident, true),
        0.6266622418705731
    ));
}

#[test]
fn params_only_windows() {
    let m = train(&data3_params());
    let w = vec![Command::with_params("Set-User", ["Identity"])];
    assert!(close(
        m.window_likelihood(&w, false, false),
        0.22787717886202657
    ));
    assert!(close(
        m.window_likelihood(&w, true, false),
        0.31333112093528653
    ));
    assert!(close(
        m.window_likelihood(&w, false, true),
        0.09115087154481064
    ));
    assert!(m.window_likelihood(&[], false, false).is_nan());
    assert!(m.window_likelihoods(&[], 1, false, false).is_empty());
    assert_all_close(&m.window_likelihoods(&[], 1, true, false), &[0.25]);
    assert_all_close(
        &m.window_likelihoods(&w, 1, false, false),
        &[0.22787717886202657],
    );
    let s = vec![
        Command::with_params("Set-User", ["City"]),
        Command::with_params("drfjh", Vec::<String>::new()),
    ];
    assert!(m
        .rarest_window(&s, &window_opts(3, false, Compat::Msticpy))
        .is_none());
    let r = m
        .rarest_window(&s, &window_opts(3, true, Compat::Msticpy))
        .unwrap();
    assert_eq!(r.commands(&s).len(), 2);
    assert!(!r.likelihood.is_nan());
    let r = m
        .rarest_window(&s, &window_opts(3, true, Compat::Huntkit))
        .unwrap();
    assert_eq!(r.commands(&s).len(), 3);
}

// ---- test_anom_seq_cmds_params_values.py ----

#[test]
fn values_modellable_rule() {
    assert_eq!(
        train(&data3_values()).modellable_params().unwrap(),
        Vec::<String>::new()
    );
    // The Identity example: 50 uses, 2 values (+ the unknown one): modelled; city is too rare.
    let mut sessions = Vec::new();
    for i in 0..50 {
        let v = if i < 25 { "haha" } else { "hehe" };
        let mut params = vec![("Identity", v)];
        if i < 2 {
            params.push(("city", "york"));
        }
        sessions.push(vec![Command::with_values("Set-User", params)]);
    }
    let m = train(&sessions);
    assert_eq!(m.modellable_params().unwrap(), vec!["Identity".to_string()]);
}

#[test]
fn values_set_of_params() {
    let plain = train_modellable(&data3_values(), &[]);
    let modelled = train_modellable(&data3_values(), &["Identity"]);
    let empty = Command::with_values("Set-User", Vec::<(String, String)>::new());
    assert_eq!(plain.params_likelihood_of(&empty, false), 1.0);
    let ident = Command::with_values("Set-User", [("Identity", "blah")]);
    assert!(close(plain.params_likelihood_of(&ident, false), 0.24609375));
    assert!(close(
        modelled.params_likelihood_of(&ident, false),
        0.1845703125
    ));
}

#[test]
fn values_windows() {
    let plain = train_modellable(&data3_values(), &[]);
    let modelled = train_modellable(&data3_values(), &["Identity"]);
    let w = vec![Command::with_values("Set-User", [("Identity", "blah")])];
    assert!(close(
        plain.window_likelihood(&w, false, false),
        0.22787717886202657
    ));
    assert!(close(
        modelled.window_likelihood(&w, false, false),
        0.23834594522854924
    ));
    assert!(close(
        plain.window_likelihood(&w, true, false),
        0.31333112093528653
    ));
    assert!(close(
        plain.window_likelihood(&w, false, true),
        0.09115087154481064
    ));
    let s = vec![
        Command::with_values("Set-User", [("City", "york")]),
        Command::with_values("drfjh", Vec::<(String, String)>::new()),
    ];
    assert!(plain
        .rarest_window(&s, &window_opts(3, false, Compat::Msticpy))
        .is_none());
    let r = plain
        .rarest_window(&s, &window_opts(3, true, Compat::Msticpy))
        .unwrap();
    assert_eq!(r.commands(&s).len(), 2);
    assert!(!r.likelihood.is_nan());
}

// ---- test_anom_seq_model.py and test_anom_seq.py: the model-level scores ----

#[test]
fn model_rejects_bad_sessions() {
    let opts = ModelOptions::default();
    assert_eq!(Model::train(&[], &opts).unwrap_err().code(), "empty_input");
    assert_eq!(
        Model::train(&[vec![]], &opts).unwrap_err().code(),
        "empty_session"
    );
    let e = Model::train(&[cmds(&["Set-User"]), vec![]], &opts).unwrap_err();
    assert_eq!(e.code(), "empty_session");
    let mixed = vec![vec![
        Command::new("Set-User"),
        Command::with_params("Set-User", ["Identity"]),
    ]];
    assert_eq!(
        Model::train(&mixed, &opts).unwrap_err().code(),
        "mixed_forms"
    );
}

#[test]
fn model_forms() {
    let m1 = train(&sessions1());
    assert_eq!(m1.form(), SessionForm::Commands);
    assert!(m1.param_counts().is_none() && m1.modellable_params().is_none());
    let m2 = train(&sessions2());
    assert_eq!(m2.form(), SessionForm::Params);
    assert!(m2.param_probs().is_some() && m2.value_probs().is_none());
    assert!(m2.modellable_params().is_none());
    let m3 = train(&sessions3());
    assert_eq!(m3.form(), SessionForm::Values);
    assert!(m3.value_cond_param_probs().is_some());
    assert_eq!(m3.modellable_params(), Some(vec![]));
}

#[test]
fn sessions1_smoothed_model() {
    let m = train(&sessions1());
    assert_eq!(
        m.seq1_counts(),
        d(&[
            (ST, 6),
            ("Set-User", 12),
            (EN, 6),
            ("Set-Mailbox", 9),
            (UN, 8)
        ])
    );
    let prior = m.prior_probs();
    assert_eq!(prior[ST], 6.0 / 41.0);
    assert_eq!(prior["Set-Mailbox"], 9.0 / 41.0);
    let t = m.trans_probs().unwrap();
    assert_eq!(t[ST]["Set-User"], 1.0 / 3.0);
    assert_eq!(t[ST][EN], 1.0 / 6.0);
    assert_eq!(t["Set-User"]["Set-User"], 0.375);
    assert_eq!(t["Set-Mailbox"]["Set-User"], 0.4);
    assert_eq!(t[UN][EN], 0.25);
}

#[test]
fn sessions1_scores() {
    let m = train(&sessions1());
    let (lik, geo, rare3) = score(&m, &sessions1(), 3);
    assert_all_close(&lik, &[0.046875, 0.01875]);
    assert_all_close(&geo, &[0.21650635094610965, 0.2656646422956528]);
    assert_all_close(&rare3, &[0.046875, 0.04115853658536585]);
    let (_, _, rare2) = score(&m, &sessions1(), 2);
    assert_all_close(&rare2, &[0.1097560975609756, 0.1097560975609756]);
}

#[test]
fn sessions2_and_3_scores() {
    for s in [sessions2(), sessions3()] {
        let m = train(&s);
        let (lik, geo, rare3) = score(&m, &s, 3);
        assert_all_close(&lik, &[0.01163746997083396, 0.0030937024955351305]);
        assert_all_close(&geo, &[0.10787710586975328, 0.14571117127634903]);
        assert_all_close(&rare3, &[0.01163746997083396, 0.008249873321427015]);
        let (_, _, rare2) = score(&m, &s, 2);
        assert_all_close(&rare2, &[0.031033253255557225, 0.03147356647949678]);
    }
}

#[test]
fn score_sessions_window_longer_than_sessions() {
    let m = train(&sessions1());
    let scores = m
        .score(&sessions1(), &window_opts(5, true, Compat::Msticpy))
        .unwrap();
    assert_eq!(scores.too_short, 2);
    assert!(scores.sessions.iter().all(|s| s.rarest_window.is_none()));
    assert!(scores
        .sessions
        .iter()
        .all(|s| s.rarest_likelihood().is_nan()));
}

#[test]
fn score_sessions_window_items_keep_their_form() {
    for s in [sessions1(), sessions2(), sessions3()] {
        let m = train(&s);
        let scores = m.score(&s, &window_opts(3, true, Compat::Msticpy)).unwrap();
        for (sc, sess) in scores.sessions.iter().zip(&s) {
            let w = sc.rarest_window.as_ref().unwrap();
            assert!(w
                .commands(sess)
                .iter()
                .all(|c| c.params.form() == sess[0].params.form()));
        }
    }
}

#[test]
fn laplace_option_differs_and_is_normalised() {
    let opts = ModelOptions {
        smoothing: huntkit_sessions::Smoothing::Laplace,
        ..ModelOptions::default()
    };
    let m = Model::train(&sessions1(), &opts).unwrap();
    let prior = m.prior_probs();
    // Raw counts START 2, Set-User 4, END 2, Set-Mailbox 1, UNK 0, each +1: total 14.
    assert_eq!(prior["Set-User"], 5.0 / 14.0);
    assert_eq!(prior[UN], 1.0 / 14.0);
    let total: f64 = prior.values().sum();
    assert!(close(total, 1.0));
    for row in m.trans_probs().unwrap().values() {
        assert!(close(row.values().sum::<f64>(), 1.0));
    }
}

#[test]
fn train_and_score_equals_train_then_score() {
    for s in [sessions1(), sessions2(), sessions3(), data3_values()] {
        let opts = ScoreOptions::default();
        let (m, both) =
            Model::train_and_score(&s, &ModelOptions::default(), &[2, 3], &opts).unwrap();
        let apart = m.score_windows(&s, &[2, 3], &opts).unwrap();
        assert_eq!(both, apart);
        assert_eq!(m.to_json(), train(&s).to_json());
    }
}
