//! Source text from emitted tokens: syn parses them, prettyplease lays
//! them out.

use proc_macro2::TokenStream;

use crate::{wrap_module, Module};

/// Emitted tokens that are not valid Rust: a bug in an emitter, named by
/// the item it emitted. Nothing is written when this happens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidCode {
    /// The generated module (`types`, `client`, `server`).
    pub module: &'static str,
    /// What the tokens were generated for (`operation `getNote``).
    pub origin: String,
    /// syn's reason.
    pub message: String,
}

impl std::fmt::Display for InvalidCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "internal error: the code generated for {} (module `{}`) is not valid Rust: {}. \
             This is a bug in apiforge; please report it with the spec that caused it.",
            self.origin, self.module, self.message
        )
    }
}

impl std::error::Error for InvalidCode {}

/// The module as formatted source: every item parsed on its own (so that
/// an error names it), then the whole module laid out by prettyplease.
pub(crate) fn module(module: Module) -> Result<String, InvalidCode> {
    let Module { name, doc, feature, items } = module;
    let invalid = |origin: &str, error: syn::Error| InvalidCode { module: name, origin: origin.to_string(), message: error.to_string() };
    let mut parsed = Vec::with_capacity(items.len());
    for item in items {
        let file: syn::File = syn::parse2(item.tokens).map_err(|error| invalid(&item.origin, error))?;
        parsed.extend(file.items);
    }
    let shell = Module { name, doc, feature, items: Vec::new() };
    let mut file: syn::File = syn::parse2(wrap_module(&shell, TokenStream::new())).map_err(|error| invalid("the module", error))?;
    if let Some(syn::Item::Mod(syn::ItemMod { content: Some((_, content)), .. })) = file.items.first_mut() {
        *content = parsed;
    }
    Ok(prettyplease::unparse(&file))
}

/// The header as `//` comment lines, and a blank line after them.
pub(crate) fn header_comment(header: &str) -> String {
    let mut text: String = header.lines().map(|line| format!("// {line}\n")).collect();
    if !text.is_empty() {
        text.push('\n');
    }
    text
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use crate::{Item, Module};

    fn module(items: Vec<Item>) -> Module {
        Module { name: "types", doc: "Types.", feature: Some("client"), items }
    }

    #[test]
    fn a_module_is_laid_out_by_prettyplease_with_its_gate_and_doc() {
        let items = vec![Item { origin: "type `A`".into(), tokens: quote!(#[doc = " An A."] pub struct A { pub b: u8 }) }];
        let text = super::module(module(items)).unwrap();
        assert_eq!(
            text,
            "#[cfg(feature = \"client\")]\n/// Types.\npub mod types {\n    /// An A.\n    pub struct A {\n        pub b: u8,\n    }\n}\n"
        );
    }

    #[test]
    fn tokens_that_do_not_parse_are_an_error_naming_their_origin() {
        let items = vec![
            Item { origin: "type `A`".into(), tokens: quote!(pub struct A;) },
            Item { origin: "operation `getNote`".into(), tokens: quote!(pub fn get_note() -> u8 { let }) },
        ];
        let error = super::module(module(items)).unwrap_err();
        assert_eq!((error.module, error.origin.as_str()), ("types", "operation `getNote`"));
        assert!(error.to_string().contains("is not valid Rust"), "{error}");
    }
}
