//! Repairs applied to every document before it is read into the 3.0 model,
//! for constructs real specs use that `openapiv3` cannot hold:
//!
//! - `$ref`s to any place in the document (`#/paths/~1a/get/.../schema`,
//!   `#/components/schemas/A/properties/b`) are hoisted: the target is
//!   copied under `components/<section>` and the reference pointed there,
//!   so that lowering only ever follows component references;
//! - a hoisted schema whose `type` is a schema rather than a type name
//!   (`definitions/itemType: {type: {type: string, enum: [...]}}`, as
//!   codat writes them) stands for that inner schema;
//! - JSON Schema boolean schemas (`true`, `false`) become `{}` and
//!   `{not: {}}`;
//! - operations without `responses` (allowed by 3.1) get an empty map;
//! - callbacks are taken out of their operations ([`Repaired::callbacks`]),
//!   read only when webhooks and callbacks are generated, so that one the
//!   model cannot hold does not stop the rest; `mutualTLS` security schemes
//!   are dropped, as HTTP code cannot act on them;
//! - a `$ref` to a response (`#/components/responses/X`) where a schema
//!   is expected (a media type's schema, a property, items, a parameter's
//!   schema, an `allOf` member) means the response's body: it is pointed at
//!   the response's JSON schema (recorded, see below);
//! - a `pattern` written as a number (`pattern: 0`, which YAML reads as
//!   one) is that number's text. This one changes what the spec says, so
//!   it is returned ([`Repaired::changes`]) and reported as a warning by
//!   lowering.

use std::collections::{BTreeMap, HashMap};

use serde_json::{Map, Value};

use crate::diagnostic::{pointer_child, pointer_push};

const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// Where an operation's callbacks wait, during repairs, to be taken out.
const CALLBACKS: &str = "x-apiforge-callbacks";

/// What repairing a document learned that the 3.0 model does not hold.
#[derive(Debug, Default)]
pub struct Repaired {
    /// Repairs that change what the spec says, each where it was made.
    pub changes: Vec<crate::Diagnostic>,
    /// Each operation's callbacks as written, by the operation's pointer
    /// (`#/paths/~1hooks/post`).
    pub callbacks: BTreeMap<String, Map<String, Value>>,
}

pub fn repair(document: &mut Value) -> Repaired {
    inline_path_item_refs(document);
    fill_operations(document);
    drop_mutual_tls(document);
    boolean_schemas(document);
    let mut repairs = Vec::new();
    // Before hoisting, which copies a response's inline schema it points to.
    response_refs_as_schemas(document, &mut repairs);
    // Callbacks are hoisted from too, then taken out.
    hoist_local_refs(document);
    numeric_patterns(document, "#", &mut repairs);
    let changes = repairs.into_iter().map(|(at, message)| crate::Diagnostic::at(at, message)).collect();
    Repaired { changes, callbacks: take_callbacks(document) }
}

fn take_callbacks(document: &mut Value) -> BTreeMap<String, Map<String, Value>> {
    let mut taken = BTreeMap::new();
    let Some(paths) = document.get_mut("paths").and_then(Value::as_object_mut) else { return taken };
    for (path, item) in paths.iter_mut() {
        let Some(item) = item.as_object_mut() else { continue };
        for method in METHODS {
            let Some(op) = item.get_mut(*method).and_then(Value::as_object_mut) else { continue };
            if let Some(Value::Object(callbacks)) = op.shift_remove(CALLBACKS) {
                taken.insert(pointer_push(&pointer_push("#/paths", path), method), callbacks);
            }
        }
    }
    taken
}

/// `pattern: 0` -> `pattern: "0"`: a regular expression is text, and the
/// number's digits are the only reading. `pointer` is where `value` is.
fn numeric_patterns(value: &mut Value, pointer: &str, repairs: &mut Vec<(String, String)>) {
    match value {
        Value::Object(object) => {
            if let Some(pattern @ (Value::Number(_) | Value::Bool(_))) = object.get_mut("pattern") {
                let text = pattern.to_string();
                repairs.push((
                    pointer_child(pointer, "pattern"),
                    format!("`pattern: {text}` is not text; it is read as the regular expression `{text}`"),
                ));
                *pattern = Value::String(text);
            }
            let in_properties = pointer.ends_with("/properties");
            for (key, child) in object.iter_mut().filter(|(key, _)| in_properties || !is_literal_data(key)) {
                numeric_patterns(child, &pointer_push(pointer, key), repairs);
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter_mut().enumerate() {
                numeric_patterns(child, &pointer_child(pointer, &index.to_string()), repairs);
            }
        }
        _ => {}
    }
}

/// Each schema `$ref` to a response becomes a `$ref` to that response's JSON
/// schema: the schema's own `$ref` when it has one, else the schema in
/// place (hoisted into `components/schemas` by [`hoist_local_refs`]). A
/// response without a JSON schema is left for lowering to refuse where it
/// is used.
fn response_refs_as_schemas(document: &mut Value, repairs: &mut Vec<(String, String)>) {
    let mut found = Vec::new();
    visit_refs(document, &mut Vec::new(), &mut |site, reference| {
        if reference.starts_with("#/components/responses/") && section_of(site) == "schemas" {
            found.push((site.to_vec(), reference.to_string()));
        }
    });
    for (site, reference) in found {
        let Some((target, media)) = response_schema(document, &reference) else { continue };
        let at = site.iter().fold("#".to_string(), |pointer, token| pointer_push(&pointer, token));
        if let Some(Value::Object(schema)) = document.pointer_mut(&at[1..]) {
            schema.insert("$ref".to_string(), Value::String(target));
        }
        repairs.push((
            at,
            format!("`$ref: {reference}` names a response where a schema is expected; its `{media}` schema is used"),
        ));
    }
}

/// The reference to the JSON schema of the response `reference` names
/// (through any chain of response references), and its media type.
fn response_schema(document: &Value, reference: &str) -> Option<(String, String)> {
    let mut current = reference.to_string();
    // Bounded: a cycle of response references has no schema.
    for _ in 0..16 {
        let response = document.pointer(&percent_decode(current.strip_prefix('#')?))?;
        if let Some(next) = response.get("$ref").and_then(Value::as_str) {
            current = next.to_string();
            continue;
        }
        let content = response.get("content")?.as_object()?;
        let (media, schema) = content
            .iter()
            .filter(|(media, _)| crate::lower::operation::media_is_json(media))
            .find_map(|(media, m)| Some((media, m.get("schema")?)))?;
        let target = match schema.get("$ref").and_then(Value::as_str) {
            Some(inner) => inner.to_string(),
            None => pointer_child(&pointer_push(&pointer_child(&current, "content"), media), "schema"),
        };
        return Some((target, media.clone()));
    }
    None
}

/// A path item that is `$ref: '#/paths/~1other'` becomes a copy of that
/// item (3.0 has no component section for path items).
fn inline_path_item_refs(document: &mut Value) {
    let Some(paths) = document.get("paths").and_then(Value::as_object) else { return };
    let targets: Vec<(String, Value)> = paths
        .iter()
        .filter_map(|(key, item)| {
            let reference = item.get("$ref")?.as_str()?;
            let target = document.pointer(&percent_decode(reference.strip_prefix('#')?))?;
            (target.get("$ref").is_none()).then(|| (key.clone(), target.clone()))
        })
        .collect();
    if let Some(paths) = document.get_mut("paths").and_then(Value::as_object_mut) {
        for (key, target) in targets {
            paths.insert(key, target);
        }
    }
}

fn fill_operations(document: &mut Value) {
    let Some(paths) = document.get_mut("paths").and_then(Value::as_object_mut) else { return };
    for item in paths.values_mut().filter_map(Value::as_object_mut) {
        for method in METHODS {
            if let Some(op) = item.get_mut(*method).and_then(Value::as_object_mut) {
                op.entry("responses").or_insert_with(|| Value::Object(Map::new()));
                if let Some(callbacks) = op.shift_remove("callbacks") {
                    op.insert(CALLBACKS.into(), callbacks);
                }
            }
        }
    }
}

fn drop_mutual_tls(document: &mut Value) {
    let Some(schemes) = document.pointer_mut("/components/securitySchemes").and_then(Value::as_object_mut) else {
        return;
    };
    let dropped: Vec<String> = schemes
        .iter()
        .filter(|(_, s)| s.get("type").and_then(Value::as_str) == Some("mutualTLS"))
        .map(|(k, _)| k.clone())
        .collect();
    if dropped.is_empty() {
        return;
    }
    for key in &dropped {
        schemes.shift_remove(key);
    }
    let strip = |requirements: &mut Value| {
        if let Some(list) = requirements.as_array_mut() {
            for requirement in list.iter_mut().filter_map(Value::as_object_mut) {
                requirement.retain(|k, _| !dropped.contains(k));
            }
        }
    };
    if let Some(security) = document.get_mut("security") {
        strip(security);
    }
    if let Some(paths) = document.get_mut("paths").and_then(Value::as_object_mut) {
        for item in paths.values_mut().filter_map(Value::as_object_mut) {
            for method in METHODS {
                if let Some(security) = item.get_mut(*method).and_then(|op| op.get_mut("security")) {
                    strip(security);
                }
            }
        }
    }
}

/// `true`/`false` where a schema is expected, in the places they occur.
fn boolean_schemas(document: &mut Value) {
    let as_schema = |v: &mut Value| {
        if let Value::Bool(b) = *v {
            *v = if b { Value::Object(Map::new()) } else { serde_json::json!({ "not": {} }) };
        }
    };
    crate::normalize::visit_objects(document, &mut |object| {
        for key in ["properties", "schemas", "definitions"] {
            if let Some(Value::Object(schemas)) = object.get_mut(key) {
                schemas.values_mut().for_each(as_schema);
            }
        }
        for key in ["items", "not"] {
            if let Some(v) = object.get_mut(key) {
                as_schema(v);
            }
        }
        for key in ["allOf", "anyOf", "oneOf"] {
            if let Some(Value::Array(members)) = object.get_mut(key) {
                members.iter_mut().for_each(as_schema);
            }
        }
    });
}

/// Whether `reference` already names a component (`#/components/<s>/<name>`).
pub(crate) fn is_component_ref(reference: &str) -> bool {
    reference
        .strip_prefix("#/components/")
        .and_then(|rest| rest.split_once('/'))
        .is_some_and(|(_, name)| !name.contains('/'))
}

/// The component section a `$ref` at `site` (a path of keys) stands for.
fn section_of(site: &[String]) -> &'static str {
    let n = site.len();
    let last = site.last().map(String::as_str);
    let parent = n.checked_sub(2).and_then(|i| site.get(i)).map(String::as_str);
    let grandparent = n.checked_sub(3).and_then(|i| site.get(i)).map(String::as_str);
    match (grandparent, parent, last) {
        (Some(g), Some("responses"), Some(_)) if g != "properties" => "responses",
        (Some(g), Some("parameters"), Some(_)) if g != "properties" => "parameters",
        (Some(g), Some("headers"), Some(_)) if g != "properties" => "headers",
        (_, Some(p), Some("requestBody")) if p != "properties" => "requestBodies",
        _ => "schemas",
    }
}

fn hoist_local_refs(document: &mut Value) {
    let mut first = Vec::new();
    collect_refs(document, &mut first);
    if first.is_empty() {
        return;
    }
    let original = document.clone();
    let mut hoisted: HashMap<String, String> = HashMap::new();
    // Hoisted targets can hold local references themselves: repeat, bounded.
    for _ in 0..8 {
        let mut found: Vec<(String, &'static str)> = Vec::new();
        collect_refs(document, &mut found);
        found.retain(|(r, _)| !hoisted.contains_key(r));
        if found.is_empty() {
            break;
        }
        for (reference, section) in found {
            let Some(mut target) = original.pointer(&percent_decode(&reference[1..])).cloned() else {
                // Dangling: left for lowering to report where it is used.
                hoisted.insert(reference.clone(), reference);
                continue;
            };
            if section == "schemas" {
                unwrap_misplaced_type(&mut target);
            }
            let name = unique_name(document, section, &reference);
            let components = document
                .as_object_mut()
                .map(|root| root.entry("components").or_insert_with(|| Value::Object(Map::new())));
            if let Some(Value::Object(components)) = components {
                let entry = components.entry(section).or_insert_with(|| Value::Object(Map::new()));
                if let Value::Object(entries) = entry {
                    entries.insert(name.clone(), target);
                }
            }
            hoisted.insert(reference, format!("#/components/{section}/{}", name.replace('~', "~0").replace('/', "~1")));
        }
        rewrite_refs(document, &hoisted);
    }
}

/// `{type: {<schema>}}` -> `<schema>`: a `type` that is an object is never
/// a type name, and the only reading that gives a schema is the inner one.
fn unwrap_misplaced_type(target: &mut Value) {
    if let Value::Object(object) = target {
        if let (1, Some(inner @ Value::Object(_))) = (object.len(), object.get("type")) {
            *target = inner.clone();
        }
    }
}

/// Values under these keys are data (examples, extensions): a `$ref` inside
/// them is text, not a reference.
fn is_literal_data(key: &str) -> bool {
    key == "example" || key == "examples" || key.starts_with("x-")
}

fn collect_refs(value: &Value, found: &mut Vec<(String, &'static str)>) {
    visit_refs(value, &mut Vec::new(), &mut |site, reference| {
        if reference.starts_with("#/") && !is_component_ref(reference) && !found.iter().any(|(r, _)| r == reference) {
            found.push((reference.to_string(), section_of(site)));
        }
    });
}

/// Calls `visit` with each `$ref` below `value` and its site (the path of
/// keys to the object holding it), outside literal data.
fn visit_refs(value: &Value, site: &mut Vec<String>, visit: &mut impl FnMut(&[String], &str)) {
    match value {
        Value::Object(object) => {
            if let Some(Value::String(reference)) = object.get("$ref") {
                visit(site, reference);
            }
            // Under `properties`, keys are property names, never data.
            let in_properties = site.last().is_some_and(|k| k == "properties");
            for (key, child) in object.iter().filter(|(key, _)| in_properties || !is_literal_data(key)) {
                site.push(key.clone());
                visit_refs(child, site, visit);
                site.pop();
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                site.push(i.to_string());
                visit_refs(child, site, visit);
                site.pop();
            }
        }
        _ => {}
    }
}

fn rewrite_refs(value: &mut Value, hoisted: &HashMap<String, String>) {
    match value {
        Value::Object(object) => {
            if let Some(Value::String(reference)) = object.get_mut("$ref") {
                if let Some(new) = hoisted.get(reference.as_str()) {
                    *reference = new.clone();
                }
            }
            // Rewriting only what `collect_refs` hoisted, a `$ref` in data is
            // left alone unless it equals a hoisted reference exactly.
            object.values_mut().for_each(|v| rewrite_refs(v, hoisted));
        }
        Value::Array(items) => items.iter_mut().for_each(|v| rewrite_refs(v, hoisted)),
        _ => {}
    }
}

/// A component name from the meaningful tokens of a pointer
/// (`#/components/schemas/Order/properties/item` -> `Order_item`).
fn unique_name(document: &Value, section: &str, reference: &str) -> String {
    const STRUCTURAL: &[&str] = &[
        "paths",
        "components",
        "schemas",
        "properties",
        "content",
        "schema",
        "items",
        "responses",
        "parameters",
        "requestBody",
        "requestBodies",
        "allOf",
        "oneOf",
        "anyOf",
        "definitions",
        "additionalProperties",
        "headers",
    ];
    const LISTS: &[&str] = &["allOf", "oneOf", "anyOf", "parameters"];
    let raw: Vec<String> =
        reference[2..].split('/').map(|t| crate::diagnostic::unescape_token(&percent_decode(t))).collect();
    // In a file a split spec refers to: named by the place in the file, or
    // by the file (`owner.json`: `owner`) when it is the whole of it.
    let raw = match raw.as_slice() {
        [files, key] if files == crate::load::FILES => vec![key.clone()],
        [files, _, inside @ ..] if files == crate::load::FILES => inside.to_vec(),
        _ => raw,
    };
    let tokens: Vec<String> = raw
        .iter()
        .enumerate()
        // List indices say nothing; status codes and path names do.
        .filter(|(i, t)| !(t.parse::<u32>().is_ok() && *i > 0 && LISTS.contains(&raw[i - 1].as_str())))
        // Media types say nothing either.
        .filter(|(i, _)| !(*i > 0 && raw[i - 1] == "content"))
        .map(|(_, t)| t.trim_matches('/').replace(['/', '{', '}'], "_"))
        .filter(|t| !t.is_empty() && !STRUCTURAL.contains(&t.as_str()) && !METHODS.contains(&t.as_str()))
        .collect();
    let base = if tokens.is_empty() { "Hoisted".to_string() } else { tokens.join("_") };
    let taken = |name: &str| document.pointer(&format!("/components/{section}/{name}")).is_some();
    if !taken(&base) {
        return base;
    }
    (2..).map(|n| format!("{base}{n}")).find(|name| !taken(name)).unwrap_or(base)
}

pub(crate) fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1).and_then(|b| hex(*b)), bytes.get(i + 2).and_then(|b| hex(*b))) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn refs_into_paths_and_schemas_are_hoisted() {
        let mut doc = json!({
            "paths": {"/a": {"get": {"responses": {
                "200": {"description": "ok", "content": {"application/json": {"schema": {"type": "object", "properties": {"x": {"type": "string"}}}}}},
                "404": {"$ref": "#/paths/~1a/get/responses/200"}
            }}}},
            "components": {"schemas": {
                "Order": {"type": "object", "properties": {"item": {"type": "integer"}}},
                "Copy": {"properties": {"item": {"$ref": "#/components/schemas/Order/properties/item"}}}
            }}
        });
        repair(&mut doc);
        assert_eq!(doc.pointer("/paths/~1a/get/responses/404/$ref"), Some(&json!("#/components/responses/a_200")));
        assert_eq!(doc.pointer("/components/responses/a_200/description"), Some(&json!("ok")));
        assert_eq!(
            doc.pointer("/components/schemas/Copy/properties/item/$ref"),
            Some(&json!("#/components/schemas/Order_item"))
        );
        assert_eq!(doc.pointer("/components/schemas/Order_item"), Some(&json!({"type": "integer"})));
    }

    #[test]
    fn a_hoisted_target_whose_type_is_a_schema_is_that_schema() {
        let mut doc = json!({"components": {"schemas": {
            "Item": {
                "definitions": {"itemType": {"type": {"type": "string", "enum": ["A", "B"]}}},
                "properties": {"kind": {"$ref": "#/components/schemas/Item/definitions/itemType"}}
            }
        }}});
        repair(&mut doc);
        assert_eq!(
            doc.pointer("/components/schemas/Item_itemType"),
            Some(&json!({"type": "string", "enum": ["A", "B"]}))
        );
    }

    #[test]
    fn refs_inside_examples_are_data() {
        let mut doc = json!({"components": {"schemas": {"A": {
            "type": "object",
            "example": {"$ref": "#/not/a/reference"},
            "properties": {"example": {"$ref": "#/components/schemas/B/properties/x"}}
        }, "B": {"properties": {"x": {"type": "string"}}}}}});
        repair(&mut doc);
        assert_eq!(doc.pointer("/components/schemas/A/example/$ref"), Some(&json!("#/not/a/reference")));
        assert_eq!(
            doc.pointer("/components/schemas/A/properties/example/$ref"),
            Some(&json!("#/components/schemas/B_x"))
        );
    }

    #[test]
    fn local_path_item_refs_are_copied() {
        let mut doc = json!({"paths": {
            "/a": {"get": {"responses": {"204": {"description": "none"}}}},
            "/b": {"$ref": "#/paths/~1a"}
        }});
        repair(&mut doc);
        assert_eq!(doc["paths"]["/b"], doc["paths"]["/a"]);
    }

    #[test]
    fn boolean_schemas_missing_responses_and_mutual_tls() {
        let mut doc = json!({
            "security": [{"mtls": []}, {"key": []}],
            "paths": {"/a": {"get": {"callbacks": {}}}},
            "components": {
                "securitySchemes": {"mtls": {"type": "mutualTLS"}, "key": {"type": "apiKey", "in": "header", "name": "k"}},
                "schemas": {"Never": false, "P": {"properties": {"any": true}}}
            }
        });
        let repaired = repair(&mut doc);
        assert_eq!(doc.pointer("/paths/~1a/get"), Some(&json!({"responses": {}})));
        assert_eq!(repaired.callbacks.get("#/paths/~1a/get"), Some(&serde_json::Map::new()));
        assert_eq!(doc["security"], json!([{}, {"key": []}]));
        assert!(doc.pointer("/components/securitySchemes/mtls").is_none());
        assert_eq!(doc.pointer("/components/schemas/Never"), Some(&json!({"not": {}})));
        assert_eq!(doc.pointer("/components/schemas/P/properties/any"), Some(&json!({})));
        // A property named `properties` is a schema, not a map of them.
        let mut named = json!({"properties": {"properties": {"type": "object", "nullable": true}}});
        repair(&mut named);
        assert_eq!(named.pointer("/properties/properties/nullable"), Some(&json!(true)));
    }
}
