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

/// All the code for one API, as items to place at a crate or module root.
pub fn generate(api: &Api, parts: &Parts) -> TokenStream {
    let types = types::emit(api);
    let gate = |feature: &str| parts.feature_gated.then(|| quote!(#[cfg(feature = #feature)]));
    let client = parts.client.then(|| {
        let gate = gate("client");
        let module = client::emit(api);
        quote! {
            #gate
            #module
            #gate
            pub use client::Client;
        }
    });
    let server = parts.server.then(|| {
        let gate = gate("server");
        let module = server::emit(api);
        quote! {
            #gate
            #module
        }
    });
    quote! {
        #types
        #client
        #server
    }
}

/// Formats items into source text, behind a header comment.
pub fn render(tokens: TokenStream, header: &str) -> Result<String, syn::Error> {
    let file: syn::File = syn::parse2(tokens)?;
    let mut text = String::new();
    for line in header.lines() {
        text.push_str("// ");
        text.push_str(line);
        text.push('\n');
    }
    text.push('\n');
    text.push_str(&prettyplease::unparse(&file));
    Ok(text)
}
