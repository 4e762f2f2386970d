//! Responses: typed bodies, rejections in the spec's declared shapes, and
//! handlers run so that a panic answers 500.

use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::task::{Context, Poll};

use axum::response::{IntoResponse, Response};
use http::{header, HeaderValue, StatusCode};

fn status_code(status: u16) -> StatusCode {
    StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
}

/// A JSON response.
pub fn json<T: serde::Serialize>(status: u16, body: &T) -> Response {
    match serde_json::to_vec(body) {
        Ok(bytes) => (status_code(status), [(header::CONTENT_TYPE, HeaderValue::from_static("application/json"))], bytes)
            .into_response(),
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

/// `{"message": ...}`, for statuses the spec gives no body for.
pub fn message(status: u16, message: &str) -> Response {
    json(status, &serde_json::json!({ "message": message }))
}

/// A rejection in the body shape `T` the spec declares for its status:
/// `value` is checked against `T` first, and the plain message is sent if
/// it does not fit.
pub fn declared_body<T>(status: u16, value: serde_json::Value, fallback: &str) -> Response
where
    T: serde::de::DeserializeOwned + serde::Serialize,
{
    match serde_json::from_value::<T>(value) {
        Ok(body) => json(status, &body),
        Err(_) => message(status, fallback),
    }
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

/// Runs a handler: a panic becomes a 500 answer and the server keeps
/// serving. The handler runs in place (no task of its own), each poll
/// guarded by `catch_unwind`.
pub async fn run_handler<F>(handler: F) -> Response
where
    F: Future<Output = Response> + Send + 'static,
{
    CatchPanic(Box::pin(handler)).await
}

struct CatchPanic<F>(Pin<Box<F>>);

impl<F: Future<Output = Response>> Future for CatchPanic<F> {
    type Output = Response;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Response> {
        let inner = self.0.as_mut();
        match std::panic::catch_unwind(AssertUnwindSafe(|| inner.poll(cx))) {
            Ok(poll) => poll,
            Err(_) => Poll::Ready(message(500, "the handler panicked")),
        }
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
pub fn plain_rejection(rejection: &super::Rejection) -> Response {
    message(rejection.status, &rejection.message)
}

/// Finishes a request: runs the handler on a parsed request (a panic
/// answers 500), or renders the rejection; the response carries the
/// operation id for middleware.
pub async fn respond<R, T, H, F>(
    operation: super::OperationId,
    parsed: Result<R, super::Rejection>,
    handler: H,
    rejected: impl FnOnce(&super::Rejection) -> Response,
) -> Response
where
    H: FnOnce(R) -> F,
    F: Future<Output = T> + Send + 'static,
    T: IntoResponse,
{
    let mut response = match parsed {
        Ok(request) => {
            let future = handler(request);
            run_handler(async move { future.await.into_response() }).await
        }
        Err(rejection) => rejected(&rejection),
    };
    response.extensions_mut().insert(operation);
    response
}
