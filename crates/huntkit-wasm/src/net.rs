//! Network lookups from the browser (and Node): online TI providers and WhoIs through
//! RDAP, with the host's `fetch` as the transport and `setTimeout` to wait out rate
//! limits. The engine (`huntkit-net`) builds every request and reads every answer; this
//! module only moves bytes and keeps one session (cache, rate limits) per configuration.
//!
//! Browsers send a cross-origin request only when the service allows it (CORS): RDAP
//! servers do; most TI services do not (see `crates/huntkit-net/README.md`), and there
//! the `baseUrl` of a provider can name a proxy of the user's own.

use std::cell::RefCell;
use std::rc::Rc;

use huntkit_net::{
    whois_table, Bootstrap, HttpRequest, HttpResponse, NetConfig, Provider, Session, Step,
    WhoisLookup, WhoisRecord, WhoisStep,
};
use huntkit_ti::{results_to_table, IocType, TiResult};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::error::{coded, js_error};
use crate::table::ipc;

#[wasm_bindgen]
extern "C" {
    /// The global `fetch` (window, worker or Node).
    #[wasm_bindgen(js_name = fetch)]
    fn global_fetch(request: &web_sys::Request) -> js_sys::Promise;
    /// The global `setTimeout`.
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(callback: &js_sys::Function, ms: f64) -> JsValue;
}

type Shared = Rc<RefCell<Session>>;

thread_local! {
    /// The last session made, reused while the configuration stays the same, so the
    /// cache and the rate limits span calls.
    static LAST: RefCell<Option<(String, Shared)>> = const { RefCell::new(None) };
}

fn session(config_json: Option<String>, bootstraps: Vec<String>) -> Result<Shared, JsValue> {
    let key = format!(
        "{}\u{0}{}",
        config_json.as_deref().unwrap_or(""),
        bootstraps.join("\u{0}")
    );
    if let Some(s) = LAST.with(|l| {
        l.borrow()
            .as_ref()
            .filter(|(k, _)| *k == key)
            .map(|(_, s)| Rc::clone(s))
    }) {
        return Ok(s);
    }
    let config = match config_json.as_deref() {
        Some(text) => NetConfig::from_json(text).map_err(|e| js_error(&e))?,
        None => NetConfig::default(),
    };
    let mut bootstrap = Bootstrap::bundled().map_err(|e| js_error(&e))?;
    for text in &bootstraps {
        bootstrap.replace(text).map_err(|e| js_error(&e))?;
    }
    let s = Rc::new(RefCell::new(Session::with_bootstrap(config, bootstrap)));
    LAST.with(|l| *l.borrow_mut() = Some((key, Rc::clone(&s))));
    Ok(s)
}

/// Runs `work` on the session; never across an `await`, so two lookups running at once
/// interleave between requests without sharing a borrow.
fn with<T>(s: &Shared, work: impl FnOnce(&mut Session) -> T) -> Result<T, JsValue> {
    let mut guard = s
        .try_borrow_mut()
        .map_err(|_| coded("internal", "the network session is busy"))?;
    Ok(work(&mut guard))
}

fn now_ms() -> u64 {
    // Date.now() is a whole, positive number of milliseconds.
    js_sys::Date::now().max(0.0) as u64
}

async fn sleep_ms(ms: u64) -> Result<(), JsValue> {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        let _ = set_timeout(&resolve, ms as f64);
    });
    JsFuture::from(promise).await.map(|_| ())
}

fn js_text(e: JsValue) -> String {
    if let Some(err) = e.dyn_ref::<js_sys::Error>() {
        return String::from(err.message());
    }
    e.as_string().unwrap_or_else(|| "the request failed".into())
}

/// Sends `request` with `fetch`: the response whatever its status, or the reason there
/// is none (network error, CORS refusal, body over `max_bytes`).
async fn send(request: &HttpRequest, max_bytes: usize) -> Result<HttpResponse, String> {
    let init = web_sys::RequestInit::new();
    init.set_method(request.method.as_str());
    let headers = web_sys::Headers::new().map_err(js_text)?;
    for (name, value) in &request.headers {
        headers.set(name, value.expose()).map_err(js_text)?;
    }
    init.set_headers(&headers);
    if let Some(body) = &request.body {
        init.set_body(&JsValue::from_str(body));
    }
    let req = web_sys::Request::new_with_str_and_init(&request.url, &init).map_err(js_text)?;
    let response: web_sys::Response = JsFuture::from(global_fetch(&req))
        .await
        .map_err(js_text)?
        .dyn_into()
        .map_err(|_| "fetch did not return a Response".to_string())?;
    let header = |name: &str| response.headers().get(name).ok().flatten();
    if let Some(len) = header("content-length").and_then(|v| v.trim().parse::<usize>().ok()) {
        if len > max_bytes {
            return Err(format!("the response is larger than {max_bytes} bytes"));
        }
    }
    let retry_after_secs = header("retry-after").and_then(|v| v.trim().parse::<u64>().ok());
    let buffer = JsFuture::from(response.array_buffer().map_err(js_text)?)
        .await
        .map_err(js_text)?;
    let body = js_sys::Uint8Array::new(&buffer).to_vec();
    if body.len() > max_bytes {
        return Err(format!("the response is larger than {max_bytes} bytes"));
    }
    Ok(HttpResponse {
        status: response.status(),
        body,
        retry_after_secs,
    })
}

/// Asks `providers` about `values` (with `types`, one per value, `""` to read the type
/// from the value's shape): Arrow IPC bytes of MSTICPy's TI result table (`Ioc, IocType,
/// Provider, Result, Severity, Details, RawResult, Reference`). Failures are rows with
/// the error's code in `Details`; an unknown provider name is an error.
#[wasm_bindgen(js_name = tiLookupOnline)]
pub async fn ti_lookup_online(
    values: Vec<String>,
    types: Vec<String>,
    providers: Vec<String>,
    config_json: Option<String>,
    bootstraps: Vec<String>,
) -> Result<Vec<u8>, JsValue> {
    let shared = session(config_json, bootstraps)?;
    let mut chosen = Vec::new();
    for name in &providers {
        let p = Provider::from_name(name).map_err(|e| js_error(&e))?;
        if !chosen.contains(&p) {
            chosen.push(p);
        }
    }
    let (max_items, max_wait, max_bytes) = with(&shared, |s| {
        let c = s.config();
        (
            c.max_items,
            c.max_wait_secs.saturating_mul(1000),
            c.max_response_bytes,
        )
    })?;
    if values.len() > max_items {
        return Err(coded(
            "limit_exceeded",
            &format!(
                "{} indicators: more than maxItems ({max_items})",
                values.len()
            ),
        ));
    }
    let mut rows: Vec<TiResult> = Vec::new();
    for (i, raw) in values.iter().enumerate() {
        let given = types
            .get(i)
            .filter(|t| !t.is_empty())
            .and_then(|t| IocType::parse_for(t, raw));
        let (value, ioc_type) = huntkit_ti::normalize::prepare(raw, given);
        let ioc: &str = &value;
        if ioc.is_empty() {
            continue;
        }
        for &provider in &chosen {
            let mut waited = 0u64;
            loop {
                match with(&shared, |s| s.start(provider, ioc, ioc_type, now_ms()))? {
                    Step::Done(r) => rows.push(r),
                    Step::Skip => {}
                    Step::Wait(ms) if waited.saturating_add(ms) > max_wait => {
                        rows.push(with(&shared, |s| {
                            s.rate_limited(provider, ioc, ioc_type, ms)
                        })?);
                    }
                    Step::Wait(ms) => {
                        waited = waited.saturating_add(ms);
                        sleep_ms(ms).await?;
                        continue;
                    }
                    Step::Send(request) => {
                        let outcome = send(&request, max_bytes).await;
                        rows.push(with(&shared, |s| {
                            s.finish(provider, ioc, ioc_type, outcome, now_ms())
                        })?);
                    }
                }
                break;
            }
        }
    }
    ipc(&results_to_table(&rows).map_err(|e| js_error(&e))?)
}

/// WhoIs of `addresses` through RDAP: Arrow IPC bytes with one row per address, in
/// order (`query, asn, asn_description, ..., abuse_contact, status`).
#[wasm_bindgen(js_name = whoisLookup)]
pub async fn whois_lookup(
    addresses: Vec<String>,
    config_json: Option<String>,
    bootstraps: Vec<String>,
) -> Result<Vec<u8>, JsValue> {
    let shared = session(config_json, bootstraps)?;
    let (config, bootstrap) = with(&shared, |s| (s.config().clone(), s.bootstrap().clone()))?;
    if addresses.len() > config.max_items {
        return Err(coded(
            "limit_exceeded",
            &format!(
                "{} addresses: more than maxItems ({})",
                addresses.len(),
                config.max_items
            ),
        ));
    }
    let mut records = Vec::with_capacity(addresses.len());
    for ip in &addresses {
        records.push(whois_one(&shared, &config, &bootstrap, ip).await?);
    }
    ipc(&whois_table(&records).map_err(|e| js_error(&e))?)
}

async fn whois_one(
    shared: &Shared,
    config: &NetConfig,
    bootstrap: &Bootstrap,
    ip: &str,
) -> Result<WhoisRecord, JsValue> {
    if let Some(hit) = with(shared, |s| s.whois_cached(ip, now_ms()))? {
        return Ok(hit);
    }
    let (mut lookup, mut request) = match WhoisLookup::start(ip, bootstrap, config) {
        Ok(pair) => pair,
        Err(e) => return Ok(WhoisRecord::failed(ip, &e)),
    };
    let max_wait = config.max_wait_secs.saturating_mul(1000);
    for _ in 0..4 {
        let mut waited = 0u64;
        loop {
            let server = lookup.server().to_string();
            match with(shared, |s| s.rdap_acquire(&server, now_ms()))? {
                Ok(()) => break,
                Err(ms) if waited.saturating_add(ms) > max_wait => {
                    let e = huntkit_net::Error::RateLimited {
                        provider: huntkit_net::rdap::RDAP,
                        retry_after_ms: ms,
                    };
                    return Ok(WhoisRecord::failed(ip, &e));
                }
                Err(ms) => {
                    waited = waited.saturating_add(ms);
                    sleep_ms(ms).await?;
                }
            }
        }
        let response = match send(&request, config.max_response_bytes).await {
            Ok(r) => r,
            Err(message) => {
                let e = huntkit_net::Error::Transport {
                    provider: huntkit_net::rdap::RDAP,
                    message: with(shared, |s| s.redact(&message))?,
                };
                return Ok(WhoisRecord::failed(ip, &e));
            }
        };
        match lookup.feed(&response, bootstrap, config) {
            Ok(WhoisStep::Send(next)) => request = next,
            Ok(WhoisStep::Done(record)) => {
                with(shared, |s| s.whois_store(&record, now_ms()))?;
                return Ok(*record);
            }
            Err(e) => return Ok(WhoisRecord::failed(ip, &e)),
        }
    }
    let e = huntkit_net::Error::TooManyRedirects {
        query: ip.to_string(),
        limit: 4,
    };
    Ok(WhoisRecord::failed(ip, &e))
}
