//! Constraint checks from the spec (pattern, lengths, bounds, item counts),
//! shared by generated clients (before sending) and servers (before the
//! handler runs).

use std::collections::HashMap;
use std::fmt;
use std::sync::{OnceLock, PoisonError, RwLock};

use regress::Regex;

/// The rules for one value, as written in the spec.
#[derive(Debug, Clone, Copy)]
pub struct Rules {
    pub patterns: &'static [&'static str],
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    /// The bound and whether it is exclusive.
    pub minimum: Option<(f64, bool)>,
    pub maximum: Option<(f64, bool)>,
    pub min_items: Option<u64>,
    pub max_items: Option<u64>,
    /// A string format the text must hold (see [`check_format`]).
    pub format: Option<&'static str>,
}

impl Rules {
    pub const NONE: Rules = Rules {
        patterns: &[],
        min_length: None,
        max_length: None,
        minimum: None,
        maximum: None,
        min_items: None,
        max_items: None,
        format: None,
    };

    // Builders, so generated code states each rule without naming `Some`
    // (a schema may take that name).

    pub const fn patterns(self, patterns: &'static [&'static str]) -> Rules {
        Rules { patterns, ..self }
    }

    pub const fn format(self, format: &'static str) -> Rules {
        Rules { format: Some(format), ..self }
    }

    pub const fn min_length(self, n: u64) -> Rules {
        Rules { min_length: Some(n), ..self }
    }

    pub const fn max_length(self, n: u64) -> Rules {
        Rules { max_length: Some(n), ..self }
    }

    pub const fn minimum(self, value: f64, exclusive: bool) -> Rules {
        Rules { minimum: Some((value, exclusive)), ..self }
    }

    pub const fn maximum(self, value: f64, exclusive: bool) -> Rules {
        Rules { maximum: Some((value, exclusive)), ..self }
    }

    pub const fn min_items(self, n: u64) -> Rules {
        Rules { min_items: Some(n), ..self }
    }

    pub const fn max_items(self, n: u64) -> Rules {
        Rules { max_items: Some(n), ..self }
    }
}

/// A value that breaks a rule of the spec.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidationError {
    /// The parameter or field, as named on the wire.
    pub name: String,
    /// The rule, as the spec states it (`minLength 1`, `pattern ^[a-z]+$`).
    pub rule: String,
}

impl ValidationError {
    pub fn new(name: &str, rule: impl Into<String>) -> ValidationError {
        ValidationError { name: name.to_string(), rule: rule.into() }
    }
}

impl ValidationError {
    /// The same error, named inside `parent` (`address.zip`). A value's
    /// own rule (a union variant's) has no name of its own: it takes the
    /// parent's.
    pub fn within(self, parent: &str) -> ValidationError {
        let name = if self.name.is_empty() { parent.to_string() } else { format!("{parent}.{}", self.name) };
        ValidationError { name, rule: self.rule }
    }
}

/// A body value checked against the spec's rules, field by field. Generated
/// types with rules somewhere inside implement it; lists, maps, options and
/// boxes of them check each element.
pub trait Validate {
    fn validate(&self) -> Result<(), ValidationError>;
}

impl<T: Validate> Validate for Option<T> {
    fn validate(&self) -> Result<(), ValidationError> {
        self.as_ref().map_or(Ok(()), T::validate)
    }
}

impl<T: Validate> Validate for Vec<T> {
    fn validate(&self) -> Result<(), ValidationError> {
        self.iter().try_for_each(T::validate)
    }
}

impl<T: Validate> Validate for std::collections::BTreeMap<String, T> {
    fn validate(&self) -> Result<(), ValidationError> {
        self.values().try_for_each(T::validate)
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name.as_str() {
            "" => write!(f, "the value breaks the rule {}", self.rule),
            name => write!(f, "`{name}` breaks the rule {}", self.rule),
        }
    }
}

impl std::error::Error for ValidationError {}

/// Checks a string against length and pattern rules. Lengths count
/// characters, as JSON Schema does. Patterns are ECMA-262 regular
/// expressions, as OpenAPI says, read with the `u` flag (`\p{L}` works,
/// `\d` is `[0-9]`); lookaround and backreferences are checked too. A
/// pattern that is not a valid ECMA-262 expression is not checked.
pub fn check_str(name: &str, value: &str, rules: &Rules) -> Result<(), ValidationError> {
    let length = value.chars().count() as u64;
    if let Some(min) = rules.min_length.filter(|min| length < *min) {
        return Err(ValidationError::new(name, format!("minLength {min} (it has {length} characters)")));
    }
    if let Some(max) = rules.max_length.filter(|max| length > *max) {
        return Err(ValidationError::new(name, format!("maxLength {max} (it has {length} characters)")));
    }
    for pattern in rules.patterns {
        if matches_pattern(pattern, value) == Some(false) {
            return Err(ValidationError::new(name, format!("pattern {pattern}")));
        }
    }
    match rules.format {
        Some(format) => check_format(name, value, format),
        None => Ok(()),
    }
}

/// An RFC 3339 `full-date` and `full-time`, as pattern text.
macro_rules! date {
    () => {
        r"\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])"
    };
}
macro_rules! time {
    () => {
        r"([01]\d|2[0-3]):[0-5]\d:([0-5]\d|60)(\.\d+)?([Zz]|[+-]([01]\d|2[0-3]):[0-5]\d)"
    };
}

/// Checks a string against its `format` where the format has a grammar:
/// RFC 3339 `date`, `date-time` and `time`, `uuid`, `ipv4`, `ipv6`, and
/// `email` (one `@` between a local part and a domain, no spaces). Other
/// formats (`uri`, ...) are not checked: specs often give them to relative
/// references. A union's variants are
/// told apart by it (`date-time` beside `const: default`).
pub fn check_format(name: &str, value: &str, format: &'static str) -> Result<(), ValidationError> {
    let pattern = match format {
        "ipv4" => return format_holds(name, value.parse::<std::net::Ipv4Addr>().is_ok(), format),
        "ipv6" => return format_holds(name, value.parse::<std::net::Ipv6Addr>().is_ok(), format),
        "date" => concat!("^", date!(), "$"),
        "date-time" => concat!("^", date!(), "[Tt]", time!(), "$"),
        "time" => concat!("^", time!(), "$"),
        "email" => r"^[^@\s]+@[^@\s]+$",
        "uuid" => "^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$",
        _ => return Ok(()),
    };
    format_holds(name, matches_pattern(pattern, value) != Some(false), format)
}

fn format_holds(name: &str, holds: bool, format: &str) -> Result<(), ValidationError> {
    match holds {
        true => Ok(()),
        false => Err(ValidationError::new(name, format!("format {format}"))),
    }
}

/// Checks a number against `minimum`/`maximum` (inclusive or exclusive).
pub fn check_number(name: &str, value: f64, rules: &Rules) -> Result<(), ValidationError> {
    if let Some((min, exclusive)) = rules.minimum {
        if value < min || (exclusive && value == min) {
            let word = if exclusive { "exclusiveMinimum" } else { "minimum" };
            return Err(ValidationError::new(name, format!("{word} {min} (it is {value})")));
        }
    }
    if let Some((max, exclusive)) = rules.maximum {
        if value > max || (exclusive && value == max) {
            let word = if exclusive { "exclusiveMaximum" } else { "maximum" };
            return Err(ValidationError::new(name, format!("{word} {max} (it is {value})")));
        }
    }
    Ok(())
}

/// Checks the number of items of an array.
pub fn check_items(name: &str, count: usize, rules: &Rules) -> Result<(), ValidationError> {
    let count = count as u64;
    if let Some(min) = rules.min_items.filter(|min| count < *min) {
        return Err(ValidationError::new(name, format!("minItems {min} (it has {count})")));
    }
    if let Some(max) = rules.max_items.filter(|max| count > *max) {
        return Err(ValidationError::new(name, format!("maxItems {max} (it has {count})")));
    }
    Ok(())
}

/// Whether `value` matches `pattern` (unanchored, as in JSON Schema), or
/// None when the pattern cannot be compiled. Compiled patterns are cached,
/// and matched under a read lock: requests checked at once do not wait on
/// each other once a pattern is compiled.
fn matches_pattern(pattern: &'static str, value: &str) -> Option<bool> {
    static CACHE: OnceLock<RwLock<HashMap<&'static str, Option<Regex>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    let matches = |regex: &Option<Regex>| regex.as_ref().map(|r| r.find(value).is_some());
    if let Some(regex) = cache.read().unwrap_or_else(PoisonError::into_inner).get(pattern) {
        return matches(regex);
    }
    let regex = Regex::with_flags(pattern, "u").ok();
    let matched = matches(&regex);
    cache.write().unwrap_or_else(PoisonError::into_inner).insert(pattern, regex);
    matched
}

/// A structured parameter value as text (for query, path or header
/// parameters whose schema is an object or a union): its JSON text, but a
/// value that is a JSON string (a union's text variant) is the text itself,
/// as a plain string parameter is.
pub fn json_text<T: serde::Serialize>(name: &str, value: &T) -> Result<String, ValidationError> {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(text)) => Ok(text),
        Ok(value) => Ok(value.to_string()),
        Err(e) => Err(ValidationError::new(name, format!("not serializable as JSON: {e}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_structured_parameter_is_json_text_and_a_text_value_is_itself() {
        assert_eq!(json_text("sort", &"name:asc").unwrap(), "name:asc");
        assert_eq!(json_text("ids", &serde_json::json!({"a": 1})).unwrap(), r#"{"a":1}"#);
        assert_eq!(json_text("n", &7).unwrap(), "7");
    }

    const USERNAME: Rules =
        Rules { patterns: &[r"^[\p{L}]", r"^[\p{L}\d_]*$"], min_length: Some(1), max_length: Some(255), ..Rules::NONE };

    #[test]
    fn unicode_letter_patterns_and_lengths() {
        assert_eq!(check_str("username", "ana_1", &USERNAME), Ok(()));
        assert_eq!(check_str("username", "Ærøskøbing", &USERNAME), Ok(()));
        let digit_first = check_str("username", "1ana", &USERNAME).unwrap_err();
        assert_eq!(digit_first.to_string(), r"`username` breaks the rule pattern ^[\p{L}]");
        let dash = check_str("username", "ana-b", &USERNAME).unwrap_err();
        assert_eq!(dash.rule, r"pattern ^[\p{L}\d_]*$");
        assert_eq!(check_str("username", "", &USERNAME).unwrap_err().rule, "minLength 1 (it has 0 characters)");
        let long = "a".repeat(256);
        assert_eq!(check_str("username", &long, &USERNAME).unwrap_err().rule, "maxLength 255 (it has 256 characters)");
    }

    #[test]
    fn patterns_follow_ecma_262() {
        // `\d` is ASCII in ECMAScript, even with the `u` flag: an Arabic-Indic digit is no digit.
        assert_eq!(check_str("username", "a٣", &USERNAME).unwrap_err().rule, r"pattern ^[\p{L}\d_]*$");
        let lookahead = Rules { patterns: &[r"^(?!admin).*$"], ..Rules::NONE };
        assert_eq!(check_str("name", "admin", &lookahead).unwrap_err().rule, "pattern ^(?!admin).*$");
        assert_eq!(check_str("name", "ada", &lookahead), Ok(()));
        let backreference = Rules { patterns: &[r"^(a+)-\1$"], ..Rules::NONE };
        assert!(
            check_str("pair", "aa-aa", &backreference).is_ok() && check_str("pair", "aa-a", &backreference).is_err()
        );
    }

    #[test]
    fn invalid_patterns_are_not_checked() {
        let rules = Rules { patterns: &[r"^(unclosed"], ..Rules::NONE };
        assert_eq!(check_str("name", "anything", &rules), Ok(()));
    }

    #[test]
    fn bounds_inclusive_and_exclusive() {
        let rules = Rules { minimum: Some((1.0, false)), maximum: Some((10.0, true)), ..Rules::NONE };
        assert!(check_number("n", 1.0, &rules).is_ok());
        assert_eq!(check_number("n", 0.0, &rules).unwrap_err().rule, "minimum 1 (it is 0)");
        assert_eq!(check_number("n", 10.0, &rules).unwrap_err().rule, "exclusiveMaximum 10 (it is 10)");
        let items = Rules { min_items: Some(1), ..Rules::NONE };
        assert_eq!(check_items("tags", 0, &items).unwrap_err().rule, "minItems 1 (it has 0)");
    }

    #[test]
    fn formats_with_a_grammar_are_checked_and_others_are_not() {
        let holds = |value, format| check_format("at", value, format).is_ok();
        assert!(holds("2026-12-06T19:41:38.5+01:00", "date-time") && holds("2026-12-06t19:41:38z", "date-time"));
        assert!(!holds("2026-12-06", "date-time") && !holds("default", "date-time"));
        assert!(holds("2026-02-29", "date") && !holds("2026-13-01", "date") && !holds("2026-12-06T00:00:00Z", "date"));
        assert!(holds("23:59:60Z", "time") && !holds("24:00:00Z", "time"));
        assert!(holds("8c5d8a8e-0f2b-4d7e-9a4b-3c2d1e0f9a8b", "uuid") && !holds("8c5d8a8e", "uuid"));
        assert!(
            holds("10.0.0.1", "ipv4")
                && !holds("10.0.0.256", "ipv4")
                && holds("::1", "ipv6")
                && !holds("1.2.3.4", "ipv6")
        );
        assert!(!holds("not an address", "email") && holds("ana@example.com", "email") && holds("anything", "uri"));
        assert_eq!(check_format("at", "x", "uuid").unwrap_err().to_string(), "`at` breaks the rule format uuid");
    }
}
