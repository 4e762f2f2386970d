//! Which list operations are paginated, and how: detected from the spec
//! alone, or declared with the operation's `x-pagination` extension.
//!
//! Detected styles, in this order: a `Link` response header (GitHub); a
//! boolean `has_more` with a `starting_after` or `after` parameter (Stripe,
//! OpenAI); a next-cursor field (`next_cursor`, `nextPageToken`,
//! `continue`, `next_marker`, also one object down as in Slack's
//! `response_metadata.next_cursor`) with a cursor parameter (`cursor`,
//! `pageToken`, `continue`, `marker`, ...); an integer `page` parameter. Each needs a single success response whose body is an array
//! or holds one (`data`, `items`, ... or its only array field).
//!
//! `x-pagination: false` turns detection off for an operation;
//! `x-pagination: {style: link | cursor | last-id | page, cursor: /ptr,
//! param: name, has_more: /ptr, items: field}` declares it.

use serde_json::Value;

use crate::diagnostic::{pointer_push, Diagnostic};
use crate::model::{
    Api, Operation, PageField, PageItems, Pagination, PaginationStyle, ParamLocation, Shape, StatusSpec, Ty, TypeKind,
};

/// Fields that hold a page's items, by preference.
const ITEM_FIELDS: &[&str] = &["data", "items", "results", "entries", "values", "records", "objects", "list"];

/// Fields that hold the next page's cursor.
const CURSOR_FIELDS: &[&str] = &[
    "next_cursor",
    "nextCursor",
    "next_page_token",
    "nextPageToken",
    "next_token",
    "nextToken",
    "continue",
    "cursor",
    "next_marker",
    "nextMarker",
];

/// Query parameters that take a cursor.
const CURSOR_PARAMS: &[&str] =
    &["cursor", "pageToken", "page_token", "continue", "next_token", "nextToken", "after", "page_cursor", "marker"];

/// Query parameters that take the id of the last item seen.
const LAST_ID_PARAMS: &[&str] = &["starting_after", "after"];

/// Sets each operation's pagination; `declared` gives an operation's
/// `x-pagination` value, if it has one. Errors name a declaration that does
/// not fit its operation.
pub fn mark(api: &mut Api, declared: impl Fn(&Operation) -> Option<Value>) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    for i in 0..api.operations.len() {
        let op = &api.operations[i];
        let pagination = match declared(op) {
            Some(Value::Bool(false)) => None,
            Some(value) => match declaration(api, op, &value) {
                Ok(pagination) => Some(pagination),
                Err(message) => {
                    let at = pointer_push(&op.pointer, "x-pagination");
                    errors.push(Diagnostic::at(at, message).with_help(
                        "write `x-pagination: false`, or {style: link | cursor | last-id | page, cursor: /json/pointer, \
                         param: query-parameter, has_more: /json/pointer, items: field}",
                    ));
                    None
                }
            },
            None => detect(api, op),
        };
        api.operations[i].pagination = pagination;
    }
    errors
}

/// Pagination given by operationId (`LowerOptions::pagination`), by the
/// operation's pointer; an id no operation has, or text that is not YAML,
/// is an error.
pub fn given(api: &Api, declarations: &[(String, String)]) -> Result<Vec<(String, Value)>, Vec<Diagnostic>> {
    let mut found = Vec::new();
    let mut errors = Vec::new();
    for (id, text) in declarations {
        let Some(op) = api.operations.iter().find(|op| op.id == *id) else {
            errors.push(
                Diagnostic::document(format!("pagination is given for `{id}`, which is no operation of the spec"))
                    .with_help("name the operation by its operationId"),
            );
            continue;
        };
        match serde_yaml::from_str::<Value>(text) {
            Ok(value) => found.push((op.pointer.clone(), value)),
            Err(e) => errors.push(Diagnostic::document(format!("the pagination given for `{id}` is not YAML: {e}"))),
        }
    }
    if errors.is_empty() {
        Ok(found)
    } else {
        Err(errors)
    }
}

fn detect(api: &Api, op: &Operation) -> Option<Pagination> {
    let (response, body) = single_success(op)?;
    let items = items(api, body, None)?;
    let query = |names: &[&str]| {
        op.params.iter().find(|p| p.location == ParamLocation::Query && names.contains(&p.wire_name.as_str()))
    };
    let style = if response.headers.iter().any(|h| h.wire_name.eq_ignore_ascii_case("link")) {
        PaginationStyle::Link
    } else if let (Some(has_more), Some(param)) = (boolean_field(api, body, "has_more"), query(LAST_ID_PARAMS)) {
        PaginationStyle::LastId { has_more, param: param.wire_name.clone() }
    } else if let (Some(cursor), Some(param)) = (cursor_field(api, body), query(CURSOR_PARAMS)) {
        PaginationStyle::Cursor { cursor, param: param.wire_name.clone() }
    } else {
        let page = query(&["page"]).filter(|p| matches!(p.shape.ty, Ty::Integer(_)))?;
        PaginationStyle::PageNumber { param: page.wire_name.clone() }
    };
    if matches!(style, PaginationStyle::LastId { .. }) && !has_id(api, &items.item) {
        return None;
    }
    Some(Pagination { style, items })
}

fn declaration(api: &Api, op: &Operation, value: &Value) -> Result<Pagination, String> {
    let (_, body) = single_success(op).ok_or("the operation has no single success response with a JSON body")?;
    let text = |key: &str| value.get(key).and_then(Value::as_str);
    let required = |key: &str| text(key).map(str::to_string).ok_or(format!("`{key}` is missing"));
    let items = items(api, body, text("items")).ok_or("no array of items in the success body (name it: `items`)")?;
    let param = |key: &str| {
        let name = required(key)?;
        match op.params.iter().any(|p| p.location == ParamLocation::Query && p.wire_name == name) {
            true => Ok(name),
            false => Err(format!("`{key}: {name}` is not a query parameter of the operation")),
        }
    };
    let style = match text("style") {
        Some("link") => PaginationStyle::Link,
        Some("cursor") => PaginationStyle::Cursor { cursor: required("cursor")?, param: param("param")? },
        Some("last-id") => PaginationStyle::LastId { has_more: required("has_more")?, param: param("param")? },
        Some("page") => PaginationStyle::PageNumber { param: param("param")? },
        Some(other) => return Err(format!("unknown pagination style `{other}`")),
        None => return Err("`style` is missing".to_string()),
    };
    Ok(Pagination { style, items })
}

/// The one 2xx response, and its JSON body (a 304 beside it is no page).
fn single_success(op: &Operation) -> Option<(&crate::model::Response, &Shape)> {
    let two_hundreds = |status: StatusSpec| match status {
        StatusSpec::Code(code) => (200..300).contains(&code),
        StatusSpec::Range(range) => range == 2,
        StatusSpec::Default => false,
    };
    let mut successes = op.responses.iter().filter(|r| two_hundreds(r.status));
    let response = successes.next()?;
    if successes.next().is_some() {
        return None;
    }
    let content = response.contents.iter().find(|c| c.kind == crate::model::MediaKind::Json)?;
    Some((response, content.shape.as_ref()?))
}

/// Where a body holds its items: the body itself when it is an array, else
/// the field `wanted` names, or the first of [`ITEM_FIELDS`] it has, or its
/// only array field.
fn items(api: &Api, body: &Shape, wanted: Option<&str>) -> Option<PageItems> {
    if let Ty::Array(item) = &body.ty {
        return Some(PageItems { field: None, item: (**item).clone(), page_optional: body.nullable });
    }
    let fields = struct_fields(api, body)?;
    let arrays: Vec<_> = fields.iter().filter(|f| matches!(f.shape.ty, Ty::Array(_))).collect();
    let field = match wanted {
        Some(name) => arrays.iter().find(|f| f.wire_name == name.trim_start_matches('/')),
        None => ITEM_FIELDS
            .iter()
            .find_map(|name| arrays.iter().find(|f| f.wire_name == *name))
            .or_else(|| arrays.first().filter(|_| arrays.len() == 1)),
    }?;
    let Ty::Array(item) = &field.shape.ty else { return None };
    Some(PageItems {
        field: Some(PageField {
            wire_name: field.wire_name.clone(),
            rust_name: field.rust_name.clone(),
            optional: !field.required || field.shape.nullable,
        }),
        item: (**item).clone(),
        page_optional: body.nullable,
    })
}

fn struct_fields<'a>(api: &'a Api, shape: &Shape) -> Option<&'a [crate::model::Field]> {
    let Ty::Named(id) = shape.ty else { return None };
    match &api.type_def(id).kind {
        TypeKind::Struct(s) => Some(&s.fields),
        _ => None,
    }
}

/// The pointer to a boolean field `name` of the body.
fn boolean_field(api: &Api, body: &Shape, name: &str) -> Option<String> {
    let field = struct_fields(api, body)?.iter().find(|f| f.wire_name == name)?;
    matches!(field.shape.ty, Ty::Boolean).then(|| pointer_push("", name))
}

/// The pointer to a cursor field of the body, or of an object field
/// of it (`/response_metadata/next_cursor`, `/metadata/continue`).
fn cursor_field(api: &Api, body: &Shape) -> Option<String> {
    let fields = struct_fields(api, body)?;
    if let Some(name) = own_cursor(fields) {
        return Some(pointer_push("", name));
    }
    fields.iter().find_map(|outer| {
        let inner = own_cursor(struct_fields(api, &outer.shape)?)?;
        Some(pointer_push(&pointer_push("", &outer.wire_name), inner))
    })
}

/// The name of the first text or integer field (Box's markers are numbers)
/// among [`CURSOR_FIELDS`].
fn own_cursor(fields: &[crate::model::Field]) -> Option<&str> {
    CURSOR_FIELDS.iter().find_map(|name| {
        let cursor = |f: &&crate::model::Field| matches!(f.shape.ty, Ty::String(_) | Ty::Integer(_));
        let field = fields.iter().filter(cursor).find(|f| f.wire_name == *name)?;
        Some(field.wire_name.as_str())
    })
}

/// Whether an item is an object with an `id`.
fn has_id(api: &Api, item: &Shape) -> bool {
    struct_fields(api, item).is_some_and(|fields| fields.iter().any(|f| f.wire_name == "id"))
}
