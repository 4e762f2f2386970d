//! apiforge's back half: IR in, Rust token streams out.
//!
//! Emitters are pure functions of the IR: [`types`] for the schemas; the
//! client and server emitters sit beside it. [`render`] formats a token
//! stream into source text with prettyplease.

pub mod client;
mod names;
mod params;
mod payload;
mod rust_type;
pub mod server;
pub mod types;
mod validation;

use apiforge_ir::Api;
use proc_macro2::TokenStream;
use quote::quote;

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
    pub items: Vec<TokenStream>,
}

/// The modules for one API, in output order (the emit phase).
pub fn modules(api: &Api, parts: &Parts) -> Vec<Module> {
    let mut modules = vec![types::emit(api)];
    if parts.client {
        modules.push(client::emit(api));
    }
    if parts.server {
        modules.push(server::emit(api));
    }
    if !parts.feature_gated {
        modules.iter_mut().for_each(|m| m.feature = None);
    }
    modules
}

/// Items that follow a module at the crate root (`pub use client::Client`).
fn reexports(module: &Module) -> Option<TokenStream> {
    (module.name == "client").then(|| quote!(pub use client::Client;))
}

fn gate(module: &Module) -> Option<TokenStream> {
    module.feature.map(|feature| quote!(#[cfg(feature = #feature)]))
}

/// All the code for one API, as items to place at a crate or module root
/// (what `generate_api!` expands to).
pub fn generate(api: &Api, parts: &Parts) -> TokenStream {
    let mut tokens = TokenStream::new();
    for module in modules(api, parts) {
        let (gate, name, items) = (gate(&module), names::ident(module.name), &module.items);
        let doc = names::doc([Some(module.doc)]);
        let reexport = reexports(&module);
        tokens.extend(quote! {
            #gate
            #doc
            pub mod #name { #( #items )* }
        });
        if let Some(reexport) = reexport {
            tokens.extend(quote!(#gate #reexport));
        }
    }
    tokens
}

/// The code for one API as formatted source text, behind a header comment.
/// Items are formatted one at a time, so that no syntax tree of the whole
/// crate is ever held in memory.
pub fn render(api: &Api, parts: &Parts, header: &str) -> Result<String, syn::Error> {
    render_modules(modules(api, parts), header)
}

/// Formats emitted modules (the format phase).
pub fn render_modules(modules: Vec<Module>, header: &str) -> Result<String, syn::Error> {
    let mut text = String::new();
    for line in header.lines() {
        text.push_str("// ");
        text.push_str(line);
        text.push('\n');
    }
    for module in modules {
        text.push('\n');
        let gate = gate(&module);
        let doc = names::doc([Some(module.doc)]);
        // The module's own lines: its attributes, docs and an empty body.
        let head = format_items(quote!(#gate #doc pub mod placeholder {}))?;
        let head = head.trim_end().trim_end_matches("pub mod placeholder {}");
        text.push_str(head);
        text.push_str(&format!("pub mod {} {{\n", module.name));
        let reexport = reexports(&module);
        // Each item's tokens are dropped once it is formatted.
        for item in module.items {
            for line in format_items(item)?.lines() {
                if !line.is_empty() {
                    text.push_str("    ");
                }
                text.push_str(line);
                text.push('\n');
            }
        }
        text.push_str("}\n");
        if let Some(reexport) = reexport {
            text.push_str(&format_items(quote!(#gate #reexport))?);
        }
    }
    Ok(text)
}

fn format_items(tokens: TokenStream) -> Result<String, syn::Error> {
    let file: syn::File = syn::parse2(tokens)?;
    Ok(prettyplease::unparse(&file))
}
