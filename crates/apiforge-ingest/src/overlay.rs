//! An overlay file supplies what pages lack: `openapi`, `info` and `servers`
//! replace the pages' own; `components.securitySchemes` are added by name
//! (replacing a page's scheme of the same name).

use apiforge_ir::diagnostic::pointer_push;
use serde_json::{Map, Value};

use crate::error::IngestError;
use crate::Source;

/// Applies `overlay` to `document`.
pub fn apply(document: &mut Map<String, Value>, overlay: &Source) -> Result<(), IngestError> {
    let error =
        |location: String, problem: String| IngestError::Overlay { overlay: overlay.label.clone(), location, problem };
    let parsed = apiforge_ir::parse_value(&overlay.text).map_err(|d| error(d.location.to_string(), d.message))?;
    let Value::Object(entries) = parsed else {
        return Err(error("#".into(), "the overlay is not a mapping".into()));
    };
    for (key, value) in entries {
        match key.as_str() {
            "openapi" | "info" | "servers" => {
                document.insert(key, value);
            }
            "components" => {
                let schemes = security_schemes(value).map_err(|(location, problem)| error(location, problem))?;
                let components = document.entry("components").or_insert_with(|| Value::Object(Map::new()));
                let Some(components) = components.as_object_mut() else {
                    return Err(error("#/components".into(), "the pages' `components` is not a mapping".into()));
                };
                let target = components.entry("securitySchemes").or_insert_with(|| Value::Object(Map::new()));
                let Some(target) = target.as_object_mut() else {
                    return Err(error(
                        "#/components/securitySchemes".into(),
                        "the pages' `components.securitySchemes` is not a mapping".into(),
                    ));
                };
                target.extend(schemes);
            }
            other => {
                return Err(error(
                    pointer_push("#", other),
                    format!("`{other}` cannot be overlaid; it belongs in a page"),
                ));
            }
        }
    }
    Ok(())
}

/// The overlay's `components`, which may hold only `securitySchemes`.
fn security_schemes(components: Value) -> Result<Map<String, Value>, (String, String)> {
    let Value::Object(components) = components else {
        return Err(("#/components".into(), "`components` is not a mapping".into()));
    };
    let mut schemes = Map::new();
    for (key, value) in components {
        match (key.as_str(), value) {
            ("securitySchemes", Value::Object(value)) => schemes = value,
            ("securitySchemes", _) => {
                return Err(("#/components/securitySchemes".into(), "`securitySchemes` is not a mapping".into()))
            }
            (other, _) => {
                let location = pointer_push("#/components", other);
                return Err((location, format!("`components.{other}` cannot be overlaid; it belongs in a page")));
            }
        }
    }
    Ok(schemes)
}
