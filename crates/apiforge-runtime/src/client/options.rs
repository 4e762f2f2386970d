//! Options every generated request builder has, beside its parameters.

use std::fmt::Display;
use std::time::Duration;

use super::Request;

/// A timeout, a retry choice and extra headers for one request; implemented
/// by every generated request builder. Bring it into scope to use it:
/// `use my_api::client::RequestOptions;`.
pub trait RequestOptions: Sized {
    /// The request being built, for what the spec does not declare (an
    /// extra header, say: `builder.request_mut().header("X-Request-Id", &id)`).
    fn request_mut(&mut self) -> &mut Request;

    /// Gives up on the request after `timeout`, from connecting to reading
    /// the whole answer: `Error::Transport`, whose `is_timeout()` is true.
    fn timeout(mut self, timeout: Duration) -> Self {
        self.request_mut().set_timeout(timeout);
        self
    }

    /// `true`: retries this request as the client's retries say even when
    /// its method is not idempotent (POST, PATCH), for an operation known
    /// to be safe to repeat. `false`: never retries it.
    fn retry(mut self, retry: bool) -> Self {
        self.request_mut().set_retry(retry);
        self
    }
}

/// The setters of a generated builder are written with these: each puts
/// one parameter on the request and hands the builder back, as in
/// `self.query_param::<String>("state", value.into())`. Every
/// [`RequestOptions`] has them.
pub trait SetParam: RequestOptions {
    /// Sets the query parameter `name` (see [`Request::query`]).
    fn query_param<T: Display>(mut self, name: &str, value: T) -> Self {
        self.request_mut().query(name, &value);
        self
    }

    /// Sets the header `name` (see [`Request::header`]).
    fn header_param<T: Display>(mut self, name: &str, value: T) -> Self {
        self.request_mut().header(name, &value);
        self
    }

    /// Sets the cookie `name` (see [`Request::cookie`]).
    fn cookie_param<T: Display>(mut self, name: &str, value: T) -> Self {
        self.request_mut().cookie(name, &value);
        self
    }
}

impl<B: RequestOptions> SetParam for B {}

/// Implements [`RequestOptions`] for a generated builder, whose request is
/// its field `request`, and starts one from a [`Request`]
/// (`request.into()`).
#[macro_export]
macro_rules! request_options {
    ($builder:ty) => {
        impl $crate::client::RequestOptions for $builder {
            fn request_mut(&mut self) -> &mut $crate::client::Request {
                &mut self.request
            }
        }
        impl ::std::convert::From<$crate::client::Request> for $builder {
            fn from(request: $crate::client::Request) -> Self {
                Self { request }
            }
        }
    };
}
