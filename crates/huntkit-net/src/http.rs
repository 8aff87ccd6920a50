//! Requests and responses as plain data, so the engines stay free of I/O: providers and
//! RDAP build [`HttpRequest`]s and read [`HttpResponse`]s, and a [`Transport`] (native:
//! `ureq`; in the browser: `fetch`, in the wasm façade) moves the bytes.

use std::fmt;

use crate::config::ApiKey;

/// The HTTP methods the providers use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// `GET`.
    Get,
    /// `POST` (URLhaus).
    Post,
}

impl Method {
    /// The method's name on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
        }
    }
}

/// A header value: plain text, or a key that is only read when the request is sent.
#[derive(Clone, PartialEq)]
pub enum HeaderValue {
    /// An ordinary value.
    Plain(String),
    /// An API key: printed as `[redacted]`.
    Secret(ApiKey),
}

impl HeaderValue {
    /// The value to put on the wire.
    pub fn expose(&self) -> &str {
        match self {
            HeaderValue::Plain(s) => s,
            HeaderValue::Secret(k) => k.expose(),
        }
    }

    /// Is this value a secret?
    pub fn is_secret(&self) -> bool {
        matches!(self, HeaderValue::Secret(_))
    }
}

impl fmt::Debug for HeaderValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HeaderValue::Plain(s) => fmt::Debug::fmt(s, f),
            HeaderValue::Secret(_) => f.write_str("[redacted]"),
        }
    }
}

/// One request to make. Keys travel in headers only (never in the URL), so URLs may
/// be logged.
#[derive(Debug, Clone, PartialEq)]
pub struct HttpRequest {
    /// The method.
    pub method: Method,
    /// The whole URL, indicator percent-encoded.
    pub url: String,
    /// Headers in order.
    pub headers: Vec<(String, HeaderValue)>,
    /// The body (URLhaus' form), with its content type among the headers.
    pub body: Option<String>,
}

impl HttpRequest {
    /// A `GET` of `url` asking for JSON.
    pub fn get(url: String) -> HttpRequest {
        HttpRequest {
            method: Method::Get,
            url,
            headers: vec![(
                "Accept".into(),
                HeaderValue::Plain("application/json".into()),
            )],
            body: None,
        }
    }

    /// Adds a header.
    pub fn header(mut self, name: &str, value: HeaderValue) -> HttpRequest {
        self.headers.push((name.to_string(), value));
        self
    }

    /// The value of the first header called `name` (any case).
    pub fn header_value(&self, name: &str) -> Option<&HeaderValue> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    }
}

/// What came back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpResponse {
    /// The HTTP status.
    pub status: u16,
    /// The body (at most the configured number of bytes).
    pub body: Vec<u8>,
    /// `Retry-After` in seconds, when the service sent it as a number.
    pub retry_after_secs: Option<u64>,
}

impl HttpResponse {
    /// A response with no `Retry-After`.
    pub fn new(status: u16, body: impl Into<Vec<u8>>) -> HttpResponse {
        HttpResponse {
            status,
            body: body.into(),
            retry_after_secs: None,
        }
    }
}

/// Moves a request over the network and returns the response, whatever its status.
/// `Err` is for requests that got no HTTP answer (refused, timed out, TLS failure, body
/// over `max_bytes`); its text must not hold the request's headers.
pub trait Transport {
    /// Sends `request`, reading at most `max_bytes` of the body.
    fn send(&self, request: &HttpRequest, max_bytes: usize) -> Result<HttpResponse, String>;
}
