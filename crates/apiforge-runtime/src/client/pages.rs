//! Paginated operations as streams: each page is requested when the stream
//! is polled past the one before, and the next request is made from the
//! answer as the operation's style says.

use std::collections::HashSet;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_util::stream::{self, Stream, StreamExt};

use super::{Decode, Error, Request, Response};

/// How an operation's next page is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Pagination {
    /// The `Link` header's `rel="next"` URL (GitHub).
    Link,
    /// The text at `cursor` (a JSON pointer into the body) sent back as the
    /// query parameter `param`; an absent or empty cursor ends the pages.
    Cursor { cursor: &'static str, param: &'static str },
    /// While the boolean at `has_more` is true, the `id` of the last item
    /// of the array at `items` sent as `param` (Stripe's `starting_after`).
    LastId { has_more: &'static str, items: &'static str, param: &'static str },
    /// The query parameter `param` counted up from its value in the first
    /// request (or 1) until the array at `items` is empty.
    PageNumber { param: &'static str, items: &'static str },
}

/// A stream of pages (`T`, the operation's result) or of items (`T`, an
/// item), ending after the first error.
pub struct Paged<T, E> {
    inner: Pin<Box<dyn Stream<Item = Result<T, Error<E>>> + Send>>,
}

impl<T, E> Stream for Paged<T, E> {
    type Item = Result<T, Error<E>>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

/// The pages of `first` and those after it, each decoded by `decode`. The
/// stream ends after the last page, after an error, when a cursor comes
/// back that was already sent (a server that would loop), and before a
/// `Link` that leaves the API's scheme, host and port (it would carry the
/// credentials elsewhere).
pub fn pages<T, E>(first: Request, pagination: Pagination, decode: Decode<T, E>) -> Paged<T, E>
where
    T: Send + 'static,
    E: Send + 'static,
{
    let state = Some(Pager { next: first, pagination, sent: HashSet::new() });
    let pages = stream::unfold(state, move |state| async move {
        let mut pager = state?;
        let request = pager.next.clone();
        let response = match request.send().await {
            Ok(response) => response,
            Err(error) => return Some((Err(error.into()), None)),
        };
        let following = pager.following(&response);
        match decode(response) {
            Ok(page) => Some((Ok(page), following.map(|next| Pager { next, ..pager }))),
            Err(error) => Some((Err(error), None)),
        }
    });
    Paged { inner: Box::pin(pages) }
}

/// The items of each page, in order: `items` takes a page's items out.
pub fn items<T, I, E>(pages: Paged<T, E>, items: fn(T) -> Vec<I>) -> Paged<I, E>
where
    T: 'static,
    I: Send + 'static,
    E: Send + 'static,
{
    let items = pages.flat_map(move |page| {
        let items: Vec<Result<I, Error<E>>> = match page {
            Ok(page) => items(page).into_iter().map(Ok).collect(),
            Err(error) => vec![Err(error)],
        };
        stream::iter(items)
    });
    Paged { inner: Box::pin(items) }
}

struct Pager {
    next: Request,
    pagination: Pagination,
    /// The cursors, ids and page numbers sent so far.
    sent: HashSet<String>,
}

impl Pager {
    /// The request for the page after `response`, if there is one.
    fn following(&mut self, response: &Response) -> Option<Request> {
        if !(200..300).contains(&response.status()) {
            return None;
        }
        match self.pagination {
            Pagination::Link => {
                let link = response.headers().get("link")?.to_str().ok()?;
                let url = same_origin(self.next.url(), next_link(link)?)?;
                let mut next = self.next.clone();
                next.set_url(url);
                Some(next)
            }
            Pagination::Cursor { cursor, param } => {
                let body = json(response)?;
                let cursor = text(body.pointer(cursor)?)?;
                self.send_once(param, cursor)
            }
            Pagination::LastId { has_more, items, param } => {
                let body = json(response)?;
                if body.pointer(has_more)?.as_bool() != Some(true) {
                    return None;
                }
                let last = body.pointer(items)?.as_array()?.last()?;
                let id = text(last.get("id")?)?;
                self.send_once(param, id)
            }
            Pagination::PageNumber { param, items } => {
                let body = json(response)?;
                if body.pointer(items)?.as_array()?.is_empty() {
                    return None;
                }
                let current: u64 = self.next.query_value(param).and_then(|v| v.parse().ok()).unwrap_or(1);
                self.send_once(param, current.checked_add(1)?.to_string())
            }
        }
    }

    /// The request with `param` set to `value`, unless that value was sent
    /// before.
    fn send_once(&mut self, param: &str, value: String) -> Option<Request> {
        if value.is_empty() || !self.sent.insert(value.clone()) {
            return None;
        }
        let mut next = self.next.clone();
        next.query(param, &value);
        Some(next)
    }
}

fn json(response: &Response) -> Option<serde_json::Value> {
    response.json::<serde_json::Value>().ok()
}

/// A cursor or id as text: a string as it is, a number written out.
fn text(value: &serde_json::Value) -> Option<String> {
    match value {
        serde_json::Value::String(text) => Some(text.clone()),
        serde_json::Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

/// The `rel="next"` target of a `Link` header (RFC 8288).
fn next_link(header: &str) -> Option<&str> {
    crate::header_text::split_unquoted(header, ',').into_iter().find_map(|link| {
        let (target, params) =
            crate::header_text::split_unquoted(link, ';').split_first().map(|(t, p)| (*t, p.to_vec()))?;
        let target = target.trim().strip_prefix('<')?.strip_suffix('>')?;
        let is_next = params.iter().any(|param| {
            let (name, value) = param.split_once('=').unwrap_or((param, ""));
            let rels = value.trim().trim_matches('"');
            name.trim().eq_ignore_ascii_case("rel")
                && rels.split_whitespace().any(|rel| rel.eq_ignore_ascii_case("next"))
        });
        is_next.then_some(target)
    })
}

/// `link` when it is on the scheme, host and port of `current`.
fn same_origin(current: &str, link: &str) -> Option<String> {
    let current = reqwest::Url::parse(current).ok()?;
    let link = current.join(link).ok()?;
    (link.origin() == current.origin()).then(|| link.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_next_link_is_found_among_others() {
        let header = r#"<https://api.github.com/r?page=1>; rel="prev", <https://api.github.com/r?page=3>; rel="next", <https://api.github.com/r?page=9>; rel="last""#;
        assert_eq!(next_link(header), Some("https://api.github.com/r?page=3"));
        assert_eq!(next_link(r#"<https://a/r?page=9>; rel="last""#), None);
        assert_eq!(next_link(r#"</r?page=2>; rel="next prefetch""#), Some("/r?page=2"));
        assert_eq!(next_link("garbage"), None);
        let comma = r#"<https://a/r?ids=1,2&page=2>; rel="next", <https://a/r?ids=1,2&page=9>; rel="last""#;
        assert_eq!(next_link(comma), Some("https://a/r?ids=1,2&page=2"));
        assert_eq!(next_link(r#"<https://a/r;v=2?page=2>; title="a, b; c"; rel=next"#), Some("https://a/r;v=2?page=2"));
    }

    #[test]
    fn links_stay_on_the_api_origin() {
        assert_eq!(
            same_origin("https://api.x.com/v1/r", "/v1/r?page=2").as_deref(),
            Some("https://api.x.com/v1/r?page=2")
        );
        assert_eq!(same_origin("https://api.x.com/r", "https://evil.example/r?page=2"), None);
        assert_eq!(same_origin("https://api.x.com/r", "http://api.x.com/r?page=2"), None);
    }
}
