//! The error vocabulary of the decoder.

/// Everything that can stop a decode call. Damaged payloads are not errors: they become
/// records flagged `undecodable` and the rest of the input is still decoded.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// An option is out of range or inconsistent.
    #[error("invalid option `{name}`: {reason}")]
    InvalidOption {
        /// The option's name as callers spell it (camelCase).
        name: &'static str,
        /// What was wrong with it.
        reason: String,
    },
    /// The output would not fit the limits of the record table.
    #[error("limit exceeded: {0}")]
    LimitExceeded(String),
    /// The input table could not be read or lacks the column.
    #[error(transparent)]
    Core(#[from] huntkit_core::Error),
    /// Building the Arrow record table failed.
    #[error("cannot build the record table: {0}")]
    Arrow(#[from] arrow::error::ArrowError),
}

impl huntkit_core::ErrorCode for Error {
    /// A stable, snake_case code for programs to match on.
    fn code(&self) -> &'static str {
        match self {
            Error::InvalidOption { .. } => "invalid_option",
            Error::LimitExceeded(_) => "limit_exceeded",
            Error::Arrow(_) => "invalid_arrow",
            Error::Core(e) => e.code(),
        }
    }
}
