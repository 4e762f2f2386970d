//! Types of the user's own standing for component schemas: the
//! replacements of [`LowerOptions::replacements`](crate::LowerOptions::replacements)
//! (`Generator::replace("Money", "my_crate::Money")`) and the `x-rust-type`
//! extension. A replaced schema becomes a [`TypeKind::External`](crate::TypeKind::External)
//! whatever it holds: a schema apiforge cannot generate can be replaced.

use std::collections::HashMap;

use openapiv3::{OpenAPI, ReferenceOr};

use crate::diagnostic::{pointer_push, Diagnostic};
use crate::naming::is_rust_path;

/// The extension naming the Rust type a component schema stands for.
const EXTENSION: &str = "x-rust-type";

/// The Rust path of each replaced component schema, by its name: those
/// `replacements` name (first), then those with `x-rust-type`.
pub fn paths(doc: &OpenAPI, replacements: &[(String, String)]) -> Result<HashMap<String, String>, Vec<Diagnostic>> {
    let empty = Default::default();
    let schemas = doc.components.as_ref().map_or(&empty, |c| &c.schemas);
    let mut errors = Vec::new();
    let mut paths = HashMap::new();
    for (name, path) in replacements {
        if !schemas.contains_key(name) {
            errors.push(
                Diagnostic::document(format!("`{name}`, to be replaced by `{path}`, is no component schema"))
                    .with_help("name a schema under `components/schemas`, as the spec spells it"),
            );
        } else if !is_rust_path(path) {
            errors.push(not_a_path(Diagnostic::document(format!(
                "`{path}` (for `{name}`) is not the path of a Rust type"
            ))));
        } else {
            paths.entry(name.clone()).or_insert_with(|| path.clone());
        }
    }
    for (name, schema) in schemas {
        let ReferenceOr::Item(schema) = schema else { continue };
        let Some(given) = schema.schema_data.extensions.get(EXTENSION) else { continue };
        if paths.contains_key(name) {
            continue;
        }
        let at = format!("{}/{EXTENSION}", pointer_push("#/components/schemas", name));
        match given.as_str() {
            Some(path) if is_rust_path(path) => {
                paths.insert(name.clone(), path.to_string());
            }
            Some(path) => {
                errors.push(not_a_path(Diagnostic::at(at, format!("`{path}` is not the path of a Rust type"))))
            }
            None => errors.push(not_a_path(Diagnostic::at(at, "`x-rust-type` is not a string"))),
        }
    }
    if errors.is_empty() {
        Ok(paths)
    } else {
        Err(errors)
    }
}

fn not_a_path(problem: Diagnostic) -> Diagnostic {
    problem.with_help("give a path such as `my_crate::Money` or `crate::money::Money`")
}
