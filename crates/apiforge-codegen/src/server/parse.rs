//! An operation's `Parse` implementation: its request read from the HTTP
//! request's parts, path parameters and body.

use apiforge_ir::{Api, MediaKind, Operation, Param, ParamLocation, StatusSpec, Ty, TypeKind};
use proc_macro2::{Ident, TokenStream};
use quote::quote;

use crate::literal::unsigned;
use crate::names::ident;
use crate::params::{encoding, ordered_params, Encoding};
use crate::payload::{request_body, request_body_checks, Payload};
use crate::rust_type::{rust_type, Scope};
use crate::validation;

use super::auth::{auth_extraction, auth_of, credential_headers, Auth};
use super::request_name;
use super::router::{axum_path, AxumPath, Split};
use super::rt;

/// The operation's `Parse` implementation: reads its request from the HTTP
/// request's parts, path parameters and body. `renderer`: the function
/// rendering the operation's rejections, None for the runtime's plain one.
pub(super) fn parser(api: &Api, op: &Operation, renderer: Option<&str>) -> TokenStream {
    let rt = rt();
    let request = request_name(op);
    let reject = renderer.map(|renderer| {
        let renderer = ident(renderer);
        quote!(const REJECT: fn(&Rejection) -> Response = #renderer;)
    });
    let declares_422 = op.responses.iter().any(|r| r.status == StatusSpec::Code(422));
    let invalid = (declares_422 && op.response_for(400).is_none()).then(|| {
        quote!(
            const INVALID: Option<u16> = Some(422);
        )
    });
    let id = &op.id;
    let AxumPath { keys: path_keys, splits, .. } = axum_path(op);
    let needs_path = !path_keys.is_empty();
    let splits = splits.iter().map(
        |Split { key, literals, keys }| quote!(let path = path.split(#key, &[#( #literals ),*], &[#( #keys ),*])?;),
    );
    let needs_query = op.params.iter().any(|p| p.location == ParamLocation::Query);
    let query = needs_query.then(|| quote!(let query = #rt::QueryParams::parse(&parts);));
    let auth = auth_extraction(api, op);
    let params = ordered_params(op);
    // Values are read straight into the request's fields (no locals that
    // a parameter's name could clash with), then checked.
    let param_fields = params.iter().map(|p| {
        let field = ident(&p.rust_name);
        let read = param_read(api, op, p, &path_keys);
        quote!(#field: #read,)
    });
    let checks = params.iter().filter_map(|p| {
        let field = ident(&p.rust_name);
        let check = validation::checks(api, &p.wire_name, &quote!(value), &p.shape)?;
        Some(if p.required {
            quote!({ let value = &request.#field; #check })
        } else {
            quote!(if let Some(value) = &request.#field { #check })
        })
    });
    let body_field = match request_body(api, op) {
        Some((payload, required)) => {
            let shape_status = unsigned(if declares_422 { 422u16 } else { 400 });
            let read = match &payload {
                Payload::Json(_) => match other_body_media(op).as_slice() {
                    [] => quote!(#rt::body_json(&body, #required, #shape_status)?),
                    others => {
                        let others = others.iter().map(|(media, kind)| quote!((#media, #rt::BodyMedia::#kind)));
                        quote!(#rt::body_json_or(&parts.headers, &body, #required, #shape_status, &[#( #others ),*])?)
                    }
                },
                Payload::Form(_) => quote!(#rt::body_form(&parts.headers, &body, #required)?),
                Payload::Multipart => {
                    let (required_parts, known_parts) = part_names(api, op);
                    let known_parts = match known_parts {
                        Some(names) => quote!(Some(&[#( #names ),*])),
                        None => quote!(None),
                    };
                    quote!(#rt::body_multipart(&parts.headers, &body, #required, &[#( #required_parts ),*], #known_parts)?)
                }
                Payload::Bytes(_) => quote!(#rt::body_bytes(&parts.headers, body)),
                // The IR reads a request's events as text.
                Payload::Text(_) | Payload::Events { .. } => quote!(#rt::body_text(&parts.headers, &body)?),
                Payload::Empty => quote!(Some(())),
            };
            let read = if required { quote!(#rt::required(#read, "request", "body")?) } else { read };
            Some(quote!(body: #read,))
        }
        None => None,
    };
    let body_checks = request_body_checks(api, op, &quote!(request.body));
    let hidden = credential_headers(api, op);
    let hide =
        (!hidden.is_empty()).then(|| quote!(#rt::hide_credential_headers(&mut parts.headers, &[#( #hidden ),*]);));
    // Only hiding credentials needs the parts mutably.
    let parts_binding = if hide.is_some() { quote!(mut parts) } else { quote!(parts) };
    let path_binding = needs_path.then(|| quote!(path,));
    let reads_body = body_field.is_some().then(|| {
        quote!(
            const READS_BODY: bool = true;
        )
    });
    let body_binding = body_field.is_some().then(|| quote!(body,));
    let rest = (!needs_path || body_field.is_none()).then(|| quote!(..));
    let auth_field = (!matches!(auth_of(op), Auth::None)).then(|| quote!(auth,));
    let fields = quote!(Self { #( #param_fields )* #body_field #auth_field parts });
    let checks: Vec<TokenStream> = checks.chain(body_checks).collect();
    let parsed = if checks.is_empty() {
        quote!(Ok(#fields))
    } else {
        quote! {
            let request = #fields;
            #( #checks )*
            Ok(request)
        }
    };
    quote! {
        impl Parse for #request {
            const OPERATION: OperationId = OperationId(#id);
            #reads_body
            #reject
            #invalid
            fn parse(request: Incoming) -> Result<Self, Rejection> {
                let Incoming { #parts_binding, #path_binding #body_binding #rest } = request;
                #auth
                #hide
                #( #splits )*
                #query
                #parsed
            }
        }
    }
}

/// The parts a multipart request body's schema requires, and every part
/// it names when it allows no others (`additionalProperties: false`).
fn part_names<'a>(api: &'a Api, op: &Operation) -> (Vec<&'a str>, Option<Vec<&'a str>>) {
    let shape = op.body.as_ref().and_then(|body| apiforge_ir::Content::chosen(&body.contents)?.shape.as_ref());
    let Some(Ty::Named(id)) = shape.map(|shape| &shape.ty) else { return (Vec::new(), None) };
    let TypeKind::Struct(object) = &api.type_def(*id).kind else { return (Vec::new(), None) };
    let required = object.fields.iter().filter(|f| (f.required && !f.read_only) || f.required_in_requests);
    let known = object.deny_unknown.then(|| object.fields.iter().map(|f| f.wire_name.as_str()).collect());
    (required.map(|f| f.wire_name.as_str()).collect(), known)
}

/// The media types besides JSON a request body may come in that the
/// server reads into the JSON body's type: a form or XML of the same
/// schema, each with the name of its `BodyMedia` variant.
fn other_body_media(op: &Operation) -> Vec<(&str, Ident)> {
    let Some(body) = &op.body else { return Vec::new() };
    let Some(chosen) = apiforge_ir::Content::chosen(&body.contents) else { return Vec::new() };
    body.contents
        .iter()
        .filter(|content| content.shape.is_some() && content.shape == chosen.shape)
        .filter_map(|content| {
            let essence = content.media_type.split(';').next().unwrap_or_default().trim();
            let kind = match content.kind {
                MediaKind::FormUrlEncoded => "Form",
                _ if essence.ends_with("/xml") || essence.ends_with("+xml") => "Xml",
                _ => return None,
            };
            Some((essence, ident(kind)))
        })
        .collect()
}

/// Reads a parameter into its Rust type, rejecting what does not parse.
fn param_read(api: &Api, op: &Operation, param: &Param, path_keys: &[(usize, String)]) -> TokenStream {
    let rt = rt();
    let wire = &param.wire_name;
    let ty = rust_type(api, &param.shape, Scope::Sibling);
    // Built only for the encodings that use them.
    let item_ty = || match &param.shape.ty {
        Ty::Array(items) => rust_type(api, items, Scope::Sibling),
        _ => ty.clone(),
    };
    let what = match param.location {
        ParamLocation::Path => "path parameter",
        ParamLocation::Query => "query parameter",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
    };
    // An optional text read: `Option<String>`, for lists and JSON values.
    let text = || match param.location {
        ParamLocation::Path => {
            let key = path_key(op, param, path_keys);
            quote!(Some(path.get::<String>(#key, #wire)?))
        }
        ParamLocation::Query => quote!(query.optional::<String>(#wire)?),
        ParamLocation::Header => quote!(#rt::header::<String>(&parts.headers, #wire)?),
        ParamLocation::Cookie => quote!(#rt::cookie::<String>(&parts.headers, #wire)?),
    };
    let optional = match (param.location, encoding(api, param)) {
        (ParamLocation::Path, Encoding::Scalar) => {
            let key = path_key(op, param, path_keys);
            return quote!(path.get(#key, #wire)?);
        }
        (ParamLocation::Query, Encoding::Scalar) => quote!(query.optional(#wire)?),
        (ParamLocation::Header, Encoding::Scalar) if is_accept_encoding(param) => {
            quote!(#rt::accept_encoding(&parts.headers, #wire)?)
        }
        (ParamLocation::Header, Encoding::Scalar) => quote!(#rt::header(&parts.headers, #wire)?),
        (ParamLocation::Cookie, Encoding::Scalar) => quote!(#rt::cookie(&parts.headers, #wire)?),
        (ParamLocation::Query, Encoding::List { delimiter, explode }) => {
            quote!(query.list(#wire, #explode, #delimiter)?)
        }
        (ParamLocation::Query, Encoding::QueryObject { deep, properties }) => {
            quote!(query.object(#wire, #deep, &[#( #properties ),*])?)
        }
        (_, Encoding::List { delimiter, .. }) => {
            let (text, item_ty) = (text(), item_ty());
            quote!(#text.map(|text| #rt::split_list::<#item_ty>(&text, #delimiter, #wire)).transpose()?)
        }
        (_, Encoding::Json | Encoding::QueryObject { .. }) => {
            let text = text();
            quote!(#text.map(|text| #rt::json_param::<#ty>(&text, #wire)).transpose()?)
        }
    };
    if param.required {
        quote!(#rt::required(#optional, #what, #wire)?)
    } else {
        optional
    }
}

/// Whether the parameter is an optional `Accept-Encoding` header, which
/// HTTP stacks also set on their own (`gzip, deflate`).
fn is_accept_encoding(param: &Param) -> bool {
    param.location == ParamLocation::Header
        && !param.required
        && param.wire_name.eq_ignore_ascii_case("accept-encoding")
}

fn path_key(op: &Operation, param: &Param, path_keys: &[(usize, String)]) -> String {
    let index = op.params.iter().position(|p| std::ptr::eq(p, param));
    path_keys.iter().find(|(i, _)| Some(*i) == index).map(|(_, k)| k.clone()).unwrap_or_default()
}
