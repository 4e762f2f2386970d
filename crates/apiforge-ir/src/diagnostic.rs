//! Errors that say where and why, and what to do about it.

use std::fmt;
use std::path::PathBuf;

/// Where in the input a problem is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// A syntax position in the file (1-based).
    LineColumn { line: usize, column: usize },
    /// A JSON pointer into the document (`#/paths/~1v1~1tokens/delete`).
    Pointer(String),
    /// The document as a whole.
    Document,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::LineColumn { line, column } => write!(f, "{line}:{column}"),
            Location::Pointer(p) => f.write_str(p),
            Location::Document => f.write_str("#"),
        }
    }
}

/// One problem found in a spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub file: Option<PathBuf>,
    pub location: Location,
    pub message: String,
    /// What the user can do about it.
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn at(pointer: impl Into<String>, message: impl Into<String>) -> Diagnostic {
        Diagnostic { file: None, location: Location::Pointer(pointer.into()), message: message.into(), help: None }
    }

    pub fn document(message: impl Into<String>) -> Diagnostic {
        Diagnostic { file: None, location: Location::Document, message: message.into(), help: None }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    pub fn in_file(mut self, file: impl Into<PathBuf>) -> Diagnostic {
        self.file = Some(file.into());
        self
    }

    pub fn pointer(&self) -> Option<&str> {
        match &self.location {
            Location::Pointer(p) => Some(p),
            _ => None,
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.file, &self.location) {
            (Some(file), Location::LineColumn { .. }) => write!(f, "{}:{}: ", file.display(), self.location)?,
            (Some(file), location) => write!(f, "{} at {}: ", file.display(), location)?,
            (None, location) => write!(f, "at {location}: ")?,
        }
        f.write_str(&self.message)?;
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostic {}

/// `pointer` followed by `key`, a key of the spec's own (`schema`,
/// `content`) that needs no escaping. Not `format!`: lowering makes one for
/// every node it visits.
pub fn pointer_child(pointer: &str, key: &str) -> String {
    [pointer, "/", key].concat()
}

/// A JSON pointer token as the name it stands for: `~1` is `/`, `~0` is
/// `~` (the inverse of [`pointer_push`]'s escaping).
pub fn unescape_token(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// Appends an escaped reference token to a JSON pointer (RFC 6901).
pub fn pointer_push(pointer: &str, token: &str) -> String {
    // One allocation: lowering pushes a token for every node it visits.
    let mut pushed = String::with_capacity(pointer.len() + 1 + token.len() + 2);
    pushed.push_str(pointer);
    pushed.push('/');
    let mut rest = token;
    while let Some(at) = rest.find(['~', '/']) {
        pushed.push_str(&rest[..at]);
        pushed.push_str(if rest[at..].starts_with('~') { "~0" } else { "~1" });
        rest = &rest[at + 1..];
    }
    pushed.push_str(rest);
    pushed
}

#[cfg(test)]
mod tests {
    #[test]
    fn pushed_tokens_escape_tildes_and_slashes() {
        assert_eq!(super::pointer_push("#/paths", "/v1/{id}~x~"), "#/paths/~1v1~1{id}~0x~0");
        assert_eq!(super::unescape_token("~1v1~1{id}~0x~0"), "/v1/{id}~x~");
        assert_eq!(super::unescape_token("~01"), "~1");
        assert_eq!(super::pointer_push("#/components/schemas", "Pet"), "#/components/schemas/Pet");
        assert_eq!(super::pointer_push("", ""), "/");
        assert_eq!(super::pointer_child("#/paths/~1a/get", "responses"), "#/paths/~1a/get/responses");
    }
}
