//! `Serialize` through `apiforge_runtime::object::Writer`: the struct
//! hands over each field it writes.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use crate::{Field, Object};

pub fn impls(object: &Object) -> TokenStream {
    let Object { name, fields, .. } = object;
    let type_name = name.to_string();
    let runtime = quote!(::apiforge_runtime);
    let written = Literal::usize_unsuffixed(fields.iter().filter(|f| !f.left_out_when_none()).count());
    let present = fields
        .iter()
        .filter(|f| f.left_out_when_none())
        .map(|Field { ident, .. }| quote!(+ ::std::primitive::usize::from(self.#ident.is_some())));
    // Each write records the first error in the writer instead of
    // returning it: no `?` per field to desugar. An optional field is one
    // call, without a branch of its own.
    let writes = fields.iter().map(|field| {
        let Field { ident, wire_name, .. } = field;
        if field.left_out_when_none() {
            quote!(object.optional(#wire_name, &self.#ident);)
        } else {
            quote!(object.field(#wire_name, &self.#ident);)
        }
    });
    quote! {
        impl #runtime::serde::Serialize for #name {
            fn serialize<S>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error>
            where
                S: #runtime::serde::Serializer,
            {
                let len = #written #( #present )*;
                let mut object = #runtime::object::Writer::new(serializer, #type_name, len);
                #( #writes )*
                object.end()
            }
        }
    }
}
