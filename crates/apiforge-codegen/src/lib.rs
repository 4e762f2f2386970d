//! apiforge's back half: IR in, Rust token streams out.
//!
//! Emitters are pure functions of the IR: [`types`] for the schemas; the
//! client and server emitters sit beside it. [`render`] prints the token
//! streams as source text ([`print`]).

pub mod client;
mod names;
mod params;
mod payload;
pub mod print;
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
    module_kinds(parts).into_iter().map(|kind| emit_module(api, kind, parts)).collect()
}

#[derive(Debug, Clone, Copy)]
enum ModuleKind {
    Types,
    Client,
    Server,
}

fn module_kinds(parts: &Parts) -> Vec<ModuleKind> {
    let optional = [(parts.client, ModuleKind::Client), (parts.server, ModuleKind::Server)];
    std::iter::once(ModuleKind::Types).chain(optional.into_iter().filter(|(on, _)| *on).map(|(_, kind)| kind)).collect()
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
///
/// Each module is emitted and formatted on a thread of its own (the client
/// and server are about the same size, so two cores halve the wait); token
/// streams cannot cross threads, so a thread does both. Items are formatted
/// one at a time, and each item's tokens are dropped once it is printed.
pub fn render(api: &Api, parts: &Parts, header: &str) -> String {
    let render_one = |kind| render_module(emit_module(api, kind, parts));
    let texts: Vec<String> = std::thread::scope(|scope| {
        let spawned: Vec<_> = module_kinds(parts)
            .into_iter()
            .map(|kind| {
                let thread = std::thread::Builder::new().stack_size(RENDER_STACK);
                (kind, thread.spawn_scoped(scope, move || render_one(kind)))
            })
            .collect();
        spawned
            .into_iter()
            .map(|(kind, handle)| match handle {
                Ok(handle) => handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
                // No thread to be had: this one does the work.
                Err(_) => render_one(kind),
            })
            .collect()
    });
    let mut text = header_comment(header);
    for module in texts {
        text.push_str(&module);
    }
    text
}

/// Room for deeply nested schemas while emitting and printing (the default
/// 2 MiB of a spawned thread is less than a main thread has).
const RENDER_STACK: usize = 64 << 20;

/// Prints emitted modules one after the other (the format phase, as the
/// benchmark times it).
pub fn render_modules(modules: Vec<Module>, header: &str) -> String {
    let mut text = header_comment(header);
    for module in modules {
        text.push_str(&render_module(module));
    }
    text
}

/// Checks that every emitted item prints as text that lexes back to the
/// item's tokens ([`print::same_tokens`]); the error names the module.
pub fn check_printing(api: &Api, parts: &Parts) -> Result<(), String> {
    for module in modules(api, parts) {
        for item in module.items {
            let text = print::items(item.clone(), 1);
            print::same_tokens(&item, &text).map_err(|error| format!("module `{}`: {error}", module.name))?;
        }
    }
    Ok(())
}

fn header_comment(header: &str) -> String {
    header.lines().map(|line| format!("// {line}\n")).collect()
}

fn render_module(module: Module) -> String {
    let mut text = String::from("\n");
    let gate = gate(&module);
    let doc = names::doc([Some(module.doc)]);
    text.push_str(&print::items(quote!(#gate #doc), 0));
    text.push_str(&format!("pub mod {} {{\n", module.name));
    let reexport = reexports(&module);
    for item in module.items {
        text.push_str(&print::items(item, 1));
    }
    text.push_str("}\n");
    if let Some(reexport) = reexport {
        text.push_str(&print::items(quote!(#gate #reexport), 0));
    }
    text
}
