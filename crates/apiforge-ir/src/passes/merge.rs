//! Identical inline schemas become one type, and schemas of the same shape
//! one struct or enum under several names. Specs repeat shapes inline (the
//! same error body under five statuses, the same owner object in a hundred
//! webhook payloads) and as components (`repository` and
//! `nullable-repository`); one type for each shape keeps the generated crate
//! small and lets users pass a value from one operation to another.
//!
//! Two types are identical when their descriptions and bodies are equal
//! with the types they hold taken as identical too. Merging runs to a fixed
//! point from the leaves up, so it never merges types that differ; two
//! copies of a self-recursive shape stay apart. A component schema keeps
//! its name: inline copies of it merge into it, but two components never
//! merge. A merged inline type is named after the words its copies' names
//! end with, when no other type has that name, else after its first copy.
//!
//! Types of the same shape that merging keeps apart (two components, or
//! copies whose descriptions differ) become aliases of the first
//! (`pub type NullableRepository = Repository;`): each keeps its name and
//! its description, and every use names the first. Each struct or enum is
//! derived and checked once: a sixth of GitHub's schemas are another's
//! shape.

use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};

use super::uses::{rename_in, retain_types, type_shapes_mut};
use crate::model::{Api, Shape, Ty, TypeDef, TypeId, TypeKind};

pub fn merge_identical_types(api: &mut Api) {
    // A component never merges into another; inline copies merge into it.
    let canonical = first_of_each_key(api, |def, canonical| Some(identity(def, canonical)), |def| !is_component(def));
    name_merged_types(api, &canonical);
    let keep: Vec<bool> = canonical.iter().enumerate().map(|(i, id)| id.0 == i).collect();
    retain_types(api, &keep, &canonical);
    alias_same_shapes(api);
}

/// Makes each type of a shape another type has first an alias of that one,
/// and points every use at the first.
fn alias_same_shapes(api: &mut Api) {
    let shape = |def: &TypeDef, canonical: &[TypeId]| match def.kind {
        TypeKind::Alias(_) => None,
        _ => Some(format!("{:?}", body(def, canonical, Descriptions::Forget))),
    };
    let canonical = first_of_each_key(api, shape, |_| true);
    for (i, target) in canonical.iter().enumerate() {
        if target.0 != i {
            api.types[i].kind = TypeKind::Alias(Shape::new(Ty::Named(*target)));
        }
    }
    retain_types(api, &vec![true; canonical.len()], &canonical);
}

/// For each type, the first type (component schemas first) with its key,
/// where it `may_join` that one; `None` keeps a type apart. Keys name the
/// types a type holds by what they joined, so this runs to a fixed point
/// from the leaves up. A key is the `Debug` text of a body: the model holds
/// floats (bounds, examples), so it has `PartialEq` and no `Hash`, and the
/// text is equal only where the bodies are (`0.0` and `-0.0` stay apart).
fn first_of_each_key(
    api: &Api,
    key: impl Fn(&TypeDef, &[TypeId]) -> Option<String>,
    may_join: impl Fn(&TypeDef) -> bool,
) -> Vec<TypeId> {
    let mut canonical: Vec<TypeId> = (0..api.types.len()).map(TypeId).collect();
    let mut order: Vec<usize> = (0..api.types.len()).collect();
    order.sort_by_key(|&i| !is_component(&api.types[i]));
    loop {
        let mut first: HashMap<String, TypeId> = HashMap::new();
        let mut joined = false;
        for &i in &order {
            let def = &api.types[i];
            if canonical[i].0 != i {
                continue;
            }
            let Some(key) = key(def, &canonical) else { continue };
            match first.entry(key) {
                Entry::Occupied(entry) => {
                    if may_join(def) {
                        canonical[i] = *entry.get();
                        joined = true;
                    }
                }
                Entry::Vacant(entry) => {
                    entry.insert(TypeId(i));
                }
            }
        }
        if !joined {
            break;
        }
    }
    // A type may have joined one that joined another in a later round.
    for i in 0..canonical.len() {
        let mut target = canonical[i];
        while canonical[target.0] != target {
            target = canonical[target.0];
        }
        canonical[i] = target;
    }
    canonical
}

/// Names each merged inline type after what its copies' names end with
/// (`IssuesListSort` and `PullsListSort` become `Sort`), when that name is
/// free; else it keeps its first copy's name.
fn name_merged_types(api: &mut Api, canonical: &[TypeId]) {
    let mut copies: Vec<Vec<&str>> = vec![Vec::new(); api.types.len()];
    for (def, id) in api.types.iter().zip(canonical) {
        copies[id.0].push(&def.name);
    }
    let mut taken: HashSet<String> = api
        .types
        .iter()
        .zip(canonical)
        .enumerate()
        .filter(|(i, (_, id))| id.0 == *i)
        .map(|(_, (def, _))| def.name.clone())
        .collect();
    taken.extend(api.operations.iter().flat_map(|op| &op.responses).filter_map(|r| r.headers_type.clone()));
    let renames: Vec<(usize, String)> = copies
        .iter()
        .enumerate()
        .filter(|(i, names)| names.len() > 1 && !is_component(&api.types[*i]))
        .filter_map(|(i, names)| {
            let name = common_ending(names).or_else(|| status_neutral_name(names))?;
            taken.insert(name.clone()).then_some((i, name))
        })
        .collect();
    for (i, name) in renames {
        api.types[i].name = name;
    }
}

/// The words (`Sort`, `IssueState`) every name ends with, if any.
fn common_ending(names: &[&str]) -> Option<String> {
    let split: Vec<Vec<&str>> = names.iter().map(|name| words(name)).collect();
    let shortest = split.iter().map(Vec::len).min()?;
    let shared =
        (1..=shortest).take_while(|&n| split.iter().all(|w| w[w.len() - n] == split[0][split[0].len() - n])).last()?;
    let ending = &split[0][split[0].len() - shared..];
    // One word (`State`, `Sort`) names nothing in particular: which
    // state? Two (`IssueState`) do.
    if ending.len() < 2 {
        return None;
    }
    // `Self` is no type name; `camel_ident` makes any ending one.
    Some(crate::naming::camel_ident(&ending.concat()))
}

/// The name of a body several statuses of one operation share
/// (`UsersDeleteToken400`, `UsersDeleteToken401`, ...): the operation's
/// name and `ErrorBody` when every status is an error
/// (`UsersDeleteTokenErrorBody`: `UsersDeleteTokenError` is the client's enum),
/// `Body` when some is not.
fn status_neutral_name(names: &[&str]) -> Option<String> {
    let mut stem = None;
    let mut errors = true;
    for name in names {
        let (rest, error) = without_status(name)?;
        if rest.is_empty() || *stem.get_or_insert(rest) != rest {
            return None;
        }
        errors &= error;
    }
    Some(format!("{}{}", stem?, if errors { "ErrorBody" } else { "Body" }))
}

/// A name without the status it ends with (`400`, `4XX`, `Default`), and
/// whether that status is an error (`default` is taken as one).
fn without_status(name: &str) -> Option<(&str, bool)> {
    if let Some(rest) = name.strip_suffix("Default") {
        return Some((rest, true));
    }
    let (rest, class) = match name.strip_suffix("XX") {
        Some(rest) => (rest.get(..rest.len().checked_sub(1)?)?, rest.as_bytes().last()?),
        None => {
            let at = name.len().checked_sub(3)?;
            let code = name.get(at..)?;
            (&name[..at], code.as_bytes().first().filter(|_| code.bytes().all(|b| b.is_ascii_digit()))?)
        }
    };
    matches!(class, b'1'..=b'5').then_some((rest, *class >= b'4'))
}

/// An UpperCamelCase name's words, each starting with its capital.
fn words(name: &str) -> Vec<&str> {
    let mut starts: Vec<usize> = name
        .char_indices()
        .zip(name.chars().skip(1))
        .filter(|((_, before), after)| !before.is_ascii_uppercase() && after.is_ascii_uppercase())
        .map(|((i, before), _)| i + before.len_utf8())
        .collect();
    starts.insert(0, 0);
    starts.iter().zip(starts.iter().skip(1).chain([&name.len()])).map(|(&a, &b)| &name[a..b]).collect()
}

/// What two identical types have in common: everything but their name and
/// where they were defined, with the types they hold by their merged id.
fn identity(def: &TypeDef, canonical: &[TypeId]) -> String {
    format!("{:?} {:?}", def.description, body(def, canonical, Descriptions::Keep))
}

#[derive(Clone, Copy, PartialEq)]
enum Descriptions {
    Keep,
    /// Compare shapes alone: the descriptions of fields and items left out.
    Forget,
}

/// A type's body with the types it holds by their merged id.
fn body(def: &TypeDef, canonical: &[TypeId], descriptions: Descriptions) -> TypeKind {
    let mut kind = def.kind.clone();
    for shape in type_shapes_mut(&mut kind) {
        rename_in(shape, &mut |id| *id = canonical[id.0]);
        if descriptions == Descriptions::Forget {
            forget_descriptions(shape);
        }
    }
    kind
}

fn forget_descriptions(shape: &mut Shape) {
    shape.description = None;
    if let Ty::Array(inner) | Ty::Map(inner) = &mut shape.ty {
        forget_descriptions(inner);
    }
}

/// Whether a type is a component schema of its own (not a schema inline
/// in one).
fn is_component(def: &TypeDef) -> bool {
    def.pointer.strip_prefix("#/components/schemas/").is_some_and(|name| !name.contains('/'))
}

#[cfg(test)]
mod tests {
    use super::status_neutral_name;

    #[test]
    fn a_body_shared_by_statuses_is_named_for_the_operation() {
        let errors = ["UsersDeleteToken400", "UsersDeleteToken4XX", "UsersDeleteTokenDefault"];
        assert_eq!(status_neutral_name(&errors).as_deref(), Some("UsersDeleteTokenErrorBody"));
        assert_eq!(status_neutral_name(&["GetPet200", "GetPet404"]).as_deref(), Some("GetPetBody"));
        assert_eq!(status_neutral_name(&["GetPet200", "ListPets404"]), None);
        assert_eq!(status_neutral_name(&["Pet", "GetPet404"]), None);
        assert_eq!(status_neutral_name(&["400", "401"]), None);
        assert_eq!(status_neutral_name(&["Thing600", "Thing601"]), None);
        assert_eq!(status_neutral_name(&["Café", "Cafés"]), None);
    }
}
