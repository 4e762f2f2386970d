//! apiforge used from outside this workspace, as a user's crate uses it:
//! `tests/downstream` (a build script, the `generate_api!` macro, and client
//! to server round trips in its own tests), and broken specs that must fail a
//! build script and a macro call with the located message.
//!
//! Every cargo run here is offline and shares `target/downstream`, so after
//! the first run only what changed is rebuilt.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repo_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

/// What cargo sets for this test process (`CARGO_PKG_NAME`, `OUT_DIR`, ...).
/// Build scripts that watch such variables (ring's) would rerun whenever a
/// crate built here is also built from a shell, so the runs here drop them.
const SET_FOR_THIS_TEST: [&str; 7] =
    ["CARGO_PKG_", "CARGO_MANIFEST_", "CARGO_CRATE_", "CARGO_BIN_", "CARGO_PRIMARY_", "CARGO_TARGET_TMPDIR", "OUT_DIR"];

/// Runs `cargo <args> --offline` in `dir` with the shared target directory.
fn cargo(args: &[&str], dir: &Path) -> Output {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut command = Command::new(cargo);
    for (name, _) in std::env::vars_os() {
        if SET_FOR_THIS_TEST.iter().any(|prefix| name.to_string_lossy().starts_with(prefix)) {
            command.env_remove(&name);
        }
    }
    command
        .args(args)
        .arg("--offline")
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", repo_root().join("target/downstream"))
        .env("CARGO_TERM_COLOR", "never")
        .output()
        .expect("cargo runs")
}

fn report(output: &Output) -> String {
    format!(
        "exit status: {}\n--- stdout\n{}\n--- stderr\n{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// Writes a crate outside any workspace into `target/downstream/crates/<name>`
/// (rewritten on every run, so stale files cannot linger) and returns its
/// directory. Its Cargo.toml and Cargo.lock are those of tests/downstream:
/// with the same dependencies, it reuses their compiled units.
fn write_crate(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let root = repo_root();
    let downstream = root.join("tests/downstream");
    let dir = root.join("target/downstream/crates").join(name);
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(dir.join("src")).expect("the crate directory is created");
    let manifest = fs::read_to_string(downstream.join("Cargo.toml")).expect("tests/downstream/Cargo.toml is readable");
    let renamed = manifest.replace("name = \"apiforge-downstream\"", &format!("name = \"{name}\""));
    let relocated = renamed.replace("\"../../crates/", &format!("\"{}/crates/", root.display()));
    assert!(renamed != manifest && relocated != renamed, "tests/downstream/Cargo.toml changed shape:\n{manifest}");
    fs::write(dir.join("Cargo.toml"), relocated).expect("Cargo.toml is written");
    fs::copy(downstream.join("Cargo.lock"), dir.join("Cargo.lock")).expect("the lock file is copied");
    for (path, contents) in files {
        fs::write(dir.join(path), contents).expect("a file of the crate is written");
    }
    dir
}

/// A dangling `$ref`: a problem of meaning, located by a JSON pointer.
const DANGLING_REF: &str = "openapi: 3.0.3
info: {title: Broken, version: '1'}
paths:
  /things:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Thing'}
";
const DANGLING_REF_MESSAGE: &str = "at #/paths/~1things/get/responses/200/content/application~1json/schema: \
`$ref: #/components/schemas/Thing` points to nothing";

/// A YAML syntax error, located by line and column.
const UNCLOSED: &str = "openapi: 3.0.3\ninfo: [unclosed\n";

#[test]
fn the_downstream_crate_builds_and_its_round_trips_pass() {
    let root = repo_root();
    let output = cargo(&["test", "--manifest-path", "tests/downstream/Cargo.toml"], &root);
    assert!(output.status.success(), "cargo test in tests/downstream failed:\n{}", report(&output));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("test create_replace_list_get_and_delete ... ok"), "{}", report(&output));
}

#[test]
fn a_broken_spec_fails_a_build_script_with_its_location_not_a_panic() {
    let build_rs = r#"fn main() {
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR")).join("api.rs");
    apiforge::Generator::new("broken.yaml").build_script(out);
}
"#;
    let dir = write_crate(
        "broken-build-script",
        &[
            ("build.rs", build_rs),
            ("src/lib.rs", "include!(concat!(env!(\"OUT_DIR\"), \"/api.rs\"));\n"),
            ("broken.yaml", DANGLING_REF),
        ],
    );
    let output = cargo(&["build"], &dir);
    assert!(!output.status.success(), "{}", report(&output));
    // Cargo indents what the build script printed.
    let stderr: Vec<&str> = std::str::from_utf8(&output.stderr).unwrap_or_default().lines().map(str::trim).collect();
    let expected = [
        "apiforge: the spec has 1 problem:".to_string(),
        format!("error: broken.yaml {DANGLING_REF_MESSAGE}"),
        "help: define `Thing` under `components/schemas`, or fix the reference".to_string(),
    ];
    assert!(stderr.windows(3).any(|lines| lines == expected), "expected:\n{expected:#?}\n{}", report(&output));
    assert!(!stderr.iter().any(|line| line.contains("panicked")), "{}", report(&output));
}

#[test]
fn a_broken_spec_in_generate_api_is_a_compile_error_at_the_call() {
    let lib_rs = "//! Two macro calls on broken specs: both are reported.

mod syntax {
    apiforge::generate_api!(\"unclosed.yaml\");
}

mod meaning {
    apiforge::generate_api!(\"dangling.yaml\", server = false);
}

mod options {
    apiforge::generate_api!(\"dangling.yaml\", derive = [\"not a path\"]);
}
";
    let dir = write_crate(
        "broken-macro-call",
        &[("src/lib.rs", lib_rs), ("unclosed.yaml", UNCLOSED), ("dangling.yaml", DANGLING_REF)],
    );
    // `build`, not `check`: the dependencies are then the units tests/downstream built.
    let output = cargo(&["build"], &dir);
    assert!(!output.status.success(), "{}", report(&output));
    let stderr = String::from_utf8_lossy(&output.stderr);
    // Each error is at the spec's path literal in the macro call.
    let at_call = |spec: &str| {
        let (line, text) = lib_rs.lines().enumerate().find(|(_, l)| l.contains(spec)).expect("the call is in lib.rs");
        let column = text.find(&format!("\"{spec}\"")).expect("the literal is on its line");
        format!("src/lib.rs:{}:{}", line + 1, column + 1)
    };
    let unclosed = dir.join("unclosed.yaml");
    let syntax = format!("error: apiforge: {}:3:1: invalid YAML: ", unclosed.display());
    let meaning = format!("error: apiforge: {} {DANGLING_REF_MESSAGE}\n", dir.join("dangling.yaml").display());
    for (message, spec) in [(syntax, "unclosed.yaml"), (meaning, "dangling.yaml")] {
        let at = stderr.find(&message).unwrap_or_else(|| panic!("expected {message:?} in:\n{}", report(&output)));
        let pointed = stderr[at..].split_once("--> ").map(|(_, rest)| rest.lines().next().unwrap_or_default());
        assert_eq!(pointed, Some(at_call(spec).as_str()), "{message:?} points elsewhere:\n{}", report(&output));
    }
    // A bad option is located at its own literal, before the spec is read.
    let bad_derive = "error: apiforge: `not a path` is not the path of a derive";
    let at = stderr.find(bad_derive).unwrap_or_else(|| panic!("expected {bad_derive:?} in:\n{}", report(&output)));
    let (line, text) = lib_rs.lines().enumerate().find(|(_, l)| l.contains("not a path")).expect("the call");
    let column = text.find("\"not a path\"").expect("the literal") + 1;
    let pointed = stderr[at..].split_once("--> ").map(|(_, rest)| rest.lines().next().unwrap_or_default());
    assert_eq!(pointed, Some(format!("src/lib.rs:{}:{column}", line + 1).as_str()), "{}", report(&output));
    assert!(!stderr.contains("panicked"), "{}", report(&output));
}

/// A spec whose `Money` a build script replaces and whose `Unit` names its
/// own type (`x-rust-type`).
const PRICES: &str = r#"openapi: 3.0.3
info: {title: Prices, version: '1'}
paths:
  /prices/{id}:
    get:
      operationId: getPrice
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        '200':
          description: A price.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Price'}
components:
  schemas:
    Price:
      type: object
      required: [amount, label]
      properties:
        amount: {$ref: '#/components/schemas/Money'}
        label: {type: string}
        unit: {$ref: '#/components/schemas/Unit'}
    Money:
      type: string
      pattern: '^[0-9]+\.[0-9]{2} [A-Z]{3}$'
    Unit:
      type: string
      x-rust-type: crate::units::Unit
"#;

#[test]
fn replaced_schemas_are_the_users_types_and_derives_are_added() {
    let build_rs = r#"fn main() {
    let out = std::path::PathBuf::from(std::env::var_os("OUT_DIR").unwrap()).join("api.rs");
    apiforge::Generator::new("prices.yaml")
        .replace("Money", "crate::money::Money")
        .derive("Eq")
        .derive("std::hash::Hash")
        .build_script(out);
}
"#;
    let lib_rs = r##"//! Types of the crate's own, which the generated ones hold.

macro_rules! text_type {
    ($module:ident, $name:ident) => {
        pub mod $module {
            #[derive(Debug, Clone, PartialEq, Eq, Hash)]
            #[derive(apiforge_runtime::serde::Serialize, apiforge_runtime::serde::Deserialize)]
            #[serde(crate = "apiforge_runtime::serde", transparent)]
            pub struct $name(pub String);
        }
    };
}
text_type!(money, Money);
text_type!(units, Unit);

pub mod api {
    include!(concat!(env!("OUT_DIR"), "/api.rs"));
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_price_holds_the_crates_own_types_and_hashes() {
        let text = r#"{"amount": "12.50 EUR", "label": "tea", "unit": "cup"}"#;
        let price: crate::api::types::Price = apiforge_runtime::serde_json::from_str(text).unwrap();
        assert_eq!(price.amount, crate::money::Money("12.50 EUR".into()));
        assert_eq!(price.unit, Some(crate::units::Unit("cup".into())));
        let prices: std::collections::HashSet<_> = [price.clone()].into_iter().collect();
        assert!(prices.contains(&price));
    }
}
"##;
    let dir = write_crate("replaced-types", &[("build.rs", build_rs), ("src/lib.rs", lib_rs), ("prices.yaml", PRICES)]);
    let output = cargo(&["test"], &dir);
    assert!(output.status.success(), "the crate with replaced types failed:\n{}", report(&output));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("a_price_holds_the_crates_own_types_and_hashes ... ok"), "{}", report(&output));
}
