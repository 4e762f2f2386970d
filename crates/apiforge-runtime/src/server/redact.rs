//! Credentials kept out of `Debug` output. A handler's request carries the
//! HTTP parts it came with; printing it (`{req:?}` in a log line) must not
//! print the credential those parts hold.

use std::fmt;

use http::request::Parts;
use http::HeaderMap;

/// Marks the values of the headers `names` sensitive: `Debug` of the header
/// map then prints `Sensitive` for them (http's own marking).
pub fn hide_credential_headers(headers: &mut HeaderMap, names: &[&str]) {
    for (name, value) in headers.iter_mut() {
        if names.iter().any(|hidden| name.as_str().eq_ignore_ascii_case(hidden)) {
            value.set_sensitive(true);
        }
    }
}

/// `Debug` of request parts whose query holds credentials: the values of
/// the query parameters `keys` print as `Sensitive`, and the rest as
/// `Parts` prints it (extensions left out).
pub struct RedactedParts<'a> {
    pub parts: &'a Parts,
    pub query_keys: &'a [&'a str],
}

impl fmt::Debug for RedactedParts<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let uri = RedactedUri { uri: &self.parts.uri, query_keys: self.query_keys };
        f.debug_struct("Parts")
            .field("method", &self.parts.method)
            .field("uri", &uri)
            .field("version", &self.parts.version)
            .field("headers", &self.parts.headers)
            .finish_non_exhaustive()
    }
}

struct RedactedUri<'a> {
    uri: &'a http::Uri,
    query_keys: &'a [&'a str],
}

impl fmt::Debug for RedactedUri<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.uri.path())?;
        let Some(query) = self.uri.query() else { return Ok(()) };
        for (index, pair) in query.split('&').enumerate() {
            f.write_str(if index == 0 { "?" } else { "&" })?;
            let key = pair.split_once('=').map_or(pair, |(key, _)| key);
            let decoded: Vec<(String, String)> = form_urlencoded::parse(key.as_bytes()).into_owned().collect();
            let hidden = decoded.first().is_some_and(|(name, _)| self.query_keys.contains(&name.as_str()));
            if hidden {
                write!(f, "{key}=Sensitive")?;
            } else {
                f.write_str(pair)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(uri: &str, headers: &[(&str, &str)]) -> Parts {
        let mut request = http::Request::builder().uri(uri);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        request.body(()).unwrap().into_parts().0
    }

    #[test]
    fn credential_headers_print_as_sensitive() {
        let mut parts = parts("/x", &[("authorization", "Bearer tok_5"), ("x-api-key", "k_7"), ("accept", "a/b")]);
        hide_credential_headers(&mut parts.headers, &["Authorization", "X-Api-Key"]);
        let printed = format!("{parts:?}");
        assert!(!printed.contains("tok_5") && !printed.contains("k_7"), "{printed}");
        assert!(printed.contains("Sensitive") && printed.contains("a/b"), "{printed}");
    }

    #[test]
    fn credential_query_parameters_print_as_sensitive() {
        let parts = parts("/x?page=2&api%5Fkey=k_7&api_key=k_8", &[]);
        let printed = format!("{:?}", RedactedParts { parts: &parts, query_keys: &["api_key"] });
        assert!(!printed.contains("k_7") && !printed.contains("k_8"), "{printed}");
        assert!(printed.contains("/x?page=2&api%5Fkey=Sensitive&api_key=Sensitive"), "{printed}");
    }
}
