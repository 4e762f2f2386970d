//! Recursive types, held through a box (`Shape::boxed`) where they must be:
//!
//! - **for a finite size**: a struct field or union variant that holds a
//!   type of its own cycle by value. Types form a graph with an edge for
//!   every by-value use (not behind `Vec` or a map, which already allocate);
//!   edges inside one strongly connected component are the ones that make a
//!   type infinitely large.
//! - **for the compiler's `Send` proof**: it walks every type a type holds,
//!   through `Vec`s and maps too, and a path of a few dozen types (Stripe's
//!   expandable fields make cycles of hundreds) exceeds its recursion limit.
//!   In a cycle of more than [`LONGEST_WALKED_CYCLE`] types, counting every
//!   use, each use of a type of the same cycle is boxed; the box is `Send`
//!   without the walk, so the walk stops there.

use crate::model::{Shape, Ty, TypeDef, TypeId, TypeKind};

/// The most types a cycle may have and still be walked whole.
const LONGEST_WALKED_CYCLE: usize = 8;

pub fn box_cycles(types: &mut [TypeDef]) {
    let by_value = strongly_connected(&types.iter().map(|t| targets(&t.kind, false)).collect::<Vec<_>>());
    let any_use = strongly_connected(&types.iter().map(|t| targets(&t.kind, true)).collect::<Vec<_>>());
    let mut sizes = vec![0usize; types.len()];
    for &component in &any_use {
        sizes[component] += 1;
    }
    for (index, def) in types.iter_mut().enumerate() {
        let long_cycle = sizes[any_use[index]] > LONGEST_WALKED_CYCLE;
        let by_value_cycle = |t: usize| by_value[t] == by_value[index];
        let walked_cycle = |t: usize| long_cycle && any_use[t] == any_use[index];
        // A use by value (a field, a variant) closes either kind of cycle;
        // a use inside a collection, or as a map's values, only the long one.
        let by_value_use = |shape: &mut Shape| match shape.ty {
            Ty::Named(TypeId(t)) => shape.boxed = by_value_cycle(t) || walked_cycle(t),
            _ => box_inner_uses(shape, &walked_cycle),
        };
        match &mut def.kind {
            TypeKind::Struct(s) => {
                s.fields.iter_mut().for_each(|f| by_value_use(&mut f.shape));
                if let Some(values) = s.additional.as_deref_mut() {
                    match values.ty {
                        Ty::Named(TypeId(t)) => values.boxed = walked_cycle(t),
                        _ => box_inner_uses(values, &walked_cycle),
                    }
                }
            }
            TypeKind::Union(u) => u.variants.iter_mut().for_each(|v| by_value_use(&mut v.shape)),
            TypeKind::Alias(shape) => box_inner_uses(shape, &walked_cycle),
            TypeKind::Enum(_) | TypeKind::External(_) => {}
        }
    }
}

/// Boxes the uses of a type of the cycle inside `Vec`s and maps.
fn box_inner_uses(shape: &mut Shape, in_cycle: &impl Fn(usize) -> bool) {
    if let Ty::Array(inner) | Ty::Map(inner) = &mut shape.ty {
        match inner.ty {
            Ty::Named(TypeId(t)) => inner.boxed = in_cycle(t),
            _ => box_inner_uses(inner, in_cycle),
        }
    }
}

/// The types a type uses: by value only, or also inside `Vec`s and maps
/// (`any_use`, which also counts `additionalProperties` and aliases).
fn targets(kind: &TypeKind, any_use: bool) -> Vec<usize> {
    fn named(shape: &Shape, any_use: bool, found: &mut Vec<usize>) {
        match &shape.ty {
            Ty::Named(TypeId(t)) => found.push(*t),
            Ty::Array(inner) | Ty::Map(inner) if any_use => named(inner, any_use, found),
            _ => {}
        }
    }
    let mut found = Vec::new();
    match kind {
        TypeKind::Struct(s) => {
            s.fields.iter().for_each(|f| named(&f.shape, any_use, &mut found));
            if any_use {
                s.additional.iter().for_each(|shape| named(shape, any_use, &mut found));
            }
        }
        TypeKind::Union(u) => u.variants.iter().for_each(|v| named(&v.shape, any_use, &mut found)),
        TypeKind::Alias(shape) => named(shape, any_use, &mut found),
        TypeKind::Enum(_) | TypeKind::External(_) => {}
    }
    found
}

/// Tarjan's algorithm, iterative; returns a component number per node.
fn strongly_connected(edges: &[Vec<usize>]) -> Vec<usize> {
    const UNSEEN: usize = usize::MAX;
    let n = edges.len();
    let mut index = vec![UNSEEN; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut component = vec![UNSEEN; n];
    let mut stack = Vec::new();
    let mut next_index = 0;
    let mut next_component = 0;
    for root in 0..n {
        if index[root] != UNSEEN {
            continue;
        }
        // (node, position in its edge list)
        let mut work = vec![(root, 0usize)];
        while let Some(&mut (node, ref mut pos)) = work.last_mut() {
            if *pos == 0 && index[node] == UNSEEN {
                index[node] = next_index;
                low[node] = next_index;
                next_index += 1;
                stack.push(node);
                on_stack[node] = true;
            }
            if let Some(&next) = edges[node].get(*pos) {
                *pos += 1;
                if index[next] == UNSEEN {
                    work.push((next, 0));
                } else if on_stack[next] {
                    low[node] = low[node].min(index[next]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == index[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = next_component;
                    if member == node {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn components_group_cycles_only() {
        // 0 -> 1 -> 0 is a cycle; 2 -> 0 is not part of it; 3 -> 3 self-loop.
        let edges = vec![vec![1], vec![0], vec![0], vec![3]];
        let c = strongly_connected(&edges);
        assert_eq!(c[0], c[1]);
        assert_ne!(c[2], c[0]);
        assert_ne!(c[3], c[0]);
    }
}
