//! Rust types for IR shapes. Inside `types`, every path is fully qualified
//! so that a spec schema named `Option`, `String` or `Vec` cannot shadow
//! what we mean; beside it (`client`, `server`), where no generated item
//! takes such a name, prelude names and `std::` paths read as usual.

use apiforge_ir::{Api, IntegerFormat, NumberFormat, Shape, Ty, TypeKind};
use proc_macro2::TokenStream;
use quote::quote;

use crate::names::ident;

/// Where a type is named from: inside the `types` module, or beside it.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Types,
    Sibling,
}

pub fn rust_type(api: &Api, shape: &Shape, scope: Scope) -> TokenStream {
    let ty = unboxed_type(api, shape, scope);
    if shape.boxed {
        quote!(::apiforge_runtime::Boxed<#ty>)
    } else {
        ty
    }
}

fn unboxed_type(api: &Api, shape: &Shape, scope: Scope) -> TokenStream {
    let sibling = scope == Scope::Sibling;
    match &shape.ty {
        // Beside `types`, no generated item shadows the prelude.
        Ty::String(_) if sibling => quote!(String),
        Ty::Array(items) if sibling => {
            let items = optional_type(api, items, false, scope);
            quote!(Vec<#items>)
        }
        Ty::String(_) => quote!(::std::string::String),
        Ty::Integer(IntegerFormat::Int32) => quote!(i32),
        Ty::Integer(IntegerFormat::Int64) => quote!(i64),
        Ty::Integer(IntegerFormat::Uint32) => quote!(u32),
        Ty::Integer(IntegerFormat::Uint64) => quote!(u64),
        Ty::Number(NumberFormat::Float) => quote!(f32),
        Ty::Number(NumberFormat::Double) => quote!(f64),
        Ty::Boolean => quote!(bool),
        // An item or value the schema lets be null is an `Option`.
        Ty::Array(items) => {
            let items = optional_type(api, items, false, scope);
            quote!(::std::vec::Vec<#items>)
        }
        Ty::Map(values) => {
            let values = optional_type(api, values, false, scope);
            if sibling {
                quote!(std::collections::BTreeMap<String, #values>)
            } else {
                quote!(::std::collections::BTreeMap<::std::string::String, #values>)
            }
        }
        Ty::Any => quote!(::apiforge_runtime::serde_json::Value),
        Ty::Named(id) => {
            let def = api.type_def(*id);
            if let TypeKind::External(path) = &def.kind {
                return path.parse().expect("lowering let through only identifiers joined by `::`");
            }
            let name = ident(&def.name);
            match scope {
                Scope::Types => quote!(#name),
                Scope::Sibling => quote!(super::types::#name),
            }
        }
    }
}

/// The type with `Option` around it when the value may be null or absent.
pub fn optional_type(api: &Api, shape: &Shape, optional: bool, scope: Scope) -> TokenStream {
    let ty = rust_type(api, shape, scope);
    if (optional || shape.nullable) && scope == Scope::Sibling {
        quote!(Option<#ty>)
    } else if optional || shape.nullable {
        quote!(::std::option::Option<#ty>)
    } else {
        ty
    }
}
