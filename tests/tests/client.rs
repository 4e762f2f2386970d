//! Generated clients against a scripted server on loopback: what goes on the
//! wire, and how every declared and undeclared answer is read.

mod support;

use apiforge_runtime::client::Error;
use serde_json::json;
use support::Mock;

const TOKEN: &str = "tok_secret_123";

mod vercel {
    use super::*;
    use vercel_api::client::DeleteAuthTokenError;

    fn client(mock: &Mock) -> vercel_api::Client {
        vercel_api::Client::new(&mock.base_url).unwrap().with_bearer_token(TOKEN)
    }

    #[tokio::test]
    async fn current_token_is_deleted_with_bearer_auth() {
        let mock = Mock::start().await;
        mock.reply_json(200, json!({"tokenId": "5d9f2e"}));
        let deleted = client(&mock).delete_auth_token("current").send().await.unwrap();
        assert_eq!(deleted.token_id, "5d9f2e");
        let sent = mock.only_request();
        assert_eq!(sent.method, "DELETE");
        assert_eq!(sent.target, "/v3/user/tokens/current");
        assert_eq!(sent.header("authorization"), Some("Bearer tok_secret_123"));
        assert!(sent.body.is_empty());
    }

    #[tokio::test]
    async fn a_response_larger_than_the_client_reads_is_an_error() {
        let mock = Mock::start().await;
        let long_id = "x".repeat(200);
        mock.reply_json(200, json!({ "tokenId": long_id }));
        mock.reply_json(200, json!({"tokenId": "short"}));
        let client = client(&mock).with_max_response_bytes(100);
        match client.delete_auth_token("current").send().await {
            Err(Error::ResponseTooLarge { status: 200, limit: 100 }) => {}
            other => panic!("{other:?}"),
        }
        assert_eq!(client.delete_auth_token("current").send().await.unwrap().token_id, "short");
    }

    #[tokio::test]
    async fn token_ids_stay_one_path_segment() {
        let mock = Mock::start().await;
        for _ in 0..4 {
            mock.reply_json(200, json!({"tokenId": "x"}));
        }
        let client = client(&mock);
        for id in ["a/../b", "what?#frag", "100% sure", "größe"] {
            client.delete_auth_token(id).send().await.unwrap();
        }
        let targets: Vec<_> = mock.requests().into_iter().map(|r| r.target).collect();
        assert_eq!(
            targets,
            [
                "/v3/user/tokens/a%2F..%2Fb",
                "/v3/user/tokens/what%3F%23frag",
                "/v3/user/tokens/100%25%20sure",
                "/v3/user/tokens/gr%C3%B6%C3%9Fe",
            ]
        );
    }

    #[tokio::test]
    async fn declared_error_statuses_without_body_map_to_variants() {
        let mock = Mock::start().await;
        for status in [400, 401, 403, 404] {
            mock.reply(status, "text/plain", "nope");
        }
        let client = client(&mock);
        let mut seen = Vec::new();
        for _ in 0..4 {
            match client.delete_auth_token("t").send().await {
                Err(Error::Api(e)) => seen.push(e),
                other => panic!("{other:?}"),
            }
        }
        use DeleteAuthTokenError::*;
        assert!(matches!(seen[..], [BadRequest, Unauthorized, Forbidden, NotFound]), "{seen:?}");
    }

    #[tokio::test]
    async fn undeclared_status_and_malformed_body_are_errors_not_panics() {
        let mock = Mock::start().await;
        mock.reply(502, "text/html", "<h1>bad gateway</h1>");
        mock.reply(200, "application/json", "{\"tokenId\": 7");
        mock.reply_json(200, json!({"unexpected": true}));
        let client = client(&mock);
        match client.delete_auth_token("t").send().await {
            Err(Error::UnexpectedStatus { status, body }) => {
                assert_eq!(status, 502);
                assert_eq!(&body[..], b"<h1>bad gateway</h1>");
            }
            other => panic!("{other:?}"),
        }
        for _ in 0..2 {
            match client.delete_auth_token("t").send().await {
                Err(Error::InvalidBody(e)) => {
                    assert_eq!(e.status, 200);
                    assert!(e.reason.starts_with("invalid JSON body"), "{}", e.reason);
                }
                other => panic!("{other:?}"),
            }
        }
    }

    #[tokio::test]
    async fn missing_credential_is_refused_before_sending() {
        let mock = Mock::start().await;
        let anonymous = vercel_api::Client::new(&mock.base_url).unwrap();
        match anonymous.delete_auth_token("t").send().await {
            Err(Error::InvalidRequest(e)) => assert!(e.rule.contains("with_bearer_token"), "{e}"),
            other => panic!("{other:?}"),
        }
        assert!(mock.requests().is_empty());
    }

    #[test]
    fn debug_never_shows_the_token() {
        let client = vercel_api::Client::new("https://api.vercel.com").unwrap().with_bearer_token(TOKEN);
        let shown = format!("{client:?}");
        assert!(!shown.contains(TOKEN), "{shown}");
        assert!(shown.contains("bearer_token"), "{shown}");
        assert_eq!(vercel_api::Client::DEFAULT_BASE_URL, "https://api.vercel.com");
    }
}

mod turso {
    use super::*;

    #[tokio::test]
    async fn revokes_by_name() {
        let mock = Mock::start().await;
        mock.reply_json(200, json!({"token": "my-token"}));
        let client = turso_api::Client::new(&mock.base_url).unwrap().with_bearer_auth(TOKEN);
        let revoked = client.revoke_api_token("my-token").send().await.unwrap();
        assert_eq!(revoked.token.as_deref(), Some("my-token"));
        let sent = mock.only_request();
        assert_eq!((sent.method.as_str(), sent.target.as_str()), ("DELETE", "/v1/auth/api-tokens/my-token"));
        assert_eq!(sent.header("authorization"), Some("Bearer tok_secret_123"));
    }
}

mod zangtable {
    use super::*;
    use zangtable_api::client::RevokeTokenError;

    fn client(mock: &Mock) -> zangtable_api::Client {
        zangtable_api::Client::new(&mock.base_url).unwrap().with_bearer_auth("pat_PROJECT_TOKEN")
    }

    #[tokio::test]
    async fn integer_id_and_optional_operation_headers() {
        let mock = Mock::start().await;
        mock.reply_json(
            200,
            json!({
                "ok": true, "data": {"revoked": true, "token_id": 9}, "error": null,
                "request_id": "req_1", "operation_key": "edit-profile-email"
            }),
        );
        mock.reply_json(200, json!({"ok": true, "data": null, "error": null, "request_id": "req_2"}));
        let client = client(&mock);
        let envelope = client
            .revoke_token("my-project", 9)
            .x_operation_key("edit-profile-email")
            .x_operation_run_id("oprun_client_20260602_001")
            .send()
            .await
            .unwrap();
        assert_eq!(envelope.data.unwrap().token_id, Some(9));
        client.revoke_token("my-project", 10).send().await.unwrap();
        let [full, basic] = <[_; 2]>::try_from(mock.requests()).unwrap();
        assert_eq!(full.target, "/projects/my-project/auth/tokens/9");
        assert_eq!(full.header("x-operation-key"), Some("edit-profile-email"));
        assert_eq!(full.header("x-operation-run-id"), Some("oprun_client_20260602_001"));
        assert_eq!(full.header("authorization"), Some("Bearer pat_PROJECT_TOKEN"));
        assert_eq!(basic.target, "/projects/my-project/auth/tokens/10");
        assert_eq!(basic.header("x-operation-key"), None);
    }

    #[tokio::test]
    async fn permission_denied_envelope_is_a_typed_error() {
        let mock = Mock::start().await;
        mock.reply_json(
            403,
            json!({
                "ok": false, "data": null,
                "error": {"code": "permission_denied", "message": "This credential cannot revoke that token."},
                "request_id": "req_3"
            }),
        );
        match client(&mock).revoke_token("p", 1).send().await {
            Err(Error::Api(RevokeTokenError::Forbidden(envelope))) => {
                assert!(!envelope.ok);
                assert_eq!(envelope.error.unwrap().code.as_deref(), Some("permission_denied"));
            }
            other => panic!("{other:?}"),
        }
    }

    #[tokio::test]
    async fn header_values_with_line_breaks_are_refused_before_sending() {
        let mock = Mock::start().await;
        let result = client(&mock).revoke_token("p", 1).x_operation_key("a\r\nX-Injected: 1").send().await;
        match result {
            Err(Error::InvalidRequest(e)) => assert_eq!(e.name, "X-Operation-Key"),
            other => panic!("{other:?}"),
        }
        assert!(mock.requests().is_empty());
    }
}

mod motherduck {
    use super::*;
    use motherduck_api::client::UsersDeleteTokenError;

    fn client(mock: &Mock) -> motherduck_api::Client {
        motherduck_api::Client::new(&mock.base_url).unwrap().with_authorization(TOKEN)
    }

    #[tokio::test]
    async fn deletes_a_users_token() {
        let mock = Mock::start().await;
        mock.reply_json(200, json!({"deleted": true}));
        let body = client(&mock).users_delete_token("Ærøskøbing_1", "tok 1").send().await.unwrap();
        assert_eq!(body.get("deleted"), Some(&json!(true)));
        let sent = mock.only_request();
        assert_eq!(sent.target, "/v1/users/%C3%86r%C3%B8sk%C3%B8bing_1/tokens/tok%201");
    }

    #[tokio::test]
    async fn invalid_usernames_are_refused_before_sending() {
        let mock = Mock::start().await;
        let client = client(&mock);
        let long = "a".repeat(256);
        for (username, rule) in [
            ("1ana", r"pattern ^[\p{L}]"),
            ("ana-b", r"pattern ^[\p{L}\d_]*$"),
            ("", "minLength 1 (it has 0 characters)"),
            (long.as_str(), "maxLength 255 (it has 256 characters)"),
        ] {
            match client.users_delete_token(username, "t").send().await {
                Err(Error::InvalidRequest(e)) => {
                    assert_eq!((e.name.as_str(), e.rule.as_str()), ("username", rule));
                }
                other => panic!("{username}: {other:?}"),
            }
        }
        assert!(mock.requests().is_empty());
    }

    #[tokio::test]
    async fn error_bodies_decode_per_status() {
        let mock = Mock::start().await;
        mock.reply_json(404, json!({"message": "Not Found", "code": "NOT_FOUND", "issues": []}));
        mock.reply_json(401, json!({"message": "Invalid Credentials", "code": "UNAUTHORIZED"}));
        let client = client(&mock);
        match client.users_delete_token("ana", "t").send().await {
            Err(Error::Api(UsersDeleteTokenError::NotFound(body))) => assert_eq!(body.code, "NOT_FOUND"),
            other => panic!("{other:?}"),
        }
        match client.users_delete_token("ana", "t").send().await {
            Err(e @ Error::Api(UsersDeleteTokenError::Unauthorized(_))) => assert_eq!(e.status(), Some(401)),
            other => panic!("{other:?}"),
        }
    }
}

mod infisical {
    use super::*;
    use infisical_api::client::RevokeTokenAuthTokenError;

    fn client(mock: &Mock) -> infisical_api::Client {
        infisical_api::Client::new(&mock.base_url).unwrap().with_bearer_auth(TOKEN)
    }

    #[tokio::test]
    async fn revoke_is_a_post_and_reads_the_message() {
        let mock = Mock::start().await;
        mock.reply_json(200, json!({"message": "Successfully revoked access token"}));
        let body = client(&mock).revoke_token_auth_token("tok-1").send().await.unwrap();
        assert_eq!(body.message, "Successfully revoked access token");
        let sent = mock.only_request();
        assert_eq!(
            (sent.method.as_str(), sent.target.as_str()),
            ("POST", "/api/v1/auth/token-auth/tokens/tok-1/revoke")
        );
        assert_eq!(sent.header("authorization"), Some("Bearer tok_secret_123"));
        assert_eq!(infisical_api::Client::DEFAULT_BASE_URL, "https://us.infisical.com");
    }

    #[tokio::test]
    async fn unprocessable_entity_with_a_non_string_message() {
        let mock = Mock::start().await;
        mock.reply_json(
            422,
            json!({
                "reqId": "req-9", "statusCode": 422,
                "message": [{"path": ["tokenId"], "message": "Required"}], "error": "ValidationFailure"
            }),
        );
        match client(&mock).revoke_token_auth_token("tok-1").send().await {
            Err(Error::Api(RevokeTokenAuthTokenError::UnprocessableEntity(body))) => {
                assert_eq!(body.message, Some(json!([{"path": ["tokenId"], "message": "Required"}])));
                assert_eq!(body.error, "ValidationFailure");
            }
            other => panic!("{other:?}"),
        }
    }

    #[tokio::test]
    async fn closed_error_shape_with_the_wrong_status_code_is_invalid() {
        let mock = Mock::start().await;
        mock.reply_json(404, json!({"reqId": "r", "statusCode": 400, "message": "m", "error": "e"}));
        match client(&mock).revoke_token_auth_token("tok-1").send().await {
            Err(Error::InvalidBody(e)) => {
                assert_eq!(e.status, 404);
                assert!(e.reason.contains("not a valid RevokeTokenAuthToken404StatusCode"), "{}", e.reason);
            }
            other => panic!("{other:?}"),
        }
    }
}
