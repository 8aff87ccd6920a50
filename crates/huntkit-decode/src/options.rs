//! The decoder's options, with their defaults in one place.

use crate::Error;

pub use huntkit_core::Compat;

/// Every option of the decoder, with its default.
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct DecodeOptions {
    /// Follow MSTICPy exactly (`"msticpy"`) or use huntkit's fixes (the default).
    pub compat: Compat,
    /// Deepest nesting decoded: 20. In compat mode this is MSTICPy's `max_recursion`, which
    /// allows one more level of rescanning.
    pub max_depth: u32,
    /// Decoded bytes one input may produce, across all levels: 64 MiB.
    pub max_output_bytes: usize,
    /// Decoded bytes all the rows of one table may produce together: 256 MiB. Each row
    /// may spend at most `maxOutputBytes` of it; once it is spent, later rows are not
    /// decoded and the record table's `huntkit:warning` metadata says from which row.
    pub max_table_output_bytes: usize,
    /// Records one input may produce: 10,000.
    pub max_items: usize,
    /// Encoded runs decoded per text: 1,000 (compat mode uses MSTICPy's 51 per pass).
    pub max_candidates: usize,
    /// Shortest base64 run considered, not counting line breaks: 30, as MSTICPy.
    pub min_length: usize,
    /// Shortest hex run considered: 32.
    pub min_hex_length: usize,
    /// Also decode URL-safe base64 (`-` and `_`): true. Ignored in compat mode.
    pub url_safe: bool,
    /// Also decode long hex runs: true. Ignored in compat mode.
    pub hex: bool,
    /// Recognise UTF-16 text. Unset: automatic in huntkit's mode, off in compat mode; in
    /// compat mode `true` is MSTICPy's `utf16=True` (try UTF-16 before UTF-8).
    pub utf16: Option<bool>,
    /// Bytes shown in `printable_bytes` of each record: 1,024. Compat mode shows up to 1 MiB
    /// of each item, as hex in the text too, as MSTICPy does (it has no limit).
    pub max_printable_bytes: usize,
}

impl Default for DecodeOptions {
    fn default() -> Self {
        DecodeOptions {
            compat: Compat::Huntkit,
            max_depth: 20,
            max_output_bytes: 64 * 1024 * 1024,
            max_table_output_bytes: 256 * 1024 * 1024,
            max_items: 10_000,
            max_candidates: 1_000,
            min_length: 30,
            min_hex_length: 32,
            url_safe: true,
            hex: true,
            utf16: None,
            max_printable_bytes: 1024,
        }
    }
}

impl DecodeOptions {
    /// Checks that every option is usable.
    pub fn validate(&self) -> Result<(), Error> {
        let bad = |name: &'static str, reason: &str| {
            Err(Error::InvalidOption {
                name,
                reason: reason.to_owned(),
            })
        };
        if self.max_depth == 0 || self.max_depth > 1000 {
            return bad("maxDepth", "must be between 1 and 1000");
        }
        if self.min_length < 4 || self.min_length > 100_000 {
            return bad("minLength", "must be between 4 and 100000");
        }
        if self.min_hex_length < 4 || self.min_hex_length > 100_000 {
            return bad("minHexLength", "must be between 4 and 100000");
        }
        if self.max_output_bytes == 0 {
            return bad("maxOutputBytes", "must be at least 1");
        }
        if self.max_table_output_bytes == 0 {
            return bad("maxTableOutputBytes", "must be at least 1");
        }
        if self.max_items == 0 {
            return bad("maxItems", "must be at least 1");
        }
        if self.max_candidates == 0 {
            return bad("maxCandidates", "must be at least 1");
        }
        Ok(())
    }
}
