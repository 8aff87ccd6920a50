//! IP addresses: IPv4 (octets at most 255, not part of a longer dotted number, not a
//! version number) and IPv6 (parsed per RFC 4291), each with its CIDR range when a
//! prefix follows outside a URL.

use super::check::{is_word, Cand, Hit};
use super::emit::Ctx;
use super::extractor::Extractor;
use super::types::IocType;
use crate::validate;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

// Found by hand in `ipv4_spans`; the pattern is kept for the scanner table and the
// tests that hold the walk against it.
pub(super) const RX_IPV4: &str = r"[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}(?:/[0-9]{1,3})?";
pub(super) const RX_IPV6: &str =
    r"[0-9A-Fa-f]*(?::[0-9A-Fa-f]*){2,}(?:\.[0-9]+){0,3}(?:/[0-9]{1,3})?";

/// Longest IPv6 address text (an IPv4-mapped one written in full): a longer candidate
/// is dropped before parsing.
const MAX_IPV6_BYTES: usize = 45;

impl Extractor {
    /// An IPv4 address, and its CIDR range when a prefix follows.
    pub(super) fn ipv4(&self, hit: Hit<'_>, ctx: &Ctx<'_, '_>, out: &mut Vec<Cand>) {
        let (start, end, s) = (hit.start, hit.end, hit.s);
        if hit.before(start, 1).is_some_and(|p| p.is_ascii_digit())
            || (hit.before(start, 1) == Some(b'.')
                && hit.before(start, 2).is_some_and(|p| p.is_ascii_digit()))
        {
            return;
        }
        let (addr, prefix) = match s.split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (s, None),
        };
        let addr_end = start + addr.len();
        match hit.at(addr_end) {
            Some(c) if c.is_ascii_digit() => return,
            Some(b'.') if hit.at(addr_end + 1).is_some_and(|c| c.is_ascii_digit()) => return,
            _ => {}
        }
        if !self.options.keep_version_ips && is_version_context(hit.bytes(), start, addr_end) {
            return;
        }
        let Some(ip) = validate::parse_ipv4(addr) else {
            return;
        };
        out.push(Cand {
            ty: IocType::Ipv4.index(),
            start,
            end: addr_end,
            value: ipv4_value(addr, ip),
            ip: Some(IpAddr::V4(ip)),
            domain: None,
        });
        if let Some(p) = prefix {
            let next_ok = !hit
                .at(end)
                .is_some_and(|c| c.is_ascii_alphanumeric() || c == b'/' || c == b'.');
            if let Ok(bits) = p.parse::<u8>() {
                if bits <= 32 && next_ok && !ctx.in_url(start, end) {
                    out.push(Cand {
                        ty: IocType::Ipv4Cidr.index(),
                        start,
                        end,
                        value: format!("{ip}/{bits}"),
                        ip: Some(IpAddr::V4(ip)),
                        domain: None,
                    });
                }
            }
        }
    }
}

/// An IPv6 address (not unspecified, not a time or a MAC address), and its CIDR range
/// when a prefix follows.
pub(super) fn ipv6(hit: Hit<'_>, ctx: &Ctx<'_, '_>, out: &mut Vec<Cand>) {
    let (start, end, s) = (hit.start, hit.end, hit.s);
    if hit
        .before(start, 1)
        .is_some_and(|p| is_word(p) || p == b':' || p == b'.')
    {
        return;
    }
    match hit.at(end) {
        Some(c) if is_word(c) || c == b':' => return,
        Some(b'.') if hit.at(end + 1).is_some_and(is_word) => return,
        _ => {}
    }
    let (addr, prefix) = match s.split_once('/') {
        Some((a, p)) => (a, Some(p)),
        None => (s, None),
    };
    if addr.len() > MAX_IPV6_BYTES {
        return;
    }
    let Ok(ip) = addr.parse::<Ipv6Addr>() else {
        return;
    };
    if ip.is_unspecified() {
        return;
    }
    out.push(Cand {
        ty: IocType::Ipv6.index(),
        start,
        end: start + addr.len(),
        value: ip.to_string(),
        ip: Some(IpAddr::V6(ip)),
        domain: None,
    });
    if let Some(bits) = prefix.and_then(|p| p.parse::<u8>().ok()) {
        if bits <= 128 && !ctx.in_url(start, end) {
            out.push(Cand {
                ty: IocType::Ipv6Cidr.index(),
                start,
                end,
                value: format!("{ip}/{bits}"),
                ip: Some(IpAddr::V6(ip)),
                domain: None,
            });
        }
    }
}

/// The matches `RX_IPV4`'s `find_iter` gives over `text`, found by hand: a regex
/// search per cell costs more than the whole check.
pub(super) fn ipv4_spans(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let b = text.as_bytes();
    let mut pos = 0usize;
    std::iter::from_fn(move || {
        let (start, end) = next_ipv4(b, pos)?;
        pos = end;
        Some((start, end))
    })
}

/// The next match of `RX_IPV4` at or after `pos`.
///
/// Each of the first three groups takes up to three digits and must be followed by a
/// dot: taking fewer would leave a digit where the dot must be, so no other choice
/// matches. The fourth group takes up to three digits, then `/` and up to three
/// digits when a digit follows the slash: the greedy choices the regex prefers, which
/// always succeed.
///
/// So a match is fixed by its first dot, and starts at the first of the (up to three)
/// digits before it: the search goes from dot to dot, and the digits between are not
/// read. Every start before a dot gives the same groups after it, so only the first
/// is tried.
fn next_ipv4(b: &[u8], pos: usize) -> Option<(usize, usize)> {
    let digits = |i: usize| {
        b.get(i..).map_or(0, |t| {
            t.iter().take(3).take_while(|c| c.is_ascii_digit()).count()
        })
    };
    let match_at = |s: usize| -> Option<usize> {
        let mut i = s;
        for _ in 0..3 {
            let n = digits(i);
            if n == 0 || b.get(i + n) != Some(&b'.') {
                return None;
            }
            i += n + 1;
        }
        let n = digits(i);
        if n == 0 {
            return None;
        }
        i += n;
        if b.get(i) == Some(&b'/') {
            let p = digits(i + 1);
            if p > 0 {
                i += 1 + p;
            }
        }
        Some(i)
    };
    let mut from = pos;
    loop {
        let dot = from + memchr::memchr(b'.', b.get(from..)?)?;
        let head = b.get(pos..dot).unwrap_or_default();
        let start = dot
            - head
                .iter()
                .rev()
                .take(3)
                .take_while(|c| c.is_ascii_digit())
                .count();
        if start < dot {
            if let Some(end) = match_at(start) {
                return Some((start, end));
            }
        }
        from = dot + 1;
    }
}

/// The dotted form of `ip`, parsed from `text`: `text` itself when no octet has a
/// leading zero (it is then already the canonical form), formatted otherwise.
pub(super) fn ipv4_value(text: &str, ip: Ipv4Addr) -> String {
    let b = text.as_bytes();
    let leading_zero = b.iter().enumerate().any(|(i, &c)| {
        c == b'0'
            && (i == 0 || b.get(i - 1) == Some(&b'.'))
            && b.get(i + 1).is_some_and(u8::is_ascii_digit)
    });
    if leading_zero {
        ip.to_string()
    } else {
        text.to_string()
    }
}

/// Architectures that follow a version in Windows package and assembly names.
const ARCHITECTURES: &[&str] = &[
    "x64", "x86", "arm", "arm64", "neutral", "amd64", "ia64", "msil",
];

/// Whether the dotted quad at `start..end` of `b` reads as a version number by its
/// context: a word joined by `_` before it (`SkypeApp_14.35.152.0`, `v4.0_4.0.0.0`),
/// `__` or `_` and an architecture after it (`4.0.0.0__b77a5c561934e089`,
/// `14.35.152.0_x64`), or a version word before it: one ending in `version`
/// (`FileVersion: 4.1.0.7`, `HostVersion=1.0.0.0`, `"version": "1.2.3.4"`), `ver`, or
/// a `v` joined to it (`v1.2.3.4`). `key=1.2.3.4` alone is an address (`src=`, `dst=`).
fn is_version_context(b: &[u8], start: usize, end: usize) -> bool {
    let before = |back: usize| start.checked_sub(back).and_then(|i| b.get(i)).copied();
    if before(1) == Some(b'_') && before(2).is_some_and(is_word) {
        return true;
    }
    let after = b.get(end..).unwrap_or_default();
    if after.starts_with(b"__") {
        return true;
    }
    if let Some(rest) = after.strip_prefix(b"_") {
        let n = rest
            .iter()
            .take(8)
            .take_while(|c| c.is_ascii_alphanumeric())
            .count();
        let word = rest.get(..n).unwrap_or_default();
        if !rest
            .get(n)
            .copied()
            .is_some_and(|c| c.is_ascii_alphanumeric())
            && ARCHITECTURES
                .iter()
                .any(|a| a.as_bytes().eq_ignore_ascii_case(word))
        {
            return true;
        }
    }
    // Back over a few separators to the word before.
    let head = b.get(..start).unwrap_or_default();
    let seps = head
        .iter()
        .rev()
        .take(4)
        .take_while(|c| matches!(c, b' ' | b'\t' | b':' | b'=' | b'"' | b'\'' | b'('))
        .count();
    let word_end = start - seps;
    let head = b.get(..word_end).unwrap_or_default();
    let n = head
        .iter()
        .rev()
        .take(40)
        .take_while(|c| c.is_ascii_alphabetic())
        .count();
    let word = head.get(word_end - n..).unwrap_or_default();
    let word_start_prev = (word_end - n)
        .checked_sub(1)
        .and_then(|i| b.get(i))
        .copied();
    if word.eq_ignore_ascii_case(b"v") {
        // `v1.2.3.4`, but not a `-v` switch before an address (`nc -v 10.0.0.1`).
        return seps == 0 && !word_start_prev.is_some_and(|c| is_word(c) || c == b'-');
    }
    word.eq_ignore_ascii_case(b"ver")
        || (word.len() >= 7
            && word
                .get(word.len() - 7..)
                .is_some_and(|w| w.eq_ignore_ascii_case(b"version")))
}

#[cfg(test)]
mod tests {
    use super::super::check::test_strings;
    use super::*;
    use regex::Regex;

    #[test]
    fn ipv4_spans_match_the_pattern() {
        let rx = Regex::new(RX_IPV4).unwrap();
        for s in test_strings(b"0123456789../ a", 30_000) {
            let want: Vec<(usize, usize)> =
                rx.find_iter(&s).map(|m| (m.start(), m.end())).collect();
            let got: Vec<(usize, usize)> = ipv4_spans(&s).collect();
            assert_eq!(got, want, "{s:?}");
        }
    }

    #[test]
    fn version_contexts() {
        let at = |t: &str, quad: &str| {
            let s = t.find(quad).unwrap();
            is_version_context(t.as_bytes(), s, s + quad.len())
        };
        for (t, q) in [
            ("FileVersion: 4.1.0.7", "4.1.0.7"),
            ("HostVersion=1.0.0.0", "1.0.0.0"),
            ("\"version\": \"1.2.3.4\"", "1.2.3.4"),
            ("AssemblyVersion(\"1.0.0.0\")", "1.0.0.0"),
            ("ver 2.0.0.1", "2.0.0.1"),
            ("v1.2.3.4", "1.2.3.4"),
            (r"GAC_MSIL\System\v4.0_4.0.0.0__b77a5c561934e089", "4.0.0.0"),
            ("SkypeApp_14.35.152.0_x64__kzf8qxf38zg5c", "14.35.152.0"),
            ("pkg 1.2.3.4_neutral", "1.2.3.4"),
        ] {
            assert!(at(t, q), "{t}");
        }
        for (t, q) in [
            ("src=10.0.0.1", "10.0.0.1"),
            ("nc -v 10.0.0.1 4444", "10.0.0.1"),
            ("server: 10.0.0.5", "10.0.0.5"),
            ("dev 10.0.0.5", "10.0.0.5"),
            ("from 8.8.8.8_", "8.8.8.8"),
            ("8.8.8.8_x640", "8.8.8.8"),
            ("at 8.8.8.8", "8.8.8.8"),
        ] {
            assert!(!at(t, q), "{t}");
        }
    }
}
