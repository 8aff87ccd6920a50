//! # huntkit-ti
//!
//! Threat-intelligence lookups with MSTICPy's TI result columns (`Ioc`, `IocType`,
//! `Provider`, `Result`, `Severity`, `Details`, `RawResult`, `Reference`), answered
//! offline from local feeds:
//!
//! * **plain lists**: one value a line, `#` comments, an optional score (ipsum);
//! * **CSV** with a column mapping (value, type, score, severity, reference);
//! * **MISP warning lists**: benign values; a match is reported as a warning
//!   (`Result = false`, severity `information`), not as a hit;
//! * **MISP events**: attributes and objects' attributes;
//! * **STIX 2.1 bundles**: indicators whose pattern is one plain equality on an
//!   address, domain, URL, e-mail address or file hash.
//!
//! Indicators are refanged and normalised (domains, hashes and URL hosts
//! case-insensitive, IPv4-mapped IPv6 addresses as IPv4, addresses matched against
//! CIDR ranges); their type is given or inferred per value with the names of
//! `huntkit-ioc`'s extractor, whose output can be looked up as it comes. Feeds are
//! bounded (`maxFeedBytes`, `maxEntries`, `maxLineBytes`) and a bad feed is a coded
//! error (`invalid_feed` with the line, `limit_exceeded`).
//!
//! [`result`] is the model every TI source of huntkit shares, network providers
//! included.
//!
//! ```
//! use huntkit_ti::{FeedKind, FeedOptions, FeedSet, Severity};
//!
//! let mut feeds = FeedSet::new();
//! feeds.add_bytes(b"203.0.113.7\t5\n198.51.100.9\t1\n", &FeedOptions::default())?;
//! let warning_list = br#"{"name": "rfc1918", "type": "cidr", "list": ["10.0.0.0/8"]}"#;
//! feeds.add_bytes(warning_list, &FeedOptions::default())?;
//!
//! let hit = &feeds.lookup("203.0.113[.]7", None)[0];
//! assert_eq!((hit.provider.as_str(), hit.result, hit.severity), ("plain", true, Severity::High));
//! assert_eq!(feeds.lookup("198.51.100.9", None)[0].severity, Severity::Warning);
//!
//! let benign = &feeds.lookup("10.1.2.3", None)[0];
//! assert_eq!((benign.provider.as_str(), benign.result), ("rfc1918", false));
//! assert_eq!(benign.details["warninglist"], "rfc1918");
//! # Ok::<(), huntkit_ti::Error>(())
//! ```
#![warn(missing_docs)]

mod error;
pub mod feeds;
mod feedset;
pub mod normalize;
mod options;
pub mod result;

pub use error::Error;
pub use feeds::{detect, parse, ParsedFeed};
pub use feedset::{lookup_column, FeedSet, FeedSummary, SOURCE_INDEX};
pub use options::{FeedKind, FeedOptions, LookupOptions};
pub use result::{
    details_text, results_to_table, IocType, LocalProvider, Severity, TiResult, RESULT_COLUMNS,
};
