//! Shapes and the types they name, compared in the direction their values
//! travel. A named type is compared once per direction, however many
//! operations reach it: its changes are reported from the first.

use std::collections::HashSet;

use apiforge_ir::{Api, Bound, Constraints, Shape, Ty, TypeDef, TypeId, TypeKind, UnionVariant};

use crate::record::{Breaks, Direction, Recorder};

pub(crate) struct Shapes<'a> {
    old: &'a Api,
    new: &'a Api,
    seen: HashSet<(TypeId, TypeId, Direction)>,
}

impl<'a> Shapes<'a> {
    pub(crate) fn new(old: &'a Api, new: &'a Api) -> Shapes<'a> {
        Shapes { old, new, seen: HashSet::new() }
    }

    /// Compares two uses of a value; `what` names it in messages.
    pub(crate) fn compare(
        &mut self,
        recorder: &mut Recorder,
        old: &Shape,
        new: &Shape,
        direction: Direction,
        at: &str,
        what: &str,
    ) {
        // The APIs outlive `self`: an alias's shape is borrowed from them.
        let (old_api, new_api) = (self.old, self.new);
        match (&old.ty, &new.ty) {
            (Ty::Named(a), Ty::Named(b)) => self.types(recorder, *a, *b, direction),
            (Ty::Named(a), _) => match &old_api.type_def(*a).kind {
                TypeKind::Alias(aliased) => self.compare(recorder, aliased, new, direction, at, what),
                _ => self.type_changed(recorder, old, new, at, what),
            },
            (_, Ty::Named(b)) => match &new_api.type_def(*b).kind {
                TypeKind::Alias(aliased) => self.compare(recorder, old, aliased, direction, at, what),
                _ => self.type_changed(recorder, old, new, at, what),
            },
            (Ty::Array(a), Ty::Array(b)) => {
                self.compare(recorder, a, b, direction, at, &format!("the items of {what}"))
            }
            (Ty::Map(a), Ty::Map(b)) => self.compare(recorder, a, b, direction, at, &format!("the values of {what}")),
            (a, b) if a == b => {}
            _ => self.type_changed(recorder, old, new, at, what),
        }
        if old.nullable != new.nullable {
            let (kind, breaks, rule) = if new.nullable {
                ("nullable-added", Breaks::reader(direction), "may now be null")
            } else {
                ("nullable-removed", Breaks::sender(direction), "may no longer be null")
            };
            recorder.record_rust(kind, at, breaks, format!("{what} {rule}"));
        }
        constraints(recorder, &old.constraints, &new.constraints, direction, at, what);
    }

    fn type_changed(&self, recorder: &mut Recorder, old: &Shape, new: &Shape, at: &str, what: &str) {
        let message =
            format!("{what} changes type, from {} to {}", describe(self.old, &old.ty), describe(self.new, &new.ty));
        recorder.record("type-changed", at, Breaks::Both, message);
    }

    fn types(&mut self, recorder: &mut Recorder, a: TypeId, b: TypeId, direction: Direction) {
        if !self.seen.insert((a, b, direction)) {
            return;
        }
        let (old, new) = (self.old.type_def(a), self.new.type_def(b));
        match (&old.kind, &new.kind) {
            (TypeKind::Struct(before), TypeKind::Struct(after)) => {
                for field in &after.fields {
                    let at = format!("{}/properties/{}", new.pointer, field.wire_name);
                    let what = format!("`{}.{}`", new.name, field.rust_name);
                    let Some(was) = before.fields.iter().find(|f| f.wire_name == field.wire_name) else {
                        if field.required {
                            let rule = match direction {
                                Direction::Request => "clients must now send it",
                                Direction::Response => "servers must now send it",
                            };
                            recorder.record(
                                "field-added-required",
                                &at,
                                Breaks::sender(direction),
                                format!("{what} is new and required: {rule}"),
                            );
                        } else {
                            recorder.record("field-added", &at, Breaks::Neither, format!("{what} is new, optional"));
                        }
                        continue;
                    };
                    match (was.required, field.required) {
                        (false, true) => recorder.record_rust(
                            "field-required",
                            &at,
                            Breaks::sender(direction),
                            format!("{what} is now required (its type loses its `Option`)"),
                        ),
                        (true, false) => recorder.record_rust(
                            "field-optional",
                            &at,
                            Breaks::reader(direction),
                            format!("{what} is now optional: it may be absent (its type becomes an `Option`)"),
                        ),
                        _ => {}
                    }
                    self.compare(recorder, &was.shape, &field.shape, direction, &at, &what);
                }
                for field in before.fields.iter().filter(|f| !after.fields.iter().any(|n| n.wire_name == f.wire_name)) {
                    recorder.record(
                        "field-removed",
                        &format!("{}/properties/{}", old.pointer, field.wire_name),
                        Breaks::Both,
                        format!("`{}.{}` is removed", old.name, field.rust_name),
                    );
                }
            }
            (TypeKind::Enum(before), TypeKind::Enum(after)) if before.repr == after.repr => {
                for variant in after.variants.iter().filter(|v| !before.variants.iter().any(|o| o.value == v.value)) {
                    let why = match direction {
                        Direction::Response => ": a client built before cannot read it",
                        Direction::Request => ": a server built before refuses it",
                    };
                    recorder.record(
                        "enum-value-added",
                        &new.pointer,
                        Breaks::reader(direction),
                        format!(
                            "`{}` has a new value {} (`{}::{}`){why}",
                            new.name, variant.value, new.name, variant.rust_name
                        ),
                    );
                }
                for variant in before.variants.iter().filter(|v| !after.variants.iter().any(|n| n.value == v.value)) {
                    recorder.record(
                        "enum-value-removed",
                        &new.pointer,
                        Breaks::sender(direction),
                        format!(
                            "`{}` loses the value {} (`{}::{}`)",
                            new.name, variant.value, old.name, variant.rust_name
                        ),
                    );
                }
            }
            (TypeKind::Union(before), TypeKind::Union(after)) => {
                // Alternatives are named after the types they hold, which a
                // renamed component renames: as many as before are matched
                // in order (the order they are tried in), else by name.
                let same_count = before.variants.len() == after.variants.len();
                let matching = |index: usize, variant: &UnionVariant| {
                    if same_count {
                        before.variants.get(index)
                    } else {
                        before.variants.iter().find(|v| v.rust_name == variant.rust_name)
                    }
                };
                for (index, variant) in after.variants.iter().enumerate() {
                    match matching(index, variant) {
                        Some(was) => {
                            let what = format!("`{}::{}`", new.name, variant.rust_name);
                            self.compare(recorder, &was.shape, &variant.shape, direction, &new.pointer, &what)
                        }
                        None => recorder.record(
                            "union-variant-added",
                            &new.pointer,
                            Breaks::reader(direction),
                            format!("`{}` has a new alternative `{}`", new.name, variant.rust_name),
                        ),
                    }
                }
                let removed = before
                    .variants
                    .iter()
                    .filter(|v| !same_count && !after.variants.iter().any(|n| n.rust_name == v.rust_name));
                for variant in removed {
                    recorder.record(
                        "union-variant-removed",
                        &new.pointer,
                        Breaks::Both,
                        format!("`{}` loses the alternative `{}`", new.name, variant.rust_name),
                    );
                }
            }
            (TypeKind::Alias(before), TypeKind::Alias(after)) => {
                let what = format!("`{}`", new.name);
                self.compare(recorder, before, after, direction, &new.pointer, &what)
            }
            (TypeKind::External(before), TypeKind::External(after)) if before == after => {}
            _ => recorder.record(
                "type-changed",
                &new.pointer,
                Breaks::Both,
                format!("`{}` was {} and is now {} (`{}`)", old.name, kind_name(old), kind_name(new), new.name),
            ),
        }
    }
}

fn kind_name(def: &TypeDef) -> &'static str {
    match def.kind {
        TypeKind::Struct(_) => "an object",
        TypeKind::Enum(_) => "an enum",
        TypeKind::Union(_) => "a union",
        TypeKind::Alias(_) => "an alias",
        TypeKind::External(_) => "a type of the user's own",
    }
}

fn describe(api: &Api, ty: &Ty) -> String {
    match ty {
        Ty::String(format) => format!("string ({format:?})").replace(" (Plain)", ""),
        Ty::Integer(format) => format!("integer ({format:?})").to_lowercase(),
        Ty::Number(format) => format!("number ({format:?})").to_lowercase(),
        Ty::Boolean => "boolean".into(),
        Ty::Array(inner) => format!("a list of {}", describe(api, &inner.ty)),
        Ty::Map(inner) => format!("a map of {}", describe(api, &inner.ty)),
        Ty::Any => "any JSON value".into(),
        Ty::Named(id) => format!("`{}`", api.type_def(*id).name),
    }
}

/// Upper limits (`maxLength`...) made lower or added tighten; lower limits
/// made higher or added tighten; the reverse loosens.
fn constraints(
    recorder: &mut Recorder,
    old: &Constraints,
    new: &Constraints,
    direction: Direction,
    at: &str,
    what: &str,
) {
    let counts = [
        ("minLength", old.min_length, new.min_length, false),
        ("maxLength", old.max_length, new.max_length, true),
        ("minItems", old.min_items, new.min_items, false),
        ("maxItems", old.max_items, new.max_items, true),
    ];
    for (name, before, after, upper) in counts {
        let tighter = match (before, after) {
            (None, Some(_)) => Some(true),
            (Some(_), None) => Some(false),
            (Some(b), Some(a)) if a != b => Some((a < b) == upper),
            _ => None,
        };
        if let Some(tighter) = tighter {
            let show = |v: Option<u64>| v.map_or_else(|| "none".to_string(), |v| v.to_string());
            constraint(
                recorder,
                tighter,
                direction,
                at,
                format!("`{name}` of {what}: {} → {}", show(before), show(after)),
            );
        }
    }
    for (name, before, after, upper) in
        [("minimum", old.minimum, new.minimum, false), ("maximum", old.maximum, new.maximum, true)]
    {
        let tighter = match (before, after) {
            (None, Some(_)) => Some(true),
            (Some(_), None) => Some(false),
            (Some(b), Some(a)) if b != a => Some(bound_is_tighter(b, a, upper)),
            _ => None,
        };
        if let Some(tighter) = tighter {
            let show = |v: Option<Bound>| {
                v.map_or_else(
                    || "none".to_string(),
                    |b| format!("{}{}", b.value, if b.exclusive { " (exclusive)" } else { "" }),
                )
            };
            constraint(
                recorder,
                tighter,
                direction,
                at,
                format!("`{name}` of {what}: {} → {}", show(before), show(after)),
            );
        }
    }
    for pattern in new.patterns.iter().filter(|p| !old.patterns.contains(p)) {
        constraint(recorder, true, direction, at, format!("{what} must match `{pattern}`"));
    }
    for pattern in old.patterns.iter().filter(|p| !new.patterns.contains(p)) {
        constraint(recorder, false, direction, at, format!("{what} no longer has to match `{pattern}`"));
    }
}

fn bound_is_tighter(before: Bound, after: Bound, upper: bool) -> bool {
    if before.value == after.value {
        return after.exclusive;
    }
    (after.value < before.value) == upper
}

fn constraint(recorder: &mut Recorder, tighter: bool, direction: Direction, at: &str, message: String) {
    if tighter {
        recorder.record("constraint-tightened", at, Breaks::sender(direction), message);
    } else {
        recorder.record("constraint-loosened", at, Breaks::reader(direction), message);
    }
}
