//! Work shared out over a thread per core. Each thread takes the next item
//! none has taken, so one slowed by a large item or a busy core leaves the
//! rest to the others (a fixed share of every n-th item waits on the
//! slowest thread).

use std::sync::atomic::{AtomicUsize, Ordering};

/// More threads than this share out too little work to pay for themselves.
const MAX_THREADS: usize = 8;

/// Room for deeply nested documents and schemas (the default 2 MiB of a
/// spawned thread is less than a main thread has).
const STACK: usize = 64 << 20;

/// How many threads [`map_shared`] uses for enough items: one per core.
pub fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, MAX_THREADS)
}

/// `work` done on every item, the results in the items' order.
pub fn map_shared<T: Sync, R: Send>(items: &[T], work: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let next = AtomicUsize::new(0);
    let take = || -> Vec<(usize, R)> {
        let mut done = Vec::new();
        loop {
            let index = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(index) else { return done };
            done.push((index, work(item)));
        }
    };
    let mut done = Vec::with_capacity(items.len());
    std::thread::scope(|scope| {
        let spawned: Vec<_> = (0..threads().min(items.len()))
            .map(|_| std::thread::Builder::new().stack_size(STACK).spawn_scoped(scope, take))
            .collect();
        for handle in spawned {
            done.extend(match handle {
                Ok(handle) => handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                // No thread to be had: this one takes what is left.
                Err(_) => take(),
            });
        }
    });
    done.sort_unstable_by_key(|(index, _)| *index);
    done.into_iter().map(|(_, result)| result).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_keep_the_items_order() {
        let items: Vec<u64> = (0..1000).collect();
        let squares = map_shared(&items, |n| n * n);
        assert_eq!(squares, items.iter().map(|n| n * n).collect::<Vec<_>>());
        assert!(map_shared(&[] as &[u8], |_| 0).is_empty());
    }
}
