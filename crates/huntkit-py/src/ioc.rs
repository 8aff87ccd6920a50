//! IoC extraction: indicators in a string, or in columns of a table.
//!
//! Spans are offsets into Python strings, which index by code point: `text[start:end]`
//! is the match as written. The engine reports bytes (or UTF-16 code units, which the npm
//! package asks for and `utf16_offsets=True` still gives), and they are converted here.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use huntkit_core::arrow::array::{ArrayRef, AsArray, RecordBatch, UInt64Array};
use huntkit_core::arrow::datatypes::{Int64Type, UInt64Type};
use huntkit_core::{StrColumn, Table};
use huntkit_ioc::{Extractor, Match, Options};
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::error::{released, Failure};
use crate::output::{stream, ArrowStream};
use crate::{input, options};

/// The last extractor built, reused while the options stay the same: compiling the
/// patterns costs far more than scanning one string.
static LAST: Mutex<Option<(Options, Arc<Extractor>)>> = Mutex::new(None);

fn extractor(opts: Options) -> Result<Arc<Extractor>, Failure> {
    if let Ok(last) = LAST.lock() {
        if let Some((o, ex)) = last.as_ref() {
            if *o == opts {
                return Ok(Arc::clone(ex));
            }
        }
    }
    let ex = Arc::new(Extractor::new(opts.clone()).map_err(|e| Failure::engine(&e))?);
    if let Ok(mut last) = LAST.lock() {
        *last = Some((opts, Arc::clone(&ex)));
    }
    Ok(ex)
}

#[derive(serde::Serialize)]
struct Found {
    by_type: std::collections::BTreeMap<String, std::collections::BTreeSet<String>>,
    matches: Vec<Found1>,
    truncated: bool,
}

/// One match, with Python's key names.
#[derive(serde::Serialize)]
struct Found1 {
    ioc_type: String,
    value: String,
    raw: String,
    start: usize,
    end: usize,
    defanged: bool,
    /// With `all_occurrences`: the spans of the later occurrences.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    repeats: Vec<[usize; 2]>,
}

/// The indicators in `text`: `{by_type, matches, truncated}`, `by_type` mapping each type
/// to its sorted distinct values (MSTICPy's `extract`).
#[pyfunction]
#[pyo3(signature = (text, options = None))]
pub fn extract_iocs_text<'py>(
    py: Python<'py>,
    text: String,
    options: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyAny>> {
    let opts: Options = options::engine(py, "extract_iocs", options)?;
    let found = released(py, move || {
        let code_points = !opts.utf16_offsets;
        let ex = extractor(opts)?;
        let found = ex.find(&text);
        let by_type = found.by_type();
        let to_chars = if code_points {
            code_points_at(&text, &found.matches)
        } else {
            HashMap::new()
        };
        let matches = found
            .matches
            .into_iter()
            .map(|m: Match| {
                let at = |o: usize| to_chars.get(&o).copied().unwrap_or(o);
                let (start, end) = (at(m.start), at(m.end));
                let repeats = m.repeats.iter().map(|span| span.map(at)).collect();
                Found1 {
                    ioc_type: m.ioc_type,
                    value: m.value,
                    raw: m.raw,
                    start,
                    end,
                    defanged: m.defanged,
                    repeats,
                }
            })
            .collect();
        Ok(Found {
            by_type,
            matches,
            truncated: found.truncated,
        })
    })?;
    // `by_type`'s keys are type names (user-defined ones too): kept as they are.
    options::result(py, &found, false)
}

/// Table mode (MSTICPy's `extract_df`) over `columns`: `IoCType, Observable, SourceIndex,
/// raw, start, end, Column` (`Input` after `SourceIndex` with `include_input`).
#[pyfunction]
#[pyo3(signature = (data, columns, options = None))]
pub fn extract_iocs_table(
    py: Python<'_>,
    data: &Bound<'_, PyAny>,
    columns: Vec<String>,
    options: Option<&Bound<'_, PyDict>>,
) -> PyResult<ArrowStream> {
    let (opts, read): (Options, _) = options::table(py, "extract_iocs", options)?;
    let table = input::table(py, data, &read)?;
    let out = released(py, move || {
        let code_points = !opts.utf16_offsets;
        let ex = extractor(opts)?;
        let cols: Vec<&str> = columns.iter().map(String::as_str).collect();
        let out = ex
            .extract_table(&table, &cols)
            .map_err(|e| Failure::engine(&e))?;
        if code_points {
            char_spans(&table, out).map_err(|e| Failure::engine(&e))
        } else {
            Ok(out)
        }
    })?;
    Ok(stream(out))
}

/// The types an extractor with these options knows, and those it scans by default in
/// string and table mode: `{all, string, table}`.
#[pyfunction]
#[pyo3(signature = (options = None))]
pub fn ioc_types<'py>(
    py: Python<'py>,
    options: Option<&Bound<'py, PyDict>>,
) -> PyResult<Bound<'py, PyAny>> {
    let opts: Options = options::engine(py, "ioc_types", options)?;
    let ex = released(py, move || extractor(opts))?;
    #[derive(serde::Serialize)]
    struct Types<'a> {
        all: Vec<&'a str>,
        string: Vec<&'a str>,
        table: Vec<&'a str>,
    }
    options::result(
        py,
        &Types {
            all: ex.type_names(),
            string: ex.string_types(),
            table: ex.table_types(),
        },
        false,
    )
}

/// Byte offsets into one text as code-point offsets, counting on from the last offset
/// asked for, so the spans of one text, which come in order, cost one pass over it.
#[derive(Default)]
struct Offsets {
    byte: usize,
    chars: usize,
}

impl Offsets {
    fn chars(&mut self, text: &str, byte: usize) -> usize {
        if byte < self.byte {
            *self = Offsets::default();
        }
        let step = text.get(self.byte..byte).map_or(0, |s| s.chars().count());
        self.byte = byte;
        self.chars += step;
        self.chars
    }
}

/// The code-point offset of every byte offset the matches name (spans and repeats), in
/// one walk over `text` whatever order the matches come in.
fn code_points_at(text: &str, matches: &[Match]) -> HashMap<usize, usize> {
    let mut bytes: Vec<usize> = matches
        .iter()
        .flat_map(|m| {
            [m.start, m.end]
                .into_iter()
                .chain(m.repeats.iter().flatten().copied())
        })
        .collect();
    bytes.sort_unstable();
    bytes.dedup();
    let mut offsets = Offsets::default();
    bytes
        .into_iter()
        .map(|b| (b, offsets.chars(text, b)))
        .collect()
}

/// Table mode's `start`/`end`, bytes into the cell at `SourceIndex`, `Column`, as code
/// points into it. Columns keep their order.
fn char_spans(input: &Table, out: Table) -> Result<Table, huntkit_core::Error> {
    let batch = out.to_batch()?;
    let schema = batch.schema();
    let index = |name: &str| {
        schema
            .index_of(name)
            .map_err(|_| huntkit_core::Error::ColumnNotFound {
                name: name.into(),
                available: out.column_names(),
            })
    };
    let (src_i, col_i, start_i, end_i) = (
        index("SourceIndex")?,
        index("Column")?,
        index("start")?,
        index("end")?,
    );
    let column = |i: usize| -> Result<&ArrayRef, huntkit_core::Error> {
        batch
            .columns()
            .get(i)
            .ok_or_else(|| huntkit_core::Error::Arrow {
                detail: "the IoC table lost a column".into(),
            })
    };
    let (Some(src), Some(cols), Some(starts), Some(ends)) = (
        column(src_i)?.as_primitive_opt::<Int64Type>(),
        column(col_i)?.as_string_opt::<i32>(),
        column(start_i)?.as_primitive_opt::<UInt64Type>(),
        column(end_i)?.as_primitive_opt::<UInt64Type>(),
    ) else {
        return Ok(out);
    };
    let mut cells: HashMap<&str, StrColumn> = HashMap::new();
    let mut new_starts = Vec::with_capacity(batch.num_rows());
    let mut new_ends = Vec::with_capacity(batch.num_rows());
    let mut offsets = Offsets::default();
    let mut cell_of: Option<(i64, &str)> = None;
    for i in 0..batch.num_rows() {
        let (row, name) = (src.value(i), cols.value(i));
        if !cells.contains_key(name) {
            cells.insert(name, input.str_column(name)?);
        }
        let text = cells
            .get(name)
            .and_then(|c| c.get(usize::try_from(row).unwrap_or(usize::MAX)))
            .unwrap_or("");
        if cell_of != Some((row, name)) {
            offsets = Offsets::default();
            cell_of = Some((row, name));
        }
        let byte = |v: u64| usize::try_from(v).unwrap_or(usize::MAX);
        new_starts.push(offsets.chars(text, byte(starts.value(i))) as u64);
        new_ends.push(offsets.chars(text, byte(ends.value(i))) as u64);
    }
    let mut arrays: Vec<ArrayRef> = batch.columns().to_vec();
    if let Some(a) = arrays.get_mut(start_i) {
        *a = Arc::new(UInt64Array::from(new_starts));
    }
    if let Some(a) = arrays.get_mut(end_i) {
        *a = Arc::new(UInt64Array::from(new_ends));
    }
    let batch = RecordBatch::try_new(schema, arrays).map_err(|e| huntkit_core::Error::Arrow {
        detail: e.to_string(),
    })?;
    Ok(Table::from_batch(batch))
}
