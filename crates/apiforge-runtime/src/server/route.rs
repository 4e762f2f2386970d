//! The route of one operation of a generated server: its request parsed
//! (a rejection rendered), then handed to the operation's method of the
//! generated `Api` trait, with the operation's id on request and response.

use std::sync::Arc;

use super::{call, parse_request, plain_rejection, respond, Incoming, Method, OperationId, Rejection};
use axum::extract::{Request, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodFilter, MethodRouter};

/// An operation's request, as the HTTP request carries it: each generated
/// request type implements it.
pub trait Parse: Sized {
    const OPERATION: OperationId;
    /// Whether the body is read (whole, up to the API's body limit) before
    /// [`Parse::parse`] runs; else it is left unread.
    const READS_BODY: bool = false;
    /// Renders a rejection the API's `render_rejection` leaves.
    const REJECT: fn(&Rejection) -> Response = plain_rejection;
    /// The status of a request that breaks the spec, where the operation
    /// declares 422 for it and not 400.
    const INVALID: Option<u16> = None;

    fn parse(request: Incoming) -> Result<Self, Rejection>;
}

/// The route of the operation `R` is the request of: a request `filter`
/// lets through is parsed as `R` (a rejection is rendered by
/// `render_rejection`, else by [`Parse::REJECT`]) and handed to `method`.
/// `body_limit` and `render_rejection` are the hooks of the generated
/// `Api` trait that `A` implements.
pub fn route<A, R, M, T>(
    filter: MethodFilter,
    method: M,
    body_limit: fn(&A) -> usize,
    render_rejection: fn(&A, OperationId, &Rejection) -> Option<Response>,
) -> MethodRouter<Arc<A>>
where
    A: Send + Sync + 'static,
    R: Parse + Send + 'static,
    M: for<'a> Method<'a, A, R, Output = T> + Clone + Send + Sync + 'static,
    T: IntoResponse + 'static,
{
    axum::routing::on(filter, move |State(api): State<Arc<A>>, request: Request| {
        let (mut parts, body) = request.into_parts();
        parts.extensions.insert(R::OPERATION);
        let limit = R::READS_BODY.then(|| body_limit(&api));
        let parsing = parse_request(parts, body, limit, R::parse);
        let shared = api.clone();
        let rejected = move |rejection: &Rejection| {
            let rejection = rejection.invalid_as(R::INVALID);
            render_rejection(&api, R::OPERATION, &rejection).unwrap_or_else(|| R::REJECT(&rejection))
        };
        respond(R::OPERATION, parsing, move |request| call(shared, request, method), rejected)
    })
}
