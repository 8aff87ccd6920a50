//! AbuseIPDB API v2: `GET /api/v2/check?ipAddress={ip}&maxAgeInDays=90`, key in the
//! `Key` header, `Accept: application/json`. `data.abuseConfidenceScore` (0–100) is
//! AbuseIPDB's confidence that the address is abusive, from its reports.
//!
//! Severity: `high` from a score of 75, `warning` from 25, `information` below.
//! `Result` is true when the address has reports (`totalReports` > 0) or a score.

use huntkit_ti::{IocType, Severity, TiResult};
use serde_json::Value;

use super::{count, encode, malformed, pick, require, Provider};
use crate::error::Result;
use crate::http::HttpRequest;

const P: Provider = Provider::AbuseIpdb;

pub(super) fn request(base: &str, ioc: &str) -> Option<HttpRequest> {
    Some(HttpRequest::get(format!(
        "{base}/api/v2/check?ipAddress={}&maxAgeInDays=90",
        encode(ioc)
    )))
}

pub(super) fn parse(ioc: &str, ioc_type: IocType, json: &Value) -> Result<TiResult> {
    let data = require(P, json, "/data")?;
    let score = data
        .get("abuseConfidenceScore")
        .and_then(Value::as_u64)
        .ok_or_else(|| malformed(P, "no numeric `/data/abuseConfidenceScore` in the response"))?;
    let reports = count(data, "/totalReports");
    let severity = if score >= 75 {
        Severity::High
    } else if score >= 25 {
        Severity::Warning
    } else {
        Severity::Information
    };
    let details = pick(
        data,
        &[
            "/abuseConfidenceScore",
            "/totalReports",
            "/numDistinctUsers",
            "/lastReportedAt",
            "/countryCode",
            "/usageType",
            "/isp",
            "/domain",
            "/isWhitelisted",
            "/isTor",
        ],
    );
    let mut r = TiResult::new(ioc, ioc_type, P.name(), reports > 0 || score > 0, severity);
    r.details = Value::Object(details);
    r.reference = Some(format!("https://www.abuseipdb.com/check/{}", encode(ioc)));
    Ok(r)
}
