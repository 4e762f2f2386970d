//! A request under construction: path, query, headers, credential, body.
//!
//! Generated builders fill it as they are called, so a value that breaks a
//! rule of the spec cannot be reported there: the first such error is kept
//! and [`Request::send`] returns it instead of sending anything.

use std::borrow::Cow;
use std::fmt::Display;
use std::future::Future;
use std::time::Duration;

use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, AUTHORIZATION, CONTENT_TYPE};

use super::{Response, Sender, Transport};
use crate::binary::Sendable;
use crate::validate::ValidationError;
use crate::{BasicCredentials, Binary, Secret};

#[derive(Clone)]
pub struct Request {
    sender: Sender,
    method: reqwest::Method,
    url: String,
    /// Query pairs, each with the parameter it came from: setting a
    /// parameter again replaces its pairs (builder setters: last call wins).
    query: Vec<QueryPair>,
    headers: HeaderMap,
    /// Cookie names and values, sent together in one `Cookie` header.
    cookies: Vec<(String, String)>,
    basic: Option<BasicCredentials>,
    /// The body and its `Content-Type`.
    body: Option<(Binary, Cow<'static, str>)>,
    /// The first rule the request broke.
    invalid: Option<ValidationError>,
    timeout: Option<Duration>,
    /// Whether to retry it whatever its method (`None`: if idempotent).
    retry: Option<bool>,
}

#[derive(Clone)]
struct QueryPair {
    param: String,
    key: String,
    value: String,
}

/// Why a request got no response: it broke a rule of the spec (nothing was
/// sent), or the transport failed. New kinds may be added: a `match` needs
/// a `_` arm.
#[derive(Debug)]
#[non_exhaustive]
pub enum SendError {
    Invalid(ValidationError),
    Transport(Transport),
    /// The response body is larger than `limit`.
    TooLarge {
        status: u16,
        limit: usize,
    },
}

impl Request {
    pub(super) fn new(sender: Sender, method: reqwest::Method, base_url: String) -> Request {
        Request {
            sender,
            method,
            url: base_url,
            query: Vec::new(),
            headers: HeaderMap::new(),
            cookies: Vec::new(),
            basic: None,
            body: None,
            invalid: None,
            timeout: None,
            retry: None,
        }
    }

    /// Gives up on the request after `timeout` (see [`RequestOptions::timeout`](super::RequestOptions::timeout)).
    pub fn set_timeout(&mut self, timeout: Duration) {
        self.timeout = Some(timeout);
    }

    /// Retries the request whatever its method, or never (see
    /// [`RequestOptions::retry`](super::RequestOptions::retry)).
    pub fn set_retry(&mut self, retry: bool) {
        self.retry = Some(retry);
    }

    /// The value of `outcome`, or None after keeping its error (the first
    /// one kept is what [`Request::send`] reports).
    pub fn checked<T>(&mut self, outcome: Result<T, ValidationError>) -> Option<T> {
        outcome.map_err(|error| self.reject(error)).ok()
    }

    /// Keeps `error`, unless an earlier one is kept.
    fn reject(&mut self, error: ValidationError) {
        self.invalid.get_or_insert(error);
    }

    /// Appends literal path text from the spec's template.
    pub fn path(&mut self, literal: &str) {
        self.url.push_str(literal);
    }

    /// Appends the path parameter `name` as one percent-encoded segment.
    pub fn path_param(&mut self, name: &str, value: &dyn Display) {
        let pushed = super::push_segment(&mut self.url, name, &value.to_string());
        self.checked(pushed);
    }

    /// Appends the path of the spec's template (`/repos/{owner}/{repo}`),
    /// each `{name}` replaced by the next of `values` as one
    /// percent-encoded segment.
    pub fn path_template(&mut self, template: &str, values: &[&dyn Display]) {
        let mut values = values.iter();
        let mut rest = template;
        while let Some((literal, after)) = rest.split_once('{') {
            let Some((name, after)) = after.split_once('}') else { break };
            self.path(literal);
            match values.next() {
                Some(value) => self.path_param(name, *value),
                None => self.reject(ValidationError::new(name, "a value for the path parameter")),
            }
            rest = after;
        }
        self.path(rest);
    }

    /// The URL so far, without the query.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Replaces the URL, query and all (a next page's link).
    pub fn set_url(&mut self, url: String) {
        self.url = url;
        self.query.clear();
    }

    /// The value set for the query parameter `name`, if one is.
    pub fn query_value(&self, name: &str) -> Option<&str> {
        self.query.iter().find(|pair| pair.param == name).map(|pair| pair.value.as_str())
    }

    /// Sets `name=value` in the query.
    pub fn query(&mut self, name: &str, value: &dyn Display) {
        self.set_query(name, [(name.to_string(), value.to_string())]);
    }

    /// Sets an array in the query: `name=a&name=b` when exploded, else the
    /// items joined by `delimiter` (`,` for form, `%20` for spaceDelimited,
    /// `|` for pipeDelimited).
    pub fn query_list<T: Display>(&mut self, name: &str, values: &[T], explode: bool, delimiter: &str) {
        let texts = values.iter().map(ToString::to_string);
        if explode {
            self.set_query(name, texts.map(|text| (name.to_string(), text)).collect::<Vec<_>>());
        } else {
            let joined: Vec<String> = texts.collect();
            self.set_query(name, [(name.to_string(), joined.join(delimiter))]);
        }
    }

    /// Sets an object in the query: each property as its own pair
    /// (`form`, exploded) or as `name[property]` (`deepObject`). Arrays
    /// repeat their key; nested objects travel as JSON text.
    pub fn query_object<T: serde::Serialize>(&mut self, name: &str, value: &T, deep: bool) {
        let value =
            serde_json::to_value(value).map_err(|e| ValidationError::new(name, format!("not serializable: {e}")));
        let Some(serde_json::Value::Object(properties)) = self.checked(value) else {
            self.reject(ValidationError::new(name, "must be an object"));
            return;
        };
        let mut pairs = Vec::new();
        for (property, value) in properties {
            let key = if deep { format!("{name}[{property}]") } else { property };
            let values = match value {
                serde_json::Value::Array(items) => items,
                other => vec![other],
            };
            for value in values {
                match value {
                    serde_json::Value::Null => {}
                    serde_json::Value::String(text) => pairs.push((key.clone(), text)),
                    other => pairs.push((key.clone(), other.to_string())),
                }
            }
        }
        self.set_query(name, pairs);
    }

    /// Replaces the pairs of parameter `param` with `pairs`.
    fn set_query(&mut self, param: &str, pairs: impl IntoIterator<Item = (String, String)>) {
        self.query.retain(|pair| pair.param != param);
        self.query.extend(pairs.into_iter().map(|(key, value)| QueryPair { param: param.to_string(), key, value }));
    }

    /// Sets a header; a value that cannot travel in a header (CR, LF and
    /// other control characters) is an error before anything is sent.
    pub fn header(&mut self, name: &str, value: &dyn Display) {
        let header_name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| invalid_header(name));
        let header_value = header_value(name, value.to_string());
        if let Some((header_name, header_value)) = self.checked(header_name.and_then(|n| Ok((n, header_value?)))) {
            self.headers.insert(header_name, header_value);
        }
    }

    /// Sets a cookie (sent together in one `Cookie` header).
    pub fn cookie(&mut self, name: &str, value: &dyn Display) {
        let value = value.to_string();
        if value.contains([';', ',']) || !is_header_text(&value) {
            self.reject(ValidationError::new(name, "a cookie value must be visible ASCII text without `;` or `,`"));
            return;
        }
        self.cookies.retain(|(set, _)| set != name);
        self.cookies.push((name.to_string(), value));
    }

    /// `Authorization: Bearer <token>`, marked sensitive (HTTP/2 never
    /// indexes it).
    pub fn bearer(&mut self, token: &Secret) {
        let value = header_value("Authorization", format!("Bearer {}", token.expose()));
        if let Some(mut value) = self.checked(value) {
            value.set_sensitive(true);
            self.headers.insert(AUTHORIZATION, value);
        }
    }

    /// `Authorization: Basic ...`.
    pub fn basic(&mut self, credentials: &BasicCredentials) {
        self.basic = Some(credentials.clone());
    }

    /// A JSON body.
    pub fn json<T: serde::Serialize>(&mut self, body: &T) {
        let bytes = serde_json::to_vec(body)
            .map_err(|e| ValidationError::new("body", format!("not serializable as JSON: {e}")));
        if let Some(bytes) = self.checked(bytes) {
            self.body = Some((Bytes::from(bytes).into(), Cow::Borrowed("application/json")));
        }
    }

    /// An `application/x-www-form-urlencoded` body from an object whose
    /// properties are scalars or lists of them (a list is its key repeated).
    pub fn form<T: serde::Serialize>(&mut self, body: &T) {
        let text = serde_html_form::to_string(body)
            .map_err(|e| ValidationError::new("body", format!("not encodable as a form: {e}")));
        if let Some(text) = self.checked(text) {
            self.body = Some((text.into(), Cow::Borrowed("application/x-www-form-urlencoded")));
        }
    }

    /// A body sent as is, with its media type: bytes, or a stream sent as
    /// it comes (and then never retried: it cannot be replayed).
    pub fn raw(&mut self, body: impl Into<Binary>, media_type: &'static str) {
        self.body = Some((body.into(), Cow::Borrowed(media_type)));
    }

    /// A `multipart/form-data` body.
    pub fn multipart(&mut self, body: &crate::Multipart) {
        let (bytes, content_type) = body.encode();
        self.body = Some((Bytes::from(bytes).into(), Cow::Owned(content_type)));
    }

    /// Sends the request and reads the whole response, retrying as the
    /// client says; a request that broke a rule is not sent, and the first
    /// such error is returned.
    pub fn send(self) -> impl Future<Output = Result<Response, SendError>> + Send {
        let built = self.build();
        async move {
            let (sender, request, retry) = built?;
            sender.send(request, retry).await
        }
    }

    /// [`Self::send`] for an answer that may be a stream of events: the body
    /// is not read until the caller chooses how.
    pub fn send_streamed(self) -> impl Future<Output = Result<Streamed, SendError>> + Send {
        let built = self.build();
        async move {
            let (sender, request, retry) = built?;
            let limit = sender.max_response_bytes;
            let response = sender.send_unread(request, retry).await?;
            Ok(Streamed { response, limit })
        }
    }

    /// The reqwest request, with what sends it and whether to retry it; the
    /// first rule broken instead, when there is one. The request is handed
    /// over before the future sending it is first polled, so that future
    /// holds only what is in flight.
    fn build(self) -> Result<(Sender, reqwest::Request, Option<bool>), SendError> {
        if let Some(error) = self.invalid {
            return Err(SendError::Invalid(error));
        }
        let mut builder = self.sender.http.request(self.method, &self.url);
        if !self.query.is_empty() {
            let pairs: Vec<(&str, &str)> =
                self.query.iter().map(|pair| (pair.key.as_str(), pair.value.as_str())).collect();
            builder = builder.query(&pairs);
        }
        if !self.cookies.is_empty() {
            let cookies: Vec<String> = self.cookies.iter().map(|(name, value)| format!("{name}={value}")).collect();
            builder = builder.header(reqwest::header::COOKIE, cookies.join("; "));
        }
        if let Some(basic) = &self.basic {
            builder = builder.basic_auth(&basic.username, Some(basic.password.expose()));
        }
        if let Some((body, media_type)) = self.body {
            let body = match body.take() {
                Ok(Sendable::Bytes(bytes)) => reqwest::Body::from(bytes),
                Ok(Sendable::Stream(chunks)) => reqwest::Body::wrap_stream(chunks),
                Err(sent) => return Err(SendError::Invalid(ValidationError::new("body", sent.to_string()))),
            };
            builder = builder.header(CONTENT_TYPE, media_type.as_ref()).body(body);
        }
        if let Some(timeout) = self.timeout {
            builder = builder.timeout(timeout);
        }
        let mut request = builder.build().map_err(|e| SendError::Transport(e.into()))?;
        // The headers move into the built request rather than being copied
        // one by one; the few the builder set (cookie, basic, content type)
        // join them.
        let set_by_builder = std::mem::replace(request.headers_mut(), self.headers);
        if !set_by_builder.is_empty() {
            request.headers_mut().extend(set_by_builder);
        }
        Ok((self.sender, request, self.retry))
    }
}

/// An answer whose body is not read yet: a stream of events, or a body to
/// read whole.
pub struct Streamed {
    response: reqwest::Response,
    limit: usize,
}

impl Streamed {
    pub fn status(&self) -> u16 {
        self.response.status().as_u16()
    }

    /// The body as server-sent events, each `data` read by `parse`
    /// ([`crate::json_data`], [`crate::text_data`]).
    pub fn events<T: Send + 'static>(self, parse: fn(&str) -> Result<T, String>) -> crate::Events<T> {
        crate::Events::read(self.response.bytes_stream(), parse)
    }

    /// The body as it arrives, chunk by chunk, with no limit on its size.
    pub fn byte_stream(self) -> ByteStream {
        use futures_util::StreamExt;
        ByteStream { inner: Box::pin(self.response.bytes_stream().map(|chunk| chunk.map_err(Transport::from))) }
    }

    /// The whole answer, for a status that is not a stream.
    pub async fn read(self) -> Result<Response, SendError> {
        Response::read(self.response, self.limit).await
    }
}

/// A response body read as it arrives: a stream of chunks, ending with the
/// body or with the transport error that cut it short.
pub struct ByteStream {
    inner: std::pin::Pin<Box<dyn futures_core::Stream<Item = Result<Bytes, Transport>> + Send>>,
}

impl From<ByteStream> for crate::Binary {
    /// A download sent on as it arrives.
    fn from(stream: ByteStream) -> Self {
        crate::Binary::from_stream(stream)
    }
}

impl futures_core::Stream for ByteStream {
    type Item = Result<Bytes, Transport>;

    fn poll_next(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

impl std::fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ByteStream { .. }")
    }
}

/// Whether both sides read `text` as a header's text: visible ASCII,
/// spaces and tabs. HTTP lets other bytes through without saying what they
/// mean (RFC 9110, section 5.5); the generated server refuses them, as many
/// servers do, so the client refuses them before sending.
fn is_header_text(text: &str) -> bool {
    text.bytes().all(|byte| byte == b'\t' || (b' '..=b'~').contains(&byte))
}

fn header_value(name: &str, text: String) -> Result<HeaderValue, ValidationError> {
    if !is_header_text(&text) {
        return Err(invalid_header(name));
    }
    HeaderValue::try_from(text).map_err(|_| invalid_header(name))
}

fn invalid_header(name: &str) -> ValidationError {
    ValidationError::new(name, "a header value must be visible ASCII text: no control characters, no non-ASCII letters")
}

impl From<Transport> for SendError {
    fn from(error: Transport) -> Self {
        SendError::Transport(error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request() -> Request {
        // Port 9 (discard): nothing may be sent there in these tests.
        super::super::Connection::new("http://127.0.0.1:9").map(|c| c.request(reqwest::Method::GET)).unwrap()
    }

    #[tokio::test]
    async fn the_first_broken_rule_is_returned_and_nothing_is_sent() {
        let mut request = request();
        request.header("x-a", &"line\nbreak");
        request.checked::<()>(Err(ValidationError::new("later", "a later rule")));
        match request.send().await {
            Err(SendError::Invalid(error)) => assert_eq!(error.name, "x-a"),
            Err(SendError::Transport(e)) => panic!("something was sent: {e:?}"),
            Err(SendError::TooLarge { status, .. }) => panic!("answered {status}"),
            Ok(response) => panic!("answered {}", response.status()),
        }
    }

    #[test]
    fn a_path_template_takes_its_values_in_order_each_one_segment() {
        let mut full = request();
        full.path_template("/repos/{owner}/{repo}/issues", &[&"octo cat", &"a/b"]);
        assert_eq!(full.url, "http://127.0.0.1:9/repos/octo%20cat/a%2Fb/issues");
        assert!(full.invalid.is_none());
        let mut empty = request();
        empty.path_template("/repos/{owner}/{repo}", &[&"octo", &""]);
        assert_eq!(empty.invalid.map(|error| error.name).as_deref(), Some("repo"));
    }

    #[test]
    fn header_values_that_are_not_ascii_text_are_refused_naming_the_header() {
        let refused = |set: &dyn Fn(&mut Request)| {
            let mut request = request();
            set(&mut request);
            request.invalid.map(|error| error.name)
        };
        assert_eq!(refused(&|r| r.header("X-Operation-Key", &"ünïcode")).as_deref(), Some("X-Operation-Key"));
        assert_eq!(refused(&|r| r.bearer(&Secret::from("tök_1"))).as_deref(), Some("Authorization"));
        assert_eq!(refused(&|r| r.cookie("session", &"ü")).as_deref(), Some("session"));
        assert_eq!(refused(&|r| r.header("X-Operation-Key", &"plain text\twith tab")), None);
    }

    #[test]
    fn a_parameter_set_again_replaces_its_pairs() {
        let mut request = request();
        request.query_list("ids", &[1, 2], true, ",");
        request.query("q", &"a");
        request.query_list("ids", &[3], true, ",");
        request.cookie("c", &"1");
        request.cookie("c", &"2");
        let pairs: Vec<(&str, &str)> = request.query.iter().map(|p| (p.key.as_str(), p.value.as_str())).collect();
        assert_eq!(pairs, [("q", "a"), ("ids", "3")]);
        assert_eq!(request.cookies, [("c".to_string(), "2".to_string())]);
    }
}
