//! Options: how a feed is read, and how a lookup runs. Every default is here.

use serde::{Deserialize, Serialize};

use crate::result::{IocType, Severity};

/// The kinds of local feed huntkit reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "kebab-case")]
pub enum FeedKind {
    /// One indicator a line, `#` comments, an optional score after it (ipsum's form).
    Plain,
    /// CSV with a header; which column holds what is set by the `*Column` options.
    Csv,
    /// A MISP warning list (`list.json`): benign values, reported as warnings.
    #[serde(alias = "misp_warninglist")]
    MispWarninglist,
    /// A MISP event (`{"Event": {...}}`, a list of them, or `{"response": [...]}`).
    #[serde(alias = "misp_event")]
    MispEvent,
    /// A STIX 2.1 bundle: indicators whose pattern is one plain equality.
    Stix,
}

impl FeedKind {
    /// The name the CLI and options use.
    pub const fn name(self) -> &'static str {
        match self {
            FeedKind::Plain => "plain",
            FeedKind::Csv => "csv",
            FeedKind::MispWarninglist => "misp-warninglist",
            FeedKind::MispEvent => "misp-event",
            FeedKind::Stix => "stix",
        }
    }

    /// Parses a kind name (`_` and `-` alike, any case).
    pub fn parse(name: &str) -> Option<FeedKind> {
        match name.trim().to_ascii_lowercase().replace('_', "-").as_str() {
            "plain" | "list" | "txt" => Some(FeedKind::Plain),
            "csv" => Some(FeedKind::Csv),
            "misp-warninglist" | "misp-warning-list" | "warninglist" => {
                Some(FeedKind::MispWarninglist)
            }
            "misp-event" | "misp" => Some(FeedKind::MispEvent),
            "stix" | "stix2" | "stix-bundle" => Some(FeedKind::Stix),
            _ => None,
        }
    }
}

/// How to read one feed. Every field has a default; only what differs needs setting.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct FeedOptions {
    /// The name shown in the `Provider` column (default: the warning list's or MISP
    /// event's own name, else the kind's name).
    pub name: Option<String>,
    /// The feed's kind; told from the content when not given.
    pub kind: Option<FeedKind>,
    /// Severity of a listed indicator that has no score (plain and CSV feeds).
    pub severity: Severity,
    /// A score at or above this is `high`, a lower positive score `warning` (ipsum's
    /// score is the number of blocklists listing the address: 3 or more is `high`).
    pub high_score: f64,
    /// The type of every value (plain and CSV feeds); inferred per value when not given.
    pub ioc_type: Option<IocType>,
    /// CSV: the column of indicator values (default: the first column named
    /// `ioc`, `indicator`, `value`, `observable`, `ip`, `domain`, `url` or `hash`, else
    /// the first column).
    pub value_column: Option<String>,
    /// CSV: a column holding each value's type (names as [`IocType::parse`] reads them).
    pub type_column: Option<String>,
    /// CSV: a numeric score column, mapped to severity through `highScore`.
    pub score_column: Option<String>,
    /// CSV: a column holding each row's severity (`high`, `warning`, `medium`, ...).
    pub severity_column: Option<String>,
    /// CSV: a column holding each row's reference (a URL).
    pub reference_column: Option<String>,
    /// Largest feed, in bytes.
    pub max_feed_bytes: usize,
    /// Most indicators one feed may hold.
    pub max_entries: usize,
    /// Longest line of a plain or CSV feed, in bytes.
    pub max_line_bytes: usize,
}

impl Default for FeedOptions {
    fn default() -> Self {
        FeedOptions {
            name: None,
            kind: None,
            severity: Severity::High,
            high_score: 3.0,
            ioc_type: None,
            value_column: None,
            type_column: None,
            score_column: None,
            severity_column: None,
            reference_column: None,
            max_feed_bytes: 256 << 20,
            max_entries: 10_000_000,
            max_line_bytes: 64 << 10,
        }
    }
}

/// How a lookup runs.
#[derive(Clone, Debug, PartialEq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct LookupOptions {
    /// Table lookups: the column of indicators (default: the only column, or the first
    /// column named `Ioc`, `ioc`, `Observable`, `indicator`, `value`).
    pub column: Option<String>,
    /// Table lookups: a column giving each row's IoC type (MSTICPy's `ioc_type_col`).
    pub type_column: Option<String>,
    /// The type of every indicator; inferred per value when not given.
    pub ioc_type: Option<IocType>,
    /// Also report, per indicator and feed, a `Result = false` row when the feed does
    /// not list it (MSTICPy's one row per indicator and provider). Off: only hits and
    /// warning-list matches are reported.
    pub include_misses: bool,
    /// Most result rows; more is a `limit_exceeded` error.
    pub max_results: usize,
}

impl Default for LookupOptions {
    fn default() -> Self {
        LookupOptions {
            column: None,
            type_column: None,
            ioc_type: None,
            include_misses: false,
            max_results: 10_000_000,
        }
    }
}
