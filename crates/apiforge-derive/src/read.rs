//! `Deserialize` through `apiforge_runtime::object::Object`: the struct
//! stores each field the runtime hands it.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::quote;

use crate::{Field, Object};

pub fn impls(object: &Object) -> TokenStream {
    let Object { name, fields, deny_unknown } = object;
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
    let reader = crate::free_ident("fields", &slots);
    let index = crate::free_ident("index", &slots);
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
