//! Markov models of sessions: counting, smoothing, probabilities, scoring and persistence.
//!
//! A model keeps only the raw counts; smoothed counts and probabilities are derived from
//! them on demand with the same integer sums and the same single division MSTICPy does,
//! so every probability is bit-for-bit the one MSTICPy computes. The smoothing adds +1 to
//! every allowed pair of commands, which would make a dense matrix of n² cells; keeping
//! the +1 implicit keeps a model as small as its training data.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::options::{Compat, ModelOptions, ScoreOptions, Smoothing};
use crate::session::{Command, Params, SessionForm, END_TOKEN, START_TOKEN, UNK_TOKEN};

const START: u32 = 0;
const END: u32 = 1;
const UNK: u32 = 2;
/// The unknown parameter and the unknown value have id 0 in their vocabularies.
const P_UNK: u32 = 0;
/// A parameter never seen in training.
const UNSEEN: u32 = u32::MAX;
/// The most cells a dictionary export may hold (the transition table is n × n).
const MAX_EXPORT_CELLS: usize = 4_000_000;
/// Up to this many commands the transition probabilities are kept as a table (8 MB).
const DENSE_MAX_COMMANDS: usize = 1024;

/// The saved-model format name and version.
pub const MODEL_FORMAT: &str = "huntkit.sessions.model";
/// The version of the saved-model format this release writes; it reads this one and older.
pub const MODEL_VERSION: u32 = 1;

#[derive(Debug, Clone, Default)]
struct Vocab {
    names: Vec<String>,
    ids: FxHashMap<String, u32>,
}

impl Vocab {
    fn with(tokens: &[&str]) -> Self {
        let mut v = Vocab::default();
        for t in tokens {
            v.intern(t);
        }
        v
    }

    fn id(&self, name: &str) -> Option<u32> {
        self.ids.get(name).copied()
    }

    #[inline]
    fn intern(&mut self, name: &str) -> u32 {
        if let Some(id) = self.ids.get(name) {
            return *id;
        }
        // The vocabulary limit is checked long before ids could exceed u32.
        let id = u32::try_from(self.names.len()).unwrap_or(UNSEEN);
        self.names.push(name.to_string());
        self.ids.insert(name.to_string(), id);
        id
    }

    fn len(&self) -> usize {
        self.names.len()
    }

    fn name(&self, id: u32) -> &str {
        self.names.get(id as usize).map_or("", String::as_str)
    }
}

/// The most cells a count matrix keeps as a table before it switches to a hash map.
const DENSE_COUNT_CELLS: usize = 1 << 17;

/// A count matrix that remembers, per row, the order in which columns were first seen.
///
/// While the vocabularies are small the counts live in a table (one index per count);
/// past [`DENSE_COUNT_CELLS`] cells they move to a hash map keyed by the id pair.
#[derive(Debug, Clone, Default)]
struct RowCounts {
    /// `height` × `width` counts, row-major; empty once the counts are sparse.
    table: Vec<u64>,
    width: usize,
    height: usize,
    sparse: Option<FxHashMap<(u32, u32), u64>>,
    order: Vec<Vec<u32>>,
    totals: Vec<u64>,
}

impl RowCounts {
    /// Makes room in the table for `(r, c)`, or moves the counts to the hash map when the
    /// table would grow too large. Returns whether the table holds the cell.
    fn fit(&mut self, r: usize, c: usize) -> bool {
        if self.sparse.is_some() {
            return false;
        }
        if r < self.height && c < self.width {
            return true;
        }
        let height = self.height.max((r + 1).next_power_of_two()).max(8);
        let width = self.width.max((c + 1).next_power_of_two()).max(8);
        if height.saturating_mul(width) > DENSE_COUNT_CELLS {
            let mut map = FxHashMap::default();
            for (row, cols) in self.order.iter().enumerate() {
                for col in cols {
                    let n = self
                        .table
                        .get(row * self.width + *col as usize)
                        .copied()
                        .unwrap_or(0);
                    map.insert((row as u32, *col), n);
                }
            }
            self.sparse = Some(map);
            self.table = Vec::new();
            return false;
        }
        let mut table = vec![0u64; height * width];
        if self.width > 0 {
            for (new, old) in table.chunks_mut(width).zip(self.table.chunks(self.width)) {
                if let Some(dst) = new.get_mut(..old.len()) {
                    dst.copy_from_slice(old);
                }
            }
        }
        self.table = table;
        self.height = height;
        self.width = width;
        true
    }

    #[inline(always)]
    fn add(&mut self, row: u32, col: u32, by: u64) {
        let (r, c) = (row as usize, col as usize);
        if self.sparse.is_none() && r < self.height && c < self.width {
            if let (Some(cell), Some(total), Some(order)) = (
                self.table.get_mut(r * self.width + c),
                self.totals.get_mut(r),
                self.order.get_mut(r),
            ) {
                if *cell == 0 {
                    order.push(col);
                }
                *cell = cell.saturating_add(by);
                *total = total.saturating_add(by);
                return;
            }
        }
        self.add_slow(row, col, by);
    }

    #[inline(never)]
    fn add_slow(&mut self, row: u32, col: u32, by: u64) {
        let (r, c) = (row as usize, col as usize);
        if self.order.len() <= r {
            self.order.resize_with(r + 1, Vec::new);
            self.totals.resize(r + 1, 0);
        }
        let first = if self.fit(r, c) {
            match self.table.get_mut(r * self.width + c) {
                Some(cell) => {
                    let first = *cell == 0;
                    *cell = cell.saturating_add(by);
                    first
                }
                None => false,
            }
        } else {
            match self.sparse.as_mut() {
                Some(map) => {
                    let cell = map.entry((row, col)).or_insert(0);
                    let first = *cell == 0;
                    *cell = cell.saturating_add(by);
                    first
                }
                None => false,
            }
        };
        if first {
            if let Some(o) = self.order.get_mut(r) {
                o.push(col);
            }
        }
        if let Some(t) = self.totals.get_mut(r) {
            *t = t.saturating_add(by);
        }
    }

    fn get(&self, row: u32, col: u32) -> u64 {
        match &self.sparse {
            Some(map) => map.get(&(row, col)).copied().unwrap_or(0),
            None => {
                let (r, c) = (row as usize, col as usize);
                if r < self.height && c < self.width {
                    self.table.get(r * self.width + c).copied().unwrap_or(0)
                } else {
                    0
                }
            }
        }
    }

    fn row(&self, row: u32) -> &[u32] {
        self.order.get(row as usize).map_or(&[], Vec::as_slice)
    }

    fn total(&self, row: u32) -> u64 {
        self.totals.get(row as usize).copied().unwrap_or(0)
    }

    fn cells(&self) -> usize {
        self.order.iter().map(Vec::len).sum()
    }

    fn triples(&self) -> Vec<[u64; 3]> {
        let mut out = Vec::with_capacity(self.cells());
        for (r, cols) in self.order.iter().enumerate() {
            for c in cols {
                out.push([r as u64, u64::from(*c), self.get(r as u32, *c)]);
            }
        }
        out
    }
}

fn bump(v: &mut Vec<u64>, id: u32) {
    let i = id as usize;
    if v.len() <= i {
        v.resize(i + 1, 0);
    }
    if let Some(x) = v.get_mut(i) {
        *x = x.saturating_add(1);
    }
}

/// Raw counts of a set of sessions.
#[derive(Debug, Clone)]
struct Counts {
    sessions: u64,
    cmds: Vocab,
    seq1: Vec<u64>,
    seq2: RowCounts,
    params: Vocab,
    param: Vec<u64>,
    cmd_param: RowCounts,
    values: Vocab,
    value: Vec<u64>,
    param_value: RowCounts,
    /// Scratch: the parameters already counted for the current command.
    seen: Vec<u32>,
    /// The training sessions as ids, kept when they are to be scored right after training.
    record: Option<Recorded>,
}

/// Sessions as vocabulary ids: scoring them again needs no string lookups.
#[derive(Debug, Clone, Default)]
struct Recorded {
    cmds: Vec<u32>,
    /// Per command: the end of its parameters in `params`.
    param_ends: Vec<usize>,
    /// Each command's parameters and values, sorted by parameter id.
    params: Vec<(u32, Option<u32>)>,
    /// Per session: the end of its commands in `cmds`.
    session_ends: Vec<usize>,
}

impl Counts {
    fn new() -> Self {
        Counts {
            sessions: 0,
            cmds: Vocab::with(&[START_TOKEN, END_TOKEN, UNK_TOKEN]),
            seq1: vec![0; 3],
            seq2: RowCounts::default(),
            params: Vocab::with(&[UNK_TOKEN]),
            param: vec![0],
            cmd_param: RowCounts::default(),
            values: Vocab::with(&[UNK_TOKEN]),
            value: vec![0],
            param_value: RowCounts::default(),
            seen: Vec::new(),
            record: None,
        }
    }

    fn vocabulary(&self) -> usize {
        self.cmds.len() + self.params.len() + self.values.len()
    }

    #[allow(clippy::too_many_arguments)]
    fn add_param(
        &mut self,
        s: usize,
        i: usize,
        c: u32,
        name: &str,
        value: Option<&str>,
        seen: &mut Vec<u32>,
    ) -> Result<()> {
        // The tokens hold the first ids: a name that gets one is reserved.
        let p = self.params.intern(name);
        if p == P_UNK {
            return Err(reserved(s, i, "parameter", name));
        }
        if seen.contains(&p) {
            return Ok(());
        }
        seen.push(p);
        bump(&mut self.param, p);
        self.cmd_param.add(c, p, 1);
        let mut vid = None;
        if let Some(v) = value {
            let id = self.values.intern(v);
            if id == P_UNK {
                return Err(reserved(s, i, "value", v));
            }
            bump(&mut self.value, id);
            self.param_value.add(p, id, 1);
            vid = Some(id);
        }
        if let Some(r) = self.record.as_mut() {
            r.params.push((p, vid));
        }
        Ok(())
    }

    fn add_session(&mut self, s: usize, session: &[Command], form: SessionForm) -> Result<()> {
        self.sessions += 1;
        bump(&mut self.seq1, START);
        let mut prev = START;
        for (i, cmd) in session.iter().enumerate() {
            // The tokens hold the first ids: a name that gets one is reserved.
            let c = self.cmds.intern(&cmd.name);
            if c <= UNK {
                return Err(reserved(s, i, "command", &cmd.name));
            }
            bump(&mut self.seq1, c);
            self.seq2.add(prev, c, 1);
            prev = c;
            let param_start = self.record.as_ref().map_or(0, |r| r.params.len());
            // One buffer for every command: a parameter named twice in one command counts
            // once, as a dict key would.
            let mut seen = std::mem::take(&mut self.seen);
            seen.clear();
            let result = match (&cmd.params, form) {
                (Params::None, _) | (_, SessionForm::Commands) => Ok(()),
                (Params::Set(names), _) => names
                    .iter()
                    .try_for_each(|n| self.add_param(s, i, c, n, None, &mut seen)),
                (Params::Values(pairs), SessionForm::Params) => pairs
                    .iter()
                    .try_for_each(|(n, _)| self.add_param(s, i, c, n, None, &mut seen)),
                (Params::Values(pairs), SessionForm::Values) => pairs
                    .iter()
                    .try_for_each(|(n, v)| self.add_param(s, i, c, n, v.as_deref(), &mut seen)),
            };
            self.seen = seen;
            result?;
            if let Some(r) = self.record.as_mut() {
                if let Some(ps) = r.params.get_mut(param_start..) {
                    ps.sort_unstable_by_key(|x| x.0);
                }
                r.cmds.push(c);
                r.param_ends.push(r.params.len());
            }
        }
        if let Some(r) = self.record.as_mut() {
            r.session_ends.push(r.cmds.len());
        }
        self.seq2.add(prev, END, 1);
        bump(&mut self.seq1, END);
        Ok(())
    }
}

fn reserved(session: usize, command: usize, what: &'static str, name: &str) -> Error {
    Error::ReservedName {
        session,
        command,
        what,
        name: name.to_string(),
    }
}

/// The form a session's command has, for the mixed-forms check.
fn command_form(cmd: &Command) -> SessionForm {
    cmd.params.form()
}

/// A trained model of sessions: commands, and optionally parameters and values.
///
/// Train it with [`Model::train`], score sessions with [`Model::score`], save it with
/// [`Model::to_json`] and load it again with [`Model::from_json`].
#[derive(Debug, Clone)]
pub struct Model {
    form: SessionForm,
    smoothing: Smoothing,
    counts: Counts,
    /// Per parameter id: are its values modelled.
    modellable: Vec<bool>,
    /// Whether the parameter list came from the caller (saved as such).
    modellable_given: bool,
    // Derived, rebuilt by `derive`.
    targets: u64,
    seq1_total: u64,
    param_rows: Vec<Vec<(u32, f64)>>,
    value_totals: Vec<u64>,
    /// Per command id: its prior probability.
    priors: Vec<f64>,
    /// The transition probabilities as an n × n table, when n is small enough.
    dense: Vec<f64>,
}

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

/// A session mapped onto the model: every factor its windows multiply, looked up once.
///
/// One is reused from session to session, so scoring allocates nothing per session. After
/// [`Model::factors`] every per-position vector has `len + 1` entries: position `len` is
/// the end token.
#[derive(Debug, Default)]
struct Encoded {
    cmds: Vec<u32>,
    /// The parameter likelihood of each command (1 for the end token).
    pv: Vec<f64>,
    /// `prior(c_i) · pv_i`: the first factor of a window starting at `i` without the start
    /// token (`prior(END)` for the end token).
    prior: Vec<f64>,
    /// `trans(c_{i-1}, c_i)`, with `c_{-1}` the start token (`trans(c_last, END)` for the
    /// end token).
    step: Vec<f64>,
    /// The first factor of the window at 0 with the start token: `trans(START, c_0) · pv_0`
    /// (`trans(START, END)` for an empty session).
    start: f64,
    len: usize,
    /// Scratch: the likelihood of the window of the current length at each start.
    windows_at: Vec<f64>,
}

impl Encoded {
    fn clear(&mut self) {
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
    fn whole(&self, use_start: bool, use_end: bool) -> f64 {
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
    fn windows(&self, window: usize, use_tokens: bool, geo: bool) -> Vec<f64> {
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
    fn rarest_each(
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
    fn rarest(&self, window: usize, options: &ScoreOptions) -> Option<RarestWindow> {
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
    /// Train a model on sessions.
    ///
    /// Fails on an empty list, an empty session, sessions of mixed forms, and names equal
    /// to the reserved tokens.
    pub fn train(sessions: &[Vec<Command>], options: &ModelOptions) -> Result<Model> {
        let form = Self::check_sessions(sessions, options)?;
        Self::train_unchecked(sessions, form, options)
    }

    /// Train a model and score the same sessions with it, once per window length — the
    /// work of MSTICPy's `Model.train()` + `compute_scores()`. The sessions are read once:
    /// scoring reuses the ids training gave them.
    pub fn train_and_score(
        sessions: &[Vec<Command>],
        options: &ModelOptions,
        windows: &[usize],
        score: &ScoreOptions,
    ) -> Result<(Model, Vec<Scores>)> {
        for w in windows {
            check_window(&ScoreOptions {
                window: *w,
                ..score.clone()
            })?;
        }
        let form = Self::check_sessions(sessions, options)?;
        let mut model = Self::train_recording(sessions, form, options, true)?;
        let record = model.counts.record.take().unwrap_or_default();
        let mut out: Vec<Scores> = windows
            .iter()
            .map(|_| Scores {
                sessions: Vec::with_capacity(sessions.len()),
                too_short: 0,
            })
            .collect();
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

    fn check_sessions(sessions: &[Vec<Command>], options: &ModelOptions) -> Result<SessionForm> {
        let first = sessions.first().ok_or_else(|| Error::EmptyInput {
            what: "there are no sessions to train on".into(),
        })?;
        let form = match options.form {
            Some(f) => f,
            None => first
                .first()
                .map(command_form)
                .ok_or(Error::EmptySession { session: 0 })?,
        };
        for (s, session) in sessions.iter().enumerate() {
            if session.is_empty() {
                return Err(Error::EmptySession { session: s });
            }
            if options.form.is_none() {
                for (i, cmd) in session.iter().enumerate() {
                    let f = command_form(cmd);
                    if f != form {
                        return Err(Error::MixedForms {
                            session: s,
                            command: i,
                            found: f.name(),
                            expected: form.name(),
                        });
                    }
                }
            }
        }
        Ok(form)
    }

    /// Train without the empty-session checks (MSTICPy's count functions accept them).
    fn train_unchecked(
        sessions: &[Vec<Command>],
        form: SessionForm,
        options: &ModelOptions,
    ) -> Result<Model> {
        Self::train_recording(sessions, form, options, false)
    }

    fn train_recording(
        sessions: &[Vec<Command>],
        form: SessionForm,
        options: &ModelOptions,
        record: bool,
    ) -> Result<Model> {
        let mut counts = Counts::new();
        if record {
            let commands: usize = sessions.iter().map(Vec::len).sum();
            let params = if form == SessionForm::Commands {
                0
            } else {
                commands.saturating_mul(2)
            };
            counts.record = Some(Recorded {
                cmds: Vec::with_capacity(commands),
                param_ends: Vec::with_capacity(commands),
                params: Vec::with_capacity(params),
                session_ends: Vec::with_capacity(sessions.len()),
            });
        }
        for (s, session) in sessions.iter().enumerate() {
            counts.add_session(s, session, form)?;
            if counts.vocabulary() > options.max_vocabulary {
                return Err(Error::LimitExceeded {
                    what: "the number of distinct commands, parameters and values".into(),
                    limit: options.max_vocabulary as u64,
                    option: "maxVocabulary",
                });
            }
        }
        let mut model = Model {
            form,
            smoothing: options.smoothing,
            counts,
            modellable: Vec::new(),
            modellable_given: options.modellable_params.is_some(),
            targets: 0,
            seq1_total: 0,
            param_rows: Vec::new(),
            value_totals: Vec::new(),
            priors: Vec::new(),
            dense: Vec::new(),
        };
        model.derive();
        model.set_modellable(options.modellable_params.as_deref());
        Ok(model)
    }

    /// The form of the sessions this model was trained on.
    pub fn form(&self) -> SessionForm {
        self.form
    }

    /// The smoothing this model uses.
    pub fn smoothing(&self) -> Smoothing {
        self.smoothing
    }

    /// How many sessions the model was trained on.
    pub fn sessions_trained(&self) -> u64 {
        self.counts.sessions
    }

    /// The parameters whose values are modelled (values form only), sorted.
    pub fn modellable_params(&self) -> Option<Vec<String>> {
        if self.form != SessionForm::Values {
            return None;
        }
        let mut out: Vec<String> = self
            .modellable
            .iter()
            .enumerate()
            .filter(|(_, m)| **m)
            .map(|(i, _)| self.counts.params.name(i as u32).to_string())
            .collect();
        out.sort();
        Some(out)
    }

    fn has_sessions(&self) -> bool {
        self.counts.sessions > 0
    }

    fn present(&self, c: u32) -> bool {
        (c as usize) < self.counts.cmds.len() && (c > END || self.has_sessions())
    }

    fn present_cmds(&self) -> impl Iterator<Item = u32> + '_ {
        (0..self.counts.cmds.len() as u32).filter(|c| self.present(*c))
    }

    fn raw_seq1(&self, c: u32) -> u64 {
        self.counts.seq1.get(c as usize).copied().unwrap_or(0)
    }

    /// Smoothed unigram count of a present command.
    fn seq1_sm(&self, c: u32) -> u64 {
        if !self.present(c) {
            return 0;
        }
        let raw = self.raw_seq1(c);
        match self.smoothing {
            Smoothing::Msticpy => {
                let as_source = if c != END { self.targets } else { 0 };
                let as_target = if c != START { self.targets } else { 0 };
                raw.saturating_add(as_source).saturating_add(as_target)
            }
            Smoothing::Laplace => raw.saturating_add(1),
        }
    }

    fn derive(&mut self) {
        let n_present = self.counts.cmds.len() as u64 - if self.has_sessions() { 0 } else { 2 };
        // START is never a target and END never a source, so both counts are the same.
        self.targets = n_present - u64::from(self.has_sessions());
        self.seq1_total = self
            .present_cmds()
            .fold(0u64, |acc, c| acc.saturating_add(self.seq1_sm(c)));
        let mut rows = Vec::with_capacity(self.counts.cmds.len());
        for c in 0..self.counts.cmds.len() as u32 {
            if !self.present(c) {
                rows.push(Vec::new());
                continue;
            }
            let den = match self.smoothing {
                Smoothing::Msticpy => self.seq1_sm(c),
                Smoothing::Laplace => self.raw_seq1(c).saturating_add(2),
            } as f64;
            let mut row: Vec<(u32, f64)> = self
                .counts
                .cmd_param
                .row(c)
                .iter()
                .map(|p| {
                    let n = self.counts.cmd_param.get(c, *p).saturating_add(1);
                    (*p, n as f64 / den)
                })
                .collect();
            row.push((P_UNK, 1.0 / den));
            rows.push(row);
        }
        self.param_rows = rows;
        self.value_totals = (0..self.counts.params.len() as u32)
            .map(|p| {
                let row = &self.counts.param_value;
                row.total(p)
                    .saturating_add(row.row(p).len() as u64)
                    .saturating_add(1)
            })
            .collect();
        let n = self.counts.cmds.len();
        self.priors = (0..n as u32).map(|c| self.prior_slow(c)).collect();
        self.dense = if n <= DENSE_MAX_COMMANDS {
            self.dense_trans()
        } else {
            Vec::new()
        };
    }

    /// Every transition probability, row by row: `1 / den` wherever the pair was never
    /// seen (the smoothing's implicit +1), `(count + 1) / den` where it was.
    fn dense_trans(&self) -> Vec<f64> {
        let n = self.counts.cmds.len();
        let mut d = vec![0.0; n * n];
        for (p, row) in d.chunks_mut(n).enumerate() {
            let p = p as u32;
            let src = if p == END || !self.present(p) { UNK } else { p };
            let den = self.counts.seq2.total(src).saturating_add(self.targets) as f64;
            row.fill(1.0 / den);
            for c in self.counts.seq2.row(src) {
                if let Some(cell) = row.get_mut(*c as usize) {
                    *cell = self.counts.seq2.get(src, *c).saturating_add(1) as f64 / den;
                }
            }
        }
        d
    }

    fn set_modellable(&mut self, given: Option<&[String]>) {
        let n = self.counts.params.len();
        self.modellable = vec![false; n];
        if self.form != SessionForm::Values {
            return;
        }
        match given {
            Some(names) => {
                for name in names {
                    if let Some(p) = self.counts.params.id(name) {
                        if let Some(m) = self.modellable.get_mut(p as usize) {
                            *m = true;
                        }
                    }
                }
            }
            None => {
                let param_counts = self.param_counts_sm();
                for p in 0..n as u32 {
                    let distinct = self.counts.param_value.row(p).len() as u64 + 1;
                    let seen = param_counts.get(p as usize).copied().unwrap_or(0);
                    let keep = distinct <= 20
                        && 20 <= seen
                        && (100 * distinct) as f64 / seen as f64 <= 10.0;
                    if let Some(m) = self.modellable.get_mut(p as usize) {
                        *m = keep;
                    }
                }
            }
        }
    }

    /// Smoothed parameter counts, by parameter id.
    fn param_counts_sm(&self) -> Vec<u64> {
        let mut out = self.counts.param.clone();
        out.resize(self.counts.params.len(), 0);
        for c in self.present_cmds() {
            for p in self.counts.cmd_param.row(c) {
                if let Some(x) = out.get_mut(*p as usize) {
                    *x = x.saturating_add(1);
                }
            }
        }
        if let Some(x) = out.get_mut(P_UNK as usize) {
            *x = x.saturating_add(self.targets + u64::from(self.has_sessions()));
        }
        out
    }

    /// Smoothed value counts, by value id.
    fn value_counts_sm(&self) -> Vec<u64> {
        let mut out = self.counts.value.clone();
        out.resize(self.counts.values.len(), 0);
        for p in 0..self.counts.params.len() as u32 {
            for v in self.counts.param_value.row(p) {
                if let Some(x) = out.get_mut(*v as usize) {
                    *x = x.saturating_add(1);
                }
            }
        }
        if let Some(x) = out.get_mut(P_UNK as usize) {
            *x = x.saturating_add(self.counts.params.len() as u64);
        }
        out
    }

    fn prior_slow(&self, c: u32) -> f64 {
        let c = if self.present(c) { c } else { UNK };
        self.seq1_sm(c) as f64 / self.seq1_total as f64
    }

    fn prior(&self, c: u32) -> f64 {
        match self.priors.get(c as usize) {
            Some(p) => *p,
            None => self.prior_slow(c),
        }
    }

    fn trans(&self, p: u32, c: u32) -> f64 {
        let n = self.counts.cmds.len();
        if (p as usize) < n && (c as usize) < n {
            if let Some(v) = self.dense.get(p as usize * n + c as usize) {
                return *v;
            }
        }
        self.trans_slow(p, c)
    }

    fn trans_slow(&self, p: u32, c: u32) -> f64 {
        let p = if p == END || !self.present(p) { UNK } else { p };
        let c = if c == START || !self.present(c) {
            UNK
        } else {
            c
        };
        let n = self.counts.seq2.get(p, c).saturating_add(1);
        let den = self.counts.seq2.total(p).saturating_add(self.targets);
        n as f64 / den as f64
    }

    fn value_cond(&self, p: u32, v: Option<u32>) -> f64 {
        let total = self.value_totals.get(p as usize).copied().unwrap_or(1) as f64;
        let raw = v.map_or(0, |v| self.counts.param_value.get(p, v));
        if raw > 0 {
            raw.saturating_add(1) as f64 / total
        } else {
            1.0 / total
        }
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
        for w in windows {
            check_window(&ScoreOptions {
                window: *w,
                ..options.clone()
            })?;
        }
        let mut out: Vec<Scores> = windows
            .iter()
            .map(|_| Scores {
                sessions: Vec::with_capacity(sessions.len()),
                too_short: 0,
            })
            .collect();
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

/// A one-level dictionary, as exported for inspection and parity checks.
pub type Dict<T> = BTreeMap<String, T>;
/// A two-level dictionary.
pub type Dict2<T> = BTreeMap<String, BTreeMap<String, T>>;

/// Exports of the smoothed counts and probabilities, named as in MSTICPy.
impl Model {
    fn check_export(&self) -> Result<()> {
        let n = self.counts.cmds.len();
        if n.saturating_mul(n) > MAX_EXPORT_CELLS {
            return Err(Error::LimitExceeded {
                what: format!("a {n} × {n} transition table"),
                limit: MAX_EXPORT_CELLS as u64,
                option: "export cells",
            });
        }
        Ok(())
    }

    fn cmd_name(&self, c: u32) -> String {
        self.counts.cmds.name(c).to_string()
    }

    /// Smoothed command counts.
    pub fn seq1_counts(&self) -> Dict<u64> {
        self.present_cmds()
            .map(|c| (self.cmd_name(c), self.seq1_sm(c)))
            .collect()
    }

    /// Smoothed transition counts (every allowed pair).
    pub fn seq2_counts(&self) -> Result<Dict2<u64>> {
        self.check_export()?;
        Ok(self.seq2_dict(|m, p, c| m.counts.seq2.get(p, c).saturating_add(1)))
    }

    fn seq2_dict<T>(&self, f: impl Fn(&Self, u32, u32) -> T) -> Dict2<T> {
        let mut out = Dict2::new();
        for p in self.present_cmds().filter(|p| *p != END) {
            let row = self
                .present_cmds()
                .filter(|c| *c != START)
                .map(|c| (self.cmd_name(c), f(self, p, c)))
                .collect();
            out.insert(self.cmd_name(p), row);
        }
        out
    }

    /// Command probabilities.
    pub fn prior_probs(&self) -> Dict<f64> {
        self.present_cmds()
            .map(|c| (self.cmd_name(c), self.prior(c)))
            .collect()
    }

    /// Transition probabilities.
    pub fn trans_probs(&self) -> Result<Dict2<f64>> {
        self.check_export()?;
        Ok(self.seq2_dict(|m, p, c| m.trans(p, c)))
    }

    fn params_form(&self) -> bool {
        self.form != SessionForm::Commands
    }

    /// Smoothed parameter counts (`None` for the commands-only form).
    pub fn param_counts(&self) -> Option<Dict<u64>> {
        self.params_form().then(|| {
            self.param_counts_sm()
                .iter()
                .enumerate()
                .map(|(p, n)| (self.counts.params.name(p as u32).to_string(), *n))
                .collect()
        })
    }

    /// Smoothed counts of parameters per command.
    pub fn cmd_param_counts(&self) -> Option<Dict2<u64>> {
        self.params_form().then(|| {
            self.present_cmds()
                .map(|c| {
                    let mut row: Dict<u64> = self
                        .counts
                        .cmd_param
                        .row(c)
                        .iter()
                        .map(|p| {
                            let n = self.counts.cmd_param.get(c, *p).saturating_add(1);
                            (self.counts.params.name(*p).to_string(), n)
                        })
                        .collect();
                    row.insert(UNK_TOKEN.to_string(), 1);
                    (self.cmd_name(c), row)
                })
                .collect()
        })
    }

    /// Parameter probabilities (Bernoulli, not normalised).
    pub fn param_probs(&self) -> Option<Dict<f64>> {
        self.params_form().then(|| {
            self.param_counts_sm()
                .iter()
                .enumerate()
                .map(|(p, n)| {
                    let name = self.counts.params.name(p as u32).to_string();
                    (name, *n as f64 / self.seq1_total as f64)
                })
                .collect()
        })
    }

    /// Probabilities of each parameter given the command.
    pub fn param_cond_cmd_probs(&self) -> Option<Dict2<f64>> {
        self.params_form().then(|| {
            self.present_cmds()
                .map(|c| {
                    let row = self
                        .param_rows
                        .get(c as usize)
                        .map(|r| {
                            r.iter()
                                .map(|(p, q)| (self.counts.params.name(*p).to_string(), *q))
                                .collect()
                        })
                        .unwrap_or_default();
                    (self.cmd_name(c), row)
                })
                .collect()
        })
    }

    fn values_form(&self) -> bool {
        self.form == SessionForm::Values
    }

    /// Smoothed value counts (`None` unless the values form).
    pub fn value_counts(&self) -> Option<Dict<u64>> {
        self.values_form().then(|| {
            self.value_counts_sm()
                .iter()
                .enumerate()
                .map(|(v, n)| (self.counts.values.name(v as u32).to_string(), *n))
                .collect()
        })
    }

    fn param_value_dict<T>(&self, f: impl Fn(u32, Option<u32>) -> T) -> Dict2<T> {
        (0..self.counts.params.len() as u32)
            .map(|p| {
                let mut row: Dict<T> = self
                    .counts
                    .param_value
                    .row(p)
                    .iter()
                    .map(|v| (self.counts.values.name(*v).to_string(), f(p, Some(*v))))
                    .collect();
                row.insert(UNK_TOKEN.to_string(), f(p, None));
                (self.counts.params.name(p).to_string(), row)
            })
            .collect()
    }

    /// Smoothed counts of values per parameter.
    pub fn param_value_counts(&self) -> Option<Dict2<u64>> {
        self.values_form().then(|| {
            self.param_value_dict(|p, v| {
                v.map_or(1, |v| self.counts.param_value.get(p, v).saturating_add(1))
            })
        })
    }

    /// Value probabilities.
    pub fn value_probs(&self) -> Option<Dict<f64>> {
        self.values_form().then(|| {
            let counts = self.value_counts_sm();
            let total = counts.iter().fold(0u64, |a, b| a.saturating_add(*b)) as f64;
            counts
                .iter()
                .enumerate()
                .map(|(v, n)| {
                    let name = self.counts.values.name(v as u32).to_string();
                    (name, *n as f64 / total)
                })
                .collect()
        })
    }

    /// Probabilities of each value given the parameter.
    pub fn value_cond_param_probs(&self) -> Option<Dict2<f64>> {
        self.values_form()
            .then(|| self.param_value_dict(|p, v| self.value_cond(p, v)))
    }
}

/// The saved form of a model: raw counts only, so loading derives exactly what training did.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ModelFile {
    format: String,
    version: u32,
    form: String,
    smoothing: String,
    sessions: u64,
    commands: Vec<String>,
    command_counts: Vec<u64>,
    transitions: Vec<[u64; 3]>,
    #[serde(default)]
    params: Vec<String>,
    #[serde(default)]
    param_counts: Vec<u64>,
    #[serde(default)]
    command_params: Vec<[u64; 3]>,
    #[serde(default)]
    values: Vec<String>,
    #[serde(default)]
    value_counts: Vec<u64>,
    #[serde(default)]
    param_values: Vec<[u64; 3]>,
    #[serde(default)]
    modellable_params: Option<Vec<String>>,
}

fn invalid(detail: impl Into<String>) -> Error {
    Error::InvalidModel {
        detail: detail.into(),
    }
}

fn load_vocab(names: &[String], tokens: &[&str], what: &str) -> Result<Vocab> {
    for (i, t) in tokens.iter().enumerate() {
        if names.get(i).map(String::as_str) != Some(*t) {
            return Err(invalid(format!("{what}[{i}] must be the token {t:?}")));
        }
    }
    let mut v = Vocab::default();
    for (i, n) in names.iter().enumerate() {
        if v.id(n).is_some() {
            return Err(invalid(format!("{what}[{i}] repeats the name {n:?}")));
        }
        v.intern(n);
    }
    Ok(v)
}

fn load_cells(triples: &[[u64; 3]], rows: usize, cols: usize, what: &str) -> Result<RowCounts> {
    let mut out = RowCounts::default();
    for (i, [r, c, n]) in triples.iter().enumerate() {
        if *r >= rows as u64 || *c >= cols as u64 {
            return Err(invalid(format!(
                "{what}[{i}] refers to a name out of range"
            )));
        }
        if *n == 0 {
            return Err(invalid(format!("{what}[{i}] has a zero count")));
        }
        out.add(*r as u32, *c as u32, *n);
    }
    Ok(out)
}

impl Model {
    /// Save the model as versioned JSON. The format is stable: later releases read it.
    pub fn to_json(&self) -> String {
        let file = ModelFile {
            format: MODEL_FORMAT.to_string(),
            version: MODEL_VERSION,
            form: self.form.name().to_string(),
            smoothing: self.smoothing.name().to_string(),
            sessions: self.counts.sessions,
            commands: self.counts.cmds.names.clone(),
            command_counts: self.counts.seq1.clone(),
            transitions: self.counts.seq2.triples(),
            params: self.counts.params.names.clone(),
            param_counts: self.counts.param.clone(),
            command_params: self.counts.cmd_param.triples(),
            values: self.counts.values.names.clone(),
            value_counts: self.counts.value.clone(),
            param_values: self.counts.param_value.triples(),
            modellable_params: if self.modellable_given {
                self.modellable_params()
            } else {
                None
            },
        };
        // Serialising plain strings and integers cannot fail.
        serde_json::to_string(&file).unwrap_or_default()
    }

    /// Load a model saved by [`Model::to_json`], checking every count and reference.
    pub fn from_json(text: &str) -> Result<Model> {
        Self::from_json_with_limit(text, ModelOptions::default().max_vocabulary)
    }

    /// Load a model, allowing at most `max_vocabulary` distinct names.
    pub fn from_json_with_limit(text: &str, max_vocabulary: usize) -> Result<Model> {
        let file: ModelFile =
            serde_json::from_str(text).map_err(|e| invalid(format!("not a saved model: {e}")))?;
        if file.format != MODEL_FORMAT {
            return Err(invalid(format!(
                "format {:?} is not {MODEL_FORMAT:?}",
                file.format
            )));
        }
        if file.version == 0 || file.version > MODEL_VERSION {
            return Err(invalid(format!(
                "version {} is not supported (this release reads up to {MODEL_VERSION})",
                file.version
            )));
        }
        let form = SessionForm::from_name(&file.form)
            .ok_or_else(|| invalid(format!("unknown form {:?}", file.form)))?;
        let smoothing = match file.smoothing.as_str() {
            "msticpy" => Smoothing::Msticpy,
            "laplace" => Smoothing::Laplace,
            other => return Err(invalid(format!("unknown smoothing {other:?}"))),
        };
        let names = file.commands.len() + file.params.len() + file.values.len();
        if names > max_vocabulary {
            return Err(Error::LimitExceeded {
                what: format!("a model of {names} names"),
                limit: max_vocabulary as u64,
                option: "maxVocabulary",
            });
        }
        let cmds = load_vocab(
            &file.commands,
            &[START_TOKEN, END_TOKEN, UNK_TOKEN],
            "commands",
        )?;
        let mut params = file.params.clone();
        let mut values = file.values.clone();
        if params.is_empty() {
            params.push(UNK_TOKEN.to_string());
        }
        if values.is_empty() {
            values.push(UNK_TOKEN.to_string());
        }
        let params = load_vocab(&params, &[UNK_TOKEN], "params")?;
        let values = load_vocab(&values, &[UNK_TOKEN], "values")?;
        let fit = |v: &[u64], len: usize, what: &str| -> Result<Vec<u64>> {
            if v.len() > len {
                return Err(invalid(format!("{what} has more counts than names")));
            }
            let mut out = v.to_vec();
            out.resize(len, 0);
            Ok(out)
        };
        let counts = Counts {
            sessions: file.sessions,
            seq1: fit(&file.command_counts, cmds.len(), "commandCounts")?,
            seq2: load_cells(&file.transitions, cmds.len(), cmds.len(), "transitions")?,
            param: fit(&file.param_counts, params.len(), "paramCounts")?,
            cmd_param: load_cells(
                &file.command_params,
                cmds.len(),
                params.len(),
                "commandParams",
            )?,
            value: fit(&file.value_counts, values.len(), "valueCounts")?,
            param_value: load_cells(
                &file.param_values,
                params.len(),
                values.len(),
                "paramValues",
            )?,
            cmds,
            params,
            values,
            seen: Vec::new(),
            record: None,
        };
        if counts.sessions == 0 {
            return Err(invalid("the model was trained on no sessions"));
        }
        let mut model = Model {
            form,
            smoothing,
            counts,
            modellable: Vec::new(),
            modellable_given: file.modellable_params.is_some(),
            targets: 0,
            seq1_total: 0,
            param_rows: Vec::new(),
            value_totals: Vec::new(),
            priors: Vec::new(),
            dense: Vec::new(),
        };
        model.derive();
        model.set_modellable(file.modellable_params.as_deref());
        Ok(model)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(v: &[&str]) -> Vec<Command> {
        v.iter().map(|c| Command::new(*c)).collect()
    }

    fn dict(pairs: &[(&str, u64)]) -> Dict<u64> {
        pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect()
    }

    fn dict2(rows: &[(&str, &[(&str, u64)])]) -> Dict2<u64> {
        rows.iter().map(|(k, r)| (k.to_string(), dict(r))).collect()
    }

    const ST: &str = START_TOKEN;
    const EN: &str = END_TOKEN;
    const UN: &str = UNK_TOKEN;

    #[test]
    fn laplace_no_sessions() {
        let m = Model::train_unchecked(&[], SessionForm::Values, &ModelOptions::default()).unwrap();
        assert_eq!(m.seq1_counts(), dict(&[(UN, 2)]));
        assert_eq!(m.seq2_counts().unwrap(), dict2(&[(UN, &[(UN, 1)])]));
        assert_eq!(m.param_counts().unwrap(), dict(&[(UN, 1)]));
        assert_eq!(m.cmd_param_counts().unwrap(), dict2(&[(UN, &[(UN, 1)])]));
        assert_eq!(m.value_counts().unwrap(), dict(&[(UN, 1)]));
        assert_eq!(m.param_value_counts().unwrap(), dict2(&[(UN, &[(UN, 1)])]));
        assert_eq!(
            m.prior_probs(),
            [(UN.to_string(), 1.0)].into_iter().collect()
        );
        assert_eq!(
            m.param_probs().unwrap(),
            [(UN.to_string(), 0.5)].into_iter().collect()
        );
        let pc = m.param_cond_cmd_probs().unwrap();
        assert_eq!(pc[UN][UN], 0.5);
        assert!(m.modellable_params().unwrap().is_empty());
    }

    #[test]
    fn laplace_one_empty_session() {
        let m = Model::train_unchecked(&[vec![]], SessionForm::Values, &ModelOptions::default())
            .unwrap();
        assert_eq!(m.seq1_counts(), dict(&[(UN, 4), (ST, 3), (EN, 3)]));
        assert_eq!(
            m.seq2_counts().unwrap(),
            dict2(&[(ST, &[(EN, 2), (UN, 1)]), (UN, &[(EN, 1), (UN, 1)])])
        );
        assert_eq!(m.param_counts().unwrap(), dict(&[(UN, 3)]));
        assert_eq!(
            m.cmd_param_counts().unwrap(),
            dict2(&[(ST, &[(UN, 1)]), (EN, &[(UN, 1)]), (UN, &[(UN, 1)])])
        );
        let prior = m.prior_probs();
        assert_eq!(prior[ST], 0.3);
        assert_eq!(prior[EN], 0.3);
        assert_eq!(prior[UN], 0.4);
        let t = m.trans_probs().unwrap();
        assert_eq!(t[ST][EN], 0.6666666666666666);
        assert_eq!(t[ST][UN], 0.3333333333333333);
        assert_eq!(t[UN][EN], 0.5);
        assert_eq!(t[UN][UN], 0.5);
        assert_eq!(t.len(), 2);
        assert_eq!(m.param_probs().unwrap()[UN], 0.3);
        let pc = m.param_cond_cmd_probs().unwrap();
        assert_eq!(pc[ST][UN], 1.0 / 3.0);
        assert_eq!(pc[EN][UN], 1.0 / 3.0);
        assert_eq!(pc[UN][UN], 0.25);
    }

    #[test]
    fn counts_only_sessions() {
        let m = Model::train(&[s(&["Set-User"])], &ModelOptions::default()).unwrap();
        assert_eq!(
            m.counts.seq1.iter().filter(|n| **n > 0).count(),
            3,
            "raw counts START, Set-User, END"
        );
        assert_eq!(m.counts.seq2.get(START, 3), 1);
        assert_eq!(m.counts.seq2.get(3, END), 1);
    }

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

    #[test]
    fn token_names_are_rejected() {
        let e = Model::train(&[s(&["a", UN])], &ModelOptions::default()).unwrap_err();
        assert_eq!(e.code(), "reserved_name");
    }

    #[test]
    fn load_rejects_bad_references() {
        let m = Model::train(&[s(&["a", "b"])], &ModelOptions::default()).unwrap();
        let json = m.to_json();
        let bad = json.replace("\"transitions\":[[0,", "\"transitions\":[[99,");
        assert_eq!(Model::from_json(&bad).unwrap_err().code(), "invalid_model");
        let bad = json.replace("\"version\":1", "\"version\":7");
        assert_eq!(Model::from_json(&bad).unwrap_err().code(), "invalid_model");
        assert_eq!(Model::from_json("{").unwrap_err().code(), "invalid_model");
    }
}
