//! The `mock` module: an implementation of the server's `Api` that answers
//! every operation with a declared answer (a success where there is one:
//! see [`answered_response`]), after the server's own request checks. The
//! answers are values a caller chose for the spec (drawn from its schemas,
//! or its examples: see `apiforge-conformance`'s `answers`) and arrive here
//! as JSON; each is read into its generated type when served.
//!
//! The mock remembers what it deleted: after a successful `DELETE` of a
//! path, an operation on a resource that declares a 404 answers it there
//! and below, until a `PUT` or `POST` of that path creates it again.

use apiforge_ir::{Api, Method as HttpMethod, Operation, PathSegment, StatusSpec};
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
    /// Per operation, in the same order, its answer on a path the mock
    /// deleted (its declared 404), where it has one.
    pub not_found: Vec<Option<Answer>>,
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

/// The response an operation's mock answers with on a path it deleted:
/// the one it declares for 404 (exactly, by range or `default`).
pub fn not_found_response(op: &Operation) -> Option<usize> {
    let response = op.response_for(404)?;
    op.responses.iter().position(|r| std::ptr::eq(r, response))
}

/// One operation's answers, as the mock serves them.
struct Served<'a> {
    op: &'a Operation,
    answer: &'a Answer,
    not_found: Option<&'a Answer>,
}

pub fn emit<'a>(api: &'a Api, answers: &'a Answers) -> Plan<'a> {
    let not_found = answers.not_found.iter().map(Option::as_ref).chain(std::iter::repeat(None));
    let methods = api
        .operations
        .iter()
        .zip(&answers.operations)
        .zip(not_found)
        .filter_map(|((op, answer), not_found)| Some(Served { op, answer: answer.as_ref()?, not_found }));
    let methods: Vec<Served> = methods.collect();
    let doc = format!(
        "The mock: [`Mock`] answers each operation with its first declared success, its body and headers \
         values the spec allows ({}). Requests are checked as the server checks them first.",
        answers.source
    );
    Plan {
        shell: Shell::new(
            "mock",
            "A server that answers every operation: serve `server::router(mock::Mock::default())`.",
            Some("server"),
        ),
        items: vec![item("the mock", move || mock(api, &methods, &doc))],
    }
}

fn mock(api: &Api, methods: &[Served], doc: &str) -> TokenStream {
    let doc = crate::names::doc([Some(doc)]);
    let imports = methods.iter().map(|served| {
        let names = OperationNames(served.op);
        let (request, response) = (names.type_with("Request"), names.type_with("Response"));
        quote!(#request, #response)
    });
    let bodies: Vec<Method> = methods.iter().map(|served| method(api, served)).collect();
    // `read` only where some answer is read from JSON.
    let read = bodies.iter().any(|method| method.reads).then(|| {
        quote!(
            use rt::server::mock_value as read;
        )
    });
    // What the mock deleted, where some operation deletes or answers 404.
    let mock = if bodies.iter().any(|method| method.uses_deleted) {
        quote! {
            #[derive(Debug, Default)]
            pub struct Mock {
                deleted: rt::server::Deleted,
            }
        }
    } else {
        quote! {
            #[derive(Debug, Clone, Copy, Default)]
            pub struct Mock;
        }
    };
    let bodies = bodies.iter().map(|method| &method.code);
    quote! {
        use super::server::{Api, #( #imports ),*};
        #read

        #doc
        #mock

        impl Api for Mock {
            #( #bodies )*
        }
    }
}

/// One method of the mock.
struct Method {
    code: TokenStream,
    /// Whether it reads a value from JSON.
    reads: bool,
    /// Whether it reads or changes what the mock deleted.
    uses_deleted: bool,
}

fn method(api: &Api, served: &Served) -> Method {
    let Served { op, answer, not_found } = served;
    let names = OperationNames(op);
    let (name, request, response_type) = (names.method(), names.type_with("Request"), names.type_with("Response"));
    let (Answered { prelude, construct }, mut reads) = answer_code(api, op, answer);
    let success = matches!(answer.status, 200..=299);
    // What the answer does to the resources the mock holds.
    let effect = match op.method {
        HttpMethod::Delete if success => Some(quote!(self.deleted.delete(request.parts.uri.path());)),
        HttpMethod::Put | HttpMethod::Post if success => Some(quote!(self.deleted.create(request.parts.uri.path());)),
        _ => None,
    };
    // A resource (a path with parameters) is not found once deleted, but
    // for a `PUT` or `POST`, which may create it again.
    let resource = op.segments.iter().any(|segment| !matches!(segment, PathSegment::Literal(_)));
    let creates = matches!(op.method, HttpMethod::Put | HttpMethod::Post);
    let gone = not_found.filter(|_| resource && !creates).map(|not_found| {
        let (Answered { prelude, construct }, reads_too) = answer_code(api, op, not_found);
        reads |= reads_too;
        quote! {
            if self.deleted.holds(request.parts.uri.path()) {
                #prelude
                return #construct;
            }
        }
    });
    let uses_deleted = effect.is_some() || gone.is_some();
    let binding = if uses_deleted { quote!(request) } else { quote!(_request) };
    let code = quote! {
        async fn #name(&self, #binding: #request) -> #response_type {
            #gone
            #prelude
            #effect
            #construct
        }
    };
    Method { code, reads, uses_deleted }
}

/// An answer of an operation's mock, and whether it reads a value.
fn answer_code(api: &Api, op: &Operation, answer: &Answer) -> (Answered, bool) {
    let response_type = OperationNames(op).type_with("Response");
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
            Some(quote!(let body = rt::Binary::from(#text);))
        }
        (Payload::Events { .. }, Some(value)) => {
            let text = json_text(value);
            read.push((quote!(data), quote!(read(#operation, "event data", #text))));
            Some(quote!(let body = rt::Events::of(vec![data]);))
        }
        (Payload::Events { .. }, None) => Some(quote!(let body = rt::Events::of(Vec::new());)),
        (Payload::Multipart, _) => Some(quote!(let body = rt::Multipart::new();)),
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
    let prelude = quote! {
        #readings
        #body
        #headers
        #status
    };
    (Answered { prelude, construct }, reads)
}

/// An answer of the mock in code: the statements that make its parts, and
/// the expression that then builds it.
struct Answered {
    prelude: TokenStream,
    construct: TokenStream,
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
