//! Whether clippy's `large_enum_variant` can fire on a generated enum, from
//! an upper bound of the size of what each variant holds. The lint fires
//! when the largest variant is more than 200 bytes larger than the next
//! (its default `enum-variant-size-threshold`), so an enum none of whose
//! variants can exceed 200 bytes needs no `allow`; one holding a type
//! whose size is not known here (a user's own type, nesting too deep to
//! follow, a stream) keeps it.

use std::collections::HashMap;

use apiforge_ir::{Api, Content, MediaKind, Response, Shape, StatusSpec, Ty, TypeId, TypeKind};
use proc_macro2::TokenStream;
use quote::quote;

/// clippy's default `enum-variant-size-threshold`.
const THRESHOLD: usize = 200;

/// How deep named types are followed before the size counts as unknown.
const MAX_DEPTH: usize = 24;

/// `#[allow(clippy::large_enum_variant)]` for an enum whose variants hold
/// at most the given sizes (None: unknown; a unit variant holds 0), when
/// the lint can fire: two variants at least, and one that may exceed the
/// threshold.
pub fn large_variant_allow(variants: impl IntoIterator<Item = Option<usize>>) -> Option<TokenStream> {
    let (mut count, mut may_be_large) = (0, false);
    for bound in variants {
        count += 1;
        may_be_large |= bound.is_none_or(|bytes| bytes > THRESHOLD);
    }
    (count >= 2 && may_be_large).then(|| quote!(#[allow(clippy::large_enum_variant)]))
}

/// An upper bound of the bytes a response variant holds: its body (the
/// chosen content), its headers struct and its status when it carries
/// one.
pub fn response_bound(api: &Api, response: &Response) -> Option<usize> {
    let mut bounds = Bounds::new(api);
    let body = match Content::chosen(&response.contents) {
        None => 0,
        Some(content) => bounds.content(content)?,
    };
    let status = if matches!(response.status, StatusSpec::Code(_)) { 0 } else { WORD };
    let headers: Option<usize> = response.headers.iter().map(|h| bounds.shape(&h.shape).map(|b| b + WORD)).sum();
    Some(body + status + headers?)
}

/// An upper bound of the bytes a value of `shape` takes held inline.
pub fn shape_bound(api: &Api, shape: &Shape) -> Option<usize> {
    Bounds::new(api).shape(shape)
}

/// A machine word: a number, a pointer, an `Option`'s tag (each rounded up
/// to it, so the bound holds whatever the layout).
const WORD: usize = 8;
/// `String`, `Vec`, `BTreeMap`: three words; a `HashMap` is six, and
/// `serde_json::Value` (with an `IndexMap` under `preserve_order`) nine.
const STRING: usize = 3 * WORD;
const COLLECTION: usize = 6 * WORD;
const JSON_VALUE: usize = 10 * WORD;

/// Bounds of the named types met so far: a type used by value in many
/// places (GitHub's `simple-user`) is sized once. A bound past the
/// threshold is kept as `THRESHOLD + 1`, which is all that matters.
struct Bounds<'a> {
    api: &'a Api,
    named: HashMap<TypeId, Option<usize>>,
    depth: usize,
}

impl<'a> Bounds<'a> {
    fn new(api: &'a Api) -> Bounds<'a> {
        Bounds { api, named: HashMap::new(), depth: 0 }
    }

    /// A body of `content`: its type for JSON and forms, a `String` for
    /// text; other media (bytes, streams, multipart) are not followed.
    fn content(&mut self, content: &Content) -> Option<usize> {
        match (content.kind, &content.shape) {
            (MediaKind::Json | MediaKind::FormUrlEncoded, Some(shape)) => self.shape(shape),
            (MediaKind::Json, None) => Some(JSON_VALUE),
            (MediaKind::Text, _) => Some(STRING),
            _ => None,
        }
    }

    /// A value of `shape` held inline, as an `Option` when nullable.
    fn shape(&mut self, shape: &Shape) -> Option<usize> {
        let nullable = if shape.nullable { WORD } else { 0 };
        let inner = match &shape.ty {
            // Dates, UUIDs, addresses and base64 bytes take no more than four words.
            Ty::String(_) => 4 * WORD,
            Ty::Integer(_) | Ty::Number(_) | Ty::Boolean => WORD,
            Ty::Array(_) | Ty::Map(_) => COLLECTION,
            Ty::Any => JSON_VALUE,
            Ty::Named(_) if shape.boxed => WORD,
            Ty::Named(id) => self.named(*id)?,
        };
        Some((inner + nullable).min(THRESHOLD + 1))
    }

    fn named(&mut self, id: TypeId) -> Option<usize> {
        if let Some(known) = self.named.get(&id) {
            return *known;
        }
        if self.depth > MAX_DEPTH {
            return None;
        }
        self.depth += 1;
        let bound = self.definition(id);
        self.depth -= 1;
        self.named.insert(id, bound);
        bound
    }

    fn definition(&mut self, id: TypeId) -> Option<usize> {
        let api = self.api;
        Some(match &api.type_def(id).kind {
            TypeKind::Struct(s) => {
                let mut total = if s.additional.is_some() { COLLECTION } else { 0 };
                for field in &s.fields {
                    // The field's own `Option`, if any, is a word more.
                    total += self.shape(&field.shape)? + WORD;
                    if total > THRESHOLD {
                        break;
                    }
                }
                total
            }
            // Closed enums of unit variants: a tag.
            TypeKind::Enum(_) => WORD,
            TypeKind::Union(u) => {
                let mut largest = 0;
                for variant in &u.variants {
                    largest = largest.max(self.shape(&variant.shape)?);
                }
                largest + WORD
            }
            TypeKind::Alias(inner) => self.shape(inner)?,
            TypeKind::External(_) => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::{large_variant_allow, shape_bound};

    /// The bound of each component schema's type, by name.
    fn bounds(schemas: &str) -> Vec<(String, Option<usize>)> {
        let spec = format!(
            "openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n{schemas}"
        );
        let api = apiforge_ir::build_str(&spec, &Default::default()).unwrap().api;
        let shape = |index| apiforge_ir::Shape::new(apiforge_ir::Ty::Named(apiforge_ir::TypeId(index)));
        api.types.iter().enumerate().map(|(index, def)| (def.name.clone(), shape_bound(&api, &shape(index)))).collect()
    }

    #[test]
    fn only_an_enum_whose_variants_may_differ_by_more_than_the_threshold_gets_the_allow() {
        let fields: String = (0..12).map(|i| format!("f{i}: {{type: string}}, ")).collect();
        let found = bounds(&format!(
            "    Small: {{type: object, properties: {{id: {{type: integer}}, name: {{type: string}}}}}}\n    \
             Large: {{type: object, properties: {{{fields}}}}}\n    \
             Either: {{oneOf: [{{$ref: '#/components/schemas/Small'}}, {{type: string}}]}}\n    \
             Mine: {{type: object, x-rust-type: 'my_crate::Mine'}}\n"
        ));
        let bound = |name: &str| found.iter().find(|(n, _)| n == name).unwrap().1;
        // Each field an `Option`: of a number (a word), of a string (at most four).
        assert_eq!(bound("Small"), Some((8 + 8) + (32 + 8)));
        assert_eq!(bound("Large"), Some(201), "past the threshold, the bound stops counting");
        assert_eq!(bound("Either"), Some(bound("Small").unwrap() + 8));
        assert_eq!(bound("Mine"), None, "a user's type has no known size");

        assert!(large_variant_allow([bound("Small"), Some(0)]).is_none());
        assert!(large_variant_allow([bound("Large"), Some(0)]).is_some());
        assert!(large_variant_allow([bound("Mine"), bound("Small")]).is_some());
        assert!(large_variant_allow([bound("Large")]).is_none(), "one variant cannot differ from another");
    }
}
