//! Time-series anomalies, bucketing and beaconing detection.
//!
//! Table functions take a table and return one. Array functions (`stl`, `mstl`,
//! `detect_periods`, `apply_threshold`) take the values as the bytes of float64s in the
//! machine's order (the Python layer makes them from NumPy arrays or sequences) and
//! return `bytearray`s of the same kind, which NumPy views without a copy.

use huntkit_timeseries as ts;
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyDict};

use crate::error::{raise, released, Failure};
use crate::output::{stream, ArrowStream};
use crate::{input, options};

/// Float64 values from their bytes.
fn values(bytes: &Bound<'_, PyBytes>) -> Vec<f64> {
    bytes
        .as_bytes()
        .chunks_exact(8)
        .map(|c| {
            let mut b = [0u8; 8];
            b.copy_from_slice(c);
            f64::from_ne_bytes(b)
        })
        .collect()
}

/// Float64 values as the bytes of a `bytearray`.
fn floats<'py>(py: Python<'py>, values: &[f64]) -> Bound<'py, PyByteArray> {
    let bytes: Vec<u8> = values.iter().flat_map(|v| v.to_ne_bytes()).collect();
    PyByteArray::new(py, &bytes)
}

/// STL decomposition: `{trend, seasonal, residual, weights, params}`.
#[pyfunction]
#[pyo3(signature = (values, options = None))]
pub fn stl<'py>(
    py: Python<'py>,
    values: &Bound<'py, PyBytes>,
    options: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyDict>> {
    let opts: ts::StlOptions = options::engine(py, "stl", options)?;
    let y = self::values(values);
    let d = released(py, move || {
        ts::stl(&y, &opts).map_err(|e| Failure::engine(&e))
    })?;
    let out = PyDict::new(py);
    out.set_item("trend", floats(py, &d.trend))?;
    out.set_item("seasonal", floats(py, &d.seasonal))?;
    out.set_item("residual", floats(py, &d.residual))?;
    out.set_item("weights", floats(py, &d.weights))?;
    out.set_item("params", options::result(py, &d.params, true)?)?;
    Ok(out)
}

/// MSTL decomposition: `{trend, seasonals: [{period, window, values}], residual,
/// weights, dropped_periods}`.
#[pyfunction]
#[pyo3(signature = (values, options = None))]
pub fn mstl<'py>(
    py: Python<'py>,
    values: &Bound<'py, PyBytes>,
    options: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyDict>> {
    let opts: ts::MstlOptions = options::engine(py, "mstl", options)?;
    let y = self::values(values);
    let d = released(py, move || {
        ts::mstl(&y, &opts).map_err(|e| Failure::engine(&e))
    })?;
    let out = PyDict::new(py);
    out.set_item("trend", floats(py, &d.trend))?;
    out.set_item("residual", floats(py, &d.residual))?;
    out.set_item("weights", floats(py, &d.weights))?;
    let seasonals = pyo3::types::PyList::empty(py);
    for s in &d.seasonals {
        let one = PyDict::new(py);
        one.set_item("period", s.period)?;
        one.set_item("window", s.window)?;
        one.set_item("values", floats(py, &s.values))?;
        seasonals.append(one)?;
    }
    out.set_item("seasonals", seasonals)?;
    out.set_item("dropped_periods", d.dropped_periods.clone())?;
    Ok(out)
}

/// Candidate seasonal periods of the values, strongest first (at most 16).
#[pyfunction]
pub fn detect_periods(
    py: Python<'_>,
    values: &Bound<'_, PyBytes>,
    max_count: usize,
) -> PyResult<Vec<usize>> {
    let y = self::values(values);
    if let Some(row) = y.iter().position(|v| !v.is_finite()) {
        return Err(raise(
            py,
            "non_finite",
            &format!("non-finite value at row {row}"),
        ));
    }
    released(py, move || Ok(ts::detect_periods(&y, max_count.min(16))))
}

/// Flags scores against thresholds without decomposing again: int8s of −1, 0, +1.
#[pyfunction]
#[pyo3(signature = (scores, threshold, threshold_low = None, compat = None))]
pub fn apply_threshold<'py>(
    py: Python<'py>,
    scores: &Bound<'py, PyBytes>,
    threshold: f64,
    threshold_low: Option<f64>,
    compat: Option<String>,
) -> PyResult<Bound<'py, PyByteArray>> {
    let compat = match compat.as_deref() {
        None => ts::Compat::Huntkit,
        Some(name) => ts::Compat::from_name(name).ok_or_else(|| {
            raise(
                py,
                "invalid_option",
                &format!(
                    "apply_threshold(): unknown compat {:?}; use \"huntkit\" (or its alias \"none\") or \"msticpy\"",
                    huntkit_core::shorten(name)
                ),
            )
        })?,
    };
    let flags = ts::apply_threshold(&values(scores), threshold, threshold_low, compat);
    let bytes: Vec<u8> = flags.iter().map(|f| f.to_ne_bytes()[0]).collect();
    Ok(PyByteArray::new(py, &bytes))
}

/// Decomposes a table's value column and scores each row (see `ts_anomalies_table`).
#[pyfunction]
#[pyo3(signature = (data, options = None))]
pub fn ts_anomalies(
    py: Python<'_>,
    data: &Bound<'_, PyAny>,
    options: Option<&Bound<'_, PyDict>>,
) -> PyResult<ArrowStream> {
    let (opts, read): (ts::AnomalyOptions, _) = options::table(py, "ts_anomalies", options)?;
    let table = input::table(py, data, &read)?;
    let out = released(py, move || {
        ts::ts_anomalies_table(&table, &opts).map_err(|e| Failure::engine(&e))
    })?;
    Ok(stream(out))
}

/// Re-flags a scored table; the flag column is replaced and moved to the end.
#[pyfunction]
#[pyo3(signature = (data, options = None))]
pub fn rethreshold(
    py: Python<'_>,
    data: &Bound<'_, PyAny>,
    options: Option<&Bound<'_, PyDict>>,
) -> PyResult<ArrowStream> {
    let (opts, read): (ts::ThresholdOptions, _) = options::table(py, "rethreshold", options)?;
    let table = input::table(py, data, &read)?;
    let out = released(py, move || {
        ts::rethreshold_table(&table, &opts).map_err(|e| Failure::engine(&e))
    })?;
    Ok(stream(out))
}

/// Anomaly periods of a flagged table: `[(start, end)]` in ns since the epoch, UTC.
#[pyfunction]
#[pyo3(signature = (data, options = None))]
pub fn anomaly_periods(
    py: Python<'_>,
    data: &Bound<'_, PyAny>,
    options: Option<&Bound<'_, PyDict>>,
) -> PyResult<Vec<(i64, i64)>> {
    let (opts, read): (ts::PeriodOptions, _) = options::table(py, "anomaly_periods", options)?;
    let table = input::table(py, data, &read)?;
    let periods = released(py, move || {
        ts::anomaly_periods_table(&table, &opts).map_err(|e| Failure::engine(&e))
    })?;
    Ok(periods.iter().map(|p| (p.start, p.end)).collect())
}

/// The KQL `where` clause for a flagged table's anomaly periods.
#[pyfunction]
#[pyo3(signature = (data, options = None))]
pub fn kql_periods(
    py: Python<'_>,
    data: &Bound<'_, PyAny>,
    options: Option<&Bound<'_, PyDict>>,
) -> PyResult<String> {
    let (opts, read): (ts::PeriodOptions, _) = options::table(py, "kql_periods", options)?;
    let table = input::table(py, data, &read)?;
    released(py, move || {
        ts::kql_periods_table(&table, &opts).map_err(|e| Failure::engine(&e))
    })
}

/// Events to regular series (counts, or sums of a value column), per group.
#[pyfunction]
#[pyo3(signature = (data, options = None))]
pub fn bucket(
    py: Python<'_>,
    data: &Bound<'_, PyAny>,
    options: Option<&Bound<'_, PyDict>>,
) -> PyResult<ArrowStream> {
    let (opts, read): (ts::BucketOptions, _) = options::table(py, "bucket", options)?;
    let table = input::table(py, data, &read)?;
    let out = released(py, move || {
        ts::bucket_table(&table, &opts).map_err(|e| Failure::engine(&e))
    })?;
    Ok(stream(out))
}

/// Beaconing detection: the input rows with `p_value`, `dominant_frequency` and
/// `dominant_interval`, or with `summary` one row per group.
#[pyfunction]
#[pyo3(signature = (data, summary, options = None))]
pub fn detect_polling(
    py: Python<'_>,
    data: &Bound<'_, PyAny>,
    summary: bool,
    options: Option<&Bound<'_, PyDict>>,
) -> PyResult<ArrowStream> {
    let (opts, read): (ts::PollingOptions, _) = options::table(py, "detect_polling", options)?;
    let table = input::table(py, data, &read)?;
    let out = released(py, move || {
        if summary {
            ts::polling_summary_table(&table, &opts)
        } else {
            ts::polling_table(&table, &opts)
        }
        .map_err(|e| Failure::engine(&e))
    })?;
    Ok(stream(out))
}
