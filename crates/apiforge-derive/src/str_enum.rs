//! `#[derive(apiforge_runtime::StrEnum)]`: an enum of string values,
//! written and read through the `as_str()` it is given, the one place that
//! spells them.
//!
//! A variant is spelled as serde's derive spells it (by serde's own rules):
//! its
//! `#[serde(rename = "...")]`, else its name under the enum's
//! `#[serde(rename_all = "...")]`, else its name. The derive gives the enum
//! `as_str`, `Display` and `FromStr` (an unknown value is an
//! `apiforge_runtime::UnknownValue`) and serde's `Serialize` and
//! `Deserialize`, as a string. serde's derive would write a visitor and a
//! variant enum for each of them instead.

use proc_macro2::TokenStream;
use quote::quote;
use serde_derive_internals::attr::RenameRule;
use syn::ext::IdentExt;
use syn::DeriveInput;

use crate::SerdeAttrs;

pub fn impls(input: &DeriveInput) -> syn::Result<TokenStream> {
    let rule = match SerdeAttrs::read(&input.attrs)?.rename_all {
        Some(rule) => Some(RenameRule::from_str(&rule.value()).map_err(|error| syn::Error::new_spanned(rule, error))?),
        None => None,
    };
    let variants = crate::unit_variants(input, "StrEnum")?;
    let values = variants
        .iter()
        .map(|variant| {
            Ok(match SerdeAttrs::read(&variant.attrs)?.rename {
                Some(name) => name.value(),
                None => {
                    let name = variant.ident.unraw().to_string();
                    rule.map_or(name.clone(), |rule| rule.apply_to_variant(&name))
                }
            })
        })
        .collect::<syn::Result<Vec<_>>>()?;
    let variants: Vec<_> = variants.iter().map(|v| &v.ident).collect();
    let name = &input.ident;
    let type_name = name.to_string();
    let serde = quote!(::apiforge_runtime::serde);
    Ok(quote! {
        impl #name {
            /// The value as it travels on the wire.
            pub fn as_str(&self) -> &'static str {
                match self { #( Self::#variants => #values, )* }
            }
        }
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
