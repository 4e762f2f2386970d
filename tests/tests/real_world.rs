//! The `real_world` fixture (tests/fixtures/real_world.yaml) round trip:
//! constructs from real specs work end to end, not only compile.

mod support;

use apiforge_runtime::client::Error;
use apiforge_runtime::uuid::Uuid;
use apiforge_runtime::{Multipart, Part};
use apiforge_tests::real_world::client::{
    GetThingBuilder, GetThingError, GetThingResponse as Got, PutThingResponse as Put,
};
use apiforge_tests::real_world::server::{
    Api, DeleteThingByNameRequest, DeleteThingByNameResponse, FastSearchRequest, FastSearchResponse, GetThingRequest,
    GetThingResponse, LookupRequest, LookupResponse, PutThingRequest, PutThingResponse, UploadAttachmentRequest,
    UploadAttachmentResponse,
};
use apiforge_tests::real_world::types::{Filter, FilterStockType, Kind, OrderLinesItem, Thing, ThingsId501, Tree};
use support::{raw_client, serve};

struct Things;

fn thing(name: &str) -> Thing {
    Thing {
        name: name.into(),
        kind: Some(Kind::Plus1),
        level: None,
        maybe: None,
        single: None,
        anything: None,
        mixed: None,
        copy: None,
        object_with_odd_at_chars: Some(true),
        stock: Some(FilterStockType::Service),
    }
}

impl Api for Things {
    async fn get_thing(&self, req: GetThingRequest) -> GetThingResponse {
        if req.id.is_nil() {
            return GetThingResponse::NotImplemented(ThingsId501 { reason: Some("not yet".into()) });
        }
        let filter = req.filter.unwrap_or(Filter { q: None, limit: None });
        let name = format!(
            "{}|{}|{:?}|{:?}|{:?}|{:?}",
            req.nullable_required,
            req.fields.unwrap_or_default().join("+"),
            filter.q,
            filter.limit,
            req.x_tenant_id,
            req.session_at_v2,
        );
        assert_eq!(req.auth.expose(), "key-1");
        GetThingResponse::Status2xx { status: 203, body: thing(&name) }
    }

    async fn put_thing(&self, req: PutThingRequest) -> PutThingResponse {
        if req.body.name == "bytes" {
            return PutThingResponse::Accepted(vec![0u8, 159, 146, 150].into());
        }
        PutThingResponse::Ok(format!("stored {}", req.body.name))
    }

    async fn upload_attachment(&self, req: UploadAttachmentRequest) -> UploadAttachmentResponse {
        let file = req.body.get("file").expect("a file part");
        let title = req.body.get("title").and_then(Part::text).unwrap_or_default();
        let echo = Multipart::new().text("title", title).text("file-size", file.data.len()).file(
            "file",
            file.filename.clone().unwrap_or_default(),
            file.content_type.clone().unwrap_or_default(),
            file.data.clone(),
        );
        UploadAttachmentResponse::Ok(echo)
    }

    async fn lookup(&self, req: LookupRequest) -> LookupResponse {
        assert_eq!(req.city, "São Paulo");
        LookupResponse::NoContent
    }

    async fn delete_thing_by_name(&self, req: DeleteThingByNameRequest) -> DeleteThingByNameResponse {
        assert_eq!(req.name, "old");
        DeleteThingByNameResponse::NoContent
    }

    async fn fast_search(&self, _: FastSearchRequest) -> FastSearchResponse {
        let leaf = OrderLinesItem { name: Some("leaf".into()), lines: None };
        let lines = vec![OrderLinesItem { name: Some("root".into()), lines: Some(vec![leaf]) }];
        let body = Tree { children: Some(vec![Tree { children: None, lines: None }]), lines: Some(lines) };
        FastSearchResponse::Default { status: 200, body }
    }
}

const ID: Uuid = Uuid::from_u128(0x123e4567_e89b_12d3_a456_426614174000);

async fn client() -> apiforge_tests::real_world::Client {
    let base = serve(apiforge_tests::real_world::server::router(Things)).await;
    apiforge_tests::real_world::Client::new(&base).unwrap().with_query_key("key-1")
}

/// A query list, a query object, a header and a cookie, and the name the
/// server makes of them.
fn with_every_style(builder: GetThingBuilder) -> GetThingBuilder {
    builder
        .fields(vec!["a".to_string(), "b".to_string()])
        .filter(Filter { q: Some("x y".into()), limit: Some(3) })
        .x_tenant_id(7)
        .session_at_v2("s")
}

const EVERY_STYLE_ECHO: &str = r#"n|a+b|Some("x y")|Some(3)|Some(7)|Some("s")"#;

#[tokio::test]
async fn query_styles_headers_cookies_and_ranges() {
    let client = client().await;
    let got = with_every_style(client.get_thing(ID, "n")).send().await.unwrap();
    let Got::Status2xx { status, body } = got;
    assert_eq!(status, 203);
    assert_eq!(body.name, EVERY_STYLE_ECHO);
    assert_eq!(body.kind, Some(Kind::Plus1));
}

/// A builder fills its request as it is called: a setter called again
/// replaces what the earlier call set (query list, query object, header,
/// cookie), as with any builder.
#[tokio::test]
async fn a_setter_called_twice_keeps_the_last_value() {
    let client = client().await;
    let first = client
        .get_thing(ID, "n")
        .fields(vec!["old".to_string()])
        .filter(Filter { q: Some("old".into()), limit: Some(9) })
        .x_tenant_id(1)
        .session_at_v2("old");
    let Got::Status2xx { body, .. } = with_every_style(first).send().await.unwrap();
    assert_eq!(body.name, EVERY_STYLE_ECHO);
}

#[tokio::test]
async fn declared_501_is_the_specs_not_the_default() {
    let client = client().await;
    match client.get_thing(Uuid::nil(), "n").send().await {
        Err(Error::Api(GetThingError::NotImplemented(body))) => assert_eq!(body.reason.as_deref(), Some("not yet")),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn text_and_binary_responses_and_the_copied_path_item() {
    let client = client().await;
    assert_eq!(client.put_thing(ID, thing("t")).send().await.unwrap(), Put::Ok("stored t".into()));
    assert_eq!(
        client.put_thing(ID, thing("bytes")).send().await.unwrap(),
        Put::Accepted(vec![0u8, 159, 146, 150].into())
    );
    // `/things/{id}/copy` is a `$ref` to `/things/{id}`: operations of its
    // own, which this server leaves to the trait's default (501). The spec
    // declares 501, so the client reads it as that declared error.
    match client.get_thing2(ID, "n").send().await {
        Err(e @ Error::Api(apiforge_tests::real_world::client::GetThing2Error::NotImplemented(_))) => {
            assert_eq!(e.status(), Some(501));
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn multipart_uploads_carry_text_and_file_parts() {
    let client = client().await;
    let bytes = vec![0u8, 255, 13, 10, b'-', b'-'];
    let form =
        Multipart::new().text("title", "café \"menu\"").file("file", "menu.pdf", "application/pdf", bytes.clone());
    let echo = client.upload_attachment("a", form).send().await.unwrap();
    assert_eq!(echo.get("title").and_then(Part::text), Some("café \"menu\""));
    assert_eq!(echo.get("file-size").and_then(Part::text), Some("6"));
    let file = echo.get("file").unwrap();
    assert_eq!((file.filename.as_deref(), file.content_type.as_deref()), (Some("menu.pdf"), Some("application/pdf")));
    assert_eq!(file.data, bytes);
    // A body that is not multipart is refused before the handler runs.
    let base = serve(apiforge_tests::real_world::server::router(Things)).await;
    let response = raw_client()
        .post(format!("{base}/things/a/attachments?api_key=k"))
        .header("content-type", "multipart/form-data")
        .body("title=x")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let text = response.text().await.unwrap();
    assert!(text.contains("not valid multipart/form-data: the Content-Type has no boundary"), "{text}");
    // The schema requires `file` and names no part but `title` beside it.
    let file = || Multipart::new().file("file", "menu.pdf", "application/pdf", b"%PDF".to_vec());
    let refused = [
        (Multipart::new().text("title", "x"), "the request body has no part `file`, which is required"),
        (file().text("note", "x"), "the request body has a part `note` its schema does not name"),
    ];
    for (form, why) in refused {
        match client.upload_attachment("a", form).send().await {
            Err(Error::UnexpectedStatus { status: 400, body }) => {
                let body = String::from_utf8_lossy(&body);
                assert!(body.contains(why), "{body}");
            }
            other => panic!("{other:?}"),
        }
    }
}

#[tokio::test]
async fn only_default_declared_and_a_path_key_with_a_query_string() {
    let client = client().await;
    match client.fast_search().send().await.unwrap() {
        apiforge_tests::real_world::client::FastSearchResponse::Default { status, body } => {
            assert_eq!(status, 200);
            assert_eq!(body.children.unwrap().len(), 1);
            let lines = body.lines.unwrap();
            assert_eq!(lines[0].lines.as_ref().unwrap()[0].name.as_deref(), Some("leaf"));
        }
    }
}

#[tokio::test]
async fn constraints_checked_on_both_sides() {
    let client = client().await;
    // The id is a `Uuid`: the client cannot send `short`, the server refuses it.
    // Patterns are ECMA-262: lookahead is checked too.
    match client.get_thing(ID, "n").lookahead("admin").send().await {
        Err(Error::InvalidRequest(e)) => assert_eq!(e.rule, "pattern ^(?!admin).*$"),
        other => panic!("{other:?}"),
    }
    assert!(client.get_thing(ID, "n").lookahead("ada").send().await.is_ok());
    let base = client.base_url().to_string();
    let raw = raw_client()
        .get(format!("{base}/things/{ID}?nullable-required=n&api_key=key-1&lookahead=admin"))
        .send()
        .await
        .unwrap();
    assert_eq!(raw.status().as_u16(), 400);
    let raw = raw_client().get(format!("{base}/things/short?nullable-required=n&api_key=key-1")).send().await.unwrap();
    assert_eq!(raw.status().as_u16(), 400);
}

#[tokio::test]
async fn parameters_named_in_a_path_keys_query_string_travel_in_the_query() {
    let client = client().await;
    client.lookup("São Paulo").send().await.unwrap();
}

#[tokio::test]
async fn same_route_with_other_parameter_names() {
    use apiforge_runtime::server::http::Method;
    use apiforge_tests::real_world::server::{operation_id, OperationId};
    let client = client().await;
    // Another method on the same route is served by its own operation.
    client.delete_thing_by_name("old").send().await.unwrap();
    // The same method and route is served by the first operation declared.
    assert_eq!(operation_id(&Method::GET, "/things/{p0}"), Some(OperationId("getThing")));
    assert_eq!(operation_id(&Method::DELETE, "/things/{p0}"), Some(OperationId("deleteThingByName")));
}
