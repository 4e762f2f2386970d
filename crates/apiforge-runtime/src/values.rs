//! Reading generated enums, and errors for values outside an enum or union.

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

/// A generated string enum's variant from its wire value, read by the
/// enum's own `Deserialize`, so the values live in one place.
pub fn parse_str_enum<T: serde::de::DeserializeOwned>(type_name: &'static str, value: &str) -> Result<T, UnknownValue> {
    use serde::de::IntoDeserializer;
    let wire: serde::de::value::StrDeserializer<'_, serde::de::value::Error> = value.into_deserializer();
    T::deserialize(wire).map_err(|_| UnknownValue::new(type_name, value))
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

#[cfg(test)]
mod tests {
    #[derive(Debug, PartialEq, serde::Deserialize)]
    enum Color {
        #[serde(rename = "light-red")]
        LightRed,
    }

    #[test]
    fn a_str_enum_parses_its_wire_values_only() {
        assert_eq!(super::parse_str_enum::<Color>("Color", "light-red"), Ok(Color::LightRed));
        let unknown = super::parse_str_enum::<Color>("Color", "LightRed").unwrap_err();
        assert_eq!(unknown.to_string(), "`LightRed` is not a valid Color");
    }

    use super::*;

    #[test]
    fn messages_name_the_type_and_value() {
        assert_eq!(UnknownValue::new("Color", "mauve").to_string(), "`mauve` is not a valid Color");
        assert_eq!(unknown_tag("Pet", "kind", Some("fish")), "unknown `kind` value `fish` for Pet");
        assert!(unknown_tag("Pet", "kind", None).contains("missing"));
    }
}
