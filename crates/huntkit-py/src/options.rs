//! Keyword arguments into the engines' option structs, and results back into Python.
//!
//! One convention for every engine, shared with the wasm façade through
//! `huntkit_core::options_json`: a call's options are one object whose keys are the npm
//! package's (camelCase), read options under `read`, and unknown keys refused. Python
//! spells the keys in snake_case; `options_json::from_snake_case` turns one spelling into
//! the other and `snake_case` back, so a misspelt keyword is named as it was written.
//! Keywords whose value is `None` are left out (the option's default), as Python callers
//! expect of a keyword they did not mean to set.

use huntkit_core::options_json::{self as json, Object};
use huntkit_core::ReadOptions;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyFrozenSet, PyInt, PyList, PySet, PyString, PyTuple};
use serde::de::DeserializeOwned;
use serde_json::{Map, Number, Value};

use crate::error::{raise, raise_as};

/// Deepest nesting of lists and dicts accepted in an option or in sessions, as the npm
/// package bounds them: nothing a caller passes can recurse through the native stack.
const MAX_DEPTH: usize = 16;

/// How the keys of dicts inside a value are read.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Keys {
    /// Option names: snake_case in, camelCase out (a mapping, `stl=`, `custom_types=`).
    Options,
    /// Data (a command's parameters): kept as written.
    Data,
}

/// The options of one call: the engine options `T` and the read options, from the
/// keyword arguments `kwargs` of the Python function `call`. `known` lists every key `T`
/// accepts (several lists for a struct that flattens others). `reads` says whether the
/// call reads a table, and so takes `read`.
pub fn parse<T: DeserializeOwned>(
    py: Python<'_>,
    call: &str,
    kwargs: Option<&Bound<'_, PyDict>>,
    known: &[&[&str]],
    reads: bool,
) -> PyResult<(T, ReadOptions)> {
    let mut map = object(py, call, kwargs, known, reads)?;
    let read = match map.remove(json::READ_KEY) {
        Some(Value::Object(read)) => typed::<ReadOptions>(py, call, "read option ", read)?,
        _ => ReadOptions::default(),
    };
    let engine = typed::<T>(py, call, "", map)?;
    Ok((engine, read))
}

/// An option struct from its object. Serde's message says what was wrong but not where:
/// the key at fault is found and named in Python's spelling.
fn typed<T: DeserializeOwned>(py: Python<'_>, call: &str, what: &str, map: Object) -> PyResult<T> {
    json::parse::<T>(map.clone(), "options").map_err(|e| {
        let detail = e.to_string();
        let detail = detail.strip_prefix("invalid options: ").unwrap_or(&detail);
        match json::key_at_fault::<T>(&map) {
            Some(key) => raise(
                py,
                "invalid_option",
                &format!(
                    "{call}(): invalid {what}{}: {detail}",
                    json::snake_case(key)
                ),
            ),
            None => raise(py, "invalid_option", &format!("{call}(): {detail}")),
        }
    })
}

/// The engine options of a call that reads no table.
pub fn engine<T: DeserializeOwned>(
    py: Python<'_>,
    call: &str,
    kwargs: Option<&Bound<'_, PyDict>>,
) -> PyResult<T> {
    parse::<T>(py, call, kwargs, &[json::field_names::<T>()], false).map(|(t, _)| t)
}

/// The engine and read options of a call that reads a table.
pub fn table<T: DeserializeOwned>(
    py: Python<'_>,
    call: &str,
    kwargs: Option<&Bound<'_, PyDict>>,
) -> PyResult<(T, ReadOptions)> {
    parse::<T>(py, call, kwargs, &[json::field_names::<T>()], true)
}

/// The options object of a call: keys checked against `known` (and `read` when the call
/// reads a table) and turned into option keys, values into JSON.
fn object(
    py: Python<'_>,
    call: &str,
    kwargs: Option<&Bound<'_, PyDict>>,
    known: &[&[&str]],
    reads: bool,
) -> PyResult<Object> {
    let mut map = Map::new();
    let Some(kwargs) = kwargs else {
        return Ok(map);
    };
    for (key, value) in kwargs.iter() {
        let name: String = key.extract()?;
        if value.is_none() {
            continue;
        }
        let option = json::from_snake_case(&name).filter(|k| {
            (reads && k == json::READ_KEY) || known.iter().any(|p| p.contains(&k.as_str()))
        });
        let Some(option) = option else {
            return Err(unknown(
                py,
                &format!("{call}() got an unexpected keyword argument"),
                &name,
                known,
                reads,
            ));
        };
        let value = if option == json::READ_KEY {
            read_object(py, call, &value)?
        } else {
            to_json(&value, Keys::Options, 0, &name)?
        };
        map.insert(option, value);
    }
    Ok(map)
}

/// `read=`: a dict of read options, checked here so that a misspelt one is named in
/// Python's spelling too.
fn read_object(py: Python<'_>, call: &str, value: &Bound<'_, PyAny>) -> PyResult<Value> {
    let Ok(dict) = value.cast::<PyDict>() else {
        return Err(raise(
            py,
            "invalid_option",
            &format!("{call}(): `read` must be a dict of read options"),
        ));
    };
    let known = [json::field_names::<ReadOptions>()];
    let mut map = Map::new();
    for (key, value) in dict.iter() {
        let name: String = key.extract()?;
        if value.is_none() {
            continue;
        }
        let option =
            json::from_snake_case(&name).filter(|k| known.iter().any(|p| p.contains(&k.as_str())));
        let Some(option) = option else {
            return Err(unknown(
                py,
                &format!("{call}() got an unexpected read option"),
                &name,
                &known,
                false,
            ));
        };
        map.insert(option, to_json(&value, Keys::Options, 1, &name)?);
    }
    Ok(Value::Object(map))
}

/// The error for a keyword no option answers to: `UnknownOptionError`, both an
/// `InvalidOptionError` and a `TypeError`, worded as Python words its own (`what` says
/// "f() got an unexpected keyword argument").
fn unknown(py: Python<'_>, what: &str, name: &str, known: &[&[&str]], reads: bool) -> PyErr {
    let mut names: Vec<String> = known
        .iter()
        .flat_map(|p| p.iter())
        .map(|k| json::snake_case(k))
        .collect();
    if reads {
        names.push(json::READ_KEY.to_string());
    }
    names.sort_unstable();
    names.dedup();
    let shown = huntkit_core::shorten(name);
    let hint = match json::closest(name, names.iter().map(String::as_str)) {
        Some(best) => format!(" (did you mean '{best}'?)"),
        None => String::new(),
    };
    raise_as(
        py,
        Some("UnknownOptionError"),
        "invalid_option",
        &format!("{what} '{shown}'{hint}; it takes: {}", names.join(", ")),
    )
}

/// A Python value as JSON: `None`, `bool`, `int`, `float`, `str`, lists, tuples and sets,
/// dicts with `str` keys, anything with `tolist` (NumPy arrays and scalars, pandas
/// indexes), `__index__` or `__float__`. `what` names the value in errors.
pub fn to_json(value: &Bound<'_, PyAny>, keys: Keys, depth: usize, what: &str) -> PyResult<Value> {
    if depth > MAX_DEPTH {
        return Err(PyTypeError::new_err(format!(
            "{what}: nested more than {MAX_DEPTH} levels deep"
        )));
    }
    // The common kinds first, each by an exact type check: probing for `__index__` costs
    // an exception per value that lacks it.
    if value.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(s) = value.cast::<PyString>() {
        return Ok(Value::String(s.to_cow()?.into_owned()));
    }
    if let Ok(b) = value.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if value.is_instance_of::<PyInt>() {
        return integer(value, what);
    }
    if value.is_instance_of::<PyFloat>() {
        let f: f64 = value.extract()?;
        return Number::from_f64(f)
            .map(Value::Number)
            .ok_or_else(|| PyTypeError::new_err(format!("{what}: {f} is not a finite number")));
    }
    if let Ok(dict) = value.cast::<PyDict>() {
        let mut map = Map::new();
        for (k, v) in dict.iter() {
            let Ok(k) = k.cast::<PyString>() else {
                return Err(PyTypeError::new_err(format!(
                    "{what}: dict keys must be str, got {}",
                    type_name(&k)
                )));
            };
            let k = k.to_cow()?;
            let k: &str = &k;
            if keys == Keys::Options && v.is_none() {
                continue;
            }
            let key = match keys {
                // A key that is not snake_case goes through as written, for serde to
                // accept (a mapping's MSTICPy names) or refuse by name.
                Keys::Options => json::from_snake_case(k).unwrap_or_else(|| k.to_owned()),
                Keys::Data => k.to_owned(),
            };
            map.insert(key, to_json(&v, keys, depth + 1, what)?);
        }
        return Ok(Value::Object(map));
    }
    if value.is_instance_of::<PyList>()
        || value.is_instance_of::<PyTuple>()
        || value.is_instance_of::<PySet>()
        || value.is_instance_of::<PyFrozenSet>()
    {
        let mut items = Vec::new();
        for item in value.try_iter()? {
            items.push(to_json(&item?, keys, depth + 1, what)?);
        }
        return Ok(Value::Array(items));
    }
    // NumPy arrays and scalars, pandas indexes and series: as the Python values they hold.
    if value.hasattr("tolist")? {
        return to_json(&value.call_method0("tolist")?, keys, depth + 1, what);
    }
    if value.hasattr("__index__")? {
        return integer(value, what);
    }
    if value.hasattr("__float__")? {
        return to_json(&value.call_method0("__float__")?, keys, depth + 1, what);
    }
    Err(PyTypeError::new_err(format!(
        "{what}: a {} cannot be passed to huntkit (use str, int, float, bool, list or dict)",
        type_name(value)
    )))
}

/// An integer (anything with `__index__`) as a JSON number.
fn integer(value: &Bound<'_, PyAny>, what: &str) -> PyResult<Value> {
    let index = value.call_method0("__index__")?;
    if let Ok(i) = index.extract::<i64>() {
        return Ok(Value::Number(i.into()));
    }
    if let Ok(u) = index.extract::<u64>() {
        return Ok(Value::Number(u.into()));
    }
    Err(PyTypeError::new_err(format!(
        "{what}: {index} does not fit in 64 bits"
    )))
}

/// The name of a value's type, for messages.
pub fn type_name(value: &Bound<'_, PyAny>) -> String {
    value
        .get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "value".into())
}

/// A JSON value as Python objects: dicts, lists, `str`, `int`, `float`, `bool`, `None`.
/// With `snake`, object keys are shown in Python's spelling (for results whose keys are
/// field names, never for data).
pub fn to_py<'py>(py: Python<'py>, value: &Value, snake: bool) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Value::Number(n) => match (n.as_i64(), n.as_u64()) {
            (Some(i), _) => i.into_pyobject(py)?.into_any(),
            (None, Some(u)) => u.into_pyobject(py)?.into_any(),
            _ => n.as_f64().unwrap_or(f64::NAN).into_pyobject(py)?.into_any(),
        },
        Value::String(s) => PyString::new(py, s).into_any(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(to_py(py, item, snake)?)?;
            }
            list.into_any()
        }
        Value::Object(map) => {
            let dict = PyDict::new(py);
            for (k, v) in map {
                if snake {
                    dict.set_item(json::snake_case(k), to_py(py, v, snake)?)?;
                } else {
                    dict.set_item(k, to_py(py, v, snake)?)?;
                }
            }
            dict.into_any()
        }
    })
}

/// A serializable result as Python objects (see [`to_py`]).
pub fn result<'py, T: serde::Serialize + ?Sized>(
    py: Python<'py>,
    value: &T,
    snake: bool,
) -> PyResult<Bound<'py, PyAny>> {
    let value = serde_json::to_value(value)
        .map_err(|e| raise(py, "internal", &format!("cannot convert the result: {e}")))?;
    to_py(py, &value, snake)
}
