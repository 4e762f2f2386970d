//! Swagger 2.0 documents read through the conversion to the 3.0 model: one
//! assertion per rule, on the fixture `tests/fixtures/swagger2.yaml`.

use apiforge_ir::{build, build_str, ApiKeyLocation, LowerOptions, MediaKind, ParamStyle, SecurityKind, Ty, TypeKind};

fn fixture() -> apiforge_ir::Api {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/swagger2.yaml");
    build(&path, &LowerOptions::default()).unwrap_or_else(|e| panic!("{e:#?}")).api
}

fn operation<'a>(api: &'a apiforge_ir::Api, id: &str) -> &'a apiforge_ir::Operation {
    api.operations.iter().find(|op| op.id == id).unwrap_or_else(|| panic!("no {id}"))
}

#[test]
fn host_base_path_and_schemes_are_the_servers() {
    let urls: Vec<String> = fixture().servers.into_iter().map(|s| s.url).collect();
    assert_eq!(urls, ["https://pets.example.com/v1", "http://pets.example.com/v1"]);
}

#[test]
fn security_definitions_are_security_schemes() {
    let api = fixture();
    let kinds: Vec<(&str, &SecurityKind)> = api.security_schemes.iter().map(|s| (s.key.as_str(), &s.kind)).collect();
    assert!(matches!(kinds[0], ("basic", SecurityKind::Basic)), "{kinds:?}");
    assert!(
        matches!(kinds[1], ("key", SecurityKind::ApiKey { location: ApiKeyLocation::Header, name }) if name == "X-Key"),
        "{kinds:?}"
    );
    assert!(matches!(kinds[2], ("oauth", SecurityKind::Bearer { .. })), "{kinds:?}");
}

#[test]
fn body_and_form_data_parameters_are_request_bodies() {
    let api = fixture();
    let create = operation(&api, "createPet").body.as_ref().unwrap();
    assert!(create.required);
    assert_eq!(create.description.as_deref(), Some("The pet to store."));
    assert_eq!(create.contents[0].kind, MediaKind::Json);
    let upload = operation(&api, "uploadPhoto");
    assert_eq!(upload.body.as_ref().unwrap().contents[0].kind, MediaKind::Multipart);
    assert_eq!(upload.params.len(), 1, "the form fields are the body, not parameters");
    let login = operation(&api, "logIn").body.as_ref().unwrap();
    assert_eq!((login.required, login.contents[0].kind), (true, MediaKind::FormUrlEncoded));
}

#[test]
fn collection_formats_are_styles_and_path_parameters_are_shared() {
    let api = fixture();
    let styles: Vec<(&str, ParamStyle, bool)> =
        operation(&api, "listPets").params.iter().map(|p| (p.wire_name.as_str(), p.style, p.explode)).collect();
    assert_eq!(
        styles,
        [
            ("limit", ParamStyle::Form, true),
            ("tags", ParamStyle::Form, true),
            ("ids", ParamStyle::Form, false),
            ("colors", ParamStyle::PipeDelimited, false)
        ]
    );
    assert_eq!(operation(&api, "getPet").params[0].wire_name, "petId");
}

#[test]
fn x_nullable_file_responses_and_produces() {
    let api = fixture();
    let pet = api.types.iter().find(|t| t.name == "Pet").unwrap();
    let TypeKind::Struct(pet) = &pet.kind else { panic!("{pet:?}") };
    assert!(pet.fields.iter().find(|f| f.wire_name == "tag").unwrap().shape.nullable);
    let archive = &operation(&api, "getArchive").responses[0].contents[0];
    assert_eq!((archive.media_type.as_str(), archive.kind), ("application/octet-stream", MediaKind::Binary));
    let list = &operation(&api, "listPets").responses[0];
    assert_eq!(list.headers[0].wire_name, "X-Total");
    assert!(matches!(list.contents[0].shape.as_ref().unwrap().ty, Ty::Array(_)));
}

#[test]
fn problems_are_located_in_the_swagger_document() {
    let spec = "swagger: '2.0'\ninfo: {title: T, version: '1'}\npaths:\n  /x:\n    get:\n      parameters:\n        \
                - {name: a, in: query, type: array, items: {type: string}, collectionFormat: tsv}\n      \
                responses: {'204': {description: none}}\n";
    let errors = build_str(spec, &LowerOptions::default()).unwrap_err();
    assert_eq!(errors[0].pointer(), Some("#/paths/~1x/get/parameters/0/collectionFormat"), "{errors:?}");
    let dangling =
        "swagger: '2.0'\ninfo: {title: T, version: '1'}\npaths:\n  /x:\n    post:\n      parameters:\n        \
                    - {name: b, in: body, schema: {$ref: '#/definitions/Gone'}}\n      \
                    responses: {'204': {description: none}}\n";
    let errors = build_str(dangling, &LowerOptions::default()).unwrap_err();
    assert_eq!(errors[0].pointer(), Some("#/paths/~1x/post/parameters"), "{errors:?}");
}
