//! Child processes timed from the outside, with their peak memory: the
//! largest resident set of the child or any process it waited for (cargo's
//! rustc), as GNU time reports it.

use std::ffi::OsStr;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

const GNU_TIME: &str = "/usr/bin/time";

pub struct Finished {
    pub elapsed: Duration,
    /// Peak resident set in bytes; `None` without GNU time.
    pub peak: Option<u64>,
    pub stdout: String,
    /// Why it failed (the end of its stderr), if it did.
    pub failure: Option<String>,
}

impl Finished {
    /// The run, or its failure as an error.
    pub fn ok(self) -> Result<Finished, String> {
        match self.failure {
            Some(failure) => Err(failure),
            None => Ok(self),
        }
    }
}

/// Runs `program args` in `dir` to its end. `scratch` is a file GNU time
/// may write its figure to.
pub fn run(
    program: &Path,
    args: &[&str],
    dir: &Path,
    envs: &[(&str, &OsStr)],
    scratch: &Path,
) -> Result<Finished, String> {
    let gnu_time = Path::new(GNU_TIME).exists();
    let mut command = if gnu_time {
        let mut c = Command::new(GNU_TIME);
        c.arg("-f").arg("%M").arg("-o").arg(scratch).arg(program);
        c
    } else {
        Command::new(program)
    };
    command.args(args).current_dir(dir);
    for (key, value) in envs {
        command.env(key, value);
    }
    let started = Instant::now();
    let output = command.output().map_err(|e| format!("running {}: {e}", program.display()))?;
    let elapsed = started.elapsed();
    let failure = (!output.status.success()).then(|| {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let tail: Vec<&str> = stderr.lines().rev().take(15).collect::<Vec<_>>().into_iter().rev().collect();
        format!("`{} {}` failed ({}):\n{}", program.display(), args.join(" "), output.status, tail.join("\n"))
    });
    let peak = gnu_time
        .then(|| std::fs::read_to_string(scratch).ok())
        .flatten()
        .and_then(|text| text.trim().lines().last()?.trim().parse::<u64>().ok())
        .map(|kib| kib * 1024);
    Ok(Finished { elapsed, peak, stdout: String::from_utf8_lossy(&output.stdout).into_owned(), failure })
}

/// Bytes as MB (10^6), or why there is no figure.
pub fn show_peak(peak: Option<u64>) -> String {
    peak.map_or_else(|| format!("n/a (needs GNU time at {GNU_TIME})"), |b| format!("{:.0} MB", b as f64 / 1e6))
}
