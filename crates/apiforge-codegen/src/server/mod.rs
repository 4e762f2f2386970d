//! The `server` module: a trait with one method per operation, typed request
//! structs and response enums, and `router` wiring them into axum. Requests
//! that break the spec are answered before the handler runs.

use apiforge_ir::{Api, Operation};
use proc_macro2::{Ident, TokenStream};
use quote::quote;

use crate::names::{doc, OperationNames};
use crate::plan::{item, Plan, Shell};

mod auth;
mod parse;
mod reject;
mod request;
mod router;

use auth::credentials_struct;
use parse::parser;
use reject::{rejection_renderer, Renderers};
use request::{in_brief, operation_types};
use router::{route_owners, route_with_hooks, router};

/// The runtime's server module, as generated code names it: through the
/// runtime's alias (`rt::server::json`). The names every operation's parser
/// uses are imported instead ([`imports`]).
fn rt() -> TokenStream {
    quote!(rt::server)
}

/// `with_client`: the client is generated beside the server, and documents
/// each parameter in full on its setter.
pub fn emit(api: &Api, with_client: bool) -> Plan<'_> {
    let owners = route_owners(api);
    // Operations the router does not serve get no parser.
    let routed: Vec<&Operation> =
        api.operations.iter().zip(&owners).filter(|(_, owner)| owner.is_none()).map(|(op, _)| op).collect();
    let origin = |op: &Operation| format!("operation `{}` (server)", op.id);
    let any_routed = !routed.is_empty();
    let mut items = vec![
        item("the server's imports", move || imports(api, any_routed)),
        item("the `Credentials` struct", move || credentials_struct(api)),
    ];
    items.extend(api.operations.iter().map(|op| item(origin(op), move || operation_types(api, op, with_client))));
    items.push(item("the `Api` trait", move || api_trait(api, &owners, with_client)));
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
/// Without operations, only the router and the trait's hooks use any; the
/// parsers (of operations the router serves) use `Incoming` and `Parse`.
fn imports(api: &Api, routed: bool) -> TokenStream {
    let rt = rt();
    let for_operations = !api.operations.is_empty();
    let future = for_operations.then(|| {
        quote!(
            use std::future::Future;
        )
    });
    let into_response = for_operations.then(|| quote!(IntoResponse,));
    let parsing = routed.then(|| quote!(Incoming, Parse,));
    quote! {
        #future
        use std::sync::Arc;
        use #rt::axum::response::{#into_response Response};
        use #rt::{http, #parsing};
        pub use #rt::{OperationId, Rejection};
    }
}

/// The `Api` trait: a method per operation, each answering 501 until
/// implemented, and the hooks for body limits and rejections.
fn api_trait(api: &Api, owners: &[Option<&str>], with_client: bool) -> TokenStream {
    let rt = rt();
    let trait_methods = api.operations.iter().zip(owners).map(|(op, owner)| trait_method(op, *owner, with_client));
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

fn request_name(op: &Operation) -> Ident {
    OperationNames(op).type_with("Request")
}

fn response_name(op: &Operation) -> Ident {
    OperationNames(op).type_with("Response")
}

fn reject_name(op: &Operation) -> Ident {
    OperationNames(op).fn_with("reject")
}

/// Documented with the operation's summary and, where the client has the
/// description in full, its first paragraph.
fn trait_method(op: &Operation, owner: Option<&str>, with_client: bool) -> TokenStream {
    let name = OperationNames(op).method();
    let request = request_name(op);
    let response = response_name(op);
    let endpoint = format!("`{} {}`", op.method.as_str(), op.path);
    let unrouted =
        owner.map(|owner| format!("**Not routed:** `{owner}` has the same method and route and is served instead."));
    let description = op.description.as_deref().map(|d| in_brief(d, with_client));
    let docs = doc([op.summary.as_deref(), description, Some(endpoint.as_str()), unrouted.as_deref()]);
    quote! {
        #docs
        fn #name(&self, _request: #request) -> impl Future<Output = #response> + Send {
            std::future::ready(#response::Unimplemented)
        }
    }
}
