//! An operation's builder: its optional parameters as setters, and the
//! statements that put the path, parameters, body and credentials on the
//! request.

use apiforge_ir::{Api, Operation, Param, ParamLocation, Ty};
use proc_macro2::{Ident, TokenStream};
use quote::quote;

use crate::names::{doc, ident, OperationNames};
use crate::params::{encoding, ordered_params, Encoding};
use crate::payload::{request_body, request_body_check, Direction, Payload};
use crate::rust_type::{displayed_otherwise, rust_type, Scope};
use crate::validation;

use super::builder_name;
use super::response::{error_enum, send_fn, success_type, successes};

/// An operation's doc: its summary, description and endpoint.
fn operation_doc(op: &Operation) -> TokenStream {
    let endpoint = endpoint(op);
    let deprecated = op.deprecated.then_some("**Deprecated.**");
    doc([op.summary.as_deref(), op.description.as_deref(), deprecated, Some(endpoint.as_str())])
}

/// `` `GET /things/{id}` ``, or `` `POST` to the client's URL `` for a
/// webhook's sender.
fn endpoint(op: &Operation) -> String {
    if op.path.is_empty() {
        format!("`{}` to the client's URL", op.method.as_str())
    } else {
        format!("`{} {}`", op.method.as_str(), op.path)
    }
}

/// Statements building the request's path: the checks of its parameters,
/// then the spec's template filled in by the runtime; a parameter encoded
/// other than as one value (a list, JSON) is added piece by piece.
fn path_statements(api: &Api, op: &Operation, request: &TokenStream) -> TokenStream {
    let params = || {
        op.segments.iter().filter_map(|segment| match segment {
            apiforge_ir::PathSegment::Param(index) => Some(&op.params[*index]),
            apiforge_ir::PathSegment::Literal(_) => None,
        })
    };
    if params().any(|param| !matches!(encoding(api, param), Encoding::Scalar)) {
        let pieces = op.segments.iter().map(|segment| match segment {
            apiforge_ir::PathSegment::Literal(text) => quote!(#request.path(#text);),
            apiforge_ir::PathSegment::Param(index) => {
                let param = &op.params[*index];
                param_statements(api, param, &ident(&param.rust_name), request)
            }
        });
        return quote!(#( #pieces )*);
    }
    let checks = params().filter_map(|param| {
        let check = validation::check_local(api, &param.wire_name, &ident(&param.rust_name), &param.shape)?;
        Some(quote!(#request.checked(#check);))
    });
    // The template as the spec writes it: its `{name}`s are the path
    // parameters' wire names, in the order of `params()`.
    let template = &op.path;
    if params().next().is_none() {
        // A webhook's sender posts to its base URL as it is.
        if template.is_empty() {
            return quote!();
        }
        return quote!(#request.path(#template););
    }
    let values = params().map(|param| ident(&param.rust_name));
    quote! {
        #( #checks )*
        #request.path_template(#template, &[#( &#values ),*]);
    }
}

/// Statements applying the operation's credentials to `request`: a missing
/// one is kept as the request's error, unless the security is optional.
fn authorization(api: &Api, op: &Operation) -> Option<TokenStream> {
    (!op.security.alternatives.is_empty()).then(|| {
        let alternatives = op.security.alternatives.iter().map(|schemes| {
            let schemes = schemes.iter().map(|id| ident(&api.security_scheme(*id).type_name));
            quote!(&[#( Scheme::#schemes ),*])
        });
        let call = quote!(self.authorize(&mut request, &[#( #alternatives ),*]));
        if op.security.optional {
            // Without any credential set the request goes out anonymously.
            quote!(let _ = #call;)
        } else {
            quote! {
                let authorized = #call;
                request.checked(authorized);
            }
        }
    })
}

pub(super) fn operation(api: &Api, op: &Operation) -> TokenStream {
    let builder = builder_name(op);
    let successes = successes(op);
    let errors: Vec<_> = op.responses.iter().filter(|r| !successes.iter().any(|s| s.status == r.status)).collect();

    let request = quote!(self.request);
    let value = ident("value");
    let mut setters: Vec<TokenStream> = ordered_params(op)
        .into_iter()
        .filter(|p| !p.required)
        .map(|param| {
            let field = ident(&param.rust_name);
            let ty = rust_type(api, &param.shape, Scope::Sibling);
            let docs = doc([param.description.as_deref()]);
            // Only a `bool` converts into a `bool`: it is taken as it is.
            let boolean = param.shape.ty == Ty::Boolean;
            if let Some(set) = param_setter(api, param) {
                let wire = &param.wire_name;
                let (value_type, call) = match boolean {
                    true => (quote!(bool), quote!(self.#set(#wire, value))),
                    false => (quote!(impl Into<#ty>), quote!(self.#set::<#ty>(#wire, value.into()))),
                };
                return quote! {
                    #docs
                    pub fn #field(self, value: #value_type) -> Self {
                        #call
                    }
                };
            }
            let statements = param_statements(api, param, &value, &request);
            if boolean {
                return quote! {
                    #docs
                    pub fn #field(mut self, value: bool) -> Self {
                        #statements
                        self
                    }
                };
            }
            quote! {
                #docs
                pub fn #field(mut self, value: impl Into<#ty>) -> Self {
                    let value: #ty = value.into();
                    #statements
                    self
                }
            }
        })
        .collect();
    if let Some((payload, false)) = request_body(api, op) {
        let ty = payload.rust_type(Direction::Sent);
        let docs = doc([op.body.as_ref().and_then(|b| b.description.as_deref()), Some("The request body.")]);
        let statements = body_statements(api, op, &payload, &quote!(value), &request);
        setters.push(quote! {
            #docs
            pub fn body(mut self, value: impl Into<#ty>) -> Self {
                let value: #ty = value.into();
                #statements
                self
            }
        });
    }

    let (return_type, response_enum) = success_type(api, op, &successes);
    let send = send_fn(api, op, &successes, &errors, &return_type);
    let error_enum = error_enum(api, op, &errors);
    let builder_doc = doc([Some(format!("A {} request; finish it with [`Self::send`].", endpoint(op)).as_str())]);
    quote! {
        #builder_doc
        #[must_use = "a request does nothing until `send` is awaited"]
        pub struct #builder {
            request: Request,
        }

        impl #builder {
            #( #setters )*
            #send
        }

        rt::request_options!(#builder);

        #response_enum
        #error_enum
    }
}

/// Statements adding `value` (a local of the body's type) to `request` as
/// the body, after its checks.
fn body_statements(
    api: &Api,
    op: &Operation,
    payload: &Payload,
    value: &TokenStream,
    request: &TokenStream,
) -> TokenStream {
    let check = request_body_check(api, op, &quote!(value)).map(|(check, nullable)| {
        if nullable {
            quote!(if let Some(value) = &#value { #request.checked(#check); })
        } else {
            quote!({ let value = &#value; #request.checked(#check); })
        }
    });
    let add = match payload {
        Payload::Json(_) => quote!(#request.json(&#value);),
        Payload::Form(_) => quote!(#request.form(&#value);),
        Payload::Multipart => quote!(#request.multipart(&#value);),
        Payload::Text(media) | Payload::Bytes(media) => quote!(#request.raw(#value, #media);),
        // The IR reads a request's events as text.
        Payload::Events { .. } => quote!(),
        Payload::Empty => quote!(),
    };
    quote!(#check #add)
}

/// The `SetParam` method that sets `param` in one call: a parameter of
/// the query, a header or a cookie whose value travels as its `Display`,
/// with nothing to check. Others are set by [`param_statements`].
pub(super) fn param_setter(api: &Api, param: &Param) -> Option<Ident> {
    let set = match param.location {
        ParamLocation::Query => "query_param",
        ParamLocation::Header => "header_param",
        ParamLocation::Cookie => "cookie_param",
        ParamLocation::Path => return None,
    };
    let plain = matches!(encoding(api, param), Encoding::Scalar)
        && !displayed_otherwise(api, &param.shape)
        && validation::check_local(api, &param.wire_name, &ident("value"), &param.shape).is_none();
    plain.then(|| ident(set))
}

/// Statements adding a parameter held in the local `value` to `request`:
/// its checks, then the parameter in its place and encoding.
fn param_statements(api: &Api, param: &Param, value: &Ident, request: &TokenStream) -> TokenStream {
    let wire = &param.wire_name;
    let check = validation::check_local(api, wire, value, &param.shape).map(|check| quote!(#request.checked(#check);));
    let place = |text: TokenStream| match param.location {
        ParamLocation::Path => quote!(#request.path_param(#wire, #text);),
        ParamLocation::Query => quote!(#request.query(#wire, #text);),
        ParamLocation::Header => quote!(#request.header(#wire, #text);),
        ParamLocation::Cookie => quote!(#request.cookie(#wire, #text);),
    };
    // A date-time travels as its `FormatText`, the others as their
    // `Display`.
    let items = match &param.shape.ty {
        apiforge_ir::Ty::Array(items) => items,
        _ => &param.shape,
    };
    let typed = displayed_otherwise(api, items);
    let to_text = match typed {
        true => quote!(rt::FormatText::format_text),
        false => quote!(ToString::to_string),
    };
    let add = match (param.location, encoding(api, param)) {
        (ParamLocation::Query, Encoding::List { delimiter, explode }) if typed => {
            quote!(#request.query_list(#wire, &#value.iter().map(#to_text).collect::<Vec<_>>(), #explode, #delimiter);)
        }
        (ParamLocation::Query, Encoding::List { delimiter, explode }) => {
            quote!(#request.query_list(#wire, &#value, #explode, #delimiter);)
        }
        (ParamLocation::Query, Encoding::QueryObject { deep, .. }) => {
            quote!(#request.query_object(#wire, &#value, #deep);)
        }
        (_, Encoding::Scalar) if typed => place(quote!(&#to_text(&#value))),
        (_, Encoding::Scalar) => place(quote!(&#value)),
        (_, Encoding::List { delimiter, .. }) => {
            place(quote!(&#value.iter().map(#to_text).collect::<Vec<_>>().join(#delimiter)))
        }
        (_, Encoding::Json | Encoding::QueryObject { .. }) => {
            let add = place(quote!(&text));
            quote!(if let Some(text) = #request.checked(rt::validate::json_text(#wire, &#value)) { #add })
        }
    };
    quote!(#check #add)
}

/// The method on `Client`: takes the required parameters (and body) and
/// starts the request with them; the builder adds the optional ones.
/// For a callback whose URL expression points into the registering
/// operation's JSON body: `<callback>_url(&body)`, the URL evaluated.
pub(super) fn callback_url_fn(api: &Api, op: &Operation) -> Option<TokenStream> {
    let callback = op.callback.as_ref()?;
    let body = callback.request_body.as_ref().filter(|_| callback.expression.contains("{$request.body#"))?;
    let ty = rust_type(api, body, Scope::Sibling);
    let name = ident(&format!("{}_url", op.fn_name));
    let expression = &callback.expression;
    let docs = doc([Some(
        format!(
            "The URL to send [`Self::{}`] to, for a `{}` request with `body`:\n\
             `{expression}` evaluated; None when the body lacks what it names.",
            op.fn_name, callback.registered_by
        )
        .as_str(),
    )]);
    Some(quote! {
        #docs
        pub fn #name(body: &#ty) -> Option<String> {
            rt::callback_url(#expression, body)
        }
    })
}

pub(super) fn client_method(api: &Api, op: &Operation) -> TokenStream {
    let name = OperationNames(op).method();
    let builder = builder_name(op);
    let docs = operation_doc(op);
    let method = ident(op.method.as_str());
    let request = quote!(request);
    let required: Vec<&Param> = ordered_params(op).into_iter().filter(|p| p.required).collect();
    let mut args = Vec::new();
    let mut bindings = Vec::new();
    for param in &required {
        let field = ident(&param.rust_name);
        let ty = rust_type(api, &param.shape, Scope::Sibling);
        args.push(quote!(#field: impl Into<#ty>));
        bindings.push(quote!(let #field: #ty = #field.into();));
    }
    let body = request_body(api, op).filter(|(_, required)| *required).map(|(payload, _)| {
        let ty = payload.rust_type(Direction::Sent);
        args.push(quote!(body: impl Into<#ty>));
        bindings.push(quote!(let body: #ty = body.into();));
        body_statements(api, op, &payload, &quote!(body), &request)
    });
    let path = path_statements(api, op, &request);
    let others = required
        .iter()
        .filter(|p| p.location != ParamLocation::Path)
        .map(|p| param_statements(api, p, &ident(&p.rust_name), &request));
    let auth = authorization(api, op);
    let others: Vec<TokenStream> = others.collect();
    // A webhook's sender with nothing to add sends the request as made.
    let changed = !path.is_empty() || !others.is_empty() || body.is_some() || auth.is_some();
    let request_binding = if changed { quote!(let mut request) } else { quote!(let request) };
    quote! {
        #docs
        pub fn #name(&self, #( #args ),*) -> #builder {
            #( #bindings )*
            #request_binding = self.connection.request(Method::#method);
            #path
            #( #others )*
            #body
            #auth
            // Not `#builder::from`: a setter may be named `from`.
            request.into()
        }
    }
}
