//! A binary body a generated client sends or a generated server answers
//! with: bytes already in memory, or a stream of chunks sent as they come,
//! so a large upload or download is never held whole.

use std::error::Error;
use std::fmt;
use std::pin::Pin;
use std::sync::{Arc, Mutex};

use bytes::Bytes;
use futures_core::Stream;

/// What a stream of chunks fails with.
pub type StreamError = Box<dyn Error + Send + Sync>;

type Chunks = Pin<Box<dyn Stream<Item = Result<Bytes, StreamError>> + Send>>;

/// A binary body: from bytes (`Vec<u8>`, [`Bytes`], `&'static [u8]`,
/// `String`) or from a stream of chunks ([`Binary::from_stream`]).
///
/// A stream can be sent once. A clone shares it with the original (a
/// request builder is cloned to fetch the next page, say), and only the
/// first send takes it; a second send of the same stream fails, saying so.
/// A streamed request body is for the same reason never retried.
#[derive(Clone)]
pub struct Binary(Repr);

#[derive(Clone)]
enum Repr {
    Bytes(Bytes),
    Stream(Arc<Mutex<Option<Chunks>>>),
}

impl Binary {
    /// A body sent chunk by chunk as `stream` yields them; an error from
    /// the stream cuts the body short.
    pub fn from_stream<S, E>(stream: S) -> Binary
    where
        S: Stream<Item = Result<Bytes, E>> + Send + 'static,
        E: Into<StreamError> + 'static,
    {
        use futures_util::TryStreamExt;
        let chunks: Chunks = Box::pin(stream.map_err(Into::into));
        Binary(Repr::Stream(Arc::new(Mutex::new(Some(chunks)))))
    }

    /// The bytes, when the body is in memory rather than a stream.
    pub fn as_bytes(&self) -> Option<&Bytes> {
        match &self.0 {
            Repr::Bytes(bytes) => Some(bytes),
            Repr::Stream(_) => None,
        }
    }

    /// The body to send: its bytes, or its stream taken for good; `Err`
    /// when the stream was taken by an earlier send.
    pub(crate) fn take(self) -> Result<Sendable, AlreadySent> {
        match self.0 {
            Repr::Bytes(bytes) => Ok(Sendable::Bytes(bytes)),
            Repr::Stream(shared) => {
                // A poisoned lock still holds the stream or its absence.
                let mut slot = shared.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
                slot.take().map(Sendable::Stream).ok_or(AlreadySent)
            }
        }
    }
}

/// A body ready to hand to the HTTP library.
pub(crate) enum Sendable {
    Bytes(Bytes),
    Stream(Chunks),
}

/// A streamed body was sent already.
#[derive(Debug)]
pub(crate) struct AlreadySent;

impl fmt::Display for AlreadySent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a body read from a stream can be sent once, and this one was sent already")
    }
}

impl Error for AlreadySent {}

impl fmt::Debug for Binary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Repr::Bytes(bytes) => write!(f, "Binary({} bytes)", bytes.len()),
            Repr::Stream(_) => f.write_str("Binary(stream)"),
        }
    }
}

impl From<Bytes> for Binary {
    fn from(bytes: Bytes) -> Self {
        Binary(Repr::Bytes(bytes))
    }
}

impl From<Vec<u8>> for Binary {
    fn from(bytes: Vec<u8>) -> Self {
        Binary::from(Bytes::from(bytes))
    }
}

impl From<&'static [u8]> for Binary {
    fn from(bytes: &'static [u8]) -> Self {
        Binary::from(Bytes::from_static(bytes))
    }
}

impl From<String> for Binary {
    fn from(text: String) -> Self {
        Binary::from(Bytes::from(text))
    }
}

impl From<&'static str> for Binary {
    fn from(text: &'static str) -> Self {
        Binary::from(Bytes::from_static(text.as_bytes()))
    }
}

#[cfg(feature = "server")]
impl From<Binary> for axum::body::Body {
    fn from(body: Binary) -> Self {
        match body.take() {
            Ok(Sendable::Bytes(bytes)) => axum::body::Body::from(bytes),
            Ok(Sendable::Stream(chunks)) => axum::body::Body::from_stream(chunks),
            Err(sent) => {
                let failed = futures_util::stream::once(std::future::ready(Err::<Bytes, _>(sent)));
                axum::body::Body::from_stream(failed)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stream_shared_by_clones_is_taken_once() {
        let chunks = futures_util::stream::iter([Ok::<_, std::io::Error>(Bytes::from_static(b"a"))]);
        let body = Binary::from_stream(chunks);
        let copy = body.clone();
        assert_eq!(format!("{copy:?}"), "Binary(stream)");
        assert!(matches!(body.take(), Ok(Sendable::Stream(_))));
        assert!(copy.take().is_err());
    }

    #[test]
    fn bytes_are_sent_as_often_as_asked() {
        let body = Binary::from(b"abc".to_vec());
        assert!(matches!(body.clone().take(), Ok(Sendable::Bytes(b)) if b == "abc"));
        assert!(matches!(body.take(), Ok(Sendable::Bytes(b)) if b == "abc"));
    }
}
