//! The LOESS smoother at the heart of STL (Cleveland et al. 1990), following the
//! reference implementation's window rules, tricube weights and degree-1 correction so
//! that results agree with statsmodels to rounding.
//!
//! Positions are 1-based as in the paper: `xs` is the abscissa being estimated and
//! `nleft..=nright` the window of observations used.

/// Tricube weights for one bandwidth `h`, tabulated by integer distance. Every window
/// in STL has integer bounds, so distances are integers and one table serves every
/// point that shares a bandwidth (all interior points do).
#[derive(Debug, Default)]
pub(crate) struct Tricube {
    h: f64,
    table: Vec<f64>,
}

impl Tricube {
    /// Tabulates weights for bandwidth `h` at distances `0..=max_r` (no distance in a
    /// window exceeds the window's own extent, however wide the bandwidth).
    fn set(&mut self, h: f64, max_r: usize) {
        if self.h == h && self.table.len() > max_r {
            return;
        }
        self.h = h;
        let h9 = 0.999 * h;
        let h1 = 0.001 * h;
        let size = if h.is_finite() && h >= 0.0 {
            (h as usize).min(max_r) + 1
        } else {
            0
        };
        self.table.clear();
        self.table.extend((0..size).map(|r| {
            let r = r as f64;
            if r <= h9 {
                if r <= h1 {
                    1.0
                } else {
                    let q = 1.0 - (r / h).powi(3);
                    q * q * q
                }
            } else {
                0.0
            }
        }));
    }

    #[inline]
    fn weight(&self, r: usize) -> f64 {
        self.table.get(r).copied().unwrap_or(0.0)
    }
}

/// One local regression estimate at `xs` from `y[nleft-1..nright]`; `None` when every
/// weight is zero (the caller then keeps the observation itself, as the reference does).
#[allow(clippy::too_many_arguments)]
pub(crate) fn est(
    y: &[f64],
    len: usize,
    ideg: u8,
    xs: i64,
    nleft: usize,
    nright: usize,
    rw: Option<&[f64]>,
    tri: &mut Tricube,
) -> Option<f64> {
    let n = y.len();
    let rng = n as f64 - 1.0;
    let left = nleft as i64;
    let right = nright as i64;
    let reach = (xs - left).max(right - xs);
    let mut h = reach as f64;
    if len > n {
        h += ((len - n) / 2) as f64;
    }
    tri.set(h, reach.unsigned_abs() as usize);
    let window = y.get(nleft.checked_sub(1)?..nright)?;
    let (mut sw, mut su, mut suu, mut sy, mut suy) = (0.0, 0.0, 0.0, 0.0, 0.0);
    let mut accumulate = |offset: usize, yv: f64, robustness: f64| {
        let u = left + offset as i64 - xs;
        let mut w = tri.weight(u.unsigned_abs() as usize);
        if w == 0.0 {
            return;
        }
        w *= robustness;
        let uf = u as f64;
        sw += w;
        su += w * uf;
        suu += w * uf * uf;
        sy += w * yv;
        suy += w * uf * yv;
    };
    match rw.and_then(|r| r.get(nleft - 1..nright)) {
        Some(weights) => {
            for (offset, (&yv, &r)) in window.iter().zip(weights).enumerate() {
                accumulate(offset, yv, r);
            }
        }
        None => {
            for (offset, &yv) in window.iter().enumerate() {
                accumulate(offset, yv, 1.0);
            }
        }
    }
    if sw <= 0.0 || sw.is_nan() {
        return None;
    }
    let mean_y = sy / sw;
    if h > 0.0 && ideg > 0 {
        // Weighted mean and variance of the abscissae relative to xs; the reference's
        // `b = xs - a` becomes `-mean_u` in these coordinates.
        let mean_u = su / sw;
        let var_u = suu / sw - mean_u * mean_u;
        if var_u.sqrt() > 0.001 * rng {
            let slope = -mean_u / var_u;
            return Some(mean_y + slope * (suy / sw - mean_u * mean_y));
        }
    }
    Some(mean_y)
}

/// The fixed filter that [`est`] applies at every interior point of an unweighted
/// smooth: the window is symmetric, so the weights do not depend on the position.
fn interior_kernel(len: usize, ideg: u8, n: usize, tri: &mut Tricube) -> Vec<f64> {
    let half = (len - 1) / 2;
    let h = half as f64;
    tri.set(h, half);
    let weights: Vec<f64> = (0..len).map(|t| tri.weight(t.abs_diff(half))).collect();
    let sw: f64 = weights.iter().sum();
    if sw <= 0.0 {
        return weights;
    }
    let mut kernel: Vec<f64> = weights.iter().map(|w| w / sw).collect();
    if h > 0.0 && ideg > 0 {
        let offsets = (0..len).map(|t| t as f64 - h);
        let mean_u: f64 = kernel.iter().zip(offsets.clone()).map(|(w, u)| w * u).sum();
        let var_u: f64 = kernel
            .iter()
            .zip(offsets.clone())
            .map(|(w, u)| w * (u - mean_u) * (u - mean_u))
            .sum();
        if var_u.sqrt() > 0.001 * (n as f64 - 1.0) {
            let slope = -mean_u / var_u;
            for (k, u) in kernel.iter_mut().zip(offsets) {
                *k *= slope * (u - mean_u) + 1.0;
            }
        }
    }
    kernel
}

#[inline]
fn put(s: &mut [f64], i: usize, v: f64) {
    if let Some(x) = s.get_mut(i) {
        *x = v;
    }
}

#[inline]
fn at(s: &[f64], i: usize) -> f64 {
    s.get(i).copied().unwrap_or(f64::NAN)
}

/// Smooths all of `y` into `ys` (same length) with bandwidth `len`, computing every
/// `njump`-th point and interpolating between them.
#[allow(clippy::too_many_arguments)]
pub(crate) fn ess(
    y: &[f64],
    len: usize,
    ideg: u8,
    njump: usize,
    rw: Option<&[f64]>,
    ys: &mut [f64],
    tri: &mut Tricube,
) {
    let n = y.len();
    if n == 0 || ys.len() < n {
        return;
    }
    if n < 2 {
        put(ys, 0, at(y, 0));
        return;
    }
    let newnj = njump.clamp(1, n - 1);
    let estimate = |i: usize, nleft: usize, nright: usize, tri: &mut Tricube| {
        est(y, len, ideg, i as i64 + 1, nleft, nright, rw, tri).unwrap_or(at(y, i))
    };
    let (mut nleft, mut nright);
    if len >= n {
        nleft = 1;
        nright = n;
        for i in (0..n).step_by(newnj) {
            let v = estimate(i, nleft, nright, tri);
            put(ys, i, v);
        }
    } else if newnj == 1 {
        // Interior points of an unweighted smooth with an odd window share one filter.
        let fast = rw.is_none() && !len.is_multiple_of(2);
        let half = (len - 1) / 2;
        let nsh = (len + 2) / 2;
        nleft = 1;
        nright = len;
        for i in 0..n {
            if i + 1 > nsh && nright != n {
                nleft += 1;
                nright += 1;
            }
            if fast && nright - (i + 1) == (i + 1) - nleft {
                continue;
            }
            let v = estimate(i, nleft, nright, tri);
            put(ys, i, v);
        }
        if fast && n >= len {
            let kernel = interior_kernel(len, ideg, n, tri);
            let count = n - 2 * half;
            // Blocks small enough to stay in cache while every tap of the filter passes
            // over them; each output still sums its taps in window order.
            const BLOCK: usize = 2048;
            for first in (0..count).step_by(BLOCK) {
                let size = BLOCK.min(count - first);
                let Some(out) = ys.get_mut(half + first..half + first + size) else {
                    break;
                };
                out.fill(0.0);
                for (t, &c) in kernel.iter().enumerate() {
                    if c == 0.0 {
                        continue;
                    }
                    if let Some(src) = y.get(first + t..first + t + size) {
                        for (o, &v) in out.iter_mut().zip(src) {
                            *o += c * v;
                        }
                    }
                }
            }
        }
        return;
    } else {
        let nsh = len.div_ceil(2);
        nleft = 1;
        nright = len;
        for i in (0..n).step_by(newnj) {
            if i + 1 < nsh {
                nleft = 1;
                nright = len;
            } else if i + 1 > n - nsh {
                nleft = n - len + 1;
                nright = n;
            } else {
                nleft = i + 1 - nsh + 1;
                nright = len + i + 1 - nsh;
            }
            let v = estimate(i, nleft, nright, tri);
            put(ys, i, v);
        }
    }
    if newnj == 1 {
        return;
    }
    let mut i = 0;
    while i < n - newnj {
        let start = at(ys, i);
        let delta = (at(ys, i + newnj) - start) / newnj as f64;
        for j in i..i + newnj {
            put(ys, j, start + delta * (j - i) as f64);
        }
        i += newnj;
    }
    let k = ((n - 1) / newnj) * newnj + 1;
    if k != n {
        // The reference reuses the last window of the loop for the final point.
        let v = est(y, len, ideg, n as i64, nleft, nright, rw, tri).unwrap_or(at(y, n - 1));
        put(ys, n - 1, v);
        if k != n - 1 {
            let start = at(ys, k - 1);
            let delta = (v - start) / (n - k) as f64;
            for j in k..n {
                put(ys, j, start + delta * (j + 1 - k) as f64);
            }
        }
    }
}

/// Moving average of width `len` over `x`, written into `ave` (length `x.len()-len+1`),
/// with the reference's running sum so rounding agrees.
pub(crate) fn moving_average(x: &[f64], len: usize, ave: &mut Vec<f64>) {
    ave.clear();
    if len == 0 || x.len() < len {
        return;
    }
    let flen = len as f64;
    let mut v: f64 = 0.0;
    for &value in x.iter().take(len) {
        v += value;
    }
    ave.push(v / flen);
    for (add, sub) in x.iter().skip(len).zip(x.iter()) {
        v += add - sub;
        ave.push(v / flen);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interior_kernel_matches_pointwise_estimate() {
        let y: Vec<f64> = (0..60)
            .map(|i| ((i * 37) % 11) as f64 + 0.25 * i as f64)
            .collect();
        let mut fast = vec![0.0; y.len()];
        let mut tri = Tricube::default();
        ess(&y, 7, 1, 1, None, &mut fast, &mut tri);
        let ones = vec![1.0; y.len()];
        let mut slow = vec![0.0; y.len()];
        ess(&y, 7, 1, 1, Some(&ones), &mut slow, &mut tri);
        for (a, b) in fast.iter().zip(&slow) {
            assert!((a - b).abs() < 1e-12, "{a} vs {b}");
        }
    }

    #[test]
    fn linear_data_is_reproduced_by_degree_one() {
        let y: Vec<f64> = (0..40).map(|i| 3.0 * i as f64 - 7.0).collect();
        let mut out = vec![0.0; y.len()];
        let mut tri = Tricube::default();
        ess(&y, 9, 1, 1, None, &mut out, &mut tri);
        for (a, b) in out.iter().zip(&y) {
            assert!((a - b).abs() < 1e-9);
        }
        ess(&y, 9, 1, 3, None, &mut out, &mut tri);
        for (a, b) in out.iter().zip(&y) {
            assert!((a - b).abs() < 1e-9);
        }
    }

    #[test]
    fn moving_average_is_running_mean() {
        let mut out = Vec::new();
        moving_average(&[1.0, 2.0, 3.0, 4.0, 5.0], 3, &mut out);
        assert_eq!(out, vec![2.0, 3.0, 4.0]);
        moving_average(&[1.0], 3, &mut out);
        assert!(out.is_empty());
    }
}
