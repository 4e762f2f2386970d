//! Rust types for IR shapes. Every path is fully qualified so that a spec
//! schema named `Option`, `String` or `Vec` cannot shadow what we mean.

use apiforge_ir::{Api, IntegerFormat, NumberFormat, Shape, Ty};

use crate::names::ident;
use crate::Tokens;

/// Where a type is named from: inside the `types` module, or beside it.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Types,
    Sibling,
}

pub fn rust_type(api: &Api, shape: &Shape, scope: Scope) -> Tokens {
    let sibling = scope == Scope::Sibling;
    match &shape.ty {
        // Beside `types`, no generated item shadows the prelude.
        Ty::String(_) if sibling => piece!(String),
        Ty::Array(items) if sibling => {
            let items = rust_type(api, items, scope);
            piece!(Vec<#items>)
        }
        Ty::String(_) => piece!(::std::string::String),
        Ty::Integer(IntegerFormat::Int32) => piece!(i32),
        Ty::Integer(IntegerFormat::Int64) => piece!(i64),
        Ty::Integer(IntegerFormat::Uint32) => piece!(u32),
        Ty::Integer(IntegerFormat::Uint64) => piece!(u64),
        Ty::Number(NumberFormat::Float) => piece!(f32),
        Ty::Number(NumberFormat::Double) => piece!(f64),
        Ty::Boolean => piece!(bool),
        Ty::Array(items) => {
            let items = rust_type(api, items, scope);
            piece!(::std::vec::Vec<#items>)
        }
        Ty::Map(values) => {
            let values = rust_type(api, values, scope);
            let key = if sibling { piece!(String) } else { piece!(::std::string::String) };
            piece!(::std::collections::BTreeMap<#key, #values>)
        }
        Ty::Any => piece!(::apiforge_runtime::serde_json::Value),
        Ty::Named(id) => {
            let name = ident(&api.type_def(*id).name);
            match scope {
                Scope::Types => piece!(#name),
                Scope::Sibling => piece!(super::types::#name),
            }
        }
    }
}

/// The type with `Option` around it when the value may be null or absent.
pub fn optional_type(api: &Api, shape: &Shape, optional: bool, scope: Scope) -> Tokens {
    let ty = rust_type(api, shape, scope);
    if (optional || shape.nullable) && scope == Scope::Sibling {
        piece!(Option<#ty>)
    } else if optional || shape.nullable {
        piece!(::std::option::Option<#ty>)
    } else {
        ty
    }
}
