//! `cargo check` of generated code in batches: each batch is a throwaway
//! workspace of crates sharing one target directory.

use std::path::Path;
use std::process::Command;

use super::generate::{CheckResult, Outcome, SpecResult};

/// Runs `cargo <command>` (`check`, `build`) over a throwaway workspace of
/// the crates `members` (quoted directory names) in `dir`, with this
/// repository's lock file and `target` as target directory; its messages.
pub fn cargo_workspace(command: &str, dir: &Path, members: &[String], target: &Path) -> Result<String, String> {
    let workspace = format!("[workspace]\nresolver = \"2\"\nmembers = [{}]\n", members.join(", "));
    std::fs::write(dir.join("Cargo.toml"), workspace).map_err(|e| e.to_string())?;
    let _ = std::fs::copy(crate::repo_root().join("Cargo.lock"), dir.join("Cargo.lock"));
    let output = Command::new("cargo")
        .args([command, "--offline", "--keep-going", "--message-format=short", "--workspace"])
        .env("CARGO_TARGET_DIR", target)
        // Incremental caches of ~1,400 throwaway crates fill a disk (60 GB
        // seen) and are never reused.
        .env("CARGO_INCREMENTAL", "0")
        .current_dir(dir)
        .output()
        .map_err(|e| format!("running cargo: {e}"))?;
    Ok(String::from_utf8_lossy(&output.stderr).into_owned())
}

/// Why the crate `crate_name` of a workspace build did not build into
/// `binary`, or `None` when it did: its first error, else the build's own
/// (a dependency missing from the offline cache), else cargo's verdict.
#[cfg(feature = "conformance")]
pub fn build_failure(stderr: &str, binary: &Path, crate_name: &str) -> Option<String> {
    if binary.exists() && !stderr.contains(&format!("could not compile `{crate_name}`")) {
        return None;
    }
    let marker = format!("{crate_name}/src/");
    let error = stderr
        .lines()
        .find(|l| l.contains(&marker) && l.contains("error"))
        .or_else(|| stderr.lines().find(|l| l.starts_with("error")))
        .unwrap_or("could not compile");
    Some(error.to_string())
}

/// Checks every generated crate; after each batch, `progress` gets the
/// results so far (a long run leaves a usable summary if stopped).
pub fn check_all(
    work: &Path,
    results: &mut [SpecResult],
    batch: usize,
    progress: impl Fn(&[SpecResult]),
) -> Result<(), String> {
    let runtime = crate::repo_root().join("crates/apiforge-runtime");
    let target = work.join("target");
    let generated: Vec<usize> = results
        .iter()
        .enumerate()
        .filter(|(_, r)| matches!(r.outcome, Outcome::Generated { .. }))
        .map(|(i, _)| i)
        .collect();
    for (n, chunk) in generated.chunks(batch.max(1)).enumerate() {
        let dir = work.join(format!("batch{n}"));
        let _ = std::fs::remove_dir_all(&dir);
        let mut members = Vec::new();
        for &i in chunk {
            let crate_name = format!("c{i}");
            let Outcome::Generated { code, .. } = &results[i].outcome else { continue };
            let crate_dir = dir.join(&crate_name);
            std::fs::create_dir_all(crate_dir.join("src")).map_err(|e| e.to_string())?;
            let manifest = format!(
                "[package]\nname = \"{crate_name}\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\n[lib]\ndoctest = false\n\n\
                 [dependencies]\napiforge-runtime = {{ path = {:?}, features = [\"client\", \"server\"] }}\n",
                runtime.display().to_string()
            );
            std::fs::write(crate_dir.join("Cargo.toml"), manifest).map_err(|e| e.to_string())?;
            std::fs::write(crate_dir.join("src/lib.rs"), code).map_err(|e| e.to_string())?;
            members.push(format!("{crate_name:?}"));
        }
        eprintln!("checking batch {n} ({} crates)", chunk.len());
        let stderr = cargo_workspace("check", &dir, &members, &target)?;
        for &i in chunk {
            let marker = format!("c{i}/src/lib.rs:");
            let lines: Vec<&str> = stderr.lines().filter(|l| l.contains(&marker)).collect();
            let errors: Vec<&str> = lines.iter().copied().filter(|l| l.contains(": error")).collect();
            let failed_to_build = stderr.contains(&format!("could not compile `c{i}`"));
            let result = if !errors.is_empty() || failed_to_build {
                CheckResult::Fails(errors.first().map_or("could not compile", |l| l).to_string())
            } else if !lines.is_empty() {
                CheckResult::Warnings(lines[0].to_string())
            } else {
                CheckResult::Compiles
            };
            if let Outcome::Generated { check, code } = &mut results[i].outcome {
                *check = Some(result);
                // The code is on disk; keep memory flat across batches.
                *code = String::new();
            }
        }
        progress(results);
    }
    Ok(())
}
