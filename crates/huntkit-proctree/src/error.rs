//! The one error type of the process-tree engine.

/// Everything that can stop a process tree from being built.
///
/// Each variant has a stable [`code`](Error::code); messages say what was wrong and where.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// No built-in schema fits the columns, and no column mapping was given.
    #[error(
        "no process schema matches the columns; expected one of: {expected}; \
         pass a column mapping (processName, processId, parentId, timeStamp) to use other names"
    )]
    NoSchema {
        /// Each schema with the columns it needs, ready to show.
        expected: String,
    },
    /// A column the chosen schema needs is missing.
    #[error(
        "column {column:?} ({role} of the {schema} schema) not found; the table has {available}"
    )]
    MissingColumn {
        column: String,
        role: &'static str,
        schema: &'static str,
        available: String,
    },
    /// A column mapping that cannot be used.
    #[error("invalid option `{option}`: {detail}")]
    InvalidOption { option: String, detail: String },
    /// A value that the options say must be present or well formed, is not.
    #[error("column {column:?}, row {row}: {detail}")]
    InvalidValue {
        column: String,
        row: usize,
        detail: String,
    },
    /// A resource limit was reached.
    #[error("limit exceeded: {what} is over the limit of {limit} (set `{option}` to allow more)")]
    LimitExceeded {
        what: String,
        limit: u64,
        option: &'static str,
    },
    /// Columns of different lengths in a plain [`Events`](crate::Events) input.
    #[error("column {column:?} has {found} values, but the first column has {expected}")]
    RaggedColumns {
        column: String,
        found: usize,
        expected: usize,
    },
    /// A CSV input that could not be read.
    #[error("invalid CSV at line {line}: {detail}")]
    InvalidCsv { line: u64, detail: String },
    /// An error of the table layer.
    #[error(transparent)]
    Table(#[from] huntkit_core::Error),
    /// A process key that is not in the tree.
    #[error("process key {key:?} is not in the tree")]
    UnknownProcess { key: String },
}

impl Error {
    pub(crate) fn option(option: &str, detail: impl Into<String>) -> Error {
        Error::InvalidOption {
            option: option.to_string(),
            detail: detail.into(),
        }
    }
}

impl huntkit_core::ErrorCode for Error {
    /// The stable, snake_case code of this error.
    fn code(&self) -> &'static str {
        match self {
            Error::NoSchema { .. } => "no_schema",
            Error::MissingColumn { .. } => "column_not_found",
            Error::InvalidOption { .. } => "invalid_option",
            Error::InvalidValue { .. } => "invalid_value",
            Error::LimitExceeded { .. } => "limit_exceeded",
            Error::RaggedColumns { .. } => "invalid_value",
            Error::InvalidCsv { .. } => "invalid_csv",
            Error::UnknownProcess { .. } => "unknown_process",
            Error::Table(e) => e.code(),
        }
    }
}

/// Column names for a message: the first twenty, and how many more.
pub(crate) fn show_names(names: &[String]) -> String {
    if names.is_empty() {
        return "no columns".to_string();
    }
    let shown: Vec<String> = names.iter().take(20).map(|n| format!("{n:?}")).collect();
    let more = names.len().saturating_sub(20);
    if more > 0 {
        format!("columns {} and {more} more", shown.join(", "))
    } else {
        format!("columns {}", shown.join(", "))
    }
}

/// The crate's result type.
pub type Result<T> = std::result::Result<T, Error>;
