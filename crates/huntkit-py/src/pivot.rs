//! Entities and the pivot registry: built-in pivots, the input and join rules that user
//! functions share with them, Sentinel alert entities, IP classification.

use huntkit_core::{ReadOptions, Table};
use huntkit_entities::pivot::{self, PivotInput, PivotOptions};
use huntkit_entities::{AlertOptions, EntityKind};
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::error::{released, Failure};
use crate::output::{stream, ArrowStream};
use crate::{input, options};

/// The catalogue of entities and built-in pivots, as JSON text:
/// `{"entities": [...], "pivots": [...]}`.
#[pyfunction]
pub fn pivot_catalogue() -> String {
    pivot::catalogue_json()
}

/// MSTICPy's `get_ip_type` for one address: `Public`, `Private`, `Loopback`, ...
#[pyfunction]
pub fn ip_type(text: &str) -> &'static str {
    huntkit_entities::ip_type(text).as_str()
}

/// The input of a pivot: a table (`data`) or values.
enum Input {
    Table(Table),
    Values(Vec<Option<String>>),
}

impl Input {
    fn read(
        py: Python<'_>,
        data: Option<&Bound<'_, PyAny>>,
        values: Option<Vec<Option<String>>>,
    ) -> PyResult<Input> {
        match (data, values) {
            (Some(d), None) => Ok(Input::Table(input::table(py, d, &ReadOptions::default())?)),
            (None, Some(v)) => Ok(Input::Values(v)),
            _ => Err(crate::error::raise(
                py,
                "invalid_input",
                "give a pivot either a table or values",
            )),
        }
    }

    fn as_pivot<'a>(&'a self, column: Option<&'a str>) -> PivotInput<'a> {
        match self {
            Input::Table(t) => PivotInput::Table { table: t, column },
            Input::Values(v) => PivotInput::Values(v.clone()),
        }
    }
}

/// Runs the built-in pivot `name` of `entity` on a table's `column` or on `values`.
/// `options`: `join`, `left_on`, `right_on`, `max_values`, `max_rows` and `options`
/// (the engine's own options).
#[pyfunction]
#[pyo3(signature = (entity, name, data = None, values = None, column = None, options = None))]
pub fn pivot_run(
    py: Python<'_>,
    entity: String,
    name: String,
    data: Option<&Bound<'_, PyAny>>,
    values: Option<Vec<Option<String>>>,
    column: Option<String>,
    options: Option<&Bound<'_, PyDict>>,
) -> PyResult<ArrowStream> {
    let opts: PivotOptions = options::engine(py, "pivot", options)?;
    let input = Input::read(py, data, values)?;
    let out = released(py, move || {
        pivot::run_pivot(&entity, &name, &input.as_pivot(column.as_deref()), &opts)
            .map_err(|e| Failure::engine(&e))
    })?;
    Ok(stream(out))
}

/// The values a user function is given: `(table, column)` where the table holds the
/// non-null values of the input column and their `src_row_index`.
#[pyfunction]
#[pyo3(signature = (input_column, data = None, values = None, column = None))]
pub fn pivot_input(
    py: Python<'_>,
    input_column: String,
    data: Option<&Bound<'_, PyAny>>,
    values: Option<Vec<Option<String>>>,
    column: Option<String>,
) -> PyResult<(ArrowStream, String)> {
    let input = Input::read(py, data, values)?;
    let (table, col) = released(py, move || {
        let (t, c) = pivot::input_table(
            &input.as_pivot(column.as_deref()),
            &input_column,
            usize::MAX,
        )
        .map_err(|e| Failure::engine(&e))?;
        let vals = pivot::input_values(&t, &c).map_err(|e| Failure::engine(&e))?;
        Ok((vals, c))
    })?;
    Ok((stream(table), col))
}

/// Joins a user function's `result` onto the pivot's input, as the built-in pivots join
/// (see `huntkit_entities::pivot::join_result`).
#[pyfunction]
#[pyo3(signature = (input_column, result, data = None, values = None, column = None, key_column = None, options = None))]
#[allow(clippy::too_many_arguments)]
pub fn pivot_join(
    py: Python<'_>,
    input_column: String,
    result: &Bound<'_, PyAny>,
    data: Option<&Bound<'_, PyAny>>,
    values: Option<Vec<Option<String>>>,
    column: Option<String>,
    key_column: Option<String>,
    options: Option<&Bound<'_, PyDict>>,
) -> PyResult<ArrowStream> {
    let opts: PivotOptions = options::engine(py, "pivot", options)?;
    let input = Input::read(py, data, values)?;
    let result = input::table(py, result, &ReadOptions::default())?;
    let out = released(py, move || {
        let (t, c) = pivot::input_table(
            &input.as_pivot(column.as_deref()),
            &input_column,
            opts.max_values,
        )
        .map_err(|e| Failure::engine(&e))?;
        let how = opts.join.unwrap_or(pivot::JoinHow::Left);
        pivot::join_result(&t, Some(&c), &result, how, key_column.as_deref(), &opts)
            .map_err(|e| Failure::engine(&e))
    })?;
    Ok(stream(out))
}

/// The entities of a Microsoft Sentinel alert (a SecurityAlert row as JSON, or its
/// Entities array): `Id, Type, Value, Properties`.
#[pyfunction]
#[pyo3(signature = (json, options = None))]
pub fn alert_entities(
    py: Python<'_>,
    json: String,
    options: Option<&Bound<'_, PyDict>>,
) -> PyResult<ArrowStream> {
    let opts: AlertOptions = options::engine(py, "alert_entities", options)?;
    let out = released(py, move || {
        huntkit_entities::alert_entities_table(&json, &opts).map_err(|e| Failure::engine(&e))
    })?;
    Ok(stream(out))
}

/// Every value of `column` parsed as an entity of type `entity`.
#[pyfunction]
pub fn entities_from_column(
    py: Python<'_>,
    data: &Bound<'_, PyAny>,
    column: String,
    entity: String,
) -> PyResult<ArrowStream> {
    let table = input::table(py, data, &ReadOptions::default())?;
    let out = released(py, move || {
        let kind = EntityKind::from_name(&entity).map_err(|e| Failure::engine(&e))?;
        huntkit_entities::entities_from_column(&table, &column, kind)
            .map_err(|e| Failure::engine(&e))
    })?;
    Ok(stream(out))
}

/// Entities from the IoC extractor's table output.
#[pyfunction]
pub fn entities_from_iocs(py: Python<'_>, data: &Bound<'_, PyAny>) -> PyResult<ArrowStream> {
    let table = input::table(py, data, &ReadOptions::default())?;
    let out = released(py, move || {
        huntkit_entities::entities_from_iocs(&table).map_err(|e| Failure::engine(&e))
    })?;
    Ok(stream(out))
}
