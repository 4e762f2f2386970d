//! What a generated `mock` module reads its answers with, and the
//! resources it deleted.

use std::collections::BTreeSet;
use std::sync::{Mutex, PoisonError};

use serde::de::DeserializeOwned;

/// `json`, an answer chosen for `part` of an operation's response, read into
/// its generated type. The answers are values the spec allows, so one that
/// does not read is a fault of the generated code: it is told on stderr and
/// the mock answers 501 instead (a mock serves on, it never panics).
pub fn mock_value<T: DeserializeOwned>(operation: &str, part: &str, json: &str) -> Option<T> {
    serde_json::from_str(json)
        .map_err(|error| eprintln!("mock: the {part} answered for `{operation}` does not read ({error}): {json}"))
        .ok()
}

/// The paths a mock deleted: a path a `DELETE` was answered with success
/// on, and every path below it, is gone until that path is created again.
#[derive(Debug, Default)]
pub struct Deleted {
    paths: Mutex<BTreeSet<String>>,
}

impl Deleted {
    /// `path` and what lies below it are gone.
    pub fn delete(&self, path: &str) {
        self.paths().insert(trimmed(path).to_string());
    }

    /// `path` and what lies below it may be there again (a `PUT` of it, a
    /// `POST` to the collection); a resource above it is not.
    pub fn create(&self, path: &str) {
        let path = trimmed(path);
        self.paths().retain(|deleted| !is_below(deleted, path));
    }

    /// Whether `path`, or a path above it, was deleted.
    pub fn holds(&self, path: &str) -> bool {
        let path = trimmed(path);
        self.paths().iter().any(|deleted| is_below(path, deleted))
    }

    fn paths(&self) -> std::sync::MutexGuard<'_, BTreeSet<String>> {
        // A set of paths stays whole whatever panicked while it was held.
        self.paths.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// `path` without a trailing `/`: `/pets/1/` is `/pets/1`.
fn trimmed(path: &str) -> &str {
    match path.trim_end_matches('/') {
        "" => "/",
        trimmed => trimmed,
    }
}

/// Whether `path` is `above` or lies below it, segment by segment.
fn is_below(path: &str, above: &str) -> bool {
    path.strip_prefix(above).is_some_and(|rest| rest.is_empty() || rest.starts_with('/') || above == "/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_deleted_path_is_gone_with_what_lies_below_it_until_created_again() {
        let deleted = Deleted::default();
        deleted.delete("/planets/7");
        assert!(deleted.holds("/planets/7") && deleted.holds("/planets/7/") && deleted.holds("/planets/7/moons"));
        assert!(!deleted.holds("/planets/70") && !deleted.holds("/planets"));
        deleted.create("/planets/7/moons");
        assert!(deleted.holds("/planets/7"), "creating below it restores nothing above");
        deleted.create("/planets/7/");
        assert!(!deleted.holds("/planets/7"));
        deleted.delete("/planets/8");
        deleted.create("/stars");
        assert!(deleted.holds("/planets/8"));
        deleted.create("/planets");
        assert!(!deleted.holds("/planets/8"), "a POST to the collection may create it again");
    }

    #[test]
    fn an_answer_reads_into_its_type_or_is_none() {
        assert_eq!(mock_value::<Vec<u8>>("listPets", "body", "[1, 2]"), Some(vec![1, 2]));
        assert_eq!(mock_value::<u8>("listPets", "body", "\"x\""), None);
    }
}
