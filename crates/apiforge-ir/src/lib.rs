//! apiforge's front half: OpenAPI documents in, a plain IR out.
//!
//! The pipeline, each stage a module:
//!
//! ```text
//! text ─ load ─> Loaded ─ lower ─> Api ─ passes ─> Lowered
//!        │                  │                 select, merge, recursion,
//!        │                  │                 checks, pagination, webhooks
//!        │                  └ schemas, operations, security, names
//!        └ parse (YAML/JSON), bundle files, Swagger 2.0 -> 3.0,
//!          3.1 -> 3.0 (normalize), repair
//! ```
//!
//! [`load_file`]/[`load_str`] read a document (YAML or JSON, OpenAPI 3.0 or
//! 3.1, Swagger 2.0) into a [`Loaded`]: the document in `openapiv3`'s
//! model and what reading it learned besides (the files read, the
//! repairs made, the callbacks). [`lower`] resolves, names and checks it
//! into the [`Api`] the emitters read. [`build`] does both.

mod case;
pub mod diagnostic;
mod load;
pub(crate) mod lower;
mod memo;
pub mod model;
pub mod naming;
mod normalize;
mod passes;
mod repair;
mod replace;
mod swagger2;

use std::path::{Path, PathBuf};

pub use diagnostic::{Diagnostic, Location};
pub use load::{load_file, load_str, parse_value, Loaded};
pub use lower::{lower, LowerOptions, Lowered, Warning};
pub use model::*;
pub use passes::select::{self, Selection};

/// Loads and lowers a spec file. All problems are returned, each with the
/// file, its location and a hint.
pub fn build(path: &Path, options: &LowerOptions) -> Result<Lowered, Vec<Diagnostic>> {
    build_files(path, options).map(|(lowered, _)| lowered)
}

/// [`build`], with every file read (the spec, then the files its `$ref`s
/// name; see [`load_file`]).
pub fn build_files(path: &Path, options: &LowerOptions) -> Result<(Lowered, Vec<PathBuf>), Vec<Diagnostic>> {
    let loaded = load_file(path).map_err(|d| vec![d])?;
    let lowered =
        lower(&loaded, options).map_err(|errors| errors.into_iter().map(|d| d.in_file(path)).collect::<Vec<_>>())?;
    Ok((lowered, loaded.files))
}

/// Loads and lowers a spec given as text.
pub fn build_str(text: &str, options: &LowerOptions) -> Result<Lowered, Vec<Diagnostic>> {
    let loaded = load_str(text).map_err(|d| vec![d])?;
    lower(&loaded, options)
}
