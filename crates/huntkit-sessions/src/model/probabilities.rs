//! What a model derives from its raw counts: MSTICPy's smoothed counts, command priors,
//! transition probabilities, and parameter and value probabilities.
//!
//! Training and loading both end here, so a loaded model derives exactly what the trained
//! one did. The probabilities a scoring pass asks for again and again (priors, parameter
//! rows, and transitions while the vocabulary is small) are worked out once.

use super::{Model, END, P_UNK, START, UNK};
use crate::options::Smoothing;
use crate::session::SessionForm;

/// Up to this many commands the transition probabilities are kept as a table (8 MB).
const DENSE_MAX_COMMANDS: usize = 1024;

impl Model {
    fn has_sessions(&self) -> bool {
        self.counts.sessions > 0
    }

    pub(super) fn present(&self, c: u32) -> bool {
        (c as usize) < self.counts.cmds.len() && (c > END || self.has_sessions())
    }

    pub(super) fn present_cmds(&self) -> impl Iterator<Item = u32> + '_ {
        (0..self.counts.cmds.len() as u32).filter(|c| self.present(*c))
    }

    fn raw_seq1(&self, c: u32) -> u64 {
        self.counts.seq1.get(c as usize).copied().unwrap_or(0)
    }

    /// Smoothed unigram count of a present command.
    pub(super) fn seq1_sm(&self, c: u32) -> u64 {
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

    pub(super) fn derive(&mut self) {
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

    pub(super) fn set_modellable(&mut self, given: Option<&[String]>) {
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
    pub(super) fn param_counts_sm(&self) -> Vec<u64> {
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
    pub(super) fn value_counts_sm(&self) -> Vec<u64> {
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

    pub(super) fn prior(&self, c: u32) -> f64 {
        match self.priors.get(c as usize) {
            Some(p) => *p,
            None => self.prior_slow(c),
        }
    }

    pub(super) fn trans(&self, p: u32, c: u32) -> f64 {
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

    pub(super) fn value_cond(&self, p: u32, v: Option<u32>) -> f64 {
        let total = self.value_totals.get(p as usize).copied().unwrap_or(1) as f64;
        let raw = v.map_or(0, |v| self.counts.param_value.get(p, v));
        if raw > 0 {
            raw.saturating_add(1) as f64 / total
        } else {
            1.0 / total
        }
    }
}
