//! What generated clients share: building and sending a request, reading the
//! response, and the error type.

mod authorize;
pub mod calls;
mod error;
mod options;
mod pages;
mod path;
mod request;
mod response;
mod retry;
mod sender;
mod sending;

pub use apiforge_derive::ErrorStatus;
pub use authorize::{authorize, Credential};
pub use error::{Error, ErrorStatus, InvalidBody, Transport};
pub use options::{RequestOptions, SetParam};
pub use pages::{items, pages, Paged, Pagination};
pub use path::push_segment;
pub use request::{ByteStream, Request, SendError, Streamed};
pub use reqwest::Method;
pub use response::Response;
pub use retry::Retries;
use sender::Sender;
pub use sending::{Decode, Sending};

use std::fmt;
use std::sync::Arc;

/// The connection half of a generated client: base URL, HTTP client,
/// middleware and retries.
#[derive(Clone)]
pub struct Connection {
    /// Shared: cloning a client costs no allocation.
    base_url: Arc<str>,
    sender: Sender,
}

/// What [`Connection::with_middleware`] takes: a
/// `reqwest_middleware::ClientWithMiddleware`, with apiforge-runtime's
/// `middleware` feature on.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a `reqwest_middleware::ClientWithMiddleware`",
    note = "sending through middleware needs apiforge-runtime's `middleware` feature"
)]
pub trait Middleware {
    #[doc(hidden)]
    fn install(self, connection: &mut Connection);
}

#[cfg(feature = "middleware")]
impl Middleware for reqwest_middleware::ClientWithMiddleware {
    fn install(self, connection: &mut Connection) {
        connection.sender.middleware = Some(self);
    }
}

/// The largest response body a client reads unless told otherwise: far more
/// than an API answer needs, and a bound on what a misbehaving server can
/// make it hold.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 32 * 1024 * 1024;

/// A base URL that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidBaseUrl {
    pub url: String,
    pub reason: String,
}

impl fmt::Display for InvalidBaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid base URL `{}`: {}", self.url, self.reason)
    }
}

impl std::error::Error for InvalidBaseUrl {}

impl Connection {
    /// Checks that `base_url` is an absolute http(s) URL.
    pub fn new(base_url: &str) -> Result<Connection, InvalidBaseUrl> {
        let invalid = |reason: &str| InvalidBaseUrl { url: base_url.to_string(), reason: reason.to_string() };
        let parsed = reqwest::Url::parse(base_url).map_err(|e| invalid(&e.to_string()))?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(invalid("the scheme must be http or https"));
        }
        if parsed.query().is_some() || parsed.fragment().is_some() {
            return Err(invalid("a base URL has no query or fragment"));
        }
        Ok(Connection {
            base_url: Arc::from(base_url.trim_end_matches('/')),
            sender: Sender::new(reqwest::Client::new(), DEFAULT_MAX_RESPONSE_BYTES),
        })
    }

    /// Uses a configured `reqwest::Client` (timeouts, proxies, TLS).
    pub fn with_http_client(mut self, http: reqwest::Client) -> Connection {
        self.sender.http = http;
        self
    }

    /// Sends every request through `client`, a
    /// `reqwest_middleware::ClientWithMiddleware` (tracing, an OAuth
    /// refresh, retries of its own); requests are still built by the
    /// client of [`Self::with_http_client`].
    pub fn with_middleware(mut self, client: impl Middleware) -> Connection {
        client.install(&mut self);
        self
    }

    /// Retries a request up to `max` times when the failure may pass (see
    /// [`Retries`]); 0 never retries.
    pub fn with_retries(mut self, max: u32) -> Connection {
        self.sender.retries = (max > 0).then(|| Retries::new(max));
        self
    }

    /// Reads response bodies of at most `limit` bytes; a larger one is
    /// [`Error::ResponseTooLarge`], and no more of it is read.
    pub fn with_max_response_bytes(mut self, limit: usize) -> Connection {
        self.sender.max_response_bytes = limit;
        self
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Starts a request; the path is appended with [`Request::path`] and
    /// [`Request::path_param`].
    pub fn request(&self, method: Method) -> Request {
        // Room for the path and query, so appending them rarely reallocates.
        let mut url = String::with_capacity(self.base_url.len() + 96);
        url.push_str(&self.base_url);
        Request::new(self.sender.clone(), method, url)
    }
}

impl fmt::Debug for Connection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Connection").field("base_url", &self.base_url).finish_non_exhaustive()
    }
}
pub use reqwest;
