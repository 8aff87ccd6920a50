//! What a text holds, found before any pattern runs: which of a few bytes occur and a
//! few short shapes the patterns cannot match without, so a table cell costs these
//! searches plus the scans of the types it can hold rather than one regex scan per type.
//!
//! Every shape here is a necessary condition of a pattern in `scan/`: when a text
//! lacks it, that pattern has no match in the text, so skipping its scan changes
//! nothing. Keep the two in step when a pattern changes.
//!
//! A scan looks only for what its scanners ask for ([`Want`]). Each shape is found by a
//! vectorised search for the byte at its centre (`memchr`) and a look at that byte's
//! neighbours, stopping at the first; a run of N characters by probing every N/2-th
//! byte ([`long_runs`]). A shape or byte that was not looked for reads as present, so a
//! scanner that asks for more than was wanted still runs: `Want` decides what a scan
//! costs, never what it finds.

use memchr::{memchr, memchr3_iter, memchr_iter};

/// A run of 32 hex digits (every hash pattern).
pub(crate) const S_HASH: u16 = 1;
/// `0x` or `0X` followed by 40 hex digits (`RX_ETHEREUM`).
pub(crate) const S_ETH: u16 = 1 << 1;
/// A run of 26 base58 characters (`RX_BITCOIN`'s first branch).
pub(crate) const S_B58: u16 = 1 << 2;
/// `bc1` in any case (`RX_BITCOIN`'s second branch).
pub(crate) const S_BC1: u16 = 1 << 11;
/// `T`, `G`, `S` or `TA` right before four digits (`RX_ATTACK`).
pub(crate) const S_ATTACK: u16 = 1 << 3;
/// `cve-` in any case right before four digits (`RX_CVE`).
pub(crate) const S_CVE: u16 = 1 << 4;
/// A word character, `.`, then two ASCII letters (`RX_DNS`: the last dot and the
/// start of the top-level label, `xn--` included).
pub(crate) const S_DNS: u16 = 1 << 5;
/// A digit, `.`, a digit (`RX_IPV4`).
pub(crate) const S_IPV4: u16 = 1 << 6;
/// Two colons with nothing but hex digits between them (`RX_IPV6`, `MP_IPV6_RUN`).
pub(crate) const S_IPV6: u16 = 1 << 7;
/// Two hex digits, `:`, `-` or `.`, two hex digits (`RX_MAC`).
pub(crate) const S_MAC: u16 = 1 << 8;
/// `://` (every URL pattern).
pub(crate) const S_URL: u16 = 1 << 9;
/// `AS` before a digit or `N` (`RX_ASN`).
pub(crate) const S_ASN: u16 = 1 << 12;
/// Something the refanger may rewrite: `[`, `(` or `{` before `.`, `:`, `@`, `a` or
/// `d` (in any case), or `xp:`/`xps:` in any case (the end of `hxxp:`, `fxp:`,
/// `sfxps:` ...). Without it the plain view is the text.
pub(crate) const S_DEFANG: u16 = 1 << 10;

/// The bytes whose presence scanners ask about (`Kind::needs`).
const PRESENT: [u8; 5] = [b'@', b'[', b'\\', b'/', b'.'];

/// The shapes found at a `.`, a `:`, a `-`, and after `T`, `G` or `S`.
const AT_DOT: u16 = S_DNS | S_IPV4 | S_MAC;
const AT_COLON: u16 = S_URL | S_IPV6 | S_MAC | S_DEFANG;
const AT_DASH: u16 = S_MAC | S_CVE;
const AT_TGS: u16 = S_ATTACK | S_ASN;

/// What a scan looks for: the union of its scanners' needs.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Want {
    shapes: u16,
    /// One bit per byte of `PRESENT`.
    bytes: u16,
}

impl Want {
    /// Adds a scanner's needs (`Kind::needs`): bytes of which one must occur, and shapes.
    pub(crate) fn add(&mut self, any: &[u8], also: &[u8], shapes: u16) {
        self.shapes |= shapes;
        for &b in any.iter().chain(also) {
            self.bytes |= byte_bit(b);
        }
    }
}

fn byte_bit(b: u8) -> u16 {
    PRESENT.iter().position(|&p| p == b).map_or(0, |k| 1 << k)
}

/// Which of a few byte values occur in a text, and which shapes.
pub(crate) struct Features {
    seen: u16,
    shapes: u16,
    /// What was looked for; anything else reads as present.
    known: Want,
}

impl Features {
    /// Looks in `text` for what `want` names.
    pub(crate) fn of(text: &str, want: Want) -> Features {
        let b = text.as_bytes();
        let mut seen = 0u16;
        for (k, &p) in PRESENT.iter().enumerate() {
            let bit = 1 << k;
            if want.bytes & bit != 0 && memchr(p, b).is_some() {
                seen |= bit;
            }
        }
        let w = want.shapes;
        let mut shapes = 0u16;
        if w & AT_DOT != 0 {
            shapes |= at_dots(b, w & AT_DOT);
        }
        if w & AT_COLON != 0 {
            shapes |= at_colons(b, w & AT_COLON);
        }
        if w & AT_DASH & !shapes != 0 {
            shapes |= at_dashes(b, w & AT_DASH);
        }
        if w & S_DEFANG & !shapes != 0 && bracket_defang(b) {
            shapes |= S_DEFANG;
        }
        if w & AT_TGS != 0 {
            shapes |= after_tgs(b, w & AT_TGS);
        }
        if w & S_HASH != 0 && long_runs(b, 32, |c| c.is_ascii_hexdigit()).next().is_some() {
            shapes |= S_HASH;
        }
        if w & S_ETH != 0 && has_eth(b) {
            shapes |= S_ETH;
        }
        if w & S_B58 != 0 && long_runs(b, 26, is_base58).next().is_some() {
            shapes |= S_B58;
        }
        if w & S_BC1 != 0 && has_bc1(b) {
            shapes |= S_BC1;
        }
        Features {
            seen,
            shapes,
            known: want,
        }
    }

    /// Whether byte `b` occurs in the text (true for a byte that was not looked for).
    pub(crate) fn has_byte(&self, b: u8) -> bool {
        let bit = byte_bit(b);
        bit == 0 || self.known.bytes & bit == 0 || self.seen & bit != 0
    }

    /// Whether the text has one of `shapes` (true when one was not looked for).
    pub(crate) fn has(&self, shapes: u16) -> bool {
        (self.shapes | !self.known.shapes) & shapes != 0
    }

    /// True when the text holds one of `any` (or `any` is empty), one of `also` (or
    /// `also` is empty) and one of `shapes` (or `shapes` is 0).
    pub(crate) fn allows(&self, any: &[u8], also: &[u8], shapes: u16) -> bool {
        (any.is_empty() || any.iter().any(|&b| self.has_byte(b)))
            && (also.is_empty() || also.iter().any(|&b| self.has_byte(b)))
            && (shapes == 0 || self.has(shapes))
    }
}

/// The maximal runs of `member` bytes in `b` at least `min` long, in order.
///
/// Any run of `min` bytes holds a multiple of `min / 2` (less one), so only those
/// bytes are probed, and a run is measured only around a probe that lands in it: most
/// bytes of a text are never read.
pub(crate) fn long_runs<'b>(
    b: &'b [u8],
    min: usize,
    member: impl Fn(u8) -> bool + 'b,
) -> impl Iterator<Item = (usize, usize)> + 'b {
    let step = (min / 2).max(1);
    let mut probe = step - 1;
    // Bytes before `floor` belong to runs already measured.
    let mut floor = 0usize;
    std::iter::from_fn(move || loop {
        let c = *b.get(probe)?;
        if !member(c) {
            probe += step;
            continue;
        }
        let head = b.get(floor..probe).unwrap_or_default();
        let start = probe - head.iter().rev().take_while(|&&c| member(c)).count();
        let tail = b.get(probe..).unwrap_or_default();
        let end = probe + tail.iter().take_while(|&&c| member(c)).count();
        floor = end;
        // The first probe past the run.
        probe = end + 1 + (step - 1 - (end + 1) % step);
        if end - start >= min {
            return Some((start, end));
        }
    })
}

fn byte_at(b: &[u8], i: usize) -> Option<u8> {
    b.get(i).copied()
}

fn byte_before(b: &[u8], i: usize, back: usize) -> Option<u8> {
    i.checked_sub(back).and_then(|j| b.get(j)).copied()
}

fn is_hex(c: Option<u8>) -> bool {
    c.is_some_and(|c| c.is_ascii_hexdigit())
}

fn is_digit(c: Option<u8>) -> bool {
    c.is_some_and(|c| c.is_ascii_digit())
}

fn is_alpha(c: Option<u8>) -> bool {
    c.is_some_and(|c| c.is_ascii_alphabetic())
}

fn lower(c: Option<u8>) -> Option<u8> {
    c.map(|c| c.to_ascii_lowercase())
}

/// Two hex digits either side of byte `i` (`RX_MAC`'s separator).
fn hex_around(b: &[u8], i: usize) -> bool {
    is_hex(byte_before(b, i, 1))
        && is_hex(byte_before(b, i, 2))
        && is_hex(byte_at(b, i + 1))
        && is_hex(byte_at(b, i + 2))
}

/// Four digits from byte `i` on.
fn four_digits(b: &[u8], i: usize) -> bool {
    (i..i + 4).all(|j| is_digit(byte_at(b, j)))
}

/// Whether the dot at `i` of `b` is `S_DNS`'s: a word byte before it, two letters after.
pub(crate) fn is_dns_dot(b: &[u8], i: usize) -> bool {
    byte_before(b, i, 1).is_some_and(|c| c.is_ascii_alphanumeric() || c == b'_')
        && is_alpha(byte_at(b, i + 1))
        && is_alpha(byte_at(b, i + 2))
}

/// The shapes of `goal` found at a `.`.
fn at_dots(b: &[u8], goal: u16) -> u16 {
    let mut found = 0u16;
    for i in memchr_iter(b'.', b) {
        let p = byte_before(b, i, 1);
        let n = byte_at(b, i + 1);
        if is_dns_dot(b, i) {
            found |= S_DNS;
        }
        if is_digit(p) && is_digit(n) {
            found |= S_IPV4;
        }
        if goal & S_MAC != 0 && hex_around(b, i) {
            found |= S_MAC;
        }
        if found & goal == goal {
            break;
        }
    }
    found
}

/// The shapes of `goal` found at a `:`.
fn at_colons(b: &[u8], goal: u16) -> u16 {
    let mut found = 0u16;
    let mut last_colon: Option<usize> = None;
    for i in memchr_iter(b':', b) {
        if byte_at(b, i + 1) == Some(b'/') && byte_at(b, i + 2) == Some(b'/') {
            found |= S_URL;
        }
        // Only hex digits since the previous colon (each byte read once: the
        // stretches between colons do not overlap).
        if goal & S_IPV6 != 0
            && last_colon.is_some_and(|lc| {
                b.get(lc + 1..i)
                    .is_some_and(|gap| gap.iter().all(u8::is_ascii_hexdigit))
            })
        {
            found |= S_IPV6;
        }
        last_colon = Some(i);
        if goal & S_MAC != 0 && hex_around(b, i) {
            found |= S_MAC;
        }
        let p1 = lower(byte_before(b, i, 1));
        let p2 = lower(byte_before(b, i, 2));
        if (p1 == Some(b'p') && p2 == Some(b'x'))
            || (p1 == Some(b's') && p2 == Some(b'p') && lower(byte_before(b, i, 3)) == Some(b'x'))
        {
            found |= S_DEFANG;
        }
        if found & goal == goal {
            break;
        }
    }
    found
}

/// The shapes of `goal` found at a `-`.
fn at_dashes(b: &[u8], goal: u16) -> u16 {
    let mut found = 0u16;
    for i in memchr_iter(b'-', b) {
        if goal & S_MAC != 0 && hex_around(b, i) {
            found |= S_MAC;
        }
        if lower(byte_before(b, i, 1)) == Some(b'e')
            && lower(byte_before(b, i, 2)) == Some(b'v')
            && lower(byte_before(b, i, 3)) == Some(b'c')
            && four_digits(b, i + 1)
        {
            found |= S_CVE;
        }
        if found & goal == goal {
            break;
        }
    }
    found
}

/// `[`, `(` or `{` before `.`, `:`, `@`, `a` or `d`: the start of every bracketed form
/// in `refang::FORMS`.
fn bracket_defang(b: &[u8]) -> bool {
    memchr3_iter(b'[', b'(', b'{', b).any(|i| {
        matches!(
            lower(byte_at(b, i + 1)),
            Some(b'.' | b':' | b'@' | b'a' | b'd')
        )
    })
}

/// The shapes of `goal` found at a `T`, `G` or `S`: ATT&CK ids and AS numbers.
fn after_tgs(b: &[u8], goal: u16) -> u16 {
    let mut found = 0u16;
    for i in memchr3_iter(b'T', b'G', b'S', b) {
        if four_digits(b, i + 1)
            || (byte_at(b, i) == Some(b'T')
                && byte_at(b, i + 1) == Some(b'A')
                && four_digits(b, i + 2))
        {
            found |= S_ATTACK;
        }
        if byte_at(b, i) == Some(b'S')
            && byte_before(b, i, 1) == Some(b'A')
            && byte_at(b, i + 1).is_some_and(|c| c.is_ascii_digit() || c == b'N')
        {
            found |= S_ASN;
        }
        if found & goal == goal {
            break;
        }
    }
    found
}

/// `0x` or `0X` and 40 hex digits.
fn has_eth(b: &[u8]) -> bool {
    memchr::memchr2_iter(b'x', b'X', b).any(|i| {
        byte_before(b, i, 1) == Some(b'0') && (i + 1..i + 41).all(|j| is_hex(byte_at(b, j)))
    })
}

/// `bc1` in any case.
fn has_bc1(b: &[u8]) -> bool {
    memchr_iter(b'1', b).any(|i| {
        lower(byte_before(b, i, 1)) == Some(b'c') && lower(byte_before(b, i, 2)) == Some(b'b')
    })
}

/// True for the base58 alphabet: ASCII letters and digits but `0`, `O`, `I` and `l`.
pub(crate) fn is_base58(b: u8) -> bool {
    b.is_ascii_alphanumeric() && !matches!(b, b'0' | b'O' | b'I' | b'l')
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex::Regex;

    const ALL: Want = Want {
        shapes: u16::MAX,
        bytes: u16::MAX,
    };

    /// Each shape as a regex: the definition the searches above must agree with.
    fn definitions() -> Vec<(u16, Regex)> {
        [
            (S_HASH, r"[0-9A-Fa-f]{32}"),
            (S_ETH, r"0[xX][0-9A-Fa-f]{40}"),
            (S_B58, r"[1-9A-HJ-NP-Za-km-z]{26}"),
            (S_BC1, r"(?i)bc1"),
            (S_ATTACK, r"(?:[TGS]|TA)[0-9]{4}"),
            (S_CVE, r"(?i:cve)-[0-9]{4}"),
            (S_DNS, r"[A-Za-z0-9_]\.[A-Za-z]{2}"),
            (S_IPV4, r"[0-9]\.[0-9]"),
            (S_IPV6, r":[0-9A-Fa-f]*:"),
            (S_MAC, r"[0-9A-Fa-f]{2}[:.-][0-9A-Fa-f]{2}"),
            (S_URL, r"://"),
            (S_ASN, r"AS[0-9N]"),
            (S_DEFANG, r"(?i)[\[({][.:@ad]|xps?:"),
        ]
        .into_iter()
        .map(|(s, rx)| (s, Regex::new(rx).unwrap()))
        .collect()
    }

    #[test]
    fn shapes_are_their_definitions() {
        let defs = definitions();
        let texts = crate::scan::test_strings(b"0aF9x:.-/[(AST1cvebBG@\\ l", 40_000)
            .into_iter()
            .chain(
                crate::scan::test_strings(b"0aF9z", 4_000)
                    .into_iter()
                    .map(|s| s.repeat(9)),
            )
            .chain(
                crate::scan::test_strings(b"0xaF", 4_000)
                    .into_iter()
                    .map(|s| s.repeat(5)),
            );
        for t in texts {
            let all = Features::of(&t, ALL);
            for (shape, rx) in &defs {
                assert_eq!(all.has(*shape), rx.is_match(&t), "{shape:#x} in {t:?}");
                // Looked for alone, a shape is found alike.
                let mut want = Want::default();
                want.add(b"", b"", *shape);
                assert_eq!(Features::of(&t, want).has(*shape), rx.is_match(&t));
            }
            for p in PRESENT {
                assert_eq!(all.has_byte(p), t.as_bytes().contains(&p), "{p} in {t:?}");
            }
        }
    }

    #[test]
    fn shapes() {
        let f = |t: &str| Features::of(t, ALL).shapes;
        assert!(f("ab.cd") & S_DNS != 0);
        assert!(f("ab.c") & S_DNS == 0);
        assert!(f("1.2") & S_IPV4 != 0);
        assert!(f("fe80::1") & S_IPV6 != 0);
        assert!(f("a:b:c") & S_IPV6 != 0);
        assert!(f("a:x:c") & S_IPV6 == 0);
        assert!(f("aa:bb") & S_MAC != 0);
        assert!(f("aa.bb") & S_MAC != 0);
        assert!(f("a:bb") & S_MAC == 0);
        assert!(f("http://") & S_URL != 0);
        assert!(f("hXXp:") & S_DEFANG != 0);
        assert!(f("sfxps:") & S_DEFANG != 0);
        assert!(f("a(.)b") & S_DEFANG != 0);
        assert!(f("a[DOT]b") & S_DEFANG != 0);
        assert!(f("a(b") & S_DEFANG == 0);
        assert!(f("AS13335") & S_ASN != 0);
        assert!(f("ASN 1") & S_ASN != 0);
        assert!(f("AS x") & S_ASN == 0);
        assert!(f("a:b") & S_DEFANG == 0);
        assert!(f(&"a".repeat(32)) & S_HASH != 0);
        assert!(f(&"a".repeat(31)) & S_HASH == 0);
        assert!(f(&format!("0x{}", "a".repeat(40))) & S_ETH != 0);
        assert!(f(&format!("0x{}", "a".repeat(39))) & S_ETH == 0);
        assert!(f(&format!("1x{}", "a".repeat(40))) & S_ETH == 0);
        assert!(f(&"z".repeat(26)) & S_B58 != 0);
        assert!(f(&"z".repeat(25)) & S_B58 == 0);
        assert!(f("BC1") & S_BC1 != 0);
        let g = Features::of("a@b\\c", ALL);
        assert!(g.has_byte(b'@') && g.has_byte(b'\\') && !g.has_byte(b'/'));
        assert!(f("T1059") & S_ATTACK != 0);
        assert!(f("TA0002") & S_ATTACK != 0);
        assert!(f("x1059") & S_ATTACK == 0);
        assert!(f("cVe-2021") & S_CVE != 0);
        assert!(f("cx-2021") & S_CVE == 0);
    }

    #[test]
    fn what_was_not_looked_for_reads_as_present() {
        let mut want = Want::default();
        want.add(b"@", b"", S_URL);
        let f = Features::of("plain", want);
        assert!(!f.has(S_URL) && !f.has_byte(b'@'));
        assert!(f.has(S_HASH) && f.has_byte(b'/'));
        assert!(f.allows(b"/", b"", S_DNS));
        assert!(!f.allows(b"@", b"", 0));
    }

    #[test]
    fn long_runs_are_the_maximal_runs() {
        let rx = Regex::new(r"[0-9a-f]+").unwrap();
        for t in crate::scan::test_strings(b"0af-", 20_000)
            .into_iter()
            .map(|s| s.repeat(7))
        {
            for min in [1, 2, 3, 5, 8, 26, 32] {
                let want: Vec<(usize, usize)> = rx
                    .find_iter(&t)
                    .map(|m| (m.start(), m.end()))
                    .filter(|(s, e)| e - s >= min)
                    .collect();
                let got: Vec<(usize, usize)> =
                    long_runs(t.as_bytes(), min, |c| c.is_ascii_hexdigit()).collect();
                assert_eq!(got, want, "{min} in {t:?}");
            }
        }
    }
}
