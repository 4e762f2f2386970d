//! Security schemes that operations name but no page or overlay defines.

use apiforge_ir::diagnostic::pointer_push;
use serde_json::{Map, Value};

use crate::error::IngestError;
use crate::merge::Origins;
use crate::HTTP_METHODS;

/// One error per undefined scheme, naming every operation that uses it.
pub fn undefined_schemes(document: &Map<String, Value>, origins: &Origins) -> Vec<IngestError> {
    let defined = document.get("components").and_then(|c| c.get("securitySchemes")).and_then(Value::as_object);
    let mut undefined: Vec<(String, Vec<String>)> = Vec::new();
    for (user, pointer, requirements) in users(document) {
        let used_by = match origins.of(&pointer) {
            Some(page) => format!("{user} ({page})"),
            None => user,
        };
        for name in requirements.iter().filter_map(Value::as_object).flat_map(Map::keys) {
            if defined.is_some_and(|d| d.contains_key(name)) {
                continue;
            }
            match undefined.iter_mut().find(|(known, _)| known == name) {
                Some((_, list)) => list.push(used_by.clone()),
                None => undefined.push((name.clone(), vec![used_by.clone()])),
            }
        }
    }
    undefined.into_iter().map(|(name, used_by)| IngestError::UndefinedSecurityScheme { name, used_by }).collect()
}

/// Who has a `security` list: the document's default and each operation,
/// as (description, pointer, requirements).
fn users(document: &Map<String, Value>) -> Vec<(String, String, &Vec<Value>)> {
    let mut users = Vec::new();
    if let Some(Value::Array(requirements)) = document.get("security") {
        users.push(("the document's default `security`".to_string(), "#/security".to_string(), requirements));
    }
    let paths = document.get("paths").and_then(Value::as_object).into_iter().flatten();
    for (path, item) in paths {
        for method in HTTP_METHODS {
            if let Some(Value::Array(requirements)) = item.get(*method).and_then(|op| op.get("security")) {
                let pointer = pointer_push(&pointer_push("#/paths", path), method);
                users.push((format!("{} {path}", method.to_ascii_uppercase()), pointer, requirements));
            }
        }
    }
    users
}
