//! Engine errors as JS `Error`s with a stable `code`.

use huntkit_core::ErrorCode;
use wasm_bindgen::prelude::*;

/// A JS `Error` with `message` from the error's text and `code` from its stable code.
pub fn js_error<E: ErrorCode + ?Sized>(e: &E) -> JsValue {
    coded(e.code(), &e.to_string())
}

/// A JS `Error` with the given code and message.
pub fn coded(code: &str, message: &str) -> JsValue {
    let err = js_sys::Error::new(message);
    // Setting a property on a fresh Error object cannot fail.
    let _ = js_sys::Reflect::set(&err, &JsValue::from_str("code"), &JsValue::from_str(code));
    err.into()
}
