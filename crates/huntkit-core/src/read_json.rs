//! JSON: an array of records, or NDJSON (one record per line).

use std::borrow::Cow;
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
///
/// Each column keeps only the cells its key was given, with their rows: records with
/// distinct keys (`{"k1":1}`, `{"k2":1}`, …) cost memory for the values present, not
/// keys × records. The dense table is estimated against [`ReadOptions::table_budget`]
/// before it is built.
struct Columns<'o> {
    opts: &'o ReadOptions,
    input_bytes: usize,
    names: Vec<String>,
    index: HashMap<String, usize>,
    cells: Vec<Vec<(u32, Cell)>>,
    rows: usize,
    /// Bytes of text held in cells, for the table estimate.
    text_bytes: u64,
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
    fn new(opts: &'o ReadOptions, input_bytes: usize) -> Self {
        Columns {
            opts,
            input_bytes,
            names: Vec::new(),
            index: HashMap::new(),
            cells: Vec::new(),
            rows: 0,
            text_bytes: 0,
            failure: None,
        }
    }

    fn push(&mut self, record: Map<String, Value>) -> Result<()> {
        let row = self.rows;
        if row as u64 >= self.opts.max_rows.min(u64::from(u32::MAX)) {
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
                    self.cells.push(Vec::new());
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
                    self.text_bytes += s.len() as u64;
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
                    let text = nested.to_string();
                    self.text_bytes += text.len() as u64;
                    Cell::Str(text)
                }
            };
            if let Some(column) = self.cells.get_mut(col) {
                // `row` is below `max_rows`, which is capped at u32::MAX above.
                column.push((row as u32, cell));
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
        Ok(())
    }

    fn finish(self) -> Result<Table> {
        let cells = (self.rows as u64).saturating_mul(self.names.len() as u64);
        let estimate = cells.saturating_mul(8).saturating_add(self.text_bytes);
        let budget = self.opts.table_budget(self.input_bytes);
        if estimate > budget {
            return Err(Error::LimitExceeded {
                what: format!(
                    "the table this input makes ({} records × {} keys, about {estimate} bytes)",
                    self.rows,
                    self.names.len()
                ),
                limit: budget,
                option: "maxTableBytes",
            });
        }
        let mut fields = Vec::with_capacity(self.names.len());
        let mut arrays: Vec<ArrayRef> = Vec::with_capacity(self.names.len());
        for (name, cells) in self.names.into_iter().zip(self.cells) {
            let array = column_array(cells, self.rows, self.opts.infer_types);
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

/// One column's cells, dense: the cell of each record, null where the key was absent.
fn dense(cells: &[(u32, Cell)], rows: usize) -> impl Iterator<Item = &Cell> {
    let mut next = cells.iter().peekable();
    (0..rows).map(move |row| match next.next_if(|(r, _)| *r as usize == row) {
        Some((_, cell)) => cell,
        None => &Cell::Null,
    })
}

fn column_array(cells: Vec<(u32, Cell)>, rows: usize, infer: bool) -> ArrayRef {
    let (mut ints, mut floats, mut bools, mut strs) = (0, 0, 0, 0);
    for (_, c) in &cells {
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
            dense(&cells, rows)
                .map(|c| match c {
                    Cell::Int(i) => Some(*i),
                    _ => None,
                })
                .collect::<Int64Array>(),
        );
    }
    if strs == 0 && bools == 0 && floats > 0 {
        return Arc::new(
            dense(&cells, rows)
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
            dense(&cells, rows)
                .map(|c| match c {
                    Cell::Bool(b) => Some(*b),
                    _ => None,
                })
                .collect::<BooleanArray>(),
        );
    }
    let text: StringArray = dense(&cells, rows)
        .map(|c| match c {
            Cell::Null => None,
            Cell::Bool(b) => Some(Cow::Owned(b.to_string())),
            Cell::Int(i) => Some(Cow::Owned(i.to_string())),
            Cell::Float(f) => Some(Cow::Owned(crate::text::format_float(*f))),
            Cell::Str(s) => Some(Cow::Borrowed(s.as_str())),
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
    let mut columns = Columns::new(opts, bytes.len());
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
    let mut columns = Columns::new(opts, bytes.len());
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
