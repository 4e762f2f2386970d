//! Emitted code as the printer reads it: source text without separators,
//! and a [`Mark`] per token saying what the next bytes are. `piece!`
//! (apiforge-template) writes a template's fixed tokens into it as one
//! string and one mark slice, made at compile time; [`Emit`] writes what a
//! template interpolates.

use std::cell::RefCell;
use std::fmt::Write;

use proc_macro2::{Literal, TokenStream};

pub use proc_macro2::Delimiter;

/// A token of [`Tokens`], which takes the next bytes of its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// An identifier or keyword of this many bytes (`r#type` is one).
    Word(u32),
    /// A literal of this many bytes, as written (`"text"`, `200u16`).
    Literal(u32),
    /// One punctuation character; `true` when joined to the next (the first
    /// `:` of `::`, a lifetime's `'`).
    Punct(bool),
    /// A group opens; its delimiters take no text.
    Open(Delimiter),
    Close,
}

/// A piece of emitted code.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tokens {
    pub(crate) text: String,
    pub(crate) marks: Vec<Mark>,
}

impl Tokens {
    pub fn new() -> Tokens {
        Tokens::default()
    }

    /// Tokens with room for at least this much, in buffers a dropped
    /// `Tokens` on this thread left behind where there are some: emitting
    /// builds and drops many small pieces, and reusing their buffers saves
    /// the allocations and the copies of growing them.
    pub fn with_capacity(text: usize, marks: usize) -> Tokens {
        let (mut text_buffer, mut marks_buffer) = SPARE.with_borrow_mut(Vec::pop).unwrap_or_default();
        text_buffer.reserve(text);
        marks_buffer.reserve(marks);
        Tokens { text: text_buffer, marks: marks_buffer }
    }

    pub fn is_empty(&self) -> bool {
        self.marks.is_empty()
    }

    /// A template's fixed tokens (what `piece!` expands to).
    pub fn push_fixed(&mut self, text: &str, marks: &[Mark]) {
        self.text.push_str(text);
        self.marks.extend_from_slice(marks);
    }

    pub fn append(&mut self, other: &Tokens) {
        self.push_fixed(&other.text, &other.marks);
    }

    pub fn word(&mut self, word: &str) {
        self.text.push_str(word);
        self.marks.push(Mark::Word(len(word)));
    }

    /// A literal from its written form.
    pub fn literal(&mut self, written: impl std::fmt::Display) {
        let start = self.text.len();
        // Writing to a `String` cannot fail.
        let _ = write!(self.text, "{written}");
        self.marks.push(Mark::Literal(len(&self.text[start..])));
    }

    /// The tokens as a token stream: for the compiler (the macro path) and
    /// for the printer's check. Lexed from text with a space after every
    /// token not joined to the next, the one way to make a literal outside
    /// a macro.
    pub fn to_stream(&self) -> TokenStream {
        let mut spaced = String::with_capacity(self.text.len() * 5 / 4);
        let mut open = Vec::new();
        let mut at = 0;
        for mark in &self.marks {
            match *mark {
                Mark::Word(n) | Mark::Literal(n) => {
                    let end = at + n as usize;
                    spaced.push_str(&self.text[at..end]);
                    spaced.push(' ');
                    at = end;
                }
                Mark::Punct(joint) => {
                    spaced.push_str(&self.text[at..at + 1]);
                    if !joint {
                        spaced.push(' ');
                    }
                    at += 1;
                }
                Mark::Open(delimiter) => {
                    spaced.push_str(delimiters(delimiter).0);
                    open.push(delimiter);
                }
                Mark::Close => spaced.push_str(delimiters(open.pop().unwrap_or(Delimiter::None)).1),
            }
        }
        // Every token was written by an emitter from a valid one; should one
        // not lex (an emitter's bug), the compiler and the printer's check
        // say so instead of getting no code.
        spaced.parse().unwrap_or_else(|error| {
            let message = Literal::string(&format!("apiforge: the emitted code does not lex ({error}); please report it"));
            format!("compile_error!({message});").parse().unwrap_or_default()
        })
    }
}

thread_local!(static SPARE: RefCell<Vec<(String, Vec<Mark>)>> = const { RefCell::new(Vec::new()) });

/// Buffers larger than this are freed rather than kept for reuse.
const LARGEST_SPARE: usize = 1 << 20;

/// At most this many spare buffers are kept on a thread (emitting nests
/// pieces a few levels deep; dropping a module's items at once would
/// otherwise keep all their buffers).
const MOST_SPARES: usize = 64;

impl Drop for Tokens {
    fn drop(&mut self) {
        if self.text.capacity() == 0 || self.text.capacity() > LARGEST_SPARE {
            return;
        }
        let (mut text, mut marks) = (std::mem::take(&mut self.text), std::mem::take(&mut self.marks));
        text.clear();
        marks.clear();
        // A thread ending drops its spare buffers first; its tokens then free their own.
        let _ = SPARE.try_with(|spare| {
            let mut spare = spare.borrow_mut();
            if spare.len() < MOST_SPARES {
                spare.push((text, marks));
            }
        });
    }
}

fn len(text: &str) -> u32 {
    u32::try_from(text.len()).unwrap_or(u32::MAX)
}

/// How a group's delimiters are written (an invisible group: not at all).
pub(crate) fn delimiters(delimiter: Delimiter) -> (&'static str, &'static str) {
    match delimiter {
        Delimiter::Parenthesis => ("(", ")"),
        Delimiter::Bracket => ("[", "]"),
        Delimiter::Brace => ("{", "}"),
        Delimiter::None => ("", ""),
    }
}

/// What a template can interpolate (`#value`).
pub trait Emit {
    fn emit(&self, out: &mut Tokens);
}

impl Emit for Tokens {
    fn emit(&self, out: &mut Tokens) {
        out.append(self);
    }
}

impl<T: Emit + ?Sized> Emit for &T {
    fn emit(&self, out: &mut Tokens) {
        (**self).emit(out);
    }
}

impl<T: Emit> Emit for Option<T> {
    fn emit(&self, out: &mut Tokens) {
        if let Some(value) = self {
            value.emit(out);
        }
    }
}

impl<T: Emit> Emit for std::rc::Rc<T> {
    fn emit(&self, out: &mut Tokens) {
        (**self).emit(out);
    }
}

/// An identifier, written as it is (the IR's names are valid ones).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ident(pub(crate) String);

impl Emit for Ident {
    fn emit(&self, out: &mut Tokens) {
        out.word(&self.0);
    }
}

impl std::fmt::Display for Ident {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl Emit for Literal {
    fn emit(&self, out: &mut Tokens) {
        out.literal(self);
    }
}

/// A literal as written (`r#"..."#`), which must be a valid one.
pub struct Written<'a>(pub &'a str);

impl Emit for Written<'_> {
    fn emit(&self, out: &mut Tokens) {
        out.literal(self.0);
    }
}

/// A string is a string literal, as with quote. Printable ASCII without
/// quotes or backslashes is quoted as it is, which is what proc_macro2
/// writes for it, without escaping a character at a time.
impl Emit for str {
    fn emit(&self, out: &mut Tokens) {
        if self.bytes().all(|b| matches!(b, b' '..=b'~') && b != b'"' && b != b'\\') {
            out.text.reserve(self.len() + 2);
            out.text.push('"');
            out.text.push_str(self);
            out.text.push('"');
            out.marks.push(Mark::Literal(len(self).saturating_add(2)));
        } else {
            out.literal(Literal::string(self));
        }
    }
}

impl Emit for String {
    fn emit(&self, out: &mut Tokens) {
        self.as_str().emit(out);
    }
}

impl Emit for bool {
    fn emit(&self, out: &mut Tokens) {
        out.word(if *self { "true" } else { "false" });
    }
}

/// A number is a suffixed literal (`200u16`), as with quote.
macro_rules! suffixed {
    ($($ty:ident)*) => {$(
        impl Emit for $ty {
            fn emit(&self, out: &mut Tokens) {
                out.literal(format_args!(concat!("{}", stringify!($ty)), self));
            }
        }
    )*};
}
suffixed!(u8 u16 u32 u64 usize i8 i16 i32 i64 isize);

impl Emit for f64 {
    fn emit(&self, out: &mut Tokens) {
        out.literal(Literal::f64_suffixed(*self));
    }
}

/// `#(#items)*` over an iterator: its items.
pub trait RepeatIter: Iterator + Sized {
    fn rep_iter(self) -> Self {
        self
    }
}

impl<I: Iterator> RepeatIter for I {}

/// `#(#items)*` over a slice, a vector or an option: references to its items.
pub trait RepeatSlice {
    type Item;
    fn rep_iter(&self) -> std::slice::Iter<'_, Self::Item>;
}

impl<T> RepeatSlice for [T] {
    type Item = T;
    fn rep_iter(&self) -> std::slice::Iter<'_, T> {
        self.iter()
    }
}

impl<T> RepeatSlice for Vec<T> {
    type Item = T;
    fn rep_iter(&self) -> std::slice::Iter<'_, T> {
        self.iter()
    }
}

impl<T, const N: usize> RepeatSlice for [T; N] {
    type Item = T;
    fn rep_iter(&self) -> std::slice::Iter<'_, T> {
        self.iter()
    }
}

/// A value that is no iterator inside `#(...)*`: the same on every round
/// (the loop ends with its shortest iterator).
pub trait RepeatEach {
    fn rep_iter(&self) -> std::iter::Repeat<&Self>;
}

impl<T: Emit> RepeatEach for T {
    fn rep_iter(&self) -> std::iter::Repeat<&Self> {
        std::iter::repeat(self)
    }
}

#[cfg(test)]
mod tests {
    use super::{len, Delimiter, Emit, Ident, Literal, Mark, Tokens};

    fn ident(name: &str) -> Ident {
        Ident(name.to_string())
    }

    /// The tokens' text with a space between tokens, as `to_stream` lexes it.
    fn spaced(tokens: &Tokens) -> String {
        tokens.to_stream().to_string()
    }

    #[test]
    fn fixed_tokens_are_text_and_marks_made_at_compile_time() {
        let tokens = piece!(pub fn f(x: &'a u8) -> bool { x::y });
        assert_eq!(tokens.text, "pubfnfx:&'au8->boolx::y", "no separators, and delimiters take no text");
        let expected = [
            Mark::Word(3),
            Mark::Word(2),
            Mark::Word(1),
            Mark::Open(Delimiter::Parenthesis),
            Mark::Word(1),
            Mark::Punct(false),
            Mark::Punct(false),
            Mark::Punct(true),
            Mark::Word(1),
            Mark::Word(2),
            Mark::Close,
            Mark::Punct(true),
            Mark::Punct(false),
            Mark::Word(4),
            Mark::Open(Delimiter::Brace),
            Mark::Word(1),
            Mark::Punct(true),
            Mark::Punct(false),
            Mark::Word(1),
            Mark::Close,
        ];
        assert_eq!(tokens.marks, expected);
        assert_eq!(spaced(&tokens), "pub fn f (x : & 'a u8) -> bool { x :: y }");
    }

    #[test]
    fn interpolations_follow_quote() {
        let (name, text, status, on, inner) = (ident("r#type"), "say \"hi\"", 200u16, true, piece!(a + b));
        let none: Option<Tokens> = None;
        let tokens = piece!(#name(#text, #status, #on, #none #inner));
        assert_eq!(spaced(&tokens), "r#type (\"say \\\"hi\\\"\" , 200u16 , true , a + b)");
    }

    #[test]
    fn strings_are_quoted_as_proc_macro2_quotes_them() {
        for text in ["", "plain text ~ 1", "it's", "say \"hi\"", "C:\\x", "tab\there", "line\n", "nul\0", "é ü", "\u{200b}", "\u{7f}"] {
            let mut tokens = Tokens::new();
            text.emit(&mut tokens);
            assert_eq!(tokens.text, Literal::string(text).to_string(), "{text:?}");
            assert_eq!(tokens.marks, [Mark::Literal(len(&tokens.text))]);
        }
    }

    #[test]
    fn repetitions_zip_their_iterators_and_repeat_what_is_not_one() {
        let (names, values) = (vec![ident("a"), ident("b")], [1i64, 2]);
        let owner = ident("E");
        let tokens = piece!(match v { #( #owner::#names => #values, )* });
        assert_eq!(spaced(&tokens), "match v { E :: a => 1i64 , E :: b => 2i64 , }");
        let tokens = piece!(f(#(#names),*));
        assert_eq!(spaced(&tokens), "f (a , b)");
        let checks = ["x", "y"].iter().map(|name| ident(name));
        let tokens = piece!(#(#checks)&&*);
        assert_eq!(spaced(&tokens), "x && y");
        let none: Vec<Ident> = Vec::new();
        assert!(piece!(#(#none),*).is_empty());
    }

    #[test]
    fn nested_repetitions_iterate_the_inner_items() {
        let (rows, names) = (vec![vec![1u8, 2], vec![3]], [ident("a"), ident("b")]);
        let tokens = piece!(#( #names: [#(#rows),*]; )*);
        assert_eq!(spaced(&tokens), "a : [1u8 , 2u8] ; b : [3u8] ;");
    }

    #[test]
    fn tokens_that_do_not_lex_become_a_compile_error_not_nothing() {
        let broken = super::Written("\"unterminated");
        let text = piece!(const A: &str = #broken;).to_stream().to_string();
        assert!(text.starts_with("compile_error !") && text.contains("does not lex"), "{text}");
    }

    #[test]
    fn spare_buffers_come_back_empty() {
        drop(piece!(some tokens that leave a buffer behind));
        let tokens = piece!(x);
        assert_eq!((tokens.text.as_str(), tokens.marks.as_slice()), ("x", &[Mark::Word(1)][..]));
    }
}
