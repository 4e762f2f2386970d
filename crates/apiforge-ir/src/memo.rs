//! Memory of conversions a spec asks for over and over: the same names in
//! lowering, the same doc texts in emitting.

use std::cell::RefCell;
use std::collections::HashMap;
use std::thread::LocalKey;

/// A thread's remembered values, by key.
pub type Memory<V> = RefCell<HashMap<String, V>>;

/// `convert(key)`, converted once per thread.
pub fn memoized<V: Clone>(memory: &'static LocalKey<Memory<V>>, key: &str, convert: impl FnOnce(&str) -> V) -> V {
    memory.with_borrow_mut(|memory| remembered(memory, key, convert))
}

/// `convert(key)`, converted once while `memory` lives. Cleared past a
/// bound, so a long-lived memory does not keep every value it ever made.
pub fn remembered<V: Clone>(memory: &mut HashMap<String, V>, key: &str, convert: impl FnOnce(&str) -> V) -> V {
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
