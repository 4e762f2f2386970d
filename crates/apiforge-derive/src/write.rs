//! `Serialize` through `apiforge_runtime::object::Writer`: the struct
//! hands over each field it writes.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use crate::{Field, Object};

pub fn impls(object: &Object) -> TokenStream {
    let Object { name, fields, .. } = object;
    let type_name = name.to_string();
    let runtime = quote!(::apiforge_runtime);
    let written = Literal::usize_unsuffixed(fields.iter().filter(|f| f.skip_if.is_none()).count());
    let skippable = fields.iter().filter_map(|Field { ident, skip_if, .. }| {
        skip_if.as_ref().map(|skip| quote!(+ ::std::primitive::usize::from(!#skip(&self.#ident))))
    });
    // Each write records the first error in the writer instead of
    // returning it: no `?` per field to desugar.
    // An `Option` left out when `None` (every optional field of a generated
    // struct) is one call, without a branch of its own.
    let writes = fields.iter().map(|Field { ident, wire_name, skip_if, optional, .. }| match skip_if {
        Some(skip) if *optional && is_option_is_none(skip) => {
            quote!(object.optional(#wire_name, &self.#ident);)
        }
        Some(skip) => quote! {
            if #skip(&self.#ident) {
                object.skip(#wire_name);
            } else {
                object.field(#wire_name, &self.#ident);
            }
        },
        None => quote!(object.field(#wire_name, &self.#ident);),
    });
    quote! {
        impl #runtime::serde::Serialize for #name {
            fn serialize<S>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error>
            where
                S: #runtime::serde::Serializer,
            {
                let len = #written #( #skippable )*;
                let mut object = #runtime::object::Writer::new(serializer, #type_name, len);
                #( #writes )*
                object.end()
            }
        }
    }
}

/// Whether a skip function is `::std::option::Option::is_none`, the one
/// generated structs use.
fn is_option_is_none(skip: &syn::ExprPath) -> bool {
    let path = &skip.path;
    path.leading_colon.is_some()
        && path.segments.iter().map(|segment| segment.ident.to_string()).eq(["std", "option", "Option", "is_none"])
}
