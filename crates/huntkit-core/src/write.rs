//! A table out, as Arrow IPC, CSV or NDJSON.

use arrow::array::AsArray;
use arrow::datatypes::DataType;
use arrow::ipc::writer::{FileWriter, StreamWriter};
use serde_json::{Map, Number, Value};

use crate::time::format_timestamp;
use crate::{Error, Format, Result, Table};

/// Writes `table` in `format`. JSON is written as NDJSON, one object per row with the
/// column names as keys; timestamps in CSV and JSON are ISO-8601.
pub fn write(table: &Table, format: Format) -> Result<Vec<u8>> {
    match format {
        Format::ArrowStream => {
            let out = Vec::with_capacity(ipc_size(table));
            let mut w = StreamWriter::try_new(out, table.schema()).map_err(Error::arrow)?;
            for b in table.batches() {
                w.write(b).map_err(Error::arrow)?;
            }
            w.into_inner().map_err(Error::arrow)
        }
        Format::ArrowFile => {
            let out = Vec::with_capacity(ipc_size(table));
            let mut w = FileWriter::try_new(out, table.schema()).map_err(Error::arrow)?;
            for b in table.batches() {
                w.write(b).map_err(Error::arrow)?;
            }
            w.into_inner().map_err(Error::arrow)
        }
        Format::Csv => write_csv(table),
        Format::Json | Format::Ndjson => write_ndjson(table),
    }
}

/// About the size of `table` in Arrow IPC, a little over rather than under: the output
/// is made in one allocation instead of growing through copies (a large cost in wasm,
/// where every growth copies the whole output so far).
fn ipc_size(table: &Table) -> usize {
    fn data_size(data: &arrow::array::ArrayData) -> usize {
        // Each buffer is padded to 64 bytes in the message body.
        let own: usize = data.buffers().iter().map(|b| b.len() + 64).sum();
        let nulls = data.nulls().map_or(0, |n| n.buffer().len() + 64);
        let children: usize = data.child_data().iter().map(data_size).sum();
        own + nulls + children
    }
    let columns: usize = table
        .batches()
        .iter()
        .flat_map(|b| b.columns())
        .map(|c| data_size(&c.to_data()))
        .sum();
    // Flatbuffer headers: the schema, and per batch a message with a few entries a column.
    let fields = table.schema().fields().len();
    columns + (table.batches().len() + 1) * (1024 + 128 * fields)
}

/// One column of a table as text cells for CSV, or JSON values.
enum Cells {
    Text(crate::StrColumn),
    Times(Vec<Option<i64>>, bool),
    Json(Vec<Value>),
}

impl Cells {
    fn of(table: &Table, name: &str, json: bool) -> Result<Cells> {
        let t = table.data_type(name)?;
        Ok(match &t {
            DataType::Timestamp(_, tz) => Cells::Times(table.timestamps(name)?, tz.is_some()),
            DataType::Date32 | DataType::Date64 => Cells::Times(table.timestamps(name)?, false),
            DataType::Boolean if json => {
                let mut v = Vec::with_capacity(table.num_rows());
                for c in table.chunks(name)? {
                    v.extend(
                        c.as_boolean()
                            .iter()
                            .map(|b| b.map_or(Value::Null, Value::Bool)),
                    );
                }
                Cells::Json(v)
            }
            t if json && t.is_integer() => Cells::Json(
                table
                    .ints(name)?
                    .into_iter()
                    .map(|v| v.map_or(Value::Null, Value::from))
                    .collect(),
            ),
            t if json && t.is_floating() => Cells::Json(
                table
                    .floats(name)?
                    .into_iter()
                    .map(|v| {
                        v.and_then(Number::from_f64)
                            .map_or(Value::Null, Value::Number)
                    })
                    .collect(),
            ),
            _ => Cells::Text(table.str_column(name)?),
        })
    }

    fn text(&self, row: usize) -> Option<String> {
        match self {
            Cells::Text(c) => c.get(row).map(str::to_string),
            Cells::Times(t, utc) => t
                .get(row)
                .copied()
                .flatten()
                .map(|n| format_timestamp(n, *utc)),
            Cells::Json(v) => v.get(row).filter(|v| !v.is_null()).map(Value::to_string),
        }
    }

    fn json(&self, row: usize) -> Value {
        match self {
            Cells::Json(v) => v.get(row).cloned().unwrap_or(Value::Null),
            other => other.text(row).map_or(Value::Null, Value::String),
        }
    }
}

fn write_csv(table: &Table) -> Result<Vec<u8>> {
    let names = table.column_names();
    let cells: Vec<Cells> = names
        .iter()
        .map(|n| Cells::of(table, n, false))
        .collect::<Result<_>>()?;
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(&names).map_err(Error::arrow)?;
    for row in 0..table.num_rows() {
        let record: Vec<String> = cells
            .iter()
            .map(|c| c.text(row).unwrap_or_default())
            .collect();
        w.write_record(&record).map_err(Error::arrow)?;
    }
    w.into_inner().map_err(Error::arrow)
}

fn write_ndjson(table: &Table) -> Result<Vec<u8>> {
    let names = table.column_names();
    let cells: Vec<Cells> = names
        .iter()
        .map(|n| Cells::of(table, n, true))
        .collect::<Result<_>>()?;
    let mut out = Vec::new();
    for row in 0..table.num_rows() {
        let mut obj = Map::with_capacity(names.len());
        for (n, c) in names.iter().zip(&cells) {
            obj.insert(n.clone(), c.json(row));
        }
        serde_json::to_writer(&mut out, &Value::Object(obj)).map_err(Error::arrow)?;
        out.push(b'\n');
    }
    Ok(out)
}
