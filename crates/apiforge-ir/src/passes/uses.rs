//! Where an API uses its types: the shapes its operations and its type
//! definitions hold, and rewriting the type ids in them when types are
//! dropped or merged.

use crate::model::{Api, Operation, Shape, Ty, TypeId, TypeKind};

/// Keeps the types `keep` marks, in order, and points each use of type `i`
/// at `target[i]`, which must be kept (`target[i] == i` for a kept type
/// that stays itself).
pub fn retain_types(api: &mut Api, keep: &[bool], target: &[TypeId]) {
    let mut renumbered = Vec::with_capacity(keep.len());
    let mut next = 0;
    for &kept in keep {
        renumbered.push(TypeId(next));
        next += usize::from(kept);
    }
    let mut index = 0;
    api.types.retain(|_| {
        index += 1;
        keep[index - 1]
    });
    let point = &mut |id: &mut TypeId| *id = renumbered[target[id.0].0];
    for op in &mut api.operations {
        for_each_shape_mut(op, &mut |shape| rename_in(shape, point));
    }
    for def in &mut api.types {
        for shape in type_shapes_mut(&mut def.kind) {
            rename_in(shape, point);
        }
    }
}

/// The named types a shape holds directly (through arrays and maps, not
/// through other named types).
pub fn named_in(shape: &Shape, found: &mut Vec<TypeId>) {
    match &shape.ty {
        Ty::Named(id) => found.push(*id),
        Ty::Array(inner) | Ty::Map(inner) => named_in(inner, found),
        _ => {}
    }
}

/// Rewrites every type id a shape holds directly.
pub fn rename_in(shape: &mut Shape, rename: &mut impl FnMut(&mut TypeId)) {
    match &mut shape.ty {
        Ty::Named(id) => rename(id),
        Ty::Array(inner) | Ty::Map(inner) => rename_in(inner, rename),
        _ => {}
    }
}

/// Visits the shapes of an operation's parameters, bodies, responses and
/// response headers.
pub fn for_each_shape(op: &Operation, visit: &mut impl FnMut(&Shape)) {
    op.params.iter().for_each(|p| visit(&p.shape));
    let body = op.body.iter().flat_map(|b| &b.contents);
    let responses = op.responses.iter().flat_map(|r| &r.contents);
    body.chain(responses).filter_map(|c| c.shape.as_ref()).for_each(&mut *visit);
    op.responses.iter().flat_map(|r| &r.headers).for_each(|h| visit(&h.shape));
}

fn for_each_shape_mut(op: &mut Operation, visit: &mut impl FnMut(&mut Shape)) {
    op.params.iter_mut().for_each(|p| visit(&mut p.shape));
    let body = op.body.iter_mut().flat_map(|b| &mut b.contents);
    let responses = op.responses.iter_mut().flat_map(|r| &mut r.contents);
    body.chain(responses).filter_map(|c| c.shape.as_mut()).for_each(&mut *visit);
    op.responses.iter_mut().flat_map(|r| &mut r.headers).for_each(|h| visit(&mut h.shape));
}

/// The shapes a type definition holds: its fields, variants or alias.
pub fn type_shapes(kind: &TypeKind) -> Vec<&Shape> {
    match kind {
        TypeKind::Struct(s) => s.fields.iter().map(|f| &f.shape).chain(s.additional.as_deref()).collect(),
        TypeKind::Union(u) => u.variants.iter().map(|v| &v.shape).collect(),
        TypeKind::Alias(shape) => vec![shape],
        TypeKind::Enum(_) | TypeKind::External(_) => Vec::new(),
    }
}

pub fn type_shapes_mut(kind: &mut TypeKind) -> Vec<&mut Shape> {
    match kind {
        TypeKind::Struct(s) => s.fields.iter_mut().map(|f| &mut f.shape).chain(s.additional.as_deref_mut()).collect(),
        TypeKind::Union(u) => u.variants.iter_mut().map(|v| &mut v.shape).collect(),
        TypeKind::Alias(shape) => vec![shape],
        TypeKind::Enum(_) | TypeKind::External(_) => Vec::new(),
    }
}
