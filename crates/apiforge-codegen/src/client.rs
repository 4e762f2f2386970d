//! The `client` module: a `Client` with credentials and one method per
//! operation, returning a builder whose `send()` gives the typed result.

use apiforge_ir::{Api, Operation, Param, ParamLocation, SecurityKind};

use crate::names::{doc, ident};
use crate::params::{encoding, ordered_params, Encoding};
use crate::payload::{request_body, request_body_check, variant, Payload, Variant};
use crate::rust_type::{rust_type, Scope};
use crate::validation;
use crate::tokens::{Ident, Tokens};
use crate::{item, Plan};

pub fn emit(api: &Api) -> Plan<'_> {
    let export = item(|| piece!(pub use ::apiforge_runtime::client::Error;));
    let operations = api.operations.iter().map(|op| item(move || operation(api, op)));
    let head = [export, item(move || client_struct(api)), item(move || scheme_enum(api))];
    Plan {
        name: "client",
        doc: "A typed client for the API: one method per operation.\n\n\
              Beside the `types` module, prelude names (`Option`, `String`, ...) are safe here:\n\
              no generated item in this module takes one.",
        feature: Some("client"),
        items: head.into_iter().chain(operations).collect(),
    }
}

fn scheme_field(field_name: &str) -> Ident {
    ident(field_name)
}

fn client_struct(api: &Api) -> Tokens {
    let title = &api.title;
    let struct_doc = doc([Some(format!("A client for {title}.").as_str())]);
    let fields = api.security_schemes.iter().map(|s| {
        let name = scheme_field(&s.field_name);
        let ty = credential_type(&s.kind);
        piece!(#name: Option<#ty>,)
    });
    let none_fields = api.security_schemes.iter().map(|s| {
        let name = scheme_field(&s.field_name);
        piece!(#name: None,)
    });
    let setters = api.security_schemes.iter().map(|s| {
        let name = scheme_field(&s.field_name);
        let setter = format_ident!("with_{}", apiforge_ir::naming::unraw(&s.field_name));
        let what = match &s.kind {
            SecurityKind::Bearer { .. } => "the bearer token (sent as `Authorization: Bearer <token>`)".to_string(),
            SecurityKind::Basic => "HTTP basic credentials".to_string(),
            SecurityKind::ApiKey { location, name } => format!("the API key sent in the {location:?} `{name}`").to_lowercase(),
        };
        let docs = doc([Some(format!("Sets {what} for the `{}` security scheme.", s.key).as_str()), s.description.as_deref()]);
        match s.kind {
            SecurityKind::Basic => piece! {
                #docs
                pub fn #setter(mut self, username: impl Into<String>, password: impl Into<::apiforge_runtime::Secret>) -> Self {
                    self.#name = Some(::apiforge_runtime::BasicCredentials { username: username.into(), password: password.into() });
                    self
                }
            },
            _ => piece! {
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
        piece!(.field(#label, &self.#name.as_ref().map(|_| "<set>")))
    });
    let default_url = api.servers.first().filter(|s| is_absolute_http_url(&s.url)).map(|s| {
        let url = &s.url;
        piece! {
            /// The spec's first server.
            pub const DEFAULT_BASE_URL: &'static str = #url;

            /// A client for [`Self::DEFAULT_BASE_URL`].
            pub fn with_default_base_url() -> Result<Self, ::apiforge_runtime::client::InvalidBaseUrl> {
                Self::new(Self::DEFAULT_BASE_URL)
            }
        }
    });
    let authorize = authorize_fn(api);
    let methods = api.operations.iter().map(|op| client_method(api, op));
    piece! {
        #struct_doc
        ///
        /// `Debug` shows which credentials are set, never their values.
        #[derive(Clone)]
        pub struct Client {
            connection: ::apiforge_runtime::client::Connection,
            #( #fields )*
        }

        impl Client {
            /// A client for the API at `base_url` (such as `https://api.example.com`).
            pub fn new(base_url: &str) -> Result<Self, ::apiforge_runtime::client::InvalidBaseUrl> {
                ::apiforge_runtime::client::Connection::new(base_url).map(Self::from_connection)
            }

            fn from_connection(connection: ::apiforge_runtime::client::Connection) -> Self {
                Self { connection, #( #none_fields )* }
            }

            #default_url

            /// Sends requests through a configured `reqwest::Client`
            /// (timeouts, proxies, TLS settings).
            pub fn with_http_client(mut self, http: ::apiforge_runtime::client::reqwest::Client) -> Self {
                self.connection = self.connection.with_http_client(http);
                self
            }

            /// The base URL requests are sent to.
            pub fn base_url(&self) -> &str {
                self.connection.base_url()
            }

            #( #setters )*
            #authorize
            #( #methods )*
        }

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

fn credential_type(kind: &SecurityKind) -> Tokens {
    match kind {
        SecurityKind::Basic => piece!(::apiforge_runtime::BasicCredentials),
        _ => piece!(::apiforge_runtime::Secret),
    }
}

/// `authorize`: applies the first alternative of an operation's security
/// whose credentials are all set.
fn authorize_fn(api: &Api) -> Option<Tokens> {
    if !uses_security(api) {
        return None;
    }
    let used = used_schemes(api);
    let variants: Vec<Ident> = used.iter().map(|s| ident(&s.type_name)).collect();
    let has = used.iter().zip(&variants).map(|(s, v)| {
        let field = scheme_field(&s.field_name);
        piece!(Scheme::#v => self.#field.is_some(),)
    });
    let apply = used.iter().zip(&variants).map(|(s, v)| {
        let field = scheme_field(&s.field_name);
        let action = match &s.kind {
            SecurityKind::Bearer { .. } => piece!(request.bearer(secret)),
            SecurityKind::Basic => piece!(request.basic(secret)),
            SecurityKind::ApiKey { location: apiforge_ir::ApiKeyLocation::Header, name } => {
                piece!(request.header(#name, &secret.expose()))
            }
            SecurityKind::ApiKey { location: apiforge_ir::ApiKeyLocation::Query, name } => {
                piece!(request.query(#name, &secret.expose()))
            }
            SecurityKind::ApiKey { location: apiforge_ir::ApiKeyLocation::Cookie, name } => {
                piece!(request.cookie(#name, &secret.expose()))
            }
        };
        piece!(Scheme::#v => { if let Some(secret) = &self.#field { #action; } })
    });
    let setters: Vec<String> = used
        .iter()
        .map(|s| format!("with_{}", apiforge_ir::naming::unraw(&s.field_name)))
        .collect();
    let hint = format!("a credential: call Client::{}", setters.join(" or Client::"));
    Some(piece! {
        fn authorize(
            &self,
            request: &mut ::apiforge_runtime::client::Request,
            alternatives: &[&[Scheme]],
        ) -> Result<(), ::apiforge_runtime::validate::ValidationError> {
            let usable = alternatives.iter().find(|schemes| schemes.iter().all(|scheme| match scheme { #( #has )* }));
            let Some(schemes) = usable else {
                return Err(::apiforge_runtime::validate::ValidationError::new("credential", #hint));
            };
            for scheme in schemes.iter() {
                match scheme { #( #apply )* }
            }
            Ok(())
        }
    })
}

/// Whether any operation needs a credential.
fn uses_security(api: &Api) -> bool {
    api.operations.iter().any(|op| !op.security.alternatives.is_empty())
}

/// The schemes some operation names, in declaration order.
fn used_schemes(api: &Api) -> Vec<&apiforge_ir::SecurityScheme> {
    let used = |i: usize| api.operations.iter().flat_map(|op| op.security.alternatives.iter().flatten()).any(|id| id.0 == i);
    api.security_schemes.iter().enumerate().filter(|(i, _)| used(*i)).map(|(_, s)| s).collect()
}

/// The security schemes, for naming them in `authorize` calls.
fn scheme_enum(api: &Api) -> Option<Tokens> {
    if !uses_security(api) {
        return None;
    }
    let variants = used_schemes(api).into_iter().map(|s| ident(&s.type_name));
    Some(piece! {
        #[derive(Debug, Clone, Copy)]
        enum Scheme { #( #variants, )* }
    })
}

fn builder_name(op: &Operation) -> Ident {
    ident(&format!("{}Builder", apiforge_ir::naming::unraw(&op.type_name)))
}

fn error_name(op: &Operation) -> Ident {
    ident(&format!("{}Error", apiforge_ir::naming::unraw(&op.type_name)))
}

fn response_name(op: &Operation) -> Ident {
    ident(&format!("{}Response", apiforge_ir::naming::unraw(&op.type_name)))
}


fn operation_doc(op: &Operation) -> std::rc::Rc<Tokens> {
    let endpoint = format!("`{} {}`", op.method.as_str(), op.path);
    let deprecated = op.deprecated.then_some("**Deprecated.**");
    doc([op.summary.as_deref(), op.description.as_deref(), deprecated, Some(endpoint.as_str())])
}

/// The method on `Client`: takes the required parameters (and body) and
/// starts the request with them; the builder adds the optional ones.
fn client_method(api: &Api, op: &Operation) -> Tokens {
    let name = ident(&op.fn_name);
    let builder = builder_name(op);
    let docs = operation_doc(op);
    let method = format_ident!("{}", op.method.as_str());
    let request = piece!(request);
    let required: Vec<&Param> = ordered_params(op).into_iter().filter(|p| p.required).collect();
    let mut args = Vec::new();
    let mut bindings = Vec::new();
    for param in &required {
        let field = ident(&param.rust_name);
        let ty = rust_type(api, &param.shape, Scope::Sibling);
        args.push(piece!(#field: impl Into<#ty>));
        bindings.push(piece!(let #field: #ty = #field.into();));
    }
    let body = request_body(api, op).filter(|(_, required)| *required).map(|(payload, _)| {
        let ty = payload.rust_type();
        args.push(piece!(body: impl Into<#ty>));
        bindings.push(piece!(let body: #ty = body.into();));
        body_statements(api, op, &payload, &piece!(body), &request)
    });
    let path = op.segments.iter().map(|segment| match segment {
        apiforge_ir::PathSegment::Literal(text) => piece!(#request.path(#text);),
        apiforge_ir::PathSegment::Param(index) => {
            let param = &op.params[*index];
            param_statements(api, param, &ident(&param.rust_name), &request)
        }
    });
    let others = required
        .iter()
        .filter(|p| p.location != ParamLocation::Path)
        .map(|p| param_statements(api, p, &ident(&p.rust_name), &request));
    let auth = authorization(api, op);
    piece! {
        #docs
        pub fn #name(&self, #( #args ),*) -> #builder {
            #( #bindings )*
            let mut request = self.connection.request(::apiforge_runtime::client::Method::#method);
            #( #path )*
            #( #others )*
            #body
            #auth
            #builder { request }
        }
    }
}

/// Statements applying the operation's credentials to `request`: a missing
/// one is kept as the request's error, unless the security is optional.
fn authorization(api: &Api, op: &Operation) -> Option<Tokens> {
    (!op.security.alternatives.is_empty()).then(|| {
        let alternatives = op.security.alternatives.iter().map(|schemes| {
            let schemes = schemes.iter().map(|id| ident(&api.security_scheme(*id).type_name));
            piece!(&[#( Scheme::#schemes ),*])
        });
        let call = piece!(self.authorize(&mut request, &[#( #alternatives ),*]));
        if op.security.optional {
            // Without any credential set the request goes out anonymously.
            piece!(let _ = #call;)
        } else {
            piece! {
                let authorized = #call;
                request.checked(authorized);
            }
        }
    })
}

/// The successes: declared 1XX-3XX statuses; an operation that declares
/// only `default` succeeds with it.
fn successes(op: &Operation) -> Vec<&apiforge_ir::Response> {
    let declared: Vec<_> = op.responses.iter().filter(|r| r.status.is_success()).collect();
    if declared.is_empty() {
        return op.responses.iter().filter(|r| r.status == apiforge_ir::StatusSpec::Default).collect();
    }
    declared
}

fn operation(api: &Api, op: &Operation) -> Tokens {
    let builder = builder_name(op);
    let successes = successes(op);
    let errors: Vec<_> = op.responses.iter().filter(|r| !successes.iter().any(|s| s.status == r.status)).collect();

    let request = piece!(self.request);
    let value = ident("value");
    let mut setters: Vec<Tokens> = ordered_params(op)
        .into_iter()
        .filter(|p| !p.required)
        .map(|param| {
            let field = ident(&param.rust_name);
            let ty = rust_type(api, &param.shape, Scope::Sibling);
            let docs = doc([param.description.as_deref()]);
            let statements = param_statements(api, param, &value, &request);
            piece! {
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
        let ty = payload.rust_type();
        let docs = doc([op.body.as_ref().and_then(|b| b.description.as_deref()), Some("The request body.")]);
        let statements = body_statements(api, op, &payload, &piece!(value), &request);
        setters.push(piece! {
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
    let builder_doc = doc([Some(format!("A `{} {}` request; finish it with [`Self::send`].", op.method.as_str(), op.path).as_str())]);
    piece! {
        #builder_doc
        #[must_use = "a request does nothing until `send` is awaited"]
        pub struct #builder {
            request: ::apiforge_runtime::client::Request,
        }

        impl #builder {
            #( #setters )*
            #send
        }

        #response_enum
        #error_enum
    }
}

/// What `send` returns on success: the body of the only success status, or
/// an enum of the successes.
fn success_type(api: &Api, op: &Operation, successes: &[&apiforge_ir::Response]) -> (Tokens, Option<Tokens>) {
    if let [only] = successes {
        let v = variant(api, only, Scope::Sibling);
        if !v.carries_status && v.headers.is_none() {
            return (v.body.rust_type().unwrap_or_else(|| piece!(())), None);
        }
    }
    let name = response_name(op);
    let variants = successes.iter().map(|r| variant(api, r, Scope::Sibling).declaration(&r.description));
    let docs = doc([Some(format!("The successful responses of `{}`.", op.id).as_str())]);
    (
        piece!(#name),
        Some(piece! {
            #docs
            #[derive(Debug, Clone, PartialEq)]
            #[allow(clippy::large_enum_variant)]
            pub enum #name { #( #variants )* }
        }),
    )
}

fn error_enum(api: &Api, op: &Operation, errors: &[&apiforge_ir::Response]) -> Tokens {
    let name = error_name(op);
    let variants: Vec<Variant> = errors.iter().map(|r| variant(api, r, Scope::Sibling)).collect();
    let declarations = variants.iter().zip(errors).map(|(v, r)| v.declaration(&r.description));
    let statuses = variants.iter().zip(errors).map(|(v, r)| {
        let variant_name = &v.name;
        match r.status {
            apiforge_ir::StatusSpec::Code(code) => piece!(Self::#variant_name { .. } => #code,),
            _ => piece!(Self::#variant_name { status, .. } => *status,),
        }
    });
    let docs = doc([Some(format!("The error statuses `{}` declares, each with its body.", op.id).as_str())]);
    let status_body = if errors.is_empty() { piece!(match *self {}) } else { piece!(match self { #( #statuses )* }) };
    piece! {
        #docs
        #[derive(Debug, Clone, PartialEq)]
        #[allow(clippy::large_enum_variant)]
        pub enum #name { #( #declarations )* }

        impl ::apiforge_runtime::client::ErrorStatus for #name {
            fn status(&self) -> u16 { #status_body }
        }
    }
}

fn send_fn(
    api: &Api,
    op: &Operation,
    successes: &[&apiforge_ir::Response],
    errors: &[&apiforge_ir::Response],
    return_type: &Tokens,
) -> Tokens {
    let error = error_name(op);
    let single_success = matches!(successes, [only] if !variant(api, only, Scope::Sibling).carries_status && only.headers.is_empty());
    let response_enum = response_name(op);
    let arms = response_arms(api, successes, errors, single_success, &piece!(#response_enum), &piece!(#error));
    piece! {
        /// Sends the request; the status picks the result.
        pub async fn send(self) -> Result<#return_type, Error<#error>> {
            let response = self.request.send().await?;
            #[allow(clippy::match_single_binding)]
            match response.status() {
                #( #arms )*
            }
        }
    }
}

/// Statements adding `value` (a local of the body's type) to `request` as
/// the body, after its checks.
fn body_statements(api: &Api, op: &Operation, payload: &Payload, value: &Tokens, request: &Tokens) -> Tokens {
    let check = request_body_check(api, op, &piece!(value)).map(|(check, nullable)| {
        if nullable {
            piece!(if let Some(value) = &#value { #request.checked(#check); })
        } else {
            piece!({ let value = &#value; #request.checked(#check); })
        }
    });
    let add = match payload {
        Payload::Json(_) => piece!(#request.json(&#value);),
        Payload::Form(_) => piece!(#request.form(&#value);),
        Payload::Multipart => piece!(#request.multipart(&#value);),
        Payload::Text(media) | Payload::Bytes(media) => piece!(#request.raw(#value, #media);),
        Payload::Empty => piece!(),
    };
    piece!(#check #add)
}

/// Statements adding a parameter held in the local `value` to `request`:
/// its checks, then the parameter in its place and encoding.
fn param_statements(api: &Api, param: &Param, value: &Ident, request: &Tokens) -> Tokens {
    let wire = &param.wire_name;
    let check = validation::check_local(wire, value, &param.shape).map(|check| piece!(#request.checked(#check);));
    let place = |text: Tokens| match param.location {
        ParamLocation::Path => piece!(#request.path_param(#text);),
        ParamLocation::Query => piece!(#request.query(#wire, #text);),
        ParamLocation::Header => piece!(#request.header(#wire, #text);),
        ParamLocation::Cookie => piece!(#request.cookie(#wire, #text);),
    };
    let add = match (param.location, encoding(api, param)) {
        (ParamLocation::Query, Encoding::List { delimiter, explode }) => {
            piece!(#request.query_list(#wire, &#value, #explode, #delimiter);)
        }
        (ParamLocation::Query, Encoding::QueryObject { deep, .. }) => piece!(#request.query_object(#wire, &#value, #deep);),
        (_, Encoding::Scalar) => place(piece!(&#value)),
        (_, Encoding::List { delimiter, .. }) => {
            place(piece!(&#value.iter().map(ToString::to_string).collect::<Vec<_>>().join(#delimiter)))
        }
        (_, Encoding::Json | Encoding::QueryObject { .. }) => {
            let add = place(piece!(&text));
            piece!(if let Some(text) = #request.checked(::apiforge_runtime::validate::json_text(#wire, &#value)) { #add })
        }
    };
    piece!(#check #add)
}

/// Match arms over the status: exact codes, then ranges, then `default`,
/// then undeclared statuses as errors.
fn response_arms(
    api: &Api,
    successes: &[&apiforge_ir::Response],
    errors: &[&apiforge_ir::Response],
    single_success: bool,
    success_enum: &Tokens,
    error_enum: &Tokens,
) -> Vec<Tokens> {
    let mut all: Vec<(&apiforge_ir::Response, bool)> =
        successes.iter().map(|r| (*r, true)).chain(errors.iter().map(|r| (*r, false))).collect();
    all.sort_by_key(|(r, _)| r.status);
    let mut arms: Vec<Tokens> = all
        .iter()
        .map(|(response, success)| {
            let v = variant(api, response, Scope::Sibling);
            let pattern = match response.status {
                apiforge_ir::StatusSpec::Code(code) => piece!(#code),
                apiforge_ir::StatusSpec::Range(r) => piece!(status if status / 100 == #r),
                apiforge_ir::StatusSpec::Default => piece!(_),
            };
            let wrap = |value: Tokens| {
                if *success {
                    piece!(Ok(#value))
                } else {
                    piece!(Err(Error::Api(#value)))
                }
            };
            // The common case, a status with at most a body, is one expression.
            if !v.carries_status && v.headers.is_none() {
                let body = body_expression(&v.body);
                let value = match (*success && single_success, &body, success) {
                    (true, Some(body), _) => body.clone(),
                    (true, None, _) => piece!(()),
                    (false, Some(body), true) => {
                        let name = &v.name;
                        piece!(#success_enum::#name(#body))
                    }
                    (false, None, true) => v.construct(success_enum),
                    (false, Some(body), false) => {
                        let name = &v.name;
                        piece!(#error_enum::#name(#body))
                    }
                    (false, None, false) => v.construct(error_enum),
                };
                let result = wrap(value);
                return piece!(#pattern => #result,);
            }
            let decode = decode_response(&v, response);
            let value = if *success && single_success {
                match v.body {
                    Payload::Empty => piece!(()),
                    _ => piece!(body),
                }
            } else if *success {
                v.construct(success_enum)
            } else {
                v.construct(error_enum)
            };
            let result = wrap(value);
            piece!(#pattern => { #decode #result })
        })
        .collect();
    if !all.iter().any(|(r, _)| r.status == apiforge_ir::StatusSpec::Default) {
        arms.push(piece!(_ => Err(response.unexpected()),));
    }
    arms
}

/// The expression reading a body, or None without one.
fn body_expression(body: &Payload) -> Option<Tokens> {
    match body {
        Payload::Empty => None,
        Payload::Json(_) | Payload::Form(_) => Some(piece!(response.json()?)),
        Payload::Multipart => Some(piece!(response.multipart()?)),
        Payload::Text(_) => Some(piece!(response.text()?)),
        Payload::Bytes(_) => Some(piece!(response.bytes())),
    }
}

/// Binds `status`, `body` and `headers` for a response variant.
fn decode_response(v: &Variant, response: &apiforge_ir::Response) -> Tokens {
    let status = v.carries_status.then(|| piece!(let status = response.status();));
    let body = match &v.body {
        Payload::Empty => None,
        Payload::Json(ty) | Payload::Form(ty) => Some(piece!(let body: #ty = response.json()?;)),
        Payload::Multipart => Some(piece!(let body = response.multipart()?;)),
        Payload::Text(_) => Some(piece!(let body = response.text()?;)),
        Payload::Bytes(_) => Some(piece!(let body = response.bytes();)),
    };
    let headers = v.headers.as_ref().map(|ty| {
        let fields = response.headers.iter().map(|h| {
            let field = ident(&h.rust_name);
            let wire = &h.wire_name;
            if h.required {
                piece!(#field: response.required_header(#wire)?,)
            } else {
                piece!(#field: response.optional_header(#wire)?,)
            }
        });
        piece!(let headers = #ty { #( #fields )* };)
    });
    piece!(#status #body #headers)
}
