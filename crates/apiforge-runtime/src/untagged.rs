//! Reading a union without a discriminator whose variants may accept the
//! same JSON (two objects, an integer and a number, two strings told apart
//! by their rules).
//!
//! serde's `untagged` takes the first variant that reads a value, and a
//! struct variant reads any object holding its required properties,
//! dropping the rest: a value of the second variant would silently lose
//! data as the first. Here each variant is tried in order and the one the
//! value fits best is taken: one whose rules it keeps and that writes it
//! back as it was read; else one whose rules it keeps; else the one that
//! writes back the most of it; the first of equals.

use std::net::IpAddr;

use chrono::DateTime;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use uuid::Uuid;

use crate::validate::ValidationError;

/// One variant's attempt: the value read as it (wrapped into the union),
/// and how well it fits.
pub type Attempt<U> = Option<(U, Fit)>;

/// How well a value read as a variant fits it, best last (fields compare
/// in order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Fit {
    /// The variant's rules (lengths, patterns, bounds, inside too) hold.
    valid: bool,
    /// Writing it gives the value back.
    kept: bool,
    /// How many of an object's properties come back as they were.
    kept_properties: usize,
}

/// Reads `value` as the union `type_name`, trying `variants` in order.
pub fn read_untagged<U>(value: &Value, type_name: &str, variants: &[fn(&Value) -> Attempt<U>]) -> Result<U, String> {
    let mut best: Option<(U, Fit)> = None;
    for attempt in variants {
        let Some((read, fit)) = attempt(value) else { continue };
        if fit.valid && fit.kept {
            return Ok(read);
        }
        if best.as_ref().is_none_or(|(_, best)| fit > *best) {
            best = Some((read, fit));
        }
    }
    best.map(|(read, _)| read).ok_or_else(|| format!("the value matches no variant of {type_name}"))
}

/// `value` read as the variant holding a `T` (`wrap` is the variant), which
/// has no rules to check.
pub fn untagged_variant<T, U>(value: &Value, wrap: fn(T) -> U) -> Attempt<U>
where
    T: DeserializeOwned + Serialize,
{
    checked_variant(value, wrap, |_| Ok(()))
}

/// `value` read as the variant holding a `T`, whose rules `check` checks.
pub fn checked_variant<T, U>(
    value: &Value,
    wrap: fn(T) -> U,
    check: fn(&T) -> Result<(), ValidationError>,
) -> Attempt<U>
where
    T: DeserializeOwned + Serialize,
{
    let read = T::deserialize(value).ok()?;
    let written = serde_json::to_value(&read).unwrap_or(Value::Null);
    let kept_properties = match (value, &written) {
        (Value::Object(sent), Value::Object(back)) => {
            sent.iter().filter(|(key, a)| back.get(key.as_str()).map_or(a.is_null(), |b| same(a, b))).count()
        }
        _ => 0,
    };
    let fit = Fit { valid: check(&read).is_ok(), kept: same(value, &written), kept_properties };
    Some((wrap(read), fit))
}

/// Whether `written` is `read` again: numbers by value (`3` read into an
/// `f64` writes `3.0`), and a null property read as absent (an optional
/// field reads both as `None`). A null written where nothing was read is a
/// difference: the variant requires a nullable property the value lacks.
fn same(read: &Value, written: &Value) -> bool {
    match (read, written) {
        (Value::Number(a), Value::Number(b)) => a.as_f64() == b.as_f64(),
        (Value::String(a), Value::String(b)) => a == b || same_text(a, b),
        (Value::Array(a), Value::Array(b)) => a.len() == b.len() && a.iter().zip(b).all(|(a, b)| same(a, b)),
        (Value::Object(a), Value::Object(b)) => {
            a.iter().all(|(key, a)| b.get(key).map_or(a.is_null(), |b| same(a, b)))
                && b.keys().all(|key| a.contains_key(key))
        }
        (a, b) => a == b,
    }
}

/// Whether two texts are one value that a format's own type writes in its
/// own spelling: a date-time in `Z` (`+10:00` read), a UUID in lower case,
/// an IP address in its shortest form. A `String` writes back what it read.
fn same_text(read: &str, written: &str) -> bool {
    if let (Ok(a), Ok(b)) = (DateTime::parse_from_rfc3339(read), DateTime::parse_from_rfc3339(written)) {
        return a == b;
    }
    if let (Ok(a), Ok(b)) = (Uuid::parse_str(read), Uuid::parse_str(written)) {
        return a == b;
    }
    matches!((read.parse::<IpAddr>(), written.parse::<IpAddr>()), (Ok(a), Ok(b)) if a == b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::{check_str, Rules};
    use serde::Deserialize;
    use serde_json::json;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Cat {
        name: String,
    }

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Dog {
        name: String,
        barks: bool,
    }

    #[derive(Debug, PartialEq)]
    enum Pet {
        Cat(Cat),
        Dog(Dog),
        Number(f64),
    }

    fn read(value: serde_json::Value) -> Result<Pet, String> {
        read_untagged(
            &value,
            "Pet",
            &[
                |v| untagged_variant(v, Pet::Cat),
                |v| untagged_variant(v, Pet::Dog),
                |v| untagged_variant(v, Pet::Number),
            ],
        )
    }

    #[test]
    fn the_variant_that_keeps_the_whole_value_wins() {
        let dog = Dog { name: "Rex".into(), barks: true };
        assert_eq!(read(json!({ "name": "Rex", "barks": true })), Ok(Pet::Dog(dog)));
        assert_eq!(read(json!({ "name": "Tom" })), Ok(Pet::Cat(Cat { name: "Tom".into() })));
        assert_eq!(read(json!(3)), Ok(Pet::Number(3.0)));
    }

    #[test]
    fn without_a_lossless_variant_the_one_keeping_most_properties_wins() {
        assert_eq!(read(json!({ "name": "Tom", "age": 3 })), Ok(Pet::Cat(Cat { name: "Tom".into() })));
        let dog = Dog { name: "Rex".into(), barks: false };
        assert_eq!(read(json!({ "name": "Rex", "barks": false, "age": 3 })), Ok(Pet::Dog(dog)));
        assert_eq!(read(json!("x")).unwrap_err(), "the value matches no variant of Pet");
    }

    #[derive(Debug, PartialEq)]
    enum Code {
        Short(String),
        Long(String),
    }

    fn code(value: serde_json::Value) -> Result<Code, String> {
        read_untagged(
            &value,
            "Code",
            &[
                |v| checked_variant(v, Code::Short, |s: &String| check_str("", s, &Rules::NONE.max_length(3))),
                |v| checked_variant(v, Code::Long, |s: &String| check_str("", s, &Rules::NONE.min_length(4))),
            ],
        )
    }

    #[test]
    fn a_variant_whose_rules_the_value_keeps_wins_over_an_earlier_one() {
        assert_eq!(code(json!("abc")), Ok(Code::Short("abc".into())));
        assert_eq!(code(json!("abcd")), Ok(Code::Long("abcd".into())));
    }

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Locked {
        id: i64,
        /// Required and nullable: read absent as `None`, written as null.
        lock_reason: Option<String>,
    }

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    struct Renamed {
        id: i64,
    }

    #[derive(Debug, PartialEq)]
    enum Event {
        Locked(Locked),
        Renamed(Renamed),
    }

    #[test]
    fn a_variant_requiring_a_nullable_property_the_value_lacks_does_not_keep_it() {
        let read = |value| {
            read_untagged(
                &value,
                "Event",
                &[|v| untagged_variant(v, Event::Locked), |v| untagged_variant(v, Event::Renamed)],
            )
        };
        assert_eq!(read(json!({ "id": 1 })), Ok(Event::Renamed(Renamed { id: 1 })));
        let locked = Locked { id: 1, lock_reason: None };
        assert_eq!(read(json!({ "id": 1, "lock_reason": null })), Ok(Event::Locked(locked)));
    }

    #[derive(Debug, PartialEq)]
    enum Expiry {
        At(String),
        Default(String),
    }

    #[test]
    fn string_variants_are_told_apart_by_their_format() {
        let read = |value| {
            read_untagged(
                &value,
                "Expiry",
                &[
                    |v| checked_variant(v, Expiry::At, |s: &String| crate::validate::check_format("", s, "date-time")),
                    |v| untagged_variant(v, Expiry::Default),
                ],
            )
        };
        assert_eq!(read(json!("2026-01-02T03:04:05Z")), Ok(Expiry::At("2026-01-02T03:04:05Z".into())));
        assert_eq!(read(json!("default")), Ok(Expiry::Default("default".into())));
    }

    #[test]
    fn a_format_written_in_its_own_spelling_is_kept() {
        assert!(same(&json!("2024-05-01T10:00:00+02:00"), &json!("2024-05-01T08:00:00Z")));
        assert!(!same(&json!("2024-05-01T10:00:00+02:00"), &json!("2024-05-01T10:00:00Z")));
        assert!(same(&json!("A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11"), &json!("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11")));
        assert!(same(&json!("2001:0db8::0001"), &json!("2001:db8::1")));
        assert!(!same(&json!("Rex"), &json!("rex")));
    }
}
