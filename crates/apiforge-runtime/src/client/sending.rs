//! The future a generated `send` returns: the request in flight, then the
//! operation's own reading of the answer.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use super::{Error, Request, Response, SendError};

/// Reads an answer into an operation's result: its status picks the
/// variant, its body fills it.
pub type Decode<T, E> = fn(Response) -> Result<T, Error<E>>;

/// A request being sent, whose answer `decode` reads.
///
/// Every operation's `send` returns this one type, rather than a future of
/// its own: the sending is written once here, and an operation is only
/// the plain function reading its answer.
#[must_use = "a request is not sent until this is awaited"]
pub struct Sending<T, E> {
    sending: Pin<Box<dyn Future<Output = Result<Response, SendError>> + Send>>,
    decode: Decode<T, E>,
}

impl<T, E> Future for Sending<T, E> {
    type Output = Result<T, Error<E>>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.sending.as_mut().poll(cx) {
            Poll::Pending => Poll::Pending,
            Poll::Ready(Ok(response)) => Poll::Ready((self.decode)(response)),
            Poll::Ready(Err(error)) => Poll::Ready(Err(error.into())),
        }
    }
}

impl<T, E> fmt::Debug for Sending<T, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sending").finish_non_exhaustive()
    }
}

impl Request {
    /// Sends the request as [`Request::send`] does, and reads the answer
    /// with `decode`.
    pub fn send_with<T, E>(self, decode: Decode<T, E>) -> Sending<T, E> {
        Sending { sending: Box::pin(self.send()), decode }
    }
}

#[cfg(test)]
mod tests {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::net::TcpListener;

    use super::super::{Connection, Error};
    use crate::validate::ValidationError;

    /// A server answering its first request with `answer`, and its URL.
    async fn answering(answer: &'static str) -> String {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move {
            let (mut stream, _) = listener.accept().await.unwrap();
            let mut request = [0; 4096];
            let _ = stream.read(&mut request).await.unwrap();
            stream.write_all(answer.as_bytes()).await.unwrap();
        });
        url
    }

    #[tokio::test]
    async fn the_answer_is_read_by_the_operations_decode() {
        let url = answering("HTTP/1.1 404 Not Found\r\ncontent-length: 7\r\n\r\nmissing").await;
        let request = Connection::new(&url).unwrap().request(reqwest::Method::GET);
        let read = request.send_with::<_, ()>(|response| Ok((response.status(), response.text()?))).await;
        assert_eq!(read.unwrap(), (404, "missing".to_string()));
    }

    #[tokio::test]
    async fn a_request_that_broke_a_rule_is_not_decoded() {
        // Port 9 (discard): nothing is sent.
        let mut request = Connection::new("http://127.0.0.1:9").unwrap().request(reqwest::Method::GET);
        request.checked::<()>(Err(ValidationError::new("limit", "must be at most 100")));
        let sent = request.send_with::<(), ()>(|_| panic!("decoded a request that was not sent")).await;
        assert!(matches!(sent, Err(Error::InvalidRequest(error)) if error.name == "limit"));
    }
}
