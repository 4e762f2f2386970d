//! The `calls` module: each operation of the client called once, with
//! arguments a caller chose for the spec (drawn from its schemas: see
//! `apiforge-conformance`'s `arguments`), and its answer judged: read as the
//! spec declares, or why not. The test suite and `cargo xtask testers` point
//! it at a mock of the spec that checks every request (Stoplight Prism).
//!
//! The values arrive as JSON and are read into the generated types when a
//! call is made; one that does not read fails the call.

use apiforge_ir::{Api, Operation, SecurityKind};
use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;

use crate::client::{plain_success, successes};
use crate::names::{ident, OperationNames};
use crate::params::ordered_params;
use crate::payload::{body_text, request_body, Direction, Payload};
use crate::plan::{item, Plan, Shell};
use crate::rust_type::{rust_type, Scope};

/// The arguments of every call, per operation of the API (in its order):
/// `None` for an operation not called (none could be chosen).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Calls {
    /// Where the values come from, for the module's doc (`seed 7`).
    pub source: String,
    pub operations: Vec<Option<Call>>,
}

/// One operation's arguments.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Call {
    /// Values of the operation's parameters, by index among its parameters;
    /// an optional parameter without one is not set.
    pub params: Vec<(usize, Value)>,
    /// The body: JSON for a JSON or form body, a string for text or bytes,
    /// an object of parts for multipart; none leaves an optional body out.
    pub body: Option<Value>,
}

pub fn emit<'a>(api: &'a Api, calls: &'a Calls) -> Plan<'a> {
    let called: Vec<(&Operation, &Call)> =
        api.operations.iter().zip(&calls.operations).filter_map(|(op, call)| Some((op, call.as_ref()?))).collect();
    let doc = format!(
        "Each operation called once with arguments the spec allows ({}): [`call`] tells whether the answer was \
         read as the spec declares it.",
        calls.source
    );
    let functions: Vec<_> = called
        .iter()
        .map(|&(op, call)| item(format!("operation `{}`", op.id), move || function(api, op, call)))
        .collect();
    let mut items = vec![item("the calls' head", move || head(api, &called, &doc))];
    items.extend(functions);
    Plan {
        shell: Shell::new("calls", "Every operation of the client, called with chosen arguments.", Some("client")),
        items,
    }
}

/// The imports, the list of operations, [`call`] and `with_credentials`.
fn head(api: &Api, called: &[(&Operation, &Call)], doc: &str) -> TokenStream {
    let doc = crate::names::doc([Some(doc)]);
    // By the client method's name: operation ids need not be unique.
    let names: Vec<_> = called.iter().map(|(op, _)| OperationNames(op).method()).collect();
    let keys = names.iter().map(|name| name.to_string());
    let dispatch = if names.is_empty() {
        quote! {
            let _ = (client, operation);
            None
        }
    } else {
        let keys = keys.clone();
        quote! {
            Some(match operation {
                #( #keys => #names(client).await, )*
                _ => return None,
            })
        }
    };
    let credentials = api.security_schemes.iter().map(|scheme| {
        let setter = ident(&scheme.setter_name());
        match scheme.kind {
            SecurityKind::Basic => quote!(.#setter("mock", "mock")),
            _ => quote!(.#setter("mock-credential")),
        }
    });
    // Only the helpers some function uses.
    let streams = called.iter().filter(|(op, _)| streams_events(api, op)).count();
    let helpers = [
        (called.iter().any(|(op, call)| reads_arguments(api, op, call)), quote!(argument)),
        (streams > 0, quote!(events_outcome)),
        (streams < called.len(), quote!(outcome)),
    ];
    let helpers: Vec<&TokenStream> = helpers.iter().filter(|(used, _)| *used).map(|(_, name)| name).collect();
    let imports = (!helpers.is_empty()).then(|| {
        quote!(
            use rt::client::calls::{ #( #helpers ),* };
        )
    });
    quote! {
        use super::client::Client;
        #imports

        /// The operations [`call`] calls, by the name of their client method.
        pub const OPERATIONS: &[&str] = &[#( #keys ),*];

        /// `client` with a made-up credential for every security scheme.
        pub fn with_credentials(client: Client) -> Client {
            client #( #credentials )*
        }

        #doc
        ///
        /// `None` for an operation not in [`OPERATIONS`].
        pub async fn call(client: &Client, operation: &str) -> Option<Result<(), String>> {
            #dispatch
        }
    }
}

/// The function calling `op` with `call`'s arguments.
fn function(api: &Api, op: &Operation, call: &Call) -> TokenStream {
    let name = OperationNames(op).method();
    let id = &op.id;
    let value_of = |index: usize| call.params.iter().find(|(i, _)| *i == index).map(|(_, value)| value);
    let index_of = |param| op.params.iter().position(|p| std::ptr::eq(p, param)).expect("a parameter of `op`");
    let mut bindings = Vec::new();
    let (mut args, mut setters) = (Vec::new(), Vec::new());
    for param in ordered_params(op) {
        let Some(value) = value_of(index_of(param)) else { continue };
        let field = ident(&param.rust_name);
        let (ty, wire, json) = (rust_type(api, &param.shape, Scope::Sibling), &param.wire_name, value.to_string());
        bindings.push(quote!(let #field: #ty = argument(#id, #wire, #json)?;));
        if param.required {
            args.push(quote!(#field));
        } else {
            setters.push(quote!(.#field(#field)));
        }
    }
    if let (Some((payload, required)), Some(value)) = (request_body(api, op), &call.body) {
        let ty = payload.rust_type(Direction::Sent);
        bindings.push(body(&payload, ty, id, value));
        if required {
            args.push(quote!(body));
        } else {
            setters.push(quote!(.body(body)));
        }
    }
    let answer = quote!(client.#name(#( #args ),*) #( #setters )* .send().await);
    let judged = if streams_events(api, op) { quote!(events_outcome(#answer).await) } else { quote!(outcome(#answer)) };
    quote! {
        async fn #name(client: &Client) -> Result<(), String> {
            #( #bindings )*
            #judged
        }
    }
}

/// Whether `send` answers with a stream of events.
fn streams_events(api: &Api, op: &Operation) -> bool {
    matches!(plain_success(api, &successes(op)), Some((_, Payload::Events { .. })))
}

/// Whether the call reads a value from JSON: a parameter's, or a JSON or
/// form body's.
fn reads_arguments(api: &Api, op: &Operation, call: &Call) -> bool {
    let typed_body = matches!(request_body(api, op), Some((Payload::Json(_) | Payload::Form(_), _)));
    !call.params.is_empty() || (typed_body && call.body.is_some())
}

/// The statement binding `body` to the value chosen for a request body.
fn body(payload: &Payload, ty: Option<TokenStream>, operation: &str, value: &Value) -> TokenStream {
    let text = body_text(value);
    match payload {
        Payload::Text(_) => quote!(let body = String::from(#text);),
        Payload::Bytes(_) => quote!(let body = rt::Binary::from(#text);),
        Payload::Multipart => {
            // Each property a text part: a string as it is, another value
            // as JSON.
            let parts = value.as_object().into_iter().flatten().map(|(name, value)| {
                let text = body_text(value);
                quote!(.text(#name, #text))
            });
            quote!(let body = rt::Multipart::new() #( #parts )*;)
        }
        _ => {
            let json = value.to_string();
            quote!(let body: #ty = argument(#operation, "body", #json)?;)
        }
    }
}
