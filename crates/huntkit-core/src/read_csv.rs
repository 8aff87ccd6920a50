//! CSV with a header row (RFC 4180 quoting, UTF-8 with or without a byte-order mark).

use std::sync::Arc;

use arrow::array::{ArrayRef, StringBuilder};
use arrow::datatypes::{Field, Schema};
use arrow::record_batch::RecordBatch;

use crate::infer::infer_column;
use crate::sniff::strip_bom;
use crate::{Error, ReadOptions, Result, Table};

/// Names a header cell the way pandas does, so the same file gives the same column
/// names in huntkit and in a DataFrame: blanks become `Unnamed: i`, repeats `name.1`.
fn header_names(raw: Vec<String>) -> Vec<String> {
    let mut seen = std::collections::HashMap::<String, usize>::new();
    raw.into_iter()
        .enumerate()
        .map(|(i, name)| {
            let base = if name.is_empty() {
                format!("Unnamed: {i}")
            } else {
                name
            };
            let count = seen.entry(base.clone()).or_insert(0);
            let out = if *count == 0 {
                base.clone()
            } else {
                format!("{base}.{count}")
            };
            *count += 1;
            out
        })
        .collect()
}

/// The error for a record the reader refused. `end_line` is the line the reader had
/// reached: a record that ran over several lines was joined by a quote, and the message
/// says so rather than only counting fields.
fn csv_error(e: &csv::Error, end_line: u64) -> Error {
    let line = e.position().map_or(0, |p| p.line());
    let detail = match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } if end_line > line + 1 => format!(
            "a quote opened in this record is closed only on line {}, joining the lines \
             between into one record of {len} fields (the header has {expected_len})",
            end_line - 1
        ),
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => {
            format!("the record has {len} fields but the header has {expected_len}")
        }
        _ => e.to_string(),
    };
    Error::InvalidCsv { line, detail }
}

/// Whether the record starting at `record` runs to the end of the input inside a quoted
/// field, as RFC 4180 reads quotes: a field that starts with `"` is quoted up to a `"`
/// that is not doubled.
fn quote_left_open(record: &[u8]) -> Option<usize> {
    let mut at_field_start = true;
    let mut quoted_from = None;
    let mut i = 0;
    while let Some(&b) = record.get(i) {
        match (quoted_from, b) {
            (Some(_), b'"') if record.get(i + 1) == Some(&b'"') => i += 1,
            (Some(_), b'"') => quoted_from = None,
            (Some(_), _) => {}
            (None, b'"') if at_field_start => quoted_from = Some(i),
            (None, b',' | b'\n' | b'\r') => {
                at_field_start = true;
                i += 1;
                continue;
            }
            (None, _) => {}
        }
        at_field_start = false;
        i += 1;
    }
    quoted_from
}

/// The line of byte `offset` within a record that starts on line `start_line`.
fn line_within(record: &[u8], start_line: u64, offset: usize) -> u64 {
    let before = record.get(..offset).unwrap_or(record);
    start_line + before.iter().filter(|&&b| b == b'\n').count() as u64
}

pub(crate) fn read_csv(
    bytes: &[u8],
    opts: &ReadOptions,
    progress: &mut dyn FnMut(f64),
) -> Result<Table> {
    let body = strip_bom(bytes);
    if body.iter().all(u8::is_ascii_whitespace) {
        return Err(Error::EmptyInput);
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(body);
    let header = reader.byte_headers().map_err(|e| csv_error(&e, 0))?.clone();
    if header.len() as u64 > opts.max_columns {
        return Err(Error::LimitExceeded {
            what: format!("the header's {} columns", header.len()),
            limit: opts.max_columns,
            option: "maxColumns",
        });
    }
    let mut names = Vec::with_capacity(header.len());
    for (i, field) in header.iter().enumerate() {
        check_field(field.len(), opts, 1, i)?;
        let name = std::str::from_utf8(field).map_err(|e| Error::InvalidUtf8 {
            location: format!(
                "in the CSV header, column {} at byte {}",
                i + 1,
                e.valid_up_to()
            ),
        })?;
        names.push(name.trim().to_string());
    }
    let names = header_names(names);
    let mut builders: Vec<StringBuilder> = names.iter().map(|_| StringBuilder::new()).collect();
    let mut record = csv::ByteRecord::new();
    let total = body.len().max(1) as f64;
    let mut rows: u64 = 0;
    let mut last_start = None;
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => return Err(csv_error(&e, reader.position().line())),
        }
        last_start = record.position().map(|p| (p.byte(), p.line()));
        rows += 1;
        if rows > opts.max_rows {
            return Err(Error::LimitExceeded {
                what: "the number of rows".into(),
                limit: opts.max_rows,
                option: "maxRows",
            });
        }
        if rows.saturating_mul(names.len() as u64) > opts.max_cells {
            return Err(Error::LimitExceeded {
                what: "the number of cells (rows × columns)".into(),
                limit: opts.max_cells,
                option: "maxCells",
            });
        }
        let line = record.position().map_or(0, |p| p.line());
        for (i, (field, builder)) in record.iter().zip(builders.iter_mut()).enumerate() {
            check_field(field.len(), opts, line, i)?;
            if field.is_empty() {
                builder.append_null();
                continue;
            }
            let text = std::str::from_utf8(field).map_err(|e| Error::InvalidUtf8 {
                location: format!(
                    "at CSV line {line}, column {:?}, byte {} of the field",
                    names.get(i).map_or("", String::as_str),
                    e.valid_up_to()
                ),
            })?;
            builder.append_value(text);
        }
        if rows.is_multiple_of(65_536) {
            progress(reader.position().byte() as f64 / total);
        }
    }
    // The csv reader takes a quote still open at the end as a field running to the end:
    // a single stray quote would turn the rest of the file into one cell.
    let mut warning = None;
    if let Some((start, start_line)) =
        last_start.and_then(|(b, l)| Some((usize::try_from(b).ok()?, l)))
    {
        let record = body.get(start..).unwrap_or_default();
        if let Some(quote) = quote_left_open(record) {
            let line = line_within(record, start_line, quote);
            let what = format!(
                "the quote opened on line {line} is never closed: every line after it \
                 would be one field"
            );
            if !opts.lenient {
                return Err(Error::InvalidCsv {
                    line,
                    detail: format!("{what} (set `lenient` to read it so)"),
                });
            }
            warning = Some(format!("invalid CSV at line {line}: {what}"));
        }
    }
    let mut fields = Vec::with_capacity(names.len());
    let mut columns: Vec<ArrayRef> = Vec::with_capacity(names.len());
    for (name, mut builder) in names.into_iter().zip(builders) {
        let text = builder.finish();
        let col = if opts.infer_types {
            infer_column(&text, true)
        } else {
            Arc::new(text)
        };
        fields.push(Field::new(name, col.data_type().clone(), true));
        columns.push(col);
    }
    progress(1.0);
    let mut schema = Schema::new(fields);
    if let Some(w) = warning {
        schema = schema.with_metadata(std::collections::HashMap::from([(
            crate::WARNING_KEY.to_string(),
            w,
        )]));
    }
    let schema = Arc::new(schema);
    let batch = RecordBatch::try_new(schema.clone(), columns).map_err(Error::arrow)?;
    Table::new(schema, vec![batch])
}

fn check_field(len: usize, opts: &ReadOptions, line: u64, column: usize) -> Result<()> {
    if len as u64 > opts.max_field_bytes {
        return Err(Error::LimitExceeded {
            what: format!(
                "the field at CSV line {line}, column {} ({len} bytes)",
                column + 1
            ),
            limit: opts.max_field_bytes,
            option: "maxFieldBytes",
        });
    }
    Ok(())
}
