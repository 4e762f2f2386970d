//! The `client` module: a `Client` with credentials and one method per
//! operation, returning a builder whose `send()` gives the typed result.
//!
//! The module names prelude items (`Option`, `String`, `Ok`) plainly: unlike
//! `types`, where a schema may be called `Option`, no item generated here
//! takes a prelude name.

use apiforge_ir::{Api, Operation, SecurityKind};
use proc_macro2::{Ident, TokenStream};
use quote::quote;

use crate::names::{doc, ident, OperationNames};
use crate::plan::{item, Plan, Shell};
use crate::security::credential_type;

mod builder;
mod pagination;
mod response;

use builder::{callback_url_fn, client_method, operation};

pub(crate) use response::{plain_success, successes};

pub fn emit(api: &Api) -> Plan<'_> {
    let head = [
        item("the client's imports", move || imports(api)),
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

/// The module's imports: the runtime's names the `Client` struct and every
/// operation use (no item generated here is named without a prefix or a
/// suffix, so none clashes), and the public ones. The rest of the runtime is
/// named through its alias (`rt::client::Paged`).
fn imports(api: &Api) -> TokenStream {
    let operations = &api.operations;
    let per_operation = (!operations.is_empty()).then(|| quote!(Method, Request,));
    let sending = operations.iter().any(|op| response::sends_whole(api, op)).then(|| quote!(Sending,));
    // Builders whose setters put a parameter in one call use `SetParam`.
    let set_param = operations
        .iter()
        .flat_map(|op| &op.params)
        .any(|param| !param.required && builder::param_setter(api, param).is_some())
        .then(|| quote!(SetParam,));
    quote! {
        use rt::client::{Connection, InvalidBaseUrl, #per_operation #sending #set_param};
        pub use rt::client::{Error, RequestOptions};
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
        let docs =
            doc([Some(format!("Sets {what} for the `{}` security scheme.", s.key).as_str()), s.description.as_deref()]);
        match s.kind {
            SecurityKind::Basic => quote! {
                #docs
                pub fn #setter(mut self, username: impl Into<String>, password: impl Into<rt::Secret>) -> Self {
                    self.#name = Some(rt::BasicCredentials { username: username.into(), password: password.into() });
                    self
                }
            },
            _ => quote! {
                #docs
                pub fn #setter(mut self, secret: impl Into<rt::Secret>) -> Self {
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
            pub fn with_default_base_url() -> Result<Self, InvalidBaseUrl> {
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
            connection: Connection,
            #( #fields )*
        }

        impl Client {
            /// A client for the API at `base_url` (such as `https://api.example.com`).
            pub fn new(base_url: &str) -> Result<Self, InvalidBaseUrl> {
                Connection::new(base_url).map(Self::from_connection)
            }

            fn from_connection(connection: Connection) -> Self {
                Self { connection, #( #none_fields )* }
            }

            #default_url

            #( #setters )*
            #authorize
            #( #methods )*
        }

        rt::connection_options!(Client);

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
            SecurityKind::Bearer { .. } => quote!(rt::client::Credential::Bearer),
            SecurityKind::Basic => quote!(rt::client::Credential::Basic),
            SecurityKind::ApiKey { location, name } => {
                let place = match location {
                    apiforge_ir::ApiKeyLocation::Header => quote!(Header),
                    apiforge_ir::ApiKeyLocation::Query => quote!(Query),
                    apiforge_ir::ApiKeyLocation::Cookie => quote!(Cookie),
                };
                quote!(|key| rt::client::Credential::#place(#name, key))
            }
        };
        quote!(Scheme::#v => self.#field.as_ref().map(#credential),)
    });
    let setters: Vec<String> = used.iter().map(|s| s.setter_name()).collect();
    let hint = format!("a credential: call Client::{}", setters.join(" or Client::"));
    Some(quote! {
        fn authorize(
            &self,
            request: &mut Request,
            alternatives: &[&[Scheme]],
        ) -> Result<(), rt::validate::ValidationError> {
            rt::client::authorize(request, alternatives, |scheme| match scheme { #( #held )* }, #hint)
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
