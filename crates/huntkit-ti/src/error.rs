//! The crate's error vocabulary.

/// Everything that can go wrong reading a feed or looking indicators up.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A feed that could not be read as its kind. `line` is 1-based (0 when the
    /// problem is not on one line, e.g. JSON that ends too early is reported at its end).
    #[error("invalid feed `{feed}`{}: {detail}", at_line(*.line))]
    InvalidFeed {
        /// The feed's name.
        feed: String,
        /// Where (1-based line).
        line: usize,
        /// What was wrong.
        detail: String,
    },
    /// The feed's kind was not given and could not be told from its content.
    #[error("feed `{feed}`: cannot tell its kind from its content; give one of plain, csv, misp-warninglist, misp-event, stix")]
    UnknownFeedKind {
        /// The feed's name.
        feed: String,
    },
    /// A size or count limit was reached.
    #[error("limit exceeded: {what} is over the limit of {limit} (set `{option}` to allow more)")]
    LimitExceeded {
        /// What grew too large.
        what: String,
        /// The limit.
        limit: u64,
        /// The option that sets it.
        option: &'static str,
    },
    /// An IoC type name that is not known.
    #[error("unknown IoC type `{name}` (known types: ipv4, ipv6, dns, url, email, md5_hash, sha1_hash, sha256_hash, sha512_hash, ipv4_cidr, ipv6_cidr, asn, file_hash)")]
    UnknownType {
        /// The name given.
        name: String,
    },
    /// An option holds a value that cannot be used.
    #[error("invalid option `{option}`: {message}")]
    InvalidOption {
        /// The option's name as the API spells it.
        option: &'static str,
        /// What was wrong with it.
        message: String,
    },
    /// An error from the table layer (reading columns, building the output).
    #[error(transparent)]
    Core(#[from] huntkit_core::Error),
}

impl huntkit_core::ErrorCode for Error {
    /// A stable, snake_case code for this error, for programs to match on.
    fn code(&self) -> &'static str {
        match self {
            Error::InvalidFeed { .. } => "invalid_feed",
            Error::UnknownFeedKind { .. } => "unknown_feed_kind",
            Error::LimitExceeded { .. } => "limit_exceeded",
            Error::UnknownType { .. } => "unknown_type",
            Error::InvalidOption { .. } => "invalid_option",
            Error::Core(e) => e.code(),
        }
    }
}

fn at_line(line: usize) -> String {
    if line == 0 {
        String::new()
    } else {
        format!(" at line {line}")
    }
}

impl Error {
    pub(crate) fn invalid(feed: &str, line: usize, detail: impl Into<String>) -> Error {
        Error::InvalidFeed {
            feed: feed.to_string(),
            line,
            detail: huntkit_core::shorten(&detail.into()),
        }
    }
}
