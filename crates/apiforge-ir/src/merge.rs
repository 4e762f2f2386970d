//! Identical inline schemas become one type. Specs repeat shapes inline
//! (the same error body under five statuses, the same owner object in a
//! hundred webhook payloads); one type for each shape keeps the generated
//! crate small and lets users pass a value from one operation to another.
//!
//! Two types are identical when their descriptions and bodies are equal
//! with the types they hold taken as identical too. Merging runs to a fixed
//! point from the leaves up, so it never merges types that differ; two
//! copies of a self-recursive shape stay apart. A component schema keeps
//! its name: inline copies of it merge into it, but two components never
//! merge. A merged type keeps the name of its first definition.

use std::collections::HashMap;

use crate::model::{Api, TypeDef, TypeId};
use crate::uses::{rename_in, retain_types, type_shapes_mut};

pub fn merge_identical_types(api: &mut Api) {
    let mut canonical: Vec<TypeId> = (0..api.types.len()).map(TypeId).collect();
    // Components first, so that an inline copy of one merges into it.
    let mut order: Vec<usize> = (0..api.types.len()).collect();
    order.sort_by_key(|&i| !is_component(&api.types[i]));
    loop {
        let mut first: HashMap<String, TypeId> = HashMap::new();
        let mut merged = false;
        for &i in &order {
            if canonical[i].0 != i {
                continue;
            }
            let def = &api.types[i];
            match first.entry(identity(def, &canonical)) {
                std::collections::hash_map::Entry::Occupied(entry) => {
                    if !is_component(def) {
                        canonical[i] = *entry.get();
                        merged = true;
                    }
                }
                std::collections::hash_map::Entry::Vacant(entry) => {
                    entry.insert(TypeId(i));
                }
            }
        }
        if !merged {
            break;
        }
    }
    let keep: Vec<bool> = canonical.iter().enumerate().map(|(i, id)| id.0 == i).collect();
    retain_types(api, &keep, &canonical);
}

/// What two identical types have in common: everything but their name and
/// where they were defined, with the types they hold by their merged id.
fn identity(def: &TypeDef, canonical: &[TypeId]) -> String {
    let mut kind = def.kind.clone();
    for shape in type_shapes_mut(&mut kind) {
        rename_in(shape, &mut |id| *id = canonical[id.0]);
    }
    format!("{:?} {kind:?}", def.description)
}

/// Whether a type is a component schema of its own (not a schema inline
/// in one).
fn is_component(def: &TypeDef) -> bool {
    def.pointer.strip_prefix("#/components/schemas/").is_some_and(|name| !name.contains('/'))
}
