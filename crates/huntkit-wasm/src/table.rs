//! Tables across the boundary: read, inspect, convert.

use huntkit_core::{Format, ReadOptions, Table};
use wasm_bindgen::prelude::*;

use crate::error::js_error;
use crate::options::{options, to_js};

/// Reads input bytes (Arrow IPC, CSV, JSON or NDJSON) into a table, for other modules.
pub fn read_table(data: Vec<u8>, read: JsValue) -> Result<Table, JsValue> {
    let opts: ReadOptions = options(read)?;
    huntkit_core::read_owned(data, &opts).map_err(|e| js_error(&e))
}

/// Writes a table as an Arrow IPC stream, for other modules.
pub fn ipc(table: &Table) -> Result<Vec<u8>, JsValue> {
    huntkit_core::write(table, Format::ArrowStream).map_err(|e| js_error(&e))
}

/// Describes a table: rows, columns with types and null counts, time ranges.
#[wasm_bindgen]
pub fn inspect(data: Vec<u8>, read: JsValue) -> Result<JsValue, JsValue> {
    let table = read_table(data, read)?;
    let info = huntkit_core::inspect(&table).map_err(|e| js_error(&e))?;
    to_js(&info)
}

/// As `inspect`, calling `progress(fraction)` while the input is read.
#[wasm_bindgen(js_name = inspectWithProgress)]
pub fn inspect_with_progress(
    data: Vec<u8>,
    read: JsValue,
    progress: &js_sys::Function,
) -> Result<JsValue, JsValue> {
    let opts: ReadOptions = options(read)?;
    let mut report = |f: f64| {
        // A throwing progress callback must not stop the work.
        let _ = progress.call1(&JsValue::NULL, &JsValue::from_f64(f));
    };
    let table = huntkit_core::read_owned_with_progress(data, &opts, &mut report)
        .map_err(|e| js_error(&e))?;
    let info = huntkit_core::inspect(&table).map_err(|e| js_error(&e))?;
    to_js(&info)
}

/// Converts input bytes of any supported format to an Arrow IPC stream.
#[wasm_bindgen(js_name = toArrow)]
pub fn to_arrow(data: Vec<u8>, read: JsValue) -> Result<Vec<u8>, JsValue> {
    ipc(&read_table(data, read)?)
}

/// The version of the huntkit engines in this module.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
