//! GeoIP and ASN lookups: MaxMind DB files opened once, held by a `GeoIpDb`, then looked
//! up as often as needed.

use std::path::PathBuf;

use huntkit_geoip::Options;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyString};

use crate::error::{released, Failure};
use crate::options::type_name;
use crate::output::{stream, ArrowStream};
use crate::{input, options};

/// The engine options of a lookup: only `read`.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct NoOptions {}

/// A database as given: its bytes, or the path of its file (read without the interpreter).
enum Database {
    Bytes(Vec<u8>),
    Path(PathBuf),
}

impl Database {
    fn read(self, options: &Options) -> Result<Vec<u8>, Failure> {
        match self {
            Database::Bytes(b) => Ok(b),
            Database::Path(path) => {
                let size = std::fs::metadata(&path)
                    .map_err(|e| Failure::io(&path, e))?
                    .len();
                if size > options.max_database_bytes {
                    return Err(Failure::engine(&huntkit_core::Error::LimitExceeded {
                        what: format!("the database file's {size} bytes"),
                        limit: options.max_database_bytes,
                        option: "maxDatabaseBytes",
                    }));
                }
                std::fs::read(&path).map_err(|e| Failure::io(&path, e))
            }
        }
    }
}

/// Opened GeoIP databases: at most one City or Country database and one ASN database.
#[pyclass(frozen, module = "huntkit._native")]
pub struct GeoIpDb {
    inner: huntkit_geoip::GeoIpDb,
}

#[pymethods]
impl GeoIpDb {
    /// Opens `databases` (each the `bytes` of a `.mmdb` file or its path as `str`) with
    /// the GeoIP options (`language`, `verify`, `max_database_bytes`).
    #[new]
    #[pyo3(signature = (databases, options = None))]
    fn new(
        py: Python<'_>,
        databases: Vec<Bound<'_, PyAny>>,
        options: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<Self> {
        let opts: Options = options::engine(py, "GeoIpDb", options)?;
        let mut given = Vec::with_capacity(databases.len());
        for db in &databases {
            if let Ok(b) = db.cast::<PyBytes>() {
                given.push(Database::Bytes(b.as_bytes().to_vec()));
            } else if let Ok(p) = db.cast::<PyString>() {
                given.push(Database::Path(PathBuf::from(p.to_cow()?.as_ref())));
            } else {
                return Err(PyTypeError::new_err(format!(
                    "a GeoIP database is the bytes of a .mmdb file or its path, not a {}",
                    type_name(db)
                )));
            }
        }
        let inner = released(py, move || {
            let bytes = given
                .into_iter()
                .map(|d| d.read(&opts))
                .collect::<Result<Vec<_>, _>>()?;
            huntkit_geoip::GeoIpDb::from_bytes(bytes, &opts).map_err(|e| Failure::engine(&e))
        })?;
        Ok(GeoIpDb { inner })
    }

    /// What each database is: `[{kind, database_type, build_epoch, ip_version, languages,
    /// bytes}]`, the location database first.
    fn databases<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        options::result(py, &self.inner.databases(), true)
    }

    /// Looks up the addresses of `column` in `data`: the GeoLocation table, one row per
    /// input row.
    #[pyo3(signature = (data, column, options = None))]
    fn lookup_table(
        &self,
        py: Python<'_>,
        data: &Bound<'_, PyAny>,
        column: String,
        options: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<ArrowStream> {
        let (_, read): (NoOptions, _) = options::table(py, "GeoIpDb.lookup", options)?;
        let table = input::table(py, data, &read)?;
        let out = released(py, || {
            self.inner
                .lookup_column(&table, &column)
                .map_err(|e| Failure::engine(&e))
        })?;
        Ok(stream(out))
    }

    /// Fills the autonomous system of the rows of `data` whose `asn_column` is empty,
    /// from the address in `ip_column`: the table back, those two columns as text.
    fn fill_asn(
        &self,
        py: Python<'_>,
        data: &Bound<'_, PyAny>,
        ip_column: String,
        asn_column: String,
        org_column: String,
    ) -> PyResult<ArrowStream> {
        let table = input::table(py, data, &huntkit_core::ReadOptions::default())?;
        let out = released(py, || {
            self.inner
                .fill_asn(&table, &ip_column, &asn_column, &org_column)
                .map_err(|e| Failure::engine(&e))
        })?;
        Ok(stream(out))
    }

    /// Looks up a list of addresses (`None` for a missing one): as `lookup_table`.
    fn lookup_list(&self, py: Python<'_>, addresses: Vec<Option<String>>) -> PyResult<ArrowStream> {
        let out = released(py, || {
            let rows = addresses.len();
            self.inner
                .lookup_texts(addresses.iter().map(Option::as_deref), rows)
                .map_err(|e| Failure::engine(&e))
        })?;
        Ok(stream(out))
    }

    /// Looks up one address: a dict of the GeoLocation columns, or `None` when `address`
    /// is not an IPv4 or IPv6 address.
    fn lookup<'py>(&self, py: Python<'py>, address: &str) -> PyResult<Bound<'py, PyAny>> {
        let found = self
            .inner
            .lookup(address)
            .map_err(|e| Failure::engine(&e).into_py(py))?;
        match found {
            None => Ok(py.None().into_bound(py)),
            Some(found) => {
                let out = PyDict::new(py);
                out.set_item("IpAddress", address.trim())?;
                out.update(options::result(py, &found, false)?.cast::<pyo3::types::PyMapping>()?)?;
                Ok(out.into_any())
            }
        }
    }
}
