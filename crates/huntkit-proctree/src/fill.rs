//! The synthesised processes' text in the type of the column it fills.
//!
//! A parent process that appears in no event of its own gets its name, id and command
//! line from its children's parent columns, as text; a column of another type (process
//! ids stored as integers, for example) receives them parsed. Only the types an event
//! column holds are handled, without Arrow's general cast kernels, which would add
//! megabytes to the wasm for conversions never needed here.

use std::sync::Arc;

use arrow::array::{
    ArrayRef, BooleanArray, LargeStringArray, PrimitiveArray, StringArray, StringViewArray,
};
use arrow::datatypes::{
    ArrowPrimitiveType, DataType, Float32Type, Float64Type, Int16Type, Int32Type, Int64Type,
    Int8Type, TimeUnit, TimestampMicrosecondType, TimestampMillisecondType,
    TimestampNanosecondType, TimestampSecondType, UInt16Type, UInt32Type, UInt64Type, UInt8Type,
};

/// `values` as an array of `to`; a value that type cannot hold is null. `None` for a type
/// text is not converted to (the caller then leaves the synthesised rows empty).
pub(crate) fn text_as(values: &StringArray, to: &DataType) -> Option<ArrayRef> {
    Some(match to {
        DataType::Utf8 => Arc::new(values.clone()),
        DataType::LargeUtf8 => Arc::new(values.iter().collect::<LargeStringArray>()),
        DataType::Utf8View => Arc::new(values.iter().collect::<StringViewArray>()),
        DataType::Boolean => Arc::new(
            values
                .iter()
                .map(|v| v.and_then(|s| s.trim().to_ascii_lowercase().parse::<bool>().ok()))
                .collect::<BooleanArray>(),
        ),
        DataType::Int8 => numbers::<Int8Type>(values),
        DataType::Int16 => numbers::<Int16Type>(values),
        DataType::Int32 => numbers::<Int32Type>(values),
        DataType::Int64 => numbers::<Int64Type>(values),
        DataType::UInt8 => numbers::<UInt8Type>(values),
        DataType::UInt16 => numbers::<UInt16Type>(values),
        DataType::UInt32 => numbers::<UInt32Type>(values),
        DataType::UInt64 => numbers::<UInt64Type>(values),
        DataType::Float32 => numbers::<Float32Type>(values),
        DataType::Float64 => numbers::<Float64Type>(values),
        DataType::Timestamp(unit, zone) => {
            let per_unit: i64 = match unit {
                TimeUnit::Second => 1_000_000_000,
                TimeUnit::Millisecond => 1_000_000,
                TimeUnit::Microsecond => 1_000,
                TimeUnit::Nanosecond => 1,
            };
            let ticks = values.iter().map(|v| {
                v.and_then(huntkit_core::parse_timestamp)
                    .map(|t| t.nanos.div_euclid(per_unit))
            });
            match unit {
                TimeUnit::Second => times::<TimestampSecondType>(ticks, zone.clone()),
                TimeUnit::Millisecond => times::<TimestampMillisecondType>(ticks, zone.clone()),
                TimeUnit::Microsecond => times::<TimestampMicrosecondType>(ticks, zone.clone()),
                TimeUnit::Nanosecond => times::<TimestampNanosecondType>(ticks, zone.clone()),
            }
        }
        _ => return None,
    })
}

fn numbers<T>(values: &StringArray) -> ArrayRef
where
    T: ArrowPrimitiveType,
    T::Native: std::str::FromStr,
{
    Arc::new(
        values
            .iter()
            .map(|v| v.and_then(|s| s.trim().parse::<T::Native>().ok()))
            .collect::<PrimitiveArray<T>>(),
    )
}

fn times<T>(ticks: impl Iterator<Item = Option<i64>>, zone: Option<Arc<str>>) -> ArrayRef
where
    T: ArrowPrimitiveType<Native = i64> + arrow::datatypes::ArrowTimestampType,
{
    Arc::new(ticks.collect::<PrimitiveArray<T>>().with_timezone_opt(zone))
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow::array::AsArray;

    #[test]
    fn text_becomes_the_columns_type_and_what_it_cannot_hold_is_null() {
        let text = StringArray::from(vec![Some("42"), Some("x"), None]);
        let ints = text_as(&text, &DataType::Int64).unwrap();
        let ints = ints.as_primitive::<Int64Type>();
        assert_eq!(ints.iter().collect::<Vec<_>>(), [Some(42), None, None]);
        let small = text_as(&StringArray::from(vec!["300"]), &DataType::UInt8).unwrap();
        assert!(small.is_null(0));
        let t = text_as(
            &StringArray::from(vec!["2024-01-01T00:00:01Z"]),
            &DataType::Timestamp(TimeUnit::Millisecond, Some("UTC".into())),
        )
        .unwrap();
        assert_eq!(
            t.as_primitive::<TimestampMillisecondType>().value(0),
            1_704_067_201_000
        );
        assert!(text_as(&text, &DataType::Binary).is_none());
    }
}
