//! Doc attributes as `///` lines.

use super::tree::Node;

/// The text of `doc = "..."` when a `///` line says the same thing: a line
/// starting with `/` would be a plain comment, and control characters
/// (line breaks above all) need the escaped attribute form.
pub(super) fn line(inside: &[Node]) -> Option<String> {
    let [Node::Word(name, _), Node::Op("=", _), Node::Literal(literal)] = inside else { return None };
    if *name != "doc" {
        return None;
    }
    let text = unescape(literal)?;
    let printable = !text.starts_with('/') && !text.chars().any(|c| c.is_control() && c != '\t');
    printable.then_some(text)
}

/// The value of a string literal as proc-macro2 writes it (or as written
/// in a `quote!`: `///` there becomes a raw string).
pub(super) fn unescape(literal: &str) -> Option<String> {
    if let Some(raw) = literal.strip_prefix('r') {
        let hashes = raw.len() - raw.trim_start_matches('#').len();
        let body = raw.get(hashes..raw.len() - hashes)?;
        return Some(body.strip_prefix('"')?.strip_suffix('"')?.to_string());
    }
    let body = literal.strip_prefix('"')?.strip_suffix('"')?;
    let mut text = String::with_capacity(body.len());
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            text.push(c);
            continue;
        }
        text.push(match chars.next()? {
            'n' => '\n',
            'r' => '\r',
            't' => '\t',
            '0' => '\0',
            '\\' => '\\',
            '"' => '"',
            '\'' => '\'',
            'x' => {
                let hex: String = chars.by_ref().take(2).collect();
                char::from(u8::from_str_radix(&hex, 16).ok()?)
            }
            'u' => {
                if chars.next()? != '{' {
                    return None;
                }
                let hex: String = chars.by_ref().take_while(|c| *c != '}').collect();
                char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?
            }
            _ => return None,
        });
    }
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::unescape;

    #[test]
    fn unescapes_what_proc_macro2_escapes() {
        let original = "quote \" slash \\ tab \t nul \0 zero-width \u{200b} bell \u{7} é";
        let literal = proc_macro2::Literal::string(original).to_string();
        assert_eq!(unescape(&literal).as_deref(), Some(original));
    }

    #[test]
    fn reads_raw_strings() {
        assert_eq!(unescape(r##"r" a \ b""##).as_deref(), Some(r" a \ b"));
        assert_eq!(unescape(r###"r#" "quoted" "#"###).as_deref(), Some(r#" "quoted" "#));
    }
}
