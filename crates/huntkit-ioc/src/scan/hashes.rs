//! File hashes: a whole run of exactly 32, 40, 64 or 128 hex digits (MD5, SHA-1,
//! SHA-256, SHA-512), not after `0x`.

use super::check::{Cand, Hit};
use super::types::IocType;

// Found by hand in `hex_runs`; the pattern is kept for the scanner table and the test
// that holds the walk against it.
pub(super) const RX_HASH: &str = r"[0-9A-Fa-f]{32}[0-9A-Fa-f]*";
/// Shortest match of `RX_HASH`.
const HASH_MIN: usize = 32;

/// The matches of `RX_HASH` in `text`: its hex runs of `HASH_MIN` digits or more.
pub(super) fn hex_runs(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    crate::features::long_runs(text.as_bytes(), HASH_MIN, |c| c.is_ascii_hexdigit())
}

/// A digest, by its length; its value lower-case.
pub(super) fn hash(hit: Hit<'_>, out: &mut Vec<Cand>) {
    let (start, end, s) = (hit.start, hit.end, hit.s);
    if hit.before(start, 1).is_some_and(|p| p.is_ascii_hexdigit())
        || hit.at(end).is_some_and(|c| c.is_ascii_hexdigit())
    {
        return;
    }
    if hit.before(start, 1).is_some_and(|p| p == b'x' || p == b'X')
        && hit.before(start, 2) == Some(b'0')
    {
        return; // a `0x` number or wallet, not a digest
    }
    // A digest uses nearly all sixteen digits; a run of a few repeated ones is padding or
    // a fill (a base64 line of zero bytes is 64 `A`s). Fewer than six distinct digits in 32
    // or more happens by chance about once in 10^12 digests.
    if distinct_digits(s) < 6 {
        return;
    }
    let ty = match s.len() {
        32 => IocType::Md5Hash,
        40 => IocType::Sha1Hash,
        64 => IocType::Sha256Hash,
        128 => IocType::Sha512Hash,
        _ => return,
    };
    out.push(Cand::plain(ty, start, end, s.to_ascii_lowercase()));
}

/// How many of the sixteen hex digits `s` uses (case ignored).
fn distinct_digits(s: &str) -> u32 {
    let mut seen = 0u16;
    for c in s.bytes() {
        if let Some(d) = (c as char).to_digit(16) {
            seen |= 1 << d;
        }
    }
    seen.count_ones()
}

#[cfg(test)]
mod tests {
    use super::super::check::test_strings;
    use super::*;
    use crate::{Extractor, Options};
    use regex::Regex;

    #[test]
    fn runs_of_few_digits_are_not_digests() {
        let x = Extractor::new(Options::default()).unwrap();
        let line = "A".repeat(64);
        assert!(x.find(&format!("zeros:\n{line}\n")).matches.is_empty());
        let md5 = "d41d8cd98f00b204e9800998ecf8427e";
        assert_eq!(x.find(md5).matches.len(), 1);
    }

    #[test]
    fn hex_runs_match_the_pattern() {
        let rx = Regex::new(RX_HASH).unwrap();
        for s in test_strings(b"0aF9g -", 2_000) {
            let s = s.repeat(3);
            let want: Vec<(usize, usize)> =
                rx.find_iter(&s).map(|m| (m.start(), m.end())).collect();
            let got: Vec<(usize, usize)> = hex_runs(&s).collect();
            assert_eq!(got, want, "{s:?}");
        }
    }

    #[test]
    fn hash_runs_match_the_pattern() {
        let rx = Regex::new(RX_HASH).unwrap();
        let ex = Extractor::new(Options::default()).unwrap();
        for s in test_strings(b"0aF9g -", 2_000) {
            let s = s.repeat(3);
            let want: Vec<String> = rx.find_iter(&s).map(|m| m.as_str().to_string()).collect();
            let got: Vec<String> = ex
                .find(&s)
                .matches
                .into_iter()
                .filter(|m| m.ioc_type.ends_with("_hash"))
                .map(|m| m.raw)
                .collect();
            // Every reported hash is a whole regex match (the checks drop some).
            assert!(got.iter().all(|g| want.contains(g)), "{s:?}");
        }
    }
}
