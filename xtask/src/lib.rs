//! The repository's chores, as a library so that tests can reuse them.

pub mod bench;
pub mod corpus;
pub mod generate;
pub mod ingest;

/// The repository root (xtask lives one level below it).
pub fn repo_root() -> std::path::PathBuf {
    let manifest = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}
