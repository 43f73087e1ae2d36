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
}
