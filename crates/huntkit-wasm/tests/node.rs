//! The façade compiled to wasm and run under Node: coded errors, and an instance that
//! stays usable after every kind of bad input.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsValue;
use wasm_bindgen_test::wasm_bindgen_test;

fn code_of(e: JsValue) -> String {
    js_sys::Reflect::get(&e, &JsValue::from_str("code"))
        .ok()
        .and_then(|c| c.as_string())
        .unwrap_or_default()
}

const LOGONS: &[u8] = include_bytes!("../../../examples/data/host_logons.arrow");

#[wasm_bindgen_test]
fn inspect_reads_arrow_and_csv() {
    let info = huntkit_wasm::table::inspect(LOGONS.to_vec(), JsValue::UNDEFINED).unwrap();
    let rows = js_sys::Reflect::get(&info, &JsValue::from_str("rows")).unwrap();
    assert!(rows.as_f64().unwrap() > 0.0);
    let csv = huntkit_wasm::table::inspect(b"a,b\n1,x\n".to_vec(), JsValue::UNDEFINED).unwrap();
    let rows = js_sys::Reflect::get(&csv, &JsValue::from_str("rows")).unwrap();
    assert_eq!(rows.as_f64(), Some(1.0));
}

#[wasm_bindgen_test]
fn garbage_is_a_coded_error_and_the_instance_survives() {
    let half = LOGONS.get(..LOGONS.len() / 3).unwrap();
    let cases: [(&[u8], &str); 5] = [
        (half, "invalid_arrow"),
        (b"", "empty_input"),
        (b"a,b\n1\n", "invalid_csv"),
        (b"a\n\xff\n", "invalid_utf8"),
        (b"[{]", "invalid_json"),
    ];
    for (input, code) in cases {
        let e = huntkit_wasm::table::inspect(input.to_vec(), JsValue::UNDEFINED).unwrap_err();
        assert_eq!(code_of(e), code);
    }
    let huge = vec![b'A'; 20 << 20];
    let e = huntkit_wasm::table::inspect(huge, JsValue::UNDEFINED).unwrap_err();
    assert_eq!(code_of(e), "limit_exceeded");
    assert!(huntkit_wasm::table::inspect(LOGONS.to_vec(), JsValue::UNDEFINED).is_ok());
}

#[wasm_bindgen_test]
fn to_arrow_round_trips() {
    let ipc =
        huntkit_wasm::table::to_arrow(b"x,y\n1,2\n3,4\n".to_vec(), JsValue::UNDEFINED).unwrap();
    let info = huntkit_wasm::table::inspect(ipc, JsValue::UNDEFINED).unwrap();
    let rows = js_sys::Reflect::get(&info, &JsValue::from_str("rows")).unwrap();
    assert_eq!(rows.as_f64(), Some(2.0));
}
