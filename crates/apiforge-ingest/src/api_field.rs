//! The front-matter `api:` field of a Docusaurus openapi-docs MDX page:
//! base64 of zlib-compressed JSON describing one operation.

use std::io::Read;

use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::Engine;
use flate2::read::ZlibDecoder;
use serde_json::{Map, Value};

use crate::error::IngestError;
use crate::Source;

/// More than this much JSON for one operation is not a real page.
const MAX_DECOMPRESSED: u64 = 16 << 20;

const BASE64: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// The raw `api:` field and its page line, if the page's front matter has one.
pub fn find(page: &str) -> Option<(usize, &str)> {
    let mut lines = page.lines().enumerate();
    if lines.next().map(|(_, l)| l.trim_end()) != Some("---") {
        return None;
    }
    lines.take_while(|(_, line)| line.trim_end() != "---").find_map(|(index, line)| {
        let value = line.strip_prefix("api:")?.trim();
        let unquoted = value.strip_prefix('"').and_then(|v| v.strip_suffix('"'));
        Some((index + 1, unquoted.unwrap_or(value)))
    })
}

/// Decodes the field found at `line` of `page` into its JSON object.
pub fn decode(page: &Source, line: usize, field: &str) -> Result<Map<String, Value>, IngestError> {
    let label = || page.label.clone();
    let compressed =
        BASE64.decode(field).map_err(|e| IngestError::Base64 { page: label(), line, detail: e.to_string() })?;
    let mut json = Vec::new();
    ZlibDecoder::new(compressed.as_slice())
        .take(MAX_DECOMPRESSED + 1)
        .read_to_end(&mut json)
        .map_err(|e| IngestError::Zlib { page: label(), line, detail: e.to_string() })?;
    if json.len() as u64 > MAX_DECOMPRESSED {
        let detail = format!("it decompresses to more than {} MiB", MAX_DECOMPRESSED >> 20);
        return Err(IngestError::Zlib { page: label(), line, detail });
    }
    match serde_json::from_slice(&json) {
        Ok(Value::Object(object)) => Ok(object),
        Ok(other) => Err(IngestError::ApiJson { page: label(), line, detail: format!("found {}", kind(&other)) }),
        Err(e) => Err(IngestError::ApiJson { page: label(), line, detail: e.to_string() }),
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_field_only_in_the_front_matter() {
        assert_eq!(find("---\nid: x\napi: \"eJw=\"\n---\n"), Some((3, "eJw=")));
        assert_eq!(find("---\nid: x\n---\napi: eJw=\n"), None);
        assert_eq!(find("# title\napi: eJw=\n"), None);
    }
}
