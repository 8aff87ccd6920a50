//! The process keys of a build: how a key is written and hashed, and every key of a
//! build kept in one buffer.

use arrow::array::{Array, StringArray};
use arrow::buffer::{Buffer, OffsetBuffer, ScalarBuffer};
use hashbrown::hash_table::{Entry, HashTable};

use crate::error::{Error, Result};
use crate::events::{parse_pid, push_key_time};

/// Appends a process key, `name|pid|time`, from texts ready to show.
pub(crate) fn push_key(out: &mut String, name: &str, pid: &str, time: i64) {
    out.push_str(name);
    out.push('|');
    out.push_str(pid);
    out.push('|');
    push_key_time(out, time);
}

/// Appends a Defender process's key: its name and id lower-cased, and its time.
pub(crate) fn push_mde_key(out: &mut String, name: &str, id: &str, time: i64) {
    let id = parse_pid(id);
    push_lower(out, name);
    out.push('|');
    push_lower(out, &id.display);
    out.push('|');
    push_key_time(out, time);
}

/// Appends `s` lower-cased, without a second string when it is ASCII.
fn push_lower(out: &mut String, s: &str) {
    if s.is_ascii() {
        let start = out.len();
        out.push_str(s);
        if let Some(added) = out.get_mut(start..) {
            added.make_ascii_lowercase();
        }
    } else {
        out.push_str(&s.to_lowercase());
    }
}

/// A 64-bit hash of a key, on every target: duplicate keys are found by these hashes.
pub(crate) fn key_hash(key: &str) -> u64 {
    std::hash::BuildHasher::hash_one(&foldhash::fast::FixedState::default(), key)
}

/// Every process key of a build, one after another in one string. A key per heap string
/// cost an allocation and a free per process and scattered the keys over the heap. Once
/// the build is done, the buffer becomes the Arrow column the key columns are taken from.
#[derive(Debug, Default)]
pub(crate) struct Keys {
    text: String,
    /// Where each key ends in `text`; key `i` starts where key `i - 1` ends.
    ends: Vec<usize>,
}

impl Keys {
    pub fn with_capacity(keys: usize, bytes: usize) -> Self {
        Keys {
            text: String::with_capacity(bytes),
            ends: Vec::with_capacity(keys),
        }
    }

    /// Appends the key that `write` appends to the buffer (it only appends); returns
    /// its number.
    pub fn push_with(&mut self, write: impl FnOnce(&mut String)) -> usize {
        write(&mut self.text);
        self.ends.push(self.text.len());
        self.ends.len() - 1
    }

    /// Appends `key`; returns its number.
    #[cfg(test)]
    pub fn push(&mut self, key: &str) -> usize {
        self.push_with(|t| t.push_str(key))
    }

    /// Key number `i`; empty for a number no key has.
    pub fn get(&self, i: usize) -> &str {
        let start = match i.checked_sub(1) {
            Some(p) => self.ends.get(p).copied().unwrap_or(0),
            None => 0,
        };
        let end = self.ends.get(i).copied().unwrap_or(start);
        self.text.get(start..end).unwrap_or("")
    }

    /// The keys as an Arrow text column, the buffer handed over as it is: the tree's
    /// key columns are then gathered from it by Arrow's `take`.
    pub fn freeze(self) -> Result<FrozenKeys> {
        let too_long = || Error::LimitExceeded {
            what: "the total length of the process keys".to_string(),
            limit: i32::MAX as u64,
            option: "maxRows",
        };
        let mut offsets = Vec::with_capacity(self.ends.len() + 1);
        offsets.push(0i32);
        for &end in &self.ends {
            offsets.push(i32::try_from(end).map_err(|_| too_long())?);
        }
        let array = text_array(offsets, self.text).map_err(|e| {
            Error::Table(huntkit_core::Error::Arrow {
                detail: e.to_string(),
            })
        })?;
        Ok(FrozenKeys(array))
    }
}

/// A text column of the strings `text` holds one after another, ending at `ends`
/// (after a leading 0), without reading the text again to find it UTF-8: it is a
/// `String`. The offsets are checked (one pass over them, not over the bytes).
pub(crate) fn text_array(
    ends: Vec<i32>,
    text: String,
) -> std::result::Result<StringArray, arrow::error::ArrowError> {
    let at = |e: i32| usize::try_from(e).ok();
    let sound = ends.first() == Some(&0)
        && ends.windows(2).all(|w| matches!(w, [a, b] if a <= b))
        && ends.last().and_then(|&e| at(e)) == Some(text.len())
        && ends
            .iter()
            .all(|&e| at(e).is_some_and(|e| text.is_char_boundary(e)));
    let offsets = ScalarBuffer::from(ends);
    let bytes = Buffer::from_vec(text.into_bytes());
    if !sound {
        // Never so for the callers' texts; the checked constructor says what is wrong.
        return StringArray::try_new(OffsetBuffer::new(offsets), bytes, None);
    }
    // SAFETY: the bytes are a `String`'s, so UTF-8, and the offsets start at 0, never go
    // down, end at its length and fall on character boundaries (checked above): all
    // that `try_new` verifies, less its pass over every byte.
    Ok(unsafe { StringArray::new_unchecked(OffsetBuffer::new_unchecked(offsets), bytes, None) })
}

/// A set of keys of one [`Keys`] buffer, each with its host's number, looked up by the
/// hashes made when the keys were written: no key is hashed twice, and the set holds
/// key numbers rather than borrowing the buffer, which can grow between lookups.
#[derive(Debug, Default)]
pub(crate) struct KeySet {
    /// (hash with the host mixed in, host, key number).
    table: HashTable<(u64, u32, usize)>,
}

impl KeySet {
    pub fn with_capacity(keys: usize) -> Self {
        KeySet {
            table: HashTable::with_capacity(keys),
        }
    }

    fn mix(host: u32, hash: u64) -> u64 {
        hash ^ u64::from(host).wrapping_mul(0x9E37_79B9_7F4A_7C15)
    }

    /// Adds key number `key` of `keys` for `host`, `hash` being the key's hash; false
    /// when the set holds an equal key for that host already.
    pub fn insert(&mut self, keys: &Keys, host: u32, hash: u64, key: usize) -> bool {
        let h = Self::mix(host, hash);
        let text = keys.get(key);
        let same =
            |&(eh, ehost, ek): &(u64, u32, usize)| eh == h && ehost == host && keys.get(ek) == text;
        match self.table.entry(h, same, |&(eh, _, _)| eh) {
            Entry::Occupied(_) => false,
            Entry::Vacant(slot) => {
                slot.insert((h, host, key));
                true
            }
        }
    }

    /// Whether the set holds a key equal to key number `key` of `keys` for `host`.
    pub fn contains(&self, keys: &Keys, host: u32, hash: u64, key: usize) -> bool {
        let h = Self::mix(host, hash);
        let text = keys.get(key);
        self.table
            .find(h, |&(eh, ehost, ek)| {
                eh == h && ehost == host && keys.get(ek) == text
            })
            .is_some()
    }
}

/// The keys of a finished build, as an Arrow text column numbered as [`Keys`] numbered
/// them.
#[derive(Clone, Debug)]
pub(crate) struct FrozenKeys(StringArray);

impl FrozenKeys {
    /// Key number `i`; empty for a number no key has.
    pub fn get(&self, i: usize) -> &str {
        if i < self.0.len() {
            self.0.value(i)
        } else {
            ""
        }
    }

    pub fn array(&self) -> &StringArray {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_come_back_as_written() {
        let mut keys = Keys::default();
        let a = keys.push("cmd.exe|0x10|2024-01-01 10:00:00.000000");
        let b = keys.push_with(|t| {
            t.push_str("whoami.exe|");
            t.push_str("0x20");
        });
        let empty = keys.push("");
        assert_eq!(keys.get(a), "cmd.exe|0x10|2024-01-01 10:00:00.000000");
        assert_eq!(keys.get(b), "whoami.exe|0x20");
        assert_eq!(keys.get(empty), "");
        assert_eq!(keys.get(99), "");
        let frozen = keys.freeze().unwrap();
        assert_eq!(frozen.get(a), "cmd.exe|0x10|2024-01-01 10:00:00.000000");
        assert_eq!(frozen.get(b), "whoami.exe|0x20");
        assert_eq!(frozen.get(empty), "");
        assert_eq!(frozen.get(99), "");
        assert_eq!(frozen.array().value_data().len(), 54);
    }

    #[test]
    fn key_sets_compare_texts_and_hosts_not_only_hashes() {
        let mut keys = Keys::default();
        let a = keys.push("cmd.exe|0x10|2024-01-01 10:00:00.000000");
        let a2 = keys.push("cmd.exe|0x10|2024-01-01 10:00:00.000000");
        let b = keys.push("whoami.exe|0x20|2024-01-01 10:00:01.000000");
        let mut set = KeySet::with_capacity(0);
        assert!(set.insert(&keys, 1, 7, a));
        // The same text under another number is the same key; another host is not.
        assert!(!set.insert(&keys, 1, 7, a2));
        assert!(set.contains(&keys, 1, 7, a2));
        assert!(!set.contains(&keys, 2, 7, a2));
        // Equal hashes with different texts (a collision) are different keys.
        assert!(!set.contains(&keys, 1, 7, b));
        assert!(set.insert(&keys, 1, 7, b));
        assert!(set.contains(&keys, 1, 7, b));
        // The buffer can grow while the set holds numbers into it.
        let c = keys.push("net.exe|0x30|2024-01-01 10:00:02.000000");
        assert!(set.insert(&keys, 1, 9, c));
        assert!(set.contains(&keys, 1, 9, c));
        assert!(set.contains(&keys, 1, 7, a));
    }
}
