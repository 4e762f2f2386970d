//! The `IntoResponse` derive of generated servers' response enums.
#![cfg(feature = "server")]

use apiforge_runtime::server::axum::response::IntoResponse;
use apiforge_runtime::server::IntoResponse;

#[derive(Debug, IntoResponse)]
enum GetNoteResponse {
    /// JSON.
    #[status(200)]
    Ok(Vec<String>),
    /// Text as it is.
    #[status(203, raw = "text/plain")]
    NonAuthoritativeInformation(String),
    /// JSON under its declared media type.
    #[status(400, json = "application/problem+json")]
    BadRequest(String),
    /// The status alone.
    #[status(404)]
    NotFound,
    #[unimplemented]
    Unimplemented,
}

/// The status, the `Content-Type` and the body each variant answers with.
async fn answer(response: GetNoteResponse) -> (u16, String, String) {
    let response = response.into_response();
    let status = response.status().as_u16();
    let media = response.headers().get("content-type").map(|v| v.to_str().unwrap().to_string()).unwrap_or_default();
    let body = axum_body(response).await;
    (status, media, body)
}

async fn axum_body(response: apiforge_runtime::server::axum::response::Response) -> String {
    let bytes = apiforge_runtime::server::axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap();
    String::from_utf8(bytes.to_vec()).unwrap()
}

#[tokio::test]
async fn each_variant_answers_with_its_status_and_body() {
    let json = || "application/json".to_string();
    assert_eq!(answer(GetNoteResponse::Ok(vec!["a".into()])).await, (200, json(), r#"["a"]"#.into()));
    let text = GetNoteResponse::NonAuthoritativeInformation("plain".into());
    assert_eq!(answer(text).await, (203, "text/plain".into(), "plain".into()));
    let problem = GetNoteResponse::BadRequest("bad".into());
    assert_eq!(answer(problem).await, (400, "application/problem+json".into(), r#""bad""#.into()));
    assert_eq!(answer(GetNoteResponse::NotFound).await, (404, String::new(), String::new()));
    let (status, media, body) = answer(GetNoteResponse::Unimplemented).await;
    assert_eq!((status, media.as_str()), (501, "application/json"));
    assert!(body.contains("not implemented"), "{body}");
}
