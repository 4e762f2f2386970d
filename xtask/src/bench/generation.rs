//! Generation timed per phase, against the floor: parsing the same text
//! into `openapiv3::OpenAPI` alone (serde_json for JSON, serde_yaml else).

use std::path::Path;
use std::time::Duration;

use apiforge_codegen::Parts;
use apiforge_ir::LowerOptions;

use super::stats::{median, timed, Repeat, Stats};

/// One spec document, as text.
pub struct Doc {
    /// A file-name-safe label (the spec's file stem).
    pub label: String,
    pub text: String,
}

/// Documents generated together and reported as one figure.
pub struct Workload {
    pub name: String,
    pub docs: Vec<Doc>,
}

/// The phases, each timed on one thread to show where time goes.
pub const PHASES: [&str; 5] = ["parse", "lower", "emit", "format", "write"];

/// The timings of one run over a workload.
#[derive(Debug, Clone, Copy, Default)]
struct Sample {
    floor: Duration,
    phases: [Duration; 5],
    /// Emit and format as `apiforge_codegen::render` does them, one module
    /// after another: what a user waits for in place of the two.
    render: Duration,
}

impl Sample {
    /// What a user waits for: parse, lower, render, write.
    fn total(&self) -> Duration {
        self.phases[0] + self.phases[1] + self.render + self.phases[4]
    }
}

/// Median and minimum per phase over several runs.
pub struct PhaseReport {
    pub runs: usize,
    pub floor: Stats,
    pub phases: [Stats; 5],
    pub render: Stats,
    pub total: Stats,
    /// The median over runs of each run's total over its own floor: steadier
    /// than a ratio of medians when the machine's speed drifts between runs.
    pub paired: f64,
    pub operations: usize,
    pub types: usize,
    pub bytes: usize,
}

/// What the committed crates get: client and server behind features.
pub fn parts() -> Parts {
    Parts { feature_gated: true, ..Parts::default() }
}

/// The floor: the document parsed into the `openapiv3` model, nothing else.
pub fn floor(text: &str) -> Result<openapiv3::OpenAPI, String> {
    if text.trim_start().starts_with('{') {
        serde_json::from_str(text).map_err(|e| format!("floor parse (serde_json): {e}"))
    } else {
        serde_yaml::from_str(text).map_err(|e| format!("floor parse (serde_yaml): {e}"))
    }
}

/// The IR of a document (parse and lower), or its first problem.
pub fn lowered(doc: &Doc) -> Result<apiforge_ir::Api, String> {
    let parsed = apiforge_ir::load_str(&doc.text).map_err(|e| format!("{}: {e}", doc.label))?;
    lower(doc, &parsed)
}

fn lower(doc: &Doc, parsed: &apiforge_ir::Loaded) -> Result<apiforge_ir::Api, String> {
    apiforge_ir::lower(parsed, &LowerOptions::default()).map(|l| l.api).map_err(|errors| {
        let first = errors.first().map(ToString::to_string).unwrap_or_default();
        format!("{}: {} problems, first: {first}", doc.label, errors.len())
    })
}

/// Source text of `api` with the chosen parts.
pub fn render(api: &apiforge_ir::Api, parts: &Parts) -> Result<String, String> {
    apiforge_codegen::render(api, parts, "bench").map_err(|e| e.to_string())
}

/// Times every phase of generating each document of `workload` into
/// `out_dir` (each file removed first, so that `write` really writes).
pub fn measure(workload: &Workload, repeat: Repeat, out_dir: &Path) -> Result<PhaseReport, String> {
    let mut counts = (0, 0, 0);
    let samples = repeat.run(|| {
        let mut sample = Sample::default();
        counts = (0, 0, 0);
        for doc in &workload.docs {
            let (floor_doc, t) = timed(|| floor(&doc.text));
            sample.floor += t;
            drop(floor_doc?);
            let (parsed, t) = timed(|| apiforge_ir::load_str(&doc.text));
            sample.phases[0] += t;
            let parsed = parsed.map_err(|e| format!("{}: {e}", doc.label))?;
            let (api, t) = timed(|| lower(doc, &parsed));
            sample.phases[1] += t;
            let api = api?;
            let (modules, t) = timed(|| apiforge_codegen::modules(&api, &parts()));
            sample.phases[2] += t;
            let (code, t) = timed(|| apiforge_codegen::render_modules(modules, "bench"));
            sample.phases[3] += t;
            let code = code.map_err(|e| format!("{}: {e}", doc.label))?;
            let (rendered, t) = timed(|| render(&api, &parts()));
            sample.render += t;
            if rendered? != code {
                return Err(format!("{}: rendering module by module differs from the phases' output", doc.label));
            }
            let path = out_dir.join(format!("{}.rs", doc.label));
            let _ = std::fs::remove_file(&path);
            let (written, t) = timed(|| apiforge::write_if_changed(&path, &code));
            sample.phases[4] += t;
            written.map_err(|e| e.to_string())?;
            counts.0 += api.operations.len();
            counts.1 += api.types.len();
            counts.2 += doc.text.len();
        }
        Ok(sample)
    })?;
    Ok(PhaseReport {
        runs: samples.len(),
        floor: Stats::of(samples.iter().map(|s| s.floor)),
        phases: std::array::from_fn(|i| Stats::of(samples.iter().map(|s| s.phases[i]))),
        render: Stats::of(samples.iter().map(|s| s.render)),
        total: Stats::of(samples.iter().map(Sample::total)),
        paired: median(samples.iter().map(|s| s.total().as_secs_f64() / s.floor.as_secs_f64())),
        operations: counts.0,
        types: counts.1,
        bytes: counts.2,
    })
}

/// Generated lines, split by part.
#[derive(Debug, Clone, Copy, Default)]
pub struct Lines {
    pub operations: usize,
    pub types: usize,
    pub total: usize,
    pub type_lines: usize,
    pub client_lines: usize,
    pub server_lines: usize,
}

/// Counts the lines of the generated code: all of it, and the types, client
/// and server parts (each part rendered alone, types subtracted).
pub fn lines(workload: &Workload) -> Result<Lines, String> {
    let mut lines = Lines::default();
    let count = |api: &apiforge_ir::Api, parts: &Parts| render(api, parts).map(|code| code.lines().count());
    let part = |client, server| Parts { client, server, ..Parts::default() };
    for doc in &workload.docs {
        let api = lowered(doc)?;
        let types = count(&api, &part(false, false))?;
        lines.operations += api.operations.len();
        lines.types += api.types.len();
        lines.total += count(&api, &parts())?;
        lines.type_lines += types;
        lines.client_lines += count(&api, &part(true, false))? - types;
        lines.server_lines += count(&api, &part(false, true))? - types;
    }
    Ok(lines)
}
