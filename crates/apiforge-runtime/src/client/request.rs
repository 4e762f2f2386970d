//! A request under construction: path, query, headers, credential, body.

use std::borrow::Cow;
use std::fmt::Display;
use std::future::Future;

use bytes::Bytes;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, AUTHORIZATION, CONTENT_TYPE};

use super::{Response, Transport};
use crate::validate::ValidationError;
use crate::{BasicCredentials, Secret};

pub struct Request {
    http: reqwest::Client,
    method: reqwest::Method,
    url: String,
    query: Vec<(String, String)>,
    headers: HeaderMap,
    cookies: Vec<String>,
    basic: Option<BasicCredentials>,
    /// The body and its `Content-Type`.
    body: Option<(Bytes, Cow<'static, str>)>,
}

impl Request {
    pub(super) fn new(http: reqwest::Client, method: reqwest::Method, base_url: String) -> Request {
        Request {
            http,
            method,
            url: base_url,
            query: Vec::new(),
            headers: HeaderMap::new(),
            cookies: Vec::new(),
            basic: None,
            body: None,
        }
    }

    /// Appends literal path text from the spec's template.
    pub fn path(&mut self, literal: &str) {
        self.url.push_str(literal);
    }

    /// Appends a path parameter as one percent-encoded segment.
    pub fn path_param(&mut self, value: &dyn Display) -> Result<(), ValidationError> {
        super::push_segment(&mut self.url, &value.to_string())
    }

    /// Adds `name=value` to the query.
    pub fn query(&mut self, name: &str, value: &dyn Display) {
        self.query.push((name.to_string(), value.to_string()));
    }

    /// Adds an array to the query: `name=a&name=b` when exploded, else the
    /// items joined by `delimiter` (`,` for form, `%20` for spaceDelimited,
    /// `|` for pipeDelimited).
    pub fn query_list<T: Display>(&mut self, name: &str, values: &[T], explode: bool, delimiter: &str) {
        if explode {
            for value in values {
                self.query(name, value);
            }
        } else {
            let joined: Vec<String> = values.iter().map(ToString::to_string).collect();
            self.query(name, &joined.join(delimiter));
        }
    }

    /// Adds an object to the query: each property as its own pair
    /// (`form`, exploded) or as `name[property]` (`deepObject`). Arrays
    /// repeat their key; nested objects travel as JSON text.
    pub fn query_object<T: serde::Serialize>(&mut self, name: &str, value: &T, deep: bool) -> Result<(), ValidationError> {
        let value = serde_json::to_value(value).map_err(|e| ValidationError::new(name, format!("not serializable: {e}")))?;
        let serde_json::Value::Object(properties) = value else {
            return Err(ValidationError::new(name, "must be an object"));
        };
        for (property, value) in properties {
            let key = if deep { format!("{name}[{property}]") } else { property };
            let values = match value {
                serde_json::Value::Array(items) => items,
                other => vec![other],
            };
            for value in values {
                match value {
                    serde_json::Value::Null => {}
                    serde_json::Value::String(text) => self.query.push((key.clone(), text)),
                    other => self.query.push((key.clone(), other.to_string())),
                }
            }
        }
        Ok(())
    }

    /// Sets a header; a value that cannot travel in a header (CR, LF and
    /// other control characters) is an error before anything is sent.
    pub fn header(&mut self, name: &str, value: &dyn Display) -> Result<(), ValidationError> {
        let header_name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| invalid_header(name))?;
        let header_value = HeaderValue::try_from(value.to_string()).map_err(|_| invalid_header(name))?;
        self.headers.insert(header_name, header_value);
        Ok(())
    }

    /// Adds a cookie (sent together in one `Cookie` header).
    pub fn cookie(&mut self, name: &str, value: &dyn Display) -> Result<(), ValidationError> {
        let value = value.to_string();
        if value.contains([';', ',', '\r', '\n']) {
            return Err(ValidationError::new(name, "a cookie value cannot hold `;`, `,`, CR or LF"));
        }
        self.cookies.push(format!("{name}={value}"));
        Ok(())
    }

    /// `Authorization: Bearer <token>`, marked sensitive (HTTP/2 never
    /// indexes it).
    pub fn bearer(&mut self, token: &Secret) -> Result<(), ValidationError> {
        let mut value = HeaderValue::try_from(format!("Bearer {}", token.expose())).map_err(|_| invalid_header("Authorization"))?;
        value.set_sensitive(true);
        self.headers.insert(AUTHORIZATION, value);
        Ok(())
    }

    /// `Authorization: Basic ...`.
    pub fn basic(&mut self, credentials: &BasicCredentials) {
        self.basic = Some(credentials.clone());
    }

    /// A JSON body.
    pub fn json<T: serde::Serialize>(&mut self, body: &T) -> Result<(), ValidationError> {
        let bytes = serde_json::to_vec(body).map_err(|e| ValidationError::new("body", format!("not serializable as JSON: {e}")))?;
        self.body = Some((bytes.into(), Cow::Borrowed("application/json")));
        Ok(())
    }

    /// An `application/x-www-form-urlencoded` body from a flat object.
    pub fn form<T: serde::Serialize>(&mut self, body: &T) -> Result<(), ValidationError> {
        let text = serde_urlencoded::to_string(body).map_err(|e| ValidationError::new("body", format!("not encodable as a form: {e}")))?;
        self.body = Some((text.into(), Cow::Borrowed("application/x-www-form-urlencoded")));
        Ok(())
    }

    /// A body sent as is, with its media type.
    pub fn raw(&mut self, body: impl Into<Bytes>, media_type: &'static str) {
        self.body = Some((body.into(), Cow::Borrowed(media_type)));
    }

    /// A `multipart/form-data` body.
    pub fn multipart(&mut self, body: &crate::Multipart) {
        let (bytes, content_type) = body.encode();
        self.body = Some((bytes.into(), Cow::Owned(content_type)));
    }

    /// Sends the request and reads the whole response. The request is
    /// handed to reqwest before the returned future is first polled, so the
    /// future holds only what is in flight (an `async fn` would keep the
    /// whole `Request` in it to the end).
    pub fn send(self) -> impl Future<Output = Result<Response, Transport>> + Send {
        let mut builder = self.http.request(self.method, &self.url);
        if !self.query.is_empty() {
            builder = builder.query(&self.query);
        }
        if !self.cookies.is_empty() {
            builder = builder.header(reqwest::header::COOKIE, self.cookies.join("; "));
        }
        if let Some(basic) = &self.basic {
            builder = builder.basic_auth(&basic.username, Some(basic.password.expose()));
        }
        if let Some((body, media_type)) = self.body {
            builder = builder.header(CONTENT_TYPE, media_type.as_ref()).body(body);
        }
        // The headers move into the built request rather than being copied
        // one by one; the few the builder set (cookie, basic, content type)
        // join them.
        let pending = builder.build().map(|mut request| {
            let set_by_builder = std::mem::replace(request.headers_mut(), self.headers);
            if !set_by_builder.is_empty() {
                request.headers_mut().extend(set_by_builder);
            }
            self.http.execute(request)
        });
        async move { Response::read(pending.map_err(Transport)?.await.map_err(Transport)?).await }
    }
}

fn invalid_header(name: &str) -> ValidationError {
    ValidationError::new(name, "a header value cannot hold control characters such as CR or LF")
}
