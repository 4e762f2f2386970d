//! The spec's webhooks (3.1 `webhooks`, or the `x-webhooks` extension 3.0
//! specs write them in; the loader moves the former to the latter) after
//! lowering: the component schemas they use, whose types are generated
//! when a selection asks for webhooks, and the sender's and receiver's
//! views of the lowered webhooks and callbacks. Their path items are read
//! for lowering by `lower::webhook_items`.

use std::collections::{HashMap, HashSet};

use openapiv3::{Components, OpenAPI};
use serde_json::Value;

use crate::model::{Api, Operation, TypeId, Webhooks};

/// How many webhooks the spec declares.
pub fn count(doc: &OpenAPI) -> usize {
    doc.extensions.get("x-webhooks").and_then(Value::as_object).map_or(0, |webhooks| webhooks.len())
}

/// The types of the component schemas the webhooks use, directly or
/// through other components (request bodies, responses, schemas).
pub fn used_types(doc: &OpenAPI, api: &Api) -> Vec<TypeId> {
    let Some(webhooks) = doc.extensions.get("x-webhooks") else { return Vec::new() };
    let mut pending = Vec::new();
    refs_in(webhooks, &mut pending);
    let mut seen = HashSet::new();
    while let Some(reference) = pending.pop() {
        if !seen.insert(reference.clone()) {
            continue;
        }
        if let Some(component) = doc.components.as_ref().and_then(|c| component(c, &reference)) {
            refs_in(&component, &mut pending);
        }
    }
    let by_pointer: HashMap<&str, TypeId> =
        api.types.iter().enumerate().map(|(index, def)| (def.pointer.as_str(), TypeId(index))).collect();
    let mut used: Vec<TypeId> =
        seen.iter().filter_map(|reference| by_pointer.get(reference.as_str()).copied()).collect();
    used.sort_by_key(|id| id.0);
    used
}

/// Every `$ref` in a JSON value.
fn refs_in(value: &Value, found: &mut Vec<String>) {
    match value {
        Value::Object(object) => {
            if let Some(Value::String(reference)) = object.get("$ref") {
                found.push(reference.clone());
            }
            object.values().for_each(|child| refs_in(child, found));
        }
        Value::Array(items) => items.iter().for_each(|item| refs_in(item, found)),
        _ => {}
    }
}

/// The component a local `$ref` names, as JSON; None for anything else.
fn component(components: &Components, reference: &str) -> Option<Value> {
    let rest = reference.strip_prefix("#/components/")?;
    let (kind, name) = rest.split_once('/')?;
    let name = crate::diagnostic::unescape_token(name);
    let value = match kind {
        "schemas" => serde_json::to_value(components.schemas.get(&name)?),
        "requestBodies" => serde_json::to_value(components.request_bodies.get(&name)?),
        "responses" => serde_json::to_value(components.responses.get(&name)?),
        "parameters" => serde_json::to_value(components.parameters.get(&name)?),
        "headers" => serde_json::to_value(components.headers.get(&name)?),
        _ => return None,
    };
    value.ok()
}

/// The sender's and the receiver's views of the webhooks, beside `api`
/// and sharing its types.
pub fn views(api: &Api, webhooks: Vec<Operation>) -> Webhooks {
    // Credentials are set up only when some webhook or callback asks for one.
    let needs_credentials = webhooks.iter().any(|op| !op.security.alternatives.is_empty());
    let schemes = if needs_credentials { api.security_schemes.clone() } else { Vec::new() };
    let view = |operations: Vec<Operation>| Api {
        title: api.title.clone(),
        version: api.version.clone(),
        description: None,
        servers: Vec::new(),
        security_schemes: schemes.clone(),
        operations,
        types: api.types.clone(),
        webhooks: None,
        formats: api.formats,
    };
    let mut webhooks = webhooks;
    for op in &mut webhooks {
        if let Some(callback) = &mut op.callback {
            let registering = api.operations.iter().find(|o| o.id == callback.registered_by);
            callback.request_body = registering.and_then(json_body).cloned();
        }
    }
    // The sender posts to the URL it is given, as it is.
    let sent = webhooks
        .iter()
        .cloned()
        .map(|mut op| {
            op.path = String::new();
            op.segments = Vec::new();
            op
        })
        .collect();
    Webhooks { sender: view(sent), receiver: view(webhooks) }
}

/// An operation's JSON request body, when it has one with a schema.
fn json_body(op: &Operation) -> Option<&crate::model::Shape> {
    let content = crate::model::Content::chosen(&op.body.as_ref()?.contents)?;
    (content.kind == crate::model::MediaKind::Json).then_some(content.shape.as_ref()?)
}
