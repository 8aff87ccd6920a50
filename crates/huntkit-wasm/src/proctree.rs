//! Process trees: build them from process events, then walk them.

use huntkit_proctree::{build_table, Options, ProcessTree as Tree, TextOptions};
use js_sys::{Object, Uint8Array};
use wasm_bindgen::prelude::*;

use crate::error::{coded, js_error};
use crate::options::{options, set, table_options, to_js};
use crate::table::{ipc, read_table};

/// Builds process trees from events (Arrow IPC, CSV or JSON bytes). Returns `{ table,
/// tree, schema, summary, report }`: the input rows plus the tree columns as Arrow IPC
/// bytes in reading order, and the tree for the operations below.
#[wasm_bindgen(js_name = buildProcessTree)]
pub fn build_process_tree(data: Vec<u8>, options_json: Option<String>) -> Result<JsValue, JsValue> {
    let (opts, read): (Options, _) = table_options(options_json)?;
    // Each copy of the data is freed as soon as the next one is made: the wasm's memory
    // only grows, so its peak is what a million events cost for the rest of the page.
    // Arrow input is read where it lies, so the table and the bytes are one copy.
    let table = read_table(data, &read)?;
    let built = build_table(&table, &opts).map_err(|e| js_error(&e))?;
    drop(table);
    let bytes = ipc(&built.table)?;
    let tree = built.tree;
    drop(built.table);
    let out = Object::new();
    set(&out, "table", &Uint8Array::from(bytes.as_slice()).into())?;
    drop(bytes);
    set(&out, "schema", &JsValue::from_str(tree.kind.name()))?;
    set(&out, "summary", &to_js(&tree.summary())?)?;
    set(&out, "report", &to_js(&tree.report)?)?;
    set(&out, "tree", &ProcessTree { inner: tree }.into())?;
    Ok(out.into())
}

/// A built process tree. Processes are named by their row in the output table or by
/// their `proc_key`; operations return rows.
#[wasm_bindgen(js_name = ProcessTreeHandle)]
pub struct ProcessTree {
    inner: Tree,
}

fn rows(v: Vec<usize>) -> Vec<u32> {
    v.into_iter()
        .map(|i| u32::try_from(i).unwrap_or(u32::MAX))
        .collect()
}

impl ProcessTree {
    fn node(&self, process: &JsValue) -> Result<usize, JsValue> {
        if let Some(key) = process.as_string() {
            return self.inner.by_key(&key).ok_or_else(|| {
                coded(
                    "unknown_process",
                    &format!("process key {key:?} is not in the tree"),
                )
            });
        }
        match process.as_f64() {
            Some(f) if f >= 0.0 && f.fract() == 0.0 && (f as usize) < self.inner.len() => {
                Ok(f as usize)
            }
            _ => Err(coded(
                "unknown_process",
                "a process is named by its row in the tree's table or by its proc_key",
            )),
        }
    }
}

#[wasm_bindgen(js_class = ProcessTreeHandle)]
impl ProcessTree {
    /// Root rows.
    pub fn roots(&self) -> Vec<u32> {
        rows(self.inner.roots())
    }

    /// The row of a process key, or `undefined`.
    #[wasm_bindgen(js_name = rowOf)]
    pub fn row_of(&self, key: &str) -> Option<u32> {
        self.inner.by_key(key).and_then(|i| u32::try_from(i).ok())
    }

    /// The parent row, or `undefined` for a root.
    pub fn parent(&self, process: JsValue) -> Result<Option<u32>, JsValue> {
        let n = self.node(&process)?;
        Ok(self.inner.parent(n).and_then(|i| u32::try_from(i).ok()))
    }

    /// The root row of the tree holding the process.
    #[wasm_bindgen(js_name = rootOf)]
    pub fn root_of(&self, process: JsValue) -> Result<Option<u32>, JsValue> {
        let n = self.node(&process)?;
        Ok(self.inner.root_of(n).and_then(|i| u32::try_from(i).ok()))
    }

    pub fn children(&self, process: JsValue, include_source: bool) -> Result<Vec<u32>, JsValue> {
        Ok(rows(
            self.inner.children(self.node(&process)?, include_source),
        ))
    }

    /// Descendant rows in reading order, down `max_levels` levels (negative: all).
    pub fn descendants(
        &self,
        process: JsValue,
        include_source: bool,
        max_levels: i32,
    ) -> Result<Vec<u32>, JsValue> {
        let levels = usize::try_from(max_levels).ok();
        Ok(rows(self.inner.descendants(
            self.node(&process)?,
            include_source,
            levels,
        )))
    }

    pub fn ancestors(&self, process: JsValue, include_source: bool) -> Result<Vec<u32>, JsValue> {
        Ok(rows(
            self.inner.ancestors(self.node(&process)?, include_source),
        ))
    }

    pub fn siblings(&self, process: JsValue, include_source: bool) -> Result<Vec<u32>, JsValue> {
        Ok(rows(
            self.inner.siblings(self.node(&process)?, include_source),
        ))
    }

    /// Every row of the tree holding the process.
    #[wasm_bindgen(js_name = rootTree)]
    pub fn root_tree(&self, process: JsValue) -> Result<Vec<u32>, JsValue> {
        Ok(rows(self.inner.root_tree(self.node(&process)?)))
    }

    /// `{ Processes, RootProcesses, LeafProcesses, BranchProcesses, IsolatedProcesses,
    /// LargestTreeDepth }`.
    pub fn summary(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.summary())
    }

    /// The trees as nested `{ key, name, pid, time, host, cmdLine, depth, index, row,
    /// flags, children }`, for tree views.
    pub fn nested(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.nested())
    }

    /// The trees as indented text: `{ wrap, rootOf }`.
    #[wasm_bindgen(js_name = toText)]
    pub fn to_text(&self, options_json: Option<String>) -> Result<String, JsValue> {
        let opts: TextOptions = options(options_json)?;
        Ok(self.inner.to_text(&opts))
    }
}
