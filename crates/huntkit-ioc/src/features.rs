//! One pass over a text that records which bytes it holds and a few short shapes the
//! patterns cannot match without, so a table cell costs that pass plus the scans of the
//! types it can hold rather than one regex scan per type.
//!
//! Every shape here is a necessary condition of a pattern in `scan/`: when a text
//! lacks it, that pattern has no match in the text, so skipping its scan changes
//! nothing. Keep the two in step when a pattern changes.

/// A run of 32 hex digits (every hash pattern).
pub(crate) const S_HASH: u16 = 1;
/// `0x` or `0X` followed by 40 hex digits (`RX_ETHEREUM`).
pub(crate) const S_ETH: u16 = 1 << 1;
/// A run of 26 base58 characters (`RX_BITCOIN`'s first branch).
pub(crate) const S_B58: u16 = 1 << 2;
/// `bc1` in any case (`RX_BITCOIN`'s second branch).
pub(crate) const S_BC1: u16 = 1 << 11;
/// `T`, `G`, `S` (so `TA` too) right before four digits (`RX_ATTACK`).
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

const HEX: u16 = 1;
const DIGIT: u16 = 1 << 1;
const B58: u16 = 1 << 2;
/// Bytes whose neighbours are checked: `.`, `:`, `-`, `[`, `(`, `{`, `1`, `S`.
const SPECIAL: u16 = 1 << 3;
const ALPHA: u16 = 1 << 4;
const WORD: u16 = 1 << 5;
/// Presence bits for the bytes some scanners ask for (see [`Features::has_byte`]).
const PRESENT: [u8; 9] = [b'@', b'[', b'\\', b'/', b'A', b'H', b'h', b'.', b'-'];
const FIRST_PRESENT: u32 = 6;

// Evaluated at compile time: an index out of range fails the build, never a run.
#[allow(clippy::indexing_slicing)]
const fn classes() -> [u16; 256] {
    let mut t = [0u16; 256];
    let mut i = 0usize;
    while i < 256 {
        let b = i as u8;
        let mut c = 0u16;
        if b.is_ascii_hexdigit() {
            c |= HEX;
        }
        if b.is_ascii_digit() {
            c |= DIGIT;
        }
        // Base58: digits and letters but `0`, `O`, `I` and `l`.
        if b.is_ascii_alphanumeric() && b != b'0' && b != b'O' && b != b'I' && b != b'l' {
            c |= B58;
        }
        if matches!(b, b'.' | b':' | b'-' | b'[' | b'(' | b'{' | b'1' | b'S') {
            c |= SPECIAL;
        }
        if b.is_ascii_alphabetic() {
            c |= ALPHA;
        }
        if b.is_ascii_alphanumeric() || b == b'_' {
            c |= WORD;
        }
        let mut k = 0usize;
        while k < PRESENT.len() {
            if PRESENT[k] == b {
                c |= 1 << (FIRST_PRESENT + k as u32);
            }
            k += 1;
        }
        t[i] = c;
        i += 1;
    }
    t
}

static CLASS: [u16; 256] = classes();

// Run lengths are counted in 16-bit lanes of one `u64`, three runs in one add and one
// mask per byte: lane 0 hex digits, lane 1 base58 characters, lane 2 decimal digits.
// A lane holds at most 0x7FFF (it wraps to 0 past that, which only re-reports a run);
// bits 48..63 carry the byte's class bits that `Features::seen` collects.
const LANE: u64 = 0x7FFF;
const INC: u64 = 0x0000_0001_0001_0001;
/// Added to the lanes, sets a lane's bit 15 once its run reaches 32 hex digits, 26
/// base58 characters or 4 digits (the lengths the shapes need).
const REACH: u64 = (0x8000 - 4) << 32 | (0x8000 - 26) << 16 | (0x8000 - 32);
const TOP: u64 = 0x0000_8000_8000_8000;

// Evaluated at compile time: an index out of range fails the build, never a run.
#[allow(clippy::indexing_slicing)]
const fn masks() -> [u64; 256] {
    let mut t = [0u64; 256];
    let mut i = 0usize;
    while i < 256 {
        let c = CLASS[i];
        let mut m = (c as u64) << 48;
        if c & HEX != 0 {
            m |= LANE;
        }
        if c & B58 != 0 {
            m |= LANE << 16;
        }
        if c & DIGIT != 0 {
            m |= LANE << 32;
        }
        t[i] = m;
        i += 1;
    }
    t
}

static MASK: [u64; 256] = masks();
/// `SPECIAL` in a mask.
const SPECIAL_BIT: u64 = (SPECIAL as u64) << 48;

fn class(b: Option<u8>) -> u16 {
    match b {
        Some(b) => CLASS.get(usize::from(b)).copied().unwrap_or(0),
        None => 0,
    }
}

/// True for the base58 alphabet: ASCII letters and digits but `0`, `O`, `I` and `l`.
pub(crate) fn is_base58(b: u8) -> bool {
    class(Some(b)) & B58 != 0
}

/// Which of a few byte values occur in a text, and which shapes.
pub(crate) struct Features {
    seen: u16,
    shapes: u16,
}

impl Features {
    pub(crate) fn of(text: &str) -> Features {
        let b = text.as_bytes();
        let mut seen = 0u64;
        let mut shapes = 0u16;
        let mut runs = 0u64;
        let mut last_colon: Option<usize> = None;
        for (i, &byte) in b.iter().enumerate() {
            let m = MASK.get(usize::from(byte)).copied().unwrap_or(0);
            seen |= m;
            runs = (runs + INC) & m;
            if ((runs + REACH) | m) & (TOP | SPECIAL_BIT) != 0 {
                shapes |= Self::at(b, i, byte, runs, &mut last_colon);
            }
        }
        let seen = (seen >> 48) as u16;
        Features { seen, shapes }
    }

    /// The shapes that end at byte `i` (out of line: most bytes need none of this).
    #[inline(never)]
    fn at(b: &[u8], i: usize, byte: u8, runs: u64, last_colon: &mut Option<usize>) -> u16 {
        let c = class(Some(byte));
        let hex = runs & 0xFFFF;
        let b58 = (runs >> 16) & 0xFFFF;
        let digits = (runs >> 32) & 0xFFFF;
        let at = |i: usize| b.get(i).copied();
        let before = |back: usize| i.checked_sub(back).and_then(|j| b.get(j)).copied();
        let lower = |back: usize| before(back).map(|c| c.to_ascii_lowercase());
        let mut shapes = 0u16;
        if c & SPECIAL != 0 {
            let hex_around = class(before(1)) & class(before(2)) & HEX != 0
                && class(at(i + 1)) & class(at(i + 2)) & HEX != 0;
            match byte {
                b'.' => {
                    let p = class(before(1));
                    let n = class(at(i + 1));
                    if p & WORD != 0 && n & class(at(i + 2)) & ALPHA != 0 {
                        shapes |= S_DNS;
                    }
                    if p & n & DIGIT != 0 {
                        shapes |= S_IPV4;
                    }
                    if hex_around {
                        shapes |= S_MAC;
                    }
                }
                b':' => {
                    if at(i + 1) == Some(b'/') && at(i + 2) == Some(b'/') {
                        shapes |= S_URL;
                    }
                    // Only hex digits since the previous colon (each byte looked at
                    // once: the stretches between colons do not overlap).
                    if last_colon.is_some_and(|lc| {
                        b.get(lc + 1..i)
                            .is_some_and(|gap| gap.iter().all(u8::is_ascii_hexdigit))
                    }) {
                        shapes |= S_IPV6;
                    }
                    *last_colon = Some(i);
                    if hex_around {
                        shapes |= S_MAC;
                    }
                    let p1 = lower(1);
                    if (p1 == Some(b'p') && lower(2) == Some(b'x'))
                        || (p1 == Some(b's') && lower(2) == Some(b'p') && lower(3) == Some(b'x'))
                    {
                        shapes |= S_DEFANG;
                    }
                }
                b'-' => {
                    if hex_around {
                        shapes |= S_MAC;
                    }
                }
                b'1' => {
                    if lower(1) == Some(b'c') && lower(2) == Some(b'b') {
                        shapes |= S_BC1;
                    }
                }
                b'S' => {
                    if before(1) == Some(b'A')
                        && (class(at(i + 1)) & DIGIT != 0 || at(i + 1) == Some(b'N'))
                    {
                        shapes |= S_ASN;
                    }
                }
                // `[`, `(`, `{`: the start of every bracketed form in `refang::FORMS`.
                _ => {
                    if matches!(
                        at(i + 1).map(|n| n.to_ascii_lowercase()),
                        Some(b'.' | b':' | b'@' | b'a' | b'd')
                    ) {
                        shapes |= S_DEFANG;
                    }
                }
            }
        }
        if hex == 32 {
            shapes |= S_HASH;
        }
        // A run of 40 starts at i - 39, after `0x`.
        if hex == 40 && lower(40) == Some(b'x') && before(41) == Some(b'0') {
            shapes |= S_ETH;
        }
        if b58 == 26 {
            shapes |= S_B58;
        }
        if digits == 4 {
            // The four digits start at i - 3.
            match before(4) {
                Some(b'T' | b'G' | b'S') => shapes |= S_ATTACK,
                Some(b'A') if before(5) == Some(b'T') => shapes |= S_ATTACK,
                Some(b'-')
                    if lower(5) == Some(b'e')
                        && lower(6) == Some(b'v')
                        && lower(7) == Some(b'c') =>
                {
                    shapes |= S_CVE
                }
                _ => {}
            }
        }
        shapes
    }

    /// Whether byte `b` occurs in the text; only for the bytes in `PRESENT` (any other
    /// byte answers true).
    pub(crate) fn has_byte(&self, b: u8) -> bool {
        match PRESENT.iter().position(|&p| p == b) {
            Some(k) => self.seen & (1 << (FIRST_PRESENT + k as u32)) != 0,
            None => true,
        }
    }

    pub(crate) fn has(&self, shape: u16) -> bool {
        self.shapes & shape != 0
    }

    /// True when the text holds one of `any` (or `any` is empty), one of `also` (or
    /// `also` is empty) and one of `shapes` (or `shapes` is 0).
    pub(crate) fn allows(&self, any: &[u8], also: &[u8], shapes: u16) -> bool {
        (any.is_empty() || any.iter().any(|&b| self.has_byte(b)))
            && (also.is_empty() || also.iter().any(|&b| self.has_byte(b)))
            && (shapes == 0 || self.shapes & shapes != 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        let f = |t: &str| Features::of(t).shapes;
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
        assert!(f(&format!("1x{}", "a".repeat(40))) & S_ETH == 0);
        assert!(f(&"z".repeat(26)) & S_B58 != 0);
        assert!(f(&"z".repeat(25)) & S_B58 == 0);
        assert!(f("BC1") & S_BC1 != 0);
        let g = Features::of("a@b\\c");
        assert!(g.has_byte(b'@') && g.has_byte(b'\\') && !g.has_byte(b'/'));
        assert!(f("T1059") & S_ATTACK != 0);
        assert!(f("TA0002") & S_ATTACK != 0);
        assert!(f("x1059") & S_ATTACK == 0);
        assert!(f("cVe-2021") & S_CVE != 0);
        assert!(f("cx-2021") & S_CVE == 0);
    }
}
