//! Telling names from encoded data. Long identifiers, property names and paths are runs of
//! the base64 alphabet (`EnableScriptBlockInvocationLogging`, `Security/ConnectionVerbose`,
//! `ValueFromPipelineByPropertyName=`), and any such run of a fitting length decodes to
//! some bytes. Encoded data looks nothing like them: its letters change case at random, it
//! holds digits everywhere and few pronounceable stretches. A run "reads as words" when
//! nearly all of it is made of word-like pieces; a run that does and decodes to bytes that
//! are neither text, a known file type nor compressed data is a name, not a payload.

/// Splits on what separates the parts of names and paths.
fn is_separator(b: u8) -> bool {
    matches!(b, b'/' | b'+' | b'-' | b'_' | b'=' | b'\r' | b'\n' | b'.')
}

fn is_vowel(b: u8) -> bool {
    matches!(
        b.to_ascii_lowercase(),
        b'a' | b'e' | b'i' | b'o' | b'u' | b'y'
    )
}

/// A segment of one case of hex digits: a hash, a GUID part, a build or session id.
fn is_hex_id(segment: &[u8]) -> bool {
    let hex_lower = segment
        .iter()
        .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(b));
    let hex_upper = segment
        .iter()
        .all(|b| b.is_ascii_digit() || (b'A'..=b'F').contains(b));
    hex_lower || hex_upper
}

/// A hex id behind a short tag, as tools name temporary files (`CSC59E7803C44264BB…`,
/// `RES1A2B…`).
fn is_tagged_hex_id(segment: &[u8]) -> bool {
    (0..=4).any(|tag| {
        segment
            .get(..tag)
            .is_some_and(|t| t.iter().all(u8::is_ascii_alphabetic))
            && segment
                .get(tag..)
                .is_some_and(|id| id.len() >= 16 && is_hex_id(id))
    })
}

/// Cuts a segment into CamelCase words: a run of digits, a run of capitals (whose last
/// letter starts the next word when lower case follows: `PSObject` is `PS`, `Object`), or
/// an optional capital and the lower-case letters after it.
fn camel_words(segment: &[u8]) -> Vec<&[u8]> {
    let mut words = Vec::new();
    let mut i = 0usize;
    let at = |k: usize| segment.get(k).copied();
    while i < segment.len() {
        let start = i;
        let first = at(i).unwrap_or(b' ');
        if first.is_ascii_digit() {
            while at(i).is_some_and(|b| b.is_ascii_digit()) {
                i += 1;
            }
        } else if first.is_ascii_uppercase() {
            let mut capitals = 0usize;
            while at(i).is_some_and(|b| b.is_ascii_uppercase()) {
                i += 1;
                capitals += 1;
            }
            if at(i).is_some_and(|b| b.is_ascii_lowercase()) {
                if capitals > 1 {
                    // The last capital begins the word that follows.
                    i -= 1;
                } else {
                    while at(i).is_some_and(|b| b.is_ascii_lowercase()) {
                        i += 1;
                    }
                }
            }
        } else if first.is_ascii_lowercase() {
            while at(i).is_some_and(|b| b.is_ascii_lowercase()) {
                i += 1;
            }
        } else {
            i += 1;
        }
        if let Some(word) = segment.get(start..i) {
            words.push(word);
        }
    }
    words
}

/// A word a name could hold: a pronounceable stretch of letters, a short acronym (`HKLM`,
/// `OMS`), or a short number (`Win32`, `x64`, `X509`).
fn is_wordlike(word: &[u8]) -> bool {
    let Some(&first) = word.first() else {
        return false;
    };
    if first.is_ascii_digit() {
        return word.len() <= 4;
    }
    if word.iter().all(u8::is_ascii_uppercase) {
        return (2..=5).contains(&word.len());
    }
    word.len() >= 2 && word.iter().any(|b| is_vowel(*b)) && !vowel_free_stretch(word)
}

/// Four consonants in a row are rare inside words and common in encoded text.
fn vowel_free_stretch(word: &[u8]) -> bool {
    word.split(|b| is_vowel(*b)).any(|s| s.len() >= 5)
}

/// Whether `run` reads as a name (identifier, property, path of words) rather than as
/// encoded data: at least 90% of its letters and digits lie in word-like pieces or hex-id
/// segments, and its words average at least four characters.
pub(crate) fn reads_as_words(run: &str) -> bool {
    let (mut symbols, mut covered, mut words, mut letters) = (0usize, 0usize, 0usize, 0usize);
    for segment in run.as_bytes().split(|b| is_separator(*b)) {
        if segment.is_empty() {
            continue;
        }
        symbols += segment.len();
        // A hex id is a name when it is long enough to be one; short all-hex runs such as
        // `ad` or `bad` are judged as words.
        if (segment.len() >= 8 && is_hex_id(segment)) || is_tagged_hex_id(segment) {
            covered += segment.len();
            continue;
        }
        for word in camel_words(segment) {
            if word.first().is_some_and(u8::is_ascii_alphabetic) {
                words += 1;
                letters += word.len();
            }
            if is_wordlike(word) {
                covered += word.len();
            }
        }
    }
    symbols > 0
        && covered.saturating_mul(10) >= symbols.saturating_mul(9)
        && (words == 0 || letters >= words.saturating_mul(4))
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine;

    #[test]
    fn names_read_as_words() {
        for name in [
            "EnableScriptBlockInvocationLogging",
            "WindowsFirewallConsecLogVerbose",
            "Security/ConnectionSecurityVerbose",
            "ValueFromPipelineByPropertyName=",
            "/opt/microsoft/omsconfig/bin/OMSConsistencyInvoker",
            "/var/opt/microsoft/omsagent/52b1ab41",
            "CSC59E7803C44264BB494469645A4F791C0",
            "X509Certificate2Collection",
            "ConvertToSecureStringCommandInvalidKeyLength",
            "RemoteConnectionManager/Operational",
        ] {
            assert!(reads_as_words(name), "{name}");
        }
    }

    #[test]
    fn encoded_data_does_not() {
        for run in [
            "TVqQAAMAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            "H4sIAAAAAAAEAMtIzcnJVyjPL8pJAQCFEUoNCwAAAA",
            "VGhpcyBpcyBhIHRlc3Qgb2YgYmFzZTY0IGVuY29kZWQgc3RyaW5n",
            "JAB0ACAAPQAgACcAZABpAHIAJwA7AA0ACgAmACAAKAAnAEkAbgB2AG8AawBlACcAKwAnAC0A",
        ] {
            assert!(!reads_as_words(run), "{run}");
        }
    }

    /// Random bytes, base64-encoded at the lengths payloads have, almost never read as words,
    /// so the filter does not hide binary payloads: fewer than 1 in 10,000 short runs, and
    /// none from 48 bytes up.
    #[test]
    fn random_data_almost_never_reads_as_words() {
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let (mut tried, mut named) = (0u32, 0u32);
        for len in [23usize, 24, 30, 48, 96, 300] {
            for _ in 0..20_000 {
                let bytes: Vec<u8> = (0..len).map(|_| next().to_le_bytes()[3]).collect();
                let run = base64::engine::general_purpose::STANDARD.encode(&bytes);
                tried += 1;
                if reads_as_words(&run) {
                    named += 1;
                }
            }
        }
        // Measured: 1 in 120,000, a 32-character run.
        assert!(
            named.saturating_mul(10_000) <= tried,
            "{named} of {tried} random runs read as words"
        );
    }
}
