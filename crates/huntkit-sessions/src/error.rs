//! The one error type of the sessions engine.

/// Everything that can go wrong sessionizing, training, scoring or loading a model.
///
/// Each variant has a stable [`code`](Error::code) shared with the wasm façade, the npm
/// package and the CLI.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An error from the table layer (reading input, column access, writing output).
    #[error(transparent)]
    Table(#[from] huntkit_core::Error),
    /// There is nothing to work on: no rows, or no sessions.
    #[error("empty input: {what}")]
    EmptyInput { what: String },
    /// A session with no commands in training data; a model cannot learn from it.
    #[error("session {session} has no commands; every training session needs at least one")]
    EmptySession { session: usize },
    /// Sessions whose commands do not all have the same form.
    #[error(
        "mixed session forms: session {session}, command {command} is {found}, but the sessions are {expected}"
    )]
    MixedForms {
        session: usize,
        command: usize,
        found: &'static str,
        expected: &'static str,
    },
    /// A command, parameter or value equal to one of the model's reserved tokens.
    #[error("session {session}, command {command}: the {what} {name:?} is a reserved token")]
    ReservedName {
        session: usize,
        command: usize,
        what: &'static str,
        name: String,
    },
    /// A parameters cell that is not a JSON object (or array of names).
    #[error("column {column:?}, row {row}: parameters are not a JSON object: {detail}")]
    InvalidParams {
        column: String,
        row: usize,
        detail: String,
    },
    /// A saved model that cannot be loaded.
    #[error("invalid model: {detail}")]
    InvalidModel { detail: String },
    /// An option out of its range, or options that contradict each other.
    #[error("invalid option `{option}`: {detail}")]
    InvalidOption {
        option: &'static str,
        detail: String,
    },
    /// A resource limit was reached.
    #[error("limit exceeded: {what} is over the limit of {limit} (set `{option}` to allow more)")]
    LimitExceeded {
        what: String,
        limit: u64,
        option: &'static str,
    },
}

/// The result type of this crate.
pub type Result<T> = std::result::Result<T, Error>;

impl huntkit_core::ErrorCode for Error {
    /// A stable, snake_case code for this error.
    fn code(&self) -> &'static str {
        match self {
            Error::Table(e) => e.code(),
            Error::EmptyInput { .. } => "empty_input",
            Error::EmptySession { .. } => "empty_session",
            Error::MixedForms { .. } => "mixed_forms",
            Error::ReservedName { .. } => "reserved_name",
            Error::InvalidParams { .. } => "invalid_params",
            Error::InvalidModel { .. } => "invalid_model",
            Error::InvalidOption { .. } => "invalid_option",
            Error::LimitExceeded { .. } => "limit_exceeded",
        }
    }
}
