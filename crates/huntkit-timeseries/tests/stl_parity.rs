//! STL and MSTL against reference vectors computed by statsmodels
//! (`tests/fixtures/make_fixtures.py` made them).
// A failed expectation stops a test or benchmark: panicking here is the point.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use huntkit_timeseries::{stl, StlOptions};
use serde_json::Value;

const TOLERANCE: f64 = 1e-9;

fn fixture() -> Value {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/stl.json"
    ))
    .unwrap();
    serde_json::from_str(&text).unwrap()
}

fn floats(v: &Value) -> Vec<f64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect()
}

/// Largest difference relative to the series' scale, and the worst element-wise relative
/// difference among values that are not tiny next to that scale.
fn compare(name: &str, what: &str, got: &[f64], want: &[f64], scale: f64) -> f64 {
    assert_eq!(got.len(), want.len(), "{name} {what} length");
    let mut worst = 0.0f64;
    for (i, (g, w)) in got.iter().zip(want).enumerate() {
        let diff = (g - w).abs();
        let rel_scale = diff / scale;
        let rel = if w.abs() > 1e-3 * scale {
            diff / w.abs()
        } else {
            rel_scale
        };
        assert!(
            rel <= TOLERANCE && rel_scale <= TOLERANCE,
            "{name} {what}[{i}]: got {g}, statsmodels {w} (relative {rel:e})"
        );
        worst = worst.max(rel);
    }
    worst
}

fn options(case: &Value) -> StlOptions {
    let o = &case["options"];
    let get = |k: &str| o.get(k).and_then(Value::as_u64).map(|v| v as usize);
    let mut opts = StlOptions::with_period(get("period").unwrap_or(0));
    if let Some(s) = get("seasonal") {
        opts.seasonal = s;
    }
    opts.trend = get("trend");
    opts.low_pass = get("low_pass");
    opts.robust = o.get("robust").and_then(Value::as_bool).unwrap_or(false);
    for (key, slot) in [
        ("seasonal_deg", &mut opts.seasonal_deg),
        ("trend_deg", &mut opts.trend_deg),
        ("low_pass_deg", &mut opts.low_pass_deg),
    ] {
        if let Some(v) = get(key) {
            *slot = v as u8;
        }
    }
    for (key, slot) in [
        ("seasonal_jump", &mut opts.seasonal_jump),
        ("trend_jump", &mut opts.trend_jump),
        ("low_pass_jump", &mut opts.low_pass_jump),
    ] {
        if let Some(v) = get(key) {
            *slot = v;
        }
    }
    opts.inner_iter = get("inner_iter");
    opts.outer_iter = get("outer_iter");
    opts
}

#[test]
fn stl_matches_statsmodels_on_every_case() {
    let fx = fixture();
    let mut checked = 0;
    for case in fx["cases"].as_array().unwrap() {
        if case["kind"] != "stl" {
            continue;
        }
        let name = case["name"].as_str().unwrap();
        let y = floats(&case["y"]);
        let scale = y.iter().fold(0.0f64, |m, v| m.max(v.abs()));
        let d = stl(&y, &options(case)).unwrap();
        let mut worst = 0.0f64;
        worst = worst.max(compare(
            name,
            "trend",
            &d.trend,
            &floats(&case["trend"]),
            scale,
        ));
        worst = worst.max(compare(
            name,
            "seasonal",
            &d.seasonal,
            &floats(&case["seasonal"]),
            scale,
        ));
        worst = worst.max(compare(
            name,
            "residual",
            &d.residual,
            &floats(&case["residual"]),
            scale,
        ));
        worst = worst.max(compare(
            name,
            "weights",
            &d.weights,
            &floats(&case["weights"]),
            1.0,
        ));
        eprintln!("{name}: worst relative difference {worst:e}");
        checked += 1;
    }
    assert!(checked >= 12);
}

#[test]
fn time_series_csv_uses_the_documented_defaults() {
    let fx = fixture();
    let case = &fx["cases"][0];
    assert_eq!(case["name"], "time_series_default");
    let d = stl(&floats(&case["y"]), &options(case)).unwrap();
    assert_eq!((d.params.trend, d.params.low_pass), (47, 25));
    assert!(d.weights.iter().all(|&w| w == 1.0));
}

#[test]
fn mstl_matches_statsmodels() {
    use huntkit_timeseries::{mstl, MstlOptions};
    let fx = fixture();
    let mut checked = 0;
    for case in fx["cases"].as_array().unwrap() {
        if case["kind"] != "mstl" {
            continue;
        }
        let name = case["name"].as_str().unwrap();
        let y = floats(&case["y"]);
        let scale = y.iter().fold(0.0f64, |m, v| m.max(v.abs()));
        let periods: Vec<usize> = case["options"]["periods"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p.as_u64().unwrap() as usize)
            .collect();
        let d = mstl(
            &y,
            &MstlOptions {
                periods: periods.clone(),
                ..MstlOptions::default()
            },
        )
        .unwrap();
        assert_eq!(d.seasonals.len(), periods.len());
        compare(name, "trend", &d.trend, &floats(&case["trend"]), scale);
        compare(
            name,
            "residual",
            &d.residual,
            &floats(&case["residual"]),
            scale,
        );
        compare(name, "weights", &d.weights, &floats(&case["weights"]), 1.0);
        for (i, s) in d.seasonals.iter().enumerate() {
            compare(
                name,
                "seasonal",
                &s.values,
                &floats(&case["seasonals"][i]),
                scale,
            );
        }
        checked += 1;
    }
    assert_eq!(checked, 2);
}
