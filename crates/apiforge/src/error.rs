//! The error of a generation run: every problem found, each located.

use std::fmt;

use apiforge_ir::Diagnostic;

#[derive(Debug)]
pub enum Error {
    /// The spec has problems; all of them are listed.
    Spec(Vec<Diagnostic>),
    Io {
        path: std::path::PathBuf,
        source: std::io::Error,
    },
    /// The generator emitted code that is not valid Rust: a bug in apiforge.
    InvalidCode(apiforge_codegen::InvalidCode),
}

impl Error {
    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            Error::Spec(d) => d,
            _ => &[],
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Spec(diagnostics) => {
                let count = diagnostics.len();
                writeln!(f, "the spec has {count} problem{}:", if count == 1 { "" } else { "s" })?;
                for d in diagnostics {
                    writeln!(f, "error: {d}")?;
                }
                Ok(())
            }
            Error::Io { path, source } => write!(f, "cannot write {}: {source}", path.display()),
            Error::InvalidCode(error) => write!(f, "{error}"),
        }
    }
}

impl std::error::Error for Error {}
