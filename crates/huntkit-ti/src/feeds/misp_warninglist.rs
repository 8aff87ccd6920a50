//! MISP warning lists (`lists/<name>/list.json` of MISP/misp-warninglists): values known
//! to be benign. A match is reported with `Result = false`, severity `information`, and
//! details naming the list, so it can suppress false positives rather than raise them.
//!
//! A list applies only to the indicator types its `matching_attributes` stand for
//! (`ip-src`/`ip-dst` for addresses, `domain`/`hostname` for domains, `md5`… for
//! digests, ...); entries of other types are skipped and counted.
//!
//! Types, as MISP matches them:
//! * `string`: the whole value, compared after normalisation (case-insensitively for
//!   domains, hashes and e-mail addresses). Values of no known indicator type (the
//!   ssdeep digest of empty input `3::`, say) are skipped and counted.
//! * `hostname`: the domain or any sub-domain of it (`www.example.com` matches the entry
//!   `example.com`); entries that are addresses match as addresses.
//! * `cidr`: every address inside each range (single addresses too).
//! * `substring`: the indicator contains the entry, case-insensitively.
//! * `regex`: the indicator matches the entry; MISP writes PCRE as `/…/flags`, of
//!   which the delimiters and the `i` flag are understood (patterns the `regex` crate
//!   cannot compile, e.g. with look-around, are skipped and counted).

use serde::Deserialize;

use super::{check_entries, value_record, Matcher, ParsedFeed, Record};
use crate::error::Error;
use crate::options::{FeedKind, FeedOptions};
use crate::result::{IocType, Severity};

#[derive(Deserialize)]
struct WarningList {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default, rename = "type")]
    list_type: Option<String>,
    list: Vec<serde_json::Value>,
    #[serde(default)]
    version: Option<serde_json::Value>,
    #[serde(default)]
    matching_attributes: Vec<serde_json::Value>,
}

/// The indicator types MISP attribute types stand for; `None` for types huntkit does
/// not match (`ssdeep`, `sha224`, `filename`, ...).
fn attribute_types(misp_type: &str) -> &'static [IocType] {
    const IP: &[IocType] = &[IocType::Ipv4, IocType::Ipv6];
    const HASHES: &[IocType] = &[
        IocType::Md5Hash,
        IocType::Sha1Hash,
        IocType::Sha256Hash,
        IocType::Sha512Hash,
    ];
    match misp_type {
        "ip-src" | "ip-dst" | "ip-src|port" | "ip-dst|port" => IP,
        "hostname" | "domain" | "hostname|port" => &[IocType::Dns],
        "domain|ip" => &[IocType::Dns, IocType::Ipv4, IocType::Ipv6],
        "url" | "uri" | "link" => &[IocType::Url],
        "email" | "email-src" | "email-dst" => &[IocType::Email],
        "md5" | "filename|md5" => &[IocType::Md5Hash],
        "sha1" | "filename|sha1" => &[IocType::Sha1Hash],
        "sha256" | "filename|sha256" => &[IocType::Sha256Hash],
        "sha512" | "filename|sha512" => &[IocType::Sha512Hash],
        "hash" => HASHES,
        "AS" => &[IocType::Asn],
        _ => &[],
    }
}

/// Reads a MISP warning list.
pub fn parse(bytes: &[u8], options: &FeedOptions) -> Result<ParsedFeed, Error> {
    let provisional = options
        .name
        .clone()
        .unwrap_or_else(|| "misp-warninglist".into());
    let doc = super::json(&provisional, bytes)?;
    let list: WarningList = serde_json::from_value(doc)
        .map_err(|e| Error::invalid(&provisional, 0, format!("not a MISP warning list: {e}")))?;
    let name = options
        .name
        .clone()
        .or(list.name.clone())
        .unwrap_or(provisional);
    let list_type = list
        .list_type
        .as_deref()
        .unwrap_or("string")
        .to_ascii_lowercase();
    // MISP applies a list only to its `matching_attributes`: a value whose type none of
    // them stands for is never matched (the empty-hashes list's `3::` is an ssdeep
    // digest, not the IPv6 address it reads as).
    let allowed: Vec<IocType> = list
        .matching_attributes
        .iter()
        .filter_map(serde_json::Value::as_str)
        .flat_map(attribute_types)
        .copied()
        .collect();
    let mut records = Vec::new();
    let mut skipped = 0;
    for (i, item) in list.list.iter().enumerate() {
        let Some(value) = item.as_str().map(str::trim).filter(|v| !v.is_empty()) else {
            skipped += 1;
            continue;
        };
        let made = match list_type.as_str() {
            "string" => value_record(value, None, 0),
            "cidr" => value_record(value, None, 0).filter(|(_, t)| {
                matches!(t, IocType::Ipv4 | IocType::Ipv6)
            }),
            "hostname" => {
                let (v, t) = crate::normalize::prepare(value, None);
                match t {
                    IocType::Dns => Some((
                        Matcher::Domain(v.trim_end_matches('.').to_ascii_lowercase()),
                        IocType::Dns,
                    )),
                    IocType::Ipv4 | IocType::Ipv6 | IocType::Ipv4Cidr | IocType::Ipv6Cidr => {
                        value_record(value, None, 0)
                    }
                    _ => None,
                }
            }
            "substring" => Some((Matcher::Substring(value.to_lowercase()), IocType::Unknown)),
            "regex" => regex_source(value).map(|r| (Matcher::Regex(r), IocType::Unknown)),
            other => {
                return Err(Error::invalid(
                    &name,
                    0,
                    format!("warning list type {other:?} is none of string, hostname, cidr, substring, regex"),
                ))
            }
        };
        let Some((matcher, ioc_type)) = made.filter(|(_, t)| {
            list.matching_attributes.is_empty() || *t == IocType::Unknown || allowed.contains(t)
        }) else {
            skipped += 1;
            continue;
        };
        records.push(Record {
            matcher,
            ioc_type,
            result: false,
            severity: Severity::Information,
            line: 0,
            score: None,
            details: serde_json::json!({
                "warninglist": name,
                "listType": list_type,
                "entry": value,
                "index": i,
                "description": list.description,
                "version": list.version,
            }),
            raw: value.to_string(),
            reference: None,
        });
        check_entries(&name, records.len(), options)?;
    }
    Ok(ParsedFeed {
        name,
        kind: FeedKind::MispWarninglist,
        records,
        skipped,
    })
}

/// A MISP regex entry in the `regex` crate's syntax: `/body/flags` loses its
/// delimiters, the `i` flag becomes `(?i)`; a pattern that does not compile (within a
/// size limit) is `None`.
fn regex_source(entry: &str) -> Option<String> {
    let (body, flags) = match entry.strip_prefix('/').and_then(|r| r.rsplit_once('/')) {
        Some((body, flags)) if flags.bytes().all(|b| b.is_ascii_alphabetic()) => (body, flags),
        _ => (entry, ""),
    };
    let source = if flags.contains('i') {
        format!("(?i){body}")
    } else {
        body.to_string()
    };
    regex::RegexBuilder::new(&source)
        .size_limit(1 << 20)
        .build()
        .ok()
        .map(|_| source)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_each_type() {
        let cidr =
            br#"{"name":"rfc1918","type":"cidr","list":["10.0.0.0/8","192.168.0.0/16","bogus"]}"#;
        let feed = parse(cidr, &FeedOptions::default()).unwrap();
        assert_eq!(
            (feed.name.as_str(), feed.records.len(), feed.skipped),
            ("rfc1918", 2, 1)
        );
        assert!(!feed.records[0].result);
        let host = br#"{"name":"h","type":"hostname","list":["Example.COM"]}"#;
        let feed = parse(host, &FeedOptions::default()).unwrap();
        assert_eq!(
            feed.records[0].matcher,
            Matcher::Domain("example.com".into())
        );
        let re = br#"{"name":"r","type":"regex","list":["/^evil\\d+\\.example$/i","(?<=x)y"]}"#;
        let feed = parse(re, &FeedOptions::default()).unwrap();
        assert_eq!(feed.records.len(), 1);
        assert_eq!(feed.skipped, 1);
    }

    #[test]
    fn hostile_json_is_a_coded_error() {
        let e = parse(
            b"{\"name\":\"x\",\n\"list\":[\"a\"",
            &FeedOptions::default(),
        )
        .unwrap_err();
        assert!(matches!(e, Error::InvalidFeed { line: 2, .. }), "{e}");
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert!(parse(deep.as_bytes(), &FeedOptions::default()).is_err());
        let e = parse(br#"{"type":"weird","list":["a"]}"#, &FeedOptions::default()).unwrap_err();
        assert!(matches!(e, Error::InvalidFeed { .. }));
    }
}
