//! `multipart/form-data` bodies (RFC 7578): named parts, each text or a
//! file, encoded by clients and parsed by servers.

use std::fmt::Display;

use bytes::Bytes;

/// A `multipart/form-data` body: its parts, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Multipart {
    parts: Vec<Part>,
}

/// One part of a [`Multipart`] body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// The form field's name.
    pub name: String,
    /// The file name, for a file part.
    pub filename: Option<String>,
    /// The part's media type, when it states one.
    pub content_type: Option<String>,
    pub data: Bytes,
}

impl Part {
    /// The part's data as text, when it is UTF-8.
    pub fn text(&self) -> Option<&str> {
        std::str::from_utf8(&self.data).ok()
    }
}

impl Multipart {
    pub fn new() -> Multipart {
        Multipart::default()
    }

    /// Adds a text field.
    pub fn text(mut self, name: impl Into<String>, value: impl Display) -> Multipart {
        let data = Bytes::from(value.to_string());
        self.parts.push(Part { name: name.into(), filename: None, content_type: None, data });
        self
    }

    /// Adds a file: its bytes, file name and media type.
    pub fn file(
        mut self,
        name: impl Into<String>,
        filename: impl Into<String>,
        content_type: impl Into<String>,
        data: impl Into<Bytes>,
    ) -> Multipart {
        let part = Part {
            name: name.into(),
            filename: Some(filename.into()),
            content_type: Some(content_type.into()),
            data: data.into(),
        };
        self.parts.push(part);
        self
    }

    /// Adds a field holding `value` as JSON (for object and array fields).
    pub fn json<T: serde::Serialize>(
        mut self,
        name: impl Into<String>,
        value: &T,
    ) -> Result<Multipart, serde_json::Error> {
        let data = Bytes::from(serde_json::to_vec(value)?);
        self.parts.push(Part {
            name: name.into(),
            filename: None,
            content_type: Some("application/json".into()),
            data,
        });
        Ok(self)
    }

    pub fn parts(&self) -> &[Part] {
        &self.parts
    }

    /// The first part named `name`.
    pub fn get(&self, name: &str) -> Option<&Part> {
        self.parts.iter().find(|p| p.name == name)
    }

    /// The body and its `Content-Type` (with a boundary found in no part).
    pub fn encode(&self) -> (Vec<u8>, String) {
        let boundary = (0u64..)
            .map(|n| format!("apiforge-boundary-{:016x}", seed() ^ n.wrapping_mul(0x9e37_79b9_7f4a_7c15)))
            .find(|b| !self.parts.iter().any(|p| contains(&p.data, b.as_bytes())))
            .unwrap_or_default();
        let mut body = Vec::new();
        for part in &self.parts {
            body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
            let mut disposition = format!("Content-Disposition: form-data; name=\"{}\"", escape(&part.name));
            if let Some(filename) = &part.filename {
                disposition.push_str(&format!("; filename=\"{}\"", escape(filename)));
            }
            body.extend_from_slice(disposition.as_bytes());
            body.extend_from_slice(b"\r\n");
            if let Some(content_type) = &part.content_type {
                body.extend_from_slice(
                    format!("Content-Type: {}\r\n", content_type.replace(['\r', '\n'], " ")).as_bytes(),
                );
            }
            body.extend_from_slice(b"\r\n");
            body.extend_from_slice(&part.data);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        (body, format!("multipart/form-data; boundary={boundary}"))
    }

    /// Parses a body sent with `content_type`; the error says what is wrong.
    pub fn parse(body: &[u8], content_type: &str) -> Result<Multipart, String> {
        let (media, params) = content_type.split_once(';').unwrap_or((content_type, ""));
        if !media.trim().eq_ignore_ascii_case("multipart/form-data") {
            return Err(format!("expected multipart/form-data, got `{}`", media.trim()));
        }
        let boundary = header_params(params)
            .into_iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("boundary"))
            .map(|(_, v)| v)
            .filter(|b| !b.is_empty())
            .ok_or("the Content-Type has no boundary")?;
        let delimiter = format!("--{boundary}");
        let start = find(body, delimiter.as_bytes()).ok_or("no part delimiter in the body")?;
        let mut rest = &body[start + delimiter.len()..];
        let next_delimiter = format!("\r\n--{boundary}");
        let mut parts = Vec::new();
        loop {
            if rest.starts_with(b"--") {
                return Ok(Multipart { parts });
            }
            rest = rest.strip_prefix(b"\r\n").ok_or("a delimiter is not followed by a line break")?;
            let end = find(rest, next_delimiter.as_bytes()).ok_or("the body ends without its closing delimiter")?;
            parts.push(parse_part(&rest[..end])?);
            rest = &rest[end + next_delimiter.len()..];
        }
    }
}

fn parse_part(raw: &[u8]) -> Result<Part, String> {
    let split = find(raw, b"\r\n\r\n").ok_or("a part has no blank line after its headers")?;
    let head = std::str::from_utf8(&raw[..split]).map_err(|_| "a part's headers are not UTF-8")?;
    let data = Bytes::copy_from_slice(&raw[split + 4..]);
    let (mut name, mut filename, mut content_type) = (None, None, None);
    for line in head.split("\r\n") {
        let Some((key, value)) = line.split_once(':') else { continue };
        if key.trim().eq_ignore_ascii_case("content-disposition") {
            for (k, v) in header_params(value.split_once(';').map_or("", |(_, p)| p)) {
                match k.to_ascii_lowercase().as_str() {
                    "name" => name = Some(v),
                    "filename" => filename = Some(v),
                    _ => {}
                }
            }
        } else if key.trim().eq_ignore_ascii_case("content-type") {
            content_type = Some(value.trim().to_string());
        }
    }
    let name = name.ok_or("a part has no name in its Content-Disposition")?;
    Ok(Part { name, filename, content_type, data })
}

/// `; a=b; c="d"` -> [(a, b), (c, d)], with `%22`, `%0D`, `%0A` decoded
/// in quoted values (how RFC 7578 senders escape them).
fn header_params(params: &str) -> Vec<(String, String)> {
    crate::header_text::split_unquoted(params, ';')
        .into_iter()
        .filter_map(|p| p.split_once('='))
        .map(|(k, v)| {
            let v = v.trim();
            let v = v.strip_prefix('"').and_then(|v| v.strip_suffix('"')).map_or_else(|| v.to_string(), unescape);
            (k.trim().to_string(), v)
        })
        .collect()
}

fn escape(value: &str) -> String {
    value.replace('"', "%22").replace('\r', "%0D").replace('\n', "%0A")
}

fn unescape(value: &str) -> String {
    value.replace("%22", "\"").replace("%0D", "\r").replace("%0A", "\n")
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    find(haystack, needle).is_some()
}

/// Varies boundaries between bodies (they need not be secret, only absent
/// from the data, which `encode` checks).
fn seed() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let time = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos() as u64);
    time ^ COUNTER.fetch_add(1, Ordering::Relaxed).rotate_left(32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encoded_bodies_parse_back() {
        let form = Multipart::new()
            .text("title", "a \"quoted\" name")
            .file("upload", "report.bin", "application/octet-stream", vec![0u8, 255, 13, 10, 45, 45])
            .json("meta", &serde_json::json!({"k": 1}))
            .unwrap();
        let (body, content_type) = form.encode();
        assert!(content_type.starts_with("multipart/form-data; boundary=apiforge-boundary-"));
        let parsed = Multipart::parse(&body, &content_type).unwrap();
        assert_eq!(parsed, form);
        assert_eq!(parsed.get("title").and_then(Part::text), Some("a \"quoted\" name"));
    }

    #[test]
    fn malformed_bodies_say_what_is_wrong() {
        let ct = "multipart/form-data; boundary=X";
        assert_eq!(
            Multipart::parse(b"", "application/json").unwrap_err(),
            "expected multipart/form-data, got `application/json`"
        );
        assert_eq!(Multipart::parse(b"", "multipart/form-data").unwrap_err(), "the Content-Type has no boundary");
        assert_eq!(Multipart::parse(b"nothing", ct).unwrap_err(), "no part delimiter in the body");
        let unterminated = b"--X\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nvalue";
        assert_eq!(Multipart::parse(unterminated, ct).unwrap_err(), "the body ends without its closing delimiter");
        let nameless = b"--X\r\nContent-Type: text/plain\r\n\r\nv\r\n--X--\r\n";
        assert_eq!(Multipart::parse(nameless, ct).unwrap_err(), "a part has no name in its Content-Disposition");
        // A quoted boundary and a preamble are fine.
        let quoted = b"preamble\r\n--X\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv\r\n--X--\r\n";
        let parsed = Multipart::parse(quoted, "multipart/form-data; boundary=\"X\"").unwrap();
        assert_eq!(parsed.get("a").and_then(Part::text), Some("v"));
    }

    #[test]
    fn a_semicolon_inside_a_quoted_file_name_is_part_of_the_name() {
        let body =
            b"--X\r\nContent-Disposition: form-data; name=\"doc\"; filename=\"a;b.pdf\"\r\n\r\n%PDF\r\n--X--\r\n";
        let parsed = Multipart::parse(body, "multipart/form-data; boundary=X").unwrap();
        assert_eq!(parsed.get("doc").and_then(|part| part.filename.as_deref()), Some("a;b.pdf"));
        let form = Multipart::new().file("doc", "x; name=\"y\".pdf", "application/pdf", b"%PDF".to_vec());
        let (body, content_type) = form.encode();
        assert_eq!(Multipart::parse(&body, &content_type).unwrap(), form);
    }
}
