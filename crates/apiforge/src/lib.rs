//! Generate typed Rust clients and axum servers from OpenAPI specs.
//!
//! ```no_run
//! // build.rs
//! let out = std::path::PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("api.rs");
//! apiforge::Generator::new("specs/api.yaml").build_script(out);
//! ```
//!
//! The generated file is included with
//! `include!(concat!(env!("OUT_DIR"), "/api.rs"));` and needs the
//! `apiforge-runtime` crate (features `client` and/or `server`).
//!
//! Without a build script, [`generate_api!`] expands to the same code in
//! place: `apiforge::generate_api!("specs/api.yaml");`. A crate that uses only
//! the macro can depend on apiforge with `default-features = false`, leaving
//! out the `generator` feature (`Generator` and file writing).

#[cfg(feature = "generator")]
pub mod diff;
#[cfg(feature = "generator")]
mod error;
#[cfg(feature = "generator")]
mod generator;
#[cfg(feature = "generator")]
mod manifest;
#[cfg(feature = "generator")]
mod write;

// The macro lives in `apiforge-macros`, which does not depend on this crate
// (it calls `apiforge-ir` and `apiforge-codegen` directly), so this
// re-export makes no dependency cycle.
pub use apiforge_macros::generate_api;

#[cfg(feature = "generator")]
pub use {
    apiforge_ir::{Formats, Warning},
    error::Error,
    generator::Generator,
    manifest::{crate_version, toml_text, CrateInfo},
    write::{write_files, write_if_changed},
};
