//! The `ErrorStatus` derive of generated clients' error enums.
#![cfg(feature = "client")]

use apiforge_runtime::client::{Error, ErrorStatus};

#[derive(Debug, ErrorStatus)]
enum GetNoteError {
    /// A unit variant.
    #[status(404)]
    NotFound,
    /// A variant with a body.
    #[status(409)]
    Conflict(String),
    /// A range (`5XX`): the status it was answered with.
    ServerError { status: u16, body: String },
}

#[derive(Debug, ErrorStatus)]
enum NoErrors {}

/// What a caller reads of an error: its status and its body.
fn read(error: &GetNoteError) -> (u16, &str) {
    let body = match error {
        GetNoteError::NotFound => "",
        GetNoteError::Conflict(body) | GetNoteError::ServerError { body, .. } => body,
    };
    (error.status(), body)
}

#[test]
fn each_variant_has_its_status() {
    assert_eq!(read(&GetNoteError::NotFound), (404, ""));
    assert_eq!(read(&GetNoteError::Conflict("taken".into())), (409, "taken"));
    assert_eq!(read(&GetNoteError::ServerError { status: 503, body: "down".into() }), (503, "down"));
}

#[test]
fn the_error_of_a_call_reads_it() {
    let error: Error<GetNoteError> = Error::Api(GetNoteError::ServerError { status: 502, body: "down".into() });
    assert_eq!(error.status(), Some(502));
    let error: Error<NoErrors> = Error::UnexpectedStatus { status: 418, body: Default::default() };
    assert_eq!(error.status(), Some(418));
}
