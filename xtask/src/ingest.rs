//! `cargo xtask ingest`: the specs in `specs/` that are produced from the
//! documentation pages in `specs/sources/`, each with the overlay
//! `specs/sources/<spec name>.overlay.yaml` when there is one.

use std::path::{Path, PathBuf};

use apiforge_ingest::Source;

/// Each ingested spec (in `specs/`) and its pages (in `specs/sources/`).
const INGESTED: &[(&str, &[&str])] = &[("infisical.yaml", &["infisical.md"]), ("motherduck.yaml", &["motherduck.mdx"])];

/// Every spec `ingest` owns, with the contents it must have.
pub fn expected_specs(root: &Path) -> Result<Vec<(PathBuf, String)>, String> {
    let mut specs = Vec::new();
    for (spec, pages) in INGESTED {
        let sources: Vec<String> = pages.iter().map(|page| format!("specs/sources/{page}")).collect();
        let read = |relative: &str| Source::read(&root.join(relative)).map_err(|e| e.to_string());
        let pages = sources.iter().map(|p| read(p)).collect::<Result<Vec<Source>, String>>()?;
        let stem = spec.trim_end_matches(".yaml");
        let overlay_path = format!("specs/sources/{stem}.overlay.yaml");
        let overlay = if root.join(&overlay_path).exists() { Some(read(&overlay_path)?) } else { None };
        let document = apiforge_ingest::ingest(&pages, overlay.as_ref())
            .map_err(|errors| errors.iter().map(|e| format!("error: {e}")).collect::<Vec<String>>().join("\n"))?;
        let mut from = sources.join(", ");
        if overlay.is_some() {
            from = format!("{from} with the overlay {overlay_path}");
        }
        let header =
            format!("Produced by `cargo xtask ingest` from {from}.\nDo not edit: change the sources and rerun it.");
        let yaml = apiforge_ingest::to_yaml(&document, &header).map_err(|e| e.to_string())?;
        specs.push((root.join("specs").join(spec), yaml));
    }
    Ok(specs)
}

/// The specs whose bytes differ from what `ingest` would write.
pub fn stale_specs(root: &Path) -> Result<Vec<PathBuf>, String> {
    Ok(crate::stale(expected_specs(root)?))
}

pub fn run(args: &[String]) -> Result<(), String> {
    let check = crate::check_flag(args, "usage: cargo xtask ingest [--check]")?;
    let root = crate::repo_root();
    let relative = |path: &Path| path.strip_prefix(&root).unwrap_or(path).display().to_string();
    if check {
        let stale = stale_specs(&root)?;
        if stale.is_empty() {
            return Ok(());
        }
        let list: Vec<String> = stale.iter().map(|p| format!("  {}", relative(p))).collect();
        return Err(format!(
            "ingested specs are stale:\n{}\nrun `cargo xtask ingest` and commit the result",
            list.join("\n")
        ));
    }
    let written = apiforge::write_files(expected_specs(&root)?).map_err(|e| e.to_string())?;
    for path in &written {
        println!("wrote {}", relative(path));
    }
    if written.is_empty() {
        println!("ingested specs are up to date");
    }
    Ok(())
}
