//! Requests per second over loopback: the generated vercel client calling
//! the generated vercel server, against a hand-written axum handler for the
//! same route doing the same work (path parameter, bearer check, JSON
//! answer) called with plain reqwest. Same runtime, same concurrency.

use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use apiforge_runtime::client::reqwest;
use apiforge_runtime::server::axum;
use axum::extract::Path;
use axum::http::{header::AUTHORIZATION, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use vercel_api::server::{Api, DeleteAuthTokenRequest, DeleteAuthTokenResponse};
use vercel_api::types::DeleteAuthToken200;

const TOKEN: &str = "bench-secret";

/// Requests per second of each side, one figure per round.
pub struct Throughput {
    pub generated: Vec<f64>,
    pub hand_written: Vec<f64>,
}

struct Tokens;

impl Api for Tokens {
    async fn delete_auth_token(&self, req: DeleteAuthTokenRequest) -> DeleteAuthTokenResponse {
        DeleteAuthTokenResponse::Ok(DeleteAuthToken200 { token_id: req.token_id })
    }
}

async fn hand_written_handler(Path(token_id): Path<String>, headers: HeaderMap) -> Response {
    let bearer = headers.get(AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer "));
    match bearer {
        Some(token) if !token.is_empty() => axum::Json(DeleteAuthToken200 { token_id }).into_response(),
        _ => StatusCode::UNAUTHORIZED.into_response(),
    }
}

async fn serve(app: axum::Router) -> Result<String, String> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.map_err(|e| format!("bind loopback: {e}"))?;
    let base = format!("http://{}", listener.local_addr().map_err(|e| e.to_string())?);
    tokio::spawn(async move { axum::serve(listener, app).await });
    Ok(base)
}

/// Sends `requests` calls from `concurrency` tasks; returns requests per second.
async fn drive<F, Fut>(requests: usize, concurrency: usize, call: F) -> Result<f64, String>
where
    F: Fn(usize) -> Fut + Clone + Send + 'static,
    Fut: Future<Output = Result<(), String>> + Send,
{
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let tasks: Vec<_> = (0..concurrency)
        .map(|_| {
            let (next, call) = (next.clone(), call.clone());
            tokio::spawn(async move {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= requests {
                        return Ok::<(), String>(());
                    }
                    call(i).await?;
                }
            })
        })
        .collect();
    for task in tasks {
        task.await.map_err(|e| e.to_string())??;
    }
    Ok(requests as f64 / started.elapsed().max(Duration::from_nanos(1)).as_secs_f64())
}

fn expect_id(body: DeleteAuthToken200, i: usize) -> Result<(), String> {
    (body.token_id == format!("tok_{i}")).then_some(()).ok_or_else(|| format!("wrong answer: {}", body.token_id))
}

/// `rounds` alternating rounds of each side after a warm-up of each.
pub fn measure(requests: usize, concurrency: usize, rounds: usize) -> Result<Throughput, String> {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().map_err(|e| e.to_string())?;
    runtime.block_on(async {
        let generated_base = serve(vercel_api::server::router(Tokens)).await?;
        let hand_base = serve(axum::Router::new().route("/v3/user/tokens/{id}", axum::routing::delete(hand_written_handler))).await?;
        let client = vercel_api::Client::new(&generated_base).map_err(|e| e.to_string())?.with_bearer_token(TOKEN);
        let generated = move |i: usize| {
            let client = client.clone();
            async move { expect_id(client.delete_auth_token(format!("tok_{i}")).send().await.map_err(|e| e.to_string())?, i) }
        };
        let http = reqwest::Client::new();
        let hand_written = move |i: usize| {
            let (http, url) = (http.clone(), format!("{hand_base}/v3/user/tokens/tok_{i}"));
            async move {
                let response = http.delete(url).bearer_auth(TOKEN).send().await.map_err(|e| e.to_string())?;
                let body = response.error_for_status().map_err(|e| e.to_string())?.json().await.map_err(|e| e.to_string())?;
                expect_id(body, i)
            }
        };
        let warm_up = (requests / 10).max(1);
        drive(warm_up, concurrency, generated.clone()).await?;
        drive(warm_up, concurrency, hand_written.clone()).await?;
        let mut throughput = Throughput { generated: Vec::new(), hand_written: Vec::new() };
        for _ in 0..rounds {
            throughput.generated.push(drive(requests, concurrency, generated.clone()).await?);
            throughput.hand_written.push(drive(requests, concurrency, hand_written.clone()).await?);
        }
        Ok(throughput)
    })
}
