//! Token trees as the printer sees them: words, literals, lifetimes,
//! operators tagged with the role they play (which decides the spaces around
//! them and where lines may break), and delimited groups.

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};

pub(super) enum Node<'t> {
    Word(&'t str, Word),
    /// A literal as written (`"text"`, `200u16`).
    Literal(&'t str),
    /// `'a`, `'static`.
    Lifetime(&'t str),
    Op(&'static str, Role),
    Group(Delimiter, Vec<Node<'t>>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Word {
    /// A keyword that is not a path segment (`match`, `impl`, `where`).
    Keyword,
    /// `self`, `Self`, `super`, `crate`: keywords that start paths.
    PathStart,
    /// `fn` and `pub`: keywords glued to a parenthesis (`fn(u8)`, `pub(crate)`).
    Glued,
    Plain,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    /// Spaced on both sides: `=`, `=>`, `->`, `+`, `|` between patterns.
    Binary,
    /// Glued to what follows: `&x`, `*x`, `-x`, `!x`, `#[`.
    Prefix,
    /// A macro's `!`: glued on both sides.
    Bang,
    /// `::`
    Path,
    /// `.`
    Dot,
    /// `..`, `..=`
    Range,
    Comma,
    Semi,
    Colon,
    Question,
    AngleOpen,
    AngleClose,
    /// The `|` opening closure parameters.
    ClosureOpen,
    /// The `|` closing them.
    ClosureClose,
    /// `||`: a closure without parameters.
    EmptyClosure,
}

/// Every punctuation character a token stream can hold.
const SINGLE: &str = "!#$%&'*+,-./:;<=>?@^|~";

/// ASCII characters by byte, for the lexer's hot loops (a `str::contains`
/// per character was a fifth of all printing time).
const PUNCTUATION: [bool; 128] = ascii_set(SINGLE);
/// What ends a word: a space, punctuation, a delimiter or a quote.
const WORD_ENDS: [bool; 128] = ascii_set(" \t\n\x0b\x0c\r!#$%&'*+,-./:;<=>?@^|~()[]{}\"");

const fn ascii_set(chars: &str) -> [bool; 128] {
    let bytes = chars.as_bytes();
    let mut set = [false; 128];
    let mut i = 0;
    while i < bytes.len() {
        set[bytes[i] as usize] = true;
        i += 1;
    }
    set
}

/// The text of `tokens` for [`parse`]: tokens separated by spaces, except
/// after punctuation joined to what follows. Written here rather than by
/// proc-macro2's `Display`: the stream is consumed (each group's tokens are
/// moved out, never copied) and punctuation and delimiters are pushed as
/// bytes, without a formatter per token.
pub(super) fn source(tokens: TokenStream) -> String {
    let mut text = String::new();
    write_source(tokens, &mut text);
    text
}

fn write_source(tokens: TokenStream, text: &mut String) {
    use std::fmt::Write;
    for token in tokens {
        match token {
            TokenTree::Group(group) => {
                let (open, close) = delimiters(group.delimiter());
                let inside = group.stream();
                // The group's only other holder: dropped, the stream is moved out.
                drop(group);
                text.push_str(open);
                write_source(inside, text);
                text.push_str(close);
                text.push(' ');
            }
            TokenTree::Punct(punct) => {
                text.push(punct.as_char());
                if punct.spacing() == Spacing::Alone {
                    text.push(' ');
                }
            }
            // Writing to a `String` cannot fail. The space is pushed rather
            // than formatted: a formatter's literal piece costs a call per token.
            TokenTree::Ident(ident) => {
                let _ = write!(text, "{ident}");
                text.push(' ');
            }
            TokenTree::Literal(literal) => {
                let _ = write!(text, "{literal}");
                text.push(' ');
            }
        }
    }
}

/// How a group's delimiters are written (an invisible group: not at all).
pub(super) fn delimiters(delimiter: Delimiter) -> (&'static str, &'static str) {
    match delimiter {
        Delimiter::Parenthesis => ("(", ")"),
        Delimiter::Bracket => ("[", "]"),
        Delimiter::Brace => ("{", "}"),
        Delimiter::None => ("", ""),
    }
}

/// The nodes of `text`, a token stream written by [`source`]. Reading text,
/// rather than walking the token trees, borrows every word and literal
/// instead of cloning it.
pub(super) fn parse(text: &str) -> Vec<Node<'_>> {
    // About one node per eight bytes of text: the open stack rarely grows.
    let mut lexer = Lexer { text, at: 0, open: Vec::with_capacity(text.len() / 8) };
    lexer.nodes()
}

struct Lexer<'t> {
    text: &'t str,
    at: usize,
    /// The nodes of the groups still open, innermost last: each group is
    /// moved out in one exact allocation when it closes, rather than grown
    /// push by push (which was a tenth of all printing time).
    open: Vec<Node<'t>>,
}

impl<'t> Lexer<'t> {
    fn rest(&self) -> &'t str {
        &self.text[self.at..]
    }

    fn take(&mut self, len: usize) -> &'t str {
        let taken = &self.text[self.at..self.at + len];
        self.at += len;
        taken
    }

    /// Nodes up to the end of the text or of the enclosing group.
    fn nodes(&mut self) -> Vec<Node<'t>> {
        let start = self.open.len();
        let mut in_params = false;
        loop {
            let bytes = self.text.as_bytes();
            while bytes.get(self.at).is_some_and(u8::is_ascii_whitespace) {
                self.at += 1;
            }
            let rest = self.rest();
            // Bytes, not chars: only an identifier starts with a non-ASCII character.
            let Some(&first) = rest.as_bytes().first() else { return self.open.drain(start..).collect() };
            let node = match first {
                b')' | b']' | b'}' => {
                    self.at += 1;
                    return self.open.drain(start..).collect();
                }
                b'(' | b'[' | b'{' => {
                    self.at += 1;
                    let delimiter = match first {
                        b'(' => Delimiter::Parenthesis,
                        b'[' => Delimiter::Bracket,
                        _ => Delimiter::Brace,
                    };
                    Node::Group(delimiter, self.nodes())
                }
                b'\'' if !char_literal(rest) => {
                    let len = 1 + word_len(&rest[1..]);
                    Node::Lifetime(self.take(len))
                }
                b'"' | b'\'' | b'b' | b'c' | b'r' | b'0'..=b'9' if literal_start(rest) => Node::Literal(self.take(literal_len(rest))),
                _ if !(first.is_ascii() && PUNCTUATION[first as usize]) => {
                    let word = self.take(word_len(rest));
                    Node::Word(word, word_kind(word))
                }
                _ => {
                    let (op, len) = operator(rest);
                    self.at += len;
                    Node::Op(op, role(op, self.open[start..].last(), &mut in_params))
                }
            };
            self.open.push(node);
        }
    }
}

/// `'x'`, `'\n'` (a char literal) rather than `'a` (a lifetime).
fn char_literal(text: &str) -> bool {
    let mut chars = text.chars().skip(1);
    match chars.next() {
        Some('\\') => true,
        Some(_) => chars.next() == Some('\''),
        None => false,
    }
}

/// Strings (plain, raw, byte, C), chars and numbers.
fn literal_start(text: &str) -> bool {
    if !text.starts_with(['"', '\'', 'b', 'c', 'r']) {
        return text.starts_with(|c: char| c.is_ascii_digit());
    }
    let prefixless = text.trim_start_matches(['b', 'c', 'r']);
    let prefix = text.len() - prefixless.len();
    match prefixless.chars().next() {
        Some('"') => prefix <= 2,
        Some('#') => prefix >= 1 && text[..prefix].ends_with('r') && prefixless.trim_start_matches('#').starts_with('"'),
        Some('\'') => prefix <= 1,
        _ => text.starts_with(|c: char| c.is_ascii_digit()),
    }
}

fn literal_len(text: &str) -> usize {
    let prefixless = text.trim_start_matches(['b', 'c', 'r']);
    let prefix = text.len() - prefixless.len();
    let body = if text[..prefix].ends_with('r') {
        // Raw: runs to the quote followed by as many `#` as opened it.
        let hashes = prefixless.len() - prefixless.trim_start_matches('#').len();
        let bytes = prefixless.as_bytes();
        let closes = |at: usize| bytes.get(at + 1..at + 1 + hashes).is_some_and(|fence| fence.iter().all(|&b| b == b'#'));
        let mut at = hashes + 1;
        loop {
            let Some(offset) = bytes.get(at..).and_then(|rest| rest.iter().position(|&b| b == b'"')) else {
                break prefixless.len();
            };
            let quote = at + offset;
            if closes(quote) {
                break quote + 1 + hashes;
            }
            at = quote + 1;
        }
    } else if let Some(quote @ (b'"' | b'\'')) = prefixless.bytes().next() {
        // Bytes, not chars: the quote and `\` are ASCII, which no byte
        // inside a multi-byte character can be.
        let bytes = prefixless.as_bytes();
        let mut at = 1;
        loop {
            match bytes.get(at) {
                None => break prefixless.len(),
                Some(b'\\') => at += 2,
                Some(&b) if b == quote => break at + 1,
                Some(_) => at += 1,
            }
        }
    } else {
        // A number and its suffix; a `.` only when a digit follows (`1.5`, not `0..n`).
        let bytes = prefixless.as_bytes();
        let mut len = 0;
        while len < bytes.len() {
            let c = bytes[len];
            let decimal_point = c == b'.' && bytes.get(len + 1).is_some_and(u8::is_ascii_digit);
            if !(c.is_ascii_alphanumeric() || c == b'_' || decimal_point) {
                break;
            }
            len += 1;
        }
        len
    };
    prefix + body
}

/// An identifier, with `r#` for a raw one: everything up to a space,
/// punctuation, a delimiter or a quote (so that no character of an unusual
/// identifier is left for the operator reader, which takes ASCII only).
fn word_len(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut at = if text.starts_with("r#") { 2 } else { 0 };
    while let Some(&b) = bytes.get(at) {
        if b.is_ascii() {
            if WORD_ENDS[b as usize] {
                break;
            }
            at += 1;
        } else {
            // `at` is at a character boundary: only whole characters are skipped.
            let Some(c) = text[at..].chars().next() else { break };
            if c.is_whitespace() {
                break;
            }
            at += c.len_utf8();
        }
    }
    at
}

/// A `match` rather than a search of a keyword list: every word of the
/// output passes here.
fn word_kind(text: &str) -> Word {
    match text {
        "self" | "Self" | "super" | "crate" => Word::PathStart,
        "fn" | "pub" => Word::Glued,
        "as" | "async" | "await" | "break" | "const" | "continue" | "dyn" | "else" | "enum" | "extern" | "for" | "if"
        | "impl" | "in" | "let" | "loop" | "match" | "mod" | "move" | "mut" | "ref" | "return" | "static" | "struct"
        | "trait" | "type" | "unsafe" | "use" | "where" | "while" | "yield" | "union" | "macro_rules" => Word::Keyword,
        _ => Word::Plain,
    }
}

/// The operator at the start of `text` (which starts with a character of
/// [`SINGLE`]) and its length: a known multi-character operator (its
/// characters are joined, or the text would have a space between them),
/// else one character. By bytes: every operator of the output passes here.
fn operator(text: &str) -> (&'static str, usize) {
    let byte = |at: usize| text.as_bytes().get(at).copied().unwrap_or(b' ');
    let op = match (byte(0), byte(1)) {
        (b'.', b'.') => match byte(2) {
            b'=' => "..=",
            b'.' => "...",
            _ => "..",
        },
        (b':', b':') => "::",
        (b'-', b'>') => "->",
        (b'=', b'>') => "=>",
        (b'&', b'&') => "&&",
        (b'|', b'|') => "||",
        (b'=', b'=') => "==",
        (b'!', b'=') => "!=",
        (b'+', b'=') => "+=",
        (b'-', b'=') => "-=",
        (b'*', b'=') => "*=",
        (b'/', b'=') => "/=",
        (b'%', b'=') => "%=",
        (b'^', b'=') => "^=",
        (b'&', b'=') => "&=",
        (b'|', b'=') => "|=",
        (first, _) => {
            let at = SINGLE.bytes().position(|c| c == first).unwrap_or(SINGLE.len() - 1);
            &SINGLE[at..at + 1]
        }
    };
    (op, op.len())
}

fn role(op: &'static str, prev: Option<&Node<'_>>, in_params: &mut bool) -> Role {
    // Where an operand may start, `&` is a reference and `|` opens a closure.
    let operand_next = match prev {
        None => true,
        Some(Node::Op(_, role)) => !matches!(role, Role::Question | Role::AngleClose | Role::ClosureClose),
        Some(Node::Word(_, kind)) => matches!(kind, Word::Keyword | Word::Glued),
        Some(_) => false,
    };
    match op {
        "::" => Role::Path,
        "." => Role::Dot,
        ".." | "..=" | "..." => Role::Range,
        "," => Role::Comma,
        ";" => Role::Semi,
        ":" => Role::Colon,
        "?" => Role::Question,
        "<" => Role::AngleOpen,
        ">" => Role::AngleClose,
        "#" => Role::Prefix,
        "!" if matches!(prev, Some(Node::Word(_, Word::Plain | Word::PathStart))) => Role::Bang,
        "!" => Role::Prefix,
        "|" if *in_params => {
            *in_params = false;
            Role::ClosureClose
        }
        "|" if operand_next => {
            *in_params = true;
            Role::ClosureOpen
        }
        "||" if operand_next => Role::EmptyClosure,
        "&" | "&&" | "*" | "-" if operand_next => Role::Prefix,
        _ => Role::Binary,
    }
}
