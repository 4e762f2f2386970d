//! Splitting header values (`Link`, `Content-Disposition`) at a separator
//! that is not inside a quoted string or a `<...>` URI reference: a file
//! named `a;b.pdf` or a next-page URL holding a comma is one piece.

/// The pieces of `text` between the `separator`s outside quotes and `<>`.
pub(crate) fn split_unquoted(text: &str, separator: char) -> Vec<&str> {
    let mut pieces = Vec::new();
    let (mut start, mut quoted, mut in_uri, mut escaped) = (0, false, false, false);
    for (at, c) in text.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if quoted => escaped = true,
            '"' if !in_uri => quoted = !quoted,
            '<' if !quoted => in_uri = true,
            '>' if !quoted => in_uri = false,
            c if c == separator && !quoted && !in_uri => {
                pieces.push(&text[start..at]);
                start = at + c.len_utf8();
            }
            _ => {}
        }
    }
    pieces.push(&text[start..]);
    pieces
}

#[cfg(test)]
mod tests {
    use super::split_unquoted;

    #[test]
    fn separators_inside_quotes_and_uri_references_do_not_split() {
        assert_eq!(split_unquoted(r#" name="a"; filename="a;b.pdf""#, ';'), [r#" name="a""#, r#" filename="a;b.pdf""#]);
        assert_eq!(split_unquoted(r#"x="say \"hi;\"";y=1"#, ';'), [r#"x="say \"hi;\"""#, "y=1"]);
        assert_eq!(
            split_unquoted(r#"<https://a/r?ids=1,2>; rel="next", <b>"#, ','),
            [r#"<https://a/r?ids=1,2>; rel="next""#, " <b>"]
        );
        assert_eq!(split_unquoted("", ';'), [""]);
    }
}
