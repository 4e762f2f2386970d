//! Webhooks and callbacks (tests/fixtures/webhooks_only.yaml,
//! tests/fixtures/callbacks.yaml): the generated sender delivers each event
//! to the generated receiver, which parses and rejects requests as an
//! operation's server does.

mod support;

use std::sync::{Arc, Mutex};

use apiforge_runtime::client::Error;
use apiforge_tests::callbacks::types::{Event, EventKind, Subscription};
use apiforge_tests::callbacks::webhook_receiver::{Api, SubscribeOnEventRequest, SubscribeOnEventResponse};
use apiforge_tests::callbacks::webhook_sender;
use apiforge_tests::callbacks::webhook_sender::SubscribeOnEventError;
use apiforge_tests::webhooks_only::types::Thing;
use apiforge_tests::webhooks_only::webhook_receiver as things;

/// Keeps the events it receives; answers 410 once it has two.
#[derive(Clone, Default)]
struct Subscriber {
    events: Arc<Mutex<Vec<Event>>>,
}

impl Api for Subscriber {
    async fn subscribe_on_event(&self, req: SubscribeOnEventRequest) -> SubscribeOnEventResponse {
        let mut events = self.events.lock().unwrap();
        if events.len() == 2 {
            return SubscribeOnEventResponse::Gone;
        }
        events.push(req.body);
        SubscribeOnEventResponse::NoContent
    }
}

#[tokio::test]
async fn a_callback_is_delivered_to_the_url_it_is_given_and_answered_in_the_declared_statuses() {
    let subscriber = Subscriber::default();
    let base = support::serve(apiforge_tests::callbacks::webhook_receiver::router(subscriber.clone())).await;
    // What a subscriber registered as its `callbackUrl`: the receiver's
    // route for the callback, on its host.
    let subscription = Subscription { callback_url: format!("{base}/subscribe/onEvent") };
    let url = webhook_sender::Client::subscribe_on_event_url(&subscription).unwrap();
    assert_eq!(url, subscription.callback_url);
    // The document's `security` is for its operations: a callback needs no key.
    let sender = webhook_sender::Client::new(&url).unwrap();
    for id in [1, 2] {
        sender.subscribe_on_event(Event { id, kind: EventKind::Created }).send().await.unwrap();
    }
    match sender.subscribe_on_event(Event { id: 3, kind: EventKind::Deleted }).send().await {
        Err(Error::Api(SubscribeOnEventError::Gone)) => {}
        other => panic!("{other:?}"),
    }
    let ids: Vec<i64> = subscriber.events.lock().unwrap().iter().map(|e| e.id).collect();
    assert_eq!(ids, [1, 2]);
}

#[tokio::test]
async fn the_receiver_rejects_what_breaks_the_spec() {
    let base = support::serve(apiforge_tests::callbacks::webhook_receiver::router(Subscriber::default())).await;
    let http = reqwest_client();
    let bad = http.post(format!("{base}/subscribe/onEvent")).json(&serde_json::json!({"id": 1, "kind": "moved"}));
    assert_eq!(bad.send().await.unwrap().status().as_u16(), 400);
}

#[derive(Clone, Default)]
struct Things {
    names: Arc<Mutex<Vec<Option<String>>>>,
}

impl things::Api for Things {
    async fn thing_created(&self, req: things::ThingCreatedRequest) -> things::ThingCreatedResponse {
        self.names.lock().unwrap().push(req.body.and_then(|thing| thing.name));
        things::ThingCreatedResponse::Ok
    }
}

#[tokio::test]
async fn a_webhook_is_delivered_by_the_sender_to_the_receiver() {
    let receiver = Things::default();
    let base = support::serve(things::router(receiver.clone())).await;
    let sender = apiforge_tests::webhooks_only::webhook_sender::Client::new(&format!("{base}/thingCreated")).unwrap();
    sender.thing_created().body(Thing { name: Some("kettle".into()) }).send().await.unwrap();
    sender.thing_created().send().await.unwrap();
    assert_eq!(*receiver.names.lock().unwrap(), [Some("kettle".to_string()), None]);
    // `name` has `minLength: 1`: the sender refuses to send what breaks it.
    match sender.thing_created().body(Thing { name: Some(String::new()) }).send().await {
        Err(Error::InvalidRequest(error)) => assert!(error.name.contains("name"), "{error:?}"),
        other => panic!("{other:?}"),
    }
}

fn reqwest_client() -> apiforge_runtime::client::reqwest::Client {
    apiforge_runtime::client::reqwest::Client::new()
}
