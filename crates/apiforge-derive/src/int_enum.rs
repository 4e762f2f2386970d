//! `#[derive(apiforge_runtime::IntEnum)]`: an enum of integer values,
//! written and read through its `value()`, the one place that spells them.
//!
//! The enum declares `fn value(&self) -> i64`; the derive gives it
//! `From<Enum> for i64`, `TryFrom<i64>`, `Display` and `FromStr` (an
//! unknown value is an `apiforge_runtime::UnknownValue`) and serde's
//! `Serialize` and `Deserialize`, as a number (any whole JSON number is
//! read: `404` or `404.0`). Variants are named through the enum's name, as
//! `Self::Err` in a `FromStr` impl would be the error type.

use proc_macro2::TokenStream;
use quote::quote;
use syn::DeriveInput;

pub fn impls(input: &DeriveInput) -> syn::Result<TokenStream> {
    let variants = crate::unit_variants(input, "IntEnum")?.into_iter().map(|v| &v.ident);
    let name = &input.ident;
    let type_name = name.to_string();
    let serde = quote!(::apiforge_runtime::serde);
    let unknown = quote!(::apiforge_runtime::UnknownValue);
    Ok(quote! {
        impl ::std::convert::From<#name> for i64 {
            fn from(value: #name) -> i64 {
                value.value()
            }
        }
        impl ::std::convert::TryFrom<i64> for #name {
            type Error = #unknown;
            fn try_from(value: i64) -> ::std::result::Result<Self, #unknown> {
                ::apiforge_runtime::parse_int_enum(#type_name, value, [#( #name::#variants ),*], Self::value)
            }
        }
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&self.value(), f)
            }
        }
        impl ::std::str::FromStr for #name {
            type Err = #unknown;
            fn from_str(value: &str) -> ::std::result::Result<Self, #unknown> {
                value.parse::<i64>().map_err(|_| #unknown::new(#type_name, value)).and_then(Self::try_from)
            }
        }
        impl #serde::Serialize for #name {
            fn serialize<S: #serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.value())
            }
        }
        impl<'de> #serde::Deserialize<'de> for #name {
            fn deserialize<D: #serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                ::apiforge_runtime::read_int_enum(deserializer)
            }
        }
    })
}
