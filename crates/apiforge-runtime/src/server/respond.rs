//! Responses: typed bodies, rejections in the spec's declared shapes, and
//! handlers run so that a panic answers 500 (in the declared 500 shape).

use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::task::{Context, Poll};

use axum::response::{IntoResponse, Response};
use http::{header, HeaderValue, StatusCode};
use pin_project_lite::pin_project;

use super::{OperationId, Rejection};

pub(super) fn status_code(status: u16) -> StatusCode {
    StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

/// A JSON response.
pub fn json<T: serde::Serialize>(status: u16, body: &T) -> Response {
    json_as(status, "application/json", body)
}

/// [`json`] sent as the JSON media type the spec declares for it
/// (`application/problem+json`).
pub fn json_as<T: serde::Serialize>(status: u16, media_type: &'static str, body: &T) -> Response {
    // Room for a small body up front, so most bodies never reallocate.
    let mut bytes = Vec::with_capacity(128);
    match serde_json::to_writer(&mut bytes, body) {
        Ok(()) => {
            (status_code(status), [(header::CONTENT_TYPE, HeaderValue::from_static(media_type))], bytes).into_response()
        }
        Err(e) => message(500, &format!("the response body could not be serialized: {e}")),
    }
}

/// A body sent as is, with its media type.
pub fn raw(status: u16, media_type: &'static str, body: impl Into<axum::body::Body>) -> Response {
    (status_code(status), [(header::CONTENT_TYPE, HeaderValue::from_static(media_type))], body.into()).into_response()
}

/// A `multipart/form-data` response.
pub fn multipart(status: u16, body: &crate::Multipart) -> Response {
    let (bytes, content_type) = body.encode();
    match HeaderValue::from_str(&content_type) {
        Ok(content_type) => (status_code(status), [(header::CONTENT_TYPE, content_type)], bytes).into_response(),
        Err(_) => message(500, "the multipart boundary is not a valid header value"),
    }
}

/// A response without a body.
pub fn status_only(status: u16) -> Response {
    status_code(status).into_response()
}

/// 501 Not Implemented: an operation whose handler is not written yet.
pub fn unimplemented() -> Response {
    message(501, "this operation is not implemented")
}

/// `{"message": ...}`, for statuses the spec gives no body for.
pub fn message(status: u16, message: &str) -> Response {
    json(status, &serde_json::json!({ "message": message }))
}

/// A rejection in the body shape `T` and the media type the spec declares
/// for its status: `value` is checked against `T` first, and the plain
/// message is sent if it does not fit.
pub fn declared_body<T>(status: u16, media_type: &'static str, value: serde_json::Value, fallback: &str) -> Response
where
    T: serde::de::DeserializeOwned + serde::Serialize,
{
    match serde_json::from_value::<T>(value) {
        Ok(body) => json_as(status, media_type, &body),
        Err(_) => message(status, fallback),
    }
}

/// A JSON value, as generated code builds rejection bodies with it.
pub use serde_json::Value as Json;

/// A JSON object of `members`, in order.
pub fn json_object<const N: usize>(members: [(&str, Json); N]) -> Json {
    Json::Object(members.into_iter().map(|(key, value)| (key.to_string(), value)).collect())
}

/// A JSON array of `items`.
pub fn json_array<const N: usize>(items: [Json; N]) -> Json {
    Json::Array(items.into())
}

/// The status of a range (`4XX`) or `default` response, checked: a status
/// outside the range answers 500 rather than break the spec.
pub fn in_range(status: u16, hundreds: Option<u16>) -> Result<u16, Box<Response>> {
    let valid = StatusCode::from_u16(status).is_ok() && hundreds.is_none_or(|h| status / 100 == h);
    if valid {
        Ok(status)
    } else {
        let expected = hundreds.map_or_else(|| "a valid HTTP status".to_string(), |h| format!("a {h}XX status"));
        Err(Box::new(message(500, &format!("the handler answered {status} where the spec declares {expected}"))))
    }
}

/// Sets a declared response header; a value that cannot be a header value
/// turns the response into a 500 that says so.
pub fn set_header(response: &mut Response, name: &'static str, value: &dyn std::fmt::Display) {
    match HeaderValue::from_str(&value.to_string()) {
        Ok(value) => {
            response.headers_mut().insert(name, value);
        }
        Err(_) => *response = message(500, &format!("the handler set an invalid value for header `{name}`")),
    }
}

/// An identifier for a request, for rejection bodies that carry one.
pub fn request_id() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(1);
    format!("req-{}", NEXT.fetch_add(1, Ordering::Relaxed))
}

/// `{"message": ...}` with the rejection's status, for operations that
/// declare no body for it.
pub fn plain_rejection(rejection: &Rejection) -> Response {
    message(rejection.status, &rejection.message)
}

pin_project! {
    /// Answers one request: awaits its parsing, then runs the handler on
    /// the parsed request (each poll guarded, so a panic answers 500 and the
    /// server keeps serving) or renders the rejection; the response carries
    /// the operation id for middleware. A state machine rather than an
    /// `async fn`: nested async functions keep every argument for their
    /// whole life, which made each request's future several kilobytes.
    pub struct Respond<P, H, F, J> {
        operation: OperationId,
        #[pin]
        stage: Stage<P, H, F, J>,
    }
}

pin_project! {
    #[project = StageProjection]
    enum Stage<P, H, F, J> {
        Parsing { #[pin] parsing: P, next: Option<(H, J)> },
        Handling { #[pin] handling: F, rejected: Option<J> },
        Done,
    }
}

/// The future answering a request parsed by `parsing` with `handler`, or
/// with `rejected` when parsing fails.
pub fn respond<P, H, F, J>(operation: OperationId, parsing: P, handler: H, rejected: J) -> Respond<P, H, F, J> {
    Respond { operation, stage: Stage::Parsing { parsing, next: Some((handler, rejected)) } }
}

impl<P, H, F, J, R, T> Future for Respond<P, H, F, J>
where
    P: Future<Output = Result<R, Rejection>>,
    H: FnOnce(R) -> F,
    F: Future<Output = T>,
    T: IntoResponse,
    J: FnOnce(&Rejection) -> Response,
{
    type Output = Response;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Response> {
        let mut this = self.project();
        let mut response = loop {
            match this.stage.as_mut().project() {
                StageProjection::Parsing { parsing, next } => {
                    let Poll::Ready(parsed) = parsing.poll(cx) else { return Poll::Pending };
                    let Some((handler, rejected)) = next.take() else {
                        break message(500, "the request was parsed twice");
                    };
                    match parsed {
                        Ok(request) => {
                            this.stage.set(Stage::Handling { handling: handler(request), rejected: Some(rejected) })
                        }
                        Err(rejection) => break rejected(&rejection),
                    }
                }
                StageProjection::Handling { handling, rejected } => {
                    match std::panic::catch_unwind(AssertUnwindSafe(|| {
                        handling.poll(cx).map(IntoResponse::into_response)
                    })) {
                        Ok(Poll::Pending) => return Poll::Pending,
                        Ok(Poll::Ready(response)) => break response,
                        // Rendered as rejections are: in the 500 body the
                        // spec declares, where it declares one.
                        Err(_) => {
                            let panicked = Rejection::new(500, "the handler panicked");
                            break match rejected.take() {
                                Some(rejected) => rejected(&panicked),
                                None => plain_rejection(&panicked),
                            };
                        }
                    }
                }
                StageProjection::Done => return Poll::Ready(message(500, "the response was already sent")),
            }
        };
        this.stage.set(Stage::Done);
        response.extensions_mut().insert(*this.operation);
        Poll::Ready(response)
    }
}
