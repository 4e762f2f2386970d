//! Writing generated structs as JSON objects and reading them back.
//!
//! A generated struct implements [`Object`] through
//! `#[derive(apiforge_runtime::Deserialize)]`: its wire field names and one
//! short `read` that stores each field it is handed; its
//! `#[derive(apiforge_runtime::Serialize)]` hands each field to a
//! [`Writer`]. Everything else, from looking up keys to skipping unknown
//! ones, the errors for missing and repeated fields and carrying a write
//! error to the end, is written once here. serde's derives spell all of
//! that out again for every struct, which makes them most of the time
//! `cargo check` spends on a big API's crate (`docs/performance.md`).

use std::cell::Cell;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeStruct, Serializer};

thread_local! {
    /// Whether [`strictly`] is reading on this thread.
    static STRICT: Cell<bool> = const { Cell::new(false) };
}

/// Runs `read` with the spec's rules that a lenient reader lets pass
/// enforced: null for an optional field whose schema does not allow it is
/// refused, and so is a required field whose schema allows null left out.
/// A server reads requests so: the spec rules them. A client reads answers
/// without it, as servers often send null for "absent", or leave it out.
pub fn strictly<T>(read: impl FnOnce() -> T) -> T {
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            STRICT.set(self.0);
        }
    }
    let _restore = Restore(STRICT.replace(true));
    read()
}

/// A generated struct read from a JSON object.
pub trait Object<'de>: Sized {
    /// The type's name, for error messages.
    const NAME: &'static str;
    /// The wire name of each field, in declaration order.
    const FIELDS: &'static [&'static str];
    /// Whether a key outside [`Object::FIELDS`] is an error rather than skipped.
    const DENY_UNKNOWN: bool = false;

    /// Reads the object's fields from `fields` and builds the value; on
    /// [`Failed`], `fields` holds the error.
    fn read<A: MapAccess<'de>>(fields: &mut Fields<'de, A, Self>) -> Result<Self, Failed>;
}

/// Reads a `T` from a JSON object: the body of `T`'s `Deserialize`.
pub fn deserialize<'de, T, D>(deserializer: D) -> Result<T, D::Error>
where
    T: Object<'de>,
    D: Deserializer<'de>,
{
    deserializer.deserialize_struct(T::NAME, T::FIELDS, ObjectVisitor(PhantomData))
}

/// The mark that reading an object failed: the error waits in its
/// [`Fields`].
///
/// `read` names this type rather than the deserializer's error type: a
/// `Result` over a projection such as `A::Error` is what made each
/// struct's `read` slow to check.
#[derive(Debug)]
pub struct Failed(());

/// The keys of one object, handed to [`Object::read`] field by field, and
/// the first error reading them gave.
pub struct Fields<'de, A: MapAccess<'de>, T> {
    map: A,
    current: usize,
    error: Option<A::Error>,
    object: PhantomData<fn(&'de ()) -> T>,
}

impl<'de, A: MapAccess<'de>, T: Object<'de>> Fields<'de, A, T> {
    /// The index in [`Object::FIELDS`] of the next known key, unknown keys
    /// skipped (or refused, if the object denies them); `None` at the end.
    pub fn next_field(&mut self) -> Result<Option<usize>, Failed> {
        loop {
            let key = self.map.next_key_seed(Key::<T>(PhantomData));
            match self.keep(key)? {
                None => return Ok(None),
                Some(Some(index)) => {
                    self.current = index;
                    return Ok(Some(index));
                }
                Some(None) => self.skip()?,
            }
        }
    }

    /// Reads the current field's value into `slot`; a field given twice is an error.
    pub fn value<V: de::Deserialize<'de>>(&mut self, slot: &mut Option<V>) -> Result<(), Failed> {
        if slot.is_some() {
            return Err(self.fail(de::Error::duplicate_field(T::FIELDS[self.current])));
        }
        let value = self.map.next_value();
        *slot = Some(self.keep(value)?);
        Ok(())
    }

    /// Reads the current field's value into `slot`, for an optional field
    /// whose schema does not allow null: null reads as absent, but is an
    /// error under [`strictly`].
    pub fn not_null<V: de::Deserialize<'de>>(&mut self, slot: &mut Option<Option<V>>) -> Result<(), Failed> {
        self.value(slot)?;
        if matches!(slot, Some(None)) && STRICT.get() {
            let field = T::FIELDS[self.current];
            return Err(self.fail(de::Error::custom(format_args!("`{field}` may be left out but is not nullable"))));
        }
        Ok(())
    }

    /// Skips the current field's value.
    pub fn skip(&mut self) -> Result<(), Failed> {
        let value = self.map.next_value::<de::IgnoredAny>();
        self.keep(value).map(drop)
    }

    /// The error that the required field `index` is missing.
    /// Checks, once every field is read, that the required field whose
    /// schema allows null at `index` (read into `slot`) was there: left out
    /// it reads as `None`, but is an error under [`strictly`].
    pub fn present<V>(&mut self, slot: &Option<Option<V>>, index: usize) -> Result<(), Failed> {
        match slot.is_none() && STRICT.get() {
            true => Err(self.missing(index)),
            false => Ok(()),
        }
    }

    pub fn missing(&mut self, index: usize) -> Failed {
        self.fail(de::Error::missing_field(T::FIELDS[index]))
    }

    /// `result`'s value, or its error kept as the object's.
    fn keep<V>(&mut self, result: Result<V, A::Error>) -> Result<V, Failed> {
        result.map_err(|error| self.fail(error))
    }

    /// Keeps `error` as the object's error.
    fn fail(&mut self, error: A::Error) -> Failed {
        self.error = Some(error);
        Failed(())
    }
}

struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: Object<'de>> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a {} object", T::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        let mut fields = Fields { map, current: 0, error: None, object: PhantomData };
        match T::read(&mut fields) {
            Ok(value) => Ok(value),
            Err(Failed(())) => Err(fields
                .error
                .unwrap_or_else(|| de::Error::custom(format_args!("a {} object could not be read", T::NAME)))),
        }
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

/// Writes one struct's fields; the first error is kept and returned by
/// [`Writer::end`], and nothing is written after it.
pub struct Writer<S: Serializer> {
    state: Result<S::SerializeStruct, S::Error>,
}

impl<S: Serializer> Writer<S> {
    /// Starts the object `name`, of `len` fields.
    pub fn new(serializer: S, name: &'static str, len: usize) -> Writer<S> {
        Writer { state: serializer.serialize_struct(name, len) }
    }

    /// Writes the field `key`.
    pub fn field<T: ?Sized + Serialize>(&mut self, key: &'static str, value: &T) {
        if let Ok(object) = &mut self.state {
            if let Err(error) = object.serialize_field(key, value) {
                self.state = Err(error);
            }
        }
    }

    /// Writes the field `key` when it is `Some`, else leaves it out.
    pub fn optional<T: Serialize>(&mut self, key: &'static str, value: &Option<T>) {
        match value {
            Some(_) => self.field(key, value),
            None => self.skip(key),
        }
    }

    /// Leaves out the field `key`.
    fn skip(&mut self, key: &'static str) {
        if let Ok(object) = &mut self.state {
            if let Err(error) = object.skip_field(key) {
                self.state = Err(error);
            }
        }
    }

    /// Ends the object, or returns the first error.
    pub fn end(self) -> Result<S::Ok, S::Error> {
        self.state?.end()
    }
}
