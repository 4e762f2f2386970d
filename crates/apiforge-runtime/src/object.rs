//! Reading JSON objects into generated structs.
//!
//! A generated struct implements [`Object`] through
//! `#[derive(apiforge_runtime::Deserialize)]`: its wire field names and one
//! short `read` that stores each field it is handed. Everything else, from
//! looking up keys to skipping unknown ones and the errors for missing and
//! repeated fields, is written once here. serde's derived `Deserialize`
//! spells all of that out again for every struct, which makes it most of
//! the time `cargo check` spends on a big API's crate
//! (`docs/performance.md`).

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};

/// A generated struct read from a JSON object.
pub trait Object<'de>: Sized {
    /// The type's name, for error messages.
    const NAME: &'static str;
    /// The wire name of each field, in declaration order.
    const FIELDS: &'static [&'static str];
    /// Whether a key outside [`Object::FIELDS`] is an error rather than skipped.
    const DENY_UNKNOWN: bool = false;

    /// Reads the object's fields from `fields` and builds the value.
    fn read<A: MapAccess<'de>>(fields: Fields<'de, A, Self>) -> Result<Self, A::Error>;
}

/// Reads a `T` from a JSON object: the body of `T`'s `Deserialize`.
pub fn deserialize<'de, T, D>(deserializer: D) -> Result<T, D::Error>
where
    T: Object<'de>,
    D: Deserializer<'de>,
{
    deserializer.deserialize_struct(T::NAME, T::FIELDS, ObjectVisitor(PhantomData))
}

/// The keys of one object, handed to [`Object::read`] field by field.
pub struct Fields<'de, A, T> {
    map: A,
    current: usize,
    object: PhantomData<fn(&'de ()) -> T>,
}

impl<'de, A: MapAccess<'de>, T: Object<'de>> Fields<'de, A, T> {
    /// The index in [`Object::FIELDS`] of the next known key, unknown keys
    /// skipped (or refused, if the object denies them); `None` at the end.
    pub fn next_field(&mut self) -> Result<Option<usize>, A::Error> {
        loop {
            match self.map.next_key_seed(Key::<T>(PhantomData))? {
                None => return Ok(None),
                Some(Some(index)) => {
                    self.current = index;
                    return Ok(Some(index));
                }
                Some(None) => {
                    self.map.next_value::<de::IgnoredAny>()?;
                }
            }
        }
    }

    /// Reads the current field's value into `slot`; a field given twice is an error.
    pub fn value<V: de::Deserialize<'de>>(&mut self, slot: &mut Option<V>) -> Result<(), A::Error> {
        if slot.is_some() {
            return Err(de::Error::duplicate_field(T::FIELDS[self.current]));
        }
        *slot = Some(self.map.next_value()?);
        Ok(())
    }

    /// Skips the current field's value.
    pub fn skip(&mut self) -> Result<(), A::Error> {
        self.map.next_value::<de::IgnoredAny>().map(drop)
    }

    /// The error that the required field `index` is missing.
    pub fn missing(&self, index: usize) -> A::Error {
        de::Error::missing_field(T::FIELDS[index])
    }
}

struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: Object<'de>> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a {} object", T::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::read(Fields { map, current: 0, object: PhantomData })
    }
}

/// A key, read as its index in `T::FIELDS` (`None` for an unknown key)
/// without copying it.
struct Key<T>(PhantomData<T>);

impl<'de, T: Object<'de>> DeserializeSeed<'de> for Key<T> {
    type Value = Option<usize>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Option<usize>, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<'de, T: Object<'de>> Visitor<'de> for Key<T> {
    type Value = Option<usize>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Option<usize>, E> {
        match T::FIELDS.iter().position(|field| *field == key) {
            None if T::DENY_UNKNOWN => Err(E::unknown_field(key, T::FIELDS)),
            index => Ok(index),
        }
    }

    fn visit_bytes<E: de::Error>(self, key: &[u8]) -> Result<Option<usize>, E> {
        match std::str::from_utf8(key) {
            Ok(key) => self.visit_str(key),
            Err(_) => Err(E::invalid_value(de::Unexpected::Bytes(key), &self)),
        }
    }
}
