//! Ingesting documentation pages: the repository's own sources, and small
//! pages written here, each asserting the error it must give.

use std::io::Write;

use apiforge_ingest::{ingest, page_document, IngestError, Source};
use base64::Engine;
use serde_json::{json, Value};

fn page(label: &str, text: &str) -> Source {
    Source::new(label, text)
}

/// A Docusaurus openapi-docs page whose `api:` field is `field`.
fn mdx_with_field(field: &str, method: &str, path: &str) -> String {
    format!(
        "---\nid: op\ntitle: \"An operation\"\napi: {field}\nsidebar_class_name: \"{method} api-method\"\n---\n\n\
import MethodEndpoint from \"@theme/ApiExplorer/MethodEndpoint\";\n\n\
<MethodEndpoint\n  method={{\"{method}\"}}\n  path={{\"{path}\"}}\n  context={{\"endpoint\"}}\n>\n</MethodEndpoint>\n"
    )
}

fn compressed(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(bytes).expect("writing to memory");
    encoder.finish().expect("writing to memory")
}

fn mdx(api: &Value, method: &str, path: &str) -> String {
    let field = base64::engine::general_purpose::STANDARD.encode(compressed(api.to_string().as_bytes()));
    mdx_with_field(&field, method, path)
}

fn one_error(result: Result<serde_json::Map<String, Value>, Vec<IngestError>>) -> String {
    match result {
        Ok(document) => panic!("expected an error, got {}", Value::Object(document)),
        Err(errors) => {
            assert_eq!(errors.len(), 1, "{errors:#?}");
            errors[0].to_string()
        }
    }
}

fn markdown_spec(title: &str, path: &str, schema: Value) -> String {
    let document = json!({
        "openapi": "3.0.3",
        "info": {"title": title, "version": "1"},
        "paths": {path: {"get": {"operationId": "op", "responses": {"200": {"description": "ok",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}}}}}},
        "components": {"schemas": {"Thing": schema}}
    });
    format!("# Page\n\n```json\n{document:#}\n```\n")
}

#[test]
fn ingesting_the_sources_reproduces_the_committed_specs() {
    let root = xtask::repo_root();
    let stale = xtask::ingest::stale_specs(&root).unwrap_or_else(|e| panic!("the sources do not ingest:\n{e}"));
    assert!(stale.is_empty(), "these specs are stale; run `cargo xtask ingest` and commit the result:\n{stale:#?}");
}

#[test]
fn the_motherduck_page_decodes_to_its_operation_with_info_servers_and_schemes() {
    let root = xtask::repo_root();
    let source = Source::read(&root.join("specs/sources/motherduck.mdx")).expect("the page is readable");
    let document = Value::Object(page_document(&source).expect("the page ingests"));
    let operation = &document["paths"]["/v1/users/{username}/tokens/{token_id}"]["delete"];
    assert_eq!(operation["operationId"], "users-deleteToken");
    assert_eq!(operation["security"], json!([{"Authorization": []}]));
    assert!(operation.get("postman").is_none() && operation.get("method").is_none());
    assert_eq!(document["servers"], json!([{"url": "https://api.motherduck.com"}]));
    assert_eq!(document["components"]["securitySchemes"]["Authorization"], json!({"type": "http", "scheme": "bearer"}));
    assert_eq!(document["openapi"], apiforge_ingest::ASSUMED_OPENAPI_VERSION);
}

#[test]
fn plain_markdown_pages_have_no_spec() {
    let root = xtask::repo_root();
    for name in ["turso.md", "vercel.md"] {
        let source = Source::read(&root.join("specs/sources").join(name)).expect("the page is readable");
        let error = page_document(&source).expect_err("plain Markdown has no spec").to_string();
        assert!(error.contains(&format!("{name}: the page carries no machine-readable OpenAPI document")), "{error}");
        assert!(error.contains("apiforge does not guess a spec from prose"), "{error}");
    }
}

#[test]
fn malformed_base64_is_reported_at_its_line() {
    let text = mdx_with_field("eJw*not-base64!", "get", "/a");
    let error = one_error(ingest(&[page("op.mdx", &text)], None));
    assert!(
        error.starts_with(
            "op.mdx line 4: the front-matter `api:` field is not valid base64: Invalid symbol 42, offset 3."
        ),
        "{error}"
    );
    assert!(
        error.contains("help: Docusaurus openapi-docs writes the `api:` field as base64 of zlib-compressed JSON"),
        "{error}"
    );
}

#[test]
fn base64_that_is_not_zlib_is_reported() {
    let field = base64::engine::general_purpose::STANDARD.encode(b"{\"operationId\": \"plain json\"}");
    let error = one_error(ingest(&[page("op.mdx", &mdx_with_field(&field, "get", "/a"))], None));
    assert!(
        error.starts_with("op.mdx line 4: the front-matter `api:` field is base64, but not of zlib-compressed data: "),
        "{error}"
    );
}

#[test]
fn zlib_of_something_else_than_a_json_object_is_reported() {
    let field = base64::engine::general_purpose::STANDARD.encode(compressed(b"[1, 2]"));
    let error = one_error(ingest(&[page("op.mdx", &mdx_with_field(&field, "get", "/a"))], None));
    assert!(
        error.starts_with(
            "op.mdx line 4: the front-matter `api:` field decompresses, but not to a JSON object: found an array"
        ),
        "{error}"
    );
}

#[test]
fn a_decompression_bomb_is_refused() {
    let field = base64::engine::general_purpose::STANDARD.encode(compressed(&vec![b' '; 17 << 20]));
    let error = one_error(ingest(&[page("op.mdx", &mdx_with_field(&field, "get", "/a"))], None));
    assert!(error.contains("not of zlib-compressed data: it decompresses to more than 16 MiB"), "{error}");
}

#[test]
fn an_mdx_page_needs_its_method_endpoint() {
    let text = mdx(&json!({"responses": {}}), "get", "/a").replace("<MethodEndpoint\n", "<Heading\n");
    let error = one_error(ingest(&[page("op.mdx", &text)], None));
    assert!(
        error.starts_with("op.mdx: no `<MethodEndpoint>` element, so the operation's method and path are unknown"),
        "{error}"
    );
    let text = mdx(&json!({"responses": {}}), "fetch", "/a");
    let error = one_error(ingest(&[page("op.mdx", &text)], None));
    assert!(
        error.starts_with("op.mdx: the `<MethodEndpoint>` at line 10 has method `fetch`, not an HTTP method"),
        "{error}"
    );
}

#[test]
fn a_page_with_two_openapi_blocks_is_refused() {
    let spec = "```yaml\nopenapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n```\n";
    let text = format!("# Two\n\n{spec}\nand again\n\n{spec}");
    let error = one_error(ingest(&[page("two.md", &text)], None));
    assert!(error.starts_with("two.md: 2 OpenAPI blocks (at lines 3, 11); a page gives one spec"), "{error}");
}

#[test]
fn blocks_that_are_not_openapi_are_each_explained() {
    let text = "# Examples\n\n```yaml\nname: a config file\n```\n\n```json\n{\"swagger\": \"2.0\"}\n```\n\n```yaml\na: [unclosed\n```\n";
    let error = one_error(ingest(&[page("examples.md", text)], None));
    let lines: Vec<&str> = error.lines().collect();
    assert_eq!(lines[0], "examples.md: none of the fenced yaml/json blocks is an OpenAPI document:");
    assert_eq!(lines[1], "  block at line 3: no `openapi` field at its top");
    assert_eq!(
        lines[2],
        "  block at line 7: a Swagger 2.0 document; apiforge reads OpenAPI 3 (convert it first, for example with swagger2openapi)"
    );
    // The YAML error counts lines of the page, not of the block.
    assert!(lines[3].starts_with("  block at line 11: invalid YAML: ") && lines[3].contains("line 13"), "{}", lines[3]);
}

#[test]
fn an_openapi_block_is_taken_beside_example_blocks() {
    let text =
        format!("{}\n```json\n{{\"example\": true}}\n```\n", markdown_spec("T", "/a", json!({"type": "object"})));
    let document = page_document(&page("p.md", &text)).expect("one OpenAPI block");
    assert_eq!(document["info"]["title"], "T");
}

#[test]
fn an_undefined_security_scheme_is_reported_and_an_overlay_can_supply_it() {
    let api = json!({"operationId": "deleteThing", "security": [{"ApiKey": []}], "responses": {"204": {"description": "gone"}},
        "parameters": [{"in": "path", "name": "id", "required": true, "schema": {"type": "string"}}],
        "info": {"title": "Things", "version": "1"}, "method": "delete", "path": "/things/{id}"});
    let pages = [page("delete-thing.mdx", &mdx(&api, "delete", "/things/{id}"))];
    let error = one_error(ingest(&pages, None));
    assert_eq!(
        error,
        "security scheme `ApiKey` is used by DELETE /things/{id} (delete-thing.mdx) but defined nowhere\n  \
help: define it under `components.securitySchemes` in an overlay file (`--overlay FILE`)"
    );
    let overlay = page(
        "base.yaml",
        "info: {title: Things API, version: 2.0.0}\nservers: [{url: 'https://things.example'}]\n\
components:\n  securitySchemes:\n    ApiKey: {type: apiKey, in: header, name: X-Key}\n",
    );
    let document = Value::Object(ingest(&pages, Some(&overlay)).expect("the overlay supplies the scheme"));
    assert_eq!(document["components"]["securitySchemes"]["ApiKey"]["name"], "X-Key");
    assert_eq!(document["info"]["title"], "Things API");
    let yaml = apiforge_ingest::to_yaml(document.as_object().expect("a mapping"), "header").expect("renders");
    assert!(yaml.starts_with("# header\nopenapi: 3.0.3\ninfo:\n  title: Things API\n"), "{yaml}");
    let lowered = apiforge_ir::build_str(&yaml, &Default::default());
    assert!(lowered.is_ok(), "{yaml}\n{:?}", lowered.err());
}

#[test]
fn an_overlay_holds_only_what_pages_lack() {
    let pages = [page("p.md", &markdown_spec("T", "/a", json!({"type": "object"})))];
    let overlay = page("base.yaml", "paths: {}\n");
    let error = one_error(ingest(&pages, Some(&overlay)));
    assert!(error.starts_with("base.yaml at #/paths: `paths` cannot be overlaid; it belongs in a page"), "{error}");
    let overlay = page("base.yaml", "components: {schemas: {}}\n");
    let error = one_error(ingest(&pages, Some(&overlay)));
    assert!(error.starts_with("base.yaml at #/components/schemas: `components.schemas` cannot be overlaid"), "{error}");
}

#[test]
fn pages_merge_with_shared_components_kept_once_and_conflicts_named() {
    let thing = json!({"type": "object", "properties": {"id": {"type": "string"}}});
    let a = page("a.md", &markdown_spec("T", "/a", thing.clone()));
    let b = page("b.md", &markdown_spec("T", "/b", thing.clone()));
    let document = Value::Object(ingest(&[a.clone(), b], None).expect("equal components merge"));
    let paths: Vec<&String> = document["paths"].as_object().expect("paths").keys().collect();
    assert_eq!(paths, ["/a", "/b"]);
    assert_eq!(document["components"]["schemas"], json!({"Thing": thing}));

    let c = page("c.md", &markdown_spec("Other title", "/c", json!({"type": "string"})));
    let errors: Vec<String> = match ingest(&[a, c], None) {
        Ok(_) => panic!("different components must conflict"),
        Err(errors) => errors.iter().map(ToString::to_string).collect(),
    };
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert!(errors[0].starts_with("a.md and c.md both define #/info, differently\n  help: "), "{}", errors[0]);
    assert!(
        errors[1].starts_with("a.md and c.md both define #/components/schemas/Thing, differently"),
        "{}",
        errors[1]
    );
}

#[test]
fn every_page_error_is_reported_not_just_the_first() {
    let errors =
        ingest(&[page("a.md", "# nothing\n"), page("b.md", "# nothing either\n")], None).expect_err("no specs");
    let pages: Vec<String> = errors.iter().map(|e| e.to_string().split(':').next().unwrap_or("").to_string()).collect();
    assert_eq!(pages, ["a.md", "b.md"]);
}
