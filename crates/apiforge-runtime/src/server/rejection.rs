//! A request refused before its handler ran.

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
