//! STIX 2.1 bundles: the `indicator` objects whose `pattern` (with `pattern_type`
//! `stix`, the default) is one plain equality:
//!
//! ```text
//! [ipv4-addr:value = '203.0.113.7']        [ipv6-addr:value = '2001:db8::1']
//! [domain-name:value = 'evil.example']     [url:value = 'http://evil.example/x']
//! [email-addr:value = 'a@evil.example']    [file:hashes.'SHA-256' = 'e3b0...']
//! [file:hashes.MD5 = '...']                (also 'SHA-1', 'SHA-512')
//! ```
//!
//! Address values may be CIDR ranges (STIX allows them). Any other pattern (`AND`,
//! `OR`, `FOLLOWEDBY`, other operators, qualifiers such as `WITHIN`, several
//! observation expressions, other object paths) is skipped and counted, as are revoked
//! indicators and other pattern languages.
//!
//! Severity and result follow `indicator_types`: `benign` is `Result = false` with
//! severity `information` (like a warning list), `anomalous-activity` and `unknown` are
//! `warning`, anything else (`malicious-activity`, `compromised`, `attribution`, none)
//! is `high`. The first `external_references` entry with a `url` is the reference.

use serde_json::Value;

use super::{check_entries, value_record, ParsedFeed, Record};
use crate::error::Error;
use crate::options::{FeedKind, FeedOptions};
use crate::result::{IocType, Severity};

/// Reads a STIX 2.1 bundle (or a bare list of STIX objects).
pub fn parse(bytes: &[u8], options: &FeedOptions) -> Result<ParsedFeed, Error> {
    let provisional = options.name.clone().unwrap_or_else(|| "stix".into());
    let doc = super::json(&provisional, bytes)?;
    let objects = match &doc {
        Value::Object(map) => match map.get("objects") {
            Some(Value::Array(o)) => o.as_slice(),
            _ => {
                return Err(Error::invalid(
                    &provisional,
                    0,
                    "not a STIX bundle: no `objects` array",
                ))
            }
        },
        Value::Array(o) => o.as_slice(),
        _ => return Err(Error::invalid(&provisional, 0, "not a STIX bundle")),
    };
    let name = provisional;
    let mut records = Vec::new();
    let mut skipped = 0;
    for obj in objects {
        if obj.get("type").and_then(Value::as_str) != Some("indicator") {
            continue;
        }
        let language = obj
            .get("pattern_type")
            .and_then(Value::as_str)
            .unwrap_or("stix");
        let revoked = obj.get("revoked").and_then(Value::as_bool).unwrap_or(false);
        let pattern = obj.get("pattern").and_then(Value::as_str).unwrap_or("");
        let Some((ioc_type, value)) = (!revoked && language == "stix")
            .then(|| equality(pattern))
            .flatten()
        else {
            skipped += 1;
            continue;
        };
        let Some((matcher, ioc_type)) = value_record(&value, Some(ioc_type), 0) else {
            skipped += 1;
            continue;
        };
        let types: Vec<&str> = obj
            .get("indicator_types")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let (result, severity) = if types.contains(&"benign") {
            (false, Severity::Information)
        } else if !types.is_empty()
            && types
                .iter()
                .all(|t| matches!(*t, "anomalous-activity" | "unknown"))
        {
            (true, Severity::Warning)
        } else {
            (true, Severity::High)
        };
        let reference = obj
            .get("external_references")
            .and_then(Value::as_array)
            .and_then(|refs| {
                refs.iter()
                    .find_map(|r| r.get("url").and_then(Value::as_str))
            })
            .map(str::to_string);
        let field = |k: &str| obj.get(k).cloned().unwrap_or(Value::Null);
        records.push(Record {
            matcher,
            ioc_type,
            result,
            severity,
            line: 0,
            score: obj.get("confidence").and_then(Value::as_f64),
            details: serde_json::json!({
                "id": field("id"),
                "name": field("name"),
                "description": field("description"),
                "indicatorTypes": types,
                "pattern": pattern,
                "validFrom": field("valid_from"),
                "validUntil": field("valid_until"),
                "labels": field("labels"),
            }),
            raw: obj.to_string(),
            reference,
        });
        check_entries(&name, records.len(), options)?;
    }
    Ok(ParsedFeed {
        name,
        kind: FeedKind::Stix,
        records,
        skipped,
    })
}

/// `[path = 'value']` with a path huntkit matches: the type and the unescaped value.
fn equality(pattern: &str) -> Option<(IocType, String)> {
    let inner = pattern.trim().strip_prefix('[')?.strip_suffix(']')?;
    let (path, rest) = inner.split_once('=')?;
    let path = path.trim();
    // `!=`, `<=`, `>=` leave an operator character at the end of the path.
    if path.ends_with(['!', '<', '>']) {
        return None;
    }
    let (value, tail) = quoted(rest.trim_start())?;
    if !tail.trim().is_empty() {
        return None;
    }
    let ioc_type = match path {
        "ipv4-addr:value" => IocType::Ipv4,
        "ipv6-addr:value" => IocType::Ipv6,
        "domain-name:value" => IocType::Dns,
        "url:value" => IocType::Url,
        "email-addr:value" => IocType::Email,
        _ => {
            let algo = path.strip_prefix("file:hashes.")?;
            let algo = algo
                .trim_matches('\'')
                .to_ascii_uppercase()
                .replace('-', "");
            match algo.as_str() {
                "MD5" => IocType::Md5Hash,
                "SHA1" => IocType::Sha1Hash,
                "SHA256" => IocType::Sha256Hash,
                "SHA512" => IocType::Sha512Hash,
                _ => return None,
            }
        }
    };
    Some((ioc_type, value))
}

/// A STIX string literal at the start of `text` (`'…'`, `\'` and `\\` escaped): the
/// value and what follows it.
fn quoted(text: &str) -> Option<(String, &str)> {
    let body = text.strip_prefix('\'')?;
    let mut out = String::new();
    let mut chars = body.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => {
                let (_, next) = chars.next()?;
                out.push(next);
            }
            '\'' => return Some((out, body.get(i + 1..)?)),
            other => out.push(other),
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_plain_equalities_only() {
        assert_eq!(
            equality("[file:hashes.'SHA-256' = 'abc']"),
            Some((IocType::Sha256Hash, "abc".into()))
        );
        assert_eq!(
            equality("[url:value = 'http://x.example/it\\'s']"),
            Some((IocType::Url, "http://x.example/it's".into()))
        );
        assert_eq!(equality("[ipv4-addr:value != '1.2.3.4']"), None);
        assert_eq!(
            equality("[ipv4-addr:value = '1.2.3.4' OR ipv4-addr:value = '1.2.3.5']"),
            None
        );
        assert_eq!(
            equality("[ipv4-addr:value = '1.2.3.4'] WITHIN 5 SECONDS"),
            None
        );
        assert_eq!(equality("[process:name = 'x']"), None);
        assert_eq!(equality("[ipv4-addr:value = 'unterminated]"), None);
    }

    #[test]
    fn maps_indicator_types() {
        let doc = br#"{"type":"bundle","id":"bundle--1","objects":[
          {"type":"indicator","id":"indicator--1","pattern":"[domain-name:value = 'evil.example']","pattern_type":"stix","indicator_types":["malicious-activity"],
           "external_references":[{"source_name":"x","url":"https://ref.example/1"}]},
          {"type":"indicator","id":"indicator--2","pattern":"[ipv4-addr:value = '192.0.2.0/24']","pattern_type":"stix","indicator_types":["benign"]},
          {"type":"indicator","id":"indicator--3","pattern":"[x:y = 'z']","pattern_type":"stix"},
          {"type":"malware","id":"malware--1","name":"m"}]}"#;
        let feed = parse(doc, &FeedOptions::default()).unwrap();
        assert_eq!((feed.records.len(), feed.skipped), (2, 1));
        assert_eq!(feed.records[0].severity, Severity::High);
        assert_eq!(
            feed.records[0].reference.as_deref(),
            Some("https://ref.example/1")
        );
        assert!(!feed.records[1].result);
    }
}
