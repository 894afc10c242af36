//! One stable sort for the whole crate, and sets and maps built without sorting.
//!
//! std's `sort_by` (and `collect` into a `BTreeSet` or `BTreeMap`, which sorts) is
//! compiled again for every element type and comparator: several KB of WebAssembly each,
//! for a dozen call sites. Here one merge sort, compiled once, sorts positions, and the
//! elements are then moved into place; only two small closures are compiled per call site.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet};

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

/// A map of `entries`, the last one of a key winning (what `collect` into a `BTreeMap` gives).
pub(crate) fn map<K: Ord, V>(entries: impl IntoIterator<Item = (K, V)>) -> BTreeMap<K, V> {
    let mut map = BTreeMap::new();
    map.extend(entries);
    map
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
    fn sets_and_maps_match_collect() {
        let keys = numbers(3, 200, 50);
        assert_eq!(
            set(keys.iter().copied()),
            keys.iter().copied().collect::<BTreeSet<_>>()
        );
        let entries: Vec<(u64, usize)> = keys.iter().copied().zip(0..).collect();
        assert_eq!(
            map(entries.iter().copied()),
            entries.into_iter().collect::<BTreeMap<_, _>>()
        );
    }
}
