//! No credential reaches `Debug` output of a server request, whatever the
//! kind of security scheme carries it (fixture `credentials.yaml`).

mod support;

use std::sync::{Arc, Mutex};

use apiforge_tests::credentials::server::*;
use apiforge_tests::credentials::Client;
use support::serve;

/// Each request's `Debug` text, as a handler would log it.
#[derive(Clone, Default)]
struct Logged(Arc<Mutex<Vec<String>>>);

impl Logged {
    fn log(&self, request: &dyn std::fmt::Debug) {
        self.0.lock().unwrap().push(format!("{request:?}"));
    }
}

impl Api for Logged {
    async fn bearer_only(&self, request: BearerOnlyRequest) -> BearerOnlyResponse {
        self.log(&request);
        BearerOnlyResponse::NoContent
    }
    async fn basic_only(&self, request: BasicOnlyRequest) -> BasicOnlyResponse {
        self.log(&request);
        BasicOnlyResponse::NoContent
    }
    async fn header_key_only(&self, request: HeaderKeyOnlyRequest) -> HeaderKeyOnlyResponse {
        self.log(&request);
        HeaderKeyOnlyResponse::NoContent
    }
    async fn cookie_key_only(&self, request: CookieKeyOnlyRequest) -> CookieKeyOnlyResponse {
        self.log(&request);
        CookieKeyOnlyResponse::NoContent
    }
    async fn query_key_only(&self, request: QueryKeyOnlyRequest) -> QueryKeyOnlyResponse {
        self.log(&request);
        QueryKeyOnlyResponse::NoContent
    }
    async fn bearer_or_basic(&self, request: BearerOrBasicRequest) -> BearerOrBasicResponse {
        self.log(&request);
        BearerOrBasicResponse::NoContent
    }
}

#[tokio::test]
async fn debug_of_a_request_never_shows_its_credential() {
    let logged = Logged::default();
    let base = serve(router(logged.clone())).await;
    let client = Client::new(&base)
        .unwrap()
        .with_bearer("s3cr3t-bearer")
        .with_basic("ada", "s3cr3t-basic")
        .with_header_key("s3cr3t-header")
        .with_cookie_key("s3cr3t-cookie")
        .with_query_key("s3cr3t-query");
    client.bearer_only().send().await.unwrap();
    client.basic_only().send().await.unwrap();
    client.header_key_only().send().await.unwrap();
    client.cookie_key_only().theme("dark").send().await.unwrap();
    client.query_key_only("n1").page(2).send().await.unwrap();

    let logged = logged.0.lock().unwrap();
    assert_eq!(logged.len(), 5);
    // Basic credentials travel base64-encoded: `ada:s3cr3t-basic`.
    let encoded_basic = "YWRhOnMzY3IzdC1iYXNpYw";
    for text in logged.iter() {
        assert!(!text.contains("s3cr3t") && !text.contains(encoded_basic), "a credential is printed: {text}");
        assert!(text.contains("Sensitive"), "the credential's place is marked: {text}");
    }
    // What is not a credential still prints.
    assert!(logged[4].contains("page=2") && logged[4].contains("\"n1\""), "{}", logged[4]);
}

#[tokio::test]
async fn either_alternative_is_accepted_where_an_operation_takes_both() {
    let base = serve(router(Logged::default())).await;
    let with_bearer = Client::new(&base).unwrap().with_bearer("t");
    with_bearer.bearer_or_basic().send().await.expect("a bearer token is one alternative");
    let with_basic = Client::new(&base).unwrap().with_basic("ada", "pw");
    with_basic.bearer_or_basic().send().await.expect("basic credentials are the other");

    let refused = apiforge_runtime::client::reqwest::get(format!("{base}/either")).await.unwrap();
    assert_eq!(refused.status(), 401);
    let message = refused.text().await.unwrap();
    assert!(message.contains("`Authorization: Bearer <token>` or `Authorization: Basic <credentials>`"), "{message}");
}
