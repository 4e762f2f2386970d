//! Identifiers and doc comments for emitted code.

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::quote;

/// An identifier from an IR name, which may be written raw (`r#type`).
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// `#[doc = ...]` lines for each paragraph given, separated by blank doc lines.
pub fn doc<'a>(paragraphs: impl IntoIterator<Item = Option<&'a str>>) -> TokenStream {
    let mut literals = Vec::new();
    for text in paragraphs.into_iter().flatten() {
        let text = text.trim();
        if text.is_empty() {
            continue;
        }
        if !literals.is_empty() {
            literals.push(doc_literal(""));
        }
        // A lone CR (old Mac line ends, seen in vtex's specs) is a line
        // break too: rustc refuses a bare CR in a doc comment.
        literals.extend(text.lines().flat_map(|l| l.split('\r')).map(|l| doc_literal(l.trim_end())));
    }
    quote! { #( #[doc = #literals] )* }
}

/// A doc line (a space, then `line`; empty stays empty) as a raw string
/// literal (`r" ..."`) where it can be one: a scan instead of escaping
/// every character, and doc text is most of what a large spec emits.
/// Lines with control characters keep the escaped form.
fn doc_literal(line: &str) -> Literal {
    let plain = |c: char| !c.is_control() || c == '\t';
    let printable = if line.is_ascii() { line.bytes().all(|b| plain(char::from(b))) } else { line.chars().all(plain) };
    if printable {
        // Enough `#`s that no quote inside closes the literal early.
        let hashes = line.split('"').skip(1).map(|after| after.len() - after.trim_start_matches('#').len() + 1).max().unwrap_or(0);
        let mut raw = String::with_capacity(line.len() + 2 * hashes + 4);
        raw.push('r');
        raw.extend(std::iter::repeat_n('#', hashes));
        raw.push_str(if line.is_empty() { "\"" } else { "\" " });
        raw.push_str(line);
        raw.push('"');
        raw.extend(std::iter::repeat_n('#', hashes));
        if let Ok(literal) = raw.parse() {
            return literal;
        }
    }
    Literal::string(&if line.is_empty() { String::new() } else { format!(" {line}") })
}

#[cfg(test)]
mod tests {
    use super::doc;

    #[test]
    fn doc_lines_print_as_written_whatever_quotes_they_hold() {
        let text = "say \"hi\"\nfence \"# and \"### here\ntab\there, é, ü\nbell \u{7} rings";
        let tokens = doc([Some(text)]);
        let printed = crate::print::items(tokens.clone(), 0);
        crate::print::same_tokens(&tokens, &printed).unwrap();
        assert_eq!(
            printed,
            "/// say \"hi\"\n/// fence \"# and \"### here\n/// tab\there, é, ü\n#[doc = \" bell \\u{7} rings\"]\n"
        );
    }
}
