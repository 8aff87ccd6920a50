//! abuse.ch URLhaus API v1: form `POST`s to `/v1/url/` (`url=`), `/v1/host/` (`host=`,
//! for domains and addresses) and `/v1/payload/` (`md5_hash=` or `sha256_hash=`), key
//! in the `Auth-Key` header. `query_status` is `ok` when URLhaus knows the indicator,
//! `no_results` when not, or names what was wrong with the query (`invalid_url`...).
//!
//! Severity: a URL still `online` is `high`, one that is offline `warning`; a host is
//! `high` when any of its malware URLs is online, `warning` otherwise; a known payload
//! is `high`. `Result` is true for `query_status: ok`.

use huntkit_ti::{IocType, Severity, TiResult};
use serde_json::Value;

use super::{encode, pick, require, Provider};
use crate::error::Result;
use crate::http::{HeaderValue, HttpRequest, Method};

const P: Provider = Provider::UrlHaus;

pub(super) fn request(base: &str, ioc: &str, ioc_type: IocType) -> Option<HttpRequest> {
    let (path, field) = match ioc_type {
        IocType::Url => ("url", "url"),
        IocType::Dns | IocType::Ipv4 | IocType::Ipv6 => ("host", "host"),
        IocType::Md5Hash => ("payload", "md5_hash"),
        IocType::Sha256Hash => ("payload", "sha256_hash"),
        _ => return None,
    };
    Some(HttpRequest {
        method: Method::Post,
        url: format!("{base}/v1/{path}/"),
        headers: vec![
            (
                "Accept".into(),
                HeaderValue::Plain("application/json".into()),
            ),
            (
                "Content-Type".into(),
                HeaderValue::Plain("application/x-www-form-urlencoded".into()),
            ),
        ],
        body: Some(format!("{field}={}", encode(ioc))),
    })
}

pub(super) fn parse(ioc: &str, ioc_type: IocType, json: &Value) -> Result<TiResult> {
    let status = require(P, json, "/query_status")?
        .as_str()
        .unwrap_or_default()
        .to_string();
    if status != "ok" {
        // `no_results` is a clean miss; anything else is URLhaus refusing the query.
        let severity = if status == "no_results" {
            Severity::Information
        } else {
            Severity::Unknown
        };
        let mut r = TiResult::new(ioc, ioc_type, P.name(), false, severity);
        r.details = serde_json::json!({ "query_status": status });
        return Ok(r);
    }
    let online = |v: &Value| v.get("url_status").and_then(Value::as_str) == Some("online");
    let (severity, details) = match ioc_type {
        IocType::Url => {
            let sev = if online(json) {
                Severity::High
            } else {
                Severity::Warning
            };
            let d = pick(
                json,
                &[
                    "/url_status",
                    "/threat",
                    "/tags",
                    "/date_added",
                    "/last_online",
                    "/host",
                ],
            );
            (sev, d)
        }
        IocType::Md5Hash | IocType::Sha256Hash => {
            let d = pick(
                json,
                &[
                    "/file_type",
                    "/signature",
                    "/firstseen",
                    "/lastseen",
                    "/url_count",
                ],
            );
            (Severity::High, d)
        }
        _ => {
            let urls = json.get("urls").and_then(Value::as_array);
            let any_online = urls.is_some_and(|u| u.iter().any(online));
            let sev = if any_online {
                Severity::High
            } else {
                Severity::Warning
            };
            let mut d = pick(json, &["/url_count", "/firstseen", "/blacklists"]);
            let threats: std::collections::BTreeSet<&str> = urls
                .into_iter()
                .flatten()
                .filter_map(|u| u.get("threat").and_then(Value::as_str))
                .collect();
            d.insert(
                "threats".into(),
                threats.into_iter().collect::<Vec<_>>().into(),
            );
            (sev, d)
        }
    };
    let mut details = details;
    details.insert("query_status".into(), status.into());
    let mut r = TiResult::new(ioc, ioc_type, P.name(), true, severity);
    r.details = Value::Object(details);
    r.reference = json
        .get("urlhaus_reference")
        .and_then(Value::as_str)
        .map(str::to_string);
    Ok(r)
}
