//! The testers' table, the TSV of their findings and the verdict.

use std::io::Write;
use std::path::Path;

use super::run::{Outcome, SpecResult};
use crate::corpus::one_line;

/// What a spec's testers found: schemathesis's failing checks, the calls
/// Prism or the client found wrong, and the calls Prism could not answer
/// or judge (its gaps).
#[derive(Default)]
struct Counts {
    schemathesis: usize,
    prism: usize,
    gaps: usize,
}

fn counts(outcome: &Outcome) -> Option<Counts> {
    let Outcome::Tested { schemathesis, prism, .. } = outcome else { return None };
    let mut counts = Counts::default();
    if let Ok(failures) = schemathesis {
        counts.schemathesis = failures.iter().map(|f| f.operations.len()).sum();
    }
    if let Ok(findings) = prism {
        counts.prism = findings.iter().filter(|f| f.is_failure()).count();
        counts.gaps = findings.len() - counts.prism;
    }
    Some(counts)
}

pub fn print(results: &[SpecResult]) {
    println!("{:<56} {:>5} {:>12} {:>8} {:>10}", "spec", "ops", "schemathesis", "prism", "prism gaps");
    for r in results {
        let name = one_line(&r.name, 56);
        match (&r.outcome, counts(&r.outcome)) {
            (Outcome::Tested { operations, schemathesis, prism }, Some(c)) => {
                let shown = |result: Result<usize, &String>| match result {
                    Ok(n) => n.to_string(),
                    Err(_) => "error".to_string(),
                };
                let st = shown(schemathesis.as_ref().map(|_| c.schemathesis));
                let pr = shown(prism.as_ref().map(|_| c.prism));
                println!("{name:<56} {operations:>5} {st:>12} {pr:>8} {:>10}", c.gaps);
            }
            (Outcome::NotGenerated(why) | Outcome::NotBuilt(why), _) => {
                println!("{name:<56} {}", one_line(&format!("{}: {why}", label(&r.outcome)), 100))
            }
            _ => {}
        }
    }
    println!("\n(schemathesis: failing checks by operation; prism: request violations and unread answers)");
    for r in results {
        for (tester, kind, operations) in findings(&r.outcome) {
            println!("{} [{tester}] {kind}: {}", r.name, one_line(&operations, 120));
        }
    }
}

fn label(outcome: &Outcome) -> &'static str {
    match outcome {
        Outcome::NotGenerated(_) => "not-generated",
        Outcome::NotBuilt(_) => "not-built",
        Outcome::Tested { .. } => "tested",
    }
}

/// Every finding of a spec: (tester, kind, operations), the testers' own
/// errors among them.
fn findings(outcome: &Outcome) -> Vec<(&'static str, String, String)> {
    let Outcome::Tested { schemathesis, prism, .. } = outcome else { return Vec::new() };
    let mut found = Vec::new();
    match schemathesis {
        Ok(failures) => {
            found.extend(failures.iter().map(|f| ("schemathesis", f.kind.clone(), f.operations.join(", "))))
        }
        Err(why) => found.push(("schemathesis", "error".to_string(), why.clone())),
    }
    match prism {
        Ok(calls) => found.extend(calls.iter().map(|f| ("prism", f.kind.clone(), f.operation.clone()))),
        Err(why) => found.push(("prism", "error".to_string(), why.clone())),
    }
    found
}

/// One line per finding: spec, tester, kind, operations.
pub fn write(path: &Path, results: &[SpecResult]) -> std::io::Result<()> {
    let mut file = std::io::BufWriter::new(std::fs::File::create(path)?);
    writeln!(file, "spec\ttester\tkind\toperations")?;
    for r in results {
        match &r.outcome {
            Outcome::NotGenerated(why) | Outcome::NotBuilt(why) => {
                writeln!(file, "{}\t-\t{}\t{}", r.name, label(&r.outcome), one_line(why, 500))?
            }
            outcome => {
                for (tester, kind, operations) in findings(outcome) {
                    writeln!(file, "{}\t{tester}\t{kind}\t{}", r.name, one_line(&operations, 2000))?;
                }
            }
        }
    }
    file.flush()
}

/// The last line: passed, or what failed. A spec that was not generated
/// (a refused spec is the corpus run's to report) is not a failure here;
/// one that did not build, a tester that could not run and any finding
/// but Prism's gaps are.
pub fn verdict(results: &[SpecResult]) -> Result<String, String> {
    let tested = results.iter().filter(|r| matches!(r.outcome, Outcome::Tested { .. })).count();
    let not_built = results.iter().filter(|r| matches!(r.outcome, Outcome::NotBuilt(_))).count();
    let errors = results
        .iter()
        .map(|r| findings(&r.outcome).iter().filter(|(_, kind, _)| kind == "error").count())
        .sum::<usize>();
    let all: Vec<Counts> = results.iter().filter_map(|r| counts(&r.outcome)).collect();
    let schemathesis: usize = all.iter().map(|c| c.schemathesis).sum();
    let prism: usize = all.iter().map(|c| c.prism).sum();
    let gaps: usize = all.iter().map(|c| c.gaps).sum();
    let failing = results
        .iter()
        .filter(|r| {
            matches!(r.outcome, Outcome::NotBuilt(_))
                || counts(&r.outcome).is_some_and(|c| c.schemathesis + c.prism > 0)
                || findings(&r.outcome).iter().any(|(_, kind, _)| kind == "error")
        })
        .count();
    let figures = format!(
        "{schemathesis} schemathesis failures, {prism} Prism failures, {errors} tester errors, {not_built} not built; \
         {gaps} calls Prism could not answer or judge"
    );
    if failing == 0 {
        Ok(format!("testers: passed: {tested} of {} specs tested ({figures})", results.len()))
    } else {
        Err(format!("testers: FAILED: {failing} of {} specs ({figures})", results.len()))
    }
}
