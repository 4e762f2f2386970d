//! `apiforge generate SPEC --out DIR`: a complete crate for a spec, written
//! file by file only where the bytes change.

use std::path::{Path, PathBuf};

use apiforge::{CrateInfo, Generator};

/// Write a complete crate (Cargo.toml, README.md, src/lib.rs) for a spec
#[derive(clap::Args)]
#[command(after_help = "Examples:
  apiforge generate specs/vercel.yaml --out vercel-api
  apiforge generate api.yaml --out crates/api --crate-name my-api --client --runtime-version 0.1")]
pub struct Args {
    /// The OpenAPI document (YAML or JSON; OpenAPI 3.0, 3.1 or Swagger 2.0)
    spec: PathBuf,
    /// The crate directory (created if missing)
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// The crate's name [default: the spec file's name and `-api`: vercel.yaml -> vercel-api]
    #[arg(long, value_name = "NAME")]
    crate_name: Option<String>,
    /// Emit the client (with neither --client nor --server, both are emitted)
    #[arg(long)]
    client: bool,
    /// Emit the server (with neither --client nor --server, both are emitted)
    #[arg(long)]
    server: bool,
    /// Depend on apiforge-runtime version V from the registry [default: the
    /// runtime of the checkout this CLI was built from, by path, or this CLI's
    /// version when it was installed from the registry]
    #[arg(long, value_name = "V")]
    runtime_version: Option<String>,
    /// Leave out operations that use unsupported constructs (each reported)
    /// instead of failing
    #[arg(long)]
    skip_unsupported: bool,
    /// Use an existing type for a schema, not a generated one: NAME=PATH
    /// (`Money=my_crate::Money`; NAME is the component schema's name, the
    /// type must serialize as its JSON); repeat for more
    #[arg(long, value_name = "NAME=PATH")]
    replace: Vec<String>,
    /// Derive PATH (`Hash`, `schemars::JsonSchema`) for every generated
    /// schema type too; repeat for more
    #[arg(long, value_name = "PATH")]
    derive: Vec<String>,
    /// Which Rust types string formats are: `chrono` (`date-time` is
    /// `chrono::DateTime<Utc>`, `uuid` is `uuid::Uuid`, ...) or `strings`
    /// (every one a `String`) [default: chrono]
    #[arg(long, value_name = "CHOICE")]
    formats: Option<apiforge_ir::Formats>,
    #[command(flatten)]
    select: crate::select::SelectArgs,
}

pub fn run(args: &Args) -> Result<(), String> {
    let name = match &args.crate_name {
        Some(name) => checked_crate_name(name.clone())?,
        None => default_crate_name(&args.spec)?,
    };
    let both = !args.client && !args.server;
    let generator = Generator::new(&args.spec)
        .client(both || args.client)
        .server(both || args.server)
        .feature_gated(true)
        .skip_unsupported(args.skip_unsupported)
        .tags(args.select.tags.clone())
        .operations(args.select.operations.clone())
        .webhooks(args.select.webhooks)
        .formats(args.formats.unwrap_or_default());
    let mut generator = generator;
    for path in &args.derive {
        generator = generator.derive(path);
    }
    for replacement in &args.replace {
        let (name, path) = replacement
            .split_once('=')
            .ok_or_else(|| format!("--replace {replacement}: expected NAME=PATH, as `Money=my_crate::Money`"))?;
        generator = generator.replace(name.trim(), path.trim());
    }
    let label =
        args.spec.file_name().map_or_else(|| args.spec.display().to_string(), |n| n.to_string_lossy().into_owned());
    let runtime = runtime_dependency(args.runtime_version.as_deref());
    let regenerate = args.command_line();
    let info = CrateInfo { name: &name, spec: &label, runtime: &runtime, regenerate: &regenerate };
    let (files, warnings) = generator.crate_files(&info).map_err(|e| format!("{}: {e}", args.spec.display()))?;
    for warning in &warnings {
        eprintln!("warning: {warning}");
    }
    if let Some(summary) = apiforge::diff::summary_since_head(&args.spec) {
        print!("{summary}");
    }
    let files = files.into_iter().map(|(relative, contents)| (args.out.join(relative), contents));
    let written = apiforge::write_files(files).map_err(|e| e.to_string())?;
    for path in &written {
        println!("wrote {}", path.display());
    }
    if written.is_empty() {
        println!("{} is up to date", args.out.display());
    }
    Ok(())
}

impl Args {
    /// The command that regenerates the crate, for its Cargo.toml and README:
    /// these arguments.
    fn command_line(&self) -> String {
        let mut words = vec!["apiforge".to_string(), "generate".to_string()];
        words.push(shell_word(&self.spec.display().to_string()));
        words.extend(["--out".to_string(), shell_word(&self.out.display().to_string())]);
        if let Some(name) = &self.crate_name {
            words.extend(["--crate-name".to_string(), shell_word(name)]);
        }
        let flags = [
            (self.client, "--client"),
            (self.server, "--server"),
            (self.skip_unsupported, "--skip-unsupported"),
            (self.select.webhooks, "--webhooks"),
        ];
        words.extend(flags.iter().filter(|(on, _)| *on).map(|(_, flag)| flag.to_string()));
        for (flag, value) in self.select.words() {
            words.extend([flag.to_string(), shell_word(value)]);
        }
        for replacement in &self.replace {
            words.extend(["--replace".to_string(), shell_word(replacement)]);
        }
        for path in &self.derive {
            words.extend(["--derive".to_string(), shell_word(path)]);
        }
        if let Some(formats) = self.formats {
            words.extend(["--formats".to_string(), formats.to_string()]);
        }
        if let Some(version) = &self.runtime_version {
            words.extend(["--runtime-version".to_string(), shell_word(version)]);
        }
        words.join(" ")
    }
}

/// `word` as one shell word: single-quoted unless it is plainly safe.
fn shell_word(word: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "-_./:=@%+,".contains(c);
    if !word.is_empty() && word.chars().all(plain) {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}

/// The body of the generated crate's `apiforge-runtime` dependency.
pub(crate) fn runtime_dependency(version: Option<&str>) -> String {
    let cli = Path::new(env!("CARGO_MANIFEST_DIR"));
    runtime_dependency_beside(cli.parent().unwrap_or(cli), version)
}

/// The runtime by path when `crates`, the directory the CLI's sources are
/// in, holds it (a checkout); else (installed from a registry, whose
/// sources have no runtime beside them) the registry's runtime of the CLI's
/// own version: every apiforge crate has the one version.
fn runtime_dependency_beside(crates: &Path, version: Option<&str>) -> String {
    let runtime = crates.join("apiforge-runtime");
    match version {
        Some(version) => format!("version = \"{}\"", apiforge::toml_text(version)),
        None if runtime.join("Cargo.toml").is_file() => {
            format!("path = \"{}\"", apiforge::toml_text(&runtime.display().to_string()))
        }
        None => format!("version = \"{}\"", env!("CARGO_PKG_VERSION")),
    }
}

/// `vercel.yaml` -> `vercel-api`.
fn default_crate_name(spec: &Path) -> Result<String, String> {
    let stem = spec.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let sanitized: String = stem
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '_' { c.to_ascii_lowercase() } else { '-' })
        .collect();
    checked_crate_name(format!("{}-api", sanitized.trim_matches('-')))
        .map_err(|_| format!("cannot make a crate name from the file name `{stem}`; pass --crate-name NAME"))
}

fn checked_crate_name(name: String) -> Result<String, String> {
    let valid_chars = name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if valid_chars && name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        Ok(name)
    } else {
        Err(format!(
            "`{name}` is not a valid crate name; use ASCII letters, digits, `-` and `_`, starting with a letter"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crate_names_come_from_the_spec_file_name() {
        assert_eq!(default_crate_name(Path::new("specs/vercel.yaml")), Ok("vercel-api".to_string()));
        assert_eq!(default_crate_name(Path::new("My API.v2.json")), Ok("my-api-v2-api".to_string()));
        assert!(default_crate_name(Path::new("2024.yaml")).is_err_and(|e| e.contains("pass --crate-name")));
        assert!(checked_crate_name("my crate".into()).is_err());
    }

    #[test]
    fn the_regenerate_command_repeats_the_arguments() {
        use clap::Parser;
        #[derive(Parser)]
        struct Cli {
            #[command(flatten)]
            args: Args,
        }
        let line = |argv: &[&str]| Cli::parse_from(argv).args.command_line();
        assert_eq!(line(&["x", "api.yaml", "--out", "api"]), "apiforge generate api.yaml --out api");
        let unusual =
            ["x", "my specs/api.yaml", "--out", "it's", "--server", "--crate-name", "n", "--runtime-version", "0.1"];
        assert_eq!(
            line(&unusual),
            "apiforge generate 'my specs/api.yaml' --out 'it'\\''s' --crate-name n --server --runtime-version 0.1"
        );
        let types = ["x", "api.yaml", "--out", "api", "--replace", "Money=my::Money", "--derive", "Hash"];
        assert_eq!(line(&types), "apiforge generate api.yaml --out api --replace Money=my::Money --derive Hash");
    }

    #[test]
    fn the_runtime_is_this_checkout_or_a_registry_version() {
        assert!(runtime_dependency(None).ends_with("crates/apiforge-runtime\""), "{}", runtime_dependency(None));
        assert_eq!(runtime_dependency(Some("0.1")), "version = \"0.1\"");
        let installed = tempfile::tempdir().unwrap();
        let expected = format!("version = \"{}\"", env!("CARGO_PKG_VERSION"));
        assert_eq!(runtime_dependency_beside(installed.path(), None), expected);
    }
}
