//! Options: one struct holding every default in one place.

use serde::{Deserialize, Serialize};

/// The largest database accepted by default: GeoLite2 City is about 60 MB and the
/// commercial GeoIP2 City about 130 MB, so 1 GiB leaves room for every published edition
/// while refusing a file that would exhaust a browser tab's memory.
pub const DEFAULT_MAX_DATABASE_BYTES: u64 = 1 << 30;

/// Every option of a GeoIP lookup, with its defaults.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct Options {
    /// The locale of country, state and city names, as the database spells it: `en`
    /// (default, as MSTICPy), `de`, `es`, `fr`, `ja`, `pt-BR`, `ru`, `zh-CN`, or any other
    /// locale a database lists in its metadata. A name missing in that locale is null.
    pub language: String,
    /// Check the whole database when it is opened: every node of the search tree and
    /// every record it points to. A corrupt file then fails at once with
    /// `invalid_geoip_db`; without the check it fails at the first lookup that meets the
    /// damage (still with `invalid_geoip_db`, never a crash). Costs one pass over the file.
    pub verify: bool,
    /// The largest database file accepted, in bytes.
    pub max_database_bytes: u64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            language: "en".into(),
            verify: true,
            max_database_bytes: DEFAULT_MAX_DATABASE_BYTES,
        }
    }
}
