//! What can go wrong while ingesting pages: each error names the page (or
//! overlay), where in it, and what to do.

use std::fmt;
use std::path::PathBuf;

/// One fenced yaml/json block that is not an OpenAPI document, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlockProblem {
    /// The page line of the block's opening fence (1-based).
    pub line: usize,
    pub problem: String,
}

#[derive(Debug)]
pub enum IngestError {
    /// A page or overlay file could not be read.
    Read { path: PathBuf, source: std::io::Error },
    /// The page has neither a fenced yaml/json block nor a Docusaurus `api:` field.
    NoSpec { page: String },
    /// The page has fenced yaml/json blocks, none of them an OpenAPI document.
    NotOpenApi { page: String, blocks: Vec<BlockProblem> },
    /// The page has more than one OpenAPI block (their opening lines).
    SeveralSpecs { page: String, lines: Vec<usize> },
    /// The front-matter `api:` field (at `line`) is not base64.
    Base64 { page: String, line: usize, detail: String },
    /// The base64-decoded `api:` field is not zlib data.
    Zlib { page: String, line: usize, detail: String },
    /// The decompressed `api:` field is not a JSON object.
    ApiJson { page: String, line: usize, detail: String },
    /// The MDX page's `<MethodEndpoint>` element is missing or unusable.
    Endpoint { page: String, problem: String },
    /// The overlay cannot be applied.
    Overlay { overlay: String, location: String, problem: String },
    /// Two pages define the thing at `pointer` differently.
    Conflict { pointer: String, first: String, second: String },
    /// Operations name a security scheme that no page or overlay defines.
    UndefinedSecurityScheme { name: String, used_by: Vec<String> },
    /// The document could not be written as YAML (a bug).
    Render { detail: String },
}

const API_FIELD_HELP: &str = "Docusaurus openapi-docs writes the `api:` field as base64 of zlib-compressed JSON; \
copy the whole field again from the page's source";

impl fmt::Display for IngestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IngestError::Read { path, source } => write!(
                f,
                "cannot read {}: {source}\n  help: check the path and that the file is UTF-8 text",
                path.display()
            ),
            IngestError::NoSpec { page } => write!(
                f,
                "{page}: the page carries no machine-readable OpenAPI document (no fenced yaml or json block, \
no Docusaurus front-matter `api:` field); apiforge does not guess a spec from prose\n  \
help: write the spec by hand from the page, or use a page of the API that embeds its OpenAPI document"
            ),
            IngestError::NotOpenApi { page, blocks } => {
                write!(f, "{page}: none of the fenced yaml/json blocks is an OpenAPI document:")?;
                for block in blocks {
                    write!(f, "\n  block at line {}: {}", block.line, block.problem)?;
                }
                write!(
                    f,
                    "\n  help: an embedded spec is one fenced yaml or json block holding a whole document \
with `openapi`, `info` and `paths` at its top"
                )
            }
            IngestError::SeveralSpecs { page, lines } => {
                let lines: Vec<String> = lines.iter().map(usize::to_string).collect();
                write!(
                    f,
                    "{page}: {} OpenAPI blocks (at lines {}); a page gives one spec\n  \
help: keep one block per page: split the page, or remove the blocks you do not want",
                    lines.len(),
                    lines.join(", ")
                )
            }
            IngestError::Base64 { page, line, detail } => write!(
                f,
                "{page} line {line}: the front-matter `api:` field is not valid base64: {detail}\n  help: {API_FIELD_HELP}"
            ),
            IngestError::Zlib { page, line, detail } => write!(
                f,
                "{page} line {line}: the front-matter `api:` field is base64, but not of zlib-compressed data: {detail}\n  \
help: {API_FIELD_HELP}"
            ),
            IngestError::ApiJson { page, line, detail } => write!(
                f,
                "{page} line {line}: the front-matter `api:` field decompresses, but not to a JSON object: {detail}\n  \
help: {API_FIELD_HELP}"
            ),
            IngestError::Endpoint { page, problem } => write!(
                f,
                "{page}: {problem}\n  help: a Docusaurus openapi-docs page names its operation in \
`<MethodEndpoint method={{\"get\"}} path={{\"/v1/...\"}}>`; restore that element from the page's source"
            ),
            IngestError::Overlay { overlay, location, problem } => write!(
                f,
                "{overlay} at {location}: {problem}\n  help: an overlay is a YAML or JSON mapping holding only \
`openapi`, `info`, `servers` and `components.securitySchemes`"
            ),
            IngestError::Conflict { pointer, first, second } => write!(
                f,
                "{first} and {second} both define {pointer}, differently\n  \
help: make the two definitions equal in the pages, or ingest the pages into separate specs"
            ),
            IngestError::UndefinedSecurityScheme { name, used_by } => write!(
                f,
                "security scheme `{name}` is used by {} but defined nowhere\n  \
help: define it under `components.securitySchemes` in an overlay file (`--overlay FILE`)",
                used_by.join(", ")
            ),
            IngestError::Render { detail } => {
                write!(f, "cannot write the spec as YAML (a bug in apiforge-ingest, please report it): {detail}")
            }
        }
    }
}

impl std::error::Error for IngestError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            IngestError::Read { source, .. } => Some(source),
            _ => None,
        }
    }
}
