//! Cryptocurrency wallets: bitcoin (Base58Check and Bech32/Bech32m) and ethereum
//! (`0x` and 40 hex digits, EIP-55 checksum when mixed case), checksums verified.

use super::check::{is_word, Cand, Hit};
use super::types::IocType;
use crate::features::{is_base58, Features, S_B58, S_BC1};
use crate::validate;
use regex::Regex;

// Bitcoin addresses are `[13][B58]{25}[B58]*|[bB][cC]1[B32]{11}[B32]*` (B58 the base58
// alphabet, B32 bech32's). The regex here is the second branch; the first is scanned by
// hand in `bitcoin_spans` (a lazy DFA for `{25}` after a `1` or `3` blows up on long
// alphanumeric runs, every `1` or `3` in them starting a new count).
pub(super) const RX_BITCOIN_BECH32: &str =
    r"[bB][cC]1[02-9ac-hj-np-zAC-HJ-NP-Z]{11}[02-9ac-hj-np-zAC-HJ-NP-Z]*";
/// Shortest match of the base58 branch: a `1` or `3` and 25 more.
const BITCOIN_B58_MIN: usize = 26;
pub(super) const RX_ETHEREUM: &str = r"0[xX][0-9A-Fa-f]{40}[0-9A-Fa-f]*";

/// The matches `find_iter` of the whole bitcoin pattern would give, `bech32` being the
/// compiled `RX_BITCOIN_BECH32`: at each search position the leftmost of the next
/// base58 match and the next bech32 match (they never start at one byte: `1`/`3`
/// against `b`/`B`).
///
/// From a position, the first `1` or `3` starts the base58 branch's match if 25
/// base58 characters follow it, and the match runs to the end of the base58 run;
/// when fewer follow, fewer follow every later `1` or `3` of the run too, and the
/// next match lies past the run: look again from its end.
pub(super) fn bitcoin_spans(bech32: &Regex, text: &str, present: &Features) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let b58 = present.has(S_B58);
    let bech = present.has(S_BC1);
    let next_b58 = |mut pos: usize| -> Option<(usize, usize)> {
        if !b58 {
            return None;
        }
        loop {
            let start = pos
                + bytes
                    .get(pos..)?
                    .iter()
                    .position(|&c| c == b'1' || c == b'3')?;
            let tail = bytes.get(start + 1..)?;
            let end = start
                + 1
                + tail
                    .iter()
                    .position(|&c| !is_base58(c))
                    .unwrap_or(tail.len());
            if end - start >= BITCOIN_B58_MIN {
                return Some((start, end));
            }
            pos = end;
        }
    };
    let next_bech = |pos: usize| -> Option<(usize, usize)> {
        if !bech {
            return None;
        }
        bech32.find_at(text, pos).map(|m| (m.start(), m.end()))
    };
    let mut out = Vec::new();
    let mut a = next_b58(0);
    let mut b = next_bech(0);
    loop {
        let m = match (a, b) {
            (Some(x), Some(y)) => {
                if x.0 <= y.0 {
                    x
                } else {
                    y
                }
            }
            (Some(x), None) | (None, Some(x)) => x,
            (None, None) => break,
        };
        out.push(m);
        let pos = m.1;
        if a.is_some_and(|x| x.0 < pos) {
            a = next_b58(pos);
        }
        if b.is_some_and(|y| y.0 < pos) {
            b = next_bech(pos);
        }
    }
    out
}

/// A bitcoin address whose checksum holds; bech32 values lower-case.
pub(super) fn bitcoin(hit: Hit<'_>, out: &mut Vec<Cand>) {
    let (start, end, s) = (hit.start, hit.end, hit.s);
    if hit.before(start, 1).is_some_and(is_word) || hit.at(end).is_some_and(is_word) {
        return;
    }
    // Lengths checked before decoding: base58 decoding is quadratic.
    let ok = if s.len() > 3 && s.get(..3).is_some_and(|p| p.eq_ignore_ascii_case("bc1")) {
        (14..=74).contains(&s.len()) && validate::is_bitcoin_bech32(s)
    } else {
        (26..=35).contains(&s.len()) && validate::is_bitcoin_base58(s)
    };
    if ok {
        let v = if s.starts_with(['b', 'B']) {
            s.to_ascii_lowercase()
        } else {
            s.to_string()
        };
        out.push(Cand::plain(IocType::BitcoinAddress, start, end, v));
    }
}

/// An ethereum address, its EIP-55 checksum checked when it is written in mixed case.
pub(super) fn ethereum(hit: Hit<'_>, out: &mut Vec<Cand>) {
    let (start, end, s) = (hit.start, hit.end, hit.s);
    if hit.before(start, 1).is_some_and(is_word) || hit.at(end).is_some_and(is_word) {
        return;
    }
    if validate::is_ethereum(s) {
        out.push(Cand::plain(
            IocType::EthereumAddress,
            start,
            end,
            s.to_string(),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::super::check::test_strings;
    use super::*;

    #[test]
    fn bitcoin_spans_match_the_whole_pattern() {
        let whole = Regex::new(
            r"[13][1-9A-HJ-NP-Za-km-z]{25}[1-9A-HJ-NP-Za-km-z]*|[bB][cC]1[02-9ac-hj-np-zAC-HJ-NP-Z]{11}[02-9ac-hj-np-zAC-HJ-NP-Z]*",
        )
        .unwrap();
        let bech32 = Regex::new(RX_BITCOIN_BECH32).unwrap();
        let mut all = crate::features::Want::default();
        all.add(b"", b"", S_B58 | S_BC1);
        for s in test_strings(b"13bcBC1qzx0Ol -", 20_000) {
            let want: Vec<(usize, usize)> =
                whole.find_iter(&s).map(|m| (m.start(), m.end())).collect();
            let got = bitcoin_spans(&bech32, &s, &Features::of(&s, all));
            assert_eq!(got, want, "{s:?}");
        }
    }
}
