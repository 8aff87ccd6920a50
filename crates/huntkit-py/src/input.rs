//! Tables from Python: Arrow streams, bytes and files.
//!
//! Whatever the Python layer was given reaches here as one of three things: an object
//! with `__arrow_c_stream__` (pyarrow, polars, pandas through pyarrow, DuckDB, …), the
//! bytes of a file, or the path of one. The stream's record batches are imported through
//! Arrow's C stream interface, so the engine reads the caller's own buffers: nothing is
//! copied. `bytes` are read where they lie too (Arrow IPC), held by a reference to the
//! Python object for as long as the table needs them. Reading happens with the
//! interpreter released.

use std::panic::AssertUnwindSafe;
use std::path::PathBuf;
use std::ptr::NonNull;
use std::sync::Arc;

use huntkit_core::arrow::array::RecordBatch;
use huntkit_core::arrow::buffer::Buffer;
use huntkit_core::arrow::ffi_stream::{FFI_ArrowArrayStream, RecordBatchStreamReader};
use huntkit_core::arrow::record_batch::RecordBatchReader;
use huntkit_core::{Error, ReadOptions, Table};
use pyo3::exceptions::{PyTypeError, PyUserWarning};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyCapsule, PyString};

use crate::error::{released, Failure};
use crate::options::type_name;

/// A table's source, taken from a Python object while the interpreter is held.
pub enum Source {
    /// An Arrow C stream, its schema already imported.
    Stream(RecordBatchStreamReader),
    /// A file's contents, over the memory of a Python `bytes` object.
    Bytes(Buffer),
    /// A file on disk.
    Path(PathBuf),
}

impl Source {
    /// The source `data` stands for: an object with `__arrow_c_stream__`, `bytes`, or a
    /// path as `str` (the Python layer has turned every other kind into one of these).
    pub fn from_py(data: &Bound<'_, PyAny>) -> PyResult<Source> {
        if let Ok(bytes) = data.cast::<PyBytes>() {
            return Ok(Source::Bytes(borrow(bytes)));
        }
        if let Ok(path) = data.cast::<PyString>() {
            return Ok(Source::Path(PathBuf::from(path.to_cow()?.as_ref())));
        }
        if data.hasattr("__arrow_c_stream__")? {
            let capsule = data.call_method0("__arrow_c_stream__")?;
            let capsule = capsule.cast::<PyCapsule>().map_err(|_| {
                PyTypeError::new_err("__arrow_c_stream__ did not return a PyCapsule")
            })?;
            let ptr = capsule.pointer_checked(Some(c"arrow_array_stream"))?;
            // SAFETY: a capsule named "arrow_array_stream" holds an `ArrowArrayStream` (the
            // PyCapsule interface of the Arrow C data interface). `from_raw` moves the
            // stream out and leaves a released one behind, which the capsule's
            // destructor then ignores.
            let reader = unsafe {
                RecordBatchStreamReader::from_raw(ptr.as_ptr().cast::<FFI_ArrowArrayStream>())
            }
            .map_err(|e| crate::error::raise(data.py(), "invalid_arrow", &e.to_string()))?;
            return Ok(Source::Stream(reader));
        }
        Err(PyTypeError::new_err(format!(
            "cannot read a {} as a table: pass a pandas or polars DataFrame, a pyarrow Table \
             or RecordBatchReader, an object with __arrow_c_stream__, bytes, or a path",
            type_name(data)
        )))
    }

    /// Reads the table, without the interpreter: the stream's batches are imported, bytes
    /// and files parsed. `read`'s limits apply to every kind.
    pub fn read(self, read: &ReadOptions) -> Result<Table, Failure> {
        match self {
            Source::Stream(reader) => collect(reader, read).map_err(|e| Failure::engine(&e)),
            Source::Bytes(buffer) => {
                if huntkit_core::is_parquet(&buffer) {
                    let bytes = bytes::Bytes::copy_from_slice(&buffer);
                    return huntkit_core::read_parquet(bytes, read)
                        .map_err(|e| Failure::engine(&e));
                }
                huntkit_core::read_buffer(buffer, read).map_err(|e| Failure::engine(&e))
            }
            Source::Path(path) => {
                let size = std::fs::metadata(&path)
                    .map_err(|e| Failure::io(&path, e))?
                    .len();
                if size > read.max_bytes {
                    return Err(Failure::engine(&Error::LimitExceeded {
                        what: format!("the file's {size} bytes"),
                        limit: read.max_bytes,
                        option: "maxBytes",
                    }));
                }
                let bytes = std::fs::read(&path).map_err(|e| Failure::io(&path, e))?;
                if huntkit_core::is_parquet(&bytes) {
                    return huntkit_core::read_parquet(bytes.into(), read)
                        .map_err(|e| Failure::engine(&e));
                }
                huntkit_core::read_owned(bytes, read).map_err(|e| Failure::engine(&e))
            }
        }
    }
}

/// The table `data` holds, read with the interpreter released. What a lenient read let
/// through is said as a `UserWarning`, as the CLI says it on standard error.
pub fn table(py: Python<'_>, data: &Bound<'_, PyAny>, read: &ReadOptions) -> PyResult<Table> {
    let source = Source::from_py(data)?;
    let read = read.clone();
    let table = released(py, move || source.read(&read))?;
    if let Some(warning) = table.warning() {
        let category = py.get_type::<PyUserWarning>();
        PyErr::warn(
            py,
            &category,
            &std::ffi::CString::new(format!("huntkit: {warning}")).unwrap_or_default(),
            1,
        )?;
    }
    Ok(table)
}

/// A Python `bytes` object's memory as an Arrow buffer that keeps the object alive.
fn borrow(bytes: &Bound<'_, PyBytes>) -> Buffer {
    let data = bytes.as_bytes();
    let owner: Arc<AssertUnwindSafe<Py<PyBytes>>> =
        Arc::new(AssertUnwindSafe(bytes.clone().unbind()));
    match NonNull::new(data.as_ptr().cast_mut()) {
        // SAFETY: `bytes` objects are immutable, and `owner` holds a reference to this one
        // for as long as the buffer (or any slice of it) lives, so the memory stays valid
        // and unchanged. Dropping the owner without the interpreter is safe: PyO3 defers
        // the decrement until the interpreter is next held.
        Some(ptr) => unsafe { Buffer::from_custom_allocation(ptr, data.len(), owner) },
        None => Buffer::from_vec(Vec::<u8>::new()),
    }
}

/// The stream's batches as a table, within the read limits.
fn collect(reader: RecordBatchStreamReader, read: &ReadOptions) -> Result<Table, Error> {
    let schema = reader.schema();
    if schema.fields().len() as u64 > read.max_columns {
        return Err(Error::LimitExceeded {
            what: format!("the table's {} columns", schema.fields().len()),
            limit: read.max_columns,
            option: "maxColumns",
        });
    }
    let mut batches: Vec<RecordBatch> = Vec::new();
    let mut rows = 0u64;
    for batch in reader {
        let batch = batch.map_err(|e| Error::InvalidArrow {
            detail: format!("reading the Arrow stream: {e}"),
        })?;
        rows = rows.saturating_add(batch.num_rows() as u64);
        if rows > read.max_rows {
            return Err(Error::LimitExceeded {
                what: "the number of rows".into(),
                limit: read.max_rows,
                option: "maxRows",
            });
        }
        batches.push(batch);
    }
    Table::new(schema, batches)
}
