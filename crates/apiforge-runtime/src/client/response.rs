//! A response read in full, decoded by the status the generated code matched.

use std::str::FromStr;

use bytes::{Bytes, BytesMut};
use reqwest::header::HeaderMap;

use super::{Error, ErrorStatus, InvalidBody, SendError, Transport};

#[derive(Debug)]
pub struct Response {
    status: u16,
    headers: HeaderMap,
    body: Bytes,
}

impl Response {
    /// Reads the status, headers and body, refusing a body over `limit`
    /// bytes as soon as it is known to be (by its `Content-Length`, or
    /// once that much has arrived).
    pub(super) async fn read(mut response: reqwest::Response, limit: usize) -> Result<Response, SendError> {
        let status = response.status().as_u16();
        let too_large = SendError::TooLarge { status, limit };
        if response.content_length().is_some_and(|length| length > limit as u64) {
            return Err(too_large);
        }
        let headers = std::mem::take(response.headers_mut());
        let mut body = BytesMut::new();
        while let Some(chunk) = response.chunk().await.map_err(Transport::from)? {
            if body.len() + chunk.len() > limit {
                return Err(too_large);
            }
            body.extend_from_slice(&chunk);
        }
        Ok(Response { status, headers, body: body.freeze() })
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

    /// A declared error status's answer, as the error enum reads it
    /// ([`ErrorStatus::read`]); a status it does not read is unexpected.
    pub fn error<E: ErrorStatus, R>(self) -> Result<R, Error<E>> {
        match E::read(&self) {
            Some(error) => Err(Error::Api(error?)),
            None => Err(self.unexpected()),
        }
    }

    /// The error for a status the operation does not declare.
    pub fn unexpected<E>(self) -> Error<E> {
        Error::UnexpectedStatus { status: self.status, body: self.body }
    }
}
