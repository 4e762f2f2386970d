//! Docusaurus openapi-docs MDX pages: the operation is the decoded
//! front-matter `api:` field, its method and path come from the page's
//! `<MethodEndpoint>` element.

use std::sync::LazyLock;

use regex::Regex;
use serde_json::{json, Map, Value};

use crate::error::IngestError;
use crate::{api_field, Source, HTTP_METHODS};

/// What an MDX page does not say; the overlay can change it.
pub const ASSUMED_OPENAPI_VERSION: &str = "3.0.3";

/// The keys of the decoded field that belong in an OpenAPI operation object;
/// the rest (`method`, `path`, `info`, `servers`, `securitySchemes`,
/// `postman`, `jsonRequestBodyExample`, ...) is Docusaurus's own, and
/// `info`, `servers`, `securitySchemes` go to the document.
const OPERATION_KEYS: &[&str] = &[
    "tags",
    "summary",
    "description",
    "externalDocs",
    "operationId",
    "parameters",
    "requestBody",
    "responses",
    "callbacks",
    "deprecated",
    "security",
];

static ENDPOINT: LazyLock<Regex> = LazyLock::new(|| compile(r"<MethodEndpoint\b[^>]*>"));
static METHOD: LazyLock<Regex> = LazyLock::new(|| compile(r#"\bmethod=(?:\{\s*("(?:[^"\\]|\\.)*")\s*\}|("[^"]*"))"#));
static PATH: LazyLock<Regex> = LazyLock::new(|| compile(r#"\bpath=(?:\{\s*("(?:[^"\\]|\\.)*")\s*\}|("[^"]*"))"#));

fn compile(pattern: &str) -> Regex {
    Regex::new(pattern).expect("the patterns above are valid")
}

/// The page's OpenAPI document, or `None` when it is not a Docusaurus
/// openapi-docs page (no front-matter `api:` field).
pub fn document(page: &Source) -> Result<Option<Map<String, Value>>, IngestError> {
    let Some((line, field)) = api_field::find(&page.text) else {
        return Ok(None);
    };
    let api = api_field::decode(page, line, field)?;
    let (method, path) = endpoint(page)?;
    let operation: Map<String, Value> = api
        .iter()
        .filter(|(key, _)| OPERATION_KEYS.contains(&key.as_str()) || key.starts_with("x-"))
        .map(|(key, value)| (key.clone(), value.clone()))
        .collect();
    let mut document = Map::new();
    document.insert("openapi".into(), ASSUMED_OPENAPI_VERSION.into());
    for key in ["info", "servers"] {
        if let Some(value) = api.get(key) {
            document.insert(key.into(), value.clone());
        }
    }
    document.insert("paths".into(), json!({ path: { method: operation } }));
    if let Some(schemes) = api.get("securitySchemes") {
        document.insert("components".into(), json!({ "securitySchemes": schemes }));
    }
    Ok(Some(document))
}

/// The method (lowercase) and path of the page's `<MethodEndpoint>`.
fn endpoint(page: &Source) -> Result<(String, String), IngestError> {
    let problem = |problem: String| IngestError::Endpoint { page: page.label.clone(), problem };
    let mut elements = ENDPOINT.find_iter(&page.text);
    let element = elements.next().ok_or_else(|| {
        problem("no `<MethodEndpoint>` element, so the operation's method and path are unknown".into())
    })?;
    if let Some(second) = elements.next() {
        return Err(problem(format!(
            "two `<MethodEndpoint>` elements (lines {} and {}); a page describes one operation",
            line_of(&page.text, element.start()),
            line_of(&page.text, second.start())
        )));
    }
    let line = line_of(&page.text, element.start());
    let attribute = |name: &str, pattern: &Regex| {
        string_attribute(pattern, element.as_str())
            .ok_or_else(|| problem(format!("the `<MethodEndpoint>` at line {line} has no string `{name}` attribute")))
    };
    let method = attribute("method", &METHOD)?.to_ascii_lowercase();
    let path = attribute("path", &PATH)?;
    if !HTTP_METHODS.contains(&method.as_str()) {
        return Err(problem(format!(
            "the `<MethodEndpoint>` at line {line} has method `{method}`, not an HTTP method"
        )));
    }
    if !path.starts_with('/') {
        return Err(problem(format!(
            "the `<MethodEndpoint>` at line {line} has path `{path}`, which does not start with `/`"
        )));
    }
    Ok((method, path))
}

/// The value of `name={"..."}` (a JSON string) or `name="..."`.
fn string_attribute(pattern: &Regex, element: &str) -> Option<String> {
    let captures = pattern.captures(element)?;
    match (captures.get(1), captures.get(2)) {
        (Some(json), _) => serde_json::from_str(json.as_str()).ok(),
        (None, Some(plain)) => Some(plain.as_str().trim_matches('"').to_string()),
        (None, None) => None,
    }
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset].matches('\n').count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_json_and_plain_attributes() {
        let element = r#"<MethodEndpoint method={"DELETE"} path="/v1/a/{b}" context={"endpoint"}>"#;
        assert_eq!(string_attribute(&METHOD, element).as_deref(), Some("DELETE"));
        assert_eq!(string_attribute(&PATH, element).as_deref(), Some("/v1/a/{b}"));
        assert_eq!(string_attribute(&PATH, r#"<MethodEndpoint path={"/a\"b"}>"#).as_deref(), Some("/a\"b"));
    }
}
