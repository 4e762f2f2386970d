//! A no-change `cargo xtask generate`: the xtask binary run as a child, and
//! the files it says it wrote.
//!
//! The real `generate` runs only when `generate --check` finds nothing
//! stale, so the benchmark never rewrites a committed crate; otherwise the
//! `--check` run, which does the same work without writing, is timed.

use std::path::Path;

use super::child;
use super::stats::{Repeat, Stats};

pub struct Regenerated {
    pub stats: Stats,
    pub runs: usize,
    /// `wrote <file>` lines of the last run (zero expected).
    pub written: usize,
    /// Files `--check` found stale; when non-zero only `--check` was timed.
    pub stale: usize,
}

pub fn measure(xtask: &Path, root: &Path, scratch: &Path, repeat: Repeat) -> Result<Regenerated, String> {
    let check = child::run(xtask, &["generate", "--check"], root, &[], scratch)?;
    // `--check` lists each stale file on its own indented line.
    let stale = check.failure.as_deref().map_or(0, |message| message.lines().filter(|l| l.starts_with("  ")).count().max(1));
    let args: &[&str] = if stale == 0 { &["generate"] } else { &["generate", "--check"] };
    let mut written = 0;
    let runs = repeat.run(|| {
        let finished = child::run(xtask, args, root, &[], scratch)?;
        if stale == 0 {
            finished.failure.map_or(Ok(()), Err)?;
        }
        written = finished.stdout.lines().filter(|l| l.starts_with("wrote ")).count();
        Ok(finished.elapsed)
    })?;
    Ok(Regenerated { stats: Stats::of(runs.iter().copied()), runs: runs.len(), written, stale })
}
