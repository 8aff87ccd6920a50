//! Threat-intelligence lookups against local feeds: feeds handed over once, held by a
//! `TiFeeds` in the wasm module, then any number of lookups, offline.

use huntkit_core::Table;
use huntkit_ti::{FeedOptions, FeedSet, IocType, LookupOptions};
use wasm_bindgen::prelude::*;

use crate::error::{coded, js_error};
use crate::options::{options, table_options, to_js};
use crate::table::{ipc, read_table};

/// Feeds read into one lookup index.
#[wasm_bindgen(js_name = TiFeeds)]
pub struct TiFeeds {
    inner: FeedSet,
}

impl Default for TiFeeds {
    fn default() -> Self {
        TiFeeds::new()
    }
}

#[wasm_bindgen(js_class = TiFeeds)]
impl TiFeeds {
    /// An empty set of feeds.
    #[wasm_bindgen(constructor)]
    pub fn new() -> TiFeeds {
        TiFeeds {
            inner: FeedSet::new(),
        }
    }

    /// Reads a feed (its bytes) with the feed options (`kind`, `name`, `severity`,
    /// `highScore`, `iocType`, `valueColumn`, ..., `maxFeedBytes`, `maxEntries`) and adds
    /// it: `{ name, kind, entries, skipped, benign }`.
    pub fn add(&mut self, feed: &[u8], options_json: Option<String>) -> Result<JsValue, JsValue> {
        let opts: FeedOptions = options(options_json)?;
        let summary = self
            .inner
            .add_bytes(feed, &opts)
            .map_err(|e| js_error(&e))?;
        to_js(&summary)
    }

    /// What each feed holds: `[{ name, kind, entries, skipped, benign }]`.
    pub fn feeds(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.summaries())
    }

    /// Looks up a column of `data` (Arrow IPC, CSV or JSON bytes; options `column`,
    /// `typeColumn`, `iocType`, `includeMisses`, `maxResults`, `read`): Arrow IPC bytes
    /// with MSTICPy's TI result columns and `SourceIndex`.
    #[wasm_bindgen(js_name = lookupTable)]
    pub fn lookup_table(
        &self,
        data: Vec<u8>,
        options_json: Option<String>,
    ) -> Result<Vec<u8>, JsValue> {
        let (opts, read): (LookupOptions, _) = table_options(options_json)?;
        let table = read_table(data, &read)?;
        let out = self
            .inner
            .lookup_table(&table, &opts)
            .map_err(|e| js_error(&e))?;
        ipc(&out)
    }

    /// Looks up a JSON array of indicators (strings, or null for a missing one): as
    /// `lookupTable`, `SourceIndex` being the position in the array.
    #[wasm_bindgen(js_name = lookupValues)]
    pub fn lookup_values(
        &self,
        values_json: &str,
        options_json: Option<String>,
    ) -> Result<Vec<u8>, JsValue> {
        let mut opts: LookupOptions = options(options_json)?;
        let values: Vec<Option<String>> = serde_json::from_str(values_json).map_err(|e| {
            coded(
                "invalid_input",
                &format!("the indicators are not an array of strings: {e}"),
            )
        })?;
        let column = huntkit_core::string_array(values.iter().map(Option::as_deref));
        let table = Table::from_columns(vec![("Ioc".into(), column)]).map_err(|e| js_error(&e))?;
        opts.column = Some("Ioc".into());
        opts.type_column = None;
        let out = self
            .inner
            .lookup_table(&table, &opts)
            .map_err(|e| js_error(&e))?;
        ipc(&out)
    }

    /// Looks up one indicator: an array of `{ Ioc, IocType, Provider, Result, Severity,
    /// Details, RawResult, Reference }`, one per feed that lists it (`Details` an object
    /// or a string).
    #[wasm_bindgen(js_name = lookupValue)]
    pub fn lookup_value(&self, value: &str, ioc_type: Option<String>) -> Result<JsValue, JsValue> {
        let ioc_type =
            match ioc_type {
                None => None,
                Some(name) => Some(IocType::parse_for(&name, value).ok_or_else(|| {
                    js_error(&huntkit_ti::Error::UnknownType { name: name.clone() })
                })?),
            };
        let rows: Vec<serde_json::Value> = self
            .inner
            .lookup(value, ioc_type)
            .iter()
            .map(|r| {
                serde_json::json!({
                    "Ioc": r.ioc,
                    "IocType": r.ioc_type.name(),
                    "Provider": r.provider,
                    "Result": r.result,
                    "Severity": r.severity.name(),
                    "Details": r.details,
                    "RawResult": r.raw_result,
                    "Reference": r.reference,
                })
            })
            .collect();
        to_js(&rows)
    }
}
