//! What a front end chooses: how the spec is lowered and what is emitted.
//! `apiforge::Generator` (and the CLI through it) and `generate_api!` build
//! this one type, so that each offers the same choices.

use apiforge_ir::{Diagnostic, LowerOptions};

use crate::{Derive, Parts};

#[derive(Debug, Clone, Default)]
pub struct Options {
    pub lower: LowerOptions,
    pub parts: Parts,
}

impl Options {
    /// Declares how `operation_id` is paginated, as YAML in the shape of
    /// the `x-pagination` extension.
    pub fn pagination(&mut self, operation_id: &str, declaration: &str) {
        self.lower.pagination.push((operation_id.to_string(), declaration.to_string()));
    }

    /// Uses the type at `path` for the schema `name`.
    pub fn replace(&mut self, name: &str, path: &str) {
        self.lower.replacements.push((name.to_string(), path.to_string()));
    }

    /// Derives `path` for every generated schema type too; an error when
    /// it is not a path.
    pub fn derive(&mut self, path: &str) -> Result<(), Diagnostic> {
        self.parts.derives.push(Derive::new(path)?);
        Ok(())
    }
}
