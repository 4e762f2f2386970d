//! `#[derive(apiforge_runtime::client::ErrorStatus)]`: the HTTP status of
//! each variant of a generated client's error enum, and how a response of
//! that status reads.
//!
//! A variant marked `#[status(404)]` is that status; a variant without the
//! mark stands for a range or `default` and carries the status it was
//! answered with in its `status` field. A marked variant holding one body
//! or nothing is read by `ErrorStatus::read`: its body as JSON, or as the
//! mark says (`#[status(404, text)]`, `bytes`, `multipart`). Others (with
//! headers, a range, `default`) are read by the generated `match`.

use proc_macro2::{Ident, TokenStream};
use quote::quote;
use syn::parse::{Parse, ParseStream};
use syn::{Data, DeriveInput, Fields, LitInt, Token};

pub fn impls(input: &DeriveInput) -> syn::Result<TokenStream> {
    let Data::Enum(data) = &input.data else {
        return Err(syn::Error::new_spanned(&input.ident, "ErrorStatus derives enums only"));
    };
    let mut statuses = Vec::new();
    let mut reads = Vec::new();
    for variant in &data.variants {
        let name = &variant.ident;
        let Some(attr) = variant.attrs.iter().find(|a| a.path().is_ident("status")) else {
            if !carries_status(&variant.fields) {
                return Err(syn::Error::new_spanned(
                    variant,
                    "mark the variant `#[status(CODE)]`, or give it a `status: u16` field",
                ));
            }
            statuses.push(quote!(Self::#name { status, .. } => *status,));
            continue;
        };
        let Mark { status, body } = attr.parse_args()?;
        statuses.push(quote!(Self::#name { .. } => #status,));
        let read = match (&variant.fields, body) {
            (Fields::Unit, None) => quote!(::std::result::Result::Ok(Self::#name)),
            (Fields::Unnamed(fields), body) if fields.unnamed.len() == 1 => match body {
                None => quote!(response.json().map(Self::#name)),
                Some(kind) if kind == "text" => quote!(response.text().map(Self::#name)),
                Some(kind) if kind == "multipart" => quote!(response.multipart().map(Self::#name)),
                Some(kind) if kind == "bytes" => quote!(::std::result::Result::Ok(Self::#name(response.bytes()))),
                Some(kind) => return Err(syn::Error::new_spanned(kind, "expected `text`, `bytes` or `multipart`")),
            },
            _ => continue,
        };
        reads.push(quote!(#status => #read,));
    }
    let name = &input.ident;
    let status_body = if statuses.is_empty() { quote!(match *self {}) } else { quote!(match self { #( #statuses )* }) };
    let client = quote!(::apiforge_runtime::client);
    let read = (!reads.is_empty()).then(|| {
        quote! {
            fn read(response: &#client::Response) -> ::std::option::Option<::std::result::Result<Self, #client::InvalidBody>> {
                ::std::option::Option::Some(match response.status() {
                    #( #reads )*
                    _ => return ::std::option::Option::None,
                })
            }
        }
    });
    Ok(quote! {
        impl #client::ErrorStatus for #name {
            fn status(&self) -> u16 {
                #status_body
            }
            #read
        }
    })
}

/// `#[status(CODE)]` or `#[status(CODE, KIND)]`.
struct Mark {
    status: LitInt,
    body: Option<Ident>,
}

impl Parse for Mark {
    fn parse(input: ParseStream) -> syn::Result<Mark> {
        let status = input.parse()?;
        let body = if input.parse::<Option<Token![,]>>()?.is_some() { Some(input.parse()?) } else { None };
        Ok(Mark { status, body })
    }
}

fn carries_status(fields: &Fields) -> bool {
    matches!(fields, Fields::Named(named) if named.named.iter().any(|f| f.ident.as_ref().is_some_and(|i| i == "status")))
}
