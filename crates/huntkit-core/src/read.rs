//! Bytes in, a table out.

use std::io::Cursor;

use arrow::ipc::reader::{FileReader, StreamReader};
use arrow::record_batch::RecordBatch;

use crate::{read_csv, read_json, sniff, Error, Format, ReadOptions, Result, Table};

/// Reads a table from bytes in any format huntkit knows, detected from the content unless
/// `opts.format` names it.
///
/// ```
/// let table = huntkit_core::read(b"host,count\nweb01,3\n", &Default::default()).unwrap();
/// assert_eq!(table.num_rows(), 1);
/// assert_eq!(table.ints("count").unwrap(), vec![Some(3)]);
/// ```
pub fn read(bytes: &[u8], opts: &ReadOptions) -> Result<Table> {
    read_with_progress(bytes, opts, &mut |_| {})
}

/// As [`read`], calling `progress` with the fraction of the input read so far, so a
/// front end can show long reads moving.
pub fn read_with_progress(
    bytes: &[u8],
    opts: &ReadOptions,
    progress: &mut dyn FnMut(f64),
) -> Result<Table> {
    if bytes.len() as u64 > opts.max_bytes {
        return Err(Error::LimitExceeded {
            what: format!("the input's {} bytes", bytes.len()),
            limit: opts.max_bytes,
            option: "maxBytes",
        });
    }
    if bytes.is_empty() {
        return Err(Error::EmptyInput);
    }
    let format = match opts.format {
        Some(f) => f,
        None => sniff(bytes)?,
    };
    match format {
        Format::ArrowStream => read_ipc_stream(bytes, opts, progress),
        Format::ArrowFile => read_ipc_file(bytes, opts, progress),
        Format::Csv => read_csv::read_csv(bytes, opts, progress),
        Format::Json => read_json::read_json(bytes, opts),
        Format::Ndjson => read_json::read_ndjson(bytes, opts, progress),
    }
}

fn ipc_error(e: impl std::fmt::Display) -> Error {
    Error::InvalidArrow {
        detail: e.to_string(),
    }
}

fn collect(
    schema: arrow::datatypes::SchemaRef,
    batches: impl Iterator<Item = Result<RecordBatch, arrow::error::ArrowError>>,
    opts: &ReadOptions,
    total: usize,
    progress: &mut dyn FnMut(f64),
) -> Result<Table> {
    if schema.fields().len() as u64 > opts.max_columns {
        return Err(Error::LimitExceeded {
            what: format!("the schema's {} columns", schema.fields().len()),
            limit: opts.max_columns,
            option: "maxColumns",
        });
    }
    let mut out = Vec::new();
    let mut rows = 0u64;
    for (i, batch) in batches.enumerate() {
        let batch = batch.map_err(|e| Error::InvalidArrow {
            detail: format!("record batch {i}: {e}"),
        })?;
        rows += batch.num_rows() as u64;
        if rows > opts.max_rows {
            return Err(Error::LimitExceeded {
                what: "the number of rows".into(),
                limit: opts.max_rows,
                option: "maxRows",
            });
        }
        out.push(batch);
        if total > 0 {
            progress((i + 1) as f64 / total as f64);
        }
    }
    progress(1.0);
    Table::new(schema, out)
}

fn read_ipc_stream(
    bytes: &[u8],
    opts: &ReadOptions,
    progress: &mut dyn FnMut(f64),
) -> Result<Table> {
    crate::ipc_check::check_stream(bytes)?;
    let reader = StreamReader::try_new(Cursor::new(bytes), None).map_err(ipc_error)?;
    let schema = reader.schema();
    collect(schema, reader, opts, 0, progress)
}

fn read_ipc_file(bytes: &[u8], opts: &ReadOptions, progress: &mut dyn FnMut(f64)) -> Result<Table> {
    crate::ipc_check::check_file(bytes)?;
    let reader = FileReader::try_new(Cursor::new(bytes), None).map_err(ipc_error)?;
    let schema = reader.schema();
    let total = reader.num_batches();
    collect(schema, reader, opts, total, progress)
}
