//! The corpus table and the machine-readable summary.

use std::io::Write;
use std::path::Path;

use super::generate::{CheckResult, Outcome, SpecResult};

fn outcome_label(outcome: &Outcome) -> (&'static str, String) {
    match outcome {
        Outcome::OtherVersion(why) => ("other-version", why.clone()),
        Outcome::Refused(why) => ("refused", why.clone()),
        Outcome::Panicked(why) => ("panicked", why.clone()),
        Outcome::InvalidCode(why) => ("invalid", why.clone()),
        Outcome::Generated { check: None, .. } => ("generated", String::new()),
        Outcome::Generated { check: Some(CheckResult::Compiles), .. } => ("compiles", String::new()),
        Outcome::Generated { check: Some(CheckResult::Warnings(w)), .. } => ("warnings", w.clone()),
        Outcome::Generated { check: Some(CheckResult::Fails(e)), .. } => ("fails", e.clone()),
    }
}

/// The run's verdict, for its last line: `Err` when any spec's generated
/// code fails to build, warns, does not parse or panicked the generator.
/// Refused specs are bad inputs reported with their location, not failures.
pub fn verdict(results: &[SpecResult]) -> Result<String, String> {
    let failed: Vec<&str> = results
        .iter()
        .map(|r| outcome_label(&r.outcome).0)
        .filter(|label| matches!(*label, "panicked" | "invalid" | "warnings" | "fails"))
        .collect();
    let counts = ["fails", "warnings", "invalid", "panicked"]
        .iter()
        .map(|label| (label, failed.iter().filter(|l| *l == label).count()))
        .filter(|(_, n)| *n > 0)
        .map(|(label, n)| format!("{n} {label}"))
        .collect::<Vec<_>>();
    if failed.is_empty() {
        Ok(format!("corpus: passed: no generated crate of {} specs fails", results.len()))
    } else {
        Err(format!("corpus: FAILED: {} of {} specs ({})", failed.len(), results.len(), counts.join(", ")))
    }
}

pub(crate) fn one_line(text: &str, limit: usize) -> String {
    let line: String = text.replace(['\n', '\t'], " ");
    if line.chars().count() > limit {
        format!("{}...", line.chars().take(limit).collect::<String>())
    } else {
        line
    }
}

pub fn print(results: &[SpecResult]) {
    println!("{:<60} {:>8} {:>5} {:>9} {:>9}  detail", "spec", "version", "ops", "outcome", "gen ms");
    for r in results {
        let (label, detail) = outcome_label(&r.outcome);
        let ms = r.times.total().as_secs_f64() * 1000.0;
        println!(
            "{:<60} {:>8} {:>5} {:>9} {:>9.1}  {}",
            one_line(&r.name, 60),
            r.version,
            r.operations,
            label,
            ms,
            one_line(&detail, 140)
        );
    }
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for r in results {
        let (label, _) = outcome_label(&r.outcome);
        match counts.iter_mut().find(|(l, _)| *l == label) {
            Some((_, n)) => *n += 1,
            None => counts.push((label, 1)),
        }
    }
    let total_read = results.iter().filter(|r| !matches!(r.outcome, Outcome::OtherVersion(_))).count();
    let compiles = counts.iter().find(|(l, _)| *l == "compiles").map_or(0, |(_, n)| *n);
    println!();
    for (label, n) in &counts {
        println!("{label:>10}: {n}");
    }
    if total_read > 0 {
        println!(
            "compiling without warnings: {compiles} of {total_read} OpenAPI 3.x and Swagger 2.0 specs ({:.1}%)",
            100.0 * compiles as f64 / total_read as f64
        );
    }
    let mut slowest: Vec<&SpecResult> = results.iter().collect();
    slowest.sort_by_key(|r| std::cmp::Reverse(r.times.total()));
    println!("slowest (parse / lower / emit / format ms):");
    for r in slowest.iter().take(5) {
        let t = r.times;
        let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
        println!(
            "  {:<60} {:.0} / {:.0} / {:.0} / {:.0}",
            one_line(&r.name, 60),
            ms(t.parse),
            ms(t.lower),
            ms(t.emit),
            ms(t.format)
        );
    }
}

pub fn write_tsv(path: &Path, results: &[SpecResult]) -> std::io::Result<()> {
    let mut file = std::fs::File::create(path)?;
    writeln!(file, "spec\tversion\toperations\toutcome\tparse_ms\tlower_ms\temit_ms\tformat_ms\tdetail")?;
    for r in results {
        let (label, detail) = outcome_label(&r.outcome);
        let ms = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
        let t = r.times;
        writeln!(
            file,
            "{}\t{}\t{}\t{}\t{:.2}\t{:.2}\t{:.2}\t{:.2}\t{}",
            r.name,
            r.version,
            r.operations,
            label,
            ms(t.parse),
            ms(t.lower),
            ms(t.emit),
            ms(t.format),
            one_line(&detail, 400)
        )?;
    }
    Ok(())
}
