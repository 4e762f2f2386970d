//! Server-sent events (tests/fixtures/events.yaml): the generated server
//! streams typed events to the generated client, and the client reads what
//! real servers send (comments, multi-line data, fields, bad data) without
//! failing the stream.

mod support;

use std::time::Duration;

use apiforge_runtime::{Event, EventError, Events};
use apiforge_tests::events::server::{Api, TailLogRequest, TailLogResponse, WatchTicksRequest, WatchTicksResponse};
use apiforge_tests::events::types::{Problem, Tick};
use apiforge_tests::events::Client;
use futures_util::{stream, StreamExt, TryStreamExt};

struct Clock;

impl Api for Clock {
    async fn watch_ticks(&self, req: WatchTicksRequest) -> WatchTicksResponse {
        let Some(from) = req.from else {
            return WatchTicksResponse::NotFound(Problem { message: "say where to start".into() });
        };
        let ticks = (from..from + 3).map(|n| {
            let mut event = Event::new(Tick { n, label: Some(format!("tick {n}")) });
            event.id = Some(n.to_string());
            event.event = (n % 2 == 0).then(|| "even".to_string());
            Ok(event)
        });
        WatchTicksResponse::Ok(Events::new(stream::iter(ticks)))
    }

    async fn tail_log(&self, _: TailLogRequest) -> TailLogResponse {
        let lines = ["started", "two\nlines", "done"].map(|line| Ok(Event::new(line.to_string())));
        TailLogResponse::Ok(Events::new(stream::iter(lines)))
    }
}

#[tokio::test]
async fn typed_events_round_trip_with_their_fields() {
    let base = support::serve(apiforge_tests::events::server::router(Clock)).await;
    let client = Client::new(&base).unwrap();
    let events: Vec<Event<Tick>> = client.watch_ticks().from(4).send().await.unwrap().try_collect().await.unwrap();
    let seen: Vec<_> = events.iter().map(|e| (e.data.n, e.event.as_deref(), e.id.as_deref())).collect();
    assert_eq!(seen, [(4, Some("even"), Some("4")), (5, None, Some("5")), (6, Some("even"), Some("6"))]);
    assert_eq!(events[1].data.label.as_deref(), Some("tick 5"));
    let lines: Vec<String> =
        client.tail_log().send().await.unwrap().map_ok(|event| event.data).try_collect().await.unwrap();
    assert_eq!(lines, ["started", "two\nlines", "done"]);
}

#[tokio::test]
async fn an_error_status_is_read_whole_and_typed() {
    let base = support::serve(apiforge_tests::events::server::router(Clock)).await;
    match Client::new(&base).unwrap().watch_ticks().send().await {
        Err(apiforge_runtime::client::Error::Api(apiforge_tests::events::client::WatchTicksError::NotFound(
            problem,
        ))) => {
            assert_eq!(problem.message, "say where to start")
        }
        other => panic!("{:?}", other.map(|_| "events")),
    }
}

#[tokio::test]
async fn comments_multi_line_data_fields_and_bad_data_as_a_server_writes_them() {
    let body = ": keep-alive\n\n\
                data: {\"n\":\n\
                data: 1}\n\n\
                event: tick\nid: 7\nretry: 1500\ndata: {\"n\": 2}\n\n\
                data: not json\n\n\
                data: {\"n\": 3}\n\n";
    let handler = move || async move { ([("content-type", "text/event-stream")], body) };
    let base = support::serve(axum::Router::new().route("/ticks", axum::routing::get(handler))).await;
    let items: Vec<_> = Client::new(&base).unwrap().watch_ticks().send().await.unwrap().collect().await;
    assert_eq!(items.len(), 4, "{items:?}");
    assert_eq!(items[0].as_ref().unwrap().data.n, 1, "data lines are joined");
    let second = items[1].as_ref().unwrap();
    assert_eq!((second.data.n, second.event.as_deref(), second.id.as_deref()), (2, Some("tick"), Some("7")));
    assert_eq!(second.retry, Some(Duration::from_millis(1500)));
    assert!(matches!(&items[2], Err(EventError::Data { data, .. }) if data == "not json"), "{:?}", items[2]);
    assert_eq!(items[3].as_ref().unwrap().data.n, 3, "the stream goes on after bad data");
}

#[tokio::test]
async fn events_beside_another_success_are_read_as_text() {
    let handler = || async { ([("content-type", "text/event-stream")], "data: whole\n\n") };
    let base = support::serve(axum::Router::new().route("/report", axum::routing::get(handler))).await;
    let report = Client::new(&base).unwrap().get_report().send().await.unwrap();
    assert!(matches!(report, apiforge_tests::events::client::GetReportResponse::Ok(text) if text == "data: whole\n\n"));
}
