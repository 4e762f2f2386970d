//! Lowering: `openapiv3::OpenAPI` to the IR. Resolves every `$ref`, names
//! everything, and reports what apiforge does not support with a pointer.

pub(crate) mod operation;
mod refs;
mod schema;
mod security;
mod view;
mod webhook_items;

use std::collections::HashMap;

use openapiv3::{OpenAPI, ReferenceOr};

use crate::diagnostic::Diagnostic;
use crate::load::Loaded;
use crate::model::{Api, Server, Shape, Ty, TypeDef, TypeId, TypeKind};
use crate::naming::NameScope;
use crate::passes::Recorded;

/// Options for lowering.
#[derive(Debug, Clone, Default)]
pub struct LowerOptions {
    /// Leave out operations that use something unsupported (each reported as
    /// a warning) instead of failing the whole document.
    pub skip_unsupported: bool,
    /// The operations to generate (all by default), and the types to
    /// generate with them (see [`crate::select::keep_needed_types`]).
    pub selection: crate::select::Selection,
    /// Pagination declared for operations by operationId, as YAML text in
    /// the shape of the `x-pagination` extension (`false` turns it off);
    /// it comes before the spec's own `x-pagination` and before detection.
    pub pagination: Vec<(String, String)>,
    /// Types of the user's own that stand for schemas, by the schema's
    /// component name or the generated type's name, with the Rust path
    /// (`("Money", "my_crate::Money")`); the schema's `x-rust-type`
    /// extension says the same in the spec. The type must serialize as the
    /// schema's JSON.
    pub replacements: Vec<(String, String)>,
    /// Which Rust types the string formats are.
    pub formats: crate::model::Formats,
}

/// What lowering produced: the API, and warnings about the spec.
#[derive(Debug, Clone)]
pub struct Lowered {
    pub api: Api,
    pub warnings: Vec<Warning>,
}

/// Something in the spec apiforge worked around instead of refusing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Warning {
    /// An operation left out (`skip_unsupported`), and why.
    Skipped(Diagnostic),
    /// A construct read the one way its intent is plain: a `$ref` of the
    /// wrong kind, a pattern written as a number.
    Repaired(Diagnostic),
}

impl Warning {
    pub fn diagnostic(&self) -> &Diagnostic {
        match self {
            Warning::Skipped(d) | Warning::Repaired(d) => d,
        }
    }

    /// The warning with the spec's file named, as errors name it.
    pub fn in_file(self, path: &std::path::Path) -> Warning {
        match self {
            Warning::Skipped(d) => Warning::Skipped(d.in_file(path)),
            Warning::Repaired(d) => Warning::Repaired(d.in_file(path)),
        }
    }
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Warning::Skipped(d) => write!(f, "skipped: {d}"),
            Warning::Repaired(d) => write!(f, "repaired: {d}"),
        }
    }
}

/// Lowers a document; every problem found is returned, not just the first,
/// located in the document as written (a Swagger 2.0 one, when it was).
pub fn lower(loaded: &Loaded, options: &LowerOptions) -> Result<Lowered, Vec<Diagnostic>> {
    let webhooks = match options.selection.webhooks {
        true => webhook_items::path_items(&loaded.doc, &loaded.repaired.callbacks),
        false => Ok(Vec::new()),
    };
    let lowered = webhooks.and_then(|webhooks| lower_30(loaded, &webhooks, options));
    if !loaded.swagger2 {
        return lowered;
    }
    let locate = crate::swagger2::located_in_original;
    match lowered {
        Ok(mut lowered) => {
            lowered.warnings = lowered
                .warnings
                .into_iter()
                .map(|warning| match warning {
                    Warning::Skipped(d) => Warning::Skipped(locate(d)),
                    Warning::Repaired(d) => Warning::Repaired(locate(d)),
                })
                .collect();
            Ok(lowered)
        }
        Err(problems) => Err(problems.into_iter().map(locate).collect()),
    }
}

/// Lowers a 3.0 document, with the path items of the webhooks and
/// callbacks to generate.
fn lower_30(
    loaded: &Loaded,
    webhook_items: &[webhook_items::PathItemAt],
    options: &LowerOptions,
) -> Result<Lowered, Vec<Diagnostic>> {
    let doc = &loaded.doc;
    let replaced = crate::replace::paths(doc, &options.replacements)?;
    let mut lowerer = Lowerer::new(doc, replaced);
    let mut errors = lowerer.component_types();
    let security_schemes = lowerer.security_schemes();
    let (mut operations, operation_errors, mut warnings) = lowerer.operations(&security_schemes, options);
    errors.extend(operation_errors);
    // Webhooks are lowered as operations, so that every pass over the API
    // sees their types, and split off at the end.
    let own_operations = operations.len();
    let (webhooks, webhook_errors, webhook_warnings) = lowerer.webhooks(webhook_items, &security_schemes, options);
    operations.extend(webhooks);
    errors.extend(webhook_errors);
    warnings.extend(webhook_warnings);
    if !errors.is_empty() {
        return Err(errors);
    }
    let repairs = loaded.repaired.changes.iter().cloned().chain(lowerer.repairs);
    let mut warnings: Vec<Warning> =
        warnings.into_iter().map(Warning::Skipped).chain(repairs.map(Warning::Repaired)).collect();
    let webhook_use = webhook_items::webhook_use(doc);
    let webhooks = webhook_use.count;
    if webhooks > 0 && operations.is_empty() && !options.selection.webhooks {
        warnings.push(Warning::Skipped(
            Diagnostic::document(format!(
                "the spec's {webhooks} webhook(s) are left out, and no operation uses their types"
            ))
            .with_help(
                "generate them with `--webhooks` (`Generator::webhooks(true)`, `webhooks = true` in `generate_api!`)",
            ),
        ));
    }
    let mut api = Api {
        title: doc.info.title.clone(),
        version: doc.info.version.clone(),
        description: doc.info.description.clone(),
        servers: doc
            .servers
            .iter()
            .map(|s| Server { url: s.url.clone(), description: s.description.clone() })
            .collect(),
        security_schemes,
        operations,
        types: lowerer.types,
        webhooks: None,
        formats: options.formats,
    };
    let webhook_types = api
        .types
        .iter()
        .enumerate()
        .filter(|(_, def)| webhook_use.components.contains(&def.pointer))
        .map(|(index, _)| TypeId(index))
        .collect();
    let recorded = Recorded { own_operations, webhook_types, paginations: lowerer.paginations };
    crate::passes::run(&mut api, recorded, options)?;
    Ok(Lowered { api, warnings })
}

pub(crate) struct Lowerer<'a> {
    doc: &'a OpenAPI,
    /// Allocated types. A type is allocated before its body is lowered (with
    /// a placeholder kind) so that recursive references can name it.
    types: Vec<TypeDef>,
    type_names: NameScope,
    /// Names chosen up front for component schemas that become types, so a
    /// component keeps its own name whatever inline type is met first.
    component_names: HashMap<String, String>,
    /// Finished shapes by the JSON pointer of their definition: a schema
    /// reached twice (through a shared component) is lowered once.
    shapes: HashMap<String, Shape>,
    /// Component schemas being lowered in place, by pointer, to catch a
    /// schema that reaches itself.
    inlining: HashMap<String, InPlace>,
    /// How many inline named types are having their bodies lowered now.
    open_types: usize,
    /// What was repaired while lowering.
    repairs: Vec<Diagnostic>,
    /// The Rust paths of the user's types standing for component schemas,
    /// by the schemas' names (see [`crate::replace`]).
    replaced: HashMap<String, String>,
    /// The `x-pagination` each lowered operation declares, by its pointer.
    paginations: HashMap<String, serde_json::Value>,
}

/// A component schema (array, map, ...) being lowered in place.
struct InPlace {
    /// `open_types` when its lowering began: if it is reached again with
    /// more types open, the recursion passes through a named type.
    open_types: usize,
    /// The type alias it becomes when it is reached again that way
    /// (`type Items = Vec<Item>` with `Item` holding an `Items`).
    alias: Option<TypeId>,
}

impl<'a> Lowerer<'a> {
    fn new(doc: &'a OpenAPI, replaced: HashMap<String, String>) -> Lowerer<'a> {
        let mut type_names = NameScope::new();
        let mut component_names = HashMap::new();
        if let Some(components) = &doc.components {
            for (name, schema) in &components.schemas {
                // A replaced schema is named by the user's type wherever it is used.
                if replaced.contains_key(name) || schema::becomes_type(doc, schema) {
                    let rust = type_names.claim(&crate::naming::camel_ident(name));
                    component_names.insert(name.clone(), rust);
                }
            }
        }
        Lowerer {
            doc,
            types: Vec::new(),
            type_names,
            component_names,
            shapes: HashMap::new(),
            inlining: HashMap::new(),
            open_types: 0,
            repairs: Vec::new(),
            replaced,
            paginations: HashMap::new(),
        }
    }

    /// Declares every component schema that becomes a type, then lowers
    /// their bodies. Declaring first means a reference to a named type never
    /// lowers that type's body in the middle of another's, so recursion of
    /// any shape through named types needs no special care.
    fn component_types(&mut self) -> Vec<Diagnostic> {
        let Some(components) = &self.doc.components else { return Vec::new() };
        let mut declared = Vec::new();
        for (name, schema) in &components.schemas {
            let (Some(rust_name), ReferenceOr::Item(schema)) = (self.component_names.get(name).cloned(), schema) else {
                continue;
            };
            let pointer = crate::diagnostic::pointer_push("#/components/schemas", name);
            let id = self.allocate_type(rust_name.clone(), schema.schema_data.description.clone(), &pointer);
            let nullable = schema.schema_data.nullable || schema::admits_null(&view::View::of(schema));
            self.shapes.insert(pointer.clone(), Shape { nullable, ..Shape::new(Ty::Named(id)) });
            declared.push((id, name, rust_name, schema, pointer));
        }
        let mut errors = Vec::new();
        for (id, name, rust_name, schema, pointer) in declared {
            if let Some(path) = self.replaced.get(name) {
                self.types[id.0].kind = TypeKind::External(path.clone());
                continue;
            }
            match self.type_body(schema, &rust_name, &pointer) {
                Ok(kind) => self.types[id.0].kind = kind,
                Err(e) => errors.push(e),
            }
        }
        errors
    }

    fn allocate_type(&mut self, name: String, description: Option<String>, pointer: &str) -> TypeId {
        self.types.push(TypeDef {
            name,
            description,
            pointer: pointer.to_string(),
            also_described_at: Vec::new(),
            kind: TypeKind::Alias(Shape::new(Ty::Any)),
            checked: false,
        });
        TypeId(self.types.len() - 1)
    }
}
