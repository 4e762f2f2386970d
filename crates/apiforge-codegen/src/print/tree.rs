//! Token trees as the printer sees them: words, literals, lifetimes,
//! operators tagged with the role they play (which decides the spaces around
//! them and where lines may break), and delimited groups.

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};

pub(super) enum Node {
    Word(String, Word),
    /// A literal as written (`"text"`, `200u16`).
    Literal(String),
    /// `'a`, `'static`.
    Lifetime(String),
    Op(&'static str, Role),
    Group(Delimiter, Vec<Node>),
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

/// Multi-character operators, longest first; any other run of joint
/// punctuation is printed one character at a time (`?;`, `>>` of generics).
const OPERATORS: [&str; 18] = [
    "..=", "...", "::", "->", "=>", "..", "&&", "||", "==", "!=", "+=", "-=", "*=", "/=", "%=", "^=", "&=", "|=",
];

/// Every punctuation character a token stream can hold.
const SINGLE: &str = "!#$%&'*+,-./:;<=>?@^|~";

const KEYWORDS: [&str; 35] = [
    "as", "async", "await", "break", "const", "continue", "dyn", "else", "enum", "extern", "fn", "for", "if",
    "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "static", "struct",
    "trait", "type", "unsafe", "use", "where", "while", "yield", "union", "macro_rules",
];

pub(super) fn build(tokens: TokenStream) -> Vec<Node> {
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    let mut nodes = Vec::with_capacity(tokens.len());
    let mut in_params = false;
    let mut i = 0;
    while i < tokens.len() {
        match &tokens[i] {
            TokenTree::Ident(ident) => {
                let text = ident.to_string();
                let kind = word_kind(&text);
                nodes.push(Node::Word(text, kind));
            }
            TokenTree::Literal(literal) => nodes.push(Node::Literal(literal.to_string())),
            TokenTree::Group(group) if group.delimiter() == Delimiter::None => {
                nodes.extend(build(group.stream()));
            }
            TokenTree::Group(group) => nodes.push(Node::Group(group.delimiter(), build(group.stream()))),
            TokenTree::Punct(punct) if punct.as_char() == '\'' && matches!(tokens.get(i + 1), Some(TokenTree::Ident(_))) => {
                nodes.push(Node::Lifetime(format!("'{}", tokens[i + 1])));
                i += 1;
            }
            TokenTree::Punct(_) => {
                let (text, len) = operator(&tokens[i..]);
                let role = role(text, nodes.last(), &mut in_params);
                nodes.push(Node::Op(text, role));
                i += len - 1;
            }
        }
        i += 1;
    }
    nodes
}

fn word_kind(text: &str) -> Word {
    match text {
        "self" | "Self" | "super" | "crate" => Word::PathStart,
        "fn" | "pub" => Word::Glued,
        _ if KEYWORDS.contains(&text) => Word::Keyword,
        _ => Word::Plain,
    }
}

/// The operator starting at `tokens[0]` (a punct) and how many puncts it spans.
fn operator(tokens: &[TokenTree]) -> (&'static str, usize) {
    let mut joined = String::new();
    for token in tokens.iter().take(3) {
        let TokenTree::Punct(punct) = token else { break };
        joined.push(punct.as_char());
        if punct.spacing() == Spacing::Alone {
            break;
        }
    }
    for op in OPERATORS {
        if joined.starts_with(op) {
            return (op, op.chars().count());
        }
    }
    let first = joined.chars().next().unwrap_or('?');
    let at = SINGLE.find(first).unwrap_or(SINGLE.len() - 1);
    (&SINGLE[at..at + 1], 1)
}

fn role(op: &'static str, prev: Option<&Node>, in_params: &mut bool) -> Role {
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
