//! Typed correctness: random values valid for every named type of the seed
//! APIs and the fixtures are read into the generated type and written back
//! (see the `apiforge-conformance` crate); `cargo xtask conformance` runs the
//! same over a corpus of real specs.

use std::path::{Path, PathBuf};

use apiforge_conformance::{Kind, Options, Report, Trip};
use serde_json::Value;

macro_rules! harnesses {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                include!(concat!(env!("OUT_DIR"), "/conformance_", stringify!($name), ".rs"));
            }
        )*
    };
}

harnesses!(
    callbacks,
    credentials,
    deep_recursion,
    events,
    naming,
    openapi31,
    pagination,
    real_world,
    schemas,
    serving,
    split,
    swagger2,
    typed_values,
    unions,
    webhooks_only,
    infisical,
    motherduck,
    turso,
    vercel,
    zangtable,
);

const OPTIONS: Options = Options { values_per_type: 40, seed: 7 };

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("tests/ is in the repository").to_path_buf()
}

/// The conformance report of the spec at `path` (relative to the repository).
fn report(path: &str, webhooks: bool, round_trip: impl Fn(&str, Value) -> Option<Trip>) -> Report {
    let spec = root().join(path);
    let loaded = apiforge_ir::load_file(&spec).expect("the spec loads");
    let selection = apiforge_ir::Selection { webhooks, ..Default::default() };
    let options = apiforge_ir::LowerOptions { selection, ..Default::default() };
    let api = apiforge_ir::lower(&loaded, &options).expect("the spec lowers").api;
    let document = serde_json::to_value(&loaded.doc).expect("the document serializes");
    apiforge_conformance::run(&api, document, OPTIONS, round_trip)
}

/// Every value read, passed its checks, came back as sent and valid; the
/// types no value satisfies and the ambiguous unions are the ones expected.
fn assert_conforms(path: &str, report: &Report, unsatisfiable: &[&str], ambiguous: &[&str]) {
    let failures: Vec<String> = report
        .failures
        .iter()
        .map(|f| format!("{} {}: {} (value {})", f.type_name, f.kind.label(), f.detail, f.value))
        .collect();
    assert!(failures.is_empty(), "{path}: {} failures:\n{}", failures.len(), failures.join("\n"));
    let skipped: Vec<&str> = report.skipped.iter().map(|s| s.type_name.as_str()).collect();
    assert_eq!(skipped, unsatisfiable, "{path}: types without values {:?}", report.skipped);
    assert!(
        report.values >= report.types - skipped.len(),
        "{path}: {} values for {} types",
        report.values,
        report.types
    );
    let mut found: Vec<&str> = report.ambiguities.iter().map(|a| a.type_name.as_str()).collect();
    found.dedup();
    assert_eq!(found, ambiguous, "{path}: ambiguous unions {:?}", report.ambiguities);
}

macro_rules! conforms {
    ($test:ident, $path:literal, $webhooks:literal, $harness:ident) => {
        conforms!($test, $path, $webhooks, $harness, unsatisfiable: [], ambiguous: []);
    };
    ($test:ident, $path:literal, $webhooks:literal, $harness:ident,
     unsatisfiable: [$($unsatisfiable:literal),*], ambiguous: [$($ambiguous:literal),*]) => {
        #[test]
        fn $test() {
            let report = report($path, $webhooks, $harness::round_trip);
            assert_conforms($path, &report, &[$($unsatisfiable),*], &[$($ambiguous),*]);
        }
    };
}

conforms!(seed_infisical, "specs/infisical.yaml", false, infisical);
conforms!(seed_motherduck, "specs/motherduck.yaml", false, motherduck);
conforms!(seed_turso, "specs/turso.yaml", false, turso);
conforms!(seed_vercel, "specs/vercel.yaml", false, vercel);
conforms!(seed_zangtable, "specs/zangtable.yaml", false, zangtable);
conforms!(fixture_callbacks, "tests/fixtures/callbacks.yaml", true, callbacks);
conforms!(fixture_credentials, "tests/fixtures/credentials.yaml", true, credentials);
conforms!(fixture_deep_recursion, "tests/fixtures/deep_recursion.yaml", true, deep_recursion);
conforms!(fixture_events, "tests/fixtures/events.yaml", true, events);
conforms!(fixture_naming, "tests/fixtures/naming.yaml", true, naming);
conforms!(fixture_openapi31, "tests/fixtures/openapi31.yaml", true, openapi31);
conforms!(fixture_pagination, "tests/fixtures/pagination.yaml", true, pagination);
// `Mixed`: a `oneOf` of two objects every object satisfies (so none
// satisfies exactly one); `EnumObject`: an object whose enum lists strings.
conforms!(
    fixture_real_world,
    "tests/fixtures/real_world.yaml",
    true,
    real_world,
    unsatisfiable: ["Mixed", "EnumObject"],
    ambiguous: []
);
conforms!(fixture_schemas, "tests/fixtures/schemas.yaml", true, schemas);
conforms!(fixture_serving, "tests/fixtures/serving.yaml", true, serving);
conforms!(fixture_split, "tests/fixtures/split.yaml", true, split);
conforms!(fixture_swagger2, "tests/fixtures/swagger2.yaml", true, swagger2);
conforms!(fixture_typed_values, "tests/fixtures/typed_values.yaml", true, typed_values, unsatisfiable: [], ambiguous: ["Owner"]);
// `Measure`: two objects of optional properties, which a value may satisfy both of;
// `IssueEvent`: a locked event is also a renamed one (which allows other properties), and
// is read as the variant requiring more of it; `Event`: a locked event whose reason is null
// is also a plain one. `NoLink`: an object that is one of two strings.
conforms!(fixture_unions, "tests/fixtures/unions.yaml", true, unions, unsatisfiable: ["NoLink"],
    ambiguous: ["Measure", "IssueEvent", "Event"]);
conforms!(fixture_webhooks_only, "tests/fixtures/webhooks_only.yaml", true, webhooks_only);

/// The check finds what a type gets wrong: here a harness that loses a
/// property on the way back, and one that cannot read anything.
#[test]
fn a_type_that_loses_data_fails() {
    let path = "tests/fixtures/schemas.yaml";
    let lossy = |name: &str, value: Value| {
        schemas::round_trip(name, value).map(|trip| {
            trip.map(|(mut written, variant, rejected)| {
                if let Some(object) = written.as_object_mut() {
                    let first = object.keys().next().cloned();
                    first.map(|key| object.remove(&key));
                }
                (written, variant, rejected)
            })
        })
    };
    let lossy = report(path, true, lossy);
    assert!(lossy.count(Kind::Differs) > 0, "{:?}", lossy.failures);
    let unreadable = report(path, true, |name, value| schemas::round_trip(name, value).map(|_| Err("no".into())));
    assert_eq!(unreadable.count(Kind::Unreadable), unreadable.values);
}
