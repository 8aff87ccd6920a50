//! A session mapped onto a model, and the likelihoods of its windows: the whole session,
//! every sliding window, and the rarest window of each length.
//!
//! The multiplications run in MSTICPy's order, so every likelihood is bit-for-bit the
//! one MSTICPy computes.

use serde::Serialize;

use crate::options::{Compat, ScoreOptions};
use crate::session::{Command, Params, END_TOKEN};

/// The rarest window of a session.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RarestWindow {
    /// The index of the window's first command in the session.
    pub start: usize,
    /// How many commands the window holds, the end token included when it is part of it.
    /// With compat `msticpy` the end token is never counted, so a window that ends in it
    /// comes back one command short (quirk Q-S1).
    pub len: usize,
    /// Whether the window's last command is the end token.
    pub ends_with_end_token: bool,
    /// The window's likelihood.
    pub likelihood: f64,
}

impl RarestWindow {
    /// The window's commands, taken from the session it was found in. A window that ends
    /// in the end token ends with a command named `##END##`.
    pub fn commands(&self, session: &[Command]) -> Vec<Command> {
        let real = self
            .len
            .saturating_sub(usize::from(self.ends_with_end_token));
        let end = self.start.saturating_add(real).min(session.len());
        let mut out: Vec<Command> = session
            .get(self.start.min(end)..end)
            .map(<[Command]>::to_vec)
            .unwrap_or_default();
        if self.ends_with_end_token {
            let params = match session.first().map(|c| &c.params) {
                Some(Params::Set(_)) => Params::Set(Vec::new()),
                Some(Params::Values(_)) => Params::Values(Vec::new()),
                _ => Params::None,
            };
            out.push(Command {
                name: END_TOKEN.to_string(),
                params,
            });
        }
        out
    }
}

/// A session mapped onto the model: every factor its windows multiply, looked up once.
///
/// One is reused from session to session, so scoring allocates nothing per session. After
/// [`Model::factors`](super::Model::factors) every per-position vector has `len + 1`
/// entries: position `len` is the end token.
#[derive(Debug, Default)]
pub(super) struct Encoded {
    pub(super) cmds: Vec<u32>,
    /// The parameter likelihood of each command (1 for the end token).
    pub(super) pv: Vec<f64>,
    /// `prior(c_i) · pv_i`: the first factor of a window starting at `i` without the start
    /// token (`prior(END)` for the end token).
    pub(super) prior: Vec<f64>,
    /// `trans(c_{i-1}, c_i)`, with `c_{-1}` the start token (`trans(c_last, END)` for the
    /// end token).
    pub(super) step: Vec<f64>,
    /// The first factor of the window at 0 with the start token: `trans(START, c_0) · pv_0`
    /// (`trans(START, END)` for an empty session).
    pub(super) start: f64,
    pub(super) len: usize,
    /// Scratch: the likelihood of the window of the current length at each start.
    windows_at: Vec<f64>,
}

impl Encoded {
    pub(super) fn clear(&mut self) {
        self.cmds.clear();
        self.pv.clear();
        self.prior.clear();
        self.step.clear();
        self.len = 0;
    }

    /// The likelihood of positions `a..b` (`a < b ≤ len + 1`), with the start token in
    /// front when `use_start` (for `a == 0`).
    ///
    /// The multiplications run in MSTICPy's order, so results are bit-for-bit the same.
    fn product(&self, a: usize, b: usize, use_start: bool) -> f64 {
        let mut prob = if use_start {
            self.start
        } else {
            self.prior.get(a).copied().unwrap_or(f64::NAN)
        };
        let (Some(steps), Some(pvs)) = (self.step.get(a + 1..b), self.pv.get(a + 1..b)) else {
            return f64::NAN;
        };
        for (s, p) in steps.iter().zip(pvs) {
            prob *= s;
            prob *= p;
        }
        prob
    }

    /// The likelihood of the whole session (NaN when it is empty).
    pub(super) fn whole(&self, use_start: bool, use_end: bool) -> f64 {
        if self.len == 0 {
            return f64::NAN;
        }
        let mut prob = self.product(0, self.len, use_start);
        if use_end {
            prob *= self.step.get(self.len).copied().unwrap_or(f64::NAN);
        }
        prob
    }

    /// The likelihood of every window of `window` positions; the end token is one more
    /// position when `use_tokens`, and the start token applies to the first window only.
    pub(super) fn windows(&self, window: usize, use_tokens: bool, geo: bool) -> Vec<f64> {
        let n = self.len + usize::from(use_tokens);
        if window == 0 || window > n {
            return Vec::new();
        }
        let inv = 1.0 / window as f64;
        (0..=n - window)
            .map(|i| {
                let lik = self.product(i, i + window, use_tokens && i == 0);
                if geo {
                    lik.powf(inv)
                } else {
                    lik
                }
            })
            .collect()
    }

    /// The rarest window of each length in `windows`, handed to `found` with the index of
    /// the length in `windows` (`None` when the session is shorter).
    ///
    /// The windows of length `w` at each start are those of length `w - 1` times one more
    /// transition and parameter likelihood: the same multiplications in the same order as
    /// [`Encoded::product`], so the results are bit-for-bit the same, with one pass over
    /// the session per length.
    pub(super) fn rarest_each(
        &mut self,
        windows: &[usize],
        options: &ScoreOptions,
        mut found: impl FnMut(usize, Option<RarestWindow>),
    ) {
        let use_tokens = options.use_start_end_tokens;
        let n = self.len + usize::from(use_tokens);
        let longest = windows
            .iter()
            .copied()
            .filter(|w| *w >= 1 && *w <= n)
            .max()
            .unwrap_or(0);
        for (k, w) in windows.iter().enumerate() {
            if *w == 0 || *w > longest {
                found(k, None);
            }
        }
        if longest == 0 {
            return;
        }
        let mut cur = std::mem::take(&mut self.windows_at);
        cur.clear();
        cur.extend_from_slice(self.prior.get(..n).unwrap_or(&[]));
        if use_tokens {
            if let Some(first) = cur.first_mut() {
                *first = self.start;
            }
        }
        for w in 1..=longest {
            let starts = n + 1 - w;
            if w > 1 {
                let (Some(steps), Some(pvs)) = (self.step.get(w - 1..n), self.pv.get(w - 1..n))
                else {
                    break;
                };
                for ((l, s), p) in cur.iter_mut().take(starts).zip(steps).zip(pvs) {
                    *l *= s;
                    *l *= p;
                }
            }
            for (k, _) in windows.iter().enumerate().filter(|(_, x)| **x == w) {
                let liks = cur.get(..starts).unwrap_or(&[]);
                found(k, self.rarest_of(liks, w, options));
            }
        }
        self.windows_at = cur;
    }

    /// The rarest of the windows of length `window` whose likelihoods are `liks`.
    fn rarest_of(
        &self,
        liks: &[f64],
        window: usize,
        options: &ScoreOptions,
    ) -> Option<RarestWindow> {
        let (first, rest) = liks.split_first()?;
        let mut start = 0;
        let mut likelihood = *first;
        // Two loops rather than a test inside one: the compiler would otherwise compute
        // the power for every window and throw it away when it is not wanted.
        if options.geo_mean {
            let inv = 1.0 / window as f64;
            likelihood = likelihood.powf(inv);
            for (i, l) in rest.iter().enumerate() {
                let l = l.powf(inv);
                // Like Python's `min`: the first window wins ties.
                if l < likelihood {
                    likelihood = l;
                    start = i + 1;
                }
            }
        } else {
            for (i, l) in rest.iter().enumerate() {
                if *l < likelihood {
                    likelihood = *l;
                    start = i + 1;
                }
            }
        }
        Some(self.rarest_window_at(start, window, likelihood, options))
    }

    fn rarest_window_at(
        &self,
        start: usize,
        window: usize,
        likelihood: f64,
        options: &ScoreOptions,
    ) -> RarestWindow {
        let end = start.saturating_add(window);
        let ends_with_end_token = end > self.len;
        let len = match options.compat {
            Compat::Huntkit => window,
            Compat::Msticpy => end.min(self.len).saturating_sub(start),
        };
        RarestWindow {
            start,
            len,
            ends_with_end_token: ends_with_end_token && options.compat == Compat::Huntkit,
            likelihood,
        }
    }

    /// The rarest window of `window` positions.
    pub(super) fn rarest(&self, window: usize, options: &ScoreOptions) -> Option<RarestWindow> {
        let use_tokens = options.use_start_end_tokens;
        let n = self.len + usize::from(use_tokens);
        if window == 0 || window > n {
            return None;
        }
        let mut start = 0;
        let mut likelihood = self.product(0, window, use_tokens);
        // Two loops rather than a test inside one: the compiler would otherwise compute
        // the power for every window and throw it away when it is not wanted.
        if options.geo_mean {
            let inv = 1.0 / window as f64;
            likelihood = likelihood.powf(inv);
            for i in 1..=n - window {
                let l = self.product(i, i + window, false).powf(inv);
                // Like Python's `min`: the first window wins ties.
                if l < likelihood {
                    likelihood = l;
                    start = i;
                }
            }
        } else {
            for i in 1..=n - window {
                let l = self.product(i, i + window, false);
                if l < likelihood {
                    likelihood = l;
                    start = i;
                }
            }
        }
        Some(self.rarest_window_at(start, window, likelihood, options))
    }
}
