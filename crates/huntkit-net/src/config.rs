//! Configuration: API keys, base URLs and limits per provider.
//!
//! Keys are held in [`ApiKey`], which never prints its value (`Debug` and `Display` give
//! `[redacted]`), and configuration errors name the place at fault, never the value found
//! there (a key pasted in the wrong field must not come back in a message).

use std::collections::BTreeMap;
use std::fmt;

use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::providers::Provider;

/// A secret: an API key. Its value is only read through [`ApiKey::expose`], when a
/// request header is written.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey(String);

impl ApiKey {
    /// Wraps a key (surrounding white space removed).
    pub fn new(key: impl Into<String>) -> ApiKey {
        ApiKey(key.into().trim().to_string())
    }

    /// The key itself, for the one place that sends it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// Is the key empty?
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKey([redacted])")
    }
}

impl fmt::Display for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

/// One provider's settings; everything is optional.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ProviderConfig {
    /// The API key (required by VirusTotal, AbuseIPDB and URLhaus).
    pub api_key: Option<ApiKey>,
    /// Where the API lives (scheme, host, optional path prefix), when not the provider's
    /// own: a proxy, or a local test server.
    pub base_url: Option<String>,
    /// At most this many requests per minute (0: no limit); the provider's free-tier
    /// default when unset.
    pub requests_per_minute: Option<u32>,
}

/// Settings for every network lookup.
#[derive(Debug, Clone, PartialEq)]
pub struct NetConfig {
    /// Per-provider settings.
    pub providers: BTreeMap<Provider, ProviderConfig>,
    /// How long an answer is reused for the same (provider, indicator), in seconds
    /// (0: no cache). Default 3600.
    pub cache_ttl_secs: u64,
    /// At most this many answers are cached (oldest dropped first). Default 10 000.
    pub cache_max_entries: usize,
    /// Per-request timeout, in seconds (native transport). Default 30.
    pub timeout_secs: u64,
    /// Larger responses are refused. Default 8 MiB.
    pub max_response_bytes: usize,
    /// The longest a lookup waits for a rate limit before it gives up with
    /// `rate_limited`, in seconds. Default 120.
    pub max_wait_secs: u64,
    /// The RDAP server every WhoIs query goes to, instead of the one the bootstrap
    /// names (a mirror, or a local test server).
    pub rdap_base: Option<String>,
    /// RDAP requests per minute per registry (0: no limit). Default 30.
    pub rdap_requests_per_minute: u32,
    /// Look up the origin AS by its number (`autnum`) for its name. Default true.
    pub rdap_autnum: bool,
    /// At most this many indicators per call. Default 10 000.
    pub max_items: usize,
}

impl Default for NetConfig {
    fn default() -> Self {
        NetConfig {
            providers: BTreeMap::new(),
            cache_ttl_secs: 3600,
            cache_max_entries: 10_000,
            timeout_secs: 30,
            max_response_bytes: 8 << 20,
            max_wait_secs: 120,
            rdap_base: None,
            rdap_requests_per_minute: 30,
            rdap_autnum: true,
            max_items: 10_000,
        }
    }
}

impl NetConfig {
    /// Reads a configuration from JSON (keys in camelCase or snake_case):
    ///
    /// ```json
    /// { "providers": { "virustotal": { "apiKey": "…", "requestsPerMinute": 4 },
    ///                  "greynoise": { "baseUrl": "http://127.0.0.1:8080" } },
    ///   "cacheTtlSecs": 600, "rdapBase": "https://rdap.example/" }
    /// ```
    pub fn from_json(text: &str) -> Result<NetConfig> {
        // serde_json's syntax errors give a line and column, never the text there.
        let value: Value = serde_json::from_str(text).map_err(|e| Error::InvalidConfig {
            at: "(document)".into(),
            message: format!("not JSON (line {}, column {})", e.line(), e.column()),
        })?;
        NetConfig::from_value(&value)
    }

    /// Reads a configuration from a parsed JSON value (see [`NetConfig::from_json`]).
    pub fn from_value(value: &Value) -> Result<NetConfig> {
        let map = object(value, "(document)")?;
        let mut config = NetConfig::default();
        for (key, v) in map {
            let name = huntkit_core::options_json::snake_case(key);
            let at = name.as_str();
            match at {
                "providers" => {
                    for (pname, pv) in object(v, "providers")? {
                        let provider = Provider::from_name(pname)?;
                        let pc = provider_config(pv, provider)?;
                        config.providers.insert(provider, pc);
                    }
                }
                "cache_ttl_secs" => config.cache_ttl_secs = uint(v, at)?,
                "cache_max_entries" => config.cache_max_entries = usize_of(v, at)?,
                "timeout_secs" => config.timeout_secs = uint(v, at)?,
                "max_response_bytes" => config.max_response_bytes = usize_of(v, at)?,
                "max_wait_secs" => config.max_wait_secs = uint(v, at)?,
                "rdap_base" => config.rdap_base = Some(url(v, at)?),
                "rdap_requests_per_minute" => {
                    config.rdap_requests_per_minute = u32_of(v, at)?;
                }
                "rdap_autnum" => config.rdap_autnum = boolean(v, at)?,
                "max_items" => config.max_items = usize_of(v, at)?,
                _ => {
                    return Err(Error::InvalidConfig {
                        at: huntkit_core::shorten(key),
                        message: "unknown key".into(),
                    })
                }
            }
        }
        Ok(config)
    }

    /// Fills each provider's missing key from the environment variable the provider
    /// documents ([`Provider::env_var`], e.g. `HUNTKIT_VT_KEY`), read through `get` (so
    /// tests and hosts can pass their own environment).
    pub fn with_env_keys(mut self, get: impl Fn(&str) -> Option<String>) -> NetConfig {
        for provider in Provider::ALL {
            let entry = self.providers.entry(provider).or_default();
            if entry.api_key.is_none() {
                if let Some(key) = get(provider.env_var()).map(ApiKey::new) {
                    if !key.is_empty() {
                        entry.api_key = Some(key);
                    }
                }
            }
        }
        self
    }

    /// Sets a provider's API key.
    pub fn set_key(&mut self, provider: Provider, key: ApiKey) {
        self.providers.entry(provider).or_default().api_key = Some(key);
    }

    /// Sets a provider's base URL.
    pub fn set_base_url(&mut self, provider: Provider, base: impl Into<String>) {
        self.providers.entry(provider).or_default().base_url = Some(base.into());
    }

    /// A provider's settings (defaults when none were given).
    pub fn provider(&self, provider: Provider) -> ProviderConfig {
        self.providers.get(&provider).cloned().unwrap_or_default()
    }

    /// A provider's base URL: the configured one or the provider's own, without a
    /// trailing `/`.
    pub fn base_url(&self, provider: Provider) -> String {
        let base = self
            .providers
            .get(&provider)
            .and_then(|p| p.base_url.clone())
            .unwrap_or_else(|| provider.default_base_url().to_string());
        base.trim_end_matches('/').to_string()
    }

    /// A provider's limit in requests per minute (0: none).
    pub fn requests_per_minute(&self, provider: Provider) -> u32 {
        self.providers
            .get(&provider)
            .and_then(|p| p.requests_per_minute)
            .unwrap_or_else(|| provider.default_requests_per_minute())
    }

    /// Every configured key, for [`Redactor`].
    pub fn redactor(&self) -> Redactor {
        Redactor {
            keys: self
                .providers
                .values()
                .filter_map(|p| p.api_key.clone())
                .filter(|k| k.expose().len() >= 4)
                .collect(),
        }
    }
}

/// Removes every configured key from a text that came from elsewhere (a transport's
/// error message may quote a request).
#[derive(Debug, Clone, Default)]
pub struct Redactor {
    keys: Vec<ApiKey>,
}

impl Redactor {
    /// `text` with each key replaced by `[redacted]`.
    pub fn redact(&self, text: &str) -> String {
        let mut out = text.to_string();
        for key in &self.keys {
            if out.contains(key.expose()) {
                out = out.replace(key.expose(), "[redacted]");
            }
        }
        out
    }
}

fn provider_config(value: &Value, provider: Provider) -> Result<ProviderConfig> {
    let mut pc = ProviderConfig::default();
    let base = format!("providers.{}", provider.key());
    for (key, v) in object(value, &base)? {
        let name = huntkit_core::options_json::snake_case(key);
        let at = format!("{base}.{name}");
        match name.as_str() {
            "api_key" => match v {
                Value::String(s) => pc.api_key = Some(ApiKey::new(s.clone())),
                Value::Null => pc.api_key = None,
                _ => return Err(wrong(&at, "a string")),
            },
            "base_url" => pc.base_url = Some(url(v, &at)?),
            "requests_per_minute" => pc.requests_per_minute = Some(u32_of(v, &at)?),
            _ => {
                return Err(Error::InvalidConfig {
                    at: format!("{base}.{}", huntkit_core::shorten(key)),
                    message: "unknown key (known: api_key, base_url, requests_per_minute)".into(),
                })
            }
        }
    }
    Ok(pc)
}

fn wrong(at: &str, expected: &str) -> Error {
    Error::InvalidConfig {
        at: at.to_string(),
        message: format!("expected {expected}"),
    }
}

fn object<'a>(value: &'a Value, at: &str) -> Result<&'a Map<String, Value>> {
    value.as_object().ok_or_else(|| wrong(at, "an object"))
}

fn uint(value: &Value, at: &str) -> Result<u64> {
    value.as_u64().ok_or_else(|| wrong(at, "a whole number"))
}

fn usize_of(value: &Value, at: &str) -> Result<usize> {
    usize::try_from(uint(value, at)?).map_err(|_| wrong(at, "a smaller number"))
}

fn u32_of(value: &Value, at: &str) -> Result<u32> {
    u32::try_from(uint(value, at)?).map_err(|_| wrong(at, "a smaller number"))
}

fn boolean(value: &Value, at: &str) -> Result<bool> {
    value.as_bool().ok_or_else(|| wrong(at, "true or false"))
}

/// An `http://` or `https://` URL (the value is not echoed: it may be a pasted key).
fn url(value: &Value, at: &str) -> Result<String> {
    let s = value.as_str().ok_or_else(|| wrong(at, "a URL string"))?;
    check_base_url(s).map_err(|message| Error::InvalidConfig {
        at: at.to_string(),
        message,
    })?;
    Ok(s.to_string())
}

/// Checks that `s` looks like an HTTP base URL: `http(s)://host[:port][/path]`, no
/// query, fragment or white space.
pub fn check_base_url(s: &str) -> std::result::Result<(), String> {
    let rest = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"))
        .ok_or_else(|| "expected a URL starting with http:// or https://".to_string())?;
    if rest.is_empty() || rest.starts_with('/') {
        return Err("the URL has no host".into());
    }
    if s.chars().any(|c| c.is_whitespace() || c == '?' || c == '#') {
        return Err("a base URL has no spaces, query or fragment".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_never_print() {
        let k = ApiKey::new("sekrit-123456");
        assert_eq!(format!("{k}"), "[redacted]");
        assert!(!format!("{k:?}").contains("sekrit"));
        let mut c = NetConfig::default();
        c.set_key(Provider::VirusTotal, k);
        assert!(!format!("{c:?}").contains("sekrit"));
    }

    #[test]
    fn misplaced_key_is_not_echoed() {
        let e = NetConfig::from_json(r#"{"providers":{"vt":{"baseUrl":"sekrit-123456"}}}"#)
            .unwrap_err();
        let text = format!("{e} {e:?}");
        assert!(!text.contains("sekrit"), "{text}");
        assert!(text.contains("providers.virustotal.base_url"), "{text}");
        let e = NetConfig::from_json(r#"{"providers":{"vt":"sekrit-123456"}}"#).unwrap_err();
        assert!(!format!("{e} {e:?}").contains("sekrit"));
        let e = NetConfig::from_json(r#"{"providers":{"vt":{"apiKey":"sekrit-1" "#).unwrap_err();
        assert!(!format!("{e} {e:?}").contains("sekrit"));
    }

    #[test]
    fn env_keys_fill_gaps_only() {
        let c = NetConfig::from_json(r#"{"providers":{"otx":{"api_key":"from-config"}}}"#)
            .unwrap()
            .with_env_keys(|name| match name {
                "HUNTKIT_VT_KEY" => Some("from-env".into()),
                "HUNTKIT_OTX_KEY" => Some("ignored".into()),
                _ => None,
            });
        let vt = c.provider(Provider::VirusTotal).api_key.unwrap();
        assert_eq!(vt.expose(), "from-env");
        let otx = c.provider(Provider::Otx).api_key.unwrap();
        assert_eq!(otx.expose(), "from-config");
        assert!(c.provider(Provider::GreyNoise).api_key.is_none());
    }

    #[test]
    fn redactor_removes_keys() {
        let mut c = NetConfig::default();
        c.set_key(Provider::AbuseIpdb, ApiKey::new("abcdef0123"));
        assert_eq!(
            c.redactor().redact("GET /x?key=abcdef0123 failed"),
            "GET /x?key=[redacted] failed"
        );
    }
}
