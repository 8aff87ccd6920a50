//! The one error type of the table layer.

use std::fmt;

/// A value shown inside an error message is cut to this many characters, because the
/// value is attacker-controlled and may be megabytes long.
const SHOWN_VALUE_CHARS: usize = 80;

/// Everything that can go wrong reading, accessing or writing a table.
///
/// Each variant has a stable [`code`](Error::code) that the wasm façade, the npm package and
/// the CLI pass on unchanged, and a message that says what was wrong and where.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The input had no bytes, or only white space.
    #[error("empty input: there is no data to read")]
    EmptyInput,
    /// The input is none of the formats huntkit reads.
    #[error("unknown format: {detail}")]
    UnknownFormat { detail: String },
    /// Arrow IPC bytes that could not be read.
    #[error("invalid Arrow IPC data: {detail}")]
    InvalidArrow { detail: String },
    /// A Parquet file that could not be read (feature `parquet`).
    #[error("invalid Parquet data: {detail}")]
    InvalidParquet { detail: String },
    /// A CSV record that could not be read.
    #[error("invalid CSV at line {line}: {detail}")]
    InvalidCsv { line: u64, detail: String },
    /// JSON that could not be read.
    #[error("invalid JSON at line {line}, column {column}: {detail}")]
    InvalidJson {
        line: usize,
        column: usize,
        detail: String,
    },
    /// Text that is not UTF-8.
    #[error("invalid UTF-8 {location}")]
    InvalidUtf8 { location: String },
    /// A resource limit was reached.
    #[error("limit exceeded: {what} is over the limit of {limit} (set `{option}` to allow more)")]
    LimitExceeded {
        what: String,
        limit: u64,
        option: &'static str,
    },
    /// A column name that the table does not have.
    #[error("column {name:?} not found; the table has {}", show_names(.available))]
    ColumnNotFound {
        name: String,
        available: Vec<String>,
    },
    /// A column whose type cannot serve what was asked of it.
    #[error("column {column:?} has type {found}, expected {expected}")]
    ColumnType {
        column: String,
        found: String,
        expected: &'static str,
    },
    /// One value that could not be read as what was expected.
    #[error("column {column:?}, row {row}: {value:?} is not {expected}")]
    InvalidValue {
        column: String,
        row: usize,
        value: String,
        expected: &'static str,
    },
    /// An option out of its range, or options that contradict each other.
    #[error("invalid option `{option}`: {detail}")]
    InvalidOption { option: String, detail: String },
    /// A failure inside the Arrow library while building or writing a table.
    #[error("table error: {detail}")]
    Arrow { detail: String },
}

fn show_names(names: &[String]) -> String {
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

impl Error {
    pub(crate) fn value(column: &str, row: usize, value: &str, expected: &'static str) -> Error {
        Error::InvalidValue {
            column: column.to_string(),
            row,
            value: shorten(value),
            expected,
        }
    }

    /// The error for a text that is not a timestamp huntkit can hold: "out of range" for
    /// a well-formed one outside the nanosecond range, else "not an ISO-8601 timestamp".
    pub fn timestamp(column: &str, row: usize, value: &str) -> Error {
        let expected = if crate::timestamp_out_of_range(value) {
            "a timestamp huntkit can hold: it is out of range (1677-09-21 to \
             2262-04-11 23:47:16 UTC, nanoseconds since 1970 in 64 bits)"
        } else {
            "an ISO-8601 timestamp"
        };
        Error::value(column, row, value, expected)
    }

    pub(crate) fn arrow(e: impl fmt::Display) -> Error {
        Error::Arrow {
            detail: e.to_string(),
        }
    }
}

/// Cuts an attacker-controlled value for display.
pub fn shorten(value: &str) -> String {
    let mut chars = value.chars();
    let head: String = chars.by_ref().take(SHOWN_VALUE_CHARS).collect();
    if chars.next().is_some() {
        format!("{head}…")
    } else {
        head
    }
}

/// Errors that carry a stable code, so every engine's error can be mapped the same way
/// at the wasm and CLI boundaries.
pub trait ErrorCode: std::error::Error {
    /// The stable, snake_case code.
    fn code(&self) -> &'static str;
}

impl ErrorCode for Error {
    /// The stable, snake_case code of this error.
    fn code(&self) -> &'static str {
        match self {
            Error::EmptyInput => "empty_input",
            Error::UnknownFormat { .. } => "unknown_format",
            Error::InvalidArrow { .. } => "invalid_arrow",
            Error::InvalidParquet { .. } => "invalid_parquet",
            Error::InvalidCsv { .. } => "invalid_csv",
            Error::InvalidJson { .. } => "invalid_json",
            Error::InvalidUtf8 { .. } => "invalid_utf8",
            Error::LimitExceeded { .. } => "limit_exceeded",
            Error::ColumnNotFound { .. } => "column_not_found",
            Error::ColumnType { .. } => "column_type",
            Error::InvalidValue { .. } => "invalid_value",
            Error::InvalidOption { .. } => "invalid_option",
            Error::Arrow { .. } => "arrow",
        }
    }
}

/// The result type of the table layer.
pub type Result<T, E = Error> = std::result::Result<T, E>;
