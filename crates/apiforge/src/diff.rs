//! What `apiforge diff` reports, for build scripts and tools: two versions
//! of a spec in, their API changes out, each classified as breaking or not
//! for code calling the generated client and for code implementing the
//! generated server (see the `apiforge-diff` crate for the rules).

use std::path::Path;

pub use apiforge_diff::{Change, Format, Report, Semver};
use apiforge_ir::{Api, LowerOptions};

use crate::Error;

/// The changes from the spec file `old` to the spec file `new`.
pub fn specs(old: &Path, new: &Path) -> Result<Report, Error> {
    let lower = |path: &Path| apiforge_ir::build(path, &LowerOptions::default()).map(|lowered| lowered.api);
    Ok(apiforge_diff::diff(&lower(old).map_err(Error::Spec)?, &lower(new).map_err(Error::Spec)?))
}

/// The changes from the spec text `old` to the spec text `new` (an earlier
/// version read from git, say).
pub fn texts(old: &str, new: &str) -> Result<Report, Error> {
    let lower = |text: &str| -> Result<Api, Error> {
        apiforge_ir::build_str(text, &LowerOptions::default()).map(|lowered| lowered.api).map_err(Error::Spec)
    };
    Ok(apiforge_diff::diff(&lower(old)?, &lower(new)?))
}
