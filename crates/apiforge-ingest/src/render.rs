//! The spec as YAML text: a comment header, then the document with its top
//! level in the OpenAPI specification's order. Same document, same bytes.

use serde_json::{Map, Value};

use crate::error::IngestError;

const TOP_LEVEL_ORDER: &[&str] = &[
    "openapi",
    "info",
    "jsonSchemaDialect",
    "servers",
    "security",
    "tags",
    "externalDocs",
    "paths",
    "webhooks",
    "components",
];

/// `document` as YAML, after `header` as `#` comment lines.
pub fn to_yaml(document: &Map<String, Value>, header: &str) -> Result<String, IngestError> {
    let mut entries: Vec<(&String, &Value)> = document.iter().collect();
    entries.sort_by_key(|(key, _)| TOP_LEVEL_ORDER.iter().position(|k| k == key).unwrap_or(TOP_LEVEL_ORDER.len()));
    let ordered: Map<String, Value> = entries.into_iter().map(|(k, v)| (k.clone(), v.clone())).collect();
    let body = serde_yaml::to_string(&ordered).map_err(|e| IngestError::Render { detail: e.to_string() })?;
    let comments: String =
        header.lines().map(|line| if line.is_empty() { "#\n".to_string() } else { format!("# {line}\n") }).collect();
    Ok(comments + &body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn orders_the_top_level_and_writes_the_header_as_comments() {
        let document = json!({"paths": {}, "x-extra": 1, "info": {"title": "T", "version": "1"}, "openapi": "3.0.3"});
        let yaml = to_yaml(document.as_object().unwrap_or(&Map::new()), "Made by a test.\n\nTwo lines.");
        assert_eq!(
            yaml.ok().as_deref(),
            Some("# Made by a test.\n#\n# Two lines.\nopenapi: 3.0.3\ninfo:\n  title: T\n  version: '1'\npaths: {}\nx-extra: 1\n")
        );
    }
}
