//! Spec files from API documentation pages that embed their OpenAPI
//! document: Markdown with a fenced `yaml`/`json` block (taken as is), and
//! Docusaurus openapi-docs MDX, whose front-matter `api:` field is base64 of
//! zlib-compressed JSON of the operation and whose `<MethodEndpoint>` names
//! its method and path.
//!
//! ```no_run
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let page = apiforge_ingest::Source::read("docs/delete-token.mdx".as_ref())?;
//! let overlay = apiforge_ingest::Source::read("docs/base.yaml".as_ref())?;
//! match apiforge_ingest::ingest(&[page], Some(&overlay)) {
//!     Ok(document) => print!("{}", apiforge_ingest::to_yaml(&document, "Ingested from delete-token.mdx")?),
//!     Err(errors) => errors.iter().for_each(|e| eprintln!("error: {e}")),
//! }
//! # Ok(())
//! # }
//! ```
//!
//! Several pages of one API merge into one document (paths merged, equal
//! components kept once, differences reported naming both pages); an
//! overlay supplies `openapi`, `info`, `servers` and
//! `components.securitySchemes`; security schemes that operations use but
//! nothing defines are reported.

mod api_field;
mod docusaurus;
mod error;
mod fence;
mod markdown;
mod merge;
mod overlay;
mod render;
mod security;

use std::path::Path;

use serde_json::{Map, Value};

pub use docusaurus::ASSUMED_OPENAPI_VERSION;
pub use error::{BlockProblem, IngestError};
pub use render::to_yaml;

const HTTP_METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// A page or overlay: its text, and the label errors name it by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub label: String,
    pub text: String,
}

impl Source {
    pub fn new(label: impl Into<String>, text: impl Into<String>) -> Source {
        Source { label: label.into(), text: text.into() }
    }

    /// Reads a file; its label is the path as given.
    pub fn read(path: &Path) -> Result<Source, IngestError> {
        let text =
            std::fs::read_to_string(path).map_err(|source| IngestError::Read { path: path.to_path_buf(), source })?;
        Ok(Source::new(path.display().to_string(), text))
    }
}

/// The OpenAPI document embedded in one page.
pub fn page_document(page: &Source) -> Result<Map<String, Value>, IngestError> {
    match docusaurus::document(page)? {
        Some(document) => Ok(document),
        None => markdown::embedded_document(page),
    }
}

/// One document from `pages` (merged in order) and an optional overlay.
/// Problems are found in stages (each page alone, then the merge, the
/// overlay, and security schemes nothing defines); every problem of the
/// first stage that has any is returned.
pub fn ingest(pages: &[Source], overlay: Option<&Source>) -> Result<Map<String, Value>, Vec<IngestError>> {
    let mut documents = Vec::new();
    let mut errors = Vec::new();
    for page in pages {
        match page_document(page) {
            Ok(document) => documents.push((page.label.clone(), document)),
            Err(e) => errors.push(e),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut merged = merge::merge(documents)?;
    if let Some(overlay) = overlay {
        overlay::apply(&mut merged.document, overlay).map_err(|e| vec![e])?;
    }
    let undefined = security::undefined_schemes(&merged.document, &merged.origins);
    if undefined.is_empty() {
        Ok(merged.document)
    } else {
        Err(undefined)
    }
}
