//! A lookup session: the cache and rate limiters shared by every lookup, and the two
//! steps of one lookup — [`Session::start`] (cached answer, wait, or request to make)
//! and [`Session::finish`] (read the response, cache it). No I/O and no clock here:
//! the caller passes the time in milliseconds, sleeps or awaits the waits, and moves
//! the bytes, so the native driver and the browser's share this code.

use std::collections::HashMap;

use huntkit_core::Table;
use huntkit_ti::{IocType, TiResult};

use crate::cache::TtlCache;
use crate::config::{NetConfig, Redactor};
use crate::error::{Error, Result};
use crate::http::{HttpRequest, HttpResponse};
use crate::providers::{error_result, Provider};
use crate::ratelimit::RateLimiter;
use crate::rdap::{Bootstrap, WhoisRecord};

/// What to do for one (provider, indicator) pair.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    /// The answer is known (cached, or an error row such as a missing key).
    Done(TiResult),
    /// The provider has nothing for this indicator type: no row.
    Skip,
    /// The rate limit allows no request for this many milliseconds: wait, then call
    /// [`Session::start`] again (or give up with [`Session::rate_limited`]).
    Wait(u64),
    /// Make this request and pass its outcome to [`Session::finish`].
    Send(HttpRequest),
}

type CacheKey = (Provider, IocType, String);

/// Cache, limits and configuration for a run of lookups.
#[derive(Debug)]
pub struct Session {
    config: NetConfig,
    redactor: Redactor,
    cache: TtlCache<CacheKey, TiResult>,
    limiters: HashMap<Provider, RateLimiter>,
    whois_cache: TtlCache<String, WhoisRecord>,
    rdap_limiters: HashMap<String, RateLimiter>,
    bootstrap: Bootstrap,
}

impl Session {
    /// A session with the bundled RDAP bootstrap.
    pub fn new(config: NetConfig) -> Result<Session> {
        Ok(Session::with_bootstrap(config, Bootstrap::bundled()?))
    }

    /// A session with the given RDAP bootstrap.
    pub fn with_bootstrap(config: NetConfig, bootstrap: Bootstrap) -> Session {
        let ttl = config.cache_ttl_secs.saturating_mul(1000);
        Session {
            redactor: config.redactor(),
            cache: TtlCache::new(ttl, config.cache_max_entries),
            whois_cache: TtlCache::new(ttl, config.cache_max_entries),
            limiters: HashMap::new(),
            rdap_limiters: HashMap::new(),
            bootstrap,
            config,
        }
    }

    /// The configuration.
    pub fn config(&self) -> &NetConfig {
        &self.config
    }

    /// The RDAP bootstrap.
    pub fn bootstrap(&self) -> &Bootstrap {
        &self.bootstrap
    }

    /// The first step of asking `provider` about `ioc` at time `now_ms`.
    pub fn start(&mut self, provider: Provider, ioc: &str, ioc_type: IocType, now_ms: u64) -> Step {
        let key = (provider, ioc_type, ioc.trim().to_string());
        if let Some(hit) = self.cache.get(&key, now_ms) {
            return Step::Done(hit);
        }
        let request = match provider.build_request(ioc, ioc_type, &self.config) {
            Ok(Some(r)) => r,
            Ok(None) => return Step::Skip,
            Err(e) => return Step::Done(error_result(provider.name(), ioc, ioc_type, &e)),
        };
        let per_minute = self.config.requests_per_minute(provider);
        let limiter = self
            .limiters
            .entry(provider)
            .or_insert_with(|| RateLimiter::new(per_minute));
        match limiter.acquire(now_ms) {
            Ok(()) => Step::Send(request),
            Err(wait) => Step::Wait(wait),
        }
    }

    /// Reads the outcome of the request [`Session::start`] asked for: the response, or
    /// the transport's error text (keys are redacted from it).
    pub fn finish(
        &mut self,
        provider: Provider,
        ioc: &str,
        ioc_type: IocType,
        outcome: std::result::Result<HttpResponse, String>,
        now_ms: u64,
    ) -> TiResult {
        let parsed = outcome
            .map_err(|message| Error::Transport {
                provider: provider.name(),
                message: self.redactor.redact(&message),
            })
            .and_then(|response| {
                if response.body.len() > self.config.max_response_bytes {
                    return Err(Error::ResponseTooLarge {
                        provider: provider.name(),
                        limit: self.config.max_response_bytes,
                    });
                }
                provider.parse_response(ioc, ioc_type, &response)
            });
        match parsed {
            Ok(result) => {
                let key = (provider, ioc_type, ioc.trim().to_string());
                self.cache.insert(key, result.clone(), now_ms);
                result
            }
            Err(e) => {
                if let Error::RateLimited { retry_after_ms, .. } = e {
                    if let Some(l) = self.limiters.get_mut(&provider) {
                        l.back_off(now_ms, retry_after_ms.max(1000));
                    }
                }
                error_result(provider.name(), ioc, ioc_type, &e)
            }
        }
    }

    /// The row for a lookup that gave up waiting for the rate limit.
    pub fn rate_limited(
        &self,
        provider: Provider,
        ioc: &str,
        ioc_type: IocType,
        wait_ms: u64,
    ) -> TiResult {
        let e = Error::RateLimited {
            provider: provider.name(),
            retry_after_ms: wait_ms,
        };
        error_result(provider.name(), ioc, ioc_type, &e)
    }

    /// A cached WhoIs record for `ip`.
    pub fn whois_cached(&self, ip: &str, now_ms: u64) -> Option<WhoisRecord> {
        self.whois_cache.get(&ip.trim().to_string(), now_ms)
    }

    /// Caches a finished WhoIs record (only successful ones).
    pub fn whois_store(&mut self, record: &WhoisRecord, now_ms: u64) {
        if record.status == "ok" {
            self.whois_cache
                .insert(record.query.clone(), record.clone(), now_ms);
        }
    }

    /// Takes a slot for a request to the RDAP server `server`, or says how long to wait.
    pub fn rdap_acquire(&mut self, server: &str, now_ms: u64) -> std::result::Result<(), u64> {
        let per_minute = self.config.rdap_requests_per_minute;
        self.rdap_limiters
            .entry(server.to_string())
            .or_insert_with(|| RateLimiter::new(per_minute))
            .acquire(now_ms)
    }

    /// Redacts every configured key from `text`.
    pub fn redact(&self, text: &str) -> String {
        self.redactor.redact(text)
    }
}

/// The type of an indicator by its shape (after refanging): `huntkit-ti`'s rules, so
/// feeds and services read values alike.
pub fn detect_ioc_type(value: &str) -> IocType {
    huntkit_ti::normalize::prepare(value, None).1
}

/// The indicators of a table's column with their types: from `type_column` when given
/// (MSTICPy's type names, `file_hash` resolved by length), else by shape. Empty cells
/// are skipped and repeated (value, type) pairs kept once, in first-seen order; at
/// most `max_items`.
pub fn indicators_of(
    table: &Table,
    column: &str,
    type_column: Option<&str>,
    max_items: usize,
) -> Result<Vec<(String, IocType)>> {
    let values = table.str_column(column)?;
    let types = type_column.map(|c| table.str_column(c)).transpose()?;
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for row in 0..values.len() {
        let Some(cell) = values.get(row).map(str::trim).filter(|v| !v.is_empty()) else {
            continue;
        };
        // Defanged values (`hxxp://evil[.]example`) are looked up refanged.
        let given = types
            .as_ref()
            .and_then(|tc| tc.get(row))
            .and_then(|name| IocType::parse_for(name, cell));
        let (v, t) = huntkit_ti::normalize::prepare(cell, given);
        let v: &str = &v;
        if seen.insert((v.to_string(), t)) {
            if out.len() >= max_items {
                return Err(Error::InvalidConfig {
                    at: "max_items".into(),
                    message: format!("more than {max_items} distinct indicators in `{column}`"),
                });
            }
            out.push((v.to_string(), t));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_by_shape() {
        assert_eq!(detect_ioc_type("8.8.8.8"), IocType::Ipv4);
        assert_eq!(detect_ioc_type("2001:4860::8888"), IocType::Ipv6);
        assert_eq!(detect_ioc_type(&"a".repeat(64)), IocType::Sha256Hash);
        assert_eq!(detect_ioc_type("http://evil.example/x"), IocType::Url);
        assert_eq!(detect_ioc_type("evil.example.com"), IocType::Dns);
        assert_eq!(detect_ioc_type("hxxp://evil[.]example/x"), IocType::Url);
        assert_eq!(detect_ioc_type("hello world"), IocType::Unknown);
    }
}
