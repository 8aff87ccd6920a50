//! Tables to Python, through Arrow's C stream interface.
//!
//! An engine's result table is handed over as an [`ArrowStream`]: an object with
//! `__arrow_c_stream__` (the Arrow PyCapsule interface) that pyarrow, polars and others
//! import without a copy. The Python layer makes it a frame of the input's kind.

use huntkit_core::arrow::array::{RecordBatch, RecordBatchIterator};
use huntkit_core::arrow::ffi_stream::FFI_ArrowArrayStream;
use huntkit_core::arrow::record_batch::RecordBatchReader;
use huntkit_core::Table;
use pyo3::prelude::*;
use pyo3::types::PyCapsule;

/// A result table, exported on request as an Arrow C stream (`__arrow_c_stream__`).
/// Each request exports the same batches again; the table's memory is shared, not copied.
#[pyclass(frozen, module = "huntkit._native")]
pub struct ArrowStream {
    table: Table,
}

impl ArrowStream {
    pub fn new(table: Table) -> Self {
        ArrowStream { table }
    }
}

#[pymethods]
impl ArrowStream {
    /// The Arrow PyCapsule interface: a capsule named `arrow_array_stream`. A requested
    /// schema is not applied (the interface lets a producer ignore it); the consumer
    /// casts if it must.
    #[pyo3(signature = (requested_schema = None))]
    fn __arrow_c_stream__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyCapsule>> {
        let _ = requested_schema;
        let batches: Vec<RecordBatch> = self.table.batches().to_vec();
        let reader =
            RecordBatchIterator::new(batches.into_iter().map(Ok), self.table.schema().clone());
        let reader: Box<dyn RecordBatchReader + Send> = Box::new(reader);
        // The capsule owns the stream; a consumer moves it out and leaves a released one,
        // and dropping the capsule releases whatever is still in it.
        PyCapsule::new_with_value(py, FFI_ArrowArrayStream::new(reader), c"arrow_array_stream")
    }

    /// Rows in the table.
    #[getter]
    fn num_rows(&self) -> usize {
        self.table.num_rows()
    }

    /// Column names, in order.
    #[getter]
    fn column_names(&self) -> Vec<String> {
        self.table.column_names()
    }

    fn __repr__(&self) -> String {
        format!(
            "<huntkit ArrowStream: {} rows × {} columns>",
            self.table.num_rows(),
            self.table.num_columns()
        )
    }
}

/// A table as an object Python can import.
pub fn stream(table: Table) -> ArrowStream {
    ArrowStream::new(table)
}
