//! The process keys of a build, kept in one buffer.

use arrow::array::{Array, StringArray};
use arrow::buffer::{Buffer, OffsetBuffer, ScalarBuffer};

use crate::error::{Error, Result};

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
        let array = StringArray::try_new(
            OffsetBuffer::new(ScalarBuffer::from(offsets)),
            Buffer::from_vec(self.text.into_bytes()),
            None,
        )
        .map_err(|e| {
            Error::Table(huntkit_core::Error::Arrow {
                detail: e.to_string(),
            })
        })?;
        Ok(FrozenKeys(array))
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
}
