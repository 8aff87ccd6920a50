//! Fuzzes the time-series engine: arbitrary values and options through STL, MSTL,
//! anomaly scoring, bucketing and polling detection, and arbitrary bytes through the
//! table functions. Any panic is a bug; errors are fine.
#![no_main]

use arbitrary::Arbitrary;
use huntkit_core::{read, ReadOptions};
use huntkit_timeseries::*;
use libfuzzer_sys::fuzz_target;

#[derive(Debug, Arbitrary)]
struct Input {
    values: Vec<f64>,
    times: Vec<i64>,
    period: u8,
    seasonal: u8,
    trend: Option<u8>,
    low_pass: Option<u8>,
    degrees: (bool, bool, bool),
    jumps: (u8, u8, u8),
    robust: bool,
    msticpy: bool,
    threshold: f64,
    interval: i16,
    bytes: Vec<u8>,
}

fuzz_target!(|input: Input| {
    let values: Vec<f64> = input.values.iter().copied().take(4096).collect();
    let options = StlOptions {
        period: Some(usize::from(input.period)),
        seasonal: usize::from(input.seasonal),
        trend: input.trend.map(usize::from),
        low_pass: input.low_pass.map(usize::from),
        seasonal_deg: u8::from(input.degrees.0),
        trend_deg: u8::from(input.degrees.1),
        low_pass_deg: u8::from(input.degrees.2),
        seasonal_jump: usize::from(input.jumps.0),
        trend_jump: usize::from(input.jumps.1),
        low_pass_jump: usize::from(input.jumps.2),
        robust: input.robust,
        max_work: 5e7,
        ..StlOptions::default()
    };
    if let Ok(d) = stl(&values, &options) {
        assert_eq!(d.trend.len(), values.len());
    }
    let _ = mstl(
        &values,
        &MstlOptions {
            periods: vec![usize::from(input.period), usize::from(input.seasonal)],
            stl: options.clone(),
            ..MstlOptions::default()
        },
    );
    let compat = if input.msticpy {
        Compat::Msticpy
    } else {
        Compat::Huntkit
    };
    let times: Vec<i64> = input.times.iter().copied().take(values.len()).collect();
    let anomaly = AnomalyOptions {
        compat,
        period: Some(usize::from(input.period)),
        threshold: input.threshold,
        ..AnomalyOptions::default()
    };
    let with_times = if times.len() == values.len() {
        Some(&times[..])
    } else {
        None
    };
    if let Ok(r) = ts_anomalies(&values, with_times, &anomaly) {
        let _ = anomaly_periods(
            &r.time.clone().unwrap_or_default(),
            &r.anomalies,
            3_600_000_000_000,
            false,
        );
    }
    let _ = detect_periods(&values, 3);
    let polling = PollingOptions {
        interval: i64::from(input.interval),
        compat,
        max_bins: 100_000,
        ..PollingOptions::default()
    };
    let _ = detect_polling(&input.times, &polling);
    let opt_times: Vec<Option<i64>> = input.times.iter().map(|&t| Some(t)).collect();
    let _ = bucket_events(
        &opt_times,
        None,
        None,
        &BucketOptions {
            max_buckets: 100_000,
            ..BucketOptions::default()
        },
    );
    if let Ok(table) = read(&input.bytes, &ReadOptions::default()) {
        let names = table.column_names();
        if let (Some(t), Some(v)) = (names.first(), names.get(1)) {
            let _ = ts_anomalies_table(
                &table,
                &AnomalyOptions {
                    time_column: Some(t.clone()),
                    value_column: Some(v.clone()),
                    ..anomaly
                },
            );
            let _ = bucket_table(
                &table,
                &BucketOptions {
                    time_column: t.clone(),
                    group_by: vec![v.clone()],
                    max_buckets: 100_000,
                    ..BucketOptions::default()
                },
            );
            let _ = polling_table(
                &table,
                &PollingOptions {
                    time_column: t.clone(),
                    group_by: vec![v.clone()],
                    ..polling
                },
            );
            let _ = kql_periods_table(
                &table,
                &PeriodOptions {
                    time_column: t.clone(),
                    anomalies_column: v.clone(),
                    ..PeriodOptions::default()
                },
            );
        }
    }
});
