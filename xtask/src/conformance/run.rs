//! One batch of specs: generate each spec's types with the harness beside
//! them, build them as one throwaway workspace, then draw values, run each
//! harness on them and judge its answers.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use apiforge_codegen::Parts;
use apiforge_conformance::{harness, Answer, Conformance, Options, Report};
use apiforge_ir::{Api, LowerOptions};
use quote::format_ident;
use serde_json::Value;

pub struct SpecResult {
    pub name: String,
    pub outcome: Outcome,
}

pub enum Outcome {
    /// Not generated (refused, not OpenAPI): nothing to check.
    NotGenerated(String),
    /// The generated types or the harness did not build.
    NotBuilt(String),
    Checked(Report),
}

impl Outcome {
    /// The outcome as the summary spells it.
    pub fn label(&self) -> &'static str {
        match self {
            Outcome::NotGenerated(_) => "not-generated",
            Outcome::NotBuilt(_) => "not-built",
            Outcome::Checked(_) => "checked",
        }
    }
}

/// A spec whose types were generated: its IR and its document as JSON.
struct Generated {
    api: Api,
    document: Value,
}

pub fn batch(
    work: &Path,
    n: usize,
    root: &Path,
    specs: &[std::path::PathBuf],
    draw: Options,
) -> Result<Vec<SpecResult>, String> {
    let dir = work.join(format!("batch{n}"));
    let _ = std::fs::remove_dir_all(&dir);
    let mut results = Vec::new();
    let mut generated = Vec::new();
    for (i, spec) in specs.iter().enumerate() {
        let name = spec.strip_prefix(root).unwrap_or(spec).display().to_string();
        let crate_name = format!("b{n}c{i}");
        match generate(spec, &crate_name) {
            Ok((lib, main, spec_ir)) => {
                write_crate(&dir.join(&crate_name), &crate_name, &lib, &main)?;
                generated.push((results.len(), crate_name, spec_ir));
                results.push(SpecResult { name, outcome: Outcome::NotBuilt(String::new()) });
            }
            Err(why) => results.push(SpecResult { name, outcome: Outcome::NotGenerated(why) }),
        }
    }
    if generated.is_empty() {
        return Ok(results);
    }
    let members: Vec<String> = generated.iter().map(|(_, name, _)| format!("{name:?}")).collect();
    eprintln!("building batch {n} ({} specs)", generated.len());
    let target = work.join("target");
    let stderr = crate::corpus::cargo_workspace("build", &dir, &members, &target)?;
    for (index, crate_name, spec) in generated {
        let binary = target.join("debug").join(&crate_name);
        let result = &mut results[index];
        if let Some(error) = crate::corpus::build_failure(&stderr, &binary, &crate_name) {
            result.outcome = Outcome::NotBuilt(error);
            continue;
        }
        eprintln!("checking {}", result.name);
        result.outcome = match check(&spec, &binary, draw) {
            Ok(report) => Outcome::Checked(report),
            Err(why) => Outcome::NotBuilt(why),
        };
    }
    Ok(results)
}

/// The spec's types (`lib.rs`), its harness (`main.rs`) and what judging needs.
fn generate(spec: &Path, crate_name: &str) -> Result<(String, String, Generated), String> {
    let text = std::fs::read_to_string(spec).map_err(|e| e.to_string())?;
    let loaded = apiforge_ir::load_str(&text).map_err(|e| e.to_string())?;
    let lowered = apiforge_ir::lower(&loaded, &LowerOptions::default())
        .map_err(|errors| errors.first().map(ToString::to_string).unwrap_or_default())?;
    let api = lowered.api;
    // The types alone: the client and server do not change how a value reads.
    let types_only = Parts { client: false, server: false, ..Parts::default() };
    let lib = apiforge_codegen::render_modules(apiforge_codegen::modules(&api, &types_only), "conformance")
        .map_err(|e| e.to_string())?;
    let krate = format_ident!("{crate_name}");
    let main = harness::program(&api, &quote::quote!(::#krate::types)).to_string();
    let document = serde_json::to_value(&loaded.doc).map_err(|e| e.to_string())?;
    Ok((lib, main, Generated { api, document }))
}

fn write_crate(dir: &Path, name: &str, lib: &str, main: &str) -> Result<(), String> {
    let runtime = crate::repo_root().join("crates/apiforge-runtime");
    let manifest = format!(
        "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\n[lib]\ndoctest = false\n\n\
         [dependencies]\napiforge-runtime = {{ path = {:?} }}\n",
        runtime.display().to_string()
    );
    let files = [("Cargo.toml", manifest.as_str()), ("src/lib.rs", lib), ("src/main.rs", main)];
    for (file, contents) in files {
        let path = dir.join(file);
        std::fs::create_dir_all(path.parent().unwrap_or(dir)).map_err(|e| e.to_string())?;
        std::fs::write(&path, contents).map_err(|e| format!("writing {}: {e}", path.display()))?;
    }
    Ok(())
}

/// Draws the values, has the harness read them and judges its answers.
fn check(spec: &Generated, binary: &Path, draw: Options) -> Result<Report, String> {
    let conformance = Conformance::new(&spec.api, spec.document.clone());
    let (cases, mut report) = conformance.cases(draw);
    let mut input = String::new();
    for case in &cases {
        let type_name = conformance.type_name(case);
        input.push_str(&serde_json::json!({ "type": type_name, "value": case.value }).to_string());
        input.push('\n');
    }
    let mut child = Command::new(binary)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("running {}: {e}", binary.display()))?;
    let mut stdin = child.stdin.take().ok_or("no stdin")?;
    // Written from a thread: the harness answers as it reads, and a full
    // output pipe would otherwise stop both.
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child.wait_with_output().map_err(|e| e.to_string())?;
    let _ = writer.join();
    if !output.status.success() {
        return Err(format!("the harness failed: {}", String::from_utf8_lossy(&output.stderr).trim()));
    }
    let answers = String::from_utf8_lossy(&output.stdout);
    for (case, line) in cases.iter().zip(answers.lines()) {
        conformance.judge(case, answer(line)?, &mut report);
    }
    Ok(report)
}

fn answer(line: &str) -> Result<Answer, String> {
    let value: Value = serde_json::from_str(line).map_err(|e| format!("a harness answer is not JSON: {e}"))?;
    Ok(if value.get("unknown").is_some() {
        Answer::Unknown
    } else if let Some(why) = value.get("unreadable") {
        Answer::Unreadable(why.as_str().unwrap_or_default().to_string())
    } else {
        Answer::Read {
            written: value["written"].clone(),
            variant: value["variant"].as_str().map(str::to_string),
            rejected: value["rejected"].as_str().map(str::to_string),
        }
    })
}
