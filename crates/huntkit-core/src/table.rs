//! The table every engine reads and writes: Arrow record batches with typed access by
//! column name.

use std::sync::Arc;

use arrow::array::{
    Array, ArrayRef, AsArray, LargeStringArray, RecordBatch, StringArray, StringViewArray,
};
use arrow::compute::concat_batches;
use arrow::datatypes::{
    DataType, Date32Type, Date64Type, Field, Float32Type, Float64Type, Int16Type, Int32Type,
    Int64Type, Int8Type, Schema, SchemaRef, TimeUnit, TimestampMicrosecondType,
    TimestampMillisecondType, TimestampNanosecondType, TimestampSecondType, UInt16Type, UInt32Type,
    UInt64Type, UInt8Type,
};

use crate::time::parse_timestamp;
use crate::{Error, Result};

/// A table: one schema and the record batches that hold its rows.
#[derive(Debug, Clone)]
pub struct Table {
    schema: SchemaRef,
    batches: Vec<RecordBatch>,
    rows: usize,
}

impl Table {
    /// A table from batches that all have `schema`.
    pub fn new(schema: SchemaRef, batches: Vec<RecordBatch>) -> Result<Table> {
        let mut rows = 0usize;
        for b in &batches {
            if b.schema().fields() != schema.fields() {
                return Err(Error::InvalidArrow {
                    detail: "a record batch's schema differs from the table's".into(),
                });
            }
            rows = rows.saturating_add(b.num_rows());
        }
        Ok(Table {
            schema,
            batches,
            rows,
        })
    }

    /// A table from one record batch.
    pub fn from_batch(batch: RecordBatch) -> Table {
        let rows = batch.num_rows();
        Table {
            schema: batch.schema(),
            batches: vec![batch],
            rows,
        }
    }

    /// A table from named columns of equal length.
    pub fn from_columns(columns: Vec<(String, ArrayRef)>) -> Result<Table> {
        let fields: Vec<Field> = columns
            .iter()
            .map(|(n, a)| Field::new(n, a.data_type().clone(), true))
            .collect();
        let schema = Arc::new(Schema::new(fields));
        let arrays = columns.into_iter().map(|(_, a)| a).collect();
        let batch = RecordBatch::try_new(schema, arrays).map_err(Error::arrow)?;
        Ok(Table::from_batch(batch))
    }

    /// This table's rows with `columns` added on the right (replacing same-named ones).
    pub fn with_columns(&self, columns: Vec<(String, ArrayRef)>) -> Result<Table> {
        let batch = self.to_batch()?;
        let mut fields: Vec<Field> = Vec::new();
        let mut arrays: Vec<ArrayRef> = Vec::new();
        for (f, a) in batch.schema().fields().iter().zip(batch.columns()) {
            if !columns.iter().any(|(n, _)| n == f.name()) {
                fields.push(f.as_ref().clone());
                arrays.push(a.clone());
            }
        }
        for (n, a) in columns {
            if a.len() != self.rows {
                return Err(Error::Arrow {
                    detail: format!("column {n:?} has {} rows, the table {}", a.len(), self.rows),
                });
            }
            fields.push(Field::new(n, a.data_type().clone(), true));
            arrays.push(a);
        }
        let batch =
            RecordBatch::try_new(Arc::new(Schema::new(fields)), arrays).map_err(Error::arrow)?;
        Ok(Table::from_batch(batch))
    }

    /// All rows as one record batch.
    pub fn to_batch(&self) -> Result<RecordBatch> {
        match self.batches.as_slice() {
            [one] => Ok(one.clone()),
            _ => concat_batches(&self.schema, &self.batches).map_err(Error::arrow),
        }
    }

    pub fn schema(&self) -> &SchemaRef {
        &self.schema
    }

    pub fn batches(&self) -> &[RecordBatch] {
        &self.batches
    }

    pub fn num_rows(&self) -> usize {
        self.rows
    }

    pub fn num_columns(&self) -> usize {
        self.schema.fields().len()
    }

    pub fn column_names(&self) -> Vec<String> {
        self.schema
            .fields()
            .iter()
            .map(|f| f.name().clone())
            .collect()
    }

    /// The warning reading left in the schema's metadata ([`crate::WARNING_KEY`]), if any:
    /// what a lenient read accepted that a strict one would have refused.
    pub fn warning(&self) -> Option<&str> {
        self.schema
            .metadata()
            .get(crate::WARNING_KEY)
            .map(String::as_str)
    }

    pub fn has_column(&self, name: &str) -> bool {
        self.schema.index_of(name).is_ok()
    }

    fn index(&self, name: &str) -> Result<usize> {
        self.schema
            .index_of(name)
            .map_err(|_| Error::ColumnNotFound {
                name: name.to_string(),
                available: self.column_names(),
            })
    }

    /// The chunks of one column, one per batch.
    pub fn chunks(&self, name: &str) -> Result<Vec<ArrayRef>> {
        let i = self.index(name)?;
        self.batches
            .iter()
            .map(|b| {
                b.columns()
                    .get(i)
                    .cloned()
                    .ok_or_else(|| Error::arrow("column index"))
            })
            .collect()
    }

    /// The data type of a column.
    pub fn data_type(&self, name: &str) -> Result<DataType> {
        let i = self.index(name)?;
        Ok(self.schema.field(i).data_type().clone())
    }

    /// A column as text. String columns of every Arrow layout are read in place; other
    /// types are shown as text (numbers as written, timestamps as ISO-8601).
    pub fn str_column(&self, name: &str) -> Result<StrColumn> {
        let chunks = self.chunks(name)?;
        let mut out = Vec::with_capacity(chunks.len());
        for c in chunks {
            let chunk = match c.data_type() {
                DataType::Utf8 => StrChunk::Utf8(c.as_string::<i32>().clone()),
                DataType::LargeUtf8 => StrChunk::Large(c.as_string::<i64>().clone()),
                DataType::Utf8View => StrChunk::View(c.as_string_view().clone()),
                _ => StrChunk::Utf8(crate::text::to_text(name, &c)?),
            };
            out.push(chunk);
        }
        Ok(StrColumn::new(out))
    }

    /// A column as timestamps: nanoseconds since the Unix epoch, UTC for zoned types.
    /// Reads every timestamp unit with or without a zone, dates, and ISO-8601 or
    /// `YYYY-MM-DD HH:MM:SS` text.
    pub fn timestamps(&self, name: &str) -> Result<Vec<Option<i64>>> {
        let mut out = Vec::with_capacity(self.rows);
        let mut row = 0usize;
        for c in self.chunks(name)? {
            let scale = |v: Option<i64>, by: i64, row: usize| -> Result<Option<i64>> {
                match v {
                    None => Ok(None),
                    Some(v) => v.checked_mul(by).map(Some).ok_or_else(|| {
                        Error::value(
                            name,
                            row,
                            &v.to_string(),
                            "a timestamp within ±292 years of 1970",
                        )
                    }),
                }
            };
            match c.data_type() {
                DataType::Timestamp(unit, _) => {
                    let (vals, by): (Vec<Option<i64>>, i64) = match unit {
                        TimeUnit::Second => (
                            c.as_primitive::<TimestampSecondType>().iter().collect(),
                            1_000_000_000,
                        ),
                        TimeUnit::Millisecond => (
                            c.as_primitive::<TimestampMillisecondType>()
                                .iter()
                                .collect(),
                            1_000_000,
                        ),
                        TimeUnit::Microsecond => (
                            c.as_primitive::<TimestampMicrosecondType>()
                                .iter()
                                .collect(),
                            1_000,
                        ),
                        TimeUnit::Nanosecond => (
                            c.as_primitive::<TimestampNanosecondType>().iter().collect(),
                            1,
                        ),
                    };
                    for v in vals {
                        out.push(scale(v, by, row)?);
                        row += 1;
                    }
                }
                DataType::Date32 => {
                    for v in c.as_primitive::<Date32Type>().iter() {
                        out.push(scale(v.map(i64::from), 86_400_000_000_000, row)?);
                        row += 1;
                    }
                }
                DataType::Date64 => {
                    for v in c.as_primitive::<Date64Type>().iter() {
                        out.push(scale(v, 1_000_000, row)?);
                        row += 1;
                    }
                }
                DataType::Utf8
                | DataType::LargeUtf8
                | DataType::Utf8View
                | DataType::Dictionary(..) => {
                    let text = self.str_column_chunk(name, &c)?;
                    for v in text.iter() {
                        out.push(match v {
                            None => None,
                            Some(s) if s.trim().is_empty() => None,
                            Some(s) => Some(
                                parse_timestamp(s)
                                    .ok_or_else(|| Error::timestamp(name, row, s))?
                                    .nanos,
                            ),
                        });
                        row += 1;
                    }
                }
                other => {
                    return Err(Error::ColumnType {
                        column: name.to_string(),
                        found: other.to_string(),
                        expected: "timestamps (a timestamp, date or ISO-8601 text column)",
                    })
                }
            }
        }
        Ok(out)
    }

    fn str_column_chunk(&self, name: &str, c: &ArrayRef) -> Result<StrColumn> {
        let text = crate::text::to_text(name, c)?;
        Ok(StrColumn::new(vec![StrChunk::Utf8(text)]))
    }

    /// A column as floats: any numeric type, or text holding numbers.
    pub fn floats(&self, name: &str) -> Result<Vec<Option<f64>>> {
        let mut out = Vec::with_capacity(self.rows);
        for c in self.chunks(name)? {
            if let Some(vals) = numeric_as_f64(&c) {
                out.extend(vals);
                continue;
            }
            if is_text(c.data_type()) {
                let base = out.len();
                for (i, v) in self.str_column_chunk(name, &c)?.iter().enumerate() {
                    out.push(match v.map(str::trim) {
                        None | Some("") => None,
                        Some(s) => Some(
                            s.parse::<f64>()
                                .map_err(|_| Error::value(name, base + i, s, "a number"))?,
                        ),
                    });
                }
                continue;
            }
            return Err(Error::ColumnType {
                column: name.to_string(),
                found: c.data_type().to_string(),
                expected: "numbers",
            });
        }
        Ok(out)
    }

    /// A column as integers: integer types, floats with integral values, and text holding
    /// decimal (`"1234"`, `"1234.0"`) or hexadecimal (`"0x4d2"`) integers.
    pub fn ints(&self, name: &str) -> Result<Vec<Option<i64>>> {
        let mut out = Vec::with_capacity(self.rows);
        for c in self.chunks(name)? {
            let base = out.len();
            match c.data_type() {
                DataType::Int8 => out.extend(
                    c.as_primitive::<Int8Type>()
                        .iter()
                        .map(|v| v.map(i64::from)),
                ),
                DataType::Int16 => out.extend(
                    c.as_primitive::<Int16Type>()
                        .iter()
                        .map(|v| v.map(i64::from)),
                ),
                DataType::Int32 => out.extend(
                    c.as_primitive::<Int32Type>()
                        .iter()
                        .map(|v| v.map(i64::from)),
                ),
                DataType::Int64 => out.extend(c.as_primitive::<Int64Type>().iter()),
                DataType::UInt8 => out.extend(
                    c.as_primitive::<UInt8Type>()
                        .iter()
                        .map(|v| v.map(i64::from)),
                ),
                DataType::UInt16 => out.extend(
                    c.as_primitive::<UInt16Type>()
                        .iter()
                        .map(|v| v.map(i64::from)),
                ),
                DataType::UInt32 => out.extend(
                    c.as_primitive::<UInt32Type>()
                        .iter()
                        .map(|v| v.map(i64::from)),
                ),
                DataType::UInt64 => {
                    for (i, v) in c.as_primitive::<UInt64Type>().iter().enumerate() {
                        out.push(match v {
                            None => None,
                            Some(v) => Some(i64::try_from(v).map_err(|_| {
                                Error::value(
                                    name,
                                    base + i,
                                    &v.to_string(),
                                    "an integer below 2^63",
                                )
                            })?),
                        });
                    }
                }
                DataType::Float32 | DataType::Float64 => {
                    let vals = numeric_as_f64(&c).unwrap_or_default();
                    for (i, v) in vals.into_iter().enumerate() {
                        out.push(match v {
                            None => None,
                            Some(f) if f.is_nan() => None,
                            Some(f) => Some(float_to_int(f).ok_or_else(|| {
                                Error::value(name, base + i, &f.to_string(), "an integer")
                            })?),
                        });
                    }
                }
                t if is_text(t) => {
                    for (i, v) in self.str_column_chunk(name, &c)?.iter().enumerate() {
                        out.push(match v.map(str::trim) {
                            None | Some("") => None,
                            Some(s) => Some(
                                parse_int(s)
                                    .ok_or_else(|| Error::value(name, base + i, s, "an integer"))?,
                            ),
                        });
                    }
                }
                other => {
                    return Err(Error::ColumnType {
                        column: name.to_string(),
                        found: other.to_string(),
                        expected: "integers",
                    })
                }
            }
        }
        Ok(out)
    }
}

fn is_text(t: &DataType) -> bool {
    matches!(
        t,
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View | DataType::Dictionary(..)
    )
}

fn float_to_int(f: f64) -> Option<i64> {
    // i64::MAX as f64 rounds up to 2^63, which does not fit: compare against 2^63.
    if f.fract() == 0.0 && (-9_223_372_036_854_775_808.0..9_223_372_036_854_775_808.0).contains(&f)
    {
        Some(f as i64)
    } else {
        None
    }
}

/// Reads an integer written as decimal, as an integral decimal number, or as `0x` hex.
pub fn parse_int(s: &str) -> Option<i64> {
    let s = s.trim();
    if let Some(hex) = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        return i64::from_str_radix(hex, 16).ok();
    }
    if let Ok(v) = s.parse::<i64>() {
        return Some(v);
    }
    s.parse::<f64>().ok().and_then(float_to_int)
}

fn numeric_as_f64(c: &ArrayRef) -> Option<Vec<Option<f64>>> {
    macro_rules! conv {
        ($t:ty) => {
            c.as_primitive::<$t>()
                .iter()
                .map(|v| v.map(|v| v as f64))
                .collect()
        };
    }
    Some(match c.data_type() {
        DataType::Float64 => c.as_primitive::<Float64Type>().iter().collect(),
        DataType::Float32 => conv!(Float32Type),
        DataType::Int8 => conv!(Int8Type),
        DataType::Int16 => conv!(Int16Type),
        DataType::Int32 => conv!(Int32Type),
        DataType::Int64 => conv!(Int64Type),
        DataType::UInt8 => conv!(UInt8Type),
        DataType::UInt16 => conv!(UInt16Type),
        DataType::UInt32 => conv!(UInt32Type),
        DataType::UInt64 => conv!(UInt64Type),
        _ => return None,
    })
}

#[derive(Debug, Clone)]
enum StrChunk {
    Utf8(StringArray),
    Large(LargeStringArray),
    View(StringViewArray),
}

impl StrChunk {
    fn len(&self) -> usize {
        match self {
            StrChunk::Utf8(a) => a.len(),
            StrChunk::Large(a) => a.len(),
            StrChunk::View(a) => a.len(),
        }
    }

    fn get(&self, i: usize) -> Option<&str> {
        if i >= self.len() {
            return None;
        }
        match self {
            StrChunk::Utf8(a) => a.is_valid(i).then(|| a.value(i)),
            StrChunk::Large(a) => a.is_valid(i).then(|| a.value(i)),
            StrChunk::View(a) => a.is_valid(i).then(|| a.value(i)),
        }
    }
}

/// A column read as text, whatever its Arrow layout, without copying string data.
#[derive(Debug, Clone)]
pub struct StrColumn {
    chunks: Vec<StrChunk>,
    /// Row number at which each chunk starts.
    starts: Vec<usize>,
    len: usize,
}

impl StrColumn {
    fn new(chunks: Vec<StrChunk>) -> Self {
        let mut starts = Vec::with_capacity(chunks.len());
        let mut len = 0usize;
        for c in &chunks {
            starts.push(len);
            len += c.len();
        }
        StrColumn {
            chunks,
            starts,
            len,
        }
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The value at `row`, `None` for a null or a row past the end.
    pub fn get(&self, row: usize) -> Option<&str> {
        // Most columns are one chunk: no search for it.
        if let [only] = self.chunks.as_slice() {
            return only.get(row);
        }
        let chunk = self.starts.partition_point(|&s| s <= row).checked_sub(1)?;
        let start = *self.starts.get(chunk)?;
        self.chunks.get(chunk)?.get(row - start)
    }

    /// Every value in row order.
    pub fn iter(&self) -> impl Iterator<Item = Option<&str>> + '_ {
        self.chunks
            .iter()
            .flat_map(|c| (0..c.len()).map(move |i| c.get(i)))
    }
}

/// Makes an Arrow string array of owned text, for engines building output columns.
pub fn string_array<I, S>(values: I) -> ArrayRef
where
    I: IntoIterator<Item = Option<S>>,
    S: AsRef<str>,
{
    Arc::new(values.into_iter().collect::<StringArray>())
}
