//! Scoring sessions against a model: each session's likelihood, geometric mean and
//! rarest window, for one window length or several in one pass.
//!
//! Commands, parameters and values never seen in training score through the unknown
//! token. Each session is mapped onto the model once (see `windows`), and a command's
//! parameter likelihood is worked out once per distinct command and parameters.

use rustc_hash::FxHashMap;
use serde::Serialize;

use super::windows::{Encoded, RarestWindow};
use super::{Model, END, START, UNK, UNSEEN};
use crate::error::{Error, Result};
use crate::options::{ModelOptions, ScoreOptions};
use crate::session::{Command, Params, SessionForm};

/// The scores of one session.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionScore {
    /// The likelihood of the whole session (NaN, shown as null, for an empty session).
    pub likelihood: f64,
    /// `likelihood ^ (1 / number of commands)`.
    pub geomean: f64,
    /// The rarest window, or `None` when the session is shorter than the window.
    pub rarest_window: Option<RarestWindow>,
}

impl SessionScore {
    /// The rarest window's likelihood, NaN when the session is shorter than the window.
    pub fn rarest_likelihood(&self) -> f64 {
        self.rarest_window
            .as_ref()
            .map_or(f64::NAN, |w| w.likelihood)
    }
}

/// The scores of a set of sessions.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Scores {
    /// One score per session, in input order.
    pub sessions: Vec<SessionScore>,
    /// How many sessions were shorter than the window and got no rarest window.
    pub too_short: usize,
}

/// The most parameter likelihoods [`PvMemo`] keeps.
const PV_MEMO_MAX: usize = 1 << 16;

/// Parameter likelihoods already computed, keyed by the command and its parameters (with
/// the values that are modelled). Sessions repeat the same commands with the same
/// parameters over and over: each combination is worked out once.
#[derive(Debug, Default)]
struct PvMemo {
    map: FxHashMap<Box<[u32]>, f64>,
    key: Vec<u32>,
}

impl PvMemo {
    /// The same as `model.params_likelihood(c, params, true)`.
    fn get(&mut self, model: &Model, c: u32, params: &[(u32, Option<u32>)]) -> f64 {
        if params.is_empty() || model.form == SessionForm::Commands {
            return 1.0;
        }
        // Only the values of modelled parameters count: the others are left out of the key.
        let values = model.form == SessionForm::Values;
        self.key.clear();
        self.key.push(c);
        for (p, v) in params {
            let modelled = values && model.modellable.get(*p as usize).copied().unwrap_or(false);
            self.key.push(*p);
            self.key.push(if modelled {
                v.unwrap_or(UNSEEN)
            } else {
                UNSEEN
            });
        }
        if let Some(x) = self.map.get(self.key.as_slice()) {
            return *x;
        }
        let x = model.params_likelihood(c, params, true);
        if self.map.len() < PV_MEMO_MAX {
            self.map.insert(self.key.as_slice().into(), x);
        }
        x
    }
}

impl Model {
    /// Train a model and score the same sessions with it, once per window length — the
    /// work of MSTICPy's `Model.train()` + `compute_scores()`. The sessions are read once:
    /// scoring reuses the ids training gave them.
    pub fn train_and_score(
        sessions: &[Vec<Command>],
        options: &ModelOptions,
        windows: &[usize],
        score: &ScoreOptions,
    ) -> Result<(Model, Vec<Scores>)> {
        let mut out = scores_for_windows(windows, score, sessions.len())?;
        let form = Self::check_sessions(sessions, options)?;
        let mut model = Self::train_recording(sessions, form, options, true)?;
        let record = model.counts.record.take().unwrap_or_default();
        let mut e = Encoded::default();
        let mut memo = PvMemo::default();
        let mut cmd_start = 0usize;
        let mut param_start = 0usize;
        for end in &record.session_ends {
            e.clear();
            let cmds = record.cmds.get(cmd_start..*end).unwrap_or(&[]);
            let ends = record.param_ends.get(cmd_start..*end).unwrap_or(&[]);
            for (c, pe) in cmds.iter().zip(ends) {
                let params = record.params.get(param_start..*pe).unwrap_or(&[]);
                param_start = *pe;
                e.pv.push(memo.get(&model, *c, params));
                e.cmds.push(*c);
            }
            cmd_start = *end;
            model.factors(&mut e);
            model.score_one(&mut e, windows, score, &mut out);
        }
        Ok((model, out))
    }

    /// The likelihood of a command's parameters (and modelled values) given the command.
    fn params_likelihood(&self, c: u32, params: &[(u32, Option<u32>)], geo: bool) -> f64 {
        if params.is_empty() || self.form == SessionForm::Commands {
            return 1.0;
        }
        let row_id = if self.present(c) { c } else { UNK };
        let row = match self.param_rows.get(row_id as usize) {
            Some(r) => r,
            None => return 1.0,
        };
        let mut lik = 1.0f64;
        let mut num = 0usize;
        for (p, q) in row {
            match params.binary_search_by_key(p, |x| x.0) {
                Ok(i) => {
                    lik *= q;
                    if self.form == SessionForm::Values
                        && self.modellable.get(*p as usize).copied().unwrap_or(false)
                    {
                        num += 1;
                        let v = params.get(i).and_then(|x| x.1);
                        lik *= self.value_cond(*p, v);
                    }
                }
                Err(_) => lik *= 1.0 - q,
            }
        }
        if geo {
            let k = row.len() + num;
            if k > 0 {
                lik = lik.powf(1.0 / k as f64);
            }
        }
        lik
    }

    fn encode_params(&self, params: &Params) -> Vec<(u32, Option<u32>)> {
        let mut out = Vec::new();
        self.encode_params_into(params, &mut out);
        out
    }

    fn encode_params_into(&self, params: &Params, out: &mut Vec<(u32, Option<u32>)>) {
        out.clear();
        match params {
            Params::None => {}
            Params::Set(names) => out.extend(
                names
                    .iter()
                    .map(|n| (self.counts.params.id(n).unwrap_or(UNSEEN), None)),
            ),
            Params::Values(pairs) => out.extend(pairs.iter().map(|(n, v)| {
                let pid = self.counts.params.id(n).unwrap_or(UNSEEN);
                // Values are looked up only where they are modelled.
                let modelled = self.modellable.get(pid as usize).copied().unwrap_or(false);
                let vid = if modelled {
                    v.as_deref().and_then(|v| self.counts.values.id(v))
                } else {
                    None
                };
                (pid, vid)
            })),
        }
        // Unseen parameters contribute nothing but still make the set non-empty.
        out.sort_unstable_by_key(|x| x.0);
    }

    /// Maps a session onto the model into `e`.
    fn encode_into(
        &self,
        session: &[Command],
        e: &mut Encoded,
        params: &mut Vec<(u32, Option<u32>)>,
        memo: &mut PvMemo,
    ) {
        e.clear();
        for cmd in session {
            let c = self.counts.cmds.id(&cmd.name).unwrap_or(UNK);
            let p = if self.form == SessionForm::Commands {
                1.0
            } else {
                self.encode_params_into(&cmd.params, params);
                memo.get(self, c, params)
            };
            e.pv.push(p);
            e.cmds.push(c);
        }
        self.factors(e);
    }

    fn encode(&self, session: &[Command]) -> Encoded {
        let mut e = Encoded::default();
        self.encode_into(session, &mut e, &mut Vec::new(), &mut PvMemo::default());
        e
    }

    /// Every probability a window needs, looked up once per command: fills the factors of
    /// `e` from its commands and parameter likelihoods.
    fn factors(&self, e: &mut Encoded) {
        e.len = e.cmds.len();
        e.prior.clear();
        e.step.clear();
        let mut prev = START;
        for (c, p) in e.cmds.iter().zip(&e.pv) {
            e.prior.push(self.prior(*c) * p);
            e.step.push(self.trans(prev, *c));
            prev = *c;
        }
        e.start = match (e.cmds.first(), e.pv.first()) {
            (Some(c), Some(p)) => self.trans(START, *c) * p,
            _ => self.trans(START, END),
        };
        e.prior.push(self.prior(END));
        e.step.push(self.trans(prev, END));
        e.pv.truncate(e.len);
        e.pv.push(1.0);
    }

    /// The likelihood of a window of commands.
    ///
    /// An empty window has likelihood NaN.
    pub fn window_likelihood(&self, window: &[Command], use_start: bool, use_end: bool) -> f64 {
        self.encode(window).whole(use_start, use_end)
    }

    /// The likelihood of a whole session, with the start and end tokens when asked.
    pub fn session_likelihood(&self, session: &[Command], use_start_end_tokens: bool) -> f64 {
        self.window_likelihood(session, use_start_end_tokens, use_start_end_tokens)
    }

    /// The likelihood of a command's parameters given the command (1 for no parameters).
    pub fn params_likelihood_of(&self, command: &Command, geo_mean: bool) -> f64 {
        let c = self.counts.cmds.id(&command.name).unwrap_or(UNK);
        let params = self.encode_params(&command.params);
        self.params_likelihood(c, &params, geo_mean)
    }

    /// The likelihoods of every sliding window of `window` commands in a session.
    ///
    /// With the tokens, the end token is appended to the session as one more command and
    /// the start token applies to the first window only.
    pub fn window_likelihoods(
        &self,
        session: &[Command],
        window: usize,
        use_start_end_tokens: bool,
        geo_mean: bool,
    ) -> Vec<f64> {
        self.encode(session)
            .windows(window, use_start_end_tokens, geo_mean)
    }

    /// The rarest window of a session, or `None` when the session is shorter than the window.
    pub fn rarest_window(
        &self,
        session: &[Command],
        options: &ScoreOptions,
    ) -> Option<RarestWindow> {
        self.encode(session).rarest(options.window, options)
    }

    /// Score sessions: whole-session likelihood, geometric mean and rarest window.
    ///
    /// Commands, parameters and values not seen in training score through the unknown
    /// token. Sessions shorter than the window get no rarest window and are counted.
    pub fn score(&self, sessions: &[Vec<Command>], options: &ScoreOptions) -> Result<Scores> {
        let mut all = self.score_windows(sessions, &[options.window], options)?;
        Ok(all.pop().unwrap_or(Scores {
            sessions: Vec::new(),
            too_short: 0,
        }))
    }

    /// Score sessions once per window length (as MSTICPy's `compute_scores` does for 2
    /// and 3), looking every probability up only once.
    pub fn score_windows(
        &self,
        sessions: &[Vec<Command>],
        windows: &[usize],
        options: &ScoreOptions,
    ) -> Result<Vec<Scores>> {
        let mut out = scores_for_windows(windows, options, sessions.len())?;
        let mut e = Encoded::default();
        let mut params = Vec::new();
        let mut memo = PvMemo::default();
        for session in sessions {
            self.encode_into(session, &mut e, &mut params, &mut memo);
            self.score_one(&mut e, windows, options, &mut out);
        }
        Ok(out)
    }

    fn score_one(
        &self,
        e: &mut Encoded,
        windows: &[usize],
        options: &ScoreOptions,
        out: &mut [Scores],
    ) {
        let use_tokens = options.use_start_end_tokens;
        let likelihood = e.whole(use_tokens, use_tokens);
        let geomean = if e.len == 0 {
            f64::NAN
        } else {
            likelihood.powf(1.0 / e.len as f64)
        };
        e.rarest_each(windows, options, |k, rarest| {
            if let Some(scores) = out.get_mut(k) {
                if rarest.is_none() {
                    scores.too_short += 1;
                }
                scores.sessions.push(SessionScore {
                    likelihood,
                    geomean,
                    rarest_window: rarest,
                });
            }
        });
    }
}

pub(crate) fn check_window(options: &ScoreOptions) -> Result<()> {
    if options.window == 0 {
        return Err(Error::InvalidOption {
            option: "window",
            detail: "the window must hold at least one command".into(),
        });
    }
    if options.window > options.max_window {
        return Err(Error::LimitExceeded {
            what: format!("window {}", options.window),
            limit: options.max_window as u64,
            option: "maxWindow",
        });
    }
    Ok(())
}

/// Checks every window length, and makes an empty list of scores for each.
fn scores_for_windows(
    windows: &[usize],
    options: &ScoreOptions,
    sessions: usize,
) -> Result<Vec<Scores>> {
    for w in windows {
        check_window(&ScoreOptions {
            window: *w,
            ..options.clone()
        })?;
    }
    Ok(windows
        .iter()
        .map(|_| Scores {
            sessions: Vec::with_capacity(sessions),
            too_short: 0,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memoised_parameter_likelihoods_are_the_computed_ones() {
        let mut sessions = Vec::new();
        for i in 0..40 {
            let v = ["a", "b"][i % 2];
            sessions.push(vec![
                Command::with_values(
                    "Set-User",
                    [("Identity", format!("u{i}")), ("Force", v.into())],
                ),
                Command::with_values("Set-User", [("Force", v), ("City", "x")]),
                Command::with_values("Get-User", [("Identity", "u1")]),
            ]);
        }
        let m = Model::train(&sessions, &ModelOptions::default()).unwrap();
        assert_eq!(m.modellable_params().unwrap(), vec!["City", "Force"]);
        let mut memo = PvMemo::default();
        let mut params = Vec::new();
        for _ in 0..2 {
            for cmd in sessions.iter().flatten() {
                let c = m.counts.cmds.id(&cmd.name).unwrap_or(UNK);
                m.encode_params_into(&cmd.params, &mut params);
                let direct = m.params_likelihood(c, &params, true);
                assert_eq!(memo.get(&m, c, &params).to_bits(), direct.to_bits());
            }
        }
        // Identity's values are not modelled, so they share entries: one per command,
        // parameter set and value of Force.
        assert_eq!(memo.map.len(), 5);
    }
}
