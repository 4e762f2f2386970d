//! apiforge's back half: IR in, Rust code out.
//!
//! Emitters are pure functions of the IR: [`types`] for the schemas; the
//! client and server emitters sit beside it. They write with `piece!`
//! templates into [`Tokens`]; [`render`] prints those as source text
//! ([`print`]), and [`generate`] hands them to the compiler.

#[macro_use]
extern crate apiforge_template;

/// An identifier from a format string, as quote's `format_ident!`.
macro_rules! format_ident {
    ($($format:tt)*) => {
        $crate::tokens::Ident(format!($($format)*))
    };
}

pub mod client;
mod names;
mod params;
mod payload;
pub mod print;
mod rust_type;
pub mod server;
pub mod tokens;
pub mod types;
mod validation;


use apiforge_ir::Api;
use proc_macro2::TokenStream;

pub use tokens::Tokens;

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
    pub items: Vec<Tokens>,
}

/// A module before it is emitted: each item is emitted when called, so
/// that [`render`]'s threads can share out the items of all modules.
pub struct Plan<'a> {
    pub name: &'static str,
    pub doc: &'static str,
    pub feature: Option<&'static str>,
    pub items: Vec<Item<'a>>,
}

/// One item of generated code (possibly none: an empty stream).
pub type Item<'a> = Box<dyn Fn() -> Tokens + Send + Sync + 'a>;

/// An item from its emitter, which may emit tokens or (`None`) nothing.
fn item<'a, P: Into<Option<Tokens>>>(emit: impl Fn() -> P + Send + Sync + 'a) -> Item<'a> {
    Box::new(move || emit().into().unwrap_or_default())
}

/// The modules for one API, in output order (the emit phase).
pub fn modules(api: &Api, parts: &Parts) -> Vec<Module> {
    let _docs = names::remember_docs();
    plans(api, parts)
        .into_iter()
        .map(|plan| Module {
            name: plan.name,
            doc: plan.doc,
            feature: plan.feature,
            items: plan.items.iter().map(|item| item()).filter(|tokens| !tokens.is_empty()).collect(),
        })
        .collect()
}

fn plans<'a>(api: &'a Api, parts: &Parts) -> Vec<Plan<'a>> {
    module_kinds(parts).into_iter().map(|kind| plan_module(api, kind, parts)).collect()
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

fn plan_module<'a>(api: &'a Api, kind: ModuleKind, parts: &Parts) -> Plan<'a> {
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
fn reexports(name: &str) -> Option<Tokens> {
    (name == "client").then(|| piece!(pub use client::Client;))
}

fn gate(feature: Option<&str>) -> Option<Tokens> {
    feature.map(|feature| piece!(#[cfg(feature = #feature)]))
}

/// All the code for one API, as items to place at a crate or module root
/// (what `generate_api!` expands to).
pub fn generate(api: &Api, parts: &Parts) -> TokenStream {
    let _docs = names::remember_docs();
    let mut tokens = Tokens::new();
    for module in modules(api, parts) {
        let (gate, name, items) = (gate(module.feature), names::ident(module.name), &module.items);
        let doc = names::doc([Some(module.doc)]);
        let reexport = reexports(module.name);
        tokens.append(&piece! {
            #gate
            #doc
            pub mod #name { #( #items )* }
        });
        if let Some(reexport) = reexport {
            tokens.append(&piece!(#gate #reexport));
        }
    }
    tokens.to_stream()
}

/// The code for one API as formatted source text, behind a header comment.
///
/// Each render thread emits and prints the items it takes; each item's
/// tokens are dropped once it is printed.
pub fn render(api: &Api, parts: &Parts, header: &str) -> String {
    let plans = plans(api, parts);
    let items: Vec<&Item> = plans.iter().flat_map(|plan| &plan.items).collect();
    let texts = print_shared(&items);
    // Sized once: grown push by push, the whole text could take twice its
    // length while every item's text is still held.
    let mut text = String::with_capacity(texts.iter().map(String::len).sum::<usize>() + HEADS_AND_TAILS_LEN);
    text.push_str(&header_comment(header));
    let mut texts = texts.into_iter();
    for plan in &plans {
        text.push_str(&module_head(plan.name, plan.doc, plan.feature));
        for item in texts.by_ref().take(plan.items.len()) {
            text.push_str(&item);
        }
        text.push_str(&module_tail(plan.name, plan.feature));
    }
    text
}

/// Emits and prints `items` on a thread per core, each thread remembering
/// the docs it makes.
fn print_shared(items: &[&Item]) -> Vec<String> {
    apiforge_ir::parallel::map_shared(items, names::remember_docs, |item| print::items(&item(), 1))
}

/// Room for the header comment and each module's head and tail.
const HEADS_AND_TAILS_LEN: usize = 4096;

/// Prints emitted modules one after the other on this thread (the format
/// phase, as the benchmark times it).
pub fn render_modules(modules: Vec<Module>, header: &str) -> String {
    let mut text = header_comment(header);
    for module in modules {
        text.push_str(&module_head(module.name, module.doc, module.feature));
        for item in module.items {
            text.push_str(&print::items(&item, 1));
        }
        text.push_str(&module_tail(module.name, module.feature));
    }
    text
}

/// Checks that every item of `modules` prints as text that lexes back to
/// the item's tokens ([`print::same_tokens`]); the error names the module.
pub fn check_printing(modules: &[Module]) -> Result<(), String> {
    for module in modules {
        for item in &module.items {
            let text = print::items(item, 1);
            print::same_tokens(item, &text).map_err(|error| format!("module `{}`: {error}", module.name))?;
        }
    }
    Ok(())
}

fn header_comment(header: &str) -> String {
    header.lines().map(|line| format!("// {line}\n")).collect()
}

/// The module's attributes and opening line.
fn module_head(name: &str, doc: &str, feature: Option<&str>) -> String {
    let gate = gate(feature);
    let doc = names::doc([Some(doc)]);
    format!("\n{}pub mod {name} {{\n", print::items(&piece!(#gate #doc), 0))
}

/// The module's closing brace, and what follows it at the root.
fn module_tail(name: &str, feature: Option<&str>) -> String {
    let gate = gate(feature);
    let reexport = reexports(name).map(|reexport| print::items(&piece!(#gate #reexport), 0));
    format!("}}\n{}", reexport.unwrap_or_default())
}
