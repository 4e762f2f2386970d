//! Paginated operations as streams, against servers on loopback in each
//! style apiforge detects (tests/fixtures/pagination.yaml): the next page is
//! asked for only when needed, the last page ends the stream, and a server
//! that would loop or send the client elsewhere does not get followed.

mod support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use apiforge_runtime::client::Error;
use apiforge_tests::pagination::Client;
use axum::extract::Query;
use axum::http::HeaderMap;
use axum::response::IntoResponse;
use futures_util::{StreamExt, TryStreamExt};
use serde_json::{json, Value};

type Params = Query<std::collections::HashMap<String, String>>;

/// Items named by their ids.
fn named(ids: &[&str]) -> Value {
    ids.iter().map(|id| json!({"id": id, "name": id.to_uppercase()})).collect()
}

/// A router counting the requests it serves.
async fn serve(router: axum::Router<()>, calls: &Arc<AtomicUsize>) -> Client {
    let calls = calls.clone();
    let counted = router.layer(axum::middleware::map_request(move |request: axum::extract::Request| {
        calls.fetch_add(1, Ordering::SeqCst);
        async move { request }
    }));
    Client::new(&support::serve(counted).await).unwrap()
}

fn ids(items: &[apiforge_tests::pagination::types::Named]) -> Vec<&str> {
    items.iter().map(|item| item.id.as_str()).collect()
}

#[tokio::test]
async fn link_headers_are_followed_to_the_last_page() {
    let calls = Arc::new(AtomicUsize::new(0));
    let repos = |Query(query): Params, headers: HeaderMap| async move {
        let host = headers.get("host").and_then(|h| h.to_str().ok()).unwrap_or_default().to_string();
        let page: usize = query.get("page").and_then(|p| p.parse().ok()).unwrap_or(1);
        let link = |page: usize, rel: &str| format!("<http://{host}/repos?page={page}&per_page=2>; rel=\"{rel}\"");
        let mut links = vec![link(3, "last")];
        if page < 3 {
            links.insert(0, link(page + 1, "next"));
        }
        let body = [named(&["a", "b"]), named(&["c", "d"]), named(&["e"])][page - 1].clone();
        ([("link", links.join(", "))], axum::Json(body))
    };
    let client = serve(axum::Router::new().route("/repos", axum::routing::get(repos)), &calls).await;
    let items: Vec<_> = client.list_repos().per_page(2).items().try_collect().await.unwrap();
    assert_eq!(ids(&items), ["a", "b", "c", "d", "e"]);
    assert_eq!(calls.load(Ordering::SeqCst), 3);
    // Only what is polled is asked for.
    let calls = Arc::new(AtomicUsize::new(0));
    let client = serve(axum::Router::new().route("/repos", axum::routing::get(repos)), &calls).await;
    let first: Vec<_> = client.list_repos().items().take(2).try_collect().await.unwrap();
    assert_eq!(ids(&first), ["a", "b"]);
    assert_eq!(calls.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_link_to_another_origin_is_not_followed() {
    let calls = Arc::new(AtomicUsize::new(0));
    let repos = || async {
        ([("link", "<http://127.0.0.2:9/repos?page=2>; rel=\"next\"")], axum::Json(named(&["a"]))).into_response()
    };
    let client = serve(axum::Router::new().route("/repos", axum::routing::get(repos)), &calls).await;
    let pages: Vec<_> = client.list_repos().pages().collect().await;
    assert_eq!(pages.len(), 1);
    assert_eq!(calls.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn headers_of_the_same_fields_are_one_type() {
    use apiforge_tests::pagination::client::ListStarredResponse;
    use apiforge_tests::pagination::types::ListRepos200Headers;
    let starred =
        || async { ([("link", "<http://elsewhere/starred?page=2>; rel=\"next\"")], axum::Json(named(&["a"]))) };
    let calls = Arc::new(AtomicUsize::new(0));
    let client = serve(axum::Router::new().route("/starred", axum::routing::get(starred)), &calls).await;
    let ListStarredResponse::Ok { body, headers } = client.list_starred().send().await.unwrap() else {
        panic!("not modified")
    };
    assert_eq!(ids(&body), ["a"]);
    let headers: ListRepos200Headers = headers;
    assert_eq!(headers.link.as_deref(), Some("<http://elsewhere/starred?page=2>; rel=\"next\""));
}

#[tokio::test]
async fn nested_cursors_are_sent_back_until_empty_and_a_repeat_stops() {
    let calls = Arc::new(AtomicUsize::new(0));
    let channels = |Query(query): Params| async move {
        let (items, next) = match query.get("cursor").map(String::as_str) {
            None => (named(&["a", "b"]), "c2"),
            Some("c2") => (named(&["c"]), "c3"),
            Some(_) => (named(&[]), ""),
        };
        axum::Json(json!({"ok": true, "channels": items, "response_metadata": {"next_cursor": next}}))
    };
    let client = serve(axum::Router::new().route("/channels", axum::routing::get(channels)), &calls).await;
    let items: Vec<_> = client.list_channels().limit(2).items().try_collect().await.unwrap();
    assert_eq!(ids(&items), ["a", "b", "c"]);
    assert_eq!(calls.load(Ordering::SeqCst), 3, "the empty last page is read, and ends the pages");

    let calls = Arc::new(AtomicUsize::new(0));
    let stuck = || async {
        axum::Json(json!({"ok": true, "channels": named(&["a"]), "response_metadata": {"next_cursor": "same"}}))
    };
    let client = serve(axum::Router::new().route("/channels", axum::routing::get(stuck)), &calls).await;
    let pages: Vec<_> = client.list_channels().pages().try_collect().await.unwrap();
    assert_eq!(pages.len(), 2, "the cursor sent once comes back: no third request");
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn has_more_pages_start_after_the_last_id() {
    let calls = Arc::new(AtomicUsize::new(0));
    let customers = |Query(query): Params| async move {
        let (items, more) = match query.get("starting_after").map(String::as_str) {
            None => (named(&["a", "b"]), true),
            Some("b") => (named(&["c"]), false),
            Some(other) => panic!("started after {other}"),
        };
        axum::Json(json!({"object": "list", "data": items, "has_more": more}))
    };
    let client = serve(axum::Router::new().route("/customers", axum::routing::get(customers)), &calls).await;
    let items: Vec<_> = client.list_customers().items().try_collect().await.unwrap();
    assert_eq!(ids(&items), ["a", "b", "c"]);
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn numbered_pages_count_up_from_the_first_until_one_is_empty() {
    let calls = Arc::new(AtomicUsize::new(0));
    let events = |Query(query): Params| async move {
        let results = match query.get("page").map(String::as_str) {
            None | Some("1") => named(&["a", "b"]),
            Some("2") => named(&["c"]),
            Some(_) => named(&[]),
        };
        axum::Json(json!({ "results": results }))
    };
    let client = serve(axum::Router::new().route("/events", axum::routing::get(events)), &calls).await;
    let items: Vec<_> = client.list_events().items().try_collect().await.unwrap();
    assert_eq!(ids(&items), ["a", "b", "c"]);
    assert_eq!(calls.load(Ordering::SeqCst), 3);
    let calls = Arc::new(AtomicUsize::new(0));
    let client = serve(axum::Router::new().route("/events", axum::routing::get(events)), &calls).await;
    let from_two: Vec<_> = client.list_events().page(2).items().try_collect().await.unwrap();
    assert_eq!(ids(&from_two), ["c"]);
}

#[tokio::test]
async fn items_the_schema_lets_be_null_are_options() {
    let calls = Arc::new(AtomicUsize::new(0));
    let members = |Query(query): Params| async move {
        let members = match query.get("page").map(String::as_str) {
            None | Some("1") => json!([{"id": "a", "name": "a"}, null]),
            Some(_) => json!([]),
        };
        axum::Json(json!({ "members": members }))
    };
    let client = serve(axum::Router::new().route("/members", axum::routing::get(members)), &calls).await;
    let items: Vec<_> = client.list_members().items().try_collect().await.unwrap();
    assert_eq!(items.iter().map(|item| item.as_ref().map(|m| m.id.as_str())).collect::<Vec<_>>(), [Some("a"), None]);
}

#[tokio::test]
async fn a_page_the_schema_lets_be_null_has_no_items_and_ends_the_pages() {
    let calls = Arc::new(AtomicUsize::new(0));
    let products = |Query(query): Params| async move {
        match query.get("page").map(String::as_str) {
            None | Some("1") => axum::Json(json!({ "products": named(&["a", "b"]) })),
            Some("2") => axum::Json(json!({})),
            Some(_) => axum::Json(Value::Null),
        }
    };
    let prices = |Query(query): Params| async move {
        match query.get("page").map(String::as_str) {
            None | Some("1") => axum::Json(json!([1, 2])),
            Some(_) => axum::Json(Value::Null),
        }
    };
    let router = axum::Router::new()
        .route("/products", axum::routing::get(products))
        .route("/prices", axum::routing::get(prices));
    let client = serve(router, &calls).await;
    let items: Vec<_> = client.list_products().items().try_collect().await.unwrap();
    assert_eq!(ids(&items), ["a", "b"]);
    let prices: Vec<i64> = client.list_prices().items().try_collect().await.unwrap();
    assert_eq!(prices, [1, 2]);
    assert_eq!(calls.load(Ordering::SeqCst), 4);
}

#[tokio::test]
async fn a_declared_cursor_is_followed_and_an_error_ends_the_stream() {
    let calls = Arc::new(AtomicUsize::new(0));
    let logs = |Query(query): Params| async move {
        match query.get("after").map(String::as_str) {
            None => axum::Json(json!({"entries": ["one", "two"], "paging": {"after_token": "t2"}})).into_response(),
            Some(_) => (axum::http::StatusCode::INTERNAL_SERVER_ERROR, "down").into_response(),
        }
    };
    let client = serve(axum::Router::new().route("/logs", axum::routing::get(logs)), &calls).await;
    let items: Vec<_> = client.list_logs().items().collect().await;
    assert_eq!(items.len(), 3);
    assert_eq!(items[0].as_ref().unwrap(), "one");
    assert!(matches!(items[2], Err(Error::UnexpectedStatus { status: 500, .. })), "{:?}", items[2]);
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}
