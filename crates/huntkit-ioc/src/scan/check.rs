//! What a kind's check reads and writes: the pattern's match in the scanned text
//! (`Hit`) and the candidates it finds there (`Cand`).

use super::types::IocType;
use std::net::IpAddr;

/// A pattern's match in the scanned text, with the bytes around it that checks read.
#[derive(Clone, Copy)]
pub(super) struct Hit<'t> {
    pub(super) text: &'t str,
    pub(super) start: usize,
    pub(super) end: usize,
    /// The matched text, `text[start..end]`.
    pub(super) s: &'t str,
}

impl<'t> Hit<'t> {
    pub(super) fn new(text: &'t str, start: usize, end: usize) -> Option<Hit<'t>> {
        let s = text.get(start..end)?;
        Some(Hit {
            text,
            start,
            end,
            s,
        })
    }

    pub(super) fn bytes(&self) -> &'t [u8] {
        self.text.as_bytes()
    }

    /// The byte at `i` of the text.
    pub(super) fn at(&self, i: usize) -> Option<u8> {
        self.bytes().get(i).copied()
    }

    /// The byte `back` places before `i` of the text.
    pub(super) fn before(&self, i: usize, back: usize) -> Option<u8> {
        i.checked_sub(back)
            .and_then(|j| self.bytes().get(j))
            .copied()
    }
}

/// An ASCII word byte, as the regex `\w` has it: a letter, a digit or `_`.
pub(super) fn is_word(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

/// A candidate before filtering: type, span in the view, normalised value, and what
/// the ignore lists look at.
pub(super) struct Cand {
    /// Index in the extractor's type table.
    pub(super) ty: usize,
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) value: String,
    pub(super) ip: Option<IpAddr>,
    pub(super) domain: Option<String>,
}

impl Cand {
    /// A candidate of a built-in type that the IP and domain ignore lists pass over.
    pub(super) fn plain(ty: IocType, start: usize, end: usize, value: String) -> Cand {
        Cand {
            ty: ty.index(),
            start,
            end,
            value,
            ip: None,
            domain: None,
        }
    }
}

/// Deterministic strings over a small alphabet, for tests that hold a hand-written
/// walk against the regex it stands for.
#[cfg(test)]
pub(crate) fn test_strings(alphabet: &[u8], n: usize) -> Vec<String> {
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    (0..n)
        .map(|i| {
            let len = 1 + i % 90;
            (0..len)
                .map(|_| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    char::from(alphabet[(seed % alphabet.len() as u64) as usize])
                })
                .collect()
        })
        .collect()
}
