//! Constraint checks in generated code, shared by the client (before
//! sending) and the server (before the handler runs).

use apiforge_ir::{Constraints, Shape, Ty};
use proc_macro2::TokenStream;
use quote::quote;

/// Statements checking `value` (an expression that is a reference to a
/// value of the shape's Rust type) against the spec's rules, or None when there are none that
/// apply to its type. Each statement uses `?` on a `ValidationError`.
pub fn checks(wire_name: &str, value: &TokenStream, shape: &Shape) -> Option<TokenStream> {
    let c = &shape.constraints;
    let (function, arg) = match &shape.ty {
        Ty::String(_) if !c.patterns.is_empty() || c.min_length.is_some() || c.max_length.is_some() => {
            (quote!(check_str), quote!(#value))
        }
        Ty::Integer(_) | Ty::Number(_) if c.minimum.is_some() || c.maximum.is_some() => {
            (quote!(check_number), quote!(*#value as f64))
        }
        Ty::Array(_) if c.min_items.is_some() || c.max_items.is_some() => (quote!(check_items), quote!(#value.len())),
        _ => return None,
    };
    let rules = rules(c);
    Some(quote! {
        ::apiforge_runtime::validate::#function(#wire_name, #arg, &#rules)?;
    })
}

fn rules(c: &Constraints) -> TokenStream {
    let mut fields = Vec::new();
    if !c.patterns.is_empty() {
        let patterns = &c.patterns;
        fields.push(quote!(patterns: &[#(#patterns),*]));
    }
    let some_u64 = |v: Option<u64>| v.map(|v| quote!(Some(#v)));
    let some_bound = |b: Option<apiforge_ir::Bound>| {
        b.map(|b| {
            let (value, exclusive) = (b.value, b.exclusive);
            quote!(Some((#value, #exclusive)))
        })
    };
    for (name, value) in [
        ("min_length", some_u64(c.min_length)),
        ("max_length", some_u64(c.max_length)),
        ("minimum", some_bound(c.minimum)),
        ("maximum", some_bound(c.maximum)),
        ("min_items", some_u64(c.min_items)),
        ("max_items", some_u64(c.max_items)),
    ] {
        if let Some(value) = value {
            let name = crate::names::ident(name);
            fields.push(quote!(#name: #value));
        }
    }
    quote! {
        ::apiforge_runtime::validate::Rules { #(#fields,)* ..::apiforge_runtime::validate::Rules::NONE }
    }
}
