//! The raw counts a model keeps, and training, which counts sessions into them.
//!
//! Names become small ids as they are first seen (the start, end and unknown tokens hold
//! the first ones), and every count is kept by id: per command, per pair of commands, per
//! parameter of a command and per value of a parameter.

use rustc_hash::FxHashMap;

use super::{Model, END, P_UNK, START, UNK, UNSEEN};
use crate::error::{Error, Result};
use crate::options::ModelOptions;
use crate::session::{Command, Params, SessionForm, END_TOKEN, START_TOKEN, UNK_TOKEN};

/// Names numbered in the order they are first seen.
#[derive(Debug, Clone, Default)]
pub(super) struct Vocab {
    pub(super) names: Vec<String>,
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

    pub(super) fn id(&self, name: &str) -> Option<u32> {
        self.ids.get(name).copied()
    }

    #[inline]
    pub(super) fn intern(&mut self, name: &str) -> u32 {
        if let Some(id) = self.ids.get(name) {
            return *id;
        }
        // The vocabulary limit is checked long before ids could exceed u32.
        let id = u32::try_from(self.names.len()).unwrap_or(UNSEEN);
        self.names.push(name.to_string());
        self.ids.insert(name.to_string(), id);
        id
    }

    pub(super) fn len(&self) -> usize {
        self.names.len()
    }

    pub(super) fn name(&self, id: u32) -> &str {
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
pub(super) struct RowCounts {
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
    pub(super) fn add(&mut self, row: u32, col: u32, by: u64) {
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

    pub(super) fn get(&self, row: u32, col: u32) -> u64 {
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

    pub(super) fn row(&self, row: u32) -> &[u32] {
        self.order.get(row as usize).map_or(&[], Vec::as_slice)
    }

    pub(super) fn total(&self, row: u32) -> u64 {
        self.totals.get(row as usize).copied().unwrap_or(0)
    }

    fn cells(&self) -> usize {
        self.order.iter().map(Vec::len).sum()
    }

    pub(super) fn triples(&self) -> Vec<[u64; 3]> {
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
pub(super) struct Counts {
    pub(super) sessions: u64,
    pub(super) cmds: Vocab,
    pub(super) seq1: Vec<u64>,
    pub(super) seq2: RowCounts,
    pub(super) params: Vocab,
    pub(super) param: Vec<u64>,
    pub(super) cmd_param: RowCounts,
    pub(super) values: Vocab,
    pub(super) value: Vec<u64>,
    pub(super) param_value: RowCounts,
    /// Scratch: the parameters already counted for the current command.
    pub(super) seen: Vec<u32>,
    /// The training sessions as ids, kept when they are to be scored right after training.
    pub(super) record: Option<Recorded>,
}

/// Sessions as vocabulary ids: scoring them again needs no string lookups.
#[derive(Debug, Clone, Default)]
pub(super) struct Recorded {
    pub(super) cmds: Vec<u32>,
    /// Per command: the end of its parameters in `params`.
    pub(super) param_ends: Vec<usize>,
    /// Each command's parameters and values, sorted by parameter id.
    pub(super) params: Vec<(u32, Option<u32>)>,
    /// Per session: the end of its commands in `cmds`.
    pub(super) session_ends: Vec<usize>,
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

impl Model {
    /// Train a model on sessions.
    ///
    /// Fails on an empty list, an empty session, sessions of mixed forms, and names equal
    /// to the reserved tokens.
    pub fn train(sessions: &[Vec<Command>], options: &ModelOptions) -> Result<Model> {
        let form = Self::check_sessions(sessions, options)?;
        Self::train_unchecked(sessions, form, options)
    }

    /// The form the sessions are trained as, once they are checked: there are some, none
    /// is empty, and all have one form unless the options name it.
    pub(super) fn check_sessions(
        sessions: &[Vec<Command>],
        options: &ModelOptions,
    ) -> Result<SessionForm> {
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
    pub(super) fn train_unchecked(
        sessions: &[Vec<Command>],
        form: SessionForm,
        options: &ModelOptions,
    ) -> Result<Model> {
        Self::train_recording(sessions, form, options, false)
    }

    /// Counts the sessions into a new model; with `record`, the sessions are also kept as
    /// ids, to be scored right after without looking their names up again.
    pub(super) fn train_recording(
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
        Ok(Model::from_counts(
            form,
            options.smoothing,
            counts,
            options.modellable_params.as_deref(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use huntkit_core::ErrorCode;

    fn s(v: &[&str]) -> Vec<Command> {
        v.iter().map(|c| Command::new(*c)).collect()
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
    fn token_names_are_rejected() {
        let e = Model::train(&[s(&["a", UNK_TOKEN])], &ModelOptions::default()).unwrap_err();
        assert_eq!(e.code(), "reserved_name");
    }
}
