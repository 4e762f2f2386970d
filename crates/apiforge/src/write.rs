//! Writing output without touching files whose bytes did not change, so
//! builds that depend on them are not redone.

use std::path::{Path, PathBuf};

use crate::Error;

/// Writes `contents` to `path` unless it already holds exactly that.
/// Returns whether the file was written.
pub fn write_if_changed(path: &Path, contents: &str) -> Result<bool, Error> {
    let io = |source| Error::Io { path: path.to_path_buf(), source };
    if std::fs::read(path).is_ok_and(|current| current == contents.as_bytes()) {
        return Ok(false);
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(io)?;
    }
    std::fs::write(path, contents).map_err(io)?;
    Ok(true)
}

/// Writes each file whose bytes changed; returns the paths it wrote.
pub fn write_files(files: impl IntoIterator<Item = (PathBuf, String)>) -> Result<Vec<PathBuf>, Error> {
    let mut written = Vec::new();
    for (path, contents) in files {
        if write_if_changed(&path, &contents)? {
            written.push(path);
        }
    }
    Ok(written)
}
