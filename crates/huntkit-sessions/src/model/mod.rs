//! Markov models of sessions: counting, smoothing, probabilities, scoring and persistence.
//!
//! A model keeps only the raw counts; smoothed counts and probabilities are derived from
//! them on demand with the same integer sums and the same single division MSTICPy does,
//! so every probability is bit-for-bit the one MSTICPy computes. The smoothing adds +1 to
//! every allowed pair of commands, which would make a dense matrix of n² cells; keeping
//! the +1 implicit keeps a model as small as its training data.
//!
//! Counts flow one way through the modules:
//!
//! - `counts`: the raw counts, and training, which counts sessions into them;
//! - `probabilities`: what a trained or loaded model derives from its counts — smoothed
//!   counts, command priors, transitions, parameter and value probabilities;
//! - `scoring`: sessions mapped onto the model and scored, with `windows` holding the
//!   likelihood arithmetic of a mapped session and its windows;
//! - `export`: the smoothed counts and probabilities as dictionaries named as in MSTICPy;
//! - `persistence`: saving the raw counts as versioned JSON and loading them again.

mod counts;
mod export;
mod persistence;
mod probabilities;
mod scoring;
mod windows;

use crate::options::Smoothing;
use crate::session::SessionForm;
use counts::Counts;

pub use export::{Dict, Dict2};
pub use persistence::{MODEL_FORMAT, MODEL_VERSION};
pub(crate) use scoring::check_window;
pub use scoring::{Scores, SessionScore};
pub use windows::RarestWindow;

const START: u32 = 0;
const END: u32 = 1;
const UNK: u32 = 2;
/// The unknown parameter and the unknown value have id 0 in their vocabularies.
const P_UNK: u32 = 0;
/// A parameter never seen in training.
const UNSEEN: u32 = u32::MAX;

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

impl Model {
    /// A model of `counts` with everything derived from them, for training and loading
    /// alike. `modellable` names the parameters whose values are modelled; without it the
    /// modellable-values rule chooses them.
    fn from_counts(
        form: SessionForm,
        smoothing: Smoothing,
        counts: Counts,
        modellable: Option<&[String]>,
    ) -> Model {
        let mut model = Model {
            form,
            smoothing,
            counts,
            modellable: Vec::new(),
            modellable_given: modellable.is_some(),
            targets: 0,
            seq1_total: 0,
            param_rows: Vec::new(),
            value_totals: Vec::new(),
            priors: Vec::new(),
            dense: Vec::new(),
        };
        model.derive();
        model.set_modellable(modellable);
        model
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
}
