//! A request refused before its handler ran.

use std::borrow::Cow;
use std::fmt;

use crate::validate::ValidationError;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    /// 400, 401, 413, 415 or 422; 500 for a handler that panicked.
    pub status: u16,
    /// What is wrong, for the client to read.
    pub message: String,
}

impl Rejection {
    pub fn new(status: u16, message: impl Into<String>) -> Rejection {
        Rejection { status, message: message.into() }
    }

    pub fn bad_request(message: impl Into<String>) -> Rejection {
        Rejection::new(400, message)
    }

    pub fn unauthorized(message: impl Into<String>) -> Rejection {
        Rejection::new(401, message)
    }

    /// The rejection as an operation answers it whose status for a request
    /// breaking the spec is `invalid` in place of 400 (one declaring 422
    /// and not 400: an answer it does not declare would break the spec too).
    pub fn invalid_as(&self, invalid: Option<u16>) -> Cow<'_, Rejection> {
        match invalid {
            Some(status) if self.status == 400 => Cow::Owned(Rejection::new(status, self.message.clone())),
            _ => Cow::Borrowed(self),
        }
    }
}

impl From<ValidationError> for Rejection {
    fn from(e: ValidationError) -> Rejection {
        Rejection::bad_request(e.to_string())
    }
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.status, self.message)
    }
}

impl std::error::Error for Rejection {}

#[cfg(test)]
mod tests {
    use super::Rejection;

    #[test]
    fn only_a_bad_request_takes_the_operations_status_for_invalid_requests() {
        let bad = Rejection::bad_request("`limit` is not an integer");
        assert_eq!(bad.invalid_as(Some(422)).status, 422);
        assert_eq!(bad.invalid_as(Some(422)).message, bad.message);
        assert_eq!(bad.invalid_as(None).status, 400);
        assert_eq!(Rejection::unauthorized("no credential").invalid_as(Some(422)).status, 401);
    }
}
