//! `#[derive(apiforge_runtime::Serialize, apiforge_runtime::Deserialize)]`,
//! written and read through `apiforge_runtime::object`.

use apiforge_runtime::serde::de::DeserializeOwned;

#[derive(Debug, PartialEq, apiforge_runtime::Serialize, apiforge_runtime::Deserialize)]
struct Pet {
    name: String,
    /// Required and nullable: `None` is written as null.
    #[required]
    tag: Option<String>,
    /// Optional: left out when `None`.
    #[serde(rename = "age-in-years")]
    age: Option<i64>,
    r#type: Option<String>,
}

/// A field serde_json cannot write.
#[derive(Debug, apiforge_runtime::Serialize)]
struct Unwritable {
    name: String,
    by_pair: std::collections::BTreeMap<(i32, i32), i32>,
    after: String,
}

#[derive(Debug, PartialEq, apiforge_runtime::Deserialize)]
#[serde(deny_unknown_fields)]
struct Strict {
    name: String,
}

/// Fields named like the reader's own locals.
#[derive(Debug, PartialEq, apiforge_runtime::Deserialize)]
struct Clash {
    fields: i64,
    index: i64,
    fields_: Option<i64>,
}

/// Optional fields, one whose schema allows null.
#[derive(Debug, PartialEq, apiforge_runtime::Deserialize)]
struct Patch {
    name: Option<String>,
    #[nullable]
    note: Option<String>,
    /// Required and nullable.
    #[required]
    tag: Option<String>,
}

/// Required and nullable, and `readOnly`: only answers carry it.
#[derive(Debug, PartialEq, apiforge_runtime::Deserialize)]
struct Closing {
    #[required]
    #[read_only]
    closed_at: Option<String>,
}

#[derive(Debug, PartialEq, apiforge_runtime::Deserialize)]
struct Empty {}

#[derive(Debug, PartialEq, apiforge_runtime::Deserialize)]
struct Owner {
    pet: Pet,
}

/// Named like the reader's type parameter.
#[derive(Debug, PartialEq, apiforge_runtime::Deserialize)]
struct A {
    x: i64,
}

#[derive(Debug, PartialEq, apiforge_runtime::Deserialize)]
struct HoldsA {
    a: A,
    more: Option<Vec<A>>,
}

fn read<T: DeserializeOwned>(json: &str) -> Result<T, String> {
    serde_json::from_str(json).map_err(|e| e.to_string())
}

#[test]
fn fields_read_in_any_order_by_their_wire_names_and_unknown_keys_are_skipped() {
    let pet: Pet =
        read(r#"{"age-in-years": 3, "extra": {"deep": [1, 2]}, "type": "dog", "name": "Rex", "tag": null}"#).unwrap();
    assert_eq!(pet, Pet { name: "Rex".into(), tag: None, age: Some(3), r#type: Some("dog".into()) });
}

#[test]
fn absent_optional_fields_are_none() {
    assert_eq!(
        read::<Pet>(r#"{"name": "Rex"}"#).unwrap(),
        Pet { name: "Rex".into(), tag: None, age: None, r#type: None }
    );
}

#[test]
fn missing_repeated_and_mistyped_fields_are_errors_that_name_the_field() {
    assert!(read::<Pet>(r#"{"tag": "a"}"#).unwrap_err().starts_with("missing field `name`"));
    assert!(read::<Pet>(r#"{"name": "a", "name": "b"}"#).unwrap_err().starts_with("duplicate field `name`"));
    assert!(read::<Pet>(r#"{"name": 1}"#).unwrap_err().starts_with("invalid type: integer `1`, expected a string"));
    assert!(read::<Pet>("[]").unwrap_err().starts_with("invalid type: sequence, expected a Pet object"));
}

#[test]
fn an_error_inside_a_nested_struct_is_the_deserializers_own_with_its_position() {
    let error = serde_json::from_str::<Owner>(r#"{"pet": {"name": 1}}"#).unwrap_err();
    assert!(error.is_data());
    assert_eq!((error.line(), error.column()), (1, 18));
    assert_eq!(error.to_string(), "invalid type: integer `1`, expected a string at line 1 column 18");
    let error = serde_json::from_str::<Owner>(r#"{"pet": {"name": "Rex""#).unwrap_err();
    assert!(error.is_eof(), "{error}");
}

#[test]
fn a_struct_that_denies_unknown_fields_refuses_them() {
    assert_eq!(read::<Strict>(r#"{"name": "Rex"}"#).unwrap(), Strict { name: "Rex".into() });
    let error = read::<Strict>(r#"{"name": "Rex", "color": "red"}"#).unwrap_err();
    assert!(error.starts_with("unknown field `color`, expected `name`"), "{error}");
}

#[test]
fn fields_named_like_the_readers_locals_read() {
    assert_eq!(
        read::<Clash>(r#"{"fields": 1, "index": 2, "fields_": 3}"#).unwrap(),
        Clash { fields: 1, index: 2, fields_: Some(3) }
    );
}

#[test]
fn a_field_of_a_type_named_like_the_readers_type_parameter_reads() {
    assert_eq!(
        read::<HoldsA>(r#"{"a": {"x": 1}, "more": [{"x": 2}]}"#).unwrap(),
        HoldsA { a: A { x: 1 }, more: Some(vec![A { x: 2 }]) }
    );
}

#[test]
fn an_empty_struct_reads_any_object() {
    assert_eq!(read::<Empty>(r#"{"a": 1}"#).unwrap(), Empty {});
}

#[test]
fn fields_are_written_by_their_wire_names_in_order_and_optional_ones_left_out_when_none() {
    let pet = Pet { name: "Rex".into(), tag: None, age: Some(3), r#type: None };
    assert_eq!(serde_json::to_string(&pet).unwrap(), r#"{"name":"Rex","tag":null,"age-in-years":3}"#);
    let full = Pet { name: "Rex".into(), tag: Some("a".into()), age: None, r#type: Some("dog".into()) };
    let text = serde_json::to_string(&full).unwrap();
    assert_eq!(text, r#"{"name":"Rex","tag":"a","type":"dog"}"#);
    assert_eq!(read::<Pet>(&text).unwrap(), full);
}

#[test]
fn the_first_write_error_is_returned() {
    let value = Unwritable { name: "a".into(), by_pair: [((1, 2), 3)].into(), after: "b".into() };
    let error = serde_json::to_string(&value).unwrap_err().to_string();
    assert!(error.contains("key must be a string"), "{error}");
}

#[test]
fn null_for_an_optional_field_that_is_not_nullable_is_refused_only_when_asked() {
    let sent = r#"{"name": null, "note": null, "tag": null}"#;
    let all_none = Patch { name: None, note: None, tag: None };
    assert_eq!(read::<Patch>(sent).unwrap(), all_none);
    let strictly = |json: &str| apiforge_runtime::object::strictly(|| read::<Patch>(json));
    let error = strictly(sent).unwrap_err();
    assert!(error.starts_with("`name` may be left out but is not nullable"), "{error}");
    assert_eq!(strictly(r#"{"note": null, "tag": null}"#).unwrap(), all_none);
    // The refusal ends with the read.
    assert_eq!(read::<Patch>(sent).unwrap(), all_none);
}

#[test]
fn a_required_nullable_field_left_out_is_refused_only_when_asked() {
    let all_none = Patch { name: None, note: None, tag: None };
    assert_eq!(read::<Patch>(r#"{"note": null}"#).unwrap(), all_none);
    let error = apiforge_runtime::object::strictly(|| read::<Patch>(r#"{"note": null}"#)).unwrap_err();
    assert!(error.starts_with("missing field `tag`"), "{error}");
    let tagged = apiforge_runtime::object::strictly(|| read::<Patch>(r#"{"tag": "a"}"#)).unwrap();
    assert_eq!(tagged, Patch { tag: Some("a".into()), ..all_none });
    // A request leaves out what only answers carry.
    let closing = apiforge_runtime::object::strictly(|| read::<Closing>("{}")).unwrap();
    assert_eq!(closing, Closing { closed_at: None });
}
