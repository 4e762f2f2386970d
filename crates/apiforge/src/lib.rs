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

mod error;
mod generator;
mod manifest;
mod write;

pub use error::Error;
pub use generator::Generator;
pub use manifest::crate_version;
pub use write::write_if_changed;
