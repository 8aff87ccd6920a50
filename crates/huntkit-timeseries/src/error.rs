//! The crate's error vocabulary.

/// Everything that can go wrong in a time-series analysis.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// An option is out of range or inconsistent with another.
    #[error("invalid option `{name}`: {message}")]
    InvalidOption {
        /// The option's name as users spell it (camelCase).
        name: &'static str,
        /// What was wrong.
        message: String,
    },
    /// The series is too short for the requested decomposition.
    #[error("series too short: {len} points, at least {needed} are needed ({why})")]
    TooShort {
        /// How many points were given.
        len: usize,
        /// How many are needed.
        needed: usize,
        /// Why that many are needed.
        why: String,
    },
    /// A value is NaN or infinite.
    #[error("non-finite value {value} at row {row}{column}")]
    NonFinite {
        /// Zero-based row of the first bad value.
        row: usize,
        /// The value, as text (`NaN`, `inf`, `-inf`).
        value: String,
        /// ` in column "x"` when the value came from a table, else empty.
        column: String,
    },
    /// Finite input whose decomposition or scores overflowed (values near ±1.8e308).
    #[error(
        "the decomposition overflowed at row {row}: values up to {largest} in magnitude \
         leave no room for its sums; scale the series down"
    )]
    Overflow {
        /// Zero-based row of the first non-finite result.
        row: usize,
        /// The largest magnitude in the input, as text.
        largest: String,
    },
    /// A value or timestamp is missing (null).
    #[error("missing value at row {row} in column \"{column}\"")]
    Missing {
        /// Zero-based row.
        row: usize,
        /// The column it came from.
        column: String,
    },
    /// Two rows share one timestamp where a regular series is needed.
    #[error("duplicate timestamp at rows {first} and {second}; aggregate the events first (for example with bucketing)")]
    DuplicateTimestamp {
        /// Zero-based row of the first occurrence (input order).
        first: usize,
        /// Zero-based row of the repeat (input order).
        second: usize,
    },
    /// Timestamps are out of order and the options say not to sort them.
    #[error("timestamps are not sorted: row {row} is earlier than row {previous}")]
    Unsorted {
        /// Zero-based row that breaks the order.
        row: usize,
        /// The row before it.
        previous: usize,
    },
    /// Lengths of parallel inputs differ.
    #[error("length mismatch: {what}")]
    LengthMismatch {
        /// Which inputs disagree, with their lengths.
        what: String,
    },
    /// A configured bound on work or memory was reached.
    #[error("limit exceeded: {0}")]
    LimitExceeded(String),
    /// An error from the table layer.
    #[error(transparent)]
    Core(#[from] huntkit_core::Error),
    /// An Arrow error while building output columns.
    #[error("arrow error: {0}")]
    Arrow(#[from] arrow::error::ArrowError),
}

impl Error {
    pub(crate) fn option(name: &'static str, message: impl Into<String>) -> Self {
        Error::InvalidOption {
            name,
            message: message.into(),
        }
    }
}

/// Results of this crate.
pub type Result<T> = std::result::Result<T, Error>;

/// Checks that every value is finite and names the first that is not.
pub(crate) fn check_finite(values: &[f64], column: Option<&str>) -> Result<()> {
    match values.iter().position(|v| !v.is_finite()) {
        None => Ok(()),
        Some(row) => Err(Error::NonFinite {
            row,
            value: values.get(row).map(|v| v.to_string()).unwrap_or_default(),
            column: column
                .map(|c| format!(" in column \"{c}\""))
                .unwrap_or_default(),
        }),
    }
}

/// Checks that every result computed from finite `input` is finite: sums of values near
/// the ends of the f64 range overflow to infinity and then to NaN.
pub(crate) fn check_results(input: &[f64], results: &[&[f64]]) -> Result<()> {
    let row = results
        .iter()
        .filter_map(|r| r.iter().position(|v| !v.is_finite()))
        .min();
    match row {
        None => Ok(()),
        Some(row) => Err(Error::Overflow {
            row,
            largest: format!("{:e}", input.iter().fold(0.0f64, |m, v| m.max(v.abs()))),
        }),
    }
}

impl huntkit_core::ErrorCode for Error {
    /// A stable snake_case code for programs to match on.
    fn code(&self) -> &'static str {
        match self {
            Error::InvalidOption { .. } => "invalid_option",
            Error::TooShort { .. } => "too_short",
            Error::NonFinite { .. } | Error::Overflow { .. } => "non_finite",
            Error::Missing { .. } => "missing_value",
            Error::DuplicateTimestamp { .. } => "duplicate_timestamp",
            Error::Unsorted { .. } => "unsorted",
            Error::LengthMismatch { .. } => "length_mismatch",
            Error::LimitExceeded(_) => "limit_exceeded",
            Error::Core(e) => e.code(),
            Error::Arrow(_) => "invalid_arrow",
        }
    }
}
