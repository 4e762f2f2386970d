//! A scripted HTTP server on 127.0.0.1: it records each request exactly as
//! received and answers with the next scripted reply.

#![allow(dead_code)]

pub mod contract;

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use axum::body::{to_bytes, Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};

#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    /// The request target as sent (path and query, still encoded).
    pub target: String,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Recorded {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

#[derive(Default)]
struct Script {
    replies: VecDeque<(u16, &'static str, String)>,
    recorded: Vec<Recorded>,
}

#[derive(Clone)]
pub struct Mock {
    pub base_url: String,
    script: Arc<Mutex<Script>>,
}

impl Mock {
    pub async fn start() -> Mock {
        let script = Arc::new(Mutex::new(Script::default()));
        let app = axum::Router::new().fallback(answer).with_state(script.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind loopback");
        let base_url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await.expect("mock server runs") });
        Mock { base_url, script }
    }

    /// Queues a reply: status, content type, body.
    pub fn reply(&self, status: u16, content_type: &'static str, body: impl Into<String>) {
        self.script.lock().unwrap().replies.push_back((status, content_type, body.into()));
    }

    pub fn reply_json(&self, status: u16, body: serde_json::Value) {
        self.reply(status, "application/json", body.to_string());
    }

    /// Every request received so far.
    pub fn requests(&self) -> Vec<Recorded> {
        self.script.lock().unwrap().recorded.clone()
    }

    pub fn only_request(&self) -> Recorded {
        let requests = self.requests();
        assert_eq!(requests.len(), 1, "{requests:#?}");
        requests.into_iter().next().unwrap()
    }
}

async fn answer(State(script): State<Arc<Mutex<Script>>>, request: Request) -> Response {
    let (parts, body) = request.into_parts();
    let body = to_bytes(body, 1 << 20).await.unwrap_or_default();
    let mut script = script.lock().unwrap();
    script.recorded.push(Recorded {
        method: parts.method.to_string(),
        target: parts.uri.path_and_query().map(|p| p.to_string()).unwrap_or_default(),
        headers: parts.headers,
        body,
    });
    match script.replies.pop_front() {
        Some((status, content_type, body)) => {
            let status = StatusCode::from_u16(status).unwrap();
            (status, [("content-type", content_type)], Body::from(body)).into_response()
        }
        None => (StatusCode::IM_A_TEAPOT, "no reply scripted").into_response(),
    }
}

/// Serves `router` on an ephemeral loopback port; returns its base URL.
pub async fn serve(router: axum::Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind loopback");
    let base_url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, router).await.expect("server runs") });
    base_url
}

/// A plain HTTP client for raw requests that a generated client would refuse to send.
pub fn raw_client() -> apiforge_runtime::client::reqwest::Client {
    apiforge_runtime::client::reqwest::Client::new()
}

/// Status and JSON body of a raw response.
pub async fn status_and_json(response: apiforge_runtime::client::reqwest::Response) -> (u16, serde_json::Value) {
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    let body = serde_json::from_str(&text).unwrap_or_else(|_| serde_json::Value::String(text));
    (status, body)
}

/// The rule a request broke, for a call the client must refuse before sending.
pub fn refused<T: std::fmt::Debug, E: std::fmt::Debug>(
    result: Result<T, apiforge_runtime::client::Error<E>>,
) -> apiforge_runtime::validate::ValidationError {
    match result {
        Err(apiforge_runtime::client::Error::InvalidRequest(error)) => error,
        other => panic!("expected a request refused before sending, got {other:?}"),
    }
}
