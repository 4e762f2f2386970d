//! Every spec and fixture generates code that syn parses: tokens that do
//! not parse would be an emitter bug, reported as an internal error naming
//! the operation or type. `cargo xtask corpus` checks the same on every
//! spec of the corpus.

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

fn specs_and_fixtures() -> Vec<PathBuf> {
    let root = xtask::repo_root();
    let specs = [yaml_files(&root.join("specs")), yaml_files(&root.join("tests/fixtures"))].concat();
    assert!(specs.len() > 10, "specs and fixtures are found");
    specs
}

#[test]
fn every_spec_and_fixture_emits_code_that_parses() {
    for spec in specs_and_fixtures() {
        let lowered =
            apiforge_ir::build(&spec, &Default::default()).unwrap_or_else(|e| panic!("{}: {e:?}", spec.display()));
        for (client, server, feature_gated) in [(true, true, true), (true, false, false), (false, true, false)] {
            let parts = apiforge_codegen::Parts { client, server, feature_gated, ..Default::default() };
            if let Err(error) = apiforge_codegen::render(&lowered.api, &parts, "") {
                panic!("{}: {error}", spec.display());
            }
        }
    }
}

/// What `generate_api!` expands to is the code a build script writes, laid
/// out the same.
#[test]
fn the_macro_expands_to_the_code_a_build_script_writes() {
    for spec in specs_and_fixtures() {
        let lowered =
            apiforge_ir::build(&spec, &Default::default()).unwrap_or_else(|e| panic!("{}: {e:?}", spec.display()));
        let parts = apiforge_codegen::Parts::default();
        let written = apiforge_codegen::render(&lowered.api, &parts, "").unwrap();
        let expanded: syn::File = syn::parse2(apiforge_codegen::generate(&lowered.api, &parts)).unwrap();
        assert_eq!(prettyplease::unparse(&expanded), written, "{}", spec.display());
    }
}

/// Every doc line the emitters write reads `/// text` (or a bare `///`):
/// one hand-formatted doc string once lost its space (`///The`).
#[test]
fn doc_lines_start_with_a_space() {
    for spec in yaml_files(&xtask::repo_root().join("specs")) {
        let lowered =
            apiforge_ir::build(&spec, &Default::default()).unwrap_or_else(|e| panic!("{}: {e:?}", spec.display()));
        let text = apiforge_codegen::render(&lowered.api, &Default::default(), "").unwrap();
        let cramped = text
            .lines()
            .map(str::trim_start)
            .find(|line| line.starts_with("///") && !line.starts_with("/// ") && *line != "///");
        assert_eq!(cramped, None, "{}", spec.display());
    }
}
