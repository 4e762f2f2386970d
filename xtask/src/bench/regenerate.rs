//! A no-change `cargo xtask generate`: the xtask binary run as a child, and
//! the files it says it wrote.
//!
//! The real `generate` runs only when `generate --check` finds nothing
//! stale, so the benchmark never rewrites a committed crate; otherwise the
//! `--check` run, which does the same work without writing, is timed. Run
//! through cargo, only `--check` is timed: cargo may first rebuild xtask
//! from sources newer than the binary that checked.

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
    /// Whether `generate` itself was timed (else `generate --check`).
    pub wrote: bool,
}

/// Times `program prefix.. generate` run in `root`; with `may_write`
/// false, or when anything is stale, `generate --check` instead.
pub fn measure(
    program: &Path,
    prefix: &[&str],
    may_write: bool,
    root: &Path,
    scratch: &Path,
    repeat: Repeat,
) -> Result<Regenerated, String> {
    let with = |rest: &[&'static str]| prefix.iter().chain(rest).copied().collect::<Vec<&str>>();
    let check = child::run(program, &with(&["generate", "--check"]), root, &[], scratch)?;
    // `--check` lists each stale file on its own indented line.
    let stale =
        check.failure.as_deref().map_or(0, |message| message.lines().filter(|l| l.starts_with("  ")).count().max(1));
    let writes = may_write && stale == 0;
    let args = if writes { with(&["generate"]) } else { with(&["generate", "--check"]) };
    let mut written = 0;
    let runs = repeat.run(|| {
        let finished = child::run(program, &args, root, &[], scratch)?;
        if stale == 0 {
            finished.failure.map_or(Ok(()), Err)?;
        }
        written = finished.stdout.lines().filter(|l| l.starts_with("wrote ")).count();
        Ok(finished.elapsed)
    })?;
    Ok(Regenerated { stats: Stats::of(runs.iter().copied()), runs: runs.len(), written, stale, wrote: writes })
}
