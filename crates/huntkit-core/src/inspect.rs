//! Describing a table: what a hunter asks first of any file.

use arrow::datatypes::DataType;
use serde::Serialize;

use crate::time::format_timestamp;
use crate::{Result, Table};

/// The first and last time of a timestamp column.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TimeRange {
    /// ISO-8601, `Z` when the column is UTC.
    pub start: String,
    pub end: String,
}

/// One column of an [`Inspection`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ColumnInfo {
    pub name: String,
    /// The Arrow type, as Arrow names it (`Utf8`, `Int64`, `Timestamp(ns, "UTC")`, …).
    #[serde(rename = "type")]
    pub data_type: String,
    pub nulls: usize,
    /// For timestamp and date columns with at least one value.
    #[serde(rename = "timeRange", skip_serializing_if = "Option::is_none")]
    pub time_range: Option<TimeRange>,
}

/// Rows, columns with their types and null counts, and time ranges.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Inspection {
    pub rows: usize,
    pub columns: Vec<ColumnInfo>,
    /// What reading the input accepted only because it was asked to be lenient (an open
    /// quote read as one long field, say), from the table's `huntkit:warning` metadata.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

/// Describes `table`.
///
/// ```
/// let t = huntkit_core::read(b"TimeGenerated,Account\n2019-05-13 17:00:00,alice\n2019-05-14 01:00:00,\n", &Default::default()).unwrap();
/// let info = huntkit_core::inspect(&t).unwrap();
/// assert_eq!(info.rows, 2);
/// assert_eq!(info.columns[1].nulls, 1);
/// assert_eq!(info.columns[0].time_range.as_ref().unwrap().end, "2019-05-14T01:00:00");
/// ```
pub fn inspect(table: &Table) -> Result<Inspection> {
    let mut columns = Vec::with_capacity(table.num_columns());
    for field in table.schema().fields() {
        let name = field.name();
        let nulls = table.chunks(name)?.iter().map(|c| c.null_count()).sum();
        let time_range = match field.data_type() {
            DataType::Timestamp(_, tz) => range(table.timestamps(name)?, tz.is_some()),
            DataType::Date32 | DataType::Date64 => range(table.timestamps(name)?, false),
            _ => None,
        };
        columns.push(ColumnInfo {
            name: name.clone(),
            data_type: field.data_type().to_string(),
            nulls,
            time_range,
        });
    }
    Ok(Inspection {
        rows: table.num_rows(),
        columns,
        warnings: table.warning().map(str::to_owned).into_iter().collect(),
    })
}

fn range(values: Vec<Option<i64>>, utc: bool) -> Option<TimeRange> {
    let mut it = values.into_iter().flatten();
    let first = it.next()?;
    let (lo, hi) = it.fold((first, first), |(lo, hi), v| (lo.min(v), hi.max(v)));
    Some(TimeRange {
        start: format_timestamp(lo, utc),
        end: format_timestamp(hi, utc),
    })
}
