//! The axum router: a route per operation, and the paths that share one.

use apiforge_ir::{Api, Operation, PathSegment};
use proc_macro2::TokenStream;
use quote::quote;

use crate::names::{ident, OperationNames};

use super::rt;

/// For each operation, the id of another operation with the same method
/// and route (parameter names aside), which the router serves instead: a
/// router cannot tell them apart, though a client can call both. The
/// earlier one is served, and one whose segment is a parameter alone
/// (`{commit}`) before one whose segment it would split (`{sha}.{format}`).
pub(super) fn route_owners(api: &Api) -> Vec<Option<&str>> {
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

/// The axum path of an operation: parameters become `{p0}`, `{p1}`, ... in
/// order, so paths that differ only in parameter names share one route.
pub(super) struct AxumPath {
    pub(super) path: String,
    /// The router's name of each path parameter, by its index in the
    /// operation's parameters.
    pub(super) keys: Vec<(usize, String)>,
    /// Segments holding more than a parameter (`{sha}.{format}`), which axum
    /// cannot route: captured whole, then split (see `PathParams::split`).
    pub(super) splits: Vec<Split>,
}

pub(super) struct Split {
    /// The router's name of the whole segment.
    pub(super) key: String,
    /// The texts around the parameters, one more than `keys`.
    pub(super) literals: Vec<String>,
    pub(super) keys: Vec<String>,
}

/// A piece of one path segment (between slashes).
enum Piece {
    Text(String),
    Param(usize),
}

pub(super) fn axum_path(op: &Operation) -> AxumPath {
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
pub(super) fn router(routed: &[&Operation]) -> TokenStream {
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
            use http::Method;
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
        pub fn operation_id(method: &http::Method, matched_path: &str) -> Option<OperationId> {
            #find_id
        }
    }
}

/// `on`: an operation's route ([`apiforge_runtime::server::route`]) with
/// this API's hooks, so that the router names only the filter and the
/// method.
pub(super) fn route_with_hooks() -> TokenStream {
    let rt = rt();
    quote! {
        /// The route of one operation: a request `filter` lets through is
        /// parsed as `R` and handed to `method`; a rejection is rendered by
        /// [`Api::render_rejection`], else as the spec declares.
        fn on<A, R, M, T>(filter: #rt::axum::routing::MethodFilter, method: M) -> #rt::axum::routing::MethodRouter<Arc<A>>
        where
            A: Api,
            R: Parse + Send + 'static,
            M: for<'a> #rt::Method<'a, A, R, Output = T> + Clone + Send + Sync + 'static,
            T: IntoResponse + 'static,
        {
            #rt::route(filter, method, A::body_limit, A::render_rejection)
        }
    }
}
