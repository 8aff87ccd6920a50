//! Anomalies from a decomposition: residuals scored as z-scores and flagged against a
//! threshold, grouped into time periods, and turned into a KQL filter.

use serde::{Deserialize, Serialize};

use crate::error::{check_finite, Error, Result};
use crate::mstl::{mstl, MstlOptions};
use crate::spectral::detect_periods;
use crate::stl::{stl, StlOptions};
use crate::Compat;

/// Options of [`ts_anomalies`].
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct AnomalyOptions {
    /// Table input: the time column. Without one, rows are taken as evenly spaced in
    /// input order.
    pub time_column: Option<String>,
    /// Table input: the value column. Default: the first column that is not the time
    /// column (MSTICPy's choice).
    pub value_column: Option<String>,
    /// `msticpy` reproduces `timeseries_anomalies_stl` exactly (integer columns, sign
    /// from the seasonal component, only high scores flagged).
    pub compat: Compat,
    /// Season length in samples. When absent: 24 under `msticpy`; otherwise detected from
    /// the periodogram (the strongest period of at least 2 samples and at most a third
    /// of the series).
    pub period: Option<usize>,
    /// Several season lengths at once (for example `[24, 168]`, daily and weekly for
    /// hourly data): the decomposition is MSTL and `seasonal` is the sum of the
    /// seasonal components. Not available under `msticpy`.
    pub periods: Option<Vec<usize>>,
    /// Seasonal smoother length (odd, ≥ 3). Default 7.
    pub seasonal: usize,
    /// Trend smoother length; statsmodels' derived default when absent.
    pub trend: Option<usize>,
    /// Low-pass filter length; statsmodels' derived default when absent.
    pub low_pass: Option<usize>,
    /// Robust STL (outliers get down-weighted). Default false, as in MSTICPy.
    pub robust: bool,
    /// Scores above this are flagged `+1`. Default 3.
    pub threshold: f64,
    /// Scores below `-threshold_low` are flagged `-1` (default mode only). Default: the
    /// same as `threshold`.
    pub threshold_low: Option<f64>,
    /// Sort rows by time before decomposing (default). When false, out-of-order
    /// timestamps are an error. Under `msticpy` the series is decomposed in input order
    /// and the output sorted afterwards, as MSTICPy does.
    pub sort: bool,
    /// Refuse longer series.
    pub max_points: usize,
}

impl Default for AnomalyOptions {
    fn default() -> Self {
        AnomalyOptions {
            time_column: None,
            value_column: None,
            compat: Compat::Huntkit,
            period: None,
            periods: None,
            seasonal: 7,
            trend: None,
            low_pass: None,
            robust: false,
            threshold: 3.0,
            threshold_low: None,
            sort: true,
            max_points: crate::stl::DEFAULT_MAX_POINTS,
        }
    }
}

/// The output of [`ts_anomalies`], one entry per row, sorted by time when times were
/// given. Under `msticpy` every column but `score` holds whole numbers (truncated
/// toward zero, as MSTICPy's cast to int64 does).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AnomalyResult {
    /// For each output row, the input row it came from.
    pub rows: Vec<usize>,
    /// Timestamps (ns since the epoch, UTC), when given.
    pub time: Option<Vec<i64>>,
    /// The observed values.
    pub value: Vec<f64>,
    /// Observed − trend − seasonal.
    pub residual: Vec<f64>,
    /// Trend component.
    pub trend: Vec<f64>,
    /// Seasonal component (sum of components with several periods).
    pub seasonal: Vec<f64>,
    /// Robustness weights.
    pub weights: Vec<f64>,
    /// Trend + seasonal: the expected value.
    pub baseline: Vec<f64>,
    /// Z-score of the residual (population standard deviation); 0 for a series with
    /// constant residuals (NaN under `msticpy`, as scipy gives).
    pub score: Vec<f64>,
    /// −1, 0 or +1.
    pub anomalies: Vec<i8>,
    /// The period(s) used.
    pub periods: Vec<usize>,
    /// Whether the columns other than `score` hold truncated integers (`msticpy`).
    pub integer: bool,
    /// The compatibility mode the flags follow.
    #[serde(skip)]
    pub compat: Compat,
}

impl AnomalyResult {
    /// Flags again with new thresholds, without decomposing again: cheap enough for a
    /// slider. See [`apply_threshold`].
    pub fn rethreshold(&mut self, threshold: f64, threshold_low: Option<f64>) {
        self.anomalies = apply_threshold(&self.score, threshold, threshold_low, self.compat);
    }
}

/// Flags scores: `+1` above `threshold`, `-1` below `-threshold_low` (default:
/// `-threshold`), else 0.
///
/// Under `msticpy` this is `set_new_anomaly_threshold`: the comparisons include equality
/// and a `threshold_low` of 0 falls back to `threshold` (its `or`). The default mode
/// uses strict comparisons, like the anomaly flags themselves, and honours 0.
pub fn apply_threshold(
    score: &[f64],
    threshold: f64,
    threshold_low: Option<f64>,
    compat: Compat,
) -> Vec<i8> {
    let msticpy = compat == Compat::Msticpy;
    let low = match threshold_low {
        Some(l) if !(msticpy && l == 0.0) => l,
        _ => threshold,
    };
    score
        .iter()
        .map(|&s| {
            let (high, below) = if msticpy {
                (s >= threshold, s <= -low)
            } else {
                (s > threshold, s < -low)
            };
            if high {
                1
            } else if below {
                -1
            } else {
                0
            }
        })
        .collect()
}

/// Population z-scores. With no spread: zeros, or NaN (scipy's answer) under `msticpy`.
/// Residuals whose spread is rounding noise next to the series' `scale` (a constant
/// series leaves ~1e-15 of it) count as having no spread in the default mode.
fn zscores(x: &[f64], scale: f64, compat: Compat) -> Vec<f64> {
    let n = x.len() as f64;
    if x.is_empty() {
        return Vec::new();
    }
    // Squares of residuals beyond 1e154 overflow: such series are scored in units of a
    // power of two near their size (exact, and scores are scale-free). MSTICPy's numpy
    // code overflows, and compat keeps its answer.
    let largest = x.iter().fold(0.0f64, |m, v| m.max(v.abs()));
    let unit = if compat == Compat::Huntkit && largest > 1e150 && largest.is_finite() {
        2f64.powi(largest.log2().floor() as i32)
    } else {
        1.0
    };
    let scaled: Vec<f64>;
    let x = if unit == 1.0 {
        x
    } else {
        scaled = x.iter().map(|v| v / unit).collect();
        &scaled
    };
    let scale = scale / unit;
    let mean = pairwise_sum(x) / n;
    let squares: Vec<f64> = x.iter().map(|v| (v - mean) * (v - mean)).collect();
    let std = (pairwise_sum(&squares) / n).sqrt();
    let negligible = compat == Compat::Huntkit && std <= 1e-12 * scale;
    if std == 0.0 || !std.is_finite() || negligible {
        let fill = if compat == Compat::Msticpy {
            f64::NAN
        } else {
            0.0
        };
        return vec![fill; x.len()];
    }
    x.iter().map(|v| (v - mean) / std).collect()
}

/// Pairwise summation, as numpy sums, so means of long series keep their precision.
fn pairwise_sum(x: &[f64]) -> f64 {
    if x.len() <= 128 {
        return x.iter().sum();
    }
    let (a, b) = x.split_at(x.len() / 2);
    pairwise_sum(a) + pairwise_sum(b)
}

/// Decomposes a series and scores every point's residual.
///
/// `times` (ns since the epoch) are optional; without them rows are taken as evenly
/// spaced in the given order. Errors: `missing_value`/`non_finite` name the row,
/// `duplicate_timestamp` and `unsorted` the rows involved, plus STL's own errors.
pub fn ts_anomalies(
    values: &[f64],
    times: Option<&[i64]>,
    options: &AnomalyOptions,
) -> Result<AnomalyResult> {
    let n = values.len();
    if let Some(t) = times {
        if t.len() != n {
            return Err(Error::LengthMismatch {
                what: format!("{} values and {} timestamps", n, t.len()),
            });
        }
    }
    if !options.threshold.is_finite() {
        return Err(Error::option("threshold", "must be a finite number"));
    }
    if let Some(l) = options.threshold_low {
        if !l.is_finite() {
            return Err(Error::option("thresholdLow", "must be a finite number"));
        }
    }
    check_finite(values, None)?;
    let msticpy = options.compat == Compat::Msticpy;
    // Row order used for the decomposition, and the order of the output.
    let mut order: Vec<usize> = (0..n).collect();
    if let Some(t) = times {
        let sorted_already = t.windows(2).all(|w| matches!(w, [a, b] if a <= b));
        if !sorted_already && !msticpy {
            if !options.sort {
                let row = t
                    .windows(2)
                    .position(|w| matches!(w, [a, b] if a > b))
                    .unwrap_or(0)
                    + 1;
                return Err(Error::Unsorted {
                    row,
                    previous: row - 1,
                });
            }
            order.sort_by_key(|&i| t.get(i).copied().unwrap_or(i64::MAX));
        }
        if !msticpy {
            for w in order.windows(2) {
                if let [a, b] = *w {
                    if t.get(a) == t.get(b) {
                        return Err(Error::DuplicateTimestamp {
                            first: a.min(b),
                            second: a.max(b),
                        });
                    }
                }
            }
        }
    }
    let y: Vec<f64> = order
        .iter()
        .map(|&i| values.get(i).copied().unwrap_or(0.0))
        .collect();
    let base = StlOptions {
        seasonal: options.seasonal,
        trend: options.trend,
        low_pass: options.low_pass,
        robust: options.robust,
        max_points: options.max_points,
        ..StlOptions::default()
    };
    let multi = options.periods.as_ref().filter(|p| p.len() > 1);
    let (trend, seasonal, residual, weights, periods) = match multi {
        Some(periods) => {
            if msticpy {
                return Err(Error::option(
                    "periods",
                    "several periods (MSTL) are not available with compat \"msticpy\"",
                ));
            }
            let mut stl_opts = base;
            stl_opts.max_points = options.max_points;
            let d = mstl(
                &y,
                &MstlOptions {
                    periods: periods.clone(),
                    stl: stl_opts,
                    ..MstlOptions::default()
                },
            )?;
            let seasonal = d.seasonal_total();
            let used = d.seasonals.iter().map(|s| s.period).collect();
            (d.trend, seasonal, d.residual, d.weights, used)
        }
        None => {
            let period = match (
                options.periods.as_ref().and_then(|p| p.first()),
                options.period,
            ) {
                (Some(&p), _) | (None, Some(p)) => p,
                (None, None) if msticpy => 24,
                (None, None) => detect_periods(&y, 1).first().copied().ok_or_else(|| {
                    Error::option(
                        "period",
                        "no seasonal period could be detected from the data; give one",
                    )
                })?,
            };
            let d = stl(
                &y,
                &StlOptions {
                    period: Some(period),
                    ..base
                },
            )?;
            (d.trend, d.seasonal, d.residual, d.weights, vec![period])
        }
    };
    let mut baseline: Vec<f64> = seasonal.iter().zip(&trend).map(|(s, t)| s + t).collect();
    let (mut value, mut residual, mut trend, mut seasonal, mut weights) =
        (y, residual, trend, seasonal, weights);
    if msticpy {
        for col in [
            &mut value,
            &mut residual,
            &mut trend,
            &mut seasonal,
            &mut weights,
            &mut baseline,
        ] {
            for v in col.iter_mut() {
                *v = truncate_like_int64(*v);
            }
        }
    }
    let scale = value.iter().fold(0.0f64, |m, v| m.max(v.abs()));
    let score = zscores(&residual, scale, options.compat);
    // stl and mstl checked their own components; their sum can still overflow.
    crate::error::check_results(&value, &[&baseline])?;
    if !msticpy {
        crate::error::check_results(&value, &[&score])?;
    }
    let anomalies: Vec<i8> = if msticpy {
        score
            .iter()
            .zip(&seasonal)
            .map(|(&s, &season)| {
                if s > options.threshold && season > 0.0 {
                    1
                } else if s > options.threshold && season < 0.0 {
                    -1
                } else {
                    0
                }
            })
            .collect()
    } else {
        apply_threshold(
            &score,
            options.threshold,
            options.threshold_low,
            Compat::Huntkit,
        )
    };
    let mut result = AnomalyResult {
        rows: order,
        time: times.map(|_| Vec::new()),
        value,
        residual,
        trend,
        seasonal,
        weights,
        baseline,
        score,
        anomalies,
        periods,
        integer: msticpy,
        compat: options.compat,
    };
    if let Some(t) = times {
        if msticpy {
            // MSTICPy decomposes in input order and sorts the output by time afterwards.
            let mut perm: Vec<usize> = (0..n).collect();
            perm.sort_by_key(|&i| t.get(i).copied().unwrap_or(i64::MAX));
            result = permute(result, &perm);
        }
        result.time = Some(
            result
                .rows
                .iter()
                .map(|&r| t.get(r).copied().unwrap_or(0))
                .collect(),
        );
    }
    Ok(result)
}

/// NaN becomes 0 (MSTICPy's `fillna(0)`), then truncation toward zero, saturating at
/// the int64 range.
fn truncate_like_int64(v: f64) -> f64 {
    // Rust's float-to-int cast is exactly that (NaN to 0, toward zero, saturating), one
    // instruction where `trunc` is a library call on the baseline x86-64 target. Only
    // the sign of a zero differs, which neither the scores nor the flags can see.
    v as i64 as f64
}

fn permute(r: AnomalyResult, perm: &[usize]) -> AnomalyResult {
    fn take<T: Copy + Default>(v: &[T], perm: &[usize]) -> Vec<T> {
        perm.iter()
            .map(|&i| v.get(i).copied().unwrap_or_default())
            .collect()
    }
    AnomalyResult {
        rows: take(&r.rows, perm),
        time: r.time,
        value: take(&r.value, perm),
        residual: take(&r.residual, perm),
        trend: take(&r.trend, perm),
        seasonal: take(&r.seasonal, perm),
        weights: take(&r.weights, perm),
        baseline: take(&r.baseline, perm),
        score: take(&r.score, perm),
        anomalies: take(&r.anomalies, perm),
        periods: r.periods,
        integer: r.integer,
        compat: r.compat,
    }
}

/// A stretch of time around one or more anomalies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AnomalyPeriod {
    /// Start, ns since the epoch (UTC).
    pub start: i64,
    /// End, ns since the epoch (UTC).
    pub end: i64,
}

const DAY_NS: i64 = 86_400_000_000_000;

/// Groups flagged rows into periods, as MSTICPy's `extract_anomaly_periods` does:
/// flagged times are binned by `period_ns` (bins counted from midnight UTC of the first
/// flagged day), each bin `t` opens `[t − period, t + period]`, and a bin at most two
/// periods after the previous one extends the current period instead.
///
/// `pos_only` keeps only `+1` flags; otherwise `-1` flags count too.
pub fn anomaly_periods(
    times: &[i64],
    anomalies: &[i8],
    period_ns: i64,
    pos_only: bool,
) -> Result<Vec<AnomalyPeriod>> {
    if period_ns <= 0 {
        return Err(Error::option(
            "period",
            "the period must be a positive duration",
        ));
    }
    if times.len() != anomalies.len() {
        return Err(Error::LengthMismatch {
            what: format!(
                "{} timestamps and {} anomaly flags",
                times.len(),
                anomalies.len()
            ),
        });
    }
    let mut flagged: Vec<i64> = times
        .iter()
        .zip(anomalies)
        .filter(|(_, &a)| a == 1 || (!pos_only && a == -1))
        .map(|(&t, _)| t)
        .collect();
    flagged.sort_unstable();
    let Some(&first) = flagged.first() else {
        return Ok(Vec::new());
    };
    let origin = first.div_euclid(DAY_NS) * DAY_NS;
    let mut out: Vec<AnomalyPeriod> = Vec::new();
    let mut last_bin: Option<i64> = None;
    for t in flagged {
        let bin = origin.saturating_add(
            (t.saturating_sub(origin))
                .div_euclid(period_ns)
                .saturating_mul(period_ns),
        );
        if last_bin == Some(bin) {
            continue;
        }
        let end = bin.saturating_add(period_ns);
        match (last_bin, out.last_mut()) {
            (Some(prev), Some(current))
                if bin.saturating_sub(prev) <= period_ns.saturating_mul(2) =>
            {
                current.end = end
            }
            _ => out.push(AnomalyPeriod {
                start: bin.saturating_sub(period_ns),
                end,
            }),
        }
        last_bin = Some(bin);
    }
    Ok(out)
}

/// A KQL `where` clause selecting the periods.
///
/// Default: the time column is a parameter (quoted as `['name']` when it is not a plain
/// identifier), times are ISO-8601 UTC, and no periods give an empty string (no filter).
/// Under `msticpy` it is `create_time_period_kqlfilter`: the column is always
/// `TimeGenerated`, times are written as Python prints them (`2019-05-13 16:00:00+00:00`)
/// and no periods give `"| where "`.
pub fn kql_filter(periods: &[AnomalyPeriod], time_column: &str, compat: Compat) -> String {
    if compat == Compat::Msticpy {
        let parts: Vec<String> = periods
            .iter()
            .map(|p| {
                format!(
                    "TimeGenerated between (datetime({}) .. datetime({}))",
                    python_time(p.start),
                    python_time(p.end)
                )
            })
            .collect();
        return format!("| where {}", parts.join(" or "));
    }
    if periods.is_empty() {
        return String::new();
    }
    let column = kql_column(time_column);
    let parts: Vec<String> = periods
        .iter()
        .map(|p| {
            format!(
                "{column} between (datetime({}) .. datetime({}))",
                iso_time(p.start),
                iso_time(p.end)
            )
        })
        .collect();
    format!("| where {}", parts.join(" or "))
}

fn kql_column(name: &str) -> String {
    let plain = name
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if plain {
        name.to_string()
    } else {
        format!("['{}']", name.replace('\\', "\\\\").replace('\'', "\\'"))
    }
}

fn split(ns: i64) -> Option<chrono::NaiveDateTime> {
    chrono::DateTime::from_timestamp(
        ns.div_euclid(1_000_000_000),
        ns.rem_euclid(1_000_000_000) as u32,
    )
    .map(|d| d.naive_utc())
}

/// `str()` of a UTC pandas Timestamp.
fn python_time(ns: i64) -> String {
    let Some(d) = split(ns) else {
        return ns.to_string();
    };
    let sub = ns.rem_euclid(1_000_000_000);
    let frac = if sub == 0 {
        String::new()
    } else if sub % 1000 == 0 {
        format!(".{:06}", sub / 1000)
    } else {
        format!(".{sub:09}")
    };
    format!("{}{frac}+00:00", d.format("%Y-%m-%d %H:%M:%S"))
}

fn iso_time(ns: i64) -> String {
    let Some(d) = split(ns) else {
        return ns.to_string();
    };
    let sub = ns.rem_euclid(1_000_000_000);
    let frac = if sub == 0 {
        String::new()
    } else {
        format!(".{sub:09}").trim_end_matches('0').to_string()
    };
    format!("{}{frac}Z", d.format("%Y-%m-%dT%H:%M:%S"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use huntkit_core::ErrorCode;

    const HOUR: i64 = 3_600_000_000_000;

    #[test]
    fn thresholds_follow_each_mode() {
        let s = [3.0, -2.0, 2.5, -3.5, 0.0, -1.0];
        assert_eq!(
            apply_threshold(&s, 3.0, None, Compat::Huntkit),
            vec![0, 0, 0, -1, 0, 0]
        );
        assert_eq!(
            apply_threshold(&s, 3.0, None, Compat::Msticpy),
            vec![1, 0, 0, -1, 0, 0]
        );
        assert_eq!(
            apply_threshold(&s, 2.0, Some(0.0), Compat::Msticpy),
            vec![1, -1, 1, -1, 0, 0]
        );
        assert_eq!(
            apply_threshold(&s, 2.0, Some(0.0), Compat::Huntkit),
            vec![1, -1, 1, -1, 0, -1]
        );
    }

    #[test]
    fn periods_merge_when_close() {
        let t0 = 1_557_705_600_000_000_000; // 2019-05-13 00:00Z
        let times = [
            t0 + 17 * HOUR,
            t0 + 19 * HOUR,
            t0 + 30 * HOUR,
            t0 + 31 * HOUR,
        ];
        let p = anomaly_periods(&times, &[1, 1, -1, 1], HOUR, true).unwrap();
        assert_eq!(
            p,
            vec![
                AnomalyPeriod {
                    start: t0 + 16 * HOUR,
                    end: t0 + 20 * HOUR
                },
                AnomalyPeriod {
                    start: t0 + 30 * HOUR,
                    end: t0 + 32 * HOUR
                },
            ]
        );
        let p = anomaly_periods(&times, &[1, 1, -1, 1], HOUR, false).unwrap();
        assert_eq!(p.len(), 2);
        assert_eq!(p[1].start, t0 + 29 * HOUR);
        assert!(anomaly_periods(&times, &[0; 4], HOUR, true)
            .unwrap()
            .is_empty());
    }

    #[test]
    fn kql_filters() {
        let t0 = 1_557_705_600_000_000_000;
        let p = [AnomalyPeriod {
            start: t0 + 16 * HOUR,
            end: t0 + 18 * HOUR,
        }];
        assert_eq!(
            kql_filter(&p, "ignored", Compat::Msticpy),
            "| where TimeGenerated between (datetime(2019-05-13 16:00:00+00:00) .. datetime(2019-05-13 18:00:00+00:00))"
        );
        assert_eq!(
            kql_filter(&p, "Event Time", Compat::Huntkit),
            "| where ['Event Time'] between (datetime(2019-05-13T16:00:00Z) .. datetime(2019-05-13T18:00:00Z))"
        );
        assert_eq!(kql_filter(&[], "T", Compat::Huntkit), "");
        assert_eq!(kql_filter(&[], "T", Compat::Msticpy), "| where ");
    }

    #[test]
    fn constant_series_scores_zero() {
        let r = ts_anomalies(
            &[7.0; 60],
            None,
            &AnomalyOptions {
                period: Some(12),
                ..AnomalyOptions::default()
            },
        )
        .unwrap();
        assert!(r.score.iter().all(|&s| s == 0.0));
        assert!(r.anomalies.iter().all(|&a| a == 0));
        let r = ts_anomalies(
            &[7.0; 60],
            None,
            &AnomalyOptions {
                compat: Compat::Msticpy,
                period: Some(12),
                ..AnomalyOptions::default()
            },
        )
        .unwrap();
        assert!(r.score.iter().all(|s| s.is_nan()));
        assert!(r.anomalies.iter().all(|&a| a == 0));
    }

    #[test]
    fn huge_values_are_scored_or_refused_never_silently_zero() {
        let opts = AnomalyOptions {
            period: Some(12),
            ..AnomalyOptions::default()
        };
        let mut y: Vec<f64> = (0..60).map(|i| 1e200 * (1.0 + (i % 12) as f64)).collect();
        if let Some(v) = y.get_mut(40) {
            *v = 9e201;
        }
        let r = ts_anomalies(&y, None, &opts).unwrap();
        assert_eq!(r.anomalies.get(40), Some(&1), "{:?}", r.anomalies);
        let small: Vec<f64> = y.iter().map(|v| v / 1e200).collect();
        let s = ts_anomalies(&small, None, &opts).unwrap();
        assert_eq!(r.anomalies, s.anomalies);
        let extreme: Vec<f64> = (0..60)
            .map(|i| if i % 2 == 0 { 1e308 } else { -1e308 })
            .collect();
        let e = ts_anomalies(&extreme, None, &opts).unwrap_err();
        assert_eq!(e.code(), "non_finite");
    }

    #[test]
    fn bad_input_is_named() {
        let opts = AnomalyOptions {
            period: Some(4),
            ..AnomalyOptions::default()
        };
        let e = ts_anomalies(&[1.0; 7], None, &opts).unwrap_err();
        assert_eq!(e.code(), "too_short");
        let mut v = vec![1.0; 20];
        v[13] = f64::INFINITY;
        let e = ts_anomalies(&v, None, &opts).unwrap_err();
        assert!(e.to_string().contains("row 13"), "{e}");
        let times: Vec<i64> = (0..20).map(|i| i * HOUR).collect();
        let mut dup = times.clone();
        dup[5] = dup[4];
        let e = ts_anomalies(&[1.0; 20], Some(&dup), &opts).unwrap_err();
        assert_eq!(e.code(), "duplicate_timestamp");
        let mut shuffled = times.clone();
        shuffled.swap(3, 9);
        let e = ts_anomalies(
            &[1.0; 20],
            Some(&shuffled),
            &AnomalyOptions {
                sort: false,
                ..opts.clone()
            },
        )
        .unwrap_err();
        assert_eq!(e.code(), "unsorted");
        let ok = ts_anomalies(&[1.0; 20], Some(&shuffled), &opts).unwrap();
        assert_eq!(ok.time.as_deref(), Some(&times[..]));
        let e = ts_anomalies(
            &[1.0; 20],
            None,
            &AnomalyOptions {
                seasonal: 6,
                ..opts
            },
        )
        .unwrap_err();
        assert!(e.to_string().contains("seasonal"));
    }
}
