//! Schemathesis against a generated server: every check, bounded examples,
//! a fixed seed. Its JSON report is read back, so that a test can tell
//! failures that come from the generated code from known gaps of the spec.

use std::path::PathBuf;
use std::process::Command;

/// A kind of failure schemathesis found, and the operations it found it on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// Schemathesis's code and title (`ST103 Undocumented status code`).
    pub kind: String,
    pub operations: Vec<String>,
}

/// Runs `st run` with every check on `specs/<name>.yaml` against `base_url`,
/// sending `headers` (credentials) with every request; returns what failed.
pub async fn schemathesis(name: &str, base_url: &str, headers: &[&str]) -> Vec<Failure> {
    let (name, base_url) = (name.to_string(), base_url.to_string());
    let headers: Vec<String> = headers.iter().map(|h| h.to_string()).collect();
    tokio::task::spawn_blocking(move || run(&name, &base_url, &headers)).await.expect("schemathesis ran")
}

fn run(name: &str, base_url: &str, headers: &[String]) -> Vec<Failure> {
    let spec = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("../specs/{name}.yaml"));
    let report = tempfile::Builder::new().suffix(".json").tempfile().expect("a temporary file");
    // Schemathesis keeps a cache of what it found in its working directory.
    let work = tempfile::tempdir().expect("a temporary directory");
    let mut command = Command::new("st");
    command
        .current_dir(work.path())
        .arg("run")
        .arg(&spec)
        .args(["--url", base_url, "--checks", "all", "--max-examples", "40", "--seed", "7"])
        .args(["--generation-database", "none", "--no-color", "--workers", "1"])
        .args(["--report", "json", "--report-json-path"])
        .arg(report.path());
    for header in headers {
        command.args(["-H", header]);
    }
    let output = command.output().unwrap_or_else(|error| {
        panic!("cannot run schemathesis (`st`): {error}; install it: pip install -r tests/contract/requirements.txt")
    });
    let shown = || format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    let text = std::fs::read_to_string(report.path()).unwrap_or_default();
    let report: serde_json::Value = serde_json::from_str(&text)
        .unwrap_or_else(|error| panic!("schemathesis wrote no readable report ({error}):\n{}", shown()));
    let errors = report["errors"].as_array().map_or(0, Vec::len);
    assert_eq!(errors, 0, "schemathesis could not test everything:\n{}", shown());
    let mut failures: Vec<Failure> = report["failures"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|failure| Failure {
            kind: format!("{} {}", text_of(&failure["code"]), text_of(&failure["title"])),
            operations: failure["operations"].as_array().into_iter().flatten().map(text_of).collect(),
        })
        .collect();
    failures.sort_by(|a, b| a.kind.cmp(&b.kind));
    if !failures.is_empty() {
        eprintln!("schemathesis on {name} with {headers:?}:\n{}", shown());
    }
    failures
}

fn text_of(value: &serde_json::Value) -> String {
    value.as_str().unwrap_or_default().to_string()
}

/// A failure of `kind` on `operations`, as [`schemathesis`] returns it.
pub fn failure(kind: &str, operations: &[&str]) -> Failure {
    Failure { kind: kind.to_string(), operations: operations.iter().map(|o| o.to_string()).collect() }
}
