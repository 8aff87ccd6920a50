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
    let info = huntkit_wasm::table::inspect(LOGONS.to_vec(), None).unwrap();
    let rows = js_sys::Reflect::get(&info, &JsValue::from_str("rows")).unwrap();
    assert!(rows.as_f64().unwrap() > 0.0);
    let csv = huntkit_wasm::table::inspect(b"a,b\n1,x\n".to_vec(), None).unwrap();
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
        let e = huntkit_wasm::table::inspect(input.to_vec(), None).unwrap_err();
        assert_eq!(code_of(e), code);
    }
    let huge = vec![b'A'; 20 << 20];
    let e = huntkit_wasm::table::inspect(huge, None).unwrap_err();
    assert_eq!(code_of(e), "limit_exceeded");
    assert!(huntkit_wasm::table::inspect(LOGONS.to_vec(), None).is_ok());
}

#[wasm_bindgen_test]
fn to_arrow_round_trips() {
    let ipc = huntkit_wasm::table::to_arrow(b"x,y\n1,2\n3,4\n".to_vec(), None).unwrap();
    let info = huntkit_wasm::table::inspect(ipc, None).unwrap();
    let rows = js_sys::Reflect::get(&info, &JsValue::from_str("rows")).unwrap();
    assert_eq!(rows.as_f64(), Some(2.0));
}

#[wasm_bindgen_test]
fn options_are_json_and_unknown_keys_are_named() {
    let e = huntkit_wasm::table::inspect(b"a\n1\n".to_vec(), Some(r#"{"raed":{}}"#.into()))
        .unwrap_err();
    assert_eq!(code_of(e.clone()), "invalid_option");
    let message = js_sys::Reflect::get(&e, &JsValue::from_str("message")).unwrap();
    assert!(message.as_string().unwrap().contains("raed"));
    let e =
        huntkit_wasm::table::inspect(b"a\n1\n".to_vec(), Some(r#"{"read":{"maxRowz":1}}"#.into()))
            .unwrap_err();
    assert_eq!(code_of(e), "invalid_option");
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let e = huntkit_wasm::table::inspect(b"a\n1\n".to_vec(), Some(deep)).unwrap_err();
    assert_eq!(code_of(e), "invalid_option");
    assert!(huntkit_wasm::table::inspect(
        b"a\n1\n".to_vec(),
        Some(r#"{"read":{"maxRows":5}}"#.into())
    )
    .is_ok());
}
