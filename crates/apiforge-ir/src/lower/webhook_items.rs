//! The path items of the spec's webhooks and its operations' callbacks,
//! read for lowering as operations, and the components the webhooks use
//! (see [`crate::passes`] for what follows).

use std::collections::{BTreeMap, HashSet};

use openapiv3::{Components, OpenAPI, PathItem, ReferenceOr};
use serde_json::Value;

use super::operation::{derived_id, methods};
use crate::diagnostic::{pointer_child, pointer_push, Diagnostic};

/// A webhook's or a callback's path item, with the path a receiver serves
/// it at and where it is in the document.
pub struct PathItemAt {
    pub path: String,
    pub pointer: String,
    pub item: PathItem,
    /// For a callback: the operationId that registers it, and its URL
    /// expression.
    pub callback: Option<(String, String)>,
}

/// Every webhook (`/{name}`) and every operation's callback
/// (`/{operationId}/{callback}`). Each operation of them needs no
/// credential unless it declares one: the document's `security` is for its
/// own operations.
pub fn path_items(
    doc: &OpenAPI,
    callbacks: &BTreeMap<String, serde_json::Map<String, Value>>,
) -> Result<Vec<PathItemAt>, Vec<Diagnostic>> {
    let mut items = Vec::new();
    let mut errors = Vec::new();
    let mut read = |path: String, pointer: String, item: &Value, callback: Option<(String, String)>| {
        let mut item = item.clone();
        without_path_parameters(&mut item);
        // 3.1 lets an operation leave out `responses`; the model needs them.
        for op in item.as_object_mut().into_iter().flat_map(|i| i.values_mut()).filter(|op| op.is_object()) {
            without_path_parameters(op);
            if let Some(op) = op.as_object_mut() {
                op.entry("responses").or_insert_with(|| Value::Object(serde_json::Map::new()));
            }
        }
        match serde_json::from_value::<PathItem>(item) {
            Ok(item) => items.push(PathItemAt { path, pointer, item, callback }),
            Err(e) => errors.push(Diagnostic::at(pointer, format!("not a path item: {e}"))),
        }
    };
    if let Some(Value::Object(webhooks)) = doc.extensions.get("x-webhooks") {
        for (name, item) in webhooks {
            read(format!("/{name}"), pointer_push("#/x-webhooks", name), item, None);
        }
    }
    for (path, item) in doc.paths.iter() {
        let ReferenceOr::Item(item) = item else { continue };
        for (method, op) in methods(item) {
            let op_pointer = pointer_push(&pointer_push("#/paths", path), &method.as_str().to_ascii_lowercase());
            let Some(callbacks) = callbacks.get(&op_pointer) else { continue };
            let id = op.operation_id.clone().unwrap_or_else(|| derived_id(method, path));
            for (name, callback) in callbacks {
                let at = pointer_push(&pointer_child(&op_pointer, "callbacks"), name);
                for (expression, item) in callback.as_object().into_iter().flatten() {
                    let callback = Some((id.clone(), expression.clone()));
                    read(format!("/{id}/{name}"), pointer_push(&at, expression), item, callback);
                }
            }
        }
    }
    for at in &mut items {
        for op in [
            &mut at.item.get,
            &mut at.item.put,
            &mut at.item.post,
            &mut at.item.delete,
            &mut at.item.options,
            &mut at.item.head,
            &mut at.item.patch,
            &mut at.item.trace,
        ]
        .into_iter()
        .flatten()
        {
            op.security.get_or_insert_with(Vec::new);
        }
    }
    if errors.is_empty() {
        Ok(items)
    } else {
        Err(errors)
    }
}

/// Drops the path parameters of a webhook's or callback's path item or
/// operation: they name parts of the URL expression (`{$request.body#/url}`,
/// `{webhookURL}`), which the sender is given whole.
fn without_path_parameters(holder: &mut Value) {
    let Some(Value::Array(parameters)) = holder.as_object_mut().and_then(|h| h.get_mut("parameters")) else { return };
    parameters.retain(|parameter| parameter.get("in").and_then(Value::as_str) != Some("path"));
}

/// What the spec's webhooks use, read whether or not they are generated:
/// without them, the types only they use are left out.
pub struct WebhookUse {
    /// How many webhooks the spec declares.
    pub count: usize,
    /// The JSON pointers of the components they use, directly or through
    /// other components (request bodies, responses, schemas).
    pub components: HashSet<String>,
}

pub fn webhook_use(doc: &OpenAPI) -> WebhookUse {
    let Some(webhooks) = doc.extensions.get("x-webhooks") else {
        return WebhookUse { count: 0, components: HashSet::new() };
    };
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
    WebhookUse { count: webhooks.as_object().map_or(0, |webhooks| webhooks.len()), components: seen }
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
