//! `autov::Map`: the total map with a default that specs use for tables of the abstract state.

use std::collections::BTreeMap;

/// A total map from `K` to `V`: every key has a value, `default` unless it was set.
///
/// Equality is extensional: two maps are equal when they give every key the same value (entries
/// equal to the default are never stored).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Map<K: Ord, V> {
    default: V,
    entries: BTreeMap<K, V>,
}

impl<K: Ord + Clone, V: Clone + PartialEq> Map<K, V> {
    /// The map that is `default` everywhere.
    pub fn new(default: V) -> Map<K, V> {
        Map {
            default,
            entries: BTreeMap::new(),
        }
    }

    /// The value at `key`.
    pub fn get(&self, key: K) -> V {
        self.entries.get(&key).unwrap_or(&self.default).clone()
    }

    /// Sets the value at `key`.
    pub fn set(&mut self, key: K, value: V) {
        if value == self.default {
            self.entries.remove(&key);
        } else {
            self.entries.insert(key, value);
        }
    }

    /// The value at keys that were never set to anything else.
    pub fn default_value(&self) -> &V {
        &self.default
    }

    /// The keys whose value differs from the default, with their values, in key order.
    pub fn entries(&self) -> impl Iterator<Item = (&K, &V)> {
        self.entries.iter()
    }
}

/// The most keys a native or evaluated `fill` writes one by one (the solver and Coq take any
/// count).
pub const FILL_LIMIT: u64 = 1 << 24;

/// The keys `start + (j << shift)`, `j < count`, that `fill` sets, computed modulo 2^64 with
/// `shift` taken modulo 64; `None` when they are more than [`FILL_LIMIT`].
pub fn fill_keys(start: u64, count: u64, shift: u64) -> Option<impl Iterator<Item = u64>> {
    let shift = shift % 64;
    // Beyond 2^(64 - shift) the keys repeat.
    let distinct = if shift == 0 {
        count
    } else {
        count.min(1u64 << (64 - shift))
    };
    (distinct <= FILL_LIMIT).then(|| (0..distinct).map(move |j| start.wrapping_add(j << shift)))
}

impl<V: Clone + PartialEq> Map<u64, V> {
    /// Sets the value at keys `start + (j << shift)` for `j < count` (modulo 2^64, `shift`
    /// modulo 64) to `value`: `count` words `1 << shift` bytes apart, as a `memset` of a table
    /// does.
    ///
    /// # Panics
    /// When that is more than [`FILL_LIMIT`] distinct keys (the solver and the Coq export take
    /// any count; a native run would not end).
    pub fn fill(&mut self, start: u64, count: u64, shift: u64, value: V) {
        let keys = fill_keys(start, count, shift).unwrap_or_else(|| {
            panic!("Map::fill of more than {FILL_LIMIT} keys cannot run natively")
        });
        for k in keys {
            self.set(k, value.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Map;

    #[test]
    fn get_after_set_and_extensional_equality() {
        let mut m: Map<u64, u8> = Map::new(0);
        m.set(3, 7);
        assert_eq!((m.get(3), m.get(4)), (7, 0));
        m.set(3, 0);
        assert_eq!(m, Map::new(0));
    }

    #[test]
    fn fill_sets_strided_keys_and_wraps() {
        let mut m: Map<u64, u8> = Map::new(0);
        m.fill(0x1000, 3, 3, 5);
        let set: Vec<u64> = m.entries().map(|(k, _)| *k).collect();
        assert_eq!(set, vec![0x1000, 0x1008, 0x1010]);
        let mut w: Map<u64, u8> = Map::new(0);
        w.fill(u64::MAX - 7, 2, 3, 1);
        assert_eq!((w.get(u64::MAX - 7), w.get(0), w.get(8)), (1, 1, 0));
        let mut all: Map<u64, u8> = Map::new(0);
        all.fill(4, u64::MAX, 62, 9);
        let set: Vec<u64> = all.entries().map(|(k, _)| *k).collect();
        assert_eq!(set, vec![4, 4 + (1 << 62), 4 + (2 << 62), 4 + (3 << 62)]);
    }
}
