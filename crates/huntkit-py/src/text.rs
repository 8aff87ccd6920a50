//! Text columns read straight from Python strings.
//!
//! A pandas column of text is an array of Python objects. pyarrow converts one at about
//! 30 ns a value: it first works out what the column holds, then checks every value
//! against each type it could be. Most text columns hold only `str` and missing values,
//! which take one type check and one pointer to each string's UTF-8. Here such a column
//! becomes an Arrow text column at a third of that cost; a column holding anything else
//! (numbers, bytes, `pd.NA`, a `str` subclass, text Python cannot encode as UTF-8) is
//! left to pyarrow, so what it becomes does not change.

use std::ffi::c_char;
use std::sync::Arc;

use huntkit_core::arrow::array::builder::NullBufferBuilder;
use huntkit_core::arrow::array::{ArrayRef, StringArray};
use huntkit_core::arrow::buffer::{Buffer, OffsetBuffer, ScalarBuffer};
use huntkit_core::arrow::datatypes::Schema;
use huntkit_core::Table;
use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyFloat, PyList, PyString};

use crate::output::ArrowStream;

extern "C" {
    // Part of the limited API from Python 3.10; CPython has exported it, with this
    // signature, since 3.3, so the abi3 wheel for 3.9 finds it too. pyo3 declares it
    // only for 3.10 and up, where its own `to_str` uses it.
    fn PyUnicode_AsUTF8AndSize(
        unicode: *mut ffi::PyObject,
        size: *mut ffi::Py_ssize_t,
    ) -> *const c_char;
}

/// `(table, left)`: the columns of `columns` (`(name, values)`, the values a list or a
/// one-dimensional NumPy array of objects) that hold only `str`, `None` and float NaN,
/// as Arrow text columns (`None` and NaN null, as pyarrow reads a pandas column), and
/// the names of the others, for pyarrow to convert.
#[pyfunction]
pub fn text_columns(
    py: Python<'_>,
    columns: Vec<(String, Bound<'_, PyAny>)>,
) -> PyResult<(ArrowStream, Vec<String>)> {
    let mut read: Vec<(String, ArrayRef)> = Vec::with_capacity(columns.len());
    let mut left = Vec::new();
    for (name, values) in columns {
        let array = match values.cast::<PyList>() {
            // By index: a list's iterator asks its length again at each step, which under
            // the stable ABI is a call into the interpreter. No Python code runs while a
            // column is read, so the list cannot change under it.
            Ok(list) => text_column(py, list.len(), |i| list.get_item(i).ok()),
            Err(_) => Objects::of(&values)
                .and_then(|objects| text_column(py, objects.len, |i| objects.get(py, i))),
        };
        match array {
            Some(array) => read.push((name, array)),
            None => left.push(name),
        }
    }
    let table = if read.is_empty() {
        Table::new(Arc::new(Schema::empty()), Vec::new())
    } else {
        Table::from_columns(read)
    }
    .map_err(|e| crate::error::raise(py, "invalid_input", &e.to_string()))?;
    Ok((ArrowStream::new(table), left))
}

/// A one-dimensional NumPy array of Python objects, read where NumPy keeps its pointers
/// (`__array_interface__`): a pandas text column without a list made of it first.
struct Objects<'a, 'py> {
    /// The array, which owns the pointers and the objects.
    _array: &'a Bound<'py, PyAny>,
    data: usize,
    len: usize,
    stride: isize,
}

impl<'a, 'py> Objects<'a, 'py> {
    /// The array's layout, or `None` for anything but a one-dimensional array of objects
    /// with aligned pointers.
    fn of(array: &'a Bound<'py, PyAny>) -> Option<Self> {
        let interface = array.getattr("__array_interface__").ok()?;
        let interface = interface.cast_into::<PyDict>().ok()?;
        let get = |key: &str| interface.get_item(key).ok().flatten();
        let typestr = get("typestr").and_then(|t| t.extract::<String>().ok());
        let shape = get("shape").and_then(|s| s.extract::<Vec<usize>>().ok());
        let data = get("data").and_then(|d| d.extract::<(usize, bool)>().ok());
        let (Some("|O"), Some([len]), Some((data, _))) =
            (typestr.as_deref(), shape.as_deref(), data)
        else {
            return None;
        };
        if get("mask").is_some_and(|m| !m.is_none()) {
            return None;
        }
        let pointer = std::mem::size_of::<*mut ffi::PyObject>();
        let stride = match get("strides") {
            Some(s) if !s.is_none() => match s.extract::<Vec<isize>>().ok().as_deref() {
                Some([stride]) => *stride,
                _ => return None,
            },
            _ => pointer as isize,
        };
        let aligned = data % pointer == 0 && stride.unsigned_abs() % pointer == 0;
        if data == 0 || !aligned {
            return None;
        }
        Some(Objects {
            _array: array,
            data,
            len: *len,
            stride,
        })
    }

    /// The object at `i`, or `None` past the end or for a null pointer.
    fn get(&self, py: Python<'py>, i: usize) -> Option<Bound<'py, PyAny>> {
        if i >= self.len {
            return None;
        }
        let offset = isize::try_from(i).ok()?.checked_mul(self.stride)?;
        let at = self.data.checked_add_signed(offset)?;
        // SAFETY: NumPy's array interface says the array holds `len` object pointers
        // starting at `data`, `stride` bytes apart (checked aligned above), and `i` is
        // below `len`. The array is alive (`_array` borrows it), the interpreter is held
        // and no Python code runs while the column is read, so neither the array nor
        // its objects change or go away.
        let object = unsafe { std::ptr::read(at as *const *mut ffi::PyObject) };
        // SAFETY: a non-null pointer in an object array is a live object, which the
        // array holds a reference to; `from_borrowed_ptr_or_opt` takes one of its own.
        unsafe { Bound::from_borrowed_ptr_or_opt(py, object) }
    }
}

/// One column of `rows` values (`value(i)`, `None` to give up), or `None` when a value
/// is not text or missing, when none is text (pyarrow makes such a column of the null
/// type), or when the text outgrows Arrow's 32-bit offsets (pyarrow splits such a
/// column into chunks).
fn text_column<'py>(
    py: Python<'py>,
    rows: usize,
    value: impl Fn(usize) -> Option<Bound<'py, PyAny>>,
) -> Option<ArrayRef> {
    let mut offsets: Vec<i32> = Vec::with_capacity(rows + 1);
    offsets.push(0);
    // Room for short values up front, at most 64 MiB: a longer column grows as it goes.
    let mut bytes: Vec<u8> = Vec::with_capacity(rows.saturating_mul(16).min(64 << 20));
    let mut nulls = NullBufferBuilder::new(rows);
    let mut any_text = false;
    for i in 0..rows {
        let value = value(i)?;
        if let Ok(text) = value.cast_exact::<PyString>() {
            bytes.extend_from_slice(utf8(py, text)?);
            nulls.append_non_null();
            any_text = true;
        } else if value.is_none() || is_nan(&value) {
            nulls.append_null();
        } else {
            return None;
        }
        offsets.push(i32::try_from(bytes.len()).ok()?);
    }
    if !any_text {
        return None;
    }
    // The bytes are Python's own UTF-8 encodings, one after another, and the offsets
    // rise from 0 to their length; `try_new` checks both again all the same.
    let offsets = OffsetBuffer::new(ScalarBuffer::from(offsets));
    let array = StringArray::try_new(offsets, Buffer::from_vec(bytes), nulls.finish()).ok()?;
    Some(Arc::new(array))
}

/// A string's UTF-8, where Python keeps it: inside the object for ASCII text, in a copy
/// cached on the object otherwise. `None` (the error cleared) for text with a lone
/// surrogate, which has no UTF-8.
fn utf8<'a>(py: Python<'_>, text: &'a Bound<'_, PyString>) -> Option<&'a [u8]> {
    let mut size: ffi::Py_ssize_t = 0;
    // SAFETY: `text` is a live `str` (an exact one) and the interpreter is held. The
    // pointer, when not null, is to `size` bytes owned by the string, which stay put
    // while it lives: `text` borrows it for `'a`.
    let data = unsafe { PyUnicode_AsUTF8AndSize(text.as_ptr(), &mut size) };
    if data.is_null() {
        drop(PyErr::take(py));
        return None;
    }
    let len = usize::try_from(size).ok()?;
    // SAFETY: as above; `data` is not null and points at `len` bytes.
    Some(unsafe { std::slice::from_raw_parts(data.cast::<u8>(), len) })
}

fn is_nan(value: &Bound<'_, PyAny>) -> bool {
    value
        .cast_exact::<PyFloat>()
        .is_ok_and(|f| f.value().is_nan())
}
