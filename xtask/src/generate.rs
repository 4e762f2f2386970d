//! `cargo xtask generate`: one committed crate per spec in `specs/`.

use std::path::{Path, PathBuf};

use apiforge::{CrateInfo, Generator};
use apiforge_ir::Selection;

/// The specs in `specs/`, sorted, with the crate directory name for each.
pub fn specs(root: &Path) -> Result<Vec<(String, PathBuf)>, String> {
    let dir = root.join("specs");
    let entries = std::fs::read_dir(&dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    let mut specs: Vec<(String, PathBuf)> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml" | "json")))
        .filter_map(|p| Some((p.file_stem()?.to_str()?.to_string(), p)))
        .collect();
    specs.sort();
    Ok(specs)
}

/// Every file `generate` owns, with the contents it must have.
pub fn expected_files(root: &Path) -> Result<Vec<(PathBuf, String)>, String> {
    let mut all = Vec::new();
    for (stem, spec) in specs(root)? {
        let crate_dir = root.join("crates/generated").join(&stem);
        let label = format!("specs/{}", spec.file_name().map(|n| n.to_string_lossy()).unwrap_or_default());
        let info = CrateInfo {
            name: &format!("{stem}-api"),
            spec: &label,
            runtime: "path = \"../../apiforge-runtime\"",
            regenerate: "cargo xtask generate",
        };
        let selection = selection(root, &stem)?;
        let (files, _) = Generator::new(&spec)
            .feature_gated(true)
            .tags(selection.tags)
            .operations(selection.operations)
            .webhooks(selection.webhooks)
            .crate_files(&info)
            .map_err(|e| format!("{}: {e}", spec.display()))?;
        all.extend(files.into_iter().map(|(relative, contents)| (crate_dir.join(relative), contents)));
    }
    Ok(all)
}

/// What to generate for `specs/<stem>.*`, when `specs/select/<stem>.yaml`
/// says (`tags: [...]`, `operations: [...]`, `webhooks: true`, as `apiforge
/// generate --tag`, `--operation` and `--webhooks`); every operation otherwise.
fn selection(root: &Path, stem: &str) -> Result<Selection, String> {
    let path = root.join("specs/select").join(format!("{stem}.yaml"));
    let Ok(text) = std::fs::read_to_string(&path) else { return Ok(Selection::default()) };
    let value: serde_yaml::Value = serde_yaml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let list = |key: &str| -> Result<Vec<String>, String> {
        let Some(items) = value.get(key) else { return Ok(Vec::new()) };
        let strings = items.as_sequence().map(|items| items.iter().map(|i| i.as_str().map(str::to_string)).collect());
        strings.flatten().ok_or_else(|| format!("{}: `{key}` must be a list of strings", path.display()))
    };
    let webhooks = match value.get("webhooks") {
        None => false,
        Some(flag) => flag.as_bool().ok_or_else(|| format!("{}: `webhooks` must be true or false", path.display()))?,
    };
    Ok(Selection { tags: list("tags")?, operations: list("operations")?, webhooks })
}

/// The files whose bytes differ from what `generate` would write.
pub fn stale_files(root: &Path) -> Result<Vec<PathBuf>, String> {
    Ok(crate::stale(expected_files(root)?))
}

pub fn run(args: &[String]) -> Result<(), String> {
    let check = crate::check_flag(args, "usage: cargo xtask generate [--check]")?;
    let root = crate::repo_root();
    let stale = if check { stale_files(&root)? } else { Vec::new() };
    // What changed for the API's users first, then the files it changes.
    for (_, spec) in specs(&root)? {
        if let Some(summary) = apiforge::diff::summary_since_head(&spec) {
            print!("{summary}");
        }
    }
    let written =
        if check { Vec::new() } else { apiforge::write_files(expected_files(&root)?).map_err(|e| e.to_string())? };
    for path in &written {
        println!("wrote {}", path.strip_prefix(&root).unwrap_or(path).display());
    }
    if !stale.is_empty() {
        let list: Vec<String> =
            stale.iter().map(|p| format!("  {}", p.strip_prefix(&root).unwrap_or(p).display())).collect();
        return Err(format!(
            "generated code is stale:\n{}\nrun `cargo xtask generate` and commit the result",
            list.join("\n")
        ));
    }
    if !check && written.is_empty() {
        println!("generated code is up to date");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_configured_selection_generates_only_its_operations() {
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(root.path().join("specs/select")).unwrap();
        let spec = "openapi: 3.0.3\ninfo: {title: Two, version: '1'}\npaths:\n  \
/a: {get: {operationId: getA, responses: {'204': {description: none}}}}\n  \
/b: {get: {operationId: getB, responses: {'204': {description: none}}}}\n";
        std::fs::write(root.path().join("specs/two.yaml"), spec).unwrap();
        std::fs::write(root.path().join("specs/select/two.yaml"), "operations: [getA]\n").unwrap();
        let files = super::expected_files(root.path()).unwrap();
        let (_, code) = files.iter().find(|(path, _)| path.ends_with("src/lib.rs")).unwrap();
        assert!(code.contains("fn get_a(") && !code.contains("get_b"), "{code}");
        std::fs::write(root.path().join("specs/select/two.yaml"), "operations: getA\n").unwrap();
        assert!(super::expected_files(root.path()).unwrap_err().contains("must be a list of strings"));
    }
}
