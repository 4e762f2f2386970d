//! Token trees as the printer sees them: words, literals, lifetimes,
//! operators tagged with the role they play (which decides the spaces around
//! them and where lines may break), and delimited groups.

use proc_macro2::Delimiter;
use typed_arena::Arena;

use crate::tokens::{Mark, Tokens};

/// A node borrows its words from the tokens' text and its group's nodes
/// from an arena: one allocation per item instead of one per group (whose
/// allocating and freeing were a tenth of printing).
pub(super) enum Node<'t> {
    Word(&'t str, Word),
    /// A literal as written (`"text"`, `200u16`).
    Literal(&'t str),
    /// `'a`, `'static`.
    Lifetime(&'t str),
    Op(&'static str, Role),
    Group(Delimiter, &'t [Node<'t>]),
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

/// About how long `tokens` are once printed: their text with spaces,
/// indents and line breaks (Kubernetes: 1.25 times its text in all).
pub(super) fn printed_len(tokens: &Tokens) -> usize {
    tokens.text.len() + tokens.text.len() / 2
}

/// An arena that holds every node of `tokens` in one allocation.
pub(super) fn arena<'t>(tokens: &Tokens) -> Arena<Node<'t>> {
    // A mark makes at most one node.
    Arena::with_capacity(tokens.marks.len())
}

/// The nodes of `tokens`, cut from their text by their marks, each group's
/// in `arena`. They borrow every word and literal from the text instead of
/// cloning it.
pub(super) fn nodes<'t>(tokens: &'t Tokens, arena: &'t Arena<Node<'t>>) -> &'t [Node<'t>] {
    let mut reader =
        Reader { text: &tokens.text, marks: &tokens.marks, arena, at: 0, mark: 0, open: Vec::with_capacity(tokens.marks.len()) };
    reader.nodes()
}

struct Reader<'t, 'm> {
    text: &'t str,
    marks: &'m [Mark],
    arena: &'t Arena<Node<'t>>,
    /// The byte of the text where the next mark's token starts.
    at: usize,
    mark: usize,
    /// The nodes of the groups still open, innermost last: each group is
    /// moved to the arena when it closes.
    open: Vec<Node<'t>>,
}

impl<'t> Reader<'t, '_> {
    fn take(&mut self, len: usize) -> &'t str {
        let taken = &self.text[self.at..self.at + len];
        self.at += len;
        taken
    }

    /// Nodes up to the end of the marks or of the enclosing group.
    fn nodes(&mut self) -> &'t [Node<'t>] {
        let start = self.open.len();
        let mut in_params = false;
        while let Some(mark) = self.marks.get(self.mark) {
            self.mark += 1;
            match *mark {
                Mark::Close => break,
                Mark::Open(delimiter) => {
                    let group = Node::Group(delimiter, self.nodes());
                    self.open.push(group);
                }
                Mark::Word(len) => {
                    let word = self.take(len as usize);
                    self.open.push(Node::Word(word, word_kind(word)));
                }
                Mark::Literal(len) => {
                    let literal = self.take(len as usize);
                    self.open.push(Node::Literal(literal));
                }
                Mark::Punct(joint) => match self.marks.get(self.mark) {
                    Some(&Mark::Word(len)) if joint && self.text[self.at..].starts_with('\'') => {
                        self.mark += 1;
                        let lifetime = self.take(len as usize + 1);
                        self.open.push(Node::Lifetime(lifetime));
                    }
                    _ => self.operators(joint, start, &mut in_params),
                },
            }
        }
        self.arena.alloc_extend(self.open.drain(start..))
    }

    /// The operators of a run of joined punctuation starting at the mark
    /// just read: its known multi-character operators, else its characters.
    fn operators(&mut self, mut joint: bool, start: usize, in_params: &mut bool) {
        let mut len = 1;
        while joint {
            let Some(&Mark::Punct(next_joint)) = self.marks.get(self.mark) else { break };
            self.mark += 1;
            len += 1;
            joint = next_joint;
        }
        let run = self.take(len);
        let mut rest = run;
        while !rest.is_empty() {
            let (op, len) = operator(rest);
            rest = &rest[len.min(rest.len())..];
            let role = role(op, self.open[start..].last(), in_params);
            self.open.push(Node::Op(op, role));
        }
    }
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

/// The operator at the start of `text`, a run of joined punctuation, and its
/// length: a known multi-character operator, else one character of
/// [`SINGLE`]. By bytes: every operator of the output passes here.
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
