//! A Swagger 2.0 spec (tests/fixtures/swagger2.yaml) end to end: the
//! generated client and server agree on a `formData` upload and on arrays
//! in each `collectionFormat`, and the arrays travel as 2.0 says.

mod support;

use apiforge_runtime::Multipart;
use apiforge_tests::swagger2::server::{
    router, Api, ListPetsRequest, ListPetsResponse, LogInRequest, LogInResponse, UploadPhotoRequest,
    UploadPhotoResponse,
};
use apiforge_tests::swagger2::types::{ListPets200Headers, LogInBody, Pet, Received};
use apiforge_tests::swagger2::Client;

struct Pets;

impl Api for Pets {
    async fn list_pets(&self, req: ListPetsRequest) -> ListPetsResponse {
        // The arrays as they arrived, as one pet's name.
        let name = format!("{:?} {:?} {:?}", req.tags, req.ids, req.colors);
        let pet = Pet { id: 1, name, tag: None, kind: None };
        ListPetsResponse::Ok { body: vec![pet], headers: ListPets200Headers { x_total: Some(1) } }
    }

    async fn upload_photo(&self, req: UploadPhotoRequest) -> UploadPhotoResponse {
        let size = req.body.get("photo").map_or(0, |photo| photo.data.len());
        let caption = req.body.get("caption").and_then(|caption| caption.text()).map(str::to_string);
        UploadPhotoResponse::Ok(Received { size: size as i64 + req.pet_id, caption })
    }

    async fn log_in(&self, req: LogInRequest) -> LogInResponse {
        if req.body.username == "ada" && req.body.password == "secret" {
            LogInResponse::NoContent
        } else {
            LogInResponse::Unimplemented
        }
    }
}

#[tokio::test]
async fn a_form_data_upload_round_trips_as_multipart() {
    let client = Client::new(&support::serve(router(Pets)).await).unwrap();
    let photo = Multipart::new().file("photo", "cat.png", "image/png", vec![1u8; 1000]).text("caption", "Tom");
    let received = client.upload_photo(7, photo).send().await.unwrap();
    assert_eq!(received, Received { size: 1007, caption: Some("Tom".into()) });
}

#[tokio::test]
async fn a_url_encoded_form_round_trips() {
    // The oauth2 scheme is a bearer token on the wire.
    let client = Client::new(&support::serve(router(Pets)).await).unwrap().with_oauth("token");
    let body = LogInBody { username: "ada".into(), password: "secret".into() };
    client.log_in(body).send().await.unwrap();
}

#[tokio::test]
async fn arrays_round_trip_in_each_collection_format() {
    let client = Client::new(&support::serve(router(Pets)).await).unwrap();
    let pets = client
        .list_pets()
        .tags(vec!["a".to_string(), "b".to_string()])
        .ids(vec![1, 2])
        .colors(vec!["red".to_string(), "blue".to_string()])
        .send()
        .await
        .unwrap();
    let apiforge_tests::swagger2::client::ListPetsResponse::Ok { body, headers } = pets;
    assert_eq!(body[0].name, r#"Some(["a", "b"]) Some([1, 2]) Some(["red", "blue"])"#);
    assert_eq!(headers.x_total, Some(1));
}

#[tokio::test]
async fn arrays_travel_as_their_collection_format_says() {
    let query = |axum::extract::RawQuery(query): axum::extract::RawQuery| async move {
        axum::Json(serde_json::json!([{ "id": 1, "name": query.unwrap_or_default() }]))
    };
    let base = support::serve(axum::Router::new().route("/pets", axum::routing::get(query))).await;
    let pets = Client::new(&base)
        .unwrap()
        .list_pets()
        .tags(vec!["a".to_string(), "b".to_string()])
        .ids(vec![1, 2])
        .colors(vec!["red".to_string(), "blue".to_string()])
        .send()
        .await;
    // `multi` repeats the key, `csv` joins with commas, `pipes` with bars.
    match pets {
        Ok(apiforge_tests::swagger2::client::ListPetsResponse::Ok { body, .. }) => {
            assert_eq!(body[0].name, "tags=a&tags=b&ids=1%2C2&colors=red%7Cblue")
        }
        Err(other) => panic!("{other:?}"),
    }
}
