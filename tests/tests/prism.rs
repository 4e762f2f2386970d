//! The generated client of every seed API and fixture against Stoplight
//! Prism's mock of its spec: every operation is called once with arguments
//! drawn from the schemas (the `calls` module `build.rs` generates), and
//! Prism must find nothing wrong with any request, and the client must read
//! each answer (drawn by Prism from the response's schema) as the spec
//! declares it. What is still found is listed per spec with its reason.

mod support;

use std::path::PathBuf;

use support::prism::{Observations, Observed, Prism};

/// What was found on one call: `request violation` (Prism found the
/// request breaks the spec), `unread` (the client did not read an answer
/// Prism found sound) or `no answer (TYPE)` (Prism answered with its own
/// error of that type). An answer Prism itself flags as breaking the spec
/// is not the client's to read, and refusing it is right.
#[derive(Debug, PartialEq)]
struct Finding {
    operation: String,
    kind: String,
}

fn judge(operation: &str, observed: Observed, answer: Result<(), String>) -> Option<Finding> {
    if let Err(why) = &answer {
        eprintln!("{operation}: {why}");
    }
    let kind = match observed.error.as_deref() {
        _ if !observed.request_violations.is_empty() => {
            eprintln!("{operation}: Prism found {}", observed.request_violations.join("; "));
            "request violation".to_string()
        }
        // Prism's refusal of a request it finds invalid, where the spec
        // declares no status for that.
        Some("UNPROCESSABLE_ENTITY") => "request violation".to_string(),
        // Whatever the client made of it, Prism did not check the request.
        Some(error) => format!("no answer ({error})"),
        None if answer.is_err() && observed.answer_violations.is_empty() => "unread".to_string(),
        None => return None,
    };
    Some(Finding { operation: operation.to_string(), kind })
}

macro_rules! prism_test {
    ($name:ident, $spec:literal, [$( $kind:literal on [$( $operation:literal ),*] because $why:literal ),* $(,)?]) => {
        #[tokio::test]
        async fn $name() {
            use apiforge_tests::calls::$name::{calls, client::Client};
            let spec = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join($spec);
            let prism = tokio::task::spawn_blocking(move || Prism::start(&spec)).await.expect("Prism starts");
            let observations = Observations::default();
            let middleware =
                reqwest_middleware::ClientBuilder::new(Default::default()).with(observations.clone()).build();
            let client = Client::new(&prism.base_url).expect("a base URL").with_middleware(middleware);
            let client = calls::with_credentials(client);
            let mut findings = Vec::new();
            for &operation in calls::OPERATIONS {
                let answer = calls::call(&client, operation).await.expect("a listed operation");
                findings.extend(judge(operation, observations.take(), answer));
            }
            let expected: Vec<Finding> =
                vec![$( $( Finding { operation: $operation.to_string(), kind: $kind.to_string() }, )* )*];
            assert_eq!(findings, expected);
        }
    };
}

prism_test!(infisical, "../specs/infisical.yaml", []);
prism_test!(motherduck, "../specs/motherduck.yaml", []);
prism_test!(turso, "../specs/turso.yaml", []);
prism_test!(vercel, "../specs/vercel.yaml", []);
prism_test!(zangtable, "../specs/zangtable.yaml", []);
prism_test!(callbacks, "fixtures/callbacks.yaml", []);
prism_test!(credentials, "fixtures/credentials.yaml", []);
// Not `deep_recursion`: Prism's schema faker runs out of memory (4 GB) on
// its recursive schemas before it answers.
prism_test!(events, "fixtures/events.yaml", [
    "no answer (NO_COMPLEX_OBJECT_TEXT)" on ["watch_ticks"]
        because "Prism cannot write an event stream whose events are objects",
]);
prism_test!(naming, "fixtures/naming.yaml", []);
prism_test!(openapi31, "fixtures/openapi31.yaml", [
    "no answer (NO_RESPONSE_RESPONSE_DEFINED)" on ["list_things", "create_thing"]
        because "the operations declare no responses",
]);
prism_test!(pagination, "fixtures/pagination.yaml", []);
prism_test!(real_world, "fixtures/real_world.yaml", [
    "unread" on ["get_thing"]
        because "Prism answers the `2XX` response, whose body is JSON, with 204 and no body",
    "no answer (UNKNOWN)" on ["upload_attachment"] because "Prism cannot write a multipart answer",
    "unread" on ["get_thing2"]
        because "`stock`'s schema has a schema for its `type` (codat's mistake, read as the string enum it holds); \
                 Prism draws an object for it",
    "no answer (NO_PATH_MATCHED_ERROR)" on ["lookup", "fast_search"]
        because "their paths carry a query string (`/lookup?city={city}`), which Prism does not route",
]);
prism_test!(schemas, "fixtures/schemas.yaml", []);
prism_test!(serving, "fixtures/serving.yaml", []);
prism_test!(swagger2, "fixtures/swagger2.yaml", [
    "no answer (UNKNOWN)" on ["get_archive"] because "Prism cannot draw an `application/octet-stream` answer",
]);
prism_test!(typed_values, "fixtures/typed_values.yaml", []);
prism_test!(unions, "fixtures/unions.yaml", []);
