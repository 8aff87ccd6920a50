//! Options as one JSON object per call: the convention every façade shares.
//!
//! The wasm façade receives each call's options as the JSON text the npm package wrote;
//! the Python façade builds the same object from keyword arguments. Either way the object
//! is read here, so the two cannot drift: read options travel inside it under `read`,
//! every option struct refuses keys it does not know (`deny_unknown_fields`), and a struct
//! that flattens others, where serde cannot refuse unknown keys, is checked against the
//! keys of its parts ([`field_names`]).
//!
//! ```
//! use huntkit_core::options_json::{field_names, table_options};
//! use huntkit_core::ReadOptions;
//!
//! let (opts, read): (ReadOptions, ReadOptions) =
//!     table_options(Some(r#"{"maxRows": 5, "read": {"lenient": true}}"#))?;
//! assert_eq!((opts.max_rows, read.lenient), (5, true));
//! assert!(field_names::<ReadOptions>().contains(&"maxTableBytes"));
//!
//! let e = table_options::<ReadOptions>(Some(r#"{"maxRow": 5}"#)).unwrap_err();
//! assert!(e.to_string().contains("unknown field `maxRow`"));
//! # Ok::<(), huntkit_core::options_json::OptionsError>(())
//! ```

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::{ErrorCode, ReadOptions};

/// One options object, parsed.
pub type Object = Map<String, Value>;

/// The key under which read options travel.
pub const READ_KEY: &str = "read";

/// Options that cannot be read: always the code `invalid_option`, with a message that
/// names the key when there is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OptionsError {
    message: String,
}

impl OptionsError {
    /// An `invalid_option` error with this message.
    pub fn new(message: impl Into<String>) -> Self {
        OptionsError {
            message: message.into(),
        }
    }
}

impl std::fmt::Display for OptionsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for OptionsError {}

impl ErrorCode for OptionsError {
    fn code(&self) -> &'static str {
        "invalid_option"
    }
}

/// The caller's options object from JSON text. `None`, empty text and `null` give an
/// empty object; anything but an object is refused.
pub fn object(text: Option<&str>) -> Result<Object, OptionsError> {
    let text = text.unwrap_or_default();
    if text.is_empty() {
        return Ok(Map::new());
    }
    match serde_json::from_str(text) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(Value::Null) => Ok(Map::new()),
        Ok(_) => Err(OptionsError::new("options must be an object")),
        Err(e) => Err(OptionsError::new(format!("invalid options: {e}"))),
    }
}

/// An option struct from an object; `what` names the object in messages.
pub fn parse<T: DeserializeOwned>(map: Object, what: &str) -> Result<T, OptionsError> {
    serde_json::from_value(Value::Object(map))
        .map_err(|e| OptionsError::new(format!("invalid {what}: {e}")))
}

/// An engine's options from JSON text, for a call that reads no table (no `read` key).
pub fn options<T: DeserializeOwned>(text: Option<&str>) -> Result<T, OptionsError> {
    parse(object(text)?, "options")
}

/// An engine's options and the read options under their `read` key, from JSON text.
pub fn table_options<T: DeserializeOwned>(
    text: Option<&str>,
) -> Result<(T, ReadOptions), OptionsError> {
    split_read(object(text)?)
}

/// The engine options and the read options under `read`, from one parsed object.
pub fn split_read<T: DeserializeOwned>(mut map: Object) -> Result<(T, ReadOptions), OptionsError> {
    let read = take_read(&mut map)?;
    Ok((parse(map, "options")?, read))
}

/// Removes `read` from the object and reads it (the defaults when absent or `null`).
pub fn take_read(map: &mut Object) -> Result<ReadOptions, OptionsError> {
    match map.remove(READ_KEY) {
        None | Some(Value::Null) => Ok(ReadOptions::default()),
        Some(Value::Object(read)) => parse(read, "read options"),
        Some(_) => Err(OptionsError::new("`read` must be an object")),
    }
}

/// The first key of `map` (besides `read`) that none of the `known` lists holds.
pub fn unknown_key<'a>(map: &'a Object, known: &[&[&str]]) -> Option<&'a str> {
    map.keys()
        .map(String::as_str)
        .find(|k| *k != READ_KEY && !known.iter().any(|part| part.contains(k)))
}

/// Refuses a key (besides `read`) that none of the `known` lists holds, naming it and
/// listing the keys there are, as serde does for a struct that denies unknown fields.
pub fn check_known(map: &Object, known: &[&[&str]]) -> Result<(), OptionsError> {
    let Some(key) = unknown_key(map, known) else {
        return Ok(());
    };
    let mut names: Vec<&str> = known.iter().flat_map(|p| p.iter().copied()).collect();
    names.sort_unstable();
    Err(OptionsError::new(format!(
        "invalid options: unknown field `{}`, expected one of {}",
        crate::shorten(key),
        names
            .iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", ")
    )))
}

/// As [`table_options`], for option structs that flatten others into themselves (serde
/// cannot refuse unknown keys there): `known` lists every key the parts accept.
pub fn table_options_known<T: DeserializeOwned>(
    text: Option<&str>,
    known: &[&[&str]],
) -> Result<(T, ReadOptions), OptionsError> {
    let map = object(text)?;
    check_known(&map, known)?;
    split_read(map)
}

/// The key whose value `T` cannot read on its own, to name it when the whole object
/// fails (serde's messages say what was wrong, not where). Every field of an option
/// struct has a default, so each key can be tried alone.
pub fn key_at_fault<T: DeserializeOwned>(map: &Object) -> Option<&str> {
    map.iter().find_map(|(key, value)| {
        let mut one = Map::new();
        one.insert(key.clone(), value.clone());
        serde_json::from_value::<T>(Value::Object(one))
            .is_err()
            .then_some(key.as_str())
    })
}

/// The field names of a struct's `Deserialize`, as serde_derive passes them to
/// `deserialize_struct` (after `rename_all`), so a flattened struct's keys need not be
/// listed by hand. Empty for a type that is not a struct.
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

/// The option key a snake_case name stands for (`max_depth` → `maxDepth`), as Python
/// spells the options the npm package spells in camelCase; `None` when `name` is not in
/// snake_case (`maxDepth`, `Max_depth`, `max__depth`), so a name is never read as
/// another. With [`snake_case`] it is the one rule between the two spellings: no table
/// of names is kept by hand, and an option an engine gains is a keyword at once.
pub fn from_snake_case(name: &str) -> Option<String> {
    let mut out = String::with_capacity(name.len());
    let mut upper = false;
    for c in name.chars() {
        match c {
            '_' if out.is_empty() || upper => return None,
            '_' => upper = true,
            'a'..='z' | '0'..='9' if upper => {
                out.push(c.to_ascii_uppercase());
                upper = false;
            }
            'a'..='z' | '0'..='9' => out.push(c),
            _ => return None,
        }
    }
    // A name ending in `_`, or one that would come back spelt otherwise (`a_1` → `a1`),
    // names no option.
    (!upper && !out.is_empty() && snake_case(&out) == name).then_some(out)
}

/// The snake_case spelling of an option or result key (`maxDepth` → `max_depth`,
/// `cmdLine` → `cmd_line`, `utf16Offsets` → `utf16_offsets`).
pub fn snake_case(key: &str) -> String {
    let mut out = String::with_capacity(key.len() + 4);
    for c in key.chars() {
        if c.is_ascii_uppercase() {
            if !out.is_empty() {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// The known name closest to `key`, when it is close enough to be what was meant (an
/// edit distance of at most a third of the name's length), for "did you mean" hints.
pub fn closest<'a>(key: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    known
        .into_iter()
        .map(|k| (distance(key, k), k))
        .filter(|(d, k)| *d <= (k.chars().count() / 3).max(1))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

/// Levenshtein distance over at most 64 characters of `a` (the caller's key, which may be
/// long; option names are short).
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().take(64).collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = Vec::with_capacity(b.len() + 1);
        cur.push(i + 1);
        for (j, cb) in b.iter().enumerate() {
            let substitute = prev.get(j).copied().unwrap_or(0) + usize::from(ca != cb);
            let delete = prev.get(j + 1).copied().unwrap_or(0) + 1;
            let insert = cur.last().copied().unwrap_or(0) + 1;
            cur.push(substitute.min(delete).min(insert));
        }
        prev = cur;
    }
    prev.last().copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_text_and_null_are_no_options() {
        assert!(object(None).unwrap().is_empty());
        assert!(object(Some("")).unwrap().is_empty());
        assert!(object(Some("null")).unwrap().is_empty());
        assert_eq!(
            object(Some("[1]")).unwrap_err().to_string(),
            "options must be an object"
        );
        assert!(object(Some("{"))
            .unwrap_err()
            .to_string()
            .starts_with("invalid options: "));
    }

    #[test]
    fn read_options_travel_under_read() {
        let (opts, read): (ReadOptions, ReadOptions) =
            table_options(Some(r#"{"read": {"maxRows": 3}}"#)).unwrap();
        assert_eq!(opts, ReadOptions::default());
        assert_eq!(read.max_rows, 3);
        let e = table_options::<ReadOptions>(Some(r#"{"read": 3}"#)).unwrap_err();
        assert_eq!(e.to_string(), "`read` must be an object");
        let e = table_options::<ReadOptions>(Some(r#"{"read": {"raed": 1}}"#)).unwrap_err();
        assert!(e
            .to_string()
            .starts_with("invalid read options: unknown field `raed`"));
    }

    #[test]
    fn flattened_structs_are_checked_against_their_parts() {
        let known: &[&[&str]] = &[field_names::<ReadOptions>(), &["extra"]];
        let ok = table_options_known::<serde_json::Value>(Some(r#"{"extra": 1}"#), known);
        assert!(ok.is_ok());
        let e =
            table_options_known::<serde_json::Value>(Some(r#"{"extar": 1}"#), known).unwrap_err();
        assert!(e
            .to_string()
            .contains("unknown field `extar`, expected one of `extra`, "));
        assert_eq!(e.code(), "invalid_option");
    }

    #[test]
    fn the_key_at_fault_is_named() {
        let map = object(Some(r#"{"maxRows": 3, "lenient": "yes"}"#)).unwrap();
        assert_eq!(key_at_fault::<ReadOptions>(&map), Some("lenient"));
        assert_eq!(field_names::<u32>(), &[] as &[&str]);
    }

    #[test]
    fn snake_case_and_option_keys_map_one_to_one() {
        for key in [
            "maxDepth",
            "utf16Offsets",
            "useStartEndTokens",
            "lowPassDeg",
            "hex",
            "maxTableOutputBytes",
            "cmdLine",
        ] {
            let snake = snake_case(key);
            assert_eq!(from_snake_case(&snake).as_deref(), Some(key), "{snake}");
        }
        assert_eq!(snake_case("utf16Offsets"), "utf16_offsets");
        for not_snake in [
            "maxDepth",
            "Max_depth",
            "max__depth",
            "_max",
            "max_",
            "a_1",
            "max-depth",
            "",
        ] {
            assert_eq!(from_snake_case(not_snake), None, "{not_snake:?}");
        }
    }

    #[test]
    fn close_names_are_suggested() {
        let known = ["max_depth", "max_items", "compat"];
        assert_eq!(closest("max_deph", known), Some("max_depth"));
        assert_eq!(closest("compta", known), Some("compat"));
        assert_eq!(closest("window", known), None);
    }
}
