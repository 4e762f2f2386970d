//! What `send` returns: the success type, the error enum, and the `match`
//! on the status that reads each declared response.

use apiforge_ir::{Api, Operation};
use proc_macro2::{Ident, TokenStream};
use quote::quote;

use crate::literal::{large_error_allow, unsigned};
use crate::names::{doc, ident};
use crate::payload::{variant, Direction, Payload, Variant};
use crate::rust_type::{optional_type, Scope};
use crate::size::{large_variant_allow, response_bound};

use super::pagination::{page_items, pagination_doc, pagination_style};
use super::{error_name, response_name};

/// The successes: declared 1XX-3XX statuses; an operation that declares
/// only `default` succeeds with it.
pub(crate) fn successes(op: &Operation) -> Vec<&apiforge_ir::Response> {
    let declared: Vec<_> = op.responses.iter().filter(|r| r.status.is_success()).collect();
    if declared.is_empty() {
        return op.responses.iter().filter(|r| r.status == apiforge_ir::StatusSpec::Default).collect();
    }
    declared
}

/// What `send` returns on success: the body of the only success status, or
/// an enum of the successes.
pub(super) fn success_type(
    api: &Api,
    op: &Operation,
    successes: &[&apiforge_ir::Response],
) -> (TokenStream, Option<TokenStream>) {
    if let [only] = successes {
        let v = variant(api, only, Scope::Sibling);
        if !v.carries_status && v.headers.is_none() {
            return (v.body.rust_type(Direction::Received).unwrap_or_else(|| quote!(())), None);
        }
    }
    let name = response_name(op);
    let variants: Vec<Variant> = successes.iter().map(|r| variant(api, r, Scope::Sibling)).collect();
    let allow = large_variant_allow(successes.iter().map(|r| response_bound(api, r)));
    let declarations = variants.iter().zip(successes).map(|(v, r)| v.declaration(&r.description, Direction::Received));
    let docs = doc([Some(format!("The successful responses of `{}`.", op.id).as_str())]);
    (
        quote!(#name),
        Some(quote! {
            #docs
            #[derive(Debug, Clone, PartialEq)]
            #allow
            pub enum #name { #( #declarations )* }
        }),
    )
}

pub(super) fn error_enum(api: &Api, op: &Operation, errors: &[&apiforge_ir::Response]) -> TokenStream {
    let name = error_name(op);
    // No type of its own to derive and check for what cannot happen.
    if errors.is_empty() {
        let docs = doc([Some(format!("`{}` declares no error status.", op.id).as_str())]);
        return quote! {
            #docs
            pub type #name = ::std::convert::Infallible;
        };
    }
    let variants: Vec<Variant> = errors.iter().map(|r| variant(api, r, Scope::Sibling)).collect();
    // A variant for one status is marked with it, and with how its body
    // reads where that is not JSON; one for a range or `default` carries the
    // status it was answered with.
    let declarations = variants.iter().zip(errors).map(|(v, r)| {
        let mark = match r.status {
            apiforge_ir::StatusSpec::Code(code) => {
                let code = unsigned(code);
                let kind = match v.body {
                    Payload::Empty | Payload::Json(_) | Payload::Form(_) => None,
                    Payload::Text(_) => Some(quote!(, text)),
                    Payload::Bytes(_) => Some(quote!(, bytes)),
                    Payload::Multipart => Some(quote!(, multipart)),
                    Payload::Events { .. } => Some(quote!(, events)),
                };
                Some(quote!(#[status(#code #kind)]))
            }
            _ => None,
        };
        v.declaration_marked(&r.description, mark, Direction::Received)
    });
    let allow = large_variant_allow(errors.iter().map(|r| response_bound(api, r)));
    let docs = doc([Some(format!("The error statuses `{}` declares, each with its body.", op.id).as_str())]);
    quote! {
        #docs
        #[derive(Debug, rt::client::ErrorStatus)]
        #allow
        pub enum #name { #( #declarations )* }
    }
}

pub(super) fn send_fn(
    api: &Api,
    op: &Operation,
    successes: &[&apiforge_ir::Response],
    errors: &[&apiforge_ir::Response],
    return_type: &TokenStream,
) -> TokenStream {
    let error = error_name(op);
    let plain_success = plain_success(api, successes);
    let single_success = plain_success.is_some();
    let response_enum = response_name(op);
    // On `send`, for the closure returning the `Result` inside it.
    let allow = large_error_allow(errors.iter().any(|r| variant(api, r, Scope::Sibling).has_data()));
    if let Some((code, Payload::Events { json, .. })) = &plain_success {
        let parse = if *json { quote!(rt::json_data) } else { quote!(rt::text_data) };
        let docs = doc([Some(
            "Sends the request; the events stream as the server sends them, each read when the stream is polled.",
        )]);
        let method = (docs, quote!(send), return_type.clone());
        return streamed_send(api, *code, errors, &error, method, quote!(events(#parse)));
    }
    let arms = response_arms(api, successes, errors, single_success, &quote!(#response_enum), &quote!(#error));
    let read = read_response(&arms);
    let Some(pagination) = &op.pagination else {
        // A binary answer can also be read as it arrives.
        let stream = match &plain_success {
            Some((code, Payload::Bytes(_))) => {
                let docs = doc([Some(
                    "Sends the request; the body streams as it arrives, however large ([`Self::send`] reads it whole, up to the client's limit).",
                )]);
                let method = (docs, quote!(send_stream), quote!(rt::client::ByteStream));
                Some(streamed_send(api, *code, errors, &error, method, quote!(byte_stream())))
            }
            _ => None,
        };
        // One arm reads as statements, several as a `match`.
        let read = if arms.len() == 1 { quote!({ #read }) } else { read };
        return quote! {
            /// Sends the request; the status picks the result.
            #allow
            pub fn send(self) -> Sending<#return_type, #error> {
                self.request.send_with(|response| #read)
            }
            #stream
        };
    };
    // A paginated operation reads each page the way `send` reads its answer.
    let style = pagination_style(&pagination.style, &pagination.items);
    // Items the schema lets be null are `Option`s, as in the page's list.
    let item = optional_type(api, &pagination.items.item, false, Scope::Sibling);
    let take_items = page_items(api, op, successes, single_success, &pagination.items);
    let style_doc = doc([Some(pagination_doc(&pagination.style).as_str())]);
    quote! {
        /// Sends the request; the status picks the result.
        pub fn send(self) -> Sending<#return_type, #error> {
            self.request.send_with(Self::decode)
        }

        /// Every page from this request on, each requested when the stream is
        /// polled past the one before.
        ///
        #style_doc
        pub fn pages(self) -> rt::client::Paged<#return_type, #error> {
            rt::client::pages(self.request, #style, Self::decode)
        }

        /// Every item of every page (see [`Self::pages`]).
        pub fn items(self) -> rt::client::Paged<#item, #error> {
            rt::client::items(self.pages(), |page| #take_items)
        }

        #allow
        fn decode(response: rt::client::Response) -> Result<#return_type, Error<#error>> {
            #read
        }
    }
}

/// Whether `op`'s `send` returns the runtime's `Sending`: unless its only
/// success is an event stream, which `send` takes as it arrives.
pub(super) fn sends_whole(api: &Api, op: &Operation) -> bool {
    !matches!(plain_success(api, &successes(op)), Some((_, Payload::Events { .. })))
}

/// The one success that is a status code with a body and nothing else, and
/// that body: `send` returns it, and a stream of it can be taken.
pub(crate) fn plain_success(api: &Api, successes: &[&apiforge_ir::Response]) -> Option<(u16, Payload)> {
    match successes {
        [only] if only.headers.is_empty() => match (only.status, variant(api, only, Scope::Sibling)) {
            (apiforge_ir::StatusSpec::Code(code), v) if !v.carries_status => Some((code, v.body)),
            _ => None,
        },
        _ => None,
    }
}

/// A send method (`method`: its doc, name and success type) whose success
/// body, at status `code`, is not read whole but taken as it arrives
/// (`take`, a method of the runtime's `Streamed`: events, bytes); any other
/// status is read whole.
fn streamed_send(
    api: &Api,
    code: u16,
    errors: &[&apiforge_ir::Response],
    error: &Ident,
    method: (TokenStream, TokenStream, TokenStream),
    take: TokenStream,
) -> TokenStream {
    let (docs, name, success_type) = method;
    let status = unsigned(code);
    let arms = response_arms(api, &[], errors, false, &quote!(), &quote!(#error));
    let read = read_response(&arms);
    quote! {
        #docs
        pub async fn #name(self) -> Result<#success_type, Error<#error>> {
            let response = self.request.send_streamed().await?;
            if response.status() == #status {
                return Ok(response.#take);
            }
            let response = response.read().await?;
            #read
        }
    }
}

/// One way `send` reads a status: its pattern, the statements decoding the
/// response, and the result.
struct Arm {
    pattern: TokenStream,
    decode: Option<TokenStream>,
    result: TokenStream,
}

impl Arm {
    fn tokens(&self) -> TokenStream {
        let Arm { pattern, decode, result } = self;
        match decode {
            Some(decode) => quote!(#pattern => { #decode #result }),
            None => quote!(#pattern => #result,),
        }
    }
}

/// The statements reading a response: a `match` on its status, or, when
/// every status is read alike (only `default` is declared), that one way.
fn read_response(arms: &[Arm]) -> TokenStream {
    if let [Arm { decode, result, .. }] = arms {
        return quote!(#decode #result);
    }
    let arms = arms.iter().map(Arm::tokens);
    quote!(match response.status() { #( #arms )* })
}

/// The arms over the status: exact codes, then ranges, then `default`,
/// then undeclared statuses as errors.
fn response_arms(
    api: &Api,
    successes: &[&apiforge_ir::Response],
    errors: &[&apiforge_ir::Response],
    single_success: bool,
    success_enum: &TokenStream,
    error_enum: &TokenStream,
) -> Vec<Arm> {
    let mut all: Vec<(&apiforge_ir::Response, bool)> =
        successes.iter().map(|r| (*r, true)).chain(errors.iter().map(|r| (*r, false))).collect();
    all.sort_by_key(|(r, _)| r.status);
    // Errors of one status and at most a body are read by the error enum
    // (its derive's `ErrorStatus::read`): one arm for all their statuses,
    // where the first of them sorts.
    let by_enum: Vec<bool> =
        all.iter().map(|(r, success)| !success && read_by_error_enum(&variant(api, r, Scope::Sibling))).collect();
    let enum_codes: Vec<proc_macro2::Literal> = all
        .iter()
        .zip(&by_enum)
        .filter(|(_, by_enum)| **by_enum)
        .filter_map(|((response, _), _)| match response.status {
            apiforge_ir::StatusSpec::Code(code) => Some(unsigned(code)),
            _ => None,
        })
        .collect();
    let enum_arm_at = by_enum.iter().position(|by_enum| *by_enum);
    let mut arms: Vec<Arm> = all
        .iter()
        .zip(&by_enum)
        .filter(|(_, by_enum)| !**by_enum)
        .map(|(pair, _)| pair)
        .map(|(response, success)| {
            let v = variant(api, response, Scope::Sibling);
            let pattern = match response.status {
                apiforge_ir::StatusSpec::Code(code) => {
                    let code = unsigned(code);
                    quote!(#code)
                }
                apiforge_ir::StatusSpec::Range(r) => {
                    let r = unsigned(r);
                    quote!(status if status / 100 == #r)
                }
                apiforge_ir::StatusSpec::Default => quote!(_),
            };
            let wrap = |value: TokenStream| {
                if *success {
                    quote!(Ok(#value))
                } else {
                    quote!(Err(Error::Api(#value)))
                }
            };
            // The common case, a status with at most a body, is one expression.
            if !v.carries_status && v.headers.is_none() {
                let body = body_expression(&v.body);
                let value = match (*success && single_success, &body, success) {
                    (true, Some(body), _) => body.clone(),
                    (true, None, _) => quote!(()),
                    (false, Some(body), true) => {
                        let name = &v.name;
                        quote!(#success_enum::#name(#body))
                    }
                    (false, None, true) => v.construct(success_enum),
                    // Only an error of events: the error enum reads the others.
                    (false, _, false) => v.construct(error_enum),
                };
                return Arm { pattern, decode: None, result: wrap(value) };
            }
            let decode = decode_response(&v, response);
            let value = if *success && single_success {
                match v.body {
                    Payload::Empty => quote!(()),
                    _ => quote!(body),
                }
            } else if *success {
                v.construct(success_enum)
            } else {
                v.construct(error_enum)
            };
            Arm { pattern, decode: Some(decode), result: wrap(value) }
        })
        .collect();
    if let Some(at) = enum_arm_at {
        // Every response sorting before the first the enum reads has its
        // arm, so its place in `all` is its place in `arms`.
        arms.insert(at, Arm { pattern: quote!(#( #enum_codes )|*), decode: None, result: quote!(response.error()) });
    }
    if !all.iter().any(|(r, _)| r.status == apiforge_ir::StatusSpec::Default) {
        arms.push(Arm { pattern: quote!(_), decode: None, result: quote!(Err(response.unexpected())) });
    }
    arms
}

/// Whether the error enum's derive reads an error variant: one status, no
/// headers, a body it reads or none.
fn read_by_error_enum(v: &Variant) -> bool {
    !v.carries_status && v.headers.is_none() && !matches!(v.body, Payload::Events { .. })
}

/// The expression reading a body, or None without one.
fn body_expression(body: &Payload) -> Option<TokenStream> {
    match body {
        Payload::Empty => None,
        Payload::Json(_) | Payload::Form(_) => Some(quote!(response.json()?)),
        Payload::Multipart => Some(quote!(response.multipart()?)),
        Payload::Text(_) => Some(quote!(response.text()?)),
        Payload::Bytes(_) => Some(quote!(response.bytes())),
        // Events are taken before the body is read (`streamed_send`).
        Payload::Events { .. } => None,
    }
}

/// Binds `status`, `body` and `headers` for a response variant.
fn decode_response(v: &Variant, response: &apiforge_ir::Response) -> TokenStream {
    let status = v.carries_status.then(|| quote!(let status = response.status();));
    let body = match &v.body {
        Payload::Empty => None,
        Payload::Json(ty) | Payload::Form(ty) => Some(quote!(let body: #ty = response.json()?;)),
        Payload::Multipart => Some(quote!(let body = response.multipart()?;)),
        Payload::Text(_) => Some(quote!(let body = response.text()?;)),
        Payload::Bytes(_) => Some(quote!(let body = response.bytes();)),
        Payload::Events { .. } => None,
    };
    let headers = v.headers.as_ref().map(|ty| {
        let fields = response.headers.iter().map(|h| {
            let field = ident(&h.rust_name);
            let wire = &h.wire_name;
            if h.required {
                quote!(#field: response.required_header(#wire)?,)
            } else {
                quote!(#field: response.optional_header(#wire)?,)
            }
        });
        quote!(let headers = #ty { #( #fields )* };)
    });
    quote!(#status #body #headers)
}
