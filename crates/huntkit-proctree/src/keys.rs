//! The process keys of a build, kept in one buffer.

/// Every process key of a build, one after another in one string. A key per heap string
/// cost an allocation and a free per process and scattered the keys over the heap; the
/// key columns are read from here in one sweep.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
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

    /// The total length of all the keys.
    pub fn bytes(&self) -> usize {
        self.text.len()
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
        assert_eq!(keys.bytes(), 54);
    }
}
