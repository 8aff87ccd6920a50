//! IoC extraction: indicators in a string, or in columns of a table.

use huntkit_ioc::{Extractor, Options};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

use crate::error::js_error;
use crate::options::{options, table_options, to_js};
use crate::table::{ipc, read_table};

thread_local! {
    /// The last extractor built, reused while the options stay the same: compiling the
    /// patterns costs far more than scanning one string.
    static LAST: RefCell<Option<(Options, Rc<Extractor>)>> = const { RefCell::new(None) };
}

fn extractor(mut opts: Options) -> Result<Rc<Extractor>, JsValue> {
    // JS strings index by UTF-16 code units: spans come back in those.
    opts.utf16_offsets = true;
    if let Some(ex) = LAST.with(|l| {
        l.borrow()
            .as_ref()
            .filter(|(o, _)| *o == opts)
            .map(|(_, e)| Rc::clone(e))
    }) {
        return Ok(ex);
    }
    let ex = Rc::new(Extractor::new(opts.clone()).map_err(|e| js_error(&e))?);
    LAST.with(|l| *l.borrow_mut() = Some((opts, Rc::clone(&ex))));
    Ok(ex)
}

#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct Found<'a> {
    by_type: std::collections::BTreeMap<String, std::collections::BTreeSet<String>>,
    matches: &'a [huntkit_ioc::Match],
    truncated: bool,
}

/// Finds the indicators in `text`: `{ byType, matches, truncated }`, `byType` mapping
/// each type to its values (MSTICPy's `extract`), `matches` with `iocType, value, raw,
/// start, end, defanged` (offsets in UTF-16 code units).
#[wasm_bindgen(js_name = extractIocs)]
pub fn extract_iocs(text: &str, options_json: Option<String>) -> Result<JsValue, JsValue> {
    let ex = extractor(options(options_json)?)?;
    let found = ex.find(text);
    to_js(&Found {
        by_type: found.by_type(),
        matches: &found.matches,
        truncated: found.truncated,
    })
}

/// Table mode (MSTICPy's `extract_df`) over `columns` of the input (Arrow IPC, CSV or
/// JSON bytes): Arrow IPC bytes with `IoCType, Observable, SourceIndex, raw, start, end,
/// Column` (offsets in UTF-16 code units into the cell at `SourceIndex`, `Column`), and
/// `Input`, the whole cell, after `SourceIndex` with `includeInput` (by default under
/// `compat: "msticpy"`).
#[wasm_bindgen(js_name = extractIocsTable)]
pub fn extract_iocs_table(
    data: Vec<u8>,
    columns: Vec<String>,
    options_json: Option<String>,
) -> Result<Vec<u8>, JsValue> {
    let (opts, read) = table_options(options_json)?;
    let ex = extractor(opts)?;
    let table = read_table(data, &read)?;
    let cols: Vec<&str> = columns.iter().map(String::as_str).collect();
    let out = ex.extract_table(&table, &cols).map_err(|e| js_error(&e))?;
    ipc(&out)
}

/// The types an extractor with these options knows, and those it scans by default in
/// string and table mode: `{ all, string, table }`.
#[wasm_bindgen(js_name = iocTypes)]
pub fn ioc_types(options_json: Option<String>) -> Result<JsValue, JsValue> {
    let ex = extractor(options(options_json)?)?;
    #[derive(serde::Serialize)]
    struct Types<'a> {
        all: Vec<&'a str>,
        string: Vec<&'a str>,
        table: Vec<&'a str>,
    }
    to_js(&Types {
        all: ex.type_names(),
        string: ex.string_types(),
        table: ex.table_types(),
    })
}
