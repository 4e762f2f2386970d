//! Path parameters stay inside their segment: everything but RFC 3986
//! unreserved characters is percent-encoded, so `a/../b`, `?`, `#`, `%`,
//! spaces and non-ASCII text cannot change the path's shape.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// Appends `value`, the path parameter `name`, as one encoded path
/// segment. `.` and `..` are refused: URL parsers treat them (even encoded)
/// as moves between directories. An empty value is refused too: it would
/// leave an empty segment (`/tokens//revoke`), another route's path.
pub fn push_segment(url: &mut String, name: &str, value: &str) -> Result<(), crate::validate::ValidationError> {
    if value.is_empty() {
        return Err(crate::validate::ValidationError::new(name, "a path parameter cannot be empty"));
    }
    if value == "." || value == ".." {
        return Err(crate::validate::ValidationError::new(name, format!("a path parameter cannot be `{value}`")));
    }
    url.extend(utf8_percent_encode(value, SEGMENT));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encoded(value: &str) -> String {
        let mut url = String::new();
        push_segment(&mut url, "id", value).unwrap();
        url
    }

    #[test]
    fn reserved_characters_stay_in_the_segment() {
        assert_eq!(encoded("a/../b"), "a%2F..%2Fb");
        assert_eq!(encoded("what?#x"), "what%3F%23x");
        assert_eq!(encoded("100% sure"), "100%25%20sure");
        assert_eq!(encoded("größe"), "gr%C3%B6%C3%9Fe");
        assert_eq!(encoded("tok-1.2_~"), "tok-1.2_~");
    }

    #[test]
    fn empty_dot_and_dot_dot_are_refused_naming_the_parameter() {
        for value in ["", ".", ".."] {
            let error = push_segment(&mut String::new(), "tokenId", value).unwrap_err();
            assert!(error.to_string().contains("tokenId"), "{value:?}: {error}");
        }
    }
}
