//! `#[derive(apiforge_runtime::server::IntoResponse)]`: axum's
//! `IntoResponse` for a generated server's response enum, each variant
//! answering with the status it is marked with.
//!
//! `#[status(200)]` on a variant of one body sends it as JSON, on a unit
//! variant sends the status alone; the mark may say otherwise:
//! `json = "application/problem+json"` (JSON under that media type),
//! `raw = "text/plain"` (text or bytes as they are), `multipart`,
//! `json_events` or `text_events` (a stream of server-sent events).
//! `#[unimplemented]` on a unit variant answers 501 Not Implemented.
//! Variants of more (headers, a status of a range) need an impl by hand.

use proc_macro2::{Ident, TokenStream};
use quote::quote;
use syn::parse::{Parse, ParseStream};
use syn::{Data, DeriveInput, Fields, LitInt, LitStr, Token};

pub fn impls(input: &DeriveInput) -> syn::Result<TokenStream> {
    let Data::Enum(data) = &input.data else {
        return Err(syn::Error::new_spanned(&input.ident, "IntoResponse derives enums only"));
    };
    let server = quote!(::apiforge_runtime::server);
    let arms = data
        .variants
        .iter()
        .map(|variant| {
            let name = &variant.ident;
            let one_body = match &variant.fields {
                Fields::Unit => false,
                Fields::Unnamed(fields) if fields.unnamed.len() == 1 => true,
                _ => {
                    return Err(syn::Error::new_spanned(
                        variant,
                        "IntoResponse derives variants of one body or none; write the impl by hand for more",
                    ))
                }
            };
            if variant.attrs.iter().any(|a| a.path().is_ident("unimplemented")) && !one_body {
                return Ok(quote!(Self::#name => #server::unimplemented(),));
            }
            let Some(attr) = variant.attrs.iter().find(|a| a.path().is_ident("status")) else {
                return Err(syn::Error::new_spanned(
                    variant,
                    "mark the variant `#[status(CODE)]` or `#[unimplemented]`",
                ));
            };
            let Mark { status, kind, media } = attr.parse_args()?;
            let render = match (kind.as_ref().map(Ident::to_string).as_deref(), media, one_body) {
                (None, _, false) => quote!(#server::status_only(#status)),
                (None, _, true) => quote!(#server::json(#status, &body)),
                (Some("json"), Some(media), true) => quote!(#server::json_as(#status, #media, &body)),
                (Some("raw"), Some(media), true) => quote!(#server::raw(#status, #media, body)),
                (Some("multipart"), None, true) => quote!(#server::multipart(#status, &body)),
                (Some("json_events"), None, true) => quote!(#server::events(#status, body, #server::json_event)),
                (Some("text_events"), None, true) => quote!(#server::events(#status, body, #server::text_event)),
                _ => return Err(syn::Error::new_spanned(attr, "not a way to send this variant")),
            };
            Ok(if one_body { quote!(Self::#name(body) => #render,) } else { quote!(Self::#name => #render,) })
        })
        .collect::<syn::Result<Vec<_>>>()?;
    let name = &input.ident;
    let axum = quote!(#server::axum::response);
    Ok(quote! {
        impl #axum::IntoResponse for #name {
            fn into_response(self) -> #axum::Response {
                match self { #( #arms )* }
            }
        }
    })
}

/// `#[status(CODE)]`, `#[status(CODE, KIND)]` or `#[status(CODE, KIND = "media/type")]`.
struct Mark {
    status: LitInt,
    kind: Option<Ident>,
    media: Option<LitStr>,
}

impl Parse for Mark {
    fn parse(input: ParseStream) -> syn::Result<Mark> {
        let status = input.parse()?;
        if input.parse::<Option<Token![,]>>()?.is_none() {
            return Ok(Mark { status, kind: None, media: None });
        }
        let kind = Some(input.parse()?);
        let media = if input.parse::<Option<Token![=]>>()?.is_some() { Some(input.parse()?) } else { None };
        Ok(Mark { status, kind, media })
    }
}
