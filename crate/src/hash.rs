//! One hash map for the whole crate, with a cheap hasher.
//!
//! std's default SipHash guards against keys chosen to collide, which this engine never
//! sees: its keys are the user's own ids, addresses and times. A multiplicative hash is
//! several times cheaper, which matters in WebAssembly built for size, where hashing and
//! probing are calls rather than inlined code.

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
}
