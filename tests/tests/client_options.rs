//! What every generated client offers beside the spec: retries, a timeout
//! per request, and middleware, against servers on loopback that fail the
//! way real ones do.

mod support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use apiforge_runtime::client::Error;
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use vercel_api::client::RequestOptions;

/// A server answering `failures` times with `status` (and `Retry-After`
/// when given), then 200 with the body each seed's operation declares
/// (Vercel's token id, Infisical's message); it counts the requests it gets.
struct Flaky {
    base_url: String,
    calls: Arc<AtomicUsize>,
}

async fn flaky(failures: usize, status: u16, retry_after: Option<&'static str>) -> Flaky {
    let calls = Arc::new(AtomicUsize::new(0));
    let counted = calls.clone();
    let answer = move |request: axum::extract::Request| {
        let call = counted.fetch_add(1, Ordering::SeqCst);
        let status = StatusCode::from_u16(status).unwrap();
        async move {
            if call < failures {
                let mut headers = HeaderMap::new();
                if let Some(after) = retry_after {
                    headers.insert("retry-after", after.parse().unwrap());
                }
                return (status, headers, "try again").into_response();
            }
            let ok = match request.method().as_str() {
                "POST" => r#"{"message": "revoked"}"#,
                _ => r#"{"tokenId": "t1"}"#,
            };
            ([("content-type", "application/json")], ok).into_response()
        }
    };
    let router = axum::Router::new().fallback(answer);
    Flaky { base_url: support::serve(router).await, calls }
}

fn vercel(base_url: &str) -> vercel_api::Client {
    vercel_api::Client::new(base_url).unwrap().with_bearer_token("tok")
}

fn infisical(base_url: &str) -> infisical_api::Client {
    infisical_api::Client::new(base_url).unwrap().with_bearer_auth("tok")
}

#[tokio::test]
async fn idempotent_requests_are_retried_through_passing_failures() {
    for status in [502, 503, 504] {
        let server = flaky(2, status, None).await;
        let deleted = vercel(&server.base_url).with_retries(3).delete_auth_token("t1").send().await.unwrap();
        assert_eq!(deleted.token_id, "t1");
        assert_eq!(server.calls.load(Ordering::SeqCst), 3, "status {status}");
    }
}

#[tokio::test]
async fn retries_stop_at_the_limit_and_never_start_without_one() {
    let server = flaky(5, 503, Some("0")).await;
    match vercel(&server.base_url).with_retries(2).delete_auth_token("t1").send().await {
        Err(Error::UnexpectedStatus { status: 503, .. }) => {}
        other => panic!("{other:?}"),
    }
    assert_eq!(server.calls.load(Ordering::SeqCst), 3, "one attempt and two retries");
    let server = flaky(1, 503, None).await;
    let unretried = vercel(&server.base_url).delete_auth_token("t1").send().await.unwrap_err();
    assert_eq!(unretried.status(), Some(503));
    assert_eq!(server.calls.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn other_errors_are_not_retried() {
    for status in [500, 400] {
        let server = flaky(1, status, None).await;
        let error = vercel(&server.base_url).with_retries(3).delete_auth_token("t1").send().await.unwrap_err();
        assert_eq!(error.status(), Some(status));
        assert_eq!(server.calls.load(Ordering::SeqCst), 1, "status {status}");
    }
}

#[tokio::test]
async fn a_post_is_retried_only_when_the_request_opts_in() {
    let server = flaky(1, 503, Some("0")).await;
    let client = infisical(&server.base_url).with_retries(3);
    assert_eq!(client.revoke_token_auth_token("t1").send().await.unwrap_err().status(), Some(503));
    assert_eq!(server.calls.load(Ordering::SeqCst), 1, "POST is not idempotent");
    let server = flaky(1, 503, Some("0")).await;
    let client = infisical(&server.base_url).with_retries(3);
    client.revoke_token_auth_token("t1").retry(true).send().await.unwrap();
    assert_eq!(server.calls.load(Ordering::SeqCst), 2);
    let server = flaky(1, 503, Some("0")).await;
    let opted_out = vercel(&server.base_url).with_retries(3).delete_auth_token("t1").retry(false).send().await;
    assert_eq!(opted_out.unwrap_err().status(), Some(503));
    assert_eq!(server.calls.load(Ordering::SeqCst), 1, "opted out");
}

#[tokio::test]
async fn retry_after_is_honoured_and_a_long_one_is_returned() {
    let server = flaky(1, 429, Some("1")).await;
    let started = Instant::now();
    vercel(&server.base_url).with_retries(1).delete_auth_token("t1").send().await.unwrap();
    assert!(started.elapsed() >= Duration::from_millis(900), "waited {:?}", started.elapsed());
    let server = flaky(1, 429, Some("3600")).await;
    match vercel(&server.base_url).with_retries(3).delete_auth_token("t1").send().await {
        Err(Error::UnexpectedStatus { status: 429, .. }) => {}
        other => panic!("{other:?}"),
    }
    assert_eq!(server.calls.load(Ordering::SeqCst), 1, "an hour is not waited for");
}

#[tokio::test]
async fn connection_errors_are_transport_errors_after_the_retries() {
    // Bound and dropped: nothing listens on the port.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    match vercel(&format!("http://127.0.0.1:{port}")).with_retries(2).delete_auth_token("t1").send().await {
        Err(Error::Transport(error)) => assert!(error.is_connect(), "{error:?}"),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_request_times_out_on_its_own_timeout() {
    let slow = || async {
        tokio::time::sleep(Duration::from_secs(5)).await;
        "late"
    };
    let base_url = support::serve(axum::Router::new().fallback(slow)).await;
    let started = Instant::now();
    match vercel(&base_url).delete_auth_token("t1").timeout(Duration::from_millis(200)).send().await {
        Err(Error::Transport(error)) => assert!(error.is_timeout(), "{error:?}"),
        other => panic!("{other:?}"),
    }
    assert!(started.elapsed() < Duration::from_secs(4));
}

/// A middleware that marks each request it passes on.
struct Marker;

#[async_trait::async_trait]
impl reqwest_middleware::Middleware for Marker {
    async fn handle(
        &self,
        mut request: apiforge_runtime::client::reqwest::Request,
        extensions: &mut axum::http::Extensions,
        next: reqwest_middleware::Next<'_>,
    ) -> reqwest_middleware::Result<apiforge_runtime::client::reqwest::Response> {
        request.headers_mut().insert("x-via", "marker".parse().unwrap());
        next.run(request, extensions).await
    }
}

#[tokio::test]
async fn requests_go_through_middleware_with_their_headers_and_extras() {
    let mock = support::Mock::start().await;
    mock.reply_json(200, serde_json::json!({"tokenId": "t1"}));
    let middleware = reqwest_middleware::ClientBuilder::new(Default::default()).with(Marker).build();
    let client = vercel(&mock.base_url).with_middleware(middleware);
    let mut builder = client.delete_auth_token("t1");
    builder.request_mut().header("X-Request-Id", &"r-42");
    builder.send().await.unwrap();
    let sent = mock.only_request();
    assert_eq!(sent.header("x-via"), Some("marker"));
    assert_eq!(sent.header("authorization"), Some("Bearer tok"));
    assert_eq!(sent.header("x-request-id"), Some("r-42"));
}
