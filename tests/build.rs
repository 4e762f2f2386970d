//! Generates code for every fixture in `fixtures/` through the build.rs API,
//! so that `cargo test` proves each fixture's output compiles; and for every
//! fixture and seed API, the conformance harness (`tests/conformance.rs`),
//! the mock server `apiforge mock` serves (`tests/mock.rs`) and the client
//! with a call of each operation (`tests/prism.rs`).

use std::path::{Path, PathBuf};

use quote::format_ident;

fn main() {
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    println!("cargo:rerun-if-changed=fixtures");
    println!("cargo:rerun-if-changed=../specs");
    for fixture in yaml_files(Path::new("fixtures")) {
        let stem = stem(&fixture);
        // Webhook types too: `webhooks_only.yaml` has nothing else.
        apiforge::Generator::new(&fixture).webhooks(true).build_script(out.join(format!("{stem}.rs")));
        let module = format_ident!("{stem}");
        harness(
            &fixture,
            true,
            quote::quote!(::apiforge_tests::#module::types),
            &out.join(format!("conformance_{stem}.rs")),
        );
        mock(&fixture, &out.join(format!("mock_{stem}.rs")));
        calls(&fixture, &out.join(format!("calls_{stem}.rs")));
    }
    // The seed APIs' committed crates, as `cargo xtask generate` writes them.
    for spec in yaml_files(Path::new("../specs")) {
        let stem = stem(&spec);
        let krate = format_ident!("{stem}_api");
        harness(&spec, false, quote::quote!(::#krate::types), &out.join(format!("conformance_{stem}.rs")));
        mock(&spec, &out.join(format!("mock_{stem}.rs")));
        calls(&spec, &out.join(format!("calls_{stem}.rs")));
    }
}

fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    files
}

fn stem(path: &Path) -> String {
    path.file_stem().and_then(|s| s.to_str()).expect("UTF-8 spec names").to_string()
}

/// The conformance harness of the types generated from `spec`.
fn harness(spec: &Path, webhooks: bool, types: proc_macro2::TokenStream, path: &Path) {
    let selection = apiforge_ir::Selection { webhooks, ..Default::default() };
    let options = apiforge_ir::LowerOptions { selection, ..Default::default() };
    let lowered = apiforge_ir::build(spec, &options).unwrap_or_else(|e| panic!("{}: {e:?}", spec.display()));
    let code = apiforge_conformance::harness::round_trip(&lowered.api, &types);
    std::fs::write(path, code.to_string()).unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
}

/// The spec lowered as `apiforge mock` lowers it, and its document as JSON.
fn lowered(spec: &Path) -> (apiforge_ir::Api, serde_json::Value) {
    let options = apiforge_ir::LowerOptions { skip_unsupported: true, ..Default::default() };
    let loaded = apiforge_ir::load_file(spec).unwrap_or_else(|e| panic!("{}: {e}", spec.display()));
    let lowered = apiforge_ir::lower(&loaded, &options).unwrap_or_else(|e| panic!("{}: {e:?}", spec.display()));
    (lowered.api, serde_json::to_value(&loaded.doc).expect("the document serializes"))
}

/// The server and the mock `apiforge mock` builds for `spec`.
fn mock(spec: &Path, path: &Path) {
    let (api, document) = lowered(spec);
    let (answers, _) = apiforge_conformance::answers::answers(&api, document, 1);
    let parts = apiforge_codegen::Parts { client: false, server: true, mock: Some(answers), ..Default::default() };
    write(&api, &parts, "The mock of a spec, as `apiforge mock` serves it.", spec, path);
}

/// The client and its `calls` of every operation, for `spec`.
fn calls(spec: &Path, path: &Path) {
    let (api, document) = lowered(spec);
    let (calls, _) = apiforge_conformance::arguments::arguments(&api, document, 1);
    let parts = apiforge_codegen::Parts { client: true, server: false, calls: Some(calls), ..Default::default() };
    write(&api, &parts, "The client of a spec, and a call of each operation.", spec, path);
}

fn write(api: &apiforge_ir::Api, parts: &apiforge_codegen::Parts, header: &str, spec: &Path, path: &Path) {
    let code = apiforge_codegen::render(api, parts, header).unwrap_or_else(|e| panic!("{}: {e}", spec.display()));
    std::fs::write(path, code).unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
}
