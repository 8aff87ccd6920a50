//! Feed readers: each turns a feed's bytes into [`Record`]s, one per indicator.
//!
//! * [`plain`]: one value a line, `#` comments, an optional score (ipsum).
//! * [`csv`]: a header row and a column mapping.
//! * [`misp_warninglist`]: MISP warning lists (benign values).
//! * [`misp_event`]: MISP events' attributes, objects' attributes included.
//! * [`stix`]: STIX 2.1 bundles' indicators with one plain equality as pattern.

pub mod csv;
pub mod misp_event;
pub mod misp_warninglist;
pub mod plain;
pub mod stix;

use crate::error::Error;
use crate::options::{FeedKind, FeedOptions};
use crate::result::{IocType, Severity};

/// How a record matches an indicator.
#[derive(Debug, Clone, PartialEq)]
pub enum Matcher {
    /// The indicator's normalised value equals this one's.
    Value(String),
    /// The indicator is an address inside this network.
    Network(ipnet::IpNet),
    /// The indicator is this host name or one of its sub-domains (MISP `hostname`).
    Domain(String),
    /// The indicator contains this text, case-insensitively (MISP `substring`).
    Substring(String),
    /// The indicator matches this regular expression (MISP `regex`).
    Regex(String),
}

/// One indicator of a feed, with what the feed says about it.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// How it matches.
    pub matcher: Matcher,
    /// Its type (for networks, the address type they match).
    pub ioc_type: IocType,
    /// `true` for a listed (bad) indicator, `false` for a benign one.
    pub result: bool,
    /// Its severity.
    pub severity: Severity,
    /// The 1-based line of a text feed; 0 in JSON feeds (their details carry the
    /// record's id instead).
    pub line: usize,
    /// The feed's score for it, if any.
    pub score: Option<f64>,
    /// What else the feed says (feed-specific fields), a JSON object or null.
    pub details: serde_json::Value,
    /// The feed's record as written (a line, a JSON object).
    pub raw: String,
    /// A URL the feed gives for it.
    pub reference: Option<String>,
}

/// A feed read into records.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedFeed {
    /// The name shown in `Provider`.
    pub name: String,
    /// Its kind.
    pub kind: FeedKind,
    /// Its indicators.
    pub records: Vec<Record>,
    /// Entries that were read but not used (a type huntkit does not match, a STIX
    /// pattern that is not one plain equality, ...).
    pub skipped: usize,
}

/// Tells a feed's kind from its first bytes: JSON with `objects` is STIX, with `list`
/// a MISP warning list, with `Event`, `Attribute` or `response` a MISP event; text
/// whose first non-comment line is a header (a comma and a first field that is no
/// indicator) is CSV; other text is a plain list.
pub fn detect(bytes: &[u8]) -> Option<FeedKind> {
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = text.iter().position(|b| !b.is_ascii_whitespace())?;
    let head = text.get(start..)?;
    let first = *head.first()?;
    if first == b'{' || first == b'[' {
        let window = head.get(..head.len().min(1 << 20)).unwrap_or(head);
        let has = |needle: &[u8]| window.windows(needle.len()).any(|w| w == needle);
        if has(b"\"objects\"") && (has(b"\"bundle\"") || has(b"\"indicator\"")) {
            return Some(FeedKind::Stix);
        }
        if has(b"\"Event\"") || has(b"\"Attribute\"") || has(b"\"response\"") {
            return Some(FeedKind::MispEvent);
        }
        if has(b"\"list\"") {
            return Some(FeedKind::MispWarninglist);
        }
        return None;
    }
    let text = std::str::from_utf8(head.get(..head.len().min(64 << 10)).unwrap_or(head)).ok();
    let text = text.or_else(|| {
        // A window cut inside a character: retry without the partial tail.
        let cut = head.get(..head.len().min(64 << 10))?;
        std::str::from_utf8(cut)
            .map_err(|e| e.valid_up_to())
            .err()
            .and_then(|n| std::str::from_utf8(cut.get(..n)?).ok())
    })?;
    let first_line = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))?;
    if let Some((field, _)) = first_line.split_once(',') {
        let field = field.trim().trim_matches('"');
        let (v, t) = crate::normalize::prepare(field, None);
        if t == IocType::Unknown && !v.is_empty() {
            return Some(FeedKind::Csv);
        }
    }
    Some(FeedKind::Plain)
}

/// Reads a feed of `kind` (or of the kind [`detect`] tells), within the limits of
/// `options`.
pub fn parse(bytes: &[u8], options: &FeedOptions) -> Result<ParsedFeed, Error> {
    let provisional = options.name.clone().unwrap_or_else(|| "feed".to_string());
    if bytes.len() > options.max_feed_bytes {
        return Err(Error::LimitExceeded {
            what: format!("feed `{provisional}` ({} bytes)", bytes.len()),
            limit: options.max_feed_bytes as u64,
            option: "maxFeedBytes",
        });
    }
    let kind = match options.kind {
        Some(k) => k,
        None => detect(bytes).ok_or(Error::UnknownFeedKind { feed: provisional })?,
    };
    let mut feed = match kind {
        FeedKind::Plain => plain::parse(bytes, options)?,
        FeedKind::Csv => csv::parse(bytes, options)?,
        FeedKind::MispWarninglist => misp_warninglist::parse(bytes, options)?,
        FeedKind::MispEvent => misp_event::parse(bytes, options)?,
        FeedKind::Stix => stix::parse(bytes, options)?,
    };
    if let Some(name) = &options.name {
        feed.name.clone_from(name);
    }
    Ok(feed)
}

/// Fails once a feed holds more records than allowed.
pub(crate) fn check_entries(name: &str, count: usize, options: &FeedOptions) -> Result<(), Error> {
    if count > options.max_entries {
        return Err(Error::LimitExceeded {
            what: format!("the number of indicators in feed `{name}`"),
            limit: options.max_entries as u64,
            option: "maxEntries",
        });
    }
    Ok(())
}

/// The record for one value as written in a feed, its type given or inferred: a
/// network for CIDR ranges, an exact value otherwise. `None` for values of no
/// known type.
pub(crate) fn value_record(
    value: &str,
    ioc_type: Option<IocType>,
    line: usize,
) -> Option<(Matcher, IocType)> {
    let (v, t) = crate::normalize::prepare(value, ioc_type);
    if v.is_empty() {
        return None;
    }
    match t {
        IocType::Unknown => None,
        IocType::Ipv4Cidr | IocType::Ipv6Cidr => {
            let net = v.parse::<ipnet::IpNet>().ok()?.trunc();
            let t = if matches!(net, ipnet::IpNet::V4(_)) {
                IocType::Ipv4
            } else {
                IocType::Ipv6
            };
            Some((Matcher::Network(net), t))
        }
        IocType::Ipv4 | IocType::Ipv6 => {
            // A typed address column may still hold a range.
            if v.contains('/') {
                let net = v.parse::<ipnet::IpNet>().ok()?.trunc();
                return Some((Matcher::Network(net), t));
            }
            crate::normalize::ip_key(&v)?;
            Some((Matcher::Value(v.into_owned()), t))
        }
        _ => {
            let _ = line;
            Some((Matcher::Value(v.into_owned()), t))
        }
    }
}

/// Severity from a score: at or above `high_score` is high, above zero warning, else
/// information.
pub(crate) fn score_severity(score: f64, high_score: f64) -> Severity {
    if score >= high_score {
        Severity::High
    } else if score > 0.0 {
        Severity::Warning
    } else {
        Severity::Information
    }
}

/// A line of a text feed as UTF-8, or a coded error naming it.
pub(crate) fn utf8_line<'a>(feed: &str, line: usize, bytes: &'a [u8]) -> Result<&'a str, Error> {
    std::str::from_utf8(bytes).map_err(|_| Error::invalid(feed, line, "the line is not UTF-8 text"))
}

/// A JSON document, or `invalid_feed` at the line serde_json reports.
pub(crate) fn json(feed: &str, bytes: &[u8]) -> Result<serde_json::Value, Error> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    serde_json::from_slice(bytes).map_err(|e| Error::invalid(feed, e.line(), e.to_string()))
}
