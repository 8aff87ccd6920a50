//! Options objects from JS into the engines' option structs.

use serde::de::DeserializeOwned;
use wasm_bindgen::prelude::*;

/// Reads an options object (`undefined` or `null` give the defaults).
pub fn options<T: DeserializeOwned + Default>(value: JsValue) -> Result<T, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(T::default());
    }
    serde_wasm_bindgen::from_value(value)
        .map_err(|e| crate::error::coded("invalid_option", &format!("invalid options: {e}")))
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
