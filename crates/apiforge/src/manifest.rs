//! The generated crate's Cargo.toml and README, from `crates/apiforge/templates/`.

use apiforge_codegen::Parts;
use apiforge_ir::Api;

const CARGO_TEMPLATE: &str = include_str!("../templates/Cargo.toml.tmpl");
const README_TEMPLATE: &str = include_str!("../templates/README.md.tmpl");

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

/// The crate's `Cargo.toml`: its features and description are the parts
/// generated, so a client-only crate does not build the server's
/// dependencies.
pub fn cargo_toml(api: &Api, info: &CrateInfo, parts: &Parts) -> String {
    fill(CARGO_TEMPLATE, api, info, parts)
}

pub fn readme(api: &Api, info: &CrateInfo, parts: &Parts) -> String {
    fill(README_TEMPLATE, api, info, parts)
}

/// The generated parts, each with its feature's table line and its README line.
fn generated_parts(parts: &Parts) -> Vec<(&'static str, &'static str, &'static str)> {
    let all = [
        (parts.client, "client", "client = [\"apiforge-runtime/client\"]", "- `client` feature: `{{lib}}::Client`, one async method per operation."),
        (
            parts.server,
            "server",
            "server = [\"apiforge-runtime/server\"]",
            "- `server` feature: `{{lib}}::server::Api`, a trait with one method per operation, and\n  `{{lib}}::server::router`.",
        ),
    ];
    all.into_iter().filter(|(on, ..)| *on).map(|(_, name, feature, readme)| (name, feature, readme)).collect()
}

fn fill(template: &str, api: &Api, info: &CrateInfo, parts: &Parts) -> String {
    let generated = generated_parts(parts);
    let names: Vec<&str> = generated.iter().map(|(name, ..)| *name).collect();
    let described = match names.as_slice() {
        ["client", "server"] => "client and axum server",
        ["client"] => "client",
        ["server"] => "axum server",
        _ => "types",
    };
    let default: Vec<String> = names.iter().map(|name| format!("\"{name}\"")).collect();
    let mut features = format!("default = [{}]", default.join(", "));
    for (_, feature, _) in &generated {
        features.push('\n');
        features.push_str(feature);
    }
    let mut feature_list: Vec<&str> = generated.iter().map(|(.., readme)| *readme).collect();
    // Off by default: only users of reqwest-middleware build it.
    if parts.client {
        features.push_str("\nmiddleware = [\"client\", \"apiforge-runtime/middleware\"]");
        feature_list
            .push("- `middleware` feature: `Client::with_middleware`, sending through a `reqwest_middleware` client.");
    }
    template
        .replace("{{features}}", &features)
        .replace("{{feature_list}}", &feature_list.join("\n"))
        .replace("{{parts}}", described)
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
    use apiforge_codegen::Parts;

    use super::{cargo_toml, crate_version, CrateInfo};

    #[test]
    fn a_client_only_crate_has_only_the_client_feature() {
        let api = apiforge_ir::build_str(
            "openapi: 3.0.3\ninfo: {title: Notes, version: 1.0.0}\npaths: {}\n",
            &Default::default(),
        )
        .unwrap()
        .api;
        let info =
            CrateInfo { name: "notes-api", spec: "notes.yaml", runtime: "version = \"0.1\"", regenerate: "apiforge" };
        let client_only = cargo_toml(&api, &info, &Parts { server: false, feature_gated: true, ..Parts::default() });
        assert!(
            client_only.contains("description = \"Typed client for Notes, generated by apiforge\""),
            "{client_only}"
        );
        assert!(
            client_only.contains(
                "default = [\"client\"]\nclient = [\"apiforge-runtime/client\"]\n\
                 middleware = [\"client\", \"apiforge-runtime/middleware\"]\n\n"
            ),
            "{client_only}"
        );
        assert!(!client_only.contains("server"), "{client_only}");
        let both = cargo_toml(&api, &info, &Parts { feature_gated: true, ..Parts::default() });
        assert!(both.contains("default = [\"client\", \"server\"]"), "{both}");
        let server_only = cargo_toml(&api, &info, &Parts { client: false, feature_gated: true, ..Parts::default() });
        assert!(!server_only.contains("middleware"), "{server_only}");
    }

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
