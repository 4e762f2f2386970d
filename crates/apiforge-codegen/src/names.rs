//! Identifiers and doc comments for emitted code.

use proc_macro2::{Ident, Span, TokenStream};
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
    let mut lines: Vec<String> = Vec::new();
    for text in paragraphs.into_iter().flatten() {
        let text = text.trim();
        if text.is_empty() {
            continue;
        }
        if !lines.is_empty() {
            lines.push(String::new());
        }
        // A lone CR (old Mac line ends, seen in vtex's specs) is a line
        // break too: rustc refuses a bare CR in a doc comment.
        let line = |l: &str| match l.trim_end() {
            "" => String::new(),
            l => format!(" {l}"),
        };
        lines.extend(text.lines().flat_map(|l| l.split('\r')).map(line));
    }
    quote! { #( #[doc = #lines] )* }
}
