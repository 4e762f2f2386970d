//! What a request or response body is in Rust, chosen from its media types:
//! the first JSON content with a schema is typed; text is a `String`; other
//! media types are bytes.

use apiforge_ir::{Api, Content, MediaKind, Response, StatusSpec};
use proc_macro2::{Ident, TokenStream};
use quote::quote;

use crate::names::ident;
use crate::rust_type::{optional_type, Scope};

/// How a body travels.
pub enum Payload {
    /// No body.
    Empty,
    /// JSON of the given type.
    Json(TokenStream),
    /// A form (`application/x-www-form-urlencoded`) of the given type.
    Form(TokenStream),
    /// `multipart/form-data`: named text and file parts.
    Multipart,
    /// UTF-8 text, with its media type.
    Text(String),
    /// Raw bytes, with their media type.
    Bytes(String),
    /// Server-sent events whose `data` is of type `data`: JSON (`json`),
    /// else text.
    Events { data: TokenStream, json: bool },
}

/// Which side of the wire holds a body: the side that sends a binary body
/// may stream it, the side that receives it has it in memory.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Sent,
    Received,
}

impl Payload {
    /// The Rust type of the body, if any, as `direction` holds it.
    pub fn rust_type(&self, direction: Direction) -> Option<TokenStream> {
        match self {
            Payload::Empty => None,
            Payload::Json(ty) | Payload::Form(ty) => Some(ty.clone()),
            Payload::Multipart => Some(quote!(rt::Multipart)),
            Payload::Text(_) => Some(quote!(String)),
            Payload::Bytes(_) if direction == Direction::Sent => Some(quote!(rt::Binary)),
            Payload::Bytes(_) => Some(quote!(rt::Bytes)),
            Payload::Events { data, .. } => Some(quote!(rt::Events<#data>)),
        }
    }
}

/// A value chosen for a text or binary body (or a part of one), as the text
/// sent: a string as it is, another value as JSON.
pub fn body_text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// The body of a set of contents (of a request body or a response).
pub fn payload(api: &Api, contents: &[Content], scope: Scope) -> Payload {
    let Some(content) = Content::chosen(contents) else { return Payload::Empty };
    let media = content.media_type.clone();
    match (content.kind, &content.shape) {
        (MediaKind::Json, Some(shape)) => Payload::Json(optional_type(api, shape, false, scope)),
        (MediaKind::Json, None) => Payload::Json(quote!(rt::serde_json::Value)),
        (MediaKind::FormUrlEncoded, Some(shape)) => Payload::Form(optional_type(api, shape, false, scope)),
        (MediaKind::Multipart, _) if media.starts_with("multipart/form-data") => Payload::Multipart,
        (MediaKind::EventStream, Some(shape)) if !matches!(shape.ty, apiforge_ir::Ty::String(_)) => {
            Payload::Events { data: optional_type(api, shape, false, scope), json: true }
        }
        (MediaKind::EventStream, _) => Payload::Events { data: quote!(String), json: false },
        (MediaKind::Text, _) => Payload::Text(media),
        _ => Payload::Bytes(media),
    }
}

/// Statements checking a request body (`field`, the place that holds it:
/// `self.body`, `request.body`) against the rules of its schema, for JSON
/// and form bodies that have any.
pub fn request_body_checks(api: &Api, op: &apiforge_ir::Operation, field: &TokenStream) -> Option<TokenStream> {
    let body = op.body.as_ref()?;
    let shape = checked_body_shape(op)?;
    let checks = crate::validation::value_checks(api, "body", &quote!(value), shape)?;
    // An optional body is an `Option`, and so is a nullable one.
    Some(if body.required && !shape.nullable {
        quote!({ let value = &#field; #checks })
    } else if body.required || !shape.nullable {
        quote!(if let Some(value) = &#field { #checks })
    } else {
        quote!(if let Some(Some(value)) = &#field { #checks })
    })
}

/// The checks of an operation's request body as one expression over
/// `value` (a reference to the body without the `Option` of a nullable
/// one), and whether the body is nullable.
pub fn request_body_check(api: &Api, op: &apiforge_ir::Operation, value: &TokenStream) -> Option<(TokenStream, bool)> {
    let shape = checked_body_shape(op)?;
    Some((crate::validation::value_check(api, "body", value, shape)?, shape.nullable))
}

/// The schema of a JSON or form request body, the kinds that are checked.
fn checked_body_shape(op: &apiforge_ir::Operation) -> Option<&apiforge_ir::Shape> {
    let content = Content::chosen(&op.body.as_ref()?.contents)?;
    if !matches!(content.kind, MediaKind::Json | MediaKind::FormUrlEncoded) {
        return None;
    }
    content.shape.as_ref()
}

/// The request body of an operation and whether it is required; None when
/// the operation takes no body.
pub fn request_body(api: &Api, op: &apiforge_ir::Operation) -> Option<(Payload, bool)> {
    let body = op.body.as_ref()?;
    match payload(api, &body.contents, Scope::Sibling) {
        Payload::Empty => None,
        p => Some((p, body.required)),
    }
}

/// The parts of a response variant: its name, whether it carries the
/// status (ranges and `default`), its body and its headers type.
pub struct Variant {
    pub name: Ident,
    pub carries_status: bool,
    pub body: Payload,
    pub headers: Option<TokenStream>,
}

pub fn variant(api: &Api, response: &Response, scope: Scope) -> Variant {
    let headers = response.headers_type.as_ref().map(|name| {
        let name = ident(name);
        match scope {
            Scope::Types { .. } => quote!(#name),
            Scope::Sibling => quote!(super::types::#name),
        }
    });
    Variant {
        name: ident(&response.variant_name),
        carries_status: !matches!(response.status, StatusSpec::Code(_)),
        body: payload(api, &response.contents, scope),
        headers,
    }
}

impl Variant {
    /// The variant's declaration in an enum of responses `direction` holds.
    pub fn declaration(&self, description: &str, direction: Direction) -> TokenStream {
        self.declaration_marked(description, None, direction)
    }

    /// [`Variant::declaration`] with an attribute after its doc comment.
    pub fn declaration_marked(
        &self,
        description: &str,
        mark: Option<TokenStream>,
        direction: Direction,
    ) -> TokenStream {
        let name = &self.name;
        let doc = crate::names::doc([Some(description)]);
        let doc = quote!(#doc #mark);
        let body = self.body.rust_type(direction);
        if !self.carries_status && self.headers.is_none() {
            return match body {
                Some(body) => quote!(#doc #name(#body),),
                None => quote!(#doc #name,),
            };
        }
        let status = self.carries_status.then(|| quote!(status: u16,));
        let body = body.map(|b| quote!(body: #b,));
        let headers = self.headers.as_ref().map(|h| quote!(headers: #h,));
        quote!(#doc #name { #status #body #headers },)
    }

    /// Whether the variant holds anything: a status, a body or headers.
    pub fn has_data(&self) -> bool {
        self.carries_status || self.headers.is_some() || !matches!(self.body, Payload::Empty)
    }

    /// A pattern matching the variant whatever it holds: `Self::A`,
    /// `Self::A(_)` or `Self::A { .. }` (with `prefix` for `Self`), as the
    /// variant is declared.
    pub fn any_pattern(&self, prefix: &TokenStream) -> TokenStream {
        let name = &self.name;
        match (self.carries_status || self.headers.is_some(), &self.body) {
            (true, _) => quote!(#prefix::#name { .. }),
            (false, Payload::Empty) => quote!(#prefix::#name),
            (false, _) => quote!(#prefix::#name(_)),
        }
    }

    /// A pattern or constructor for the variant from local bindings named
    /// `status`, `body` and `headers`.
    pub fn construct(&self, prefix: &TokenStream) -> TokenStream {
        let name = &self.name;
        if !self.carries_status && self.headers.is_none() {
            return match self.body {
                Payload::Empty => quote!(#prefix::#name),
                _ => quote!(#prefix::#name(body)),
            };
        }
        let status = self.carries_status.then(|| quote!(status,));
        let body = (!matches!(self.body, Payload::Empty)).then(|| quote!(body,));
        let headers = self.headers.as_ref().map(|_| quote!(headers,));
        quote!(#prefix::#name { #status #body #headers })
    }
}
