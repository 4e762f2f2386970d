//! Source text from emitted tokens.
//!
//! The emitters produce a small, known subset of Rust, so a printer made
//! for it replaces re-parsing with syn and formatting with prettyplease,
//! which took about 70% of generation time. Its layout follows rustfmt's
//! habits (four-space indents, one item, statement, field or arm per line,
//! lists broken one element per line past 100 columns). [`same_tokens`]
//! checks printed text against its tokens; the tests run it on every
//! fixture and `cargo xtask corpus` on every spec.

mod doc;
mod layout;
mod spacing;
mod tree;
mod verify;

use crate::tokens::Tokens;

pub use verify::same_tokens;
pub(crate) use doc::plain_lines;

/// Items (or attributes) as source lines, indented `indent` levels.
pub fn items(tokens: &Tokens, indent: usize) -> String {
    let arena = tree::arena(tokens);
    let nodes = tree::nodes(tokens, &arena);
    let mut printer = layout::Printer::new(indent, tree::printed_len(tokens));
    printer.items(nodes);
    printer.finish()
}

#[cfg(test)]
mod tests {
    use crate::tokens::Tokens;

    /// Prints at the crate root, checking the text against its tokens.
    fn print(tokens: Tokens) -> String {
        let text = super::items(&tokens, 0);
        super::same_tokens(&tokens, &text).unwrap_or_else(|e| panic!("{e}\n{text}"));
        text
    }

    #[test]
    fn spaces_follow_rust_habits() {
        let text = print(piece! {
            impl<'de> serde::Deserialize<'de> for Tag {
                fn deserialize<D>(d: D) -> ::std::result::Result<Self, D::Error> {
                    let value: Vec<Vec<u8>> = <Vec<u8> as Default>::default();
                    let f = move |a, b| a + b;
                    let g = || -1i64;
                    if !value.is_empty() { return Err(<D::Error as serde::de::Error>::custom(&*value)); }
                    Ok(Self(format!("{}", value.len())?))
                }
            }
        });
        assert_eq!(
            text,
            "impl<'de> serde::Deserialize<'de> for Tag {
    fn deserialize<D>(d: D) -> ::std::result::Result<Self, D::Error> {
        let value: Vec<Vec<u8>> = <Vec<u8> as Default>::default();
        let f = move |a, b| a + b;
        let g = || -1i64;
        if !value.is_empty() {
            return Err(<D::Error as serde::de::Error>::custom(&*value));
        }
        Ok(Self(format!(\"{}\", value.len())?))
    }
}
"
        );
    }

    #[test]
    fn docs_become_doc_comments_where_they_can() {
        let text = print(piece! {
            #[doc = " Plain text."]
            #[doc = ""]
            #[doc = "/ starts with a slash"]
            #[doc = " two\nlines"]
            pub struct A;
        });
        assert_eq!(
            text,
            "/// Plain text.\n///\n#[doc = \"/ starts with a slash\"]\n/// two\n///lines\npub struct A;\n"
        );
    }

    #[test]
    fn the_printing_check_reads_doc_lines_as_one_text() {
        let tokens = piece!(#[doc = " a\n b"] #[doc = " c"] struct A;);
        assert_eq!(super::same_tokens(&tokens, "/// a\n/// b\n/// c\nstruct A;\n"), Ok(()));
        assert!(super::same_tokens(&tokens, "/// a\n/// b\nstruct A;\n").is_err());
        assert!(super::same_tokens(&tokens, "/// a\n/// c\n/// b\nstruct A;\n").is_err());
    }

    #[test]
    fn lists_and_patterns() {
        let text = print(piece! {
            use a::{b, c::{d, e}};
            pub enum Empty {}
            impl Status for Empty { fn status(&self) -> u16 { match self { Self::A { status, .. } => *status, Self::B { .. } => 404u16 } } }
            fn make() -> Thing { Thing { first: 1, rest } }
        });
        assert_eq!(
            text,
            "use a::{b, c::{d, e}};
pub enum Empty {}
impl Status for Empty {
    fn status(&self) -> u16 {
        match self {
            Self::A { status, .. } => *status,
            Self::B { .. } => 404u16,
        }
    }
}
fn make() -> Thing {
    Thing {
        first: 1,
        rest,
    }
}
"
        );
    }

    #[test]
    fn long_lines_break_at_lists_chains_and_where_clauses() {
        let text = print(piece! {
            async fn serve<A, F>(api: std::sync::Arc<A>, operation: OperationId, request: Request) -> Response
            where A: Api, F: std::future::Future<Output = Response> + Send + 'static {
                let router = Router::new().route("/first/path/of/the/router", get(first_handler)).route("/second", get(second));
                let buffer: [u8; 4] = [0u8; 4];
                call(|parts, body| async move { parse(parts, body).await }, (first_long_argument_of_the_call + second_long_argument))
            }
        });
        assert_eq!(
            text,
            "async fn serve<A, F>(
    api: std::sync::Arc<A>,
    operation: OperationId,
    request: Request,
) -> Response
where
    A: Api,
    F: std::future::Future<Output = Response> + Send + 'static,
{
    let router = Router::new()
        .route(\"/first/path/of/the/router\", get(first_handler))
        .route(\"/second\", get(second));
    let buffer: [u8; 4] = [0u8; 4];
    call(
        |parts, body| async move {
            parse(parts, body).await
        },
        (first_long_argument_of_the_call + second_long_argument),
    )
}
"
        );
    }

    #[test]
    fn literals_of_every_kind_read_back() {
        let raw = proc_macro2::Literal::string("a \"quoted\" \\ word");
        let negative = proc_macro2::Literal::i64_suffixed(-7);
        let text = print(piece! {
            const A: [&str; 3] = [r#"raw "with" quotes"#, #raw, "tab\tend"];
            const B: (char, char, u8, &[u8]) = ('x', '\'', b'\n', b"bytes");
            fn f<'a>(x: &'a str) -> impl Iterator<Item = usize> + 'a { (0..x.len()).map(|i| i + 1usize) }
            const C: f64 = 1.5e3f64;
            const D: i64 = -7i64;
            const E: i64 = #negative;
        });
        assert!(text.contains("fn f<'a>(x: &'a str) -> impl Iterator<Item = usize> + 'a {"), "{text}");
        assert!(text.contains("(0..x.len()).map(|i| i + 1usize)"), "{text}");
        assert!(text.contains("const E: i64 = -7i64;"), "{text}");
    }

    #[test]
    fn identifiers_with_combining_marks_read_back() {
        // U+0301 continues an identifier but is neither alphanumeric nor punctuation.
        let name = crate::names::ident("cafe\u{301}_count");
        let text = print(piece!(fn f() -> u8 { let #name = 1u8; #name }));
        assert!(text.contains("let cafe\u{301}_count = 1u8;"), "{text}");
    }

    #[test]
    fn a_lone_group_is_never_made_a_tuple() {
        let long = "an argument long enough that the parenthesized expression cannot stay on one line";
        let text = print(piece!(fn f() -> usize { (#long.len() + #long.len()) }));
        assert!(text.contains("(\n        ") && !text.contains(",\n    )"), "{text}");
    }

    #[test]
    fn a_long_field_type_goes_below_its_name_or_breaks_its_generic_arguments() {
        let text = print(piece! {
            pub struct Webhook {
                pub match_conditions: ::std::option::Option<::std::vec::Vec<IoK8sApiAdmissionregistrationV1MatchCondition>>,
                pub name: ::std::string::String,
                pub extra: ::std::option::Option<::std::collections::BTreeMap<::std::string::String, ::apiforge_runtime::serde_json::Value>>,
            }
            fn make(path: Path) -> Webhook {
                Webhook { match_conditions: path.get::<::std::vec::Vec<IoK8sApiAdmissionregistrationV1MatchCondition>>("p0")?, name }
            }
        });
        assert_eq!(
            text,
            "pub struct Webhook {
    pub match_conditions:
        ::std::option::Option<::std::vec::Vec<IoK8sApiAdmissionregistrationV1MatchCondition>>,
    pub name: ::std::string::String,
    pub extra: ::std::option::Option<
        ::std::collections::BTreeMap<::std::string::String, ::apiforge_runtime::serde_json::Value>,
    >,
}
fn make(path: Path) -> Webhook {
    Webhook {
        match_conditions: path.get::<::std::vec::Vec<IoK8sApiAdmissionregistrationV1MatchCondition>>(
            \"p0\",
        )?,
        name,
    }
}
"
        );
    }

    #[test]
    fn a_long_trait_impl_header_breaks_before_for_and_its_body() {
        let text = print(piece! {
            impl ::apiforge_runtime::client::ErrorStatus for DeleteCoreV1CollectionNamespacedPersistentVolumeClaimError {
                fn status(&self) -> u16 { 200u16 }
            }
            impl ErrorStatus for Short { fn status(&self) -> u16 { 200u16 } }
        });
        assert_eq!(
            text,
            "impl ::apiforge_runtime::client::ErrorStatus
    for DeleteCoreV1CollectionNamespacedPersistentVolumeClaimError
{
    fn status(&self) -> u16 {
        200u16
    }
}
impl ErrorStatus for Short {
    fn status(&self) -> u16 {
        200u16
    }
}
"
        );
    }

    #[test]
    fn a_value_too_long_after_its_equals_sign_starts_the_next_line() {
        let text = print(piece! {
            fn send(body: Body) {
                let body: super::types::IoK8sApiAdmissionregistrationV1MutatingWebhookConfiguration = body.into();
                let body: super::types::IoK8sApiextensionsApiserverPkgApisApiextensionsV1CustomResourceDefinition = body.into();
                let short: u8 = body.into();
            }
        });
        assert_eq!(
            text,
            "fn send(body: Body) {
    let body: super::types::IoK8sApiAdmissionregistrationV1MutatingWebhookConfiguration =
        body.into();
    let body: super::types::IoK8sApiextensionsApiserverPkgApisApiextensionsV1CustomResourceDefinition = body.into();
    let short: u8 = body.into();
}
"
        );
    }

    #[test]
    fn shorthand_struct_literals_stay_on_their_line() {
        let text = print(piece! {
            fn build(request: Request) -> Builder { Builder { request } }
            enum One { A, }
        });
        assert_eq!(text, "fn build(request: Request) -> Builder {\n    Builder { request }\n}\nenum One {\n    A,\n}\n");
    }
}
