//! Swagger 2.0 documents brought into the OpenAPI 3.0 model, on JSON values
//! before deserialization, so that everything after loading sees one model.
//!
//! `host`, `basePath` and `schemes` become `servers`; `definitions`,
//! `parameters`, `responses` and `securityDefinitions` become components; a
//! `body` parameter becomes the request body and `formData` parameters a
//! form or multipart body, in the media types `consumes` lists; responses
//! take theirs from `produces`; `collectionFormat` becomes `style` and
//! `explode`; `x-nullable` is `nullable` and `type: file` is binary.
//!
//! Problems the conversion finds are located in the 2.0 document; problems
//! found later, in the converted one, are located back in it by
//! [`original_pointer`] (the loader says a document was converted:
//! `Loaded::swagger2`).

use serde_json::{Map, Value};

use crate::diagnostic::{pointer_push, Diagnostic};

const METHODS: [&str; 7] = ["get", "put", "post", "delete", "options", "head", "patch"];

pub fn is_swagger2(document: &Value) -> bool {
    document.get("swagger").is_some()
}

/// The 3.0 document, or every problem that stops the conversion.
pub fn to_openapi_30(document: &Value) -> Result<Value, Vec<Diagnostic>> {
    let Some(root) = document.as_object() else {
        return Err(vec![Diagnostic::document("the document is not a mapping")]);
    };
    let mut converter = Converter { root, errors: Vec::new() };
    let converted = converter.document();
    if converter.errors.is_empty() {
        Ok(converted)
    } else {
        Err(converter.errors)
    }
}

/// Where a pointer into the converted document points in the 2.0 one, as
/// near as the conversion allows (a request body is its operation's
/// parameters).
pub fn original_pointer(pointer: &str) -> String {
    let mut original = pointer.to_string();
    for (converted, before) in [
        ("#/components/schemas/", "#/definitions/"),
        ("#/components/parameters/", "#/parameters/"),
        ("#/components/responses/", "#/responses/"),
        ("#/components/securitySchemes/", "#/securityDefinitions/"),
        ("#/components/requestBodies/", "#/parameters/"),
    ] {
        if let Some(rest) = original.strip_prefix(converted) {
            original = format!("{before}{rest}");
        }
    }
    if let Some(at) = original.find("/requestBody") {
        original = format!("{}/parameters", &original[..at]);
    }
    // `/content/<media type>/schema` is the 2.0 response's `/schema`.
    if let Some(at) = original.find("/content/") {
        let rest = &original[at + "/content/".len()..];
        let after_media = rest.find('/').map_or("", |slash| &rest[slash..]);
        original = format!("{}{after_media}", &original[..at]);
    }
    original
}

/// A problem found in the converted document, located in the 2.0 one.
pub fn located_in_original(mut problem: Diagnostic) -> Diagnostic {
    if let crate::diagnostic::Location::Pointer(pointer) = &problem.location {
        problem.location = crate::diagnostic::Location::Pointer(original_pointer(pointer));
    }
    problem
}

struct Converter<'a> {
    root: &'a Map<String, Value>,
    errors: Vec<Diagnostic>,
}

/// The media types of an operation: its own `consumes`/`produces`, else the
/// document's, else JSON.
fn media_types(own: Option<&Value>, global: Option<&Value>) -> Vec<String> {
    let listed = |value: Option<&Value>| -> Option<Vec<String>> {
        let list: Vec<String> = value?.as_array()?.iter().filter_map(|m| m.as_str().map(str::to_string)).collect();
        (!list.is_empty()).then_some(list)
    };
    listed(own).or_else(|| listed(global)).unwrap_or_else(|| vec!["application/json".to_string()])
}

fn copy_keys(from: &Map<String, Value>, to: &mut Map<String, Value>, keys: &[&str]) {
    for key in keys {
        if let Some(value) = from.get(*key) {
            to.insert(key.to_string(), value.clone());
        }
    }
}

fn copy_extensions(from: &Map<String, Value>, to: &mut Map<String, Value>) {
    for (key, value) in from.iter().filter(|(key, _)| key.starts_with("x-") && key.as_str() != "x-nullable") {
        to.insert(key.clone(), value.clone());
    }
}

impl Converter<'_> {
    fn document(&mut self) -> Value {
        let root = self.root;
        let version = root.get("swagger").unwrap_or(&Value::Null);
        if version.as_str() != Some("2.0") {
            self.errors.push(
                Diagnostic::at("#/swagger", format!("unsupported Swagger version {version}"))
                    .with_help("apiforge reads Swagger 2.0 and OpenAPI 3.0 and 3.1"),
            );
        }
        let mut out = Map::new();
        out.insert("openapi".into(), "3.0.3".into());
        copy_keys(root, &mut out, &["info", "tags", "externalDocs", "security"]);
        copy_extensions(root, &mut out);
        out.insert("servers".into(), self.servers());
        let mut paths = Map::new();
        for (path, item) in root.get("paths").and_then(Value::as_object).into_iter().flatten() {
            let pointer = pointer_push("#/paths", path);
            match item.as_object() {
                Some(item) if !path.starts_with("x-") => {
                    paths.insert(path.clone(), self.path_item(item, &pointer));
                }
                _ => {
                    paths.insert(path.clone(), item.clone());
                }
            }
        }
        out.insert("paths".into(), Value::Object(paths));
        out.insert("components".into(), self.components());
        Value::Object(out)
    }

    fn servers(&self) -> Value {
        let base_path = self.root.get("basePath").and_then(Value::as_str).unwrap_or("");
        let urls: Vec<String> = match self.root.get("host").and_then(Value::as_str) {
            Some(host) => {
                let schemes: Vec<&str> = self
                    .root
                    .get("schemes")
                    .and_then(Value::as_array)
                    .map(|s| s.iter().filter_map(Value::as_str).collect())
                    .filter(|s: &Vec<&str>| !s.is_empty())
                    .unwrap_or_else(|| vec!["https"]);
                schemes.iter().map(|scheme| format!("{scheme}://{host}{base_path}")).collect()
            }
            None if base_path.is_empty() => vec!["/".to_string()],
            None => vec![base_path.to_string()],
        };
        Value::Array(urls.into_iter().map(|url| serde_json::json!({ "url": url })).collect())
    }

    fn components(&mut self) -> Value {
        let root = self.root;
        let mut components = Map::new();
        let section = |key: &str| root.get(key).and_then(Value::as_object);
        if let Some(definitions) = section("definitions") {
            let schemas = definitions.iter().map(|(name, schema)| (name.clone(), schema_30(schema))).collect();
            components.insert("schemas".into(), Value::Object(schemas));
        }
        if let Some(parameters) = section("parameters") {
            let mut plain = Map::new();
            for (name, parameter) in parameters {
                let pointer = pointer_push("#/parameters", name);
                let Some(parameter) = parameter.as_object() else { continue };
                // Body and form parameters are inlined where they are used.
                if !matches!(parameter.get("in").and_then(Value::as_str), Some("body" | "formData")) {
                    plain.insert(name.clone(), self.parameter(parameter, &pointer));
                }
            }
            components.insert("parameters".into(), Value::Object(plain));
        }
        if let Some(responses) = section("responses") {
            let produces = media_types(None, root.get("produces"));
            let converted =
                responses.iter().map(|(name, response)| (name.clone(), self.response(response, &produces))).collect();
            components.insert("responses".into(), Value::Object(converted));
        }
        if let Some(schemes) = section("securityDefinitions") {
            let mut converted = Map::new();
            for (name, scheme) in schemes {
                let pointer = pointer_push("#/securityDefinitions", name);
                if let Some(scheme) = self.security_scheme(scheme, &pointer) {
                    converted.insert(name.clone(), scheme);
                }
            }
            components.insert("securitySchemes".into(), Value::Object(converted));
        }
        Value::Object(components)
    }

    fn path_item(&mut self, item: &Map<String, Value>, pointer: &str) -> Value {
        let mut out = Map::new();
        copy_keys(item, &mut out, &["$ref", "summary", "description"]);
        copy_extensions(item, &mut out);
        let shared = located_parameters(item, pointer);
        for method in METHODS {
            if let Some(operation) = item.get(method).and_then(Value::as_object) {
                let converted = self.operation(operation, &shared, &pointer_push(pointer, method));
                out.insert(method.into(), converted);
            }
        }
        Value::Object(out)
    }

    fn operation(&mut self, operation: &Map<String, Value>, shared: &[(String, Value)], pointer: &str) -> Value {
        let root = self.root;
        let mut out = Map::new();
        copy_keys(
            operation,
            &mut out,
            &["tags", "summary", "description", "externalDocs", "operationId", "deprecated", "security"],
        );
        copy_extensions(operation, &mut out);
        let consumes = media_types(operation.get("consumes"), root.get("consumes"));
        let produces = media_types(operation.get("produces"), root.get("produces"));
        let own = located_parameters(operation, pointer);
        // The operation's own parameters replace the path's of the same name
        // and location.
        let mut all: Vec<(String, Map<String, Value>, Option<String>)> = Vec::new();
        for (at, parameter) in shared.iter().chain(&own) {
            let Some((resolved, reference)) = self.resolved(parameter, at) else { continue };
            let key = |p: &Map<String, Value>| (p.get("name").cloned(), p.get("in").cloned());
            all.retain(|(_, existing, _)| key(existing) != key(&resolved));
            all.push((at.clone(), resolved, reference));
        }
        let mut parameters = Vec::new();
        let mut form = Vec::new();
        for (at, parameter, reference) in all {
            match parameter.get("in").and_then(Value::as_str) {
                Some("body") => {
                    out.insert("requestBody".into(), request_body(&parameter, &consumes));
                }
                Some("formData") => form.push(parameter),
                _ => match reference {
                    Some(reference) => parameters.push(serde_json::json!({ "$ref": reference })),
                    None => parameters.push(self.parameter(&parameter, &at)),
                },
            }
        }
        if !form.is_empty() {
            out.insert("requestBody".into(), self.form_body(&form, &consumes));
        }
        if !parameters.is_empty() {
            out.insert("parameters".into(), Value::Array(parameters));
        }
        let mut responses = Map::new();
        for (status, response) in operation.get("responses").and_then(Value::as_object).into_iter().flatten() {
            if status.starts_with("x-") {
                continue;
            }
            responses.insert(status.clone(), self.response(response, &produces));
        }
        out.insert("responses".into(), Value::Object(responses));
        Value::Object(out)
    }

    /// A parameter object, with a `$ref` to the document's parameters
    /// resolved; for a plain parameter so referenced, also the 3.0
    /// reference to keep. None (an error recorded) for a dangling one.
    fn resolved(&mut self, parameter: &Value, at: &str) -> Option<(Map<String, Value>, Option<String>)> {
        let Some(reference) = parameter.get("$ref").and_then(Value::as_str) else {
            return parameter.as_object().map(|p| (p.clone(), None));
        };
        let target = reference
            .strip_prefix("#/parameters/")
            .and_then(|name| self.root.get("parameters")?.get(crate::diagnostic::unescape_token(name)))
            .and_then(Value::as_object);
        match target {
            Some(target) => {
                Some((target.clone(), Some(reference.replacen("#/parameters/", "#/components/parameters/", 1))))
            }
            None => {
                self.errors.push(
                    Diagnostic::at(
                        at,
                        format!("the parameter reference `{reference}` names no parameter of the document"),
                    )
                    .with_help("point it at an entry of the top-level `parameters`"),
                );
                None
            }
        }
    }

    /// A path, query, header or cookie parameter: its type fields become a
    /// schema, its `collectionFormat` a style.
    fn parameter(&mut self, parameter: &Map<String, Value>, at: &str) -> Value {
        let mut out = Map::new();
        copy_keys(parameter, &mut out, &["name", "in", "description", "required", "deprecated", "allowEmptyValue"]);
        copy_extensions(parameter, &mut out);
        out.insert("schema".into(), simple_schema(parameter));
        if parameter.get("type").and_then(Value::as_str) == Some("array") {
            let location = parameter.get("in").and_then(Value::as_str).unwrap_or("query");
            let format = parameter.get("collectionFormat").and_then(Value::as_str).unwrap_or("csv");
            let style = match (format, location) {
                ("csv", "query" | "cookie") => Some(("form", false)),
                ("csv", _) => Some(("simple", false)),
                ("multi", _) => Some(("form", true)),
                ("ssv", _) => Some(("spaceDelimited", false)),
                ("pipes", _) => Some(("pipeDelimited", false)),
                _ => {
                    self.errors.push(
                        Diagnostic::at(
                            pointer_push(at, "collectionFormat"),
                            format!("`collectionFormat: {format}` has no OpenAPI 3 style"),
                        )
                        .with_help("use csv, multi, ssv or pipes"),
                    );
                    None
                }
            };
            if let Some((style, explode)) = style {
                out.insert("style".into(), style.into());
                out.insert("explode".into(), explode.into());
            }
        }
        Value::Object(out)
    }

    /// `formData` parameters as one object body: multipart when the
    /// operation consumes it or uploads a file, else a URL-encoded form.
    fn form_body(&self, form: &[Map<String, Value>], consumes: &[String]) -> Value {
        let has_file = form.iter().any(|p| p.get("type").and_then(Value::as_str) == Some("file"));
        let multipart = has_file || consumes.iter().any(|m| m.starts_with("multipart/form-data"));
        let media = if multipart { "multipart/form-data" } else { "application/x-www-form-urlencoded" };
        let mut properties = Map::new();
        let mut required = Vec::new();
        for parameter in form {
            let Some(name) = parameter.get("name").and_then(Value::as_str) else { continue };
            let mut schema = simple_schema(parameter);
            if let (Some(description), Some(schema)) = (parameter.get("description"), schema.as_object_mut()) {
                schema.insert("description".into(), description.clone());
            }
            properties.insert(name.to_string(), schema);
            if parameter.get("required").and_then(Value::as_bool) == Some(true) {
                required.push(Value::String(name.to_string()));
            }
        }
        let mut schema = serde_json::json!({ "type": "object", "properties": properties });
        if !required.is_empty() {
            schema["required"] = Value::Array(required.clone());
        }
        serde_json::json!({
            "required": !required.is_empty(),
            "content": { media: { "schema": schema } },
        })
    }

    fn response(&mut self, response: &Value, produces: &[String]) -> Value {
        let Some(response) = response.as_object() else { return response.clone() };
        if let Some(reference) = response.get("$ref").and_then(Value::as_str) {
            return serde_json::json!({ "$ref": reference.replacen("#/responses/", "#/components/responses/", 1) });
        }
        let mut out = Map::new();
        out.insert("description".into(), response.get("description").cloned().unwrap_or_else(|| "".into()));
        copy_extensions(response, &mut out);
        if let Some(headers) = response.get("headers").and_then(Value::as_object) {
            let converted = headers
                .iter()
                .filter_map(|(name, header)| {
                    let header = header.as_object()?;
                    let mut out = Map::new();
                    copy_keys(header, &mut out, &["description"]);
                    out.insert("schema".into(), simple_schema(header));
                    Some((name.clone(), Value::Object(out)))
                })
                .collect();
            out.insert("headers".into(), Value::Object(converted));
        }
        if let Some(schema) = response.get("schema") {
            let schema = schema_30(schema);
            let is_file = schema.get("format").and_then(Value::as_str) == Some("binary");
            // A file answered where only JSON is declared is still bytes.
            let media: Vec<String> = if is_file && produces.iter().all(|m| m.contains("json")) {
                vec!["application/octet-stream".into()]
            } else {
                produces.to_vec()
            };
            let content: Map<String, Value> =
                media.into_iter().map(|m| (m, serde_json::json!({ "schema": schema.clone() }))).collect();
            out.insert("content".into(), Value::Object(content));
        }
        Value::Object(out)
    }

    fn security_scheme(&mut self, scheme: &Value, at: &str) -> Option<Value> {
        let scheme = scheme.as_object()?;
        let description = scheme.get("description").cloned();
        let mut out = match scheme.get("type").and_then(Value::as_str) {
            Some("basic") => serde_json::json!({ "type": "http", "scheme": "basic" }),
            Some("apiKey") => {
                serde_json::json!({ "type": "apiKey", "name": scheme.get("name"), "in": scheme.get("in") })
            }
            Some("oauth2") => {
                let flow = match scheme.get("flow").and_then(Value::as_str) {
                    Some("implicit") => "implicit",
                    Some("password") => "password",
                    Some("application") => "clientCredentials",
                    _ => "authorizationCode",
                };
                let mut details = Map::new();
                copy_keys(scheme, &mut details, &["authorizationUrl", "tokenUrl"]);
                details.insert(
                    "scopes".into(),
                    scheme.get("scopes").cloned().unwrap_or_else(|| Value::Object(Map::new())),
                );
                serde_json::json!({ "type": "oauth2", "flows": { flow: details } })
            }
            other => {
                self.errors.push(Diagnostic::at(
                    pointer_push(at, "type"),
                    format!("unknown security scheme type {}", other.unwrap_or("(none)")),
                ));
                return None;
            }
        };
        if let (Some(description), Some(out)) = (description, out.as_object_mut()) {
            out.insert("description".into(), description);
        }
        Some(out)
    }
}

/// The `parameters` of a path item or operation, each with its pointer.
fn located_parameters(holder: &Map<String, Value>, pointer: &str) -> Vec<(String, Value)> {
    let parameters = holder.get("parameters").and_then(Value::as_array).into_iter().flatten();
    parameters
        .enumerate()
        .map(|(index, parameter)| (format!("{pointer}/parameters/{index}"), parameter.clone()))
        .collect()
}

/// A body parameter as a request body in each media type the operation
/// consumes.
fn request_body(parameter: &Map<String, Value>, consumes: &[String]) -> Value {
    let schema = parameter.get("schema").map(schema_30).unwrap_or_else(|| Value::Object(Map::new()));
    let content: Map<String, Value> =
        consumes.iter().map(|m| (m.clone(), serde_json::json!({ "schema": schema.clone() }))).collect();
    let mut body = serde_json::json!({
        "required": parameter.get("required").and_then(Value::as_bool).unwrap_or(false),
        "content": content,
    });
    if let Some(description) = parameter.get("description") {
        body["description"] = description.clone();
    }
    body
}

/// The schema of a non-body parameter, header or array item, whose type
/// fields sit beside its other fields in 2.0.
fn simple_schema(fields: &Map<String, Value>) -> Value {
    const SCHEMA_KEYS: [&str; 16] = [
        "type",
        "format",
        "enum",
        "default",
        "maximum",
        "exclusiveMaximum",
        "minimum",
        "exclusiveMinimum",
        "maxLength",
        "minLength",
        "pattern",
        "maxItems",
        "minItems",
        "uniqueItems",
        "multipleOf",
        "x-nullable",
    ];
    let mut schema = Map::new();
    copy_keys(fields, &mut schema, &SCHEMA_KEYS);
    if let Some(items) = fields.get("items").and_then(Value::as_object) {
        schema.insert("items".into(), simple_schema(items));
    }
    schema_30(&Value::Object(schema))
}

/// A 2.0 schema in 3.0 terms: references to `definitions` point at
/// `components/schemas`, `x-nullable` is `nullable`, `type: file` is binary,
/// and a discriminator names its property.
fn schema_30(schema: &Value) -> Value {
    let Some(object) = schema.as_object() else { return schema.clone() };
    let mut out = Map::new();
    for (key, value) in object {
        let converted = match key.as_str() {
            "$ref" => match value.as_str() {
                Some(reference) => reference.replacen("#/definitions/", "#/components/schemas/", 1).into(),
                None => value.clone(),
            },
            "x-nullable" => {
                out.insert("nullable".into(), value.clone());
                continue;
            }
            "type" if value.as_str() == Some("file") => {
                out.insert("format".into(), "binary".into());
                "string".into()
            }
            "discriminator" => match value.as_str() {
                Some(property) => serde_json::json!({ "propertyName": property }),
                None => value.clone(),
            },
            "properties" => match value.as_object() {
                Some(properties) => properties.iter().map(|(name, p)| (name.clone(), schema_30(p))).collect(),
                None => value.clone(),
            },
            "items" | "additionalProperties" | "not" => schema_30(value),
            "allOf" | "anyOf" | "oneOf" => match value.as_array() {
                Some(members) => members.iter().map(schema_30).collect(),
                None => value.clone(),
            },
            _ => value.clone(),
        };
        out.insert(key.clone(), converted);
    }
    Value::Object(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_in_the_converted_document_lead_back_to_the_original() {
        assert_eq!(original_pointer("#/components/schemas/Pet/properties/id"), "#/definitions/Pet/properties/id");
        assert_eq!(
            original_pointer("#/paths/~1pets/get/responses/200/content/application~1json/schema/items"),
            "#/paths/~1pets/get/responses/200/schema/items"
        );
        assert_eq!(
            original_pointer("#/paths/~1pets/post/requestBody/content/application~1json/schema"),
            "#/paths/~1pets/post/parameters"
        );
        assert_eq!(original_pointer("#/components/securitySchemes/key"), "#/securityDefinitions/key");
    }
}
