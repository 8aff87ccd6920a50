//! What a timeline index is built with: its columns, MSTICPy's side or huntkit's, and
//! the bounds on work and memory, every default in one place.

use serde::Deserialize;

pub use huntkit_core::Compat;

/// Bounds on the work and memory one index or one query may take.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct Limits {
    /// Most rows an index accepts.
    pub max_rows: usize,
    /// Most lanes (distinct group keys).
    pub max_lanes: usize,
    /// Most distinct colour keys; further keys share [`NO_COLOUR`] and set `colours_truncated`.
    pub max_colours: usize,
    /// Widest plot, in pixel columns.
    pub max_width: u32,
    /// Most bins one `bin` call returns.
    pub max_bins: usize,
    /// Most rows one `hit` call returns.
    pub max_hits: usize,
    /// Most rows one `select` call returns.
    pub max_selected: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_rows: 50_000_000,
            max_lanes: 10_000,
            max_colours: 4_096,
            max_width: 65_536,
            max_bins: 20_000_000,
            max_hits: 10_000,
            max_selected: 5_000_000,
        }
    }
}

/// What to build a timeline from. Every default is here.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct TimelineOptions {
    /// Column holding each event's time (MSTICPy's `time_column`).
    pub time_column: String,
    /// Columns whose values make the lanes; several are joined with `lane_separator`.
    /// Empty means one lane for everything.
    pub group_by: Vec<String>,
    /// Column whose values pick each marker's colour.
    pub color_column: Option<String>,
    /// Numeric column for values mode (`display_timeline_values`' `value_column`).
    pub value_column: Option<String>,
    /// End-time column for duration mode (`display_timeline_duration`'s `end_time_column`).
    pub end_time_column: Option<String>,
    /// Joins the values of several `group_by` columns into one lane label.
    pub lane_separator: String,
    /// Label of the lane holding rows whose group key is null.
    pub null_label: String,
    /// Which side to take on MSTICPy's quirks.
    pub compat: Compat,
    /// Work and memory bounds.
    pub limits: Limits,
}

impl Default for TimelineOptions {
    fn default() -> Self {
        Self {
            time_column: "TimeGenerated".into(),
            group_by: Vec::new(),
            color_column: None,
            value_column: None,
            end_time_column: None,
            lane_separator: " / ".into(),
            null_label: "(null)".into(),
            compat: Compat::Huntkit,
            limits: Limits::default(),
        }
    }
}
