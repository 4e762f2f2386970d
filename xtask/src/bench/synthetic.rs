//! Synthetic OpenAPI documents of a chosen size, built in memory: `n`
//! operations and `n` schemas, shaped like a typical REST API.
//!
//! Operations come in pairs on one path: a `get` with query and header
//! parameters, and a `put` with a JSON body. Each answers with its resource
//! schema or a shared error schema (2-3 responses). Each resource schema has
//! a handful of constrained properties and `$ref`s to two earlier resources
//! (resource 0 refers to itself, so there is one recursive type).

use serde_json::{json, Map, Value};

/// The document as JSON text.
pub fn spec(n: usize) -> String {
    let mut paths = Map::new();
    for pair in 0..n.div_ceil(2) {
        let mut item = Map::new();
        item.insert("get".into(), get_operation(pair));
        if 2 * pair + 1 < n {
            item.insert("put".into(), put_operation(pair));
        }
        paths.insert(format!("/v1/projects/{{projectId}}/items{pair}/{{itemId}}"), Value::Object(item));
    }
    let mut schemas = Map::new();
    for i in 0..n {
        schemas.insert(format!("Resource{i}"), resource(i));
    }
    schemas.insert(
        "Error".into(),
        json!({
            "type": "object",
            "required": ["message"],
            "properties": {"message": {"type": "string"}, "code": {"type": "integer", "format": "int32"}}
        }),
    );
    json!({
        "openapi": "3.0.3",
        "info": {"title": format!("Synthetic API with {n} operations"), "version": "1.0.0"},
        "servers": [{"url": "https://api.example.com"}],
        "security": [{"bearer": []}],
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}
        }
    })
    .to_string()
}

fn schema_ref(i: usize) -> Value {
    json!({"$ref": format!("#/components/schemas/Resource{i}")})
}

fn json_content(schema: Value) -> Value {
    json!({"application/json": {"schema": schema}})
}

fn path_params() -> Vec<Value> {
    ["projectId", "itemId"]
        .iter()
        .map(|name| json!({"name": name, "in": "path", "required": true, "schema": {"type": "string", "minLength": 1}}))
        .collect()
}

fn get_operation(pair: usize) -> Value {
    let mut parameters = path_params();
    parameters.extend([
        json!({"name": "expand", "in": "query", "schema": {"type": "boolean"}}),
        json!({"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100}}),
        json!({"name": "fields", "in": "query", "style": "form", "explode": false,
               "schema": {"type": "array", "items": {"type": "string"}}}),
        json!({"name": "X-Request-Id", "in": "header", "schema": {"type": "string"}}),
    ]);
    json!({
        "operationId": format!("getItem{pair}"),
        "summary": format!("Get item {pair}"),
        "description": "Returns the item, with its related items when `expand` is set.",
        "parameters": parameters,
        "responses": {
            "200": {"description": "The item.", "content": json_content(schema_ref(2 * pair))},
            "404": {"description": "No such item.", "content": json_content(json!({"$ref": "#/components/schemas/Error"}))}
        }
    })
}

fn put_operation(pair: usize) -> Value {
    let mut parameters = path_params();
    parameters.push(json!({"name": "dryRun", "in": "query", "schema": {"type": "boolean"}}));
    let body = schema_ref(2 * pair + 1);
    json!({
        "operationId": format!("replaceItem{pair}"),
        "summary": format!("Replace item {pair}"),
        "parameters": parameters,
        "requestBody": {"required": true, "content": json_content(body.clone())},
        "responses": {
            "200": {"description": "The stored item.", "content": json_content(body)},
            "400": {"description": "Malformed item.", "content": json_content(json!({"$ref": "#/components/schemas/Error"}))},
            "422": {"description": "Invalid item.", "content": json_content(json!({"$ref": "#/components/schemas/Error"}))}
        }
    })
}

fn resource(i: usize) -> Value {
    json!({
        "type": "object",
        "description": format!("Resource number {i}."),
        "required": ["id", "name"],
        "properties": {
            "id": {"type": "string", "format": "uuid"},
            "name": {"type": "string", "minLength": 1, "maxLength": 64},
            "count": {"type": "integer", "format": "int64", "minimum": 0},
            "status": {"type": "string", "enum": ["active", "disabled", "deleted"]},
            "tags": {"type": "array", "items": {"type": "string"}},
            "createdAt": {"type": "string", "format": "date-time"},
            "parent": schema_ref(i / 2),
            "related": {"type": "array", "items": schema_ref(i * 3 / 4)}
        }
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn has_the_asked_number_of_operations_and_schemas() {
        let doc: serde_json::Value = serde_json::from_str(&super::spec(5)).unwrap();
        let operations: usize =
            doc["paths"].as_object().unwrap().values().map(|item| item.as_object().unwrap().len()).sum();
        assert_eq!(operations, 5);
        // Five resources and the shared error.
        assert_eq!(doc["components"]["schemas"].as_object().unwrap().len(), 6);
    }
}
