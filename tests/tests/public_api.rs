//! A compact snapshot of each committed crate's public API: a line per
//! public item, signatures only, as `cargo public-api` lists them. A pull
//! request that changes the API shows it here in a few lines, beside the
//! full code in `snapshots.rs`.

use quote::ToTokens;
use syn::{Fields, ImplItem, Item, TraitItem, Visibility};

#[test]
fn public_api_of_each_generated_crate() {
    let root = xtask::repo_root();
    let files = xtask::generate::expected_files(&root).expect("specs generate");
    for (stem, _) in xtask::generate::specs(&root).expect("specs are listed") {
        let lib = root.join("crates/generated").join(&stem).join("src/lib.rs");
        let (_, code) = files.iter().find(|(path, _)| *path == lib).expect("each spec has a lib.rs");
        let file = syn::parse_file(code).expect("generated code parses");
        let mut lines = Vec::new();
        items(&file.items, &format!("{}_api", stem.replace('-', "_")), &mut lines);
        insta::assert_snapshot!(format!("public_api_{stem}"), lines.join("\n"));
    }
}

fn items(list: &[Item], path: &str, lines: &mut Vec<String>) {
    let private = private_names(list);
    for item in list {
        match item {
            Item::Mod(module) if public(&module.vis) => {
                let inner = format!("{path}::{}", module.ident);
                lines.push(format!("pub mod {inner}"));
                if let Some((_, content)) = &module.content {
                    items(content, &inner, lines);
                }
            }
            Item::Struct(item) if public(&item.vis) => {
                let name = format!("{path}::{}", item.ident);
                lines.push(format!("pub struct {name}{}", tidy(&item.generics)));
                for field in item.fields.iter().filter(|f| public(&f.vis)) {
                    let field_name = field.ident.as_ref().map_or_else(String::new, ToString::to_string);
                    lines.push(format!("pub {name}::{field_name}: {}", tidy(&field.ty)));
                }
            }
            Item::Enum(item) if public(&item.vis) => {
                let name = format!("{path}::{}", item.ident);
                lines.push(format!("pub enum {name}{}", tidy(&item.generics)));
                for variant in &item.variants {
                    let fields = match &variant.fields {
                        Fields::Unit => String::new(),
                        fields => tidy(fields),
                    };
                    lines.push(format!("pub {name}::{}{fields}", variant.ident));
                }
            }
            Item::Fn(item) if public(&item.vis) => lines.push(format!("pub {}", signature(&item.sig, path))),
            Item::Trait(item) if public(&item.vis) => {
                let name = format!("{path}::{}", item.ident);
                lines.push(format!("pub trait {name}"));
                for method in &item.items {
                    if let TraitItem::Fn(method) = method {
                        lines.push(signature(&method.sig, &name));
                    }
                }
            }
            // An impl of a private trait, or for a private type, is not
            // part of the API.
            Item::Impl(item) if !names_private(item, &private) => {
                let self_ty = format!("{path}::{}", tidy(&item.self_ty));
                match &item.trait_ {
                    Some((_, trait_path, _)) => lines.push(format!("impl {} for {self_ty}", tidy(trait_path))),
                    None => {
                        for method in &item.items {
                            match method {
                                ImplItem::Fn(method) if public(&method.vis) => {
                                    lines.push(format!("pub {}", signature(&method.sig, &self_ty)))
                                }
                                ImplItem::Const(constant) if public(&constant.vis) => lines.push(format!(
                                    "pub const {self_ty}::{}: {}",
                                    constant.ident,
                                    tidy(&constant.ty)
                                )),
                                _ => {}
                            }
                        }
                    }
                }
            }
            Item::Const(item) if public(&item.vis) => {
                lines.push(format!("pub const {path}::{}: {}", item.ident, tidy(&item.ty)))
            }
            Item::Type(item) if public(&item.vis) => {
                lines.push(format!("pub type {path}::{} = {}", item.ident, tidy(&item.ty)))
            }
            Item::Use(item) if public(&item.vis) => lines.push(format!("pub use {path}::{}", tidy(&item.tree))),
            // `request_options!(Builder)` and the like implement traits.
            Item::Macro(item) => lines.push(format!("{path}: {}", tidy(&item.mac))),
            _ => {}
        }
    }
}

fn public(vis: &Visibility) -> bool {
    matches!(vis, Visibility::Public(_))
}

fn signature(sig: &syn::Signature, owner: &str) -> String {
    let asyncness = if sig.asyncness.is_some() { "async " } else { "" };
    let output = match &sig.output {
        syn::ReturnType::Default => String::new(),
        syn::ReturnType::Type(_, ty) => format!(" -> {}", tidy(ty)),
    };
    let inputs = tidy(&sig.inputs);
    format!("{asyncness}fn {owner}::{}{}({}){output}", sig.ident, tidy(&sig.generics), inputs.trim_end_matches(','))
}

/// Tokens as text, without the spaces `TokenStream`'s display puts between
/// every two of them.
fn tidy(tokens: &impl ToTokens) -> String {
    let text = tokens.to_token_stream().to_string();
    let mut out = text;
    for (from, to) in [
        (" :: ", "::"),
        (":: ", "::"),
        (" < ", "<"),
        ("< ", "<"),
        (" >", ">"),
        (" ,", ","),
        ("( ", "("),
        (" )", ")"),
        ("& ", "&"),
        (" ;", ";"),
        ("{ ", "{"),
        (" }", "}"),
        (" ! (", "!("),
        ("! (", "!("),
        (" (", "("),
        (" : ", ": "),
        (" <", "<"),
    ] {
        out = out.replace(from, to);
    }
    out
}

/// The types and traits of a module that are not public.
fn private_names(list: &[Item]) -> Vec<String> {
    list.iter()
        .filter_map(|item| match item {
            Item::Struct(item) if !public(&item.vis) => Some(item.ident.to_string()),
            Item::Enum(item) if !public(&item.vis) => Some(item.ident.to_string()),
            Item::Trait(item) if !public(&item.vis) => Some(item.ident.to_string()),
            _ => None,
        })
        .collect()
}

/// Whether an impl names one of the module's private items: by its bare
/// name, as the module's own code does (`rt::axum::handler::Handler` is
/// axum's, whatever the module calls its own items).
fn names_private(item: &syn::ItemImpl, private: &[String]) -> bool {
    let local = |path: &syn::Path| path.get_ident().map(ToString::to_string);
    let self_name = match &*item.self_ty {
        syn::Type::Path(ty) => local(&ty.path),
        _ => None,
    };
    let trait_name = item.trait_.as_ref().and_then(|(_, path, _)| local(path));
    [self_name, trait_name].into_iter().flatten().any(|name| private.contains(&name))
}
