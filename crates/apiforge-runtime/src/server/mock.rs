//! What a generated `mock` module reads its answers with.

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_reads_into_its_type_or_is_none() {
        assert_eq!(mock_value::<Vec<u8>>("listPets", "body", "[1, 2]"), Some(vec![1, 2]));
        assert_eq!(mock_value::<u8>("listPets", "body", "\"x\""), None);
    }
}
