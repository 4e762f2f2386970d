//! The `Generator` builder shared by build scripts, xtask and the CLI.

use std::path::{Path, PathBuf};

use apiforge_codegen::Options;
use apiforge_ir::{Diagnostic, Formats, Warning};

use crate::manifest::{self, CrateInfo};
use crate::{write_if_changed, Error};

/// Generates Rust code for one spec.
#[derive(Debug, Clone)]
pub struct Generator {
    spec: PathBuf,
    options: Options,
    /// A derive asked for that is not a path, reported when generating.
    bad_derive: Option<Diagnostic>,
}

/// Files of a generated crate, by path relative to the crate directory.
pub type CrateFiles = Vec<(PathBuf, String)>;

impl Generator {
    /// A generator for the spec at `spec` (YAML or JSON), emitting types,
    /// client and server.
    pub fn new(spec: impl Into<PathBuf>) -> Generator {
        Generator { spec: spec.into(), options: Options::default(), bad_derive: None }
    }

    /// Whether to emit the client (default: yes).
    pub fn client(mut self, yes: bool) -> Generator {
        self.options.parts.client = yes;
        self
    }

    /// Whether to emit the server (default: yes).
    pub fn server(mut self, yes: bool) -> Generator {
        self.options.parts.server = yes;
        self
    }

    /// Put the client and server behind cargo features `client` and `server`.
    pub fn feature_gated(mut self, yes: bool) -> Generator {
        self.options.parts.feature_gated = yes;
        self
    }

    /// Leave out operations that use unsupported constructs, with a warning,
    /// instead of failing.
    pub fn skip_unsupported(mut self, yes: bool) -> Generator {
        self.options.lower.skip_unsupported = yes;
        self
    }

    /// Generate only the operations with one of these tags (and those
    /// [`Self::operations`] chooses), and the types they use. A tag that
    /// matches no operation is an error naming the closest ones.
    pub fn tags<S: Into<String>>(mut self, tags: impl IntoIterator<Item = S>) -> Generator {
        self.options.lower.selection.tags.extend(tags.into_iter().map(Into::into));
        self
    }

    /// Generate only the operations whose operationId or `METHOD /path`
    /// matches one of these globs (`repos/*`, `DELETE /v1/tokens/*`), and
    /// the types they use.
    pub fn operations<S: Into<String>>(mut self, patterns: impl IntoIterator<Item = S>) -> Generator {
        self.options.lower.selection.operations.extend(patterns.into_iter().map(Into::into));
        self
    }

    /// Also generate the spec's webhooks (3.1 `webhooks`, or `x-webhooks`)
    /// and operations' callbacks: modules `webhook_sender` (a client that
    /// posts each event to a URL given at run time) and `webhook_receiver`
    /// (a trait and router), and the types they use.
    pub fn webhooks(mut self, yes: bool) -> Generator {
        self.options.lower.selection.webhooks = yes;
        self
    }

    /// Declares how the operation `operation_id` is paginated, in the shape
    /// of the `x-pagination` extension, as YAML: `"false"` turns detection
    /// off for it, `"{style: cursor, cursor: /meta/next, param: after}"`
    /// says what detection missed. It comes before the spec's own.
    pub fn pagination(mut self, operation_id: &str, declaration: &str) -> Generator {
        self.options.pagination(operation_id, declaration);
        self
    }

    /// Use the type at `path` (`my_crate::Money`, `crate::money::Money`)
    /// for the schema `name` (a component schema's name, or the generated
    /// type's): it is not generated, and it must serialize as the schema's
    /// JSON. The spec can say the same with `x-rust-type: my_crate::Money`.
    pub fn replace(mut self, name: &str, path: &str) -> Generator {
        self.options.replace(name, path);
        self
    }

    /// Derive `path` (`Hash`, `schemars::JsonSchema`) for every generated
    /// schema type too; a type that derives it already is left as it is.
    pub fn derive(mut self, path: &str) -> Generator {
        if let Err(problem) = self.options.derive(path) {
            self.bad_derive = self.bad_derive.or(Some(problem));
        }
        self
    }

    /// Which Rust types string formats are (default: [`Formats::Chrono`],
    /// `chrono::DateTime<Utc>`, `uuid::Uuid`, ...; [`Formats::Strings`]
    /// keeps every one a `String`).
    pub fn formats(mut self, formats: Formats) -> Generator {
        self.options.lower.formats = formats;
        self
    }

    pub fn spec(&self) -> &Path {
        &self.spec
    }

    /// The IR, and the warnings (operations left out, constructs repaired),
    /// each naming the spec file as errors do.
    /// The API, its warnings and the files read (the spec and those its
    /// `$ref`s name).
    fn lower(&self) -> Result<(apiforge_ir::Api, Vec<Warning>, Vec<PathBuf>), Error> {
        if let Some(problem) = &self.bad_derive {
            return Err(Error::Spec(vec![problem.clone()]));
        }
        let (lowered, files) = apiforge_ir::build_files(&self.spec, &self.options.lower).map_err(Error::Spec)?;
        let warnings = lowered.warnings.into_iter().map(|w| w.in_file(&self.spec)).collect();
        Ok((lowered.api, warnings, files))
    }

    /// The generated code as source text, with any warnings.
    pub fn generate_string(&self) -> Result<(String, Vec<Warning>), Error> {
        let (api, warnings, _) = self.lower()?;
        Ok((self.render(&api)?, warnings))
    }

    fn render(&self, api: &apiforge_ir::Api) -> Result<String, Error> {
        let header = format!(
            "Generated by apiforge from {}; do not edit.",
            self.spec.file_name().map_or_else(|| self.spec.display().to_string(), |n| n.to_string_lossy().into_owned())
        );
        apiforge_codegen::render(api, &self.options.parts, &header).map_err(Error::InvalidCode)
    }

    /// Writes the code to `path` if it changed; returns whether it wrote.
    pub fn generate_to_file(&self, path: impl AsRef<Path>) -> Result<bool, Error> {
        let (code, _) = self.generate_string()?;
        write_if_changed(path.as_ref(), &code)
    }

    /// For build scripts: generates into `path`, tells cargo to rerun when the
    /// spec changes, and on a spec error prints every located problem and
    /// exits with a failure instead of panicking with a backtrace.
    pub fn build_script(&self, path: impl AsRef<Path>) {
        println!("cargo:rerun-if-changed={}", self.spec.display());
        match self.lower().and_then(|(api, warnings, files)| {
            // The spec is named above, whether it loads or not.
            for file in &files[1..] {
                println!("cargo:rerun-if-changed={}", file.display());
            }
            for w in &warnings {
                println!("cargo:warning=apiforge: {w}");
            }
            write_if_changed(path.as_ref(), &self.render(&api)?)
        }) {
            Ok(_) => {}
            Err(e) => {
                eprintln!("apiforge: {e}");
                std::process::exit(1);
            }
        }
    }

    /// The files of a complete crate (Cargo.toml, README.md, src/lib.rs)
    /// described by `info`, with any warnings (operations left out).
    pub fn crate_files(&self, info: &CrateInfo) -> Result<(CrateFiles, Vec<Warning>), Error> {
        let (api, warnings, _) = self.lower()?;
        // A crate is kept in a workspace, where `cargo fmt` must leave it as
        // regenerating writes it.
        let mut crate_generator = self.clone();
        crate_generator.options.parts.skip_rustfmt = true;
        let files = vec![
            (PathBuf::from("Cargo.toml"), manifest::cargo_toml(&api, info, &self.options.parts)),
            (PathBuf::from("README.md"), manifest::readme(&api, info, &self.options.parts)),
            (PathBuf::from("src/lib.rs"), crate_generator.render(&api)?),
        ];
        Ok((files, warnings))
    }
}
