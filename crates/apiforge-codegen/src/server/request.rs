//! An operation's typed request struct and response enum.

use apiforge_ir::{Api, Operation, Param, Response, StatusSpec};
use proc_macro2::{Ident, TokenStream};
use quote::quote;

use crate::literal::unsigned;
use crate::names::{doc, ident};
use crate::params::ordered_params;
use crate::payload::{request_body, variant, Direction, Payload, Variant};
use crate::rust_type::{rust_type, Scope};
use crate::size::{large_variant_allow, response_bound};

use super::auth::{auth_of, credential_query_keys, credential_type, Auth};
use super::reject::json_media_type;
use super::{request_name, response_name, rt};

/// A request field's doc: where the parameter travels, and its
/// description, whose first paragraph is enough where the client's setter
/// has it in full.
fn param_doc(param: &Param, with_client: bool) -> TokenStream {
    let location = param.location;
    let wire = &param.wire_name;
    let Some(description) = param.description.as_deref().map(str::trim).filter(|d| !d.is_empty()) else {
        return doc([Some(format!("The {location} parameter `{wire}`.").as_str())]);
    };
    let description = in_brief(description, with_client);
    // The location leads the first line, unless that line opens a
    // Markdown block (a fence, a list, a heading) that it would break.
    if opens_block(description) {
        let what = format!("The {location} parameter `{wire}`.");
        return doc([Some(description), Some(what.as_str())]);
    }
    let mut location = location.to_string();
    location[..1].make_ascii_uppercase();
    doc([Some(format!("{location} parameter `{wire}`: {description}").as_str())])
}

/// A description as the server documents it: its first paragraph where
/// the client, generated beside it, has it in full.
pub(super) fn in_brief(description: &str, with_client: bool) -> &str {
    match description.split_once("\n\n") {
        Some((first, _)) if with_client => first,
        _ => description,
    }
}

/// Whether Markdown text starts with a block other than a paragraph.
fn opens_block(text: &str) -> bool {
    let ordered = text.trim_start_matches(|c: char| c.is_ascii_digit());
    let numbered = ordered.len() < text.len() && (ordered.starts_with(". ") || ordered.starts_with(") "));
    let marked = ["```", "~~~", "#", "- ", "* ", "+ ", ">", "|", "<"].iter().any(|mark| text.starts_with(mark));
    numbered || marked
}

pub(super) fn operation_types(api: &Api, op: &Operation, with_client: bool) -> TokenStream {
    let request = request_name(op);
    let response = response_name(op);
    // Each field's name, doc and type.
    let mut fields: Vec<(Ident, TokenStream, TokenStream)> = Vec::new();
    for param in ordered_params(op) {
        // A parameter is present or absent; `nullable` has no meaning for it.
        let ty = rust_type(api, &param.shape, Scope::Sibling);
        let ty = if param.required { ty } else { quote!(Option<#ty>) };
        fields.push((ident(&param.rust_name), param_doc(param, with_client), ty));
    }
    if let Some((payload, required)) = request_body(api, op) {
        let ty = payload.rust_type(Direction::Received);
        let ty = if required { quote!(#ty) } else { quote!(Option<#ty>) };
        let docs = doc([op.body.as_ref().and_then(|b| b.description.as_deref()), Some("The request body.")]);
        fields.push((ident("body"), docs, ty));
    }
    match auth_of(op) {
        Auth::None => {}
        Auth::Single(id) => {
            let key = &api.security_scheme(id).key;
            let what = format!("The `{key}` credential (present; checking it is the handler's part).");
            fields.push((ident("auth"), doc([Some(what.as_str())]), credential_type(api, id)));
        }
        Auth::Several => fields.push((ident("auth"), doc([Some("The credentials sent.")]), quote!(Credentials))),
    }
    let declared_fields = fields.iter().map(|(name, docs, ty)| quote!(#docs pub #name: #ty,));
    let request_doc = doc([Some(format!("A parsed `{} {}` request.", op.method.as_str(), op.path).as_str())]);
    let variants: Vec<Variant> = op.responses.iter().map(|r| variant(api, r, Scope::Sibling)).collect();
    // `Unimplemented` is one more variant, without data.
    let allow = large_variant_allow(op.responses.iter().map(|r| response_bound(api, r)).chain([Some(0)]));
    // Variants of one status and at most a body are sent by the derive;
    // an enum with others (headers, a range's status) has its impl here.
    let derived = variants.iter().all(|v| !v.carries_status && v.headers.is_none());
    let declarations = variants.iter().zip(&op.responses).map(|(v, r)| {
        let mark = match r.status {
            StatusSpec::Code(code) if derived => Some(sending(r, v).mark(code)),
            _ => None,
        };
        v.declaration_marked(&r.description, mark, Direction::Sent)
    });
    let response_doc = doc([Some(format!("Every answer `{}` declares, one variant per status.", op.id).as_str())]);
    let rt = rt();
    let (derive_response, unimplemented_mark, response_impl) = if derived {
        (quote!(#[derive(Debug, #rt::IntoResponse)]), Some(quote!(#[unimplemented])), None)
    } else {
        let arms = op.responses.iter().map(|r| response_arm(api, r));
        let response_impl = quote! {
            impl IntoResponse for #response {
                fn into_response(self) -> Response {
                    match self {
                        #( #arms )*
                        Self::Unimplemented => #rt::unimplemented(),
                    }
                }
            }
        };
        (quote!(#[derive(Debug)]), None, Some(response_impl))
    };
    let query_keys = credential_query_keys(api, op);
    let (derive_debug, debug_impl) = if query_keys.is_empty() {
        (Some(quote!(#[derive(Debug)])), None)
    } else {
        let field_names = fields.iter().map(|(name, ..)| name);
        let labels = fields.iter().map(|(name, ..)| apiforge_ir::naming::unraw(&name.to_string()).to_string());
        let debug = quote! {
            impl std::fmt::Debug for #request {
                fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.debug_struct(stringify!(#request))
                        #( .field(#labels, &self.#field_names) )*
                        .field("parts", &#rt::RedactedParts { parts: &self.parts, query_keys: &[#( #query_keys ),*] })
                        .finish()
                }
            }
        };
        (None, Some(debug))
    };
    quote! {
        #request_doc
        #derive_debug
        #[non_exhaustive]
        pub struct #request {
            #( #declared_fields )*
            /// The rest of the HTTP request (method, URI, headers, extensions).
            pub parts: http::request::Parts,
        }
        #debug_impl

        #response_doc
        #derive_response
        #allow
        pub enum #response {
            #( #declarations )*
            /// No handler yet: answers 501 Not Implemented (the trait's default).
            #unimplemented_mark
            Unimplemented,
        }
        #response_impl
    }
}

/// How a response's body is sent.
enum Sending {
    Empty,
    Json,
    /// JSON under another JSON media type (`application/problem+json`).
    JsonAs(String),
    Multipart,
    /// Text or bytes as they are, under their media type.
    Raw(String),
    Events {
        json: bool,
    },
}

fn sending(response: &Response, v: &Variant) -> Sending {
    match &v.body {
        Payload::Empty => Sending::Empty,
        Payload::Json(_) | Payload::Form(_) => match json_media_type(&response.contents) {
            Some(media) if media != "application/json" => Sending::JsonAs(media.to_string()),
            _ => Sending::Json,
        },
        Payload::Multipart => Sending::Multipart,
        Payload::Text(media) | Payload::Bytes(media) => Sending::Raw(media.to_string()),
        Payload::Events { json, .. } => Sending::Events { json: *json },
    }
}

impl Sending {
    /// The response, with the status `status` evaluates to and the
    /// variant's body bound as `body`.
    fn call(&self, status: &TokenStream) -> TokenStream {
        let rt = rt();
        match self {
            Sending::Empty => quote!(#rt::status_only(#status)),
            Sending::Json => quote!(#rt::json(#status, &body)),
            Sending::JsonAs(media) => quote!(#rt::json_as(#status, #media, &body)),
            Sending::Multipart => quote!(#rt::multipart(#status, &body)),
            Sending::Raw(media) => quote!(#rt::raw(#status, #media, body)),
            Sending::Events { json: true } => quote!(#rt::events(#status, body, #rt::json_event)),
            Sending::Events { json: false } => quote!(#rt::events(#status, body, #rt::text_event)),
        }
    }

    /// The mark that tells the `IntoResponse` derive the same.
    fn mark(&self, code: u16) -> TokenStream {
        let code = unsigned(code);
        let kind = match self {
            Sending::Empty | Sending::Json => None,
            Sending::JsonAs(media) => Some(quote!(, json = #media)),
            Sending::Multipart => Some(quote!(, multipart)),
            Sending::Raw(media) => Some(quote!(, raw = #media)),
            Sending::Events { json: true } => Some(quote!(, json_events)),
            Sending::Events { json: false } => Some(quote!(, text_events)),
        };
        quote!(#[status(#code #kind)])
    }
}

fn response_arm(api: &Api, response: &Response) -> TokenStream {
    let rt = rt();
    let v = variant(api, response, Scope::Sibling);
    let pattern = v.construct(&quote!(Self));
    // Ranges and `default` carry their status, checked before use.
    let (status, check) = match response.status {
        StatusSpec::Code(code) => {
            let code = unsigned(code);
            (quote!(#code), None)
        }
        StatusSpec::Range(_) | StatusSpec::Default => {
            let range = match response.status {
                StatusSpec::Range(r) => {
                    let r = unsigned(r);
                    quote!(Some(#r))
                }
                _ => quote!(None),
            };
            let check = quote! {
                let status = match #rt::in_range(status, #range) {
                    Ok(status) => status,
                    Err(response) => return *response,
                };
            };
            (quote!(status), Some(check))
        }
    };
    let render = sending(response, &v).call(&status);
    if response.headers.is_empty() {
        return match check {
            None => quote!(#pattern => #render,),
            Some(check) => quote!(#pattern => { #check #render }),
        };
    }
    let headers = response.headers.iter().map(|h| {
        let field = ident(&h.rust_name);
        let wire = &h.wire_name;
        // A date-time is written as its `FormatText`.
        let text = |value: TokenStream| match crate::rust_type::displayed_otherwise(api, &h.shape) {
            true => quote!(&rt::FormatText::format_text(#value)),
            false => value,
        };
        if h.required {
            let value = text(quote!(&headers.#field));
            quote!(#rt::set_header(&mut response, #wire, #value);)
        } else {
            let value = text(quote!(value));
            quote!(if let Some(value) = &headers.#field { #rt::set_header(&mut response, #wire, #value); })
        }
    });
    quote! {
        #pattern => {
            #check
            let mut response = #render;
            #( #headers )*
            response
        }
    }
}
