//! One hash map for the whole crate, with a cheap hasher.
//!
//! std's default SipHash guards against keys chosen to collide, which this engine never
//! sees: its keys are the user's own ids, addresses and times. A multiplicative hash is
//! several times cheaper, which matters in WebAssembly built for size, where hashing and
//! probing are calls rather than inlined code.
//!
//! Each key and value type compiles its own table code into the module (about 1.5 KB),
//! so the crate keeps to two: ids to positions (`Map<&str, usize>`; a set of ids maps
//! each to 0 or its position), and the time zone's slices (`Map<i64, _>`). Items grouped
//! by an id or an address are [`Groups`], over the first. Use these before adding another.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Mixes each byte (or each integer, whole) into the state by a rotate, xor and multiply.
#[derive(Default)]
pub(crate) struct FastHasher(u64);

const K: u64 = 0x9E37_79B9_7F4A_7C15;

impl Hasher for FastHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(K);
        }
    }

    fn write_i64(&mut self, n: i64) {
        self.0 = (self.0.rotate_left(8) ^ n as u64).wrapping_mul(K);
    }
}

/// A `HashMap` with [`FastHasher`].
pub(crate) type Map<K, V> = HashMap<K, V, BuildHasherDefault<FastHasher>>;

/// Items grouped by a key, each group in the order its items were added: the keys map to
/// positions in a list of groups, so that every grouping shares the one map type
/// `Map<&str, usize>`.
pub(crate) struct Groups<'k, T> {
    at: Map<&'k str, usize>,
    groups: Vec<Vec<T>>,
}

impl<T> Default for Groups<'_, T> {
    fn default() -> Self {
        Groups {
            at: Map::default(),
            groups: Vec::new(),
        }
    }
}

impl<'k, T> Groups<'k, T> {
    /// The group of `key`, made empty first if there is none.
    pub fn group(&mut self, key: &'k str) -> &mut Vec<T> {
        let next = self.groups.len();
        let i = *self.at.entry(key).or_insert(next);
        if i == next {
            self.groups.push(Vec::new());
        }
        &mut self.groups[i]
    }

    /// The group of `key` (empty if none).
    pub fn get(&self, key: &str) -> &[T] {
        self.at.get(key).map_or(&[], |&i| &self.groups[i])
    }

    /// The group of `key`, taken out (empty if none, or taken before).
    pub fn take(&mut self, key: &str) -> Vec<T> {
        self.at
            .get(key)
            .map_or_else(Vec::new, |&i| std::mem::take(&mut self.groups[i]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_of_every_kind_are_found_again() {
        let mut m: Map<(String, &str), usize> = Map::default();
        for i in 0..1000 {
            m.insert((format!("a{i}@x.example"), "o1"), i);
        }
        assert_eq!(m.len(), 1000);
        assert!((0..1000).all(|i| m[&(format!("a{i}@x.example"), "o1")] == i));
        let mut n: Map<i64, i64> = Map::default();
        for k in -500..500 {
            n.insert(k * 900, k);
        }
        assert!((-500..500).all(|k| n[&(k * 900)] == k));
    }

    #[test]
    fn groups_keep_their_items_in_order_and_apart() {
        let keys: Vec<String> = (0..300).map(|i| format!("k{}", i % 7)).collect();
        let mut g: Groups<usize> = Groups::default();
        for (i, k) in keys.iter().enumerate() {
            g.group(k).push(i);
        }
        for k in 0..7 {
            let want: Vec<usize> = (0..300).filter(|i| i % 7 == k).collect();
            assert_eq!(g.get(&format!("k{k}")), want.as_slice());
        }
        assert!(g.get("k7").is_empty());
        assert_eq!(g.take("k3").len(), 43);
        assert!(g.get("k3").is_empty() && g.take("k3").is_empty() && g.take("none").is_empty());
        assert_eq!(g.get("k4").len(), 43);
    }
}
