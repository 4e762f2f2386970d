//! What `apiforge mock` answers: for every operation, its first declared
//! success with a body and headers the spec allows. A body is the spec's own
//! example where it gives one its schema accepts, else a value drawn from
//! the schema; headers are drawn.

use apiforge_codegen::mock::{answered_response, not_found_response, Answer, Answers};
use apiforge_ir::diagnostic::pointer_push;
use apiforge_ir::{Api, Content, MediaKind, Operation, Response, Shape, StatusSpec};
use serde_json::Value;

use crate::check::{validator, ATTEMPTS};
use crate::instance::Instances;
use crate::schema::{Direction, Schemas};

/// An operation the mock cannot answer with a success, and why: it answers
/// 501 there, as a handler not written yet does.
#[derive(Debug, Clone, PartialEq)]
pub struct Gap {
    pub operation: String,
    pub why: String,
}

/// The answers for every operation of `api`, drawn with `seed`; `document`
/// is the spec it was lowered from, as JSON (see [`crate::Conformance::new`]).
pub fn answers(api: &Api, document: Value, seed: u64) -> (Answers, Vec<Gap>) {
    let (answered, gaps) = per_operation(api, document, Direction::Response, seed, |draw, op| {
        let index = answered_response(op).ok_or("no response is declared")?;
        let answer = draw.answer(op, index, None)?;
        // Without one, the mock answers a deleted path as any other.
        let not_found = not_found_response(op).and_then(|index| draw.answer(op, index, Some(404)).ok());
        Ok((answer, not_found))
    });
    let (operations, not_found) = answered
        .into_iter()
        .map(|answers| answers.map_or((None, None), |(answer, not_found)| (Some(answer), not_found)))
        .unzip();
    (Answers { source: format!("drawn with seed {seed}, or the spec's examples"), operations, not_found }, gaps)
}

/// `drawn` for every operation of `api`, with values travelling `direction`
/// drawn with `seed`: in the API's order, `None` (and a gap saying why)
/// where it failed.
pub(crate) fn per_operation<T>(
    api: &Api,
    document: Value,
    direction: Direction,
    seed: u64,
    mut drawn: impl FnMut(&mut Draw, &Operation) -> Result<T, String>,
) -> (Vec<Option<T>>, Vec<Gap>) {
    let schemas = Schemas::travelling(document, direction);
    let mut draw = Draw::new(api, &schemas, seed);
    let mut gaps = Vec::new();
    let operations = api
        .operations
        .iter()
        .map(|op| drawn(&mut draw, op).map_err(|why| gaps.push(Gap { operation: op.id.clone(), why })).ok())
        .collect();
    (operations, gaps)
}

/// Overrules the Prism judge's finding on a call where the spec's schemas
/// say Prism is wrong, by JSON Schema: an answer the client did not read
/// that the spec does not allow either (Prism's faker leaves out required
/// properties beside a discriminator), or a request body Prism refused
/// that the spec allows (Prism requires a required `readOnly` property
/// inside a `oneOf`, stoplightio/prism#1941).
pub struct Referee<'a> {
    api: &'a Api,
    answers: Schemas,
    requests: Schemas,
}

impl<'a> Referee<'a> {
    /// For `api` and its `document` (an OpenAPI 3.0 document as JSON).
    pub fn new(api: &'a Api, document: Value) -> Referee<'a> {
        let answers = Schemas::travelling(document.clone(), Direction::Response);
        Referee { api, answers, requests: Schemas::travelling(document, Direction::Request) }
    }

    /// The kind a finding of `kind` on the call of `operation` (by its
    /// method's name) is instead, if the schemas overrule it: `answer` is
    /// Prism's answer (status and body), `sent` the JSON body Prism found
    /// fault with alone (`apiforge_testers::prism::questioned_body`).
    pub fn overrule(
        &self,
        operation: &str,
        kind: &str,
        answer: (u16, &[u8]),
        sent: Option<&[u8]>,
    ) -> Option<&'static str> {
        let op = self.api.operations.iter().find(|op| apiforge_codegen::method_name(op) == operation)?;
        let json = |bytes: &[u8]| serde_json::from_slice::<Value>(bytes).ok();
        match kind {
            "unread" => {
                let body = json(answer.1)?;
                let allowed = json_allowed(self.api, &self.answers, &op.response_for(answer.0)?.contents, &body);
                (allowed == Some(false)).then_some("no answer (its answer breaks the spec)")
            }
            "request violation" => {
                let sent = json(sent?)?;
                let allowed = json_allowed(self.api, &self.requests, &op.body.as_ref()?.contents, &sent);
                (allowed == Some(true)).then_some("Prism's gap (it refuses a body the schema allows)")
            }
            _ => None,
        }
    }
}

/// Whether `body` is a value of the JSON content of `contents` that
/// generated code reads and writes; None without one.
fn json_allowed(api: &Api, schemas: &Schemas, contents: &[Content], body: &Value) -> Option<bool> {
    let content = Content::chosen(contents).filter(|c| c.kind == MediaKind::Json)?;
    let validator = validator(schemas, &schemas.of_shape(api, content.shape.as_ref()?)).ok()?;
    Some(validator.is_valid(body))
}

/// Values drawn for the shapes of an API: the mock's answers, the calls'
/// arguments ([`crate::arguments`]).
pub(crate) struct Draw<'a> {
    api: &'a Api,
    schemas: &'a Schemas,
    instances: Instances<'a>,
}

impl<'a> Draw<'a> {
    pub(crate) fn new(api: &'a Api, schemas: &'a Schemas, seed: u64) -> Draw<'a> {
        Draw { api, schemas, instances: Instances::new(schemas, seed) }
    }

    /// The answer with the operation's response `index`, with `status`
    /// where that response is declared by a range or `default`.
    fn answer(&mut self, op: &Operation, index: usize, status: Option<u16>) -> Result<Answer, String> {
        let response = &op.responses[index];
        let status = match (response.status, status) {
            (StatusSpec::Code(code), _) => code,
            (_, Some(status)) => status,
            // A range's first code that says "success with a body".
            (StatusSpec::Range(hundreds), None) => hundreds * 100,
            (StatusSpec::Default, None) => 200,
        };
        let body = match Content::chosen(&response.contents) {
            Some(content) => self.body(op, response, content)?,
            None => None,
        };
        let mut headers = Vec::new();
        for (position, header) in response.headers.iter().enumerate() {
            match self.value(&header.shape, None, fits_a_header) {
                Some(value) => headers.push((position, value)),
                None if header.required => return Err(format!("no value drawn for header `{}`", header.wire_name)),
                None => {}
            }
        }
        Ok(Answer { response: index, status, body, headers })
    }

    /// The body of `content`: JSON for the kinds read as JSON, a string for
    /// text; none for what the mock sends empty (multipart, binary without
    /// a string schema).
    fn body(&mut self, op: &Operation, response: &Response, content: &Content) -> Result<Option<Value>, String> {
        let Some(shape) = &content.shape else { return Ok(None) };
        let textual = matches!(content.kind, MediaKind::Text | MediaKind::EventStream);
        if !matches!(content.kind, MediaKind::Json | MediaKind::FormUrlEncoded) && !textual {
            return Ok(None);
        }
        let examples = self.examples(op, response, content);
        self.value(shape, Some(&examples), |_| true)
            .map(Some)
            .ok_or_else(|| format!("no body drawn in {ATTEMPTS} tries satisfies the `{}` schema", content.media_type))
    }

    /// A value `shape` accepts that also `fits`: the first of `examples`,
    /// else one drawn; `None` when neither is found.
    pub(crate) fn value(
        &mut self,
        shape: &Shape,
        examples: Option<&[Value]>,
        fits: fn(&Value) -> bool,
    ) -> Option<Value> {
        let schema = self.schemas.of_shape(self.api, shape);
        let validator = validator(self.schemas, &schema).ok()?;
        let usable = |value: &Value| validator.is_valid(value) && fits(value);
        if let Some(example) = examples.into_iter().flatten().find(|example| usable(example)) {
            return Some(example.clone());
        }
        (0..ATTEMPTS).find_map(|_| self.instances.draw(&schema).filter(|value| usable(value)))
    }

    /// The examples the spec gives for a response's content: its `example`,
    /// then the values of its `examples` (each may be a `$ref`).
    fn examples(&self, op: &Operation, response: &Response, content: &Content) -> Vec<Value> {
        let Some(media) = self.media(op, response, &content.media_type) else { return Vec::new() };
        let named = media.get("examples").and_then(Value::as_object).into_iter().flat_map(|examples| examples.values());
        let values = named.filter_map(|example| self.followed(example).get("value"));
        media.get("example").into_iter().chain(values).cloned().collect()
    }

    /// The media type object of a response in the document.
    fn media(&self, op: &Operation, response: &Response, media_type: &str) -> Option<&Value> {
        let responses = self.schemas.at(&format!("{}/responses", op.pointer.strip_prefix('#')?))?;
        let keys = match response.status {
            StatusSpec::Code(code) => vec![code.to_string()],
            StatusSpec::Range(hundreds) => vec![format!("{hundreds}XX"), format!("{hundreds}xx")],
            StatusSpec::Default => vec!["default".to_string()],
        };
        let response = keys.iter().find_map(|key| responses.get(key))?;
        let content = self.followed(response).get("content")?;
        let pointer = pointer_push("", media_type);
        content.pointer(&pointer)
    }

    /// `value`, or what its local `$ref` names.
    fn followed<'v>(&'v self, value: &'v Value) -> &'v Value {
        match value.get("$ref").and_then(Value::as_str) {
            Some(reference) => self.schemas.resolve(reference).unwrap_or(value),
            None => value,
        }
    }
}

/// Whether a value can be sent as a header's: its text visible ASCII and
/// spaces, not at either end (HTTP trims them, and allows no other bytes
/// everywhere).
pub(crate) fn fits_a_header(value: &Value) -> bool {
    match value {
        Value::String(text) => text.trim() == text && text.chars().all(|c| c == ' ' || c.is_ascii_graphic()),
        Value::Array(items) => items.iter().all(fits_a_header),
        Value::Object(map) => map.values().all(fits_a_header),
        _ => true,
    }
}
