//! The generated clients against the generated servers over loopback, as a
//! user of apiforge writes them.

use std::collections::BTreeMap;
use std::sync::Mutex;

use apiforge_downstream::{notes, notes_by_macro, notes_client_only};
use apiforge_runtime::client::Error;
use apiforge_runtime::server::axum;

/// Serves `router` on an ephemeral loopback port; returns its base URL.
async fn serve(router: axum::Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind loopback");
    let base_url = format!("http://{}", listener.local_addr().expect("a local address"));
    tokio::spawn(async move { axum::serve(listener, router).await.expect("the server runs") });
    base_url
}

/// Notes by id, implementing the build.rs server trait.
#[derive(Default)]
struct Notes(Mutex<BTreeMap<String, notes::types::Note>>);

impl notes::server::Api for Notes {
    async fn list_notes(&self, req: notes::server::ListNotesRequest) -> notes::server::ListNotesResponse {
        let notes = self.0.lock().unwrap();
        let tagged = notes.values().filter(|note| req.tag.as_ref().is_none_or(|tag| note.tags.contains(tag)));
        let limit = req.limit.map_or(usize::MAX, |n| n as usize);
        notes::server::ListNotesResponse::Ok(tagged.take(limit).cloned().collect())
    }

    async fn get_note(&self, req: notes::server::GetNoteRequest) -> notes::server::GetNoteResponse {
        match self.0.lock().unwrap().get(&req.id) {
            Some(note) => notes::server::GetNoteResponse::Ok(note.clone()),
            None => notes::server::GetNoteResponse::NotFound(not_found(&req.id)),
        }
    }

    async fn put_note(&self, req: notes::server::PutNoteRequest) -> notes::server::PutNoteResponse {
        let body = req.body;
        let note = notes::types::Note {
            id: req.id.clone(),
            text: body.text,
            tags: body.tags.unwrap_or_default(),
            due: body.due,
            author: body.author,
            price: body.price,
        };
        match self.0.lock().unwrap().insert(req.id, note.clone()) {
            Some(_) => notes::server::PutNoteResponse::Ok(note),
            None => notes::server::PutNoteResponse::Created(note),
        }
    }

    async fn delete_note(&self, req: notes::server::DeleteNoteRequest) -> notes::server::DeleteNoteResponse {
        match self.0.lock().unwrap().remove(&req.id) {
            Some(_) => notes::server::DeleteNoteResponse::NoContent,
            None => notes::server::DeleteNoteResponse::NotFound(not_found(&req.id)),
        }
    }
}

fn not_found(id: &str) -> notes::types::Problem {
    notes::types::Problem { message: format!("no note `{id}`") }
}

fn new_note(text: &str, tags: &[&str]) -> notes::types::NewNote {
    notes::types::NewNote {
        text: text.into(),
        tags: Some(tags.iter().map(|t| t.to_string()).collect()),
        due: None,
        author: None,
        price: None,
    }
}

#[tokio::test]
async fn create_replace_list_get_and_delete() {
    let client = notes::Client::new(&serve(notes::server::router(Notes::default())).await).unwrap();

    let created = client.put_note("a/1", new_note("milk", &["shopping"])).send().await.unwrap();
    let expected = notes::types::Note {
        id: "a/1".into(),
        text: "milk".into(),
        tags: vec!["shopping".into()],
        due: None,
        author: None,
        price: None,
    };
    assert_eq!(created, notes::client::PutNoteResponse::Created(expected));
    let replaced = client.put_note("a/1", new_note("oat milk", &["shopping"])).send().await.unwrap();
    assert!(matches!(&replaced, notes::client::PutNoteResponse::Ok(note) if note.text == "oat milk"), "{replaced:?}");
    client.put_note("b", new_note("call home", &[])).send().await.unwrap();

    let all = client.list_notes().send().await.unwrap();
    assert_eq!(all.iter().map(|n| n.id.as_str()).collect::<Vec<_>>(), ["a/1", "b"]);
    let shopping = client.list_notes().tag("shopping").limit(10).send().await.unwrap();
    assert_eq!(shopping.iter().map(|n| n.id.as_str()).collect::<Vec<_>>(), ["a/1"]);
    assert_eq!(client.get_note("b").send().await.unwrap().text, "call home");

    client.delete_note("a/1").send().await.unwrap();
    match client.delete_note("a/1").send().await {
        Err(Error::Api(notes::client::DeleteNoteError::NotFound(problem))) => {
            assert_eq!(problem.message, "no note `a/1`")
        }
        other => panic!("{other:?}"),
    }
    match client.get_note("a/1").send().await {
        Err(Error::Api(notes::client::GetNoteError::NotFound(problem))) => assert_eq!(problem.message, "no note `a/1`"),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn constraints_are_checked_before_sending() {
    let client = notes::Client::new(&serve(notes::server::router(Notes::default())).await).unwrap();
    assert!(matches!(client.list_notes().limit(0).send().await, Err(Error::InvalidRequest(_))));
    assert!(matches!(client.get_note("").send().await, Err(Error::InvalidRequest(_))));
}

/// Only `get_note` implemented; the trait's defaults answer the rest.
struct OneNote;

impl notes_by_macro::server::Api for OneNote {
    async fn get_note(&self, req: notes_by_macro::server::GetNoteRequest) -> notes_by_macro::server::GetNoteResponse {
        let note = notes_by_macro::types::Note {
            id: req.id,
            text: "from the macro's server".into(),
            tags: vec![],
            due: "2024-05-01T10:00:00Z".parse().ok(),
            author: None,
            price: Some(apiforge_downstream::money::Money { cents: 250 }),
        };
        notes_by_macro::server::GetNoteResponse::Ok(note)
    }
}

#[tokio::test]
async fn the_macro_generates_a_working_client_and_server() {
    let base = serve(notes_by_macro::server::router(OneNote)).await;
    let note = notes_by_macro::Client::new(&base).unwrap().get_note("x").send().await.unwrap();
    assert_eq!(note.text, "from the macro's server");
    // The build.rs client speaks to the macro's server: the same wire format.
    assert_eq!(notes::Client::new(&base).unwrap().get_note("x").send().await.unwrap().id, "x");
    assert_eq!(notes_client_only::first_note(&base).await.unwrap(), "from the macro's server");
    // `formats = "strings"` reads the same answer with the date-time as text.
    let as_strings = apiforge_downstream::notes_with_strings::Client::new(&base).unwrap();
    let note = as_strings.get_note("x").send().await.unwrap();
    assert_eq!(apiforge_downstream::notes_with_strings::due_text(&note), Some("2024-05-01T10:00:00Z"));
    let client_only = notes_client_only::Client::new(&base).unwrap();
    assert_eq!(client_only.get_note("y").send().await.unwrap().id, "y");
    match client_only.list_notes().send().await {
        Err(Error::UnexpectedStatus { status, .. }) => assert_eq!(status, 501),
        other => panic!("{other:?}"),
    }
}

/// The types of formats are the user's own chrono and uuid types, and
/// `Money` is the crate's own type, through the client and the server.
#[tokio::test]
async fn formats_are_the_users_chrono_and_uuid_types_and_money_is_the_crates() {
    let client = notes::Client::new(&serve(notes::server::router(Notes::default())).await).unwrap();
    let due: chrono::DateTime<chrono::Utc> = chrono::DateTime::from_timestamp(1_714_557_600, 500_000_000).unwrap();
    let author = uuid::Uuid::from_u128(0x67e5_5044_10b1_426f_9247_bb68_0e5f_e0c8);
    let price = apiforge_downstream::money::Money { cents: 1999 };
    let note =
        notes::types::NewNote { due: Some(due), author: Some(author), price: Some(price), ..new_note("pay", &[]) };
    client.put_note("bill", note).send().await.unwrap();
    let got = client.get_note("bill").send().await.unwrap();
    assert_eq!((got.due, got.author, got.price), (Some(due), Some(author), Some(price)));
}
