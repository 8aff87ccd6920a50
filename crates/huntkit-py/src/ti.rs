//! Threat-intelligence lookups against local feeds: a `TiFeeds` holds the feeds read
//! once, then answers lookups of tables, lists or single indicators, offline.

use std::path::PathBuf;

use huntkit_core::Table;
use huntkit_ti::{FeedOptions, FeedSet, IocType, LookupOptions};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyString};

use crate::error::{released, Failure};
use crate::options::type_name;
use crate::output::{stream, ArrowStream};
use crate::{input, options};

/// Feeds read into one lookup index.
#[pyclass(module = "huntkit._native")]
pub struct TiFeeds {
    inner: FeedSet,
}

/// A feed as given: its bytes, or the path of its file (read without the interpreter).
enum Feed {
    Bytes(Vec<u8>),
    Path(PathBuf),
}

impl Feed {
    fn from_py(feed: &Bound<'_, PyAny>) -> PyResult<Feed> {
        if let Ok(b) = feed.cast::<PyBytes>() {
            return Ok(Feed::Bytes(b.as_bytes().to_vec()));
        }
        if let Ok(p) = feed.cast::<PyString>() {
            return Ok(Feed::Path(PathBuf::from(p.to_cow()?.as_ref())));
        }
        Err(PyTypeError::new_err(format!(
            "a feed is the bytes of a feed file or its path, not a {}",
            type_name(feed)
        )))
    }

    fn read(self, options: &FeedOptions) -> Result<(Vec<u8>, Option<String>), Failure> {
        match self {
            Feed::Bytes(b) => Ok((b, None)),
            Feed::Path(path) => {
                let size = std::fs::metadata(&path)
                    .map_err(|e| Failure::io(&path, e))?
                    .len();
                if size > options.max_feed_bytes as u64 {
                    return Err(Failure::engine(&huntkit_ti::Error::LimitExceeded {
                        what: format!("feed file {} ({size} bytes)", path.display()),
                        limit: options.max_feed_bytes as u64,
                        option: "maxFeedBytes",
                    }));
                }
                let bytes = std::fs::read(&path).map_err(|e| Failure::io(&path, e))?;
                let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned());
                Ok((bytes, stem))
            }
        }
    }
}

#[pymethods]
impl TiFeeds {
    /// An empty set of feeds.
    #[new]
    fn new() -> Self {
        TiFeeds {
            inner: FeedSet::new(),
        }
    }

    /// Reads a feed (`bytes`, or a path as `str`) with the feed options (`kind`, `name`,
    /// `severity`, `high_score`, `ioc_type`, `value_column`, `type_column`,
    /// `score_column`, `severity_column`, `reference_column`, `max_feed_bytes`,
    /// `max_entries`, `max_line_bytes`) and adds it: `{name, kind, entries, skipped,
    /// benign}`. A plain, CSV or STIX feed read from a file is named after the file.
    #[pyo3(signature = (feed, options = None))]
    fn add<'py>(
        &mut self,
        py: Python<'py>,
        feed: &Bound<'py, PyAny>,
        options: Option<&Bound<'py, PyDict>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let mut opts: FeedOptions = options::engine(py, "TiFeeds.add", options)?;
        let feed = Feed::from_py(feed)?;
        let inner = &mut self.inner;
        let summary = released(py, move || {
            let (bytes, stem) = feed.read(&opts)?;
            if opts.name.is_none() {
                let kind = opts.kind.or_else(|| huntkit_ti::detect(&bytes));
                let named_by_content = matches!(
                    kind,
                    Some(huntkit_ti::FeedKind::MispWarninglist | huntkit_ti::FeedKind::MispEvent)
                );
                if !named_by_content {
                    opts.name = stem;
                }
            }
            inner
                .add_bytes(&bytes, &opts)
                .map_err(|e| Failure::engine(&e))
        })?;
        options::result(py, &summary, true)
    }

    /// What each feed holds: `[{name, kind, entries, skipped, benign}]`.
    fn feeds<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        options::result(py, &self.inner.summaries(), true)
    }

    /// Looks up a column of `data` (options `column`, `type_column`, `ioc_type`,
    /// `include_misses`, `max_results`, `read`): MSTICPy's TI result columns and
    /// `SourceIndex`.
    #[pyo3(signature = (data, options = None))]
    fn lookup_table(
        &self,
        py: Python<'_>,
        data: &Bound<'_, PyAny>,
        options: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<ArrowStream> {
        let (opts, read): (LookupOptions, _) = options::table(py, "TiFeeds.lookup", options)?;
        let table = input::table(py, data, &read)?;
        let out = released(py, || {
            self.inner
                .lookup_table(&table, &opts)
                .map_err(|e| Failure::engine(&e))
        })?;
        Ok(stream(out))
    }

    /// Looks up a list of indicators (`None` for a missing one): as `lookup_table`,
    /// `SourceIndex` being the position in the list.
    #[pyo3(signature = (values, options = None))]
    fn lookup_list(
        &self,
        py: Python<'_>,
        values: Vec<Option<String>>,
        options: Option<&Bound<'_, PyDict>>,
    ) -> PyResult<ArrowStream> {
        let mut opts: LookupOptions = options::engine(py, "TiFeeds.lookup", options)?;
        let out = released(py, move || {
            let column = huntkit_core::string_array(values.iter().map(Option::as_deref));
            let table = Table::from_columns(vec![("Ioc".into(), column)])
                .map_err(|e| Failure::engine(&e))?;
            opts.column = Some("Ioc".into());
            opts.type_column = None;
            self.inner
                .lookup_table(&table, &opts)
                .map_err(|e| Failure::engine(&e))
        })?;
        Ok(stream(out))
    }

    /// Looks up one indicator: a list of dicts with MSTICPy's TI result keys (`Details`
    /// as a dict or a string), one per feed that lists it.
    #[pyo3(signature = (value, ioc_type = None))]
    fn lookup<'py>(
        &self,
        py: Python<'py>,
        value: &str,
        ioc_type: Option<&str>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let ioc_type = match ioc_type {
            None => None,
            Some(name) => Some(IocType::parse_for(name, value).ok_or_else(|| {
                Failure::engine(&huntkit_ti::Error::UnknownType {
                    name: name.to_string(),
                })
                .into_py(py)
            })?),
        };
        let found = self.inner.lookup(value, ioc_type);
        let rows: Vec<serde_json::Value> = found
            .iter()
            .map(|r| {
                serde_json::json!({
                    "Ioc": r.ioc,
                    "IocType": r.ioc_type.name(),
                    "Provider": r.provider,
                    "Result": r.result,
                    "Severity": r.severity.name(),
                    "Details": r.details,
                    "RawResult": r.raw_result,
                    "Reference": r.reference,
                })
            })
            .collect();
        options::result(py, &rows, false)
    }
}
