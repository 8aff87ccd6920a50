//! The crate's error vocabulary.

/// Everything that can go wrong opening GeoIP databases or looking addresses up in them.
///
/// An address that does not parse or that no database lists is not an error: its row
/// holds nulls.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file that is not a readable MaxMind DB: a bad metadata section, a search tree
    /// that points outside the file, a record that does not decode.
    #[error("invalid GeoIP database ({database}): {detail}")]
    InvalidDatabase {
        /// Which database: its position among those given and, once known, its type.
        database: String,
        /// What the reader found wrong.
        detail: String,
    },
    /// A valid MaxMind DB that holds neither locations nor autonomous systems, or a
    /// second database of a kind already given.
    #[error("unsupported GeoIP database ({database}): {detail}")]
    UnsupportedDatabase {
        /// Which database: its position among those given and its type.
        database: String,
        /// Why it cannot be used.
        detail: String,
    },
    /// An option holds a value that cannot be used.
    #[error("invalid option `{option}`: {message}")]
    InvalidOption {
        /// The option's name as the API spells it.
        option: &'static str,
        /// What was wrong with it.
        message: String,
    },
    /// An error from the table layer (reading the address column, building the output).
    #[error(transparent)]
    Core(#[from] huntkit_core::Error),
}

impl huntkit_core::ErrorCode for Error {
    /// A stable, snake_case code for this error, for programs to match on.
    fn code(&self) -> &'static str {
        match self {
            Error::InvalidDatabase { .. } => "invalid_geoip_db",
            Error::UnsupportedDatabase { .. } => "unsupported_geoip_db",
            Error::InvalidOption { .. } => "invalid_option",
            Error::Core(e) => e.code(),
        }
    }
}
