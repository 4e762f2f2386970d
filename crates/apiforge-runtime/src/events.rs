//! Server-sent events (`text/event-stream`): the typed stream a generated
//! client reads and a generated server writes.

use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use futures_core::Stream;

/// One event: its `data` read as the operation's schema says (JSON into a
/// type, else text), with the `event`, `id` and `retry` fields the server
/// sent.
#[derive(Debug, Clone, PartialEq)]
pub struct Event<T> {
    pub data: T,
    /// The event's type (`event:`); None for the default, `message`.
    pub event: Option<String>,
    pub id: Option<String>,
    /// How long the server asks a reconnecting client to wait.
    pub retry: Option<Duration>,
}

impl<T> Event<T> {
    /// An event holding `data` alone.
    pub fn new(data: T) -> Event<T> {
        Event { data, event: None, id: None, retry: None }
    }
}

/// An event that could not be read: the stream broke, or its `data` is not
/// of the declared shape. The stream goes on after the latter. New kinds
/// may be added: a `match` needs a `_` arm.
#[derive(Debug)]
#[non_exhaustive]
pub enum EventError {
    /// The connection failed or the stream is not valid `text/event-stream`.
    Stream(String),
    /// The event's `data` does not match its schema.
    Data { data: String, reason: String },
}

impl fmt::Display for EventError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EventError::Stream(reason) => write!(f, "the event stream failed: {reason}"),
            EventError::Data { data, reason } => {
                write!(f, "an event's data does not match its schema ({reason}): {data}")
            }
        }
    }
}

impl std::error::Error for EventError {}

/// A stream of events: read from a response by a client, or produced by a
/// server's handler ([`Events::new`]).
pub struct Events<T> {
    inner: Pin<Box<dyn Stream<Item = Result<Event<T>, EventError>> + Send>>,
}

impl<T> Events<T> {
    /// The events `stream` yields, for a handler to answer with.
    pub fn new(stream: impl Stream<Item = Result<Event<T>, EventError>> + Send + 'static) -> Events<T> {
        Events { inner: Box::pin(stream) }
    }
}

impl<T: Send + 'static> Events<T> {
    /// One event for each of `data`, in order, then the end of the stream.
    pub fn of(data: Vec<T>) -> Events<T> {
        Events::new(futures_util::stream::iter(data.into_iter().map(|data| Ok(Event::new(data)))))
    }
}

impl<T> Stream for Events<T> {
    type Item = Result<Event<T>, EventError>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

impl<T> fmt::Debug for Events<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Events { .. }")
    }
}

/// Reads an event's `data` as JSON of `T`.
pub fn json_data<T: serde::de::DeserializeOwned>(data: &str) -> Result<T, String> {
    serde_json::from_str(data).map_err(|e| e.to_string())
}

/// Takes an event's `data` as it is.
pub fn text_data(data: &str) -> Result<String, String> {
    Ok(data.to_string())
}

#[cfg(feature = "client")]
impl<T: Send + 'static> Events<T> {
    /// The events of a response body, each `data` read by `parse`. Comments
    /// are skipped and multi-line data joined (`eventsource-stream`).
    pub(crate) fn read(
        body: impl Stream<Item = reqwest::Result<bytes::Bytes>> + Send + 'static,
        parse: fn(&str) -> Result<T, String>,
    ) -> Events<T> {
        use eventsource_stream::Eventsource;
        use futures_util::StreamExt;
        let events = body.eventsource().map(move |item| {
            let event = item.map_err(|e| EventError::Stream(e.to_string()))?;
            let data = parse(&event.data).map_err(|reason| EventError::Data { data: event.data.clone(), reason })?;
            Ok(Event {
                data,
                event: Some(event.event).filter(|name| !name.is_empty() && name != "message"),
                id: Some(event.id).filter(|id| !id.is_empty()),
                retry: event.retry,
            })
        });
        Events::new(events)
    }
}
