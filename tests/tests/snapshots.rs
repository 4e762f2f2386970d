//! Snapshots of the generated code for every spec and fixture. A change to
//! the generator shows up here as a diff to review (`cargo insta review`).

use std::path::Path;

fn generated(spec: &Path) -> String {
    let (code, warnings) =
        // As `build.rs` generates them: with webhook types.
        apiforge::Generator::new(spec)
            .webhooks(true)
            .generate_string()
            .unwrap_or_else(|e| panic!("{}: {e}", spec.display()));
    assert!(warnings.is_empty(), "{}: {warnings:?}", spec.display());
    code
}

#[test]
fn specs() {
    insta::glob!("../../specs", "*.yaml", |spec| insta::assert_snapshot!(generated(spec)));
}

#[test]
fn fixtures() {
    insta::glob!("../fixtures", "*.yaml", |spec| insta::assert_snapshot!(generated(spec)));
}

#[test]
fn generated_crates_are_fresh() {
    let root = xtask::repo_root();
    let stale = xtask::generate::stale_files(&root).expect("specs generate");
    assert!(
        stale.is_empty(),
        "these generated files are stale; run `cargo xtask generate` and commit the result:\n{stale:#?}"
    );
}
