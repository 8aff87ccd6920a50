//! Seasonal-trend decomposition by LOESS (STL), with statsmodels' parameters, defaults
//! and validation.

use serde::Deserialize;

use crate::error::{check_finite, check_results, Error, Result};
use crate::loess::{ess, est, moving_average, Tricube};

/// Largest series STL accepts by default.
pub const DEFAULT_MAX_POINTS: usize = 20_000_000;
/// Largest smoother window accepted (far beyond any useful value; keeps arithmetic safe).
pub const MAX_WINDOW: usize = 100_000_001;
/// Largest estimated work (window points visited) STL accepts by default.
pub const DEFAULT_MAX_WORK: f64 = 2e11;

/// STL options. Field names and defaults follow statsmodels' `STL(...)` and `fit(...)`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct StlOptions {
    /// Length of one season in samples (24 for hourly data with a daily cycle). Required
    /// by [`stl`]; the anomaly functions detect it from the periodogram when absent.
    pub period: Option<usize>,
    /// Length of the seasonal smoother: odd, at least 3. Default 7.
    pub seasonal: usize,
    /// Length of the trend smoother: odd, at least 3 and greater than `period`. Default:
    /// the smallest odd integer ≥ `1.5·period / (1 − 1.5/seasonal)` (47 for 24 and 7).
    pub trend: Option<usize>,
    /// Length of the low-pass filter: odd, at least 3 and greater than `period`. Default:
    /// the smallest odd integer greater than `period` (25 for 24).
    pub low_pass: Option<usize>,
    /// Degree of the seasonal LOESS, 0 or 1. Default 1.
    pub seasonal_deg: u8,
    /// Degree of the trend LOESS, 0 or 1. Default 1.
    pub trend_deg: u8,
    /// Degree of the low-pass LOESS, 0 or 1. Default 1.
    pub low_pass_deg: u8,
    /// Down-weight outliers with bisquare robustness weights. Default false.
    pub robust: bool,
    /// Compute the seasonal smooth every `seasonal_jump` points and interpolate. Default 1.
    pub seasonal_jump: usize,
    /// Compute the trend smooth every `trend_jump` points and interpolate. Default 1.
    pub trend_jump: usize,
    /// Compute the low-pass smooth every `low_pass_jump` points and interpolate. Default 1.
    pub low_pass_jump: usize,
    /// Inner-loop passes. Default 2 when robust, else 5.
    pub inner_iter: Option<usize>,
    /// Outer (robustness) passes. Default 15 when robust, else 0.
    pub outer_iter: Option<usize>,
    /// Refuse longer series (`limit_exceeded`).
    pub max_points: usize,
    /// Refuse option combinations whose estimated work (window points visited) is larger.
    pub max_work: f64,
}

impl Default for StlOptions {
    fn default() -> Self {
        StlOptions {
            period: None,
            seasonal: 7,
            trend: None,
            low_pass: None,
            seasonal_deg: 1,
            trend_deg: 1,
            low_pass_deg: 1,
            robust: false,
            seasonal_jump: 1,
            trend_jump: 1,
            low_pass_jump: 1,
            inner_iter: None,
            outer_iter: None,
            max_points: DEFAULT_MAX_POINTS,
            max_work: DEFAULT_MAX_WORK,
        }
    }
}

impl StlOptions {
    /// Options for a given period, everything else at its default.
    pub fn with_period(period: usize) -> Self {
        StlOptions {
            period: Some(period),
            ..StlOptions::default()
        }
    }

    /// Checks the options against a series of `n` points and fills in derived defaults.
    pub fn resolve(&self, n: usize) -> Result<StlParams> {
        let (params, work) = self.resolve_with_work(n)?;
        if work > self.max_work {
            return Err(Error::LimitExceeded(format!(
                "the decomposition would visit about {work:.3e} window points, over the limit of {:.3e} (set `maxWork` to allow more)",
                self.max_work
            )));
        }
        Ok(params)
    }

    /// The work a decomposition of `n` points with these options is estimated at (window
    /// points visited), the figure `maxWork` bounds. The benchmark times it, so the
    /// estimate and the limit's documented time stay honest.
    pub fn estimated_work(&self, n: usize) -> Result<f64> {
        Ok(self.resolve_with_work(n)?.1)
    }

    fn resolve_with_work(&self, n: usize) -> Result<(StlParams, f64)> {
        let period = self
            .period
            .ok_or_else(|| Error::option("period", "a period is required (≥ 2 samples)"))?;
        if period < 2 {
            return Err(Error::option(
                "period",
                format!("period must be an integer ≥ 2, got {period}"),
            ));
        }
        // The trend and low-pass windows are derived from the period and must be longer:
        // a period past the largest window is the period's fault, and is named so.
        if period >= MAX_WINDOW {
            return Err(Error::option(
                "period",
                format!("{period} is over the largest period, {}", MAX_WINDOW - 1),
            ));
        }
        let seasonal = self.seasonal;
        if seasonal < 3 || seasonal.is_multiple_of(2) {
            return Err(Error::option(
                "seasonal",
                format!("seasonal must be an odd integer ≥ 3, got {seasonal}"),
            ));
        }
        let trend = match self.trend {
            Some(t) => t,
            None => {
                let raw = (1.5 * period as f64 / (1.0 - 1.5 / seasonal as f64)).ceil();
                if !raw.is_finite() || raw > u32::MAX as f64 {
                    return Err(Error::option("trend", "the derived trend length overflows"));
                }
                let t = raw as usize;
                t + usize::from(t.is_multiple_of(2))
            }
        };
        if trend < 3 || trend.is_multiple_of(2) || trend <= period {
            return Err(Error::option(
                "trend",
                format!("trend must be an odd integer ≥ 3 and greater than period ({period}), got {trend}"),
            ));
        }
        let low_pass = match self.low_pass {
            Some(l) => l,
            None => {
                let l = period + 1;
                l + usize::from(l.is_multiple_of(2))
            }
        };
        if low_pass < 3 || low_pass.is_multiple_of(2) || low_pass <= period {
            return Err(Error::option(
                "lowPass",
                format!("low_pass must be an odd integer ≥ 3 and greater than period ({period}), got {low_pass}"),
            ));
        }
        for (name, deg) in [
            ("seasonalDeg", self.seasonal_deg),
            ("trendDeg", self.trend_deg),
            ("lowPassDeg", self.low_pass_deg),
        ] {
            if deg > 1 {
                return Err(Error::option(
                    name,
                    format!("degree must be 0 or 1, got {deg}"),
                ));
            }
        }
        for (name, jump) in [
            ("seasonalJump", self.seasonal_jump),
            ("trendJump", self.trend_jump),
            ("lowPassJump", self.low_pass_jump),
        ] {
            if jump == 0 {
                return Err(Error::option(name, "jump must be a positive integer"));
            }
        }
        for (name, window) in [
            ("seasonal", seasonal),
            ("trend", trend),
            ("lowPass", low_pass),
        ] {
            if window > MAX_WINDOW {
                return Err(Error::option(
                    name,
                    format!("{window} is over the largest window, {MAX_WINDOW}"),
                ));
            }
        }
        let inner_iter = self.inner_iter.unwrap_or(if self.robust { 2 } else { 5 });
        let outer_iter = self.outer_iter.unwrap_or(if self.robust { 15 } else { 0 });
        if inner_iter == 0 || inner_iter > 1000 {
            return Err(Error::option(
                "innerIter",
                format!("must be between 1 and 1000, got {inner_iter}"),
            ));
        }
        if outer_iter > 1000 {
            return Err(Error::option(
                "outerIter",
                format!("must be at most 1000, got {outer_iter}"),
            ));
        }
        if n > self.max_points {
            return Err(Error::LimitExceeded(format!(
                "{n} points is over the limit of {} (set `maxPoints` to allow more)",
                self.max_points
            )));
        }
        let needed = period.saturating_mul(2);
        if n < needed {
            return Err(Error::TooShort {
                len: n,
                needed,
                why: format!("two full periods of {period}"),
            });
        }
        let cycle = n / period + 1;
        let per_pass = (n as f64)
            * (seasonal.min(cycle) as f64 / seasonal_jump_f(self.seasonal_jump))
            + (n as f64) * (low_pass.min(n) as f64 / self.low_pass_jump as f64)
            + (n as f64) * (trend.min(n) as f64 / self.trend_jump as f64);
        let work = per_pass * (inner_iter as f64) * (outer_iter as f64 + 1.0);
        let params = StlParams {
            period,
            seasonal,
            trend,
            low_pass,
            seasonal_deg: self.seasonal_deg,
            trend_deg: self.trend_deg,
            low_pass_deg: self.low_pass_deg,
            robust: self.robust,
            seasonal_jump: self.seasonal_jump,
            trend_jump: self.trend_jump,
            low_pass_jump: self.low_pass_jump,
            inner_iter,
            outer_iter,
        };
        Ok((params, work))
    }
}

fn seasonal_jump_f(jump: usize) -> f64 {
    jump.max(1) as f64
}

/// The parameters a decomposition actually used, after defaults were derived.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StlParams {
    /// Period in samples.
    pub period: usize,
    /// Seasonal smoother length.
    pub seasonal: usize,
    /// Trend smoother length.
    pub trend: usize,
    /// Low-pass filter length.
    pub low_pass: usize,
    /// Seasonal LOESS degree.
    pub seasonal_deg: u8,
    /// Trend LOESS degree.
    pub trend_deg: u8,
    /// Low-pass LOESS degree.
    pub low_pass_deg: u8,
    /// Whether robustness weights were used.
    pub robust: bool,
    /// Seasonal jump.
    pub seasonal_jump: usize,
    /// Trend jump.
    pub trend_jump: usize,
    /// Low-pass jump.
    pub low_pass_jump: usize,
    /// Inner-loop passes.
    pub inner_iter: usize,
    /// Outer-loop passes.
    pub outer_iter: usize,
}

/// The components of a decomposition; `observed = trend + seasonal + residual`.
#[derive(Debug, Clone, PartialEq)]
pub struct Decomposition {
    /// Trend component.
    pub trend: Vec<f64>,
    /// Seasonal component.
    pub seasonal: Vec<f64>,
    /// Residual: observed − seasonal − trend.
    pub residual: Vec<f64>,
    /// Robustness weights (all 1 unless robust).
    pub weights: Vec<f64>,
    /// Parameters used.
    pub params: StlParams,
}

/// Decomposes `y` into trend, seasonal and residual components.
///
/// Errors: `invalid_option` for options statsmodels would reject (and degrees other than
/// 0 and 1), `too_short` below two periods, `non_finite` for NaN or infinite values,
/// `limit_exceeded` past `max_points` or `max_work`.
pub fn stl(y: &[f64], options: &StlOptions) -> Result<Decomposition> {
    let params = options.resolve(y.len())?;
    check_finite(y, None)?;
    let d = fit(y, &params);
    check_results(y, &[&d.trend, &d.seasonal, &d.residual, &d.weights])?;
    Ok(d)
}

/// Runs STL with already-validated parameters.
pub(crate) fn fit(y: &[f64], p: &StlParams) -> Decomposition {
    let n = y.len();
    let np = p.period;
    let mut state = State {
        trend: vec![0.0; n],
        season: vec![0.0; n],
        rw: vec![1.0; n],
        use_rw: false,
        work0: vec![0.0; n],
        season_ext: vec![0.0; n + 2 * np],
        ma1: Vec::with_capacity(n + np + 1),
        ma2: Vec::with_capacity(n + 2),
        ma3: Vec::with_capacity(n),
        low: vec![0.0; n],
        sub_y: Vec::with_capacity(n / np + 2),
        sub_rw: Vec::with_capacity(n / np + 2),
        sub_out: Vec::with_capacity(n / np + 3),
        tri: Tricube::default(),
    };
    let mut k = 0;
    loop {
        state.one_step(y, p);
        k += 1;
        if k > p.outer_iter {
            break;
        }
        state.robustness_weights(y);
        state.use_rw = true;
    }
    let residual = y
        .iter()
        .zip(&state.season)
        .zip(&state.trend)
        .map(|((v, s), t)| v - s - t)
        .collect();
    Decomposition {
        trend: state.trend,
        seasonal: state.season,
        residual,
        weights: state.rw,
        params: p.clone(),
    }
}

struct State {
    trend: Vec<f64>,
    season: Vec<f64>,
    rw: Vec<f64>,
    use_rw: bool,
    work0: Vec<f64>,
    season_ext: Vec<f64>,
    ma1: Vec<f64>,
    ma2: Vec<f64>,
    ma3: Vec<f64>,
    low: Vec<f64>,
    sub_y: Vec<f64>,
    sub_rw: Vec<f64>,
    sub_out: Vec<f64>,
    tri: Tricube,
}

impl State {
    fn one_step(&mut self, y: &[f64], p: &StlParams) {
        let np = p.period;
        for _ in 0..p.inner_iter {
            for ((w, v), t) in self.work0.iter_mut().zip(y).zip(&self.trend) {
                *w = v - t;
            }
            self.seasonal_smooth(p);
            // Low-pass filter of the cycle-subseries smooth: three moving averages, then LOESS.
            moving_average(&self.season_ext, np, &mut self.ma1);
            moving_average(&self.ma1, np, &mut self.ma2);
            moving_average(&self.ma2, 3, &mut self.ma3);
            ess(
                &self.ma3,
                p.low_pass,
                p.low_pass_deg,
                p.low_pass_jump,
                None,
                &mut self.low,
                &mut self.tri,
            );
            let ext = self.season_ext.get(np..).unwrap_or(&[]);
            for ((((s, w), e), l), v) in self
                .season
                .iter_mut()
                .zip(self.work0.iter_mut())
                .zip(ext)
                .zip(&self.low)
                .zip(y)
            {
                *s = e - l;
                *w = v - *s;
            }
            let rw = if self.use_rw {
                Some(&self.rw[..])
            } else {
                None
            };
            ess(
                &self.work0,
                p.trend,
                p.trend_deg,
                p.trend_jump,
                rw,
                &mut self.trend,
                &mut self.tri,
            );
        }
    }

    /// Smooths each cycle-subseries (all Mondays, all 9 o'clocks…) and extends it by one
    /// cycle at each end, writing into `season_ext` (length n + 2·period).
    fn seasonal_smooth(&mut self, p: &StlParams) {
        let n = self.work0.len();
        let np = p.period;
        let ns = p.seasonal;
        for j in 0..np.min(n) {
            self.sub_y.clear();
            self.sub_y.extend(self.work0.iter().skip(j).step_by(np));
            let k = self.sub_y.len();
            let sub_rw = if self.use_rw {
                self.sub_rw.clear();
                self.sub_rw.extend(self.rw.iter().skip(j).step_by(np));
                Some(&self.sub_rw[..])
            } else {
                None
            };
            self.sub_out.clear();
            self.sub_out.resize(k + 2, 0.0);
            if let Some(inner) = self.sub_out.get_mut(1..=k) {
                ess(
                    &self.sub_y,
                    ns,
                    p.seasonal_deg,
                    p.seasonal_jump,
                    sub_rw,
                    inner,
                    &mut self.tri,
                );
            }
            let first = est(
                &self.sub_y,
                ns,
                p.seasonal_deg,
                0,
                1,
                ns.min(k),
                sub_rw,
                &mut self.tri,
            )
            .unwrap_or_else(|| self.sub_out.get(1).copied().unwrap_or(0.0));
            let last_left = k.saturating_sub(ns).saturating_add(1).max(1);
            let last = est(
                &self.sub_y,
                ns,
                p.seasonal_deg,
                k as i64 + 1,
                last_left,
                k,
                sub_rw,
                &mut self.tri,
            )
            .unwrap_or_else(|| self.sub_out.get(k).copied().unwrap_or(0.0));
            if let Some(x) = self.sub_out.first_mut() {
                *x = first;
            }
            if let Some(x) = self.sub_out.get_mut(k + 1) {
                *x = last;
            }
            for (slot, &v) in self
                .season_ext
                .iter_mut()
                .skip(j)
                .step_by(np)
                .zip(&self.sub_out)
            {
                *slot = v;
            }
        }
    }

    /// Bisquare weights from residuals scaled by six times their median absolute value.
    fn robustness_weights(&mut self, y: &[f64]) {
        let n = y.len();
        for (((r, v), t), s) in self.rw.iter_mut().zip(y).zip(&self.trend).zip(&self.season) {
            *r = (v - (t + s)).abs();
        }
        if n == 0 {
            return;
        }
        let mut sorted = self.rw.clone();
        let mid0 = n / 2;
        let mid1 = n - mid0 - 1;
        let (_, &mut hi, _) = sorted.select_nth_unstable_by(mid0, f64::total_cmp);
        let lo = if mid1 == mid0 {
            hi
        } else {
            let (_, &mut lo, _) = sorted.select_nth_unstable_by(mid1, f64::total_cmp);
            lo
        };
        let cmad = 3.0 * (hi + lo);
        if cmad == 0.0 {
            self.rw.fill(1.0);
            return;
        }
        let c9 = 0.999 * cmad;
        let c1 = 0.001 * cmad;
        for r in &mut self.rw {
            *r = if *r <= c1 {
                1.0
            } else if *r <= c9 {
                let q = 1.0 - (*r / cmad) * (*r / cmad);
                q * q
            } else {
                0.0
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use huntkit_core::ErrorCode;

    #[test]
    fn derived_defaults_match_statsmodels() {
        let p = StlOptions::with_period(24).resolve(100).unwrap();
        assert_eq!(
            (p.trend, p.low_pass, p.inner_iter, p.outer_iter),
            (47, 25, 5, 0)
        );
        let p = StlOptions::with_period(7).resolve(100).unwrap();
        assert_eq!((p.trend, p.low_pass), (15, 9));
        let p = StlOptions {
            robust: true,
            ..StlOptions::with_period(168)
        }
        .resolve(1000)
        .unwrap();
        assert_eq!(
            (p.trend, p.low_pass, p.inner_iter, p.outer_iter),
            (321, 169, 2, 15)
        );
    }

    #[test]
    fn validation_errors_name_the_option() {
        let e = StlOptions {
            seasonal: 8,
            ..StlOptions::with_period(24)
        }
        .resolve(100)
        .unwrap_err();
        assert_eq!(e.code(), "invalid_option");
        assert!(e.to_string().contains("seasonal"));
        let e = StlOptions::with_period(1).resolve(100).unwrap_err();
        assert!(e.to_string().contains("period"));
        let e = StlOptions {
            trend: Some(23),
            ..StlOptions::with_period(24)
        }
        .resolve(100)
        .unwrap_err();
        assert!(e.to_string().contains("trend"));
        let e = StlOptions {
            low_pass: Some(24),
            ..StlOptions::with_period(24)
        }
        .resolve(100)
        .unwrap_err();
        assert!(e.to_string().contains("low_pass"));
        let e = StlOptions::with_period(24).resolve(47).unwrap_err();
        assert_eq!(e.code(), "too_short");
        let e = StlOptions {
            max_points: 10,
            ..StlOptions::with_period(2)
        }
        .resolve(11)
        .unwrap_err();
        assert_eq!(e.code(), "limit_exceeded");
        let e = stl(&[1.0, 2.0, f64::NAN, 4.0, 5.0], &StlOptions::with_period(2)).unwrap_err();
        assert_eq!(e.code(), "non_finite");
        assert!(e.to_string().contains("row 2"));
    }

    #[test]
    fn components_add_up_and_constant_series_is_flat() {
        let y: Vec<f64> = (0..96)
            .map(|i| 10.0 + ((i % 24) as f64).sin() + 0.1 * i as f64)
            .collect();
        let d = stl(&y, &StlOptions::with_period(24)).unwrap();
        for (i, v) in y.iter().enumerate() {
            assert!((d.trend[i] + d.seasonal[i] + d.residual[i] - v).abs() < 1e-9);
        }
        let flat = stl(
            &[5.0; 50],
            &StlOptions {
                robust: true,
                ..StlOptions::with_period(5)
            },
        )
        .unwrap();
        assert!(flat.residual.iter().all(|r| r.abs() < 1e-9));
        assert!(flat.trend.iter().all(|t| (t - 5.0).abs() < 1e-9));
    }
}

#[cfg(test)]
mod overflow_tests {
    use super::*;
    use huntkit_core::ErrorCode;

    #[test]
    fn values_near_the_end_of_the_f64_range_are_non_finite_not_nan_results() {
        let y: Vec<f64> = (0..48)
            .map(|i| if i % 2 == 0 { 1e308 } else { -1e308 })
            .collect();
        let opts = StlOptions {
            period: Some(24),
            ..StlOptions::default()
        };
        let e = stl(&y, &opts).unwrap_err();
        assert_eq!(e.code(), "non_finite");
        assert!(e.to_string().contains("scale the series down"), "{e}");
        let scaled: Vec<f64> = y.iter().map(|v| v / 1e300).collect();
        assert!(stl(&scaled, &opts).is_ok());
    }
}
