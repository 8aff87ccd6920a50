//! Time-series anomalies, bucketing and beaconing detection.
//!
//! Table functions take input bytes, the read options and the engine options, and return
//! Arrow IPC bytes. Array functions (`stl`, `mstl`, `applyThreshold`, `detectPeriods`)
//! take and return typed arrays, so a notebook slider can re-flag scores without another
//! decomposition or table round trip.

use huntkit_timeseries as ts;
use js_sys::{Array, Float64Array, Int8Array, Object};
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::error::{coded, js_error};
use crate::options::{options, set, table_options, to_js};
use crate::table::{ipc, read_table};

fn floats(values: &[f64]) -> JsValue {
    Float64Array::from(values).into()
}

/// STL decomposition of `values` (period required): `{ trend, seasonal, residual,
/// weights }` as `Float64Array`s and `params`, the parameters used.
#[wasm_bindgen]
pub fn stl(values: &[f64], options_json: Option<String>) -> Result<JsValue, JsValue> {
    let opts: ts::StlOptions = options(options_json)?;
    let d = ts::stl(values, &opts).map_err(|e| js_error(&e))?;
    let obj = Object::new();
    set(&obj, "trend", &floats(&d.trend))?;
    set(&obj, "seasonal", &floats(&d.seasonal))?;
    set(&obj, "residual", &floats(&d.residual))?;
    set(&obj, "weights", &floats(&d.weights))?;
    set(&obj, "params", &to_js(&d.params)?)?;
    Ok(obj.into())
}

/// MSTL decomposition: `{ trend, seasonals: [{ period, window, values }], residual,
/// weights, droppedPeriods }`.
#[wasm_bindgen]
pub fn mstl(values: &[f64], options_json: Option<String>) -> Result<JsValue, JsValue> {
    let opts: ts::MstlOptions = options(options_json)?;
    let d = ts::mstl(values, &opts).map_err(|e| js_error(&e))?;
    let obj = Object::new();
    set(&obj, "trend", &floats(&d.trend))?;
    set(&obj, "residual", &floats(&d.residual))?;
    set(&obj, "weights", &floats(&d.weights))?;
    let seasonals = Array::new();
    for s in &d.seasonals {
        let one = Object::new();
        set(&one, "period", &JsValue::from_f64(s.period as f64))?;
        set(&one, "window", &JsValue::from_f64(s.window as f64))?;
        set(&one, "values", &floats(&s.values))?;
        seasonals.push(&one);
    }
    set(&obj, "seasonals", &seasonals)?;
    set(&obj, "droppedPeriods", &to_js(&d.dropped_periods)?)?;
    Ok(obj.into())
}

/// Candidate seasonal periods of `values`, strongest first.
#[wasm_bindgen(js_name = detectPeriods)]
pub fn detect_periods(values: &[f64], max_count: usize) -> Result<Vec<f64>, JsValue> {
    if let Some(row) = values.iter().position(|v| !v.is_finite()) {
        return Err(coded(
            "non_finite",
            &format!("non-finite value at row {row}"),
        ));
    }
    Ok(ts::detect_periods(values, max_count.min(16))
        .into_iter()
        .map(|p| p as f64)
        .collect())
}

/// Decomposes a table's value column and scores it (see `ts_anomalies_table`).
#[wasm_bindgen(js_name = timeSeriesAnomalies)]
pub fn time_series_anomalies(
    data: Vec<u8>,
    options_json: Option<String>,
) -> Result<Vec<u8>, JsValue> {
    let (opts, read): (ts::AnomalyOptions, _) = table_options(options_json)?;
    let table = read_table(data, &read)?;
    ipc(&ts::ts_anomalies_table(&table, &opts).map_err(|e| js_error(&e))?)
}

/// Flags scores against thresholds without decomposing again: `Int8Array` of −1/0/+1.
#[wasm_bindgen(js_name = applyThreshold)]
pub fn apply_threshold(
    scores: &[f64],
    threshold: f64,
    threshold_low: Option<f64>,
    compat: Option<String>,
) -> Result<Int8Array, JsValue> {
    let compat = match compat.as_deref().map(ts::Compat::from_name) {
        None => ts::Compat::Huntkit,
        Some(Some(compat)) => compat,
        Some(None) => {
            let other = compat.as_deref().unwrap_or_default();
            return Err(coded(
                "invalid_option",
                &format!(
                    "unknown compat {:?}; use \"huntkit\" (or its alias \"none\") or \"msticpy\"",
                    huntkit_core::shorten(other)
                ),
            ));
        }
    };
    let flags = ts::apply_threshold(scores, threshold, threshold_low, compat);
    Ok(Int8Array::from(flags.as_slice()))
}

/// Re-flags a scored table; the flag column is replaced and moved to the end.
#[wasm_bindgen(js_name = rethreshold)]
pub fn rethreshold(data: Vec<u8>, options_json: Option<String>) -> Result<Vec<u8>, JsValue> {
    let (opts, read): (ts::ThresholdOptions, _) = table_options(options_json)?;
    let table = read_table(data, &read)?;
    ipc(&ts::rethreshold_table(&table, &opts).map_err(|e| js_error(&e))?)
}

#[derive(Serialize)]
struct Period {
    start: f64,
    end: f64,
}

/// Anomaly periods of a flagged table: `[{ start, end }]` in ms since the epoch.
#[wasm_bindgen(js_name = anomalyPeriods)]
pub fn anomaly_periods(data: Vec<u8>, options_json: Option<String>) -> Result<JsValue, JsValue> {
    let (opts, read): (ts::PeriodOptions, _) = table_options(options_json)?;
    let table = read_table(data, &read)?;
    let periods = ts::anomaly_periods_table(&table, &opts).map_err(|e| js_error(&e))?;
    let out: Vec<Period> = periods
        .iter()
        .map(|p| Period {
            start: p.start as f64 / 1e6,
            end: p.end as f64 / 1e6,
        })
        .collect();
    to_js(&out)
}

/// The KQL `where` clause for a flagged table's anomaly periods.
#[wasm_bindgen(js_name = kqlPeriods)]
pub fn kql_periods(data: Vec<u8>, options_json: Option<String>) -> Result<String, JsValue> {
    let (opts, read): (ts::PeriodOptions, _) = table_options(options_json)?;
    let table = read_table(data, &read)?;
    ts::kql_periods_table(&table, &opts).map_err(|e| js_error(&e))
}

/// Events to regular series, per group.
#[wasm_bindgen(js_name = bucketEvents)]
pub fn bucket_events(data: Vec<u8>, options_json: Option<String>) -> Result<Vec<u8>, JsValue> {
    let (opts, read): (ts::BucketOptions, _) = table_options(options_json)?;
    let table = read_table(data, &read)?;
    ipc(&ts::bucket_table(&table, &opts).map_err(|e| js_error(&e))?)
}

/// Polling detection: the input rows with `p_value`, `dominant_frequency` and
/// `dominant_interval`, or with `summary` one row per group.
#[wasm_bindgen(js_name = detectPolling)]
pub fn detect_polling(
    data: Vec<u8>,
    options_json: Option<String>,
    summary: bool,
) -> Result<Vec<u8>, JsValue> {
    let (opts, read): (ts::PollingOptions, _) = table_options(options_json)?;
    let table = read_table(data, &read)?;
    let out = if summary {
        ts::polling_summary_table(&table, &opts)
    } else {
        ts::polling_table(&table, &opts)
    };
    ipc(&out.map_err(|e| js_error(&e))?)
}
