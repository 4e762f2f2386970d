//! Errors for values outside a generated enum or union.

use std::fmt;

/// A value that none of an enum's variants accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownValue {
    type_name: &'static str,
    value: String,
}

impl UnknownValue {
    pub fn new(type_name: &'static str, value: &str) -> UnknownValue {
        UnknownValue { type_name, value: value.to_string() }
    }

    /// The rejected value as it was given.
    pub fn value(&self) -> &str {
        &self.value
    }
}

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` is not a valid {}", self.value, self.type_name)
    }
}

impl std::error::Error for UnknownValue {}

/// The message for a tagged union whose tag is missing or unknown.
pub fn unknown_tag(type_name: &str, property: &str, tag: Option<&str>) -> String {
    match tag {
        Some(tag) => format!("unknown `{property}` value `{tag}` for {type_name}"),
        None => format!("missing the string property `{property}` that selects the kind of {type_name}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_type_and_value() {
        assert_eq!(UnknownValue::new("Color", "mauve").to_string(), "`mauve` is not a valid Color");
        assert_eq!(unknown_tag("Pet", "kind", Some("fish")), "unknown `kind` value `fish` for Pet");
        assert!(unknown_tag("Pet", "kind", None).contains("missing"));
    }
}
