//! Telling text from binary, and the printable forms of bytes.

use md5::{Digest, Md5};
use sha1::Sha1;
use sha2::Sha256;

/// md5, sha1 and sha256 of one decoded item, as lowercase hex.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Hashes {
    /// MD5, kept because threat-intelligence feeds still key on it.
    pub md5: String,
    /// SHA-1.
    pub sha1: String,
    /// SHA-256.
    pub sha256: String,
}

impl Hashes {
    /// Hashes `bytes` with all three algorithms.
    pub fn of(bytes: &[u8]) -> Self {
        Hashes {
            md5: hex::encode(Md5::digest(bytes)),
            sha1: hex::encode(Sha1::digest(bytes)),
            sha256: hex::encode(Sha256::digest(bytes)),
        }
    }

    /// The three hashes as one JSON object, the form of the `file_hashes` column.
    pub fn to_json(&self) -> String {
        format!(
            "{{\"md5\": \"{}\", \"sha1\": \"{}\", \"sha256\": \"{}\"}}",
            self.md5, self.sha1, self.sha256
        )
    }
}

/// Space-separated two-digit hex of the first `limit` bytes; ` …` marks a cut.
pub(crate) fn printable_bytes(bytes: &[u8], limit: Option<usize>) -> String {
    let shown = limit.map_or(bytes, |l| bytes.get(..l).unwrap_or(bytes));
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let digit = |n: u8| char::from(DIGITS.get(usize::from(n & 0x0f)).copied().unwrap_or(b'0'));
    let mut out = String::with_capacity(shown.len().saturating_mul(3).saturating_add(4));
    for (i, b) in shown.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push(digit(b >> 4));
        out.push(digit(*b));
    }
    if shown.len() < bytes.len() {
        out.push_str(" …");
    }
    out
}

/// Python's `bytes.decode("utf-16")`: a byte-order mark picks the order, little-endian
/// otherwise; an odd length or an unpaired surrogate is an error.
pub(crate) fn python_utf16(bytes: &[u8]) -> Option<String> {
    if !bytes.len().is_multiple_of(2) {
        return None;
    }
    let (body, big_endian) = match bytes {
        [0xff, 0xfe, rest @ ..] => (rest, false),
        [0xfe, 0xff, rest @ ..] => (rest, true),
        _ => (bytes, false),
    };
    let units = body.chunks_exact(2).map(|p| match p {
        [a, b] if big_endian => u16::from_be_bytes([*a, *b]),
        [a, b] => u16::from_le_bytes([*a, *b]),
        _ => 0,
    });
    char::decode_utf16(units)
        .collect::<Result<String, _>>()
        .ok()
}

/// Text a reader would call text: no NUL, and at most one control character in twenty
/// (tab, line breaks, form feed and escape are not counted).
fn looks_printable(text: &str) -> bool {
    let mut chars = 0usize;
    let mut control = 0usize;
    for c in text.chars() {
        chars += 1;
        if c == '\0' {
            return false;
        }
        if c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0c' | '\x1b') {
            control += 1;
        }
    }
    chars > 0 && control.saturating_mul(20) <= chars
}

/// Most odd bytes zero and most even bytes not: the shape of ASCII-range UTF-16LE text,
/// such as PowerShell's `-EncodedCommand` payloads.
fn looks_utf16le(bytes: &[u8]) -> bool {
    let bytes = even_prefix(bytes);
    if bytes.len() < 4 {
        return false;
    }
    if bytes.starts_with(&[0xff, 0xfe]) {
        return true;
    }
    let pairs = bytes.len() / 2;
    let (mut ascii, mut nul) = (0usize, 0usize);
    for p in bytes.chunks_exact(2) {
        match p {
            [0, 0] => nul += 1,
            [_, 0] => ascii += 1,
            _ => {}
        }
    }
    // Runs of zeros are binary padding, not text: they must not cost a decode.
    nul == 0 && ascii.saturating_mul(10) >= pairs.saturating_mul(9)
}

/// The bytes up to an even length: UTF-16 text with one stray byte after it (a payload
/// cut or padded by one) is still text, and its odd byte is reported, not decoded.
fn even_prefix(bytes: &[u8]) -> &[u8] {
    bytes.get(..bytes.len() & !1).unwrap_or(bytes)
}

/// Decodes `bytes` as text if they are text: UTF-16LE first when `utf16` (it would also be
/// valid UTF-8, full of NULs), then UTF-8. Returns the text and its encoding's name. For
/// UTF-16 of odd length the last byte is left out (see [`odd_utf16_byte`]).
pub(crate) fn classify(bytes: &[u8], utf16: bool) -> Option<(String, &'static str)> {
    if utf16 && looks_utf16le(bytes) {
        let body = even_prefix(bytes);
        let body = body.strip_prefix(&[0xff, 0xfe]).unwrap_or(body);
        let units = body.chunks_exact(2).map(|p| {
            u16::from_le_bytes([
                p.first().copied().unwrap_or(0),
                p.get(1).copied().unwrap_or(0),
            ])
        });
        if let Ok(text) = char::decode_utf16(units).collect::<Result<String, _>>() {
            if looks_printable(&text) {
                return Some((text, "utf-16"));
            }
        }
    }
    let text = std::str::from_utf8(bytes).ok()?;
    looks_printable(text).then(|| (text.to_owned(), "utf-8"))
}

/// Whether the first bytes of a longer content read as text (UTF-8 or UTF-16LE): the
/// prefix may end inside a character.
pub(crate) fn starts_as_text(head: &[u8], utf16: bool) -> bool {
    if utf16 && looks_utf16le(head) {
        return true;
    }
    let valid = match std::str::from_utf8(head) {
        Ok(text) => text,
        // Cut inside a character: the bytes before it.
        Err(e) if e.error_len().is_none() => head
            .get(..e.valid_up_to())
            .and_then(|h| std::str::from_utf8(h).ok())
            .unwrap_or_default(),
        Err(_) => return false,
    };
    looks_printable(valid)
}

/// The stray last byte of UTF-16 text of odd length, which [`classify`] left out.
pub(crate) fn odd_utf16_byte(bytes: &[u8], encoding: &str) -> Option<u8> {
    if encoding == "utf-16" && !bytes.len().is_multiple_of(2) {
        bytes.last().copied()
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printable_forms() {
        assert_eq!(printable_bytes(&[0x3e, 0x7b, 0xf4], None), "3e 7b f4");
        assert_eq!(printable_bytes(&[1, 2, 3], Some(2)), "01 02 …");
        assert_eq!(printable_bytes(&[], None), "");
    }

    #[test]
    fn utf16_python_rules() {
        assert_eq!(python_utf16(b"h\0i\0").unwrap(), "hi");
        assert_eq!(python_utf16(b"\xfe\xff\0h").unwrap(), "h");
        assert!(python_utf16(b"h\0i").is_none());
        assert!(python_utf16(b"\0\xd8a\0").is_none());
    }

    #[test]
    fn classify_text_and_binary() {
        let ps: Vec<u8> = "IEX (New-Object Net.WebClient)"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert_eq!(classify(&ps, true).unwrap().1, "utf-16");
        assert!(classify(&ps, false).is_none());
        assert_eq!(classify(b"plain text\r\n", true).unwrap().1, "utf-8");
        assert!(classify(&[0x3e, 0x7b, 0xf4, 0xbf], true).is_none());
        assert!(classify(b"\x01\x02\x03abc", true).is_none());
        // One stray byte after UTF-16 text: the text is decoded, the byte reported.
        let mut odd: Vec<u8> = "IEX (New-Object Net.WebClient)"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        odd.push(0x41);
        let (text, encoding) = classify(&odd, true).unwrap();
        assert_eq!(
            (text.as_str(), encoding),
            ("IEX (New-Object Net.WebClient)", "utf-16")
        );
        assert_eq!(odd_utf16_byte(&odd, encoding), Some(0x41));
        assert_eq!(
            Hashes::of(b"").md5,
            "d41d8cd98f00b204e9800998ecf8427e".to_string()
        );
    }
}
