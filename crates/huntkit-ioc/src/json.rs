//! JSON text read as what it says: string escapes decoded before the patterns run.
//!
//! A raw JSON or NDJSON log keeps `\\`, `\r\n`, `\t` and `\"` in its strings. Scanned
//! as written, `C:\\Windows\\lsass.exe\r\nTargetProcessGUID` is one garbage path and
//! `\tpgustavo@example.com` an e-mail address starting with `t`. Decoded, each escape is
//! the character it stands for: a backslash, a line break, a tab (a separator for every
//! pattern). The decoded text is a view with a map back, like the refanged view, so every
//! match still has its exact span and `raw` text in the input.

use crate::options::JsonEscapes;
use crate::refang::Break;
use serde::de::IgnoredAny;

/// The decoded text and, for each escape, where it sits in the decoded text and in the
/// input. `None` when nothing is to be decoded.
pub(crate) fn decode(text: &str, mode: JsonEscapes) -> Option<(String, Vec<Break>)> {
    // Text that is not JSON, or has no backslash and so no escape: the common cases
    // cost a look at the first bytes and one search for a byte.
    let json_start = || {
        matches!(
            text.bytes().find(|b| !b.is_ascii_whitespace()),
            Some(b'{' | b'[')
        )
    };
    if mode == JsonEscapes::Never
        || (mode == JsonEscapes::Auto && !json_start())
        || memchr::memchr(b'\\', text.as_bytes()).is_none()
    {
        return None;
    }
    if mode == JsonEscapes::Always {
        return Some(unescape(text, &[(0, text.len())]));
    }
    if is_json_stream(text) {
        return Some(unescape(text, &[(0, text.len())]));
    }
    // Not one document or stream (a cut-off or mixed log): decode the lines that are.
    let mut ranges = Vec::new();
    let mut pos = 0usize;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with(['{', '[']) && line.contains('\\') && is_json_stream(line) {
            ranges.push((pos, pos + line.len()));
        }
        pos += line.len();
    }
    (!ranges.is_empty()).then(|| unescape(text, &ranges))
}

/// One JSON value or a whitespace-separated stream of them (NDJSON), nothing else.
/// serde_json bounds the nesting depth, so a hostile text cannot exhaust the stack.
fn is_json_stream(text: &str) -> bool {
    let mut any = false;
    for v in serde_json::Deserializer::from_str(text).into_iter::<IgnoredAny>() {
        if v.is_err() {
            return false;
        }
        any = true;
    }
    any
}

/// Decodes the JSON escapes inside `ranges` of `text` (sorted, not overlapping). An
/// escape JSON does not define is kept as written.
fn unescape(text: &str, ranges: &[(usize, usize)]) -> (String, Vec<Break>) {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut breaks = Vec::new();
    let mut copied = 0usize;
    for &(from, to) in ranges {
        let mut i = from;
        while let Some(off) = b
            .get(i..to)
            .and_then(|r| r.iter().position(|&c| c == b'\\'))
        {
            let at = i + off;
            let Some((ch, len)) = escape_at(b, at) else {
                // Not an escape: keep the backslash and look on after it.
                i = at + 1;
                continue;
            };
            out.push_str(text.get(copied..at).unwrap_or_default());
            let view_start = out.len();
            out.push(ch);
            breaks.push(Break {
                view_start,
                view_end: out.len(),
                raw_start: at,
                raw_end: at + len,
            });
            copied = at + len;
            i = copied;
        }
    }
    out.push_str(text.get(copied..).unwrap_or_default());
    (out, breaks)
}

/// The character an escape at `at` (a backslash) stands for, and its length in bytes.
fn escape_at(b: &[u8], at: usize) -> Option<(char, usize)> {
    let ch = match b.get(at + 1)? {
        b'"' => '"',
        b'\\' => '\\',
        b'/' => '/',
        b'b' => '\u{8}',
        b'f' => '\u{c}',
        b'n' => '\n',
        b'r' => '\r',
        b't' => '\t',
        b'u' => {
            let hi = hex4(b, at + 2)?;
            if (0xD800..0xDC00).contains(&hi) {
                // A surrogate pair is two escapes for one character.
                if b.get(at + 6) == Some(&b'\\') && b.get(at + 7) == Some(&b'u') {
                    if let Some(lo) = hex4(b, at + 8).filter(|lo| (0xDC00..0xE000).contains(lo)) {
                        let c = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
                        return Some((char::from_u32(c)?, 12));
                    }
                }
                return Some((char::REPLACEMENT_CHARACTER, 6));
            }
            return Some((char::from_u32(hi).unwrap_or(char::REPLACEMENT_CHARACTER), 6));
        }
        _ => return None,
    };
    Some((ch, 2))
}

fn hex4(b: &[u8], at: usize) -> Option<u32> {
    let digits = b.get(at..at + 4)?;
    let s = std::str::from_utf8(digits).ok()?;
    if !s.bytes().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    u32::from_str_radix(s, 16).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decoded(text: &str, mode: JsonEscapes) -> Option<String> {
        decode(text, mode).map(|(t, _)| t)
    }

    #[test]
    fn decodes_json_documents_and_ndjson() {
        let doc = r#"{"TargetImage":"C:\\Windows\\system32\\lsass.exe\r\nTargetProcessGUID: {x}","U":"\tpgustavo@example.com","E":"\u00e9\ud83d\ude80"}"#;
        assert_eq!(
            decoded(doc, JsonEscapes::Auto).unwrap(),
            "{\"TargetImage\":\"C:\\Windows\\system32\\lsass.exe\r\nTargetProcessGUID: {x}\",\"U\":\"\tpgustavo@example.com\",\"E\":\"é🚀\"}"
        );
        let nd = "{\"a\":\"x\\\\y\"}\n{\"b\":\"\\\"q\\\"\"}\n";
        assert_eq!(
            decoded(nd, JsonEscapes::Auto).unwrap(),
            "{\"a\":\"x\\y\"}\n{\"b\":\"\"q\"\"}\n"
        );
    }

    #[test]
    fn plain_text_is_left_alone_unless_asked() {
        let text = r"C:\new\table and \t";
        assert!(decoded(text, JsonEscapes::Auto).is_none());
        assert!(decoded(text, JsonEscapes::Never).is_none());
        assert_eq!(
            decoded(text, JsonEscapes::Always).unwrap(),
            "C:\new\table and \t"
        );
        // Starts like JSON but is not: left alone.
        assert!(decoded(r"{ C:\temp\x }", JsonEscapes::Auto).is_none());
        // A JSON document with nothing escaped: nothing to do.
        assert!(decoded(r#"{"a":"b"}"#, JsonEscapes::Auto).is_none());
    }

    #[test]
    fn a_cut_off_log_decodes_its_whole_lines() {
        let text = "{\"a\":\"C:\\\\x\\\\y.exe\"}\n{\"b\":\"C:\\\\cut";
        assert_eq!(
            decoded(text, JsonEscapes::Auto).unwrap(),
            "{\"a\":\"C:\\x\\y.exe\"}\n{\"b\":\"C:\\\\cut"
        );
    }

    #[test]
    fn breaks_map_back_to_the_escapes() {
        let text = r#"["a\\b\u0041"]"#;
        let (t, br) = decode(text, JsonEscapes::Auto).unwrap();
        assert_eq!(t, r#"["a\bA"]"#);
        assert_eq!(br.len(), 2);
        assert_eq!(
            (
                br[0].raw_start,
                br[0].raw_end,
                br[1].raw_start,
                br[1].raw_end
            ),
            (3, 5, 6, 12)
        );
    }

    #[test]
    fn hostile_nesting_is_not_json() {
        let deep = format!("{}\\n{}", "[".repeat(100_000), "]".repeat(100_000));
        assert!(decoded(&deep, JsonEscapes::Auto).is_none());
    }
}
