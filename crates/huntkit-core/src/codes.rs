//! Dense codes for keys: the one way every engine groups rows by a key (the time-series
//! groups, the timeline's lanes and colours, the sessions' users).
//!
//! Each distinct key gets the next code the first time it is seen, so codes follow first
//! appearance; an engine that wants another order (sorted lanes, ranked users) sorts the
//! few distinct keys and remaps, instead of sorting the rows.

use std::collections::HashMap;
use std::hash::Hash;

/// The code of each row and the distinct keys, see [`first_seen_codes`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Codes<K> {
    /// Per row: the index of its key in `distinct`, or `None` for a row without a key.
    pub codes: Vec<Option<u32>>,
    /// The distinct keys in order of first appearance.
    pub distinct: Vec<K>,
}

impl<K> Codes<K> {
    /// The rows of each distinct key, in input order, indexed like `distinct`.
    pub fn rows_by_code(&self) -> Vec<Vec<usize>> {
        let mut rows = vec![Vec::new(); self.distinct.len()];
        for (row, code) in self.codes.iter().enumerate() {
            if let Some(list) = code.and_then(|c| rows.get_mut(c as usize)) {
                list.push(row);
            }
        }
        rows
    }
}

/// Gives each distinct key a dense code in order of first appearance.
///
/// Returns `None` as soon as more than `max_distinct` distinct keys have been seen, so a
/// caller with a limit stops early instead of hashing the rest. Keys come from the data,
/// so they are hashed with a per-process random seed (foldhash): a fixed hash would let
/// crafted keys collide, and the standard library's SipHash made sessionizing 13% slower.
///
/// ```
/// let keys = ["b", "a", "b", "c"].map(Some);
/// let c = huntkit_core::first_seen_codes(keys, usize::MAX).unwrap();
/// assert_eq!(c.distinct, ["b", "a", "c"]);
/// assert_eq!(c.codes, [Some(0), Some(1), Some(0), Some(2)]);
/// ```
pub fn first_seen_codes<K, I>(keys: I, max_distinct: usize) -> Option<Codes<K>>
where
    K: Hash + Eq + Clone,
    I: IntoIterator<Item = Option<K>>,
{
    let keys = keys.into_iter();
    let mut seen: HashMap<K, u32, foldhash::fast::RandomState> = HashMap::default();
    let mut distinct: Vec<K> = Vec::new();
    let mut codes: Vec<Option<u32>> = Vec::with_capacity(keys.size_hint().0);
    for key in keys {
        let code = match key {
            None => None,
            Some(k) => Some(match seen.get(&k) {
                Some(&c) => c,
                None => {
                    if distinct.len() >= max_distinct {
                        return None;
                    }
                    // A table holds fewer than 2^32 rows long before memory runs out, so
                    // the saturation never merges two keys in practice.
                    let c = u32::try_from(distinct.len()).unwrap_or(u32::MAX);
                    distinct.push(k.clone());
                    seen.insert(k, c);
                    c
                }
            }),
        };
        codes.push(code);
    }
    Some(Codes { codes, distinct })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nulls_have_no_code_and_codes_follow_first_appearance() {
        let c = first_seen_codes([Some("x"), None, Some("y"), Some("x")], 10).unwrap();
        assert_eq!(c.codes, [Some(0), None, Some(1), Some(0)]);
        assert_eq!(c.distinct, ["x", "y"]);
        assert_eq!(c.rows_by_code(), [vec![0, 3], vec![2]]);
    }

    #[test]
    fn stops_past_the_limit() {
        assert!(first_seen_codes([Some(1), Some(2), Some(1)], 2).is_some());
        assert!(first_seen_codes([Some(1), Some(2), Some(3)], 2).is_none());
    }
}
