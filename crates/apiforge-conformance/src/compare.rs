//! Whether a value read into a generated type and written back is the value
//! that was read, up to the normalizations the generated types document:
//!
//! - an optional property sent as `null` may come back left out (an optional
//!   field is `Option<T>`, which reads absent and null alike and writes
//!   `None` absent);
//! - numbers are compared by value (`3` read into an `f64` is written `3.0`),
//!   at 32-bit precision when that is all one side has (`format: float`);
//! - the order of an object's properties is not kept (maps are sorted);
//! - a property a schema requires without describing it (`required` names
//!   it, `properties` does not) may be left out: no type can know it;
//! - a string may come back as the same date-time, UUID, IP address or
//!   base64 bytes in another spelling: a format's own type writes its
//!   canonical text (`+02:00` as the instant in `Z`, `.5` as `.500`,
//!   upper-case hex in lower case, base64 padded).

use std::collections::BTreeSet;

use apiforge_ir::diagnostic::pointer_push;
use serde_json::Value;

/// The first place where `output` differs from `input`, as a JSON pointer
/// and what was sent and read back there; `None` when they are the same.
/// `undescribed` names the properties that may be left out.
pub fn difference(input: &Value, output: &Value, undescribed: &BTreeSet<String>) -> Option<String> {
    Compare { undescribed }.differs_at(input, output, "")
}

struct Compare<'a> {
    undescribed: &'a BTreeSet<String>,
}

impl Compare<'_> {
    fn differs_at(&self, input: &Value, output: &Value, at: &str) -> Option<String> {
        let differ = || Some(format!("at `{}`: sent {}, read back {}", pointer(at), short(input), short(output)));
        match (input, output) {
            (Value::Number(a), Value::Number(b)) => {
                let (a, b) = (a.as_f64()?, b.as_f64()?);
                if a == b || a as f32 == b as f32 {
                    None
                } else {
                    differ()
                }
            }
            (Value::Array(a), Value::Array(b)) => {
                if a.len() != b.len() {
                    return differ();
                }
                a.iter().zip(b).enumerate().find_map(|(i, (a, b))| self.differs_at(a, b, &format!("{at}/{i}")))
            }
            (Value::Object(a), Value::Object(b)) => {
                let sent = a.iter().find_map(|(key, sent)| {
                    let at = pointer_push(at, key);
                    match b.get(key) {
                        Some(back) => self.differs_at(sent, back, &at),
                        None if sent.is_null() || self.undescribed.contains(key) => None,
                        None => Some(format!("at `{at}`: sent {}, left out when written", short(sent))),
                    }
                });
                sent.or_else(|| {
                    b.iter().find(|(key, _)| !a.contains_key(*key)).map(|(key, back)| {
                        format!("at `{}`: not sent, written as {}", pointer_push(at, key), short(back))
                    })
                })
            }
            (Value::String(a), Value::String(b)) if a == b || same_in_another_spelling(a, b) => None,
            (a, b) if a == b => None,
            _ => differ(),
        }
    }
}

/// Whether two texts are one date-time, UUID, IP address or byte string.
fn same_in_another_spelling(a: &str, b: &str) -> bool {
    use base64::Engine;
    fn same<T: PartialEq>(read: impl Fn(&str) -> Option<T>, a: &str, b: &str) -> bool {
        matches!((read(a), read(b)), (Some(a), Some(b)) if a == b)
    }
    let base64 = |text: &str| {
        let engine = base64::engine::GeneralPurpose::new(
            &base64::alphabet::STANDARD,
            base64::engine::GeneralPurposeConfig::new()
                .with_decode_padding_mode(base64::engine::DecodePaddingMode::Indifferent),
        );
        engine.decode(text).ok()
    };
    same(|text| chrono::DateTime::parse_from_rfc3339(text).ok(), a, b)
        || same(|text| text.parse::<uuid::Uuid>().ok(), a, b)
        || same(|text| text.parse::<std::net::IpAddr>().ok(), a, b)
        || same(base64, a, b)
}

fn pointer(at: &str) -> &str {
    if at.is_empty() {
        "/"
    } else {
        at
    }
}

/// A value as shown in a report: its JSON, cut at 80 characters.
pub fn short(value: &Value) -> String {
    let text = value.to_string();
    match text.char_indices().nth(80) {
        Some((cut, _)) => format!("{}...", &text[..cut]),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use serde_json::{json, Value};

    fn difference(input: &Value, output: &Value) -> Option<String> {
        super::difference(input, output, &BTreeSet::new())
    }

    #[test]
    fn normalizations_are_not_differences() {
        assert_eq!(difference(&json!({ "a": 3, "b": [1.5] }), &json!({ "b": [1.5], "a": 3.0 })), None);
        assert_eq!(difference(&json!({ "a": null }), &json!({})), None);
        assert_eq!(difference(&json!(0.1), &json!(0.10000000149011612)), None);
        let undescribed = BTreeSet::from(["extra".to_string()]);
        assert_eq!(super::difference(&json!({ "a": 1, "extra": 2 }), &json!({ "a": 1 }), &undescribed), None);
        for (sent, back) in [
            ("2024-05-01T10:00:00.5+02:00", "2024-05-01T08:00:00.500Z"),
            ("67E55044-10B1-426F-9247-BB680E5FE0C8", "67e55044-10b1-426f-9247-bb680e5fe0c8"),
            ("2001:DB8::0001", "2001:db8::1"),
            ("YQ", "YQ=="),
        ] {
            assert_eq!(difference(&json!(sent), &json!(back)), None, "{sent}");
        }
        assert!(difference(&json!("2024-05-01T10:00:00Z"), &json!("2024-05-01T10:00:01Z")).is_some());
    }

    #[test]
    fn a_difference_names_where() {
        assert_eq!(
            difference(&json!({ "pets": [{ "name": "x", "tag": "y" }] }), &json!({ "pets": [{ "name": "x" }] }))
                .unwrap(),
            "at `/pets/0/tag`: sent \"y\", left out when written"
        );
        assert_eq!(
            difference(&json!({ "a": 1 }), &json!({ "a": 1, "b": 0 })).unwrap(),
            "at `/b`: not sent, written as 0"
        );
        assert_eq!(difference(&json!({}), &json!({ "b": null })).unwrap(), "at `/b`: not sent, written as null");
        assert_eq!(difference(&json!("1"), &json!(1)).unwrap(), "at `/`: sent \"1\", read back 1");
    }
}
