//! Rejections in the bodies an operation declares for the statuses a
//! request is rejected with before its handler runs.

use apiforge_ir::{Api, Operation, Shape, StringFormat, Ty, TypeKind};
use proc_macro2::TokenStream;
use quote::{quote, ToTokens};

use crate::literal::unsigned;
use crate::names::doc;
use crate::rust_type::{optional_type, Scope};

use super::{reject_name, rt};

/// The statuses a request is rejected with before its handler runs.
const REJECTION_STATUSES: [u16; 6] = [400, 401, 413, 415, 422, 500];

/// Which function renders each routed operation's rejections. Operations
/// that declare the same bodies for the rejection statuses share one,
/// named after the first of them (GitHub's hundreds of operations share a
/// handful); those that declare none use the runtime's plain rendering.
pub(super) struct Renderers<'a> {
    /// For each routed operation, the index of its renderer's owner.
    pub(super) of_operation: Vec<Option<usize>>,
    /// The operations whose names the renderers take.
    pub(super) owners: Vec<&'a Operation>,
}

impl<'a> Renderers<'a> {
    pub(super) fn of(api: &Api, routed: &[&'a Operation]) -> Renderers<'a> {
        // Few distinct declarations, so a list (shapes hold floats, which
        // have no `Hash`).
        let mut by_bodies: Vec<(RejectionBodies, Option<usize>)> = Vec::new();
        let mut owners = Vec::new();
        let of_operation = routed
            .iter()
            .map(|&op| {
                let bodies = rejection_bodies(op);
                if let Some((_, renderer)) = by_bodies.iter().find(|(known, _)| *known == bodies) {
                    return *renderer;
                }
                let renderer = rejection_renderer(api, op).map(|_| {
                    owners.push(op);
                    owners.len() - 1
                });
                by_bodies.push((bodies, renderer));
                renderer
            })
            .collect();
        Renderers { of_operation, owners }
    }
}

/// The JSON body (shape and media type) an operation declares for each
/// rejection status: two operations declaring the same render rejections
/// the same way.
type RejectionBodies<'a> = [Option<(&'a Shape, &'a str)>; REJECTION_STATUSES.len()];

fn rejection_bodies(op: &Operation) -> RejectionBodies<'_> {
    REJECTION_STATUSES.map(|status| declared_json(op, status))
}

/// The JSON body an operation declares for `status`: its shape and its
/// media type.
fn declared_json(op: &Operation, status: u16) -> Option<(&Shape, &str)> {
    let response = op.response_for(status)?;
    let content = response.contents.iter().find(|c| c.kind == apiforge_ir::MediaKind::Json)?;
    Some((content.shape.as_ref()?, &content.media_type))
}

/// The JSON media type of a response's chosen content
/// (`application/problem+json`).
pub(super) fn json_media_type(contents: &[apiforge_ir::Content]) -> Option<&str> {
    apiforge_ir::Content::chosen(contents)
        .filter(|c| c.kind == apiforge_ir::MediaKind::Json)
        .map(|c| c.media_type.as_str())
}

/// Renders rejections in the bodies an operation declares: in the body
/// shape the spec declares for the status where it declares one, else
/// `{"message": ...}`. None when the operation declares no body for any
/// rejection status.
pub(super) fn rejection_renderer(api: &Api, op: &Operation) -> Option<TokenStream> {
    let rt = rt();
    let name = reject_name(op);
    let arms: Vec<TokenStream> = REJECTION_STATUSES
        .into_iter()
        .filter_map(|status| {
            let (shape, media) = declared_json(op, status)?;
            let value = match shape.ty {
                Ty::String(_) => quote!(#rt::Json::from(rejection.message.as_str())),
                _ => fill(api, shape, status, 0)?.0,
            };
            let ty = optional_type(api, shape, false, Scope::Sibling);
            let status = unsigned(status);
            Some(quote! {
                #status => #rt::declared_body::<#ty>(#status, #media, #value, &rejection.message),
            })
        })
        .collect();
    if arms.is_empty() {
        return None;
    }
    let docs = doc([Some(
        format!(
            "Renders rejections in the bodies `{}` declares, for it and every operation declaring the same.",
            op.id
        )
        .as_str(),
    )]);
    Some(quote! {
        #docs
        fn #name(rejection: &Rejection) -> Response {
            match rejection.status {
                #( #arms )*
                status => #rt::message(status, &rejection.message),
            }
        }
    })
}

/// A JSON value of `shape` describing a rejection: message-like fields
/// get the message (directly, or in the one entry of a list of issues),
/// status-like fields the status, identifiers a request id, and the other
/// required fields an empty value of their type; with whether the message
/// found a place. A shape with no place for it still gets a value of its
/// own: an answer of the declared shape says less, one of another breaks
/// the spec. None for a shape that is not an object (or nests too deep).
fn fill(api: &Api, shape: &Shape, status: u16, depth: usize) -> Option<(TokenStream, bool)> {
    let TypeKind::Struct(s) = &api.type_def(named(shape)?).kind else { return None };
    if depth > 3 {
        return None;
    }
    let mut entries = Vec::new();
    let mut has_message = false;
    for field in &s.fields {
        let key = field.wire_name.to_ascii_lowercase().replace(['_', '-'], "");
        let role = Role::of(&key);
        if !field.required && !matches!(role, Role::Message | Role::Issues) {
            continue;
        }
        let wire = &field.wire_name;
        let (value, carries) = field_value(api, &field.shape, role, status, depth)?;
        // An optional list of issues is sent only with the message in it.
        if !field.required && !carries {
            continue;
        }
        has_message |= carries;
        entries.push(quote!((#wire, #value)));
    }
    let rt = rt();
    Some((quote!(#rt::json_object([#( #entries ),*])), has_message))
}

fn named(shape: &Shape) -> Option<apiforge_ir::TypeId> {
    match shape.ty {
        Ty::Named(id) => Some(id),
        _ => None,
    }
}

#[derive(PartialEq, Eq, Clone, Copy)]
enum Role {
    Message,
    Error,
    Code,
    Status,
    RequestId,
    /// A list of problems (`issues`, `errors`): one entry with the message.
    Issues,
    Other,
}

impl Role {
    fn of(key: &str) -> Role {
        match key {
            "message" | "msg" | "errormessage" | "detail" | "description" => Role::Message,
            "error" | "title" | "reason" => Role::Error,
            "code" | "errorcode" | "type" => Role::Code,
            "status" | "statuscode" | "httpstatus" => Role::Status,
            "reqid" | "requestid" | "traceid" | "correlationid" => Role::RequestId,
            "issues" | "errors" | "problems" => Role::Issues,
            _ => Role::Other,
        }
    }
}

/// A field's value in a rejection's body (see [`fill`]), and whether it
/// carries the message.
fn field_value(api: &Api, shape: &Shape, role: Role, status: u16, depth: usize) -> Option<(TokenStream, bool)> {
    let rt = rt();
    let message = quote!(#rt::Json::from(rejection.message.as_str()));
    Some(match (&shape.ty, role) {
        (Ty::String(_) | Ty::Any, Role::Message) => (message, true),
        (Ty::Array(items), Role::Message) if matches!(items.ty, Ty::String(_)) => {
            (quote!(#rt::json_array([#message])), true)
        }
        (Ty::Array(items), Role::Issues) => match fill(api, items, status, depth + 1) {
            Some((item, true)) => (quote!(#rt::json_array([#item])), true),
            _ => (quote!(#rt::json_array([])), false),
        },
        (Ty::Named(id), _) if matches!(api.type_def(*id).kind, TypeKind::Struct(_)) => {
            fill(api, shape, status, depth + 1).unwrap_or_else(|| (quote!(#rt::json_object([])), false))
        }
        _ => (placed_value(api, shape, role, status)?, false),
    })
}

/// A value for a field that does not carry the message.
fn placed_value(api: &Api, shape: &Shape, role: Role, status: u16) -> Option<TokenStream> {
    let rt = rt();
    let reason = reason(status);
    let code = reason.to_ascii_uppercase().replace(' ', "_");
    let json = |value: TokenStream| quote!(#rt::Json::from(#value));
    Some(match (&shape.ty, role) {
        (Ty::String(_), Role::Error) => json(quote!(#reason)),
        (Ty::String(_), Role::Code) => json(quote!(#code)),
        (Ty::String(StringFormat::Plain), Role::RequestId) => json(quote!(#rt::request_id())),
        (Ty::String(_), Role::Status) => {
            let text = status.to_string();
            json(quote!(#text))
        }
        (Ty::Integer(_) | Ty::Number(_), Role::Status | Role::Code) => json(unsigned(status).into_token_stream()),
        (Ty::Named(id), role) => match &api.type_def(*id).kind {
            TypeKind::Enum(e) => {
                let wanted = if matches!(role, Role::Status | Role::Code) {
                    e.variants
                        .iter()
                        .find(|v| v.value.as_i64() == Some(status as i64) || v.value.as_str() == Some(&code))
                } else {
                    None
                };
                match &wanted.or(e.variants.first())?.value {
                    serde_json::Value::String(text) => json(quote!(#text)),
                    other => json(crate::literal::int(other.as_i64()?)),
                }
            }
            _ => quote!(#rt::Json::Null),
        },
        _ if shape.nullable => quote!(#rt::Json::Null),
        (Ty::String(format), _) => {
            let text = placeholder(*format);
            json(quote!(#text))
        }
        (Ty::Integer(_) | Ty::Number(_), _) => json(quote!(0)),
        (Ty::Boolean, _) => quote!(#rt::Json::Bool(false)),
        (Ty::Array(_), _) => quote!(#rt::json_array([])),
        (Ty::Map(_), _) => quote!(#rt::json_object([])),
        (Ty::Any, _) => quote!(#rt::Json::Null),
    })
}

/// A text of `format` for a field a rejection has nothing to say in.
fn placeholder(format: StringFormat) -> &'static str {
    match format {
        StringFormat::DateTime => "1970-01-01T00:00:00Z",
        StringFormat::Date => "1970-01-01",
        StringFormat::Time => "00:00:00Z",
        StringFormat::Uuid => "00000000-0000-0000-0000-000000000000",
        StringFormat::Uri => "about:blank",
        StringFormat::Email => "nobody@example.com",
        StringFormat::Ipv4 => "0.0.0.0",
        StringFormat::Ipv6 => "::",
        StringFormat::Plain | StringFormat::Binary | StringFormat::Byte => "",
    }
}

fn reason(status: u16) -> &'static str {
    http::StatusCode::from_u16(status).ok().and_then(|status| status.canonical_reason()).unwrap_or("Error")
}
