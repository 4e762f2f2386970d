//! Identifiers and doc comments for emitted code.

use std::cell::RefCell;
use std::rc::Rc;

use apiforge_ir::memo::{remembered, Remembered};
use proc_macro2::Literal;

use crate::tokens::{Ident, Tokens, Written};

/// An identifier from an IR name, which may be written raw (`r#type`).
pub fn ident(name: &str) -> Ident {
    Ident(name.to_string())
}

/// The doc attributes for each paragraph given, separated by blank doc
/// lines: one `#[doc = r" ..."]` for every run of lines a `///` comment can
/// hold (rustdoc joins doc attributes with line breaks, so one attribute of
/// several lines reads the same as a `///` per line; the printer writes it as
/// such). Doc text is most of what a large spec emits, and a token per
/// block instead of per line halves what is built, printed and dropped.
///
/// Remembered while a [`DocMemory`] lives on this thread: the same docs
/// come back on many items (`OK` on every status, a shared parameter's
/// description on every operation; Kubernetes asks for 24,500 docs of 7,200
/// texts), and a remembered doc is shared (an `Rc`), not copied, until it
/// is interpolated.
pub fn doc<'a>(paragraphs: impl IntoIterator<Item = Option<&'a str>>) -> Rc<Tokens> {
    let paragraphs: Vec<&str> = paragraphs.into_iter().flatten().map(str::trim).filter(|text| !text.is_empty()).collect();
    DOCS.with_borrow_mut(|docs| match docs {
        Some(docs) => remembered(docs, &doc_key(&paragraphs), |_| Rc::new(doc_of(&paragraphs))),
        None => Rc::new(doc_of(&paragraphs)),
    })
}

/// Each text after its length, so no two lists of texts share a key. The
/// length's digits go least significant first, written by hand: `write!`
/// was a tenth of emitting Kubernetes' server.
fn doc_key(paragraphs: &[&str]) -> String {
    let mut key = String::with_capacity(paragraphs.iter().map(|text| text.len() + 8).sum());
    for text in paragraphs {
        let mut len = text.len();
        loop {
            key.push(char::from(b'0' + (len % 10) as u8));
            len /= 10;
            if len == 0 {
                break;
            }
        }
        key.push(':');
        key.push_str(text);
    }
    key
}

thread_local!(static DOCS: RefCell<Option<Remembered<Rc<Tokens>>>> = const { RefCell::new(None) });

/// While one lives, [`doc`] remembers the docs it makes on this thread.
/// Scoped rather than kept for the process: a macro expansion or a render
/// thread forgets its docs when it ends.
pub struct DocMemory {
    /// Whether this one made the memory (an inner scope leaves it be).
    owner: bool,
}

pub fn remember_docs() -> DocMemory {
    let owner = DOCS.with_borrow_mut(|docs| {
        let outermost = docs.is_none();
        if outermost {
            *docs = Some(Remembered::default());
        }
        outermost
    });
    DocMemory { owner }
}

impl Drop for DocMemory {
    fn drop(&mut self) {
        if self.owner {
            DOCS.with_borrow_mut(|docs| *docs = None);
        }
    }
}

fn doc_of(paragraphs: &[&str]) -> Tokens {
    let mut doc = Doc::default();
    for text in paragraphs {
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
    tokens: Tokens,
    /// The run of plain lines not yet written, each after a line break.
    run: String,
}

impl Doc {
    fn is_empty(&self) -> bool {
        self.tokens.is_empty() && self.run.is_empty()
    }

    fn line(&mut self, line: &str) {
        if !crate::print::plain_lines(line) {
            // Control characters need the escaped form, on a line of its own.
            self.flush();
            let literal = Literal::string(&if line.is_empty() { String::new() } else { format!(" {line}") });
            self.tokens.append(&piece!(#[doc = #literal]));
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
        let raw = Written(&raw);
        self.tokens.append(&piece!(#[doc = #raw]));
        self.run.clear();
    }

    fn finish(mut self) -> Tokens {
        self.flush();
        self.tokens
    }
}

#[cfg(test)]
mod tests {
    use super::{doc, remember_docs, DOCS};

    /// How many docs this thread remembers, if it remembers any.
    fn remembered_docs() -> Option<usize> {
        DOCS.with_borrow(|docs| docs.as_ref().map(|docs| docs.len()))
    }

    #[test]
    fn docs_are_remembered_only_while_a_memory_lives() {
        doc([Some("OK")]);
        assert_eq!(remembered_docs(), None);
        let outer = remember_docs();
        let first = doc([Some("OK")]);
        assert_eq!(doc([Some("OK")]), first);
        doc([Some("O"), Some("K")]);
        assert_eq!(remembered_docs(), Some(2));
        drop(remember_docs());
        assert_eq!(remembered_docs(), Some(2), "an inner scope leaves the outer one's memory");
        drop(outer);
        assert_eq!(remembered_docs(), None);
    }

    #[test]
    fn a_run_of_plain_lines_is_one_attribute() {
        let tokens = doc([Some("first\nsecond"), Some("third")]);
        let stream = tokens.to_stream();
        assert_eq!(stream.clone().into_iter().count(), 2, "one `#` and one `[...]`: {stream}");
        assert_eq!(crate::print::items(&tokens, 0), "/// first\n/// second\n///\n/// third\n");
    }

    #[test]
    fn doc_lines_print_as_written_whatever_quotes_they_hold() {
        let text = "say \"hi\"\nfence \"# and \"### here\ntab\there, é, ü\nbell \u{7} rings";
        let tokens = doc([Some(text)]);
        let printed = crate::print::items(&tokens, 0);
        crate::print::same_tokens(&tokens, &printed).unwrap();
        assert_eq!(
            printed,
            "/// say \"hi\"\n/// fence \"# and \"### here\n/// tab\there, é, ü\n#[doc = \" bell \\u{7} rings\"]\n"
        );
    }
}
