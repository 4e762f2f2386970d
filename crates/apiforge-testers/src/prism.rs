//! Stoplight Prism's mock of a spec (`@stoplight/prism-cli`, pinned in
//! `tests/contract/package.json`): it checks every request against the spec
//! and answers with a response drawn from its schema. A generated client is
//! called through [`Observations`], which keeps what Prism found wrong with
//! each request (its `sl-violations` header), and [`judge`] says what the
//! call found.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long Prism may take to read a spec and start serving.
const START_TIMEOUT: Duration = Duration::from_secs(120);

/// A Prism mock, stopped when dropped.
pub struct Prism {
    child: Child,
    pub base_url: String,
}

impl Prism {
    /// Starts `prism` (the path of its program) on `spec`, answering with
    /// values drawn with seed 1, on a free port of 127.0.0.1; returns once
    /// it answers HTTP (accepting a connection is not yet serving).
    pub fn start(prism: &Path, spec: &Path) -> Result<Prism, String> {
        let port = free_port()?;
        let child = Command::new(prism)
            .args(["mock", "--dynamic", "--seed", "1", "--verboseLevel", "error", "--port", &port.to_string()])
            .arg(spec)
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|e| format!("cannot start Prism ({e}): run `npm ci --prefix tests/contract`"))?;
        let mut prism = Prism { child, base_url: format!("http://127.0.0.1:{port}") };
        let started = Instant::now();
        while !answers_http(port) {
            if let Ok(Some(status)) = prism.child.try_wait() {
                return Err(format!("Prism stopped ({status}) before serving {}", spec.display()));
            }
            if started.elapsed() > START_TIMEOUT {
                return Err(format!("Prism did not start on {} in {START_TIMEOUT:?}", spec.display()));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Ok(prism)
    }
}

/// Whether an HTTP server on `port` of 127.0.0.1 answers a request: with
/// any status, Prism's 404 for a path its spec lacks included.
fn answers_http(port: u16) -> bool {
    let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else { return false };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let request = b"GET /apiforge-readiness HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
    let mut head = [0u8; 5];
    stream.write_all(request).is_ok() && stream.read_exact(&mut head).is_ok() && &head == b"HTTP/"
}

/// A port of 127.0.0.1 nothing listens on, below the ports systems hand
/// out themselves (from 32768 on Linux, 49152 elsewhere): a port a listener
/// on port 0 was given, or a connection's own end, could be taken again
/// before Prism binds it, and tests start Prisms side by side. A process
/// never gives the same port twice.
fn free_port() -> Result<u16, String> {
    const FIRST: u32 = 20_000;
    const COUNT: u32 = 12_000;
    static NEXT: AtomicU32 = AtomicU32::new(0);
    // Processes side by side start at different ports.
    let start = std::process::id().wrapping_mul(7919);
    for _ in 0..COUNT {
        let port = FIRST + start.wrapping_add(NEXT.fetch_add(1, Ordering::Relaxed)) % COUNT;
        let port = u16::try_from(port).map_err(|e| e.to_string())?;
        if std::net::TcpListener::bind(("127.0.0.1", port)).is_ok() {
            return Ok(port);
        }
    }
    Err(format!("no free port of 127.0.0.1 from {FIRST} to {}", FIRST + COUNT))
}

impl Drop for Prism {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
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
    /// The status and body Prism answered with.
    pub answer: Option<(u16, Vec<u8>)>,
    /// Why a request that was sent got no answer (Prism stopped).
    pub unanswered: Option<String>,
    /// Whether the request's body was a form (URL-encoded or multipart).
    pub sent_form: bool,
    /// The request's body, when it was JSON.
    pub sent_json: Option<Vec<u8>>,
}

/// A middleware keeping what Prism made of each request since the last
/// [`Observations::take`].
#[derive(Clone, Default)]
pub struct Observations(Arc<Mutex<Observed>>);

impl Observations {
    pub fn take(&self) -> Observed {
        std::mem::take(&mut self.lock())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Observed> {
        // A call that panicked left what it observed: still worth reading.
        self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn record(&self, violations: &[u8]) {
        let violations: Vec<serde_json::Value> = serde_json::from_slice(violations).unwrap_or_default();
        let mut observed = self.lock();
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
        extensions: &mut http::Extensions,
        next: reqwest_middleware::Next<'_>,
    ) -> reqwest_middleware::Result<apiforge_runtime::client::reqwest::Response> {
        let content_type = request.headers().get("content-type").map(|t| t.as_bytes());
        // A list in either kind of form is its item's key once per item.
        let form = content_type.is_some_and(|t| {
            t == b"application/x-www-form-urlencoded".as_slice() || t.starts_with(b"multipart/form-data")
        });
        let json = content_type.is_some_and(|t| t.starts_with(b"application/json"));
        let sent_json = request.body().and_then(|body| body.as_bytes()).filter(|_| json).map(<[u8]>::to_vec);
        {
            let mut observed = self.lock();
            observed.sent_form = form;
            observed.sent_json = sent_json;
        }
        let response = next.run(request, extensions).await.inspect_err(|e| {
            self.lock().unanswered = Some(e.to_string());
        })?;
        if let Some(violations) = response.headers().get("sl-violations") {
            self.record(violations.as_bytes());
        }
        let problem =
            response.headers().get("content-type").is_some_and(|t| t.as_bytes() == b"application/problem+json");
        // The answer is kept (a judge may check it against the spec), and
        // the response passed on as it came.
        let (status, headers) = (response.status(), response.headers().clone());
        let body = response.bytes().await?;
        if problem {
            // Prism's own error: its type is kept, and the violations it
            // refuses a request for (`UNPROCESSABLE_ENTITY`).
            let problem: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
            let mut observed = self.lock();
            if let Some(error) = problem["type"].as_str().and_then(|t| t.strip_prefix(PRISM_ERRORS)) {
                observed.error = Some(error.to_string());
            }
            // The same may come in `sl-violations` too.
            if observed.request_violations.is_empty() {
                let refused = problem["validation"].as_array().into_iter().flatten();
                let messages = refused.filter_map(|v| v["message"].as_str()).map(str::to_string);
                observed.request_violations.extend(messages);
            }
        }
        self.lock().answer = Some((status.as_u16(), body.to_vec()));
        let mut rebuilt = http::Response::new(body);
        *rebuilt.status_mut() = status;
        *rebuilt.headers_mut() = headers;
        Ok(rebuilt.into())
    }
}

/// What was found on one call: `request violation` (Prism found the
/// request breaks the spec), `not sent` (the client refused the drawn
/// arguments), `unread` (the client did not read an answer Prism found
/// sound), `no answer (WHY)` (Prism answered with its own error of that
/// type, or not at all) or `Prism's gap (WHY)` (what Prism found is its
/// own limit, not the request's fault). An answer Prism itself flags as
/// breaking the spec is not the client's to read, and refusing it is right.
#[derive(Debug, PartialEq)]
pub struct Finding {
    pub operation: String,
    pub kind: String,
}

impl Finding {
    /// Whether the generated client is to blame, rather than Prism's reach
    /// (`no answer`).
    pub fn is_failure(&self) -> bool {
        !self.kind.starts_with("no answer") && !self.kind.starts_with("Prism's gap")
    }
}

/// Why the request violations Prism found are its own limits, if they all
/// are: a security scheme it does not know (`http/mutual`); a list of one
/// item in a form, which is that item's key once (`tag=a`, as OpenAPI's
/// form style writes it) and which Prism reads as a string; or a header
/// parameter OpenAPI ignores.
fn prism_limit(observed: &Observed) -> Option<&'static str> {
    let each = |limit: &dyn Fn(&str) -> bool| observed.request_violations.iter().all(|v| limit(v));
    if each(&|v| v.starts_with("We currently do not support this type of security scheme")) {
        return Some("Prism's gap (a security scheme it does not support)");
    }
    if observed.sent_form && each(&|v| v.starts_with("Request body property") && v.ends_with("must be array")) {
        return Some("Prism's gap (a list of one in a form read as a string)");
    }
    if each(&ignored_header) {
        return Some("Prism's gap (a header parameter OpenAPI says to ignore)");
    }
    None
}

/// Whether a violation is of a header parameter named `Accept`,
/// `Content-Type` or `Authorization`, whose definition OpenAPI says to
/// ignore (the client sends those headers as the media types and the
/// security say); Prism checks them against it all the same.
fn ignored_header(violation: &str) -> bool {
    let Some(rest) = violation.strip_prefix("Request header parameter ") else { return false };
    let name = rest.split(' ').next().unwrap_or_default();
    ["accept", "content-type", "authorization"].iter().any(|ignored| name.eq_ignore_ascii_case(ignored))
}

/// Whether the client refused an answer for its discriminator's value
/// (`unknown `kind` value `x` for Pet`): Prism draws a discriminator's
/// property as any string, where OpenAPI allows only the names of the
/// members (or their `mapping` keys); that the generated union reads every
/// one of those is what `cargo xtask conformance` checks.
fn names_no_member(why: &str) -> bool {
    why.split("unknown `").nth(1).is_some_and(|rest| rest.contains("` value `") && rest.contains("` for "))
}

/// The JSON body of a request Prism found fault with in its body alone:
/// a JSON Schema validator may overrule Prism, which requires a `readOnly`
/// property inside a `oneOf` that a request rightly leaves out
/// (stoplightio/prism#1941).
pub fn questioned_body(observed: &Observed) -> Option<&[u8]> {
    let violations = &observed.request_violations;
    let in_body = !violations.is_empty() && violations.iter().all(|v| v.starts_with("Request body"));
    observed.sent_json.as_deref().filter(|_| in_body)
}

/// What the call of `operation` found, from what Prism observed and what
/// the client made of the answer; each reason is printed to stderr.
pub fn judge(operation: &str, observed: Observed, answer: Result<(), String>) -> Option<Finding> {
    if let Err(why) = &answer {
        eprintln!("{operation}: {why}");
    }
    let kind = match observed.error.as_deref() {
        _ if !observed.request_violations.is_empty() => {
            eprintln!("{operation}: Prism found {}", observed.request_violations.join("; "));
            prism_limit(&observed).unwrap_or("request violation").to_string()
        }
        // Prism's refusal of a request it finds invalid, where the spec
        // declares no status for that.
        Some("UNPROCESSABLE_ENTITY") => "request violation".to_string(),
        // Whatever the client made of it, Prism did not check the request.
        Some(error) => format!("no answer ({error})"),
        None if observed.unanswered.is_some() => "no answer (Prism did not answer)".to_string(),
        None if answer.is_err() && observed.answer.is_none() => "not sent".to_string(),
        None if observed.answer_violations.is_empty() => match &answer {
            Err(why) if names_no_member(why) => "Prism's gap (a discriminator value that names no member)".to_string(),
            Err(_) => "unread".to_string(),
            Ok(()) => return None,
        },
        None => return None,
    };
    Some(Finding { operation: operation.to_string(), kind })
}

#[cfg(test)]
mod tests {
    use std::io::{Read, Write};
    use std::net::TcpListener;

    use super::{answers_http, judge, questioned_body, Observed};

    #[test]
    fn a_server_is_ready_once_it_answers_http_not_once_it_accepts() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let server = std::thread::spawn(move || {
            // The first connection is accepted and closed unanswered.
            drop(listener.accept().unwrap());
            let (mut stream, _) = listener.accept().unwrap();
            let mut request = [0u8; 16];
            stream.read_exact(&mut request).unwrap();
            stream.write_all(b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n").unwrap();
        });
        assert!(!answers_http(port));
        assert!(answers_http(port));
        server.join().unwrap();
    }

    fn kind(observed: Observed, answer: Result<(), String>) -> Option<String> {
        judge("get_pet", observed, answer).map(|finding| finding.kind)
    }

    #[test]
    fn each_call_is_judged_by_what_prism_saw_and_what_the_client_read() {
        let answered = || Observed { answer: Some((200, b"{}".to_vec())), ..Observed::default() };
        let refused = || Err("not read".to_string());
        assert_eq!(kind(answered(), Ok(())), None);
        assert_eq!(kind(answered(), refused()).as_deref(), Some("unread"));
        let violation = Observed { request_violations: vec!["id must be integer".into()], ..answered() };
        assert_eq!(kind(violation, Ok(())).as_deref(), Some("request violation"));
        assert_eq!(kind(Observed::default(), refused()).as_deref(), Some("not sent"));
        let stopped = Observed { unanswered: Some("connection refused".into()), ..Observed::default() };
        let finding = judge("get_pet", stopped, refused()).unwrap();
        assert_eq!(finding.kind, "no answer (Prism did not answer)");
        assert!(!finding.is_failure(), "Prism's stop is not the client's failure");
    }

    #[test]
    fn violations_that_are_prisms_own_limits_are_its_gaps() {
        let found = |violations: &[&str], sent_form: bool| {
            let request_violations = violations.iter().map(|v| v.to_string()).collect();
            judge("create", Observed { request_violations, sent_form, ..Observed::default() }, Ok(())).unwrap()
        };
        let scheme = found(&["We currently do not support this type of security scheme: http/mutual"], false);
        assert!(!scheme.is_failure(), "{scheme:?}");
        let one_item = ["Request body property cidr must be array"];
        assert!(!found(&one_item, true).is_failure());
        assert!(found(&one_item, false).is_failure(), "a JSON body's wrong type is the client's");
        assert!(found(&[one_item[0], "Request body property count must be integer"], true).is_failure());
        let accept = "Request header parameter accept must be equal to one of the allowed values: application/json";
        assert!(!found(&[accept], false).is_failure(), "OpenAPI ignores an `Accept` parameter");
        assert!(found(&["Request header parameter x-request-id must be string"], false).is_failure());

        let answered = Observed { answer: Some((200, b"{}".to_vec())), ..Observed::default() };
        let tag = Err("invalid JSON body: unknown `__type` value `lorem` for ScheduleInterval at line 1".to_string());
        let finding = judge("get_dag", answered, tag).unwrap();
        assert_eq!(finding.kind, "Prism's gap (a discriminator value that names no member)");
        assert!(!finding.is_failure());
    }

    #[test]
    fn a_json_body_is_questioned_only_when_prism_found_fault_with_it_alone() {
        let sent = |violations: &[&str], sent_json: Option<&[u8]>| {
            let request_violations = violations.iter().map(|v| v.to_string()).collect();
            let observed =
                Observed { request_violations, sent_json: sent_json.map(<[u8]>::to_vec), ..Observed::default() };
            questioned_body(&observed).map(<[u8]>::to_vec)
        };
        let body = br#"{"name":"Io"}"#.as_slice();
        let required = "Request body must have required property 'id'";
        assert_eq!(sent(&[required], Some(body)).as_deref(), Some(body));
        assert_eq!(sent(&[required, "Request query parameter limit must be integer"], Some(body)), None);
        assert_eq!(sent(&[required], None), None, "a form is not questioned");
        assert_eq!(sent(&[], Some(body)), None, "nothing was found");
    }
}
