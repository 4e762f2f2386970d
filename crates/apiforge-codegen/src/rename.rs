//! serde's `rename_all` rules for enum variants: where every variant's wire
//! value follows one rule from its Rust name, one attribute on the enum
//! says so instead of a `rename` on each variant.

/// How a rule spells a variant's Rust name on the wire.
type Spelling = fn(&str) -> String;

/// The rules, as `rename_all` names them, with how each spells a variant.
const RULES: [(&str, Spelling); 8] = [
    ("lowercase", |name| name.to_ascii_lowercase()),
    ("UPPERCASE", |name| name.to_ascii_uppercase()),
    ("PascalCase", str::to_string),
    ("camelCase", camel),
    ("snake_case", snake),
    ("SCREAMING_SNAKE_CASE", |name| snake(name).to_ascii_uppercase()),
    ("kebab-case", |name| snake(name).replace('_', "-")),
    ("SCREAMING-KEBAB-CASE", |name| snake(name).to_ascii_uppercase().replace('_', "-")),
];

/// The first rule that spells every `(rust_name, wire_value)` pair, if one
/// does (`PascalCase` first, so that names equal to their values need none).
pub fn variant_rule(variants: &[(&str, &str)]) -> Option<&'static str> {
    let mut rules = RULES;
    rules.sort_by_key(|(rule, _)| *rule != "PascalCase");
    rules.iter().find(|(_, spell)| variants.iter().all(|(name, value)| spell(name) == *value)).map(|(rule, _)| *rule)
}

fn camel(name: &str) -> String {
    let mut chars = name.chars();
    chars.next().map(|first| first.to_ascii_lowercase().to_string() + chars.as_str()).unwrap_or_default()
}

/// Lowercase words split by `_` before each capital, as serde splits them.
fn snake(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    for (i, c) in name.char_indices() {
        if i > 0 && c.is_uppercase() {
            out.push('_');
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::variant_rule;

    #[test]
    fn one_rule_for_every_variant_or_none() {
        assert_eq!(variant_rule(&[("Read", "read"), ("Write", "write")]), Some("lowercase"));
        assert_eq!(variant_rule(&[("InProgress", "in_progress"), ("Done", "done")]), Some("snake_case"));
        assert_eq!(variant_rule(&[("Left", "LEFT"), ("Right", "RIGHT")]), Some("UPPERCASE"));
        assert_eq!(variant_rule(&[("ReadOnly", "READ_ONLY")]), Some("SCREAMING_SNAKE_CASE"));
        assert_eq!(variant_rule(&[("ReadOnly", "read-only")]), Some("kebab-case"));
        assert_eq!(variant_rule(&[("ReadOnly", "readOnly")]), Some("camelCase"));
        assert_eq!(variant_rule(&[("Active", "Active")]), Some("PascalCase"));
        // Mixed spellings, and values a name does not spell, get none.
        assert_eq!(variant_rule(&[("ReadOnly", "read_only"), ("WriteOnly", "write-only")]), None);
        assert_eq!(variant_rule(&[("V1", "1")]), None);
    }
}
