//! The generated crate's Cargo.toml and README, from `templates/`.

use apiforge_ir::Api;

const CARGO_TEMPLATE: &str = include_str!("../../../templates/Cargo.toml.tmpl");
const README_TEMPLATE: &str = include_str!("../../../templates/README.md.tmpl");

/// What fills the templates of a generated crate.
#[derive(Debug, Clone, Copy)]
pub struct CrateInfo<'a> {
    /// The crate's name, e.g. `vercel-api`.
    pub name: &'a str,
    /// The spec as the crate's files name it, e.g. `specs/vercel.yaml`.
    pub spec: &'a str,
    /// The `apiforge-runtime` dependency's table body, e.g. `path = "../runtime"`.
    pub runtime: &'a str,
    /// The command that regenerates the crate, e.g. `cargo xtask generate`.
    pub regenerate: &'a str,
}

pub fn cargo_toml(api: &Api, info: &CrateInfo) -> String {
    fill(CARGO_TEMPLATE, api, info)
}

pub fn readme(api: &Api, info: &CrateInfo) -> String {
    fill(README_TEMPLATE, api, info)
}

fn fill(template: &str, api: &Api, info: &CrateInfo) -> String {
    template
        .replace("{{name}}", info.name)
        .replace("{{lib}}", &info.name.replace('-', "_"))
        .replace("{{spec}}", info.spec)
        .replace("{{runtime}}", info.runtime)
        .replace("{{regenerate}}", &single_line(info.regenerate))
        .replace("{{version}}", &crate_version(&api.version))
        .replace("{{spec_version}}", &api.version)
        .replace("{{title}}", &toml_text(&api.title))
}

/// Text safe in a one-line comment: control characters dropped.
fn single_line(text: &str) -> String {
    text.chars().filter(|c| !c.is_control()).collect()
}

/// Text safe inside a TOML basic string (`"..."`).
pub fn toml_text(text: &str) -> String {
    single_line(text).replace('\\', "\\\\").replace('"', "\\\"")
}

/// A valid semver crate version from `info.version`, which often is not one
/// (`2021-09-27`, `v1.0.0`, `2019-12-01-preview`): a plain `X.Y.Z` is kept
/// (a leading `v` dropped); anything else becomes `0.0.0+<text>`, keeping the
/// spec's version readable as build metadata.
pub fn crate_version(spec_version: &str) -> String {
    let trimmed = spec_version.trim().trim_start_matches(['v', 'V']);
    let numbers: Vec<&str> = trimmed.split('.').collect();
    let is_semver_core = numbers.len() == 3
        && numbers
            .iter()
            .all(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()) && (n.len() == 1 || !n.starts_with('0')));
    if is_semver_core {
        return trimmed.to_string();
    }
    let metadata: String = spec_version
        .trim()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '.' || c == '-' { c } else { '-' })
        .collect();
    let metadata: Vec<&str> = metadata.split('.').filter(|p| !p.is_empty()).collect();
    if metadata.is_empty() {
        "0.0.0".to_string()
    } else {
        format!("0.0.0+{}", metadata.join("."))
    }
}

#[cfg(test)]
mod tests {
    use super::crate_version;

    #[test]
    fn versions_are_always_semver() {
        assert_eq!(crate_version("1.2.3"), "1.2.3");
        assert_eq!(crate_version("v1.0.0"), "1.0.0");
        assert_eq!(crate_version("2021-09-27"), "0.0.0+2021-09-27");
        assert_eq!(crate_version("2019-12-01-preview"), "0.0.0+2019-12-01-preview");
        assert_eq!(crate_version("1.0"), "0.0.0+1.0");
        assert_eq!(crate_version("01.2.3"), "0.0.0+01.2.3");
        assert_eq!(crate_version("v2 beta/1"), "0.0.0+v2-beta-1");
        assert_eq!(crate_version(""), "0.0.0");
        assert_eq!(crate_version(".."), "0.0.0");
    }
}
