//! The arguments of the generated `calls` module: for every operation, a
//! value its schema allows for each parameter (optional ones too) and for
//! its body, drawn from the schemas. The calls then show whether a mock that
//! checks every request against the spec finds the client's requests sound.

use apiforge_codegen::calls::{Call, Calls};
use apiforge_ir::{Api, Content, MediaKind, Operation, ParamLocation, Shape};
use serde_json::Value;

use crate::answers::{fits_a_header, per_operation, Draw, Gap};
use crate::check::ATTEMPTS;
use crate::schema::Direction;

/// The arguments for every operation of `api`, drawn with `seed`;
/// `document` is the spec it was lowered from, as JSON (see
/// [`crate::Conformance::new`]). An operation whose required values could
/// not be drawn is not called, and is listed with the reason.
pub fn arguments(api: &Api, document: Value, seed: u64) -> (Calls, Vec<Gap>) {
    let (operations, gaps) = per_operation(api, document, Direction::Request, seed, call);
    (Calls { source: format!("drawn with seed {seed}"), operations }, gaps)
}

fn call(draw: &mut Draw, op: &Operation) -> Result<Call, String> {
    let mut params = Vec::new();
    for (index, param) in op.params.iter().enumerate() {
        let fits = match param.location {
            // An empty segment is another path.
            ParamLocation::Path => not_empty,
            ParamLocation::Header => fits_a_request_header,
            ParamLocation::Cookie => fits_a_cookie,
            // Not empty unless `allowEmptyValue`, which is false unless set.
            ParamLocation::Query => not_empty,
        };
        // Text has no null: a parameter is a value or absent.
        let shape = Shape { nullable: false, ..param.shape.clone() };
        match draw.value(&shape, None, fits) {
            Some(value) => params.push((index, value)),
            None if param.required => {
                return Err(format!("no value drawn in {ATTEMPTS} tries for parameter `{}`", param.wire_name))
            }
            None => {}
        }
    }
    let body = match &op.body {
        Some(body) => match Content::chosen(&body.contents) {
            Some(content) => match body_value(draw, content) {
                Ok(value) => value,
                Err(why) if body.required => return Err(why),
                Err(_) => None,
            },
            None => None,
        },
        None => None,
    };
    Ok(Call { params, body })
}

/// A value for a request body of `content`: drawn from its schema; a bit of
/// text for bytes without one.
fn body_value(draw: &mut Draw, content: &Content) -> Result<Option<Value>, String> {
    let Some(shape) = &content.shape else {
        return Ok(matches!(content.kind, MediaKind::Binary | MediaKind::Text).then(|| Value::from("apiforge")));
    };
    // A form of no fields is an empty body, which mocks (Prism) read as
    // none: one with a field is drawn where the schema has one.
    let fits = if content.kind == MediaKind::FormUrlEncoded { has_a_field } else { anything };
    draw.value(shape, None, fits)
        .or_else(|| draw.value(shape, None, anything))
        .map(Some)
        .ok_or_else(|| format!("no body drawn in {ATTEMPTS} tries satisfies the `{}` schema", content.media_type))
}

fn anything(_: &Value) -> bool {
    true
}

fn has_a_field(value: &Value) -> bool {
    value.as_object().is_none_or(|object| !object.is_empty())
}

/// Not the empty text, nor a list of no items (written as no text, or as
/// no parameter at all).
fn not_empty(value: &Value) -> bool {
    match value {
        Value::String(text) => !text.is_empty(),
        Value::Array(items) => !items.is_empty(),
        _ => true,
    }
}

/// A header's text, not empty: a header sent empty is read as not sent
/// (Prism, and many HTTP stacks).
fn fits_a_request_header(value: &Value) -> bool {
    fits_a_header(value) && not_empty(value)
}

/// Whether a value can be a cookie's: a header's text without the
/// separators of the `Cookie` header.
fn fits_a_cookie(value: &Value) -> bool {
    let separated = |value: &Value| matches!(value, Value::String(text) if text.contains([';', ',', ' ', '"', '\\']));
    fits_a_header(value) && !separated(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: &str = r#"
openapi: 3.0.3
info: {title: Things, version: '1'}
paths:
  /things/{id}/{name}:
    put:
      operationId: putThing
      parameters:
        - {name: id, in: path, required: true, schema: {type: string, format: uuid}}
        - {name: name, in: path, required: true, schema: {type: string}}
        - {name: mode, in: query, required: true, schema: {type: string, nullable: true}}
        - {name: X-Trace, in: header, schema: {type: string}}
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [size]
              properties: {size: {type: integer, minimum: 3}}
      responses:
        '204': {description: Stored.}
  /impossible:
    get:
      operationId: getImpossible
      parameters:
        - {name: page, in: query, required: true, schema: {type: integer, minimum: 5, maximum: 1}}
      responses:
        '204': {description: Never.}
"#;

    fn drawn(seed: u64) -> (Calls, Vec<Gap>) {
        let document = apiforge_ir::load_str(SPEC).expect("the spec loads");
        let api = apiforge_ir::lower(&document, &Default::default()).expect("the spec lowers").api;
        arguments(&api, serde_json::to_value(&document.doc).expect("JSON"), seed)
    }

    #[test]
    fn every_argument_is_one_the_spec_allows() {
        for seed in 0..20 {
            let (calls, _) = drawn(seed);
            let call = calls.operations[0].as_ref().expect("putThing is called");
            let value = |index: usize| call.params.iter().find(|(i, _)| *i == index).map(|(_, v)| v.clone());
            let id = value(0).expect("a required id");
            assert!(uuid_like(id.as_str().expect("a string")), "{id}");
            assert_ne!(value(1), Some(Value::from("")), "an empty path segment is another path");
            assert!(value(2).is_some_and(|mode| mode.is_string()), "text has no null: {:?}", value(2));
            assert!(value(3).is_none_or(|trace| fits_a_request_header(&trace)));
            let size = call.body.as_ref().and_then(|body| body["size"].as_i64()).expect("the required size");
            assert!(size >= 3, "{size}");
        }
    }

    #[test]
    fn an_operation_without_arguments_is_listed_with_the_reason() {
        let (calls, gaps) = drawn(1);
        assert_eq!(calls.operations[1], None);
        let why = format!("no value drawn in {ATTEMPTS} tries for parameter `page`");
        assert_eq!(gaps, [Gap { operation: "getImpossible".into(), why }]);
    }

    fn uuid_like(text: &str) -> bool {
        let groups: Vec<usize> = text.split('-').map(str::len).collect();
        groups == [8, 4, 4, 4, 12] && text.chars().all(|c| c == '-' || c.is_ascii_hexdigit())
    }
}
