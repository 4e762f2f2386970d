//! `cargo xtask bench [--corpus DIR] [--only SECTIONS]`: prints how fast
//! generation is, phase by phase, against the floor of parsing the document
//! alone; its peak memory; the size of the generated code; `cargo check` of
//! a large generated crate; a no-change `cargo xtask generate`; the
//! round-trip throughput of a generated client and server against
//! hand-written ones; and the peak memory of a 100 MiB download between
//! them. Figures are printed, never asserted.
//!
//! `cargo xtask` builds in the dev profile, so `bench` re-runs itself in
//! release (`cargo run --release -p xtask --features bench`) to measure
//! optimized code. The feature brings the round trip's dependencies (a
//! generated crate, tokio); plain xtask must build without them, since
//! `cargo xtask generate` is what repairs a generated crate that no longer
//! compiles.

mod check;
mod child;
mod compile;
mod date_crates;
mod generation;
mod regenerate;
#[cfg(feature = "bench")]
mod roundtrip;
mod stats;
mod stream;
mod synthetic;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use generation::{Doc, Workload, PHASES};
use stats::{ratio, show, Repeat, Stats};

const USAGE: &str = "usage: cargo xtask bench [--corpus DIR] [--only SECTIONS] [--requests N] [--concurrency N]
  --corpus DIR    the corpus fetched by the corpus script, fetch-corpus.sh DIR (default target/corpus);
                  without it the Kubernetes and curated-spec figures are skipped
  --only SECTIONS comma-separated, of: generate,lines,memory,check,compile,regenerate,first-run,
                  date-crates,roundtrip,stream (default all)
  --requests N    round-trip requests per client-server pairing (default 60000);
  --concurrency N concurrent round-trip tasks (default 32)";

const SECTIONS: [&str; 10] = [
    "generate",
    "lines",
    "memory",
    "check",
    "compile",
    "regenerate",
    "first-run",
    "date-crates",
    "roundtrip",
    "stream",
];
const KUBERNETES: &str = "specs/apisguru-kubernetes.io.json";
const SYNTHETIC_SIZES: [usize; 3] = [100, 1_000, 10_000];

struct Options {
    corpus: PathBuf,
    sections: Vec<String>,
    requests: usize,
    concurrency: usize,
    /// Set by the release re-run: measure instead of re-running.
    measure: bool,
    /// The dev-profile xtask binary (what `cargo xtask generate` runs).
    xtask: Option<PathBuf>,
    /// Child mode for peak memory: `generate` or `floor`, and a source.
    peak_child: Option<(String, String)>,
}

fn parse(args: &[String]) -> Result<Options, String> {
    let mut options = Options {
        corpus: crate::repo_root().join("target/corpus"),
        sections: SECTIONS.iter().map(|s| s.to_string()).collect(),
        requests: 60_000,
        concurrency: 32,
        measure: false,
        xtask: None,
        peak_child: None,
    };
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let mut value = || args.next().cloned().ok_or_else(|| format!("{arg} needs a value\n{USAGE}"));
        let number = |text: String| text.parse::<usize>().map_err(|_| format!("{arg}: not a number: {text}"));
        match arg.as_str() {
            "--corpus" => options.corpus = std::path::absolute(value()?).map_err(|e| e.to_string())?,
            "--only" => {
                options.sections = value()?.split(',').map(str::to_string).collect();
                if let Some(unknown) = options.sections.iter().find(|s| !SECTIONS.contains(&s.as_str())) {
                    return Err(format!("unknown section `{unknown}`\n{USAGE}"));
                }
            }
            "--requests" => options.requests = number(value()?)?.max(1),
            "--concurrency" => options.concurrency = number(value()?)?.max(1),
            "--measure" => options.measure = true,
            "--xtask-bin" => options.xtask = Some(PathBuf::from(value()?)),
            "--peak-child" => options.peak_child = Some((value()?, value()?)),
            "-h" | "--help" => options.sections.clear(),
            other => return Err(format!("unknown argument `{other}`\n{USAGE}")),
        }
    }
    Ok(options)
}

pub fn run(args: &[String]) -> Result<(), String> {
    let options = parse(args)?;
    if options.sections.is_empty() {
        println!("{USAGE}");
        return Ok(());
    }
    if let Some((what, source)) = &options.peak_child {
        return peak_child(what, source, &options.corpus);
    }
    if options.measure {
        return measure(&options);
    }
    // Re-run in release with the same arguments; this binary (dev profile)
    // is the one whose `generate` is timed.
    let this = std::env::current_exe().map_err(|e| e.to_string())?;
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = Command::new(cargo)
        .args(["run", "--release", "--quiet", "-p", "xtask", "--features", "bench", "--", "bench", "--measure"])
        .arg("--xtask-bin")
        .arg(this)
        .args(args)
        .status()
        .map_err(|e| format!("running cargo: {e}"))?;
    status.success().then_some(()).ok_or_else(|| "the release benchmark run failed".into())
}

/// What the targets are judged on, filled in as sections run.
#[derive(Default)]
struct Figures {
    /// Median total, median floor, and the paired ratio.
    kubernetes: Option<(Duration, Duration, f64)>,
    per_op_1k_10k: Option<(f64, f64)>,
    kubernetes_peak: Option<u64>,
    /// The curated spec that takes longest to generate, and its time.
    slowest_curated: Option<(String, Duration)>,
    regenerate: Option<(Duration, usize)>,
    check: Option<(Duration, Option<u64>)>,
    roundtrip: Option<(f64, f64, f64)>,
}

fn measure(options: &Options) -> Result<(), String> {
    let root = crate::repo_root();
    let work = root.join("target/bench");
    std::fs::create_dir_all(&work).map_err(|e| e.to_string())?;
    if cfg!(debug_assertions) {
        println!("note: built without optimizations; run `cargo xtask bench` for release figures");
    }
    let on = |section: &str| options.sections.iter().any(|s| s == section);
    let kubernetes = options.corpus.join(KUBERNETES);
    if !kubernetes.exists() {
        println!(
            "note: {} not found: Kubernetes and curated-spec figures skipped (fetch the corpus with fetch-corpus.sh target/corpus)",
            kubernetes.display()
        );
    }
    let mut figures = Figures::default();
    if on("generate") || on("lines") {
        let workloads = workloads(&root, &kubernetes)?;
        if on("generate") {
            generation_section(&workloads, &work, &mut figures)?;
            curated_section(&options.corpus.join("specs"), &mut figures)?;
        }
        if on("lines") {
            // Lines per operation stay the same beyond 1,000 operations.
            let largest = format!("synthetic-{}", SYNTHETIC_SIZES[2]);
            lines_section(workloads.iter().filter(|w| w.name != largest))?;
        }
    }
    if on("memory") {
        memory_section(options, &kubernetes, &work, &mut figures)?;
    }
    if on("check") && kubernetes.exists() {
        check_section(&root, &kubernetes, &work, &mut figures)?;
    }
    if on("compile") {
        compile::section(&root, &options.corpus, &work)?;
    }
    if on("regenerate") {
        regenerate_section(options, &root, &work, &mut figures)?;
    }
    if on("first-run") {
        first_run_section(&root, &work)?;
    }
    if on("date-crates") {
        date_crates::section(&work)?;
    }
    if on("roundtrip") {
        roundtrip_section(options, &mut figures)?;
    }
    if on("stream") {
        stream_section(&root, &work)?;
    }
    targets(&figures);
    Ok(())
}

fn read_doc(path: &Path) -> Result<Doc, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let label = path.file_stem().map_or_else(|| "spec".into(), |s| s.to_string_lossy().into_owned());
    Ok(Doc { label, text })
}

fn synthetic(n: usize) -> Workload {
    let label = format!("synthetic-{n}");
    Workload { name: label.clone(), docs: vec![Doc { label, text: synthetic::spec(n) }] }
}

fn workloads(root: &Path, kubernetes: &Path) -> Result<Vec<Workload>, String> {
    let seeds = crate::generate::specs(root)?.iter().map(|(_, path)| read_doc(path)).collect::<Result<Vec<_>, _>>()?;
    let mut workloads = vec![Workload { name: format!("seeds ({} specs)", seeds.len()), docs: seeds }];
    if kubernetes.exists() {
        workloads.push(Workload { name: "kubernetes".into(), docs: vec![read_doc(kubernetes)?] });
    }
    workloads.extend(SYNTHETIC_SIZES.map(synthetic));
    Ok(workloads)
}

/// Parse, lower and render each curated spec of the corpus (OpenAPI 3.x;
/// the best of three runs), and print the slowest: what a user of a large
/// real API waits for.
fn curated_section(dir: &Path, figures: &mut Figures) -> Result<(), String> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Ok(()) };
    let mut paths: Vec<PathBuf> = entries.filter_map(|entry| Some(entry.ok()?.path())).collect();
    paths.sort();
    let mut times = Vec::new();
    for path in paths {
        let doc = read_doc(&path)?;
        // Operations and bytes of code, or None when the spec does not generate.
        let generate = || -> Option<(usize, usize)> {
            let api = generation::lowered(&doc).ok()?;
            Some((api.operations.len(), generation::render(&api, &generation::parts()).ok()?.len()))
        };
        let (Some((operations, bytes)), first) = stats::timed(generate) else { continue };
        let best = (0..2).map(|_| stats::timed(generate).1).fold(first, Duration::min);
        times.push((doc.label, operations, bytes, best));
    }
    if times.is_empty() {
        return Ok(());
    }
    times.sort_by_key(|(_, _, _, time)| std::cmp::Reverse(*time));
    println!("\n## Curated specs of the corpus: parse + lower + render, best of 3 ({} specs generate)", times.len());
    for (label, operations, bytes, time) in times.iter().take(5) {
        println!("{label:<44} {operations:>6} ops {:>8.2} MB of code {:>10}", *bytes as f64 / 1e6, show(*time));
    }
    figures.slowest_curated = times.first().map(|(label, _, _, time)| (label.clone(), *time));
    Ok(())
}

fn per_operation(d: Duration, operations: usize) -> f64 {
    d.as_secs_f64() * 1e6 / operations.max(1) as f64
}

fn generation_section(workloads: &[Workload], work: &Path, figures: &mut Figures) -> Result<(), String> {
    println!("\n## Generation per phase (client + server; median [min] of the runs; × = median / floor median)");
    println!("(emit and format each on one thread; render = both, runs of items shared out over a thread per core, as users get them;");
    println!(" total = parse + lower + render + write)");
    let repeat = Repeat { min: 3, max: 30, budget: Duration::from_secs(8) };
    let mut rows = Vec::new();
    for workload in workloads {
        let report = generation::measure(workload, repeat, &work.join("out"))?;
        println!(
            "\n{}: {} operations, {} types, {:.2} MB of spec; {} runs",
            workload.name,
            report.operations,
            report.types,
            report.bytes as f64 / 1e6,
            report.runs
        );
        let row = |name: &str, s: Stats| {
            println!(
                "  {name:<7} {:>10} [{:>10}] {:>8}",
                show(s.median),
                show(s.min),
                ratio(s.median, report.floor.median)
            );
        };
        row("floor", report.floor);
        for (name, stats) in PHASES.iter().zip(report.phases) {
            row(name, stats);
        }
        row("render", report.render);
        row("total", report.total);
        if workload.name == "kubernetes" {
            figures.kubernetes = Some((report.total.median, report.floor.median, report.paired));
        }
        rows.push((workload.name.clone(), report));
    }
    println!("\n(paired: the median of each run's total over that run's floor)");
    println!(
        "{:<18} {:>6} {:>10} {:>10} {:>8} {:>8} {:>10} {:>10}",
        "workload", "ops", "floor", "total", "×floor", "paired", "µs/op", "floor µs/op"
    );
    for (name, r) in &rows {
        println!(
            "{name:<18} {:>6} {:>10} {:>10} {:>8} {:>7.2}× {:>10.1} {:>10.1}",
            r.operations,
            show(r.floor.median),
            show(r.total.median),
            ratio(r.total.median, r.floor.median),
            r.paired,
            per_operation(r.total.median, r.operations),
            per_operation(r.floor.median, r.operations)
        );
    }
    let per_op =
        |name: &str| rows.iter().find(|(n, _)| n == name).map(|(_, r)| per_operation(r.total.median, r.operations));
    if let (Some(small), Some(large)) = (per_op("synthetic-1000"), per_op("synthetic-10000")) {
        println!("growth 1,000 -> 10,000 operations: time per operation × {:.2} (1.00 is linear)", large / small);
        figures.per_op_1k_10k = Some((small, large));
    }
    Ok(())
}

fn lines_section<'a>(workloads: impl Iterator<Item = &'a Workload>) -> Result<(), String> {
    println!("\n## Generated lines (client and server lines per operation; type lines per type)");
    println!(
        "{:<18} {:>6} {:>6} {:>9} {:>7} {:>9} {:>9} {:>9}",
        "workload", "ops", "types", "lines", "per op", "client/op", "server/op", "type/type"
    );
    for workload in workloads {
        let l = generation::lines(workload)?;
        let per = |lines: usize, n: usize| lines as f64 / n.max(1) as f64;
        println!(
            "{:<18} {:>6} {:>6} {:>9} {:>7.1} {:>9.1} {:>9.1} {:>9.1}",
            workload.name,
            l.operations,
            l.types,
            l.total,
            per(l.total, l.operations),
            per(l.client_lines, l.operations),
            per(l.server_lines, l.operations),
            per(l.type_lines, l.types)
        );
    }
    Ok(())
}

/// The document behind a source name: `kubernetes` or `synthetic:N`.
fn source_text(source: &str, corpus: &Path) -> Result<String, String> {
    if let Some(n) = source.strip_prefix("synthetic:") {
        return Ok(synthetic::spec(n.parse().map_err(|_| format!("bad size in `{source}`"))?));
    }
    let path = if source == "kubernetes" { corpus.join(KUBERNETES) } else { PathBuf::from(source) };
    Ok(read_doc(&path)?.text)
}

/// Runs in a child process: one generation (or the floor parse alone), so
/// that the parent reads its peak memory.
fn peak_child(what: &str, source: &str, corpus: &Path) -> Result<(), String> {
    let doc = Doc { label: source.to_string(), text: source_text(source, corpus)? };
    let bytes = match what {
        "floor" => generation::floor(&doc.text).map(|d| d.paths.paths.len())?,
        _ => generation::render(&generation::lowered(&doc)?, &generation::parts())?.len(),
    };
    println!("{bytes}");
    Ok(())
}

fn memory_section(options: &Options, kubernetes: &Path, work: &Path, figures: &mut Figures) -> Result<(), String> {
    println!("\n## Peak memory of one generation in a child process (floor: parsing alone)");
    let this = std::env::current_exe().map_err(|e| e.to_string())?;
    let mut sources = vec!["synthetic:10000".to_string()];
    if kubernetes.exists() {
        sources.insert(0, "kubernetes".into());
    }
    let corpus = options.corpus.display().to_string();
    for source in &sources {
        let mut peaks = Vec::new();
        for what in ["generate", "floor"] {
            let args = ["bench", "--corpus", &corpus, "--peak-child", what, source];
            let finished = child::run(&this, &args, work, &[], &work.join("peak.txt"))?.ok()?;
            peaks.push((finished.peak, finished.elapsed));
        }
        println!(
            "{source:<16} generation {:>8} in {:>9}   floor {:>8} in {:>9}",
            child::show_peak(peaks[0].0),
            show(peaks[0].1),
            child::show_peak(peaks[1].0),
            show(peaks[1].1)
        );
        if source == "kubernetes" {
            figures.kubernetes_peak = peaks[0].0;
        }
    }
    Ok(())
}

fn check_section(root: &Path, kubernetes: &Path, work: &Path, figures: &mut Figures) -> Result<(), String> {
    println!("\n## `cargo check` of the generated Kubernetes crate (dependencies built; src/lib.rs touched)");
    let doc = read_doc(kubernetes)?;
    let code = generation::render(&generation::lowered(&doc)?, &generation::parts())?;
    let checked =
        check::check_crate(root, "kubernetes-api", &code, &work.join("k8s-crate"), &work.join("check-target"))?;
    println!("{} lines", code.lines().count());
    for (name, run) in
        [("incremental (touched)", &checked.incremental), ("from scratch (CARGO_INCREMENTAL=0)", &checked.from_scratch)]
    {
        println!("  {name:<36} {:>9}, peak memory {}", show(run.elapsed), child::show_peak(run.peak));
    }
    figures.check = Some((checked.incremental.elapsed, checked.incremental.peak));
    Ok(())
}

fn regenerate_section(options: &Options, root: &Path, work: &Path, figures: &mut Figures) -> Result<(), String> {
    println!("\n## No-change `cargo xtask generate` on specs/");
    let repeat = Repeat { min: 5, max: 20, budget: Duration::from_secs(5) };
    let release = std::env::current_exe().map_err(|e| e.to_string())?;
    let cargo = PathBuf::from(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    let mut runs = vec![("xtask release build", release, vec![], true)];
    if let Some(dev) = &options.xtask {
        runs.insert(0, ("xtask dev build (what cargo xtask runs)", dev.clone(), vec![], true));
    }
    runs.push(("`cargo xtask` (+ cargo's start-up)", cargo, vec!["xtask"], false));
    for (index, (name, program, prefix, may_write)) in runs.iter().enumerate() {
        let r = regenerate::measure(program, prefix, *may_write, root, &work.join("peak.txt"), repeat)?;
        let what =
            if r.wrote { format!("generate, files written: {}", r.written) } else { "generate --check".to_string() };
        println!("{name:<40} {:>9} [{:>9}] over {} runs: {what}", show(r.stats.median), show(r.stats.min), r.runs);
        if r.stale > 0 {
            println!(
                "  {} stale file(s): only `generate --check` was timed (run `cargo xtask generate` first)",
                r.stale
            );
        }
        if index == 0 && r.wrote {
            figures.regenerate = Some((r.stats.median, r.written));
        }
    }
    Ok(())
}

/// Short rounds, many of them: load from elsewhere on a 2-core machine comes
/// and goes within seconds, and the ratio is a median over rounds.
#[cfg(feature = "bench")]
const ROUNDS: usize = 30;

#[cfg(feature = "bench")]
fn roundtrip_section(options: &Options, figures: &mut Figures) -> Result<(), String> {
    println!(
        "\n## Round trip over loopback: vercel deleteAuthToken, {} requests per pairing in {ROUNDS} rounds, {} concurrent tasks",
        options.requests, options.concurrency
    );
    let t = roundtrip::measure(options.requests, options.concurrency, ROUNDS)?;
    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v.get(v.len() / 2).copied().unwrap_or_default()
    };
    println!("{:<44} {:>9} {:>9}", format!("pairing ({ROUNDS} rounds)"), "median", "best");
    for (client, servers) in t.rounds.iter().enumerate() {
        for (server, rounds) in servers.iter().enumerate() {
            let pairing = format!("{} client -> {} server", roundtrip::SIDES[client], roundtrip::SIDES[server]);
            let best = rounds.iter().copied().fold(0.0, f64::max);
            println!("{pairing:<44} {:>9.0} {:>9.0} req/s", median(rounds.clone()), best);
        }
    }
    let (generated, hand) = (&t.rounds[0][0], &t.rounds[1][1]);
    // Rounds close in time are compared, so that load from elsewhere cancels.
    let ratio = median(generated.iter().zip(hand).map(|(g, h)| g / h).collect());
    println!("generated pair / hand-written pair: {:.1}% (median of the per-round ratios)", 100.0 * ratio);
    figures.roundtrip = Some((median(generated.clone()), median(hand.clone()), ratio));
    Ok(())
}

/// What a new contributor waits for: `cargo xtask generate --check` with an
/// empty target directory (the crates already downloaded), which builds
/// xtask and only what generation needs. One run: it takes a minute.
fn first_run_section(root: &Path, work: &Path) -> Result<(), String> {
    let target = work.join("first-run-target");
    let _ = std::fs::remove_dir_all(&target);
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let started = std::time::Instant::now();
    let output = Command::new(cargo)
        .args(["xtask", "generate", "--check"])
        .env("CARGO_TARGET_DIR", &target)
        .current_dir(root)
        .output()
        .map_err(|e| format!("running cargo: {e}"))?;
    let elapsed = started.elapsed();
    let _ = std::fs::remove_dir_all(&target);
    if !output.status.success() {
        return Err(format!("the first run failed:\n{}", String::from_utf8_lossy(&output.stderr)));
    }
    println!("\n## First run: `cargo xtask generate --check` with an empty target directory");
    println!("{:<44} {:>10}", "build xtask and check every seed crate", show(elapsed));
    Ok(())
}

fn stream_section(root: &Path, work: &Path) -> Result<(), String> {
    println!("\n## 100 MiB download over loopback, generated server to generated client (one process)");
    for download in stream::measure(root, work)? {
        let how = match download.mode {
            "stream" => "send_stream(), chunk by chunk",
            _ => "send(), read whole",
        };
        println!("  {how:<36} {:>9}, peak memory {}", show(download.elapsed), child::show_peak(download.peak));
    }
    Ok(())
}

#[cfg(not(feature = "bench"))]
fn roundtrip_section(_: &Options, _: &mut Figures) -> Result<(), String> {
    println!("\n## Round trip: skipped (needs `--features bench`, which `cargo xtask bench` adds)");
    Ok(())
}

/// Each target with its figure.
fn targets(f: &Figures) {
    println!("\n## Targets");
    let verdict = |met: bool| if met { "met" } else { "MISSED" };
    if let Some((total, floor, paired)) = f.kubernetes {
        println!(
            "kubernetes generation ≤ 1.0 s: {} ({paired:.2}× the parse floor of {}): {}",
            show(total),
            show(floor),
            verdict(total <= Duration::from_secs(1))
        );
    }
    if let Some((name, time)) = &f.slowest_curated {
        println!("slowest curated spec ≤ 2 s: {name} in {}: {}", show(*time), verdict(*time <= Duration::from_secs(2)));
    }
    if let Some(peak) = f.kubernetes_peak {
        println!(
            "kubernetes generation peak < 300 MB: {}: {}",
            child::show_peak(Some(peak)),
            verdict(peak < 300_000_000)
        );
    }
    if let Some((small, large)) = f.per_op_1k_10k {
        println!("linear 1k -> 10k: {small:.0} -> {large:.0} µs/op, × {:.2}", large / small);
    }
    if let Some((time, written)) = f.regenerate {
        let met = time < Duration::from_millis(100) && written == 0;
        println!("no-change generate < 100 ms, 0 written: {}, {written} written: {}", show(time), verdict(met));
    }
    if let Some((time, peak)) = f.check {
        let met = time < Duration::from_secs(60) && peak.is_some_and(|p| p < 2_000_000_000);
        println!("kubernetes cargo check < 60 s, < 2 GB: {}, {}: {}", show(time), child::show_peak(peak), verdict(met));
    }
    if let Some((generated, hand, r)) = f.roundtrip {
        println!(
            "round trip ≥ 95% of hand-written: {generated:.0} / {hand:.0} req/s, {:.1}%: {}",
            100.0 * r,
            verdict(r >= 0.95)
        );
    }
}
