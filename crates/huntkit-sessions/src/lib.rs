//! Rare-session detection: cut events into sessions and score each session with Markov
//! models of its commands, parameters and parameter values.
//!
//! A threat hunter's question is "which user activity is unlike the rest?". This crate
//! answers it in three steps, each usable alone:
//!
//! 1. [`sessionize`] groups events by user keys (e.g. `UserId`, `ClientIP`) and splits each
//!    user's events into sessions on a maximum gap between events and a maximum session
//!    length, with MSTICPy's semantics, in one sort and one pass.
//! 2. [`Model::train`] learns command, transition, parameter and value probabilities from
//!    sessions in one of three forms ([`SessionForm`]): commands only, commands with
//!    parameter sets, commands with parameter values. Smoothing is MSTICPy's by default
//!    (bit-for-bit), or textbook Laplace ([`Smoothing::Laplace`]).
//! 3. [`Model::score`] gives each session its likelihood, geometric mean and rarest
//!    sliding window. Models save to versioned JSON ([`Model::to_json`]) and load anywhere
//!    ([`Model::from_json`]); commands never seen in training score through the unknown
//!    token.
//!
//! [`score_table`] does all three from raw events to sessions ranked by rarity.
//!
//! ```
//! use huntkit_sessions::{Command, Model, ModelOptions, ScoreOptions};
//!
//! let baseline = vec![
//!     vec![Command::new("Set-User"), Command::new("Set-User")],
//!     vec![Command::new("Set-Mailbox"), Command::new("Set-User"), Command::new("Set-User")],
//! ];
//! let model = Model::train(&baseline, &ModelOptions::default())?;
//! let saved = model.to_json();
//!
//! let model = Model::from_json(&saved)?;
//! let new = vec![vec![Command::new("Set-User"), Command::new("New-InboxRule")]];
//! let scores = model.score(&new, &ScoreOptions::default())?;
//! let rarest = scores.sessions[0].rarest_window.as_ref().expect("long enough");
//! assert!(rarest.likelihood < 0.05);
//! assert_eq!(rarest.commands(&new[0]).len(), 3); // the end token closes the window
//! # Ok::<(), huntkit_sessions::Error>(())
//! ```
//!
//! Differences from MSTICPy are listed in the crate's README.

mod error;
mod model;
mod options;
mod session;
mod sessionize;
mod table;

pub use error::{Error, Result};
pub use model::{
    Dict, Dict2, Model, RarestWindow, Scores, SessionScore, MODEL_FORMAT, MODEL_VERSION,
};
pub use options::{Compat, ModelOptions, ScoreOptions, Smoothing};
pub use session::{
    value_text, Command, Params, Session, SessionForm, END_TOKEN, START_TOKEN, UNK_TOKEN,
};
pub use sessionize::{assign_sessions, SessionSpans, UserKey};
pub use table::{
    score_table, sessionize, Ranked, ScoreTableOptions, SessionizeOptions, Sessionized,
};
