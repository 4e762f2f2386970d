//! `#[derive(apiforge_runtime::Deserialize)]`: `serde::Deserialize` for a
//! struct with named fields, read through `apiforge_runtime::object`.
//!
//! The struct lists its wire names and stores each field it is handed; the
//! runtime looks up keys, skips unknown ones and reports missing and
//! repeated fields once for every struct. serde's derive writes all of that
//! out again for each struct, which makes it most of the time `cargo check`
//! spends on a big API's generated crate.
//!
//! It reads the serde attributes generated structs use: `rename` on a field
//! and `deny_unknown_fields` on the struct. A field whose type is an
//! `Option` reads absent as `None`, as serde's derive does; any other field
//! is required.

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::quote;
use syn::{Data, DeriveInput, Fields, LitStr};

#[proc_macro_derive(Deserialize, attributes(serde))]
pub fn derive_deserialize(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    let input = syn::parse_macro_input!(input as DeriveInput);
    deserialize_impls(&input).unwrap_or_else(syn::Error::into_compile_error).into()
}

/// One field as the runtime reads it.
struct Field<'a> {
    ident: Ident,
    ty: &'a syn::Type,
    wire_name: String,
    optional: bool,
}

fn deserialize_impls(input: &DeriveInput) -> syn::Result<TokenStream> {
    if !input.generics.params.is_empty() {
        return Err(syn::Error::new_spanned(
            &input.generics,
            "apiforge_runtime::Deserialize reads structs without generics only",
        ));
    }
    let Data::Struct(data) = &input.data else {
        return Err(syn::Error::new_spanned(&input.ident, "apiforge_runtime::Deserialize reads structs only"));
    };
    let Fields::Named(named) = &data.fields else {
        return Err(syn::Error::new_spanned(&input.ident, "apiforge_runtime::Deserialize reads named fields only"));
    };
    let fields = named
        .named
        .iter()
        .map(|field| {
            let Some(ident) = field.ident.clone() else {
                return Err(syn::Error::new_spanned(field, "a named field without a name"));
            };
            let wire_name = serde_value(&field.attrs, "rename")?
                .unwrap_or_else(|| ident.to_string().trim_start_matches("r#").to_string());
            Ok(Field { ident, ty: &field.ty, wire_name, optional: is_option(&field.ty) })
        })
        .collect::<syn::Result<Vec<_>>>()?;
    let deny_unknown = serde_flag(&input.attrs, "deny_unknown_fields")?;
    Ok(emit(&input.ident, &fields, deny_unknown))
}

fn emit(name: &Ident, fields: &[Field], deny_unknown: bool) -> TokenStream {
    let type_name = name.to_string();
    let runtime = quote!(::apiforge_runtime);
    let wire_names = fields.iter().map(|f| &f.wire_name);
    let deny = deny_unknown.then(|| {
        quote!(
            const DENY_UNKNOWN: bool = true;
        )
    });
    let slots: Vec<&Ident> = fields.iter().map(|f| &f.ident).collect();
    // Locals are named after the fields; the reader and the key index take
    // names no field has.
    let reader = free_ident("fields", &slots);
    let index = free_ident("index", &slots);
    // Each local's type is written out, and each arm's error is returned
    // by one `?` after the match: inferring the types and desugaring a `?`
    // per field is what makes a derive slow to check.
    let locals = fields.iter().map(
        |Field { ident, ty, .. }| quote!(let mut #ident: ::std::option::Option<#ty> = ::std::option::Option::None;),
    );
    let arms = slots.iter().enumerate().map(|(i, slot)| {
        let i = Literal::usize_unsuffixed(i);
        quote!(#i => #reader.value(&mut #slot),)
    });
    let required = fields.iter().enumerate().filter(|(_, f)| !f.optional).map(|(i, Field { ident, .. })| {
        let i = Literal::usize_unsuffixed(i);
        quote! {
            let ::std::option::Option::Some(#ident) = #ident else {
                return ::std::result::Result::Err(#reader.missing(#i));
            };
        }
    });
    let values = fields.iter().map(
        |Field { ident, optional, .. }| {
            if *optional {
                quote!(#ident: #ident.flatten())
            } else {
                quote!(#ident)
            }
        },
    );
    quote! {
        impl<'de> #runtime::serde::Deserialize<'de> for #name {
            fn deserialize<D>(deserializer: D) -> ::std::result::Result<Self, D::Error>
            where
                D: #runtime::serde::Deserializer<'de>,
            {
                #runtime::object::deserialize(deserializer)
            }
        }
        impl<'de> #runtime::object::Object<'de> for #name {
            const NAME: &'static str = #type_name;
            const FIELDS: &'static [&'static str] = &[#( #wire_names ),*];
            #deny
            fn read<A>(mut #reader: #runtime::object::Fields<'de, A, Self>) -> ::std::result::Result<Self, A::Error>
            where
                A: #runtime::serde::de::MapAccess<'de>,
            {
                #( #locals )*
                while let ::std::option::Option::Some(#index) = #reader.next_field()? {
                    match #index {
                        #( #arms )*
                        _ => #reader.skip(),
                    }?;
                }
                #( #required )*
                ::std::result::Result::Ok(Self { #( #values ),* })
            }
        }
    }
}

/// Whether `ty` is written `Option<..>` (by any path to it).
fn is_option(ty: &syn::Type) -> bool {
    match ty {
        syn::Type::Path(path) => path.qself.is_none() && path.path.segments.last().is_some_and(|s| s.ident == "Option"),
        _ => false,
    }
}

/// The string value of `#[serde(key = "...")]` among `attrs`.
fn serde_value(attrs: &[syn::Attribute], key: &str) -> syn::Result<Option<String>> {
    let mut value = None;
    serde_items(attrs, |path, given| {
        if path.is_ident(key) {
            value = given.map(LitStr::value);
        }
    })?;
    Ok(value)
}

/// Whether `#[serde(flag)]` is among `attrs`.
fn serde_flag(attrs: &[syn::Attribute], flag: &str) -> syn::Result<bool> {
    let mut found = false;
    serde_items(attrs, |path, _| found |= path.is_ident(flag))?;
    Ok(found)
}

/// Calls `visit` with each item of the `#[serde(...)]` attributes among
/// `attrs`: its key, and its value if that is a string (`rename = "id"`).
fn serde_items(attrs: &[syn::Attribute], mut visit: impl FnMut(&syn::Path, Option<&LitStr>)) -> syn::Result<()> {
    for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
        attr.parse_nested_meta(|meta| {
            let value = if meta.input.peek(syn::Token![=]) {
                match meta.value()?.parse::<syn::Expr>()? {
                    syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(text), .. }) => Some(text),
                    _ => None,
                }
            } else {
                None
            };
            visit(&meta.path, value.as_ref());
            Ok(())
        })?;
    }
    Ok(())
}

/// `base`, or `base` with underscores appended until no field is named so.
fn free_ident(base: &str, taken: &[&Ident]) -> Ident {
    let mut name = base.to_string();
    while taken.iter().any(|ident| *ident == name.as_str()) {
        name.push('_');
    }
    Ident::new(&name, Span::call_site())
}
