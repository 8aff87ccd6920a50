//! The engine behind huntkit's interactive timeline views.
//!
//! A timeline of a million events cannot be drawn one marker at a time on every wheel
//! tick. This crate sorts the events once into a [`TimelineIndex`] (lanes from a `group_by`
//! key, colours from a colour key) and then answers, for each frame of the view:
//!
//! * [`TimelineIndex::bin`]: level-of-detail binning. For the visible time window and the
//!   plot's pixel width it counts the events per (lane, pixel column) and keeps one
//!   representative row per bin (and the min/max of a value column in values mode). It
//!   binary-searches the window and gallops through each occupied column, so it costs
//!   `O(lanes · log n + bins · log n)` whatever the zoom.
//! * [`TimelineIndex::hit`]: the rows nearest to a point under the pointer, `O(log n + k)`.
//! * [`TimelineIndex::select`]: the rows inside a brushed time range.
//! * [`TimelineIndex::spans`]: first and last time per lane (duration mode).
//!
//! [`Timeline::from_table`] builds all of it from a `huntkit-core` table, with the lane
//! order, null handling and defaults of MSTICPy's `display_timeline` family.
//!
//! ```
//! use huntkit_timeline::{Timeline, TimelineOptions};
//!
//! let csv = b"TimeGenerated,Account,EventID\n\
//!     2024-01-01T00:00:00Z,alice,4688\n\
//!     2024-01-01T00:00:30Z,bob,4688\n\
//!     2024-01-01T00:01:00Z,alice,4624\n";
//! let table = huntkit_core::read(csv, &huntkit_core::ReadOptions::default())?;
//! let options = TimelineOptions {
//!     group_by: vec!["Account".into()],
//!     ..TimelineOptions::default()
//! };
//! let timeline = Timeline::from_table(&table, &options)?;
//! assert_eq!(timeline.lanes, ["alice", "bob"]);
//!
//! // Bin the whole minute into a 2-pixel-wide plot.
//! let (start, end) = timeline.index.extent().ok_or("no events")?;
//! let bins = timeline.index.bin(start, end + 1, 2, &[])?;
//! assert_eq!(bins.lane, [0, 0, 1]);
//! assert_eq!(bins.column, [0, 1, 0]);
//!
//! // Brush the first 45 seconds: rows 0 and 1.
//! let picked = timeline.index.select(start, start + 45_000_000_000, &[]);
//! assert_eq!(picked.rows, [0, 1]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod index;
mod keys;
mod options;
mod table;

pub use index::{Bins, Event, LaneSpan, Selection, TimelineIndex, NO_COLOUR};
pub use keys::{assign_keys, Keys};
pub use options::{Compat, Limits, TimelineOptions};
pub use table::Timeline;

/// What can go wrong building or querying a timeline.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The table layer failed (missing column, wrong type, unreadable input).
    #[error(transparent)]
    Core(#[from] huntkit_core::Error),
    /// A bound in [`Limits`] was hit.
    #[error("too many {what}: the limit is {limit}")]
    LimitExceeded {
        /// What overflowed.
        what: &'static str,
        /// The bound.
        limit: usize,
    },
    /// An option was out of range.
    #[error("invalid option: {0}")]
    InvalidOption(String),
    /// A value passed in was inconsistent.
    #[error("invalid value: {0}")]
    InvalidValue(String),
}

impl huntkit_core::ErrorCode for Error {
    /// Stable snake_case code of the error.
    fn code(&self) -> &'static str {
        match self {
            Error::Core(e) => e.code(),
            Error::LimitExceeded { .. } => "limit_exceeded",
            Error::InvalidOption(_) => "invalid_option",
            Error::InvalidValue(_) => "invalid_value",
        }
    }
}
