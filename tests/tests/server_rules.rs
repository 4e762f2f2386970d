//! What a generated server checks before its handler runs, on the `server`
//! fixture (tests/fixtures/serving.yaml): bodies, parameters, credentials,
//! declared rejection shapes, statuses of ranges, headers, panics.

mod support;

use std::sync::atomic::{AtomicUsize, Ordering};

use apiforge_runtime::client::Error;
use apiforge_tests::serving::client::ListTokensResponse;
use apiforge_tests::serving::server::{
    Api, CreateTokenRequest, CreateTokenResponse, GetCommitAsRequest, GetCommitAsResponse, GetExportRequest,
    GetExportResponse, ListTokensRequest, ListTokensResponse as Listed, PutEventRequest, PutEventResponse,
    PutNoteRequest, PutNoteResponse, SetFlagRequest, SetFlagResponse,
};
use apiforge_tests::serving::types::{
    Event, ListTokens200Headers, ListTokensState, NewToken, Problem, PutEvent200Headers, Token,
};
use serde_json::json;
use support::{raw_client, serve, status_and_json};

#[derive(Default)]
struct Service {
    calls: AtomicUsize,
}

impl Api for Service {
    async fn list_tokens(&self, req: ListTokensRequest) -> Listed {
        self.calls.fetch_add(1, Ordering::SeqCst);
        if req.x_trace == "panic" {
            panic!("handler bug");
        }
        if req.x_trace == "teapot" {
            // 418 lies in the declared 4XX range; 500 would not.
            let problem = Problem { title: "teapot".into(), status: 418, detail: None };
            return Listed::Status4xx { status: 418, body: problem };
        }
        if req.x_trace == "out-of-range" {
            let problem = Problem { title: "oops".into(), status: 500, detail: None };
            return Listed::Status4xx { status: 500, body: problem };
        }
        let names = req.tag.unwrap_or_default();
        let body = names.iter().enumerate().map(|(i, name)| Token { id: i as i64, name: name.clone() }).collect();
        let state = req.state.map(|s| s.to_string()).or(req.accept_encoding.map(|e| e.to_string()));
        let headers = ListTokens200Headers { x_total: req.limit.unwrap_or(0).into(), x_next: state };
        Listed::Ok { body, headers }
    }

    async fn create_token(&self, req: CreateTokenRequest) -> CreateTokenResponse {
        CreateTokenResponse::Created(Token { id: 1, name: req.body.name })
    }

    async fn get_commit_as(&self, req: GetCommitAsRequest) -> GetCommitAsResponse {
        GetCommitAsResponse::Ok(format!("{} as {}", req.sha, req.format))
    }

    async fn get_export(&self, req: GetExportRequest) -> GetExportResponse {
        assert_eq!((req.repo.as_str(), req.task), ("api-forge", 7));
        GetExportResponse::NoContent
    }

    async fn put_note(&self, req: PutNoteRequest) -> PutNoteResponse {
        if req.id == 404 {
            return PutNoteResponse::NotFound;
        }
        assert_eq!(req.session.as_deref(), Some("s1"));
        assert_eq!(req.body.as_deref(), Some("hello"));
        PutNoteResponse::NoContent
    }

    /// Checks the labels a flag named after them (`pair`, `single`) comes with.
    async fn set_flag(&self, req: SetFlagRequest) -> SetFlagResponse {
        let expected: Option<&[&str]> = match req.name.as_str() {
            "pair" => Some(&["a", "b c"]),
            "single" => Some(&["a"]),
            _ => None,
        };
        if let Some(expected) = expected {
            assert_eq!(
                req.body.labels.as_deref(),
                Some(&expected.iter().map(|l| l.to_string()).collect::<Vec<_>>()[..])
            );
        }
        SetFlagResponse::NoContent
    }

    /// Stores the event at `since` when given, naming the id, the days and
    /// the address it was sent with in `contact`.
    async fn put_event(&self, req: PutEventRequest) -> PutEventResponse {
        let mut event = req.body;
        event.at = req.since.unwrap_or(event.at);
        let days: Vec<String> = req.days.unwrap_or_default().iter().map(ToString::to_string).collect();
        let address = req.x_client_address.map(|a| a.to_string()).unwrap_or_default();
        event.contact = Some(format!("{}+{}+{address}@example.com", req.id.simple(), days.join("+")));
        event.key = None;
        PutEventResponse::Ok { headers: PutEvent200Headers { x_stored_at: event.at }, body: event }
    }
}

async fn start() -> String {
    serve(apiforge_tests::serving::server::router(Service::default())).await
}

#[tokio::test]
async fn typed_query_header_and_response_headers_round_trip() {
    let base = start().await;
    let client = apiforge_tests::serving::Client::new(&base).unwrap().with_api_key("k");
    let answer = client
        .list_tokens("trace-1")
        .limit(7)
        .state(ListTokensState::Revoked)
        .tag(vec!["a b".to_string(), "c&d".to_string()])
        .send()
        .await
        .unwrap();
    let ListTokensResponse::Ok { body, headers } = answer;
    assert_eq!(body.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(), ["a b", "c&d"]);
    assert_eq!(headers, ListTokens200Headers { x_total: 7, x_next: Some("revoked".into()) });
}

/// An `Accept-Encoding` parameter: its value is read, the HTTP stack's own
/// negotiation of compression (`gzip, deflate`) is taken as not sent, and
/// anything else is refused.
#[tokio::test]
async fn an_accept_encoding_parameter_leaves_the_http_stacks_codings_alone() {
    let base = start().await;
    let http = raw_client();
    for (coding, answer) in
        [("base64", (200, Some("base64"))), ("gzip, deflate;q=0.5", (200, None)), ("AAA", (400, None))]
    {
        let sent = http
            .get(format!("{base}/tokens"))
            .header("x-api-key", "k")
            .header("x-trace", "t")
            .header("accept-encoding", coding)
            .send()
            .await
            .unwrap();
        let next = sent.headers().get("x-next").map(|v| v.to_str().unwrap().to_string());
        assert_eq!((sent.status().as_u16(), next.as_deref()), answer, "{coding}");
    }
}

#[tokio::test]
async fn range_statuses_are_carried_and_checked() {
    let base = start().await;
    let client = apiforge_tests::serving::Client::new(&base).unwrap().with_bearer("b");
    match client.list_tokens("teapot").send().await {
        Err(Error::Api(apiforge_tests::serving::client::ListTokensError::Status4xx { status, body })) => {
            assert_eq!(status, 418);
            assert_eq!(body, Problem { title: "teapot".into(), status: 418, detail: None });
        }
        other => panic!("{other:?}"),
    }
    match client.list_tokens("out-of-range").send().await {
        Err(Error::UnexpectedStatus { status, body }) => {
            assert_eq!(status, 500);
            let message: serde_json::Value = serde_json::from_slice(&body).unwrap();
            assert_eq!(message, json!({"message": "the handler answered 500 where the spec declares a 4XX status"}));
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_panicking_handler_answers_500_and_the_server_keeps_serving() {
    let base = start().await;
    let client = apiforge_tests::serving::Client::new(&base).unwrap().with_api_key("k");
    match client.list_tokens("panic").send().await {
        Err(Error::UnexpectedStatus { status: 500, body }) => {
            assert_eq!(&body[..], br#"{"message":"the handler panicked"}"#)
        }
        other => panic!("{other:?}"),
    }
    assert!(client.list_tokens("after").send().await.is_ok());
}

#[tokio::test]
async fn parameters_that_do_not_parse_or_break_rules_get_400_in_the_declared_shape() {
    let base = start().await;
    let http = raw_client();
    let get = |query: &str, trace: &str| {
        http.get(format!("{base}/tokens{query}")).header("x-api-key", "k").header("x-trace", trace).send()
    };
    let problem = |detail: &str| json!({"title": "Bad Request", "status": 400, "detail": detail});
    assert_eq!(
        status_and_json(get("?limit=ten", "t").await.unwrap()).await,
        (400, problem("query parameter `limit` has an invalid value `ten`"))
    );
    assert_eq!(
        status_and_json(get("?limit=0", "t").await.unwrap()).await,
        (400, problem("`limit` breaks the rule minimum 1 (it is 0)"))
    );
    assert_eq!(
        status_and_json(get("?state=lost", "t").await.unwrap()).await,
        (400, problem("query parameter `state` has an invalid value `lost`"))
    );
    assert_eq!(
        status_and_json(get("", "Not Valid").await.unwrap()).await,
        (400, problem("`X-Trace` breaks the rule pattern ^[a-z0-9-]+$"))
    );
    // getToken declares listTokens' bodies, and renders through the same function.
    let token = http.get(format!("{base}/tokens/ten")).header("x-api-key", "k").send().await.unwrap();
    assert_eq!(status_and_json(token).await, (400, problem("path parameter `id` has an invalid value `ten`")));
    let no_trace = http.get(format!("{base}/tokens")).header("x-api-key", "k").send().await.unwrap();
    assert_eq!(status_and_json(no_trace).await, (400, problem("missing header `X-Trace`")));
    let anonymous = http.get(format!("{base}/tokens")).header("x-trace", "t").send().await.unwrap();
    assert_eq!(
        status_and_json(anonymous).await,
        (
            401,
            json!({"title": "Unauthorized", "status": 401,
            "detail": "missing credential: send the API key header `X-Api-Key` or `Authorization: Bearer <token>`"})
        )
    );
}

#[tokio::test]
async fn bodies_malformed_misshapen_or_too_large() {
    let base = start().await;
    let http = raw_client();
    let post =
        |body: String| http.post(format!("{base}/tokens")).header("content-type", "application/json").body(body).send();
    let (status, body) = status_and_json(post("{\"name\": ".into()).await.unwrap()).await;
    assert_eq!((status, &body["title"]), (400, &json!("Bad Request")));
    assert!(body["detail"].as_str().unwrap().starts_with("the request body is not valid JSON"), "{body}");
    let (status, body) = status_and_json(post(json!({"name": "x", "extra": 1}).to_string()).await.unwrap()).await;
    assert_eq!((status, &body["status"]), (422, &json!(422)));
    assert!(body["detail"].as_str().unwrap().contains("unknown field `extra`"), "{body}");
    // An optional property may be left out, but null is not its value.
    let (status, body) = status_and_json(post(json!({"name": "x", "scopes": null}).to_string()).await.unwrap()).await;
    assert_eq!(status, 422);
    assert!(body["detail"].as_str().unwrap().contains("`scopes` may be left out but is not nullable"), "{body}");
    let (status, body) = status_and_json(post(String::new()).await.unwrap()).await;
    assert_eq!((status, body["detail"].as_str()), (400, Some("the request body is required")));
    let huge = json!({"name": "x".repeat(3 * 1024 * 1024)}).to_string();
    let (status, body) = status_and_json(post(huge).await.unwrap()).await;
    assert_eq!(status, 413);
    assert_eq!(body, json!({"message": "the request body is larger than 2097152 bytes"}));

    let client = apiforge_tests::serving::Client::new(&base).unwrap();
    let created = client.create_token(NewToken { name: "ci".into(), scopes: None }).send().await.unwrap();
    assert_eq!(created, Token { id: 1, name: "ci".into() });
    // Fields inside bodies are checked on both sides.
    match client.create_token(NewToken { name: String::new(), scopes: None }).send().await {
        Err(Error::InvalidRequest(e)) => {
            assert_eq!((e.name.as_str(), e.rule.as_str()), ("body.name", "minLength 1 (it has 0 characters)"))
        }
        other => panic!("{other:?}"),
    }
    let scopes = Some(vec!["a".into(), "b".into(), "c".into()]);
    match client.create_token(NewToken { name: "ci".into(), scopes }).send().await {
        Err(Error::InvalidRequest(e)) => {
            assert_eq!((e.name.as_str(), e.rule.as_str()), ("body.scopes", "maxItems 2 (it has 3)"))
        }
        other => panic!("{other:?}"),
    }
    let (status, body) = status_and_json(post(json!({"name": ""}).to_string()).await.unwrap()).await;
    assert_eq!(
        (status, body["detail"].as_str()),
        (400, Some("`body.name` breaks the rule minLength 1 (it has 0 characters)"))
    );
}

/// `createToken` declares its body as JSON, XML and a form: each is read
/// into `NewToken` and checked as JSON is; another media type is read as
/// JSON.
#[tokio::test]
async fn a_body_declared_in_several_media_types_is_read_in_the_one_sent() {
    let base = start().await;
    let http = raw_client();
    let post = |media: &str, body: &str| {
        http.post(format!("{base}/tokens")).header("content-type", media).body(body.to_string()).send()
    };
    let created = json!({"id": 1, "name": "ci & co"});
    let xml = "<?xml version=\"1.0\"?><NewToken><name>ci &amp; co</name><scopes><scope>a</scope></scopes></NewToken>";
    assert_eq!(status_and_json(post("application/xml", xml).await.unwrap()).await, (201, created.clone()));
    let form = "name=ci+%26+co&scopes=a&scopes=b";
    let sent = post("application/x-www-form-urlencoded; charset=utf-8", form).await.unwrap();
    assert_eq!(status_and_json(sent).await, (201, created.clone()));
    let undeclared = post("text/plain", r#"{"name": "ci & co"}"#).await.unwrap();
    assert_eq!(status_and_json(undeclared).await, (201, created));

    let three = "<NewToken><name>ci</name><scopes><scope>a</scope><scope>b</scope><scope>c</scope></scopes></NewToken>";
    let (status, body) = status_and_json(post("application/xml", three).await.unwrap()).await;
    assert_eq!((status, body["detail"].as_str()), (400, Some("`body.scopes` breaks the rule maxItems 2 (it has 3)")));
    let (status, body) = status_and_json(post("application/xml", "<NewToken><name>ci</NewToken>").await.unwrap()).await;
    assert_eq!(status, 400);
    assert!(body["detail"].as_str().unwrap().starts_with("the request body is not valid XML"), "{body}");
    let (status, body) =
        status_and_json(post("application/xml", "<NewToken><scopes/></NewToken>").await.unwrap()).await;
    assert_eq!(status, 422);
    assert!(body["detail"].as_str().unwrap().contains("missing field `name`"), "{body}");
}

#[tokio::test]
async fn cookies_text_bodies_and_optional_security() {
    let base = start().await;
    let client = apiforge_tests::serving::Client::new(&base).unwrap();
    client.put_note(5).session("s1").body("hello").send().await.unwrap();
    match client.put_note(404).send().await {
        Err(Error::Api(apiforge_tests::serving::client::PutNoteError::NotFound)) => {}
        other => panic!("{other:?}"),
    }
    let raw = raw_client().put(format!("{base}/tokens/x/note")).send().await.unwrap();
    assert_eq!(status_and_json(raw).await, (400, json!({"message": "path parameter `id` has an invalid value `x`"})));
}

#[tokio::test]
async fn operation_ids_reach_middleware_and_handlers() {
    use apiforge_tests::serving::server::{operation_id, OperationId};
    let method = apiforge_runtime::server::http::Method::GET;
    assert_eq!(operation_id(&method, "/tokens"), Some(OperationId("listTokens")));
    assert_eq!(
        operation_id(&apiforge_runtime::server::http::Method::PUT, "/tokens/{p0}/note"),
        Some(OperationId("putNote"))
    );
    let router = apiforge_tests::serving::server::router(Service::default()).layer(axum::middleware::map_response(
        |response: axum::response::Response| async move {
            let id = response.extensions().get::<OperationId>().map(|id| id.0).unwrap_or("none");
            let mut response = response;
            response.headers_mut().insert("x-operation", id.parse().unwrap());
            response
        },
    ));
    let base = serve(router).await;
    let raw = raw_client().put(format!("{base}/tokens/404/note")).send().await.unwrap();
    assert_eq!(raw.headers()["x-operation"], "putNote");
}

#[tokio::test]
async fn a_path_segment_of_several_parameters_is_split_at_its_texts() {
    let base = start().await;
    let get = |path: &str| raw_client().get(format!("{base}{path}")).header("x-api-key", "k").send();
    let answer = get("/commits/0a1b.patch").await.unwrap();
    assert_eq!(answer.status(), 200);
    assert_eq!(answer.text().await.unwrap(), "0a1b as patch");
    assert_eq!(get("/exports/api-forge-issues-7.zip").await.unwrap().status(), 204);
    // The declared 400 holds the message in a list of problems, in a list of messages.
    let (status, body) = status_and_json(get("/exports/api-forge-issues-0.zip").await.unwrap()).await;
    let message = "`task` breaks the rule minimum 1 (it is 0)";
    assert_eq!((status, body), (400, json!({"errors": [{"field": "", "message": [message]}]})));
    // Each part is checked as its parameter: `zip` is no format.
    assert_eq!(get("/commits/0a1b.zip").await.unwrap().status(), 400);
    // A segment without the texts is no path of the operation.
    assert_eq!(get("/exports/api-forge.tar").await.unwrap().status(), 404);
    let client = apiforge_tests::serving::Client::new(&base).unwrap().with_api_key("k");
    let format = apiforge_tests::serving::types::GetCommitAsFormat::Diff;
    let sent = client.get_commit_as("ff", format).send().await.unwrap();
    assert_eq!(sent, "ff as diff");
}

#[tokio::test]
async fn an_operation_declaring_422_and_not_400_answers_422_and_a_required_form_must_be_sent() {
    let base = start().await;
    let http = raw_client();
    let form = "application/x-www-form-urlencoded";
    let missing = http.patch(format!("{base}/flags/beta")).send().await.unwrap();
    let (status, body) = status_and_json(missing).await;
    assert_eq!(status, 422, "no body, though one is required");
    let placeholders = json!({"message": "the request body is required", "id": "00000000-0000-0000-0000-000000000000",
        "at": "1970-01-01T00:00:00Z"});
    assert_eq!(body, placeholders, "each field valid for its format");
    let bad_name = http.patch(format!("{base}/flags/B-1")).header("content-type", form).body("enabled=true");
    assert_eq!(status_and_json(bad_name.send().await.unwrap()).await.0, 422);
    let empty = http.patch(format!("{base}/flags/beta")).header("content-type", form).send().await.unwrap();
    assert_eq!(empty.status(), 204, "the form of no fields");
    let set = http.patch(format!("{base}/flags/beta")).header("content-type", form).body("enabled=true");
    assert_eq!(set.send().await.unwrap().status(), 204);
}

#[tokio::test]
async fn a_list_in_a_form_is_its_key_repeated_and_one_value_is_a_list_of_one() {
    use apiforge_tests::serving::types::SetFlagBody;
    let base = start().await;
    let client = apiforge_tests::serving::Client::new(&base).unwrap();
    let labels = vec!["a".to_string(), "b c".to_string()];
    let body = SetFlagBody { enabled: Some(true), labels: Some(labels) };
    client.set_flag("pair", body).send().await.unwrap();
    let http = raw_client();
    let form = "application/x-www-form-urlencoded";
    for (name, text) in [("pair", "labels=a&labels=b+c&enabled=true"), ("single", "labels=a")] {
        let sent = http.patch(format!("{base}/flags/{name}")).header("content-type", form).body(text);
        assert_eq!(sent.send().await.unwrap().status(), 204, "{text}");
    }
}

#[tokio::test]
async fn string_formats_travel_as_their_own_types_and_malformed_ones_get_400() {
    use apiforge_runtime::chrono::{DateTime, NaiveDate, Utc};
    use apiforge_runtime::uuid::Uuid;
    use apiforge_tests::serving::client::PutEventResponse as Put;
    let base = start().await;
    let client = apiforge_tests::serving::Client::new(&base).unwrap();
    let id = Uuid::from_u128(0x67e5_5044_10b1_426f_9247_bb68_0e5f_e0c8);
    let at: DateTime<Utc> = "2024-05-01T10:00:00.5+02:00".parse().unwrap();
    let event = Event {
        at,
        on: NaiveDate::from_ymd_opt(2024, 2, 29),
        digest: vec![0xfb, 0xff].into(),
        address: Some("2001:db8::1".parse().unwrap()),
        contact: None,
        starts: Some("09:30:00+02:00".into()),
        key: Some("k-123".into()),
        note: None,
    };
    let days = vec![NaiveDate::from_ymd_opt(2024, 5, 1).unwrap(), NaiveDate::from_ymd_opt(2024, 5, 2).unwrap()];
    let since: DateTime<Utc> = "2024-06-01T00:00:00Z".parse().unwrap();
    let sent = client
        .put_event(id, event.clone())
        .since(since)
        .days(days)
        .x_client_address(std::net::Ipv4Addr::new(10, 0, 0, 1))
        .send()
        .await
        .unwrap();
    let Put::Ok { body, headers } = sent;
    assert_eq!(headers.x_stored_at, since);
    let contact = "67e5504410b1426f9247bb680e5fe0c8+2024-05-01+2024-05-02+10.0.0.1@example.com";
    assert_eq!(body, Event { at: since, contact: Some(contact.into()), key: None, ..event.clone() });
    // `key` is `writeOnly` and required: an answer leaves it out, a request may not.
    match client.put_event(id, Event { key: None, ..event }).send().await {
        Err(Error::InvalidRequest(e)) => {
            assert_eq!((e.name.as_str(), e.rule.as_str()), ("body.key", "required (writeOnly: requests carry it)"))
        }
        other => panic!("{other:?}"),
    }

    // On the wire each is the text the spec means.
    let http = raw_client();
    let put = |path: &str, body: serde_json::Value| http.put(format!("{base}/events/{path}")).json(&body).send();
    let valid = json!({"at": "2024-05-01T10:00:00+02:00", "digest": "+/8=", "key": "k-123", "note": null});
    let answer = put(&format!("{id}?since=2024-06-01T02:00:00%2B02:00"), valid.clone()).await.unwrap();
    assert_eq!(answer.headers()["x-stored-at"], "2024-06-01T00:00:00Z");
    let (status, json) = status_and_json(answer).await;
    assert_eq!((status, &json["at"], &json["digest"]), (200, &json!("2024-06-01T00:00:00Z"), &json!("+/8=")));

    let problem = |detail: &str| (400, json!({"title": "Bad Request", "status": 400, "detail": detail}));
    let not_a_uuid = put("not-a-uuid", valid.clone()).await.unwrap();
    assert_eq!(not_a_uuid.headers()["content-type"], "application/problem+json", "the media type the spec declares");
    assert_eq!(status_and_json(not_a_uuid).await, problem("path parameter `id` has an invalid value `not-a-uuid`"));
    assert_eq!(
        status_and_json(put(&format!("{id}?since=yesterday"), valid.clone()).await.unwrap()).await,
        problem("query parameter `since` has an invalid value `yesterday`")
    );
    let (status, _) =
        status_and_json(put(&id.to_string(), json!({"at": "yesterday", "digest": "", "key": "k-123"})).await.unwrap())
            .await;
    assert_eq!(status, 400);
    let with = |field: &str, value: &str| {
        let mut body = json!({"at": "2024-05-01T10:00:00Z", "digest": "", "key": "k-123", "note": null});
        body[field] = json!(value);
        put(&id.to_string(), body)
    };
    let (status, json) = status_and_json(with("contact", "nobody").await.unwrap()).await;
    assert_eq!((status, &json["detail"]), (400, &json!("`body.contact` breaks the rule format email")));
    let (status, json) = status_and_json(with("key", "k").await.unwrap()).await;
    assert_eq!(
        (status, &json["detail"]),
        (400, &json!("`body.key` breaks the rule minLength 4 (it has 1 characters)"))
    );
    let without_key =
        put(&id.to_string(), json!({"at": "2024-05-01T10:00:00Z", "digest": "", "note": null})).await.unwrap();
    let (status, json) = status_and_json(without_key).await;
    assert_eq!(
        (status, &json["detail"]),
        (400, &json!("`body.key` breaks the rule required (writeOnly: requests carry it)"))
    );
    // `note` is required and nullable: null is its value, leaving it out breaks the spec.
    let without_note = put(&id.to_string(), json!({"at": "2024-05-01T10:00:00Z", "digest": "", "key": "k-123"}));
    let (status, json) = status_and_json(without_note.await.unwrap()).await;
    assert_eq!(status, 400);
    assert!(json["detail"].as_str().unwrap().contains("missing field `note`"), "{json}");
}
