//! Multiple seasonal-trend decomposition (MSTL, Bandara, Hyndman and Bergmeir 2021), the
//! way statsmodels' `MSTL(...).fit()` computes it: STL is run once per period, shortest
//! first, each on the series with the other seasonal components removed, and the whole
//! round is repeated `iterate` times.

use serde::Deserialize;

use crate::error::{check_finite, Error, Result};
use crate::stl::{fit, StlOptions};

/// MSTL options.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct MstlOptions {
    /// The seasonal periods in samples, e.g. `[24, 168]` for hourly data with daily and
    /// weekly cycles. Periods of half the series or longer are dropped (statsmodels warns
    /// and does the same); the result lists them.
    pub periods: Vec<usize>,
    /// Seasonal smoother length per period; default `7 + 4·i` for the i-th (1-based)
    /// period after sorting, as statsmodels does.
    pub windows: Option<Vec<usize>>,
    /// Rounds of refinement; forced to 1 with a single period. Default 2.
    pub iterate: usize,
    /// Every other STL option (`period` and `seasonal` are ignored here).
    pub stl: StlOptions,
}

impl Default for MstlOptions {
    fn default() -> Self {
        MstlOptions {
            periods: Vec::new(),
            windows: None,
            iterate: 2,
            stl: StlOptions::default(),
        }
    }
}

/// One seasonal component of an MSTL decomposition.
#[derive(Debug, Clone, PartialEq)]
pub struct SeasonalComponent {
    /// Its period in samples.
    pub period: usize,
    /// The seasonal smoother length used.
    pub window: usize,
    /// The component.
    pub values: Vec<f64>,
}

/// The result of [`mstl`]; `observed = trend + Σ seasonals + residual`.
#[derive(Debug, Clone, PartialEq)]
pub struct MultiDecomposition {
    /// Trend from the last STL run.
    pub trend: Vec<f64>,
    /// One component per kept period, shortest period first.
    pub seasonals: Vec<SeasonalComponent>,
    /// Residual.
    pub residual: Vec<f64>,
    /// Robustness weights from the last STL run.
    pub weights: Vec<f64>,
    /// Periods dropped because they are at least half the series long.
    pub dropped_periods: Vec<usize>,
}

impl MultiDecomposition {
    /// Sum of all seasonal components at each point.
    pub fn seasonal_total(&self) -> Vec<f64> {
        let mut total = vec![0.0; self.trend.len()];
        for c in &self.seasonals {
            for (t, v) in total.iter_mut().zip(&c.values) {
                *t += v;
            }
        }
        total
    }
}

/// Decomposes `y` with one seasonal component per period.
pub fn mstl(y: &[f64], options: &MstlOptions) -> Result<MultiDecomposition> {
    let n = y.len();
    if options.periods.is_empty() {
        return Err(Error::option("periods", "at least one period is needed"));
    }
    if options.periods.len() > 16 {
        return Err(Error::option("periods", "at most 16 periods are supported"));
    }
    if options.iterate == 0 || options.iterate > 100 {
        return Err(Error::option(
            "iterate",
            format!("must be between 1 and 100, got {}", options.iterate),
        ));
    }
    let mut pairs: Vec<(usize, usize)> = match &options.windows {
        Some(w) => {
            if w.len() != options.periods.len() {
                return Err(Error::option(
                    "windows",
                    format!(
                        "{} windows for {} periods; give one per period",
                        w.len(),
                        options.periods.len()
                    ),
                ));
            }
            let mut p: Vec<(usize, usize)> = options
                .periods
                .iter()
                .copied()
                .zip(w.iter().copied())
                .collect();
            p.sort_unstable();
            p
        }
        None => {
            let mut periods = options.periods.clone();
            periods.sort_unstable();
            periods
                .into_iter()
                .enumerate()
                .map(|(i, p)| (p, 7 + 4 * (i + 1)))
                .collect()
        }
    };
    let kept = pairs
        .iter()
        .take_while(|(p, _)| (*p as f64) < n as f64 / 2.0)
        .count();
    let dropped_periods: Vec<usize> = pairs.iter().skip(kept).map(|(p, _)| *p).collect();
    // statsmodels keeps the first windows, not the windows of the kept periods; with
    // sorted periods the two agree.
    pairs.truncate(kept);
    if pairs.is_empty() {
        return Err(Error::TooShort {
            len: n,
            needed: options
                .periods
                .iter()
                .min()
                .copied()
                .unwrap_or(0)
                .saturating_mul(2)
                + 1,
            why: "every period is at least half the series".into(),
        });
    }
    check_finite(y, None)?;
    let mut resolved = Vec::with_capacity(pairs.len());
    for &(period, window) in &pairs {
        let opts = StlOptions {
            period: Some(period),
            seasonal: window,
            ..options.stl.clone()
        };
        resolved.push(opts.resolve(n)?);
    }
    let iterate = if pairs.len() == 1 { 1 } else { options.iterate };
    let mut seasonals: Vec<Vec<f64>> = vec![vec![0.0; n]; pairs.len()];
    let mut deseas = y.to_vec();
    let mut last = None;
    for _ in 0..iterate {
        for (season, params) in seasonals.iter_mut().zip(&resolved) {
            for (d, s) in deseas.iter_mut().zip(season.iter()) {
                *d += s;
            }
            let d = fit(&deseas, params);
            for ((dv, s), new) in deseas.iter_mut().zip(season.iter_mut()).zip(&d.seasonal) {
                *s = *new;
                *dv -= *new;
            }
            last = Some(d);
        }
    }
    let last = last.ok_or_else(|| Error::option("periods", "no period to fit"))?;
    let residual: Vec<f64> = deseas.iter().zip(&last.trend).map(|(d, t)| d - t).collect();
    crate::error::check_results(y, &[&last.trend, &residual, &last.weights])?;
    Ok(MultiDecomposition {
        trend: last.trend,
        seasonals: pairs
            .iter()
            .zip(seasonals)
            .map(|(&(period, window), values)| SeasonalComponent {
                period,
                window,
                values,
            })
            .collect(),
        residual,
        weights: last.weights,
        dropped_periods,
    })
}
