//! Decoding obfuscated payloads: one text, or one column of a table.

use huntkit_core::Table;
use huntkit_decode as dec;
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::error::{released, Failure};
use crate::output::{stream, ArrowStream};
use crate::{input, options};

/// Decodes one text: `(text, records, truncated)`, `text` with each decoded run replaced
/// by its `<decoded …>` tag, `records` the record table.
#[pyfunction]
#[pyo3(signature = (text, options = None))]
pub fn decode_text(
    py: Python<'_>,
    text: String,
    options: Option<&Bound<'_, PyDict>>,
) -> PyResult<(String, ArrowStream, bool)> {
    let opts: dec::DecodeOptions = options::engine(py, "decode", options)?;
    let (text, records, truncated) = released(py, move || {
        let out = dec::decode(&text, &opts).map_err(|e| Failure::engine(&e))?;
        let batch = out.to_batch(&opts).map_err(|e| Failure::engine(&e))?;
        Ok((out.text, Table::from_batch(batch), out.truncated))
    })?;
    Ok((text, stream(records), truncated))
}

/// Decodes the text column `column` of a table, one row at a time (MSTICPy's
/// `unpack_items(data=…, column=…)`): the record table with `src_index`, the column and
/// `full_decoded_string`.
#[pyfunction]
#[pyo3(signature = (data, column, options = None))]
pub fn decode_table(
    py: Python<'_>,
    data: &Bound<'_, PyAny>,
    column: String,
    options: Option<&Bound<'_, PyDict>>,
) -> PyResult<ArrowStream> {
    let (opts, read): (dec::DecodeOptions, _) = options::table(py, "decode", options)?;
    let table = input::table(py, data, &read)?;
    let out = released(py, move || {
        dec::decode_table(&table, &column, &opts).map_err(|e| Failure::engine(&e))
    })?;
    Ok(stream(out))
}
