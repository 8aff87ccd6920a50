//! Engine errors as Python exceptions that carry the engine's stable code.
//!
//! The exception classes live in Python (`huntkit/_errors.py`), where a class can derive
//! from both `HuntkitError` and the built-in it stands for (`ValueError`, `LookupError`,
//! `TypeError`); this module only picks the class by code and raises it. Errors made
//! while the interpreter is released are [`Failure`]s, plain Rust values, turned into
//! exceptions once it is held again.

use std::path::Path;

use huntkit_core::ErrorCode;
use pyo3::exceptions::{PyOSError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyAnyMethods;

/// A failure reported by an engine, the reader or the file system, made without holding
/// the interpreter.
#[derive(Debug)]
pub enum Failure {
    /// An engine's error: its stable code and message.
    Coded { code: &'static str, message: String },
    /// A file that could not be read: raised as Python's own `OSError` subclasses
    /// (`FileNotFoundError`, `PermissionError`, …), as `open()` would.
    Io {
        path: String,
        source: std::io::Error,
    },
}

impl Failure {
    /// The failure of an engine, with the engine's code.
    pub fn engine<E: ErrorCode + ?Sized>(e: &E) -> Self {
        Failure::Coded {
            code: e.code(),
            message: e.to_string(),
        }
    }

    pub fn io(path: &Path, source: std::io::Error) -> Self {
        Failure::Io {
            path: path.display().to_string(),
            source,
        }
    }

    /// The Python exception for this failure.
    pub fn into_py(self, py: Python<'_>) -> PyErr {
        match self {
            Failure::Coded { code, message } => raise(py, code, &message),
            Failure::Io { path, source } => {
                // OSError(errno, strerror, filename) makes the matching subclass itself.
                let text = source.to_string();
                // Python's own messages do not end in " (os error 2)".
                let text = match text.rfind(" (os error ") {
                    Some(cut) => text.get(..cut).unwrap_or(&text).to_string(),
                    None => text,
                };
                match source.raw_os_error() {
                    Some(errno) => PyOSError::new_err((errno, text, path)),
                    None => PyOSError::new_err(format!("{path}: {text}")),
                }
            }
        }
    }
}

/// The `HuntkitError` subclass for `code`, carrying `code` and `message`.
pub fn raise(py: Python<'_>, code: &str, message: &str) -> PyErr {
    raise_as(py, None, code, message)
}

/// As [`raise`], as the named subclass of the class for `code` (`UnknownOptionError`, an
/// `invalid_option` that is also a `TypeError`, as Python's own bad keywords are).
pub fn raise_as(py: Python<'_>, class: Option<&str>, code: &str, message: &str) -> PyErr {
    let message = &python_names(message);
    match make(py, class, code, message) {
        Ok(err) => err,
        // Only a broken install (huntkit/_errors.py missing) ends here.
        Err(e) => PyValueError::new_err(format!("[{code}] {message} (and: {e})")),
    }
}

/// The engines' messages name options as the npm package spells them ("invalid option
/// `maxDepth`", "set `maxRows` to allow more"); a Python caller spells them in
/// snake_case. Only those two phrasings are rewritten: other quoted names (a custom IoC
/// type's) are the caller's own and stay as written.
fn python_names(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(at) = ["option `", "set `"]
        .iter()
        .filter_map(|m| rest.find(m).map(|i| (i, m.len())))
        .min()
    {
        let (i, len) = at;
        let Some((head, tail)) = rest.split_at_checked(i + len) else {
            break;
        };
        out.push_str(head);
        let end = tail.find('`').unwrap_or(0);
        let Some((name, after)) = tail.split_at_checked(end) else {
            rest = tail;
            break;
        };
        if name.chars().all(|c| c.is_ascii_alphanumeric()) {
            out.push_str(&huntkit_core::options_json::snake_case(name));
        } else {
            out.push_str(name);
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

fn make(py: Python<'_>, class: Option<&str>, code: &str, message: &str) -> PyResult<PyErr> {
    static ERROR: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    let factory = ERROR.get_or_try_init(py, || -> PyResult<Py<PyAny>> {
        Ok(py.import("huntkit._errors")?.getattr("error")?.unbind())
    })?;
    let exc = factory.bind(py).call1((code, message, class))?;
    Ok(PyErr::from_value(exc))
}

/// Runs `work` with the interpreter released, so other Python threads run meanwhile, and
/// raises its failure once the interpreter is held again.
pub fn released<T, F>(py: Python<'_>, work: F) -> PyResult<T>
where
    T: Send,
    F: FnOnce() -> Result<T, Failure> + Send,
{
    py.detach(work).map_err(|f| f.into_py(py))
}
