//! Reading a union without a discriminator whose variants may accept the
//! same JSON (two objects, an integer and a number, anything and an object).
//!
//! serde's `untagged` takes the first variant that reads a value, and a
//! struct variant reads any object holding its required properties,
//! dropping the rest: a value of the second variant would silently lose
//! data as the first. Here each variant is tried in order and the first
//! that writes the value back as it was read is taken; when none does, the
//! first that reads it at all.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

/// One variant's attempt: the value read as it (wrapped into the union),
/// and whether writing it gives the value back.
pub type Attempt<U> = Option<(U, bool)>;

/// Reads `value` as the union `type_name`, trying `variants` in order.
pub fn read_untagged<U>(value: &Value, type_name: &str, variants: &[fn(&Value) -> Attempt<U>]) -> Result<U, String> {
    let mut first = None;
    for attempt in variants {
        match attempt(value) {
            Some((read, true)) => return Ok(read),
            Some((read, false)) => {
                first.get_or_insert(read);
            }
            None => {}
        }
    }
    first.ok_or_else(|| format!("the value matches no variant of {type_name}"))
}

/// `value` read as the variant holding a `T` (`wrap` is the variant).
pub fn untagged_variant<T, U>(value: &Value, wrap: fn(T) -> U) -> Attempt<U>
where
    T: DeserializeOwned + Serialize,
{
    let read = T::deserialize(value).ok()?;
    let kept = serde_json::to_value(&read).is_ok_and(|written| same(value, &written));
    Some((wrap(read), kept))
}

/// Whether `written` is `read` again: numbers by value (`3` read into an
/// `f64` writes `3.0`), and absent and null properties alike (an optional
/// field reads both as `None`).
fn same(read: &Value, written: &Value) -> bool {
    match (read, written) {
        (Value::Number(a), Value::Number(b)) => a.as_f64() == b.as_f64(),
        (Value::Array(a), Value::Array(b)) => a.len() == b.len() && a.iter().zip(b).all(|(a, b)| same(a, b)),
        (Value::Object(a), Value::Object(b)) => {
            a.iter().all(|(key, a)| b.get(key).map_or(a.is_null(), |b| same(a, b)))
                && b.iter().all(|(key, b)| a.contains_key(key) || b.is_null())
        }
        (a, b) => a == b,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
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
    fn without_a_lossless_variant_the_first_that_reads_wins() {
        assert_eq!(read(json!({ "name": "Tom", "age": 3 })), Ok(Pet::Cat(Cat { name: "Tom".into() })));
        assert_eq!(read(json!("x")).unwrap_err(), "the value matches no variant of Pet");
    }
}
