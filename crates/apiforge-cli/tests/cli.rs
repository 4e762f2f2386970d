//! The `apiforge` binary as a user runs it: generated crates that build on
//! their own, `check` on good and broken specs, `ingest`, and `--help`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, SystemTime};

fn repo_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.ancestors().nth(2).unwrap_or(manifest).to_path_buf()
}

fn apiforge(args: &[&str], dir: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_apiforge")).args(args).current_dir(dir).output().expect("the binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn specs() -> Vec<PathBuf> {
    let mut specs: Vec<PathBuf> = fs::read_dir(repo_root().join("specs"))
        .expect("specs/ is readable")
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|e| e == "yaml"))
        .collect();
    specs.sort();
    specs
}

fn temp_dir() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temporary directory")
}

/// Every spec in `specs/` generates a crate that `cargo check` accepts
/// outside this workspace, all five checked in one cargo run.
#[test]
fn every_spec_generates_a_crate_that_builds_on_its_own() {
    let root = repo_root();
    let workspace = temp_dir();
    let mut members = Vec::new();
    for spec in specs() {
        let stem = spec.file_stem().expect("a file name").to_string_lossy().into_owned();
        let out = workspace.path().join(&stem);
        let output = apiforge(&["generate", &spec.to_string_lossy(), "--out", &out.to_string_lossy()], &root);
        assert!(output.status.success(), "{}: {}", spec.display(), text(&output.stderr));
        let manifest = fs::read_to_string(out.join("Cargo.toml")).expect("Cargo.toml was written");
        assert!(manifest.contains(&format!("name = \"{stem}-api\"")), "{manifest}");
        let runtime = root.join("crates/apiforge-runtime");
        assert!(manifest.contains(&format!("apiforge-runtime = {{ path = \"{}\" }}", runtime.display())), "{manifest}");
        members.push(format!("\"{stem}\""));
    }
    let cargo_toml = format!("[workspace]\nresolver = \"2\"\nmembers = [{}]\n", members.join(", "));
    fs::write(workspace.path().join("Cargo.toml"), cargo_toml).expect("the workspace manifest is written");
    fs::copy(root.join("Cargo.lock"), workspace.path().join("Cargo.lock")).expect("the lock file is copied");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .args(["check", "--offline", "--workspace", "--quiet"])
        .current_dir(workspace.path())
        .env("CARGO_TARGET_DIR", root.join("target/cli-check"))
        .output()
        .expect("cargo runs");
    assert!(output.status.success(), "cargo check of the generated crates failed:\n{}", text(&output.stderr));
}

#[test]
fn generating_again_from_an_unchanged_spec_rewrites_nothing() {
    let root = repo_root();
    let out = temp_dir();
    let args = ["generate", "specs/vercel.yaml", "--out", &out.path().to_string_lossy(), "--runtime-version", "0.1"];
    assert!(apiforge(&args, &root).status.success());
    let long_ago = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
    let files = ["Cargo.toml", "README.md", "src/lib.rs"].map(|f| out.path().join(f));
    for file in &files {
        fs::File::options().write(true).open(file).and_then(|f| f.set_modified(long_ago)).expect("mtime is set");
    }
    let again = apiforge(&args, &root);
    assert!(again.status.success(), "{}", text(&again.stderr));
    assert_eq!(text(&again.stdout), format!("{} is up to date\n", out.path().display()));
    for file in &files {
        let modified = fs::metadata(file).and_then(|m| m.modified()).expect("mtime is readable");
        assert_eq!(modified, long_ago, "{} was rewritten", file.display());
    }
    let manifest = fs::read_to_string(&files[0]).expect("Cargo.toml is readable");
    assert!(manifest.contains("apiforge-runtime = { version = \"0.1\" }"), "{manifest}");
}

#[test]
fn client_and_server_flags_choose_what_is_emitted() {
    let root = repo_root();
    let code = |flags: &[&str]| {
        let out = temp_dir();
        let out_arg = out.path().to_string_lossy().into_owned();
        let mut args = vec!["generate", "specs/vercel.yaml", "--out", &out_arg, "--crate-name", "tokens"];
        args.extend_from_slice(flags);
        let output = apiforge(&args, &root);
        assert!(output.status.success(), "{}", text(&output.stderr));
        fs::read_to_string(out.path().join("src/lib.rs")).expect("lib.rs was written")
    };
    let (both, client, server) = (code(&[]), code(&["--client"]), code(&["--server"]));
    assert_eq!(code(&["--client", "--server"]), both);
    assert!(both.contains("pub mod client") && client.contains("pub mod client"), "{client}");
    assert!(!server.contains("pub mod client"), "{server}");
    assert!(!client.contains("pub mod server"), "{client}");
}

#[test]
fn a_bad_crate_name_is_refused() {
    let out = temp_dir();
    let output = apiforge(
        &["generate", "specs/vercel.yaml", "--out", &out.path().to_string_lossy(), "--crate-name", "my api"],
        &repo_root(),
    );
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        text(&output.stderr),
        "error: `my api` is not a valid crate name; use ASCII letters, digits, `-` and `_`, starting with a letter\n"
    );
}

#[test]
fn check_summarizes_every_good_spec() {
    for spec in specs() {
        let output = apiforge(&["check", &spec.to_string_lossy()], &repo_root());
        assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
        let summary = text(&output.stdout);
        assert!(
            summary.starts_with(&format!("{}: ok, ", spec.display())) && summary.contains(" operation"),
            "{summary}"
        );
    }
}

/// Runs `check` on `spec` written to `name` in a temporary directory.
fn check_broken(name: &str, spec: &str) -> (Option<i32>, String) {
    let dir = temp_dir();
    fs::write(dir.path().join(name), spec).expect("the spec is written");
    let output = apiforge(&["check", name], dir.path());
    assert!(output.stdout.is_empty());
    (output.status.code(), text(&output.stderr))
}

#[test]
fn check_reports_a_yaml_syntax_error_at_its_line_and_column() {
    let (code, stderr) = check_broken("syntax.yaml", "openapi: 3.0.3\ninfo: [unclosed\n");
    assert_eq!(code, Some(1));
    assert!(stderr.starts_with("error: syntax.yaml:3:1: invalid YAML: "), "{stderr}");
    assert!(stderr.ends_with("  help: fix the syntax at that position\nerror: syntax.yaml: 1 problem\n"), "{stderr}");
}

#[test]
fn check_reports_every_dangling_reference() {
    let spec =
        "openapi: 3.0.3\ninfo: {title: Broken, version: '1'}\npaths:\n  /things:\n    get:\n      responses:\n        \
'200':\n          description: ok\n          content:\n            application/json:\n              \
schema: {$ref: '#/components/schemas/Thing'}\n    post:\n      requestBody:\n        content:\n          \
application/json:\n            schema: {$ref: '#/components/schemas/NewThing'}\n      responses:\n        \
'204': {description: made}\n";
    let (code, stderr) = check_broken("dangling.yaml", spec);
    assert_eq!(code, Some(1));
    let expected = "error: dangling.yaml at #/paths/~1things/get/responses/200/content/application~1json/schema: \
`$ref: #/components/schemas/Thing` points to nothing
  help: define `Thing` under `components/schemas`, or fix the reference
error: dangling.yaml at #/paths/~1things/post/requestBody/content/application~1json/schema: \
`$ref: #/components/schemas/NewThing` points to nothing
  help: define `NewThing` under `components/schemas`, or fix the reference
error: dangling.yaml: 2 problems
";
    assert_eq!(stderr, expected);
}

#[test]
fn check_refuses_swagger_two_with_advice() {
    let (code, stderr) = check_broken("swagger.yaml", "swagger: '2.0'\ninfo: {title: x, version: '1'}\npaths: {}\n");
    assert_eq!(code, Some(1));
    assert_eq!(
        stderr,
        "error: swagger.yaml at #/swagger: this is a Swagger 2.0 document; apiforge reads OpenAPI 3.0 and 3.1
  help: convert it to OpenAPI 3 first (for example with swagger2openapi)
error: swagger.yaml: 1 problem
"
    );
}

#[test]
fn generate_on_a_broken_spec_writes_nothing() {
    let dir = temp_dir();
    fs::write(dir.path().join("swagger.yaml"), "swagger: '2.0'\n").expect("the spec is written");
    let output = apiforge(&["generate", "swagger.yaml", "--out", "crate"], dir.path());
    assert_eq!(output.status.code(), Some(1));
    assert!(text(&output.stderr)
        .starts_with("error: swagger.yaml: the spec has 1 problem:\nerror: swagger.yaml at #/swagger"));
    assert!(!dir.path().join("crate").exists());
}

#[test]
fn skip_unsupported_leaves_out_operations_and_says_which() {
    let dir = temp_dir();
    let spec = "openapi: 3.0.3\ninfo: {title: Partly, version: '1'}\npaths:\n  /things:\n    get:\n      \
operationId: listThings\n      responses:\n        '204': {description: none}\n    post:\n      operationId: makeThing\n      \
requestBody:\n        content:\n          application/json:\n            schema: {not: {type: string}}\n      \
responses:\n        '204': {description: made}\n";
    fs::write(dir.path().join("partly.yaml"), spec).expect("the spec is written");
    // The file name is not asserted: the IR leaves it out of warnings for now.
    let skipped =
        "at #/paths/~1things/post/requestBody/content/application~1json/schema: `not` schemas are not supported";
    let reported = |stderr: String| stderr.starts_with("warning: skipped: ") && stderr.contains(skipped);
    let output = apiforge(&["check", "partly.yaml", "--skip-unsupported"], dir.path());
    assert_eq!(output.status.code(), Some(0));
    assert!(reported(text(&output.stderr)), "{}", text(&output.stderr));
    assert!(text(&output.stdout).starts_with("partly.yaml: ok, 1 operation, "), "{}", text(&output.stdout));
    let output = apiforge(&["generate", "partly.yaml", "--out", "partly", "--skip-unsupported"], dir.path());
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert!(reported(text(&output.stderr)), "{}", text(&output.stderr));
    let manifest = fs::read_to_string(dir.path().join("partly/Cargo.toml")).expect("Cargo.toml was written");
    assert!(manifest.contains("name = \"partly-api\""), "{manifest}");
    assert_eq!(apiforge(&["check", "partly.yaml"], dir.path()).status.code(), Some(1));
}

/// The spec without its leading comment lines.
fn body(yaml: &str) -> String {
    yaml.lines().skip_while(|line| line.starts_with('#')).map(|line| format!("{line}\n")).collect()
}

#[test]
fn ingest_writes_the_spec_a_page_embeds() {
    let root = repo_root();
    let output = apiforge(&["ingest", "specs/sources/motherduck.mdx"], &root);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    assert!(stdout.starts_with("# Ingested by `apiforge ingest` from specs/sources/motherduck.mdx.\n"), "{stdout}");
    let committed = fs::read_to_string(root.join("specs/motherduck.yaml")).expect("the spec is readable");
    assert_eq!(body(&stdout), body(&committed));

    let dir = temp_dir();
    fs::write(dir.path().join("base.yaml"), "info: {title: Ducks, version: 2.0.0}\n").expect("the overlay is written");
    let page = root.join("specs/sources/motherduck.mdx");
    let out = dir.path().join("ducks.yaml");
    let args = ["ingest", &page.to_string_lossy(), "--overlay", "base.yaml", "--out", &out.to_string_lossy()];
    let output = apiforge(&args, dir.path());
    assert_eq!(text(&output.stdout), format!("wrote {}\n", out.display()));
    let spec = fs::read_to_string(&out).expect("the spec was written");
    assert!(spec.contains("info:\n  title: Ducks\n  version: 2.0.0\n"), "{spec}");
    assert_eq!(text(&apiforge(&args, dir.path()).stdout), format!("{} is up to date\n", out.display()));
}

#[test]
fn ingest_refuses_a_page_without_a_spec() {
    let output = apiforge(&["ingest", "specs/sources/turso.md"], &repo_root());
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty());
    assert!(
        text(&output.stderr)
            .starts_with("error: specs/sources/turso.md: the page carries no machine-readable OpenAPI document"),
        "{}",
        text(&output.stderr)
    );
}

#[test]
fn help_shows_an_example_for_every_subcommand() {
    for (args, example) in [
        (vec!["--help"], "apiforge check specs/vercel.yaml"),
        (vec!["generate", "--help"], "apiforge generate specs/vercel.yaml --out vercel-api"),
        (vec!["check", "--help"], "apiforge check specs/vercel.yaml"),
        (vec!["ingest", "--help"], "apiforge ingest docs/revoke-token.md > specs/tokens.yaml"),
    ] {
        let output = apiforge(&args, &repo_root());
        assert!(output.status.success());
        assert!(text(&output.stdout).contains(example), "{args:?}: {}", text(&output.stdout));
    }
}

#[test]
fn a_missing_spec_is_an_error_not_a_panic() {
    let output = apiforge(&["check", "no-such-spec.yaml"], &repo_root());
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert!(stderr.starts_with("error: no-such-spec.yaml at #: cannot read the spec: "), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}
