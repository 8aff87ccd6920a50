//! The table layer of huntkit.
//!
//! Every huntkit engine reads its input through this crate and writes its output back
//! through it. It turns bytes — Arrow IPC (stream or file), CSV with a header row, a JSON
//! array of records, or NDJSON — into Arrow record batches, gives typed access to columns
//! by name whatever layout the producer chose (strings as `Utf8`, `LargeUtf8`, `Utf8View`
//! or dictionaries; timestamps of any unit, zoned or not, or ISO-8601 text), and writes
//! tables out again as Arrow IPC, CSV or NDJSON.
//!
//! Input is attacker-controlled, so reading is bounded by explicit [`ReadOptions`] limits
//! and every failure is an [`Error`] with a stable [`code`](Error::code) and a message that
//! names the column, row or line.
//!
//! ```
//! use huntkit_core::{read, inspect, write, Format, ReadOptions};
//!
//! let csv = b"TimeGenerated,Computer,EventID\n\
//!             2019-05-13T17:00:00Z,web01,4624\n\
//!             2019-05-13T17:05:00Z,web02,4625\n";
//! let table = read(csv, &ReadOptions::default())?;
//! assert_eq!(table.ints("EventID")?, vec![Some(4624), Some(4625)]);
//!
//! let info = inspect(&table)?;
//! assert_eq!(info.columns[0].time_range.as_ref().unwrap().start, "2019-05-13T17:00:00Z");
//!
//! let arrow = write(&table, Format::ArrowStream)?;
//! assert_eq!(read(&arrow, &ReadOptions::default())?.num_rows(), 2);
//! # Ok::<(), huntkit_core::Error>(())
//! ```

mod codes;
mod compat;
mod error;
mod infer;
mod inspect;
mod ipc_check;
mod options;
pub mod options_json;
mod read;
mod read_csv;
mod read_json;
mod sniff;
mod table;
mod text;
mod time;
mod write;

pub use arrow;
pub use codes::{first_seen_codes, Codes};
pub use compat::Compat;
pub use error::{shorten, Error, ErrorCode, Result};
pub use inspect::{inspect, ColumnInfo, Inspection, TimeRange};
pub use options::{Format, ReadOptions};
#[cfg(feature = "parquet")]
pub use read::read_parquet;
pub use read::{
    is_parquet, read, read_buffer, read_owned, read_owned_with_progress, read_with_progress,
};
pub use sniff::sniff;
pub use table::{parse_int, string_array, StrColumn, Table};
pub use text::to_text;
pub use time::{format_timestamp, parse_timestamp, timestamp_out_of_range, ParsedTime};
pub use write::write;

/// The schema metadata key under which a lenient read records what it let through (an
/// unterminated CSV quote), so the CLI and the npm package can show it.
pub const WARNING_KEY: &str = "huntkit:warning";
