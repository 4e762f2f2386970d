//! Merging the documents of several pages of one API into one: `paths`, the
//! path items and the `components` sections are merged entry by entry; any
//! other value must be equal on every page that has it (so identical shared
//! components are kept once), else it is a conflict naming both pages.

use std::collections::HashMap;

use apiforge_ir::diagnostic::pointer_push;
use serde_json::{Map, Value};

use crate::error::IngestError;

/// The merged document, and which page brought each part.
#[derive(Debug, Default)]
pub struct Merged {
    pub document: Map<String, Value>,
    pub origins: Origins,
}

/// Page label by JSON pointer of each entry, at the point it was added.
#[derive(Debug, Default)]
pub struct Origins(HashMap<String, String>);

impl Origins {
    /// The page that brought the value at `pointer` (or the entry holding it).
    pub fn of(&self, pointer: &str) -> Option<&str> {
        let mut pointer = pointer;
        loop {
            if let Some(page) = self.0.get(pointer) {
                return Some(page);
            }
            pointer = &pointer[..pointer.rfind('/')?];
        }
    }
}

/// Merges `(page label, document)` pairs in order; all conflicts are reported.
pub fn merge(documents: Vec<(String, Map<String, Value>)>) -> Result<Merged, Vec<IngestError>> {
    let mut merged = Merged::default();
    let mut conflicts = Vec::new();
    for (page, document) in documents {
        merge_entries(&mut merged.document, document, "#", &page, &mut merged.origins, &mut conflicts);
    }
    if conflicts.is_empty() {
        Ok(merged)
    } else {
        Err(conflicts)
    }
}

fn merge_entries(
    target: &mut Map<String, Value>,
    incoming: Map<String, Value>,
    pointer: &str,
    page: &str,
    origins: &mut Origins,
    conflicts: &mut Vec<IngestError>,
) {
    for (key, value) in incoming {
        let child = pointer_push(pointer, &key);
        match target.get_mut(&key) {
            None => {
                origins.0.insert(child, page.to_string());
                target.insert(key, value);
            }
            Some(Value::Object(existing)) if merged_entry_by_entry(&child) => {
                if let Value::Object(value) = value {
                    merge_entries(existing, value, &child, page, origins, conflicts);
                } else {
                    conflicts.push(conflict(origins, child, page));
                }
            }
            Some(existing) if *existing == value => {}
            Some(_) => conflicts.push(conflict(origins, child, page)),
        }
    }
}

/// `#/paths`, `#/paths/<path>`, `#/components` and `#/components/<section>`.
fn merged_entry_by_entry(pointer: &str) -> bool {
    let segments: Vec<&str> = pointer.split('/').skip(1).collect();
    matches!(segments.as_slice(), ["paths"] | ["paths", _] | ["components"] | ["components", _])
}

fn conflict(origins: &Origins, pointer: String, page: &str) -> IngestError {
    let first = origins.of(&pointer).unwrap_or("an earlier page").to_string();
    IngestError::Conflict { pointer, first, second: page.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn object(value: Value) -> Map<String, Value> {
        value.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn merges_paths_and_components_and_remembers_origins() {
        let a = object(
            json!({"openapi": "3.0.3", "paths": {"/a": {"get": {}}}, "components": {"schemas": {"E": {"type": "object"}}}}),
        );
        let b = object(
            json!({"openapi": "3.0.3", "paths": {"/a": {"post": {}}, "/b": {"get": {}}}, "components": {"schemas": {"E": {"type": "object"}}}}),
        );
        let merged = merge(vec![("a.md".into(), a), ("b.md".into(), b)]).unwrap_or_default();
        assert_eq!(
            Value::Object(merged.document.clone()),
            json!({"openapi": "3.0.3", "paths": {"/a": {"get": {}, "post": {}}, "/b": {"get": {}}}, "components": {"schemas": {"E": {"type": "object"}}}})
        );
        assert_eq!(merged.origins.of("#/paths/~1a/get"), Some("a.md"));
        assert_eq!(merged.origins.of("#/paths/~1a/post/responses"), Some("b.md"));
    }
}
