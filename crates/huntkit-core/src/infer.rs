//! Typing text columns: CSV cells and JSON strings that are really numbers or times.

use std::sync::Arc;

use arrow::array::{
    ArrayRef, BooleanArray, Float64Array, Int64Array, StringArray, TimestampNanosecondArray,
};

use crate::time::parse_timestamp;

/// What every non-null value of a column can be read as.
#[derive(Clone, Copy)]
struct Candidates {
    int: bool,
    float: bool,
    boolean: bool,
    time: bool,
}

fn parse_bool(s: &str) -> Option<bool> {
    if s.eq_ignore_ascii_case("true") {
        Some(true)
    } else if s.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

/// A float as data writes it: digits are required, so `nan`, `inf` and `infinity`
/// (which Rust's parser accepts) stay text unless a column is otherwise numeric.
fn parse_float(s: &str) -> Option<f64> {
    if s.bytes().any(|b| b.is_ascii_digit()) || matches!(s, "NaN" | "nan" | "inf" | "-inf") {
        s.parse().ok()
    } else {
        None
    }
}

/// Reads a text column as the narrowest type every value fits: Int64, Float64, Boolean,
/// a timestamp, or text. With `numbers` false only timestamps are tried (JSON strings
/// that look numeric were written as strings on purpose).
pub(crate) fn infer_column(col: &StringArray, numbers: bool) -> ArrayRef {
    let mut c = Candidates {
        int: numbers,
        float: numbers,
        boolean: numbers,
        time: true,
    };
    let mut any = false;
    let mut has_digit_float = false;
    for v in col.iter().flatten() {
        any = true;
        if c.int && v.parse::<i64>().is_err() {
            c.int = false;
        }
        if c.float {
            match parse_float(v) {
                Some(_) => has_digit_float |= v.bytes().any(|b| b.is_ascii_digit()),
                None => c.float = false,
            }
        }
        if c.boolean && parse_bool(v).is_none() {
            c.boolean = false;
        }
        if c.time && parse_timestamp(v).is_none() {
            c.time = false;
        }
        if !(c.int || c.float || c.boolean || c.time) {
            break;
        }
    }
    if !any {
        return Arc::new(col.clone());
    }
    if c.int {
        return Arc::new(
            col.iter()
                .map(|v| v.and_then(|s| s.parse().ok()))
                .collect::<Int64Array>(),
        );
    }
    if c.float && has_digit_float {
        return Arc::new(
            col.iter()
                .map(|v| v.and_then(parse_float))
                .collect::<Float64Array>(),
        );
    }
    if c.boolean {
        return Arc::new(
            col.iter()
                .map(|v| v.and_then(parse_bool))
                .collect::<BooleanArray>(),
        );
    }
    if c.time {
        let parsed: Vec<_> = col.iter().map(|v| v.and_then(parse_timestamp)).collect();
        let zoned = parsed.iter().flatten().any(|t| t.zoned);
        let values: TimestampNanosecondArray = parsed.iter().map(|t| t.map(|t| t.nanos)).collect();
        return if zoned {
            Arc::new(values.with_timezone("UTC"))
        } else {
            Arc::new(values)
        };
    }
    Arc::new(col.clone())
}
