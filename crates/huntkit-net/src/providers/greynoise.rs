//! GreyNoise Community API v3: `GET /v3/community/{ip}`, optional key in the `key`
//! header. The answer says whether the address is internet background noise (`noise`:
//! seen scanning), part of a known benign service (`riot`), and GreyNoise's
//! `classification` (`benign`, `malicious`, `suspicious`, `unknown`). An address
//! GreyNoise has not seen is a 404 with the same shape (`noise` and `riot` false).
//!
//! Severity: `high` for `malicious`, `warning` for `suspicious` or for noise of unknown
//! intent, `information` for `benign`, RIOT services and anything else.
//! `Result` is true when the address is noise or in RIOT.

use huntkit_ti::{IocType, Severity, TiResult};
use serde_json::Value;

use super::{encode, malformed, pick, Provider};
use crate::error::Result;
use crate::http::HttpRequest;

const P: Provider = Provider::GreyNoise;

pub(super) fn request(base: &str, ioc: &str) -> Option<HttpRequest> {
    Some(HttpRequest::get(format!(
        "{base}/v3/community/{}",
        encode(ioc)
    )))
}

pub(super) fn parse(ioc: &str, ioc_type: IocType, json: &Value) -> Result<TiResult> {
    let noise = json
        .get("noise")
        .and_then(Value::as_bool)
        .ok_or_else(|| malformed(P, "no boolean `/noise` in the response"))?;
    let riot = json.get("riot").and_then(Value::as_bool).unwrap_or(false);
    let classification = json
        .get("classification")
        .and_then(Value::as_str)
        .unwrap_or("unknown");
    let severity = match classification {
        "malicious" => Severity::High,
        "suspicious" => Severity::Warning,
        "unknown" if noise && !riot => Severity::Warning,
        _ => Severity::Information,
    };
    let details = pick(
        json,
        &[
            "/noise",
            "/riot",
            "/classification",
            "/name",
            "/last_seen",
            "/message",
        ],
    );
    let mut r = TiResult::new(ioc, ioc_type, P.name(), noise || riot, severity);
    r.details = Value::Object(details);
    r.reference = json
        .get("link")
        .and_then(Value::as_str)
        .map(str::to_string)
        .or_else(|| Some(format!("https://viz.greynoise.io/ip/{}", encode(ioc))));
    Ok(r)
}
