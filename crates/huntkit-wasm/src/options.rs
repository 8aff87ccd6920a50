//! Options from JS into the engines' option structs, and results back.
//!
//! One convention for every engine: options cross the boundary as one JSON text that the
//! npm package wrote after bounding the caller's object (depth, size, cycles; see
//! `js/src/boundary.js`), so nothing the caller hands over can recurse through the wasm's
//! stack. Read options travel inside it under `read`. Every option struct refuses keys
//! it does not know, so a misspelt option is an `invalid_option` error naming the key.

use huntkit_core::ReadOptions;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use wasm_bindgen::prelude::*;

use crate::error::coded;

/// The caller's options object, parsed. `None` or empty text gives an empty object.
fn object(json: Option<String>) -> Result<Map<String, Value>, JsValue> {
    let text = json.unwrap_or_default();
    if text.is_empty() {
        return Ok(Map::new());
    }
    match serde_json::from_str(&text) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(Value::Null) => Ok(Map::new()),
        Ok(_) => Err(coded("invalid_option", "options must be an object")),
        Err(e) => Err(coded("invalid_option", &format!("invalid options: {e}"))),
    }
}

fn parse<T: DeserializeOwned>(map: Map<String, Value>, what: &str) -> Result<T, JsValue> {
    serde_json::from_value(Value::Object(map))
        .map_err(|e| coded("invalid_option", &format!("invalid {what}: {e}")))
}

/// Reads an engine's options (no `read` key: the call takes no table).
pub fn options<T: DeserializeOwned>(json: Option<String>) -> Result<T, JsValue> {
    parse(object(json)?, "options")
}

/// Reads an engine's options and the read options under their `read` key.
pub fn table_options<T: DeserializeOwned>(
    json: Option<String>,
) -> Result<(T, ReadOptions), JsValue> {
    split_read(object(json)?)
}

/// The engine options and the read options under `read`, from one parsed object.
fn split_read<T: DeserializeOwned>(
    mut map: Map<String, Value>,
) -> Result<(T, ReadOptions), JsValue> {
    let read = match map.remove("read") {
        None | Some(Value::Null) => ReadOptions::default(),
        Some(Value::Object(read)) => parse(read, "read options")?,
        Some(_) => return Err(coded("invalid_option", "`read` must be an object")),
    };
    Ok((parse(map, "options")?, read))
}

/// As [`table_options`], for option structs that flatten others into themselves (serde
/// cannot refuse unknown keys there): `known` lists every key the parts accept.
pub fn table_options_known<T: DeserializeOwned>(
    json: Option<String>,
    known: &[&[&str]],
) -> Result<(T, ReadOptions), JsValue> {
    let map = object(json)?;
    if let Some(key) = map
        .keys()
        .find(|k| *k != "read" && !known.iter().any(|part| part.contains(&k.as_str())))
    {
        let mut names: Vec<&str> = known.iter().flat_map(|p| p.iter().copied()).collect();
        names.sort_unstable();
        return Err(coded(
            "invalid_option",
            &format!(
                "invalid options: unknown field `{}`, expected one of {}",
                huntkit_core::shorten(key),
                names
                    .iter()
                    .map(|n| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ));
    }
    split_read(map)
}

/// The field names of a struct's `Deserialize`, as serde_derive passes them to
/// `deserialize_struct`, so a flattened struct's keys need not be listed by hand.
pub fn field_names<T: DeserializeOwned>() -> &'static [&'static str] {
    let mut probe = probe::Probe(&[]);
    let _ = T::deserialize(&mut probe);
    probe.0
}

mod probe {
    use serde::de::{self, Visitor};

    /// A deserializer that records the field list it is asked for and fails.
    pub struct Probe(pub &'static [&'static str]);

    impl<'de> de::Deserializer<'de> for &mut Probe {
        type Error = de::value::Error;

        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
            Err(de::Error::custom("field probe"))
        }

        fn deserialize_struct<V: Visitor<'de>>(
            self,
            _name: &'static str,
            fields: &'static [&'static str],
            _visitor: V,
        ) -> Result<V::Value, Self::Error> {
            self.0 = fields;
            Err(de::Error::custom("field probe"))
        }

        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
            byte_buf option unit unit_struct newtype_struct seq tuple tuple_struct map enum
            identifier ignored_any
        }
    }
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
