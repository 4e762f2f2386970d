//! Callback URL expressions (`{$request.body#/callbackUrl}`), evaluated
//! against the request that registered the callback.

/// The URL `expression` names for a request whose body is `body`: each
/// `{$request.body#/pointer}` is the body's value there (text as it is,
/// numbers and booleans written out) and the text around them is kept.
/// None when the expression needs anything else (`$request.query.x`,
/// `$url`...), or the body holds nothing usable at a pointer.
pub fn callback_url<T: serde::Serialize>(expression: &str, body: &T) -> Option<String> {
    let body = serde_json::to_value(body).ok()?;
    let mut url = String::new();
    let mut rest = expression;
    while let Some(open) = rest.find('{') {
        url.push_str(&rest[..open]);
        let close = open + rest[open..].find('}')?;
        let pointer = rest[open + 1..close].strip_prefix("$request.body#")?;
        match body.pointer(pointer)? {
            serde_json::Value::String(text) => url.push_str(text),
            value @ (serde_json::Value::Number(_) | serde_json::Value::Bool(_)) => url.push_str(&value.to_string()),
            _ => return None,
        }
        rest = &rest[close + 1..];
    }
    url.push_str(rest);
    Some(url)
}

#[cfg(test)]
mod tests {
    use super::callback_url;
    use serde_json::json;

    #[test]
    fn body_pointers_are_evaluated_and_other_expressions_are_not() {
        let body = json!({"callbackUrl": "https://example.com/hook", "id": 7, "nested": {"host": "h"}});
        assert_eq!(callback_url("{$request.body#/callbackUrl}", &body).as_deref(), Some("https://example.com/hook"));
        assert_eq!(
            callback_url("https://{$request.body#/nested/host}/things/{$request.body#/id}", &body).as_deref(),
            Some("https://h/things/7")
        );
        assert_eq!(callback_url("{$request.query.url}", &body), None);
        assert_eq!(callback_url("{$request.body#/missing}", &body), None);
        assert_eq!(callback_url("{$request.body#/nested}", &body), None);
    }
}
