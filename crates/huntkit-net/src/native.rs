//! The native driver: a blocking HTTPS transport on `ureq` (rustls, no OpenSSL) and
//! loops that run a [`Session`] to the end, sleeping through rate limits.

use std::io::Read;
use std::time::{Duration, Instant};

use huntkit_ti::{IocType, TiResult};

use crate::http::{HttpRequest, HttpResponse, Transport};
use crate::lookup::{Session, Step};
use crate::providers::Provider;
use crate::rdap::{WhoisLookup, WhoisRecord, WhoisStep};

/// A blocking transport on `ureq`.
#[derive(Debug, Clone)]
pub struct UreqTransport {
    agent: ureq::Agent,
}

impl UreqTransport {
    /// A transport whose requests time out after `timeout_secs` (whole request).
    pub fn new(timeout_secs: u64) -> UreqTransport {
        let config = ureq::Agent::config_builder()
            .timeout_global(Some(Duration::from_secs(timeout_secs.max(1))))
            .http_status_as_error(false)
            .user_agent(concat!("huntkit/", env!("CARGO_PKG_VERSION")))
            .build();
        UreqTransport {
            agent: config.into(),
        }
    }
}

impl Transport for UreqTransport {
    fn send(&self, request: &HttpRequest, max_bytes: usize) -> Result<HttpResponse, String> {
        let mut builder = ureq::http::Request::builder()
            .method(request.method.as_str())
            .uri(request.url.as_str());
        for (name, value) in &request.headers {
            builder = builder.header(name.as_str(), value.expose());
        }
        let body = request.body.clone().unwrap_or_default();
        let req = builder
            .body(body)
            // The builder's error names the part at fault, not the header values.
            .map_err(|e| format!("invalid request: {e}"))?;
        let mut response = self.agent.run(req).map_err(|e| e.to_string())?;
        let status = response.status().as_u16();
        let retry_after_secs = response
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok());
        let limit = u64::try_from(max_bytes)
            .unwrap_or(u64::MAX)
            .saturating_add(1);
        let mut body = Vec::new();
        response
            .body_mut()
            .as_reader()
            .take(limit)
            .read_to_end(&mut body)
            .map_err(|e| format!("reading the body: {e}"))?;
        if body.len() > max_bytes {
            return Err(format!("the response is larger than {max_bytes} bytes"));
        }
        Ok(HttpResponse {
            status,
            body,
            retry_after_secs,
        })
    }
}

/// A millisecond clock from the driver's start.
#[derive(Debug, Clone, Copy)]
struct Clock(Instant);

impl Clock {
    fn now_ms(self) -> u64 {
        u64::try_from(self.0.elapsed().as_millis()).unwrap_or(u64::MAX)
    }
}

/// Asks every provider in `providers` about every indicator, in order (indicator by
/// indicator), sleeping through rate limits up to the configured `max_wait_secs`.
/// Providers without support for an indicator's type add no row; every failure is a
/// row with `Result = false` and the error's code in `Details`.
pub fn lookup_all(
    session: &mut Session,
    transport: &dyn Transport,
    indicators: &[(String, IocType)],
    providers: &[Provider],
) -> Vec<TiResult> {
    let clock = Clock(Instant::now());
    let max_wait = session.config().max_wait_secs.saturating_mul(1000);
    let max_bytes = session.config().max_response_bytes;
    let mut out = Vec::new();
    for (ioc, ioc_type) in indicators {
        for &provider in providers {
            let mut waited = 0u64;
            loop {
                match session.start(provider, ioc, *ioc_type, clock.now_ms()) {
                    Step::Done(r) => out.push(r),
                    Step::Skip => {}
                    Step::Wait(ms) if waited.saturating_add(ms) > max_wait => {
                        out.push(session.rate_limited(provider, ioc, *ioc_type, ms));
                    }
                    Step::Wait(ms) => {
                        waited = waited.saturating_add(ms);
                        std::thread::sleep(Duration::from_millis(ms));
                        continue;
                    }
                    Step::Send(request) => {
                        let outcome = transport.send(&request, max_bytes);
                        out.push(session.finish(provider, ioc, *ioc_type, outcome, clock.now_ms()));
                    }
                }
                break;
            }
        }
    }
    out
}

/// WhoIs records of `addresses` through RDAP, in order; every failure is a record
/// whose `status` is the error's code.
pub fn whois_all(
    session: &mut Session,
    transport: &dyn Transport,
    addresses: &[String],
) -> Vec<WhoisRecord> {
    let clock = Clock(Instant::now());
    addresses
        .iter()
        .map(|ip| whois_one(session, transport, ip, clock))
        .collect()
}

fn whois_one(
    session: &mut Session,
    transport: &dyn Transport,
    ip: &str,
    clock: Clock,
) -> WhoisRecord {
    if let Some(hit) = session.whois_cached(ip, clock.now_ms()) {
        return hit;
    }
    let bootstrap = session.bootstrap().clone();
    let config = session.config().clone();
    let (mut lookup, mut request) = match WhoisLookup::start(ip, &bootstrap, &config) {
        Ok(pair) => pair,
        Err(e) => return WhoisRecord::failed(ip, &e),
    };
    let max_wait = config.max_wait_secs.saturating_mul(1000);
    // Two requests at most (network, autnum); the bound guards against a loop.
    for _ in 0..4 {
        let mut waited = 0u64;
        while let Err(ms) = session.rdap_acquire(lookup.server(), clock.now_ms()) {
            if waited.saturating_add(ms) > max_wait {
                let e = crate::Error::RateLimited {
                    provider: crate::rdap::RDAP,
                    retry_after_ms: ms,
                };
                return WhoisRecord::failed(ip, &e);
            }
            waited = waited.saturating_add(ms);
            std::thread::sleep(Duration::from_millis(ms));
        }
        let response = match transport.send(&request, config.max_response_bytes) {
            Ok(r) => r,
            Err(message) => {
                let e = crate::Error::Transport {
                    provider: crate::rdap::RDAP,
                    message: session.redact(&message),
                };
                return WhoisRecord::failed(ip, &e);
            }
        };
        match lookup.feed(&response, &bootstrap, &config) {
            Ok(WhoisStep::Send(next)) => request = next,
            Ok(WhoisStep::Done(record)) => {
                session.whois_store(&record, clock.now_ms());
                return *record;
            }
            Err(e) => return WhoisRecord::failed(ip, &e),
        }
    }
    let e = crate::Error::TooManyRedirects {
        query: ip.to_string(),
        limit: 4,
    };
    WhoisRecord::failed(ip, &e)
}
