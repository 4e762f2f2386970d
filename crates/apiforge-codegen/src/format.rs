//! Source text from emitted tokens: syn parses them, prettyplease lays
//! them out.

use proc_macro2::TokenStream;

use crate::plan::Shell;

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

/// Items of a module as formatted source, at the module's indentation:
/// each item parsed on its own (so that an error names it), then all laid
/// out by prettyplease inside a bare `mod` whose lines are then cut off.
/// prettyplease lays out each item of a module on its own, so runs of items
/// printed apart join into the text of the module printed whole.
pub(crate) fn items<O: AsRef<str>>(
    module: &'static str,
    items: impl IntoIterator<Item = (O, TokenStream)>,
) -> Result<String, InvalidCode> {
    let mut parsed = Vec::new();
    for (origin, tokens) in items {
        let file: syn::File = syn::parse2(tokens).map_err(|error| invalid(module, origin.as_ref(), &error))?;
        parsed.extend(file.items);
    }
    if parsed.is_empty() {
        return Ok(String::new());
    }
    let text = prettyplease::unparse(&in_bare_module(parsed));
    let inside = text.strip_prefix(BARE_HEAD).and_then(|rest| rest.strip_suffix(BARE_TAIL));
    inside.map(str::to_string).ok_or_else(|| InvalidCode {
        module,
        origin: "a run of items".into(),
        message: "prettyplease printed the module wrapper in an unexpected way".into(),
    })
}

/// A module's text around its items.
pub(crate) struct ShellText {
    /// Gate, doc and `pub mod name {`.
    pub head: String,
    /// `}`, and the re-export that follows the client module.
    pub tail: String,
    /// The whole module without items, as prettyplease prints it (`{}`).
    pub empty: String,
}

impl ShellText {
    /// Appends the module with the text `write_body` appends as its body.
    pub fn write(
        &self,
        text: &mut String,
        write_body: impl FnOnce(&mut String) -> Result<(), InvalidCode>,
    ) -> Result<(), InvalidCode> {
        let start = text.len();
        text.push_str(&self.head);
        let body_start = text.len();
        write_body(text)?;
        if text.len() == body_start {
            text.truncate(start);
            text.push_str(&self.empty);
        } else {
            text.push_str(&self.tail);
        }
        Ok(())
    }
}

/// The text of the module's declaration around its items.
pub(crate) fn module_shell(shell: &Shell) -> Result<ShellText, InvalidCode> {
    let unparse = |content: TokenStream| -> Result<String, InvalidCode> {
        let file: syn::File = syn::parse2(shell.wrap(content)).map_err(|e| invalid(shell.name, "the module", &e))?;
        Ok(prettyplease::unparse(&file))
    };
    let text = unparse(quote::quote!(
        struct Placeholder;
    ))?;
    let (head, tail) = text.split_once(PLACEHOLDER_LINE).ok_or_else(|| InvalidCode {
        module: shell.name,
        origin: "the module".into(),
        message: "prettyplease printed the module's placeholder item in an unexpected way".into(),
    })?;
    Ok(ShellText { head: head.to_string(), tail: tail.to_string(), empty: unparse(TokenStream::new())? })
}

const BARE_HEAD: &str = "mod m {\n";
const BARE_TAIL: &str = "}\n";
const PLACEHOLDER_LINE: &str = "    struct Placeholder;\n";

fn in_bare_module(items: Vec<syn::Item>) -> syn::File {
    let module = syn::ItemMod {
        attrs: Vec::new(),
        vis: syn::Visibility::Inherited,
        unsafety: None,
        mod_token: Default::default(),
        ident: syn::Ident::new("m", proc_macro2::Span::call_site()),
        content: Some((Default::default(), items)),
        semi: None,
    };
    syn::File { shebang: None, attrs: Vec::new(), items: vec![syn::Item::Mod(module)] }
}

fn invalid(module: &'static str, origin: &str, error: &syn::Error) -> InvalidCode {
    InvalidCode { module, origin: origin.to_string(), message: error.to_string() }
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

    #[test]
    fn a_module_is_laid_out_by_prettyplease_with_its_gate_and_doc() {
        let shell =
            crate::plan::Shell { name: "client", doc: "The client.", feature: Some("client"), skip_rustfmt: true };
        let items = super::items(
            "client",
            [(
                "type `A`",
                quote!(
                    #[doc = " An A."]
                    pub struct A {
                        pub b: u8,
                    }
                ),
            )],
        )
        .unwrap();
        let mut text = String::new();
        super::module_shell(&shell)
            .unwrap()
            .write(&mut text, |text| {
                text.push_str(&items);
                Ok(())
            })
            .unwrap();
        assert_eq!(
            text,
            "/// The client.\n#[cfg(feature = \"client\")]\n#[rustfmt::skip]\npub mod client {\n    /// An A.\n    pub struct A {\n        pub b: u8,\n    }\n}\n\
             #[cfg(feature = \"client\")]\npub use client::Client;\n"
        );
    }

    #[test]
    fn a_module_without_items_is_printed_as_prettyplease_prints_it() {
        let shell = crate::plan::Shell { name: "types", doc: "Types.", feature: None, skip_rustfmt: false };
        let mut text = String::new();
        super::module_shell(&shell).unwrap().write(&mut text, |_| Ok(())).unwrap();
        assert_eq!(text, "/// Types.\npub mod types {}\n");
    }

    #[test]
    fn runs_of_items_printed_apart_join_into_the_module_printed_whole() {
        let first = quote!(pub struct A; impl A { pub fn new() -> Self { Self } });
        let second = quote!(
            pub enum B {
                C(u8),
                D,
            }
        );
        let whole = super::items("types", [("a", first.clone()), ("b", second.clone())]).unwrap();
        let apart = super::items("types", [("a", first)]).unwrap() + &super::items("types", [("b", second)]).unwrap();
        assert_eq!(whole, apart);
        assert!(super::items("types", Vec::<(&str, _)>::new()).unwrap().is_empty());
    }

    #[test]
    fn tokens_that_do_not_parse_are_an_error_naming_their_origin() {
        let items = [
            (
                "type `A`",
                quote!(
                    pub struct A;
                ),
            ),
            ("operation `getNote`", quote!(pub fn get_note() -> u8 { let })),
        ];
        let error = super::items("types", items).unwrap_err();
        assert_eq!((error.module, error.origin.as_str()), ("types", "operation `getNote`"));
        assert!(error.to_string().contains("is not valid Rust"), "{error}");
    }
}
