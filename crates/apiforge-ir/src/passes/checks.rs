//! Which values have constraints to check: a shape's own rules (pattern,
//! lengths, bounds, item counts, a format), or a named type that holds such a value
//! anywhere inside it. Generated code checks bodies by walking exactly
//! these, so types without rules cost nothing.

use crate::model::{Api, Shape, StringFormat, Ty, TypeDef, TypeKind};

impl Shape {
    /// Whether the value itself has rules that generated code checks.
    pub fn has_own_checks(&self) -> bool {
        let c = &self.constraints;
        match self.ty {
            Ty::String(format) => {
                !c.patterns.is_empty() || c.min_length.is_some() || c.max_length.is_some() || format.checked_as_text()
            }
            Ty::Integer(_) | Ty::Number(_) => c.minimum.is_some() || c.maximum.is_some(),
            Ty::Array(_) => c.min_items.is_some() || c.max_items.is_some(),
            _ => false,
        }
    }
}

impl StringFormat {
    /// Whether a string of this format is checked against it: the formats
    /// with a grammar that stay strings whichever [`crate::Formats`] (the
    /// others are checked by their types, or as `strings` not at all).
    pub fn checked_as_text(self) -> bool {
        matches!(self, StringFormat::Email | StringFormat::Time)
    }
}

impl Api {
    /// Whether the value holds a named type with rules inside (through
    /// lists and maps): such a value is checked by the type's `Validate`.
    pub fn holds_checked_types(&self, shape: &Shape) -> bool {
        holds_checked(&self.types, shape)
    }
}

fn holds_checked(types: &[TypeDef], shape: &Shape) -> bool {
    match &shape.ty {
        Ty::Named(id) => types.get(id.0).is_some_and(|t| t.checked),
        Ty::Array(inner) | Ty::Map(inner) => holds_checked(types, inner),
        _ => false,
    }
}

/// Sets `checked` on every type: a fixpoint, since types may hold each
/// other in cycles.
pub fn mark(types: &mut [TypeDef]) {
    loop {
        let mut changed = false;
        for index in 0..types.len() {
            let checked = !types[index].checked && needs_checks(types, &types[index].kind);
            if checked {
                types[index].checked = true;
                changed = true;
            }
        }
        if !changed {
            return;
        }
    }
}

fn needs_checks(types: &[TypeDef], kind: &TypeKind) -> bool {
    let inside = |shape: &Shape| holds_checked(types, shape);
    match kind {
        TypeKind::Struct(s) => {
            s.fields.iter().any(|f| f.required_in_requests || f.shape.has_own_checks() || inside(&f.shape))
                || s.additional.as_deref().is_some_and(inside)
        }
        TypeKind::Union(u) => u.variants.iter().any(|v| v.shape.has_own_checks() || inside(&v.shape)),
        // An alias is checked through the type it names.
        TypeKind::Alias(shape) => inside(shape),
        TypeKind::Enum(_) | TypeKind::External(_) => false,
    }
}
