//! The one name generated code gives the runtime crate: `rt`, in every
//! module. A module whose items name `rt::` begins with its import, so
//! that emitters write `rt::chrono::NaiveDate` or `rt::client::Request`
//! without tracking which module ends up needing the import.

use proc_macro2::{Spacing, TokenStream, TokenTree};
use quote::quote;

/// The import that names the runtime `rt`.
pub(crate) fn import() -> TokenStream {
    quote!(
        use ::apiforge_runtime as rt;
    )
}

/// Whether `tokens` name a path through `rt` (`rt::X`, not `x::rt::X`).
pub(crate) fn is_named_in(tokens: &TokenStream) -> bool {
    let mut seen = Seen::Other;
    for tree in tokens.clone() {
        seen = match tree {
            TokenTree::Group(group) if is_named_in(&group.stream()) => return true,
            TokenTree::Ident(ident) if seen != Seen::PathSeparator && ident == "rt" => Seen::Alias,
            // `::` is a joint `:` and then a lone one.
            TokenTree::Punct(punct) if punct.as_char() == ':' => match (seen, punct.spacing()) {
                (Seen::Alias, Spacing::Joint) => return true,
                (_, Spacing::Joint) => Seen::Colon,
                (Seen::Colon, Spacing::Alone) => Seen::PathSeparator,
                _ => Seen::Other,
            },
            _ => Seen::Other,
        }
    }
    false
}

/// What the last tokens were, as far as telling `rt::` from `x::rt::`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Seen {
    Alias,
    Colon,
    PathSeparator,
    Other,
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::is_named_in;

    #[test]
    fn a_path_through_the_alias_names_it_anywhere_in_the_tokens() {
        assert!(is_named_in(&quote!(rt::Serialize)));
        assert!(is_named_in(&quote!(
            struct A {
                at: Vec<rt::chrono::NaiveDate>,
            }
        )));
        assert!(is_named_in(&quote!(
            #[derive(Debug, rt::StrEnum)]
            enum E {}
        )));
    }

    #[test]
    fn the_word_elsewhere_does_not_name_it() {
        assert!(!is_named_in(&quote!(
            struct A {
                rt: String,
            }
        )));
        assert!(!is_named_in(&quote!(
            use ::apiforge_runtime as rt;
        )));
        assert!(!is_named_in(&quote!(other::rt::Thing)));
        assert!(!is_named_in(&quote!(
            #[doc = "rt::X"]
            struct A;
        )));
        assert!(!is_named_in(&quote!(start::Part)));
    }
}
