//! Putting a generated client's credentials on a request: the first of an
//! operation's security alternatives whose credentials are all set.

use super::Request;
use crate::validate::ValidationError;
use crate::{BasicCredentials, Secret};

/// A credential a client holds, and where it goes on a request.
#[derive(Clone, Copy)]
pub enum Credential<'a> {
    /// `Authorization: Bearer <token>`.
    Bearer(&'a Secret),
    /// `Authorization: Basic <base64>`.
    Basic(&'a BasicCredentials),
    /// An API key in the header, query parameter or cookie of that name.
    Header(&'static str, &'a Secret),
    Query(&'static str, &'a Secret),
    Cookie(&'static str, &'a Secret),
}

/// Puts on `request` the credentials of the first of `alternatives` (each
/// the schemes an operation needs together) whose credentials `held` all
/// gives; `held` is the client's credential for a scheme, if set. When no
/// alternative is complete, the error says `hint` (which setters to call).
pub fn authorize<'a, S: Copy>(
    request: &mut Request,
    alternatives: &[&[S]],
    held: impl Fn(S) -> Option<Credential<'a>>,
    hint: &str,
) -> Result<(), ValidationError> {
    let usable = alternatives.iter().find(|schemes| schemes.iter().all(|scheme| held(*scheme).is_some()));
    let Some(schemes) = usable else {
        return Err(ValidationError::new("credential", hint));
    };
    for credential in schemes.iter().filter_map(|scheme| held(*scheme)) {
        match credential {
            Credential::Bearer(token) => request.bearer(token),
            Credential::Basic(credentials) => request.basic(credentials),
            Credential::Header(name, key) => request.header(name, &key.expose()),
            Credential::Query(name, key) => request.query(name, &key.expose()),
            Credential::Cookie(name, key) => request.cookie(name, &key.expose()),
        }
    }
    Ok(())
}

/// The methods every generated `Client` has for its connection (a field
/// `connection: Connection`): the HTTP client, middleware, retries, the
/// response size limit and the base URL.
#[macro_export]
macro_rules! connection_options {
    ($client:ty) => {
        impl $client {
            /// Sends requests through a configured `reqwest::Client`
            /// (timeouts, proxies, TLS settings).
            pub fn with_http_client(mut self, http: $crate::client::reqwest::Client) -> Self {
                self.connection = self.connection.with_http_client(http);
                self
            }

            /// Sends requests through a `reqwest_middleware::ClientWithMiddleware`
            /// (tracing, an OAuth refresh); needs apiforge-runtime's
            /// `middleware` feature.
            pub fn with_middleware(mut self, client: impl $crate::client::Middleware) -> Self {
                self.connection = self.connection.with_middleware(client);
                self
            }

            /// Retries a request up to `max` times after a connection error,
            /// a timeout, 429, 502, 503 or 504, waiting longer each time (or
            /// as `Retry-After` says); only GET, HEAD, OPTIONS, PUT and DELETE
            /// unless a request opts in with `RequestOptions::retry`.
            pub fn with_retries(mut self, max: u32) -> Self {
                self.connection = self.connection.with_retries(max);
                self
            }

            /// Reads response bodies of at most `limit` bytes (32 MiB unless
            /// set); a larger one is `Error::ResponseTooLarge`.
            pub fn with_max_response_bytes(mut self, limit: usize) -> Self {
                self.connection = self.connection.with_max_response_bytes(limit);
                self
            }

            /// The base URL requests are sent to.
            pub fn base_url(&self) -> &str {
                self.connection.base_url()
            }
        }
    };
}
