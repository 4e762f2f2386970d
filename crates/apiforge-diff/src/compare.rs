//! Operations, parameters, bodies, responses and security, matched between
//! the two APIs; the shapes they hold are compared by [`crate::shape`].

use std::collections::HashMap;

use apiforge_ir::{Api, Content, Operation, Param, ParamLocation, PathSegment, RequestBody, Response, Security};

use crate::record::{Breaks, Direction, Recorder};
use crate::shape::Shapes;
use crate::Change;

pub(crate) fn changes(old: &Api, new: &Api) -> Vec<Change> {
    let mut recorder = Recorder { changes: Vec::new(), operation: String::new() };
    let mut shapes = Shapes::new(old, new);
    let old_by_endpoint: HashMap<String, &Operation> = old.operations.iter().map(|op| (endpoint(op), op)).collect();
    let mut matched = std::collections::HashSet::new();
    for new_op in &new.operations {
        recorder.operation = label(new_op);
        match old_by_endpoint.get(&endpoint(new_op)) {
            Some(old_op) => {
                matched.insert(endpoint(old_op));
                operation(&mut recorder, &mut shapes, old_op, new_op);
            }
            None => recorder.record(
                "operation-added",
                &new_op.pointer,
                Breaks::Neither,
                format!("new operation: `Client::{}`, `Api::{}`", new_op.fn_name, new_op.fn_name),
            ),
        }
    }
    for old_op in old.operations.iter().filter(|op| !matched.contains(&endpoint(op))) {
        recorder.operation = label(old_op);
        recorder.record(
            "operation-removed",
            &old_op.pointer,
            Breaks::Both,
            format!("the operation is removed: `Client::{}` and `Api::{}` are gone", old_op.fn_name, old_op.fn_name),
        );
    }
    recorder.changes
}

/// An operation's method and path, its parameters' names left out, so that
/// renaming `{id}` to `{thing_id}` is not a new operation.
fn endpoint(op: &Operation) -> String {
    let mut path = String::new();
    let mut in_param = false;
    for c in op.path.chars() {
        match c {
            '{' => {
                in_param = true;
                path.push_str("{}");
            }
            '}' => in_param = false,
            _ if in_param => {}
            _ => path.push(c),
        }
    }
    format!("{} {path}", op.method.as_str())
}

fn label(op: &Operation) -> String {
    format!("{} {} ({})", op.method.as_str(), op.path, op.id)
}

fn operation(recorder: &mut Recorder, shapes: &mut Shapes, old: &Operation, new: &Operation) {
    if old.fn_name != new.fn_name {
        recorder.record(
            "operation-renamed",
            &new.pointer,
            Breaks::Both,
            format!(
                "the operationId is now `{}`: `{}` is renamed `{}` in the client and the server",
                new.id, old.fn_name, new.fn_name
            ),
        );
    }
    if !old.deprecated && new.deprecated {
        recorder.record("operation-deprecated", &new.pointer, Breaks::Neither, "the operation is deprecated".into());
    }
    parameters(recorder, shapes, old, new);
    body(recorder, shapes, old.body.as_ref(), new.body.as_ref(), &new.pointer);
    responses(recorder, shapes, &old.responses, &new.responses, &new.pointer);
    security(recorder, &old.security, &new.security, &new.pointer);
}

/// What identifies each parameter on the wire, in the operation's order:
/// its place in the path for a path parameter (its name there is the
/// spec's alone), else where it travels and its name (headers in any case).
fn param_keys(op: &Operation) -> Vec<(ParamLocation, String)> {
    let path_order: Vec<usize> = op
        .segments
        .iter()
        .filter_map(|segment| match segment {
            PathSegment::Param(index) => Some(*index),
            PathSegment::Literal(_) => None,
        })
        .collect();
    op.params
        .iter()
        .enumerate()
        .map(|(index, param)| match param.location {
            ParamLocation::Path => {
                let place = path_order.iter().position(|&i| i == index).unwrap_or(usize::MAX);
                (param.location, format!("#{place}"))
            }
            _ => (param.location, param.wire_name.to_ascii_lowercase()),
        })
        .collect()
}

fn parameters(recorder: &mut Recorder, shapes: &mut Shapes, old: &Operation, new: &Operation) {
    let at = format!("{}/parameters", new.pointer);
    let (old_keys, new_keys) = (param_keys(old), param_keys(new));
    for (param, key) in new.params.iter().zip(&new_keys) {
        let what = format!("{} parameter `{}`", location_name(param), param.wire_name);
        let Some(before) = old_keys.iter().position(|k| k == key).map(|index| &old.params[index]) else {
            let (kind, breaks, rule) = if param.required {
                ("parameter-added-required", Breaks::Clients, "required: every call must now pass it")
            } else {
                ("parameter-added", Breaks::Neither, "optional")
            };
            recorder.record(kind, &at, breaks, format!("new {what} (`{}`), {rule}", param.rust_name));
            continue;
        };
        if before.rust_name != param.rust_name {
            recorder.record_rust(
                "parameter-renamed",
                &at,
                Breaks::Servers,
                format!(
                    "{what} was `{}`: the request field `{}` is now `{}`",
                    before.wire_name, before.rust_name, param.rust_name
                ),
            );
        }
        match (before.required, param.required) {
            (false, true) => recorder.record(
                "parameter-required",
                &at,
                Breaks::Clients,
                format!("{what} is now required: calls that leave it out are refused"),
            ),
            (true, false) => recorder.record_rust(
                "parameter-optional",
                &at,
                Breaks::Servers,
                format!("{what} is now optional: handlers may get none (its field becomes an `Option`)"),
            ),
            _ => {}
        }
        shapes.compare(recorder, &before.shape, &param.shape, Direction::Request, &at, &what);
    }
    let removed = old.params.iter().zip(&old_keys).filter(|(_, key)| !new_keys.contains(key));
    for (param, _) in removed {
        recorder.record(
            "parameter-removed",
            &format!("{}/parameters", old.pointer),
            Breaks::Both,
            format!("{} parameter `{}` is removed (`{}`)", location_name(param), param.wire_name, param.rust_name),
        );
    }
}

fn location_name(param: &Param) -> &'static str {
    match param.location {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
    }
}

fn body(recorder: &mut Recorder, shapes: &mut Shapes, old: Option<&RequestBody>, new: Option<&RequestBody>, op: &str) {
    let at = format!("{op}/requestBody");
    match (old, new) {
        (None, None) => {}
        (None, Some(new)) => {
            let (kind, breaks) =
                if new.required { ("body-added-required", Breaks::Clients) } else { ("body-added", Breaks::Neither) };
            let rule = if new.required { "required" } else { "optional" };
            recorder.record(kind, &at, breaks, format!("new request body, {rule}"));
        }
        (Some(_), None) => recorder.record("body-removed", &at, Breaks::Both, "the request body is removed".into()),
        (Some(old), Some(new)) => {
            match (old.required, new.required) {
                (false, true) => {
                    recorder.record("body-required", &at, Breaks::Clients, "the request body is now required".into())
                }
                (true, false) => recorder.record_rust(
                    "body-optional",
                    &at,
                    Breaks::Servers,
                    "the request body is now optional: handlers may get none".into(),
                ),
                _ => {}
            }
            contents(recorder, shapes, &old.contents, &new.contents, Direction::Request, &at, "the request body");
        }
    }
}

fn responses(recorder: &mut Recorder, shapes: &mut Shapes, old: &[Response], new: &[Response], op: &str) {
    for response in new {
        let at = format!("{op}/responses/{}", status_text(response));
        let what = format!("the {} response", status_text(response));
        let Some(before) = old.iter().find(|r| r.status == response.status) else {
            // An old client reads a new success as an unexpected status; a
            // new error status was an error to it already.
            let breaks = if response.status.is_success() { Breaks::Clients } else { Breaks::Neither };
            recorder.record_rust(
                "response-added",
                &at,
                breaks,
                format!("new response {} (`{}`)", status_text(response), response.variant_name),
            );
            continue;
        };
        contents(recorder, shapes, &before.contents, &response.contents, Direction::Response, &at, &what);
        for header in &response.headers {
            match before.headers.iter().find(|h| h.wire_name.eq_ignore_ascii_case(&header.wire_name)) {
                None if header.required => recorder.record(
                    "response-header-added-required",
                    &at,
                    Breaks::Servers,
                    format!("{what} has a new required header `{}`", header.wire_name),
                ),
                None => recorder.record(
                    "response-header-added",
                    &at,
                    Breaks::Neither,
                    format!("{what} has a new header `{}`", header.wire_name),
                ),
                Some(old_header) => {
                    let name = format!("header `{}` of {what}", header.wire_name);
                    shapes.compare(recorder, &old_header.shape, &header.shape, Direction::Response, &at, &name)
                }
            }
        }
        for header in before
            .headers
            .iter()
            .filter(|h| h.required && !response.headers.iter().any(|n| n.wire_name.eq_ignore_ascii_case(&h.wire_name)))
        {
            recorder.record(
                "response-header-removed",
                &at,
                Breaks::Both,
                format!("the required header `{}` of {what} is removed", header.wire_name),
            );
        }
    }
    for response in old.iter().filter(|r| !new.iter().any(|n| n.status == r.status)) {
        recorder.record(
            "response-removed",
            &format!("{op}/responses/{}", status_text(response)),
            Breaks::Both,
            format!("response {} (`{}`) is removed", status_text(response), response.variant_name),
        );
    }
}

fn status_text(response: &Response) -> String {
    match response.status {
        apiforge_ir::StatusSpec::Code(code) => code.to_string(),
        apiforge_ir::StatusSpec::Range(hundreds) => format!("{hundreds}XX"),
        apiforge_ir::StatusSpec::Default => "default".into(),
    }
}

fn contents(
    recorder: &mut Recorder,
    shapes: &mut Shapes,
    old: &[Content],
    new: &[Content],
    direction: Direction,
    at: &str,
    what: &str,
) {
    match (Content::chosen(old), Content::chosen(new)) {
        (None, None) => {}
        (Some(old), Some(new)) if old.kind == new.kind => {
            if let (Some(old_shape), Some(new_shape)) = (&old.shape, &new.shape) {
                shapes.compare(recorder, old_shape, new_shape, direction, at, what);
            }
        }
        (old, new) => {
            let media =
                |c: Option<&Content>| c.map_or_else(|| "no body".to_string(), |c| format!("`{}`", c.media_type));
            recorder.record(
                "media-type-changed",
                at,
                Breaks::Both,
                format!("{what} changes from {} to {}", media(old), media(new)),
            );
        }
    }
}

fn security(recorder: &mut Recorder, old: &Security, new: &Security, op: &str) {
    let at = format!("{op}/security");
    let needs = |s: &Security| !s.alternatives.is_empty() && !s.optional;
    match (needs(old), needs(new)) {
        (false, true) => {
            recorder.record("security-added", &at, Breaks::Clients, "the operation now requires credentials".into())
        }
        (true, false) => recorder.record_rust(
            "security-removed",
            &at,
            Breaks::Neither,
            "the operation no longer requires credentials".into(),
        ),
        _ => {}
    }
}
