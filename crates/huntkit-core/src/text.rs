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

/// Integers written straight into the column's buffer by `itoa`: a string per value
/// would cost an allocation per row, and the formatting machinery several times the
/// digits' work (ids are often integer columns of millions of rows).
fn integers<T: arrow::datatypes::ArrowPrimitiveType>(c: &ArrayRef) -> StringArray
where
    T::Native: itoa::Integer,
{
    let values = c.as_primitive::<T>();
    let mut out = StringBuilder::with_capacity(values.len(), values.len() * 8);
    let mut digits = itoa::Buffer::new();
    for v in values.iter() {
        match v {
            Some(v) => out.append_value(digits.format(v)),
            None => out.append_null(),
        }
    }
    out.finish()
}

/// Floats as [`format_float`] writes them, into the column's buffer.
fn floats(values: impl Iterator<Item = Option<f64>>, len: usize) -> StringArray {
    let mut out = StringBuilder::with_capacity(len, len * 8);
    for v in values {
        match v {
            Some(f) => {
                write_float(&mut out, f);
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
    let mut out = String::new();
    write_float(&mut out, f);
    out
}

/// Writes [`format_float`]'s text. Whole numbers (ids that pandas stored as floats
/// because of a gap) are written as `Debug` writes them, `1234.0`, without the float
/// formatter: below 1e16 it writes no exponent, and -0.0 keeps its sign through it.
fn write_float(out: &mut impl std::fmt::Write, f: f64) {
    // Writing to a string or a string builder cannot fail.
    if f.fract() == 0.0 && f.abs() < 1e16 && !(f == 0.0 && f.is_sign_negative()) {
        #[allow(clippy::cast_possible_truncation)]
        let whole = f as i64;
        let _ = out.write_str(itoa::Buffer::new().format(whole));
        let _ = out.write_str(".0");
    } else {
        let _ = write!(out, "{f:?}");
    }
}

/// The values of `c` as a Utf8 array: strings as they are, numbers as written,
/// timestamps as ISO-8601, dictionaries resolved, anything else as Arrow displays it.
pub fn to_text(name: &str, c: &ArrayRef) -> Result<StringArray> {
    Ok(match c.data_type() {
        DataType::Utf8 => c.as_string::<i32>().clone(),
        DataType::LargeUtf8 => c.as_string::<i64>().iter().collect(),
        DataType::Utf8View => c.as_string_view().iter().collect(),
        DataType::Boolean => c
            .as_boolean()
            .iter()
            .map(|v| v.map(|b| if b { "true" } else { "false" }))
            .collect(),
        DataType::Int8 => integers::<Int8Type>(c),
        DataType::Int16 => integers::<Int16Type>(c),
        DataType::Int32 => integers::<Int32Type>(c),
        DataType::Int64 => integers::<Int64Type>(c),
        DataType::UInt8 => integers::<UInt8Type>(c),
        DataType::UInt16 => integers::<UInt16Type>(c),
        DataType::UInt32 => integers::<UInt32Type>(c),
        DataType::UInt64 => integers::<UInt64Type>(c),
        DataType::Float32 => floats(
            c.as_primitive::<Float32Type>()
                .iter()
                .map(|v| v.map(f64::from)),
            c.len(),
        ),
        DataType::Float64 => floats(c.as_primitive::<Float64Type>().iter(), c.len()),
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

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use arrow::array::{Float32Array, Float64Array, Int64Array, Int8Array, UInt64Array};

    use super::*;

    fn text(c: ArrayRef) -> Vec<Option<String>> {
        to_text("c", &c)
            .unwrap()
            .iter()
            .map(|v| v.map(str::to_string))
            .collect()
    }

    #[test]
    fn numbers_read_as_rust_writes_them() {
        let ints = [
            Some(-5i64),
            Some(0),
            None,
            Some(i64::MIN),
            Some(i64::MAX),
            Some(1234),
        ];
        let want: Vec<_> = ints.iter().map(|v| v.map(|v| v.to_string())).collect();
        assert_eq!(text(Arc::new(Int64Array::from(ints.to_vec()))), want);
        assert_eq!(
            text(Arc::new(UInt64Array::from(vec![Some(u64::MAX), None]))),
            vec![Some(u64::MAX.to_string()), None]
        );
        assert_eq!(
            text(Arc::new(Int8Array::from(vec![Some(-128i8)]))),
            vec![Some("-128".to_string())]
        );
        let floats = [
            Some(22536.0f64),
            Some(1e308),
            Some(0.1),
            Some(f64::NAN),
            Some(-0.0),
            None,
            Some(1e-7),
            Some(f64::INFINITY),
            Some(-3.0),
            Some(9_999_999_999_999_998.0),
            Some(1e16),
            Some(-1e15),
            Some(0.0),
            Some(123_456_789.5),
        ];
        let want: Vec<_> = floats.iter().map(|v| v.map(format_float)).collect();
        assert_eq!(text(Arc::new(Float64Array::from(floats.to_vec()))), want);
        assert_eq!(
            text(Arc::new(Float32Array::from(vec![Some(1.5f32), None]))),
            vec![Some("1.5".to_string()), None]
        );
        // Short text even for the largest floats: a hostile input cannot make it long.
        assert_eq!(format_float(1e308), "1e308");
    }
}
