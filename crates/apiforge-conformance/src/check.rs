//! Drawing the values for every type of an API, and judging what the
//! generated types made of them.

use std::collections::BTreeSet;

use apiforge_ir::{Api, Ty, TypeKind};
use jsonschema::{Draft, Validator};
use serde_json::Value;

use crate::compare::{difference, short};
use crate::instance::Instances;
use crate::schema::Schemas;

/// Draws that may fail the schema before one value is given up.
pub(crate) const ATTEMPTS: usize = 20;

/// How many values, and from which seed.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub values_per_type: usize,
    pub seed: u64,
}

impl Default for Options {
    fn default() -> Options {
        Options { values_per_type: 20, seed: 1 }
    }
}

/// One value to read into one type.
#[derive(Debug, Clone)]
pub struct Case {
    /// The type's index in the API (see [`Conformance::type_name`]).
    pub type_index: usize,
    pub value: Value,
    /// Properties the value has because their schema requires them without
    /// describing them: no generated type knows them, so they may be left
    /// out when written.
    pub undescribed: BTreeSet<String>,
}

/// What the harness answered for a case.
#[derive(Debug, Clone)]
pub enum Answer {
    /// The generated code has no type of that name.
    Unknown,
    /// Reading the value failed, and why.
    Unreadable(String),
    Read {
        written: Value,
        variant: Option<String>,
        /// Why the type's own checks (`Validate`) reject the value.
        rejected: Option<String>,
    },
}

/// What went wrong with one value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// The generated code has no such type.
    Missing,
    /// A valid value could not be read.
    Unreadable,
    /// The type's `validate()` rejects a valid value.
    Rejected,
    /// Written back, the value is not the one read.
    Differs,
    /// Written back, the value breaks the schema.
    Invalid,
    /// A union read the value as a variant whose schema it does not satisfy.
    WrongVariant,
}

impl Kind {
    pub const ALL: [Kind; 6] =
        [Kind::Missing, Kind::Unreadable, Kind::Rejected, Kind::Differs, Kind::Invalid, Kind::WrongVariant];

    pub fn label(self) -> &'static str {
        match self {
            Kind::Missing => "missing",
            Kind::Unreadable => "unreadable",
            Kind::Rejected => "rejected",
            Kind::Differs => "differs",
            Kind::Invalid => "invalid",
            Kind::WrongVariant => "wrong-variant",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Failure {
    pub type_name: String,
    pub kind: Kind,
    pub detail: String,
    pub value: Value,
}

/// A union whose members accept the same value: the generated type reads it
/// as the first of them.
#[derive(Debug, Clone, PartialEq)]
pub struct Ambiguity {
    pub type_name: String,
    pub accepting: Vec<String>,
    pub read_as: String,
}

/// A type no value was drawn for, and why.
#[derive(Debug, Clone)]
pub struct Skipped {
    pub type_name: String,
    pub why: String,
}

/// The outcome for one API.
#[derive(Debug, Default)]
pub struct Report {
    pub types: usize,
    pub values: usize,
    pub failures: Vec<Failure>,
    pub ambiguities: Vec<Ambiguity>,
    pub skipped: Vec<Skipped>,
}

impl Report {
    pub fn count(&self, kind: Kind) -> usize {
        self.failures.iter().filter(|f| f.kind == kind).count()
    }
}

/// The types of one API with their schemas.
pub struct Conformance<'a> {
    api: &'a Api,
    schemas: Schemas,
    /// Per type: its schema's validator (or why it has none), and for a
    /// union, each variant's.
    validators: Vec<Result<Validator, String>>,
    variants: Vec<Vec<(String, Validator)>>,
}

impl<'a> Conformance<'a> {
    /// `document` is the spec the IR was lowered from, as JSON (the
    /// `doc` of the `Loaded` that `apiforge_ir::load_str` returns, serialized).
    pub fn new(api: &'a Api, document: Value) -> Conformance<'a> {
        let schemas = Schemas::new(document);
        let validators = api.types.iter().map(|def| validator(&schemas, &schemas.of_type(def))).collect();
        let variants = api
            .types
            .iter()
            .map(|def| match &def.kind {
                TypeKind::Union(union) => union
                    .variants
                    .iter()
                    .filter_map(|v| {
                        Some((v.rust_name.clone(), validator(&schemas, &schemas.of_shape(api, &v.shape)).ok()?))
                    })
                    .collect(),
                _ => Vec::new(),
            })
            .collect();
        Conformance { api, schemas, validators, variants }
    }

    /// The values to read: for each type, up to `values_per_type` values
    /// its schema accepts; the report so far lists the types none was found for.
    pub fn cases(&self, options: Options) -> (Vec<Case>, Report) {
        let mut instances = Instances::new(&self.schemas, options.seed);
        let mut report = Report { types: self.api.types.len(), ..Report::default() };
        let mut cases = Vec::new();
        for (type_index, (def, validator)) in self.api.types.iter().zip(&self.validators).enumerate() {
            let validator = match validator {
                _ if matches!(def.kind, TypeKind::External(_)) => {
                    let why = "a type of the user's own, not generated".to_string();
                    report.skipped.push(Skipped { type_name: def.name.clone(), why });
                    continue;
                }
                Ok(validator) => validator,
                Err(why) => {
                    report.skipped.push(Skipped { type_name: def.name.clone(), why: why.clone() });
                    continue;
                }
            };
            let schema = self.schemas.of_type(def);
            // A schema's `nullable` belongs to the uses of its type, each an
            // `Option`; only an alias of a JSON value, an array or a map can
            // itself be null (an alias of another type is that type).
            let null_allowed = matches!(&def.kind, TypeKind::Alias(shape) if !matches!(shape.ty, Ty::Named(_)));
            let mut found = 0;
            for _ in 0..options.values_per_type {
                let valid = (0..ATTEMPTS).find_map(|_| {
                    instances.draw(&schema).filter(|v| (null_allowed || !v.is_null()) && validator.is_valid(v))
                });
                if let Some(value) = valid {
                    let undescribed = instances.undescribed();
                    cases.push(Case { type_index, value, undescribed });
                    found += 1;
                }
            }
            if found == 0 {
                let why = format!("no value drawn in {ATTEMPTS} tries satisfies the schema");
                report.skipped.push(Skipped { type_name: def.name.clone(), why });
            }
        }
        report.values = cases.len();
        (cases, report)
    }

    /// The name of the type a case is for, as the harness knows it.
    pub fn type_name(&self, case: &Case) -> &str {
        &self.api.types[case.type_index].name
    }

    /// Judges the answer to each case, adding to `report`.
    pub fn judge(&self, case: &Case, answer: Answer, report: &mut Report) {
        let index = case.type_index;
        let type_name = self.type_name(case);
        let fail = |kind: Kind, detail: String| Failure {
            type_name: type_name.to_string(),
            kind,
            detail,
            value: case.value.clone(),
        };
        let (written, variant, rejected) = match answer {
            Answer::Unknown => return report.failures.push(fail(Kind::Missing, "no such type".into())),
            Answer::Unreadable(why) => return report.failures.push(fail(Kind::Unreadable, why)),
            Answer::Read { written, variant, rejected } => (written, variant, rejected),
        };
        if let Some(why) = rejected {
            report.failures.push(fail(Kind::Rejected, why));
        }
        if let Some(where_) = difference(&case.value, &written, &case.undescribed) {
            report.failures.push(fail(Kind::Differs, where_));
        }
        if let Ok(validator) = &self.validators[index] {
            if let Err(error) = validator.validate(&written) {
                // The message starts with the value it is about, which may be
                // long: shortened, so that the reason stays in the detail.
                let message = error.to_string().replacen(&error.instance().to_string(), &short(error.instance()), 1);
                let detail = format!("at `{}`: {message} (wrote {})", error.instance_path(), short(&written));
                report.failures.push(fail(Kind::Invalid, detail));
            }
        }
        let (Some(variant), TypeKind::Union(union)) = (variant, &self.api.types[index].kind) else { return };
        let variants = &self.variants[index];
        let accepting: Vec<String> =
            variants.iter().filter(|(_, validator)| validator.is_valid(&case.value)).map(|(v, _)| v.clone()).collect();
        // A variant whose schema did not compile has no validator to ask.
        let checkable = variants.iter().any(|(v, _)| *v == variant);
        if checkable && !accepting.contains(&variant) {
            report
                .failures
                .push(fail(Kind::WrongVariant, format!("read as `{variant}`, whose schema it does not satisfy")));
        }
        let ambiguity = Ambiguity { type_name: type_name.to_string(), accepting, read_as: variant };
        if union.discriminator.is_none() && ambiguity.accepting.len() > 1 && !report.ambiguities.contains(&ambiguity) {
            report.ambiguities.push(ambiguity);
        }
    }
}

pub(crate) fn validator(schemas: &Schemas, schema: &Value) -> Result<Validator, String> {
    jsonschema::options()
        .with_draft(Draft::Draft202012)
        .should_validate_formats(true)
        .build(&schemas.standalone(schema))
        .map_err(|e| format!("the schema does not compile as JSON Schema: {e}"))
}
