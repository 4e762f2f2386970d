//! The `server` module: a trait with one method per operation, typed request
//! structs and response enums, and `router` wiring them into axum. Requests
//! that break the spec are answered before the handler runs.

use apiforge_ir::{
    Api, MediaKind, Operation, Param, ParamLocation, PathSegment, Response, SchemeId, SecurityKind, Shape, StatusSpec,
    StringFormat, Ty, TypeKind,
};
use proc_macro2::{Ident, TokenStream};
use quote::{quote, ToTokens};

use crate::literal::{large_variant_allow, unsigned};
use crate::names::{doc, ident, OperationNames};
use crate::params::{encoding, ordered_params, Encoding};
use crate::payload::{request_body, request_body_checks, variant, Direction, Payload, Variant};
use crate::plan::{item, Plan, Shell};
use crate::rust_type::{optional_type, rust_type, Scope};
use crate::validation;

/// The runtime's server module, as generated code names it: through a
/// short alias, since every parser and response names it several times.
/// No generated item in `server` is lower-case without a prefix but
/// `router`, `operation_id` and `on`, so `rt` cannot collide.
fn rt() -> Ident {
    ident("rt")
}

/// `with_client`: the client is generated beside the server, and documents
/// each parameter in full on its setter.
pub fn emit(api: &Api, with_client: bool) -> Plan<'_> {
    let owners = route_owners(api);
    // Operations the router does not serve get no parser.
    let routed: Vec<&Operation> =
        api.operations.iter().zip(&owners).filter(|(_, owner)| owner.is_none()).map(|(op, _)| op).collect();
    let origin = |op: &Operation| format!("operation `{}` (server)", op.id);
    let mut items = vec![
        item("the server's imports", move || imports(api)),
        item("the `Credentials` struct", move || credentials_struct(api)),
    ];
    items.extend(api.operations.iter().map(|op| item(origin(op), move || operation_types(api, op, with_client))));
    items.push(item("the `Api` trait", move || api_trait(api, &owners)));
    let served = routed.clone();
    items.push(item("the router", move || router(&served)));
    if !routed.is_empty() {
        items.push(item("`on`", route_with_hooks));
    }
    let renderers = Renderers::of(api, &routed);
    items.extend(routed.iter().zip(renderers.of_operation).map(|(&op, renderer)| {
        let renderer = renderer.map(|owner| reject_name(renderers.owners[owner]).to_string());
        item(origin(op), move || parser(api, op, renderer.as_deref()))
    }));
    items.extend(renderers.owners.into_iter().map(|op| item(origin(op), move || rejection_renderer(api, op))));
    Plan {
        shell: Shell::new(
            "server",
            "An axum server for the API: implement [`Api`], then serve [`router`].",
            Some("server"),
        ),
        items,
    }
}

/// The module's imports. Every item generated here has a prefix or a
/// suffix (`{Op}Request`, `reject_{op}`), so none of these names clashes.
/// Without operations, only the router and the trait's hooks use any.
fn imports(api: &Api) -> TokenStream {
    let rt = rt();
    let for_operations = (!api.operations.is_empty()).then(|| {
        quote! {
            use std::future::Future;
            use #rt::axum::response::IntoResponse;
        }
    });
    quote! {
        use std::sync::Arc;
        use ::apiforge_runtime::server as rt;
        use #rt::axum::response::Response;
        #for_operations
        pub use #rt::{OperationId, Rejection};
    }
}

/// The `Api` trait: a method per operation, each answering 501 until
/// implemented, and the hooks for body limits and rejections.
fn api_trait(api: &Api, owners: &[Option<&str>]) -> TokenStream {
    let rt = rt();
    let trait_methods = api.operations.iter().zip(owners).map(|(op, owner)| trait_method(op, *owner));
    quote! {
        /// The API: one method per operation. Each has a default answering
        /// 501 Not Implemented, so an implementation can grow one
        /// operation at a time.
        pub trait Api: Send + Sync + 'static {
            #( #trait_methods )*

            /// The largest request body accepted; larger ones get 413.
            fn body_limit(&self) -> usize {
                #rt::DEFAULT_BODY_LIMIT
            }

            /// Renders a request refused before its handler ran. `None`
            /// (the default) answers with the body the spec declares for
            /// the rejection's status, or `{"message": ...}`.
            fn render_rejection(&self, operation: OperationId, rejection: &Rejection) -> Option<Response> {
                let _ = (operation, rejection);
                None
            }
        }
    }
}

/// A request field's doc: where the parameter travels, and its
/// description, whose first paragraph is enough where the client's setter
/// has it in full.
fn param_doc(param: &Param, with_client: bool) -> TokenStream {
    let location = param.location;
    let wire = &param.wire_name;
    let Some(description) = param.description.as_deref().map(str::trim).filter(|d| !d.is_empty()) else {
        return doc([Some(format!("The {location} parameter `{wire}`.").as_str())]);
    };
    let description = match description.split_once("\n\n") {
        Some((first, _)) if with_client => first,
        _ => description,
    };
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

/// Whether Markdown text starts with a block other than a paragraph.
fn opens_block(text: &str) -> bool {
    let ordered = text.trim_start_matches(|c: char| c.is_ascii_digit());
    let numbered = ordered.len() < text.len() && (ordered.starts_with(". ") || ordered.starts_with(") "));
    let marked = ["```", "~~~", "#", "- ", "* ", "+ ", ">", "|", "<"].iter().any(|mark| text.starts_with(mark));
    numbered || marked
}

fn request_name(op: &Operation) -> Ident {
    OperationNames(op).type_with("Request")
}

fn response_name(op: &Operation) -> Ident {
    OperationNames(op).type_with("Response")
}

fn reject_name(op: &Operation) -> Ident {
    OperationNames(op).fn_with("reject")
}

/// How an operation's credential reaches its handler.
enum Auth {
    None,
    /// One scheme, required: the handler gets that credential.
    Single(SchemeId),
    /// Alternatives or an optional credential: the handler gets `Credentials`.
    Several,
}

fn auth_of(op: &Operation) -> Auth {
    match (op.security.alternatives.as_slice(), op.security.optional) {
        ([], _) => Auth::None,
        ([only], false) if only.len() == 1 => Auth::Single(only[0]),
        _ => Auth::Several,
    }
}

fn credential_type(api: &Api, id: SchemeId) -> TokenStream {
    crate::security::credential_type(&api.security_scheme(id).kind)
}

/// `Credentials`: every scheme's credential as sent, for operations with
/// alternatives.
fn credentials_struct(api: &Api) -> Option<TokenStream> {
    if !api.operations.iter().any(|op| matches!(auth_of(op), Auth::Several)) {
        return None;
    }
    let fields = api.security_schemes.iter().enumerate().map(|(i, s)| {
        let name = ident(&s.field_name);
        let ty = credential_type(api, SchemeId(i));
        let docs = doc([Some(format!("The `{}` credential, if sent.", s.key).as_str())]);
        quote!(#docs pub #name: Option<#ty>,)
    });
    Some(quote! {
        /// The credentials a request carried, one field per security scheme.
        /// At least one of the operation's alternatives is complete.
        #[derive(Debug, Clone, Default)]
        pub struct Credentials { #( #fields )* }
    })
}

fn operation_types(api: &Api, op: &Operation, with_client: bool) -> TokenStream {
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
    let allow = large_variant_allow(variants.len() + 1, variants.iter().filter(|v| v.has_data()).count());
    let declarations = variants.iter().zip(&op.responses).map(|(v, r)| v.declaration(&r.description, Direction::Sent));
    let response_doc = doc([Some(format!("Every answer `{}` declares, one variant per status.", op.id).as_str())]);
    let arms = op.responses.iter().map(|r| response_arm(api, r));
    let rt = rt();
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
            pub parts: #rt::http::request::Parts,
        }
        #debug_impl

        #response_doc
        #[derive(Debug)]
        #allow
        pub enum #response {
            #( #declarations )*
            /// No handler yet: answers 501 Not Implemented (the trait's default).
            Unimplemented,
        }

        impl IntoResponse for #response {
            fn into_response(self) -> Response {
                match self {
                    #( #arms )*
                    Self::Unimplemented => #rt::unimplemented(),
                }
            }
        }
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
    let render = match &v.body {
        Payload::Empty => quote!(#rt::status_only(#status)),
        Payload::Json(_) | Payload::Form(_) => match json_media_type(&response.contents) {
            Some(media) if media != "application/json" => quote!(#rt::json_as(#status, #media, &body)),
            _ => quote!(#rt::json(#status, &body)),
        },
        Payload::Multipart => quote!(#rt::multipart(#status, &body)),
        Payload::Text(media) | Payload::Bytes(media) => quote!(#rt::raw(#status, #media, body)),
        Payload::Events { json: true, .. } => quote!(#rt::events(#status, body, #rt::json_event)),
        Payload::Events { json: false, .. } => quote!(#rt::events(#status, body, #rt::text_event)),
    };
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
            true => quote!(&::apiforge_runtime::FormatText::format_text(#value)),
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

/// For each operation, the id of another operation with the same method
/// and route (parameter names aside), which the router serves instead: a
/// router cannot tell them apart, though a client can call both. The
/// earlier one is served, and one whose segment is a parameter alone
/// (`{commit}`) before one whose segment it would split (`{sha}.{format}`).
fn route_owners(api: &Api) -> Vec<Option<&str>> {
    let routes: Vec<AxumPath> = api.operations.iter().map(axum_path).collect();
    let mut order: Vec<usize> = (0..api.operations.len()).collect();
    order.sort_by_key(|&i| !routes[i].splits.is_empty());
    let mut seen: Vec<(apiforge_ir::Method, &str, &str)> = Vec::new();
    let mut owners = vec![None; api.operations.len()];
    for i in order {
        let (op, path) = (&api.operations[i], routes[i].path.as_str());
        match seen.iter().find(|(m, p, _)| *m == op.method && *p == path) {
            Some((_, _, owner)) => owners[i] = Some(*owner),
            None => seen.push((op.method, path, op.id.as_str())),
        }
    }
    owners
}

fn trait_method(op: &Operation, owner: Option<&str>) -> TokenStream {
    let name = OperationNames(op).method();
    let request = request_name(op);
    let response = response_name(op);
    let endpoint = format!("`{} {}`", op.method.as_str(), op.path);
    let unrouted =
        owner.map(|owner| format!("**Not routed:** `{owner}` has the same method and route and is served instead."));
    let docs = doc([op.summary.as_deref(), op.description.as_deref(), Some(endpoint.as_str()), unrouted.as_deref()]);
    quote! {
        #docs
        fn #name(&self, _request: #request) -> impl Future<Output = #response> + Send {
            std::future::ready(#response::Unimplemented)
        }
    }
}

/// The axum path of an operation: parameters become `{p0}`, `{p1}`, ... in
/// order, so paths that differ only in parameter names share one route.
struct AxumPath {
    path: String,
    /// The router's name of each path parameter, by its index in the
    /// operation's parameters.
    keys: Vec<(usize, String)>,
    /// Segments holding more than a parameter (`{sha}.{format}`), which axum
    /// cannot route: captured whole, then split (see `PathParams::split`).
    splits: Vec<Split>,
}

struct Split {
    /// The router's name of the whole segment.
    key: String,
    /// The texts around the parameters, one more than `keys`.
    literals: Vec<String>,
    keys: Vec<String>,
}

/// A piece of one path segment (between slashes).
enum Piece {
    Text(String),
    Param(usize),
}

fn axum_path(op: &Operation) -> AxumPath {
    // The operation's path as segments between slashes, each of pieces.
    let mut segments: Vec<Vec<Piece>> = vec![Vec::new()];
    for segment in &op.segments {
        match segment {
            PathSegment::Literal(text) => {
                for (i, part) in text.split('/').enumerate() {
                    if i > 0 {
                        segments.push(Vec::new());
                    }
                    if !part.is_empty() {
                        segments.last_mut().expect("one segment at least").push(Piece::Text(part.to_string()));
                    }
                }
            }
            PathSegment::Param(index) => segments.last_mut().expect("one segment at least").push(Piece::Param(*index)),
        }
    }
    let mut route = AxumPath { path: String::new(), keys: Vec::new(), splits: Vec::new() };
    for (i, pieces) in segments.iter().enumerate() {
        if i > 0 {
            route.path.push('/');
        }
        match pieces.as_slice() {
            [Piece::Param(index)] => {
                let key = format!("p{}", route.keys.len());
                route.path.push_str(&format!("{{{key}}}"));
                route.keys.push((*index, key));
            }
            pieces if pieces.iter().all(|piece| matches!(piece, Piece::Text(_))) => {
                pieces.iter().for_each(|piece| {
                    if let Piece::Text(text) = piece {
                        route.path.push_str(text)
                    }
                });
            }
            pieces => {
                // Named as a parameter alone would be, so that a route with a
                // plain parameter there is the same route.
                let key = format!("p{}", route.keys.len());
                route.path.push_str(&format!("{{{key}}}"));
                let mut split = Split { key: key.clone(), literals: vec![String::new()], keys: Vec::new() };
                for piece in pieces {
                    match piece {
                        Piece::Text(text) => split.literals.last_mut().expect("one text at least").push_str(text),
                        Piece::Param(index) => {
                            let part = format!("{key}_{}", split.keys.len());
                            route.keys.push((*index, part.clone()));
                            split.keys.push(part);
                            split.literals.push(String::new());
                        }
                    }
                }
                route.splits.push(split);
            }
        }
    }
    route
}

/// The router and `operation_id`, over the operations the router serves.
fn router(routed: &[&Operation]) -> TokenStream {
    let rt = rt();
    let mut routes: Vec<(String, Vec<&Operation>)> = Vec::new();
    for &op in routed {
        let path = axum_path(op).path;
        match routes.iter_mut().find(|(p, _)| *p == path) {
            Some((_, ops)) => ops.push(op),
            None => routes.push((path, vec![op])),
        }
    }
    let route_calls = routes.iter().map(|(path, ops)| {
        let methods = ops.iter().enumerate().map(|(i, op)| {
            let filter = ident(op.method.as_str());
            let operation = OperationNames(op).method();
            let on = quote!(on(MethodFilter::#filter, A::#operation));
            if i == 0 {
                on
            } else {
                quote!(.merge(#on))
            }
        });
        quote!(.route(#path, #( #methods )*))
    });
    let use_filter = (!routed.is_empty()).then(|| quote!(use #rt::axum::routing::MethodFilter;));
    let id_arms = routed.iter().map(|op| {
        let path = axum_path(op).path;
        let method = ident(op.method.as_str());
        let id = &op.id;
        quote!((&Method::#method, #path) => #id,)
    });
    let find_id = if routed.is_empty() {
        quote! {
            let _ = (method, matched_path);
            None
        }
    } else {
        quote! {
            use #rt::http::Method;
            let id = match (method, matched_path) {
                #( #id_arms )*
                _ => return None,
            };
            Some(OperationId(id))
        }
    };
    quote! {
        /// An axum router serving `api`: every operation at its path and
        /// method. Each request carries its [`OperationId`] in its extensions
        /// (and so does its response).
        pub fn router<A: Api>(api: A) -> #rt::axum::Router {
            #use_filter
            #rt::axum::Router::new()
                #( #route_calls )*
                .with_state(Arc::new(api))
        }

        /// The operation of a method and matched route (axum's `MatchedPath`),
        /// for middleware that runs before the handler.
        pub fn operation_id(method: &#rt::http::Method, matched_path: &str) -> Option<OperationId> {
            #find_id
        }
    }
}

/// The operation's `Parse` implementation: reads its request from the HTTP
/// request's parts, path parameters and body. `renderer`: the function
/// rendering the operation's rejections, None for the runtime's plain one.
fn parser(api: &Api, op: &Operation, renderer: Option<&str>) -> TokenStream {
    let rt = rt();
    let request = request_name(op);
    let reject = renderer.map(|renderer| {
        let renderer = ident(renderer);
        quote!(const REJECT: fn(&Rejection) -> Response = #renderer;)
    });
    let declares_422 = op.responses.iter().any(|r| r.status == StatusSpec::Code(422));
    let invalid = (declares_422 && declared_for(op, 400).is_none()).then(|| {
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
                Payload::Multipart => quote!(#rt::body_multipart(&parts.headers, &body, #required)?),
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
    let parts_arg = if hide.is_some() { quote!(mut parts) } else { quote!(parts) };
    let path_arg = if needs_path { quote!(path) } else { quote!(_) };
    let (reads_body, body_arg) = match body_field {
        Some(_) => (
            Some(quote!(
                const READS_BODY: bool = true;
            )),
            quote!(body),
        ),
        None => (None, quote!(_)),
    };
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
        impl #rt::Parse for #request {
            const OPERATION: OperationId = OperationId(#id);
            #reads_body
            #reject
            #invalid
            fn parse(
                #parts_arg: #rt::http::request::Parts,
                #path_arg: #rt::PathParams,
                #body_arg: #rt::Bytes,
            ) -> Result<Self, Rejection> {
                #auth
                #hide
                #( #splits )*
                #query
                #parsed
            }
        }
    }
}

/// `on`: an operation's route ([`apiforge_runtime::server::route`]) with
/// this API's hooks, so that the router names only the filter and the
/// method.
fn route_with_hooks() -> TokenStream {
    let rt = rt();
    quote! {
        /// The route of one operation: a request `filter` lets through is
        /// parsed as `R` and handed to `method`; a rejection is rendered by
        /// [`Api::render_rejection`], else as the spec declares.
        fn on<A, R, M, T>(filter: #rt::axum::routing::MethodFilter, method: M) -> #rt::axum::routing::MethodRouter<Arc<A>>
        where
            A: Api,
            R: #rt::Parse + Send + 'static,
            M: for<'a> #rt::Method<'a, A, R, Output = T> + Clone + Send + Sync + 'static,
            T: IntoResponse + 'static,
        {
            #rt::route(filter, method, A::body_limit, A::render_rejection)
        }
    }
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

/// Reads one scheme's credential: `Result<Option<T>, Rejection>`.
fn scheme_read(api: &Api, id: SchemeId) -> TokenStream {
    let rt = rt();
    match &api.security_scheme(id).kind {
        SecurityKind::Bearer { .. } => quote!(#rt::bearer(&parts.headers)),
        SecurityKind::Basic => quote!(#rt::basic(&parts.headers)),
        SecurityKind::ApiKey { location, name } => {
            let read = match location {
                apiforge_ir::ApiKeyLocation::Header => quote!(#rt::header::<String>(&parts.headers, #name)),
                apiforge_ir::ApiKeyLocation::Query => {
                    quote!(#rt::QueryParams::parse(&parts).optional::<String>(#name))
                }
                apiforge_ir::ApiKeyLocation::Cookie => quote!(#rt::cookie::<String>(&parts.headers, #name)),
            };
            quote!(#read.map(#rt::api_key))
        }
    }
}

fn auth_extraction(api: &Api, op: &Operation) -> Option<TokenStream> {
    let missing = |ids: &[SchemeId]| {
        let what: Vec<String> = ids.iter().map(|id| describe_scheme(api, *id)).collect();
        format!("missing credential: send {}", what.join(" or "))
    };
    match auth_of(op) {
        Auth::None => None,
        Auth::Single(id) => {
            let read = scheme_read(api, id);
            let message = missing(&[id]);
            Some(quote! {
                let auth = #read?.ok_or_else(|| Rejection::unauthorized(#message))?;
            })
        }
        Auth::Several => {
            let used: Vec<SchemeId> = (0..api.security_schemes.len()).map(SchemeId).collect();
            let reads = used.iter().map(|id| {
                let field = ident(&api.security_scheme(*id).field_name);
                let read = scheme_read(api, *id);
                let in_use = op.security.alternatives.iter().flatten().any(|s| s == id);
                // Bearer and basic share `Authorization`: one that holds
                // the other's credential is not this alternative's.
                let http = matches!(api.security_scheme(*id).kind, SecurityKind::Bearer { .. } | SecurityKind::Basic);
                if in_use && http {
                    quote!(#field: #read.ok().flatten(),)
                } else if in_use {
                    quote!(#field: #read?,)
                } else {
                    quote!(#field: None,)
                }
            });
            // `&&` binds tighter than `||`: no parentheses needed.
            let complete = op.security.alternatives.iter().map(|alternative| {
                let present = alternative.iter().map(|id| {
                    let field = ident(&api.security_scheme(*id).field_name);
                    quote!(auth.#field.is_some())
                });
                quote!(#( #present )&&*)
            });
            let firsts: Vec<SchemeId> = op.security.alternatives.iter().filter_map(|a| a.first().copied()).collect();
            let message = missing(&firsts);
            let check = (!op.security.optional).then(|| {
                quote! {
                    let complete = #( #complete )||*;
                    if !complete {
                        return Err(Rejection::unauthorized(#message));
                    }
                }
            });
            Some(quote! {
                let auth = Credentials { #( #reads )* };
                #check
            })
        }
    }
}

/// The schemes an operation accepts, each once.
fn schemes_of(op: &Operation) -> Vec<SchemeId> {
    let mut ids: Vec<SchemeId> = Vec::new();
    for id in op.security.alternatives.iter().flatten() {
        if !ids.contains(id) {
            ids.push(*id);
        }
    }
    ids
}

/// The headers that carry an operation's credentials, hidden from `Debug`.
fn credential_headers(api: &Api, op: &Operation) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for id in schemes_of(op) {
        let name = match &api.security_scheme(id).kind {
            SecurityKind::Bearer { .. } | SecurityKind::Basic => "Authorization".to_string(),
            SecurityKind::ApiKey { location: apiforge_ir::ApiKeyLocation::Header, name } => name.clone(),
            SecurityKind::ApiKey { location: apiforge_ir::ApiKeyLocation::Cookie, .. } => "Cookie".to_string(),
            SecurityKind::ApiKey { location: apiforge_ir::ApiKeyLocation::Query, .. } => continue,
        };
        if !names.iter().any(|known| known.eq_ignore_ascii_case(&name)) {
            names.push(name);
        }
    }
    names
}

/// The query parameters that carry an operation's credentials.
fn credential_query_keys(api: &Api, op: &Operation) -> Vec<String> {
    schemes_of(op)
        .into_iter()
        .filter_map(|id| match &api.security_scheme(id).kind {
            SecurityKind::ApiKey { location: apiforge_ir::ApiKeyLocation::Query, name } => Some(name.clone()),
            _ => None,
        })
        .collect()
}

fn describe_scheme(api: &Api, id: SchemeId) -> String {
    match &api.security_scheme(id).kind {
        SecurityKind::Bearer { .. } => "`Authorization: Bearer <token>`".into(),
        SecurityKind::Basic => "`Authorization: Basic <credentials>`".into(),
        SecurityKind::ApiKey { location, name } => format!("the API key {location} `{name}`"),
    }
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

/// The statuses a request is rejected with before its handler runs.
const REJECTION_STATUSES: [u16; 6] = [400, 401, 413, 415, 422, 500];

/// Which function renders each routed operation's rejections. Operations
/// that declare the same bodies for the rejection statuses share one,
/// named after the first of them (GitHub's hundreds of operations share a
/// handful); those that declare none use the runtime's plain rendering.
struct Renderers<'a> {
    /// For each routed operation, the index of its renderer's owner.
    of_operation: Vec<Option<usize>>,
    /// The operations whose names the renderers take.
    owners: Vec<&'a Operation>,
}

impl<'a> Renderers<'a> {
    fn of(api: &Api, routed: &[&'a Operation]) -> Renderers<'a> {
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
    let response = declared_for(op, status)?;
    let content = response.contents.iter().find(|c| c.kind == apiforge_ir::MediaKind::Json)?;
    Some((content.shape.as_ref()?, &content.media_type))
}

/// The JSON media type of a response's chosen content
/// (`application/problem+json`).
fn json_media_type(contents: &[apiforge_ir::Content]) -> Option<&str> {
    apiforge_ir::Content::chosen(contents)
        .filter(|c| c.kind == apiforge_ir::MediaKind::Json)
        .map(|c| c.media_type.as_str())
}

/// Renders rejections in the bodies an operation declares: in the body
/// shape the spec declares for the status where it declares one, else
/// `{"message": ...}`. None when the operation declares no body for any
/// rejection status.
fn rejection_renderer(api: &Api, op: &Operation) -> Option<TokenStream> {
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

/// The response an operation declares for `status`: the exact code, else
/// its range, else `default`.
fn declared_for(op: &Operation, status: u16) -> Option<&Response> {
    let find = |spec: StatusSpec| op.responses.iter().find(|r| r.status == spec);
    find(StatusSpec::Code(status))
        .or_else(|| find(StatusSpec::Range(status / 100)))
        .or_else(|| find(StatusSpec::Default))
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
