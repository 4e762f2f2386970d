//! The printer's check: printed text must lex back to the tokens it was
//! printed from. Spacing may differ, and so may the commas the printer adds
//! at the end of a vertical list, generic arguments or a `where` clause; a doc attribute of
//! several lines prints as several `///` lines.

use proc_macro2::{Delimiter, TokenStream, TokenTree};

use super::doc::unescape;
use crate::tokens::{delimiters, Tokens};

/// Compares `tokens` with the tokens of `text`; the error shows where they part.
pub fn same_tokens(tokens: &Tokens, text: &str) -> Result<(), String> {
    let printed: TokenStream = text.parse().map_err(|error| format!("the printed text does not lex: {error}"))?;
    let (expected, found) = (flat(tokens.to_stream()), flat(printed));
    let parted = expected.iter().zip(&found).position(|(a, b)| a != b);
    let at = match parted {
        Some(at) => at,
        None if expected.len() == found.len() => return Ok(()),
        None => expected.len().min(found.len()),
    };
    let context = |tokens: &[String]| tokens[at.saturating_sub(12)..(at + 4).min(tokens.len())].join(" ");
    Err(format!(
        "printed tokens differ at token {at}:\n  emitted: {}\n  printed: {}",
        context(&expected),
        context(&found)
    ))
}

fn flat(tokens: TokenStream) -> Vec<String> {
    let mut out = Vec::new();
    push(tokens, &mut out);
    out
}

fn push(tokens: TokenStream, out: &mut Vec<String>) {
    let mut tokens = tokens.into_iter().peekable();
    while let Some(token) = tokens.next() {
        if let Some(text) = doc_attribute(&token, tokens.peek()) {
            tokens.next();
            push_doc(text, out);
            continue;
        }
        match token {
            TokenTree::Group(group) => {
                let (open, close) = delimiters(group.delimiter());
                if open == "{" {
                    drop_comma(out);
                }
                out.push(open.to_string());
                push(group.stream(), out);
                drop_comma(out);
                out.push(close.to_string());
            }
            TokenTree::Ident(ident) => out.push(ident.to_string()),
            TokenTree::Punct(punct) => {
                // Generic arguments broken one per line end with a comma.
                if punct.as_char() == '>' {
                    drop_comma(out);
                }
                out.push(punct.as_char().to_string());
            }
            TokenTree::Literal(literal) => {
                let text = literal.to_string();
                // A negative number is one literal when built, `-` and a
                // literal when lexed; `r"a"` and `"a"` are the same string.
                match (text.strip_prefix('-'), unescape(&text)) {
                    (Some(magnitude), _) => out.extend(["-".to_string(), magnitude.to_string()]),
                    (None, Some(value)) => out.push(format!("{value:?}")),
                    (None, None) => out.push(text),
                }
            }
        }
    }
}

/// The text of an outer doc attribute starting at `pound`.
fn doc_attribute(pound: &TokenTree, next: Option<&TokenTree>) -> Option<String> {
    let (TokenTree::Punct(pound), Some(TokenTree::Group(group))) = (pound, next) else { return None };
    if pound.as_char() != '#' || group.delimiter() != Delimiter::Bracket {
        return None;
    }
    let inside: Vec<TokenTree> = group.stream().into_iter().collect();
    let [TokenTree::Ident(name), TokenTree::Punct(eq), TokenTree::Literal(literal)] = &inside[..] else { return None };
    if name != "doc" || eq.as_char() != '=' {
        return None;
    }
    unescape(&literal.to_string()).map(|text| text.into_owned())
}

/// Consecutive doc attributes are one text, their lines joined (as rustdoc
/// reads them): one attribute of several lines prints as several `///`.
fn push_doc(text: String, out: &mut Vec<String>) {
    const DOC: &str = "#[doc] ";
    match out.last_mut().filter(|last| last.starts_with(DOC)) {
        Some(last) => {
            last.push('\n');
            last.push_str(&text);
        }
        None => out.push(format!("{DOC}{text}")),
    }
}

fn drop_comma(out: &mut Vec<String>) {
    if out.last().is_some_and(|last| last == ",") {
        out.pop();
    }
}
