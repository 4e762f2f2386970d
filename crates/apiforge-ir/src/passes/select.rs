//! Choosing what to generate. Big APIs are used a few operations at a time:
//! a selection names operations by tag, or by a glob over their
//! `operationId` or their `METHOD /path` template, and only the chosen
//! operations and the types they reach are generated; the types the spec's
//! webhooks reach only when it asks for them.

use std::collections::HashSet;

use super::uses::{for_each_shape, named_in, retain_types, type_shapes};
use crate::diagnostic::Diagnostic;
use crate::model::{Api, TypeId};

/// Tags and operation patterns; an operation is chosen when it has one of
/// the tags or matches one of the patterns. Empty chooses everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selection {
    pub tags: Vec<String>,
    /// Globs (`*`, `?`, `[...]`) over operationIds and `METHOD /path`
    /// templates: `repos/*`, `get-*`, `DELETE /v1/tokens/*`.
    pub operations: Vec<String>,
    /// Also the spec's webhooks and callbacks, and the types they use.
    pub webhooks: bool,
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

/// Drops the types the generated code does not need, renumbering the rest
/// in order: those the chosen operations reach, and the webhooks' types
/// (`webhook_types` and what they reach) when the selection asks for them.
/// With every operation chosen, the types nothing reaches stay: a spec may
/// declare types for its users beside its operations.
pub fn keep_needed_types(api: &mut Api, selection: &Selection, webhook_types: Vec<TypeId>) {
    let roots = if !selection.is_everything() {
        if selection.webhooks {
            webhook_types
        } else {
            Vec::new()
        }
    } else if selection.webhooks || webhook_types.is_empty() {
        return;
    } else {
        let for_webhooks = reached(api, webhook_types, false);
        (0..api.types.len()).filter(|&index| !for_webhooks[index]).map(TypeId).collect()
    };
    let keep = reached(api, roots, true);
    let itself: Vec<TypeId> = (0..api.types.len()).map(TypeId).collect();
    retain_types(api, &keep, &itself);
}

/// Which types `roots` reach, with what the operations reach if
/// `with_operations`.
fn reached(api: &Api, mut pending: Vec<TypeId>, with_operations: bool) -> Vec<bool> {
    let mut reached = vec![false; api.types.len()];
    if with_operations {
        for op in &api.operations {
            for_each_shape(op, &mut |shape| named_in(shape, &mut pending));
        }
    }
    while let Some(id) = pending.pop() {
        if std::mem::replace(&mut reached[id.0], true) {
            continue;
        }
        for shape in type_shapes(&api.types[id.0].kind) {
            named_in(shape, &mut pending);
        }
    }
    reached
}
