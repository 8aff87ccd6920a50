//! Options, with every default in one place.

use serde::Deserialize;

use crate::session::SessionForm;

pub use huntkit_core::Compat;

/// How counts are smoothed before they become probabilities.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub enum Smoothing {
    /// MSTICPy's smoothing, exactly as its tests pin it: +1 per allowed pair of commands,
    /// added to the transition and to both commands' unigram counts.
    #[default]
    Msticpy,
    /// Textbook add-one smoothing: +1 per unigram, +1 per allowed transition, and
    /// `(k + 1) / (n + 2)` for the chance that a command carries a parameter.
    Laplace,
}

impl Smoothing {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Smoothing::Msticpy => "msticpy",
            Smoothing::Laplace => "laplace",
        }
    }
}

/// Options for training a model.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct ModelOptions {
    /// The form of the sessions; `None` takes the form of the first command, as MSTICPy does.
    pub form: Option<SessionForm>,
    /// How counts are smoothed.
    pub smoothing: Smoothing,
    /// The parameters whose values are modelled (values form). `None` chooses them with
    /// MSTICPy's rule: at most 20 distinct values, seen at least 20 times, and distinct
    /// values at most 10% of the times seen.
    pub modellable_params: Option<Vec<String>>,
    /// The most distinct commands, parameters and values (together) a model may hold.
    pub max_vocabulary: usize,
}

impl Default for ModelOptions {
    fn default() -> Self {
        ModelOptions {
            form: None,
            smoothing: Smoothing::Msticpy,
            modellable_params: None,
            max_vocabulary: 1_000_000,
        }
    }
}

/// Options for scoring sessions against a model.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct ScoreOptions {
    /// The length of the sliding window for the rarest window.
    pub window: usize,
    /// Put the start token before and the end token after each session.
    pub use_start_end_tokens: bool,
    /// Raise each window likelihood to the power `1 / window`.
    pub geo_mean: bool,
    /// `Msticpy` slices the rarest window from the session without the end token, so a
    /// window that ends in the end token comes back one command short (quirk Q-S1).
    pub compat: Compat,
    /// The longest window allowed.
    pub max_window: usize,
}

impl Default for ScoreOptions {
    fn default() -> Self {
        ScoreOptions {
            window: 3,
            use_start_end_tokens: true,
            geo_mean: false,
            compat: Compat::Huntkit,
            max_window: 1_000,
        }
    }
}
