//! Markdown pages that embed their OpenAPI document in a fenced `yaml` or
//! `json` block (as Mintlify-built pages do): the block is taken as is.

use serde_json::{Map, Value};

use crate::error::{BlockProblem, IngestError};
use crate::fence::{fenced_blocks, FencedBlock};
use crate::Source;

/// The one OpenAPI document embedded in `page`.
pub fn embedded_document(page: &Source) -> Result<Map<String, Value>, IngestError> {
    let blocks: Vec<FencedBlock> = fenced_blocks(&page.text)
        .into_iter()
        .filter(|b| matches!(b.language.as_str(), "yaml" | "yml" | "json"))
        .collect();
    if blocks.is_empty() {
        return Err(IngestError::NoSpec { page: page.label.clone() });
    }
    let mut documents = Vec::new();
    let mut problems = Vec::new();
    for block in &blocks {
        match openapi_document(block) {
            Ok(document) => documents.push((block.line, document)),
            Err(problem) => problems.push(BlockProblem { line: block.line, problem }),
        }
    }
    match documents.len() {
        0 => Err(IngestError::NotOpenApi { page: page.label.clone(), blocks: problems }),
        1 => Ok(documents.remove(0).1),
        _ => Err(IngestError::SeveralSpecs {
            page: page.label.clone(),
            lines: documents.iter().map(|(line, _)| *line).collect(),
        }),
    }
}

/// The block as an OpenAPI document, or why it is not one.
fn openapi_document(block: &FencedBlock) -> Result<Map<String, Value>, String> {
    // Parsed as if at its place in the page, so that syntax errors give page lines.
    let text = format!("{}{}", "\n".repeat(block.line), block.content);
    let document = apiforge_ir::parse_value(&text).map_err(|d| d.message)?;
    let Value::Object(object) = document else {
        return Err("not a mapping".to_string());
    };
    if let Some(version) = object.get("swagger") {
        return Err(format!(
            "a Swagger {} document; apiforge reads OpenAPI 3 (convert it first, for example with swagger2openapi)",
            version.as_str().map_or_else(|| version.to_string(), str::to_string)
        ));
    }
    if !object.contains_key("openapi") {
        return Err("no `openapi` field at its top".to_string());
    }
    Ok(object)
}
