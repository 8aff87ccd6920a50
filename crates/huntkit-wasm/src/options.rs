//! Options from JS into the engines' option structs, and results back.
//!
//! One convention for every engine: options cross the boundary as one JSON text that the
//! npm package wrote after bounding the caller's object (depth, size, cycles; see
//! `js/src/boundary.js`), so nothing the caller hands over can recurse through the wasm's
//! stack. Read options travel inside it under `read`. Every option struct refuses keys
//! it does not know, so a misspelt option is an `invalid_option` error naming the key.
//! The object is read by `huntkit_core::options_json`, which the Python façade shares.

use huntkit_core::options_json as json;
use huntkit_core::ReadOptions;
use serde::de::DeserializeOwned;
use wasm_bindgen::prelude::*;

use crate::error::js_error;

pub use huntkit_core::options_json::field_names;

/// Reads an engine's options (no `read` key: the call takes no table).
pub fn options<T: DeserializeOwned>(json: Option<String>) -> Result<T, JsValue> {
    json::options(json.as_deref()).map_err(|e| js_error(&e))
}

/// Reads an engine's options and the read options under their `read` key.
pub fn table_options<T: DeserializeOwned>(
    json: Option<String>,
) -> Result<(T, ReadOptions), JsValue> {
    json::table_options(json.as_deref()).map_err(|e| js_error(&e))
}

/// As [`table_options`], for option structs that flatten others into themselves (serde
/// cannot refuse unknown keys there): `known` lists every key the parts accept.
pub fn table_options_known<T: DeserializeOwned>(
    json: Option<String>,
    known: &[&[&str]],
) -> Result<(T, ReadOptions), JsValue> {
    json::table_options_known(json.as_deref(), known).map_err(|e| js_error(&e))
}

/// Converts a serializable result to a plain JS value (objects, not `Map`s).
pub fn to_js<T: serde::Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    let ser = serde_wasm_bindgen::Serializer::new()
        .serialize_maps_as_objects(true)
        .serialize_missing_as_null(true);
    value
        .serialize(&ser)
        .map_err(|e| crate::error::coded("internal", &format!("cannot convert the result: {e}")))
}

/// Sets `obj[key] = value`.
pub fn set(obj: &js_sys::Object, key: &str, value: &JsValue) -> Result<(), JsValue> {
    js_sys::Reflect::set(obj, &JsValue::from_str(key), value).map(|_| ())
}
