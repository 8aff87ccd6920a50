//! An in-memory cache of answers keyed by (provider, indicator), with a time to live and
//! a bound on its size. Time comes from the caller (milliseconds on any clock), so the
//! same code runs natively and in the browser, where `std::time::Instant` does not exist.

use std::collections::{HashMap, VecDeque};
use std::hash::Hash;

/// A cache whose entries expire `ttl_ms` after they were stored; when full, the oldest
/// entry goes first.
#[derive(Debug, Clone)]
pub struct TtlCache<K, V> {
    ttl_ms: u64,
    max_entries: usize,
    entries: HashMap<K, (u64, V)>,
    order: VecDeque<K>,
}

impl<K: Eq + Hash + Clone, V: Clone> TtlCache<K, V> {
    /// A cache keeping each entry `ttl_ms` milliseconds, at most `max_entries` of them
    /// (a TTL or size of 0 turns it off).
    pub fn new(ttl_ms: u64, max_entries: usize) -> Self {
        TtlCache {
            ttl_ms,
            max_entries,
            entries: HashMap::new(),
            order: VecDeque::new(),
        }
    }

    /// The value stored for `key`, if it has not expired at `now_ms`.
    pub fn get(&self, key: &K, now_ms: u64) -> Option<V> {
        self.entries
            .get(key)
            .filter(|(expires, _)| *expires > now_ms)
            .map(|(_, v)| v.clone())
    }

    /// Stores `value` for `key` at `now_ms`.
    pub fn insert(&mut self, key: K, value: V, now_ms: u64) {
        if self.ttl_ms == 0 || self.max_entries == 0 {
            return;
        }
        let expires = now_ms.saturating_add(self.ttl_ms);
        if self.entries.insert(key.clone(), (expires, value)).is_some() {
            self.order.retain(|k| k != &key);
        }
        self.order.push_back(key);
        while self.entries.len() > self.max_entries {
            match self.order.pop_front() {
                Some(old) => {
                    self.entries.remove(&old);
                }
                None => break,
            }
        }
    }

    /// How many entries are stored (expired ones included until they are pushed out).
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Is the cache empty?
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Drops everything.
    pub fn clear(&mut self) {
        self.entries.clear();
        self.order.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expires_and_evicts_oldest() {
        let mut c = TtlCache::new(1000, 2);
        c.insert("a", 1, 0);
        assert_eq!(c.get(&"a", 999), Some(1));
        assert_eq!(c.get(&"a", 1000), None);
        c.insert("b", 2, 10);
        c.insert("c", 3, 20);
        assert_eq!(c.len(), 2);
        assert_eq!(c.get(&"a", 30), None);
        assert_eq!(c.get(&"c", 30), Some(3));
        c.insert("b", 4, 40);
        c.insert("d", 5, 50);
        assert_eq!(c.get(&"b", 60), Some(4));
        assert_eq!(c.get(&"c", 60), None);
    }

    #[test]
    fn zero_ttl_stores_nothing() {
        let mut c = TtlCache::new(0, 10);
        c.insert(1, 1, 0);
        assert!(c.is_empty());
    }
}
