//! Options every generated request builder has, beside its parameters.

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

/// Implements [`RequestOptions`] for a generated builder, whose request is
/// its field `request`.
#[macro_export]
macro_rules! request_options {
    ($builder:ty) => {
        impl $crate::client::RequestOptions for $builder {
            fn request_mut(&mut self) -> &mut $crate::client::Request {
                &mut self.request
            }
        }
    };
}
