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

/// `out[j] = Σ kernel[t] · y[j + t]`, each output summing its taps in window order (as
/// the pointwise estimate does, so that the results are the same to the bit), taps of
/// weight zero left out.
///
/// Where the processor has AVX2, twice as many outputs are made per instruction. It has
/// no fused multiply-add here, so every product and sum is rounded as without it.
fn convolve(kernel: &[f64], y: &[f64], out: &mut [f64]) {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the processor has AVX2 (just checked), all that the function needs.
        unsafe { convolve_avx2(kernel, y, out) };
        return;
    }
    convolve_lanes::<16>(kernel, y, out);
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn convolve_avx2(kernel: &[f64], y: &[f64], out: &mut [f64]) {
    convolve_lanes::<32>(kernel, y, out);
}

/// [`convolve`], `LANES` outputs at a time with their sums held in registers, so the
/// taps pass over the input without the outputs being read and written back at every
/// tap.
#[inline(always)]
fn convolve_lanes<const LANES: usize>(kernel: &[f64], y: &[f64], out: &mut [f64]) {
    let span = kernel.len() + LANES - 1;
    let mut chunks = out.chunks_exact_mut(LANES);
    let mut first = 0;
    for chunk in &mut chunks {
        let Some(block) = y.get(first..first + span) else {
            break;
        };
        let mut sums = [0.0f64; LANES];
        for (&c, window) in kernel.iter().zip(block.windows(LANES)) {
            if c == 0.0 {
                continue;
            }
            if let Ok(window) = <&[f64; LANES]>::try_from(window) {
                for (sum, &v) in sums.iter_mut().zip(window) {
                    *sum += c * v;
                }
            }
        }
        chunk.copy_from_slice(&sums);
        first += LANES;
    }
    for (k, o) in chunks.into_remainder().iter_mut().enumerate() {
        let mut sum = 0.0;
        let window = y.get(first + k..).unwrap_or_default();
        for (&c, &v) in kernel.iter().zip(window) {
            if c != 0.0 {
                sum += c * v;
            }
        }
        *o = sum;
    }
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
        if fast {
            // The window is centred on every point but the first and last `half`, where
            // it rests against the ends: only those are estimated one by one.
            for i in (0..half).chain(n - half..n) {
                let (nleft, nright) = if i < half { (1, len) } else { (n - len + 1, n) };
                let v = estimate(i, nleft, nright, tri);
                put(ys, i, v);
            }
        } else {
            let nsh = (len + 2) / 2;
            nleft = 1;
            nright = len;
            for i in 0..n {
                if i + 1 > nsh && nright != n {
                    nleft += 1;
                    nright += 1;
                }
                let v = estimate(i, nleft, nright, tri);
                put(ys, i, v);
            }
        }
        if fast && n >= len {
            let kernel = interior_kernel(len, ideg, n, tri);
            let count = n - 2 * half;
            if let (Some(out), Some(src)) = (ys.get_mut(half..half + count), y.get(..n)) {
                convolve(&kernel, src, out);
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
    // Written into place rather than pushed, so the loop keeps the vector in registers.
    ave.resize(x.len() - len + 1, 0.0);
    let Some((head, rest)) = ave.split_first_mut() else {
        return;
    };
    *head = v / flen;
    for (out, (add, sub)) in rest.iter_mut().zip(x.iter().skip(len).zip(x.iter())) {
        v += add - sub;
        *out = v / flen;
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
    fn convolution_sums_each_window_in_order_to_the_bit() {
        let y: Vec<f64> = (0..203)
            .map(|i| ((i * 7919) % 101) as f64 * 0.37 - 11.0)
            .collect();
        for taps in [3usize, 7, 25, 47] {
            let mut kernel: Vec<f64> = (0..taps).map(|t| 1.0 / (t as f64 + 1.3)).collect();
            kernel[taps / 3] = 0.0;
            let count = y.len() - taps + 1;
            let naive: Vec<f64> = (0..count)
                .map(|j| {
                    let mut sum = 0.0;
                    for (t, &c) in kernel.iter().enumerate() {
                        if c != 0.0 {
                            sum += c * y[j + t];
                        }
                    }
                    sum
                })
                .collect();
            let mut out = vec![f64::NAN; count];
            convolve(&kernel, &y, &mut out);
            assert_eq!(out, naive, "{taps} taps");
            let mut plain = vec![f64::NAN; count];
            convolve_lanes::<16>(&kernel, &y, &mut plain);
            assert_eq!(plain, naive, "{taps} taps, 16 lanes");
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
