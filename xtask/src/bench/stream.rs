//! Peak memory of a 100 MiB download from the generated server to the
//! generated client over loopback, streamed and read whole: the example
//! `tests/examples/archive_download.rs`, built in release and run under GNU
//! time. The two processes differ only in how the client reads the body,
//! so the streamed one's peak shows the body is never held whole.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

use super::child;

pub struct Download {
    pub mode: &'static str,
    pub elapsed: Duration,
    pub peak: Option<u64>,
}

/// The example run once per mode, after a release build of it.
pub fn measure(root: &Path, work: &Path) -> Result<Vec<Download>, String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = Command::new(cargo)
        .args(["build", "--release", "--quiet", "-p", "apiforge-tests", "--example", "archive_download"])
        .current_dir(root)
        .status()
        .map_err(|e| format!("running cargo: {e}"))?;
    if !status.success() {
        return Err("building the archive_download example failed".into());
    }
    let program = root.join("target/release/examples/archive_download");
    ["stream", "whole"]
        .into_iter()
        .map(|mode| {
            let finished = child::run(&program, &[mode], root, &[], &work.join("peak.txt"))?.ok()?;
            Ok(Download { mode, elapsed: finished.elapsed, peak: finished.peak })
        })
        .collect()
}
