//! How parameter values become text on the wire (and back, for the server).

use apiforge_ir::{Api, Operation, Param, ParamLocation, ParamStyle, PathSegment, Shape, Ty, TypeKind};

/// The text form of a parameter value.
pub enum Encoding {
    /// One value with `Display`/`FromStr` (strings, numbers, booleans, enums).
    Scalar,
    /// An array of scalars, joined by the delimiter unless exploded (query).
    List { delimiter: &'static str, explode: bool },
    /// An object in the query: one pair per property (`form`, exploded) or
    /// `name[property]` pairs (`deepObject`).
    QueryObject { deep: bool, properties: Vec<String> },
    /// Anything else structured, as JSON text.
    Json,
}

pub fn encoding(api: &Api, param: &Param) -> Encoding {
    if is_scalar(api, &param.shape) {
        return Encoding::Scalar;
    }
    match &param.shape.ty {
        // Text has no null: a list whose items may be null is sent as JSON.
        Ty::Array(items) if is_scalar(api, items) && !items.nullable => {
            let delimiter = match param.style {
                ParamStyle::SpaceDelimited => " ",
                ParamStyle::PipeDelimited => "|",
                _ => ",",
            };
            let explode = param.explode && param.location == ParamLocation::Query;
            Encoding::List { delimiter, explode }
        }
        Ty::Named(id) if param.location == ParamLocation::Query => match &api.type_def(*id).kind {
            TypeKind::Struct(s)
                if param.style == ParamStyle::DeepObject || (param.style == ParamStyle::Form && param.explode) =>
            {
                let properties = s.fields.iter().map(|f| f.wire_name.clone()).collect();
                Encoding::QueryObject { deep: param.style == ParamStyle::DeepObject, properties }
            }
            _ => Encoding::Json,
        },
        _ => Encoding::Json,
    }
}

/// Whether values of the shape have a one-token text form.
pub fn is_scalar(api: &Api, shape: &Shape) -> bool {
    match &shape.ty {
        Ty::String(_) | Ty::Integer(_) | Ty::Number(_) | Ty::Boolean => true,
        Ty::Named(id) => matches!(api.type_def(*id).kind, TypeKind::Enum(_)),
        Ty::Array(_) | Ty::Map(_) | Ty::Any => false,
    }
}

/// Parameters the method takes as arguments: every required one (path
/// parameters in template order first), then the others in spec order.
pub fn ordered_params(op: &Operation) -> Vec<&Param> {
    let path_order = op.segments.iter().filter_map(|s| match s {
        PathSegment::Param(i) => op.params.get(*i),
        PathSegment::Literal(_) => None,
    });
    let others = op.params.iter().filter(|p| p.location != ParamLocation::Path);
    let mut ordered: Vec<&Param> = Vec::new();
    // A template may name one parameter twice (`/a/{id}/b/{id}`).
    for param in path_order.chain(others) {
        if !ordered.iter().any(|p| std::ptr::eq(*p, param)) {
            ordered.push(param);
        }
    }
    ordered
}
