//! Options: one struct holding every default in one place.

use serde::{Deserialize, Serialize};

pub use huntkit_core::Compat;

/// Which matches to report, judged by whether they were written defanged.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub enum DefangMode {
    /// Report fanged and defanged matches alike.
    #[default]
    All,
    /// Report only matches written in plain (fanged) form. In `compat: msticpy` this is
    /// MSTICPy's `defanged=False`.
    Fanged,
    /// Report only matches that were written defanged (`hxxp`, `[.]`, `[at]`, ...).
    Defanged,
}

/// Whether JSON string escapes (`\\`, `\n`, `\t`, `\"`, `\u0041`, ...) are read as the
/// characters they stand for before scanning.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub enum JsonEscapes {
    /// Decode them in a text that is JSON: one JSON document, a stream of documents
    /// (NDJSON), or, line by line, each line that is a JSON object or array. A text is
    /// only tried when it starts with `{` or `[` and holds a backslash.
    #[default]
    Auto,
    /// Decode every JSON escape in every text, JSON or not.
    Always,
    /// Scan the text as written.
    Never,
}

/// A user-defined IoC type, added at run time.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct CustomType {
    /// The type name reported in results. A built-in name replaces that built-in type.
    pub name: String,
    /// A regex in the syntax of the `regex` crate (no look-around, no back-references).
    pub pattern: String,
    /// Lower wins when one string matches two types (built-ins use 0 to 4).
    pub priority: u32,
    /// Report this capture group (by name) instead of the whole match.
    pub group: Option<String>,
}

/// Every option of the extractor, with its defaults.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct Options {
    /// Follow huntkit's fixes (default) or MSTICPy's behaviour.
    pub compat: Compat,
    /// Types to look for; `None` means the default set (see `include_paths`).
    pub types: Option<Vec<String>>,
    /// Add `windows_path` and `linux_path` to the default set of types. In
    /// `compat: msticpy`, string mode always scans paths and table mode adds only
    /// `windows_path`, as MSTICPy does.
    pub include_paths: bool,
    /// Report fanged, defanged or all matches.
    pub defang: DefangMode,
    /// Accept domains whatever their top-level domain.
    pub ignore_tlds: bool,
    /// Values never reported (compared case-insensitively with the normalised value).
    pub ignore_values: Vec<String>,
    /// Domains never reported, with their sub-domains; also drops URLs and e-mail
    /// addresses on them.
    pub ignore_domains: Vec<String>,
    /// CIDR ranges (or single addresses) whose IPs are never reported.
    pub ignore_cidrs: Vec<String>,
    /// Drop private, loopback, link-local, multicast, documentation and reserved IPs.
    pub exclude_private_ips: bool,
    /// User-defined types, scanned after the built-ins.
    pub custom_types: Vec<CustomType>,
    /// At most this many distinct observables per input string; the result is then
    /// flagged as truncated.
    pub max_matches: usize,
    /// At most this many output rows in table mode; more is a `limit_exceeded` error.
    pub max_rows: usize,
    /// Report `start`/`end` in UTF-16 code units (what JavaScript strings index by)
    /// instead of bytes.
    pub utf16_offsets: bool,
    /// Also report where each indicator occurs again: every match then carries the
    /// spans of its later occurrences in `repeats` (a view highlights them all). The
    /// repeats of one text count against `max_matches` too.
    pub all_occurrences: bool,
    /// Keep dotted quads that context marks as version numbers (`FileVersion: 4.1.0.7`,
    /// `SkypeApp_14.35.152.0_x64`, `v4.0_4.0.0.0__b77a5c561934e089`) as `ipv4`. They
    /// are dropped by default; `compat: msticpy` always keeps them, as MSTICPy does.
    pub keep_version_ips: bool,
    /// Read JSON escapes as characters in JSON text (default `auto`). `compat: msticpy`
    /// scans text as written: there only `never` and `auto` (which then decodes
    /// nothing) are accepted.
    pub json_escapes: JsonEscapes,
    /// Table mode: add the `Input` column, the whole source cell, to every result row.
    /// Default: off, except under `compat: msticpy`, whose `extract_df` always has it.
    /// Rows name their source by `SourceIndex`, `Column` and the `start`/`end` span.
    pub include_input: Option<bool>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            compat: Compat::Huntkit,
            types: None,
            include_paths: false,
            defang: DefangMode::All,
            ignore_tlds: false,
            ignore_values: Vec::new(),
            ignore_domains: Vec::new(),
            ignore_cidrs: Vec::new(),
            exclude_private_ips: false,
            custom_types: Vec::new(),
            max_matches: 100_000,
            max_rows: 10_000_000,
            utf16_offsets: false,
            all_occurrences: false,
            keep_version_ips: false,
            json_escapes: JsonEscapes::Auto,
            include_input: None,
        }
    }
}
