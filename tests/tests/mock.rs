//! Schemathesis, with every check, against the mock `apiforge mock` serves
//! for every seed API and fixture (built by `build.rs`): whatever it sends,
//! the generated server's checks and the mock's answers must hold up. What
//! it still finds is listed per spec, each with the reason it is the spec's
//! (or the tester's) and not the generated code's.
//!
//! `ignored_auth` is left out: the mock accepts any credential sent in the
//! right place, as it cannot know the real ones.

mod support;

use std::path::PathBuf;

use apiforge_runtime::client::reqwest::Method;
use apiforge_testers::schemathesis::{credentials_for, Failure};
use apiforge_tests::mocks;
use support::contract::{failure, schemathesis_on};

/// Serves `router` on a free port of 127.0.0.1; returns its base URL.
async fn serve(router: axum::Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind loopback");
    let base_url = format!("http://{}", listener.local_addr().expect("a local address"));
    tokio::spawn(async move { axum::serve(listener, router).await.expect("the mock serves") });
    base_url
}

/// Schemathesis's findings on the mock of `spec` (from the `tests` directory).
async fn findings(spec: &str, router: axum::Router) -> Vec<Failure> {
    let base_url = serve(router).await;
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(spec);
    let options = apiforge_ir::LowerOptions { skip_unsupported: true, ..Default::default() };
    let api = apiforge_ir::build(&path, &options).expect("the spec lowers").api;
    schemathesis_on(spec, &base_url, credentials_for(&api), &["ignored_auth"]).await
}

macro_rules! mock_test {
    ($name:ident, $spec:literal, [$( $kind:literal on [$( $operation:literal ),*] because $why:literal ),* $(,)?]) => {
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn $name() {
            let router = mocks::$name::server::router(mocks::$name::mock::Mock::default());
            let expected: Vec<Failure> = vec![$( failure($kind, &[$( $operation ),*]) ),*];
            assert_eq!(findings($spec, router).await, expected);
        }
    };
}

mock_test!(infisical, "../specs/infisical.yaml", []);
mock_test!(motherduck, "../specs/motherduck.yaml", []);
mock_test!(turso, "../specs/turso.yaml", []);
mock_test!(vercel, "../specs/vercel.yaml", []);
mock_test!(zangtable, "../specs/zangtable.yaml", []);
mock_test!(callbacks, "fixtures/callbacks.yaml", []);
mock_test!(credentials, "fixtures/credentials.yaml", []);
mock_test!(deep_recursion, "fixtures/deep_recursion.yaml", []);
mock_test!(events, "fixtures/events.yaml", [
    "ST108 SSE event violates schema" on ["GET /log", "GET /ticks"]
        because "schemathesis reads a text/event-stream schema as the event's (OpenAPI 3.2 itemSchema); apiforge, as most specs mean it, as its data's",
]);
mock_test!(naming, "fixtures/naming.yaml", []);
mock_test!(openapi31, "fixtures/openapi31.yaml", [
    "ST101 Server error" on ["GET /things", "POST /things"]
        because "the operations declare no response: the mock has none to answer with and answers 501",
    "ST103 Undocumented status code" on ["GET /things", "POST /things"]
        because "the same 501",
]);
mock_test!(pagination, "fixtures/pagination.yaml", [
    "ST103 Undocumented status code" on ["GET /events"] because "the 400 below",
    "ST202 Schema-valid request rejected" on ["GET /events"]
        because "an integer without a format is an i64: a larger one is refused with 400",
]);
// real_world's mock compiles (see `apiforge_tests::mocks`); schemathesis
// cannot read its schemas (a `not`, definitions nested in a property).
mock_test!(schemas, "fixtures/schemas.yaml", []);
mock_test!(serving, "fixtures/serving.yaml", [
    "ST201 Schema-violating request accepted" on ["PATCH /flags/{name}", "POST /tokens"]
        because "in a form, a string where a list is expected is a list of one (`labels=AAA`): the two are the same text",
]);
mock_test!(split, "fixtures/split.yaml", []);
mock_test!(swagger2, "fixtures/swagger2.yaml", [
    "ST103 Undocumented status code" on ["GET /pets"]
        because "the 400 below",
    "ST104 Missing Content-Type header" on ["POST /login"]
        because "schemathesis gives the 204 of a Swagger 2.0 spec the document's `produces`; it has no body",
    "ST201 Schema-violating request accepted" on ["POST /pets/{petId}/photo"]
        because "a multipart part of a string schema is text: schemathesis's array for `caption` is the text `[...]`, a string",
    "ST202 Schema-valid request rejected" on ["GET /pets"]
        because "an integer without a format is an i64: a larger one is refused with 400",
]);
mock_test!(typed_values, "fixtures/typed_values.yaml", []);
mock_test!(unions, "fixtures/unions.yaml", []);

/// The mock remembers what it deleted: a resource is not found there and
/// below once deleted, until a `PUT` or `POST` of it creates it again.
#[tokio::test]
async fn a_deleted_resource_is_not_found_until_created_again() {
    let base_url = serve(mocks::serving::server::router(mocks::serving::mock::Mock::default())).await;
    let http = support::raw_client();
    let send = |method: Method, path: &str| {
        let request = http.request(method, format!("{base_url}{path}")).header("X-Api-Key", "k");
        async move { request.body("a note").send().await.expect("the mock answers").status().as_u16() }
    };
    assert_eq!(send(Method::GET, "/tokens/7").await, 200);
    assert_eq!(send(Method::DELETE, "/tokens/7").await, 204);
    assert_eq!(send(Method::GET, "/tokens/7").await, 404);
    assert_eq!(send(Method::DELETE, "/tokens/7").await, 404);
    assert_eq!(send(Method::GET, "/tokens/8").await, 200, "another token is still there");
    assert_eq!(send(Method::PUT, "/tokens/7/note").await, 204, "a PUT may create what it names");
    assert_eq!(send(Method::GET, "/tokens/7").await, 404, "and nothing above it");
}
