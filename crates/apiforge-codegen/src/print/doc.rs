//! Doc attributes as `///` lines.

use std::borrow::Cow;

use super::tree::Node;

/// The text of `doc = "..."` when `///` lines say the same thing (one line
/// per line of text): a line starting with `/` would be a plain comment,
/// and other control characters need the escaped attribute form.
pub(super) fn text<'t>(inside: &[Node<'t>]) -> Option<Cow<'t, str>> {
    let [Node::Word(name, _), Node::Op("=", _), Node::Literal(literal)] = inside else { return None };
    if *name != "doc" {
        return None;
    }
    let text = unescape(literal)?;
    let starts_comment = text.starts_with('/') || memchr::memmem::find(text.as_bytes(), b"\n/").is_some();
    (!starts_comment && plain_lines(&text)).then_some(text)
}

/// Lines `///` comments (and raw strings) can hold: no control characters
/// (Unicode's `Cc`: U+0000-U+001F, U+007F-U+009F) but tabs and the line
/// breaks between them. Bytes, not chars: every doc of the output passes
/// here.
pub(crate) fn plain_lines(text: &str) -> bool {
    let bytes = text.as_bytes();
    // A pass without early exit, which the compiler vectorizes, clears most docs.
    let suspect = bytes.iter().fold(false, |suspect, &byte| suspect | ((byte < 0x20) & (byte != b'\n')) | (byte == 0x7f) | (byte == 0xc2));
    !suspect
        || bytes.iter().enumerate().all(|(at, &byte)| match byte {
            b'\t' | b'\n' => true,
            0..0x20 | 0x7f => false,
            // U+0080-U+009F are 0xC2 0x80-0x9F in UTF-8.
            0xc2 => !matches!(bytes.get(at + 1), Some(0x80..=0x9f)),
            _ => true,
        })
}

/// The value of a string literal as proc-macro2 writes it (or as written
/// in a `piece!`: `///` there becomes a raw string).
pub(super) fn unescape(literal: &str) -> Option<Cow<'_, str>> {
    if let Some(raw) = literal.strip_prefix('r') {
        let hashes = raw.len() - raw.trim_start_matches('#').len();
        let body = raw.get(hashes..raw.len() - hashes)?;
        return Some(Cow::Borrowed(body.strip_prefix('"')?.strip_suffix('"')?));
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
    Some(Cow::Owned(text))
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
    fn plain_lines_are_those_without_control_characters() {
        for c in (0..=0x10ffff).filter_map(char::from_u32).filter(|c| (*c as u32) < 0x800) {
            let lines = format!("a{c}b\nc");
            assert_eq!(super::plain_lines(&lines), !c.is_control() || c == '\t' || c == '\n', "{:?}", c);
        }
    }

    #[test]
    fn docs_with_a_line_starting_with_a_slash_stay_attributes() {
        use super::super::tree::{Node, Role, Word};
        let doc = |literal| [Node::Word("doc", Word::Plain), Node::Op("=", Role::Binary), Node::Literal(literal)];
        assert_eq!(super::text(&doc("r\" one\n two\"")).as_deref(), Some(" one\n two"));
        assert_eq!(super::text(&doc("r\" one\n/ two\"")), None);
        assert_eq!(super::text(&doc("\"/ one\"")), None);
        assert_eq!(super::text(&doc("\" bell \\u{7}\"")), None);
    }
}
