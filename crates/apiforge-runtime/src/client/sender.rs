//! Sending a built request: through a plain `reqwest::Client` or one with
//! middleware (feature `middleware`), retried as the client's retries say.

use std::time::SystemTime;

use super::retry::{is_idempotent, Outcome, Retries};
use super::{Response, SendError, Transport};

/// What a client sends its requests through; cloned into each request.
#[derive(Clone)]
pub(super) struct Sender {
    /// Builds every request, and sends it when there is no middleware.
    pub(super) http: reqwest::Client,
    #[cfg(feature = "middleware")]
    pub(super) middleware: Option<reqwest_middleware::ClientWithMiddleware>,
    pub(super) retries: Option<Retries>,
    pub(super) max_response_bytes: usize,
}

impl Sender {
    pub(super) fn new(http: reqwest::Client, max_response_bytes: usize) -> Sender {
        Sender {
            http,
            #[cfg(feature = "middleware")]
            middleware: None,
            retries: None,
            max_response_bytes,
        }
    }

    /// Sends `request` and reads its answer, retrying a passing failure when
    /// the client retries and the request may be sent again: its method is
    /// idempotent or `retry` says so, and its body can be replayed: every
    /// body but one read from a stream ([`crate::Binary::from_stream`]),
    /// which is sent once and its answer returned whatever it is.
    pub(super) async fn send(self, request: reqwest::Request, retry: Option<bool>) -> Result<Response, SendError> {
        let limit = self.max_response_bytes;
        Response::read(self.send_unread(request, retry).await?, limit).await
    }

    /// [`Self::send`], leaving the answer's body unread.
    pub(super) async fn send_unread(
        self,
        mut request: reqwest::Request,
        retry: Option<bool>,
    ) -> Result<reqwest::Response, SendError> {
        let retries = self.retries.as_ref().filter(|_| retry.unwrap_or_else(|| is_idempotent(request.method())));
        let started = SystemTime::now();
        let mut past_retries = 0;
        loop {
            let replay = retries.and_then(|_| request.try_clone());
            let outcome = self.execute(request).await;
            if let (Some(retries), Some(next)) = (retries, replay) {
                let seen = match &outcome {
                    Ok(answer) => Outcome::of_answer(answer.status().as_u16(), answer.headers()),
                    Err(error) => Outcome::Failed { connect_or_timeout: error.is_connect() || error.is_timeout() },
                };
                if let Some(wait) = retries.wait(&seen, started, past_retries) {
                    tokio::time::sleep(wait).await;
                    request = next;
                    past_retries += 1;
                    continue;
                }
            }
            return Ok(outcome?);
        }
    }

    async fn execute(&self, request: reqwest::Request) -> Result<reqwest::Response, Transport> {
        #[cfg(feature = "middleware")]
        if let Some(middleware) = &self.middleware {
            return middleware.execute(request).await.map_err(|error| match error {
                reqwest_middleware::Error::Reqwest(error) => Transport::from(error),
                reqwest_middleware::Error::Middleware(error) => Transport(error.into()),
            });
        }
        self.http.execute(request).await.map_err(Transport::from)
    }
}
