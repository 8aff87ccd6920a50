//! VirusTotal API v3: `GET /api/v3/ip_addresses/{ip}`, `/domains/{domain}`,
//! `/urls/{id}` (the id is the URL in unpadded URL-safe base64) and `/files/{hash}`,
//! key in the `x-apikey` header. The object's `data.attributes.last_analysis_stats`
//! counts the engines' verdicts.
//!
//! Severity: `high` when two or more engines say malicious, `warning` when one does or
//! any says suspicious, `information` otherwise. `Result` is true whenever VirusTotal
//! has the object (a 404 is "not found").

use base64::Engine;
use huntkit_ti::{IocType, Severity, TiResult};
use serde_json::Value;

use super::{count, encode, pick, require, Provider};
use crate::error::Result;
use crate::http::HttpRequest;

const P: Provider = Provider::VirusTotal;

/// The collection and id of the object, and the GUI's name for the collection.
fn object(ioc: &str, ioc_type: IocType) -> Option<(&'static str, String, &'static str)> {
    match ioc_type {
        IocType::Ipv4 | IocType::Ipv6 => Some(("ip_addresses", ioc.to_string(), "ip-address")),
        IocType::Dns => Some(("domains", ioc.to_ascii_lowercase(), "domain")),
        IocType::Url => Some((
            "urls",
            base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(ioc),
            "url",
        )),
        t if t.is_hash() => Some(("files", ioc.to_ascii_lowercase(), "file")),
        _ => None,
    }
}

pub(super) fn request(base: &str, ioc: &str, ioc_type: IocType) -> Option<HttpRequest> {
    let (collection, id, _) = object(ioc, ioc_type)?;
    Some(HttpRequest::get(format!(
        "{base}/api/v3/{collection}/{}",
        encode(&id)
    )))
}

pub(super) fn parse(ioc: &str, ioc_type: IocType, json: &Value) -> Result<TiResult> {
    let attributes = require(P, json, "/data/attributes")?;
    let stats = attributes
        .get("last_analysis_stats")
        .cloned()
        .unwrap_or(Value::Null);
    let malicious = count(&stats, "/malicious");
    let suspicious = count(&stats, "/suspicious");
    let severity = if malicious >= 2 {
        Severity::High
    } else if malicious == 1 || suspicious > 0 {
        Severity::Warning
    } else {
        Severity::Information
    };
    let mut details = pick(
        attributes,
        &[
            "/reputation",
            "/tags",
            "/as_owner",
            "/asn",
            "/country",
            "/network",
            "/registrar",
            "/categories",
            "/meaningful_name",
            "/type_description",
            "/last_final_url",
            "/last_analysis_date",
        ],
    );
    details.insert("last_analysis_stats".into(), stats);
    let mut r = TiResult::new(ioc, ioc_type, P.name(), true, severity);
    r.details = Value::Object(details);
    r.reference = object(ioc, ioc_type).map(|(_, id, gui)| {
        let id = json
            .pointer("/data/id")
            .and_then(Value::as_str)
            .map(str::to_string)
            .unwrap_or(id);
        format!("https://www.virustotal.com/gui/{gui}/{}", encode(&id))
    });
    Ok(r)
}
