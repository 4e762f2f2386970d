//! Reading generated enums, and errors for values outside an enum or union.

use std::fmt;

use serde::{Serialize, Serializer};

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

/// A string enum's variant from its wire value: the one of `variants` that
/// `as_str` spells so (`FromStr` of `#[derive(StrEnum)]`).
pub fn parse_str_enum<T, const N: usize>(
    type_name: &'static str,
    value: &str,
    variants: [T; N],
    as_str: fn(&T) -> &'static str,
) -> Result<T, UnknownValue> {
    variants.into_iter().find(|variant| as_str(variant) == value).ok_or_else(|| UnknownValue::new(type_name, value))
}

/// The variant of an integer enum whose `value` is `value`
/// (`TryFrom<i64>` of `#[derive(IntEnum)]`).
pub fn parse_int_enum<T, const N: usize>(
    type_name: &'static str,
    value: i64,
    variants: [T; N],
    of: fn(&T) -> i64,
) -> Result<T, UnknownValue> {
    variants
        .into_iter()
        .find(|variant| of(variant) == value)
        .ok_or_else(|| UnknownValue::new(type_name, &value.to_string()))
}

/// Reads a string enum from a string, through its `FromStr`
/// (`Deserialize` of `#[derive(StrEnum)]`).
pub fn read_str_enum<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: std::str::FromStr<Err = UnknownValue>,
{
    deserializer.deserialize_str(StrEnumVisitor(std::marker::PhantomData))
}

struct StrEnumVisitor<T>(std::marker::PhantomData<T>);

impl<T: std::str::FromStr<Err = UnknownValue>> serde::de::Visitor<'_> for StrEnumVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<T, E> {
        value.parse().map_err(E::custom)
    }
}

/// Reads an integer enum: any whole JSON number (`404`, or `404.0` as a
/// `type: number` enum may be written) that is one of its values.
pub fn read_int_enum<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: TryFrom<i64, Error = UnknownValue>,
{
    use serde::de::Error;
    use serde::Deserialize;
    let number = serde_json::Number::deserialize(deserializer)?;
    let whole_float = number.as_f64().filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15);
    let whole = number.as_i64().or_else(|| whole_float.map(|f| f as i64));
    let value = whole.ok_or_else(|| D::Error::custom(format!("expected a whole number, found {number}")))?;
    T::try_from(value).map_err(D::Error::custom)
}

/// The message for a tagged union whose tag is missing or unknown.
pub fn unknown_tag(type_name: &str, property: &str, tag: Option<&str>) -> String {
    match tag {
        Some(tag) => format!("unknown `{property}` value `{tag}` for {type_name}"),
        None => format!("missing the string property `{property}` that selects the kind of {type_name}"),
    }
}

/// Writes `value`, a variant of a tagged union whose type does not hold the
/// tag's property (the discriminator names a property its schema does not
/// declare), with `property` set to `tag`: read back, it is the same variant.
pub fn serialize_tagged<T, S>(value: &T, property: &str, tag: &str, serializer: S) -> Result<S::Ok, S::Error>
where
    T: Serialize,
    S: Serializer,
{
    let mut json = serde_json::to_value(value).map_err(serde::ser::Error::custom)?;
    if let serde_json::Value::Object(object) = &mut json {
        object.entry(property).or_insert_with(|| serde_json::Value::String(tag.to_string()));
    }
    json.serialize(serializer)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_variant_without_its_tag_property_is_written_with_it() {
        #[derive(serde::Serialize)]
        struct Deleted {
            id: u32,
        }
        let written = super::serialize_tagged(&Deleted { id: 7 }, "status", "Deleted", serde_json::value::Serializer);
        assert_eq!(written.unwrap(), serde_json::json!({ "id": 7, "status": "Deleted" }));
    }

    #[test]
    fn a_str_enum_value_is_the_variant_that_spells_it() {
        let spell = |n: &u8| ["red", "blue"][usize::from(*n)];
        assert_eq!(super::parse_str_enum("Color", "blue", [0, 1], spell), Ok(1));
        let unknown = super::parse_str_enum("Color", "Blue", [0, 1], spell).unwrap_err();
        assert_eq!(unknown.to_string(), "`Blue` is not a valid Color");
    }

    use super::*;

    #[test]
    fn messages_name_the_type_and_value() {
        assert_eq!(UnknownValue::new("Color", "mauve").to_string(), "`mauve` is not a valid Color");
        assert_eq!(unknown_tag("Pet", "kind", Some("fish")), "unknown `kind` value `fish` for Pet");
        assert!(unknown_tag("Pet", "kind", None).contains("missing"));
    }
}
