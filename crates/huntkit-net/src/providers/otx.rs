//! AlienVault OTX API v1: `GET /api/v1/indicators/{section}/{indicator}/general`
//! (sections `IPv4`, `IPv6`, `domain`, `url`, `file`), key in `X-OTX-API-KEY`.
//! `pulse_info.count` is how many pulses (community threat reports) name the indicator.
//!
//! Severity: `high` for two or more pulses, `warning` for one, `information` for none.
//! `Result` is true when at least one pulse names it.

use huntkit_ti::{IocType, Severity, TiResult};
use serde_json::Value;

use super::{count, encode, pick, require, Provider};
use crate::error::Result;
use crate::http::HttpRequest;

const P: Provider = Provider::Otx;

fn section(ioc_type: IocType) -> Option<(&'static str, &'static str)> {
    match ioc_type {
        IocType::Ipv4 => Some(("IPv4", "ip")),
        IocType::Ipv6 => Some(("IPv6", "ip")),
        IocType::Dns => Some(("domain", "domain")),
        IocType::Url => Some(("url", "url")),
        t if t.is_hash() => Some(("file", "file")),
        _ => None,
    }
}

pub(super) fn request(base: &str, ioc: &str, ioc_type: IocType) -> Option<HttpRequest> {
    let (section, _) = section(ioc_type)?;
    Some(HttpRequest::get(format!(
        "{base}/api/v1/indicators/{section}/{}/general",
        encode(ioc)
    )))
}

pub(super) fn parse(ioc: &str, ioc_type: IocType, json: &Value) -> Result<TiResult> {
    let pulse_info = require(P, json, "/pulse_info")?;
    let pulses = count(pulse_info, "/count");
    let severity = match pulses {
        0 => Severity::Information,
        1 => Severity::Warning,
        _ => Severity::High,
    };
    let names: Vec<Value> = pulse_info
        .get("pulses")
        .and_then(Value::as_array)
        .map(|ps| {
            ps.iter()
                .filter_map(|p| p.get("name").cloned())
                .take(20)
                .collect()
        })
        .unwrap_or_default();
    let mut details = pick(
        json,
        &["/reputation", "/country_name", "/asn", "/type_title"],
    );
    details.insert("pulse_count".into(), pulses.into());
    details.insert("pulse_names".into(), Value::Array(names));
    let mut r = TiResult::new(ioc, ioc_type, P.name(), pulses > 0, severity);
    r.details = Value::Object(details);
    r.reference = section(ioc_type)
        .map(|(_, gui)| format!("https://otx.alienvault.com/indicator/{gui}/{}", encode(ioc)));
    Ok(r)
}
