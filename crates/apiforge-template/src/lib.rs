//! `piece!`: the template macro of apiforge's emitters.
//!
//! It reads quote's syntax (`#var`, `#(...)*`, `#(...),*`) but builds the
//! printer's input directly: source text without separators, and a mark per
//! token (`apiforge_codegen::tokens`). The fixed tokens of a template are
//! written out here, at compile time, so emitting them costs one copy of a
//! string and of a mark slice. quote builds a token tree instead, allocating
//! and validating every identifier of the template on every call, and the
//! printer walked that tree again to get the text: together about half of
//! all instructions generating the Kubernetes spec.
//!
//! The expansion names `crate::tokens`, so it serves apiforge-codegen only.

use proc_macro::{Delimiter, Spacing, TokenStream, TokenTree};
use std::fmt::Write;

/// Code for an expression of type `crate::tokens::Tokens` built from the
/// template: fixed tokens as they are, `#var` as the tokens `var` emits,
/// `#(...)*` and `#(...)sep*` once for each item of the variables inside.
#[proc_macro]
pub fn piece(input: TokenStream) -> TokenStream {
    let mut expansion = Expansion::default();
    expansion.template(input);
    expansion.flush();
    let code = format!(
        "{{ #[allow(unused_imports)] use crate::tokens::{{Emit as _, RepeatEach as _, RepeatIter as _, RepeatSlice as _}}; \
         let mut __tokens = crate::tokens::Tokens::with_capacity({}, {}); {} __tokens }}",
        expansion.fixed_text, expansion.fixed_marks, expansion.code
    );
    code.parse().unwrap_or_else(|_| compile_error("piece!: the expansion does not lex"))
}

fn compile_error(message: &str) -> TokenStream {
    format!("compile_error!({message:?})").parse().unwrap_or_default()
}

/// The code built so far, and the fixed tokens not yet written into it.
#[derive(Default)]
struct Expansion {
    code: String,
    text: String,
    marks: String,
    /// How much text and how many marks the fixed tokens hold in all (a
    /// repetition's once): the room the tokens start with.
    fixed_text: usize,
    fixed_marks: usize,
}

impl Expansion {
    fn template(&mut self, input: TokenStream) {
        let tokens: Vec<TokenTree> = input.into_iter().collect();
        let mut at = 0;
        while at < tokens.len() {
            at += self.token(&tokens, at);
        }
    }

    /// Handles the token at `at` (with what follows a `#`), returning how many
    /// tokens it took.
    fn token(&mut self, tokens: &[TokenTree], at: usize) -> usize {
        match (&tokens[at], tokens.get(at + 1)) {
            (TokenTree::Punct(pound), Some(TokenTree::Ident(var))) if pound.as_char() == '#' => {
                self.flush();
                let _ = write!(self.code, "({var}).emit(&mut __tokens);");
                return 2;
            }
            (TokenTree::Punct(pound), Some(TokenTree::Group(body))) if pound.as_char() == '#' && body.delimiter() == Delimiter::Parenthesis => {
                if let Some((separator, taken)) = repetition_end(&tokens[at + 2..]) {
                    self.repetition(body.stream(), separator);
                    return 2 + taken;
                }
            }
            _ => {}
        }
        match &tokens[at] {
            TokenTree::Group(group) => {
                let _ = write!(self.marks, "M::Open(D::{:?}),", group.delimiter());
                self.template(group.stream());
                self.marks.push_str("M::Close,");
            }
            TokenTree::Ident(ident) => self.fixed(&ident.to_string(), "Word"),
            TokenTree::Literal(literal) => self.fixed(&literal.to_string(), "Literal"),
            TokenTree::Punct(punct) => self.punct(punct.as_char(), punct.spacing() == Spacing::Joint),
        }
        1
    }

    fn punct(&mut self, punct: char, joint: bool) {
        self.text.push(punct);
        let _ = write!(self.marks, "M::Punct({joint}),");
    }

    fn fixed(&mut self, text: &str, kind: &str) {
        self.text.push_str(text);
        let _ = write!(self.marks, "M::{kind}({}),", text.len());
    }

    /// `#(body)*`: the body once per item of its variables, zipped, with the
    /// separator between items.
    fn repetition(&mut self, body: TokenStream, separator: Vec<TokenTree>) {
        self.flush();
        let mut vars = Vec::new();
        variables(body.clone(), &mut vars);
        let Some((first, rest)) = vars.split_first() else {
            self.code.push_str("compile_error!(\"piece!: a repetition needs a #variable inside\");");
            return;
        };
        let (mut pattern, mut iter) = (first.clone(), format!("({first}).rep_iter()"));
        for var in rest {
            pattern = format!("({pattern}, {var})");
            let _ = write!(iter, ".zip(({var}).rep_iter())");
        }
        if separator.is_empty() {
            let _ = write!(self.code, "for {pattern} in {iter} {{");
        } else {
            let _ = write!(self.code, "{{ let mut __first = true; for {pattern} in {iter} {{ if !__first {{");
            self.separator(&separator);
            self.code.push_str("} __first = false;");
        }
        self.template(body);
        self.flush();
        self.code.push_str(if separator.is_empty() { "}" } else { "} }" });
    }

    /// Writes a separator's tokens, the last one not joined to what follows:
    /// in the template it was joined to the star.
    fn separator(&mut self, separator: &[TokenTree]) {
        for (at, token) in separator.iter().enumerate() {
            match token {
                TokenTree::Punct(punct) if at + 1 == separator.len() => self.punct(punct.as_char(), false),
                token => _ = self.token(std::slice::from_ref(token), 0),
            }
        }
        self.flush();
    }

    /// Writes the fixed tokens gathered since the last variable.
    fn flush(&mut self) {
        if self.marks.is_empty() {
            return;
        }
        self.fixed_text += self.text.len();
        self.fixed_marks += self.marks.matches("M::").count();
        let _ = write!(
            self.code,
            "{{ use crate::tokens::Mark as M; #[allow(unused_imports)] use crate::tokens::Delimiter as D; \
             __tokens.push_fixed({:?}, &[{}]); }}",
            self.text, self.marks
        );
        self.text.clear();
        self.marks.clear();
    }
}

/// After `#(...)`: `*`, or a separator and `*`. A separator is one token,
/// or joined punctuation (`&&`, `||`). Returns the separator and how many
/// tokens it and the star took.
fn repetition_end(after: &[TokenTree]) -> Option<(Vec<TokenTree>, usize)> {
    let star = |token: &TokenTree| matches!(token, TokenTree::Punct(p) if p.as_char() == '*');
    let joint = |token: &TokenTree| matches!(token, TokenTree::Punct(p) if p.spacing() == Spacing::Joint);
    let at = after.iter().position(star)?;
    let separator = &after[..at];
    let joined = separator.iter().all(|token| matches!(token, TokenTree::Punct(_))) && separator.iter().all(joint);
    (separator.len() <= 1 || joined).then(|| (separator.to_vec(), at + 1))
}

/// The `#variables` of a repetition body, nested repetitions included, each once.
fn variables(body: TokenStream, vars: &mut Vec<String>) {
    let tokens: Vec<TokenTree> = body.into_iter().collect();
    for (at, token) in tokens.iter().enumerate() {
        match (token, tokens.get(at + 1)) {
            (TokenTree::Punct(pound), Some(TokenTree::Ident(var))) if pound.as_char() == '#' => {
                let var = var.to_string();
                if !vars.contains(&var) {
                    vars.push(var);
                }
            }
            (TokenTree::Group(group), _) => variables(group.stream(), vars),
            _ => {}
        }
    }
}
