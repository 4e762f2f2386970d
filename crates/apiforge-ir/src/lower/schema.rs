//! Schemas to shapes and type definitions.
//!
//! Objects with properties, enums and unions become named types; primitives,
//! arrays and maps are used in place (a component schema `Id: {type: string}`
//! is inlined where referenced, keeping its constraints).

use std::collections::HashSet;

use openapiv3::{OpenAPI, ReferenceOr, Schema};
use serde_json::Value;

use super::refs;
use super::view::{is_empty_schema, Additional, SchemaRef, View};
use super::{InPlace, Lowerer};
use crate::diagnostic::{pointer_child, pointer_push, Diagnostic};
use crate::model::{
    Bound, Constraints, Discriminator, Enum, EnumRepr, EnumVariant, Field, IntegerFormat, NumberFormat, Shape,
    StringFormat, Struct, Ty, TypeId, TypeKind, Union, UnionVariant,
};
use crate::naming::{camel_ident, join_name, snake_ident, NameScope};

/// Why an `allOf` that mixes in alternatives has no struct of its own.
const UNION_IN_ALL_OF: &str = "`allOf` with a `oneOf`/`anyOf` member is not supported";

/// How deep `allOf`/`$ref` chains are followed when classifying a schema.
const MAX_CLASSIFY_DEPTH: usize = 32;

/// Whether a component schema becomes a named type (rather than being used in place).
pub(super) fn becomes_type(doc: &OpenAPI, schema: &ReferenceOr<Schema>) -> bool {
    match schema {
        ReferenceOr::Item(s) => view_becomes_type(doc, &View::of(s), 0),
        ReferenceOr::Reference { .. } => false,
    }
}

fn view_becomes_type(doc: &OpenAPI, v: &View, depth: usize) -> bool {
    if v.has_not && v.properties.is_none() {
        return false;
    }
    if !v.one_of.is_empty() || !v.any_of.is_empty() {
        return non_null_members(v).len() >= 2;
    }
    if !v.all_of.is_empty() {
        let members: Vec<_> = v.all_of.iter().filter(|m| !is_empty_member(m)).collect();
        // One member alone is that member; with a `required` beside it
        // (ideal-postcodes' places), a type of its own requiring more.
        if members.len() == 1 && v.properties.is_none() && v.required.is_empty() {
            return false;
        }
        return v.properties.is_some() || members.iter().any(|m| is_object_like(doc, (*m).into(), depth + 1));
    }
    if !v.enumeration.is_empty() && enum_repr(v).is_some() {
        return true;
    }
    v.is_object_with_fields()
}

fn is_object_like(doc: &OpenAPI, member: SchemaRef, depth: usize) -> bool {
    if depth > MAX_CLASSIFY_DEPTH {
        return false;
    }
    let schema = match member {
        SchemaRef::Inline(s) => s,
        SchemaRef::Ref(r) => {
            let schemas = doc.components.as_ref().map(|c| &c.schemas);
            match refs::resolve(schemas, "schemas", r, "#") {
                Ok(resolved) => resolved.item,
                Err(_) => return false,
            }
        }
    };
    let v = View::of(schema);
    v.is_object_with_fields()
        || v.typ == Some("object")
        || v.all_of.iter().any(|m| is_object_like(doc, m.into(), depth + 1))
}

/// A schema as JSON without what only documents it (descriptions, titles,
/// examples, extensions), at every depth but inside data.
fn without_docs(schema: Value) -> Value {
    match schema {
        Value::Object(object) => Value::Object(
            object
                .into_iter()
                .filter(|(key, _)| {
                    !matches!(key.as_str(), "description" | "title" | "example" | "examples" | "externalDocs")
                        && !key.starts_with("x-")
                })
                .map(|(key, value)| match (key.as_str(), value) {
                    ("default" | "enum", value) => (key, value),
                    // Names of properties, each a schema: the names stay.
                    ("properties" | "patternProperties", Value::Object(named)) => {
                        let named = named.into_iter().map(|(name, schema)| (name, without_docs(schema))).collect();
                        (key, Value::Object(named))
                    }
                    (_, value) => (key, without_docs(value)),
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(without_docs).collect()),
        other => other,
    }
}

fn is_empty_member(member: &ReferenceOr<Schema>) -> bool {
    matches!(member, ReferenceOr::Item(s) if is_empty_schema(s))
}

fn is_null_schema(member: &ReferenceOr<Schema>) -> bool {
    matches!(member, ReferenceOr::Item(s) if View::of(s).typ == Some("null"))
}

/// Whether a schema's own keywords let a value be null: `null` among its
/// enum values, or a `{type: null}` member of its union. Every use of the
/// type it becomes is then nullable.
pub(super) fn admits_null(v: &View) -> bool {
    let members = if v.one_of.is_empty() { v.any_of } else { v.one_of };
    v.enumeration.iter().any(Value::is_null) || members.iter().any(is_null_schema)
}

/// `oneOf`/`anyOf` members other than `{type: null}`, with their index.
fn non_null_members<'a>(v: &View<'a>) -> Vec<(usize, &'a ReferenceOr<Schema>)> {
    let members = if v.one_of.is_empty() { v.any_of } else { v.one_of };
    members.iter().enumerate().filter(|(_, m)| !is_null_schema(m)).collect()
}

/// The representation of an enum, or None when its values are not all
/// strings or all whole numbers (such enums are kept as plain values).
fn enum_repr(v: &View) -> Option<EnumRepr> {
    let values: Vec<&Value> = v.enumeration.iter().filter(|e| !e.is_null()).collect();
    if values.is_empty() {
        return None;
    }
    let strings = values.iter().all(|e| e.is_string());
    let integers =
        values.iter().all(|e| e.as_i64().is_some() || e.as_f64().is_some_and(|f| f.fract() == 0.0 && f.abs() < 9.0e15));
    match v.typ {
        Some("string") | None if strings => Some(EnumRepr::String),
        Some("integer") | Some("number") | None if integers => Some(EnumRepr::Integer),
        _ => None,
    }
}

/// A description of a list: the schema, its `items` and where they are.
type ListSchema<'a> = (&'a Schema, SchemaRef<'a>, String);

const UNDESCRIBED: &str = "Required by the schema, which does not describe it: any JSON value.";

/// Parts of an object, gathered across `allOf` members.
#[derive(Default)]
struct ObjectParts<'a> {
    /// Each property with its schemas (several when `allOf` members each
    /// describe it) and where each is.
    properties: Vec<(String, Vec<(SchemaRef<'a>, String)>)>,
    required: HashSet<String>,
    deny_unknown: bool,
    additional: Option<(SchemaRef<'a>, String)>,
    additional_any: bool,
    description: Option<String>,
}

/// The properties a schema names and requires, added to `parts`: a
/// property already there (from an earlier `allOf` member) is described by
/// both, and moves to where this schema puts it.
fn add_properties<'a>(v: &View<'a>, pointer: &str, parts: &mut ObjectParts<'a>) {
    if let Some(properties) = v.properties {
        for (wire, prop) in properties {
            let prop_pointer = pointer_push(&pointer_child(pointer, "properties"), wire);
            let mut schemas = match parts.properties.iter().position(|(w, _)| w == wire) {
                Some(earlier) => parts.properties.remove(earlier).1,
                None => Vec::new(),
            };
            schemas.push((prop.into(), prop_pointer));
            parts.properties.push((wire.clone(), schemas));
        }
    }
    parts.required.extend(v.required.iter().cloned());
}

impl<'a> Lowerer<'a> {
    /// Lowers a schema or a reference to one.
    pub(super) fn schema_ref(&mut self, src: SchemaRef<'a>, hint: &str, pointer: &str) -> Result<Shape, Diagnostic> {
        match src {
            SchemaRef::Ref(reference) => self.component_schema(reference, pointer),
            SchemaRef::Inline(schema) => self.schema(schema, hint, pointer),
        }
    }

    pub(super) fn component_schema(&mut self, reference: &str, at: &str) -> Result<Shape, Diagnostic> {
        // Loading pointed those whose response has a JSON schema at it.
        if reference.starts_with("#/components/responses/") {
            return Err(Diagnostic::at(
                at,
                format!("`$ref: {reference}` names a response where a schema is expected, and it has no JSON schema"),
            )
            .with_help("point the `$ref` to a schema under `components/schemas`"));
        }
        let schemas = self.doc.components.as_ref().map(|c| &c.schemas);
        let resolved = refs::resolve(schemas, "schemas", reference, at)?;
        if let Some(shape) = self.shapes.get(&resolved.pointer) {
            return Ok(shape.clone());
        }
        if let Some(in_place) = self.inlining.get(&resolved.pointer) {
            if self.open_types == in_place.open_types {
                return Err(Diagnostic::at(
                    &resolved.pointer,
                    "this schema contains itself without passing through an object, so it has no finite Rust type",
                )
                .with_help("wrap the recursion in an object with properties"));
            }
            // Reached again through an object: it needs a name to be referred to.
            let alias = match in_place.alias {
                Some(id) => id,
                None => {
                    let name = self.type_names.claim(&camel_ident(&resolved.name));
                    let id = self.allocate_type(name, resolved.item.schema_data.description.clone(), &resolved.pointer);
                    if let Some(in_place) = self.inlining.get_mut(&resolved.pointer) {
                        in_place.alias = Some(id);
                    }
                    id
                }
            };
            return Ok(Shape::new(Ty::Named(alias)));
        }
        let in_place = InPlace { open_types: self.open_types, alias: None };
        self.inlining.insert(resolved.pointer.clone(), in_place);
        let shape = self.schema(resolved.item, &camel_ident(&resolved.name), &resolved.pointer);
        let alias = self.inlining.remove(&resolved.pointer).and_then(|in_place| in_place.alias);
        let mut shape = shape?;
        if let Some(id) = alias {
            self.types[id.0].kind = TypeKind::Alias(shape);
            shape = Shape::new(Ty::Named(id));
        }
        self.shapes.insert(resolved.pointer, shape.clone());
        Ok(shape)
    }

    fn schema(&mut self, schema: &'a Schema, hint: &str, pointer: &str) -> Result<Shape, Diagnostic> {
        if let Some(shape) = self.shapes.get(pointer) {
            return Ok(shape.clone());
        }
        let v = View::of(schema);
        let named = view_becomes_type(self.doc, &v, 0);
        let mut shape = if named {
            let description = schema.schema_data.description.clone();
            let id =
                self.named_type(hint, description, pointer, |lowerer, name| lowerer.type_body(schema, name, pointer))?;
            Shape { nullable: admits_null(&v), ..Shape::new(Ty::Named(id)) }
        } else {
            self.inline_shape(&v, hint, pointer)?
        };
        shape.nullable |= schema.schema_data.nullable;
        if schema.schema_data.default.is_some() {
            shape.default = schema.schema_data.default.clone();
        }
        if schema.schema_data.description.is_some() {
            shape.description = schema.schema_data.description.clone();
        }
        if named {
            // Whole, nullability included: a second use of this schema (an
            // `allOf` copying the property) is the same use.
            self.shapes.insert(pointer.to_string(), shape.clone());
        }
        Ok(shape)
    }

    /// A new named type, called after `hint` (already UpperCamelCase, and
    /// possibly holding a `_` between digits), whose body `body` lowers
    /// given the name: the type exists before its body, so that the body
    /// may refer to it.
    fn named_type(
        &mut self,
        hint: &str,
        description: Option<String>,
        pointer: &str,
        body: impl FnOnce(&mut Self, &str) -> Result<TypeKind, Diagnostic>,
    ) -> Result<TypeId, Diagnostic> {
        let name = self.type_names.claim(hint);
        let id = self.allocate_type(name.clone(), description, pointer);
        self.open_types += 1;
        let kind = body(self, &name);
        self.open_types -= 1;
        self.types[id.0].kind = kind?;
        Ok(id)
    }

    /// A schema `$ref`'d or written in place, with where it is.
    fn resolve_schema(&self, schema: SchemaRef<'a>, pointer: &str) -> Result<(&'a Schema, String), Diagnostic> {
        match schema {
            SchemaRef::Inline(schema) => Ok((schema, pointer.to_string())),
            SchemaRef::Ref(reference) => {
                let schemas = self.doc.components.as_ref().map(|c| &c.schemas);
                let resolved = refs::resolve(schemas, "schemas", reference, pointer)?;
                Ok((resolved.item, resolved.pointer))
            }
        }
    }

    /// The body of a named type.
    pub(super) fn type_body(&mut self, schema: &'a Schema, name: &str, pointer: &str) -> Result<TypeKind, Diagnostic> {
        let v = View::of(schema);
        if let Some(parts) = self.any_of_objects(schema, &v, pointer)? {
            return self.object(parts, name).map(TypeKind::Struct);
        }
        if !v.one_of.is_empty() || !v.any_of.is_empty() {
            return self.union(schema, &v, name, pointer).map(TypeKind::Union);
        }
        if let Some(repr) = enum_repr(&v).filter(|_| v.all_of.is_empty() && v.properties.is_none()) {
            return enum_body(&v, repr, pointer).map(TypeKind::Enum);
        }
        let mut parts = ObjectParts::default();
        match self.collect_object(schema, pointer, &mut parts, 0) {
            // No struct states "these fields and one of those": the value is
            // kept as JSON rather than the spec refused.
            Err(e) if e.message == UNION_IN_ALL_OF => return Ok(TypeKind::Alias(Shape::new(Ty::Any))),
            other => other?,
        }
        self.object(parts, name).map(TypeKind::Struct)
    }

    fn collect_object(
        &mut self,
        schema: &'a Schema,
        pointer: &str,
        parts: &mut ObjectParts<'a>,
        depth: usize,
    ) -> Result<(), Diagnostic> {
        if depth > MAX_CLASSIFY_DEPTH {
            return Err(Diagnostic::at(pointer, "`allOf` nests too deeply (or includes itself)")
                .with_help("flatten the `allOf` chain"));
        }
        let v = View::of(schema);
        if parts.description.is_none() {
            parts.description = schema.schema_data.description.clone();
        }
        for (i, member) in v.all_of.iter().enumerate() {
            let (member_schema, member_pointer) =
                self.resolve_schema(member.into(), &format!("{pointer}/allOf/{i}"))?;
            let member_view = View::of(member_schema);
            if !member_view.one_of.is_empty() || !member_view.any_of.is_empty() {
                return Err(Diagnostic::at(&member_pointer, UNION_IN_ALL_OF)
                    .with_help("move the alternatives to the top level (`oneOf` of complete objects)"));
            }
            self.collect_object(member_schema, &member_pointer, parts, depth + 1)?;
        }
        add_properties(&v, pointer, parts);
        match v.additional {
            Additional::Unspecified => {}
            Additional::Any => parts.additional_any = true,
            Additional::Forbidden => parts.deny_unknown = true,
            Additional::Typed(s) => parts.additional = Some((s, pointer_child(pointer, "additionalProperties"))),
        }
        Ok(())
    }

    /// The parts of one object for an `anyOf` (without discriminator) whose
    /// members are all objects of named properties, without maps of their
    /// own, that are optional or sit beside the schema's own map of other
    /// properties: a value may hold the properties of several members (as
    /// Adyen's `additionalData`), which no one variant could keep, but one
    /// struct of all of them can. None for other unions: members that
    /// require properties (with no map beside them), or describe one
    /// differently, tell their values apart as variants.
    fn any_of_objects(
        &mut self,
        schema: &'a Schema,
        v: &View<'a>,
        pointer: &str,
    ) -> Result<Option<ObjectParts<'a>>, Diagnostic> {
        if v.any_of.is_empty() || !v.one_of.is_empty() || schema.schema_data.discriminator.is_some() {
            return Ok(None);
        }
        let mut parts = ObjectParts::default();
        self.collect_object(schema, pointer, &mut parts, 0)?;
        // Beside a map of other properties, members' requirements tell no
        // value apart: each fits the struct whatever it holds.
        let open = parts.additional.is_some() || parts.additional_any;
        let mut members = Vec::with_capacity(v.any_of.len());
        for (i, member) in v.any_of.iter().enumerate() {
            let Ok((member, member_pointer)) = self.resolve_schema(member.into(), &format!("{pointer}/anyOf/{i}"))
            else {
                return Ok(None);
            };
            if self.describes_properties(member, &member_pointer, 0) != Some(true) {
                return Ok(None);
            }
            let mut member_parts = ObjectParts::default();
            self.collect_object(member, &member_pointer, &mut member_parts, 1)?;
            if (!member_parts.required.is_empty() && !open) || member_parts.additional.is_some() {
                return Ok(None);
            }
            members.push(member_parts);
        }
        for member_parts in members {
            for (wire, schemas) in member_parts.properties {
                match parts.properties.iter_mut().find(|(w, _)| *w == wire) {
                    Some((_, earlier)) if !Self::describe_alike(earlier, &schemas) => return Ok(None),
                    Some((_, earlier)) => earlier.extend(schemas),
                    None => parts.properties.push((wire, schemas)),
                }
            }
            parts.additional_any |= member_parts.additional_any;
        }
        Ok(Some(parts))
    }

    /// Whether two lists of a property's schemas describe it alike: the
    /// same schemas but for their documentation (Adyen's members describe
    /// a shared property each in its own words). Two objects that differ
    /// are not alike: merged, they would require what either requires,
    /// where a value of one member need only hold its own (here.com's
    /// desired and reported `system`).
    fn describe_alike(a: &[(SchemaRef<'a>, String)], b: &[(SchemaRef<'a>, String)]) -> bool {
        let json = |schemas: &[(SchemaRef<'a>, String)]| -> Vec<Value> {
            schemas
                .iter()
                .map(|(schema, _)| match schema {
                    SchemaRef::Ref(reference) => Value::String((*reference).to_string()),
                    SchemaRef::Inline(schema) => without_docs(serde_json::to_value(schema).unwrap_or(Value::Null)),
                })
                .collect()
        };
        let (a, b) = (json(a), json(b));
        a.iter().chain(&b).all(|schema| Some(schema) == a.first())
    }

    /// A property's shape. One that several `allOf` members describe, each
    /// as an object, holds what every one of them describes (JSON Schema
    /// applies them all): one struct with all their properties; one that
    /// each describes as a list is a list of items merged alike. Otherwise
    /// the last description is the property's.
    fn property(&mut self, mut schemas: Vec<(SchemaRef<'a>, String)>, hint: &str) -> Result<Shape, Diagnostic> {
        if schemas.len() > 1 {
            let objects: Option<Vec<(&'a Schema, String)>> =
                schemas.iter().map(|(schema, pointer)| self.object_schema(*schema, pointer)).collect();
            if let Some(objects) = objects {
                let mut parts = ObjectParts::default();
                for (schema, pointer) in &objects {
                    self.collect_object(schema, pointer, &mut parts, 1)?;
                }
                // Where the property is first described: its declaration, which
                // later members constrain or extend.
                let pointer = &objects[0].1;
                let description = parts.description.clone();
                let id = self.named_type(hint, description, pointer, |lowerer, name| {
                    lowerer.object(parts, name).map(TypeKind::Struct)
                })?;
                self.types[id.0].also_described_at = objects[1..].iter().map(|(_, pointer)| pointer.clone()).collect();
                // Null only where every description allows it.
                let nullable = objects.iter().all(|(schema, _)| schema.schema_data.nullable);
                return Ok(Shape { nullable, ..Shape::new(Ty::Named(id)) });
            }
        }
        if let Some(lists) = self.list_schemas(&schemas) {
            // Items every description constrains: what each of them holds.
            let items: Vec<_> = lists.iter().map(|(_, items, pointer)| (*items, pointer.clone())).collect();
            // Described alike (an `allOf` copying the list), the items are the
            // last description's, as any one property's.
            let items = if Self::describe_alike(&items[..1], &items[1..]) {
                let (schema, pointer) = items.last().expect("a list has items");
                self.schema_ref(*schema, &format!("{hint}Item"), pointer)?
            } else {
                self.property(items, &format!("{hint}Item"))?
            };
            let (last, _, _) = lists.last().expect("a property has at least one schema");
            let nullable = lists.iter().all(|(schema, _, _)| schema.schema_data.nullable);
            return Ok(Shape {
                constraints: constraints_of(&View::of(last)),
                nullable,
                ..Shape::new(Ty::Array(Box::new(items)))
            });
        }
        let (schema, pointer) = schemas.pop().expect("a property has at least one schema");
        self.schema_ref(schema, hint, &pointer)
    }

    /// When several descriptions of a property each describe a list of
    /// items (`type: array`, no alternatives): each schema, with its
    /// `items` and where they are.
    fn list_schemas(&self, schemas: &[(SchemaRef<'a>, String)]) -> Option<Vec<ListSchema<'a>>> {
        if schemas.len() < 2 {
            return None;
        }
        schemas
            .iter()
            .map(|(schema, pointer)| {
                let (schema, pointer) = self.resolve_schema(*schema, pointer).ok()?;
                let v = View::of(schema);
                let plain = v.typ == Some("array") && v.all_of.is_empty() && v.one_of.is_empty() && v.any_of.is_empty();
                plain.then_some((schema, v.items?, pointer_child(&pointer, "items")))
            })
            .collect()
    }

    /// The schema, and where it is, when it describes an object (`type:
    /// object` or properties), itself or through `allOf` members (as
    /// `Account: {allOf: [Actor, {...}]}`), without alternatives anywhere in
    /// that chain.
    fn object_schema(&self, schema: SchemaRef<'a>, pointer: &str) -> Option<(&'a Schema, String)> {
        let (schema, pointer) = self.resolve_schema(schema, pointer).ok()?;
        let v = View::of(schema);
        let object = v.properties.is_some() || self.describes_properties(schema, &pointer, 0)?;
        (object && v.one_of.is_empty() && v.any_of.is_empty()).then_some((schema, pointer))
    }

    /// Whether the schema or its `allOf` members name properties; None when
    /// one of them has alternatives (`oneOf`, `anyOf`) or cannot be read.
    fn describes_properties(&self, schema: &'a Schema, pointer: &str, depth: usize) -> Option<bool> {
        let v = View::of(schema);
        if depth > MAX_CLASSIFY_DEPTH || !v.one_of.is_empty() || !v.any_of.is_empty() {
            return None;
        }
        let mut named = v.properties.is_some_and(|p| !p.is_empty());
        for (i, member) in v.all_of.iter().enumerate() {
            let (member, member_pointer) = self.resolve_schema(member.into(), &format!("{pointer}/allOf/{i}")).ok()?;
            named |= self.describes_properties(member, &member_pointer, depth + 1)?;
        }
        Some(named)
    }

    /// Whether a property's schema is `readOnly` (true) or `writeOnly`
    /// (false), itself or the schema its `$ref` names; None for neither.
    fn read_only(&self, schema: SchemaRef<'a>, pointer: &str) -> Option<bool> {
        let (schema, _) = self.resolve_schema(schema, pointer).ok()?;
        let data = &schema.schema_data;
        (data.read_only || data.write_only).then_some(data.read_only)
    }

    fn object(&mut self, parts: ObjectParts<'a>, name: &str) -> Result<Struct, Diagnostic> {
        let mut scope = NameScope::with_reserved(&["additional_properties"]);
        let mut fields = Vec::with_capacity(parts.properties.len());
        for (wire, schemas) in parts.properties {
            let rust_name = scope.claim(&snake_ident(&wire));
            let hint = join_name(name, &camel_ident(&wire));
            // A property only responses hold (`readOnly`) or only requests
            // (`writeOnly`) is required in those alone, and one type serves
            // both: optional, and a request body's check asks for one
            // `writeOnly`. (A nullable one is an `Option` that reads
            // absent as `None` already, and stays written as `null`.)
            let one_way = schemas.iter().find_map(|(schema, pointer)| self.read_only(*schema, pointer));
            let shape = self.property(schemas, &hint)?;
            let listed = parts.required.contains(&wire);
            let required = listed && (one_way.is_none() || shape.nullable);
            let required_in_requests = listed && !required && one_way == Some(false);
            let read_only = one_way == Some(true);
            fields.push(Field { required, required_in_requests, read_only, wire_name: wire, rust_name, shape });
        }
        // A property `required` names and no schema describes is still part
        // of every value: kept as any JSON rather than dropped (unless the
        // map of other properties keeps it).
        if parts.additional.is_none() && !parts.additional_any {
            let mut undescribed: Vec<String> =
                parts.required.into_iter().filter(|wire| !fields.iter().any(|f| f.wire_name == *wire)).collect();
            undescribed.sort();
            for wire in undescribed {
                let rust_name = scope.claim(&snake_ident(&wire));
                let shape = Shape { description: Some(UNDESCRIBED.into()), ..Shape::new(Ty::Any) };
                let (required, required_in_requests, read_only) = (true, false, false);
                fields.push(Field { required, required_in_requests, read_only, wire_name: wire, rust_name, shape });
            }
        }
        let additional = match parts.additional {
            Some((schema, pointer)) => Some(Box::new(self.schema_ref(schema, &format!("{name}Value"), &pointer)?)),
            None if parts.additional_any => Some(Box::new(Shape::new(Ty::Any))),
            None => None,
        };
        Ok(Struct { fields, deny_unknown: parts.deny_unknown && additional.is_none(), additional })
    }

    fn union(&mut self, schema: &'a Schema, v: &View<'a>, name: &str, pointer: &str) -> Result<Union, Diagnostic> {
        let keyword = if v.one_of.is_empty() { "anyOf" } else { "oneOf" };
        let mut scope = NameScope::new();
        let mut variants = Vec::new();
        let mut tags = Vec::new();
        let discriminator = schema.schema_data.discriminator.as_ref();
        for (i, member) in non_null_members(v) {
            let member_pointer = format!("{pointer}/{keyword}/{i}");
            let (wanted, tag) = match member {
                ReferenceOr::Reference { reference } => {
                    let component = refs::component_name(reference, "schemas", &member_pointer)?;
                    let tag = discriminator.map(|d| {
                        let mapped: Vec<String> = d
                            .mapping
                            .iter()
                            .filter(|(_, target)| *target == reference || **target == component)
                            .map(|(value, _)| value.clone())
                            .collect();
                        if mapped.is_empty() {
                            let implied = self.only_value(reference, &d.property_name, &member_pointer);
                            vec![implied.unwrap_or_else(|| component.clone())]
                        } else {
                            mapped
                        }
                    });
                    (camel_ident(&component), tag)
                }
                ReferenceOr::Item(s) => (variant_name_of(s, i), None),
            };
            let rust_name = scope.claim(&wanted);
            let hint = join_name(name, &rust_name);
            let shape = match self.object_schema(member.into(), &member_pointer) {
                Some((object, object_pointer)) if self.adds_to(object, &object_pointer, v) => {
                    self.object_beside(object, &object_pointer, v, pointer, &hint)?
                }
                _ => self.schema_ref(member.into(), &hint, &member_pointer)?,
            };
            tags.push(tag);
            variants.push(UnionVariant { rust_name, shape });
        }
        let discriminator = match (discriminator, tags.iter().all(Option::is_some)) {
            (Some(d), true) => {
                Some(Discriminator { property: d.property_name.clone(), values: tags.into_iter().flatten().collect() })
            }
            _ => None,
        };
        Ok(Union { variants, discriminator })
    }

    /// Whether the properties a union names or requires beside its members
    /// add to `member`'s: a property it does not require, or any the union
    /// describes (a member that requires them all stays the type it is).
    fn adds_to(&mut self, member: &'a Schema, member_pointer: &str, union: &View<'a>) -> bool {
        if union.properties.is_some_and(|p| !p.is_empty()) {
            return true;
        }
        let mut parts = ObjectParts::default();
        // A member that cannot be read is reported where it is lowered.
        self.collect_object(member, member_pointer, &mut parts, 0).is_ok()
            && union.required.iter().any(|wire| !parts.required.contains(wire))
    }

    /// A union's object member, with the properties the union names and
    /// requires beside its members (`{required: [id], oneOf: [...]}`): they
    /// apply to every member, so each variant is the member's object with
    /// them, a struct of its own.
    fn object_beside(
        &mut self,
        member: &'a Schema,
        member_pointer: &str,
        union: &View<'a>,
        union_pointer: &str,
        hint: &str,
    ) -> Result<Shape, Diagnostic> {
        let description = member.schema_data.description.clone();
        let id = self.named_type(hint, description, member_pointer, |lowerer, name| {
            // The union's first: where both describe a property, the
            // member's description (`status: {enum: [completed]}` beside
            // the union's `status` of three values) is the narrower one.
            let mut parts = ObjectParts::default();
            add_properties(union, union_pointer, &mut parts);
            lowerer.collect_object(member, member_pointer, &mut parts, 0)?;
            lowerer.object(parts, name).map(TypeKind::Struct)
        })?;
        // Its values are the member's that the union holds.
        self.types[id.0].also_described_at.push(union_pointer.to_string());
        Ok(Shape { nullable: member.schema_data.nullable, ..Shape::new(Ty::Named(id)) })
    }

    /// The one string a component allows for its `property` (`type: {enum:
    /// [resource]}`): an unmapped discriminator's tag for it, as the values
    /// say, where the schema's name would be one no value holds.
    fn only_value(&self, reference: &str, property: &str, pointer: &str) -> Option<String> {
        let (schema, schema_pointer) = self.resolve_schema(SchemaRef::Ref(reference), pointer).ok()?;
        let property = View::of(schema).properties?.get(property)?;
        let (property, _) = self.resolve_schema(property.into(), &schema_pointer).ok()?;
        match View::of(property).enumeration.as_slice() {
            [Value::String(only)] => Some(only.clone()),
            _ => None,
        }
    }

    /// A primitive, array, map or free-form value, used in place.
    fn inline_shape(&mut self, v: &View<'a>, hint: &str, pointer: &str) -> Result<Shape, Diagnostic> {
        if v.has_not && v.typ.is_none() && v.properties.is_none() {
            // `not` narrows values in a way no Rust type states: any value.
            return Ok(Shape::new(Ty::Any));
        }
        if !v.one_of.is_empty() || !v.any_of.is_empty() {
            let keyword = if v.one_of.is_empty() { "anyOf" } else { "oneOf" };
            return match non_null_members(v).as_slice() {
                [] => Ok(Shape { nullable: true, ..Shape::new(Ty::Any) }),
                // One member beside `{type: null}` (or alone): that member,
                // nullable only with the null.
                [(i, member)] => {
                    let mut shape = self.schema_ref((*member).into(), hint, &format!("{pointer}/{keyword}/{i}"))?;
                    shape.nullable |= admits_null(v);
                    Ok(shape)
                }
                _ => Err(Diagnostic::at(pointer, "internal: a union of several members was not given a type")
                    .with_help("please report this with the spec")),
            };
        }
        if !v.all_of.is_empty() {
            return self.merged_primitive(v, hint, pointer);
        }
        let constraints = constraints_of(v);
        let ty = match v.typ {
            Some("string") => Ty::String(string_format(v.format)),
            Some("integer") => Ty::Integer(integer_format(v.format)),
            Some("number") => Ty::Number(number_format(v)),
            Some("boolean") => Ty::Boolean,
            Some("array") => {
                let items = match v.items {
                    Some(items) => self.schema_ref(items, &format!("{hint}Item"), &pointer_child(pointer, "items"))?,
                    None => Shape::new(Ty::Any),
                };
                Ty::Array(Box::new(items))
            }
            Some("object") | None if v.properties.is_none() || v.properties.is_some_and(|p| p.is_empty()) => {
                match v.additional {
                    Additional::Typed(values) => {
                        let values = self.schema_ref(
                            values,
                            &format!("{hint}Value"),
                            &pointer_child(pointer, "additionalProperties"),
                        )?;
                        Ty::Map(Box::new(values))
                    }
                    _ if v.typ == Some("object") => Ty::Map(Box::new(Shape::new(Ty::Any))),
                    _ => Ty::Any,
                }
            }
            Some("null") => return Ok(Shape { nullable: true, ..Shape::new(Ty::Any) }),
            Some(other) => {
                return Err(Diagnostic::at(pointer_child(pointer, "type"), format!("unknown schema type `{other}`"))
                    .with_help("use one of string, integer, number, boolean, array, object"))
            }
            None => Ty::Any,
        };
        let nullable = v.enumeration.iter().any(Value::is_null);
        Ok(Shape { constraints, nullable, ..Shape::new(ty) })
    }

    /// `allOf` of non-object schemas: one shape, constraints intersected.
    fn merged_primitive(&mut self, v: &View<'a>, hint: &str, pointer: &str) -> Result<Shape, Diagnostic> {
        let mut merged: Option<Shape> = None;
        for (i, member) in v.all_of.iter().enumerate() {
            if is_empty_member(member) {
                continue;
            }
            let member_pointer = format!("{pointer}/allOf/{i}");
            let shape = self.schema_ref(member.into(), hint, &member_pointer)?;
            if shape.ty == Ty::Any {
                // A member with no type (only a description, say) adds nothing.
                continue;
            }
            merged = Some(match merged {
                None => shape,
                Some(mut acc) => {
                    if std::mem::discriminant(&acc.ty) != std::mem::discriminant(&shape.ty) {
                        return Err(Diagnostic::at(member_pointer, "`allOf` members have different types")
                            .with_help("all members of an `allOf` must describe the same kind of value"));
                    }
                    intersect(&mut acc.constraints, &shape.constraints);
                    acc.nullable &= shape.nullable;
                    acc.description = acc.description.or(shape.description);
                    acc
                }
            });
        }
        let mut shape = merged.unwrap_or_else(|| Shape::new(Ty::Any));
        intersect(&mut shape.constraints, &constraints_of(v));
        Ok(shape)
    }
}

fn variant_name_of(schema: &Schema, index: usize) -> String {
    if let Some(title) = &schema.schema_data.title {
        return camel_ident(title);
    }
    let v = View::of(schema);
    let by_type = match v.typ {
        Some("string") => "String",
        Some("integer") => "Integer",
        Some("number") => "Number",
        Some("boolean") => "Boolean",
        Some("array") => "Array",
        Some("object") => "Object",
        _ => "",
    };
    if by_type.is_empty() {
        format!("Variant{}", index + 1)
    } else {
        by_type.to_string()
    }
}

fn enum_body(v: &View, repr: EnumRepr, pointer: &str) -> Result<Enum, Diagnostic> {
    let mut scope = NameScope::new();
    let mut seen: Vec<Value> = Vec::new();
    let mut variants = Vec::new();
    for value in v.enumeration.iter().filter(|e| !e.is_null()) {
        let value = match repr {
            EnumRepr::String => value.clone(),
            EnumRepr::Integer => match value.as_i64().or_else(|| value.as_f64().map(|f| f as i64)) {
                Some(n) => Value::from(n),
                None => return Err(Diagnostic::at(pointer, format!("enum value {value} is not an integer"))),
            },
        };
        if seen.contains(&value) {
            continue;
        }
        let wanted = match &value {
            Value::String(s) if s.is_empty() => "Empty".to_string(),
            Value::String(s) => camel_ident(s),
            other => camel_ident(&other.to_string()),
        };
        variants.push(EnumVariant { rust_name: scope.claim(&wanted), value: value.clone() });
        seen.push(value);
    }
    Ok(Enum { repr, variants })
}

fn string_format(format: Option<&str>) -> StringFormat {
    match format {
        Some("date-time") => StringFormat::DateTime,
        Some("date") => StringFormat::Date,
        Some("time") => StringFormat::Time,
        Some("uuid") => StringFormat::Uuid,
        Some("uri" | "url") => StringFormat::Uri,
        Some("email") => StringFormat::Email,
        Some("ipv4") => StringFormat::Ipv4,
        Some("ipv6") => StringFormat::Ipv6,
        Some("binary") => StringFormat::Binary,
        Some("byte") => StringFormat::Byte,
        _ => StringFormat::Plain,
    }
}

fn integer_format(format: Option<&str>) -> IntegerFormat {
    match format {
        Some("int32") => IntegerFormat::Int32,
        Some("uint32") => IntegerFormat::Uint32,
        Some("uint64") => IntegerFormat::Uint64,
        _ => IntegerFormat::Int64,
    }
}

fn constraints_of(v: &View) -> Constraints {
    Constraints {
        patterns: v.pattern.map(|p| vec![p.to_string()]).unwrap_or_default(),
        min_length: v.min_length.map(|n| n as u64),
        max_length: v.max_length.map(|n| n as u64),
        minimum: v.minimum.map(|value| Bound { value, exclusive: v.exclusive_minimum }),
        maximum: v.maximum.map(|value| Bound { value, exclusive: v.exclusive_maximum }),
        min_items: v.min_items.map(|n| n as u64),
        max_items: v.max_items.map(|n| n as u64),
    }
}

/// Narrows `acc` by `other`: patterns accumulate, bounds tighten.
fn intersect(acc: &mut Constraints, other: &Constraints) {
    for p in &other.patterns {
        if !acc.patterns.contains(p) {
            acc.patterns.push(p.clone());
        }
    }
    acc.min_length = max_opt(acc.min_length, other.min_length);
    acc.max_length = min_opt(acc.max_length, other.max_length);
    acc.min_items = max_opt(acc.min_items, other.min_items);
    acc.max_items = min_opt(acc.max_items, other.max_items);
    acc.minimum = tighter(acc.minimum, other.minimum, |a, b| a > b);
    acc.maximum = tighter(acc.maximum, other.maximum, |a, b| a < b);
}

fn max_opt(a: Option<u64>, b: Option<u64>) -> Option<u64> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    }
}

fn min_opt(a: Option<u64>, b: Option<u64>) -> Option<u64> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

fn tighter(a: Option<Bound>, b: Option<Bound>, stricter: impl Fn(f64, f64) -> bool) -> Option<Bound> {
    match (a, b) {
        (Some(a), Some(b)) if a.value == b.value => {
            Some(Bound { value: a.value, exclusive: a.exclusive || b.exclusive })
        }
        (Some(a), Some(b)) => Some(if stricter(a.value, b.value) { a } else { b }),
        (a, b) => a.or(b),
    }
}

/// An `f32` for `format: float`, unless the schema bounds the value or asks
/// for a multiple: an `f32` is the nearest binary fraction, which may be
/// past the bound (`maximum: 0.1`) or no longer a multiple of a decimal
/// (`multipleOf: 0.1`) when written back.
fn number_format(v: &View) -> NumberFormat {
    let ruled = v.minimum.is_some() || v.maximum.is_some() || v.multiple_of.is_some();
    if v.format == Some("float") && !ruled {
        NumberFormat::Float
    } else {
        NumberFormat::Double
    }
}
