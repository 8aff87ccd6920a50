//! The record table in Arrow.

use std::sync::Arc;

use arrow::array::{
    Array, ArrayRef, BinaryArray, BooleanArray, Int64Array, RecordBatch, StringArray, UInt32Array,
};
use arrow::datatypes::{DataType, Field, Schema};

use crate::{Compat, DecodeOptions, Error, Record};

/// The records of one input, and for table mode the row they came from.
pub(crate) struct RowRecords<'a> {
    pub records: &'a [Record],
    /// Row number, the cell's text, and the cell's fully decoded text.
    pub row: Option<(usize, &'a str, &'a str)>,
}

impl<'a> RowRecords<'a> {
    pub(crate) fn single(records: &'a [Record]) -> Self {
        RowRecords { records, row: None }
    }
}

/// Arrow's 32-bit offsets hold at most this many bytes per column.
const MAX_COLUMN_BYTES: usize = i32::MAX as usize;

fn checked<'a, I>(name: &str, values: I) -> Result<(), Error>
where
    I: Iterator<Item = Option<&'a [u8]>>,
{
    let total = values.fold(0usize, |acc, v| {
        acc.saturating_add(v.map_or(0, <[u8]>::len))
    });
    if total > MAX_COLUMN_BYTES {
        return Err(Error::LimitExceeded(format!(
            "column `{name}` would hold {total} bytes, more than one Arrow column can"
        )));
    }
    Ok(())
}

fn strings<'a, I>(name: &str, values: I) -> Result<ArrayRef, Error>
where
    I: Iterator<Item = Option<&'a str>> + Clone,
{
    checked(name, values.clone().map(|v| v.map(str::as_bytes)))?;
    Ok(Arc::new(values.collect::<StringArray>()))
}

/// Builds the record table. `column` names the input column in table mode.
pub(crate) fn records_batch(
    rows: &[RowRecords<'_>],
    options: &DecodeOptions,
    column: Option<&str>,
) -> Result<RecordBatch, Error> {
    let all = || {
        rows.iter()
            .flat_map(|r| r.records.iter().map(move |rec| (r, rec)))
    };
    let mut fields: Vec<Field> = Vec::new();
    let mut arrays: Vec<ArrayRef> = Vec::new();
    let mut push = |name: &str, kind: DataType, nullable: bool, array: ArrayRef| {
        fields.push(Field::new(name, kind, nullable));
        arrays.push(array);
    };
    push(
        "reference",
        DataType::Utf8,
        false,
        strings("reference", all().map(|(_, r)| Some(r.reference.as_str())))?,
    );
    push(
        "original_string",
        DataType::Utf8,
        false,
        strings(
            "original_string",
            all().map(|(_, r)| Some(&*r.original_string)),
        )?,
    );
    push(
        "file_name",
        DataType::Utf8,
        false,
        strings("file_name", all().map(|(_, r)| Some(r.file_name.as_str())))?,
    );
    push(
        "file_type",
        DataType::Utf8,
        true,
        strings("file_type", all().map(|(_, r)| r.file_type.as_deref()))?,
    );
    checked(
        "input_bytes",
        all().map(|(_, r)| Some(r.input_bytes.as_slice())),
    )?;
    push(
        "input_bytes",
        DataType::Binary,
        false,
        Arc::new(BinaryArray::from_iter_values(
            all().map(|(_, r)| r.input_bytes.as_slice()),
        )),
    );
    push(
        "decoded_string",
        DataType::Utf8,
        true,
        strings(
            "decoded_string",
            all().map(|(_, r)| r.decoded_string.as_deref()),
        )?,
    );
    push(
        "encoding_type",
        DataType::Utf8,
        false,
        strings(
            "encoding_type",
            all().map(|(_, r)| Some(r.encoding_type.as_str())),
        )?,
    );
    let hashes_json: Vec<String> = all().map(|(_, r)| r.hashes.to_json()).collect();
    push(
        "file_hashes",
        DataType::Utf8,
        false,
        strings("file_hashes", hashes_json.iter().map(|s| Some(s.as_str())))?,
    );
    push(
        "md5",
        DataType::Utf8,
        false,
        strings("md5", all().map(|(_, r)| Some(r.hashes.md5.as_str())))?,
    );
    push(
        "sha1",
        DataType::Utf8,
        false,
        strings("sha1", all().map(|(_, r)| Some(r.hashes.sha1.as_str())))?,
    );
    push(
        "sha256",
        DataType::Utf8,
        false,
        strings("sha256", all().map(|(_, r)| Some(r.hashes.sha256.as_str())))?,
    );
    push(
        "printable_bytes",
        DataType::Utf8,
        false,
        strings(
            "printable_bytes",
            all().map(|(_, r)| Some(r.printable_bytes.as_str())),
        )?,
    );
    if let Some(column) = column {
        let src: Vec<Option<i64>> = all()
            .map(|(row, _)| row.row.and_then(|(i, _, _)| i64::try_from(i).ok()))
            .collect();
        push(
            "src_index",
            DataType::Int64,
            true,
            Arc::new(Int64Array::from(src)),
        );
        push(
            column,
            DataType::Utf8,
            true,
            strings(
                column,
                all().map(|(row, _)| row.row.map(|(_, cell, _)| cell)),
            )?,
        );
        push(
            "full_decoded_string",
            DataType::Utf8,
            true,
            strings(
                "full_decoded_string",
                all().map(|(row, _)| row.row.map(|(_, _, full)| full)),
            )?,
        );
    }
    if options.compat == Compat::Huntkit {
        push(
            "depth",
            DataType::UInt32,
            false,
            Arc::new(all().map(|(_, r)| r.depth).collect::<UInt32Array>()),
        );
        push(
            "source_encoding",
            DataType::Utf8,
            false,
            strings(
                "source_encoding",
                all().map(|(_, r)| Some(r.source_encoding.as_str())),
            )?,
        );
        push(
            "status",
            DataType::Utf8,
            false,
            strings("status", all().map(|(_, r)| Some(r.status.as_str())))?,
        );
        push(
            "detail",
            DataType::Utf8,
            true,
            strings("detail", all().map(|(_, r)| r.detail.as_deref()))?,
        );
    }
    let schema = Arc::new(Schema::new(fields));
    Ok(RecordBatch::try_new(schema, arrays)?)
}

/// The name of the flag column [`cut_input_bytes`] adds.
pub const INPUT_BYTES_TRUNCATED: &str = "input_bytes_truncated";

/// A record table made fit for text outputs (CSV, JSON, a terminal), where binary content
/// is written as hex at twice its size: `input_bytes` keeps its first `limit` bytes, and
/// a boolean column `input_bytes_truncated` after it says which rows were cut. The hashes
/// columns still describe the whole content. A table without `input_bytes` is returned
/// as it is.
pub fn cut_input_bytes(batch: &RecordBatch, limit: usize) -> Result<RecordBatch, Error> {
    let schema = batch.schema();
    let Ok(at) = schema.index_of("input_bytes") else {
        return Ok(batch.clone());
    };
    let Some(bytes) = batch
        .columns()
        .get(at)
        .and_then(|c| c.as_any().downcast_ref::<BinaryArray>())
    else {
        return Ok(batch.clone());
    };
    let cut: BinaryArray = bytes
        .iter()
        .map(|v| v.map(|b| b.get(..limit).unwrap_or(b)))
        .collect();
    let flags: BooleanArray = bytes.iter().map(|v| v.map(|b| b.len() > limit)).collect();
    let mut fields: Vec<Field> = schema.fields().iter().map(|f| f.as_ref().clone()).collect();
    let mut arrays: Vec<ArrayRef> = batch.columns().to_vec();
    if let Some(slot) = arrays.get_mut(at) {
        *slot = Arc::new(cut);
    }
    let after = at.saturating_add(1);
    fields.insert(
        after,
        Field::new(
            INPUT_BYTES_TRUNCATED,
            DataType::Boolean,
            bytes.null_count() > 0,
        ),
    );
    arrays.insert(after, Arc::new(flags));
    let schema = Schema::new_with_metadata(fields, schema.metadata().clone());
    Ok(RecordBatch::try_new(Arc::new(schema), arrays)?)
}
