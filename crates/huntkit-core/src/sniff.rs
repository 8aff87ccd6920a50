//! Telling the format from the bytes, not from a file name.

use crate::{Error, Format, Result};

const ARROW_FILE_MAGIC: &[u8] = b"ARROW1";
const ARROW_CONTINUATION: [u8; 4] = [0xFF; 4];
const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Other containers that people hand to huntkit by mistake, named so the error says what
/// the bytes are rather than that they are "not CSV".
const FOREIGN_MAGIC: &[(&[u8], &str)] = &[
    (
        b"PAR1",
        "Parquet (the huntkit CLI reads Parquet; convert it to Arrow for the library)",
    ),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"PK\x03\x04", "a zip archive"),
    (b"%PDF", "a PDF document"),
    (b"\x7fELF", "an ELF executable"),
    (b"MZ", "a Windows executable"),
];

/// Strips a UTF-8 byte-order mark.
pub(crate) fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes)
}

/// Detects the format of `bytes` from their content.
///
/// ```
/// use huntkit_core::{sniff, Format};
/// assert_eq!(sniff(b"a,b\n1,2\n").unwrap(), Format::Csv);
/// assert_eq!(sniff(b"[{\"a\": 1}]").unwrap(), Format::Json);
/// assert_eq!(sniff(b"{\"a\": 1}\n{\"a\": 2}\n").unwrap(), Format::Ndjson);
/// ```
pub fn sniff(bytes: &[u8]) -> Result<Format> {
    if bytes.starts_with(ARROW_FILE_MAGIC) {
        return Ok(Format::ArrowFile);
    }
    if bytes.starts_with(&ARROW_CONTINUATION) {
        return Ok(Format::ArrowStream);
    }
    for (magic, what) in FOREIGN_MAGIC {
        if bytes.starts_with(magic) {
            return Err(Error::UnknownFormat {
                detail: format!("the input is {what}"),
            });
        }
    }
    let text = strip_bom(bytes);
    let start = text.iter().position(|b| !b.is_ascii_whitespace());
    let Some(start) = start else {
        return Err(Error::EmptyInput);
    };
    match text.get(start) {
        Some(b'[') => Ok(Format::Json),
        Some(b'{') => Ok(Format::Ndjson),
        _ => {
            // A text table needs a printable header line; binary garbage is not CSV. Data
            // rows are not checked here: real logs carry NUL bytes inside fields (Linux
            // audit proctitle), which the CSV reader accepts.
            let head = text.get(start..).unwrap_or_default();
            let line_end = head.iter().position(|&b| b == b'\n').unwrap_or(head.len());
            let header = head.get(..line_end.min(4096)).unwrap_or_default();
            let binary = header
                .iter()
                .filter(|&&b| b < 0x09 || (0x0E..0x20).contains(&b))
                .count();
            if binary > 0 {
                Err(Error::UnknownFormat {
                    detail: "the input is binary data that is not Arrow IPC (expected Arrow IPC, CSV, JSON or NDJSON)".into(),
                })
            } else {
                Ok(Format::Csv)
            }
        }
    }
}
