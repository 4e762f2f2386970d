//! The `#[serde(rename_all = "...")]` a string enum's values follow, so the
//! enum spells on its variants only the values the rule does not.
//!
//! `rt::StrEnum` spells variants by serde's own rules, as these do.

use serde_derive_internals::attr::RenameRule;

/// The rules, in the order a tie picks them.
const RULES: [(&str, RenameRule); 7] = [
    ("lowercase", RenameRule::LowerCase),
    ("snake_case", RenameRule::SnakeCase),
    ("kebab-case", RenameRule::KebabCase),
    ("SCREAMING_SNAKE_CASE", RenameRule::ScreamingSnakeCase),
    ("UPPERCASE", RenameRule::UpperCase),
    ("camelCase", RenameRule::CamelCase),
    ("SCREAMING-KEBAB-CASE", RenameRule::ScreamingKebabCase),
];

/// A rule by its `rename_all` name, and how it spells a variant.
#[derive(Clone, Copy)]
pub struct Rule {
    pub name: &'static str,
    rule: RenameRule,
}

impl Rule {
    /// The rule that spells the most of `variants` (`(name, value)`
    /// pairs), if it spells more than the names themselves do.
    pub fn best<'a>(variants: impl Iterator<Item = (&'a str, &'a str)> + Clone) -> Option<Rule> {
        let spelled =
            |rule: RenameRule| variants.clone().filter(|(name, value)| rule.apply_to_variant(name) == *value).count();
        let as_named = spelled(RenameRule::None);
        let (name, rule, count) =
            RULES.iter().map(|&(name, rule)| (name, rule, spelled(rule))).rev().max_by_key(|(.., count)| *count)?;
        (count > as_named).then_some(Rule { name, rule })
    }

    /// Whether `variant`, under the rule, is spelled `value`.
    pub fn spells(rule: Option<Rule>, variant: &str, value: &str) -> bool {
        rule.map_or(RenameRule::None, |r| r.rule).apply_to_variant(variant) == value
    }
}

#[cfg(test)]
mod tests {
    use super::Rule;

    #[test]
    fn the_rule_is_the_one_that_spells_most_values() {
        let variants = [("Open", "open"), ("InProgress", "in_progress"), ("Done", "done")];
        assert_eq!(Rule::best(variants.iter().copied()).map(|r| r.name), Some("snake_case"));
        // A tie goes to the earlier rule.
        assert_eq!(Rule::best([("Open", "open")].iter().copied()).map(|r| r.name), Some("lowercase"));
        // Values spelled as the variants are named need no rule.
        assert_eq!(Rule::best([("Open", "Open"), ("Done", "done")].iter().copied()).map(|r| r.name), None);
        assert!(Rule::spells(None, "Open", "Open"));
    }
}
