//! Finite sizes for recursive types: a struct field or union variant that
//! holds a type of its own cycle by value gets `Box`.
//!
//! Types form a graph with an edge for every by-value use (not behind `Vec`
//! or a map, which already allocate). Edges inside one strongly connected
//! component are the ones that make a type infinitely large.

use crate::model::{Shape, Ty, TypeDef, TypeId, TypeKind};

pub fn box_cycles(types: &mut [TypeDef]) {
    let edges: Vec<Vec<usize>> = types.iter().map(|t| by_value_targets(&t.kind)).collect();
    let component = strongly_connected(&edges);
    for (index, def) in types.iter_mut().enumerate() {
        let cyclic = |shape: &Shape| matches!(shape.ty, Ty::Named(TypeId(t)) if component[t] == component[index]);
        match &mut def.kind {
            TypeKind::Struct(s) => s.fields.iter_mut().for_each(|f| f.boxed = cyclic(&f.shape)),
            TypeKind::Union(u) => u.variants.iter_mut().for_each(|v| v.boxed = cyclic(&v.shape)),
            TypeKind::Enum(_) | TypeKind::Alias(_) => {}
        }
    }
}

fn by_value_targets(kind: &TypeKind) -> Vec<usize> {
    let named = |shape: &Shape| match shape.ty {
        Ty::Named(TypeId(t)) => Some(t),
        _ => None,
    };
    match kind {
        TypeKind::Struct(s) => s.fields.iter().filter_map(|f| named(&f.shape)).collect(),
        TypeKind::Union(u) => u.variants.iter().filter_map(|v| named(&v.shape)).collect(),
        TypeKind::Alias(shape) => named(shape).into_iter().collect(),
        TypeKind::Enum(_) => Vec::new(),
    }
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
