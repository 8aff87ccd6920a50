//! Tables as such: describe one, or read any input into Arrow.

use huntkit_core::ReadOptions;
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::error::{released, Failure};
use crate::input;
use crate::options;
use crate::output::{stream, ArrowStream};

/// The engine options of a call that takes none besides `read`.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct NoOptions {}

fn read_options(
    py: Python<'_>,
    call: &str,
    kwargs: Option<&Bound<'_, PyDict>>,
) -> PyResult<ReadOptions> {
    let (_, read): (NoOptions, ReadOptions) = options::table(py, call, kwargs)?;
    Ok(read)
}

/// Rows, columns with their Arrow types and null counts, the time range of each timestamp
/// column, and what a lenient read let through: `{rows, columns, warnings?}`.
#[pyfunction]
#[pyo3(signature = (data, options = None))]
pub fn inspect<'py>(
    py: Python<'py>,
    data: &Bound<'py, PyAny>,
    options: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyAny>> {
    let read = read_options(py, "inspect", options)?;
    let table = input::table(py, data, &read)?;
    let info = released(py, move || {
        huntkit_core::inspect(&table).map_err(|e| Failure::engine(&e))
    })?;
    options::result(py, &info, true)
}

/// Any input huntkit reads, as an Arrow table.
#[pyfunction]
#[pyo3(signature = (data, options = None))]
pub fn to_arrow<'py>(
    py: Python<'py>,
    data: &Bound<'py, PyAny>,
    options: Option<&Bound<'py, PyDict>>,
) -> PyResult<ArrowStream> {
    let read = read_options(py, "to_arrow", options)?;
    Ok(stream(input::table(py, data, &read)?))
}
