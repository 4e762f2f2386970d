//! The `mock` module: an implementation of the server's `Api` that answers
//! every operation with a declared answer (a success where there is one:
//! see [`answered_response`]), after the server's own request checks. The answers are values a caller chose for the spec (drawn from
//! its schemas, or its examples: see `apiforge-conformance`'s `answers`) and
//! arrive here as JSON; each is read into its generated type when served.

use apiforge_ir::{Api, Operation, StatusSpec};
use proc_macro2::TokenStream;
use quote::quote;
use serde_json::Value;

use crate::names::{ident, OperationNames};
use crate::payload::{body_text, variant, Payload};
use crate::plan::{item, Plan, Shell};
use crate::rust_type::Scope;

/// What the mock answers, per operation of the API (in its order): `None`
/// where the operation has no answer that could be drawn, which then
/// answers 501 as an unimplemented handler does.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Answers {
    /// Where the values come from, for the module's doc (`seed 7`).
    pub source: String,
    pub operations: Vec<Option<Answer>>,
}

/// One operation's answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    /// The index of the answered response among the operation's responses.
    pub response: usize,
    /// The status sent, for a response declared by a range or `default`.
    pub status: u16,
    /// The body: JSON for a JSON or form body, a string for text.
    pub body: Option<Value>,
    /// Values of the response's headers, by index among its headers; a
    /// header without one is left out (it must be optional).
    pub headers: Vec<(usize, Value)>,
}

/// The response an operation's mock answers with: its first success
/// (`2XX`, a 2xx code), else its `default`, else its first redirection,
/// else the first it declares (an operation may declare only errors: a
/// declared answer is what a client of the spec expects).
pub fn answered_response(op: &Operation) -> Option<usize> {
    let in_class = |class: u16| {
        move |status: &StatusSpec| match status {
            StatusSpec::Code(code) => code / 100 == class,
            StatusSpec::Range(range) => *range == class,
            StatusSpec::Default => false,
        }
    };
    let position = |wanted: &dyn Fn(&StatusSpec) -> bool| op.responses.iter().position(|r| wanted(&r.status));
    position(&in_class(2))
        .or_else(|| position(&|status| matches!(status, StatusSpec::Default)))
        .or_else(|| position(&in_class(3)))
        .or_else(|| (!op.responses.is_empty()).then_some(0))
}

pub fn emit<'a>(api: &'a Api, answers: &'a Answers) -> Plan<'a> {
    let methods =
        api.operations.iter().zip(&answers.operations).filter_map(|(op, answer)| Some((op, answer.as_ref()?)));
    let methods: Vec<(&Operation, &Answer)> = methods.collect();
    let doc = format!(
        "The mock: [`Mock`] answers each operation with its first declared success, its body and headers \
         values the spec allows ({}). Requests are checked as the server checks them first.",
        answers.source
    );
    Plan {
        shell: Shell::new(
            "mock",
            "A server that answers every operation: serve `server::router(mock::Mock)`.",
            Some("server"),
        ),
        items: vec![item("the mock", move || mock(api, &methods, &doc))],
    }
}

fn mock(api: &Api, methods: &[(&Operation, &Answer)], doc: &str) -> TokenStream {
    let doc = crate::names::doc([Some(doc)]);
    let imports = methods.iter().map(|(op, _)| {
        let names = OperationNames(op);
        let (request, response) = (names.type_with("Request"), names.type_with("Response"));
        quote!(#request, #response)
    });
    let bodies: Vec<(TokenStream, bool)> = methods.iter().map(|(op, answer)| method(api, op, answer)).collect();
    // `read` only where some answer is read from JSON.
    let read = bodies.iter().any(|(_, reads)| *reads).then(|| {
        quote!(
            use ::apiforge_runtime::server::mock_value as read;
        )
    });
    let bodies = bodies.iter().map(|(body, _)| body);
    quote! {
        use super::server::{Api, #( #imports ),*};
        #read

        #doc
        #[derive(Debug, Clone, Copy, Default)]
        pub struct Mock;

        impl Api for Mock {
            #( #bodies )*
        }
    }
}

/// An operation's method of the mock, and whether it reads a value.
fn method(api: &Api, op: &Operation, answer: &Answer) -> (TokenStream, bool) {
    let names = OperationNames(op);
    let (name, request, response_type) = (names.method(), names.type_with("Request"), names.type_with("Response"));
    let response = &op.responses[answer.response];
    let shape = variant(api, response, Scope::Sibling);
    let operation = &op.id;
    // Values read from JSON, each with a binding; they may fail to read
    // (a generator bug, told on stderr), and then the answer is a 501.
    let mut read: Vec<(TokenStream, TokenStream)> = Vec::new();
    let json_text = |value: &Value| value.to_string();
    let body = match (&shape.body, &answer.body) {
        (Payload::Empty, _) => None,
        (Payload::Json(_) | Payload::Form(_), Some(value)) => {
            let text = json_text(value);
            read.push((quote!(body), quote!(read(#operation, "body", #text))));
            None
        }
        (Payload::Json(_) | Payload::Form(_), None) => {
            read.push((quote!(body), quote!(read(#operation, "body", "null"))));
            None
        }
        (Payload::Text(_), value) => {
            let text = text_of(value);
            Some(quote!(let body = String::from(#text);))
        }
        (Payload::Bytes(_), value) => {
            let text = text_of(value);
            Some(quote!(let body = ::apiforge_runtime::Binary::from(#text);))
        }
        (Payload::Events { .. }, Some(value)) => {
            let text = json_text(value);
            read.push((quote!(data), quote!(read(#operation, "event data", #text))));
            Some(quote!(let body = ::apiforge_runtime::Events::of(vec![data]);))
        }
        (Payload::Events { .. }, None) => Some(quote!(let body = ::apiforge_runtime::Events::of(Vec::new());)),
        (Payload::Multipart, _) => Some(quote!(let body = ::apiforge_runtime::Multipart::new();)),
    };
    let headers = response.headers_type.as_ref().map(|headers_type| {
        let headers_type = ident(headers_type);
        let fields = response.headers.iter().enumerate().map(|(index, header)| {
            let field = ident(&header.rust_name);
            match answer.headers.iter().find(|(i, _)| *i == index) {
                Some((_, value)) => {
                    let binding = ident(&format!("header_{index}"));
                    let (text, wire) = (json_text(value), &header.wire_name);
                    read.push((quote!(#binding), quote!(read(#operation, #wire, #text))));
                    quote!(#field: #binding)
                }
                None => quote!(#field: None),
            }
        });
        quote!(let headers = super::types::#headers_type { #( #fields ),* };)
    });
    let status = shape.carries_status.then(|| {
        let status = crate::literal::unsigned(answer.status);
        quote!(let status = #status;)
    });
    let reads = !read.is_empty();
    let readings = match read.len() {
        0 => None,
        1 => {
            let (binding, value) = &read[0];
            Some(quote!(let Some(#binding) = #value else { return #response_type::Unimplemented; };))
        }
        _ => {
            let (bindings, values): (Vec<_>, Vec<_>) = read.into_iter().unzip();
            Some(quote! {
                let ( #( Some(#bindings) ),* ) = ( #( #values ),* ) else { return #response_type::Unimplemented; };
            })
        }
    };
    let construct = shape.construct(&quote!(#response_type));
    let method = quote! {
        async fn #name(&self, _request: #request) -> #response_type {
            #readings
            #body
            #headers
            #status
            #construct
        }
    };
    (method, reads)
}

/// A text or binary body's text (see [`body_text`]); none is empty.
fn text_of(value: &Option<Value>) -> String {
    value.as_ref().map(body_text).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::answered_response;

    #[test]
    fn the_answer_is_a_success_else_default_else_a_redirection_else_the_first_declared() {
        let spec = "openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a:
    get: {operationId: success, responses: {'404': {description: x}, '201': {description: x}, default: {description: x}}}
  /b:
    get: {operationId: fallback, responses: {'400': {description: x}, default: {description: x}}}
  /c:
    get: {operationId: redirect, responses: {'404': {description: x}, '302': {description: x}}}
  /d:
    get: {operationId: errors, responses: {'404': {description: x}, '410': {description: x}}}
";
        let api = apiforge_ir::build_str(spec, &Default::default()).unwrap().api;
        let answered: Vec<String> = api
            .operations
            .iter()
            .map(|op| format!("{:?}", op.responses[answered_response(op).unwrap()].status))
            .collect();
        assert_eq!(answered, ["Code(201)", "Default", "Code(302)", "Code(404)"]);
    }
}
