//! Rust names from wire names: case conversion (the crate's `case` module), keyword escaping,
//! valid identifiers from arbitrary text, and deterministic collision suffixes.

use std::collections::HashSet;

use crate::memo::{memoized, Memory};

/// Keywords that can be written raw (`r#type`).
const RAW_KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "dyn", "else", "enum", "extern", "false", "fn", "for", "if",
    "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref", "return", "static", "struct", "trait",
    "true", "type", "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "gen", "macro",
    "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

/// Keywords that cannot be raw identifiers; they get a trailing underscore.
const UNRAWABLE_KEYWORDS: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Replaces signs and punctuation that carry meaning with words, so that
/// `+1` and `-1` stay distinct, then keeps only identifier characters.
fn words_of(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for (i, c) in text.chars().enumerate() {
        match c {
            '+' if i == 0 => out.push_str("plus "),
            '-' if i == 0 => out.push_str("minus "),
            '.' if i == 0 => out.push_str("dot "),
            '*' => out.push_str(" star "),
            '@' => out.push_str(" at "),
            c if c.is_alphanumeric() => out.push(c),
            _ => out.push(' '),
        }
    }
    out
}

// Both conversions are memoized: a spec converts the same few names over and
// over (Kubernetes: 24,600 conversions of 3,860 names, `pretty` on every
// operation), and heck's conversions were half of lowering.

/// A snake_case identifier for a field, parameter or method.
pub fn snake_ident(text: &str) -> String {
    thread_local!(static SNAKE: Memory<String> = Memory::default());
    memoized(&SNAKE, text, |text| finish_ident(ascii_or_escaped(&crate::case::snake(&words_of(text))), "value"))
}

/// An UpperCamelCase identifier for a type or variant.
pub fn camel_ident(text: &str) -> String {
    thread_local!(static CAMEL: Memory<String> = Memory::default());
    memoized(&CAMEL, text, |text| finish_ident(ascii_or_escaped(&crate::case::upper_camel(&words_of(text))), "Value"))
}

/// Identifiers in generated code stay ASCII so that they read the same in any
/// editor; other letters are spelled as their code points.
fn ascii_or_escaped(text: &str) -> String {
    if text.is_ascii() {
        return text.to_string();
    }
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            out.push(c);
        } else {
            out.push_str(&format!("U{:04X}", c as u32));
        }
    }
    out
}

fn finish_ident(mut name: String, empty: &str) -> String {
    if name.is_empty() {
        return empty.to_string();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        let prefix = if empty == "value" { "n" } else { "N" };
        name = format!("{prefix}{name}");
    }
    escape_keyword(name)
}

/// Escapes a Rust keyword: raw where Rust allows it, else with a trailing `_`.
pub fn escape_keyword(name: String) -> String {
    if UNRAWABLE_KEYWORDS.contains(&name.as_str()) {
        format!("{name}_")
    } else if RAW_KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
    }
}

/// The name without a raw-identifier prefix, for building derived names.
/// Whether `word` may be written as a raw identifier (`r#word`).
pub fn can_be_raw(word: &str) -> bool {
    !UNRAWABLE_KEYWORDS.contains(&word)
}

pub fn unraw(name: &str) -> &str {
    name.strip_prefix("r#").unwrap_or(name)
}

/// A derived type name: `stem` then `suffix`, with `_` between two digits
/// so that `CreateItem2` + `200` does not read as `CreateItem2200`.
pub fn join_name(stem: &str, suffix: &str) -> String {
    let stem = unraw(stem);
    let digit_meets_digit =
        stem.ends_with(|c: char| c.is_ascii_digit()) && suffix.starts_with(|c: char| c.is_ascii_digit());
    if digit_meets_digit {
        format!("{stem}_{suffix}")
    } else {
        format!("{stem}{suffix}")
    }
}

/// Hands out names unique within one scope: the second `Foo` becomes `Foo2`,
/// the third `Foo3`, in the order they are asked for, so output is stable.
#[derive(Debug, Default, Clone)]
pub struct NameScope {
    taken: HashSet<String>,
}

impl NameScope {
    pub fn new() -> NameScope {
        NameScope::default()
    }

    /// Reserves names that generated code uses itself.
    pub fn with_reserved(names: &[&str]) -> NameScope {
        let mut scope = NameScope::new();
        for name in names {
            scope.taken.insert(fold(name));
        }
        scope
    }

    /// Returns `wanted` or, if taken, `wanted` with the smallest free suffix.
    /// Names are compared case-insensitively and without `_`, so two names that
    /// would differ only in spelling style never coexist.
    pub fn claim(&mut self, wanted: &str) -> String {
        if self.taken.insert(fold(wanted)) {
            return wanted.to_string();
        }
        let base = unraw(wanted);
        let sep = if base.ends_with(|c: char| c.is_ascii_digit()) { "_" } else { "" };
        (2..)
            .map(|n| format!("{base}{sep}{n}"))
            .find(|candidate| self.taken.insert(fold(candidate)))
            .unwrap_or_default()
    }
}

fn fold(name: &str) -> String {
    let name = unraw(name);
    // Nearly every name is ASCII, which folds a byte at a time.
    if name.is_ascii() {
        let mut folded = String::with_capacity(name.len());
        folded.extend(name.bytes().filter(|b| *b != b'_').map(|b| char::from(b.to_ascii_lowercase())));
        return folded;
    }
    name.chars().filter(|c| *c != '_').flat_map(char::to_lowercase).collect()
}

/// `a::b::C`, `::a::C` or `C`: identifiers joined by `::` (generic
/// arguments are not taken; an alias in the user's crate can name them).
pub fn is_rust_path(path: &str) -> bool {
    let path = path.strip_prefix("::").unwrap_or(path);
    path.split("::").all(|segment| {
        let mut chars = segment.chars();
        chars.next().is_some_and(|c| c.is_alphabetic() || c == '_') && chars.all(|c| c.is_alphanumeric() || c == '_')
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn rust_paths_are_identifiers_joined_by_colons() {
        use super::is_rust_path;
        assert!(is_rust_path("my_crate::Money"));
        assert!(is_rust_path("::chrono::NaiveDate"));
        assert!(is_rust_path("Money"));
        assert!(!is_rust_path("my crate::Money"));
        assert!(!is_rust_path("Vec<u8>"));
        assert!(!is_rust_path("a::"));
    }

    use super::*;

    #[test]
    fn remembered_names_are_kept_apart_by_case() {
        // Each case has its own memory: a name converted to one case first
        // is converted afresh, not looked up, for the other.
        for _ in 0..2 {
            assert_eq!(snake_ident("readPodLog"), "read_pod_log");
            assert_eq!(camel_ident("readPodLog"), "ReadPodLog");
        }
        assert_eq!(camel_ident("read_pod_log"), "ReadPodLog");
        assert_eq!(snake_ident("ReadPodLog"), "read_pod_log");
    }

    #[test]
    fn snake_names_escape_keywords_and_leading_digits() {
        assert_eq!(snake_ident("tokenId"), "token_id");
        assert_eq!(snake_ident("type"), "r#type");
        assert_eq!(snake_ident("self"), "self_");
        assert_eq!(snake_ident("2fa"), "n2fa");
        assert_eq!(snake_ident("X-Operation-Key"), "x_operation_key");
        assert_eq!(snake_ident("users-deleteToken"), "users_delete_token");
        assert_eq!(snake_ident("$ref"), "r#ref");
        assert_eq!(snake_ident(""), "value");
    }

    #[test]
    fn camel_names_keep_signs_apart() {
        assert_eq!(camel_ident("+1"), "Plus1");
        assert_eq!(camel_ident("-1"), "Minus1");
        assert_eq!(camel_ident("1"), "N1");
        assert_eq!(camel_ident("in_progress"), "InProgress");
        assert_eq!(camel_ident(""), "Value");
        assert_eq!(camel_ident("Self"), "Self_");
        assert_eq!(camel_ident("a.b/c@d"), "ABCAtD");
        assert_eq!(camel_ident("größe"), "Gr_U00F6U00DFe".replace('_', ""));
    }

    #[test]
    fn scope_suffixes_collisions_in_order() {
        let mut scope = NameScope::with_reserved(&["Client"]);
        assert_eq!(scope.claim("Client"), "Client2");
        assert_eq!(scope.claim("Token"), "Token");
        assert_eq!(scope.claim("token"), "token2");
        assert_eq!(scope.claim("Token"), "Token3");
        assert_eq!(scope.claim("V1"), "V1");
        assert_eq!(scope.claim("V1"), "V1_2");
        assert_eq!(scope.claim("r#type"), "r#type");
        assert_eq!(scope.claim("r#type"), "type2");
        assert_eq!(scope.claim("my_name"), "my_name");
        assert_eq!(scope.claim("MyName"), "MyName2");
        assert_eq!(scope.claim("Überblick"), "Überblick");
        assert_eq!(scope.claim("über_blick"), "über_blick2");
    }
}
