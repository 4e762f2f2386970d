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

/// The doc attributes for each paragraph given, separated by blank doc
/// lines: one `#[doc = r" ..."]` for every run of lines a `///` comment can
/// hold (rustdoc joins doc attributes with line breaks, so one attribute of
/// several lines reads the same as a `///` per line; the printer writes it as
/// such). Doc text is most of what a large spec emits, and a token per
/// block instead of per line halves what is built, printed and dropped.
pub fn doc<'a>(paragraphs: impl IntoIterator<Item = Option<&'a str>>) -> TokenStream {
    let mut doc = Doc::default();
    for text in paragraphs.into_iter().flatten() {
        let text = text.trim();
        if text.is_empty() {
            continue;
        }
        if !doc.is_empty() {
            doc.line("");
        }
        // A lone CR (old Mac line ends, seen in vtex's specs) is a line
        // break too: rustc refuses a bare CR in a doc comment.
        for line in text.lines().flat_map(|l| l.split('\r')) {
            doc.line(line.trim_end());
        }
    }
    doc.finish()
}

/// Doc lines gathered into attributes.
#[derive(Default)]
struct Doc {
    tokens: TokenStream,
    /// The run of plain lines not yet written, each after a line break.
    run: String,
}

impl Doc {
    fn is_empty(&self) -> bool {
        self.tokens.is_empty() && self.run.is_empty()
    }

    fn line(&mut self, line: &str) {
        if !crate::print::plain_line(line) {
            // Control characters need the escaped form, on a line of its own.
            self.flush();
            let literal = Literal::string(&if line.is_empty() { String::new() } else { format!(" {line}") });
            self.tokens.extend(quote!(#[doc = #literal]));
            return;
        }
        self.run.push('\n');
        if !line.is_empty() {
            self.run.push(' ');
            self.run.push_str(line);
        }
    }

    /// Writes the pending run as one raw string literal (a scan instead of
    /// escaping every character), with enough `#`s that no quote inside
    /// closes it early.
    fn flush(&mut self) {
        let Some(run) = self.run.get(1..) else { return };
        let hashes = run.split('"').skip(1).map(|after| after.len() - after.trim_start_matches('#').len() + 1).max().unwrap_or(0);
        let mut raw = String::with_capacity(run.len() + 2 * hashes + 3);
        raw.push('r');
        raw.extend(std::iter::repeat_n('#', hashes));
        raw.push('"');
        raw.push_str(run);
        raw.push('"');
        raw.extend(std::iter::repeat_n('#', hashes));
        let literal = raw.parse::<Literal>().unwrap_or_else(|_| Literal::string(run));
        self.tokens.extend(quote!(#[doc = #literal]));
        self.run.clear();
    }

    fn finish(mut self) -> TokenStream {
        self.flush();
        self.tokens
    }
}

#[cfg(test)]
mod tests {
    use super::doc;

    #[test]
    fn a_run_of_plain_lines_is_one_attribute() {
        let tokens = doc([Some("first\nsecond"), Some("third")]);
        assert_eq!(tokens.clone().into_iter().count(), 2, "one `#` and one `[...]`: {tokens}");
        assert_eq!(crate::print::items(tokens, 0), "/// first\n/// second\n///\n/// third\n");
    }

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
