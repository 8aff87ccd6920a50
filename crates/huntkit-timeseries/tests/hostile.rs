//! Hostile input on stable Rust: pseudo-random series, timestamps and options through
//! every entry point. Each call must return `Ok` or a coded error, never panic, and
//! decompositions must add up.

use huntkit_core::ErrorCode;
use huntkit_timeseries::*;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn value(&mut self) -> f64 {
        match self.below(12) {
            0 => f64::NAN,
            1 => f64::INFINITY,
            2 => 1e300,
            3 => -1e-300,
            4 => 0.0,
            _ => (self.below(2_000_000) as f64 - 1e6) / 7.0,
        }
    }
}

#[test]
fn random_series_and_options_never_panic() {
    let mut rng = Rng(0x1234_5678_9abc_def1);
    for round in 0..400 {
        let n = rng.below(300) as usize;
        let clean = rng.below(3) != 0;
        let values: Vec<f64> = (0..n)
            .map(|_| {
                if clean {
                    (rng.below(1000) as f64) - 500.0
                } else {
                    rng.value()
                }
            })
            .collect();
        let period = rng.below(40) as usize;
        let options = StlOptions {
            period: Some(period),
            seasonal: rng.below(30) as usize,
            trend: if rng.below(2) == 0 {
                None
            } else {
                Some(rng.below(400) as usize)
            },
            low_pass: if rng.below(2) == 0 {
                None
            } else {
                Some(rng.below(80) as usize)
            },
            seasonal_deg: rng.below(3) as u8,
            trend_deg: rng.below(2) as u8,
            low_pass_deg: rng.below(2) as u8,
            seasonal_jump: rng.below(6) as usize,
            trend_jump: rng.below(12) as usize,
            low_pass_jump: rng.below(6) as usize,
            robust: rng.below(2) == 0,
            ..StlOptions::default()
        };
        match stl(&values, &options) {
            Ok(d) => {
                for (i, v) in values.iter().enumerate() {
                    let sum = d.trend[i] + d.seasonal[i] + d.residual[i];
                    assert!((sum - v).abs() <= 1e-6 * v.abs().max(1.0), "round {round}");
                    assert!((0.0..=1.0).contains(&d.weights[i]));
                }
            }
            Err(e) => assert!(!e.code().is_empty()),
        }
        let _ = mstl(
            &values,
            &MstlOptions {
                periods: vec![period, period * 3 + 1],
                ..MstlOptions::default()
            },
        );
        let times: Vec<i64> = (0..n)
            .map(|_| rng.next() as i64 % 1_000_000_000_000)
            .collect();
        let compat = if rng.below(2) == 0 {
            Compat::Msticpy
        } else {
            Compat::Huntkit
        };
        let anomaly = AnomalyOptions {
            compat,
            period: if rng.below(3) == 0 {
                None
            } else {
                Some(period)
            },
            threshold: rng.value(),
            ..AnomalyOptions::default()
        };
        if let Ok(r) = ts_anomalies(&values, Some(&times), &anomaly) {
            assert_eq!(r.anomalies.len(), n);
            let _ = anomaly_periods(
                r.time.as_deref().unwrap_or(&[]),
                &r.anomalies,
                rng.below(5) as i64 * 1_000_000_000,
                false,
            );
        }
        let _ = detect_periods(&values, rng.below(4) as usize);
        let polling = PollingOptions {
            interval: rng.below(100) as i64 - 10,
            compat,
            max_bins: 200_000,
            ..PollingOptions::default()
        };
        if let Ok(r) = detect_polling(&times, &polling) {
            if let Some(p) = r.p_value {
                if compat == Compat::Huntkit {
                    assert!((0.0..=1.0).contains(&p), "p {p}");
                }
            }
        }
        let optional: Vec<Option<i64>> = times
            .iter()
            .map(|&t| if rng.below(9) == 0 { None } else { Some(t) })
            .collect();
        let _ = bucket_events(
            &optional,
            None,
            None,
            &BucketOptions {
                interval: ["1s", "1h", "0h", "x", "1d"][rng.below(5) as usize].into(),
                max_buckets: 100_000,
                ..BucketOptions::default()
            },
        );
    }
}

#[test]
fn extreme_timestamps_and_spans_are_bounded() {
    let times = [i64::MIN, i64::MAX, 0];
    let r = detect_polling(&times, &PollingOptions::default()).unwrap();
    assert!(r.note.is_some());
    // The whole i64 range is 5.1 million hourly buckets (within the default limit) but
    // 1.8·10¹⁰ one-second ones (beyond it).
    let per_second = BucketOptions {
        interval: "1s".into(),
        ..BucketOptions::default()
    };
    let r = bucket_events(&[Some(i64::MIN), Some(i64::MAX)], None, None, &per_second);
    assert!(
        matches!(&r, Err(e) if e.code() == "limit_exceeded"),
        "{:?}",
        r.map(|s| s.len())
    );
    let e = stl(
        &[1.0; 100],
        &StlOptions {
            trend: Some(usize::MAX),
            ..StlOptions::with_period(4)
        },
    )
    .unwrap_err();
    assert_eq!(e.code(), "invalid_option");
    let e = stl(
        &[1.0; 100],
        &StlOptions {
            seasonal: usize::MAX,
            ..StlOptions::with_period(4)
        },
    )
    .unwrap_err();
    assert_eq!(e.code(), "invalid_option");
    let e = stl(&[1.0; 10], &StlOptions::with_period(usize::MAX)).unwrap_err();
    assert_eq!(e.code(), "invalid_option");
    let e = stl(&[1.0; 10], &StlOptions::with_period(1000)).unwrap_err();
    assert_eq!(e.code(), "too_short");
}
