//! The `client` module: a `Client` with credentials and one method per
//! operation, returning a builder whose `send()` gives the typed result.
//!
//! The module names prelude items (`Option`, `String`, `Ok`) plainly: unlike
//! `types`, where a schema may be called `Option`, no item generated here
//! takes a prelude name.

use apiforge_ir::{Api, Operation, PageItems, PaginationStyle, Param, ParamLocation, SecurityKind, Ty};
use proc_macro2::{Ident, TokenStream};
use quote::quote;

use crate::literal::{large_error_allow, large_variant_allow, unsigned};
use crate::names::{doc, ident, OperationNames};
use crate::params::{encoding, ordered_params, Encoding};
use crate::payload::{request_body, request_body_check, variant, Direction, Payload, Variant};
use crate::plan::{item, Plan, Shell};
use crate::rust_type::{displayed_otherwise, optional_type, rust_type, Scope};
use crate::security::credential_type;
use crate::validation;

pub fn emit(api: &Api) -> Plan<'_> {
    let head = [
        item("the client's imports", || {
            quote!(
                use ::apiforge_runtime::client as rt;
                pub use rt::{Error, RequestOptions};
            )
        }),
        item("the `Client` struct", move || client_struct(api)),
        item("the `Scheme` enum", move || scheme_enum(api)),
    ];
    let operations =
        api.operations.iter().map(|op| item(format!("operation `{}` (client)", op.id), move || operation(api, op)));
    Plan {
        shell: Shell::new("client", "A typed client for the API: one method per operation.", Some("client")),
        items: head.into_iter().chain(operations).collect(),
    }
}

fn scheme_field(field_name: &str) -> Ident {
    ident(field_name)
}

fn client_struct(api: &Api) -> TokenStream {
    let title = &api.title;
    let struct_doc = doc([Some(format!("A client for {title}.").as_str())]);
    let fields = api.security_schemes.iter().map(|s| {
        let name = scheme_field(&s.field_name);
        let ty = credential_type(&s.kind);
        quote!(#name: Option<#ty>,)
    });
    let none_fields = api.security_schemes.iter().map(|s| {
        let name = scheme_field(&s.field_name);
        quote!(#name: None,)
    });
    let setters = api.security_schemes.iter().map(|s| {
        let name = scheme_field(&s.field_name);
        let setter = ident(&s.setter_name());
        let what = match &s.kind {
            SecurityKind::Bearer { .. } => "the bearer token (sent as `Authorization: Bearer <token>`)".to_string(),
            SecurityKind::Basic => "HTTP basic credentials".to_string(),
            SecurityKind::ApiKey { location, name } => format!("the API key sent in the {location} `{name}`"),
        };
        let docs = doc([Some(format!("Sets {what} for the `{}` security scheme.", s.key).as_str()), s.description.as_deref()]);
        match s.kind {
            SecurityKind::Basic => quote! {
                #docs
                pub fn #setter(mut self, username: impl Into<String>, password: impl Into<::apiforge_runtime::Secret>) -> Self {
                    self.#name = Some(::apiforge_runtime::BasicCredentials { username: username.into(), password: password.into() });
                    self
                }
            },
            _ => quote! {
                #docs
                pub fn #setter(mut self, secret: impl Into<::apiforge_runtime::Secret>) -> Self {
                    self.#name = Some(secret.into());
                    self
                }
            },
        }
    });
    let debug_fields = api.security_schemes.iter().map(|s| {
        let name = scheme_field(&s.field_name);
        let label = apiforge_ir::naming::unraw(&s.field_name);
        quote!(.field(#label, &self.#name.as_ref().map(|_| "<set>")))
    });
    let default_url = api.servers.first().filter(|s| is_absolute_http_url(&s.url)).map(|s| {
        let url = &s.url;
        quote! {
            /// The spec's first server.
            pub const DEFAULT_BASE_URL: &str = #url;

            /// A client for [`Self::DEFAULT_BASE_URL`].
            pub fn with_default_base_url() -> Result<Self, rt::InvalidBaseUrl> {
                Self::new(Self::DEFAULT_BASE_URL)
            }
        }
    });
    let authorize = authorize_fn(api);
    let methods = api.operations.iter().map(|op| {
        let url = callback_url_fn(api, op);
        let method = client_method(api, op);
        quote!(#url #method)
    });
    quote! {
        #struct_doc
        ///
        /// `Debug` shows which credentials are set, never their values.
        #[derive(Clone)]
        pub struct Client {
            connection: rt::Connection,
            #( #fields )*
        }

        impl Client {
            /// A client for the API at `base_url` (such as `https://api.example.com`).
            pub fn new(base_url: &str) -> Result<Self, rt::InvalidBaseUrl> {
                rt::Connection::new(base_url).map(Self::from_connection)
            }

            fn from_connection(connection: rt::Connection) -> Self {
                Self { connection, #( #none_fields )* }
            }

            #default_url

            #( #setters )*
            #authorize
            #( #methods )*
        }

        ::apiforge_runtime::connection_options!(Client);

        impl std::fmt::Debug for Client {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct("Client")
                    .field("base_url", &self.connection.base_url())
                    #( #debug_fields )*
                    .finish()
            }
        }
    }
}

/// Whether the runtime will accept `url` as a base URL: absolute http(s),
/// with a host, and nothing that needs templating or encoding.
fn is_absolute_http_url(url: &str) -> bool {
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"));
    rest.is_some_and(|r| {
        let host = r.split('/').next().unwrap_or("");
        !host.is_empty() && r.chars().all(|c| c.is_ascii_graphic() && !"{}?#\\<>\"`^|".contains(c))
    })
}

/// `authorize`: applies the first alternative of an operation's security
/// whose credentials are all set.
fn authorize_fn(api: &Api) -> Option<TokenStream> {
    if !uses_security(api) {
        return None;
    }
    let used = used_schemes(api);
    let variants: Vec<Ident> = used.iter().map(|s| ident(&s.type_name)).collect();
    let held = used.iter().zip(&variants).map(|(s, v)| {
        let field = scheme_field(&s.field_name);
        let credential = match &s.kind {
            SecurityKind::Bearer { .. } => quote!(rt::Credential::Bearer),
            SecurityKind::Basic => quote!(rt::Credential::Basic),
            SecurityKind::ApiKey { location, name } => {
                let place = match location {
                    apiforge_ir::ApiKeyLocation::Header => quote!(Header),
                    apiforge_ir::ApiKeyLocation::Query => quote!(Query),
                    apiforge_ir::ApiKeyLocation::Cookie => quote!(Cookie),
                };
                quote!(|key| rt::Credential::#place(#name, key))
            }
        };
        quote!(Scheme::#v => self.#field.as_ref().map(#credential),)
    });
    let setters: Vec<String> = used.iter().map(|s| s.setter_name()).collect();
    let hint = format!("a credential: call Client::{}", setters.join(" or Client::"));
    Some(quote! {
        fn authorize(
            &self,
            request: &mut rt::Request,
            alternatives: &[&[Scheme]],
        ) -> Result<(), ::apiforge_runtime::validate::ValidationError> {
            rt::authorize(request, alternatives, |scheme| match scheme { #( #held )* }, #hint)
        }
    })
}

/// Whether any operation needs a credential.
fn uses_security(api: &Api) -> bool {
    api.operations.iter().any(|op| !op.security.alternatives.is_empty())
}

/// The schemes some operation names, in declaration order.
fn used_schemes(api: &Api) -> Vec<&apiforge_ir::SecurityScheme> {
    let used =
        |i: usize| api.operations.iter().flat_map(|op| op.security.alternatives.iter().flatten()).any(|id| id.0 == i);
    api.security_schemes.iter().enumerate().filter(|(i, _)| used(*i)).map(|(_, s)| s).collect()
}

/// The security schemes, for naming them in `authorize` calls.
fn scheme_enum(api: &Api) -> Option<TokenStream> {
    if !uses_security(api) {
        return None;
    }
    let variants = used_schemes(api).into_iter().map(|s| ident(&s.type_name));
    Some(quote! {
        #[derive(Debug, Clone, Copy)]
        enum Scheme { #( #variants, )* }
    })
}

fn builder_name(op: &Operation) -> Ident {
    OperationNames(op).type_with("Builder")
}

fn error_name(op: &Operation) -> Ident {
    OperationNames(op).type_with("Error")
}

fn response_name(op: &Operation) -> Ident {
    OperationNames(op).type_with("Response")
}

fn operation_doc(op: &Operation) -> TokenStream {
    let endpoint = endpoint(op);
    let deprecated = op.deprecated.then_some("**Deprecated.**");
    doc([op.summary.as_deref(), op.description.as_deref(), deprecated, Some(endpoint.as_str())])
}

/// The method on `Client`: takes the required parameters (and body) and
/// starts the request with them; the builder adds the optional ones.
/// For a callback whose URL expression points into the registering
/// operation's JSON body: `<callback>_url(&body)`, the URL evaluated.
fn callback_url_fn(api: &Api, op: &Operation) -> Option<TokenStream> {
    let callback = op.callback.as_ref()?;
    let body = callback.request_body.as_ref().filter(|_| callback.expression.contains("{$request.body#"))?;
    let ty = rust_type(api, body, Scope::Sibling);
    let name = ident(&format!("{}_url", op.fn_name));
    let expression = &callback.expression;
    let docs = doc([Some(
        format!(
            "The URL to send [`Self::{}`] to, for a `{}` request with `body`:\n\
             `{expression}` evaluated; None when the body lacks what it names.",
            op.fn_name, callback.registered_by
        )
        .as_str(),
    )]);
    Some(quote! {
        #docs
        pub fn #name(body: &#ty) -> Option<String> {
            ::apiforge_runtime::callback_url(#expression, body)
        }
    })
}

fn client_method(api: &Api, op: &Operation) -> TokenStream {
    let name = OperationNames(op).method();
    let builder = builder_name(op);
    let docs = operation_doc(op);
    let method = ident(op.method.as_str());
    let request = quote!(request);
    let required: Vec<&Param> = ordered_params(op).into_iter().filter(|p| p.required).collect();
    let mut args = Vec::new();
    let mut bindings = Vec::new();
    for param in &required {
        let field = ident(&param.rust_name);
        let ty = rust_type(api, &param.shape, Scope::Sibling);
        args.push(quote!(#field: impl Into<#ty>));
        bindings.push(quote!(let #field: #ty = #field.into();));
    }
    let body = request_body(api, op).filter(|(_, required)| *required).map(|(payload, _)| {
        let ty = payload.rust_type(Direction::Sent);
        args.push(quote!(body: impl Into<#ty>));
        bindings.push(quote!(let body: #ty = body.into();));
        body_statements(api, op, &payload, &quote!(body), &request)
    });
    let path = path_statements(api, op, &request);
    let others = required
        .iter()
        .filter(|p| p.location != ParamLocation::Path)
        .map(|p| param_statements(api, p, &ident(&p.rust_name), &request));
    let auth = authorization(api, op);
    let others: Vec<TokenStream> = others.collect();
    // A webhook's sender with nothing to add sends the request as made.
    let changed = !path.is_empty() || !others.is_empty() || body.is_some() || auth.is_some();
    let request_binding = if changed { quote!(let mut request) } else { quote!(let request) };
    quote! {
        #docs
        pub fn #name(&self, #( #args ),*) -> #builder {
            #( #bindings )*
            #request_binding = self.connection.request(rt::Method::#method);
            #path
            #( #others )*
            #body
            #auth
            #builder { request }
        }
    }
}

/// Statements building the request's path: the checks of its parameters,
/// then the spec's template filled in by the runtime; a parameter encoded
/// other than as one value (a list, JSON) is added piece by piece.
/// `` `GET /things/{id}` ``, or `` `POST` to the client's URL `` for a
/// webhook's sender.
fn endpoint(op: &Operation) -> String {
    if op.path.is_empty() {
        format!("`{}` to the client's URL", op.method.as_str())
    } else {
        format!("`{} {}`", op.method.as_str(), op.path)
    }
}

fn path_statements(api: &Api, op: &Operation, request: &TokenStream) -> TokenStream {
    let params = || {
        op.segments.iter().filter_map(|segment| match segment {
            apiforge_ir::PathSegment::Param(index) => Some(&op.params[*index]),
            apiforge_ir::PathSegment::Literal(_) => None,
        })
    };
    if params().any(|param| !matches!(encoding(api, param), Encoding::Scalar)) {
        let pieces = op.segments.iter().map(|segment| match segment {
            apiforge_ir::PathSegment::Literal(text) => quote!(#request.path(#text);),
            apiforge_ir::PathSegment::Param(index) => {
                let param = &op.params[*index];
                param_statements(api, param, &ident(&param.rust_name), request)
            }
        });
        return quote!(#( #pieces )*);
    }
    let checks = params().filter_map(|param| {
        let check = validation::check_local(api, &param.wire_name, &ident(&param.rust_name), &param.shape)?;
        Some(quote!(#request.checked(#check);))
    });
    // The template as the spec writes it: its `{name}`s are the path
    // parameters' wire names, in the order of `params()`.
    let template = &op.path;
    if params().next().is_none() {
        // A webhook's sender posts to its base URL as it is.
        if template.is_empty() {
            return quote!();
        }
        return quote!(#request.path(#template););
    }
    let values = params().map(|param| ident(&param.rust_name));
    quote! {
        #( #checks )*
        #request.path_template(#template, &[#( &#values ),*]);
    }
}

/// Statements applying the operation's credentials to `request`: a missing
/// one is kept as the request's error, unless the security is optional.
fn authorization(api: &Api, op: &Operation) -> Option<TokenStream> {
    (!op.security.alternatives.is_empty()).then(|| {
        let alternatives = op.security.alternatives.iter().map(|schemes| {
            let schemes = schemes.iter().map(|id| ident(&api.security_scheme(*id).type_name));
            quote!(&[#( Scheme::#schemes ),*])
        });
        let call = quote!(self.authorize(&mut request, &[#( #alternatives ),*]));
        if op.security.optional {
            // Without any credential set the request goes out anonymously.
            quote!(let _ = #call;)
        } else {
            quote! {
                let authorized = #call;
                request.checked(authorized);
            }
        }
    })
}

/// The successes: declared 1XX-3XX statuses; an operation that declares
/// only `default` succeeds with it.
pub(crate) fn successes(op: &Operation) -> Vec<&apiforge_ir::Response> {
    let declared: Vec<_> = op.responses.iter().filter(|r| r.status.is_success()).collect();
    if declared.is_empty() {
        return op.responses.iter().filter(|r| r.status == apiforge_ir::StatusSpec::Default).collect();
    }
    declared
}

fn operation(api: &Api, op: &Operation) -> TokenStream {
    let builder = builder_name(op);
    let successes = successes(op);
    let errors: Vec<_> = op.responses.iter().filter(|r| !successes.iter().any(|s| s.status == r.status)).collect();

    let request = quote!(self.request);
    let value = ident("value");
    let mut setters: Vec<TokenStream> = ordered_params(op)
        .into_iter()
        .filter(|p| !p.required)
        .map(|param| {
            let field = ident(&param.rust_name);
            let ty = rust_type(api, &param.shape, Scope::Sibling);
            let docs = doc([param.description.as_deref()]);
            let statements = param_statements(api, param, &value, &request);
            // Only a `bool` converts into a `bool`: it is taken as it is.
            if param.shape.ty == Ty::Boolean {
                return quote! {
                    #docs
                    pub fn #field(mut self, value: bool) -> Self {
                        #statements
                        self
                    }
                };
            }
            quote! {
                #docs
                pub fn #field(mut self, value: impl Into<#ty>) -> Self {
                    let value: #ty = value.into();
                    #statements
                    self
                }
            }
        })
        .collect();
    if let Some((payload, false)) = request_body(api, op) {
        let ty = payload.rust_type(Direction::Sent);
        let docs = doc([op.body.as_ref().and_then(|b| b.description.as_deref()), Some("The request body.")]);
        let statements = body_statements(api, op, &payload, &quote!(value), &request);
        setters.push(quote! {
            #docs
            pub fn body(mut self, value: impl Into<#ty>) -> Self {
                let value: #ty = value.into();
                #statements
                self
            }
        });
    }

    let (return_type, response_enum) = success_type(api, op, &successes);
    let send = send_fn(api, op, &successes, &errors, &return_type);
    let error_enum = error_enum(api, op, &errors);
    let builder_doc = doc([Some(format!("A {} request; finish it with [`Self::send`].", endpoint(op)).as_str())]);
    quote! {
        #builder_doc
        #[must_use = "a request does nothing until `send` is awaited"]
        pub struct #builder {
            request: rt::Request,
        }

        impl #builder {
            #( #setters )*
            #send
        }

        ::apiforge_runtime::request_options!(#builder);

        #response_enum
        #error_enum
    }
}

/// What `send` returns on success: the body of the only success status, or
/// an enum of the successes.
fn success_type(api: &Api, op: &Operation, successes: &[&apiforge_ir::Response]) -> (TokenStream, Option<TokenStream>) {
    if let [only] = successes {
        let v = variant(api, only, Scope::Sibling);
        if !v.carries_status && v.headers.is_none() {
            return (v.body.rust_type(Direction::Received).unwrap_or_else(|| quote!(())), None);
        }
    }
    let name = response_name(op);
    let variants: Vec<Variant> = successes.iter().map(|r| variant(api, r, Scope::Sibling)).collect();
    let allow = large_variant_allow(variants.len(), variants.iter().filter(|v| v.has_data()).count());
    let declarations = variants.iter().zip(successes).map(|(v, r)| v.declaration(&r.description, Direction::Received));
    let docs = doc([Some(format!("The successful responses of `{}`.", op.id).as_str())]);
    (
        quote!(#name),
        Some(quote! {
            #docs
            #[derive(Debug, Clone, PartialEq)]
            #allow
            pub enum #name { #( #declarations )* }
        }),
    )
}

fn error_enum(api: &Api, op: &Operation, errors: &[&apiforge_ir::Response]) -> TokenStream {
    let name = error_name(op);
    // No type of its own to derive and check for what cannot happen.
    if errors.is_empty() {
        let docs = doc([Some(format!("`{}` declares no error status.", op.id).as_str())]);
        return quote! {
            #docs
            pub type #name = ::std::convert::Infallible;
        };
    }
    let variants: Vec<Variant> = errors.iter().map(|r| variant(api, r, Scope::Sibling)).collect();
    // A variant for one status is marked with it; one for a range or
    // `default` carries the status it was answered with.
    let declarations = variants.iter().zip(errors).map(|(v, r)| {
        let mark = match r.status {
            apiforge_ir::StatusSpec::Code(code) => {
                let code = unsigned(code);
                Some(quote!(#[status(#code)]))
            }
            _ => None,
        };
        v.declaration_marked(&r.description, mark, Direction::Received)
    });
    let allow = large_variant_allow(variants.len(), variants.iter().filter(|v| v.has_data()).count());
    let docs = doc([Some(format!("The error statuses `{}` declares, each with its body.", op.id).as_str())]);
    quote! {
        #docs
        #[derive(Debug, rt::ErrorStatus)]
        #allow
        pub enum #name { #( #declarations )* }
    }
}

fn send_fn(
    api: &Api,
    op: &Operation,
    successes: &[&apiforge_ir::Response],
    errors: &[&apiforge_ir::Response],
    return_type: &TokenStream,
) -> TokenStream {
    let error = error_name(op);
    let plain_success = plain_success(api, successes);
    let single_success = plain_success.is_some();
    let response_enum = response_name(op);
    // On `send`, for the closure returning the `Result` inside it.
    let allow = large_error_allow(errors.iter().any(|r| variant(api, r, Scope::Sibling).has_data()));
    if let Some((code, Payload::Events { json, .. })) = &plain_success {
        let parse = if *json { quote!(::apiforge_runtime::json_data) } else { quote!(::apiforge_runtime::text_data) };
        let docs = doc([Some(
            "Sends the request; the events stream as the server sends them, each read when the stream is polled.",
        )]);
        let method = (docs, quote!(send), return_type.clone());
        return streamed_send(api, *code, errors, &error, method, quote!(events(#parse)));
    }
    let arms = response_arms(api, successes, errors, single_success, &quote!(#response_enum), &quote!(#error));
    let read = read_response(&arms);
    let Some(pagination) = &op.pagination else {
        // A binary answer can also be read as it arrives.
        let stream = match &plain_success {
            Some((code, Payload::Bytes(_))) => {
                let docs = doc([Some(
                    "Sends the request; the body streams as it arrives, however large ([`Self::send`] reads it whole, up to the client's limit).",
                )]);
                let method = (docs, quote!(send_stream), quote!(rt::ByteStream));
                Some(streamed_send(api, *code, errors, &error, method, quote!(byte_stream())))
            }
            _ => None,
        };
        // One arm reads as statements, several as a `match`.
        let read = if arms.len() == 1 { quote!({ #read }) } else { read };
        return quote! {
            /// Sends the request; the status picks the result.
            #allow
            pub fn send(self) -> rt::Sending<#return_type, #error> {
                self.request.send_with(|response| #read)
            }
            #stream
        };
    };
    // A paginated operation reads each page the way `send` reads its answer.
    let style = pagination_style(&pagination.style, &pagination.items);
    // Items the schema lets be null are `Option`s, as in the page's list.
    let item = optional_type(api, &pagination.items.item, false, Scope::Sibling);
    let take_items = page_items(api, op, successes, single_success, &pagination.items);
    let style_doc = doc([Some(pagination_doc(&pagination.style).as_str())]);
    quote! {
        /// Sends the request; the status picks the result.
        pub fn send(self) -> rt::Sending<#return_type, #error> {
            self.request.send_with(Self::decode)
        }

        /// Every page from this request on, each requested when the stream is
        /// polled past the one before.
        ///
        #style_doc
        pub fn pages(self) -> rt::Paged<#return_type, #error> {
            rt::pages(self.request, #style, Self::decode)
        }

        /// Every item of every page (see [`Self::pages`]).
        pub fn items(self) -> rt::Paged<#item, #error> {
            rt::items(self.pages(), |page| #take_items)
        }

        #allow
        fn decode(response: rt::Response) -> Result<#return_type, Error<#error>> {
            #read
        }
    }
}

/// The one success that is a status code with a body and nothing else, and
/// that body: `send` returns it, and a stream of it can be taken.
pub(crate) fn plain_success(api: &Api, successes: &[&apiforge_ir::Response]) -> Option<(u16, Payload)> {
    match successes {
        [only] if only.headers.is_empty() => match (only.status, variant(api, only, Scope::Sibling)) {
            (apiforge_ir::StatusSpec::Code(code), v) if !v.carries_status => Some((code, v.body)),
            _ => None,
        },
        _ => None,
    }
}

/// A send method (`method`: its doc, name and success type) whose success
/// body, at status `code`, is not read whole but taken as it arrives
/// (`take`, a method of the runtime's `Streamed`: events, bytes); any other
/// status is read whole.
fn streamed_send(
    api: &Api,
    code: u16,
    errors: &[&apiforge_ir::Response],
    error: &Ident,
    method: (TokenStream, TokenStream, TokenStream),
    take: TokenStream,
) -> TokenStream {
    let (docs, name, success_type) = method;
    let status = unsigned(code);
    let arms = response_arms(api, &[], errors, false, &quote!(), &quote!(#error));
    let read = read_response(&arms);
    quote! {
        #docs
        pub async fn #name(self) -> Result<#success_type, Error<#error>> {
            let response = self.request.send_streamed().await?;
            if response.status() == #status {
                return Ok(response.#take);
            }
            let response = response.read().await?;
            #read
        }
    }
}

/// The runtime's description of a pagination style.
fn pagination_style(style: &PaginationStyle, items: &PageItems) -> TokenStream {
    // The items' JSON pointer: the body itself, or its field.
    let items =
        items.field.as_ref().map(|f| apiforge_ir::diagnostic::pointer_push("", &f.wire_name)).unwrap_or_default();
    match style {
        PaginationStyle::Link => quote!(rt::Pagination::Link),
        PaginationStyle::Cursor { cursor, param } => quote!(rt::Pagination::Cursor { cursor: #cursor, param: #param }),
        PaginationStyle::LastId { has_more, param } => {
            quote!(rt::Pagination::LastId { has_more: #has_more, items: #items, param: #param })
        }
        PaginationStyle::PageNumber { param } => quote!(rt::Pagination::PageNumber { param: #param, items: #items }),
    }
}

/// How the generated docs say an operation is paginated.
fn pagination_doc(style: &PaginationStyle) -> String {
    match style {
        PaginationStyle::Link => "Pages follow the `Link` header's `rel=\"next\"` URL.".to_string(),
        PaginationStyle::Cursor { cursor, param } => {
            format!("Pages follow the cursor at `{cursor}` in each body, sent back as the query parameter `{param}`.")
        }
        PaginationStyle::LastId { has_more, param } => format!(
            "Pages follow while `{has_more}` is true, with the last item's `id` sent as the query parameter `{param}`."
        ),
        PaginationStyle::PageNumber { param } => {
            format!("Pages are counted by the query parameter `{param}` until one has no items.")
        }
    }
}

/// An expression taking the items out of `page`, the value `send` returns.
fn page_items(
    api: &Api,
    op: &Operation,
    successes: &[&apiforge_ir::Response],
    single_success: bool,
    items: &PageItems,
) -> TokenStream {
    // A page or a field that may be absent holds no items then.
    let field = |page: TokenStream| {
        let name = items.field.as_ref().map(|f| ident(&f.rust_name));
        let field_optional = items.field.as_ref().is_some_and(|f| f.optional);
        match (name, items.page_optional, field_optional) {
            (None, false, _) => page,
            (None, true, _) => quote!(#page.unwrap_or_default()),
            (Some(name), false, false) => quote!(#page.#name),
            (Some(name), false, true) => quote!(#page.#name.unwrap_or_default()),
            (Some(name), true, false) => quote!(#page.map(|page| page.#name).unwrap_or_default()),
            (Some(name), true, true) => quote!(#page.and_then(|page| page.#name).unwrap_or_default()),
        }
    };
    if single_success {
        return field(quote!(page));
    }
    // The success enum: the items are in the 2xx variant, none in another.
    let response_enum = response_name(op);
    let arms = successes.iter().map(|response| {
        let v = variant(api, response, Scope::Sibling);
        let name = &v.name;
        let paged =
            matches!(response.status, apiforge_ir::StatusSpec::Code(200..=299) | apiforge_ir::StatusSpec::Range(2));
        if !paged {
            let pattern = v.any_pattern(&quote!(#response_enum));
            return quote!(#pattern => Vec::new(),);
        }
        let pattern = if v.carries_status || v.headers.is_some() {
            quote!(#response_enum::#name { body, .. })
        } else {
            quote!(#response_enum::#name(body))
        };
        let items = field(quote!(body));
        quote!(#pattern => #items,)
    });
    quote!(match page { #( #arms )* })
}

/// Statements adding `value` (a local of the body's type) to `request` as
/// the body, after its checks.
fn body_statements(
    api: &Api,
    op: &Operation,
    payload: &Payload,
    value: &TokenStream,
    request: &TokenStream,
) -> TokenStream {
    let check = request_body_check(api, op, &quote!(value)).map(|(check, nullable)| {
        if nullable {
            quote!(if let Some(value) = &#value { #request.checked(#check); })
        } else {
            quote!({ let value = &#value; #request.checked(#check); })
        }
    });
    let add = match payload {
        Payload::Json(_) => quote!(#request.json(&#value);),
        Payload::Form(_) => quote!(#request.form(&#value);),
        Payload::Multipart => quote!(#request.multipart(&#value);),
        Payload::Text(media) | Payload::Bytes(media) => quote!(#request.raw(#value, #media);),
        // The IR reads a request's events as text.
        Payload::Events { .. } => quote!(),
        Payload::Empty => quote!(),
    };
    quote!(#check #add)
}

/// Statements adding a parameter held in the local `value` to `request`:
/// its checks, then the parameter in its place and encoding.
fn param_statements(api: &Api, param: &Param, value: &Ident, request: &TokenStream) -> TokenStream {
    let wire = &param.wire_name;
    let check = validation::check_local(api, wire, value, &param.shape).map(|check| quote!(#request.checked(#check);));
    let place = |text: TokenStream| match param.location {
        ParamLocation::Path => quote!(#request.path_param(#wire, #text);),
        ParamLocation::Query => quote!(#request.query(#wire, #text);),
        ParamLocation::Header => quote!(#request.header(#wire, #text);),
        ParamLocation::Cookie => quote!(#request.cookie(#wire, #text);),
    };
    // A date-time travels as its `FormatText`, the others as their
    // `Display`.
    let items = match &param.shape.ty {
        apiforge_ir::Ty::Array(items) => items,
        _ => &param.shape,
    };
    let typed = displayed_otherwise(api, items);
    let to_text = match typed {
        true => quote!(::apiforge_runtime::FormatText::format_text),
        false => quote!(ToString::to_string),
    };
    let add = match (param.location, encoding(api, param)) {
        (ParamLocation::Query, Encoding::List { delimiter, explode }) if typed => {
            quote!(#request.query_list(#wire, &#value.iter().map(#to_text).collect::<Vec<_>>(), #explode, #delimiter);)
        }
        (ParamLocation::Query, Encoding::List { delimiter, explode }) => {
            quote!(#request.query_list(#wire, &#value, #explode, #delimiter);)
        }
        (ParamLocation::Query, Encoding::QueryObject { deep, .. }) => {
            quote!(#request.query_object(#wire, &#value, #deep);)
        }
        (_, Encoding::Scalar) if typed => place(quote!(&#to_text(&#value))),
        (_, Encoding::Scalar) => place(quote!(&#value)),
        (_, Encoding::List { delimiter, .. }) => {
            place(quote!(&#value.iter().map(#to_text).collect::<Vec<_>>().join(#delimiter)))
        }
        (_, Encoding::Json | Encoding::QueryObject { .. }) => {
            let add = place(quote!(&text));
            quote!(if let Some(text) = #request.checked(::apiforge_runtime::validate::json_text(#wire, &#value)) { #add })
        }
    };
    quote!(#check #add)
}

/// One way `send` reads a status: its pattern, the statements decoding the
/// response, and the result.
struct Arm {
    pattern: TokenStream,
    decode: Option<TokenStream>,
    result: TokenStream,
}

impl Arm {
    fn tokens(&self) -> TokenStream {
        let Arm { pattern, decode, result } = self;
        match decode {
            Some(decode) => quote!(#pattern => { #decode #result }),
            None => quote!(#pattern => #result,),
        }
    }
}

/// The statements reading a response: a `match` on its status, or, when
/// every status is read alike (only `default` is declared), that one way.
fn read_response(arms: &[Arm]) -> TokenStream {
    if let [Arm { decode, result, .. }] = arms {
        return quote!(#decode #result);
    }
    let arms = arms.iter().map(Arm::tokens);
    quote!(match response.status() { #( #arms )* })
}

/// The arms over the status: exact codes, then ranges, then `default`,
/// then undeclared statuses as errors.
fn response_arms(
    api: &Api,
    successes: &[&apiforge_ir::Response],
    errors: &[&apiforge_ir::Response],
    single_success: bool,
    success_enum: &TokenStream,
    error_enum: &TokenStream,
) -> Vec<Arm> {
    let mut all: Vec<(&apiforge_ir::Response, bool)> =
        successes.iter().map(|r| (*r, true)).chain(errors.iter().map(|r| (*r, false))).collect();
    all.sort_by_key(|(r, _)| r.status);
    let mut arms: Vec<Arm> = all
        .iter()
        .map(|(response, success)| {
            let v = variant(api, response, Scope::Sibling);
            let pattern = match response.status {
                apiforge_ir::StatusSpec::Code(code) => {
                    let code = unsigned(code);
                    quote!(#code)
                }
                apiforge_ir::StatusSpec::Range(r) => {
                    let r = unsigned(r);
                    quote!(status if status / 100 == #r)
                }
                apiforge_ir::StatusSpec::Default => quote!(_),
            };
            let wrap = |value: TokenStream| {
                if *success {
                    quote!(Ok(#value))
                } else {
                    quote!(Err(Error::Api(#value)))
                }
            };
            // The common case, a status with at most a body, is one expression.
            if !v.carries_status && v.headers.is_none() {
                let body = body_expression(&v.body);
                let value = match (*success && single_success, &body, success) {
                    (true, Some(body), _) => body.clone(),
                    (true, None, _) => quote!(()),
                    (false, Some(body), true) => {
                        let name = &v.name;
                        quote!(#success_enum::#name(#body))
                    }
                    (false, None, true) => v.construct(success_enum),
                    // A JSON error body: the runtime decodes it into the variant.
                    (false, Some(_), false) if matches!(v.body, Payload::Json(_) | Payload::Form(_)) => {
                        let name = &v.name;
                        return Arm { pattern, decode: None, result: quote!(response.json_error(#error_enum::#name)) };
                    }
                    (false, Some(body), false) => {
                        let name = &v.name;
                        quote!(#error_enum::#name(#body))
                    }
                    (false, None, false) => v.construct(error_enum),
                };
                return Arm { pattern, decode: None, result: wrap(value) };
            }
            let decode = decode_response(&v, response);
            let value = if *success && single_success {
                match v.body {
                    Payload::Empty => quote!(()),
                    _ => quote!(body),
                }
            } else if *success {
                v.construct(success_enum)
            } else {
                v.construct(error_enum)
            };
            Arm { pattern, decode: Some(decode), result: wrap(value) }
        })
        .collect();
    if !all.iter().any(|(r, _)| r.status == apiforge_ir::StatusSpec::Default) {
        arms.push(Arm { pattern: quote!(_), decode: None, result: quote!(Err(response.unexpected())) });
    }
    arms
}

/// The expression reading a body, or None without one.
fn body_expression(body: &Payload) -> Option<TokenStream> {
    match body {
        Payload::Empty => None,
        Payload::Json(_) | Payload::Form(_) => Some(quote!(response.json()?)),
        Payload::Multipart => Some(quote!(response.multipart()?)),
        Payload::Text(_) => Some(quote!(response.text()?)),
        Payload::Bytes(_) => Some(quote!(response.bytes())),
        // Events are taken before the body is read (`streamed_send`).
        Payload::Events { .. } => None,
    }
}

/// Binds `status`, `body` and `headers` for a response variant.
fn decode_response(v: &Variant, response: &apiforge_ir::Response) -> TokenStream {
    let status = v.carries_status.then(|| quote!(let status = response.status();));
    let body = match &v.body {
        Payload::Empty => None,
        Payload::Json(ty) | Payload::Form(ty) => Some(quote!(let body: #ty = response.json()?;)),
        Payload::Multipart => Some(quote!(let body = response.multipart()?;)),
        Payload::Text(_) => Some(quote!(let body = response.text()?;)),
        Payload::Bytes(_) => Some(quote!(let body = response.bytes();)),
        Payload::Events { .. } => None,
    };
    let headers = v.headers.as_ref().map(|ty| {
        let fields = response.headers.iter().map(|h| {
            let field = ident(&h.rust_name);
            let wire = &h.wire_name;
            if h.required {
                quote!(#field: response.required_header(#wire)?,)
            } else {
                quote!(#field: response.optional_header(#wire)?,)
            }
        });
        quote!(let headers = #ty { #( #fields )* };)
    });
    quote!(#status #body #headers)
}
