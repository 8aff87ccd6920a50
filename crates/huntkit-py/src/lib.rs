//! The Python façade of huntkit: the extension module `huntkit._native` of the Python
//! package `huntkit` (`widgets/python`), built by maturin.
//!
//! Thin on purpose, like the wasm façade: each module converts Python values to the
//! engines' Rust types, calls one engine with the interpreter released (other Python
//! threads run meanwhile), and converts the result back. No analysis lives here.
//!
//! - **Tables in** (`input.rs`): an object with `__arrow_c_stream__` (pyarrow, polars,
//!   pandas through pyarrow, DuckDB, …) is imported through Arrow's C stream interface, so
//!   the engine reads the caller's buffers without a copy; `bytes` (Arrow IPC, CSV, JSON,
//!   NDJSON, Parquet) are read where they lie; a path is read from disk.
//! - **Tables out** (`output.rs`): an `ArrowStream`, whose `__arrow_c_stream__` hands the
//!   result's batches to pyarrow or polars without a copy.
//! - **Options** (`options.rs`): keyword arguments in snake_case become the npm package's
//!   camelCase option object, read by `huntkit_core::options_json` as the wasm façade
//!   reads it; `read=` holds the read options; an unknown keyword is an error naming it.
//! - **Errors** (`error.rs`): every engine error is raised as the `huntkit.HuntkitError`
//!   subclass for its stable code (`huntkit/_errors.py`), with `.code`.
//!
//! The Pythonic surface (`huntkit.decode`, `huntkit.SessionModel`, frames of the input's
//! kind out) is `widgets/python/src/huntkit/engines.py`; this module is its engine room.
//!
//! ```python
//! import pandas as pd, huntkit
//!
//! events = pd.read_csv("examples/data/processes_on_host.csv")
//! iocs = huntkit.extract_iocs(events, columns=["CommandLine"], types=["ipv4", "url"])
//! tree = huntkit.build_process_tree(events, schema="windows")
//! tree.summary["RootProcesses"], tree.table      # a pandas DataFrame, as the input
//! ```
//!
//! Library code never panics (the workspace lints deny `unwrap`, `expect` and indexing):
//! a panic would surface as `pyo3_runtime.PanicException`, and hostile input must come
//! back as a coded error instead.

use pyo3::prelude::*;

mod decode;
mod error;
mod geoip;
mod input;
mod ioc;
mod net;
mod options;
mod output;
mod pivot;
mod proctree;
mod sessions;
mod table;
mod text;
mod ti;
mod timeseries;

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_class::<output::ArrowStream>()?;
    m.add_function(wrap_pyfunction!(table::inspect, m)?)?;
    m.add_function(wrap_pyfunction!(table::to_arrow, m)?)?;
    m.add_function(wrap_pyfunction!(text::text_columns, m)?)?;
    m.add_function(wrap_pyfunction!(decode::decode_text, m)?)?;
    m.add_function(wrap_pyfunction!(decode::decode_table, m)?)?;
    m.add_function(wrap_pyfunction!(ioc::extract_iocs_text, m)?)?;
    m.add_function(wrap_pyfunction!(ioc::extract_iocs_table, m)?)?;
    m.add_function(wrap_pyfunction!(ioc::ioc_types, m)?)?;
    m.add_function(wrap_pyfunction!(timeseries::stl, m)?)?;
    m.add_function(wrap_pyfunction!(timeseries::mstl, m)?)?;
    m.add_function(wrap_pyfunction!(timeseries::detect_periods, m)?)?;
    m.add_function(wrap_pyfunction!(timeseries::apply_threshold, m)?)?;
    m.add_function(wrap_pyfunction!(timeseries::ts_anomalies, m)?)?;
    m.add_function(wrap_pyfunction!(timeseries::rethreshold, m)?)?;
    m.add_function(wrap_pyfunction!(timeseries::anomaly_periods, m)?)?;
    m.add_function(wrap_pyfunction!(timeseries::kql_periods, m)?)?;
    m.add_function(wrap_pyfunction!(timeseries::bucket, m)?)?;
    m.add_function(wrap_pyfunction!(timeseries::detect_polling, m)?)?;
    m.add_class::<sessions::SessionList>()?;
    m.add_class::<sessions::SessionModel>()?;
    m.add_function(wrap_pyfunction!(sessions::sessionize, m)?)?;
    m.add_function(wrap_pyfunction!(sessions::score_sessions, m)?)?;
    m.add_class::<proctree::ProcessTree>()?;
    m.add_function(wrap_pyfunction!(proctree::build_process_tree, m)?)?;
    m.add_function(wrap_pyfunction!(proctree::process_tree_reads, m)?)?;
    m.add_class::<geoip::GeoIpDb>()?;
    m.add_class::<ti::TiFeeds>()?;
    m.add_class::<net::NetSession>()?;
    m.add_function(wrap_pyfunction!(net::whois_columns, m)?)?;
    m.add_function(wrap_pyfunction!(pivot::pivot_catalogue, m)?)?;
    m.add_function(wrap_pyfunction!(pivot::pivot_run, m)?)?;
    m.add_function(wrap_pyfunction!(pivot::pivot_input, m)?)?;
    m.add_function(wrap_pyfunction!(pivot::pivot_join, m)?)?;
    m.add_function(wrap_pyfunction!(pivot::ip_type, m)?)?;
    m.add_function(wrap_pyfunction!(pivot::alert_entities, m)?)?;
    m.add_function(wrap_pyfunction!(pivot::entities_from_column, m)?)?;
    m.add_function(wrap_pyfunction!(pivot::entities_from_iocs, m)?)?;
    Ok(())
}
