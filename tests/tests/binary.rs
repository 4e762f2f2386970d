//! Binary bodies as streams (tests/fixtures/events.yaml): the generated
//! server streams a download that the generated client reads as it
//! arrives, the client uploads from a stream, and a streamed body is sent
//! once: never retried, never sent again through a clone.

mod support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use apiforge_runtime::client::{Error, RequestOptions};
use apiforge_runtime::Binary;
use apiforge_tests::archive::{sevens, Archive, CHUNK};
use apiforge_tests::events::client::{DownloadArchiveError, UploadArchiveError};
use apiforge_tests::events::server::router;
use apiforge_tests::events::types::Stored;
use apiforge_tests::events::Client;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use futures_util::{StreamExt, TryStreamExt};

/// 100 MiB in all.
const CHUNKS: usize = 1600;

/// A server that reads an upload chunk by chunk and answers its size.
async fn counting_server() -> String {
    let count = |body: axum::body::Body| async move {
        let mut chunks = body.into_data_stream();
        let mut size = 0;
        while let Some(chunk) = chunks.next().await {
            size += chunk.expect("the upload arrives whole").len();
        }
        (StatusCode::CREATED, axum::Json(Stored { size: size as i64 }))
    };
    support::serve(axum::Router::new().route("/archive", axum::routing::put(count))).await
}

#[tokio::test]
async fn a_100_mib_download_streams_from_the_generated_server_to_the_generated_client() {
    let base = support::serve(router(Archive { chunks: CHUNKS })).await;
    let client = Client::new(&base).unwrap();
    let mut body = client.download_archive().send_stream().await.unwrap();
    let (mut total, mut largest) = (0, 0);
    while let Some(chunk) = body.try_next().await.unwrap() {
        assert!(chunk.iter().all(|byte| *byte == 7));
        total += chunk.len();
        largest = largest.max(chunk.len());
    }
    assert_eq!(total, CHUNK * CHUNKS);
    assert!(largest <= 1 << 20, "chunks arrive as sent, never the whole body: {largest}");
    match client.download_archive().send().await {
        Err(Error::ResponseTooLarge { status: 200, .. }) => {}
        other => panic!("{:?}", other.map(|bytes| bytes.len())),
    }
}

#[tokio::test]
async fn a_streamed_download_reads_an_error_status_whole() {
    let missing =
        || async { (axum::http::StatusCode::NOT_FOUND, axum::Json(serde_json::json!({"message": "not yet"}))) };
    let base = support::serve(axum::Router::new().route("/archive", axum::routing::get(missing))).await;
    match Client::new(&base).unwrap().download_archive().send_stream().await {
        Err(Error::Api(DownloadArchiveError::NotFound(p))) => assert_eq!(p.message, "not yet"),
        other => panic!("{:?}", other.map(|_| "a stream")),
    }
}

#[tokio::test]
async fn an_upload_from_a_stream_reaches_the_generated_server() {
    let base = support::serve(router(Archive { chunks: CHUNKS })).await;
    let client = Client::new(&base).unwrap();
    let stored = client.upload_archive(Binary::from_stream(sevens(4))).send().await.unwrap();
    assert_eq!(stored.size, 4 * CHUNK as i64);
    let stored = client.upload_archive(b"abc".to_vec()).send().await.unwrap();
    assert_eq!(stored.size, 3);
}

#[tokio::test]
async fn a_100_mib_download_is_uploaded_elsewhere_as_it_arrives() {
    let archive = Client::new(&support::serve(router(Archive { chunks: CHUNKS })).await).unwrap();
    let store = Client::new(&counting_server().await).unwrap();
    let download = archive.download_archive().send_stream().await.unwrap();
    let stored = store.upload_archive(download).send().await.unwrap();
    assert_eq!(stored.size, (CHUNK * CHUNKS) as i64);
}

#[tokio::test]
async fn a_streamed_upload_is_sent_once_where_bytes_are_retried() {
    let calls = Arc::new(AtomicUsize::new(0));
    let seen = calls.clone();
    // Busy on every other call.
    let busy_every_other = move |body: axum::body::Body| {
        let seen = seen.clone();
        async move {
            let size = axum::body::to_bytes(body, usize::MAX).await.unwrap().len();
            if seen.fetch_add(1, Ordering::SeqCst).is_multiple_of(2) {
                StatusCode::SERVICE_UNAVAILABLE.into_response()
            } else {
                (StatusCode::CREATED, axum::Json(Stored { size: size as i64 })).into_response()
            }
        }
    };
    let base = support::serve(axum::Router::new().route("/archive", axum::routing::put(busy_every_other))).await;
    let client = Client::new(&base).unwrap().with_retries(2);
    let stored = client.upload_archive(b"abc".to_vec()).send().await.unwrap();
    assert_eq!((stored.size, calls.load(Ordering::SeqCst)), (3, 2), "bytes are sent again after a 503");
    match client.upload_archive(Binary::from_stream(sevens(1))).retry(true).send().await {
        Err(Error::Api(UploadArchiveError::ServiceUnavailable)) => {}
        other => panic!("{other:?}"),
    }
    assert_eq!(calls.load(Ordering::SeqCst), 3, "a stream is sent once and its answer returned");
}

#[tokio::test]
async fn a_stream_shared_by_clones_is_sent_once() {
    let client = Client::new(&counting_server().await).unwrap();
    let body = Binary::from_stream(sevens(2));
    assert_eq!(client.upload_archive(body.clone()).send().await.unwrap().size, 2 * CHUNK as i64);
    match client.upload_archive(body).send().await {
        Err(Error::InvalidRequest(error)) => assert_eq!(error.name, "body"),
        other => panic!("{other:?}"),
    }
}
