//! One flat view of a schema object. `openapiv3` splits schemas into typed
//! variants and a catch-all `AnySchema` for unusual keyword mixes; lowering
//! reads both through this view so that each rule is written once.

use indexmap::IndexMap;
use openapiv3::{AdditionalProperties, ReferenceOr, Schema, SchemaKind, Type, VariantOrUnknownOrEmpty};
use serde_json::Value;

/// A schema or a reference to one, whether `openapiv3` boxed it or not.
#[derive(Clone, Copy)]
pub enum SchemaRef<'a> {
    Ref(&'a str),
    Inline(&'a Schema),
}

impl<'a> From<&'a ReferenceOr<Schema>> for SchemaRef<'a> {
    fn from(r: &'a ReferenceOr<Schema>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(s) => SchemaRef::Inline(s),
        }
    }
}

impl<'a> From<&'a ReferenceOr<Box<Schema>>> for SchemaRef<'a> {
    fn from(r: &'a ReferenceOr<Box<Schema>>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(s) => SchemaRef::Inline(s),
        }
    }
}

pub enum Additional<'a> {
    /// `additionalProperties` absent.
    Unspecified,
    /// `true` or `{}`.
    Any,
    /// `false`.
    Forbidden,
    Typed(SchemaRef<'a>),
}

pub struct View<'a> {
    pub typ: Option<&'a str>,
    pub format: Option<&'a str>,
    pub properties: Option<&'a IndexMap<String, ReferenceOr<Box<Schema>>>>,
    pub required: &'a [String],
    pub additional: Additional<'a>,
    pub items: Option<SchemaRef<'a>>,
    pub enumeration: Vec<Value>,
    pub pattern: Option<&'a str>,
    pub min_length: Option<usize>,
    pub max_length: Option<usize>,
    pub minimum: Option<f64>,
    pub maximum: Option<f64>,
    pub exclusive_minimum: bool,
    pub exclusive_maximum: bool,
    pub multiple_of: Option<f64>,
    pub min_items: Option<usize>,
    pub max_items: Option<usize>,
    pub one_of: &'a [ReferenceOr<Schema>],
    pub any_of: &'a [ReferenceOr<Schema>],
    pub all_of: &'a [ReferenceOr<Schema>],
    pub has_not: bool,
}

impl<'a> View<'a> {
    fn empty() -> View<'a> {
        View {
            typ: None,
            format: None,
            properties: None,
            required: &[],
            additional: Additional::Unspecified,
            items: None,
            enumeration: Vec::new(),
            pattern: None,
            min_length: None,
            max_length: None,
            minimum: None,
            maximum: None,
            exclusive_minimum: false,
            exclusive_maximum: false,
            multiple_of: None,
            min_items: None,
            max_items: None,
            one_of: &[],
            any_of: &[],
            all_of: &[],
            has_not: false,
        }
    }

    pub fn of(schema: &'a Schema) -> View<'a> {
        let mut v = View::empty();
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => {
                v.typ = Some("string");
                v.format = format_str(&s.format);
                v.pattern = s.pattern.as_deref();
                v.min_length = s.min_length;
                v.max_length = s.max_length;
                v.enumeration = s.enumeration.iter().map(|e| e.clone().map_or(Value::Null, Value::String)).collect();
            }
            SchemaKind::Type(Type::Number(n)) => {
                v.typ = Some("number");
                v.format = format_str(&n.format);
                v.minimum = n.minimum;
                v.maximum = n.maximum;
                v.multiple_of = n.multiple_of;
                v.exclusive_minimum = n.exclusive_minimum;
                v.exclusive_maximum = n.exclusive_maximum;
                v.enumeration = n
                    .enumeration
                    .iter()
                    .map(|e| e.and_then(serde_json::Number::from_f64).map_or(Value::Null, Value::Number))
                    .collect();
            }
            SchemaKind::Type(Type::Integer(i)) => {
                v.typ = Some("integer");
                v.format = format_str(&i.format);
                v.minimum = i.minimum.map(|m| m as f64);
                v.maximum = i.maximum.map(|m| m as f64);
                v.exclusive_minimum = i.exclusive_minimum;
                v.exclusive_maximum = i.exclusive_maximum;
                v.enumeration = i.enumeration.iter().map(|e| e.map_or(Value::Null, Value::from)).collect();
            }
            SchemaKind::Type(Type::Boolean(b)) => {
                v.typ = Some("boolean");
                v.enumeration = b.enumeration.iter().map(|e| e.map_or(Value::Null, Value::Bool)).collect();
            }
            SchemaKind::Type(Type::Object(o)) => {
                v.typ = Some("object");
                v.properties = Some(&o.properties);
                v.required = &o.required;
                v.additional = additional(o.additional_properties.as_ref());
            }
            SchemaKind::Type(Type::Array(a)) => {
                v.typ = Some("array");
                v.items = a.items.as_ref().map(SchemaRef::from);
                v.min_items = a.min_items;
                v.max_items = a.max_items;
            }
            SchemaKind::OneOf { one_of } => v.one_of = one_of,
            SchemaKind::AnyOf { any_of } => v.any_of = any_of,
            SchemaKind::AllOf { all_of } => v.all_of = all_of,
            SchemaKind::Not { .. } => v.has_not = true,
            SchemaKind::Any(a) => {
                v.typ = a.typ.as_deref();
                v.format = a.format.as_deref();
                v.properties = (!a.properties.is_empty()).then_some(&a.properties);
                v.required = &a.required;
                v.additional = additional(a.additional_properties.as_ref());
                v.items = a.items.as_ref().map(SchemaRef::from);
                v.enumeration = a.enumeration.clone();
                v.pattern = a.pattern.as_deref();
                v.min_length = a.min_length;
                v.max_length = a.max_length;
                v.minimum = a.minimum;
                v.maximum = a.maximum;
                v.multiple_of = a.multiple_of;
                v.exclusive_minimum = a.exclusive_minimum.unwrap_or(false);
                v.exclusive_maximum = a.exclusive_maximum.unwrap_or(false);
                v.min_items = a.min_items;
                v.max_items = a.max_items;
                v.one_of = &a.one_of;
                v.any_of = &a.any_of;
                v.all_of = &a.all_of;
                v.has_not = a.not.is_some();
                v.drop_keywords_of_other_types();
            }
        }
        v
    }

    /// Object keywords constrain only objects, and `items` only arrays: beside
    /// an explicit other `type` (`type: array` with `properties`, as some
    /// specs write), they describe no value the schema accepts.
    fn drop_keywords_of_other_types(&mut self) {
        let Some(typ) = self.typ else { return };
        if typ != "object" {
            self.properties = None;
            self.required = &[];
            self.additional = Additional::Unspecified;
        }
        if typ != "array" {
            self.items = None;
        }
    }

    /// Whether this view describes an object with named properties (or an
    /// object closed with `additionalProperties: false`).
    pub fn is_object_with_fields(&self) -> bool {
        self.properties.is_some_and(|p| !p.is_empty())
            || (self.typ == Some("object") && matches!(self.additional, Additional::Forbidden))
    }
}

fn format_str<T>(format: &VariantOrUnknownOrEmpty<T>) -> Option<&str>
where
    T: serde::Serialize,
{
    match format {
        VariantOrUnknownOrEmpty::Item(item) => format_name(item),
        VariantOrUnknownOrEmpty::Unknown(s) => Some(s.as_str()),
        VariantOrUnknownOrEmpty::Empty => None,
    }
}

/// The spelling of a known format, as the spec writes it.
fn format_name<T: serde::Serialize>(item: &T) -> Option<&'static str> {
    let value = serde_json::to_value(item).ok()?;
    const KNOWN: &[&str] = &["date", "date-time", "password", "byte", "binary", "float", "double", "int32", "int64"];
    KNOWN.iter().copied().find(|k| value.as_str() == Some(k))
}

fn additional(a: Option<&AdditionalProperties>) -> Additional<'_> {
    match a {
        None => Additional::Unspecified,
        Some(AdditionalProperties::Any(true)) => Additional::Any,
        Some(AdditionalProperties::Any(false)) => Additional::Forbidden,
        Some(AdditionalProperties::Schema(s)) => match s.as_ref() {
            ReferenceOr::Item(schema) if is_empty_schema(schema) => Additional::Any,
            other => Additional::Typed(SchemaRef::from(other)),
        },
    }
}

/// `{}`: any value.
pub fn is_empty_schema(schema: &Schema) -> bool {
    matches!(&schema.schema_kind, SchemaKind::Any(a) if a == &openapiv3::AnySchema::default())
}
