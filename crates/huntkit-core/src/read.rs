//! Bytes in, a table out.

use std::io::Cursor;
use std::sync::Arc;

use arrow::buffer::Buffer;
use arrow::ipc::convert::try_fb_to_schema;
use arrow::ipc::reader::{FileDecoder, FileReader, StreamDecoder, StreamReader};
use arrow::ipc::Block;
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
    match checked_format(bytes, opts)? {
        Format::ArrowStream => read_ipc_stream_from(bytes, opts, progress),
        Format::ArrowFile => read_ipc_file_from(bytes, opts, progress),
        Format::Csv => read_csv::read_csv(bytes, opts, progress),
        Format::Json => read_json::read_json(bytes, opts),
        Format::Ndjson => read_json::read_ndjson(bytes, opts, progress),
    }
}

/// As [`read`], taking the bytes. Arrow IPC is then read without a copy: the table's
/// columns point into `bytes` (a buffer not aligned for its type is copied), which
/// halves the memory a large input needs while it is read.
///
/// ```
/// let csv = b"host,count\nweb01,3\n".to_vec();
/// let table = huntkit_core::read(&csv, &Default::default()).unwrap();
/// let ipc = huntkit_core::write(&table, huntkit_core::Format::ArrowFile).unwrap();
/// let again = huntkit_core::read_owned(ipc, &Default::default()).unwrap();
/// assert_eq!(again.ints("count").unwrap(), vec![Some(3)]);
/// ```
pub fn read_owned(bytes: Vec<u8>, opts: &ReadOptions) -> Result<Table> {
    read_owned_with_progress(bytes, opts, &mut |_| {})
}

/// As [`read_owned`], calling `progress` as [`read_with_progress`] does.
pub fn read_owned_with_progress(
    bytes: Vec<u8>,
    opts: &ReadOptions,
    progress: &mut dyn FnMut(f64),
) -> Result<Table> {
    match checked_format(&bytes, opts)? {
        Format::ArrowStream => read_ipc_stream(Buffer::from_vec(bytes), opts, progress),
        Format::ArrowFile => read_ipc_file(Buffer::from_vec(bytes), opts, progress),
        _ => read_with_progress(&bytes, opts, progress),
    }
}

/// As [`read_owned`], for bytes that another owner keeps alive (a Python `bytes` object,
/// a memory map) wrapped in an Arrow [`Buffer`]: Arrow IPC is decoded where it lies, with
/// no copy of the input; CSV and JSON are parsed from it.
///
/// ```
/// use huntkit_core::arrow::buffer::Buffer;
/// let csv = huntkit_core::read(b"host,count\nweb01,3\n", &Default::default()).unwrap();
/// let ipc = huntkit_core::write(&csv, huntkit_core::Format::ArrowStream).unwrap();
/// let table = huntkit_core::read_buffer(Buffer::from_vec(ipc), &Default::default()).unwrap();
/// assert_eq!(table.ints("count").unwrap(), vec![Some(3)]);
/// ```
pub fn read_buffer(bytes: Buffer, opts: &ReadOptions) -> Result<Table> {
    let progress = &mut |_| {};
    match checked_format(&bytes, opts)? {
        Format::ArrowStream => read_ipc_stream(bytes, opts, progress),
        Format::ArrowFile => read_ipc_file(bytes, opts, progress),
        _ => read_with_progress(&bytes, opts, progress),
    }
}

/// Whether `bytes` begin as a Parquet file does (`PAR1`), which [`read`] does not read:
/// Parquet is read by [`read_parquet`] (feature `parquet`), outside the wasm build.
pub fn is_parquet(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PAR1")
}

/// Reads a Parquet file (feature `parquet`: the CLI and the Python package have it, the
/// wasm does not, whose size it would double). The row and column limits of `opts`
/// apply; a file that cannot be read is `invalid_parquet`.
#[cfg(feature = "parquet")]
pub fn read_parquet(bytes: bytes::Bytes, opts: &ReadOptions) -> Result<Table> {
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
    let bad = |e: &dyn std::fmt::Display| Error::InvalidParquet {
        detail: e.to_string(),
    };
    if bytes.len() as u64 > opts.max_bytes {
        return Err(Error::LimitExceeded {
            what: format!("the input's {} bytes", bytes.len()),
            limit: opts.max_bytes,
            option: "maxBytes",
        });
    }
    let builder = ParquetRecordBatchReaderBuilder::try_new(bytes).map_err(|e| bad(&e))?;
    let schema = builder.schema().clone();
    let rows = builder.metadata().file_metadata().num_rows();
    if u64::try_from(rows).unwrap_or(0) > opts.max_rows {
        return Err(Error::LimitExceeded {
            what: format!("the file's {rows} rows"),
            limit: opts.max_rows,
            option: "maxRows",
        });
    }
    let reader = builder.build().map_err(|e| bad(&e))?;
    let mut batches = Vec::new();
    for batch in reader {
        batches.push(batch.map_err(|e| bad(&e))?);
    }
    collect(schema, batches.into_iter().map(Ok), opts, 0, &mut |_| {})
}

/// The input's format, once its size is known to be within the limit.
fn checked_format(bytes: &[u8], opts: &ReadOptions) -> Result<Format> {
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
    match opts.format {
        Some(f) => Ok(f),
        None => sniff(bytes),
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

/// Reads an IPC stream from borrowed bytes, its messages checked first (see
/// `ipc_check`). Arrow's reader copies each message's body out of them.
fn read_ipc_stream_from(
    bytes: &[u8],
    opts: &ReadOptions,
    progress: &mut dyn FnMut(f64),
) -> Result<Table> {
    crate::ipc_check::check_stream(bytes)?;
    let reader = StreamReader::try_new(Cursor::new(bytes), None).map_err(ipc_error)?;
    let schema = reader.schema();
    collect(schema, reader, opts, 0, progress)
}

/// Reads an IPC file from borrowed bytes, as [`read_ipc_stream_from`] does a stream.
fn read_ipc_file_from(
    bytes: &[u8],
    opts: &ReadOptions,
    progress: &mut dyn FnMut(f64),
) -> Result<Table> {
    crate::ipc_check::check_file(bytes)?;
    let reader = FileReader::try_new(Cursor::new(bytes), None).map_err(ipc_error)?;
    let schema = reader.schema();
    let total = reader.num_batches();
    collect(schema, reader, opts, total, progress)
}

/// Reads an IPC stream from owned bytes, its messages checked first (see `ipc_check`)
/// and decoded where they lie.
fn read_ipc_stream(
    bytes: Buffer,
    opts: &ReadOptions,
    progress: &mut dyn FnMut(f64),
) -> Result<Table> {
    let end = crate::ipc_check::check_stream(&bytes)?;
    // Bytes after the end-of-stream marker are not part of the stream.
    let mut rest = bytes.slice_with_length(0, end);
    let mut decoder = StreamDecoder::new();
    let mut batches = Vec::new();
    loop {
        match decoder.decode(&mut rest) {
            Ok(Some(batch)) => batches.push(Ok(batch)),
            Ok(None) => break,
            Err(e) => {
                batches.push(Err(e));
                break;
            }
        }
    }
    if batches.last().is_none_or(|b| b.is_ok()) {
        decoder.finish().map_err(ipc_error)?;
    }
    let schema = match decoder.schema() {
        Some(schema) => schema,
        None => return Err(ipc_error("the stream has no schema")),
    };
    collect(schema, batches.into_iter(), opts, 0, progress)
}

/// Reads an IPC file from owned bytes: its footer's blocks, checked first (see
/// `ipc_check`), decoded where they lie.
fn read_ipc_file(
    bytes: Buffer,
    opts: &ReadOptions,
    progress: &mut dyn FnMut(f64),
) -> Result<Table> {
    let footer = crate::ipc_check::check_file(&bytes)?;
    let fb_schema = footer
        .schema()
        .ok_or_else(|| ipc_error("the footer has no schema"))?;
    if !fb_schema.endianness().equals_to_target_endianness() {
        return Err(ipc_error(
            "the file's byte order is not this machine's; write it little-endian",
        ));
    }
    let schema = Arc::new(try_fb_to_schema(fb_schema).map_err(ipc_error)?);
    let mut decoder = FileDecoder::new(schema.clone(), footer.version());
    // Every block lies within the data: `check_file` refused any other.
    let n = bytes.len();
    let block_bytes = |block: &Block| -> Buffer {
        let start = usize::try_from(block.offset()).unwrap_or(0);
        let len = usize::try_from(block.metaDataLength())
            .unwrap_or(0)
            .saturating_add(usize::try_from(block.bodyLength()).unwrap_or(0));
        bytes.slice_with_length(start.min(n), len.min(n - start.min(n)))
    };
    for block in footer.dictionaries().into_iter().flatten() {
        decoder
            .read_dictionary(block, &block_bytes(block))
            .map_err(|e| ipc_error(format!("dictionary: {e}")))?;
    }
    let blocks = footer.recordBatches();
    let total = blocks.map_or(0, |b| b.len());
    let batches = blocks.into_iter().flatten().filter_map(|block| {
        decoder
            .read_record_batch(block, &block_bytes(block))
            .transpose()
    });
    collect(schema, batches, opts, total, progress)
}
