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

/// The changes from the spec's version in git's `HEAD` to the file as it is
/// now, for a summary before regenerating; None when there is nothing to
/// compare: no repository, a file git does not know, or no change.
pub fn since_head(spec: &Path) -> Option<Result<Report, Error>> {
    let dir = spec.parent().filter(|dir| !dir.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = spec.file_name()?.to_str()?;
    let output = std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["show", &format!("HEAD:./{name}")])
        .stderr(std::process::Stdio::null())
        .output()
        .ok()?;
    let committed = String::from_utf8(output.stdout).ok().filter(|_| output.status.success())?;
    let current = std::fs::read_to_string(spec).ok()?;
    (committed != current).then(|| texts(&committed, &current))
}

/// What `apiforge generate` and `cargo xtask generate` print before writing:
/// [`since_head`] as text, or why the two versions cannot be compared.
pub fn summary_since_head(spec: &Path) -> Option<String> {
    Some(match since_head(spec)? {
        Ok(report) => format!("API changes in {} since git HEAD:\n{}", spec.display(), report.render(Format::Text)),
        Err(error) => format!("{} cannot be compared with its version in git HEAD: {error}", spec.display()),
    })
}

#[cfg(test)]
mod tests {
    use std::process::Command;

    const SPEC: &str = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths:\n  /a:\n    get:\n      \
                        operationId: getA\n      responses: {'204': {description: none}}\n";

    fn git(dir: &std::path::Path, args: &[&str]) {
        let status = Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(["-c", "user.name=apiforge", "-c", "user.email=apiforge@example.com"])
            .args(args)
            .status()
            .unwrap();
        assert!(status.success(), "git {args:?}");
    }

    #[test]
    fn the_summary_compares_the_spec_with_its_committed_version() {
        let dir = tempfile::tempdir().unwrap();
        let spec = dir.path().join("api.yaml");
        std::fs::write(&spec, SPEC).unwrap();
        assert!(super::summary_since_head(&spec).is_none(), "no repository: nothing to compare");
        git(dir.path(), &["init", "--quiet"]);
        git(dir.path(), &["add", "api.yaml"]);
        git(dir.path(), &["commit", "--quiet", "-m", "spec"]);
        assert!(super::summary_since_head(&spec).is_none(), "unchanged");
        std::fs::write(&spec, SPEC.replace("getA", "fetchA")).unwrap();
        let summary = super::summary_since_head(&spec).unwrap();
        assert!(summary.starts_with(&format!("API changes in {} since git HEAD:\n", spec.display())), "{summary}");
        assert!(summary.contains("`get_a` is renamed `fetch_a`"), "{summary}");
        std::fs::write(&spec, "openapi: [").unwrap();
        let summary = super::summary_since_head(&spec).unwrap();
        assert!(summary.contains("cannot be compared with its version in git HEAD"), "{summary}");
    }
}
