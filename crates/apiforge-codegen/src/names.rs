//! Identifiers and doc comments for emitted code, and the names an
//! operation's generated items share between the client and the server.

use apiforge_ir::naming::unraw;
use apiforge_ir::Operation;
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

/// An identifier from an IR name, which may be written raw (`r#type`).
///
/// The IR only hands out valid ASCII identifiers. Should a name ever be
/// anything else (a generator bug), its other characters become `_`, so
/// emitting never panics and the odd name shows in the output.
pub fn ident(name: &str) -> Ident {
    let (raw, text) = match name.strip_prefix("r#") {
        Some(text) => (true, text),
        None => (false, name),
    };
    let valid = !text.is_empty()
        && !text.starts_with(|c: char| c.is_ascii_digit())
        && text.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    let text = if valid {
        std::borrow::Cow::Borrowed(text)
    } else {
        let replaced: String = text.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect();
        std::borrow::Cow::Owned(format!("_{replaced}"))
    };
    // The IR never asks for a word that cannot be raw (`self`) to be raw;
    // should it, the plain identifier is the safe reading.
    if raw && apiforge_ir::naming::can_be_raw(&text) {
        Ident::new_raw(&text, Span::call_site())
    } else {
        Ident::new(&text, Span::call_site())
    }
}

/// The doc attributes for each paragraph given, separated by blank doc
/// lines: one `#[doc = " line"]` per line, which prettyplease prints as a
/// `///` comment.
pub fn doc<'a>(paragraphs: impl IntoIterator<Item = Option<&'a str>>) -> TokenStream {
    let mut lines: Vec<String> = Vec::new();
    for text in paragraphs.into_iter().flatten().map(str::trim).filter(|text| !text.is_empty()) {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        // A lone CR (old Mac line ends, seen in vtex's specs) is a line
        // break too: rustc refuses a bare CR in a doc comment.
        for line in crate::markdown::tidy(text.lines().flat_map(|line| line.split('\r'))) {
            lines.push(doc_line(line.trim_end()));
        }
    }
    quote!(#( #[doc = #lines] )*)
}

/// A doc line as written after `///`. Control characters (Unicode's `Cc`;
/// tabs are spaces by now) and the bidirectional overrides that rustc refuses in comments
/// are spelled as `\u{..}`, so that the comment shows them and compiles.
fn doc_line(line: &str) -> String {
    let mut text = String::with_capacity(line.len() + 1);
    if !line.is_empty() {
        text.push(' ');
    }
    for c in line.chars() {
        let unsafe_in_comment = c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
        if unsafe_in_comment {
            text.push_str(&c.escape_unicode().to_string());
        } else {
            text.push(c);
        }
    }
    text
}

/// The names of an operation's generated items. Client and server each
/// have a `...Response` type of their own, in their own module.
pub struct OperationNames<'a>(pub &'a Operation);

impl OperationNames<'_> {
    /// `{TypeName}{suffix}`: `Request`, `Response`, `Error`, `Builder`.
    pub fn type_with(&self, suffix: &str) -> Ident {
        ident(&format!("{}{suffix}", unraw(&self.0.type_name)))
    }

    /// `{prefix}_{fn_name}`: `handle`, `reject`.
    pub fn fn_with(&self, prefix: &str) -> Ident {
        ident(&format!("{prefix}_{}", unraw(&self.0.fn_name)))
    }

    /// The method named after the operation (client method, trait method).
    pub fn method(&self) -> Ident {
        ident(&self.0.fn_name)
    }
}

#[cfg(test)]
mod tests {
    use super::{doc, ident};

    #[test]
    fn raw_and_plain_identifiers() {
        assert_eq!(ident("r#type").to_string(), "r#type");
        assert_eq!(ident("name").to_string(), "name");
        assert_eq!(ident("r#self").to_string(), "self");
    }

    #[test]
    fn a_name_that_is_no_identifier_is_made_one_not_a_panic() {
        assert_eq!(ident("9 lives").to_string(), "_9_lives");
        assert_eq!(ident("").to_string(), "_");
    }

    #[test]
    fn paragraphs_are_doc_lines_with_a_blank_line_between() {
        let tokens = doc([Some("first\nsecond\r\n"), None, Some(" third ")]);
        let expected = quote::quote! {
            #[doc = " first"] #[doc = " second"] #[doc = ""] #[doc = " third"]
        };
        assert_eq!(tokens.to_string(), expected.to_string());
    }

    #[test]
    fn control_and_bidi_characters_are_spelled_out_and_tabs_are_spaces() {
        let tokens = doc([Some("bell \u{7} tab\there \u{202e}x")]);
        let expected = quote::quote!(#[doc = " bell \\u{7} tab    here \\u{202e}x"]);
        assert_eq!(tokens.to_string(), expected.to_string());
    }
}
