//! The printer's contract on every spec and fixture: the printed text lexes
//! back to exactly the tokens the emitters produced (spacing aside), so the
//! formatting can never change what the code means. `cargo xtask corpus`
//! runs the same check on every spec of the corpus.

use std::path::{Path, PathBuf};

fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.expect("directory entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "yaml"))
        .collect();
    files.sort();
    files
}

#[test]
fn printed_code_is_the_emitted_tokens() {
    let root = xtask::repo_root();
    let specs = [yaml_files(&root.join("specs")), yaml_files(&root.join("tests/fixtures"))].concat();
    assert!(specs.len() > 10, "specs and fixtures are found");
    for spec in specs {
        let lowered = apiforge_ir::build(&spec, &Default::default()).unwrap_or_else(|e| panic!("{}: {e:?}", spec.display()));
        let parts = apiforge_codegen::Parts { feature_gated: true, ..Default::default() };
        if let Err(error) = apiforge_codegen::check_printing(&apiforge_codegen::modules(&lowered.api, &parts)) {
            panic!("{}: {error}", spec.display());
        }
    }
}

/// Every doc line the emitters write reads `/// text` (or a bare `///`):
/// one hand-formatted doc string once lost its space (`///The`).
#[test]
fn doc_lines_start_with_a_space() {
    let root = xtask::repo_root();
    for spec in yaml_files(&root.join("specs")) {
        let lowered = apiforge_ir::build(&spec, &Default::default()).unwrap_or_else(|e| panic!("{}: {e:?}", spec.display()));
        let text = apiforge_codegen::render(&lowered.api, &Default::default(), "");
        let cramped = text.lines().map(str::trim_start).find(|line| line.starts_with("///") && !line.starts_with("/// ") && *line != "///");
        assert_eq!(cramped, None, "{}", spec.display());
    }
}
