//! Tables across the boundary: read, inspect, convert.

use huntkit_core::{Format, ReadOptions, Table};
use wasm_bindgen::prelude::*;

use crate::error::js_error;
use crate::options::{table_options, to_js};

/// Reads input bytes (Arrow IPC, CSV, JSON or NDJSON) into a table, for other modules.
pub fn read_table(data: Vec<u8>, read: &ReadOptions) -> Result<Table, JsValue> {
    huntkit_core::read_owned(data, read).map_err(|e| js_error(&e))
}

/// Reads the options of a call that takes only read options.
fn read_options(json: Option<String>) -> Result<ReadOptions, JsValue> {
    let (_, read): (NoOptions, ReadOptions) = table_options(json)?;
    Ok(read)
}

/// The engine options of a call that has none besides `read`.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct NoOptions {}

/// Writes a table as an Arrow IPC stream, for other modules.
pub fn ipc(table: &Table) -> Result<Vec<u8>, JsValue> {
    huntkit_core::write(table, Format::ArrowStream).map_err(|e| js_error(&e))
}

/// Describes a table: rows, columns with types and null counts, time ranges.
#[wasm_bindgen]
pub fn inspect(data: Vec<u8>, options_json: Option<String>) -> Result<JsValue, JsValue> {
    let table = read_table(data, &read_options(options_json)?)?;
    let info = huntkit_core::inspect(&table).map_err(|e| js_error(&e))?;
    to_js(&info)
}

/// As `inspect`, calling `progress(fraction)` while the input is read.
#[wasm_bindgen(js_name = inspectWithProgress)]
pub fn inspect_with_progress(
    data: Vec<u8>,
    options_json: Option<String>,
    progress: &js_sys::Function,
) -> Result<JsValue, JsValue> {
    let opts = read_options(options_json)?;
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
pub fn to_arrow(data: Vec<u8>, options_json: Option<String>) -> Result<Vec<u8>, JsValue> {
    ipc(&read_table(data, &read_options(options_json)?)?)
}

/// The version of the huntkit engines in this module.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// Bytes of linear memory the instance holds, so the npm package can tell an
/// out-of-memory trap from another after the fact.
#[wasm_bindgen(js_name = memoryBytes)]
pub fn memory_bytes() -> f64 {
    #[cfg(target_arch = "wasm32")]
    {
        core::arch::wasm32::memory_size(0) as f64 * 65_536.0
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        0.0
    }
}

/// Ends the instance as an allocation failure would, so the npm package's recovery from a
/// trap (a fresh instance, `engine_reset` for the failed call, stale objects refused) is
/// tested against the real thing. `exhaust` allocates until memory runs out; otherwise
/// the instance traps at once. Not part of the API.
#[doc(hidden)]
#[wasm_bindgen(js_name = trapForTests)]
pub fn trap_for_tests(exhaust: bool) {
    #[cfg(target_arch = "wasm32")]
    {
        if exhaust {
            let mut held: Vec<Vec<u8>> = Vec::new();
            loop {
                // Touch every page so the allocation is real.
                held.push(vec![1u8; 64 << 20]);
            }
        }
        core::arch::wasm32::unreachable()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = exhaust;
    }
}
