//! The error of a generated client call.

use std::fmt;

use bytes::Bytes;

use super::Response;
use crate::validate::ValidationError;

/// Why a call failed. `E` is the operation's enum of declared error statuses.
/// New kinds of failure may be added: a `match` needs a `_` arm.
///
/// ```compile_fail
/// use apiforge_runtime::client::Error;
/// fn status(error: Error<()>) -> Option<u16> {
///     match error {
///         Error::InvalidRequest(_) | Error::Api(()) | Error::Transport(_) => None,
///         Error::UnexpectedStatus { status, .. } | Error::ResponseTooLarge { status, .. } => Some(status),
///         Error::InvalidBody(invalid) => Some(invalid.status),
///     }
/// }
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<E> {
    /// The request breaks a rule of the spec; nothing was sent.
    InvalidRequest(ValidationError),
    /// The server answered with an error status the spec declares, and a
    /// body of the declared shape.
    Api(E),
    /// The server answered with a status the spec does not declare.
    UnexpectedStatus { status: u16, body: Bytes },
    /// The server answered a declared status with a body that does not
    /// match its schema (or a declared header that does not parse).
    InvalidBody(InvalidBody),
    /// The response body is larger than the client reads
    /// ([`Connection::with_max_response_bytes`](super::Connection::with_max_response_bytes)).
    ResponseTooLarge { status: u16, limit: usize },
    /// Connecting, sending or reading failed.
    Transport(Transport),
}

/// A declared status whose body or headers do not match the spec.
#[derive(Debug)]
pub struct InvalidBody {
    pub status: u16,
    pub body: Bytes,
    pub reason: String,
}

/// A transport failure: from reqwest, or from a middleware.
#[derive(Debug)]
pub struct Transport(pub Box<dyn std::error::Error + Send + Sync>);

impl Transport {
    /// The request timed out (its own timeout, or the HTTP client's).
    pub fn is_timeout(&self) -> bool {
        self.reqwest().is_some_and(reqwest::Error::is_timeout)
    }

    /// No connection could be made.
    pub fn is_connect(&self) -> bool {
        self.reqwest().is_some_and(reqwest::Error::is_connect)
    }

    /// The reqwest error, when the failure is reqwest's.
    pub fn reqwest(&self) -> Option<&reqwest::Error> {
        self.0.downcast_ref()
    }
}

impl fmt::Display for Transport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for Transport {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.0.source()
    }
}

impl From<reqwest::Error> for Transport {
    fn from(error: reqwest::Error) -> Self {
        Transport(Box::new(error))
    }
}

impl<E> Error<E> {
    /// The HTTP status, where the server answered.
    pub fn status(&self) -> Option<u16>
    where
        E: ErrorStatus,
    {
        match self {
            Error::Api(e) => Some(e.status()),
            Error::UnexpectedStatus { status, .. }
            | Error::InvalidBody(InvalidBody { status, .. })
            | Error::ResponseTooLarge { status, .. } => Some(*status),
            Error::InvalidRequest(_) | Error::Transport(_) => None,
        }
    }
}

/// The status of a declared error, and how an answer of that status reads
/// (implemented by generated error enums, through the derive).
pub trait ErrorStatus: Sized {
    fn status(&self) -> u16;

    /// The error `response` reads as, where its status alone picks the
    /// variant and the variant holds the body or nothing; `None` for any
    /// other status (a range, `default`, headers), which the generated
    /// `match` reads itself.
    fn read(response: &Response) -> Option<Result<Self, InvalidBody>> {
        let _ = response;
        None
    }
}

/// The error of an operation that declares no error status (generated
/// clients name it `pub type OperationError = Infallible;`).
impl ErrorStatus for std::convert::Infallible {
    fn status(&self) -> u16 {
        match *self {}
    }
}

impl<E> From<ValidationError> for Error<E> {
    fn from(e: ValidationError) -> Self {
        Error::InvalidRequest(e)
    }
}

impl<E> From<InvalidBody> for Error<E> {
    fn from(e: InvalidBody) -> Self {
        Error::InvalidBody(e)
    }
}

impl<E> From<super::SendError> for Error<E> {
    fn from(e: super::SendError) -> Self {
        match e {
            super::SendError::Invalid(e) => Error::InvalidRequest(e),
            super::SendError::Transport(e) => Error::Transport(e),
            super::SendError::TooLarge { status, limit } => Error::ResponseTooLarge { status, limit },
        }
    }
}

impl<E> From<Transport> for Error<E> {
    fn from(e: Transport) -> Self {
        Error::Transport(e)
    }
}

impl<E: fmt::Debug> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidRequest(e) => write!(f, "invalid request, not sent: {e}"),
            Error::Api(e) => write!(f, "the server answered with a declared error: {e:?}"),
            Error::UnexpectedStatus { status, body } => {
                write!(f, "the server answered with undeclared status {status}: {}", preview(body))
            }
            Error::InvalidBody(e) => {
                write!(
                    f,
                    "the server's {} response does not match the spec ({}): {}",
                    e.status,
                    e.reason,
                    preview(&e.body)
                )
            }
            Error::ResponseTooLarge { status, limit } => {
                write!(f, "the server's {status} response is larger than the {limit} bytes this client reads")
            }
            Error::Transport(e) => write!(f, "the request failed: {}", e.0),
        }
    }
}

impl<E: fmt::Debug> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::InvalidRequest(e) => Some(e),
            Error::Transport(e) => Some(&*e.0),
            _ => None,
        }
    }
}

/// The start of a body, for messages.
fn preview(body: &Bytes) -> String {
    const LIMIT: usize = 200;
    let text = String::from_utf8_lossy(&body[..body.len().min(LIMIT)]).into_owned();
    if body.len() > LIMIT {
        format!("{text}...")
    } else {
        text
    }
}
