//! Credentials whose `Debug` never shows the secret.

use std::fmt;
use std::sync::Arc;

/// A secret string (a token, an API key, a password). Shared, so cloning a
/// client that holds one costs no allocation.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(Arc<str>);

impl Secret {
    pub fn new(value: impl AsRef<str>) -> Secret {
        Secret(Arc::from(value.as_ref()))
    }

    /// The secret itself, for putting on the wire or comparing.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl<T: Into<String>> From<T> for Secret {
    fn from(value: T) -> Secret {
        Secret(Arc::from(value.into()))
    }
}

/// HTTP basic credentials.
#[derive(Clone, PartialEq, Eq)]
pub struct BasicCredentials {
    pub username: String,
    pub password: Secret,
}

impl fmt::Debug for BasicCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BasicCredentials").field("username", &self.username).field("password", &self.password).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_secrets() {
        let basic = BasicCredentials { username: "ana".into(), password: Secret::new("hunter2") };
        let shown = format!("{:?} {basic:?}", Secret::new("tok_live_123"));
        assert!(!shown.contains("tok_live_123") && !shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("ana"));
    }
}
