//! The shared threat-intelligence result model.
//!
//! Every TI source in huntkit — the offline feeds of this crate and the network
//! providers built on it — answers with [`TiResult`] rows, and [`results_to_table`]
//! turns them into a table with MSTICPy's TI result columns:
//! `Ioc`, `IocType`, `Provider`, `Result`, `Severity`, `Details`, `RawResult`,
//! `Reference`. [`IocType`] names the types exactly as `huntkit-ioc`'s extractor does
//! (`ipv4`, `dns`, `sha256_hash`, ...), so what the extractor finds can be looked up
//! as it comes. [`Severity`] is MSTICPy's `ResultSeverity`: `unknown`, `information`,
//! `warning`, `high`, ordered in that order.

use std::fmt;
use std::sync::Arc;

use arrow::array::{ArrayRef, BooleanArray, StringArray};
use huntkit_core::Table;
use serde::{Deserialize, Serialize};

/// MSTICPy's TI result columns, in MSTICPy's order.
pub const RESULT_COLUMNS: [&str; 8] = [
    "Ioc",
    "IocType",
    "Provider",
    "Result",
    "Severity",
    "Details",
    "RawResult",
    "Reference",
];

/// How bad a result is: MSTICPy's `ResultSeverity` (`unknown = -1`, `information = 0`,
/// `warning = 1`, `high = 2`). The derived order follows those numbers.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The source could not say.
    Unknown,
    /// Known to the source, nothing bad (also: a benign-list match).
    #[default]
    Information,
    /// Suspicious.
    Warning,
    /// Known bad.
    High,
}

impl Severity {
    /// MSTICPy's name for this severity.
    pub const fn name(self) -> &'static str {
        match self {
            Severity::Unknown => "unknown",
            Severity::Information => "information",
            Severity::Warning => "warning",
            Severity::High => "high",
        }
    }

    /// MSTICPy's number for this severity.
    pub const fn value(self) -> i32 {
        match self {
            Severity::Unknown => -1,
            Severity::Information => 0,
            Severity::Warning => 1,
            Severity::High => 2,
        }
    }

    /// Parses a name (any case; `medium` and `low` read as `warning`, `info` as
    /// `information`) or MSTICPy's number; anything else is `None`.
    pub fn parse(text: &str) -> Option<Severity> {
        let t = text.trim();
        match t.to_ascii_lowercase().as_str() {
            "unknown" | "-1" => Some(Severity::Unknown),
            "information" | "info" | "informational" | "0" => Some(Severity::Information),
            "warning" | "medium" | "low" | "1" => Some(Severity::Warning),
            "high" | "critical" | "2" => Some(Severity::High),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The kind of an indicator, named as `huntkit-ioc`'s extractor names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum IocType {
    /// An IPv4 address.
    Ipv4,
    /// An IPv6 address.
    Ipv6,
    /// A domain or host name (MSTICPy's `dns`; `domain` and `hostname` read as this).
    #[serde(alias = "domain", alias = "hostname")]
    Dns,
    /// A URL.
    Url,
    /// An e-mail address.
    Email,
    /// An MD5 digest.
    #[serde(alias = "md5")]
    Md5Hash,
    /// A SHA-1 digest.
    #[serde(alias = "sha1")]
    Sha1Hash,
    /// A SHA-256 digest.
    #[serde(alias = "sha256")]
    Sha256Hash,
    /// A SHA-512 digest.
    #[serde(alias = "sha512")]
    Sha512Hash,
    /// An IPv4 network in CIDR notation.
    Ipv4Cidr,
    /// An IPv6 network in CIDR notation.
    Ipv6Cidr,
    /// An autonomous system number.
    Asn,
    /// None of the above, or not recognised.
    Unknown,
}

impl IocType {
    /// Every type, in declaration order.
    pub const ALL: [IocType; 13] = [
        IocType::Ipv4,
        IocType::Ipv6,
        IocType::Dns,
        IocType::Url,
        IocType::Email,
        IocType::Md5Hash,
        IocType::Sha1Hash,
        IocType::Sha256Hash,
        IocType::Sha512Hash,
        IocType::Ipv4Cidr,
        IocType::Ipv6Cidr,
        IocType::Asn,
        IocType::Unknown,
    ];

    /// The name `huntkit-ioc` (and MSTICPy) uses.
    pub const fn name(self) -> &'static str {
        match self {
            IocType::Ipv4 => "ipv4",
            IocType::Ipv6 => "ipv6",
            IocType::Dns => "dns",
            IocType::Url => "url",
            IocType::Email => "email",
            IocType::Md5Hash => "md5_hash",
            IocType::Sha1Hash => "sha1_hash",
            IocType::Sha256Hash => "sha256_hash",
            IocType::Sha512Hash => "sha512_hash",
            IocType::Ipv4Cidr => "ipv4_cidr",
            IocType::Ipv6Cidr => "ipv6_cidr",
            IocType::Asn => "asn",
            IocType::Unknown => "unknown",
        }
    }

    /// Parses a type name: the extractor's names plus the aliases users and feeds write
    /// (`domain`, `hostname`, `md5`, `sha1`, `sha256`, `sha512`, `ip`, `email-addr`...).
    /// `file_hash`/`hash` need the value to pick the digest: see [`IocType::parse_for`].
    pub fn parse(name: &str) -> Option<IocType> {
        let lower = name.trim().to_ascii_lowercase();
        let t = match lower.as_str() {
            "ipv4" | "ip" | "ipv4-addr" | "ipv4_addr" => IocType::Ipv4,
            "ipv6" | "ipv6-addr" | "ipv6_addr" => IocType::Ipv6,
            "dns" | "domain" | "hostname" | "domain-name" | "domain_name" | "host" | "fqdn" => {
                IocType::Dns
            }
            "url" | "uri" => IocType::Url,
            "email" | "email-addr" | "email_addr" | "email-src" | "email-dst" => IocType::Email,
            "md5_hash" | "md5" => IocType::Md5Hash,
            "sha1_hash" | "sha1" | "sha-1" => IocType::Sha1Hash,
            "sha256_hash" | "sha256" | "sha-256" => IocType::Sha256Hash,
            "sha512_hash" | "sha512" | "sha-512" => IocType::Sha512Hash,
            "ipv4_cidr" => IocType::Ipv4Cidr,
            "ipv6_cidr" => IocType::Ipv6Cidr,
            "asn" | "as" => IocType::Asn,
            "unknown" => IocType::Unknown,
            _ => return None,
        };
        Some(t)
    }

    /// [`IocType::parse`], where MSTICPy's generic `file_hash` (or `hash`) is resolved by
    /// the length of `value` (32, 40, 64 or 128 hex digits).
    pub fn parse_for(name: &str, value: &str) -> Option<IocType> {
        let lower = name.trim().to_ascii_lowercase();
        if lower == "file_hash" || lower == "hash" {
            return IocType::hash_by_length(value.trim());
        }
        IocType::parse(&lower)
    }

    /// The digest type of a hex string by its length, if it is all hex digits.
    pub fn hash_by_length(value: &str) -> Option<IocType> {
        if !value.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        match value.len() {
            32 => Some(IocType::Md5Hash),
            40 => Some(IocType::Sha1Hash),
            64 => Some(IocType::Sha256Hash),
            128 => Some(IocType::Sha512Hash),
            _ => None,
        }
    }

    /// Is this one of the digests?
    pub const fn is_hash(self) -> bool {
        matches!(
            self,
            IocType::Md5Hash | IocType::Sha1Hash | IocType::Sha256Hash | IocType::Sha512Hash
        )
    }
}

impl fmt::Display for IocType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One answer of one TI source about one indicator: a row of MSTICPy's TI result table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TiResult {
    /// The indicator as it was asked about.
    pub ioc: String,
    /// Its type.
    pub ioc_type: IocType,
    /// The name of the source that answered (a feed's or a service's name).
    pub provider: String,
    /// `true` when the source reports the indicator (a hit); `false` for no match,
    /// a benign-list match, or a lookup that could not be made.
    pub result: bool,
    /// How bad the source says it is.
    pub severity: Severity,
    /// What the source says, as JSON (MSTICPy's `Details`, a dict or a string).
    pub details: serde_json::Value,
    /// The source's own record (a feed line, a service's response body).
    pub raw_result: String,
    /// Where to read more: a URL or the feed's name and line.
    pub reference: Option<String>,
}

impl TiResult {
    /// A result with no details, raw record or reference yet.
    pub fn new(
        ioc: impl Into<String>,
        ioc_type: IocType,
        provider: impl Into<String>,
        result: bool,
        severity: Severity,
    ) -> TiResult {
        TiResult {
            ioc: ioc.into(),
            ioc_type,
            provider: provider.into(),
            result,
            severity,
            details: serde_json::Value::Null,
            raw_result: String::new(),
            reference: None,
        }
    }
}

/// A TI source that answers from memory, with no I/O: the offline feeds of this crate
/// (and anything else that can answer synchronously).
pub trait LocalProvider {
    /// The name shown in the `Provider` column.
    fn name(&self) -> &str;

    /// Does this source know anything about indicators of `ioc_type`?
    fn supports(&self, ioc_type: IocType) -> bool;

    /// What this source says about `ioc` (already of type `ioc_type`): one result per
    /// feed or list that knows it (a set of feeds may answer several times), none when
    /// nothing does.
    fn lookup(&self, ioc: &str, ioc_type: IocType) -> Vec<TiResult>;
}

/// MSTICPy's TI result table of `results`: the eight [`RESULT_COLUMNS`]. `Result` is
/// boolean, `Details` is JSON text (a JSON string value is written as the bare string),
/// `Reference` is null when absent.
pub fn results_to_table(results: &[TiResult]) -> huntkit_core::Result<Table> {
    let text = |f: &dyn Fn(&TiResult) -> Option<String>| -> ArrayRef {
        Arc::new(results.iter().map(f).collect::<StringArray>())
    };
    let columns: Vec<(String, ArrayRef)> = vec![
        ("Ioc".into(), text(&|r| Some(r.ioc.clone()))),
        (
            "IocType".into(),
            text(&|r| Some(r.ioc_type.name().to_string())),
        ),
        ("Provider".into(), text(&|r| Some(r.provider.clone()))),
        (
            "Result".into(),
            Arc::new(
                results
                    .iter()
                    .map(|r| Some(r.result))
                    .collect::<BooleanArray>(),
            ),
        ),
        (
            "Severity".into(),
            text(&|r| Some(r.severity.name().to_string())),
        ),
        ("Details".into(), text(&|r| details_text(&r.details))),
        ("RawResult".into(), text(&|r| Some(r.raw_result.clone()))),
        ("Reference".into(), text(&|r| r.reference.clone())),
    ];
    Table::from_columns(columns)
}

/// `Details` as a cell: null for JSON null, a string as itself, anything else as JSON.
pub fn details_text(details: &serde_json::Value) -> Option<String> {
    match details {
        serde_json::Value::Null => None,
        serde_json::Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn severity_names_and_order_follow_msticpy() {
        assert!(Severity::High > Severity::Warning);
        assert!(Severity::Warning > Severity::Information);
        assert!(Severity::Information > Severity::Unknown);
        assert_eq!(Severity::parse("HIGH"), Some(Severity::High));
        assert_eq!(Severity::parse("1"), Some(Severity::Warning));
        assert_eq!(Severity::parse("bogus"), None);
        assert_eq!(Severity::Unknown.value(), -1);
    }

    #[test]
    fn ioc_type_names_match_the_extractor() {
        for t in IocType::ALL {
            assert_eq!(IocType::parse(t.name()), Some(t));
        }
        assert_eq!(IocType::parse("hostname"), Some(IocType::Dns));
        assert_eq!(
            IocType::parse_for("file_hash", &"a".repeat(64)),
            Some(IocType::Sha256Hash)
        );
        assert_eq!(IocType::parse_for("file_hash", "xyz"), None);
        let from_json: IocType = serde_json::from_str("\"hostname\"").unwrap();
        assert_eq!(from_json, IocType::Dns);
    }

    #[test]
    fn table_has_msticpy_columns() {
        let mut r = TiResult::new("1.2.3.4", IocType::Ipv4, "ipsum", true, Severity::High);
        r.details = serde_json::json!({"count": 3});
        let t = results_to_table(&[r]).unwrap();
        assert_eq!(t.column_names(), RESULT_COLUMNS.map(String::from).to_vec());
        let d = t.str_column("Details").unwrap();
        assert_eq!(d.get(0), Some("{\"count\":3}"));
        assert_eq!(t.str_column("Reference").unwrap().get(0), None);
    }
}
