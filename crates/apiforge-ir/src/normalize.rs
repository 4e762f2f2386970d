//! Brings an OpenAPI 3.1 document into the 3.0 model that `openapiv3` reads,
//! so that everything after loading sees one model.
//!
//! The rewrite works on JSON values before deserialization. In schema
//! objects: `type: [T, "null"]` becomes `type: T` + `nullable: true`, `const`
//! becomes a one-value `enum`, `examples` becomes `example`, and numeric
//! `exclusiveMinimum`/`exclusiveMaximum` become the 3.0 boolean form, and
//! `unevaluatedProperties` beside no composition is `additionalProperties`.
//! `webhooks` moves to `x-webhooks`, the extension 3.0 specs write them in;
//! `$schema` and `jsonSchemaDialect` are dropped.

use serde_json::{Map, Value};

pub fn to_openapi_30(document: &mut Value) {
    let Some(root) = document.as_object_mut() else { return };
    let is_31 = root.get("openapi").and_then(Value::as_str).is_some_and(|v| v.starts_with("3.1"));
    if !is_31 {
        return;
    }
    root.insert("openapi".into(), Value::String("3.0.3".into()));
    root.shift_remove("jsonSchemaDialect");
    // 3.1 makes `paths` optional.
    root.entry("paths").or_insert_with(|| Value::Object(Map::new()));
    walk(document);
    // The files a split spec refers to are schemas too, though under an
    // extension (see `load::FILES`).
    if let Some(files) = document.get_mut(crate::load::FILES) {
        walk(files);
    }
    // After the walk, which leaves `x-` extensions alone as data.
    if let Some(root) = document.as_object_mut() {
        if let Some(webhooks) = root.shift_remove("webhooks") {
            root.entry("x-webhooks").or_insert(webhooks);
        }
    }
}

fn walk(value: &mut Value) {
    visit_objects(value, &mut rewrite_schema_keywords);
}

/// Keys whose value maps user-chosen names to schemas: such a map is not a
/// schema itself, even when a property is named `type` or `const`.
const NAME_MAPS: &[&str] = &["properties", "patternProperties", "definitions", "$defs", "schemas"];

/// Calls `f` on every object in `value` except name maps, parents first.
pub(crate) fn visit_objects(value: &mut Value, f: &mut impl FnMut(&mut Map<String, Value>)) {
    visit(value, false, f);
}

fn visit(value: &mut Value, name_map: bool, f: &mut impl FnMut(&mut Map<String, Value>)) {
    match value {
        Value::Object(object) => {
            if !name_map {
                f(object);
            }
            for (key, child) in object.iter_mut() {
                // Examples, defaults, enum values and extensions are data:
                // an object in them is not a schema, whatever its keys.
                if !name_map && is_data(key) {
                    continue;
                }
                visit(child, !name_map && NAME_MAPS.contains(&key.as_str()), f);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|item| visit(item, false, f)),
        _ => {}
    }
}

fn is_data(keyword: &str) -> bool {
    matches!(keyword, "example" | "examples" | "default" | "enum" | "const") || keyword.starts_with("x-")
}

fn rewrite_schema_keywords(object: &mut Map<String, Value>) {
    object.shift_remove("$schema");
    if let Some(Value::Array(types)) = object.get("type") {
        let non_null: Vec<Value> = types.iter().filter(|t| t.as_str() != Some("null")).cloned().collect();
        let nullable = non_null.len() != types.len();
        match non_null.as_slice() {
            [single] => {
                object.insert("type".into(), single.clone());
            }
            [] => {
                object.shift_remove("type");
            }
            several => {
                // `type: [string, integer]` has no 3.0 form but `anyOf`.
                let alternatives = several.iter().map(|t| serde_json::json!({ "type": t })).collect();
                object.shift_remove("type");
                object.insert("anyOf".into(), Value::Array(alternatives));
            }
        }
        if nullable {
            object.insert("nullable".into(), Value::Bool(true));
        }
    }
    if let Some(constant) = object.shift_remove("const") {
        object.insert("enum".into(), Value::Array(vec![constant]));
    }
    if let Some(Value::Array(mut examples)) = object.get("examples").cloned() {
        // In a schema, 3.1 `examples` is a list; media types keep their map.
        if !examples.is_empty() {
            object.shift_remove("examples");
            object.entry("example").or_insert_with(|| examples.swap_remove(0));
        }
    }
    // Beside no other schema to evaluate properties, `unevaluatedProperties`
    // says what `additionalProperties` does.
    let composed = ["allOf", "anyOf", "oneOf", "$ref", "additionalProperties", "patternProperties", "if"];
    if !composed.iter().any(|keyword| object.contains_key(*keyword)) {
        if let Some(unevaluated) = object.shift_remove("unevaluatedProperties") {
            object.insert("additionalProperties".into(), unevaluated);
        }
    }
    for (bound, limit) in [("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")] {
        if let Some(number @ Value::Number(_)) = object.get(bound).cloned() {
            object.insert(limit.into(), number);
            object.insert(bound.into(), Value::Bool(true));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn nullable_type_arrays_and_const_become_30() {
        let mut doc = json!({
            "openapi": "3.1.0",
            "webhooks": {"created": {}},
            "components": {"schemas": {"A": {
                "type": ["string", "null"], "const": "x", "examples": ["x"], "exclusiveMinimum": 3
            }}}
        });
        to_openapi_30(&mut doc);
        assert_eq!(doc["openapi"], "3.0.3");
        assert!(doc.get("webhooks").is_none());
        assert_eq!(doc["x-webhooks"], json!({"created": {}}));
        let a = &doc["components"]["schemas"]["A"];
        assert_eq!(a["type"], "string");
        assert_eq!(a["nullable"], true);
        assert_eq!(a["enum"], json!(["x"]));
        assert_eq!(a["example"], "x");
        assert_eq!(a["minimum"], 3);
        assert_eq!(a["exclusiveMinimum"], true);
    }

    #[test]
    fn unevaluated_properties_of_a_plain_object_are_its_additional_ones() {
        let mut doc = json!({"openapi": "3.1.0", "components": {"schemas": {
            "Closed": {"type": "object", "properties": {"a": {}}, "unevaluatedProperties": false},
            "Union": {"anyOf": [{"$ref": "#/components/schemas/Closed"}], "unevaluatedProperties": false},
        }}});
        to_openapi_30(&mut doc);
        let schemas = &doc["components"]["schemas"];
        assert_eq!(schemas["Closed"]["additionalProperties"], false);
        assert!(schemas["Closed"].get("unevaluatedProperties").is_none());
        assert!(schemas["Union"].get("additionalProperties").is_none(), "its members evaluate properties");
    }

    #[test]
    fn properties_named_like_keywords_stay_properties() {
        let mut doc = json!({"openapi": "3.1.0", "components": {"schemas": {"A": {
            "type": "object", "properties": {"const": {"type": "string"}, "$schema": {"type": "string"}}
        }}}});
        to_openapi_30(&mut doc);
        let properties = &doc["components"]["schemas"]["A"]["properties"];
        assert!(properties.get("const").is_some() && properties.get("$schema").is_some(), "{properties}");
    }

    #[test]
    fn documents_30_are_left_alone() {
        let mut doc = json!({"openapi": "3.0.3", "x": {"type": ["string", "null"]}});
        let before = doc.clone();
        to_openapi_30(&mut doc);
        assert_eq!(doc, before);
    }
}
