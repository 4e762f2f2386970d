//! What changed between two versions of a spec, as API changes: each change
//! to an operation, parameter, body, response, type, enum, constraint or
//! security requirement, classified as breaking or not for each side of the
//! generated code.
//!
//! The specs are compared through the IR, so `$ref` layout, key order and
//! component names make no change: only what reaches the wire does.
//!
//! A change breaks **clients** when a call that worked may now fail, or the
//! caller must send or handle something new; it breaks **servers** when a
//! handler must produce or accept something new. Every rule follows from who
//! sends a value: a promise made tighter (a required field, a new
//! `maxLength`, an enum value removed) breaks the side that sends it, and a
//! promise made looser (a new enum value, a field no longer required) breaks
//! the side that reads it. Requests are sent by clients and responses by
//! servers. Removing or renaming something both sides use breaks both.

mod compare;
mod record;
mod render;
mod shape;

use apiforge_ir::Api;
use serde::Serialize;

pub use render::Format;

/// One API change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// What changed, as a stable identifier (`operation-removed`,
    /// `parameter-required`, `enum-value-added`...).
    pub kind: &'static str,
    /// The operation it is seen from: `GET /things/{id}` (`getThing`).
    pub operation: String,
    /// Where, as a JSON pointer into the new spec (the old one for what was
    /// removed).
    pub location: String,
    pub breaking_for_clients: bool,
    pub breaking_for_servers: bool,
    pub message: String,
    /// Whether a generated Rust item changes in a way code using it may not
    /// compile against (a field's type loses its `Option`, an enum gains a
    /// variant), even where the wire contract still holds.
    #[serde(skip)]
    pub changes_rust_api: bool,
}

impl Change {
    pub fn is_breaking(&self) -> bool {
        self.breaking_for_clients || self.breaking_for_servers
    }
}

/// The semver bump the generated crate needs for a set of changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Semver {
    Patch,
    Minor,
    Major,
}

/// Every change between two APIs, in the order of the new spec's
/// operations (removed ones last).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    pub changes: Vec<Change>,
    pub semver: Semver,
}

impl Report {
    pub fn breaks_clients(&self) -> bool {
        self.changes.iter().any(|c| c.breaking_for_clients)
    }

    pub fn breaks_servers(&self) -> bool {
        self.changes.iter().any(|c| c.breaking_for_servers)
    }

    /// The report as text, Markdown or JSON.
    pub fn render(&self, format: Format) -> String {
        render::render(self, format)
    }
}

/// Compares two lowered APIs.
pub fn diff(old: &Api, new: &Api) -> Report {
    let changes = compare::changes(old, new);
    let semver = if changes.iter().any(|c| c.is_breaking() || c.changes_rust_api) {
        Semver::Major
    } else if changes.is_empty() {
        Semver::Patch
    } else {
        Semver::Minor
    };
    Report { changes, semver }
}
