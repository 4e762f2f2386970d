//! `Deserialize` through `apiforge_runtime::object::Object`: the struct
//! stores each field the runtime hands it.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{quote, ToTokens};

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
    // The map's type parameter takes a name no field's type mentions: a
    // parameter `A` would shadow a struct named `A` in the locals' types.
    let mut type_names = Vec::new();
    for field in fields {
        crate::idents_in(field.ty.to_token_stream(), &mut type_names);
    }
    let map = crate::free_ident("A", &type_names.iter().collect::<Vec<_>>());
    // Each local's type is written out, each arm's error is returned by
    // one `?` after the match, and that error is the runtime's `Failed`,
    // not the map's error type: inferring the types, desugaring a `?` per
    // field and normalizing the projection everywhere is what makes a
    // derive slow to check.
    let locals = fields.iter().map(
        |Field { ident, ty, .. }| quote!(let mut #ident: ::std::option::Option<#ty> = ::std::option::Option::None;),
    );
    // A field left out when `None` is one the schema may leave out: unless
    // marked nullable, its null is refused where the runtime refuses it. A
    // required nullable field is an `Option` always written.
    let arms = fields.iter().enumerate().map(|(i, field)| {
        let (ident, i) = (&field.ident, Literal::usize_unsuffixed(i));
        if field.left_out_when_none() && !field.nullable {
            quote!(#i => #reader.not_null(&mut #ident),)
        } else {
            quote!(#i => #reader.value(&mut #ident),)
        }
    });
    let required = fields.iter().enumerate().filter(|(_, f)| !f.optional).map(|(i, Field { ident, .. })| {
        let i = Literal::usize_unsuffixed(i);
        quote! {
            let ::std::option::Option::Some(#ident) = #ident else {
                return ::std::result::Result::Err(#reader.missing(#i));
            };
        }
    });
    // A required nullable field read as `None` may have been left out.
    let present = fields.iter().enumerate().filter(|(_, f)| f.optional && f.required && !f.read_only).map(
        |(i, Field { ident, .. })| {
            let i = Literal::usize_unsuffixed(i);
            quote!(#reader.present(&#ident, #i)?;)
        },
    );
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
            fn read<#map>(#reader: &mut #runtime::object::Fields<'de, #map, Self>) -> ::std::result::Result<Self, #runtime::object::Failed>
            where
                #map: #runtime::serde::de::MapAccess<'de>,
            {
                #( #locals )*
                while let ::std::option::Option::Some(#index) = #reader.next_field()? {
                    match #index {
                        #( #arms )*
                        _ => #reader.skip(),
                    }?;
                }
                #( #required )*
                #( #present )*
                ::std::result::Result::Ok(Self { #( #values ),* })
            }
        }
    }
}
