//! What an emitter returns: a [`Plan`] of a module (its [`Shell`] and its
//! items, each emitted when called), and the [`Module`] it becomes once
//! emitted.

use proc_macro2::TokenStream;
use quote::quote;

use crate::names;

/// A module of generated code before it is emitted: each item is emitted
/// when called, so that [`crate::render`]'s threads can share out the items.
pub struct Plan<'a> {
    pub shell: Shell,
    pub items: Vec<Item<'a>>,
}

/// One item of generated code (possibly none), and what it is generated for
/// (``operation `getNote` ``), which names it should its tokens not be Rust.
pub struct Item<'a> {
    pub origin: String,
    emit: Box<dyn Fn() -> Option<TokenStream> + Send + Sync + 'a>,
}

impl Item<'_> {
    pub fn emit(&self) -> Option<TokenStream> {
        (self.emit)()
    }
}

pub(crate) fn item<'a, T: Into<Option<TokenStream>>>(
    origin: impl Into<String>,
    emit: impl Fn() -> T + Send + Sync + 'a,
) -> Item<'a> {
    Item { origin: origin.into(), emit: Box::new(move || emit().into()) }
}

/// A module of generated code, emitted: its items' tokens, each with its
/// origin.
pub struct Module {
    pub shell: Shell,
    pub items: Vec<(String, TokenStream)>,
}

/// How a module is declared: its name, doc and attributes.
#[derive(Debug, Clone)]
pub struct Shell {
    pub name: &'static str,
    pub doc: &'static str,
    /// The cargo feature it sits behind when output is feature-gated.
    pub feature: Option<&'static str>,
    /// Whether it is marked `#[rustfmt::skip]`.
    pub skip_rustfmt: bool,
}

impl Shell {
    /// A module as its emitter declares it; [`crate::plans`] sets how it is gated
    /// and formatted from the [`crate::Parts`].
    pub(crate) fn new(name: &'static str, doc: &'static str, feature: Option<&'static str>) -> Shell {
        Shell { name, doc, feature, skip_rustfmt: false }
    }

    /// The module's attributes and `pub mod name { ... }` around `content`,
    /// and what follows it at the root (`pub use client::Client`).
    pub(crate) fn wrap(&self, content: TokenStream) -> TokenStream {
        let gate = self.feature.map(|feature| quote!(#[cfg(feature = #feature)]));
        let skip = self.skip_rustfmt.then(|| quote!(#[rustfmt::skip]));
        let doc = names::doc([Some(self.doc)]);
        let ident = names::ident(self.name);
        let reexport = (self.name == "client").then(|| quote!(#gate pub use client::Client;));
        quote! {
            #doc
            #gate
            #skip
            pub mod #ident { #content }
            #reexport
        }
    }
}
