//! Turning candidate text into bytes: base64 (standard and URL-safe) and hex.

use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use base64::Engine;

/// Trailing bits are ignored and padding is handled by the callers, so one engine per
/// alphabet decodes whatever a lenient reader would accept.
const fn config() -> GeneralPurposeConfig {
    GeneralPurposeConfig::new()
        .with_encode_padding(false)
        .with_decode_padding_mode(DecodePaddingMode::RequireNone)
        .with_decode_allow_trailing_bits(true)
}

const STANDARD: GeneralPurpose = GeneralPurpose::new(&alphabet::STANDARD, config());
const URL_SAFE: GeneralPurpose = GeneralPurpose::new(&alphabet::URL_SAFE, config());

/// Which text encoding a candidate was read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Source {
    Base64,
    Base64Url,
    Hex,
}

impl Source {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Source::Base64 => "base64",
            Source::Base64Url => "base64url",
            Source::Hex => "hex",
        }
    }
}

fn is_standard_symbol(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'+' || b == b'/'
}

/// Decodes the way MSTICPy's reader does (Python's non-strict `b64decode`): bytes outside
/// the alphabet are skipped, a complete pad sequence ends the input, and an unpadded
/// remainder of 1, 2 or 3 symbols is an error. Returns `None` where Python raises.
pub(crate) fn b64decode_lenient_python(text: &str) -> Option<Vec<u8>> {
    let mut symbols: Vec<u8> = Vec::with_capacity(text.len());
    let mut pads = 0usize;
    let mut ended_by_padding = false;
    for &b in text.as_bytes() {
        if b == b'=' {
            let quad = symbols.len() % 4;
            if quad >= 2 {
                pads += 1;
                if quad + pads >= 4 {
                    ended_by_padding = true;
                    break;
                }
            }
            continue;
        }
        if is_standard_symbol(b) {
            symbols.push(b);
        }
    }
    if !ended_by_padding && !symbols.len().is_multiple_of(4) {
        return None;
    }
    STANDARD.decode(&symbols).ok()
}

/// Decodes a candidate found by huntkit's own finder: line breaks inside are allowed,
/// padding is optional, and a length that no base64 text can have is refused.
pub(crate) fn decode_candidate(text: &str, source: Source) -> Option<Vec<u8>> {
    let body: Vec<u8> = text
        .bytes()
        .filter(|b| *b != b'\r' && *b != b'\n')
        .collect();
    match source {
        Source::Hex => {
            if !body.len().is_multiple_of(2) {
                return None;
            }
            hex::decode(&body).ok()
        }
        Source::Base64 | Source::Base64Url => {
            let end = body
                .iter()
                .rposition(|b| *b != b'=')
                .map_or(0, |p| p.saturating_add(1));
            let symbols = body.get(..end)?;
            if symbols.len() % 4 == 1 {
                return None;
            }
            let engine = if source == Source::Base64 {
                &STANDARD
            } else {
                &URL_SAFE
            };
            engine.decode(symbols).ok()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_semantics_for_padding() {
        assert_eq!(b64decode_lenient_python("QUJD").unwrap(), b"ABC");
        assert_eq!(b64decode_lenient_python("QUI=").unwrap(), b"AB");
        assert_eq!(b64decode_lenient_python("QQ==").unwrap(), b"A");
        // Missing padding is an error, as in Python.
        assert!(b64decode_lenient_python("QUI").is_none());
        assert!(b64decode_lenient_python("QUJDR").is_none());
        // Line breaks and other non-alphabet bytes are skipped.
        assert_eq!(b64decode_lenient_python("QU\r\nJD").unwrap(), b"ABC");
        // A complete pad sequence ends the input.
        assert_eq!(b64decode_lenient_python("QQ==QUJD").unwrap(), b"A");
    }

    #[test]
    fn lenient_candidates() {
        assert_eq!(decode_candidate("QUI", Source::Base64).unwrap(), b"AB");
        assert_eq!(
            decode_candidate("_-8", Source::Base64Url).unwrap(),
            [0xff, 0xef]
        );
        assert_eq!(decode_candidate("4142\n43", Source::Hex).unwrap(), b"ABC");
        assert!(decode_candidate("QUJDR", Source::Base64).is_none());
        assert!(decode_candidate("414", Source::Hex).is_none());
    }
}
