//! Generation of one corpus spec, timed per phase, with panics caught.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use apiforge_codegen::Parts;
use apiforge_ir::LowerOptions;

#[derive(Debug, Clone)]
pub enum Outcome {
    /// Neither OpenAPI 3.x nor Swagger 2.0 (a fragment, an older version):
    /// counted apart.
    OtherVersion(String),
    Refused(String),
    Panicked(String),
    /// The emitters produced tokens that do not parse as Rust (a generator bug).
    InvalidCode(String),
    /// Code emitted; `check` fills in whether it compiles.
    Generated {
        code: String,
        check: Option<CheckResult>,
    },
}

#[derive(Debug, Clone)]
pub enum CheckResult {
    Compiles,
    Warnings(String),
    Fails(String),
}

#[derive(Debug, Clone)]
pub struct SpecResult {
    pub path: PathBuf,
    /// Path relative to the corpus directory, for the table.
    pub name: String,
    pub version: String,
    pub operations: usize,
    pub outcome: Outcome,
    pub times: Times,
}

#[derive(Debug, Clone, Copy, Default)]
pub struct Times {
    pub parse: Duration,
    pub lower: Duration,
    pub emit: Duration,
    pub format: Duration,
}

impl Times {
    pub fn total(&self) -> Duration {
        self.parse + self.lower + self.emit + self.format
    }
}

pub fn run_one(root: &Path, spec: &Path) -> SpecResult {
    let name = spec.strip_prefix(root).unwrap_or(spec).display().to_string();
    let text = std::fs::read_to_string(spec).unwrap_or_default();
    let version = sniff_version(&text);
    let mut result = SpecResult {
        path: spec.to_path_buf(),
        name,
        version: version.clone(),
        operations: 0,
        outcome: Outcome::Refused(String::new()),
        times: Times::default(),
    };
    if !version.starts_with("3.") && version != "swagger 2.0" {
        result.outcome = Outcome::OtherVersion(format!("version {version}"));
        return result;
    }
    // Generation runs on a thread with a large stack, and a panic is caught
    // and reported rather than ending the run.
    let handle = std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(move || generate(&text))
        .expect("spawn a generation thread");
    match handle.join() {
        Ok((outcome, operations, times)) => {
            result.outcome = outcome;
            result.operations = operations;
            result.times = times;
        }
        Err(panic) => result.outcome = Outcome::Panicked(panic_message(panic)),
    }
    result
}

fn generate(text: &str) -> (Outcome, usize, Times) {
    let mut times = Times::default();
    let started = Instant::now();
    let loaded = match apiforge_ir::load_str(text) {
        Ok(loaded) => loaded,
        Err(e) => return (Outcome::Refused(e.to_string()), 0, times),
    };
    times.parse = started.elapsed();
    let started = Instant::now();
    let lowered = match apiforge_ir::lower(&loaded, &LowerOptions::default()) {
        Ok(lowered) => lowered,
        Err(errors) => {
            let first = errors.first().map(ToString::to_string).unwrap_or_default();
            return (Outcome::Refused(format!("{first} (+{} more)", errors.len() - 1)), 0, times);
        }
    };
    times.lower = started.elapsed();
    let operations = lowered.api.operations.len();
    let started = Instant::now();
    let modules = apiforge_codegen::modules(&lowered.api, &Parts::default());
    times.emit = started.elapsed();
    let started = Instant::now();
    let code = apiforge_codegen::render_modules(modules, "corpus");
    times.format = started.elapsed();
    match code {
        Ok(code) => (Outcome::Generated { code, check: None }, operations, times),
        Err(e) => (Outcome::InvalidCode(e.to_string()), operations, times),
    }
}

fn sniff_version(text: &str) -> String {
    let value = apiforge_ir::parse_value(text).ok();
    let field = |key: &str| value.as_ref().and_then(|v| v.get(key)).and_then(|v| v.as_str()).map(str::to_string);
    field("openapi").or_else(|| field("swagger").map(|v| format!("swagger {v}"))).unwrap_or_else(|| "?".into())
}

fn panic_message(panic: Box<dyn std::any::Any + Send>) -> String {
    panic
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_else(|| "panic".into())
}
