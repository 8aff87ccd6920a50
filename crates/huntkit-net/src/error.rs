//! The crate's error vocabulary. No message ever holds an API key: keys live in
//! [`crate::ApiKey`], which prints as `[redacted]`, and the few messages that carry text
//! from elsewhere (a transport's error) pass through [`crate::Redactor`] first.

/// Everything that can go wrong while configuring or making a lookup.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The configuration cannot be used (unknown key, wrong type, bad URL).
    #[error("invalid configuration at `{at}`: {message}")]
    InvalidConfig {
        /// Where in the configuration (`providers.virustotal.base_url`).
        at: String,
        /// What was wrong with it (never the value itself: it may be a key).
        message: String,
    },
    /// A provider name huntkit does not know.
    #[error("unknown provider `{name}` (known: virustotal, otx, abuseipdb, greynoise, urlhaus)")]
    UnknownProvider {
        /// The name that was asked for (shortened).
        name: String,
    },
    /// The provider needs an API key and none was configured.
    #[error("provider `{provider}` needs an API key: set it in the configuration or in {env}")]
    MissingApiKey {
        /// The provider's name.
        provider: &'static str,
        /// The environment variable the CLI and Python read it from.
        env: &'static str,
    },
    /// The service refused the key (HTTP 401 or 403).
    #[error("provider `{provider}` refused the request (HTTP {status}): check the API key")]
    Unauthorized {
        /// The provider's name.
        provider: &'static str,
        /// The HTTP status.
        status: u16,
    },
    /// Too many requests: the local limiter or the service (HTTP 429) says wait.
    #[error("provider `{provider}` is rate limited; retry in {retry_after_ms} ms")]
    RateLimited {
        /// The provider's name (or `rdap`).
        provider: &'static str,
        /// How long to wait, in milliseconds (0 when the service did not say).
        retry_after_ms: u64,
    },
    /// Any other unexpected HTTP status.
    #[error("provider `{provider}` answered HTTP {status}")]
    HttpStatus {
        /// The provider's name (or `rdap`).
        provider: &'static str,
        /// The HTTP status.
        status: u16,
    },
    /// The body is not what the provider documents (not JSON, or a missing field).
    #[error("provider `{provider}` sent a malformed response: {message}")]
    MalformedResponse {
        /// The provider's name (or `rdap`).
        provider: &'static str,
        /// What was wrong, with the JSON path where it helps.
        message: String,
    },
    /// The response is larger than `max_response_bytes`.
    #[error("provider `{provider}` sent more than {limit} bytes")]
    ResponseTooLarge {
        /// The provider's name (or `rdap`).
        provider: &'static str,
        /// The limit in bytes.
        limit: usize,
    },
    /// The request could not be made (connection refused, DNS, TLS, timeout).
    #[error("provider `{provider}`: request failed: {message}")]
    Transport {
        /// The provider's name (or `rdap`).
        provider: &'static str,
        /// The transport's message, with any key redacted.
        message: String,
    },
    /// Not an IP address (RDAP IP lookups).
    #[error("`{value}` is not an IP address")]
    InvalidIp {
        /// The value (shortened).
        value: String,
    },
    /// The address is private, loopback or otherwise not in any registry.
    #[error("`{value}` is a {kind} address: no registry holds it")]
    NotPublic {
        /// The address.
        value: String,
        /// `private`, `loopback`, `link-local`, `multicast`, `reserved`...
        kind: &'static str,
    },
    /// An RDAP bootstrap file that is not in RFC 9224's format.
    #[error("invalid RDAP bootstrap file: {message}")]
    InvalidBootstrap {
        /// What was wrong.
        message: String,
    },
    /// No registry in the bootstrap serves this query.
    #[error("no RDAP service in the bootstrap covers `{query}`")]
    NoRdapService {
        /// The address or AS number.
        query: String,
    },
    /// RDAP referrals went on for longer than allowed.
    #[error("RDAP lookup of `{query}` followed more than {limit} requests")]
    TooManyRedirects {
        /// The address.
        query: String,
        /// The limit.
        limit: usize,
    },
    /// An error from the table layer (reading the input column, building the output).
    #[error(transparent)]
    Core(#[from] huntkit_core::Error),
}

impl huntkit_core::ErrorCode for Error {
    /// A stable, snake_case code for this error, for programs to match on.
    fn code(&self) -> &'static str {
        match self {
            Error::InvalidConfig { .. } => "invalid_config",
            Error::UnknownProvider { .. } => "unknown_provider",
            Error::MissingApiKey { .. } => "missing_api_key",
            Error::Unauthorized { .. } => "unauthorized",
            Error::RateLimited { .. } => "rate_limited",
            Error::HttpStatus { .. } => "http_status",
            Error::MalformedResponse { .. } => "malformed_response",
            Error::ResponseTooLarge { .. } => "response_too_large",
            Error::Transport { .. } => "transport",
            Error::InvalidIp { .. } => "invalid_ip",
            Error::NotPublic { .. } => "not_public",
            Error::InvalidBootstrap { .. } => "invalid_bootstrap",
            Error::NoRdapService { .. } => "no_rdap_service",
            Error::TooManyRedirects { .. } => "too_many_redirects",
            Error::Core(e) => e.code(),
        }
    }
}

/// The crate's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
