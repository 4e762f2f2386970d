//! A response read in full, decoded by the status the generated code matched.

use std::future::Future;
use std::pin::Pin;
use std::str::FromStr;
use std::task::{Context, Poll};

use bytes::Bytes;
use pin_project_lite::pin_project;
use reqwest::header::HeaderMap;

use super::{Error, InvalidBody, Transport};

pin_project! {
    /// A response whose body is still being read.
    pub(super) struct Reading<B> {
        status: u16,
        headers: HeaderMap,
        #[pin]
        body: B,
    }
}

impl<B: Future<Output = reqwest::Result<Bytes>>> Future for Reading<B> {
    type Output = Result<Response, Transport>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        let Poll::Ready(body) = this.body.poll(cx) else { return Poll::Pending };
        let body = body.map_err(Transport)?;
        Poll::Ready(Ok(Response { status: *this.status, headers: std::mem::take(this.headers), body }))
    }
}

#[derive(Debug)]
pub struct Response {
    status: u16,
    headers: HeaderMap,
    body: Bytes,
}

impl Response {
    /// Takes the status and headers now and reads the body in place: an
    /// `async fn` would hold `response` beside its body's future to the end.
    pub(super) fn read(mut response: reqwest::Response) -> Reading<impl Future<Output = reqwest::Result<Bytes>>> {
        let status = response.status().as_u16();
        let headers = std::mem::take(response.headers_mut());
        Reading { status, headers, body: response.bytes() }
    }

    pub fn status(&self) -> u16 {
        self.status
    }

    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    fn invalid(&self, reason: String) -> InvalidBody {
        InvalidBody { status: self.status, body: self.body.clone(), reason }
    }

    /// The body as JSON of type `T`.
    pub fn json<T: serde::de::DeserializeOwned>(&self) -> Result<T, InvalidBody> {
        serde_json::from_slice(&self.body).map_err(|e| self.invalid(format!("invalid JSON body: {e}")))
    }

    /// The body as UTF-8 text.
    pub fn text(&self) -> Result<String, InvalidBody> {
        String::from_utf8(self.body.to_vec()).map_err(|e| self.invalid(format!("body is not UTF-8: {e}")))
    }

    /// The body as `multipart/form-data`, split with the boundary its
    /// `Content-Type` names.
    pub fn multipart(&self) -> Result<crate::Multipart, InvalidBody> {
        let content_type = self.headers.get(reqwest::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
        crate::Multipart::parse(&self.body, content_type)
            .map_err(|e| self.invalid(format!("invalid multipart body: {e}")))
    }

    /// The body as bytes.
    pub fn bytes(&self) -> Bytes {
        self.body.clone()
    }

    /// A declared optional response header, parsed; `None` when absent.
    pub fn optional_header<T: FromStr>(&self, name: &str) -> Result<Option<T>, InvalidBody> {
        let Some(value) = self.headers.get(name) else { return Ok(None) };
        let text = value.to_str().map_err(|_| self.invalid(format!("header `{name}` is not text")))?;
        text.parse().map(Some).map_err(|_| self.invalid(format!("header `{name}` has an invalid value `{text}`")))
    }

    /// A declared required response header, parsed.
    pub fn required_header<T: FromStr>(&self, name: &str) -> Result<T, InvalidBody> {
        self.optional_header(name)?.ok_or_else(|| self.invalid(format!("missing header `{name}`")))
    }

    /// The error for a status the operation does not declare.
    pub fn unexpected<E>(self) -> Error<E> {
        Error::UnexpectedStatus { status: self.status, body: self.body }
    }
}
