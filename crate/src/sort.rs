//! One stable sort for the whole crate, sets built without sorting (for maps, insert
//! entries one by one rather than `collect` them), and small maps kept as sorted lists.
//!
//! std's `sort_by` (and `collect` into a `BTreeSet` or `BTreeMap`, which sorts) is
//! compiled again for every element type and comparator: several KB of WebAssembly each,
//! for a dozen call sites. Here one merge sort, compiled once, sorts positions, and the
//! elements are then moved into place; only two small closures are compiled per call site.

use std::borrow::Borrow;
use std::cmp::Ordering;
use std::collections::BTreeSet;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Sorts `v` stably by `compare` (what `slice::sort_by` does).
pub(crate) fn sort_by<T>(v: &mut [T], mut compare: impl FnMut(&T, &T) -> Ordering) {
    if v.len() < 2 {
        return;
    }
    let order = positions(v.len(), &mut |a, b| compare(&v[a], &v[b]) == Ordering::Less);
    permute(order, &mut |a, b| v.swap(a, b));
}

/// Sorts `v` stably by `key` (what `slice::sort_by_key` does).
pub(crate) fn sort_by_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `v` stably (what `slice::sort` does).
pub(crate) fn sort<T: Ord>(v: &mut [T]) {
    sort_by(v, T::cmp);
}

/// A set of `items` (what `collect` into a `BTreeSet` gives).
pub(crate) fn set<T: Ord>(items: impl IntoIterator<Item = T>) -> BTreeSet<T> {
    let mut set = BTreeSet::new();
    set.extend(items);
    set
}

/// A map kept as a list sorted by key: for maps of a few entries, or few changes, where
/// another `BTreeMap` key and value type would compile a few KB of WebAssembly more.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SortedMap<K, V>(Vec<(K, V)>);

impl<K, V> Default for SortedMap<K, V> {
    fn default() -> Self {
        SortedMap(Vec::new())
    }
}

impl<K: Ord, V> SortedMap<K, V> {
    fn at<Q: Ord + ?Sized>(&self, key: &Q) -> Result<usize, usize>
    where
        K: Borrow<Q>,
    {
        self.0.binary_search_by(|(k, _)| k.borrow().cmp(key))
    }

    pub fn get<Q: Ord + ?Sized>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
    {
        let i = self.at(key).ok()?;
        Some(&self.0[i].1)
    }

    pub fn insert(&mut self, key: K, value: V) {
        match self.at(&key) {
            Ok(i) => self.0[i].1 = value,
            Err(i) => self.0.insert(i, (key, value)),
        }
    }

    pub fn remove<Q: Ord + ?Sized>(&mut self, key: &Q)
    where
        K: Borrow<Q>,
    {
        if let Ok(i) = self.at(key) {
            self.0.remove(i);
        }
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The entries in key order.
    pub fn iter(&self) -> std::slice::Iter<'_, (K, V)> {
        self.0.iter()
    }
}

/// Written as a map (what a `BTreeMap` writes).
impl<K: Serialize, V: Serialize> Serialize for SortedMap<K, V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}

/// Read as a map (what a `BTreeMap` reads).
impl<'de, K: Deserialize<'de> + Ord, V: Deserialize<'de>> Deserialize<'de> for SortedMap<K, V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let map = std::collections::BTreeMap::<K, V>::deserialize(deserializer)?;
        Ok(SortedMap(map.into_iter().collect()))
    }
}

/// The positions `0..n` in stable sorted order (`less(a, b)`: the element at `a` sorts
/// before the one at `b`): a bottom-up merge sort, linear on sorted input.
fn positions(n: usize, less: &mut dyn FnMut(usize, usize) -> bool) -> Vec<usize> {
    let mut from: Vec<usize> = (0..n).collect();
    let mut to = vec![0; n];
    let mut width = 1;
    while width < n {
        let mut start = 0;
        while start < n {
            let mid = (start + width).min(n);
            let end = (start + 2 * width).min(n);
            merge(
                &from[start..mid],
                &from[mid..end],
                &mut to[start..end],
                less,
            );
            start = end;
        }
        std::mem::swap(&mut from, &mut to);
        width *= 2;
    }
    from
}

/// Merges two sorted runs into `out`; on ties the left run's element comes first.
fn merge(
    left: &[usize],
    right: &[usize],
    out: &mut [usize],
    less: &mut dyn FnMut(usize, usize) -> bool,
) {
    let in_order = match (left.last(), right.first()) {
        (Some(&l), Some(&r)) => !less(r, l),
        _ => true,
    };
    if in_order {
        out[..left.len()].copy_from_slice(left);
        out[left.len()..].copy_from_slice(right);
        return;
    }
    let (mut i, mut j) = (0, 0);
    for slot in out.iter_mut() {
        if j < right.len() && (i == left.len() || less(right[j], left[i])) {
            *slot = right[j];
            j += 1;
        } else {
            *slot = left[i];
            i += 1;
        }
    }
}

/// Moves the element at `order[k]` to position `k` for every `k`, by swaps, cycle by cycle.
fn permute(mut order: Vec<usize>, swap: &mut dyn FnMut(usize, usize)) {
    const DONE: usize = usize::MAX;
    for start in 0..order.len() {
        let mut k = start;
        while order[k] != DONE {
            let from = std::mem::replace(&mut order[k], DONE);
            if from == start {
                break;
            }
            swap(k, from);
            k = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small deterministic generator (no dependency): xorshift.
    fn numbers(seed: u64, n: usize, range: u64) -> Vec<u64> {
        let mut x = seed | 1;
        (0..n)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                x % range
            })
            .collect()
    }

    #[test]
    fn sorts_like_std_and_stays_stable() {
        for n in [0, 1, 2, 3, 5, 8, 13, 64, 100, 257, 1000] {
            for (seed, range) in [(1, 4), (7, 1000), (42, u64::MAX)] {
                // (key, original position): stability shows in the positions of equal keys.
                let items: Vec<(u64, usize)> = numbers(seed, n, range)
                    .into_iter()
                    .enumerate()
                    .map(|(i, k)| (k, i))
                    .collect();
                let mut ours = items.clone();
                sort_by_key(&mut ours, |&(k, _)| k);
                let mut std = items.clone();
                std.sort_by_key(|&(k, _)| k);
                assert_eq!(ours, std, "n {n}, seed {seed}");
                let mut reversed = items.clone();
                sort_by(&mut reversed, |a, b| b.0.cmp(&a.0));
                let mut std = items;
                std.sort_by_key(|b| std::cmp::Reverse(b.0));
                assert_eq!(reversed, std, "n {n}, seed {seed}");
            }
        }
    }

    #[test]
    fn sorts_sorted_and_reversed_input() {
        let mut up: Vec<u32> = (0..300).collect();
        sort(&mut up);
        assert_eq!(up, (0..300).collect::<Vec<_>>());
        let mut down: Vec<u32> = (0..300).rev().collect();
        sort(&mut down);
        assert_eq!(down, (0..300).collect::<Vec<_>>());
    }

    #[test]
    fn sorted_maps_match_btree_maps() {
        let mut ours = SortedMap::default();
        let mut std = std::collections::BTreeMap::new();
        for (i, k) in numbers(5, 300, 40).into_iter().enumerate() {
            if i % 3 == 2 {
                ours.remove(&k);
                std.remove(&k);
            } else {
                ours.insert(k, i);
                std.insert(k, i);
            }
            assert_eq!(ours.get(&k), std.get(&k));
            assert_eq!(ours.len(), std.len());
        }
        let ours: Vec<(u64, usize)> = ours.iter().copied().collect();
        assert_eq!(ours, std.into_iter().collect::<Vec<_>>());
    }

    #[test]
    fn sets_match_collect() {
        let keys = numbers(3, 200, 50);
        assert_eq!(
            set(keys.iter().copied()),
            keys.iter().copied().collect::<BTreeSet<_>>()
        );
    }
}
