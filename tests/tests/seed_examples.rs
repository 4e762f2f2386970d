//! The example bodies from the seed pages read into the generated types and
//! write back to the same JSON, up to the normalizations the generated types
//! document (an optional `null` is written absent).

use std::collections::BTreeSet;

use serde_json::{json, Value};

fn round_trip<T>(example: Value) -> T
where
    T: serde::de::DeserializeOwned + serde::Serialize,
{
    let typed: T = serde_json::from_value(example.clone()).expect("the example reads into the type");
    let written = serde_json::to_value(&typed).unwrap();
    let difference = apiforge_conformance::compare::difference(&example, &written, &BTreeSet::new());
    assert_eq!(difference, None, "writing it back gives the same JSON");
    typed
}

#[test]
fn turso_revoked_token() {
    let body: turso_api::types::RevokeApiToken200 = round_trip(json!({"token": "my-token"}));
    assert_eq!(body.token.as_deref(), Some("my-token"));
}

#[test]
fn vercel_deleted_token() {
    let id = "5d9f2ebd38ddca62e5d51e9c1704c72530bdc8bfdd41e782a6687c48399e8391";
    let body: vercel_api::types::DeleteAuthToken200 = round_trip(json!({"tokenId": id}));
    assert_eq!(body.token_id, id);
    let missing = serde_json::from_value::<vercel_api::types::DeleteAuthToken200>(json!({}));
    assert!(missing.unwrap_err().to_string().contains("tokenId"));
}

#[test]
fn zangtable_envelopes() {
    use zangtable_api::types::RevokeTokenEnvelope;
    let success: RevokeTokenEnvelope = round_trip(json!({
        "ok": true,
        "data": {"revoked": true, "token_id": 9},
        "error": null,
        "request_id": "req_20260602T012345_123456Z_abc123def456",
        "operation_key": "edit-profile-email",
        "operation_run_id": "oprun_20260602T012300_000000Z_a1b2c3d4e5f6",
        "operation_grouping_status": "accepted_provided_run",
        "meta": {"generated_at": "2026-06-02T01:23:45Z"}
    }));
    assert!(success.ok);
    assert_eq!(success.data.unwrap().token_id, Some(9));
    let denied: RevokeTokenEnvelope = round_trip(json!({
        "ok": false,
        "data": null,
        "error": {"code": "permission_denied", "message": "This credential cannot revoke that token."},
        "request_id": "req_20260602T012345_123456Z_abc123def456",
        "meta": {"generated_at": "2026-06-02T01:23:45Z"}
    }));
    assert_eq!(denied.error.unwrap().code.as_deref(), Some("permission_denied"));
}

#[test]
fn motherduck_error_bodies() {
    let body: motherduck_api::types::UsersDeleteTokenErrorBody =
        round_trip(json!({"code": "UNAUTHORIZED", "message": "Invalid Credentials", "issues": []}));
    assert_eq!(body.code, "UNAUTHORIZED");
    let with_issue: motherduck_api::types::UsersDeleteTokenErrorBody =
        round_trip(json!({"code": "BAD_REQUEST", "message": "Bad Request", "issues": [{"message": "username"}]}));
    assert_eq!(with_issue.issues.unwrap()[0].message, "username");
}

#[test]
fn infisical_error_bodies_are_closed_and_status_codes_exact() {
    use infisical_api::types::{RevokeTokenAuthToken404 as NotFound, RevokeTokenAuthToken404StatusCode};
    let body: NotFound = round_trip(json!({
        "reqId": "req-1", "statusCode": 404, "message": "Token not found", "error": "NotFound"
    }));
    assert_eq!(body.status_code, RevokeTokenAuthToken404StatusCode::N404);
    let wrong_code = serde_json::from_value::<NotFound>(json!({
        "reqId": "r", "statusCode": 400, "message": "m", "error": "e"
    }));
    assert!(wrong_code.is_err(), "404's statusCode admits only 404");
    let extra = serde_json::from_value::<NotFound>(json!({
        "reqId": "r", "statusCode": 404, "message": "m", "error": "e", "extra": 1
    }));
    assert!(extra.unwrap_err().to_string().contains("unknown field `extra`"));
    // 422's message is free-form: any JSON value.
    let unprocessable: infisical_api::types::RevokeTokenAuthToken422 = round_trip(json!({
        "reqId": "r", "statusCode": 422, "message": {"field": "tokenId"}, "error": "ValidationFailure"
    }));
    assert_eq!(unprocessable.message, Some(json!({"field": "tokenId"})));
}
