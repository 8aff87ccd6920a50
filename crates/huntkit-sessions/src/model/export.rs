//! The smoothed counts and probabilities of a model as dictionaries, named and shaped as
//! MSTICPy's, for inspection and parity checks.

use std::collections::BTreeMap;

use super::{Model, END, START};
use crate::error::{Error, Result};
use crate::session::{SessionForm, UNK_TOKEN};

/// The most cells a dictionary export may hold (the transition table is n × n).
const MAX_EXPORT_CELLS: usize = 4_000_000;

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::options::ModelOptions;
    use crate::session::{END_TOKEN, START_TOKEN};

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
}
