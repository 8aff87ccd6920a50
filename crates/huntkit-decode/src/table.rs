//! Table mode: decode one text column, one row at a time (MSTICPy's `unpack_df`).

use std::collections::HashSet;

use arrow::array::RecordBatch;

use crate::output::{self, RowRecords};
use crate::{DecodeOptions, Decoded, Decoder, Error};

/// Decodes every cell of a text column and returns the record table of all rows: the 12
/// record columns, then `src_index` (the row number), a column named `column` holding the
/// cell's text, and `full_decoded_string` (the cell with every decoded run in place) — the
/// 15 columns of MSTICPy's `unpack_df` — plus huntkit's status columns outside compat mode.
/// Null cells and cells with nothing encoded give no records.
pub fn decode_column<'a, I>(
    cells: I,
    column: &str,
    options: &DecodeOptions,
) -> Result<RecordBatch, Error>
where
    I: IntoIterator<Item = Option<&'a str>>,
{
    let decoder = Decoder::new(options)?;
    let mut seen = HashSet::new();
    let mut decoded: Vec<(usize, &str, Decoded)> = Vec::new();
    // One budget for the whole table, so many rows of bombs cannot add up to more memory
    // than the table was allowed.
    let mut table_left = options.max_table_output_bytes;
    let mut stopped_at: Option<usize> = None;
    for (row, cell) in cells.into_iter().enumerate() {
        let Some(text) = cell else { continue };
        if !decoder.has_candidates(text) {
            continue;
        }
        if table_left == 0 {
            stopped_at = Some(row);
            break;
        }
        let out = decoder.decode_cell(text, &mut seen, table_left);
        table_left = table_left.saturating_sub(out.output_bytes);
        if !out.records.is_empty() {
            decoded.push((row, text, out));
        }
    }
    let rows: Vec<RowRecords<'_>> = decoded
        .iter()
        .map(|(row, text, out)| RowRecords {
            records: &out.records,
            row: Some((*row, *text, out.text.as_str())),
        })
        .collect();
    let batch = output::records_batch(&rows, options, Some(column))?;
    match stopped_at {
        None => Ok(batch),
        Some(row) => {
            let warning = format!(
                "the table's output budget (maxTableOutputBytes, {} bytes) was spent before \
                 row {row}: that row and the rows after it were not decoded",
                options.max_table_output_bytes
            );
            let mut metadata = batch.schema().metadata().clone();
            metadata.insert(huntkit_core::WARNING_KEY.to_owned(), warning);
            let schema = batch.schema().as_ref().clone().with_metadata(metadata);
            Ok(batch.with_schema(std::sync::Arc::new(schema))?)
        }
    }
}

/// Decodes the text column `column` of `table` (see [`decode_column`]): MSTICPy's
/// `unpack_items(data=…, column=…)`.
pub fn decode_table(
    table: &huntkit_core::Table,
    column: &str,
    options: &DecodeOptions,
) -> Result<huntkit_core::Table, Error> {
    let cells = table.str_column(column)?;
    let batch = decode_column(cells.iter(), column, options)?;
    Ok(huntkit_core::Table::from_batch(batch))
}
