//! Path parameters stay inside their segment: everything but RFC 3986
//! unreserved characters is percent-encoded, so `a/../b`, `?`, `#`, `%`,
//! spaces and non-ASCII text cannot change the path's shape.

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// Appends `value` as one encoded path segment. `.` and `..` are refused:
/// URL parsers treat them (even encoded) as moves between directories.
pub fn push_segment(url: &mut String, value: &str) -> Result<(), crate::validate::ValidationError> {
    if value == "." || value == ".." {
        return Err(crate::validate::ValidationError::new(value, "a path segment cannot be `.` or `..`"));
    }
    url.extend(utf8_percent_encode(value, SEGMENT));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encoded(value: &str) -> String {
        let mut url = String::new();
        push_segment(&mut url, value).unwrap();
        url
    }

    #[test]
    fn reserved_characters_stay_in_the_segment() {
        assert_eq!(encoded("a/../b"), "a%2F..%2Fb");
        assert_eq!(encoded("what?#x"), "what%3F%23x");
        assert_eq!(encoded("100% sure"), "100%25%20sure");
        assert_eq!(encoded("größe"), "gr%C3%B6%C3%9Fe");
        assert_eq!(encoded("tok-1.2_~"), "tok-1.2_~");
        assert!(push_segment(&mut String::new(), "..").is_err());
    }
}
