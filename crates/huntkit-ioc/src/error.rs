//! The crate's error vocabulary.

/// Everything that can go wrong while building an extractor or running it over a table.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A user-supplied IoC type has a regex that does not compile (or is empty).
    #[error("custom IoC type `{name}`: invalid regex: {message}")]
    InvalidPattern {
        /// The type name the user gave.
        name: String,
        /// What the regex compiler (or the check) reported.
        message: String,
    },
    /// An option holds a value that cannot be used.
    #[error("invalid option `{option}`: {message}")]
    InvalidOption {
        /// The option's name as the API spells it.
        option: &'static str,
        /// What was wrong with it.
        message: String,
    },
    /// A requested IoC type is neither built in nor added by the user.
    #[error("unknown IoC type `{name}` (known types: {known})")]
    UnknownType {
        /// The type that was asked for.
        name: String,
        /// The types this extractor knows, comma separated.
        known: String,
    },
    /// An error from the table layer (reading columns, building the output).
    #[error(transparent)]
    Core(#[from] huntkit_core::Error),
}

impl huntkit_core::ErrorCode for Error {
    /// A stable, snake_case code for this error, for programs to match on.
    fn code(&self) -> &'static str {
        match self {
            Error::InvalidPattern { .. } => "invalid_pattern",
            Error::InvalidOption { .. } => "invalid_option",
            Error::UnknownType { .. } => "unknown_type",
            Error::Core(e) => e.code(),
        }
    }
}
