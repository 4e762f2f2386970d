//! Answering with server-sent events (axum's `Sse`).

use axum::response::sse::{Event as SseEvent, Sse};
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;

use crate::{EventError, Events};

/// Answers `status` with `events` as `text/event-stream`, each event's data
/// written by `write` (JSON, or text as it is). An error from the stream,
/// or data that does not serialize, ends the response.
pub fn events<T: Send + 'static>(status: u16, events: Events<T>, write: fn(&T) -> Result<String, String>) -> Response {
    let stream = events.map(move |item| {
        let event = item?;
        let data = write(&event.data).map_err(|reason| EventError::Data { data: String::new(), reason })?;
        let mut sse = SseEvent::default().data(data);
        // axum refuses line breaks and NULs in these fields: they are left out.
        let clean = |text: &str| text.chars().filter(|c| !matches!(c, '\n' | '\r' | '\0')).collect::<String>();
        if let Some(name) = &event.event {
            sse = sse.event(clean(name));
        }
        if let Some(id) = &event.id {
            sse = sse.id(clean(id));
        }
        if let Some(retry) = event.retry {
            sse = sse.retry(retry);
        }
        Ok::<_, EventError>(sse)
    });
    let mut response = Sse::new(stream).into_response();
    *response.status_mut() = super::respond::status_code(status);
    response
}

/// Writes event data as JSON.
pub fn json_event<T: serde::Serialize>(data: &T) -> Result<String, String> {
    serde_json::to_string(data).map_err(|e| e.to_string())
}

/// Writes event data as the text it is.
pub fn text_event<T: AsRef<str>>(data: &T) -> Result<String, String> {
    Ok(data.as_ref().to_string())
}
