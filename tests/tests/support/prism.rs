//! Stoplight Prism's mock of a spec (`@stoplight/prism-cli`, pinned in
//! `tests/contract/package.json`): it checks every request against the spec
//! and answers with a response drawn from its schema. A generated client is
//! called through [`Violations`], which keeps what Prism found wrong with
//! each request (its `sl-violations` header).

use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A Prism mock, stopped when dropped.
pub struct Prism {
    child: Child,
    pub base_url: String,
}

impl Prism {
    /// Starts Prism on `spec`, answering with values drawn with seed 1, on
    /// a free port of 127.0.0.1; returns once it accepts connections.
    pub fn start(spec: &Path) -> Prism {
        let port = std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a free port").port();
        let child = Command::new(binary())
            .args(["mock", "--dynamic", "--seed", "1", "--verboseLevel", "error", "--port", &port.to_string()])
            .arg(spec)
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap_or_else(|e| panic!("starting Prism ({e}): run `npm ci --prefix tests/contract`"));
        let mut prism = Prism { child, base_url: format!("http://127.0.0.1:{port}") };
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if let Ok(Some(status)) = prism.child.try_wait() {
                panic!("Prism stopped ({status}) before serving {}", spec.display());
            }
            assert!(started.elapsed() < Duration::from_secs(120), "Prism did not start on {}", spec.display());
            std::thread::sleep(Duration::from_millis(100));
        }
        prism
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn binary() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("contract/node_modules/.bin/prism")
}

/// What Prism made of one request: the violations it found in the request
/// and in its own answer (its `sl-violations` header), and the type of the
/// error it answered with instead of a mock response, if it did
/// (`UNPROCESSABLE_ENTITY`, `NO_PATH_MATCHED_ERROR`).
#[derive(Debug, Default)]
pub struct Observed {
    pub request_violations: Vec<String>,
    pub answer_violations: Vec<String>,
    pub error: Option<String>,
}

/// A middleware keeping what Prism made of each request since the last
/// [`Observations::take`].
#[derive(Clone, Default)]
pub struct Observations(Arc<Mutex<Observed>>);

impl Observations {
    pub fn take(&self) -> Observed {
        std::mem::take(&mut self.0.lock().expect("not poisoned"))
    }

    fn record(&self, violations: &[u8]) {
        let violations: Vec<serde_json::Value> = serde_json::from_slice(violations).unwrap_or_default();
        let mut observed = self.0.lock().expect("not poisoned");
        for violation in violations {
            let message = violation["message"].as_str().unwrap_or_default().to_string();
            match violation["location"][0].as_str() {
                Some("request") => observed.request_violations.push(message),
                _ => observed.answer_violations.push(message),
            }
        }
    }
}

/// Where Prism names the errors it answers with.
const PRISM_ERRORS: &str = "https://stoplight.io/prism/errors#";

#[async_trait::async_trait]
impl reqwest_middleware::Middleware for Observations {
    async fn handle(
        &self,
        request: apiforge_runtime::client::reqwest::Request,
        extensions: &mut axum::http::Extensions,
        next: reqwest_middleware::Next<'_>,
    ) -> reqwest_middleware::Result<apiforge_runtime::client::reqwest::Response> {
        let response = next.run(request, extensions).await?;
        if let Some(violations) = response.headers().get("sl-violations") {
            self.record(violations.as_bytes());
        }
        let problem =
            response.headers().get("content-type").is_some_and(|t| t.as_bytes() == b"application/problem+json");
        if !problem {
            return Ok(response);
        }
        // Prism's own error: its type is kept, and the response passed on
        // as it came.
        let (status, headers) = (response.status(), response.headers().clone());
        let body = response.bytes().await?;
        let problem: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
        if let Some(error) = problem["type"].as_str().and_then(|t| t.strip_prefix(PRISM_ERRORS)) {
            self.0.lock().expect("not poisoned").error = Some(error.to_string());
        }
        let mut rebuilt = axum::http::Response::new(body);
        *rebuilt.status_mut() = status;
        *rebuilt.headers_mut() = headers;
        Ok(rebuilt.into())
    }
}
