//! Reading a request's parts: every failure is a [`Rejection`] naming the
//! parameter and what was expected.

use std::str::FromStr;

use axum::body::Body;
use axum::extract::{FromRequestParts, RawPathParams};
use bytes::Bytes;
use http::request::Parts;
use http::HeaderMap;

use super::Rejection;
use crate::{BasicCredentials, Secret};

/// Reads what an operation's parser needs before running it: the path
/// parameters and, when `body_limit` is given, the body whole (more than the
/// limit is refused with 413). The parser itself is plain code, not a future:
/// generated servers have one per operation, and a future per operation is
/// much of what their crate takes to compile.
pub async fn parse_request<R>(
    mut parts: Parts,
    body: Body,
    body_limit: Option<usize>,
    parse: impl FnOnce(Incoming) -> Result<R, Rejection>,
) -> Result<R, Rejection> {
    let path = RawPathParams::from_request_parts(&mut parts, &())
        .await
        .map(|raw| raw.iter().map(|(key, value)| (key.to_string(), value.to_string())).collect())
        .map_err(|e| Rejection::bad_request(format!("invalid path: {e}")));
    let body = match body_limit {
        Some(limit) => read_body(body, limit).await?,
        None => Bytes::new(),
    };
    parse(Incoming { parts, path: PathParams(path), body })
}

/// A request as an operation's parser reads it.
pub struct Incoming {
    /// Method, URI, headers and extensions.
    pub parts: Parts,
    pub path: PathParams,
    /// The body whole, where the operation reads one; else empty.
    pub body: Bytes,
}

/// Percent-decoded path parameters, by the router's names. A request whose
/// path the router could not decode is refused at the first parameter read.
pub struct PathParams(Result<Vec<(String, String)>, Rejection>);

impl PathParams {
    /// The parameter the router calls `key`, parsed; `wire` names it in messages.
    pub fn get<T: FromStr>(&self, key: &str, wire: &str) -> Result<T, Rejection> {
        parse(self.text(key, wire)?, wire, "path parameter")
    }

    fn text(&self, key: &str, wire: &str) -> Result<&str, Rejection> {
        let raw = self.0.as_ref().map_err(Rejection::clone)?;
        raw.iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.as_str())
            .ok_or_else(|| Rejection::bad_request(format!("missing path parameter `{wire}`")))
    }

    /// The parameters of a path segment that holds more than one, or text
    /// beside one (`{sha}.{format}`, `v{version}`), which a router captures
    /// whole as `key`: `literals` are the texts around `keys`, one more
    /// than them (`["", ".", ""]`), and each parameter is what lies between
    /// its two, the shortest that lets the rest match. A segment that does
    /// not match is refused with 404, as a path no route serves.
    pub fn split(mut self, key: &str, literals: &[&str], keys: &[&str]) -> Result<PathParams, Rejection> {
        let segment = self.text(key, key)?;
        let values = split_segment(segment, literals)
            .ok_or_else(|| Rejection::new(404, format!("no operation serves the path segment `{segment}`")))?;
        let found: Vec<(String, String)> =
            keys.iter().zip(values).map(|(key, value)| (key.to_string(), value.to_string())).collect();
        if let Ok(raw) = &mut self.0 {
            raw.extend(found);
        }
        Ok(self)
    }
}

/// The texts between `literals` in `segment` (see [`PathParams::split`]),
/// none empty; None when it does not match.
fn split_segment<'s>(segment: &'s str, literals: &[&str]) -> Option<Vec<&'s str>> {
    let (first, rest) = literals.split_first()?;
    let (last, between) = rest.split_last()?;
    let mut remaining = segment.strip_prefix(first)?.strip_suffix(last)?;
    let mut values = Vec::with_capacity(between.len() + 1);
    for literal in between {
        // Shortest first: a parameter holds no piece of the next text
        // (adjacent parameters, with nothing between them, cannot be told
        // apart: the first takes one character).
        let skip = remaining.chars().next()?.len_utf8();
        let at = if literal.is_empty() { skip } else { remaining[skip..].find(literal)? + skip };
        values.push(&remaining[..at]);
        remaining = &remaining[at + literal.len()..];
    }
    values.push(remaining);
    values.iter().all(|value| !value.is_empty()).then_some(values)
}

fn parse<T: FromStr>(value: &str, wire: &str, what: &str) -> Result<T, Rejection> {
    value.parse().map_err(|_| match out_of_range::<T>(value) {
        Some(range) => Rejection::bad_request(format!("{what} `{wire}`: `{value}` is {range}")),
        None => Rejection::bad_request(format!("{what} `{wire}` has an invalid value `{value}`")),
    })
}

/// `out of range for i64` when `T` is an integer type and `text` an integer
/// it cannot hold: `type: integer` without a format is an `i64`, and a
/// larger value, valid for the schema, deserves a precise refusal.
fn out_of_range<T>(text: &str) -> Option<String> {
    let ty = std::any::type_name::<T>();
    let integer_type = matches!(ty, "i8" | "i16" | "i32" | "i64" | "u8" | "u16" | "u32" | "u64");
    let digits = text.strip_prefix('-').unwrap_or(text);
    let integer_text = !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit());
    (integer_type && integer_text).then(|| format!("out of range for {ty}"))
}

/// serde_json's reason for a body that does not match, saying "out of range
/// for i64" where an integer is too large for its Rust type.
fn shape_error(error: &serde_json::Error) -> String {
    let text = error.to_string();
    let integer = text.strip_prefix("invalid value: integer `").and_then(|rest| rest.split_once("`, expected "));
    match integer {
        Some((value, expected)) => {
            let ty = expected.split_whitespace().next().unwrap_or(expected);
            let at = expected.find(" at line ").map_or("", |at| &expected[at..]);
            format!("integer `{value}` is out of range for {ty}{at}")
        }
        None => text,
    }
}

/// Query parameters, decoded, in order.
pub struct QueryParams(Vec<(String, String)>);

impl QueryParams {
    pub fn parse(parts: &Parts) -> QueryParams {
        let query = parts.uri.query().unwrap_or("");
        QueryParams(form_urlencoded::parse(query.as_bytes()).into_owned().collect())
    }

    fn first(&self, wire: &str) -> Option<&str> {
        self.0.iter().find(|(k, _)| k == wire).map(|(_, v)| v.as_str())
    }

    pub fn optional<T: FromStr>(&self, wire: &str) -> Result<Option<T>, Rejection> {
        self.first(wire).map(|v| parse(v, wire, "query parameter")).transpose()
    }

    pub fn required<T: FromStr>(&self, wire: &str) -> Result<T, Rejection> {
        self.optional(wire)?.ok_or_else(|| Rejection::bad_request(format!("missing query parameter `{wire}`")))
    }

    /// An array: repeated `wire=` pairs when exploded, else one value split
    /// on `delimiter`. None when the parameter is absent.
    pub fn list<T: FromStr>(&self, wire: &str, explode: bool, delimiter: &str) -> Result<Option<Vec<T>>, Rejection> {
        let values: Vec<&str> = if explode {
            self.0.iter().filter(|(k, _)| k == wire).map(|(_, v)| v.as_str()).collect()
        } else {
            match self.first(wire) {
                // `ids=`: the empty list, as RFC 6570 writes it.
                Some("") => Vec::new(),
                Some(v) => v.split(delimiter).collect(),
                None => Vec::new(),
            }
        };
        if values.is_empty() && self.first(wire).is_none() {
            return Ok(None);
        }
        values.into_iter().map(|v| parse(v, wire, "query parameter")).collect::<Result<_, _>>().map(Some)
    }
}

impl QueryParams {
    /// An object sent as `name[property]=value` pairs (`deep`), or as one
    /// pair per property named in `properties` (`form`, exploded). Values
    /// that read as JSON numbers or booleans are taken as such. None when no
    /// pair belongs to the object.
    pub fn object<T: serde::de::DeserializeOwned>(
        &self,
        name: &str,
        deep: bool,
        properties: &[&str],
    ) -> Result<Option<T>, Rejection> {
        let mut object = serde_json::Map::new();
        for (key, value) in &self.0 {
            let property = if deep {
                match key.strip_prefix(name).and_then(|k| k.strip_prefix('[')).and_then(|k| k.strip_suffix(']')) {
                    Some(p) => p,
                    None => continue,
                }
            } else if properties.contains(&key.as_str()) {
                key.as_str()
            } else {
                continue;
            };
            let value = match serde_json::from_str::<serde_json::Value>(value) {
                Ok(v @ (serde_json::Value::Number(_) | serde_json::Value::Bool(_))) => v,
                _ => serde_json::Value::String(value.clone()),
            };
            match object.get_mut(property) {
                Some(serde_json::Value::Array(items)) => items.push(value),
                Some(existing) => *existing = serde_json::Value::Array(vec![existing.take(), value]),
                None => {
                    object.insert(property.to_string(), value);
                }
            }
        }
        if object.is_empty() {
            return Ok(None);
        }
        serde_json::from_value(serde_json::Value::Object(object))
            .map(Some)
            .map_err(|e| Rejection::bad_request(format!("query parameter `{name}` does not match its schema: {e}")))
    }
}

/// A header, parsed; None when absent.
pub fn header<T: FromStr>(headers: &HeaderMap, wire: &str) -> Result<Option<T>, Rejection> {
    let Some(value) = single(headers, wire)? else { return Ok(None) };
    let text = value.to_str().map_err(|_| Rejection::bad_request(format!("header `{wire}` is not text")))?;
    parse(text, wire, "header").map(Some)
}

/// An `Accept-Encoding` header a spec declares as a parameter, parsed. A
/// value its type does not read that names only registered content codings
/// (`gzip, deflate;q=0.5`) is the HTTP stack's own negotiation of
/// compression, not the API's, and is taken as not sent; any other value is
/// refused as for any header.
pub fn accept_encoding<T: FromStr>(headers: &HeaderMap, wire: &str) -> Result<Option<T>, Rejection> {
    const CODINGS: [&str; 13] = [
        "aes128gcm",
        "br",
        "compress",
        "dcb",
        "dcz",
        "deflate",
        "exi",
        "gzip",
        "identity",
        "pack200-gzip",
        "x-compress",
        "x-gzip",
        "zstd",
    ];
    let read = header(headers, wire);
    let transport = || {
        let text = headers.get(wire).and_then(|value| value.to_str().ok()).unwrap_or_default();
        text.split(',').all(|coding| {
            let name = coding.split(';').next().unwrap_or_default().trim();
            name == "*" || CODINGS.iter().any(|known| name.eq_ignore_ascii_case(known))
        })
    };
    match read {
        Err(_) if transport() => Ok(None),
        read => read,
    }
}

/// A cookie from the `Cookie` headers, parsed; None when absent.
pub fn cookie<T: FromStr>(headers: &HeaderMap, wire: &str) -> Result<Option<T>, Rejection> {
    let found = headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == wire)
        .map(|(_, value)| value.to_string());
    found.map(|v| parse(&v, wire, "cookie")).transpose()
}

/// The token of `Authorization: Bearer <token>`; None when there is no
/// `Authorization` header, a 401 when it is not a bearer token.
pub fn bearer(headers: &HeaderMap) -> Result<Option<Secret>, Rejection> {
    let malformed = || Rejection::unauthorized("the Authorization header must be `Bearer <token>`");
    let Some(token) = authorization(headers, "bearer", malformed)? else { return Ok(None) };
    if token.is_empty() {
        return Err(malformed());
    }
    Ok(Some(Secret::new(token)))
}

/// The credentials of `Authorization: Basic ...`; None when there is no
/// `Authorization` header, a 401 when it is not base64 of `user:password`.
pub fn basic(headers: &HeaderMap) -> Result<Option<BasicCredentials>, Rejection> {
    let malformed = || Rejection::unauthorized("the Authorization header must be `Basic <base64 of user:password>`");
    let Some(encoded) = authorization(headers, "basic", malformed)? else { return Ok(None) };
    let decoded = crate::formats::decode_base64(encoded).ok_or_else(malformed)?;
    let decoded = String::from_utf8(decoded).map_err(|_| malformed())?;
    let (username, password) = decoded.split_once(':').ok_or_else(malformed)?;
    Ok(Some(BasicCredentials { username: username.to_string(), password: Secret::new(password) }))
}

/// The credentials of an `Authorization` header of `scheme` (compared
/// without case, as RFC 9110 says), trimmed; None when the header is
/// absent, `malformed()` when it is not text or names another scheme.
fn authorization<'h>(
    headers: &'h HeaderMap,
    scheme: &str,
    malformed: impl Fn() -> Rejection,
) -> Result<Option<&'h str>, Rejection> {
    let Some(value) = single(headers, http::header::AUTHORIZATION.as_str())? else { return Ok(None) };
    let text = value.to_str().map_err(|_| malformed())?;
    match text.split_once(' ') {
        Some((named, credentials)) if named.eq_ignore_ascii_case(scheme) => Ok(Some(credentials.trim())),
        _ => Err(malformed()),
    }
}

/// The one value of a header that holds one value (a parameter, a
/// credential). A header sent twice is refused rather than read "first
/// wins": the two copies may come from different places (a client and a
/// proxy), and which one counts must not be a guess.
fn single<'h>(headers: &'h HeaderMap, name: &str) -> Result<Option<&'h http::HeaderValue>, Rejection> {
    let mut values = headers.get_all(name).iter();
    let first = values.next();
    if values.next().is_some() {
        return Err(Rejection::bad_request(format!("header `{name}` is sent more than once: send it once")));
    }
    Ok(first)
}

/// An API key from a header, query parameter or cookie.
pub fn api_key(value: Option<String>) -> Option<Secret> {
    value.filter(|v| !v.is_empty()).map(Secret::new)
}

/// The body's bytes, refusing more than `limit` with 413.
async fn read_body(body: Body, limit: usize) -> Result<Bytes, Rejection> {
    axum::body::to_bytes(body, limit).await.map_err(|e| {
        let too_large = std::error::Error::source(&e).is_some_and(|s| s.to_string().contains("length limit"))
            || e.to_string().contains("length limit");
        if too_large {
            Rejection::new(413, format!("the request body is larger than {limit} bytes"))
        } else {
            Rejection::bad_request(format!("cannot read the request body: {e}"))
        }
    })
}

/// A JSON body: missing (when `required`), malformed JSON -> 400; JSON of
/// the wrong shape -> 422 when the operation declares 422, else 400.
/// Inside a body, null is refused where the schema does not allow it, and a
/// required field that allows null must be there (see
/// [`crate::object::strictly`]); a whole number written as a float
/// (`12.0`) is read as the integer it is, as JSON Schema reads it.
pub fn body_json<T: serde::de::DeserializeOwned>(
    body: &[u8],
    required: bool,
    shape_status: u16,
) -> Result<Option<T>, Rejection> {
    let Some(body) = sent(body, required)? else { return Ok(None) };
    let mut value: serde_json::Value = serde_json::from_slice(body)
        .map_err(|e| Rejection::bad_request(format!("the request body is not valid JSON: {e}")))?;
    whole_numbers_as_integers(&mut value);
    crate::object::strictly(|| serde_json::from_value(value))
        .map(Some)
        .map_err(|e| misshapen(shape_status, shape_error(&e)))
}

/// Every float in `value` that is a whole number within 2⁵³, as that
/// integer: serde reads `12.0` as no integer, though a number field reads
/// `12` as `12.0`. Beyond 2⁵³ a float is not exact: an integer too large
/// for an `i64` (`-9223372036854775809`) is read as a float that an `i64`
/// would hold, and stays one.
fn whole_numbers_as_integers(value: &mut serde_json::Value) {
    use serde_json::Value;
    const EXACT: f64 = 9_007_199_254_740_992.0;
    match value {
        Value::Number(number) => {
            let Some(float) = number.as_f64().filter(|f| number.is_f64() && f.fract() == 0.0) else { return };
            if float.abs() <= EXACT {
                *number = (float as i64).into();
            }
        }
        Value::Array(items) => items.iter_mut().for_each(whole_numbers_as_integers),
        Value::Object(map) => map.values_mut().for_each(whole_numbers_as_integers),
        Value::Null | Value::Bool(_) | Value::String(_) => {}
    }
}

/// The body, None when an optional one is not sent; a required body not
/// sent -> 400.
fn sent(body: &[u8], required: bool) -> Result<Option<&[u8]>, Rejection> {
    match (body.is_empty(), required) {
        (true, true) => Err(Rejection::bad_request("the request body is required")),
        (true, false) => Ok(None),
        (false, _) => Ok(Some(body)),
    }
}

fn misshapen(shape_status: u16, detail: impl std::fmt::Display) -> Rejection {
    Rejection::new(shape_status, format!("the request body does not match the schema: {detail}"))
}

/// A media type besides JSON that an operation declares for the schema of
/// its JSON body: a request sent in it is read into the same type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyMedia {
    Form,
    Xml,
}

/// [`body_json`], or, when the request's `Content-Type` is one of
/// `others` (declared for the same schema), the body read as that media
/// type. A body in any other media type is read as JSON, as before any
/// other is declared.
pub fn body_json_or<T: serde::de::DeserializeOwned>(
    headers: &HeaderMap,
    body: &[u8],
    required: bool,
    shape_status: u16,
    others: &[(&str, BodyMedia)],
) -> Result<Option<T>, Rejection> {
    let sent = headers.get(http::header::CONTENT_TYPE).and_then(|value| value.to_str().ok());
    let essence = sent.and_then(|value| value.split(';').next()).map(str::trim).unwrap_or_default();
    match others.iter().find(|(media, _)| media.eq_ignore_ascii_case(essence)) {
        Some((_, BodyMedia::Form)) => body_form(headers, body, required),
        Some((_, BodyMedia::Xml)) => body_xml(body, required, shape_status),
        None => body_json(body, required, shape_status),
    }
}

/// An XML body (see [`super::xml`]): missing (when `required`) or
/// malformed -> 400; XML of the wrong shape -> `shape_status`.
fn body_xml<T: serde::de::DeserializeOwned>(
    body: &[u8],
    required: bool,
    shape_status: u16,
) -> Result<Option<T>, Rejection> {
    let Some(body) = sent(body, required)? else { return Ok(None) };
    super::xml::from_xml(body).map(Some).map_err(|e| match e {
        super::xml::XmlError::Syntax(e) => Rejection::bad_request(format!("the request body is not valid XML: {e}")),
        super::xml::XmlError::Shape(e) => misshapen(shape_status, e),
    })
}

/// A UTF-8 text body.
pub fn body_text(headers: &HeaderMap, body: &[u8]) -> Result<Option<String>, Rejection> {
    if is_absent(headers, body) {
        return Ok(None);
    }
    String::from_utf8(body.to_vec()).map(Some).map_err(|_| Rejection::bad_request("the request body is not UTF-8 text"))
}

/// A binary body, as it came; None when the request has none.
pub fn body_bytes(headers: &HeaderMap, body: Bytes) -> Option<Bytes> {
    (!is_absent(headers, &body)).then_some(body)
}

/// Whether a request carries no body: nothing, and no `Content-Type` that
/// would make it an empty text or file.
fn is_absent(headers: &HeaderMap, body: &[u8]) -> bool {
    body.is_empty() && !headers.contains_key(http::header::CONTENT_TYPE)
}

/// A form body (`application/x-www-form-urlencoded`). A request with no
/// body and no `Content-Type` sent none, which a required body refuses;
/// with the form's `Content-Type` it is the form of no fields.
pub fn body_form<T: serde::de::DeserializeOwned>(
    headers: &HeaderMap,
    body: &[u8],
    required: bool,
) -> Result<Option<T>, Rejection> {
    match (is_absent(headers, body), required) {
        (true, true) => return Err(Rejection::bad_request("the request body is required")),
        (true, false) => return Ok(None),
        (false, _) => {}
    }
    serde_html_form::from_bytes(body)
        .map(Some)
        .map_err(|e| Rejection::bad_request(format!("the request body is not a valid form: {e}")))
}

/// A `multipart/form-data` body, parsed with the boundary its
/// `Content-Type` names; a body that is not one -> 400, and so is one
/// without a part its schema requires (`required_parts`) or, where the
/// schema allows no others (`additionalProperties: false`), with a part
/// outside `known_parts`.
pub fn body_multipart(
    headers: &HeaderMap,
    body: &[u8],
    required: bool,
    required_parts: &[&str],
    known_parts: Option<&[&str]>,
) -> Result<Option<crate::Multipart>, Rejection> {
    if body.is_empty() && !required {
        return Ok(None);
    }
    let content_type = headers.get(http::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let multipart = crate::Multipart::parse(body, content_type)
        .map_err(|e| Rejection::bad_request(format!("the request body is not valid multipart/form-data: {e}")))?;
    if let Some(name) = required_parts.iter().find(|name| multipart.get(name).is_none()) {
        return Err(Rejection::bad_request(format!("the request body has no part `{name}`, which is required")));
    }
    let unknown =
        known_parts.and_then(|known| multipart.parts().iter().find(|part| !known.contains(&part.name.as_str())));
    if let Some(part) = unknown {
        return Err(Rejection::bad_request(format!(
            "the request body has a part `{}` its schema does not name",
            part.name
        )));
    }
    Ok(Some(multipart))
}

/// A value that must be present.
pub fn required<T>(value: Option<T>, what: &str, wire: &str) -> Result<T, Rejection> {
    value.ok_or_else(|| Rejection::bad_request(format!("missing {what} `{wire}`")))
}

/// A list parameter sent as one delimited value.
pub fn split_list<T: FromStr>(text: &str, delimiter: &str, wire: &str) -> Result<Vec<T>, Rejection> {
    if text.is_empty() {
        return Ok(Vec::new());
    }
    text.split(delimiter).map(|v| parse(v, wire, "parameter")).collect()
}

/// A structured parameter: its JSON text, or else the text itself as a
/// string (a union's text variant travels as plain text).
pub fn json_param<T: serde::de::DeserializeOwned>(text: &str, wire: &str) -> Result<T, Rejection> {
    serde_json::from_str(text).or_else(|e| {
        serde_json::from_value(serde_json::Value::String(text.to_string()))
            .map_err(|_| Rejection::bad_request(format!("parameter `{wire}` is not valid JSON of its schema: {e}")))
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_whole_number_written_as_a_float_reads_as_an_integer() {
        #[derive(serde::Deserialize, Debug, PartialEq)]
        struct Card {
            month: i64,
            year: u64,
            amount: f64,
        }
        let sent = br#"{"month": -51562930099.0, "year": 2.0e3, "amount": 12}"#;
        let card: Card = super::body_json(sent, true, 422).unwrap().unwrap();
        assert_eq!(card, Card { month: -51_562_930_099, year: 2000, amount: 12.0 });
        let rounded =
            super::body_json::<Card>(br#"{"month": -9223372036854775809, "year": 1, "amount": 1}"#, true, 422);
        assert_eq!(rounded.unwrap_err().status, 422, "read as a float, it would round to i64::MIN");
        let fraction = super::body_json::<Card>(br#"{"month": 1.5, "year": 1, "amount": 1}"#, true, 422);
        assert_eq!(fraction.unwrap_err().status, 422);
        let beyond = super::body_json::<Card>(br#"{"month": 1e19, "year": 1, "amount": 1}"#, true, 422);
        assert_eq!(beyond.unwrap_err().status, 422, "no i64 holds it");
    }

    #[test]
    fn a_body_sent_as_null_is_refused_where_its_schema_does_not_allow_it() {
        assert_eq!(super::body_json::<Vec<i64>>(b"null", false, 422).unwrap_err().status, 422);
        assert_eq!(super::body_json::<Option<Vec<i64>>>(b"null", false, 422).unwrap(), Some(None));
    }

    #[test]
    fn a_segment_of_several_parameters_splits_at_its_texts() {
        let split = super::split_segment;
        assert_eq!(split("abc123.patch", &["", ".", ""]), Some(vec!["abc123", "patch"]));
        assert_eq!(split("repo-issues-7.zip", &["", "-issues-", ".zip"]), Some(vec!["repo", "7"]));
        assert_eq!(split("v2", &["v", ""]), Some(vec!["2"]));
        assert_eq!(split("a.b.c", &["", ".", ""]), Some(vec!["a", "b.c"]));
        assert_eq!(split("é.x", &["", ".", ""]), Some(vec!["é", "x"]));
        assert_eq!(split("abc", &["", ".", ""]), None);
        assert_eq!(split(".patch", &["", ".", ""]), None, "a parameter is never empty");
        assert_eq!(split("x2", &["v", ""]), None);
    }

    fn with_authorization(value: &str) -> http::HeaderMap {
        let mut headers = http::HeaderMap::new();
        headers.insert(http::header::AUTHORIZATION, value.parse().unwrap());
        headers
    }

    #[test]
    fn an_authorization_header_is_read_for_its_scheme_and_refused_for_another() {
        let bearer = with_authorization("Bearer tok_1");
        assert_eq!(super::bearer(&bearer).unwrap().unwrap().expose(), "tok_1");
        assert_eq!(super::basic(&bearer).unwrap_err().status, 401, "a bearer token is no basic credential");

        // `ada:pw`, with the scheme in another case.
        let basic = with_authorization("bASIC YWRhOnB3");
        let credentials = super::basic(&basic).unwrap().unwrap();
        assert_eq!((credentials.username.as_str(), credentials.password.expose()), ("ada", "pw"));
        assert_eq!(super::bearer(&basic).unwrap_err().status, 401);

        assert_eq!(super::bearer(&with_authorization("Bearer  ")).unwrap_err().status, 401);
        assert_eq!(super::basic(&with_authorization("Basic not-base64")).unwrap_err().status, 401);
        assert!(super::bearer(&http::HeaderMap::new()).unwrap().is_none());
    }

    use axum::body::Body;
    use bytes::Bytes;

    use super::{parse_request, Incoming, Rejection};

    fn request(body: Body) -> (http::request::Parts, Body) {
        http::Request::builder().uri("/notes/7").body(body).unwrap().into_parts()
    }

    /// A body that fails when read: reading it at all shows in the result.
    fn unreadable() -> Body {
        Body::from_stream(futures_util::stream::once(async { Err::<Bytes, _>(std::io::Error::other("read")) }))
    }

    /// A parser that keeps the body it is given.
    fn body_of(request: Incoming) -> Result<Bytes, Rejection> {
        Ok(request.body)
    }

    #[tokio::test]
    async fn the_body_is_read_whole_only_when_the_operation_takes_one() {
        let (parts, body) = request(Body::from("a note"));
        let read = parse_request(parts, body, Some(64), body_of).await.unwrap();
        assert_eq!(read, "a note");

        let (parts, body) = request(unreadable());
        let read = parse_request(parts, body, None, body_of).await.unwrap();
        assert!(read.is_empty());
    }

    #[tokio::test]
    async fn a_body_over_the_limit_is_refused_with_413() {
        let (parts, body) = request(Body::from("a note longer than the limit"));
        let refused = parse_request(parts, body, Some(8), body_of).await.unwrap_err();
        assert_eq!(refused.status, 413);
        assert_eq!(refused.message, "the request body is larger than 8 bytes");
    }

    #[tokio::test]
    async fn path_parameters_the_router_did_not_give_are_refused_when_read() {
        let (parts, body) = request(Body::empty());
        let parse = |request: Incoming| request.path.get::<u32>("p0", "noteId");
        let refused = parse_request(parts, body, None, parse).await.unwrap_err();
        assert_eq!(refused.status, 400);
        assert!(refused.message.starts_with("invalid path"), "{}", refused.message);
    }

    #[test]
    fn an_integer_too_large_for_its_type_is_out_of_range() {
        let error = super::parse::<i64>("9223372036854775808", "id", "path parameter").unwrap_err();
        assert_eq!(error.message, "path parameter `id`: `9223372036854775808` is out of range for i64");
        let error = super::parse::<i64>("nine", "id", "path parameter").unwrap_err();
        assert_eq!(error.message, "path parameter `id` has an invalid value `nine`");
        let json = serde_json::from_str::<i64>("9223372036854775808").unwrap_err();
        assert_eq!(
            super::shape_error(&json),
            "integer `9223372036854775808` is out of range for i64 at line 1 column 19"
        );
    }

    #[test]
    fn a_body_is_absent_only_without_bytes_and_without_a_content_type() {
        let mut headers = http::HeaderMap::new();
        assert_eq!(super::body_bytes(&headers, Bytes::new()), None);
        assert_eq!(super::body_text(&headers, b"").unwrap(), None);
        headers.insert(http::header::CONTENT_TYPE, http::HeaderValue::from_static("text/plain"));
        assert_eq!(super::body_bytes(&headers, Bytes::new()), Some(Bytes::new()));
        assert_eq!(super::body_text(&headers, b"").unwrap(), Some(String::new()));
    }

    #[test]
    fn a_required_form_refuses_no_body_and_reads_an_empty_form_as_no_fields() {
        type Form = std::collections::BTreeMap<String, String>;
        let mut headers = http::HeaderMap::new();
        assert_eq!(super::body_form::<Form>(&headers, b"", true).unwrap_err().status, 400);
        assert_eq!(super::body_form::<Form>(&headers, b"", false).unwrap(), None);
        headers.insert(http::header::CONTENT_TYPE, http::HeaderValue::from_static("application/x-www-form-urlencoded"));
        assert_eq!(super::body_form::<Form>(&headers, b"", true).unwrap(), Some(Form::new()));
        let form = super::body_form::<Form>(&headers, b"enabled=true", true).unwrap().unwrap();
        assert_eq!(form["enabled"], "true");
    }

    #[test]
    fn a_union_parameter_is_read_from_json_or_as_plain_text() {
        #[derive(Debug, PartialEq, serde::Deserialize)]
        #[serde(untagged)]
        enum Id {
            Number(i64),
            Name(String),
            Pair { a: i64 },
        }
        assert_eq!(super::json_param::<Id>("7", "id").unwrap(), Id::Number(7));
        assert_eq!(super::json_param::<Id>("name:asc", "id").unwrap(), Id::Name("name:asc".into()));
        assert_eq!(super::json_param::<Id>(r#"{"a":1}"#, "id").unwrap(), Id::Pair { a: 1 });
        assert_eq!(super::json_param::<i64>("seven", "id").unwrap_err().status, 400);
    }

    #[test]
    fn an_empty_delimited_list_is_the_empty_list() {
        let (parts, _) = http::Request::builder().uri("/pets?ids=&tags=a,b").body(()).unwrap().into_parts();
        let query = super::QueryParams::parse(&parts);
        assert_eq!(query.list::<i64>("ids", false, ",").unwrap(), Some(Vec::new()));
        assert_eq!(query.list::<String>("tags", false, ",").unwrap(), Some(vec!["a".to_string(), "b".to_string()]));
        assert_eq!(query.list::<i64>("gone", false, ",").unwrap(), None);
    }
}
