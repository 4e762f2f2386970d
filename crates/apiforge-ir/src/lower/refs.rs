//! `$ref` resolution for components (schemas, parameters, responses, request
//! bodies, headers), following chains of references and refusing cycles.

use indexmap::IndexMap;
use openapiv3::ReferenceOr;

use crate::diagnostic::{pointer_child, pointer_push, Diagnostic};

/// A resolved component: the object, its name and where it is defined.
pub struct Resolved<'a, T> {
    pub item: &'a T,
    pub name: String,
    pub pointer: String,
}

/// The component name in `#/components/<section>/<name>`, unescaped.
pub fn component_name(reference: &str, section: &str, at: &str) -> Result<String, Diagnostic> {
    let name = reference
        .strip_prefix("#/components/")
        .and_then(|rest| rest.strip_prefix(section))
        .and_then(|rest| rest.strip_prefix('/'));
    match name {
        Some(name) if !name.contains('/') && !name.contains('~') => Ok(name.to_string()),
        Some(name) if !name.contains('/') => Ok(crate::diagnostic::unescape_token(name)),
        _ if !reference.starts_with('#') => Err(Diagnostic::at(
            at,
            format!("`$ref: {reference}` points outside this document, which was given as text, with no file to be relative to"),
        )
        .with_help("load the spec from its file (`load_file`, `build`), which reads the files it refers to")),
        _ => Err(Diagnostic::at(at, format!("`$ref: {reference}` must point to `#/components/{section}/<name>` here"))
            .with_help(format!("move the target under `components/{section}` and reference it there"))),
    }
}

/// Follows `reference` (and any chain of references behind it) to an item.
pub fn resolve<'a, T>(
    components: Option<&'a IndexMap<String, ReferenceOr<T>>>,
    section: &str,
    reference: &str,
    at: &str,
) -> Result<Resolved<'a, T>, Diagnostic> {
    let mut seen: Vec<String> = Vec::new();
    let mut current = reference.to_string();
    loop {
        let name = component_name(&current, section, at)?;
        let pointer = pointer_push(&pointer_child("#/components", section), &name);
        if seen.contains(&pointer) {
            return Err(Diagnostic::at(
                at,
                format!("`$ref` cycle with no {section} in it: {} -> {pointer}", seen.join(" -> ")),
            )
            .with_help("make one of the references in the cycle an actual definition"));
        }
        let Some(entry) = components.and_then(|c| c.get(&name)) else {
            return Err(Diagnostic::at(at, format!("`$ref: {current}` points to nothing"))
                .with_help(format!("define `{name}` under `components/{section}`, or fix the reference")));
        };
        seen.push(pointer.clone());
        match entry {
            ReferenceOr::Item(item) => return Ok(Resolved { item, name, pointer }),
            ReferenceOr::Reference { reference } => current = reference.clone(),
        }
    }
}

/// The item of a `ReferenceOr`, resolved through `section` if it is a reference.
pub fn item_or_resolve<'a, T>(
    value: &'a ReferenceOr<T>,
    components: Option<&'a IndexMap<String, ReferenceOr<T>>>,
    section: &str,
    at: &str,
) -> Result<Resolved<'a, T>, Diagnostic> {
    match value {
        ReferenceOr::Item(item) => Ok(Resolved { item, name: String::new(), pointer: at.to_string() }),
        ReferenceOr::Reference { reference } => resolve(components, section, reference, at),
    }
}
