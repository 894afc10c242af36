//! One stable sort for the whole crate, and the crate's sets and maps, kept as sorted
//! lists.
//!
//! std's `sort_by` (and `collect` into a `BTreeSet` or `BTreeMap`, which sorts) is
//! compiled again for every element type and comparator: several KB of WebAssembly each,
//! for a dozen call sites. Here one merge sort, compiled once, sorts positions, and the
//! elements are then moved into place; only two small closures are compiled per call site.
//!
//! std's B-tree (`BTreeMap`, `BTreeSet`) is compiled again for every key and value type:
//! insertion, removal, rebalancing, iteration and dropping, 1 to 3 KB each, some 33 KB of
//! the WebAssembly module for a dozen types. [`SortedSet`] and [`SortedMap`] keep their
//! items in a `Vec` sorted by [`sort_by`] and searched by `binary_search_by`: the same
//! order and lookups in little code. An insertion moves the items after it, so many
//! items in no order are added at once ([`Extend`], [`FromIterator`]: one sort, linear
//! on sorted runs), not one by one.

use std::borrow::Borrow;
use std::cmp::Ordering;

use serde::de::{MapAccess, Visitor};
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

/// A map kept as a list sorted by key, in place of a `BTreeMap` (see the module's doc).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
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

    pub fn get_mut<Q: Ord + ?Sized>(&mut self, key: &Q) -> Option<&mut V>
    where
        K: Borrow<Q>,
    {
        let i = self.at(key).ok()?;
        Some(&mut self.0[i].1)
    }

    /// Sets the value at `key` (the key held stays); the value it replaced, if any.
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        match self.at(&key) {
            Ok(i) => Some(std::mem::replace(&mut self.0[i].1, value)),
            Err(i) => {
                self.0.insert(i, (key, value));
                None
            }
        }
    }

    /// The value at `key`, a default one inserted first if none (what
    /// `entry(key).or_default()` gives).
    pub fn or_default(&mut self, key: K) -> &mut V
    where
        V: Default,
    {
        let i = match self.at(&key) {
            Ok(i) => i,
            Err(i) => {
                self.0.insert(i, (key, V::default()));
                i
            }
        };
        &mut self.0[i].1
    }

    pub fn remove<Q: Ord + ?Sized>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
    {
        let i = self.at(key).ok()?;
        Some(self.0.remove(i).1)
    }

    pub fn retain(&mut self, mut keep: impl FnMut(&K, &V) -> bool) {
        self.0.retain(|(k, v)| keep(k, v));
    }

    /// Adds `entries`, in order: of two values for one key, `replace(held, new)` tells
    /// whether the later one replaces the one before. A few are inserted one by one;
    /// more at once, by one sort (one by one, each would move every entry after it).
    pub fn merge(
        &mut self,
        entries: impl IntoIterator<Item = (K, V)>,
        replace: impl FnMut(&V, &V) -> bool,
    ) {
        let held = self.0.len();
        self.0.extend(entries);
        self.settle(held, replace);
    }

    /// Puts the entries from position `held` on in their places ([`SortedMap::merge`]):
    /// compiled once for each key, value and `replace` type, not for each iterator.
    fn settle(&mut self, held: usize, mut replace: impl FnMut(&V, &V) -> bool) {
        if self.0.len() - held <= FEW {
            for (key, value) in self.0.split_off(held) {
                match self.at(&key) {
                    Ok(i) if !replace(&self.0[i].1, &value) => {}
                    Ok(i) => self.0[i].1 = value,
                    Err(i) => self.0.insert(i, (key, value)),
                }
            }
            return;
        }
        // Stable: of equal keys, the one held comes first, then the new ones in order.
        sort_by(&mut self.0, |a, b| a.0.cmp(&b.0));
        self.0.dedup_by(|later, kept| {
            let same = later.0 == kept.0;
            if same && replace(&kept.1, &later.1) {
                std::mem::swap(&mut kept.1, &mut later.1);
            }
            same
        });
    }
}

/// For [`SortedMap::merge`]: the later value replaces the one before (a function, not a
/// closure: a closure in a generic function is another type for each iterator).
fn later<V>(_: &V, _: &V) -> bool {
    true
}

/// For [`SortedMap::merge`]: the value held stays.
fn held<V>(_: &V, _: &V) -> bool {
    false
}

/// How many entries [`SortedMap::merge`] inserts one by one rather than sort (each
/// insertion moves the entries after it; a sort looks at every entry a few times).
const FEW: usize = 8;

impl<K, V> SortedMap<K, V> {
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

    /// The keys in order.
    pub fn keys(&self) -> impl Iterator<Item = &K> {
        self.0.iter().map(|(k, _)| k)
    }

    /// The values in key order.
    pub fn values(&self) -> impl Iterator<Item = &V> {
        self.0.iter().map(|(_, v)| v)
    }
}

/// Adds the entries at once ([`SortedMap::merge`]); the last value for a key is kept.
impl<K: Ord, V> Extend<(K, V)> for SortedMap<K, V> {
    fn extend<I: IntoIterator<Item = (K, V)>>(&mut self, entries: I) {
        self.merge(entries, later);
    }
}

impl<K: Ord, V> FromIterator<(K, V)> for SortedMap<K, V> {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(entries: I) -> Self {
        let mut map = SortedMap::default();
        map.extend(entries);
        map
    }
}

impl<K, V> IntoIterator for SortedMap<K, V> {
    type Item = (K, V);
    type IntoIter = std::vec::IntoIter<(K, V)>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a, K, V> IntoIterator for &'a SortedMap<K, V> {
    type Item = &'a (K, V);
    type IntoIter = std::slice::Iter<'a, (K, V)>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

/// A set kept as a sorted list, in place of a `BTreeSet` (see the module's doc): a
/// [`SortedMap`] of its items to nothing.
/// (Ordered as the lists of their items are.)
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct SortedSet<T>(SortedMap<T, ()>);

impl<T> Default for SortedSet<T> {
    fn default() -> Self {
        SortedSet(SortedMap::default())
    }
}

impl<T: Ord> SortedSet<T> {
    /// Adds `item`; false when the set held it already (and keeps the one held).
    pub fn insert(&mut self, item: T) -> bool {
        self.0.insert(item, ()).is_none()
    }

    /// Removes `item`; false when the set did not hold it.
    pub fn remove<Q: Ord + ?Sized>(&mut self, item: &Q) -> bool
    where
        T: Borrow<Q>,
    {
        self.0.remove(item).is_some()
    }

    pub fn contains<Q: Ord + ?Sized>(&self, item: &Q) -> bool
    where
        T: Borrow<Q>,
    {
        self.0.get(item).is_some()
    }

    pub fn retain(&mut self, mut keep: impl FnMut(&T) -> bool) {
        self.0.retain(|t, _| keep(t));
    }
}

impl<T> SortedSet<T> {
    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The items in order.
    pub fn iter(&self) -> <&Self as IntoIterator>::IntoIter {
        self.into_iter()
    }
}

/// Adds the items at once ([`SortedMap::merge`]); of equal items the one held is kept.
impl<T: Ord> Extend<T> for SortedSet<T> {
    fn extend<I: IntoIterator<Item = T>>(&mut self, items: I) {
        self.0.merge(items.into_iter().map(|t| (t, ())), held);
    }
}

impl<T: Ord> FromIterator<T> for SortedSet<T> {
    fn from_iter<I: IntoIterator<Item = T>>(items: I) -> Self {
        let mut set = SortedSet::default();
        set.extend(items);
        set
    }
}

impl<T> IntoIterator for SortedSet<T> {
    type Item = T;
    type IntoIter = std::iter::Map<std::vec::IntoIter<(T, ())>, fn((T, ())) -> T>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter().map(|(t, ())| t)
    }
}

impl<'a, T> IntoIterator for &'a SortedSet<T> {
    type Item = &'a T;
    type IntoIter = std::iter::Map<std::slice::Iter<'a, (T, ())>, fn(&(T, ())) -> &T>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(t, ())| t)
    }
}

/// Written as a sequence in order (what a `BTreeSet` writes).
impl<T: Serialize> Serialize for SortedSet<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self)
    }
}

/// Written as a map (what a `BTreeMap` writes).
impl<K: Serialize, V: Serialize> Serialize for SortedMap<K, V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}

/// Read as a map (what a `BTreeMap` reads: the last value for a key is kept).
impl<'de, K: Deserialize<'de> + Ord, V: Deserialize<'de>> Deserialize<'de> for SortedMap<K, V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Entries<K, V>(std::marker::PhantomData<(K, V)>);

        impl<'de, K: Deserialize<'de>, V: Deserialize<'de>> Visitor<'de> for Entries<K, V> {
            type Value = Vec<(K, V)>;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a map")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    out.push(entry);
                }
                Ok(out)
            }
        }

        let entries = deserializer.deserialize_map(Entries(std::marker::PhantomData))?;
        Ok(entries.into_iter().collect())
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
            } else if i % 3 == 1 {
                *ours.or_default(k) += i;
                *std.entry(k).or_default() += i;
            } else {
                ours.insert(k, i);
                std.insert(k, i);
            }
            assert_eq!(ours.get(&k), std.get(&k));
            assert_eq!(ours.len(), std.len());
        }
        // Many at once, in no order, some keys repeated: the last value is kept.
        let more: Vec<(u64, usize)> = numbers(9, 500, 80).into_iter().zip(1000..).collect();
        ours.extend(more.iter().copied());
        std.extend(more.iter().copied());
        ours.retain(|k, _| k % 5 != 0);
        std.retain(|k, _| k % 5 != 0);
        let ours: Vec<(u64, usize)> = ours.iter().copied().collect();
        assert_eq!(ours, std.into_iter().collect::<Vec<_>>());
    }

    #[test]
    fn merge_folds_the_values_of_a_key_in_order() {
        // Keep the larger value, as a replica keeps the winning version.
        let mut ours: SortedMap<u64, u64> = [(1, 5), (2, 1)].into_iter().collect();
        ours.merge([(2, 7), (1, 3), (3, 2), (2, 4), (3, 9)], |held, new| {
            new > held
        });
        let ours: Vec<(u64, u64)> = ours.into_iter().collect();
        assert_eq!(ours, vec![(1, 5), (2, 7), (3, 9)]);
        // As inserting them one by one, wherever the new keys go among those held.
        for (seed, held, new) in [(1, 100, 1), (2, 100, 7), (3, 0, 50), (4, 300, 300)] {
            let keys = numbers(seed, held, 400);
            let mut ours: SortedMap<u64, u64> = keys.iter().map(|&k| (k, k % 7)).collect();
            let mut std: std::collections::BTreeMap<u64, u64> =
                keys.iter().map(|&k| (k, k % 7)).collect();
            let entries: Vec<(u64, u64)> = numbers(seed + 10, new, 420)
                .into_iter()
                .zip(numbers(seed + 20, new, 9))
                .collect();
            ours.merge(entries.iter().copied(), |held, new| new > held);
            for (k, v) in entries {
                let held = std.entry(k).or_insert(v);
                *held = (*held).max(v);
            }
            assert_eq!(ours.into_iter().collect::<Vec<_>>(), Vec::from_iter(std));
        }
    }

    #[test]
    fn sorted_maps_read_and_write_json_as_btree_maps() {
        let text = r#"{"b": 1, "a": 2, "c": 3, "a": 4}"#;
        let ours: SortedMap<String, u32> = serde_json::from_str(text).unwrap();
        let std: std::collections::BTreeMap<String, u32> = serde_json::from_str(text).unwrap();
        assert_eq!(
            serde_json::to_string(&ours).unwrap(),
            serde_json::to_string(&std).unwrap()
        );
        assert_eq!(ours.get("a"), Some(&4));
        assert!(serde_json::from_str::<SortedMap<String, u32>>("[1]").is_err());
    }

    #[test]
    fn sorted_sets_match_btree_sets() {
        use std::collections::BTreeSet;
        let keys = numbers(3, 200, 50);
        let mut ours: SortedSet<u64> = keys.iter().copied().collect();
        let mut std: BTreeSet<u64> = keys.iter().copied().collect();
        for (i, k) in numbers(11, 300, 70).into_iter().enumerate() {
            if i % 2 == 0 {
                assert_eq!(ours.remove(&k), std.remove(&k));
            } else {
                assert_eq!(ours.insert(k), std.insert(k));
            }
            assert_eq!(ours.contains(&k), std.contains(&k));
            assert_eq!(ours.len(), std.len());
        }
        ours.extend(numbers(13, 100, 200));
        std.extend(numbers(13, 100, 200));
        ours.retain(|k| k % 3 != 0);
        std.retain(|k| k % 3 != 0);
        assert_eq!(
            serde_json::to_string(&ours).unwrap(),
            serde_json::to_string(&std).unwrap()
        );
        assert_eq!(ours.into_iter().collect::<Vec<_>>(), Vec::from_iter(std));
    }
}
