//! Network lookups: online TI providers and WhoIs through RDAP, held by a `NetSession`
//! whose cache and rate limits last as long as it does. The interpreter is released for
//! the whole of each run, HTTP included.

use std::sync::Mutex;

use huntkit_core::ReadOptions;
use huntkit_net::native::{lookup_all, whois_all, UreqTransport};
use huntkit_net::{whois_table, Bootstrap, NetConfig, Provider, Session};
use huntkit_ti::{results_to_table, IocType};
use pyo3::prelude::*;

use crate::error::{released, Failure};
use crate::input;
use crate::output::{stream, ArrowStream};

/// A coded failure made here (not by an engine's error type).
fn coded(code: &'static str, message: impl Into<String>) -> Failure {
    Failure::Coded {
        code,
        message: message.into(),
    }
}

/// Cache, rate limits, keys and the HTTP client of a run of network lookups.
#[pyclass(frozen, module = "huntkit._native")]
pub struct NetSession {
    session: Mutex<Session>,
    transport: UreqTransport,
}

impl NetSession {
    fn with<T>(&self, work: impl FnOnce(&mut Session, &UreqTransport) -> T) -> Result<T, Failure> {
        let mut guard = self.session.lock().map_err(|_| {
            coded(
                "internal",
                "an earlier lookup on this session failed midway",
            )
        })?;
        Ok(work(&mut guard, &self.transport))
    }
}

fn providers(names: &[String]) -> Result<Vec<Provider>, Failure> {
    let mut out = Vec::new();
    for name in names {
        let p = Provider::from_name(name).map_err(|e| Failure::engine(&e))?;
        if !out.contains(&p) {
            out.push(p);
        }
    }
    if out.is_empty() {
        return Err(coded("invalid_option", "no provider given"));
    }
    Ok(out)
}

#[pymethods]
impl NetSession {
    /// A session from `config_json` (huntkit-net's JSON configuration; keys it lacks come
    /// from the `HUNTKIT_*_KEY` environment variables) and RDAP bootstrap file texts
    /// that replace the bundled ones of their kind.
    #[new]
    #[pyo3(signature = (config_json = None, bootstraps = Vec::new()))]
    fn new(py: Python<'_>, config_json: Option<String>, bootstraps: Vec<String>) -> PyResult<Self> {
        let session = released(py, move || {
            let config = match config_json {
                Some(text) => NetConfig::from_json(&text).map_err(|e| Failure::engine(&e))?,
                None => NetConfig::default(),
            }
            .with_env_keys(|name| std::env::var(name).ok());
            let mut bootstrap = Bootstrap::bundled().map_err(|e| Failure::engine(&e))?;
            for text in &bootstraps {
                bootstrap.replace(text).map_err(|e| Failure::engine(&e))?;
            }
            Ok(Session::with_bootstrap(config, bootstrap))
        })?;
        let timeout = session.config().timeout_secs;
        Ok(NetSession {
            session: Mutex::new(session),
            transport: UreqTransport::new(timeout),
        })
    }

    /// WhoIs of `addresses` (`None` for a missing one): one row per address, in order.
    fn whois_list(&self, py: Python<'_>, addresses: Vec<Option<String>>) -> PyResult<ArrowStream> {
        let out = released(py, || {
            let list: Vec<String> = addresses
                .into_iter()
                .map(Option::unwrap_or_default)
                .collect();
            let records = self.with(|s, t| whois_all(s, t, &list))?;
            whois_table(&records).map_err(|e| Failure::engine(&e))
        })?;
        Ok(stream(out))
    }

    /// WhoIs of the addresses in `column` of `data`: one row per input row.
    fn whois_table(
        &self,
        py: Python<'_>,
        data: &Bound<'_, PyAny>,
        column: String,
    ) -> PyResult<ArrowStream> {
        let table = input::table(py, data, &ReadOptions::default())?;
        let out = released(py, || {
            let col = table.str_column(&column).map_err(|e| Failure::engine(&e))?;
            let list: Vec<String> = col.iter().map(|v| v.unwrap_or("").to_string()).collect();
            let records = self.with(|s, t| whois_all(s, t, &list))?;
            whois_table(&records).map_err(|e| Failure::engine(&e))
        })?;
        Ok(stream(out))
    }

    /// Asks `providers` about `indicators` (`(value, type or None)`; the type is read
    /// from the value's shape when `None`): MSTICPy's TI result table.
    fn lookup_list(
        &self,
        py: Python<'_>,
        indicators: Vec<(String, Option<String>)>,
        providers: Vec<String>,
    ) -> PyResult<ArrowStream> {
        let out = released(py, || {
            let providers = self::providers(&providers)?;
            let items: Vec<(String, IocType)> = indicators
                .iter()
                .map(|(v, t)| {
                    let given = t.as_deref().and_then(|t| IocType::parse_for(t, v));
                    let (v, t) = huntkit_ti::normalize::prepare(v, given);
                    (v.into_owned(), t)
                })
                .collect();
            let rows = self.with(|s, t| lookup_all(s, t, &items, &providers))?;
            results_to_table(&rows).map_err(|e| Failure::engine(&e))
        })?;
        Ok(stream(out))
    }

    /// Asks `providers` about the indicators of `column` of `data` (types from
    /// `type_column`, else by shape; each distinct indicator once).
    #[pyo3(signature = (data, column, providers, type_column = None))]
    fn lookup_table(
        &self,
        py: Python<'_>,
        data: &Bound<'_, PyAny>,
        column: String,
        providers: Vec<String>,
        type_column: Option<String>,
    ) -> PyResult<ArrowStream> {
        let table = input::table(py, data, &ReadOptions::default())?;
        let out = released(py, || {
            let providers = self::providers(&providers)?;
            let max = self.with(|s, _| s.config().max_items)?;
            let items = huntkit_net::indicators_of(&table, &column, type_column.as_deref(), max)
                .map_err(|e| Failure::engine(&e))?;
            let rows = self.with(|s, t| lookup_all(s, t, &items, &providers))?;
            results_to_table(&rows).map_err(|e| Failure::engine(&e))
        })?;
        Ok(stream(out))
    }

    fn __repr__(&self) -> String {
        // The configuration's Debug form redacts keys; keep the repr short anyway.
        "NetSession()".to_string()
    }
}

/// The columns of a WhoIs lookup, in order (`huntkit_net::WHOIS_COLUMNS`).
#[pyfunction]
pub fn whois_columns() -> Vec<&'static str> {
    huntkit_net::WHOIS_COLUMNS.to_vec()
}
