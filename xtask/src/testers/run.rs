//! One batch of specs: generate each spec's server, mock, client and calls
//! as one crate with a program that serves the mock or calls Prism, build
//! the batch as one throwaway workspace, then run both testers on each.

use std::fs::File;
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use apiforge_codegen::Parts;
use apiforge_conformance::answers::Referee;
use apiforge_ir::{Api, LowerOptions};
use apiforge_testers::prism::{Finding, Prism};
use apiforge_testers::schemathesis::{self, credentials_for, Failure, Settings};
use serde_json::Value;

use super::Options;

/// How long the mock may take to listen, and the calls to finish.
const START_TIMEOUT: Duration = Duration::from_secs(30);
const CALLS_TIMEOUT: Duration = Duration::from_secs(600);

pub struct SpecResult {
    pub name: String,
    pub outcome: Outcome,
}

pub enum Outcome {
    /// Not generated (refused, not OpenAPI): nothing to test.
    NotGenerated(String),
    /// The generated crate did not build.
    NotBuilt(String),
    Tested {
        operations: usize,
        /// What schemathesis found on the mock, or why it could not run.
        schemathesis: Result<Vec<Failure>, String>,
        /// What calling the client against Prism found, or why it could not.
        prism: Result<Vec<Finding>, String>,
    },
}

/// A generated spec: its IR, for the credentials schemathesis sends, and
/// its document, to judge Prism's answers by.
struct Generated {
    index: usize,
    crate_name: String,
    spec: PathBuf,
    api: Api,
    document: Value,
}

pub fn batch(work: &Path, n: usize, options: &Options, specs: &[PathBuf]) -> Result<Vec<SpecResult>, String> {
    let dir = work.join(format!("batch{n}"));
    let _ = std::fs::remove_dir_all(&dir);
    let mut results = Vec::new();
    let mut generated = Vec::new();
    for (i, spec) in specs.iter().enumerate() {
        let name = spec.strip_prefix(&options.dir).unwrap_or(spec).display().to_string();
        let crate_name = format!("t{n}c{i}");
        match generate(spec) {
            Ok((api, document, lib)) => {
                write_crate(&dir.join(&crate_name), &crate_name, &lib)?;
                let spec = spec.clone();
                generated.push(Generated { index: results.len(), crate_name, spec, api, document });
                results.push(SpecResult { name, outcome: Outcome::NotBuilt(String::new()) });
            }
            Err(why) => results.push(SpecResult { name, outcome: Outcome::NotGenerated(why) }),
        }
    }
    if generated.is_empty() {
        return Ok(results);
    }
    let members: Vec<String> = generated.iter().map(|g| format!("{:?}", g.crate_name)).collect();
    eprintln!("building batch {n} ({} specs)", generated.len());
    let target = work.join("target");
    let stderr = crate::corpus::cargo_workspace("build", &dir, &members, &target)?;
    for spec in generated {
        let binary = target.join("debug").join(&spec.crate_name);
        let result = &mut results[spec.index];
        if let Some(error) = crate::corpus::build_failure(&stderr, &binary, &spec.crate_name) {
            result.outcome = Outcome::NotBuilt(error);
            continue;
        }
        let logs = dir.join(&spec.crate_name);
        eprintln!("schemathesis on {}", result.name);
        let schemathesis = schemathesis_on(&spec, &binary, &logs, options);
        eprintln!("Prism on {}", result.name);
        let prism = prism_on(&spec, &binary, &logs);
        result.outcome = Outcome::Tested { operations: spec.api.operations.len(), schemathesis, prism };
    }
    Ok(results)
}

/// The spec lowered as `apiforge mock` lowers it, its document as JSON, and
/// its crate's code.
fn generate(spec: &Path) -> Result<(Api, Value, String), String> {
    let loaded = apiforge_ir::load_file(spec).map_err(|e| e.to_string())?;
    let options = LowerOptions { skip_unsupported: true, ..LowerOptions::default() };
    let api = apiforge_ir::lower(&loaded, &options)
        .map_err(|errors| errors.first().map(ToString::to_string).unwrap_or_default())?
        .api;
    let document = serde_json::to_value(&loaded.doc).map_err(|e| e.to_string())?;
    let (answers, _) = apiforge_conformance::answers::answers(&api, document.clone(), 1);
    let (calls, _) = apiforge_conformance::arguments::arguments(&api, document.clone(), 1);
    let parts = Parts { mock: Some(answers), calls: Some(calls), ..Parts::default() };
    let lib = apiforge_codegen::render(&api, &parts, "A spec's server, mock, client and calls, for the testers.")
        .map_err(|e| e.to_string())?;
    Ok((api, document, lib))
}

fn write_crate(dir: &Path, name: &str, lib: &str) -> Result<(), String> {
    let path_of = |krate: &str| format!("{:?}", crate::repo_root().join("crates").join(krate).display().to_string());
    let manifest = format!(
        "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\n[lib]\ndoctest = false\n\n\
         [dependencies]\n\
         apiforge-runtime = {{ path = {}, features = [\"client\", \"server\", \"middleware\"] }}\n\
         apiforge-testers = {{ path = {} }}\n\
         reqwest-middleware = \"0.4\"\n\
         tokio = {{ version = \"1\", features = [\"rt-multi-thread\", \"macros\", \"net\"] }}\n",
        path_of("apiforge-runtime"),
        path_of("apiforge-testers"),
    );
    let main = MAIN.replace("{{lib}}", name);
    let files = [("Cargo.toml", manifest.as_str()), ("src/lib.rs", lib), ("src/main.rs", main.as_str())];
    for (file, contents) in files {
        let path = dir.join(file);
        std::fs::create_dir_all(path.parent().unwrap_or(dir)).map_err(|e| e.to_string())?;
        std::fs::write(&path, contents).map_err(|e| format!("writing {}: {e}", path.display()))?;
    }
    Ok(())
}

/// The program of a spec's crate: `mock ADDRESS` serves the mock; `calls
/// URL` calls every operation against Prism at URL and prints what each
/// call found, one `operation<TAB>kind<TAB>status<TAB>body<TAB>sent` line
/// each: the body Prism answered with, and the JSON body sent when Prism
/// found fault with it alone (see `questioned_body`), as JSON strings.
const MAIN: &str = r#"use apiforge_testers::prism::{judge, questioned_body, Observations};
use {{lib}}::{calls, client::Client};

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.as_slice() {
        [command, address] if command == "mock" => {
            let listener = tokio::net::TcpListener::bind(address).await.expect("the address is free");
            let app = {{lib}}::server::router({{lib}}::mock::Mock::default());
            apiforge_runtime::server::axum::serve(listener, app).await.expect("the mock serves");
        }
        [command, url] if command == "calls" => {
            let observations = Observations::default();
            let middleware =
                reqwest_middleware::ClientBuilder::new(Default::default()).with(observations.clone()).build();
            let client = Client::new(url).expect("a base URL").with_middleware(middleware);
            let client = calls::with_credentials(client);
            for &operation in calls::OPERATIONS {
                let answer = calls::call(&client, operation).await.expect("a listed operation");
                let observed = observations.take();
                let (status, body) = observed.answer.clone().unwrap_or_default();
                let questioned = questioned_body(&observed).map(|sent| String::from_utf8_lossy(sent).into_owned());
                if let Some(finding) = judge(operation, observed, answer) {
                    let text = |bytes: String| apiforge_runtime::serde_json::Value::from(bytes);
                    let body = text(String::from_utf8_lossy(&body).into_owned());
                    let sent = text(questioned.unwrap_or_default());
                    println!("{}\t{}\t{status}\t{body}\t{sent}", finding.operation, finding.kind);
                }
            }
        }
        _ => {
            eprintln!("usage: mock ADDRESS | calls URL");
            std::process::exit(2);
        }
    }
}
"#;

/// A child process, killed when dropped.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn log_file(dir: &Path, name: &str) -> Result<File, String> {
    File::create(dir.join(name)).map_err(|e| format!("creating {name}: {e}"))
}

/// Schemathesis against the mock, served by `binary` on a free port.
fn schemathesis_on(spec: &Generated, binary: &Path, logs: &Path, options: &Options) -> Result<Vec<Failure>, String> {
    let port = free_port()?;
    let child = Command::new(binary)
        .args(["mock", &format!("127.0.0.1:{port}")])
        .stdout(Stdio::null())
        .stderr(log_file(logs, "mock.log")?)
        .spawn()
        .map_err(|e| format!("running {}: {e}", binary.display()))?;
    let mut mock = Running(child);
    let started = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        if let Ok(Some(status)) = mock.0.try_wait() {
            return Err(format!("the mock stopped ({status}); see {}", logs.join("mock.log").display()));
        }
        if started.elapsed() > START_TIMEOUT {
            return Err("the mock did not listen".into());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let credentials = credentials_for(&spec.api);
    let settings = Settings {
        credentials: &credentials,
        excluded: &["ignored_auth"],
        max_examples: options.examples,
        max_time: Some(options.max_time),
    };
    let run = schemathesis::run(&spec.spec, &format!("http://127.0.0.1:{port}"), &settings)?;
    std::fs::write(logs.join("schemathesis.log"), &run.shown).map_err(|e| e.to_string())?;
    Ok(run.found())
}

/// The client's calls, by `binary`, against Prism's mock of `spec`, with
/// Prism's findings the spec's schemas overrule ([`Referee`]) counted as
/// its gaps, not failures.
fn prism_on(spec: &Generated, binary: &Path, logs: &Path) -> Result<Vec<Finding>, String> {
    let prism = Prism::start(&crate::repo_root().join("tests/contract/node_modules/.bin/prism"), &spec.spec)?;
    let child = Command::new(binary)
        .args(["calls", &prism.base_url])
        .stdout(log_file(logs, "calls.tsv")?)
        .stderr(log_file(logs, "calls.log")?)
        .spawn()
        .map_err(|e| format!("running {}: {e}", binary.display()))?;
    let mut calls = Running(child);
    let started = Instant::now();
    let status = loop {
        if let Some(status) = calls.0.try_wait().map_err(|e| e.to_string())? {
            break status;
        }
        if started.elapsed() > CALLS_TIMEOUT {
            return Err(format!("the calls did not finish in {CALLS_TIMEOUT:?}"));
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    if !status.success() {
        return Err(format!("the calls stopped ({status}); see {}", logs.join("calls.log").display()));
    }
    let found = std::fs::read_to_string(logs.join("calls.tsv")).map_err(|e| e.to_string())?;
    let referee = Referee::new(&spec.api, spec.document.clone());
    let findings = found.lines().filter_map(|line| {
        let mut columns = line.splitn(5, '\t');
        let (operation, kind) = (columns.next()?.to_string(), columns.next()?.to_string());
        let status: u16 = columns.next().and_then(|s| s.parse().ok()).unwrap_or_default();
        let mut text = || columns.next().and_then(|b| serde_json::from_str::<String>(b).ok()).unwrap_or_default();
        let (body, sent) = (text(), text());
        let sent = Some(sent.as_bytes()).filter(|sent| !sent.is_empty());
        let kind = match referee.overrule(&operation, &kind, (status, body.as_bytes()), sent) {
            Some(overruled) => overruled.to_string(),
            None => kind,
        };
        Some(Finding { operation, kind })
    });
    Ok(findings.collect())
}

fn free_port() -> Result<u16, String> {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .map_err(|e| format!("no free port: {e}"))
}
