//! Paginated operations: the runtime's description of the style, and how
//! the items are taken out of a page.

use apiforge_ir::{Api, Operation, PageItems, PaginationStyle};
use proc_macro2::TokenStream;
use quote::quote;

use crate::names::ident;
use crate::payload::variant;
use crate::rust_type::Scope;

use super::response_name;

/// The runtime's description of a pagination style.
pub(super) fn pagination_style(style: &PaginationStyle, items: &PageItems) -> TokenStream {
    // The items' JSON pointer: the body itself, or its field.
    let items =
        items.field.as_ref().map(|f| apiforge_ir::diagnostic::pointer_push("", &f.wire_name)).unwrap_or_default();
    match style {
        PaginationStyle::Link => quote!(rt::client::Pagination::Link),
        PaginationStyle::Cursor { cursor, param } => {
            quote!(rt::client::Pagination::Cursor { cursor: #cursor, param: #param })
        }
        PaginationStyle::LastId { has_more, param } => {
            quote!(rt::client::Pagination::LastId { has_more: #has_more, items: #items, param: #param })
        }
        PaginationStyle::PageNumber { param } => {
            quote!(rt::client::Pagination::PageNumber { param: #param, items: #items })
        }
    }
}

/// How the generated docs say an operation is paginated.
pub(super) fn pagination_doc(style: &PaginationStyle) -> String {
    match style {
        PaginationStyle::Link => "Pages follow the `Link` header's `rel=\"next\"` URL.".to_string(),
        PaginationStyle::Cursor { cursor, param } => {
            format!("Pages follow the cursor at `{cursor}` in each body, sent back as the query parameter `{param}`.")
        }
        PaginationStyle::LastId { has_more, param } => format!(
            "Pages follow while `{has_more}` is true, with the last item's `id` sent as the query parameter `{param}`."
        ),
        PaginationStyle::PageNumber { param } => {
            format!("Pages are counted by the query parameter `{param}` until one has no items.")
        }
    }
}

/// An expression taking the items out of `page`, the value `send` returns.
pub(super) fn page_items(
    api: &Api,
    op: &Operation,
    successes: &[&apiforge_ir::Response],
    single_success: bool,
    items: &PageItems,
) -> TokenStream {
    // A page or a field that may be absent holds no items then.
    let field = |page: TokenStream| {
        let name = items.field.as_ref().map(|f| ident(&f.rust_name));
        let field_optional = items.field.as_ref().is_some_and(|f| f.optional);
        match (name, items.page_optional, field_optional) {
            (None, false, _) => page,
            (None, true, _) => quote!(#page.unwrap_or_default()),
            (Some(name), false, false) => quote!(#page.#name),
            (Some(name), false, true) => quote!(#page.#name.unwrap_or_default()),
            (Some(name), true, false) => quote!(#page.map(|page| page.#name).unwrap_or_default()),
            (Some(name), true, true) => quote!(#page.and_then(|page| page.#name).unwrap_or_default()),
        }
    };
    if single_success {
        return field(quote!(page));
    }
    // The success enum: the items are in the 2xx variant, none in another.
    let response_enum = response_name(op);
    let arms = successes.iter().map(|response| {
        let v = variant(api, response, Scope::Sibling);
        let name = &v.name;
        let paged =
            matches!(response.status, apiforge_ir::StatusSpec::Code(200..=299) | apiforge_ir::StatusSpec::Range(2));
        if !paged {
            let pattern = v.any_pattern(&quote!(#response_enum));
            return quote!(#pattern => Vec::new(),);
        }
        let pattern = if v.carries_status || v.headers.is_some() {
            quote!(#response_enum::#name { body, .. })
        } else {
            quote!(#response_enum::#name(body))
        };
        let items = field(quote!(body));
        quote!(#pattern => #items,)
    });
    quote!(match page { #( #arms )* })
}
