//! Typed correctness on real schemas: random values valid for a spec's
//! schemas are read into the generated types and written back.
//!
//! For every named type of an API, [`Conformance`] draws values its schema
//! accepts ([`instance`]), and a harness compiled beside the generated code
//! ([`harness`]) reads each into the type, checks it and writes it back. A
//! value must read, pass the type's own checks, come back as it was sent
//! ([`compare`] lists the normalizations allowed) and still satisfy the
//! schema; a union must read it as a variant whose schema it satisfies.
//! Unions whose members accept the same value are listed.
//!
//! `cargo xtask conformance` runs this over a corpus of specs; the test
//! suite runs it over the seed APIs and the fixtures.

pub mod harness;

#[cfg(feature = "check")]
pub mod answers;
#[cfg(feature = "check")]
pub mod arguments;
#[cfg(feature = "check")]
mod check;
#[cfg(feature = "check")]
pub mod compare;
#[cfg(feature = "check")]
mod formats;
#[cfg(feature = "check")]
pub mod instance;
#[cfg(feature = "check")]
pub mod schema;

#[cfg(feature = "check")]
pub use check::{Ambiguity, Answer, Case, Conformance, Failure, Kind, Options, Report, Skipped};

/// What a harness's `round_trip` returns for a value it read: the value
/// written back, the union variant read and why the type's checks reject it.
pub type Trip = Result<(serde_json::Value, Option<&'static str>, Option<String>), String>;

/// Runs the whole check in this process, through a harness compiled into it
/// (its `round_trip`).
#[cfg(feature = "check")]
pub fn run(
    api: &apiforge_ir::Api,
    document: serde_json::Value,
    options: Options,
    round_trip: impl Fn(&str, serde_json::Value) -> Option<Trip>,
) -> Report {
    let conformance = Conformance::new(api, document);
    let (cases, mut report) = conformance.cases(options);
    for case in &cases {
        let answer = match round_trip(conformance.type_name(case), case.value.clone()) {
            None => Answer::Unknown,
            Some(Err(why)) => Answer::Unreadable(why),
            Some(Ok((written, variant, rejected))) => {
                Answer::Read { written, variant: variant.map(str::to_string), rejected }
            }
        };
        conformance.judge(case, answer, &mut report);
    }
    report
}
