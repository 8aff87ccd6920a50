//! Process trees: build them from process events, then walk them.

use std::sync::Arc;

use huntkit_core::arrow::array::{ArrayRef, Int64Array};
use huntkit_core::Table;
use huntkit_proctree::{
    build_table_leaving, parent_rows, resolve_schema, Options, ProcessTree as Tree, SchemaKind,
    TextOptions, TREE_COLUMNS,
};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyInt, PyString};

use crate::error::{raise, released, Failure};
use crate::output::{stream, ArrowStream};
use crate::{input, options};

/// Builds process trees from events: `(table, tree, schema, summary, report)`, the input
/// rows plus the tree columns in reading order, and the tree for the operations below.
/// The input columns named in `leave` are not copied into tree order: they hold only the
/// synthesised processes' values, for a caller that takes the rest from its own frame.
#[pyfunction]
#[pyo3(signature = (data, options = None, leave = None))]
#[allow(clippy::type_complexity)]
pub fn build_process_tree<'py>(
    py: Python<'py>,
    data: &Bound<'py, PyAny>,
    options: Option<&Bound<'py, PyDict>>,
    leave: Option<Vec<String>>,
) -> PyResult<(
    ArrowStream,
    ProcessTree,
    String,
    Bound<'py, PyAny>,
    Bound<'py, PyAny>,
)> {
    let (opts, read): (Options, _) = options::table(py, "build_process_tree", options)?;
    let table = input::table(py, data, &read)?;
    let built = released(py, move || {
        build_table_leaving(&table, &opts, &leave.unwrap_or_default())
            .map_err(|e| Failure::engine(&e))
    })?;
    let tree = built.tree;
    // MSTICPy's names (`Processes`, `RootProcesses`, …) are kept, as the npm package does.
    let summary = options::result(py, &tree.summary(), false)?;
    let report = options::result(py, &tree.report, true)?;
    let schema = tree.kind.name().to_string();
    Ok((
        stream(built.table),
        ProcessTree { inner: tree },
        schema,
        summary,
        report,
    ))
}

/// `(reads, adds)`: the input columns a build with these options reads from a table with
/// these column names, and the columns it adds; `None` when what it reads is not known
/// without the data (the Defender schemas read more than their mapping; an unknown
/// schema or none to infer is the build's error to report). The Python package converts
/// only the columns read from a pandas frame and carries the others over itself.
#[pyfunction]
#[pyo3(signature = (columns, options = None))]
pub fn process_tree_reads(
    py: Python<'_>,
    columns: Vec<String>,
    options: Option<&Bound<'_, PyDict>>,
) -> PyResult<Option<(Vec<String>, Vec<String>)>> {
    let Ok((opts, _)) = options::table::<Options>(py, "build_process_tree", options) else {
        return Ok(None);
    };
    // An error is the build's to report.
    let Ok((kind, schema)) = resolve_schema(&columns, &opts) else {
        return Ok(None);
    };
    if matches!(kind, SchemaKind::Mde | SchemaKind::MdeInternal) {
        return Ok(None);
    }
    let reads = schema.columns().into_iter().map(str::to_string).collect();
    let adds = TREE_COLUMNS.iter().map(|c| (*c).to_string()).collect();
    Ok(Some((reads, adds)))
}

/// A built process tree. Processes are named by their row in the tree's table or by
/// their `proc_key`; operations return rows.
#[pyclass(frozen, module = "huntkit._native")]
pub struct ProcessTree {
    inner: Tree,
}

impl ProcessTree {
    fn node(&self, py: Python<'_>, process: &Bound<'_, PyAny>) -> PyResult<usize> {
        if let Ok(key) = process.cast::<PyString>() {
            let key = key.to_cow()?;
            let key: &str = &key;
            return self.inner.by_key(key).ok_or_else(|| {
                raise(
                    py,
                    "unknown_process",
                    &format!(
                        "process key {:?} is not in the tree",
                        huntkit_core::shorten(key)
                    ),
                )
            });
        }
        if process.is_instance_of::<PyInt>() || process.hasattr("__index__")? {
            if let Ok(row) = process.call_method0("__index__")?.extract::<usize>() {
                if row < self.inner.len() {
                    return Ok(row);
                }
            }
        }
        Err(raise(
            py,
            "unknown_process",
            &format!(
                "a process is named by its row in the tree's table (0 to {}) or by its proc_key",
                self.inner.len().saturating_sub(1)
            ),
        ))
    }
}

#[pymethods]
impl ProcessTree {
    /// Root rows.
    fn roots(&self) -> Vec<usize> {
        self.inner.roots()
    }

    /// The row of a process key, or `None`.
    fn row_of(&self, key: &str) -> Option<usize> {
        self.inner.by_key(key)
    }

    /// The parent row, or `None` for a root.
    fn parent(&self, py: Python<'_>, process: &Bound<'_, PyAny>) -> PyResult<Option<usize>> {
        Ok(self.inner.parent(self.node(py, process)?))
    }

    /// The root row of the tree holding the process.
    fn root_of(&self, py: Python<'_>, process: &Bound<'_, PyAny>) -> PyResult<Option<usize>> {
        Ok(self.inner.root_of(self.node(py, process)?))
    }

    fn children(
        &self,
        py: Python<'_>,
        process: &Bound<'_, PyAny>,
        include_source: bool,
    ) -> PyResult<Vec<usize>> {
        Ok(self.inner.children(self.node(py, process)?, include_source))
    }

    /// Descendant rows in reading order, down `max_levels` levels (`None`: all).
    #[pyo3(signature = (process, include_source, max_levels = None))]
    fn descendants(
        &self,
        py: Python<'_>,
        process: &Bound<'_, PyAny>,
        include_source: bool,
        max_levels: Option<usize>,
    ) -> PyResult<Vec<usize>> {
        let node = self.node(py, process)?;
        Ok(py.detach(|| self.inner.descendants(node, include_source, max_levels)))
    }

    fn ancestors(
        &self,
        py: Python<'_>,
        process: &Bound<'_, PyAny>,
        include_source: bool,
    ) -> PyResult<Vec<usize>> {
        Ok(self
            .inner
            .ancestors(self.node(py, process)?, include_source))
    }

    fn siblings(
        &self,
        py: Python<'_>,
        process: &Bound<'_, PyAny>,
        include_source: bool,
    ) -> PyResult<Vec<usize>> {
        Ok(self.inner.siblings(self.node(py, process)?, include_source))
    }

    /// Every row of the tree holding the process.
    fn root_tree(&self, py: Python<'_>, process: &Bound<'_, PyAny>) -> PyResult<Vec<usize>> {
        Ok(self.inner.root_tree(self.node(py, process)?))
    }

    /// The rows whose text the parent columns repeat, as a table of int64 rows (-1:
    /// null): `parent_key` (left out when some parent key is shown as its child wrote it)
    /// is that row's `proc_key`, `parent_index` its `source_index`. The pandas path
    /// shares those rows' Python strings rather than make the same strings again.
    fn parent_rows(&self, py: Python<'_>) -> PyResult<ArrowStream> {
        let rows = parent_rows(&self.inner);
        let column = |rows: &[Option<usize>]| -> ArrayRef {
            Arc::new(Int64Array::from_iter_values(
                rows.iter()
                    .map(|r| r.and_then(|r| i64::try_from(r).ok()).unwrap_or(-1)),
            ))
        };
        let mut columns = Vec::with_capacity(2);
        if let Some(keys) = &rows.parent_key {
            columns.push(("parent_key".to_string(), column(keys)));
        }
        columns.push(("parent_index".to_string(), column(&rows.parent_index)));
        let table =
            Table::from_columns(columns).map_err(|e| raise(py, "invalid_input", &e.to_string()))?;
        Ok(ArrowStream::new(table))
    }

    /// The trees as nested dicts `{key, name, pid, time, host, cmd_line, depth, index,
    /// row, flags, children}`, for tree views.
    fn nested<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let nested = py.detach(|| self.inner.nested());
        options::result(py, &nested, true)
    }

    /// The trees as indented text (`wrap`, `root_of`, `max_bytes`).
    #[pyo3(signature = (options = None))]
    fn to_text(&self, py: Python<'_>, options: Option<&Bound<'_, PyDict>>) -> PyResult<String> {
        let opts: TextOptions = options::engine(py, "ProcessTree.to_text", options)?;
        Ok(py.detach(|| self.inner.to_text(&opts)))
    }

    fn __len__(&self) -> usize {
        self.inner.len()
    }
}
