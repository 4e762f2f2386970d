//! The generated client of every seed API and fixture against Stoplight
//! Prism's mock of its spec: every operation is called once with arguments
//! drawn from the schemas (the `calls` module `build.rs` generates), and
//! Prism must find nothing wrong with any request, and the client must read
//! each answer (drawn by Prism from the response's schema) as the spec
//! declares it. What is still found is listed per spec with its reason.

use std::path::PathBuf;

use apiforge_conformance::answers::Referee;
use apiforge_testers::prism::{judge, questioned_body, Finding, Observations, Prism};

macro_rules! prism_test {
    ($name:ident, $spec:literal, [$( $kind:literal on [$( $operation:literal ),*] because $why:literal ),* $(,)?]) => {
        #[tokio::test]
        async fn $name() {
            use apiforge_tests::calls::$name::{calls, client::Client};
            let spec = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join($spec);
            let loaded = apiforge_ir::load_file(&spec).expect("the spec loads");
            let api = apiforge_ir::lower(&loaded, &Default::default()).expect("the spec lowers").api;
            let referee = Referee::new(&api, serde_json::to_value(&loaded.doc).expect("the document serializes"));
            let binary = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("contract/node_modules/.bin/prism");
            let prism = tokio::task::spawn_blocking(move || Prism::start(&binary, &spec))
                .await
                .expect("Prism was started")
                .unwrap_or_else(|why| panic!("{why}"));
            let observations = Observations::default();
            let middleware =
                reqwest_middleware::ClientBuilder::new(Default::default()).with(observations.clone()).build();
            let client = Client::new(&prism.base_url).expect("a base URL").with_middleware(middleware);
            let client = calls::with_credentials(client);
            let mut findings = Vec::new();
            for &operation in calls::OPERATIONS {
                let answer = calls::call(&client, operation).await.expect("a listed operation");
                let observed = observations.take();
                let (status, body) = observed.answer.clone().unwrap_or_default();
                let sent = questioned_body(&observed).map(<[u8]>::to_vec);
                findings.extend(judge(operation, observed, answer).map(|mut finding| {
                    if let Some(kind) = referee.overrule(operation, &finding.kind, (status, &body), sent.as_deref()) {
                        finding.kind = kind.to_string();
                    }
                    finding
                }));
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
    "no answer (its answer breaks the spec)" on ["get_thing2"]
        because "`stock`'s schema has a schema for its `type` (codat's mistake, read as the string enum it holds); \
                 Prism draws an object for it",
    "no answer (NO_PATH_MATCHED_ERROR)" on ["lookup", "fast_search"]
        because "their paths carry a query string (`/lookup?city={city}`), which Prism does not route",
]);
prism_test!(schemas, "fixtures/schemas.yaml", []);
prism_test!(serving, "fixtures/serving.yaml", []);
prism_test!(split, "fixtures/split.yaml", []);
prism_test!(swagger2, "fixtures/swagger2.yaml", [
    "no answer (UNKNOWN)" on ["get_archive"] because "Prism cannot draw an `application/octet-stream` answer",
]);
prism_test!(typed_values, "fixtures/typed_values.yaml", []);
prism_test!(unions, "fixtures/unions.yaml", [
    "Prism's gap (it refuses a body the schema allows)" on ["create_body"]
        because "Prism requires the members' required `readOnly` id in a request (stoplightio/prism#1941)",
]);
