//! Table mode: MSTICPy's `extract_df` over columns of a `huntkit-core` table.

use crate::{Compat, Error, Extractor};
use huntkit_core::arrow::array::{ArrayRef, Int64Array, StringBuilder, UInt64Array};
use huntkit_core::Table;
use std::sync::Arc;

/// Output column names, in order, without `Input`. The first three are MSTICPy's.
pub const TABLE_COLUMNS: [&str; 7] = [
    "IoCType",
    "Observable",
    "SourceIndex",
    "raw",
    "start",
    "end",
    "Column",
];

/// The source cell's whole text, MSTICPy's fourth column: present (after `SourceIndex`)
/// only when `include_input` asks for it, or by default under `compat: msticpy`.
pub const INPUT_COLUMN: &str = "Input";

impl Extractor {
    /// Whether table mode writes the `Input` column with these options.
    pub fn includes_input(&self) -> bool {
        self.options()
            .include_input
            .unwrap_or(self.options().compat == Compat::Msticpy)
    }

    /// Table mode's output columns with these options, in order.
    pub fn table_columns(&self) -> Vec<&'static str> {
        let mut cols = TABLE_COLUMNS.to_vec();
        if self.includes_input() {
            cols.insert(3, INPUT_COLUMN);
        }
        cols
    }

    /// Scans `columns` of `table` and returns one row per (input row, column, distinct
    /// observable): `IoCType, Observable, SourceIndex, raw, start, end, Column`, with
    /// `Input` after `SourceIndex` when [`Extractor::includes_input`].
    ///
    /// Rows come in input order, then column order, then order of first appearance.
    /// A row names its source cell by `SourceIndex` (the 0-based input row) and
    /// `Column`; `start`/`end` are offsets into that cell (bytes, or UTF-16 code units
    /// with `utf16_offsets`), so the output grows with the findings, not with the size
    /// of the cells they were found in. Null cells are skipped.
    pub fn extract_table(&self, table: &Table, columns: &[&str]) -> Result<Table, Error> {
        if columns.is_empty() {
            return Err(Error::InvalidOption {
                option: "columns",
                message: "name at least one column to scan".into(),
            });
        }
        let cols = columns
            .iter()
            .map(|c| table.str_column(c))
            .collect::<Result<Vec<_>, _>>()?;
        let max_rows = self.options().max_rows;
        let with_input = self.includes_input();
        // Each match's texts go straight into the column builders and are freed at once,
        // so the allocator reuses their memory for the next cell's matches instead of
        // holding every match until the table is built.
        let mut ty = StringBuilder::new();
        let mut obs = StringBuilder::new();
        let mut src: Vec<i64> = Vec::new();
        let mut input = StringBuilder::new();
        let mut raw = StringBuilder::new();
        let mut start: Vec<u64> = Vec::new();
        let mut end: Vec<u64> = Vec::new();
        let mut colname = StringBuilder::new();
        for row in 0..table.num_rows() {
            for (name, col) in columns.iter().zip(&cols) {
                let Some(text) = col.get(row) else { continue };
                let found = self.scan_cell(text);
                if found.truncated {
                    return Err(huntkit_core::Error::LimitExceeded {
                        what: format!("the number of observables in column {name:?}, row {row}"),
                        limit: self.options().max_matches as u64,
                        option: "maxMatches",
                    }
                    .into());
                }
                let units = if self.options().utf16_offsets {
                    let spans = found.found.iter().flat_map(|f| [f.start, f.end]);
                    crate::scan::Utf16Units::of(text, spans)
                } else {
                    None
                };
                for f in found.found {
                    if src.len() >= max_rows {
                        return Err(huntkit_core::Error::LimitExceeded {
                            what: "the number of output rows".into(),
                            limit: max_rows as u64,
                            option: "maxRows",
                        }
                        .into());
                    }
                    ty.append_value(self.type_name(f.ty));
                    obs.append_value(&f.value);
                    src.push(i64::try_from(row).unwrap_or(i64::MAX));
                    if with_input {
                        input.append_value(text);
                    }
                    raw.append_value(text.get(f.start..f.end).unwrap_or_default());
                    let (s, e) = match &units {
                        Some(u) => (u.at(f.start), u.at(f.end)),
                        None => (f.start, f.end),
                    };
                    start.push(s as u64);
                    end.push(e as u64);
                    colname.append_value(name);
                }
            }
        }
        let mut arrays: Vec<ArrayRef> = vec![
            Arc::new(ty.finish()),
            Arc::new(obs.finish()),
            Arc::new(Int64Array::from(src)),
            Arc::new(raw.finish()),
            Arc::new(UInt64Array::from(start)),
            Arc::new(UInt64Array::from(end)),
            Arc::new(colname.finish()),
        ];
        if with_input {
            arrays.insert(3, Arc::new(input.finish()));
        }
        let out = Table::from_columns(
            self.table_columns()
                .into_iter()
                .map(str::to_string)
                .zip(arrays)
                .collect(),
        )?;
        Ok(out)
    }
}

/// Table mode in one call: see [`Extractor::extract_table`].
pub fn extract_table(
    table: &Table,
    columns: &[&str],
    options: &crate::Options,
) -> Result<Table, Error> {
    Extractor::new(options.clone())?.extract_table(table, columns)
}
