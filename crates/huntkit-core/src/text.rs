//! Any column shown as text, without Arrow's general cast kernels (which would add
//! megabytes to the wasm build for conversions huntkit never needs).

use arrow::array::{Array, ArrayRef, AsArray, StringArray, StringBuilder};
use arrow::datatypes::{
    DataType, Float32Type, Float64Type, Int16Type, Int32Type, Int64Type, Int8Type, UInt16Type,
    UInt32Type, UInt64Type, UInt8Type,
};
use arrow::util::display::{ArrayFormatter, FormatOptions};

use crate::time::format_timestamp;
use crate::{Error, Result, Table};

/// Numbers written straight into the column's buffer: a string per value would cost an
/// allocation per row (ids are often integer columns of millions of rows).
fn primitive<T: arrow::datatypes::ArrowPrimitiveType>(c: &ArrayRef) -> StringArray
where
    T::Native: std::fmt::Display,
{
    use std::fmt::Write;
    let values = c.as_primitive::<T>();
    let mut out = StringBuilder::with_capacity(values.len(), values.len() * 8);
    for v in values.iter() {
        match v {
            // Writing to a string builder cannot fail.
            Some(v) => {
                let _ = write!(out, "{v}");
                out.append_value("");
            }
            None => out.append_null(),
        }
    }
    out.finish()
}

/// A float as short text: `Display` would write `1e308` as 309 digits, which a hostile
/// input could use to multiply its size; `Debug` switches to exponents.
pub(crate) fn format_float(f: f64) -> String {
    format!("{f:?}")
}

/// The values of `c` as a Utf8 array: strings as they are, numbers as written,
/// timestamps as ISO-8601, dictionaries resolved, anything else as Arrow displays it.
pub(crate) fn to_text(name: &str, c: &ArrayRef) -> Result<StringArray> {
    Ok(match c.data_type() {
        DataType::Utf8 => c.as_string::<i32>().clone(),
        DataType::LargeUtf8 => c.as_string::<i64>().iter().collect(),
        DataType::Utf8View => c.as_string_view().iter().collect(),
        DataType::Boolean => c
            .as_boolean()
            .iter()
            .map(|v| v.map(|b| if b { "true" } else { "false" }))
            .collect(),
        DataType::Int8 => primitive::<Int8Type>(c),
        DataType::Int16 => primitive::<Int16Type>(c),
        DataType::Int32 => primitive::<Int32Type>(c),
        DataType::Int64 => primitive::<Int64Type>(c),
        DataType::UInt8 => primitive::<UInt8Type>(c),
        DataType::UInt16 => primitive::<UInt16Type>(c),
        DataType::UInt32 => primitive::<UInt32Type>(c),
        DataType::UInt64 => primitive::<UInt64Type>(c),
        DataType::Float32 => c
            .as_primitive::<Float32Type>()
            .iter()
            .map(|v| v.map(|f| format_float(f64::from(f))))
            .collect(),
        DataType::Float64 => c
            .as_primitive::<Float64Type>()
            .iter()
            .map(|v| v.map(format_float))
            .collect(),
        DataType::Timestamp(_, tz) => {
            let utc = tz.is_some();
            let one = Table::from_columns(vec![(name.to_string(), c.clone())])?;
            one.timestamps(name)?
                .into_iter()
                .map(|v| v.map(|n| format_timestamp(n, utc)))
                .collect()
        }
        DataType::Dictionary(_, _) => {
            let dict = c.as_any_dictionary();
            let values = to_text(name, dict.values())?;
            let keys = dict.normalized_keys();
            keys.iter()
                .enumerate()
                .map(|(i, &k)| {
                    if c.is_valid(i) && values.is_valid(k) && k < values.len() {
                        Some(values.value(k))
                    } else {
                        None
                    }
                })
                .collect()
        }
        other => {
            let fmt =
                ArrayFormatter::try_new(c.as_ref(), &FormatOptions::default()).map_err(|_| {
                    Error::ColumnType {
                        column: name.to_string(),
                        found: other.to_string(),
                        expected: "a type that can be shown as text",
                    }
                })?;
            (0..c.len())
                .map(|i| c.is_valid(i).then(|| fmt.value(i).to_string()))
                .collect()
        }
    })
}
