//! Reading an XML request body into the type generated for its schema, as
//! OpenAPI lays a schema out in XML: each property an element (or an
//! attribute) of its name, an array's items repeated elements, directly or
//! inside one wrapping element.
//!
//! The document is read (with quick-xml) into a JSON value of text leaves,
//! and the type is read from that value by [`Lenient`], which takes what
//! the type asks for: a number or a boolean from its text, a list from one
//! element, a wrapped list from its wrapper. A value that the type reads
//! without asking (a union tried variant by variant, a map of extra
//! properties) stays text.

use serde::de::{self, DeserializeOwned, IntoDeserializer, Visitor};
use serde_json::{Map, Value};

use quick_xml::events::{BytesStart, Event};

/// Why an XML body does not read.
#[derive(Debug)]
pub enum XmlError {
    /// Not well-formed XML (or not UTF-8).
    Syntax(String),
    /// XML that does not hold a value of the type.
    Shape(String),
}

/// Reads `T` from an XML document.
pub fn from_xml<T: DeserializeOwned>(body: &[u8]) -> Result<T, XmlError> {
    let text = std::str::from_utf8(body).map_err(|_| XmlError::Syntax("it is not UTF-8".into()))?;
    let value = document(text).map_err(XmlError::Syntax)?;
    T::deserialize(Lenient(value)).map_err(|e| XmlError::Shape(e.to_string()))
}

/// An element being read: its attributes and children, and its text.
#[derive(Default)]
struct Element {
    fields: Map<String, Value>,
    text: String,
}

impl Element {
    fn open(start: &BytesStart) -> Result<Element, String> {
        let mut element = Element::default();
        for attribute in start.attributes() {
            let attribute = attribute.map_err(|e| e.to_string())?;
            let name = String::from_utf8_lossy(attribute.key.as_ref()).into_owned();
            // Namespace declarations and `xsi:` hints are the document's, not the value's.
            if name == "xmlns" || name.starts_with("xmlns:") || name.starts_with("xsi:") {
                continue;
            }
            let value = attribute.unescape_value().map_err(|e| e.to_string())?.into_owned();
            element.add(local(&name), Value::String(value));
        }
        Ok(element)
    }

    /// A child or attribute; a name met again makes a list.
    fn add(&mut self, name: String, value: Value) {
        match self.fields.get_mut(&name) {
            Some(Value::Array(items)) => items.push(value),
            Some(first) => *first = Value::Array(vec![first.take(), value]),
            None => {
                self.fields.insert(name, value);
            }
        }
    }

    /// Text alone is the value; with children or attributes, text between
    /// them is layout (an element of text and attributes keeps the
    /// attributes: OpenAPI has no name for its text).
    fn close(self) -> Value {
        if self.fields.is_empty() {
            Value::String(self.text)
        } else {
            Value::Object(self.fields)
        }
    }
}

/// `ns:name` -> `name`.
fn local(name: &str) -> String {
    name.rsplit_once(':').map_or(name, |(_, local)| local).to_string()
}

/// How deep elements may nest: the value read and the types read from it
/// are walked recursively (serde_json stops JSON at the same depth).
const MAX_DEPTH: usize = 128;

/// The root element's value (its name is the schema's, not data).
fn document(text: &str) -> Result<Value, String> {
    // Text is kept as sent: a leaf's spaces are its value's.
    let mut reader = quick_xml::Reader::from_str(text);
    // Each open element with its name.
    let mut open: Vec<(String, Element)> = Vec::new();
    let mut root = None;
    loop {
        let event = reader.read_event().map_err(|e| format!("{e} at byte {}", reader.error_position()))?;
        let finished = match event {
            Event::Start(start) => {
                if open.len() == MAX_DEPTH {
                    return Err(format!("elements are nested more than {MAX_DEPTH} deep"));
                }
                let name = String::from_utf8_lossy(start.name().as_ref()).into_owned();
                open.push((local(&name), Element::open(&start)?));
                None
            }
            Event::Empty(start) => {
                let name = String::from_utf8_lossy(start.name().as_ref()).into_owned();
                Some((local(&name), Element::open(&start)?.close()))
            }
            Event::End(_) => open.pop().map(|(name, element)| (name, element.close())),
            // References (`&amp;`) come as events of their own.
            Event::Text(text) => {
                append(&mut open, &text.xml_content().map_err(|e| e.to_string())?);
                None
            }
            Event::CData(data) => {
                append(&mut open, &data.decode().map_err(|e| e.to_string())?);
                None
            }
            Event::GeneralRef(reference) => {
                let resolved = match reference.resolve_char_ref().map_err(|e| e.to_string())? {
                    Some(c) => c.to_string(),
                    None => {
                        let name = reference.decode().map_err(|e| e.to_string())?;
                        quick_xml::escape::resolve_predefined_entity(&name)
                            .ok_or_else(|| format!("unknown entity `&{name};`"))?
                            .to_string()
                    }
                };
                append(&mut open, &resolved);
                None
            }
            Event::Eof => break,
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => None,
        };
        if let Some((name, value)) = finished {
            match open.last_mut() {
                Some((_, parent)) => parent.add(name, value),
                None if root.is_none() => root = Some(value),
                None => return Err("there is more than one root element".into()),
            }
        }
    }
    if !open.is_empty() {
        return Err("an element is not closed".into());
    }
    root.ok_or_else(|| "there is no element".into())
}

fn append(open: &mut [(String, Element)], text: &str) {
    if let Some((_, element)) = open.last_mut() {
        element.text.push_str(text);
    }
}

/// A value read from XML, giving each type what it asks for (see the
/// module doc).
struct Lenient(Value);

type Error = serde_json::Error;

impl Lenient {
    /// The text of a leaf, for a number or a boolean to be read from.
    fn parsed<T: std::str::FromStr>(self, what: &str) -> Result<Result<T, Value>, Error> {
        match self.0 {
            Value::String(text) => {
                text.trim().parse().map(Ok).map_err(|_| de::Error::custom(format!("`{text}` is not {what}")))
            }
            other => Ok(Err(other)),
        }
    }

    /// The items of a list: an array as it is, the one child of a wrapper,
    /// or one element.
    fn items(self) -> Vec<Value> {
        match self.0 {
            Value::Array(items) => items,
            Value::Object(mut wrapper) if wrapper.len() == 1 => match wrapper.values_mut().next().map(Value::take) {
                Some(Value::Array(items)) => items,
                Some(item) => vec![item],
                None => Vec::new(),
            },
            // `<tags></tags>`: a wrapper of no items.
            Value::String(text) if text.trim().is_empty() => Vec::new(),
            item => vec![item],
        }
    }
}

macro_rules! parsed_as {
    ($($method:ident => $visit:ident as $ty:ty, $what:literal;)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            match self.parsed::<$ty>($what)? {
                Ok(value) => visitor.$visit(value),
                Err(other) => de::Deserializer::$method(other, visitor),
            }
        }
    )*};
}

impl<'de> de::Deserializer<'de> for Lenient {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Object(fields) => visitor.visit_map(Fields::new(fields)),
            Value::Array(items) => visitor.visit_seq(Items(items.into_iter())),
            other => other.deserialize_any(visitor),
        }
    }

    parsed_as! {
        deserialize_bool => visit_bool as bool, "a boolean";
        deserialize_i8 => visit_i64 as i64, "an integer";
        deserialize_i16 => visit_i64 as i64, "an integer";
        deserialize_i32 => visit_i64 as i64, "an integer";
        deserialize_i64 => visit_i64 as i64, "an integer";
        deserialize_i128 => visit_i128 as i128, "an integer";
        deserialize_u8 => visit_u64 as u64, "a non-negative integer";
        deserialize_u16 => visit_u64 as u64, "a non-negative integer";
        deserialize_u32 => visit_u64 as u64, "a non-negative integer";
        deserialize_u64 => visit_u64 as u64, "a non-negative integer";
        deserialize_u128 => visit_u128 as u128, "a non-negative integer";
        deserialize_f32 => visit_f64 as f64, "a number";
        deserialize_f64 => visit_f64 as f64, "a number";
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Null => visitor.visit_none(),
            value => visitor.visit_some(Lenient(value)),
        }
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_seq(Items(self.items().into_iter()))
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _: usize, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Object(fields) => visitor.visit_map(Fields::new(fields)),
            // `<owner/>`: an object of no properties.
            Value::String(text) if text.trim().is_empty() => visitor.visit_map(Fields::new(Map::new())),
            other => other.deserialize_map(visitor),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_map(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _: &'static str, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.0.deserialize_enum(name, variants, visitor)
    }

    serde::forward_to_deserialize_any! {
        char str string bytes byte_buf unit unit_struct identifier ignored_any
    }
}

struct Items(std::vec::IntoIter<Value>);

impl<'de> de::SeqAccess<'de> for Items {
    type Error = Error;

    fn next_element_seed<T: de::DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, Error> {
        self.0.next().map(|item| seed.deserialize(Lenient(item))).transpose()
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

struct Fields {
    entries: serde_json::map::IntoIter,
    value: Option<Value>,
}

impl Fields {
    fn new(fields: Map<String, Value>) -> Fields {
        Fields { entries: fields.into_iter(), value: None }
    }
}

impl<'de> de::MapAccess<'de> for Fields {
    type Error = Error;

    fn next_key_seed<K: de::DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, Error> {
        let Some((key, value)) = self.entries.next() else { return Ok(None) };
        self.value = Some(value);
        seed.deserialize(key.into_deserializer()).map(Some)
    }

    fn next_value_seed<V: de::DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        let value = self.value.take().ok_or_else(|| de::Error::custom("a value without its key"))?;
        seed.deserialize(Lenient(value))
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::{from_xml, XmlError};

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(rename_all = "lowercase")]
    enum Status {
        Available,
        Sold,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct Tag {
        id: i64,
        name: Option<String>,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Pet {
        id: Option<i64>,
        name: String,
        #[serde(rename = "photoUrls")]
        photo_urls: Vec<String>,
        tags: Option<Vec<Tag>>,
        status: Option<Status>,
        weight: Option<f64>,
        alive: Option<bool>,
    }

    fn pet(xml: &str) -> Pet {
        from_xml(xml.as_bytes()).unwrap_or_else(|e| panic!("{xml}: {e:?}"))
    }

    #[test]
    fn properties_are_elements_or_attributes_and_leaves_are_read_as_the_type_asks() {
        let read = pet(r#"<?xml version="1.0"?>
            <pet xmlns="urn:pets" id="10"><name>Rex &amp; &#x43;o</name><photoUrls>a</photoUrls>
            <status>sold</status><weight> 1.5 </weight><alive>true</alive></pet>"#);
        assert_eq!(
            read,
            Pet {
                id: Some(10),
                name: "Rex & Co".into(),
                photo_urls: vec!["a".into()],
                tags: None,
                status: Some(Status::Sold),
                weight: Some(1.5),
                alive: Some(true),
            }
        );
    }

    #[test]
    fn a_list_is_repeated_elements_or_the_children_of_one_wrapper() {
        let repeated = pet("<Pet><name>n</name><photoUrls>a</photoUrls><photoUrls>b</photoUrls></Pet>");
        assert_eq!(repeated.photo_urls, ["a", "b"]);
        let wrapped = pet("<Pet><name>n</name><photoUrls><photoUrl>a</photoUrl><photoUrl>b</photoUrl></photoUrls>\
             <tags><tag><id>1</id></tag></tags></Pet>");
        assert_eq!(wrapped.photo_urls, ["a", "b"]);
        assert_eq!(wrapped.tags, Some(vec![Tag { id: 1, name: None }]));
        let empty = pet("<Pet><name>n</name><photoUrls/><status>available</status></Pet>");
        assert!(empty.photo_urls.is_empty());
        assert_eq!(empty.status, Some(Status::Available));
    }

    #[test]
    fn malformed_xml_and_the_wrong_shape_are_told_apart() {
        let syntax = from_xml::<Pet>(b"<Pet><name>n</Pet>").unwrap_err();
        assert!(matches!(syntax, XmlError::Syntax(_)), "{syntax:?}");
        let shape = from_xml::<Pet>(b"<Pet><name>n</name><photoUrls/><weight>heavy</weight></Pet>").unwrap_err();
        assert!(matches!(&shape, XmlError::Shape(m) if m.contains("`heavy` is not a number")), "{shape:?}");
        let missing = from_xml::<Pet>(b"<Pet><photoUrls/></Pet>").unwrap_err();
        assert!(matches!(&missing, XmlError::Shape(m) if m.contains("name")), "{missing:?}");
        let deep = format!("{}{}", "<a>".repeat(100_000), "</a>".repeat(100_000));
        let refused = from_xml::<serde_json::Value>(deep.as_bytes()).unwrap_err();
        assert!(matches!(&refused, XmlError::Syntax(m) if m.contains("nested more than 128 deep")), "{refused:?}");
    }
}
