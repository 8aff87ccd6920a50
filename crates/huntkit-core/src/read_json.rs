//! JSON: an array of records, or NDJSON (one record per line).

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use arrow::array::{ArrayRef, BooleanArray, Float64Array, Int64Array, StringArray};
use arrow::datatypes::{Field, Schema};
use arrow::record_batch::RecordBatch;
use serde::de::{DeserializeSeed, SeqAccess, Visitor};
use serde_json::{Map, Value};

use crate::infer::infer_column;
use crate::sniff::strip_bom;
use crate::{Error, ReadOptions, Result, Table};

/// One cell before the column's type is known.
enum Cell {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
}

/// Builds columns record by record, so a large array is never held as a JSON tree.
struct Columns<'o> {
    opts: &'o ReadOptions,
    names: Vec<String>,
    index: HashMap<String, usize>,
    cells: Vec<Vec<Cell>>,
    rows: usize,
    /// A typed error raised inside serde's visitor, returned in place of serde's message.
    failure: Option<Error>,
}

fn depth(v: &Value) -> u64 {
    let mut deepest = 0;
    let mut stack = vec![(v, 1u64)];
    while let Some((v, d)) = stack.pop() {
        deepest = deepest.max(d);
        match v {
            Value::Array(a) => stack.extend(a.iter().map(|x| (x, d + 1))),
            Value::Object(o) => stack.extend(o.values().map(|x| (x, d + 1))),
            _ => {}
        }
    }
    deepest
}

impl<'o> Columns<'o> {
    fn new(opts: &'o ReadOptions) -> Self {
        Columns {
            opts,
            names: Vec::new(),
            index: HashMap::new(),
            cells: Vec::new(),
            rows: 0,
            failure: None,
        }
    }

    fn push(&mut self, record: Map<String, Value>) -> Result<()> {
        let row = self.rows;
        if row as u64 >= self.opts.max_rows {
            return Err(Error::LimitExceeded {
                what: "the number of records".into(),
                limit: self.opts.max_rows,
                option: "maxRows",
            });
        }
        for (key, value) in record {
            let col = match self.index.get(&key) {
                Some(&c) => c,
                None => {
                    if self.names.len() as u64 >= self.opts.max_columns {
                        return Err(Error::LimitExceeded {
                            what: "the number of distinct keys".into(),
                            limit: self.opts.max_columns,
                            option: "maxColumns",
                        });
                    }
                    let c = self.names.len();
                    self.index.insert(key.clone(), c);
                    self.names.push(key.clone());
                    let mut fill = Vec::with_capacity(row + 1);
                    fill.resize_with(row, || Cell::Null);
                    self.cells.push(fill);
                    c
                }
            };
            let cell = match value {
                Value::Null => Cell::Null,
                Value::Bool(b) => Cell::Bool(b),
                Value::Number(n) => match n.as_i64() {
                    Some(i) => Cell::Int(i),
                    None => Cell::Float(n.as_f64().unwrap_or(f64::NAN)),
                },
                Value::String(s) => {
                    if s.len() as u64 > self.opts.max_field_bytes {
                        return Err(Error::LimitExceeded {
                            what: format!("the string in record {row}, key {key:?}"),
                            limit: self.opts.max_field_bytes,
                            option: "maxFieldBytes",
                        });
                    }
                    Cell::Str(s)
                }
                nested => {
                    if depth(&nested) + 1 > self.opts.max_depth {
                        return Err(Error::LimitExceeded {
                            what: format!("the nesting depth of record {row}, key {key:?}"),
                            limit: self.opts.max_depth,
                            option: "maxDepth",
                        });
                    }
                    Cell::Str(nested.to_string())
                }
            };
            if let Some(column) = self.cells.get_mut(col) {
                column.push(cell);
            }
        }
        self.rows += 1;
        if (self.rows as u64).saturating_mul(self.names.len() as u64) > self.opts.max_cells {
            return Err(Error::LimitExceeded {
                what: "the number of cells (records × keys)".into(),
                limit: self.opts.max_cells,
                option: "maxCells",
            });
        }
        for column in &mut self.cells {
            column.resize_with(self.rows, || Cell::Null);
        }
        Ok(())
    }

    fn finish(self) -> Result<Table> {
        let mut fields = Vec::with_capacity(self.names.len());
        let mut arrays: Vec<ArrayRef> = Vec::with_capacity(self.names.len());
        for (name, cells) in self.names.into_iter().zip(self.cells) {
            let array = column_array(cells, self.opts.infer_types);
            fields.push(Field::new(name, array.data_type().clone(), true));
            arrays.push(array);
        }
        let schema = Arc::new(Schema::new(fields));
        let batch = if arrays.is_empty() {
            RecordBatch::try_new_with_options(
                schema.clone(),
                arrays,
                &arrow::record_batch::RecordBatchOptions::new().with_row_count(Some(self.rows)),
            )
        } else {
            RecordBatch::try_new(schema.clone(), arrays)
        }
        .map_err(Error::arrow)?;
        Table::new(schema, vec![batch])
    }
}

fn column_array(cells: Vec<Cell>, infer: bool) -> ArrayRef {
    let (mut ints, mut floats, mut bools, mut strs) = (0, 0, 0, 0);
    for c in &cells {
        match c {
            Cell::Null => {}
            Cell::Bool(_) => bools += 1,
            Cell::Int(_) => ints += 1,
            Cell::Float(_) => floats += 1,
            Cell::Str(_) => strs += 1,
        }
    }
    if strs == 0 && bools == 0 && floats == 0 && ints > 0 {
        return Arc::new(
            cells
                .iter()
                .map(|c| match c {
                    Cell::Int(i) => Some(*i),
                    _ => None,
                })
                .collect::<Int64Array>(),
        );
    }
    if strs == 0 && bools == 0 && floats > 0 {
        return Arc::new(
            cells
                .iter()
                .map(|c| match c {
                    Cell::Int(i) => Some(*i as f64),
                    Cell::Float(f) => Some(*f),
                    _ => None,
                })
                .collect::<Float64Array>(),
        );
    }
    if strs == 0 && ints == 0 && floats == 0 && bools > 0 {
        return Arc::new(
            cells
                .iter()
                .map(|c| match c {
                    Cell::Bool(b) => Some(*b),
                    _ => None,
                })
                .collect::<BooleanArray>(),
        );
    }
    let text: StringArray = cells
        .into_iter()
        .map(|c| match c {
            Cell::Null => None,
            Cell::Bool(b) => Some(b.to_string()),
            Cell::Int(i) => Some(i.to_string()),
            Cell::Float(f) => Some(crate::text::format_float(f)),
            Cell::Str(s) => Some(s),
        })
        .collect();
    if infer && ints == 0 && floats == 0 && bools == 0 {
        infer_column(&text, false)
    } else {
        Arc::new(text)
    }
}

struct Records<'c, 'o>(&'c mut Columns<'o>);

impl<'de> DeserializeSeed<'de> for Records<'_, '_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Records<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of records")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while let Some(record) = seq.next_element::<Map<String, Value>>()? {
            if let Err(e) = self.0.push(record) {
                self.0.failure = Some(e);
                return Err(serde::de::Error::custom("stopped"));
            }
        }
        Ok(())
    }
}

fn json_error(e: &serde_json::Error, line_offset: usize) -> Error {
    let msg = e.to_string();
    // serde_json appends " at line L column C"; the variant already says where.
    let detail = msg
        .rsplit_once(" at line ")
        .map_or(msg.as_str(), |(d, _)| d)
        .to_string();
    Error::InvalidJson {
        line: e.line() + line_offset,
        column: e.column(),
        detail,
    }
}

pub(crate) fn read_json(bytes: &[u8], opts: &ReadOptions) -> Result<Table> {
    let body = strip_bom(bytes);
    let mut columns = Columns::new(opts);
    let mut de = serde_json::Deserializer::from_slice(body);
    let outcome = Records(&mut columns)
        .deserialize(&mut de)
        .and_then(|()| de.end());
    if let Some(failure) = columns.failure.take() {
        return Err(failure);
    }
    outcome.map_err(|e| json_error(&e, 0))?;
    columns.finish()
}

pub(crate) fn read_ndjson(
    bytes: &[u8],
    opts: &ReadOptions,
    progress: &mut dyn FnMut(f64),
) -> Result<Table> {
    let body = strip_bom(bytes);
    let total = body.len().max(1) as f64;
    let mut columns = Columns::new(opts);
    let mut offset = 0usize;
    for (n, line) in body.split(|&b| b == b'\n').enumerate() {
        offset += line.len() + 1;
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let record: Map<String, Value> =
            serde_json::from_slice(line).map_err(|e| json_error(&e, n))?;
        columns.push(record)?;
        if n % 65_536 == 65_535 {
            progress(offset as f64 / total);
        }
    }
    progress(1.0);
    columns.finish()
}
