//! The repository's chores, as a library so that tests can reuse them.

pub mod bench;
#[cfg(feature = "conformance")]
pub mod conformance;
pub mod corpus;
pub mod generate;
pub mod ingest;
#[cfg(feature = "conformance")]
pub mod testers;

/// The repository root (xtask lives one level below it).
pub fn repo_root() -> std::path::PathBuf {
    let manifest = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

/// The paths among `expected` whose bytes on disk differ from the contents.
pub fn stale(expected: Vec<(std::path::PathBuf, String)>) -> Vec<std::path::PathBuf> {
    expected
        .into_iter()
        .filter(|(path, contents)| std::fs::read(path).map_or(true, |current| current != contents.as_bytes()))
        .map(|(path, _)| path)
        .collect()
}

/// Reads the arguments of a command that takes only `--check`.
pub fn check_flag(args: &[String], usage: &str) -> Result<bool, String> {
    match args {
        [] => Ok(false),
        [flag] if flag == "--check" => Ok(true),
        _ => Err(usage.to_string()),
    }
}
