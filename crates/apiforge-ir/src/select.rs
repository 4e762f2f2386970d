//! Choosing what to generate. Big APIs are used a few operations at a time:
//! a selection names operations by tag, or by a glob over their
//! `operationId` or their `METHOD /path` template, and only the chosen
//! operations and the types they reach are generated.

use std::collections::HashSet;

use crate::diagnostic::Diagnostic;
use crate::model::{Api, Operation, Shape, Ty, TypeId, TypeKind};

/// Tags and operation patterns; an operation is chosen when it has one of
/// the tags or matches one of the patterns. Empty chooses everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    pub tags: Vec<String>,
    /// Globs (`*`, `?`, `[...]`) over operationIds and `METHOD /path`
    /// templates: `repos/*`, `get-*`, `DELETE /v1/tokens/*`.
    pub operations: Vec<String>,
}

/// An operation as a selection sees it.
pub struct Candidate<'a> {
    pub id: &'a str,
    pub method: &'a str,
    pub path: &'a str,
    pub tags: &'a [String],
}

/// A [`Selection`] ready to match, which remembers what each of its tags
/// and patterns matched.
pub struct Chooser {
    tags: Vec<(String, bool)>,
    patterns: Vec<(glob::Pattern, bool)>,
    /// Every operationId, `METHOD /path` and tag seen, for suggestions.
    seen: Vec<String>,
}

impl Selection {
    pub fn is_everything(&self) -> bool {
        self.tags.is_empty() && self.operations.is_empty()
    }

    /// The selection ready to match, or an error for a pattern that is not
    /// a glob.
    pub fn chooser(&self) -> Result<Chooser, Diagnostic> {
        let patterns = self
            .operations
            .iter()
            .map(|text| {
                glob::Pattern::new(text).map(|pattern| (pattern, false)).map_err(|e| {
                    Diagnostic::document(format!("the operation pattern `{text}` is not a glob: {e}"))
                        .with_help("use `*` for any text, `?` for one character, `[abc]` for one of a set")
                })
            })
            .collect::<Result<_, _>>()?;
        Ok(Chooser { tags: self.tags.iter().map(|t| (t.clone(), false)).collect(), patterns, seen: Vec::new() })
    }
}

impl Chooser {
    /// Whether the operation is chosen (everything is, by an empty selection).
    pub fn chooses(&mut self, candidate: &Candidate) -> bool {
        if self.tags.is_empty() && self.patterns.is_empty() {
            return true;
        }
        let endpoint = format!("{} {}", candidate.method, candidate.path);
        self.seen.extend([candidate.id.to_string(), endpoint.clone()]);
        self.seen.extend(candidate.tags.iter().cloned());
        let mut chosen = false;
        for (tag, matched) in &mut self.tags {
            if candidate.tags.contains(tag) {
                *matched = true;
                chosen = true;
            }
        }
        for (pattern, matched) in &mut self.patterns {
            if pattern.matches(candidate.id) || pattern.matches(&endpoint) {
                *matched = true;
                chosen = true;
            }
        }
        chosen
    }

    /// An error for each tag or pattern that chose nothing, with the
    /// closest names the spec has.
    pub fn unmatched(&self) -> Vec<Diagnostic> {
        let tags = self.tags.iter().filter(|(_, matched)| !matched).map(|(tag, _)| ("tag", tag.clone()));
        let patterns =
            self.patterns.iter().filter(|(_, matched)| !matched).map(|(p, _)| ("operation pattern", p.to_string()));
        tags.chain(patterns)
            .map(|(what, text)| {
                let close = self.closest(&text);
                let help = if close.is_empty() {
                    "run `apiforge check` on the spec to see its operations".to_string()
                } else {
                    format!("did you mean {}?", close.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(", "))
                };
                Diagnostic::document(format!("the {what} `{text}` matches no operation of the spec")).with_help(help)
            })
            .collect()
    }

    /// Up to five names of the spec closest to `text`.
    fn closest(&self, text: &str) -> Vec<String> {
        let mut unique: Vec<&String> = self.seen.iter().collect::<HashSet<_>>().into_iter().collect();
        unique.sort();
        let mut scored: Vec<(f64, &String)> = unique
            .into_iter()
            .map(|name| (strsim::jaro_winkler(&text.to_lowercase(), &name.to_lowercase()), name))
            .filter(|(score, _)| *score > 0.75)
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
        scored.into_iter().take(5).map(|(_, name)| name.clone()).collect()
    }
}

/// Drops the types no operation reaches, renumbering the rest in order.
pub fn keep_reachable_types(api: &mut Api) {
    let mut reached = vec![false; api.types.len()];
    let mut pending: Vec<TypeId> = Vec::new();
    for op in &api.operations {
        for_each_shape(op, &mut |shape| named_in(shape, &mut pending));
    }
    while let Some(id) = pending.pop() {
        if std::mem::replace(&mut reached[id.0], true) {
            continue;
        }
        for shape in type_shapes(&api.types[id.0].kind) {
            named_in(shape, &mut pending);
        }
    }
    let mut renumbered = Vec::with_capacity(api.types.len());
    let mut next = 0;
    for &kept in &reached {
        renumbered.push(TypeId(next));
        next += usize::from(kept);
    }
    let mut index = 0;
    api.types.retain(|_| {
        index += 1;
        reached[index - 1]
    });
    let renumber = &mut |id: &mut TypeId| *id = renumbered[id.0];
    for op in &mut api.operations {
        for_each_shape_mut(op, &mut |shape| rename_in(shape, renumber));
    }
    for def in &mut api.types {
        for shape in type_shapes_mut(&mut def.kind) {
            rename_in(shape, renumber);
        }
    }
}

fn named_in(shape: &Shape, found: &mut Vec<TypeId>) {
    match &shape.ty {
        Ty::Named(id) => found.push(*id),
        Ty::Array(inner) | Ty::Map(inner) => named_in(inner, found),
        _ => {}
    }
}

fn rename_in(shape: &mut Shape, renumber: &mut impl FnMut(&mut TypeId)) {
    match &mut shape.ty {
        Ty::Named(id) => renumber(id),
        Ty::Array(inner) | Ty::Map(inner) => rename_in(inner, renumber),
        _ => {}
    }
}

fn for_each_shape(op: &Operation, visit: &mut impl FnMut(&Shape)) {
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

fn type_shapes(kind: &TypeKind) -> Vec<&Shape> {
    match kind {
        TypeKind::Struct(s) => s.fields.iter().map(|f| &f.shape).chain(s.additional.as_deref()).collect(),
        TypeKind::Union(u) => u.variants.iter().map(|v| &v.shape).collect(),
        TypeKind::Alias(shape) => vec![shape],
        TypeKind::Enum(_) => Vec::new(),
    }
}

fn type_shapes_mut(kind: &mut TypeKind) -> Vec<&mut Shape> {
    match kind {
        TypeKind::Struct(s) => s.fields.iter_mut().map(|f| &mut f.shape).chain(s.additional.as_deref_mut()).collect(),
        TypeKind::Union(u) => u.variants.iter_mut().map(|v| &mut v.shape).collect(),
        TypeKind::Alias(shape) => vec![shape],
        TypeKind::Enum(_) => Vec::new(),
    }
}
