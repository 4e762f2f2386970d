//! Security schemes and the requirements operations place on them.

use indexmap::IndexMap;
use openapiv3::{APIKeyLocation, ReferenceOr, SecurityRequirement};

use super::Lowerer;
use crate::diagnostic::{pointer_child, pointer_push, Diagnostic};
use crate::model::{ApiKeyLocation, SchemeId, Security, SecurityKind, SecurityScheme};
use crate::naming::{camel_ident, snake_ident, NameScope};

impl Lowerer<'_> {
    /// Every scheme under `components/securitySchemes`, in document order.
    /// Schemes behind an unresolvable `$ref` are reported where they are used.
    pub(super) fn security_schemes(&self) -> Vec<SecurityScheme> {
        let Some(components) = &self.doc.components else { return Vec::new() };
        let mut types = NameScope::new();
        let mut fields = NameScope::new();
        let mut schemes = Vec::new();
        for (key, scheme) in &components.security_schemes {
            let ReferenceOr::Item(scheme) = scheme else { continue };
            let (kind, description) = match scheme {
                openapiv3::SecurityScheme::HTTP { scheme, bearer_format, description, .. } => {
                    let kind = if scheme.eq_ignore_ascii_case("basic") {
                        SecurityKind::Basic
                    } else {
                        SecurityKind::Bearer { format: bearer_format.clone() }
                    };
                    (kind, description)
                }
                openapiv3::SecurityScheme::APIKey { location, name, description, .. } => {
                    let location = match location {
                        APIKeyLocation::Header => ApiKeyLocation::Header,
                        APIKeyLocation::Query => ApiKeyLocation::Query,
                        APIKeyLocation::Cookie => ApiKeyLocation::Cookie,
                    };
                    (SecurityKind::ApiKey { location, name: name.clone() }, description)
                }
                openapiv3::SecurityScheme::OAuth2 { description, .. }
                | openapiv3::SecurityScheme::OpenIDConnect { description, .. } => {
                    (SecurityKind::Bearer { format: None }, description)
                }
            };
            schemes.push(SecurityScheme {
                key: key.clone(),
                type_name: types.claim(&camel_ident(key)),
                field_name: fields.claim(&snake_ident(key)),
                description: description.clone(),
                kind,
            });
        }
        schemes
    }

    /// An operation's security: its own `security`, else the document's.
    pub(super) fn security(
        &self,
        schemes: &[SecurityScheme],
        requirements: Option<&Vec<SecurityRequirement>>,
        pointer: &str,
    ) -> Result<Security, Diagnostic> {
        let (requirements, pointer) = match requirements {
            Some(r) => (r, pointer_child(pointer, "security")),
            None => match &self.doc.security {
                Some(r) => (r, "#/security".to_string()),
                None => return Ok(Security::default()),
            },
        };
        let mut security = Security::default();
        for (i, requirement) in requirements.iter().enumerate() {
            if requirement.is_empty() {
                security.optional = true;
                continue;
            }
            security.alternatives.push(scheme_ids(schemes, requirement, &format!("{pointer}/{i}"))?);
        }
        // `security: []` or only `{}`: no credential at all.
        if security.alternatives.is_empty() {
            security.optional = false;
        }
        Ok(security)
    }
}

fn scheme_ids(
    schemes: &[SecurityScheme],
    requirement: &IndexMap<String, Vec<String>>,
    pointer: &str,
) -> Result<Vec<SchemeId>, Diagnostic> {
    requirement
        .keys()
        .map(|key| {
            schemes.iter().position(|s| &s.key == key).map(SchemeId).ok_or_else(|| {
                Diagnostic::at(pointer_push(pointer, key), format!("security scheme `{key}` is not defined"))
                    .with_help(format!("add `{key}` under `components/securitySchemes`"))
            })
        })
        .collect()
}
