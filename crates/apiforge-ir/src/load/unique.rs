//! Keys a mapping of the spec holds twice. YAML forbids them, and JSON
//! readers keep one of the two without a word, so the spec's author would
//! lose the other (a whole path, say) unaware: reading refuses them, naming
//! the key, and the YAML or JSON reader says where (the key in JSON, the
//! mapping in YAML).

use std::collections::HashSet;
use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::map::Entry;
use serde_json::{Map, Number, Value};

/// The error of a key met twice in one mapping.
fn repeated<E: de::Error>(key: &str) -> E {
    E::custom(format_args!("the key `{key}` appears twice in one mapping; keep one of them"))
}

/// A JSON value read from YAML or JSON text, refusing a mapping that holds
/// a key twice.
pub struct Unique(pub Value);

impl<'de> de::Deserialize<'de> for Unique {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Unique, D::Error> {
        deserializer.deserialize_any(UniqueVisitor).map(Unique)
    }
}

struct UniqueVisitor;

impl<'de> Visitor<'de> for UniqueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, value: bool) -> Result<Value, E> {
        Ok(Value::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }

    /// A float JSON cannot hold (NaN, an infinity) is null, as serde_json
    /// reads it into a `Value`.
    fn visit_f64<E>(self, value: f64) -> Result<Value, E> {
        Ok(Number::from_f64(value).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, value: &str) -> Result<Value, E> {
        Ok(Value::String(value.to_string()))
    }

    fn visit_string<E>(self, value: String) -> Result<Value, E> {
        Ok(Value::String(value))
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(Unique(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            match object.entry(key) {
                Entry::Occupied(entry) => return Err(repeated(entry.key())),
                Entry::Vacant(entry) => {
                    let Unique(value) = map.next_value()?;
                    entry.insert(value);
                }
            }
        }
        Ok(Value::Object(object))
    }
}

/// Whether JSON `text` holds a mapping with a key twice, read without
/// building it (for text read straight into the model, which would keep
/// one of the two); false for text that is no JSON.
pub fn repeats_a_key(text: &str) -> bool {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    Walk.deserialize(&mut deserializer).is_err()
}

/// Reads a value and throws it away, failing on a repeated key.
#[derive(Clone, Copy)]
struct Walk;

impl<'de> DeserializeSeed<'de> for Walk {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Walk {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }

    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }

    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }

    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }

    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }

    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element_seed(self)?.is_some() {}
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        // Keys borrowed from the text where they hold no escape.
        let mut keys: HashSet<std::borrow::Cow<'de, str>> = HashSet::new();
        while let Some(Key(key)) = map.next_key()? {
            if let Some(key) = keys.replace(key) {
                return Err(repeated(&key));
            }
            map.next_value_seed(self)?;
        }
        Ok(())
    }
}

/// A mapping's key, borrowed from the text when it can be.
struct Key<'de>(std::borrow::Cow<'de, str>);

impl<'de> de::Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Key<'de>, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a key")
            }
            fn visit_borrowed_str<E>(self, key: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(key.into()))
            }
            fn visit_str<E>(self, key: &str) -> Result<Key<'de>, E> {
                Ok(Key(key.to_string().into()))
            }
        }
        deserializer.deserialize_str(KeyVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::{repeats_a_key, Unique};

    #[test]
    fn a_repeated_key_is_refused_where_it_is() {
        let yaml = "paths:\n  /a:\n    get: {}\n  /a:\n    post: {}\n";
        let error = serde_yaml::from_str::<Unique>(yaml).err().expect("a repeated key is an error").to_string();
        // serde_yaml names the mapping: where it is in the document, and its line.
        assert_eq!(error, "paths: the key `/a` appears twice in one mapping; keep one of them at line 2 column 3");
        let json = "{\"a\": {\"b\": 1,\n \"b\": 2}}";
        let error = serde_json::from_str::<Unique>(json).err().expect("a repeated key is an error").to_string();
        assert_eq!(error, "the key `b` appears twice in one mapping; keep one of them at line 2 column 4");
    }

    #[test]
    fn the_same_key_in_two_mappings_is_no_repeat() {
        let json = r#"{"a": {"x": 1}, "b": {"x": [{"x": null}]}, "c\u0078": "escaped"}"#;
        assert_eq!(
            serde_json::from_str::<Unique>(json).unwrap().0,
            serde_json::from_str::<serde_json::Value>(json).unwrap()
        );
        assert!(!repeats_a_key(json));
        assert!(repeats_a_key(r#"{"a": {"x": 1, "\u0078": 2}}"#));
    }
}
