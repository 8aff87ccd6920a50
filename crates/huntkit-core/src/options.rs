//! How a table is read: the format and the resource limits.

use serde::Deserialize;

/// The formats huntkit reads and writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Arrow IPC streaming format (`application/vnd.apache.arrow.stream`).
    #[serde(rename = "arrow", alias = "arrowstream", alias = "arrow-stream")]
    ArrowStream,
    /// Arrow IPC file format (Feather v2), magic `ARROW1`.
    #[serde(rename = "arrow-file", alias = "arrowfile", alias = "feather")]
    ArrowFile,
    /// Comma-separated values with a header row (RFC 4180).
    Csv,
    /// A JSON array of records.
    Json,
    /// Newline-delimited JSON: one record per line.
    #[serde(alias = "jsonl")]
    Ndjson,
}

impl Format {
    /// The name used in messages, options and the CLI.
    pub fn name(self) -> &'static str {
        match self {
            Format::ArrowStream => "arrow",
            Format::ArrowFile => "arrow-file",
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Ndjson => "ndjson",
        }
    }
}

/// Options for [`read`](crate::read): the format (sniffed from the bytes when `None`)
/// and the limits that keep hostile input from taking unbounded memory or time.
///
/// ```
/// let opts = huntkit_core::ReadOptions { max_rows: 1_000, ..Default::default() };
/// assert_eq!(opts.max_depth, 64);
/// ```
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct ReadOptions {
    /// The input's format; sniffed from its first bytes when `None`.
    pub format: Option<Format>,
    /// Largest input accepted, in bytes: 1 GiB natively, 256 MiB in wasm32, whose
    /// whole memory (4 GiB) must also hold the table, an engine's work and its output.
    pub max_bytes: u64,
    /// Most rows accepted.
    pub max_rows: u64,
    /// Most columns accepted.
    pub max_columns: u64,
    /// Most cells (rows × columns) read from CSV or JSON: a file of empty fields costs
    /// little to send but several bytes a cell to hold.
    pub max_cells: u64,
    /// Largest single field (CSV cell, JSON string), in bytes.
    pub max_field_bytes: u64,
    /// Deepest nesting of JSON values.
    pub max_depth: u64,
    /// Largest table, in bytes, that CSV or JSON input may build, estimated before it is
    /// built (8 bytes a cell plus the text). `None` (the default) allows 32 times the
    /// input's size, at least 64 MiB, and at most 1 GiB in wasm32: enough for any dense
    /// input, while records that each bring new keys (`{"k1":1}`, `{"k2":1}`, …) would
    /// make a table of keys × records from a few kilobytes.
    pub max_table_bytes: Option<u64>,
    /// Accept a CSV quote that is still open at the end of the input, as one long field.
    /// Off by default: such a quote swallows every later line, so it is an
    /// `invalid_csv` error naming the line where it opened.
    pub lenient: bool,
    /// Read CSV and JSON strings that look like numbers, booleans or timestamps as such.
    pub infer_types: bool,
}

impl ReadOptions {
    /// The most bytes a table built from an input of `input_bytes` may take: see
    /// [`max_table_bytes`](ReadOptions::max_table_bytes).
    pub fn table_budget(&self, input_bytes: usize) -> u64 {
        if let Some(limit) = self.max_table_bytes {
            return limit;
        }
        let relative = (input_bytes as u64).saturating_mul(32).max(64 << 20);
        if cfg!(target_arch = "wasm32") {
            relative.min(1 << 30)
        } else {
            relative
        }
    }
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            format: None,
            // Below 2 GiB so that no single text column can overflow Arrow's 32-bit offsets.
            max_bytes: if cfg!(target_arch = "wasm32") {
                256 << 20
            } else {
                1 << 30
            },
            max_rows: 100_000_000,
            max_columns: 10_000,
            max_cells: 250_000_000,
            max_field_bytes: 16 << 20,
            max_depth: 64,
            max_table_bytes: None,
            lenient: false,
            infer_types: true,
        }
    }
}
