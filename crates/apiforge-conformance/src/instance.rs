//! Random JSON values for a schema, seeded and reproducible.
//!
//! A value is drawn from the schema's keywords (types, required and optional
//! properties, `additionalProperties`, enums, formats, lengths, bounds,
//! `pattern`, arrays, unions, `allOf`) and then checked by the caller against
//! the schema itself: what the drawing does not model exactly (`not`,
//! `uniqueItems`, contradictory `allOf` members) costs a retry, never an
//! invalid value. Recursive schemas are bounded: past a depth, optional
//! properties are left out, arrays take their fewest items and unions their
//! first member that ends.
//!
//! No maintained Rust crate draws values from OpenAPI-sized JSON Schemas
//! with references, recursion and `allOf`; the pieces that are a field of
//! their own come from crates: the random source (`rand_chacha`), strings
//! for a `pattern` (`rand_regex`).

use std::collections::{BTreeSet, HashMap};

use jsonschema::Validator;
use rand::seq::{IndexedRandom, SliceRandom};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::{json, Map, Number, Value};

use crate::check::validator;
use crate::schema::{discriminator_tags, Schemas};

/// Depth past which a value takes the shortest way out.
const SHALLOW: usize = 12;
/// Depth at which a value that found no way out is given up.
const GIVE_UP: usize = 48;

/// Draws values for the schemas of one document.
pub struct Instances<'a> {
    schemas: &'a Schemas,
    rng: ChaCha8Rng,
    /// Required properties with no schema, drawn since the last [`Instances::undescribed`].
    undescribed: BTreeSet<String>,
    /// Validators of union members, by the member's schema as JSON text
    /// (a part of the document, so they are as many as its members at
    /// most); None for one that does not compile.
    members: HashMap<String, Option<Validator>>,
}

impl<'a> Instances<'a> {
    pub fn new(schemas: &'a Schemas, seed: u64) -> Instances<'a> {
        Instances {
            schemas,
            rng: ChaCha8Rng::seed_from_u64(seed),
            undescribed: BTreeSet::new(),
            members: HashMap::new(),
        }
    }

    /// One value drawn for `schema`, or `None` when recursion found no end.
    pub fn draw(&mut self, schema: &Value) -> Option<Value> {
        self.undescribed.clear();
        self.value(schema, 0)
    }

    /// The properties of the last value drawn that its schema requires
    /// without describing them (`required` names them, `properties` does not).
    pub fn undescribed(&mut self) -> BTreeSet<String> {
        std::mem::take(&mut self.undescribed)
    }

    fn value(&mut self, schema: &Value, depth: usize) -> Option<Value> {
        if depth > GIVE_UP {
            return None;
        }
        let map = match schema {
            Value::Bool(true) => return Some(self.any(depth)),
            Value::Object(map) => map,
            _ => return None,
        };
        if let Some(Value::String(reference)) = map.get("$ref") {
            let target = self.schemas.resolve(reference)?;
            return self.value(target, depth + 1);
        }
        if let Some(value) = map.get("const") {
            return Some(value.clone());
        }
        if let Some(Value::Array(values)) = map.get("enum") {
            return self.pick(values).cloned();
        }
        if let Some(Value::Array(members)) = map.get("allOf") {
            let mut rest = map.clone();
            rest.remove("allOf");
            let merged = members.iter().fold(rest, |merged, member| self.merge(merged, member));
            return self.value(&Value::Object(merged), depth + 1);
        }
        for union in ["oneOf", "anyOf"] {
            if let Some(Value::Array(members)) = map.get(union) {
                return self.union(map, union, members, depth);
            }
        }
        match self.choose_type(map, depth) {
            "null" => Some(Value::Null),
            "boolean" => Some(Value::Bool(self.rng.random_bool(0.5))),
            "integer" => Some(self.integer(map)),
            "number" => Some(self.number(map)),
            "string" => Some(Value::String(self.string(map))),
            "array" => self.array(map, depth),
            "object" => self.object(map, depth),
            _ => Some(self.any(depth)),
        }
    }

    /// A member of `oneOf`/`anyOf`, with the keywords beside the union
    /// (common properties) applying to it too.
    fn union(&mut self, map: &Map<String, Value>, union: &str, members: &[Value], depth: usize) -> Option<Value> {
        let mut rest = map.clone();
        rest.remove(union);
        let mut order: Vec<usize> = (0..members.len()).collect();
        if depth < SHALLOW {
            order.shuffle(&mut self.rng);
        }
        for i in order {
            let merged = Value::Object(self.merge(rest.clone(), &members[i]));
            if let Some(mut value) = self.value(&merged, depth + 1) {
                if let (Some((property, tags)), Value::Object(object)) =
                    (discriminator_tags(self.schemas.document(), map, &members[i]), &mut value)
                {
                    if let Some(tag) = tags.choose(&mut self.rng) {
                        object.insert(property, Value::String(tag.clone()));
                    }
                }
                if self.member_accepts(&members[i], &value) {
                    return Some(value);
                }
            }
        }
        None
    }

    /// Whether the member of a union a value was drawn for accepts it: one
    /// only another member accepts holds properties the member that reads it
    /// does not describe, which a generated struct does not keep. A member
    /// whose schema does not compile is taken at its word.
    fn member_accepts(&mut self, member: &Value, value: &Value) -> bool {
        let schemas = self.schemas;
        let validator = self.members.entry(member.to_string()).or_insert_with(|| validator(schemas, member).ok());
        validator.as_ref().is_none_or(|validator| validator.is_valid(value))
    }

    /// `member` folded into `merged`: properties and required names joined,
    /// the tighter of two bounds kept, anything else kept from the first
    /// that says it. References and nested `allOf` are followed.
    fn merge(&self, mut merged: Map<String, Value>, member: &Value) -> Map<String, Value> {
        let member = match member {
            Value::Object(map) => map,
            _ => return merged,
        };
        if let Some(Value::String(reference)) = member.get("$ref") {
            if let Some(target) = self.schemas.resolve(reference) {
                return self.merge(merged, target);
            }
        }
        if let Some(Value::Array(inner)) = member.get("allOf") {
            let mut own = member.clone();
            own.remove("allOf");
            merged = self.merge(merged, &Value::Object(own));
            return inner.iter().fold(merged, |merged, m| self.merge(merged, m));
        }
        for (key, value) in member {
            match (key.as_str(), merged.get_mut(key)) {
                ("properties", Some(Value::Object(properties))) => {
                    for (name, schema) in value.as_object().into_iter().flatten() {
                        match properties.get_mut(name) {
                            // A forbidden property stays forbidden.
                            Some(existing) if *existing == Value::Bool(false) => {}
                            Some(existing) if *schema == Value::Bool(false) => *existing = Value::Bool(false),
                            Some(existing) => *existing = json!({ "allOf": [existing.take(), schema] }),
                            None => {
                                properties.insert(name.clone(), schema.clone());
                            }
                        }
                    }
                }
                ("required", Some(Value::Array(required))) => {
                    for name in value.as_array().into_iter().flatten() {
                        if !required.contains(name) {
                            required.push(name.clone());
                        }
                    }
                }
                ("minimum" | "minLength" | "minItems" | "exclusiveMinimum", Some(existing)) => {
                    if value.as_f64() > existing.as_f64() {
                        *existing = value.clone();
                    }
                }
                ("maximum" | "maxLength" | "maxItems" | "exclusiveMaximum", Some(existing)) => {
                    if value.as_f64() < existing.as_f64() {
                        *existing = value.clone();
                    }
                }
                // `integer` is the narrower of the two numeric types.
                ("type", Some(existing)) if existing == "number" && value == "integer" => *existing = value.clone(),
                (_, Some(_)) => {}
                (_, None) => {
                    merged.insert(key.clone(), value.clone());
                }
            }
        }
        merged
    }

    /// The JSON type to draw: the schema's (one of them, for a list), or
    /// the one its keywords imply.
    fn choose_type<'m>(&mut self, map: &'m Map<String, Value>, depth: usize) -> &'m str {
        match map.get("type") {
            Some(Value::String(ty)) => ty,
            Some(Value::Array(types)) => {
                let types: Vec<&str> = types.iter().filter_map(Value::as_str).collect();
                if depth >= SHALLOW && types.contains(&"null") {
                    return "null";
                }
                self.pick(&types).copied().unwrap_or("null")
            }
            _ => {
                let has = |keys: &[&str]| keys.iter().any(|k| map.contains_key(*k));
                if has(&["properties", "additionalProperties", "required"]) {
                    "object"
                } else if has(&["items", "minItems", "maxItems"]) {
                    "array"
                } else if has(&["format", "pattern", "minLength", "maxLength"]) {
                    "string"
                } else if has(&["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"]) {
                    "number"
                } else {
                    "any"
                }
            }
        }
    }

    fn object(&mut self, map: &Map<String, Value>, depth: usize) -> Option<Value> {
        let shallow = depth >= SHALLOW;
        let required: Vec<&str> =
            map.get("required").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str).collect();
        let empty = Map::new();
        let properties = map.get("properties").and_then(Value::as_object).unwrap_or(&empty);
        let mut object = Map::new();
        // A property whose schema is `false` is one the value never holds.
        for (name, schema) in properties.iter().filter(|(_, schema)| **schema != Value::Bool(false)) {
            let wanted = required.contains(&name.as_str()) || (!shallow && self.rng.random_bool(0.6));
            if wanted {
                object.insert(name.clone(), self.value(schema, depth + 1)?);
            }
        }
        // A required property the schema does not describe takes any value.
        for name in required {
            if !object.contains_key(name) {
                object.insert(name.to_string(), self.any(SHALLOW));
                self.undescribed.insert(name.to_string());
            }
        }
        let additional = match map.get("additionalProperties") {
            Some(Value::Object(schema)) => Some(Value::Object(schema.clone())),
            Some(Value::Bool(true)) => Some(Value::Bool(true)),
            _ => None,
        };
        if let Some(schema) = additional.filter(|_| !shallow) {
            for _ in 0..self.rng.random_range(0..3) {
                let key = format!("extra_{}", self.word(4));
                if !properties.contains_key(&key) {
                    object.insert(key, self.value(&schema, depth + 1)?);
                }
            }
        }
        Some(Value::Object(object))
    }

    fn array(&mut self, map: &Map<String, Value>, depth: usize) -> Option<Value> {
        let min = map.get("minItems").and_then(Value::as_u64).unwrap_or(0) as usize;
        let max = map.get("maxItems").and_then(Value::as_u64).map_or(min + 3, |max| (max as usize).min(min + 3));
        let len = if depth >= SHALLOW || max <= min { min } else { self.rng.random_range(min..=max) };
        let items = map.get("items").cloned().unwrap_or(Value::Bool(true));
        (0..len).map(|_| self.value(&items, depth + 1)).collect::<Option<Vec<_>>>().map(Value::Array)
    }

    fn integer(&mut self, map: &Map<String, Value>) -> Value {
        let (format_min, format_max) = match map.get("format").and_then(Value::as_str) {
            Some("int32") => (i32::MIN as f64, i32::MAX as f64),
            Some("uint32") => (0.0, u32::MAX as f64),
            Some("uint64") => (0.0, 9.0e15),
            _ => (-9.0e15, 9.0e15),
        };
        let (low, high) = self.bounds(map, format_min, format_max);
        let (low, high) = (low.ceil() as i64, high.floor() as i64);
        // Mostly small numbers, as APIs send them; sometimes anything in range.
        let (small_low, small_high) = (low.max(-1000), high.min(1000));
        let value = if high <= low {
            low
        } else if small_low <= small_high && self.rng.random_bool(0.7) {
            self.rng.random_range(small_low..=small_high)
        } else {
            self.rng.random_range(low..=high)
        };
        match map.get("multipleOf").and_then(Value::as_i64).filter(|m| *m > 0) {
            Some(step) => json!(value / step * step),
            None => json!(value),
        }
    }

    fn number(&mut self, map: &Map<String, Value>) -> Value {
        let (low, high) = self.bounds(map, -1.0e6, 1.0e6);
        let value = if high <= low { low } else { self.rng.random_range(low..=high) };
        if let Some(step) = map.get("multipleOf").and_then(Value::as_f64).filter(|m| *m > 0.0) {
            return json!((value / step).round() * step);
        }
        // Whole numbers too: a `number` field must keep an integer as sent.
        let value = if self.rng.random_bool(0.3) { value.round() } else { (value * 100.0).round() / 100.0 };
        if value.fract() == 0.0 && value.abs() < 9.0e15 {
            json!(value as i64)
        } else {
            Number::from_f64(value).map_or(Value::Null, Value::Number)
        }
    }

    /// The inclusive range a number is drawn from; exclusive bounds are
    /// left out by a step of one hundredth (numbers are drawn to two decimals).
    fn bounds(&self, map: &Map<String, Value>, low: f64, high: f64) -> (f64, f64) {
        let number = |key: &str| map.get(key).and_then(Value::as_f64);
        let low = [number("minimum"), number("exclusiveMinimum").map(|v| v + 0.01), Some(low)]
            .into_iter()
            .flatten()
            .fold(f64::MIN, f64::max);
        let high = [number("maximum"), number("exclusiveMaximum").map(|v| v - 0.01), Some(high)]
            .into_iter()
            .flatten()
            .fold(f64::MAX, f64::min);
        if low > high && number("minimum").is_none() && number("exclusiveMinimum").is_none() {
            (high - 1000.0, high)
        } else if low > high {
            (low, low + 1000.0)
        } else {
            (low, high)
        }
    }

    fn string(&mut self, map: &Map<String, Value>) -> String {
        if let Some(format) = map.get("format").and_then(Value::as_str) {
            if let Some(text) = crate::formats::draw(&mut self.rng, format) {
                return text;
            }
        }
        if let Some(pattern) = map.get("pattern").and_then(Value::as_str) {
            if let Some(text) = crate::formats::matching(&mut self.rng, pattern) {
                return text;
            }
        }
        let min = map.get("minLength").and_then(Value::as_u64).unwrap_or(0) as usize;
        let max = map.get("maxLength").and_then(Value::as_u64).map_or(min + 12, |max| (max as usize).min(min + 12));
        let len = if max <= min { min } else { self.rng.random_range(min..=max) };
        (0..len).map(|_| crate::formats::character(&mut self.rng)).collect()
    }

    /// Any JSON value, small.
    fn any(&mut self, depth: usize) -> Value {
        let shallow = depth >= SHALLOW;
        match self.rng.random_range(0..if shallow { 4 } else { 6 }) {
            0 => Value::Null,
            1 => Value::Bool(self.rng.random_bool(0.5)),
            2 => json!(self.rng.random_range(-100..100)),
            3 => Value::String(self.word(6)),
            4 => json!({ self.word(3): self.any(depth + 4) }),
            _ => json!([self.any(depth + 4)]),
        }
    }

    fn word(&mut self, len: usize) -> String {
        (0..len).map(|_| char::from(b'a' + self.rng.random_range(0..26u8))).collect()
    }

    fn pick<'v, T>(&mut self, values: &'v [T]) -> Option<&'v T> {
        (!values.is_empty()).then(|| &values[self.rng.random_range(0..values.len())])
    }
}
