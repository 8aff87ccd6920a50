//! The network TI providers: for each, how to ask about an indicator
//! ([`Provider::build_request`]) and how to read the answer into MSTICPy's TI result
//! columns ([`Provider::parse_response`]). Both are pure functions: no I/O here.
//!
//! HTTP statuses are read the same way for every provider: 200 is parsed by the
//! provider; 404 is "not known to this provider" (`Result = false`); 401/403 are
//! `unauthorized`, 429 `rate_limited` (with the service's `Retry-After`), anything
//! else `http_status`; a body that is not the documented JSON is `malformed_response`.

mod abuseipdb;
mod greynoise;
mod otx;
mod urlhaus;
mod virustotal;

use std::fmt;

use huntkit_ti::{IocType, Severity, TiResult};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde_json::Value;

use crate::config::NetConfig;
use crate::error::{Error, Result};
use crate::http::{HeaderValue, HttpRequest, HttpResponse};

/// A network threat-intelligence service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Provider {
    /// VirusTotal, API v3.
    VirusTotal,
    /// AlienVault Open Threat Exchange, API v1.
    Otx,
    /// AbuseIPDB, API v2.
    AbuseIpdb,
    /// GreyNoise Community API, v3.
    GreyNoise,
    /// abuse.ch URLhaus, API v1.
    UrlHaus,
}

impl fmt::Display for Provider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Provider {
    /// Every provider.
    pub const ALL: [Provider; 5] = [
        Provider::VirusTotal,
        Provider::Otx,
        Provider::AbuseIpdb,
        Provider::GreyNoise,
        Provider::UrlHaus,
    ];

    /// The name in the `Provider` column (MSTICPy's provider names).
    pub const fn name(self) -> &'static str {
        match self {
            Provider::VirusTotal => "VirusTotal",
            Provider::Otx => "OTX",
            Provider::AbuseIpdb => "AbuseIPDB",
            Provider::GreyNoise => "GreyNoise",
            Provider::UrlHaus => "URLhaus",
        }
    }

    /// The lower-case name used in configurations and on the command line.
    pub const fn key(self) -> &'static str {
        match self {
            Provider::VirusTotal => "virustotal",
            Provider::Otx => "otx",
            Provider::AbuseIpdb => "abuseipdb",
            Provider::GreyNoise => "greynoise",
            Provider::UrlHaus => "urlhaus",
        }
    }

    /// Reads a provider name: its key, its display name, or a short alias (`vt`,
    /// `alienvault`, `gn`, `abuse`), in any case.
    pub fn from_name(name: &str) -> Result<Provider> {
        let lower = name.trim().to_ascii_lowercase();
        let p = match lower.as_str() {
            "virustotal" | "vt" | "virus_total" | "vt3" => Provider::VirusTotal,
            "otx" | "alienvault" | "alienvault_otx" => Provider::Otx,
            "abuseipdb" | "abuse_ipdb" | "abuse" => Provider::AbuseIpdb,
            "greynoise" | "gn" | "grey_noise" => Provider::GreyNoise,
            "urlhaus" | "url_haus" => Provider::UrlHaus,
            _ => {
                return Err(Error::UnknownProvider {
                    name: huntkit_core::shorten(name),
                })
            }
        };
        Ok(p)
    }

    /// The environment variable the CLI and Python read this provider's key from.
    pub const fn env_var(self) -> &'static str {
        match self {
            Provider::VirusTotal => "HUNTKIT_VT_KEY",
            Provider::Otx => "HUNTKIT_OTX_KEY",
            Provider::AbuseIpdb => "HUNTKIT_ABUSEIPDB_KEY",
            Provider::GreyNoise => "HUNTKIT_GREYNOISE_KEY",
            Provider::UrlHaus => "HUNTKIT_URLHAUS_KEY",
        }
    }

    /// The service's own API address.
    pub const fn default_base_url(self) -> &'static str {
        match self {
            Provider::VirusTotal => "https://www.virustotal.com",
            Provider::Otx => "https://otx.alienvault.com",
            Provider::AbuseIpdb => "https://api.abuseipdb.com",
            Provider::GreyNoise => "https://api.greynoise.io",
            Provider::UrlHaus => "https://urlhaus-api.abuse.ch",
        }
    }

    /// The free tier's pace, as the default limit (requests per minute).
    pub const fn default_requests_per_minute(self) -> u32 {
        match self {
            // The public API: 4 requests a minute.
            Provider::VirusTotal => 4,
            // 1000 checks a day on the free plan; a minute's burst is allowed.
            Provider::AbuseIpdb => 30,
            // The community API's allowance is small and daily.
            Provider::GreyNoise => 10,
            Provider::Otx | Provider::UrlHaus => 60,
        }
    }

    /// The header that carries the key.
    pub const fn key_header(self) -> &'static str {
        match self {
            Provider::VirusTotal => "x-apikey",
            Provider::Otx => "X-OTX-API-KEY",
            Provider::AbuseIpdb => "Key",
            Provider::GreyNoise => "key",
            Provider::UrlHaus => "Auth-Key",
        }
    }

    /// Does the service refuse requests without a key? (OTX and GreyNoise Community
    /// answer without one, at a lower allowance.)
    pub const fn key_required(self) -> bool {
        matches!(
            self,
            Provider::VirusTotal | Provider::AbuseIpdb | Provider::UrlHaus
        )
    }

    /// The indicator types the service answers for.
    pub fn supports(self, ioc_type: IocType) -> bool {
        use IocType::*;
        match self {
            Provider::VirusTotal => matches!(
                ioc_type,
                Ipv4 | Ipv6 | Dns | Url | Md5Hash | Sha1Hash | Sha256Hash
            ),
            Provider::Otx => matches!(
                ioc_type,
                Ipv4 | Ipv6 | Dns | Url | Md5Hash | Sha1Hash | Sha256Hash
            ),
            Provider::AbuseIpdb => matches!(ioc_type, Ipv4 | Ipv6),
            Provider::GreyNoise => matches!(ioc_type, Ipv4),
            Provider::UrlHaus => matches!(ioc_type, Ipv4 | Ipv6 | Dns | Url | Md5Hash | Sha256Hash),
        }
    }

    /// The request that asks the service about `ioc` (of type `ioc_type`): `Ok(None)`
    /// when the service has nothing for that type, `missing_api_key` when it needs a key
    /// and none is configured.
    pub fn build_request(
        self,
        ioc: &str,
        ioc_type: IocType,
        config: &NetConfig,
    ) -> Result<Option<HttpRequest>> {
        if !self.supports(ioc_type) {
            return Ok(None);
        }
        let settings = config.provider(self);
        let key = settings.api_key.filter(|k| !k.is_empty());
        if key.is_none() && self.key_required() {
            return Err(Error::MissingApiKey {
                provider: self.name(),
                env: self.env_var(),
            });
        }
        let base = config.base_url(self);
        let ioc = ioc.trim();
        let request = match self {
            Provider::VirusTotal => virustotal::request(&base, ioc, ioc_type),
            Provider::Otx => otx::request(&base, ioc, ioc_type),
            Provider::AbuseIpdb => abuseipdb::request(&base, ioc),
            Provider::GreyNoise => greynoise::request(&base, ioc),
            Provider::UrlHaus => urlhaus::request(&base, ioc, ioc_type),
        };
        Ok(request.map(|r| match key {
            Some(k) => r.header(self.key_header(), HeaderValue::Secret(k)),
            None => r,
        }))
    }

    /// Reads the service's answer about `ioc` into a TI result row (see the module
    /// documentation for how statuses are read).
    pub fn parse_response(
        self,
        ioc: &str,
        ioc_type: IocType,
        response: &HttpResponse,
    ) -> Result<TiResult> {
        let raw = String::from_utf8_lossy(&response.body).into_owned();
        match response.status {
            200 => {}
            404 => {
                let mut r = TiResult::new(ioc, ioc_type, self.name(), false, Severity::Information);
                r.details = serde_json::json!({ "status": "not_found" });
                r.raw_result = raw;
                return Ok(r);
            }
            401 | 403 => {
                return Err(Error::Unauthorized {
                    provider: self.name(),
                    status: response.status,
                })
            }
            429 => {
                return Err(Error::RateLimited {
                    provider: self.name(),
                    retry_after_ms: response.retry_after_secs.unwrap_or(0).saturating_mul(1000),
                })
            }
            status => {
                return Err(Error::HttpStatus {
                    provider: self.name(),
                    status,
                })
            }
        }
        let json: Value = serde_json::from_slice(&response.body).map_err(|e| {
            malformed(
                self,
                format!("not JSON (line {}, column {})", e.line(), e.column()),
            )
        })?;
        let mut result = match self {
            Provider::VirusTotal => virustotal::parse(ioc, ioc_type, &json)?,
            Provider::Otx => otx::parse(ioc, ioc_type, &json)?,
            Provider::AbuseIpdb => abuseipdb::parse(ioc, ioc_type, &json)?,
            Provider::GreyNoise => greynoise::parse(ioc, ioc_type, &json)?,
            Provider::UrlHaus => urlhaus::parse(ioc, ioc_type, &json)?,
        };
        result.raw_result = raw;
        Ok(result)
    }
}

/// The row an error leaves in a result table: `Result = false`, severity `unknown`,
/// and `Details` naming the error's code and message.
pub fn error_result(provider: &str, ioc: &str, ioc_type: IocType, error: &Error) -> TiResult {
    use huntkit_core::ErrorCode;
    let mut r = TiResult::new(ioc, ioc_type, provider, false, Severity::Unknown);
    r.details = serde_json::json!({ "error": error.code(), "message": error.to_string() });
    r
}

/// A `malformed_response` error for `provider`.
pub(crate) fn malformed(provider: Provider, message: impl Into<String>) -> Error {
    Error::MalformedResponse {
        provider: provider.name(),
        message: message.into(),
    }
}

/// Everything but unreserved characters, for one URL path segment or form value.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// `value` percent-encoded for a path segment or a form field.
pub(crate) fn encode(value: &str) -> String {
    utf8_percent_encode(value, SEGMENT).to_string()
}

/// The value at a JSON pointer (`/data/attributes`), or `malformed_response` naming it.
pub(crate) fn require<'a>(provider: Provider, json: &'a Value, pointer: &str) -> Result<&'a Value> {
    json.pointer(pointer)
        .ok_or_else(|| malformed(provider, format!("no `{pointer}` in the response")))
}

/// The number at `pointer`, 0 when absent or not a number.
pub(crate) fn count(json: &Value, pointer: &str) -> u64 {
    json.pointer(pointer).and_then(Value::as_u64).unwrap_or(0)
}

/// Copies the fields at `pointers` (last path component as the name) that exist.
pub(crate) fn pick(json: &Value, pointers: &[&str]) -> serde_json::Map<String, Value> {
    let mut out = serde_json::Map::new();
    for p in pointers {
        if let Some(v) = json.pointer(p).filter(|v| !v.is_null()) {
            let name = p.rsplit('/').next().unwrap_or(p);
            out.insert(name.to_string(), v.clone());
        }
    }
    out
}
