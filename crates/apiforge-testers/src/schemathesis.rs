//! Schemathesis against a generated server: every check (but those left
//! out), bounded examples, a fixed seed. Its reports are read back, so that
//! failures that come from the generated code can be told from the
//! refusals a spec does not declare.

use std::path::Path;
use std::process::Command;

use apiforge_ir::{Api, SecurityKind};

/// A kind of failure schemathesis found, and the operations it found it on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// Schemathesis's code and title (`ST103 Undocumented status code`).
    pub kind: String,
    pub operations: Vec<String>,
}

impl Failure {
    pub fn new(kind: &str, operations: &[&str]) -> Failure {
        Failure { kind: kind.to_string(), operations: operations.iter().map(|o| o.to_string()).collect() }
    }
}

/// How credentials reach schemathesis's requests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Credentials {
    /// Headers sent with every request (`Authorization: Bearer x`).
    Headers(Vec<String>),
    /// Schemathesis's configuration file (`schemathesis.toml`), naming one
    /// per security scheme ([`credentials_for`]).
    Config(String),
}

/// How schemathesis is run.
pub struct Settings<'a> {
    pub credentials: &'a Credentials,
    /// Checks left out (`ignored_auth`).
    pub excluded: &'a [&'a str],
    /// Examples drawn per operation and generation mode.
    pub max_examples: u32,
    /// The time the run may take, in seconds (a large spec's every phase
    /// takes long); None for no limit.
    pub max_time: Option<u32>,
}

/// What one run found: per kind as schemathesis sums it up, and per request.
pub struct Run {
    pub failures: Vec<Failure>,
    cases: Vec<FailedCase>,
    /// Schemathesis's output, to show when something failed.
    pub shown: String,
}

impl Run {
    /// The failures but the refusals the spec does not declare: a request
    /// that breaks the spec (schemathesis's negative cases) refused with a
    /// 4xx the operation lists no response for is what the generated
    /// server must do, and the spec's omission. Sorted by kind, each kind's
    /// operations sorted.
    pub fn found(&self) -> Vec<Failure> {
        let mut failures: Vec<Failure> = Vec::new();
        for case in self.cases.iter().filter(|case| !case.is_undeclared_refusal()) {
            match failures.iter_mut().find(|f| f.kind == case.kind) {
                Some(failure) if failure.operations.contains(&case.operation) => {}
                Some(failure) => failure.operations.push(case.operation.clone()),
                None => failures.push(Failure { kind: case.kind.clone(), operations: vec![case.operation.clone()] }),
            }
        }
        for failure in &mut failures {
            failure.operations.sort();
        }
        failures.sort_by(|a, b| a.kind.cmp(&b.kind));
        failures
    }
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

/// Runs `st run` on `spec` against `base_url`. An error when schemathesis
/// cannot be run, writes no report, or could not test every operation.
pub fn run(spec: &Path, base_url: &str, settings: &Settings) -> Result<Run, String> {
    let temporary = |suffix: &str| {
        tempfile::Builder::new().suffix(suffix).tempfile().map_err(|e| format!("no temporary file: {e}"))
    };
    let (report, events) = (temporary(".json")?, temporary(".ndjson")?);
    // Schemathesis keeps a cache of what it found in its working directory.
    let work = tempfile::tempdir().map_err(|e| format!("no temporary directory: {e}"))?;
    let mut command = Command::new("st");
    command.current_dir(work.path());
    if let Credentials::Config(config) = settings.credentials {
        let file = work.path().join("schemathesis.toml");
        std::fs::write(&file, config).map_err(|e| format!("cannot write {}: {e}", file.display()))?;
        command.arg("--config-file").arg(&file);
    }
    command
        .arg("run")
        .arg(spec)
        .args(["--url", base_url, "--checks", "all", "--seed", "7"])
        .args(["--max-examples", &settings.max_examples.to_string()])
        .args(["--generation-database", "none", "--no-color", "--workers", "1"])
        .args(["--report", "json,ndjson", "--report-json-path"])
        .arg(report.path())
        .arg("--report-ndjson-path")
        .arg(events.path());
    if let Credentials::Headers(headers) = settings.credentials {
        for header in headers {
            command.args(["-H", header]);
        }
    }
    if let Some(seconds) = settings.max_time {
        command.args(["--max-time", &seconds.to_string()]);
    }
    if !settings.excluded.is_empty() {
        command.args(["--exclude-checks", &settings.excluded.join(",")]);
    }
    let output = command.output().map_err(|error| {
        format!("cannot run schemathesis (`st`): {error}; install it: pip install -r tests/contract/requirements.txt")
    })?;
    let shown = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    let text = std::fs::read_to_string(report.path()).unwrap_or_default();
    let report: serde_json::Value = serde_json::from_str(&text)
        .map_err(|error| format!("schemathesis wrote no readable report ({error}):\n{shown}"))?;
    if report["errors"].as_array().is_some_and(|errors| !errors.is_empty()) {
        return Err(format!("schemathesis could not test everything:\n{shown}"));
    }
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
    let cases = failed_cases(&std::fs::read_to_string(events.path()).unwrap_or_default());
    Ok(Run { failures, cases, shown })
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

/// Schemathesis's configuration (`schemathesis.toml`) with a credential
/// for every security scheme `api` declares. Schemathesis sends each where
/// its scheme says (a query API key too) on the operations that require it,
/// and leaves it out where a case tests its absence. The generated servers
/// check that a credential is there, not its value.
pub fn credentials_for(api: &Api) -> Credentials {
    let mut config = String::new();
    for scheme in &api.security_schemes {
        let credential = match &scheme.kind {
            SecurityKind::Bearer { .. } => r#"bearer = "mock-token""#,
            SecurityKind::Basic => {
                r#"username = "mock"
password = "mock""#
            }
            SecurityKind::ApiKey { .. } => r#"api_key = "mock-key""#,
        };
        // A JSON string is a TOML basic string: a key of any text is quoted.
        let key = serde_json::Value::String(scheme.key.clone());
        config.push_str(&format!("[auth.openapi.{key}]\n{credential}\n"));
    }
    Credentials::Config(config)
}

#[cfg(test)]
mod tests {
    use super::{credentials_for, Credentials};

    #[test]
    fn every_scheme_has_a_credential_under_its_quoted_name() {
        let spec = "openapi: 3.0.3
info: {title: t, version: '1'}
paths: {}
components:
  securitySchemes:
    basic: {type: http, scheme: basic}
    oauth: {type: oauth2, flows: {clientCredentials: {tokenUrl: /token, scopes: {}}}}
    api-key: {type: apiKey, in: query, name: key}
    'a \"b\"': {type: apiKey, in: cookie, name: sid}
";
        let api = apiforge_ir::build_str(spec, &Default::default()).unwrap().api;
        let config = credentials_for(&api);
        let expected = r#"[auth.openapi."basic"]
username = "mock"
password = "mock"
[auth.openapi."oauth"]
bearer = "mock-token"
[auth.openapi."api-key"]
api_key = "mock-key"
[auth.openapi."a \"b\""]
api_key = "mock-key"
"#;
        assert_eq!(config, Credentials::Config(expected.to_string()));
    }
}
