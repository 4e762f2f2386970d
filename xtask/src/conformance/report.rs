//! The conformance table, its TSV summary and the failures file.

use std::io::Write;
use std::path::Path;

use apiforge_conformance::Kind;

use super::run::{Outcome, SpecResult};
use crate::corpus::one_line;

pub fn print(results: &[SpecResult]) {
    let kinds: Vec<String> = Kind::ALL.iter().map(|k| format!("{:>8}", abbreviate(k.label()))).collect();
    println!("{:<56} {:>6} {:>7} {:>7} {} {:>6}", "spec", "types", "values", "skipped", kinds.join(" "), "ambig");
    let (mut checked, mut types, mut values, mut skipped) = (0, 0, 0, 0);
    let mut by_kind = [0usize; Kind::ALL.len()];
    for r in results {
        match &r.outcome {
            Outcome::Checked(report) => {
                let counts: Vec<usize> = Kind::ALL.iter().map(|k| report.count(*k)).collect();
                let row: Vec<String> = counts.iter().map(|n| format!("{n:>8}")).collect();
                println!(
                    "{:<56} {:>6} {:>7} {:>7} {} {:>6}",
                    one_line(&r.name, 56),
                    report.types,
                    report.values,
                    report.skipped.len(),
                    row.join(" "),
                    report.ambiguities.len()
                );
                checked += 1;
                types += report.types;
                values += report.values;
                skipped += report.skipped.len();
                by_kind.iter_mut().zip(&counts).for_each(|(total, n)| *total += n);
            }
            Outcome::NotGenerated(why) | Outcome::NotBuilt(why) => {
                println!("{:<56} {}: {}", one_line(&r.name, 56), r.outcome.label(), one_line(why, 100))
            }
        }
    }
    let row: Vec<String> = by_kind.iter().map(|n| format!("{n:>8}")).collect();
    println!(
        "{:<56} {:>6} {:>7} {:>7} {}",
        format!("total ({checked} specs checked of {})", results.len()),
        types,
        values,
        skipped,
        row.join(" ")
    );
    let ambiguities: Vec<_> = results
        .iter()
        .filter_map(|r| match &r.outcome {
            Outcome::Checked(report) => Some((r, report)),
            _ => None,
        })
        .flat_map(|(r, report)| report.ambiguities.iter().map(move |a| (r, a)))
        .collect();
    if !ambiguities.is_empty() {
        println!("\nunions whose members accept the same value (read as the first that does):");
        for (r, a) in ambiguities {
            println!(
                "  {}: {} accepted by {}; read as {}",
                one_line(&r.name, 60),
                a.type_name,
                a.accepting.join(", "),
                a.read_as
            );
        }
    }
}

/// The run's verdict, for its last line: `Err` when any value failed (of
/// any kind) or a spec's generated types did not build. Refused specs and
/// ambiguous unions are listed in the table, not failures.
pub fn verdict(results: &[SpecResult]) -> Result<String, String> {
    let mut by_kind = [0usize; Kind::ALL.len()];
    let (mut failing, mut not_built, mut values) = (0, 0, 0);
    for r in results {
        match &r.outcome {
            Outcome::Checked(report) => {
                values += report.values;
                failing += usize::from(!report.failures.is_empty());
                by_kind.iter_mut().zip(Kind::ALL).for_each(|(total, kind)| *total += report.count(kind));
            }
            Outcome::NotBuilt(_) => not_built += 1,
            Outcome::NotGenerated(_) => {}
        }
    }
    let failures: usize = by_kind.iter().sum();
    if failures == 0 && not_built == 0 {
        return Ok(format!("conformance: passed: {values} values of {} specs", results.len()));
    }
    let mut counts: Vec<String> = Kind::ALL
        .iter()
        .zip(by_kind)
        .filter(|(_, n)| *n > 0)
        .map(|(kind, n)| format!("{n} {}", kind.label()))
        .collect();
    if not_built > 0 {
        counts.push(format!("{not_built} specs not built"));
    }
    Err(format!(
        "conformance: FAILED: {failures} of {values} values, in {failing} of {} specs ({})",
        results.len(),
        counts.join(", ")
    ))
}

/// Column heads that fit the table.
fn abbreviate(label: &str) -> &str {
    match label {
        "wrong-variant" => "variant",
        "unreadable" => "unread",
        "rejected" => "rejectd",
        other => other,
    }
}

/// The summary (a line per spec) and the failures, ambiguities and types
/// left out (a line each, with the value).
pub fn write(summary: &Path, failures: &Path, results: &[SpecResult]) -> std::io::Result<()> {
    let mut out = std::fs::File::create(summary)?;
    let kinds: Vec<&str> = Kind::ALL.iter().map(|k| k.label()).collect();
    writeln!(out, "spec\toutcome\ttypes\tvalues\tskipped\t{}\tambiguous\tdetail", kinds.join("\t"))?;
    let mut details = std::fs::File::create(failures)?;
    writeln!(details, "spec\ttype\tkind\tdetail\tvalue")?;
    for r in results {
        match &r.outcome {
            Outcome::Checked(report) => {
                let counts: Vec<String> = Kind::ALL.iter().map(|k| report.count(*k).to_string()).collect();
                writeln!(
                    out,
                    "{}\t{}\t{}\t{}\t{}\t{}\t{}\t",
                    r.name,
                    r.outcome.label(),
                    report.types,
                    report.values,
                    report.skipped.len(),
                    counts.join("\t"),
                    report.ambiguities.len()
                )?;
                // The whole value, so that a failure can be tried again.
                for f in &report.failures {
                    let value = f.value.to_string();
                    let line = [r.name.as_str(), &f.type_name, f.kind.label(), &one_line(&f.detail, 300), &value];
                    writeln!(details, "{}", line.join("\t"))?;
                }
                for a in &report.ambiguities {
                    let detail = format!("accepted by {}; read as {}", a.accepting.join(", "), a.read_as);
                    writeln!(details, "{}\t{}\tambiguous\t{detail}\t", r.name, a.type_name)?;
                }
                for s in &report.skipped {
                    writeln!(details, "{}\t{}\tskipped\t{}\t", r.name, s.type_name, one_line(&s.why, 300))?;
                }
            }
            Outcome::NotGenerated(why) | Outcome::NotBuilt(why) => {
                let empty = "\t".repeat(Kind::ALL.len() + 4);
                writeln!(out, "{}\t{}{empty}\t{}", r.name, r.outcome.label(), one_line(why, 300))?
            }
        }
    }
    Ok(())
}
