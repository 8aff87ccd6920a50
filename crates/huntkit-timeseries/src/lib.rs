//! Time-series analysis for threat hunting: is this host sending more than it usually
//! does at this hour, and is that connection beaconing?
//!
//! - [`stl()`] and [`mstl()`]: seasonal-trend decomposition by LOESS, numerically the same
//!   as statsmodels' `STL(...).fit()` and `MSTL(...).fit()` (same parameters, defaults and
//!   validation), with [`detect_periods`] to find the season length from the periodogram.
//! - [`ts_anomalies`] / [`ts_anomalies_table`]: residual z-scores flagged against a
//!   threshold; `compat: Msticpy` reproduces MSTICPy's `timeseries_anomalies_stl` exactly.
//!   [`apply_threshold`] re-flags without decomposing again; [`anomaly_periods`] and
//!   [`kql_filter`] turn flags into time windows and a KQL clause.
//! - [`bucket_events`] / [`bucket_table`]: events (per host, per account…) to regular
//!   series, empty buckets 0.
//! - [`detect_polling`] / [`polling_summary_table`]: beaconing by periodogram and Fisher's
//!   g-test, per source–destination pair or any grouping.
//!
//! Every entry point is bounded (points, work, buckets, bins, groups) and returns a coded
//! [`Error`] for bad input; none panics.
//!
//! ```
//! use huntkit_timeseries::{stl, ts_anomalies, AnomalyOptions, StlOptions};
//!
//! // Four days of hourly counts with a daily rhythm, and one burst.
//! let mut y: Vec<f64> = (0..96)
//!     .map(|h| 100.0 + 20.0 * (h as f64 / 24.0 * std::f64::consts::TAU).sin() + (h % 5) as f64)
//!     .collect();
//! y[60] += 90.0;
//! let parts = stl(&y, &StlOptions::with_period(24))?;
//! assert_eq!(parts.params.trend, 47);
//! assert!((parts.trend[50] + parts.seasonal[50] + parts.residual[50] - y[50]).abs() < 1e-9);
//!
//! let scored = ts_anomalies(&y, None, &AnomalyOptions { period: Some(24), ..Default::default() })?;
//! assert_eq!(scored.anomalies[60], 1);
//! # Ok::<(), huntkit_timeseries::Error>(())
//! ```

pub mod anomalies;
pub mod bucket;
mod error;
mod loess;
pub mod mstl;
pub mod polling;
pub mod spectral;
pub mod stl;
mod table;

pub use anomalies::{
    anomaly_periods, apply_threshold, kql_filter, ts_anomalies, AnomalyOptions, AnomalyPeriod,
    AnomalyResult,
};
pub use bucket::{bucket_events, parse_interval, BucketOptions, BucketSeries};
pub use error::{Error, Result};
pub use mstl::{mstl, MstlOptions, MultiDecomposition, SeasonalComponent};
pub use polling::{
    detect_polling, detect_polling_groups, GroupPolling, PollingOptions, PollingResult,
};
pub use spectral::{detect_periods, g_test, g_test_stable, periodogram, Periodogram};
pub use stl::{stl, Decomposition, StlOptions, StlParams};
pub use table::{
    anomaly_periods_table, bucket_table, kql_periods_table, polling_summary_table, polling_table,
    polling_untimed_rows, rethreshold_table, ts_anomalies_table, PeriodOptions, ThresholdOptions,
};

pub use huntkit_core::Compat;
