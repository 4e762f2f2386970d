//! apiforge's back half: IR in, Rust code out.
//!
//! Emitters are pure functions of the IR, one per module of generated code
//! ([`types`], [`client`], [`server`]); they build `proc_macro2` tokens with
//! quote. [`generate`] hands those tokens to the compiler (`generate_api!`);
//! [`render`] parses them with syn and lays them out with prettyplease.

pub mod client;
mod format;
mod literal;
mod names;
mod params;
mod payload;
mod rust_type;
mod security;
pub mod server;
pub mod types;
mod validation;

use apiforge_ir::Api;
use proc_macro2::TokenStream;
use quote::quote;

pub use format::InvalidCode;

/// What to emit and how to gate it.
#[derive(Debug, Clone)]
pub struct Parts {
    pub client: bool,
    pub server: bool,
    /// Put `client` and `server` behind cargo features of those names (for
    /// committed crates that serve both sides).
    pub feature_gated: bool,
}

impl Default for Parts {
    fn default() -> Parts {
        Parts { client: true, server: true, feature_gated: false }
    }
}

/// A module of generated code: its items, and how it is documented and gated.
pub struct Module {
    pub name: &'static str,
    pub doc: &'static str,
    /// The cargo feature it sits behind when output is feature-gated.
    pub feature: Option<&'static str>,
    pub items: Vec<Item>,
}

/// Generated items and what they were generated for (`operation
/// `getNote``), which names them when they turn out not to be valid Rust.
pub struct Item {
    pub origin: String,
    pub tokens: TokenStream,
}

/// An item for `origin` from what its emitter returned (possibly nothing).
fn item(origin: impl Into<String>, tokens: impl Into<Option<TokenStream>>) -> Option<Item> {
    tokens.into().map(|tokens| Item { origin: origin.into(), tokens })
}

#[derive(Debug, Clone, Copy)]
enum ModuleKind {
    Types,
    Client,
    Server,
}

fn module_kinds(parts: &Parts) -> impl Iterator<Item = ModuleKind> {
    let optional = [(parts.client, ModuleKind::Client), (parts.server, ModuleKind::Server)];
    std::iter::once(ModuleKind::Types).chain(optional.into_iter().filter(|(on, _)| *on).map(|(_, kind)| kind))
}

fn emit_module(api: &Api, kind: ModuleKind, parts: &Parts) -> Module {
    let mut module = match kind {
        ModuleKind::Types => types::emit(api),
        ModuleKind::Client => client::emit(api),
        ModuleKind::Server => server::emit(api),
    };
    if !parts.feature_gated {
        module.feature = None;
    }
    module
}

/// The modules for one API, in output order (the emit phase).
pub fn modules(api: &Api, parts: &Parts) -> Vec<Module> {
    module_kinds(parts).map(|kind| emit_module(api, kind, parts)).collect()
}

/// The module's gate, doc, and `pub mod name { ... }` around `content`, and
/// what follows it at the root (`pub use client::Client`).
fn wrap_module(module: &Module, content: TokenStream) -> TokenStream {
    let gate = module.feature.map(|feature| quote!(#[cfg(feature = #feature)]));
    let doc = names::doc([Some(module.doc)]);
    let name = names::ident(module.name);
    let reexport = (module.name == "client").then(|| quote!(#gate pub use client::Client;));
    quote! {
        #gate
        #doc
        pub mod #name { #content }
        #reexport
    }
}

/// All the code for one API, as items to place at a crate or module root
/// (what `generate_api!` expands to).
pub fn generate(api: &Api, parts: &Parts) -> TokenStream {
    module_kinds(parts)
        .map(|kind| {
            let module = emit_module(api, kind, parts);
            let content: TokenStream = module.items.iter().map(|item| item.tokens.clone()).collect();
            wrap_module(&module, content)
        })
        .collect()
}

/// The code for one API as formatted source text, behind a header comment.
/// Each module is emitted, formatted and dropped before the next, so only
/// one module's tokens and syntax tree are held at a time.
pub fn render(api: &Api, parts: &Parts, header: &str) -> Result<String, InvalidCode> {
    let mut text = format::header_comment(header);
    for kind in module_kinds(parts) {
        text.push_str(&format::module(emit_module(api, kind, parts))?);
    }
    Ok(text)
}

/// Emitted modules as formatted source text, behind a header comment (the
/// format phase, as the benchmark times it).
pub fn render_modules(modules: Vec<Module>, header: &str) -> Result<String, InvalidCode> {
    let mut text = format::header_comment(header);
    for module in modules {
        text.push_str(&format::module(module)?);
    }
    Ok(text)
}
