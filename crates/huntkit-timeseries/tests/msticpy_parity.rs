//! MSTICPy parity: `timeseries_anomalies_stl` and friends on `time_series.csv` (spec
//! §2.3), and the periodogram polling detector (spec §2.7). Reference vectors come from
//! `tests/fixtures/make_fixtures.py`.
// A failed expectation stops a test or benchmark: panicking here is the point.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use base64::Engine;
use huntkit_core::ErrorCode;
use huntkit_core::{read, ReadOptions, Table};
use huntkit_timeseries::*;
use serde_json::Value;

const TIME_SERIES: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../examples/data/time_series.csv"
);

fn raw_csv() -> Table {
    read(
        &std::fs::read(TIME_SERIES).unwrap(),
        &ReadOptions::default(),
    )
    .unwrap()
}

fn fixture(name: &str) -> Value {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn msticpy_options() -> AnomalyOptions {
    AnomalyOptions {
        compat: Compat::Msticpy,
        time_column: Some("TimeGenerated".into()),
        value_column: Some("TotalBytesSent".into()),
        ..AnomalyOptions::default()
    }
}

fn int_column(t: &Table, name: &str) -> Vec<i64> {
    t.ints(name)
        .unwrap()
        .into_iter()
        .map(Option::unwrap)
        .collect()
}

#[test]
fn ts_anomalies_stl_matches_msticpy_exactly() {
    let out = ts_anomalies_table(&raw_csv(), &msticpy_options()).unwrap();
    let want = fixture("msticpy.json");
    let columns: Vec<String> = want["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_string())
        .collect();
    assert_eq!(out.column_names(), columns);
    for name in [
        "residual",
        "trend",
        "seasonal",
        "weights",
        "baseline",
        "anomalies",
    ] {
        let want: Vec<i64> = want[name]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_i64().unwrap())
            .collect();
        assert_eq!(int_column(&out, name), want, "column {name}");
        assert_eq!(
            out.data_type(name).unwrap(),
            arrow::datatypes::DataType::Int64
        );
    }
    let scores: Vec<f64> = out
        .floats("score")
        .unwrap()
        .into_iter()
        .map(Option::unwrap)
        .collect();
    for (i, (got, w)) in scores
        .iter()
        .zip(want["score"].as_array().unwrap())
        .enumerate()
    {
        let w = w.as_f64().unwrap();
        assert!(
            (got - w).abs() <= 1e-9 * w.abs().max(1.0),
            "score[{i}] {got} vs {w}"
        );
    }
}

#[test]
fn the_three_msticpy_anomalies() {
    let out = ts_anomalies_table(&raw_csv(), &msticpy_options()).unwrap();
    let times = out.timestamps("TimeGenerated").unwrap();
    let flags = int_column(&out, "anomalies");
    let scores = out.floats("score").unwrap();
    let found: Vec<(String, i64, f64)> = flags
        .iter()
        .enumerate()
        .filter(|(_, &a)| a != 0)
        .map(|(i, &a)| {
            (
                huntkit_core::format_timestamp(times[i].unwrap(), true),
                a,
                scores[i].unwrap(),
            )
        })
        .collect();
    let want = [
        ("2019-05-13T17:00:00Z", 3.153751),
        ("2019-05-17T21:00:00Z", 3.569475),
        ("2019-05-26T05:00:00Z", 4.262376),
    ];
    assert_eq!(found.len(), 3, "{found:?}");
    for ((time, flag, score), (wt, ws)) in found.iter().zip(want) {
        assert_eq!(time, wt);
        assert_eq!(*flag, 1);
        assert!((score - ws).abs() < 5e-7, "{score} vs {ws}");
    }
    // The rows of the spec's table.
    let row = times
        .iter()
        .position(|t| huntkit_core::format_timestamp(t.unwrap(), true) == "2019-05-13T17:00:00Z")
        .unwrap();
    assert_eq!(
        [
            int_column(&out, "residual")[row],
            int_column(&out, "trend")[row],
            int_column(&out, "seasonal")[row],
            int_column(&out, "baseline")[row]
        ],
        [261330284, 552491681, 102945427, 655437109]
    );
    // Five scores below -3 are not flagged under msticpy (quirk Q-T2)...
    assert_eq!(scores.iter().filter(|s| s.unwrap() < -3.0).count(), 5);
    let max = scores.iter().map(|s| s.unwrap()).fold(f64::MIN, f64::max);
    let min = scores.iter().map(|s| s.unwrap()).fold(f64::MAX, f64::min);
    assert!((max - 4.2624).abs() < 1e-4 && (min + 3.6043).abs() < 1e-4);
}

#[test]
fn default_mode_flags_both_tails_in_floats() {
    let opts = AnomalyOptions {
        compat: Compat::Huntkit,
        period: Some(24),
        ..msticpy_options()
    };
    let out = ts_anomalies_table(&raw_csv(), &opts).unwrap();
    assert_eq!(
        out.data_type("trend").unwrap(),
        arrow::datatypes::DataType::Float64
    );
    let flags = int_column(&out, "anomalies");
    let scores: Vec<f64> = out
        .floats("score")
        .unwrap()
        .into_iter()
        .map(Option::unwrap)
        .collect();
    let low = flags.iter().filter(|&&a| a == -1).count();
    let high = flags.iter().filter(|&&a| a == 1).count();
    assert_eq!(high, scores.iter().filter(|&&s| s > 3.0).count());
    assert_eq!(low, scores.iter().filter(|&&s| s < -3.0).count());
    assert!(high >= 3 && low >= 4, "high {high} low {low}");
    // Floats: the trend is not truncated.
    let trend = out.floats("trend").unwrap();
    assert!(trend.iter().any(|t| t.unwrap().fract() != 0.0));
    // With no period the periodogram finds the weekly cycle, which carries half of the
    // variance of this series, and the daily one next (84 h, a harmonic, is skipped).
    let y: Vec<f64> = raw_csv()
        .floats("TotalBytesSent")
        .unwrap()
        .into_iter()
        .map(Option::unwrap)
        .collect();
    let detected = ts_anomalies(&y, None, &AnomalyOptions::default()).unwrap();
    assert_eq!(detected.periods, vec![168]);
    assert_eq!(detect_periods(&y, 2), vec![168, 24]);
    // Both at once: MSTL.
    let both = ts_anomalies(
        &y,
        None,
        &AnomalyOptions {
            periods: Some(vec![24, 168]),
            ..AnomalyOptions::default()
        },
    )
    .unwrap();
    assert_eq!(both.periods, vec![24, 168]);
    for (i, v) in y.iter().enumerate() {
        assert!((both.baseline[i] + both.residual[i] - v).abs() < 1e-6 * v.abs());
    }
}

#[test]
fn rethreshold_and_periods_on_the_raw_csv() {
    let raw = raw_csv();
    let count = |t: &Table, v: i64| {
        int_column(t, "anomalies")
            .iter()
            .filter(|&&a| a == v)
            .count()
    };
    assert_eq!(count(&raw, 1), 3);
    let compat = ThresholdOptions {
        threshold: 2.0,
        compat: Compat::Msticpy,
        ..ThresholdOptions::default()
    };
    let t2 = rethreshold_table(&raw, &compat).unwrap();
    assert_eq!((count(&t2, 1), count(&t2, -1)), (3, 4));
    assert_eq!(t2.column_names().last().unwrap(), "anomalies");
    let t21 = rethreshold_table(
        &raw,
        &ThresholdOptions {
            threshold_low: Some(1.0),
            ..compat.clone()
        },
    )
    .unwrap();
    assert_eq!((count(&t21, 1), count(&t21, -1)), (3, 9));
    assert_eq!(t21.num_columns(), 5);

    let kql = kql_periods_table(
        &raw,
        &PeriodOptions {
            compat: Compat::Msticpy,
            ..PeriodOptions::default()
        },
    )
    .unwrap();
    assert!(kql.starts_with("| where TimeGenerated between (datetime(2019-05-13 16:00:00+00:00) .. datetime(2019-05-13 18:00:00+00:00)) or"), "{kql}");
    assert_eq!(kql.matches("between").count(), 3);
    assert_eq!(
        kql,
        "| where TimeGenerated between (datetime(2019-05-13 16:00:00+00:00) .. datetime(2019-05-13 18:00:00+00:00)) or TimeGenerated between (datetime(2019-05-17 20:00:00+00:00) .. datetime(2019-05-17 22:00:00+00:00)) or TimeGenerated between (datetime(2019-05-26 04:00:00+00:00) .. datetime(2019-05-26 06:00:00+00:00))"
    );
    let native = kql_periods_table(&raw, &PeriodOptions::default()).unwrap();
    assert!(native.starts_with("| where TimeGenerated between (datetime(2019-05-13T16:00:00Z) .. datetime(2019-05-13T18:00:00Z))"));

    let analysed = ts_anomalies_table(&raw, &msticpy_options()).unwrap();
    assert_eq!(
        anomaly_periods_table(&analysed, &PeriodOptions::default())
            .unwrap()
            .len(),
        3
    );
}

#[test]
fn seasonal_zero_case_gives_clean_int_flags() {
    // The spec's 100-point series: 100 + 0.1·i + noise, with a spike at 50.
    let mut x: u64 = 0x9E3779B97F4A7C15;
    let mut values: Vec<f64> = (0..100)
        .map(|i| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            100.0 + 0.1 * i as f64 + ((x % 2000) as f64 / 100.0 - 10.0) / 2.0
        })
        .collect();
    values[50] = 200.0;
    let r = ts_anomalies(
        &values,
        None,
        &AnomalyOptions {
            compat: Compat::Msticpy,
            ..AnomalyOptions::default()
        },
    )
    .unwrap();
    assert!(r.anomalies.iter().all(|a| [-1, 0, 1].contains(a)));
    for (a, s) in r.anomalies.iter().zip(&r.seasonal) {
        if *s == 0.0 {
            assert_eq!(*a, 0);
        }
    }
    let r = ts_anomalies(
        &values,
        None,
        &AnomalyOptions {
            period: Some(24),
            ..AnomalyOptions::default()
        },
    )
    .unwrap();
    assert_eq!(r.anomalies[50], 1);
}

fn unpack(bits: &Value, start: i64) -> Vec<i64> {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(bits.as_str().unwrap())
        .unwrap();
    let mut out = Vec::new();
    for (i, b) in bytes.iter().enumerate() {
        for k in 0..8 {
            if b & (0x80 >> k) != 0 {
                out.push(start + (i * 8 + k) as i64);
            }
        }
    }
    out
}

#[test]
fn polling_detector_matches_msticpy() {
    let fx = fixture("polling.json");
    let start = fx["start"].as_i64().unwrap();
    let periodic = unpack(&fx["periodic_bits"], start);
    let noise = unpack(&fx["non_periodic_bits"], start);
    assert_eq!(
        periodic.len() as u64,
        fx["periodic_timestamps_count"].as_u64().unwrap()
    );
    let compat = PollingOptions {
        compat: Compat::Msticpy,
        ..PollingOptions::default()
    };
    let r = detect_polling(&periodic, &compat).unwrap();
    assert!(r.p_value.unwrap() < 0.01);
    let freq = r.dominant_frequency.unwrap();
    assert_eq!((freq * 1e6).round() / 1e6, 0.016667);
    assert_eq!(
        (r.dominant_interval.unwrap() * 1e6).round() / 1e6,
        59.999306
    );
    assert!((freq - fx["periodic"]["frequency"].as_f64().unwrap()).abs() < 1e-12);
    let r = detect_polling(&noise, &compat).unwrap();
    let want = fx["non_periodic"]["p_value"].as_f64().unwrap();
    assert!(r.p_value.unwrap() > 0.5);
    assert!(
        (r.p_value.unwrap() - want).abs() < 1e-9,
        "{:?} vs {want}",
        r.p_value
    );
    assert!(
        (r.dominant_frequency.unwrap() - fx["non_periodic"]["frequency"].as_f64().unwrap()).abs()
            < 1e-12
    );
    // Duplicates do not change the counting process's shape... MSTICPy counts them, and
    // so do we: ten thousand copies of one timestamp shift one bin, identically in both.
    let small: Vec<i64> = fx["small"]["timestamps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_i64().unwrap())
        .collect();
    let r = detect_polling(&small, &compat).unwrap();
    assert!((r.p_value.unwrap() - fx["small"]["p_value"].as_f64().unwrap()).abs() < 1e-9);
    assert!(
        (r.dominant_interval.unwrap() - fx["small"]["interval"].as_f64().unwrap()).abs() < 1e-9
    );
}

#[test]
fn polling_exclude_pi_parity_follows_the_dropped_last_bin() {
    // One extra event at max+0 keeps the bin count; at max+1 it adds one bin (Q-D1).
    let base: Vec<i64> = (0..200).map(|i| i * 10).collect();
    let compat = PollingOptions {
        compat: Compat::Msticpy,
        ..PollingOptions::default()
    };
    let b0 = detect_polling(&base, &compat).unwrap().bins;
    let mut same = base.clone();
    same.push(*base.last().unwrap());
    let mut plus = base.clone();
    plus.push(base.last().unwrap() + 1);
    assert_eq!(detect_polling(&same, &compat).unwrap().bins, b0);
    assert_eq!(detect_polling(&plus, &compat).unwrap().bins, b0 + 1);
    assert_eq!(b0 % 2, 0);
}

#[test]
fn polling_per_group_over_a_table() {
    let fx = fixture("polling.json");
    let start = fx["start"].as_i64().unwrap();
    let periodic = unpack(&fx["periodic_bits"], start);
    let noise = unpack(&fx["non_periodic_bits"], start);
    let mut csv = String::from("timestamps,edges\n");
    for t in &periodic {
        csv.push_str(&format!("{t},periodic\n"));
    }
    for t in &noise {
        csv.push_str(&format!("{t},noise\n"));
    }
    let table = read(csv.as_bytes(), &ReadOptions::default()).unwrap();
    let opts = PollingOptions {
        compat: Compat::Msticpy,
        time_column: "timestamps".into(),
        group_by: vec!["edges".into()],
        ..PollingOptions::default()
    };
    let out = polling_table(&table, &opts).unwrap();
    assert_eq!(out.num_rows(), table.num_rows());
    let p = out.floats("p_value").unwrap();
    assert!(p[0].unwrap() < 0.01);
    let want = fx["grouped"]["noise"]["p_value"].as_f64().unwrap();
    assert!((p[periodic.len()].unwrap() - want).abs() < 1e-9);
    let summary = polling_summary_table(&table, &opts).unwrap();
    assert_eq!(summary.num_rows(), 2);
    assert_eq!(
        summary.str_column("edges").unwrap().get(0),
        Some("periodic")
    );
}

#[test]
fn bucketing_a_table_per_group() {
    let csv = "TimeGenerated,Computer,Bytes\n\
               2024-03-01T00:10:00Z,a,5\n\
               2024-03-01T00:20:00Z,a,7\n\
               2024-03-01T03:00:00Z,b,1\n\
               2024-03-01T01:59:59Z,a,\n";
    let table = read(csv.as_bytes(), &ReadOptions::default()).unwrap();
    let opts = BucketOptions {
        group_by: vec!["Computer".into()],
        value_column: Some("Bytes".into()),
        ..BucketOptions::default()
    };
    let out = bucket_table(&table, &opts).unwrap();
    assert_eq!(
        out.column_names(),
        vec!["Computer", "TimeGenerated", "Bytes"]
    );
    assert_eq!(out.num_rows(), 8);
    let sums: Vec<f64> = out
        .floats("Bytes")
        .unwrap()
        .into_iter()
        .map(Option::unwrap)
        .collect();
    assert_eq!(sums, vec![12.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0]);
    let counts = bucket_table(
        &table,
        &BucketOptions {
            interval: "2h".into(),
            ..BucketOptions::default()
        },
    )
    .unwrap();
    let c: Vec<f64> = counts
        .floats("count")
        .unwrap()
        .into_iter()
        .map(Option::unwrap)
        .collect();
    assert_eq!(c, vec![3.0, 1.0]);
}

#[test]
fn table_errors_say_where() {
    let csv = "TimeGenerated,V\n2024-01-01T00:00:00Z,1\n2024-01-01T01:00:00Z,\n";
    let table = read(csv.as_bytes(), &ReadOptions::default()).unwrap();
    let e = ts_anomalies_table(
        &table,
        &AnomalyOptions {
            time_column: Some("TimeGenerated".into()),
            ..AnomalyOptions::default()
        },
    )
    .unwrap_err();
    assert_eq!(e.code(), "missing_value");
    assert!(e.to_string().contains("row 1"), "{e}");
    let e = ts_anomalies_table(
        &table,
        &AnomalyOptions {
            value_column: Some("Nope".into()),
            ..AnomalyOptions::default()
        },
    )
    .unwrap_err();
    assert_eq!(e.code(), "column_not_found");
}
