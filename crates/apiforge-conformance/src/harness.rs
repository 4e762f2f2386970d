//! The harness compiled beside a generated crate: for each named type, read
//! a JSON value into it, check it (`Validate`, for types with rules) and
//! write it back, reporting which variant a union read.
//!
//! It uses only what the generated code itself depends on
//! (`apiforge_runtime` and its `serde`/`serde_json`), so that it builds in a
//! throwaway crate as well as in this workspace's tests.

use apiforge_codegen::ident;
use apiforge_ir::{Api, TypeKind};
use proc_macro2::TokenStream;
use quote::quote;

/// `pub fn round_trip(type_name, value)` for every type of `api`, its types
/// named through `types` (`crate::types`, `my_api::types`).
///
/// It returns `None` for a name the API has no type for, `Some(Err(why))`
/// when the value cannot be read, and otherwise the value written back, the
/// union variant read (for unions) and why the value's own checks reject
/// it, if they do.
pub fn round_trip(api: &Api, types: &TokenStream) -> TokenStream {
    // A type of the user's own is not in the generated module.
    let generated = api.types.iter().filter(|def| !matches!(def.kind, TypeKind::External(_)));
    let arms = generated.map(|def| {
        let name = &def.name;
        let ty = ident(name);
        let variant = match &def.kind {
            TypeKind::Union(union) => {
                let arms = union.variants.iter().map(|v| {
                    let variant = ident(&v.rust_name);
                    let label = &v.rust_name;
                    quote!(#types::#ty::#variant(_) => #label,)
                });
                quote!(|value: &#types::#ty| ::std::option::Option::Some(match value { #( #arms )* }))
            }
            _ => quote!(|_: &#types::#ty| ::std::option::Option::None),
        };
        let check = if def.checked {
            quote!(|value: &#types::#ty| ::apiforge_runtime::validate::Validate::validate(value).err().map(|e| e.to_string()))
        } else {
            quote!(|_: &#types::#ty| ::std::option::Option::None)
        };
        quote!(#name => trip(value, #variant, #check),)
    });
    let trip_alias = quote! {
        /// What a value read back as: the value written, the union variant
        /// read and why the type's checks reject it.
        pub type Trip = ::std::result::Result<
            (
                ::apiforge_runtime::serde_json::Value,
                ::std::option::Option<&'static str>,
                ::std::option::Option<::std::string::String>,
            ),
            ::std::string::String,
        >;
    };
    if api.types.is_empty() {
        return quote! {
            #trip_alias

            /// The API has no types: no name is known.
            pub fn round_trip(_: &str, _: ::apiforge_runtime::serde_json::Value) -> ::std::option::Option<Trip> {
                ::std::option::Option::None
            }
        };
    }
    quote! {
        #trip_alias

        /// Reads `value` as the type named `type_name` and writes it back.
        pub fn round_trip(
            type_name: &str,
            value: ::apiforge_runtime::serde_json::Value,
        ) -> ::std::option::Option<Trip> {
            ::std::option::Option::Some(match type_name {
                #( #arms )*
                _ => return ::std::option::Option::None,
            })
        }

        fn trip<T>(
            value: ::apiforge_runtime::serde_json::Value,
            variant: fn(&T) -> ::std::option::Option<&'static str>,
            check: fn(&T) -> ::std::option::Option<::std::string::String>,
        ) -> Trip
        where
            T: ::apiforge_runtime::serde::Serialize + ::apiforge_runtime::serde::de::DeserializeOwned,
        {
            let typed: T = ::apiforge_runtime::serde_json::from_value(value).map_err(|e| e.to_string())?;
            let written = ::apiforge_runtime::serde_json::to_value(&typed).map_err(|e| format!("writing: {e}"))?;
            ::std::result::Result::Ok((written, variant(&typed), check(&typed)))
        }
    }
}

/// A program around [`round_trip`]: it reads `{"type": ..., "value": ...}`
/// lines on standard input and answers each with a line on standard output:
/// `{"written": ..., "variant": ..., "rejected": ...}`, `{"unreadable": why}`
/// or `{"unknown": true}`.
pub fn program(api: &Api, types: &TokenStream) -> TokenStream {
    let round_trip = round_trip(api, types);
    quote! {
        use ::apiforge_runtime::serde_json::{self, json, Value};
        use ::std::io::{BufRead, Write};

        #round_trip

        fn main() {
            let stdin = ::std::io::stdin();
            let mut out = ::std::io::BufWriter::new(::std::io::stdout().lock());
            for line in stdin.lock().lines() {
                let line = line.expect("reading standard input");
                let case: Value = serde_json::from_str(&line).expect("one JSON case per line");
                let type_name = case["type"].as_str().unwrap_or_default().to_string();
                let answer = match round_trip(&type_name, case["value"].clone()) {
                    None => json!({ "unknown": true }),
                    Some(Err(why)) => json!({ "unreadable": why }),
                    Some(Ok((written, variant, rejected))) => {
                        json!({ "written": written, "variant": variant, "rejected": rejected })
                    }
                };
                writeln!(out, "{answer}").expect("writing standard output");
            }
        }
    }
}
