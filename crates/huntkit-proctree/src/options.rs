//! Every option of a build, with its default in one place.

use serde::{Deserialize, Serialize};

use crate::schema::Schema;

pub use huntkit_core::Compat;

/// What to do with a process event that has no usable time stamp.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub enum MissingTime {
    /// Keep it at 1970-01-01 (as MSTICPy does for Defender data) and flag it.
    #[default]
    Flag,
    /// Leave it out of the tree (counted in the report).
    Drop,
    /// Stop with an `invalid_value` error naming the row.
    Error,
}

/// Options of [`build`](crate::build) and [`build_table`](crate::build_table).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct Options {
    /// `auto` (infer from the column names), or one of `windows`, `linux`, `mde`,
    /// `mde-internal`, `sysmon`, `osquery`, `hx`. Ignored when `mapping` is given.
    pub schema: String,
    /// A user-given column mapping; it wins over `schema`.
    pub mapping: Option<Schema>,
    /// Tell hosts apart by this column instead of the schema's host column (a process
    /// id is only unique on one host): the host pivot's column, or a renamed `Computer`.
    pub host_column: Option<String>,
    /// Reproduce MSTICPy's quirks.
    pub compat: Compat,
    /// Events without a time stamp.
    pub missing_time: MissingTime,
    /// Most input rows read.
    pub max_rows: usize,
    /// Deepest level kept under a root; a process deeper than this starts a new tree and
    /// is flagged. Bounds the length of `path`, which grows with depth.
    pub max_depth: usize,
    /// Most bytes of `path` text over all processes (paths grow with depth); past it
    /// the build stops with `limit_exceeded`. 1 GiB natively; 256 MiB in wasm32, whose
    /// whole memory is 4 GiB and must also hold the input and the output table.
    pub max_path_bytes: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            schema: "auto".to_string(),
            mapping: None,
            host_column: None,
            compat: Compat::Huntkit,
            missing_time: MissingTime::Flag,
            max_rows: 50_000_000,
            max_depth: 256,
            max_path_bytes: if cfg!(target_arch = "wasm32") {
                256 << 20
            } else {
                1 << 30
            },
        }
    }
}
