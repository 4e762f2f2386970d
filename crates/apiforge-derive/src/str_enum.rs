//! `#[derive(apiforge_runtime::StrEnum)]`: an enum of string values,
//! written and read through its `as_str()`, the one place that spells them.
//!
//! The enum declares `fn as_str(&self) -> &'static str`; the derive gives it
//! `Display` and `FromStr` (an unknown value is an
//! `apiforge_runtime::UnknownValue`) and serde's `Serialize` and
//! `Deserialize`, as a string. serde's derive would write a visitor and a
//! variant enum for each of them instead.

use proc_macro2::TokenStream;
use quote::quote;
use syn::DeriveInput;

pub fn impls(input: &DeriveInput) -> syn::Result<TokenStream> {
    let variants = crate::unit_variants(input, "StrEnum")?;
    let name = &input.ident;
    let type_name = name.to_string();
    let serde = quote!(::apiforge_runtime::serde);
    Ok(quote! {
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl ::std::str::FromStr for #name {
            type Err = ::apiforge_runtime::UnknownValue;
            fn from_str(value: &str) -> ::std::result::Result<Self, ::apiforge_runtime::UnknownValue> {
                ::apiforge_runtime::parse_str_enum(#type_name, value, [#( #name::#variants ),*], Self::as_str)
            }
        }
        impl #serde::Serialize for #name {
            fn serialize<S: #serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
        impl<'de> #serde::Deserialize<'de> for #name {
            fn deserialize<D: #serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                ::apiforge_runtime::read_str_enum(deserializer)
            }
        }
    })
}
