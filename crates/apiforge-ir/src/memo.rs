//! Memory of conversions a spec asks for over and over: the same names,
//! converted on every operation that uses them.

use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::thread::LocalKey;

/// Remembered values, by key.
pub type Remembered<V> = HashMap<String, V, BuildHasherDefault<QuickHasher>>;

/// A thread's remembered values, by key.
pub type Memory<V> = RefCell<Remembered<V>>;

/// `convert(key)`, converted once per thread.
pub fn memoized<V: Clone>(memory: &'static LocalKey<Memory<V>>, key: &str, convert: impl FnOnce(&str) -> V) -> V {
    memory.with_borrow_mut(|memory| remembered(memory, key, convert))
}

/// `convert(key)`, converted once while `memory` lives. Cleared past a
/// bound, so a long-lived memory does not keep every value it ever made.
pub fn remembered<V: Clone>(memory: &mut Remembered<V>, key: &str, convert: impl FnOnce(&str) -> V) -> V {
    const MAX_ENTRIES: usize = 1 << 16;
    if let Some(value) = memory.get(key) {
        return value.clone();
    }
    if memory.len() >= MAX_ENTRIES {
        memory.clear();
    }
    let value = convert(key);
    memory.insert(key.to_string(), value.clone());
    value
}

/// A hash of eight bytes at a time (rotate, xor, multiply) for the keys
/// remembered here, names and doc texts: SipHash, the default, was 2% of
/// all instructions generating Kubernetes, and its resistance to
/// chosen collisions guards nothing in a bounded, per-run memory.
#[derive(Default)]
pub struct QuickHasher(u64);

impl QuickHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for QuickHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0; 8];
            word[..rest.len()].copy_from_slice(rest);
            // The length keeps `a` and `a\0` apart.
            self.add(u64::from_le_bytes(word) ^ ((rest.len() as u64) << 59));
        }
    }

    fn write_u8(&mut self, byte: u8) {
        self.add(u64::from(byte));
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use std::hash::BuildHasher;

    use super::Remembered;

    #[test]
    fn keys_that_differ_only_in_their_last_bytes_hash_apart() {
        let hasher = Remembered::<()>::default().hasher().clone();
        let keys = ["", "a", "a\0", "ab", "ba", "abcdefgh", "abcdefgh\0", "abcdefghi", "OK", "Ok"];
        let mut hashes: Vec<u64> = keys.iter().map(|key| hasher.hash_one(key)).collect();
        hashes.sort_unstable();
        hashes.dedup();
        assert_eq!(hashes.len(), keys.len());
    }
}
