//! Native timing of STL and the anomaly pipeline on hourly series.
//!
//! `cargo bench -p huntkit-timeseries --bench timeseries -- FILE.csv ...` times each CSV
//! (columns `TimeGenerated,Value`, as `bench/timeseries/run.sh` writes them); with no
//! files it times synthetic series of 10k, 100k and 1M points. Prints one JSON object
//! per measurement.

#[path = "../../../bench/native/common.rs"]
mod common;

use huntkit_timeseries::{stl, ts_anomalies_table, AnomalyOptions, Compat, StlOptions};

fn synthetic(n: usize) -> Vec<f64> {
    let mut state: u64 = 0x2545F4914F6CDD1D;
    (0..n)
        .map(|t| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let t = t as f64;
            let noise = (state % 10_000) as f64 / 100.0 - 50.0;
            1000.0
                + 0.001 * t
                + 100.0 * (std::f64::consts::TAU * t / 24.0).sin()
                + 30.0 * (std::f64::consts::TAU * t / 168.0).sin()
                + noise
        })
        .collect()
}

fn runs_for(n: usize) -> usize {
    if n >= 1_000_000 {
        3
    } else {
        5
    }
}

/// Times a decomposition whose long period makes the work estimate large (200,000
/// points, period 2,000: about 6·10⁹ window points), so the rate behind the documented
/// time of the default `maxWork` is measured in every run.
fn work_rate() {
    let n = 200_000;
    let y: Vec<f64> = synthetic(n);
    let opts = StlOptions::with_period(2_000);
    let Ok(work) = opts.estimated_work(n) else {
        return;
    };
    let secs = common::best_of(2, || stl(&y, &opts));
    let limit = StlOptions::default().max_work;
    println!(
        "{{\"impl\":\"native\",\"op\":\"work\",\"n\":{n},\"period\":2000,\"work\":{work},\"seconds\":{secs},\"limit_seconds\":{}}}",
        limit / (work / secs)
    );
}

fn main() {
    let files: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let opts = StlOptions::with_period(24);
    work_rate();
    if files.is_empty() {
        for n in [10_000, 100_000, 1_000_000] {
            let y = synthetic(n);
            let secs = common::best_of(runs_for(n), || stl(&y, &opts));
            println!("{{\"impl\":\"native\",\"op\":\"stl\",\"n\":{n},\"seconds\":{secs}}}");
        }
        return;
    }
    for file in files {
        let table = common::read_table_or_exit(&file);
        let n = table.num_rows();
        let y: Vec<f64> = table
            .floats("Value")
            .unwrap_or_default()
            .into_iter()
            .map(|v| v.unwrap_or(0.0))
            .collect();
        let runs = runs_for(n);
        let secs = common::best_of(runs, || stl(&y, &opts));
        println!("{{\"impl\":\"native\",\"op\":\"stl\",\"n\":{n},\"seconds\":{secs}}}");
        let anomalies = AnomalyOptions {
            compat: Compat::Msticpy,
            time_column: Some("TimeGenerated".into()),
            value_column: Some("Value".into()),
            ..AnomalyOptions::default()
        };
        let secs = common::best_of(runs, || ts_anomalies_table(&table, &anomalies));
        println!("{{\"impl\":\"native\",\"op\":\"anomalies\",\"n\":{n},\"seconds\":{secs}}}");
    }
}
