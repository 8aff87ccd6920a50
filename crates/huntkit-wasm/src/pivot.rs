//! Entities and the pivot registry: built-in pivots, and the input and join rules that
//! JavaScript user functions share with them.

use huntkit_core::{ReadOptions, Table};
use huntkit_entities::pivot::{self, JoinHow, PivotInput, PivotOptions};
use huntkit_entities::{AlertOptions, EntityKind};
use wasm_bindgen::prelude::*;

use crate::error::{coded, js_error};
use crate::options::{options, table_options};
use crate::table::{ipc, read_table};

/// The catalogue of entities and built-in pivots as JSON text:
/// `{ entities: [...], pivots: [...] }`.
#[wasm_bindgen(js_name = pivotCatalogue)]
pub fn pivot_catalogue() -> String {
    pivot::catalogue_json()
}

/// MSTICPy's `get_ip_type` for one address: `Public`, `Private`, `Loopback`, ...
#[wasm_bindgen(js_name = ipType)]
pub fn ip_type(text: &str) -> String {
    huntkit_entities::ip_type(text).as_str().to_string()
}

/// The input of a pivot: a table (bytes) or values (JSON text of an array of strings
/// and nulls, written by the npm package).
enum Input {
    Table(Table),
    Values(Vec<Option<String>>),
}

impl Input {
    fn read(
        data: Option<Vec<u8>>,
        values_json: Option<String>,
        read: &ReadOptions,
    ) -> Result<Input, JsValue> {
        match (data, values_json) {
            (Some(d), None) => Ok(Input::Table(read_table(d, read)?)),
            (None, Some(v)) => serde_json::from_str(&v)
                .map(Input::Values)
                .map_err(|e| coded("invalid_input", &format!("pivot values: {e}"))),
            _ => Err(coded(
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

/// Runs the built-in pivot `name` of `entity` on a table's `column` or on values:
/// Arrow IPC bytes of the result, or of the input with the result joined on.
#[wasm_bindgen(js_name = pivotRun)]
pub fn pivot_run(
    entity: &str,
    name: &str,
    data: Option<Vec<u8>>,
    values_json: Option<String>,
    column: Option<String>,
    options_json: Option<String>,
) -> Result<Vec<u8>, JsValue> {
    let (opts, read): (PivotOptions, ReadOptions) = table_options(options_json)?;
    let input = Input::read(data, values_json, &read)?;
    let out = pivot::run_pivot(entity, name, &input.as_pivot(column.as_deref()), &opts)
        .map_err(|e| js_error(&e))?;
    ipc(&out)
}

/// The values a user function is given: Arrow IPC bytes of the non-null values of the
/// input column (its first column) and their `src_row_index`.
#[wasm_bindgen(js_name = pivotInput)]
pub fn pivot_input(
    input_column: &str,
    data: Option<Vec<u8>>,
    values_json: Option<String>,
    column: Option<String>,
    options_json: Option<String>,
) -> Result<Vec<u8>, JsValue> {
    let (opts, read): (PivotOptions, ReadOptions) = table_options(options_json)?;
    let input = Input::read(data, values_json, &read)?;
    let (t, c) = pivot::input_table(
        &input.as_pivot(column.as_deref()),
        input_column,
        opts.max_values,
    )
    .map_err(|e| js_error(&e))?;
    ipc(&pivot::input_values(&t, &c).map_err(|e| js_error(&e))?)
}

/// Joins a user function's result (table bytes) onto the pivot's input, as the built-in
/// pivots join.
#[wasm_bindgen(js_name = pivotJoin)]
pub fn pivot_join(
    input_column: &str,
    result: Vec<u8>,
    data: Option<Vec<u8>>,
    values_json: Option<String>,
    column: Option<String>,
    key_column: Option<String>,
    options_json: Option<String>,
) -> Result<Vec<u8>, JsValue> {
    let (opts, read): (PivotOptions, ReadOptions) = table_options(options_json)?;
    let input = Input::read(data, values_json, &read)?;
    let result = read_table(result, &ReadOptions::default())?;
    let (t, c) = pivot::input_table(
        &input.as_pivot(column.as_deref()),
        input_column,
        opts.max_values,
    )
    .map_err(|e| js_error(&e))?;
    let how = opts.join.unwrap_or(JoinHow::Left);
    let out = pivot::join_result(&t, Some(&c), &result, how, key_column.as_deref(), &opts)
        .map_err(|e| js_error(&e))?;
    ipc(&out)
}

/// The entities of a Microsoft Sentinel alert (a SecurityAlert row as JSON, or its
/// Entities array): Arrow IPC bytes of `Id, Type, Value, Properties`.
#[wasm_bindgen(js_name = alertEntities)]
pub fn alert_entities(json: &str, options_json: Option<String>) -> Result<Vec<u8>, JsValue> {
    let opts: AlertOptions = options(options_json)?;
    ipc(&huntkit_entities::alert_entities_table(json, &opts).map_err(|e| js_error(&e))?)
}

/// Every value of `column` parsed as an entity of type `entity`.
#[wasm_bindgen(js_name = entitiesFromColumn)]
pub fn entities_from_column(
    data: Vec<u8>,
    column: &str,
    entity: &str,
    options_json: Option<String>,
) -> Result<Vec<u8>, JsValue> {
    let (_, read): (NoOptions, ReadOptions) = table_options(options_json)?;
    let table = read_table(data, &read)?;
    let kind = EntityKind::from_name(entity).map_err(|e| js_error(&e))?;
    ipc(&huntkit_entities::entities_from_column(&table, column, kind).map_err(|e| js_error(&e))?)
}

/// Entities from the IoC extractor's table output.
#[wasm_bindgen(js_name = entitiesFromIocs)]
pub fn entities_from_iocs(data: Vec<u8>, options_json: Option<String>) -> Result<Vec<u8>, JsValue> {
    let (_, read): (NoOptions, ReadOptions) = table_options(options_json)?;
    let table = read_table(data, &read)?;
    ipc(&huntkit_entities::entities_from_iocs(&table).map_err(|e| js_error(&e))?)
}

/// The options of a call that has none besides `read`.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct NoOptions {}
