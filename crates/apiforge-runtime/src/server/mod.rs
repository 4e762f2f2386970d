//! What generated axum servers share: reading parameters, credentials and
//! bodies with rejections that say what is wrong, rendering responses, and
//! running handlers so that a panic answers 500 and the server keeps going.

mod call;
mod extract;
mod mock;
mod redact;
mod rejection;
mod respond;
mod route;
mod sse;
mod xml;

pub use apiforge_derive::IntoResponse;
pub use axum;
pub use bytes::Bytes;
pub use http;

pub use call::{call, Call, Method};
pub use extract::{
    accept_encoding, api_key, basic, bearer, body_bytes, body_form, body_json, body_json_or, body_multipart, body_text,
    cookie, header, json_param, parse_request, required, split_list, BodyMedia, Incoming, PathParams, QueryParams,
};
pub use mock::{mock_value, Deleted};
pub use redact::{hide_credential_headers, RedactedParts};
pub use rejection::Rejection;
pub use respond::{
    declared_body, in_range, json, json_array, json_as, json_object, message, multipart, plain_rejection, raw,
    request_id, respond, set_header, status_only, unimplemented, Json, Respond,
};
pub use route::{route, Parse};
pub use sse::{events, json_event, text_event};

/// The largest request body read by default (2 MiB).
pub const DEFAULT_BODY_LIMIT: usize = 2 * 1024 * 1024;

/// The `operationId` of the operation a request was routed to. Handlers find
/// it in the request extensions; middleware finds it in the response
/// extensions, or from the method and `MatchedPath` before the handler runs
/// through the generated `server::operation_id`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct OperationId(pub &'static str);
