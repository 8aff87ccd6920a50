//! Decoding obfuscated payloads: one text, or one column of a table.

use huntkit_core::arrow::array::RecordBatch;
use huntkit_decode as dec;
use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::*;

use crate::error::js_error;
use crate::options::{options, table_options};
use crate::table::read_table;

fn ipc_batch(batch: RecordBatch) -> Result<Vec<u8>, JsValue> {
    crate::table::ipc(&huntkit_core::Table::from_batch(batch))
}

/// Decodes one text: `{ text, records, truncated }`, where `text` has each decoded run
/// replaced by its `<decoded …>` tag and `records` is the record table as Arrow IPC bytes.
#[wasm_bindgen(js_name = decodeString)]
pub fn decode_text(text: &str, options_json: Option<String>) -> Result<JsValue, JsValue> {
    let opts: dec::DecodeOptions = options(options_json)?;
    let out = dec::decode(text, &opts).map_err(|e| js_error(&e))?;
    let records = ipc_batch(out.to_batch(&opts).map_err(|e| js_error(&e))?)?;
    let obj = Object::new();
    Reflect::set(&obj, &"text".into(), &JsValue::from_str(&out.text))?;
    Reflect::set(
        &obj,
        &"records".into(),
        &js_sys::Uint8Array::from(records.as_slice()).into(),
    )?;
    Reflect::set(
        &obj,
        &"truncated".into(),
        &JsValue::from_bool(out.truncated),
    )?;
    Ok(obj.into())
}

/// Decodes the text column `column` of a table, one row at a time; returns the record
/// table (with `src_index`, the column and `full_decoded_string`) as Arrow IPC bytes.
#[wasm_bindgen(js_name = decodeTable)]
pub fn decode_table(
    data: Vec<u8>,
    column: &str,
    options_json: Option<String>,
) -> Result<Vec<u8>, JsValue> {
    let (opts, read): (dec::DecodeOptions, _) = table_options(options_json)?;
    let table = read_table(data, &read)?;
    let out = dec::decode_table(&table, column, &opts).map_err(|e| js_error(&e))?;
    crate::table::ipc(&out)
}
