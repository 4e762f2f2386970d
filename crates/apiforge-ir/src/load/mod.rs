//! Loading: text to `openapiv3::OpenAPI`, with syntax errors at a line and
//! column and shape errors at a JSON pointer. OpenAPI 3.1 documents are
//! brought into the 3.0 model first (see [`crate::normalize`]).

use std::path::{Path, PathBuf};

use openapiv3::OpenAPI;
use serde::Deserialize;
use serde_json::Value;

use crate::diagnostic::{Diagnostic, Location};
use crate::repair::Repaired;
use crate::{normalize, swagger2};

mod bundle;
mod split;
mod unique;

pub use bundle::FILES;

/// A spec as read: the document in the 3.0 model, and what reading it
/// learned that the model does not hold, for lowering.
#[derive(Debug)]
pub struct Loaded {
    pub doc: OpenAPI,
    /// Every file read: the spec, then the files its `$ref`s name (none
    /// for a spec given as text).
    pub files: Vec<PathBuf>,
    /// Written as Swagger 2.0: a problem is located in that document.
    pub(crate) swagger2: bool,
    pub(crate) repaired: Repaired,
}

impl Loaded {
    fn of(doc: OpenAPI) -> Loaded {
        Loaded { doc, files: Vec::new(), swagger2: false, repaired: Repaired::default() }
    }
}

/// Reads and parses a spec file (YAML or JSON, told apart by content) and
/// every file its `$ref`s name, relative to the file each is in
/// (`$ref: definitions.yaml#/Pet`).
pub fn load_file(path: &Path) -> Result<Loaded, Diagnostic> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        Diagnostic::document(format!("cannot read the spec: {e}"))
            .with_help("check the path and that the file is UTF-8 text")
            .in_file(path)
    })?;
    if !bundle::refers_to_files(&text) {
        let mut loaded = load_str(&text).map_err(|d| d.in_file(path))?;
        loaded.files = vec![path.to_path_buf()];
        return Ok(loaded);
    }
    let mut document = parse_value(&text).map_err(|d| d.in_file(path))?;
    let files = bundle::bundle(path, &mut document)?;
    let mut loaded = load_value(document).map_err(|d| d.in_file(path))?;
    loaded.files = files;
    Ok(loaded)
}

/// Parses a spec from text (YAML or JSON).
pub fn load_str(text: &str) -> Result<Loaded, Diagnostic> {
    match plain_json(text) {
        Some(openapi) => Ok(Loaded::of(openapi)),
        None => load_value(parse_value(text)?),
    }
}

/// Any document read into a JSON value: brought to 3.0, repaired, then
/// read into the model.
fn load_value(mut document: Value) -> Result<Loaded, Diagnostic> {
    let swagger2 = swagger2::is_swagger2(&document);
    if swagger2 {
        // The first problem, as for every other loading error.
        document = swagger2::to_openapi_30(&document).map_err(|mut problems| problems.swap_remove(0))?;
    }
    check_version(&document)?;
    normalize::to_openapi_30(&mut document);
    let repaired = crate::repair::repair(&mut document);
    let doc = from_value(document)
        .map_err(|problem| if swagger2 { swagger2::located_in_original(problem) } else { problem })?;
    Ok(Loaded { doc, files: Vec::new(), swagger2, repaired })
}

/// Parses text into a JSON value; JSON is read with serde_json (faster), the
/// rest as YAML (a superset of JSON).
pub fn parse_value(text: &str) -> Result<Value, Diagnostic> {
    let trimmed = text.trim_start();
    if trimmed.starts_with('{') {
        return serde_json::from_str(text).map(|unique::Unique(value)| value).map_err(|e| Diagnostic {
            file: None,
            location: Location::LineColumn { line: e.line(), column: e.column() },
            message: format!("invalid JSON: {e}"),
            help: Some("fix the syntax at that position".into()),
        });
    }
    serde_yaml::from_str(text).map(|unique::Unique(value)| value).map_err(|e| {
        let location = match e.location() {
            Some(l) => Location::LineColumn { line: l.line(), column: l.column() },
            None => Location::Document,
        };
        Diagnostic {
            file: None,
            location,
            message: format!("invalid YAML: {e}"),
            help: Some("fix the syntax at that position".into()),
        }
    })
}

/// A JSON OpenAPI 3.0 document that none of the normalizing and repairs
/// would change, read straight into the model: half the time of reading
/// it into a JSON value first. Anything else, and any error, takes the
/// general path (which also locates errors).
fn plain_json(text: &str) -> Option<OpenAPI> {
    if !text.trim_start().starts_with('{') {
        return None;
    }
    let openapi: OpenAPI = match split::read_split(text, refs_name_components) {
        Some(openapi) => openapi,
        None if refs_name_components(text) => serde_json::from_str(text).ok()?,
        None => return None,
    };
    let operations_plain = openapi.paths.paths.values().all(|item| match item {
        openapiv3::ReferenceOr::Item(item) => item.iter().all(|(_, op)| op.callbacks.is_empty()),
        openapiv3::ReferenceOr::Reference { .. } => false,
    });
    // The model keeps one of a repeated key's entries: the general path
    // refuses the text, where the key is.
    (openapi.openapi.starts_with("3.0") && operations_plain && !unique::repeats_a_key(text)).then_some(openapi)
}

/// Whether every `"$ref"` in JSON text names a component as written
/// (`"#/components/<section>/<name>"`), so that no reference needs hoisting.
/// Escapes that could spell `$ref` otherwise send the text the general way.
fn refs_name_components(text: &str) -> bool {
    let escapes_ref_letter =
        |at: usize| matches!(text.as_bytes().get(at + 4..at + 6), Some(b"24" | b"72" | b"65" | b"66"));
    if memchr::memmem::find_iter(text.as_bytes(), b"\\u00").any(escapes_ref_letter) {
        return false;
    }
    let ref_key = memchr::memmem::Finder::new(b"\"$ref\"");
    let mut rest = text;
    while let Some(at) = ref_key.find(rest.as_bytes()) {
        let Some(after_colon) = rest[at + 6..].trim_start().strip_prefix(':').map(str::trim_start) else {
            return false;
        };
        // `"$ref": {` names a property (Kubernetes has a schema property
        // called `$ref`): a name, not a reference.
        if after_colon.starts_with('{') {
            rest = after_colon;
            continue;
        }
        let Some(value) = after_colon.strip_prefix('"') else { return false };
        let Some(end) = value.find('"') else { return false };
        let reference = &value[..end];
        if reference.contains('\\') || !crate::repair::is_component_ref(reference) {
            return false;
        }
        // A response named where a schema is expected needs its repair.
        if reference.starts_with("#/components/responses/") && !keyed_by_status(&rest[..at]) {
            return false;
        }
        rest = &value[end..];
    }
    true
}

/// Whether the JSON text before an object's `"$ref"` opens that object as
/// the value of a status key (`"404": {`, `"4XX": {`, `"default": {`): the
/// place of a response, not of a schema.
fn keyed_by_status(before: &str) -> bool {
    let Some(key) = before
        .trim_end()
        .strip_suffix('{')
        .map(str::trim_end)
        .and_then(|b| b.strip_suffix(':'))
        .map(str::trim_end)
        .and_then(|b| b.strip_suffix('"'))
    else {
        return false;
    };
    let key = key.rsplit('"').next().unwrap_or_default();
    key == "default" || (key.len() == 3 && key.bytes().all(|b| b.is_ascii_digit() || b == b'X' || b == b'x'))
}

fn check_version(document: &Value) -> Result<(), Diagnostic> {
    let Some(object) = document.as_object() else {
        return Err(Diagnostic::document("the document is not a mapping")
            .with_help("an OpenAPI document is an object with `openapi`, `info` and `paths`"));
    };
    match object.get("openapi").and_then(Value::as_str) {
        Some(v) if v.starts_with("3.0") || v.starts_with("3.1") => Ok(()),
        Some(v) => Err(Diagnostic::at("#/openapi", format!("unsupported OpenAPI version `{v}`"))
            .with_help("apiforge reads OpenAPI 3.0.x and 3.1.x")),
        None => Err(Diagnostic::at("#/openapi", "missing the `openapi` version field")
            .with_help("add `openapi: 3.0.3` at the top of the document")),
    }
}

fn from_value(document: Value) -> Result<OpenAPI, Diagnostic> {
    if let Ok(openapi) = OpenAPI::deserialize(&document) {
        return Ok(openapi);
    }
    // Paths and components use custom deserializers that hide where inside
    // them an error is, so each entry is tried alone to find it.
    if let Some(error) = first_entry_error(&document) {
        return Err(error);
    }
    serde_path_to_error::deserialize(document).map_err(|e| shape_error("#", &e))
}

fn first_entry_error(document: &Value) -> Option<Diagnostic> {
    if let Some(paths) = document.get("paths").and_then(Value::as_object) {
        for (path, item) in paths.iter().filter(|(path, _)| !path.starts_with("x-")) {
            let pointer = crate::diagnostic::pointer_push("#/paths", path);
            if let Err(e) = serde_path_to_error::deserialize::<_, openapiv3::PathItem>(item) {
                return Some(shape_error(&pointer, &e));
            }
        }
    }
    let components = document.get("components").and_then(Value::as_object)?;
    let schemas = components.get("schemas").and_then(Value::as_object)?;
    for (name, schema) in schemas {
        let pointer = crate::diagnostic::pointer_push("#/components/schemas", name);
        if let Err(e) = serde_path_to_error::deserialize::<_, openapiv3::ReferenceOr<openapiv3::Schema>>(schema) {
            return Some(shape_error(&pointer, &e));
        }
    }
    None
}

fn shape_error(base: &str, e: &serde_path_to_error::Error<serde_json::Error>) -> Diagnostic {
    let pointer = path_to_pointer(base, e.path());
    Diagnostic::at(pointer, format!("not a valid OpenAPI 3.0 object here: {}", e.inner()))
        .with_help("compare this part of the document with the OpenAPI specification")
}

fn path_to_pointer(base: &str, path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut pointer = String::from(base);
    for segment in path.iter() {
        pointer = match segment {
            Segment::Seq { index } => format!("{pointer}/{index}"),
            Segment::Map { key } | Segment::Enum { variant: key } => crate::diagnostic::pointer_push(&pointer, key),
            Segment::Unknown => pointer,
        };
    }
    pointer
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_syntax_error_has_line_and_column() {
        let err = load_str("openapi: 3.0.3\ninfo: [unclosed\n").unwrap_err();
        assert!(matches!(err.location, Location::LineColumn { line: 3, .. }), "{err:?}");
        assert!(err.message.starts_with("invalid YAML"), "{}", err.message);
    }

    #[test]
    fn json_syntax_error_has_line_and_column() {
        let err = load_str("{\n  \"openapi\": \"3.0.3\",\n  \"info\": }").unwrap_err();
        assert_eq!(err.location, Location::LineColumn { line: 3, column: 11 });
    }

    #[test]
    fn swagger_two_is_read_and_older_versions_refused() {
        let loaded = load_str("swagger: '2.0'\ninfo: {title: x, version: '1'}\npaths: {}\n").unwrap();
        assert!(loaded.swagger2);
        assert_eq!(loaded.doc.openapi, "3.0.3");
        let err = load_str("swagger: '1.2'\ninfo: {title: x, version: '1'}\npaths: {}\n").unwrap_err();
        assert_eq!(err.pointer(), Some("#/swagger"));
        assert!(err.message.contains("Swagger version \"1.2\""), "{}", err.message);
    }

    #[test]
    fn missing_version_is_reported() {
        let err = load_str("info: {title: x, version: '1'}\npaths: {}\n").unwrap_err();
        assert_eq!(err.pointer(), Some("#/openapi"));
    }

    #[test]
    fn plain_json_reads_the_same_model_as_the_general_path() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let mut plain = 0;
        for dir in ["specs", "tests/fixtures"] {
            for entry in std::fs::read_dir(root.join(dir)).unwrap() {
                let path = entry.unwrap().path();
                let Ok(text) = std::fs::read_to_string(&path) else { continue };
                let Ok(value) = serde_yaml::from_str::<Value>(&text) else { continue };
                let json = serde_json::to_string_pretty(&value).unwrap();
                if let Some(fast) = plain_json(&json) {
                    let general = load_value(parse_value(&json).unwrap()).map(|loaded| loaded.doc);
                    assert_eq!(Ok(fast), general, "{}", path.display());
                    plain += 1;
                }
            }
        }
        assert!(plain >= 5, "the plain path was taken {plain} times");
    }

    #[test]
    fn examples_stay_data_while_boolean_schemas_are_repaired() {
        let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A:\n      type: object\n      properties: {ok: true}\n      example: {properties: {flag: true}}\n";
        let components = load_str(text).unwrap().doc.components.unwrap();
        let openapiv3::ReferenceOr::Item(a) = &components.schemas["A"] else { panic!("A is a schema") };
        assert_eq!(a.schema_data.example, Some(serde_json::json!({"properties": {"flag": true}})));
        let openapiv3::SchemaKind::Type(openapiv3::Type::Object(object)) = &a.schema_kind else {
            panic!("A is an object")
        };
        assert!(matches!(object.properties["ok"], openapiv3::ReferenceOr::Item(_)), "`true` became a schema");
    }

    #[test]
    fn a_large_document_reads_the_same_in_pieces_and_its_refs_are_still_checked() {
        let document = |reference: &str| {
            let paths: Vec<String> = (0..6000)
                .map(|i| format!(r#""/items/{i}": {{"get": {{"description": "item {i} \"quoted\" {{[", "responses": {{"200": {{"description": "OK", "content": {{"application/json": {{"schema": {{"$ref": "{reference}"}}}}}}}}}}}}}}"#))
                .collect();
            format!(
                r#"{{"openapi": "3.0.3", "info": {{"title": "t", "version": "1"}}, "paths": {{{}}}, "components": {{"schemas": {{"A": {{"type": "string"}}}}}}}}"#,
                paths.join(",\n")
            )
        };
        let large = document("#/components/schemas/A");
        assert!(large.len() > 1 << 20, "{} bytes: too small to be split", large.len());
        let whole: OpenAPI = serde_json::from_str(&large).unwrap();
        if apiforge_parallel::threads() > 1 {
            assert_eq!(split::read_split(&large, refs_name_components), Some(whole.clone()), "read in pieces");
        }
        assert_eq!(plain_json(&large), Some(whole));
        assert!(plain_json(&document("#/components/schemas/A/properties/x")).is_none());
    }

    #[test]
    fn references_into_documents_take_the_general_path() {
        let document = |reference: &str| {
            format!(
                r##"{{"openapi": "3.0.3", "info": {{"title": "t", "version": "1"}}, "paths": {{}},
                "components": {{"schemas": {{"A": {{"type": "string"}}, "B": {{"$ref" : "{reference}"}}}}}}}}"##
            )
        };
        assert!(plain_json(&document("#/components/schemas/A")).is_some());
        let property_named_ref = document("#/components/schemas/A").replace(
            r#""A": {"type": "string"}"#,
            r#""A": {"type": "object", "properties": {"$ref": {"type": "string"}}}"#,
        );
        assert!(property_named_ref.contains(r#"{"$ref": {"#) && plain_json(&property_named_ref).is_some());
        assert!(plain_json(&document("#/components/schemas/A/properties/x")).is_none());
        assert!(plain_json(&document("#/paths/~1a/get")).is_none());
        assert!(plain_json(&document("other.json#/A")).is_none());
        assert!(plain_json(&document("#\\/components/schemas/A")).is_none());
        assert!(plain_json(&document("#/components/schemas/A").replace("3.0.3", "3.1.0")).is_none());
    }

    #[test]
    fn shape_error_points_into_the_document() {
        let text = "openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths:\n  /a:\n    get:\n      responses: 7\n";
        let err = load_str(text).unwrap_err();
        assert_eq!(err.pointer(), Some("#/paths/~1a/get/responses"), "{err}");
    }
}
