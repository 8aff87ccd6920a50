//! Find, decode and unpack obfuscated payloads in text.
//!
//! Attackers hide commands and files in base64 (often UTF-16LE PowerShell), hex, and
//! compressed archives wrapped in base64, nested several times. This crate finds the encoded
//! runs in a text, decodes them, recognises what they hold by magic number, unpacks gzip,
//! zlib, raw DEFLATE, zip and tar recursively, hashes every decoded item (md5, sha1,
//! sha256), and gives back two things:
//!
//! * the input text with each decoded run replaced in place by a
//!   `<decoded type='…' name='…' index='…' depth='…'>…</decoded>` tag (binary content is shown
//!   as a placeholder with its size and hashes), and
//! * a record table with one row per decoded item, whose first twelve columns are those of
//!   MSTICPy's `unpack_items` (`reference`, `original_string`, `file_name`, `file_type`,
//!   `input_bytes`, `decoded_string`, `encoding_type`, `file_hashes`, `md5`, `sha1`, `sha256`,
//!   `printable_bytes`).
//!
//! Hostile input is expected: a damaged archive becomes a record flagged `undecodable` and
//! the rest of the input is still decoded; decompression bombs stop at an output budget
//! (64 MiB per input by default), an item limit and a depth limit, and the records they cut
//! are flagged `truncated`.
//!
//! With `compat: Compat::Msticpy` the decoder follows MSTICPy 3.0.2 step for step,
//! reproducing its quirks; the crate README lists every difference and which side each
//! mode takes.
//!
//! ```
//! use huntkit_decode::{decode, Compat, DecodeOptions};
//!
//! let out = decode(
//!     "powershell -enc VGhpcyBpcyBhIHRlc3Qgb2YgYmFzZTY0IGVuY29kZWQgc3RyaW5n",
//!     &DecodeOptions::default(),
//! )?;
//! assert_eq!(
//!     out.text,
//!     "powershell -enc <decoded type='string' name='unknown' index='1' depth='1'>\
//!      This is a test of base64 encoded string</decoded>"
//! );
//! assert_eq!(out.records[0].encoding_type, "utf-8");
//! assert_eq!(out.records[0].hashes.md5.len(), 32);
//!
//! // MSTICPy's own output, quirks and all.
//! let options = DecodeOptions { compat: Compat::Msticpy, ..DecodeOptions::default() };
//! let msticpy = decode("VGhpcyBpcyBhIHRlc3Qgb2YgYmFzZTY0IGVuY29kZWQgc3RyaW5n", &options)?;
//! assert_eq!(msticpy.records[0].reference, "1.1");
//! let table = msticpy.to_batch(&options)?; // Arrow, 12 columns
//! assert_eq!(table.num_columns(), 12);
//! # Ok::<(), huntkit_decode::Error>(())
//! ```
#![warn(missing_docs)]

mod archive;
mod codec;
mod compat;
mod error;
mod magic;
mod options;
mod output;
mod scan;
mod table;
mod text;
mod tree;
mod words;

use std::collections::HashSet;

pub use error::Error;
pub use options::{Compat, DecodeOptions};

/// The `detail` of a record whose decoded content held more encoded layers when the
/// depth limit (`max_depth`) stopped decoding.
pub const DEPTH_LIMIT_REACHED: &str = "depth limit reached";
pub use output::{cut_input_bytes, INPUT_BYTES_TRUNCATED};
pub use table::{decode_column, decode_table};
pub use text::Hashes;

/// What happened to one decoded item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Decoded completely.
    Ok,
    /// Cut short by a limit (budget, items, depth) or by damage part-way through.
    Truncated,
    /// Recognised as a container that could not be read; the record holds its raw bytes.
    Undecodable,
}

impl Status {
    /// The status as shown in the record table.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Ok => "ok",
            Status::Truncated => "truncated",
            Status::Undecodable => "undecodable",
        }
    }
}

/// One decoded item: a decoded run, an archive member or a decompressed stream.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// Where the item sits. huntkit's mode: the tag's `index` (`1`, `1.2`, `1.2.1`); compat
    /// mode: MSTICPy's reference tuple joined into one string (`prefix` + `depth.` + `index`).
    pub reference: String,
    /// The encoded text the item came from. In compat mode every member of an archive
    /// repeats its archive's encoded text, as MSTICPy does (shared, not copied); in
    /// huntkit's mode members leave it empty and their reference names the archive.
    pub original_string: std::sync::Arc<str>,
    /// The member's name inside its archive, `gzip_file`/`zlib_data` for a stream, else
    /// `unknown`.
    pub file_name: String,
    /// The recognised file type (`zip`, `gz`, `exe`, …), if any.
    pub file_type: Option<String>,
    /// The decoded bytes.
    pub input_bytes: Vec<u8>,
    /// The decoded text when the item is text.
    pub decoded_string: Option<String>,
    /// `utf-8`, `utf-16` or `binary`.
    pub encoding_type: String,
    /// md5, sha1 and sha256 of `input_bytes`.
    pub hashes: Hashes,
    /// The bytes as space-separated hex (cut at `max_printable_bytes` in huntkit's mode).
    pub printable_bytes: String,
    /// The `index` of the item's tag in the decoded text.
    pub index: String,
    /// Nesting depth, 1 for a run found in the input.
    pub depth: u32,
    /// How the item was encoded: `base64`, `base64url`, `hex`, or the container it came out
    /// of (`zip`, `tar`, `gz`, `zlib`).
    pub source_encoding: String,
    /// Whether the item was decoded completely.
    pub status: Status,
    /// Why the status is not `ok`.
    pub detail: Option<String>,
}

/// The result of decoding one text.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    /// The input with each decoded run replaced by its `<decoded …>` tag.
    pub text: String,
    /// One record per decoded item, outer items before the items inside them.
    pub records: Vec<Record>,
    /// A limit stopped decoding early somewhere in this input.
    pub truncated: bool,
    /// Decoded bytes this input spent of its output budget, at every level.
    pub output_bytes: usize,
}

impl Decoded {
    /// The record table as one Arrow batch: MSTICPy's 12 columns, plus `depth`,
    /// `source_encoding`, `status` and `detail` outside compat mode.
    pub fn to_batch(&self, options: &DecodeOptions) -> Result<arrow::array::RecordBatch, Error> {
        output::records_batch(&[output::RowRecords::single(&self.records)], options, None)
    }
}

/// A decoder with its patterns compiled once, for decoding many texts.
#[derive(Debug, Clone)]
pub struct Decoder {
    options: DecodeOptions,
    /// MSTICPy's candidate alphabet (also the standard alphabet of huntkit's mode).
    standard: scan::Alphabet,
    /// Candidates in huntkit's mode: both base64 alphabets and hex.
    wide: scan::Alphabet,
}

impl Decoder {
    /// Checks `options` and prepares the candidate finders.
    pub fn new(options: &DecodeOptions) -> Result<Self, Error> {
        options.validate()?;
        let standard = scan::Alphabet::new(b"+/", options.min_length);
        let wide = if options.url_safe {
            scan::Alphabet::new(b"+/-_", options.min_length)
        } else {
            standard.clone()
        };
        Ok(Decoder {
            options: options.clone(),
            standard,
            wide,
        })
    }

    /// The options this decoder was built with.
    pub fn options(&self) -> &DecodeOptions {
        &self.options
    }

    /// Whether `text` holds anything that looks encoded (a cheap pre-filter).
    pub fn has_candidates(&self, text: &str) -> bool {
        match self.options.compat {
            Compat::Msticpy => self.standard.is_match(text),
            Compat::Huntkit => self.wide.is_match(text),
        }
    }

    fn budget(&self, bytes_cap: usize) -> archive::Budget {
        archive::Budget {
            bytes_left: self.options.max_output_bytes.min(bytes_cap),
            items_left: self.options.max_items,
        }
    }

    /// Decodes one text. In compat mode this is MSTICPy's `unpack_items(input_string=…)`,
    /// including its padding of the whole input (quirk Q-B1).
    pub fn decode(&self, text: &str) -> Decoded {
        match self.options.compat {
            Compat::Msticpy => {
                let padded = msticpy_pad(text);
                self.decode_compat(&padded, &mut HashSet::new(), usize::MAX)
            }
            Compat::Huntkit => self.decode_tree(text, usize::MAX),
        }
    }

    /// Decodes one text without MSTICPy's padding of the whole input: in compat mode this is
    /// MSTICPy's `unpack(…)`; in huntkit's mode it is the same as [`Decoder::decode`].
    pub fn decode_unpadded(&self, text: &str) -> Decoded {
        self.decode_cell(text, &mut HashSet::new(), usize::MAX)
    }

    /// Decodes one cell of a table: as [`Decoder::decode`], except that compat mode does
    /// not pad (MSTICPy's `unpack_df` does not) and shares its cache of undecodable runs
    /// across the rows of one call. At most `bytes_cap` decoded bytes are spent.
    pub(crate) fn decode_cell(
        &self,
        text: &str,
        seen: &mut HashSet<String>,
        bytes_cap: usize,
    ) -> Decoded {
        match self.options.compat {
            Compat::Msticpy => self.decode_compat(text, seen, bytes_cap),
            Compat::Huntkit => self.decode_tree(text, bytes_cap),
        }
    }

    fn decode_compat(&self, text: &str, seen: &mut HashSet<String>, bytes_cap: usize) -> Decoded {
        let mut run = compat::Compat {
            alphabet: &self.standard,
            utf16: self.options.utf16.unwrap_or(false),
            budget: self.budget(bytes_cap),
            max_text: text.len().saturating_add(self.options.max_output_bytes),
            undecodable: std::mem::take(seen),
            truncated: false,
            max_printable: MSTICPY_MAX_PRINTABLE,
        };
        let budget = run.budget.bytes_left;
        let (out, records) = run.run(text, self.options.max_depth);
        *seen = run.undecodable;
        Decoded {
            text: out,
            records,
            truncated: run.truncated,
            output_bytes: budget.saturating_sub(run.budget.bytes_left),
        }
    }

    fn decode_tree(&self, text: &str, bytes_cap: usize) -> Decoded {
        let mut tree = tree::Tree {
            wide: &self.wide,
            standard: &self.standard,
            min_length: self.options.min_length,
            min_hex_length: self.options.min_hex_length,
            hex: self.options.hex,
            utf16: self.options.utf16.unwrap_or(true),
            max_depth: self.options.max_depth,
            max_candidates: self.options.max_candidates,
            max_printable: self.options.max_printable_bytes,
            budget: self.budget(bytes_cap),
            truncated: false,
            records: Vec::new(),
        };
        let budget = tree.budget.bytes_left;
        let out = tree.text(text, 1, "");
        Decoded {
            text: out,
            records: tree.records,
            truncated: tree.truncated,
            output_bytes: budget.saturating_sub(tree.budget.bytes_left),
        }
    }
}

/// Bytes shown as hex per item in compat mode. MSTICPy shows every byte; past 1 MiB (3 MB of
/// hex, in the record and again in the text) that only serves a decompression bomb.
const MSTICPY_MAX_PRINTABLE: usize = 1024 * 1024;

/// MSTICPy's `_b64_string_pad`: a text whose length is not a multiple of four loses its
/// trailing `=` and is filled up with `A`.
fn msticpy_pad(text: &str) -> String {
    let len = text.chars().count();
    if len.is_multiple_of(4) {
        return text.to_owned();
    }
    let trimmed = text.trim_end_matches('=');
    let fill = 4 - trimmed.chars().count() % 4;
    let mut out = String::with_capacity(trimmed.len().saturating_add(fill));
    out.push_str(trimmed);
    out.extend(std::iter::repeat_n('A', fill));
    out
}

/// Decodes one text with `options` (see [`Decoder::decode`]).
pub fn decode(text: &str, options: &DecodeOptions) -> Result<Decoded, Error> {
    Ok(Decoder::new(options)?.decode(text))
}

#[cfg(test)]
mod tests {
    use super::*;
    use huntkit_core::ErrorCode;

    #[test]
    fn pads_like_msticpy() {
        assert_eq!(msticpy_pad("abcd"), "abcd");
        assert_eq!(msticpy_pad("abcde"), "abcdeAAA");
        assert_eq!(msticpy_pad("abcdef=="), "abcdef==");
        assert_eq!(msticpy_pad("abcdef="), "abcdefAA");
    }

    #[test]
    fn options_are_checked() {
        let bad = DecodeOptions {
            max_depth: 0,
            ..DecodeOptions::default()
        };
        assert_eq!(decode("x", &bad).unwrap_err().code(), "invalid_option");
    }

    #[test]
    fn options_from_json() {
        let o: DecodeOptions =
            serde_json::from_str(r#"{"compat":"msticpy","maxDepth":3,"utf16":true}"#).unwrap();
        assert_eq!(o.compat, Compat::Msticpy);
        assert_eq!(o.max_depth, 3);
        assert_eq!(o.utf16, Some(true));
        assert_eq!(o.max_items, DecodeOptions::default().max_items);
    }
}
