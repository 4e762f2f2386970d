//! How an operation's credentials are read from a request and reach its
//! handler.

use apiforge_ir::{Api, Operation, SchemeId, SecurityKind};
use proc_macro2::TokenStream;
use quote::quote;

use crate::names::{doc, ident};

use super::rt;

/// How an operation's credential reaches its handler.
pub(super) enum Auth {
    None,
    /// One scheme, required: the handler gets that credential.
    Single(SchemeId),
    /// Alternatives or an optional credential: the handler gets `Credentials`.
    Several,
}

pub(super) fn auth_of(op: &Operation) -> Auth {
    match (op.security.alternatives.as_slice(), op.security.optional) {
        ([], _) => Auth::None,
        ([only], false) if only.len() == 1 => Auth::Single(only[0]),
        _ => Auth::Several,
    }
}

pub(super) fn credential_type(api: &Api, id: SchemeId) -> TokenStream {
    crate::security::credential_type(&api.security_scheme(id).kind)
}

/// `Credentials`: every scheme's credential as sent, for operations with
/// alternatives.
pub(super) fn credentials_struct(api: &Api) -> Option<TokenStream> {
    if !api.operations.iter().any(|op| matches!(auth_of(op), Auth::Several)) {
        return None;
    }
    let fields = api.security_schemes.iter().enumerate().map(|(i, s)| {
        let name = ident(&s.field_name);
        let ty = credential_type(api, SchemeId(i));
        let docs = doc([Some(format!("The `{}` credential, if sent.", s.key).as_str())]);
        quote!(#docs pub #name: Option<#ty>,)
    });
    Some(quote! {
        /// The credentials a request carried, one field per security scheme.
        /// At least one of the operation's alternatives is complete.
        #[derive(Debug, Clone, Default)]
        pub struct Credentials { #( #fields )* }
    })
}

/// Reads one scheme's credential: `Result<Option<T>, Rejection>`.
fn scheme_read(api: &Api, id: SchemeId) -> TokenStream {
    let rt = rt();
    match &api.security_scheme(id).kind {
        SecurityKind::Bearer { .. } => quote!(#rt::bearer(&parts.headers)),
        SecurityKind::Basic => quote!(#rt::basic(&parts.headers)),
        SecurityKind::ApiKey { location, name } => {
            let read = match location {
                apiforge_ir::ApiKeyLocation::Header => quote!(#rt::header::<String>(&parts.headers, #name)),
                apiforge_ir::ApiKeyLocation::Query => {
                    quote!(#rt::QueryParams::parse(&parts).optional::<String>(#name))
                }
                apiforge_ir::ApiKeyLocation::Cookie => quote!(#rt::cookie::<String>(&parts.headers, #name)),
            };
            quote!(#read.map(#rt::api_key))
        }
    }
}

pub(super) fn auth_extraction(api: &Api, op: &Operation) -> Option<TokenStream> {
    let missing = |ids: &[SchemeId]| {
        let what: Vec<String> = ids.iter().map(|id| describe_scheme(api, *id)).collect();
        format!("missing credential: send {}", what.join(" or "))
    };
    match auth_of(op) {
        Auth::None => None,
        Auth::Single(id) => {
            let read = scheme_read(api, id);
            let message = missing(&[id]);
            Some(quote! {
                let auth = #read?.ok_or_else(|| Rejection::unauthorized(#message))?;
            })
        }
        Auth::Several => {
            let used: Vec<SchemeId> = (0..api.security_schemes.len()).map(SchemeId).collect();
            let reads = used.iter().map(|id| {
                let field = ident(&api.security_scheme(*id).field_name);
                let read = scheme_read(api, *id);
                let in_use = op.security.alternatives.iter().flatten().any(|s| s == id);
                // Bearer and basic share `Authorization`: one that holds
                // the other's credential is not this alternative's.
                let http = matches!(api.security_scheme(*id).kind, SecurityKind::Bearer { .. } | SecurityKind::Basic);
                if in_use && http {
                    quote!(#field: #read.ok().flatten(),)
                } else if in_use {
                    quote!(#field: #read?,)
                } else {
                    quote!(#field: None,)
                }
            });
            // `&&` binds tighter than `||`: no parentheses needed.
            let complete = op.security.alternatives.iter().map(|alternative| {
                let present = alternative.iter().map(|id| {
                    let field = ident(&api.security_scheme(*id).field_name);
                    quote!(auth.#field.is_some())
                });
                quote!(#( #present )&&*)
            });
            let firsts: Vec<SchemeId> = op.security.alternatives.iter().filter_map(|a| a.first().copied()).collect();
            let message = missing(&firsts);
            let check = (!op.security.optional).then(|| {
                quote! {
                    let complete = #( #complete )||*;
                    if !complete {
                        return Err(Rejection::unauthorized(#message));
                    }
                }
            });
            Some(quote! {
                let auth = Credentials { #( #reads )* };
                #check
            })
        }
    }
}

/// The schemes an operation accepts, each once.
fn schemes_of(op: &Operation) -> Vec<SchemeId> {
    let mut ids: Vec<SchemeId> = Vec::new();
    for id in op.security.alternatives.iter().flatten() {
        if !ids.contains(id) {
            ids.push(*id);
        }
    }
    ids
}

/// The headers that carry an operation's credentials, hidden from `Debug`.
pub(super) fn credential_headers(api: &Api, op: &Operation) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for id in schemes_of(op) {
        let name = match &api.security_scheme(id).kind {
            SecurityKind::Bearer { .. } | SecurityKind::Basic => "Authorization".to_string(),
            SecurityKind::ApiKey { location: apiforge_ir::ApiKeyLocation::Header, name } => name.clone(),
            SecurityKind::ApiKey { location: apiforge_ir::ApiKeyLocation::Cookie, .. } => "Cookie".to_string(),
            SecurityKind::ApiKey { location: apiforge_ir::ApiKeyLocation::Query, .. } => continue,
        };
        if !names.iter().any(|known| known.eq_ignore_ascii_case(&name)) {
            names.push(name);
        }
    }
    names
}

/// The query parameters that carry an operation's credentials.
pub(super) fn credential_query_keys(api: &Api, op: &Operation) -> Vec<String> {
    schemes_of(op)
        .into_iter()
        .filter_map(|id| match &api.security_scheme(id).kind {
            SecurityKind::ApiKey { location: apiforge_ir::ApiKeyLocation::Query, name } => Some(name.clone()),
            _ => None,
        })
        .collect()
}

fn describe_scheme(api: &Api, id: SchemeId) -> String {
    match &api.security_scheme(id).kind {
        SecurityKind::Bearer { .. } => "`Authorization: Bearer <token>`".into(),
        SecurityKind::Basic => "`Authorization: Basic <credentials>`".into(),
        SecurityKind::ApiKey { location, name } => format!("the API key {location} `{name}`"),
    }
}
