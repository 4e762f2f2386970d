//! Schemathesis ([`apiforge_testers::schemathesis`]) against a generated
//! server, from an async test: every check, 40 examples per operation.

use std::path::PathBuf;

use apiforge_testers::schemathesis::{run, Credentials, Failure, Run, Settings};

/// Runs schemathesis on `spec` (a path from the `tests` directory).
async fn run_on(spec: PathBuf, base_url: &str, credentials: Credentials, excluded: &'static [&'static str]) -> Run {
    let base_url = base_url.to_string();
    tokio::task::spawn_blocking(move || {
        let spec = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(spec);
        let settings = Settings { credentials: &credentials, excluded, max_examples: 40, max_time: None };
        let run = run(&spec, &base_url, &settings).unwrap_or_else(|why| panic!("{}: {why}", spec.display()));
        if !run.failures.is_empty() {
            eprintln!("schemathesis on {} with {credentials:?}:\n{}", spec.display(), run.shown);
        }
        run
    })
    .await
    .expect("schemathesis ran")
}

/// Every check on `specs/<name>.yaml` against `base_url`, sending `headers`
/// (credentials) with every request; what failed, as schemathesis sums it up.
pub async fn schemathesis(name: &str, base_url: &str, headers: &[&str]) -> Vec<Failure> {
    let headers = Credentials::Headers(headers.iter().map(|header| header.to_string()).collect());
    run_on(PathBuf::from(format!("../specs/{name}.yaml")), base_url, headers, &[]).await.failures
}

/// Every check but those `excluded` on any spec (a path from the `tests`
/// directory), without the refusals the spec does not declare
/// ([`Run::found`]).
pub async fn schemathesis_on(
    spec: &str,
    base_url: &str,
    credentials: Credentials,
    excluded: &'static [&'static str],
) -> Vec<Failure> {
    run_on(PathBuf::from(spec), base_url, credentials, excluded).await.found()
}

/// A failure of `kind` on `operations`, as [`schemathesis`] returns it.
pub fn failure(kind: &str, operations: &[&str]) -> Failure {
    Failure::new(kind, operations)
}
