//! `#[derive(apiforge_runtime::client::ErrorStatus)]`: the HTTP status of
//! each variant of a generated client's error enum.
//!
//! A variant marked `#[status(404)]` is that status; a variant without the
//! mark stands for a range or `default` and carries the status it was
//! answered with in its `status` field.

use proc_macro2::TokenStream;
use quote::quote;
use syn::{Data, DeriveInput, Fields, LitInt};

pub fn impls(input: &DeriveInput) -> syn::Result<TokenStream> {
    let Data::Enum(data) = &input.data else {
        return Err(syn::Error::new_spanned(&input.ident, "ErrorStatus derives enums only"));
    };
    let arms = data
        .variants
        .iter()
        .map(|variant| {
            let name = &variant.ident;
            let marked = variant.attrs.iter().find(|a| a.path().is_ident("status"));
            match marked {
                Some(attr) => {
                    let status: LitInt = attr.parse_args()?;
                    Ok(quote!(Self::#name { .. } => #status,))
                }
                None if carries_status(&variant.fields) => Ok(quote!(Self::#name { status, .. } => *status,)),
                None => Err(syn::Error::new_spanned(
                    variant,
                    "mark the variant `#[status(CODE)]`, or give it a `status: u16` field",
                )),
            }
        })
        .collect::<syn::Result<Vec<_>>>()?;
    let name = &input.ident;
    let body = if arms.is_empty() { quote!(match *self {}) } else { quote!(match self { #( #arms )* }) };
    Ok(quote! {
        impl ::apiforge_runtime::client::ErrorStatus for #name {
            fn status(&self) -> u16 {
                #body
            }
        }
    })
}

fn carries_status(fields: &Fields) -> bool {
    matches!(fields, Fields::Named(named) if named.named.iter().any(|f| f.ident.as_ref().is_some_and(|i| i == "status")))
}
