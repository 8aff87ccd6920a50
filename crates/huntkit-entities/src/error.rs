//! The crate's error vocabulary: every failure has a stable snake_case code.

use huntkit_core::ErrorCode;

/// Everything that can go wrong building entities or running a pivot.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An entity type name that huntkit does not know.
    #[error("unknown entity type {name:?}; known types: {known}")]
    UnknownEntity {
        /// The name that was asked for.
        name: String,
        /// The known entity names, comma separated.
        known: String,
    },
    /// A pivot that the entity type does not have.
    #[error("entity {entity} has no pivot {name:?}; its pivots: {known}")]
    UnknownPivot {
        /// The entity type.
        entity: String,
        /// The pivot name that was asked for.
        name: String,
        /// The entity's pivots, comma separated.
        known: String,
    },
    /// Input a pivot cannot take (a table pivot given single values, a missing column).
    #[error("invalid input: {detail}")]
    InvalidInput {
        /// What was wrong.
        detail: String,
    },
    /// An option out of its range or options that contradict each other.
    #[error("invalid option `{option}`: {detail}")]
    InvalidOption {
        /// The option's name as the API spells it.
        option: &'static str,
        /// What was wrong with it.
        detail: String,
    },
    /// Sentinel alert JSON that cannot be read.
    #[error("invalid alert JSON: {detail}")]
    InvalidJson {
        /// What was wrong, and where.
        detail: String,
    },
    /// A resource limit was reached.
    #[error("limit exceeded: {what} is over the limit of {limit} (set `{option}` to allow more)")]
    LimitExceeded {
        /// What grew too large.
        what: String,
        /// The limit.
        limit: u64,
        /// The option that sets it.
        option: &'static str,
    },
    /// An error from the table layer.
    #[error(transparent)]
    Core(#[from] huntkit_core::Error),
    /// An error from the IoC extractor.
    #[error(transparent)]
    Ioc(#[from] huntkit_ioc::Error),
    /// An error from the decoder.
    #[error(transparent)]
    Decode(#[from] huntkit_decode::Error),
    /// An error from the process-tree builder.
    #[error(transparent)]
    ProcTree(#[from] huntkit_proctree::Error),
    /// Options that cannot be read.
    #[error(transparent)]
    Options(#[from] huntkit_core::options_json::OptionsError),
}

impl Error {
    pub(crate) fn arrow(e: impl std::fmt::Display) -> Error {
        Error::Core(huntkit_core::Error::Arrow {
            detail: e.to_string(),
        })
    }

    pub(crate) fn input(detail: impl Into<String>) -> Error {
        Error::InvalidInput {
            detail: detail.into(),
        }
    }
}

impl ErrorCode for Error {
    fn code(&self) -> &'static str {
        match self {
            Error::UnknownEntity { .. } => "unknown_entity",
            Error::UnknownPivot { .. } => "unknown_pivot",
            Error::InvalidInput { .. } => "invalid_input",
            Error::InvalidOption { .. } => "invalid_option",
            Error::InvalidJson { .. } => "invalid_json",
            Error::LimitExceeded { .. } => "limit_exceeded",
            Error::Core(e) => e.code(),
            Error::Ioc(e) => e.code(),
            Error::Decode(e) => e.code(),
            Error::ProcTree(e) => e.code(),
            Error::Options(e) => e.code(),
        }
    }
}

/// The result type of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;
