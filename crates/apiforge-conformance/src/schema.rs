//! The spec's schemas as JSON Schema (draft 2020-12), the dialect the
//! validator and the value generator read.
//!
//! The document is the one the IR was lowered from (3.1 brought to 3.0,
//! Swagger 2.0 converted, repairs applied), so every type's `pointer` names
//! its schema in it. Its OpenAPI 3.0 keywords are rewritten once: `nullable`
//! becomes a choice with `null`, boolean `exclusiveMinimum`/`exclusiveMaximum`
//! become the numeric bounds of JSON Schema. A nullable schema moves below
//! its choice (`anyOf/1`); pointers and references into it are translated.

use std::collections::BTreeSet;

use apiforge_ir::diagnostic::pointer_push;
use apiforge_ir::{Api, IntegerFormat, Shape, StringFormat, Ty, TypeDef};
use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, CONTROLS};
use serde_json::{json, Map, Value};

/// A document whose schemas read as JSON Schema.
pub struct Schemas {
    document: Value,
}

/// Which way the values drawn travel: a request holds no `readOnly`
/// property, a response no `writeOnly` one, each required or not.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// A value of a type, either way.
    Both,
    Request,
    Response,
}

impl Direction {
    /// The flag of the properties a value travelling this way leaves out.
    fn left_out(self) -> Option<&'static str> {
        match self {
            Direction::Both => None,
            Direction::Request => Some("readOnly"),
            Direction::Response => Some("writeOnly"),
        }
    }
}

impl Schemas {
    /// Rewrites every schema of `document` (an OpenAPI 3.0 document as JSON).
    pub fn new(document: Value) -> Schemas {
        Schemas::travelling(document, Direction::Both)
    }

    /// [`Schemas::new`], for values travelling `direction`: without the
    /// properties only the other way holds.
    pub fn travelling(mut document: Value, direction: Direction) -> Schemas {
        if let Some(flag) = direction.left_out() {
            leave_out_flagged(&mut document, flag);
        }
        discriminators_enforced(&mut document);
        convert_positions(&mut document);
        let mut schemas = Schemas { document };
        let mut references = Vec::new();
        collect_ref_holders(&schemas.document, "", &mut references);
        for (holder, reference) in references {
            let Some(translated) = pointer_of(&reference).map(|p| schemas.reference(&p)) else { continue };
            if let Some(Value::Object(map)) = schemas.document.pointer_mut(&holder) {
                map.insert("$ref".into(), translated);
            }
        }
        schemas
    }

    /// Where `pointer` (into the document as written) is after the rewrite:
    /// below the choice of every nullable schema on the way.
    fn translate(&self, pointer: &str) -> String {
        let mut translated = String::new();
        let mut here = Some(&self.document);
        for token in pointer.split('/').skip(1) {
            if here.is_some_and(|node| node.get(NULLABLE).is_some()) {
                translated.push_str("/anyOf/1");
                here = here.and_then(|node| node.pointer("/anyOf/1"));
            }
            here = here.and_then(|node| node.pointer(&format!("/{token}")));
            translated.push('/');
            translated.push_str(token);
        }
        translated
    }

    /// A `$ref` to what `pointer` names in the document as written.
    fn reference(&self, pointer: &str) -> Value {
        let pointer = self.translate(pointer);
        Value::String(format!("#{}", utf8_percent_encode(&pointer, NOT_IN_FRAGMENT)))
    }

    /// The whole rewritten document.
    pub(crate) fn document(&self) -> &Value {
        &self.document
    }

    /// The schema at a JSON pointer.
    pub fn at(&self, pointer: &str) -> Option<&Value> {
        self.document.pointer(pointer)
    }

    /// The schema a local `$ref` names.
    pub fn resolve(&self, reference: &str) -> Option<&Value> {
        self.at(&pointer_of(reference)?)
    }

    /// The schema a type was defined by (its `pointer` in the IR, `#/...`,
    /// and every other place that describes it), as `$ref`s to be made
    /// whole by [`Schemas::standalone`].
    pub fn of_type(&self, def: &TypeDef) -> Value {
        if def.also_described_at.is_empty() {
            return self.reference_to(&def.pointer);
        }
        let all: Vec<Value> =
            std::iter::once(&def.pointer).chain(&def.also_described_at).map(|p| self.reference_to(p)).collect();
        json!({ "allOf": all })
    }

    /// A `$ref` to the schema at `pointer` (a `#/...` JSON pointer).
    pub fn reference_to(&self, pointer: &str) -> Value {
        json!({ "$ref": self.reference(pointer.strip_prefix('#').unwrap_or(pointer)) })
    }

    /// The schema of one use of a type (a union's variant): its type only,
    /// the constraints and nullability of the use aside from `null`.
    pub fn of_shape(&self, api: &Api, shape: &Shape) -> Value {
        let schema = match &shape.ty {
            Ty::String(format) => match format.name() {
                // Binary data is any bytes, not text a validator could check.
                Some(name) if *format != StringFormat::Binary => json!({ "type": "string", "format": name }),
                _ => json!({ "type": "string" }),
            },
            // The format bounds what the Rust type holds.
            Ty::Integer(format) => {
                let format = match format {
                    IntegerFormat::Int32 => "int32",
                    IntegerFormat::Int64 => "int64",
                    IntegerFormat::Uint32 => "uint32",
                    IntegerFormat::Uint64 => "uint64",
                };
                json!({ "type": "integer", "format": format })
            }
            Ty::Number(_) => json!({ "type": "number" }),
            Ty::Boolean => json!({ "type": "boolean" }),
            Ty::Array(items) => json!({ "type": "array", "items": self.of_shape(api, items) }),
            Ty::Map(values) => json!({ "type": "object", "additionalProperties": self.of_shape(api, values) }),
            Ty::Any => json!({}),
            Ty::Named(id) => self.of_type(api.type_def(*id)),
        };
        let schema = with_rules(schema, &shape.constraints);
        if shape.nullable {
            json!({ "anyOf": [{ "type": "null" }, schema] })
        } else {
            schema
        }
    }

    /// `schema` with every part of the document its references reach,
    /// placed where the references point: a schema a validator compiles on
    /// its own, without the rest of a (possibly very large) document.
    pub fn standalone(&self, schema: &Value) -> Value {
        let mut reached = BTreeSet::new();
        let mut pending = Vec::new();
        collect_refs(schema, &mut pending);
        while let Some(pointer) = pending.pop() {
            if !reached.insert(pointer.clone()) {
                continue;
            }
            if let Some(target) = self.document.pointer(&pointer) {
                collect_refs(target, &mut pending);
            }
        }
        let mut root = match schema {
            Value::Object(map) => map.clone(),
            other => return other.clone(),
        };
        for pointer in &reached {
            if let Some(target) = self.document.pointer(pointer) {
                place(&mut root, pointer, target.clone());
            }
        }
        Value::Object(root)
    }
}

/// Marks a nullable schema's choice with `null` (an annotation to a validator).
const NULLABLE: &str = "x-apiforge-nullable";

/// Forbids in every object schema of `document` the properties whose
/// schema (or the schema their `$ref` names) has `flag` (`readOnly`) set,
/// and drops their names from its `required`: a value travelling that way
/// never holds one (a response's example may: it is then not an answer).
fn leave_out_flagged(document: &mut Value, flag: &str) {
    let is_flagged = |schema: &Value| schema.get(flag) == Some(&Value::Bool(true));
    let mut references = Vec::new();
    collect_refs(document, &mut references);
    let flagged: BTreeSet<String> =
        references.into_iter().filter(|pointer| document.pointer(pointer).is_some_and(is_flagged)).collect();
    let flagged_property = |schema: &Value| {
        is_flagged(schema)
            || schema.get("$ref").and_then(Value::as_str).and_then(pointer_of).is_some_and(|p| flagged.contains(&p))
    };
    forbid_properties(document, &flagged_property);
}

fn forbid_properties(value: &mut Value, flagged: &impl Fn(&Value) -> bool) {
    match value {
        Value::Object(map) => {
            if let Some(Value::Object(properties)) = map.get_mut("properties") {
                let forbidden: Vec<String> =
                    properties.iter().filter(|(_, schema)| flagged(schema)).map(|(name, _)| name.clone()).collect();
                for name in &forbidden {
                    properties.insert(name.clone(), Value::Bool(false));
                }
                if let Some(Value::Array(required)) = map.get_mut("required") {
                    required.retain(|name| !name.as_str().is_some_and(|name| forbidden.iter().any(|f| f == name)));
                }
            }
            for (key, child) in map.iter_mut() {
                // Examples are data, never schemas.
                if !matches!(key.as_str(), "example" | "examples" | "default" | "enum") {
                    forbid_properties(child, flagged);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|item| forbid_properties(item, flagged)),
        _ => {}
    }
}

/// OpenAPI's `discriminator` in JSON Schema, for every union of `document`
/// that has one: its values are objects that carry the property, and a
/// value whose property names a member is that member's. JSON Schema alone
/// lets any member accept a value (`{}` accepts all), where the spec's
/// readers, and the generated union, go by the property.
fn discriminators_enforced(document: &mut Value) {
    let mut unions = Vec::new();
    collect_discriminated(document, "", &mut unions);
    for pointer in unions {
        let Some(Value::Object(union)) = document.pointer(&pointer) else { continue };
        let Some(property) = union.get("discriminator").and_then(|d| d.get("propertyName")).and_then(Value::as_str)
        else {
            continue;
        };
        let members = ["oneOf", "anyOf"].iter().find_map(|k| union.get(*k).and_then(Value::as_array));
        let rules: Vec<Value> = members
            .into_iter()
            .flatten()
            .filter_map(|member| {
                let (_, tags) = discriminator_tags(document, union, member)?;
                let tagged = json!({ "properties": { property: { "enum": tags } }, "required": [property] });
                Some(json!({ "if": tagged, "then": { "$ref": member.get("$ref")? } }))
            })
            .collect();
        if rules.is_empty() {
            continue;
        }
        let property = property.to_string();
        let Some(Value::Object(union)) = document.pointer_mut(&pointer) else { continue };
        union.entry("type").or_insert_with(|| json!("object"));
        let required = union.entry("required").or_insert_with(|| json!([]));
        if let Value::Array(required) = required {
            required.push(Value::String(property));
        }
        let all_of = union.entry("allOf").or_insert_with(|| json!([]));
        if let Value::Array(all_of) = all_of {
            all_of.extend(rules);
        }
    }
}

/// The pointers of the schemas holding a `discriminator` beside `oneOf` or
/// `anyOf`.
fn collect_discriminated(value: &Value, at: &str, found: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if map.get("discriminator").is_some_and(Value::is_object)
                && (map.contains_key("oneOf") || map.contains_key("anyOf"))
            {
                found.push(at.to_string());
            }
            for (key, child) in map {
                // Examples are data, never schemas.
                if !matches!(key.as_str(), "example" | "examples" | "default" | "enum") {
                    collect_discriminated(child, &pointer_push(at, key), found);
                }
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                collect_discriminated(child, &format!("{at}/{i}"), found);
            }
        }
        _ => {}
    }
}

/// The property and values that tell a union's member by OpenAPI's
/// `discriminator`: the `mapping` keys naming the member's reference, else
/// the name the reference ends with. JSON Schema does not check it; the
/// spec's readers (and the generated types) go by it.
pub(crate) fn discriminator_tags(
    document: &Value,
    union: &Map<String, Value>,
    member: &Value,
) -> Option<(String, Vec<String>)> {
    let discriminator = union.get("discriminator")?;
    let property = discriminator.get("propertyName")?.as_str()?;
    let reference = member.get("$ref")?.as_str()?;
    let name = reference.rsplit('/').next()?;
    let mapped: Vec<String> = discriminator
        .get("mapping")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .filter(|(_, target)| target.as_str().is_some_and(|t| t == reference || t == name))
        .map(|(tag, _)| tag.clone())
        .collect();
    if !mapped.is_empty() {
        return Some((property.to_string(), mapped));
    }
    // Unmapped, the tag is the one value the member allows, where it
    // allows one (as the generated union reads it), else its name.
    let only = || {
        let enumeration = document
            .pointer(&pointer_of(reference)?)?
            .pointer(&format!("{}/enum", pointer_push("/properties", property)))?;
        let enumeration = enumeration.as_array()?;
        match enumeration.as_slice() {
            [Value::String(only)] => Some(only.clone()),
            _ => None,
        }
    };
    Some((property.to_string(), vec![only().unwrap_or_else(|| name.to_string())]))
}

/// Every object holding a local `$ref`, by pointer, with the reference.
fn collect_ref_holders(value: &Value, at: &str, found: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get("$ref") {
                if reference.starts_with('#') {
                    found.push((at.to_string(), reference.clone()));
                }
            }
            for (key, child) in map {
                collect_ref_holders(child, &pointer_push(at, key), found);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                collect_ref_holders(child, &format!("{at}/{i}"), found);
            }
        }
        _ => {}
    }
}

/// The targets of the local `$ref`s in a schema, as JSON pointers.
fn collect_refs(value: &Value, found: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if let Some(pointer) = map.get("$ref").and_then(Value::as_str).and_then(pointer_of) {
                found.push(pointer);
            }
            map.values().for_each(|v| collect_refs(v, found));
        }
        Value::Array(items) => items.iter().for_each(|v| collect_refs(v, found)),
        _ => {}
    }
}

/// The JSON pointer a local `$ref` spells as a URI fragment.
fn pointer_of(reference: &str) -> Option<String> {
    let fragment = reference.strip_prefix('#')?;
    Some(percent_decode_str(fragment).decode_utf8_lossy().into_owned())
}

/// What a JSON pointer must escape to be a URI fragment.
const NOT_IN_FRAGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'\\')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// Puts `value` at `pointer` below `root`, making the objects on the way.
fn place(root: &mut Map<String, Value>, pointer: &str, value: Value) {
    let tokens: Vec<String> = pointer.split('/').skip(1).map(apiforge_ir::diagnostic::unescape_token).collect();
    let Some((last, path)) = tokens.split_last() else { return };
    let mut here = root;
    for token in path {
        let next = here.entry(token.clone()).or_insert_with(|| Value::Object(Map::new()));
        if !next.is_object() {
            // A schema in an array (`allOf/0`): already placed with its parent.
            return;
        }
        here = next.as_object_mut().expect("checked to be an object");
    }
    here.entry(last.clone()).or_insert(value);
}

/// Where schemas sit in a document: under `components/schemas`, and as the
/// `schema` of parameters, headers and media types anywhere else.
fn convert_positions(value: &mut Value) {
    let Value::Object(map) = value else {
        if let Value::Array(items) = value {
            items.iter_mut().for_each(convert_positions);
        }
        return;
    };
    for (key, child) in map.iter_mut() {
        match key.as_str() {
            // Examples are data, never schemas.
            "example" | "examples" => {}
            "schema" => convert(child),
            "schemas" if child.is_object() => {
                child.as_object_mut().into_iter().flat_map(|m| m.values_mut()).for_each(convert)
            }
            _ => convert_positions(child),
        }
    }
}

/// Rewrites one schema and the schemas it holds.
fn convert(schema: &mut Value) {
    let Value::Object(map) = schema else { return };
    for (key, child) in map.iter_mut() {
        match key.as_str() {
            "properties" | "patternProperties" => {
                child.as_object_mut().into_iter().flat_map(|m| m.values_mut()).for_each(convert)
            }
            "items" | "additionalProperties" | "not" => convert(child),
            "allOf" | "anyOf" | "oneOf" => child.as_array_mut().into_iter().flatten().for_each(convert),
            _ => {}
        }
    }
    for (flag, bound) in [("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")] {
        if let Some(Value::Bool(exclusive)) = map.get(flag) {
            let exclusive = *exclusive;
            map.remove(flag);
            if exclusive {
                if let Some(value) = map.remove(bound) {
                    map.insert(flag.to_string(), value);
                }
            }
        }
    }
    format_bounds(map);
    if map.remove("nullable") == Some(Value::Bool(true)) {
        let rest = std::mem::take(map);
        map.insert("anyOf".into(), json!([{ "type": "null" }, Value::Object(rest)]));
        map.insert(NULLABLE.into(), Value::Bool(true));
    }
}

/// An integer format's range as the bounds of `schema`, where they are
/// tighter than its own: a value beyond it breaks the spec (OpenAPI's format
/// registry says what `uint32` holds), though a JSON Schema validator knows
/// no such format.
fn format_bounds(schema: &mut Map<String, Value>) {
    if schema.get("type").and_then(Value::as_str) != Some("integer") {
        return;
    }
    let (low, high) = match schema.get("format").and_then(Value::as_str) {
        Some("int32") => (json!(i32::MIN), json!(i32::MAX)),
        Some("uint32") => (json!(0), json!(u32::MAX)),
        Some("int64") => (json!(i64::MIN), json!(i64::MAX)),
        Some("uint64") => (json!(0), json!(u64::MAX)),
        _ => return,
    };
    let number = |schema: &Map<String, Value>, key: &str| schema.get(key).and_then(Value::as_f64);
    let below = |own: Option<f64>, bound: &Value| own.is_none_or(|own| own < bound.as_f64().unwrap_or(f64::MIN));
    if below(number(schema, "minimum").or(number(schema, "exclusiveMinimum")), &low) {
        schema.insert("minimum".into(), low);
    }
    let above = |own: Option<f64>, bound: &Value| own.is_none_or(|own| own > bound.as_f64().unwrap_or(f64::MAX));
    if above(number(schema, "maximum").or(number(schema, "exclusiveMaximum")), &high) {
        schema.insert("maximum".into(), high);
    }
}

/// `schema` (of a value, not a named type) with the rules the IR keeps for
/// it: a union variant told apart from another only by them is judged by
/// them.
fn with_rules(schema: Value, rules: &apiforge_ir::Constraints) -> Value {
    let Value::Object(mut schema) = schema else { return schema };
    let counts = [
        ("minLength", rules.min_length),
        ("maxLength", rules.max_length),
        ("minItems", rules.min_items),
        ("maxItems", rules.max_items),
    ];
    for (key, n) in counts {
        if let Some(n) = n {
            schema.insert(key.to_string(), json!(n));
        }
    }
    let bounds = [("minimum", "exclusiveMinimum", rules.minimum), ("maximum", "exclusiveMaximum", rules.maximum)];
    for (inclusive, exclusive, bound) in bounds {
        if let Some(bound) = bound {
            schema.insert((if bound.exclusive { exclusive } else { inclusive }).to_string(), json!(bound.value));
        }
    }
    if !rules.patterns.is_empty() {
        let patterns: Vec<Value> = rules.patterns.iter().map(|p| json!({ "pattern": p })).collect();
        schema.insert("allOf".to_string(), Value::Array(patterns));
    }
    Value::Object(schema)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nullable_and_boolean_bounds_become_json_schema() {
        let schemas = Schemas::new(json!({
            "components": { "schemas": {
                "Age": { "type": "integer", "minimum": 0, "exclusiveMinimum": true, "nullable": true },
                "Pet": { "type": "object", "properties": { "age": { "$ref": "#/components/schemas/Age" } } },
            } },
            "paths": { "/pets": { "get": { "responses": { "200": { "content": { "application/json": {
                "schema": { "type": "string", "nullable": true },
                "example": { "nullable": true },
            } } } } } } },
        }));
        assert_eq!(
            schemas.at("/components/schemas/Age").unwrap(),
            &json!({ "anyOf": [{ "type": "null" }, { "type": "integer", "exclusiveMinimum": 0 }], NULLABLE: true })
        );
        let media = "/paths/~1pets/get/responses/200/content/application~1json";
        assert_eq!(schemas.at(&format!("{media}/example")).unwrap(), &json!({ "nullable": true }));
        assert_eq!(schemas.at(&format!("{media}/schema/anyOf/1")).unwrap(), &json!({ "type": "string" }));
        let pet = schemas.standalone(&schemas.reference_to("#/components/schemas/Pet"));
        assert_eq!(pet["$ref"], "#/components/schemas/Pet");
        assert!(pet.pointer("/components/schemas/Age/anyOf").is_some());
        // A pointer into a nullable schema follows it below its choice.
        let inside = schemas.reference_to(&format!("#{media}/schema/type"));
        assert_eq!(inside["$ref"], "#/paths/~1pets/get/responses/200/content/application~1json/schema/anyOf/1/type");
    }

    #[test]
    fn an_integer_shape_keeps_its_format_so_drawn_values_fit_its_rust_type() {
        let schemas = Schemas::new(json!({}));
        let api =
            apiforge_ir::build_str("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n", &Default::default())
                .unwrap()
                .api;
        let schema = schemas.of_shape(&api, &Shape::new(Ty::Integer(IntegerFormat::Int32)));
        assert_eq!(schema, json!({ "type": "integer", "format": "int32" }));
        let mut instances = crate::instance::Instances::new(&schemas, 1);
        for _ in 0..200 {
            let value = instances.draw(&schema).unwrap();
            assert!(value.as_i64().is_some_and(|n| i32::try_from(n).is_ok()), "{value}");
        }
    }

    #[test]
    fn an_integer_format_bounds_the_values_that_keep_to_the_spec() {
        let schemas = Schemas::new(json!({ "components": { "schemas": {
            "Count": { "type": "integer", "format": "uint32" },
            "Small": { "type": "integer", "format": "int32", "minimum": 5 },
        } } }));
        let count = schemas.at("/components/schemas/Count").unwrap();
        assert_eq!((&count["minimum"], &count["maximum"]), (&json!(0), &json!(u32::MAX)));
        let small = schemas.at("/components/schemas/Small").unwrap();
        assert_eq!((&small["minimum"], &small["maximum"]), (&json!(5), &json!(i32::MAX)), "its own bound is tighter");
    }

    #[test]
    fn values_travelling_one_way_leave_out_the_other_ways_properties() {
        let document = json!({ "components": { "schemas": {
            "Password": { "type": "string", "writeOnly": true },
            "Account": {
                "type": "object",
                "required": ["id", "name", "password"],
                "properties": {
                    "id": { "type": "integer", "readOnly": true },
                    "name": { "type": "string" },
                    "password": { "$ref": "#/components/schemas/Password" },
                },
            },
        } } });
        let account = |direction| {
            let schemas = Schemas::travelling(document.clone(), direction);
            schemas.at("/components/schemas/Account").unwrap().clone()
        };
        let request = account(Direction::Request);
        assert_eq!(request["required"], json!(["name", "password"]));
        assert_eq!(request["properties"]["id"], json!(false));
        let response = account(Direction::Response);
        assert_eq!(response["required"], json!(["id", "name"]));
        assert_eq!(response["properties"]["password"], json!(false));
        assert_eq!(account(Direction::Both)["required"], json!(["id", "name", "password"]));
    }
}
