//! The lookup index over any number of feeds.
//!
//! Exact values sit in hash maps keyed by their normalised form (addresses by number),
//! so a lookup costs one hash probe per indicator whatever the number of feeds and
//! entries. Ranges are kept per prefix length (a probe per distinct length, longest
//! first), MISP `hostname` entries by domain (a probe per label of the indicator),
//! substrings in one Aho-Corasick automaton and regexes in one `RegexSet`.
//!
//! Each feed answers at most once per indicator, with its most specific record: an
//! exact value before a range, a longer prefix before a shorter one, a sub-domain
//! before its parent.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

use aho_corasick::AhoCorasick;
use arrow::array::{ArrayRef, BooleanBuilder, Int64Array, StringBuilder};
use huntkit_core::Table;
use regex::RegexSet;

use crate::error::Error;
use crate::feeds::{self, Matcher, ParsedFeed, Record};
use crate::normalize::{self, Key};
use crate::options::{FeedKind, FeedOptions, LookupOptions};
use crate::result::{details_text, IocType, LocalProvider, Severity, TiResult, RESULT_COLUMNS};

type Map<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

/// A record of a feed: (feed index, record index).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Ref {
    feed: u32,
    record: u32,
}

/// The records one key leads to; nearly always one.
#[derive(Debug, Clone)]
enum Refs {
    One(Ref),
    Many(Vec<Ref>),
}

impl Refs {
    fn push(&mut self, r: Ref) {
        match self {
            Refs::One(first) => *self = Refs::Many(vec![*first, r]),
            Refs::Many(v) => v.push(r),
        }
    }

    fn as_slice(&self) -> &[Ref] {
        match self {
            Refs::One(r) => std::slice::from_ref(r),
            Refs::Many(v) => v,
        }
    }
}

fn insert<K: std::hash::Hash + Eq>(map: &mut Map<K, Refs>, key: K, r: Ref) {
    map.entry(key)
        .and_modify(|refs| refs.push(r))
        .or_insert(Refs::One(r));
}

/// What a feed holds, for display.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FeedSummary {
    /// The feed's name (the `Provider` column).
    pub name: String,
    /// Its kind.
    pub kind: FeedKind,
    /// How many indicators it holds.
    pub entries: usize,
    /// How many entries were read but not used.
    pub skipped: usize,
    /// Whether it lists benign values (warning lists).
    pub benign: bool,
}

struct Feed {
    summary: FeedSummary,
    records: Vec<Record>,
    /// Types it has records for (index by [`type_index`]); substring and regex records
    /// count for every type.
    types: [bool; TYPES],
}

const TYPES: usize = IocType::ALL.len();

fn type_index(t: IocType) -> usize {
    IocType::ALL
        .iter()
        .position(|&x| x == t)
        .unwrap_or(TYPES - 1)
}

/// Feeds read into one lookup index.
///
/// ```
/// use huntkit_ti::{FeedOptions, FeedSet, Severity};
///
/// let mut feeds = FeedSet::new();
/// feeds.add_bytes(b"# bad addresses\n203.0.113.7\t4\n", &FeedOptions::default())?;
/// let found = feeds.lookup("203.0.113.7", None);
/// assert_eq!(found.len(), 1);
/// assert!(found[0].result);
/// assert_eq!(found[0].severity, Severity::High);
/// assert!(feeds.lookup("198.51.100.1", None).is_empty());
/// # Ok::<(), huntkit_ti::Error>(())
/// ```
#[derive(Default)]
pub struct FeedSet {
    feeds: Vec<Feed>,
    v4: Map<u32, Refs>,
    v6: Map<u128, Refs>,
    nets4: Vec<(u8, Map<u32, Refs>)>,
    nets6: Vec<(u8, Map<u128, Refs>)>,
    text: Vec<Map<Box<str>, Refs>>,
    domains: Map<Box<str>, Refs>,
    substrings: Vec<(String, Ref)>,
    regexes: Vec<(String, Ref)>,
    substring_automaton: Option<AhoCorasick>,
    regex_set: Option<RegexSet>,
    /// Whether a warning list holds domains (URLs' hosts are then checked against them).
    benign_domains: bool,
}

impl std::fmt::Debug for FeedSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FeedSet")
            .field("feeds", &self.summaries())
            .finish()
    }
}

impl FeedSet {
    /// An empty set.
    pub fn new() -> FeedSet {
        FeedSet {
            text: (0..TYPES).map(|_| Map::default()).collect(),
            ..FeedSet::default()
        }
    }

    /// Reads a feed (see [`feeds::parse`]) and adds it.
    pub fn add_bytes(&mut self, bytes: &[u8], options: &FeedOptions) -> Result<FeedSummary, Error> {
        let feed = feeds::parse(bytes, options)?;
        self.add(feed)
    }

    /// Adds a feed that has been read.
    pub fn add(&mut self, feed: ParsedFeed) -> Result<FeedSummary, Error> {
        if self.text.len() != TYPES {
            self.text = (0..TYPES).map(|_| Map::default()).collect();
        }
        let feed_no = u32::try_from(self.feeds.len()).map_err(|_| Error::LimitExceeded {
            what: "the number of feeds".into(),
            limit: u64::from(u32::MAX),
            option: "feeds",
        })?;
        let mut types = [false; TYPES];
        let mut benign = false;
        let mut added_patterns = false;
        for (i, rec) in feed.records.iter().enumerate() {
            let record = u32::try_from(i).map_err(|_| Error::LimitExceeded {
                what: format!("the number of indicators in feed `{}`", feed.name),
                limit: u64::from(u32::MAX),
                option: "maxEntries",
            })?;
            let r = Ref {
                feed: feed_no,
                record,
            };
            benign |= !rec.result;
            self.benign_domains |= !rec.result && rec.ioc_type == IocType::Dns;
            match &rec.matcher {
                Matcher::Value(v) => match normalize::key(v, rec.ioc_type) {
                    Some(Key::V4(a)) => insert(&mut self.v4, a, r),
                    Some(Key::V6(a)) => insert(&mut self.v6, a, r),
                    Some(Key::Text(t)) => {
                        if let Some(m) = self.text.get_mut(type_index(rec.ioc_type)) {
                            insert(m, Box::from(t.as_ref()), r);
                        }
                    }
                    None => continue,
                },
                Matcher::Network(ipnet::IpNet::V4(n)) => {
                    let p = n.prefix_len();
                    let slot = match self.nets4.iter().position(|(l, _)| *l == p) {
                        Some(s) => s,
                        None => {
                            self.nets4.push((p, Map::default()));
                            self.nets4.len() - 1
                        }
                    };
                    if let Some((_, m)) = self.nets4.get_mut(slot) {
                        insert(m, u32::from(n.network()), r);
                    }
                }
                Matcher::Network(ipnet::IpNet::V6(n)) => {
                    let p = n.prefix_len();
                    let slot = match self.nets6.iter().position(|(l, _)| *l == p) {
                        Some(s) => s,
                        None => {
                            self.nets6.push((p, Map::default()));
                            self.nets6.len() - 1
                        }
                    };
                    if let Some((_, m)) = self.nets6.get_mut(slot) {
                        insert(m, u128::from(n.network()), r);
                    }
                }
                Matcher::Domain(d) => insert(&mut self.domains, Box::from(d.as_str()), r),
                Matcher::Substring(s) => {
                    self.substrings.push((s.clone(), r));
                    added_patterns = true;
                }
                Matcher::Regex(s) => {
                    self.regexes.push((s.clone(), r));
                    added_patterns = true;
                }
            }
            match rec.matcher {
                Matcher::Substring(_) | Matcher::Regex(_) => types = [true; TYPES],
                _ => {
                    if let Some(t) = types.get_mut(type_index(rec.ioc_type)) {
                        *t = true;
                    }
                }
            }
        }
        // Longest prefixes first: the most specific range answers.
        self.nets4.sort_by_key(|n| std::cmp::Reverse(n.0));
        self.nets6.sort_by_key(|n| std::cmp::Reverse(n.0));
        if added_patterns {
            self.rebuild_patterns()?;
        }
        let summary = FeedSummary {
            name: feed.name,
            kind: feed.kind,
            entries: feed.records.len(),
            skipped: feed.skipped,
            benign,
        };
        self.feeds.push(Feed {
            summary: summary.clone(),
            records: feed.records,
            types,
        });
        Ok(summary)
    }

    fn rebuild_patterns(&mut self) -> Result<(), Error> {
        self.substring_automaton = if self.substrings.is_empty() {
            None
        } else {
            Some(
                AhoCorasick::new(self.substrings.iter().map(|(s, _)| s.as_str())).map_err(|e| {
                    Error::InvalidOption {
                        option: "feeds",
                        message: format!("substring entries: {e}"),
                    }
                })?,
            )
        };
        self.regex_set = if self.regexes.is_empty() {
            None
        } else {
            Some(
                regex::RegexSetBuilder::new(self.regexes.iter().map(|(s, _)| s.as_str()))
                    .size_limit(64 << 20)
                    .build()
                    .map_err(|e| Error::InvalidOption {
                        option: "feeds",
                        message: format!("regex entries: {e}"),
                    })?,
            )
        };
        Ok(())
    }

    /// What each feed holds, in the order they were added.
    pub fn summaries(&self) -> Vec<FeedSummary> {
        self.feeds.iter().map(|f| f.summary.clone()).collect()
    }

    /// How many feeds the set holds.
    pub fn len(&self) -> usize {
        self.feeds.len()
    }

    /// Does the set hold no feed?
    pub fn is_empty(&self) -> bool {
        self.feeds.is_empty()
    }

    /// Every record matching `value` (already prepared) as `ioc_type`, most specific
    /// first, at most one per feed, into `found` (cleared first).
    fn matches(&self, value: &str, ioc_type: IocType, v4: Option<u32>, found: &mut Vec<Ref>) {
        found.clear();
        let take = |refs: &[Ref], found: &mut Vec<Ref>| {
            for r in refs {
                if !found.iter().any(|f| f.feed == r.feed) {
                    found.push(*r);
                }
            }
        };
        match ioc_type {
            IocType::Ipv4 | IocType::Ipv6 => {
                match v4.map(Key::V4).or_else(|| normalize::ip_key(value)) {
                    Some(Key::V4(a)) => {
                        if let Some(refs) = self.v4.get(&a) {
                            take(refs.as_slice(), found);
                        }
                        for (prefix, map) in &self.nets4 {
                            let mask = u32::MAX.checked_shl(32 - u32::from(*prefix)).unwrap_or(0);
                            if let Some(refs) = map.get(&(a & mask)) {
                                take(refs.as_slice(), found);
                            }
                        }
                    }
                    Some(Key::V6(a)) => {
                        if let Some(refs) = self.v6.get(&a) {
                            take(refs.as_slice(), found);
                        }
                        for (prefix, map) in &self.nets6 {
                            let mask = u128::MAX.checked_shl(128 - u32::from(*prefix)).unwrap_or(0);
                            if let Some(refs) = map.get(&(a & mask)) {
                                take(refs.as_slice(), found);
                            }
                        }
                    }
                    _ => {}
                }
            }
            IocType::Unknown => {}
            other => {
                if let Some(Key::Text(k)) = normalize::key(value, other) {
                    if let Some(refs) = self
                        .text
                        .get(type_index(other))
                        .and_then(|m| m.get(k.as_ref()))
                    {
                        take(refs.as_slice(), found);
                    }
                    if other == IocType::Dns {
                        self.domain_entries(&k, &mut |refs| take(refs, found));
                    }
                    if other == IocType::Url && self.benign_domains {
                        // A URL on a host a warning list names is that list's match.
                        if let Some(host) = url_host(&k) {
                            let mut benign = |refs: &[Ref]| {
                                for r in refs {
                                    let is_benign =
                                        self.record(*r).is_some_and(|(_, rec)| !rec.result);
                                    if is_benign {
                                        take(std::slice::from_ref(r), found);
                                    }
                                }
                            };
                            if let Some(refs) = self
                                .text
                                .get(type_index(IocType::Dns))
                                .and_then(|m| m.get(host))
                            {
                                benign(refs.as_slice());
                            }
                            self.domain_entries(host, &mut benign);
                        }
                    }
                }
            }
        }
        if ioc_type != IocType::Unknown
            && (self.substring_automaton.is_some() || self.regex_set.is_some())
        {
            let lowered: Cow<'_, str> = Cow::Owned(value.to_lowercase());
            if let Some(ac) = &self.substring_automaton {
                for m in ac.find_overlapping_iter(lowered.as_ref()) {
                    if let Some((_, r)) = self.substrings.get(m.pattern().as_usize()) {
                        take(std::slice::from_ref(r), found);
                    }
                }
            }
            if let Some(set) = &self.regex_set {
                for i in set.matches(value).iter() {
                    if let Some((_, r)) = self.regexes.get(i) {
                        take(std::slice::from_ref(r), found);
                    }
                }
            }
        }
    }

    /// The MISP `hostname` entries for `domain`: its own, then its parents'.
    fn domain_entries(&self, domain: &str, take: &mut dyn FnMut(&[Ref])) {
        if self.domains.is_empty() {
            return;
        }
        let mut rest = domain;
        loop {
            if let Some(refs) = self.domains.get(rest) {
                take(refs.as_slice());
            }
            match rest.split_once('.') {
                Some((_, parent)) if !parent.is_empty() => rest = parent,
                _ => break,
            }
        }
    }

    fn record(&self, r: Ref) -> Option<(&Feed, &Record)> {
        let feed = self.feeds.get(r.feed as usize)?;
        Some((feed, feed.records.get(r.record as usize)?))
    }

    fn hit(&self, ioc: &str, ioc_type: IocType, feed: &Feed, rec: &Record) -> TiResult {
        let mut details = match &rec.details {
            serde_json::Value::Object(m) => m.clone(),
            _ => serde_json::Map::new(),
        };
        details.insert("feed".into(), feed.summary.kind.name().into());
        details.insert("matched".into(), matched_text(&rec.matcher).into());
        if rec.line > 0 {
            details.insert("line".into(), rec.line.into());
        }
        if let Some(s) = rec.score {
            details.insert("score".into(), s.into());
        }
        TiResult {
            ioc: ioc.to_string(),
            ioc_type,
            provider: feed.summary.name.clone(),
            result: rec.result,
            severity: rec.severity,
            details: serde_json::Value::Object(details),
            raw_result: rec.raw.clone(),
            reference: rec.reference.clone(),
        }
    }

    /// What the feeds say about one indicator (refanged and typed here; `ioc_type`
    /// `None` infers it): one result per feed that lists it, most specific record
    /// first. With `include_misses`, feeds that hold indicators of its type but not it
    /// answer `Result = false` too.
    pub fn lookup(&self, ioc: &str, ioc_type: Option<IocType>) -> Vec<TiResult> {
        let mut out = Vec::new();
        let mut scratch = Vec::new();
        self.lookup_into(ioc, ioc_type, false, &mut scratch, &mut out);
        out
    }

    /// [`FeedSet::lookup`] with misses, into `out`, reusing `scratch`.
    fn lookup_into(
        &self,
        ioc: &str,
        ioc_type: Option<IocType>,
        include_misses: bool,
        scratch: &mut Vec<Ref>,
        out: &mut Vec<TiResult>,
    ) {
        let trimmed = ioc.trim();
        let (value, t, v4) = normalize::prepare_fast(trimmed, ioc_type);
        self.matches(&value, t, v4, scratch);
        for r in scratch.iter() {
            if let Some((feed, rec)) = self.record(*r) {
                out.push(self.hit(trimmed, t, feed, rec));
            }
        }
        if include_misses {
            for (i, feed) in self.feeds.iter().enumerate() {
                if scratch.iter().any(|r| r.feed as usize == i) {
                    continue;
                }
                let supported = feed.types.get(type_index(t)).copied().unwrap_or(false);
                let mut miss = TiResult::new(
                    trimmed,
                    t,
                    feed.summary.name.clone(),
                    false,
                    Severity::Information,
                );
                miss.details = if supported {
                    "Not found.".into()
                } else {
                    format!("Type {} not supported.", t.name()).into()
                };
                if !supported {
                    miss.severity = Severity::Unknown;
                }
                out.push(miss);
            }
        }
    }

    /// How many of `values` some feed reports (`Result = true`) — matching alone,
    /// without building result rows (what the benchmark measures beside the lookup).
    pub fn count_hits<'a>(
        &self,
        values: impl IntoIterator<Item = &'a str>,
        ioc_type: Option<IocType>,
    ) -> usize {
        let mut scratch = Vec::new();
        let mut hits = 0;
        for v in values {
            let (value, t, v4) = normalize::prepare_fast(v.trim(), ioc_type);
            self.matches(&value, t, v4, &mut scratch);
            if scratch
                .iter()
                .any(|r| self.record(*r).is_some_and(|(_, rec)| rec.result))
            {
                hits += 1;
            }
        }
        hits
    }

    /// Looks up many values: results in input order (see [`FeedSet::lookup`]).
    pub fn lookup_values<'a>(
        &self,
        values: impl IntoIterator<Item = &'a str>,
        options: &LookupOptions,
    ) -> Result<Vec<TiResult>, Error> {
        let mut out = Vec::new();
        let mut scratch = Vec::new();
        for v in values {
            self.lookup_into(
                v,
                options.ioc_type,
                options.include_misses,
                &mut scratch,
                &mut out,
            );
            check_results(out.len(), options)?;
        }
        Ok(out)
    }

    /// Looks up what `huntkit-ioc`'s extractor found: each match by its normalised
    /// value and type (types the feeds cannot match, such as file paths, are skipped).
    pub fn lookup_extraction(
        &self,
        extraction: &huntkit_ioc::Extraction,
        options: &LookupOptions,
    ) -> Result<Vec<TiResult>, Error> {
        let mut out = Vec::new();
        let mut scratch = Vec::new();
        for m in &extraction.matches {
            let Some(t) = IocType::parse(&m.ioc_type) else {
                continue;
            };
            self.lookup_into(
                &m.value,
                Some(t),
                options.include_misses,
                &mut scratch,
                &mut out,
            );
            check_results(out.len(), options)?;
        }
        Ok(out)
    }

    /// Extracts the indicators of free `text` with `extractor`, then looks them up.
    pub fn lookup_text(
        &self,
        text: &str,
        extractor: &huntkit_ioc::Extractor,
        options: &LookupOptions,
    ) -> Result<Vec<TiResult>, Error> {
        self.lookup_extraction(&extractor.find(text), options)
    }

    /// Looks up a column of `table` (`options.column`, or the default column): MSTICPy's
    /// TI result columns plus `SourceIndex`, the 0-based input row of each result.
    /// Null and empty cells are skipped.
    pub fn lookup_table(&self, table: &Table, options: &LookupOptions) -> Result<Table, Error> {
        let column = lookup_column(table, options)?;
        let values = table.str_column(&column)?;
        let types = match &options.type_column {
            Some(c) => Some(table.str_column(c)?),
            None => None,
        };
        let mut b = Builders::default();
        let mut scratch = Vec::new();
        let mut out = Vec::new();
        for row in 0..table.num_rows() {
            let Some(value) = values.get(row).filter(|v| !v.trim().is_empty()) else {
                continue;
            };
            let ioc_type = match types.as_ref().and_then(|c| c.get(row)) {
                Some(name) if !name.trim().is_empty() => match IocType::parse_for(name, value) {
                    Some(t) => Some(t),
                    None => Some(IocType::Unknown),
                },
                _ => options.ioc_type,
            };
            out.clear();
            self.lookup_into(
                value,
                ioc_type,
                options.include_misses,
                &mut scratch,
                &mut out,
            );
            for r in &out {
                b.push(r, row);
            }
            check_results(b.rows, options)?;
        }
        b.finish()
    }
}

impl LocalProvider for FeedSet {
    fn name(&self) -> &str {
        "feeds"
    }

    fn supports(&self, ioc_type: IocType) -> bool {
        self.feeds
            .iter()
            .any(|f| f.types.get(type_index(ioc_type)).copied().unwrap_or(false))
    }

    fn lookup(&self, ioc: &str, ioc_type: IocType) -> Vec<TiResult> {
        FeedSet::lookup(self, ioc, Some(ioc_type))
    }
}

fn check_results(rows: usize, options: &LookupOptions) -> Result<(), Error> {
    if rows > options.max_results {
        return Err(Error::LimitExceeded {
            what: "the number of result rows".into(),
            limit: options.max_results as u64,
            option: "maxResults",
        });
    }
    Ok(())
}

/// The column a table lookup reads: the one named, else the only column, else the
/// first of `Ioc`, `ioc`, `Observable`, `indicator`, `value` (any case).
pub fn lookup_column(table: &Table, options: &LookupOptions) -> Result<String, Error> {
    if let Some(c) = &options.column {
        return Ok(c.clone());
    }
    let names = table.column_names();
    if let [only] = names.as_slice() {
        return Ok(only.clone());
    }
    for want in ["Ioc", "ioc", "Observable", "indicator", "value"] {
        if let Some(n) = names.iter().find(|n| n.eq_ignore_ascii_case(want)) {
            return Ok(n.clone());
        }
    }
    Err(Error::InvalidOption {
        option: "column",
        message: format!(
            "name the column of indicators; the table has {}",
            names.join(", ")
        ),
    })
}

/// The host of a URL key (scheme and host already lower-cased): between `://` and the
/// path, without user information or port; `None` for an address literal.
fn url_host(url: &str) -> Option<&str> {
    let rest = url.split_once("://")?.1;
    let authority = rest.split(['/', '?', '#']).next()?;
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    if host.starts_with('[') {
        return None;
    }
    let host = host.split(':').next()?.trim_end_matches('.');
    (!host.is_empty()).then_some(host)
}

fn matched_text(m: &Matcher) -> String {
    match m {
        Matcher::Value(v) | Matcher::Domain(v) | Matcher::Substring(v) | Matcher::Regex(v) => {
            v.clone()
        }
        Matcher::Network(n) => n.to_string(),
    }
}

#[derive(Default)]
struct Builders {
    ioc: StringBuilder,
    ioc_type: StringBuilder,
    provider: StringBuilder,
    result: BooleanBuilder,
    severity: StringBuilder,
    details: StringBuilder,
    raw: StringBuilder,
    reference: StringBuilder,
    source: Vec<i64>,
    rows: usize,
}

impl Builders {
    fn push(&mut self, r: &TiResult, row: usize) {
        self.ioc.append_value(&r.ioc);
        self.ioc_type.append_value(r.ioc_type.name());
        self.provider.append_value(&r.provider);
        self.result.append_value(r.result);
        self.severity.append_value(r.severity.name());
        self.details.append_option(details_text(&r.details));
        self.raw.append_value(&r.raw_result);
        self.reference.append_option(r.reference.as_deref());
        self.source.push(i64::try_from(row).unwrap_or(i64::MAX));
        self.rows += 1;
    }

    fn finish(mut self) -> Result<Table, Error> {
        let arrays: Vec<ArrayRef> = vec![
            Arc::new(self.ioc.finish()),
            Arc::new(self.ioc_type.finish()),
            Arc::new(self.provider.finish()),
            Arc::new(self.result.finish()),
            Arc::new(self.severity.finish()),
            Arc::new(self.details.finish()),
            Arc::new(self.raw.finish()),
            Arc::new(self.reference.finish()),
            Arc::new(Int64Array::from(std::mem::take(&mut self.source))),
        ];
        let names = RESULT_COLUMNS.iter().copied().chain([SOURCE_INDEX]);
        Ok(Table::from_columns(
            names.map(str::to_string).zip(arrays).collect(),
        )?)
    }
}

/// The column of a table lookup's result naming each result's input row.
pub const SOURCE_INDEX: &str = "SourceIndex";
