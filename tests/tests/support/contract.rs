//! Schemathesis against a generated server: every check, bounded examples,
//! a fixed seed. Its JSON report is read back, so that a test can tell
//! failures that come from the generated code from known gaps of the spec.

use std::path::{Path, PathBuf};
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
    let spec = PathBuf::from(format!("../specs/{name}.yaml"));
    let (headers, excluded) = (owned(headers), Vec::new());
    let base_url = base_url.to_string();
    tokio::task::spawn_blocking(move || run(&spec, &base_url, &headers, &excluded).failures)
        .await
        .expect("schemathesis ran")
}

/// [`schemathesis`] on any spec (a path from the `tests` directory), with
/// every check but those `excluded`, and without the refusals a spec does
/// not declare: a request that breaks the spec (schemathesis's negative
/// cases) refused with a 4xx the operation lists no response for is what
/// the generated server must do, and the spec's omission.
pub async fn schemathesis_on(spec: &str, base_url: &str, headers: &[&str], excluded: &[&str]) -> Vec<Failure> {
    let spec = PathBuf::from(spec);
    let (headers, excluded, base_url) = (owned(headers), owned(excluded), base_url.to_string());
    tokio::task::spawn_blocking(move || {
        let run = run(&spec, &base_url, &headers, &excluded);
        let mut failures: Vec<Failure> = Vec::new();
        for found in run.cases.iter().filter(|found| !found.is_undeclared_refusal()) {
            match failures.iter_mut().find(|f| f.kind == found.kind) {
                Some(failure) if failure.operations.contains(&found.operation) => {}
                Some(failure) => failure.operations.push(found.operation.clone()),
                None => failures.push(Failure { kind: found.kind.clone(), operations: vec![found.operation.clone()] }),
            }
        }
        for failure in &mut failures {
            failure.operations.sort();
        }
        failures.sort_by(|a, b| a.kind.cmp(&b.kind));
        if !failures.is_empty() {
            eprintln!("schemathesis on {}:\n{}", spec.display(), run.shown);
        }
        failures
    })
    .await
    .expect("schemathesis ran")
}

fn owned(texts: &[&str]) -> Vec<String> {
    texts.iter().map(|text| text.to_string()).collect()
}

/// One failed check on one request.
struct FailedCase {
    /// As [`Failure::kind`].
    kind: String,
    operation: String,
    /// Whether the request broke the spec on purpose.
    negative: bool,
    status: u16,
}

impl FailedCase {
    fn is_undeclared_refusal(&self) -> bool {
        let undeclared = self.kind.starts_with("ST103 ") || self.kind.starts_with("ST105 ");
        undeclared && self.negative && (400..500).contains(&self.status)
    }
}

/// What one run found: per kind as schemathesis sums it up, and per request.
struct Run {
    failures: Vec<Failure>,
    cases: Vec<FailedCase>,
    /// Schemathesis's output, to show when something failed.
    shown: String,
}

fn run(spec: &Path, base_url: &str, headers: &[String], excluded: &[String]) -> Run {
    let spec = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(spec);
    let name = spec.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let report = tempfile::Builder::new().suffix(".json").tempfile().expect("a temporary file");
    let events = tempfile::Builder::new().suffix(".ndjson").tempfile().expect("a temporary file");
    // Schemathesis keeps a cache of what it found in its working directory.
    let work = tempfile::tempdir().expect("a temporary directory");
    let mut command = Command::new("st");
    command
        .current_dir(work.path())
        .arg("run")
        .arg(&spec)
        .args(["--url", base_url, "--checks", "all", "--max-examples", "40", "--seed", "7"])
        .args(["--generation-database", "none", "--no-color", "--workers", "1"])
        .args(["--report", "json,ndjson", "--report-json-path"])
        .arg(report.path())
        .arg("--report-ndjson-path")
        .arg(events.path());
    for header in headers {
        command.args(["-H", header]);
    }
    if !excluded.is_empty() {
        command.args(["--exclude-checks", &excluded.join(",")]);
    }
    let output = command.output().unwrap_or_else(|error| {
        panic!("cannot run schemathesis (`st`): {error}; install it: pip install -r tests/contract/requirements.txt")
    });
    let shown = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    let text = std::fs::read_to_string(report.path()).unwrap_or_default();
    let report: serde_json::Value = serde_json::from_str(&text)
        .unwrap_or_else(|error| panic!("schemathesis wrote no readable report ({error}):\n{shown}"));
    let errors = report["errors"].as_array().map_or(0, Vec::len);
    assert_eq!(errors, 0, "schemathesis could not test everything:\n{shown}");
    let mut failures: Vec<Failure> = report["failures"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|failure| Failure {
            kind: kind_of(failure),
            operations: failure["operations"].as_array().into_iter().flatten().map(text_of).collect(),
        })
        .collect();
    failures.sort_by(|a, b| a.kind.cmp(&b.kind));
    if !failures.is_empty() {
        eprintln!("schemathesis on {name} with {headers:?}:\n{shown}");
    }
    let cases = failed_cases(&std::fs::read_to_string(events.path()).unwrap_or_default());
    Run { failures, cases, shown }
}

/// Every failed check of an ndjson report, with its request and response.
fn failed_cases(events: &str) -> Vec<FailedCase> {
    let mut found = Vec::new();
    for event in events.lines().filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok()) {
        let recorder = &event["ScenarioFinished"]["recorder"];
        let Some(checks) = recorder["checks"].as_object() else { continue };
        for (case, checks) in checks {
            let status = recorder["interactions"][case]["response"]["status_code"].as_u64().unwrap_or_default();
            let mode = &recorder["cases"][case]["value"]["meta"]["generation"]["mode"];
            for check in checks.as_array().into_iter().flatten().filter(|check| check["status"] == "failure") {
                let failure = &check["failure_info"]["failure"];
                found.push(FailedCase {
                    kind: kind_of(failure),
                    operation: text_of(&failure["operation"]),
                    negative: mode == "negative",
                    status: u16::try_from(status).unwrap_or_default(),
                });
            }
        }
    }
    found
}

/// `ST103 Undocumented status code`.
fn kind_of(failure: &serde_json::Value) -> String {
    format!("{} {}", text_of(&failure["code"]), text_of(&failure["title"]))
}

fn text_of(value: &serde_json::Value) -> String {
    value.as_str().unwrap_or_default().to_string()
}

/// A failure of `kind` on `operations`, as [`schemathesis`] returns it.
pub fn failure(kind: &str, operations: &[&str]) -> Failure {
    Failure { kind: kind.to_string(), operations: operations.iter().map(|o| o.to_string()).collect() }
}
