//! The periodogram, Fisher's g-test for a periodic component, and period detection.

use rustfft::num_complex::Complex;
use rustfft::FftPlanner;

/// A one-sided periodogram: `power[k]` at `frequency[k] = k / n` cycles per sample.
#[derive(Debug, Clone, PartialEq)]
pub struct Periodogram {
    /// Frequencies in cycles per sample, from 0 to the Nyquist frequency.
    pub frequency: Vec<f64>,
    /// Power spectral density at each frequency.
    pub power: Vec<f64>,
}

/// The periodogram as `scipy.signal.periodogram(x)` computes it by default: the mean is
/// removed, a boxcar window, density scaling with a sampling rate of 1, one-sided.
pub fn periodogram(x: &[f64]) -> Periodogram {
    let n = x.len();
    if n == 0 {
        return Periodogram {
            frequency: Vec::new(),
            power: Vec::new(),
        };
    }
    let mean = x.iter().sum::<f64>() / n as f64;
    let mut buf: Vec<Complex<f64>> = x.iter().map(|&v| Complex::new(v - mean, 0.0)).collect();
    let fft = FftPlanner::<f64>::new().plan_fft_forward(n);
    fft.process(&mut buf);
    let half = n / 2 + 1;
    let scale = 1.0 / n as f64;
    let mut power: Vec<f64> = buf
        .iter()
        .take(half)
        .map(|c| c.norm_sqr() * scale)
        .collect();
    // Fold the negative frequencies in: every bin but DC (and Nyquist for even n) doubles.
    let doubled_end = if n.is_multiple_of(2) {
        half.saturating_sub(1)
    } else {
        half
    };
    for p in power.iter_mut().take(doubled_end).skip(1) {
        *p *= 2.0;
    }
    let frequency = (0..half).map(|k| k as f64 / n as f64).collect();
    Periodogram { frequency, power }
}

/// Spectra longer than this use the asymptotic form of the g-test's p-value.
pub const G_TEST_EXACT_LIMIT: usize = 700;

/// The g statistic of a spectrum (its largest ordinate's share of the total power) and the
/// number of ordinates, leaving out the Nyquist one when `exclude_pi`; `None` when there is
/// no power to share.
fn peak_share(power: &[f64], exclude_pi: bool) -> Option<(f64, usize)> {
    let pxx = if exclude_pi {
        power.split_last().map(|(_, rest)| rest).unwrap_or(&[])
    } else {
        power
    };
    let n = pxx.len();
    let total: f64 = pxx.iter().sum();
    let max = pxx.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if n == 0 || total.is_nan() || total <= 0.0 || !max.is_finite() {
        return None;
    }
    Some((max / total, n))
}

/// Fisher's g-test that a spectrum is white noise against a single periodic component
/// (the form of GeneCycle's `fisher.g.test`). Returns `(g, p_value)`.
///
/// `exclude_pi` drops the last (Nyquist) ordinate, as is right for an even-length series.
/// A spectrum with no power at all has no periodic component: `g` is 0 and the p-value 1.
pub fn g_test(power: &[f64], exclude_pi: bool) -> (f64, f64) {
    let Some((g, n)) = peak_share(power, exclude_pi) else {
        return (0.0, 1.0);
    };
    let nf = n as f64;
    let p = if n > G_TEST_EXACT_LIMIT {
        1.0 - (1.0 - (-nf * g).exp()).powf(nf)
    } else {
        let upper = (1.0 / g).floor();
        let upper = if upper.is_finite() {
            upper.min(nf + 1.0) as usize
        } else {
            0
        };
        let mut sum = 0.0;
        for j in 1..upper {
            let sign = if j % 2 == 1 { 1.0 } else { -1.0 };
            sum += sign * (ln_binom(n, j) + (nf - 1.0) * (1.0 - j as f64 * g).ln()).exp();
        }
        sum
    };
    (g, p.min(1.0))
}

/// Fisher's g-test with a p-value that stays a probability: the exact alternating sum is
/// used only while it is numerically sound, otherwise the asymptotic form.
///
/// The exact sum's terms grow like `C(n, j)` when the peak is weak (`g` small, many
/// terms); they then cancel to far below their own rounding error and [`g_test`] can
/// return values outside [0, 1] (−1.3·10⁹ for two events in 981 bins). Here the sum is
/// kept only when no term exceeds 10⁸ and the result lies in [0, 1].
pub fn g_test_stable(power: &[f64], exclude_pi: bool) -> (f64, f64) {
    let Some((g, n)) = peak_share(power, exclude_pi) else {
        return (0.0, 1.0);
    };
    let nf = n as f64;
    let asymptotic = || -(nf * (-(-nf * g).exp()).ln_1p()).exp_m1();
    if n > G_TEST_EXACT_LIMIT {
        return (g, asymptotic().clamp(0.0, 1.0));
    }
    let upper = (1.0 / g).floor();
    let upper = if upper.is_finite() {
        upper.min(nf + 1.0) as usize
    } else {
        0
    };
    let mut sum = 0.0;
    let mut largest = 0.0f64;
    for j in 1..upper {
        let sign = if j % 2 == 1 { 1.0 } else { -1.0 };
        let term = (ln_binom(n, j) + (nf - 1.0) * (1.0 - j as f64 * g).ln()).exp();
        largest = largest.max(term);
        sum += sign * term;
    }
    if largest <= 1e8 && (0.0..=1.0).contains(&sum) {
        (g, sum)
    } else {
        (g, asymptotic().clamp(0.0, 1.0))
    }
}

/// `ln C(n, k)`: exact products for small `k` (as scipy's `binom` does), log-gamma beyond.
fn ln_binom(n: usize, k: usize) -> f64 {
    let k = k.min(n.saturating_sub(k));
    if k < 20 {
        let mut num = 1.0f64;
        let mut den = 1.0f64;
        for i in 1..=k {
            num *= (i + n - k) as f64;
            den *= i as f64;
            if num.abs() > 1e50 {
                num /= den;
                den = 1.0;
            }
        }
        (num / den).ln()
    } else {
        libm::lgamma(n as f64 + 1.0)
            - libm::lgamma(k as f64 + 1.0)
            - libm::lgamma((n - k) as f64 + 1.0)
    }
}

/// Candidate seasonal periods of `y`, strongest first, from the peaks of the periodogram
/// of the linearly detrended series. Only periods from 2 samples to a third of the series
/// (so that STL sees at least three cycles) are considered, low harmonics of a stronger
/// period are skipped, and at most `max_count` come back.
pub fn detect_periods(y: &[f64], max_count: usize) -> Vec<usize> {
    let n = y.len();
    if n < 6 || max_count == 0 {
        return Vec::new();
    }
    // Least-squares line through the points, removed so a trend does not swamp the spectrum.
    let nf = n as f64;
    let mean_x = (nf - 1.0) / 2.0;
    let mean_y = y.iter().sum::<f64>() / nf;
    let (mut sxy, mut sxx) = (0.0, 0.0);
    for (i, v) in y.iter().enumerate() {
        let dx = i as f64 - mean_x;
        sxy += dx * (v - mean_y);
        sxx += dx * dx;
    }
    let slope = if sxx > 0.0 { sxy / sxx } else { 0.0 };
    let detrended: Vec<f64> = y
        .iter()
        .enumerate()
        .map(|(i, v)| v - mean_y - slope * (i as f64 - mean_x))
        .collect();
    let pg = periodogram(&detrended);
    let total: f64 = pg.power.iter().skip(1).sum();
    if total.is_nan() || total <= 0.0 {
        return Vec::new();
    }
    let mut peaks: Vec<(f64, usize)> = Vec::new();
    let min_k = 3;
    for (k, w) in pg.power.windows(3).enumerate() {
        let k = k + 1;
        if let [before, here, after] = *w {
            if k >= min_k && here > before && here >= after && here > 0.0 {
                let period = (nf / k as f64).round() as usize;
                if period >= 2 {
                    peaks.push((here, period));
                }
            }
        }
    }
    peaks.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut out: Vec<usize> = Vec::new();
    for (power, period) in peaks {
        // Ignore peaks that are lost in the noise floor: under 1% of the spectrum.
        if power < 0.01 * total {
            break;
        }
        // A 2nd to 6th harmonic of a stronger period is that period's shape, not a cycle
        // of its own (84 h next to 168 h); higher multiples (24 h in 168 h) are kept.
        let harmonic = out.iter().any(|&q| {
            let ratio = q as f64 / period as f64;
            let k = ratio.round();
            (2.0..=6.0).contains(&k) && (ratio - k).abs() <= 0.05 * k
        });
        if !harmonic && !out.contains(&period) {
            out.push(period);
        }
        if out.len() >= max_count {
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn g_test_matches_the_published_values() {
        let pxx = [10.0, 60.0, 20.0, 30.0, 40.0, 10.0, 10.0, 10.0];
        let (_, p) = g_test(&pxx, true);
        assert!((p - 0.5857339).abs() < 5e-8, "{p}");
        let (_, p) = g_test(&pxx, false);
        assert!((p - 0.5357916).abs() < 5e-8, "{p}");
        let long: Vec<f64> = pxx.iter().copied().cycle().take(1600).collect();
        assert_eq!(g_test(&long, true).1, 1.0);
        assert_eq!(g_test(&long, false).1, 1.0);
        assert_eq!(g_test(&[0.0; 10], false), (0.0, 1.0));
        assert!((g_test_stable(&pxx, true).1 - 0.5857339).abs() < 5e-8);
    }

    #[test]
    fn stable_g_test_stays_a_probability_where_the_exact_sum_breaks_down() {
        // Two events far apart: a weak, broad spectrum with hundreds of huge terms.
        let mut counts = vec![0.0; 981];
        counts[0] = 1.0;
        counts[980] = 1.0;
        let mean = 2.0 / 981.0;
        let counts: Vec<f64> = counts.iter().map(|c| c - mean).collect();
        let pg = periodogram(&counts);
        let (_, raw) = g_test(&pg.power, false);
        let (_, p) = g_test_stable(&pg.power, false);
        assert!(!(0.0..=1.0).contains(&raw), "{raw}");
        assert!((0.0..=1.0).contains(&p) && p > 0.5, "{p}");
    }

    #[test]
    fn periodogram_scales_like_scipy() {
        // scipy.signal.periodogram([1, 2, 3, 4]) -> [0, 4, 1]
        let p = periodogram(&[1.0, 2.0, 3.0, 4.0]);
        assert_eq!(p.frequency, vec![0.0, 0.25, 0.5]);
        let want = [0.0, 4.0, 1.0];
        for (a, b) in p.power.iter().zip(want) {
            assert!((a - b).abs() < 1e-12, "{a} vs {b}");
        }
        // Odd length: [1, 0, 0] -> [0, 2/3]
        let p = periodogram(&[1.0, 0.0, 0.0]);
        assert_eq!(p.power.len(), 2);
        for (a, b) in p.power.iter().zip([0.0, 2.0 / 3.0]) {
            assert!((a - b).abs() < 1e-12);
        }
    }

    #[test]
    fn detects_daily_and_weekly_periods() {
        let y: Vec<f64> = (0..24 * 7 * 4)
            .map(|t| {
                let t = t as f64;
                0.01 * t
                    + 5.0 * (2.0 * std::f64::consts::PI * t / 24.0).sin()
                    + 8.0 * (2.0 * std::f64::consts::PI * t / 168.0).sin()
            })
            .collect();
        let p = detect_periods(&y, 2);
        assert_eq!(p.len(), 2);
        assert!(p.contains(&24) && p.contains(&168), "{p:?}");
        assert!(detect_periods(&[3.0; 100], 2).is_empty());
    }
}
