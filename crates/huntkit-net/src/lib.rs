//! # huntkit-net
//!
//! Lookups that go over the network: MSTICPy's threat-intelligence providers for
//! VirusTotal (API v3), AlienVault OTX, AbuseIPDB, GreyNoise Community and URLhaus, and
//! its WhoIs pivot through RDAP (the registries' JSON WhoIs, RFC 9083).
//!
//! * **No I/O in the engine.** Each provider builds an [`HttpRequest`]
//!   ([`Provider::build_request`]) and reads an [`HttpResponse`] into a
//!   [`huntkit_ti::TiResult`] row ([`Provider::parse_response`]); a WhoIs lookup is a
//!   state machine ([`rdap::WhoisLookup`]). Natively, the `native` feature moves the
//!   bytes with `ureq` ([`native::lookup_all`], [`native::whois_all`]); in the browser
//!   the wasm façade does it with `fetch`.
//! * **Keys stay secret.** API keys come from the configuration ([`NetConfig`], JSON or
//!   `HUNTKIT_*_KEY` environment variables), travel in headers only, and print as
//!   `[redacted]` in every `Debug`, `Display` and error message.
//! * **Polite.** A per-provider rate limit (requests per minute, the free tier's by
//!   default) and a cache of answers by (provider, indicator) with a time to live, both
//!   in [`Session`], fed the time by the caller.
//! * **Never panics.** A 404 is a "not found" row; 401/403, 429 and malformed bodies are
//!   coded errors (`unauthorized`, `rate_limited`, `malformed_response`) that table
//!   lookups turn into rows with the code in `Details`.
//!
//! ```
//! use huntkit_net::{HttpResponse, NetConfig, Provider, ApiKey};
//! use huntkit_ti::{IocType, Severity};
//!
//! let mut config = NetConfig::default();
//! config.set_key(Provider::AbuseIpdb, ApiKey::new("my-secret-key"));
//! let request = Provider::AbuseIpdb
//!     .build_request("203.0.113.9", IocType::Ipv4, &config)?
//!     .expect("AbuseIPDB answers for IPv4");
//! assert_eq!(request.url, "https://api.abuseipdb.com/api/v2/check?ipAddress=203.0.113.9&maxAgeInDays=90");
//! assert!(!format!("{request:?}").contains("my-secret-key"));
//!
//! let body = r#"{"data":{"ipAddress":"203.0.113.9","abuseConfidenceScore":90,"totalReports":12}}"#;
//! let row = Provider::AbuseIpdb.parse_response("203.0.113.9", IocType::Ipv4, &HttpResponse::new(200, body))?;
//! assert!(row.result);
//! assert_eq!(row.severity, Severity::High);
//! # Ok::<(), huntkit_net::Error>(())
//! ```
#![warn(missing_docs)]

pub mod cache;
mod config;
mod error;
mod http;
mod lookup;
pub mod providers;
pub mod ratelimit;
pub mod rdap;

#[cfg(feature = "native")]
pub mod native;

pub use config::{check_base_url, ApiKey, NetConfig, ProviderConfig, Redactor};
pub use error::{Error, Result};
pub use http::{HeaderValue, HttpRequest, HttpResponse, Method, Transport};
pub use lookup::{detect_ioc_type, indicators_of, Session, Step};
pub use providers::{error_result, Provider};
pub use rdap::{whois_table, Bootstrap, WhoisLookup, WhoisRecord, WhoisStep, WHOIS_COLUMNS};
