//! MISP events as MISP exports them: `{"Event": {...}}`, a list of those, or a REST
//! search answer `{"response": [{"Event": ...}]}`.
//!
//! Every attribute of the event (`Event.Attribute`) and of its objects
//! (`Event.Object[].Attribute`) whose type is an indicator huntkit matches is read:
//! `ip-src`, `ip-dst` (addresses or ranges), `ip-src|port`, `ip-dst|port`, `domain`,
//! `hostname`, `domain|ip` (both halves), `hostname|port`, `url`, `uri`, `link` is not
//! (it is a reference), `email`, `email-src`, `email-dst`, `md5`, `sha1`, `sha256`,
//! `sha512`, `filename|md5`/`|sha1`/`|sha256`/`|sha512` (the digest), `AS`. Other types
//! are skipped and counted. Deleted attributes are skipped.
//!
//! Severity: an attribute flagged `to_ids` is `high`, one that is not is `warning`
//! (MISP's meaning: only `to_ids` attributes are meant for detection).

use serde_json::Value;

use super::{check_entries, value_record, ParsedFeed, Record};
use crate::error::Error;
use crate::options::{FeedKind, FeedOptions};
use crate::result::{IocType, Severity};

/// Reads MISP event JSON.
pub fn parse(bytes: &[u8], options: &FeedOptions) -> Result<ParsedFeed, Error> {
    let provisional = options.name.clone().unwrap_or_else(|| "misp-event".into());
    let doc = super::json(&provisional, bytes)?;
    let mut events: Vec<&Value> = Vec::new();
    collect_events(&doc, &mut events);
    if events.is_empty() {
        return Err(Error::invalid(
            &provisional,
            0,
            "no MISP event found (expected {\"Event\": {...}}, a list of them, or {\"response\": [...]})",
        ));
    }
    let name = options.name.clone().unwrap_or_else(|| {
        match events.as_slice() {
            [one] => one.get("info").and_then(Value::as_str).map(str::to_string),
            _ => None,
        }
        .unwrap_or(provisional)
    });
    let mut records = Vec::new();
    let mut skipped = 0;
    for event in events {
        let ctx = EventContext {
            id: event.get("id").cloned().unwrap_or(Value::Null),
            uuid: event.get("uuid").cloned().unwrap_or(Value::Null),
            info: event.get("info").cloned().unwrap_or(Value::Null),
            threat_level_id: event.get("threat_level_id").cloned().unwrap_or(Value::Null),
        };
        for attr in array(event.get("Attribute")) {
            read_attribute(attr, None, &ctx, &mut records, &mut skipped);
            check_entries(&name, records.len(), options)?;
        }
        for object in array(event.get("Object")) {
            let object_name = object.get("name").and_then(Value::as_str);
            for attr in array(object.get("Attribute")) {
                read_attribute(attr, object_name, &ctx, &mut records, &mut skipped);
                check_entries(&name, records.len(), options)?;
            }
        }
    }
    Ok(ParsedFeed {
        name,
        kind: FeedKind::MispEvent,
        records,
        skipped,
    })
}

struct EventContext {
    id: Value,
    uuid: Value,
    info: Value,
    threat_level_id: Value,
}

fn array(v: Option<&Value>) -> &[Value] {
    v.and_then(Value::as_array).map_or(&[], Vec::as_slice)
}

fn collect_events<'a>(doc: &'a Value, out: &mut Vec<&'a Value>) {
    match doc {
        Value::Array(items) => {
            for item in items {
                if let Some(e) = item.get("Event").filter(|e| e.is_object()) {
                    out.push(e);
                } else if item.get("Attribute").is_some() || item.get("Object").is_some() {
                    out.push(item);
                }
            }
        }
        Value::Object(map) => {
            if let Some(e) = map.get("Event") {
                if e.is_object() {
                    out.push(e);
                }
            } else if let Some(r) = map.get("response") {
                match r {
                    Value::Array(_) => collect_events(r, out),
                    // An attribute search answer: `{"response": {"Attribute": [...]}}`.
                    Value::Object(o) if o.contains_key("Attribute") => out.push(r),
                    _ => {}
                }
            } else if map.contains_key("Attribute") || map.contains_key("Object") {
                out.push(doc);
            }
        }
        _ => {}
    }
}

fn truthy(v: Option<&Value>) -> bool {
    match v {
        Some(Value::Bool(b)) => *b,
        Some(Value::String(s)) => matches!(s.as_str(), "1" | "true" | "True"),
        Some(Value::Number(n)) => n.as_i64().is_some_and(|n| n != 0),
        _ => false,
    }
}

/// The indicator halves of a MISP attribute value of `misp_type`, with their types.
fn indicators<'a>(misp_type: &str, value: &'a str) -> Vec<(&'a str, Option<IocType>)> {
    let first = || value.split('|').next().unwrap_or(value);
    let second = || value.split_once('|').map_or(value, |(_, b)| b);
    match misp_type {
        "ip-src" | "ip-dst" => vec![(value, None)],
        "ip-src|port" | "ip-dst|port" => vec![(first(), None)],
        "domain" | "hostname" => vec![(value, Some(IocType::Dns))],
        "hostname|port" => vec![(first(), Some(IocType::Dns))],
        "domain|ip" => vec![(first(), Some(IocType::Dns)), (second(), None)],
        "url" | "uri" => vec![(value, Some(IocType::Url))],
        "email" | "email-src" | "email-dst" => vec![(value, Some(IocType::Email))],
        "md5" => vec![(value, Some(IocType::Md5Hash))],
        "sha1" => vec![(value, Some(IocType::Sha1Hash))],
        "sha256" => vec![(value, Some(IocType::Sha256Hash))],
        "sha512" => vec![(value, Some(IocType::Sha512Hash))],
        "filename|md5" => vec![(second(), Some(IocType::Md5Hash))],
        "filename|sha1" => vec![(second(), Some(IocType::Sha1Hash))],
        "filename|sha256" => vec![(second(), Some(IocType::Sha256Hash))],
        "filename|sha512" => vec![(second(), Some(IocType::Sha512Hash))],
        "AS" => vec![(value, Some(IocType::Asn))],
        _ => Vec::new(),
    }
}

fn read_attribute(
    attr: &Value,
    object_name: Option<&str>,
    ctx: &EventContext,
    records: &mut Vec<Record>,
    skipped: &mut usize,
) {
    let misp_type = attr.get("type").and_then(Value::as_str).unwrap_or("");
    let value = attr.get("value").and_then(Value::as_str).unwrap_or("");
    if truthy(attr.get("deleted")) {
        *skipped += 1;
        return;
    }
    let halves = indicators(misp_type, value);
    if halves.is_empty() {
        *skipped += 1;
        return;
    }
    let to_ids = truthy(attr.get("to_ids"));
    for (v, t) in halves {
        let t = match t {
            Some(IocType::Asn) => {
                // MISP writes AS numbers bare (`13335`).
                let digits = v.trim().trim_start_matches(['A', 'S', 'a', 's']);
                let Some((m, t)) = value_record(&format!("AS{digits}"), Some(IocType::Asn), 0)
                else {
                    *skipped += 1;
                    continue;
                };
                push(records, m, t, attr, object_name, ctx, misp_type, to_ids);
                continue;
            }
            other => other,
        };
        match value_record(v, t, 0) {
            Some((m, t)) => push(records, m, t, attr, object_name, ctx, misp_type, to_ids),
            None => *skipped += 1,
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn push(
    records: &mut Vec<Record>,
    matcher: super::Matcher,
    ioc_type: IocType,
    attr: &Value,
    object_name: Option<&str>,
    ctx: &EventContext,
    misp_type: &str,
    to_ids: bool,
) {
    let field = |k: &str| attr.get(k).cloned().unwrap_or(Value::Null);
    records.push(Record {
        matcher,
        ioc_type,
        result: true,
        severity: if to_ids {
            Severity::High
        } else {
            Severity::Warning
        },
        line: 0,
        score: None,
        details: serde_json::json!({
            "eventId": ctx.id,
            "eventUuid": ctx.uuid,
            "eventInfo": ctx.info,
            "threatLevelId": ctx.threat_level_id,
            "attributeUuid": field("uuid"),
            "type": misp_type,
            "category": field("category"),
            "comment": field("comment"),
            "toIds": to_ids,
            "object": object_name,
        }),
        raw: attr.to_string(),
        reference: None,
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feeds::Matcher;

    #[test]
    fn reads_attributes_and_object_attributes() {
        let doc = br#"{"Event":{"id":"7","info":"Test campaign","uuid":"u","threat_level_id":"1",
          "Attribute":[{"type":"ip-dst","value":"203.0.113.7","to_ids":true},
                       {"type":"domain|ip","value":"bad.example|198.51.100.1","to_ids":false},
                       {"type":"text","value":"hello"}],
          "Object":[{"name":"file","Attribute":[{"type":"sha256","value":"E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855","to_ids":true}]}]}}"#;
        let feed = parse(doc, &FeedOptions::default()).unwrap();
        assert_eq!(feed.name, "Test campaign");
        assert_eq!(feed.records.len(), 4);
        assert_eq!(feed.skipped, 1);
        assert_eq!(feed.records[0].severity, Severity::High);
        assert_eq!(
            feed.records[1].matcher,
            Matcher::Value("bad.example".into())
        );
        assert_eq!(feed.records[1].severity, Severity::Warning);
        assert_eq!(feed.records[3].ioc_type, IocType::Sha256Hash);
        assert_eq!(feed.records[3].details["object"], "file");
    }

    #[test]
    fn not_an_event_is_a_coded_error() {
        assert!(matches!(
            parse(b"{\"a\": 1}", &FeedOptions::default()),
            Err(Error::InvalidFeed { .. })
        ));
        assert!(parse(b"{\"Event\": {\"Attribute\": [", &FeedOptions::default()).is_err());
    }
}
