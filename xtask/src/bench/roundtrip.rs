//! Requests per second over loopback: the generated vercel client calling
//! the generated vercel server, against a hand-written axum handler for the
//! same route doing the same work (path parameter, bearer check, JSON
//! answer) called with plain reqwest. Same runtime, same concurrency.

use std::future::Future;
use std::pin::Pin;
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

/// Requests per second, one figure per round, for each pairing of client
/// and server: `rounds[client][server]`, 0 generated, 1 hand-written.
pub struct Throughput {
    pub rounds: [[Vec<f64>; 2]; 2],
}

pub const SIDES: [&str; 2] = ["generated", "hand-written"];

/// One request to the server at a base URL, checked.
type Call = Arc<dyn Fn(usize) -> Pin<Box<dyn Future<Output = Result<(), String>> + Send>> + Send + Sync>;

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
async fn drive(requests: usize, concurrency: usize, call: &Call) -> Result<f64, String> {
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

fn generated_client(base: &str) -> Result<Call, String> {
    let client = vercel_api::Client::new(base).map_err(|e| e.to_string())?.with_bearer_token(TOKEN);
    Ok(Arc::new(move |i| {
        let client = client.clone();
        Box::pin(async move {
            expect_id(client.delete_auth_token(format!("tok_{i}")).send().await.map_err(|e| e.to_string())?, i)
        })
    }))
}

fn hand_written_client(base: &str) -> Call {
    let (http, base) = (reqwest::Client::new(), base.to_string());
    Arc::new(move |i| {
        let (http, url) = (http.clone(), format!("{base}/v3/user/tokens/tok_{i}"));
        Box::pin(async move {
            let response = http.delete(url).bearer_auth(TOKEN).send().await.map_err(|e| e.to_string())?;
            let body =
                response.error_for_status().map_err(|e| e.to_string())?.json().await.map_err(|e| e.to_string())?;
            expect_id(body, i)
        })
    })
}

/// Each client against each server: `rounds` short rounds of
/// `requests / rounds` calls, the four pairings taken in turn (starting
/// with a different one each round, forwards and backwards in turn) so
/// that a change of load on the machine falls on all of them, after a
/// warm-up round.
pub fn measure(requests: usize, concurrency: usize, rounds: usize) -> Result<Throughput, String> {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().map_err(|e| e.to_string())?;
    runtime.block_on(async {
        let hand_written_server =
            axum::Router::new().route("/v3/user/tokens/{id}", axum::routing::delete(hand_written_handler));
        let bases = [serve(vercel_api::server::router(Tokens)).await?, serve(hand_written_server).await?];
        let mut pairings = Vec::new();
        for (server, base) in bases.iter().enumerate() {
            pairings.push((0, server, generated_client(base)?));
            pairings.push((1, server, hand_written_client(base)));
        }
        let per_round = (requests / rounds.max(1)).max(1);
        let mut throughput = Throughput { rounds: Default::default() };
        for round in 0..=rounds {
            for k in 0..pairings.len() {
                // Rotated, and reversed every other round: with rotation
                // alone each pairing would always follow the same one.
                let step = if round % 2 == 0 { k } else { pairings.len() - 1 - k };
                let (client, server, call) = &pairings[(step + round / 2) % pairings.len()];
                let rps = drive(per_round, concurrency, call).await?;
                if round > 0 {
                    throughput.rounds[*client][*server].push(rps);
                }
            }
        }
        Ok(throughput)
    })
}
