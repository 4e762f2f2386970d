//! The sender's and receiver's views of the lowered webhooks and callbacks.
//! What the spec declares of them (3.1 `webhooks`, or the `x-webhooks`
//! extension 3.0 specs write them in; the loader moves the former to the
//! latter) is read by `lower::webhook_items`.

use crate::model::{Api, Operation, Webhooks};

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
