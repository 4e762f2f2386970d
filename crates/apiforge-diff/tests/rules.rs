//! The catalogue of rules: each change to a small spec, with whom it
//! breaks. A case is the base spec with one edit (`from` → `to`).

use apiforge_diff::{diff, Report, Semver};
use apiforge_ir::{build_str, LowerOptions};

const BASE: &str = r#"openapi: 3.0.3
info: {title: Things, version: '1'}
paths:
  /things/{id}:
    get:
      operationId: getThing
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
        - {name: verbose, in: query, schema: {type: boolean}}
        - {name: limit, in: query, required: true, schema: {type: integer}}
      responses:
        '200':
          description: The thing.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Thing'}
        '404': {description: Missing.}
  /things:
    post:
      operationId: createThing
      security: []
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/NewThing'}
      responses:
        '201': {description: Created.}
components:
  schemas:
    Thing:
      type: object
      required: [id]
      properties:
        id: {type: string}
        note: {type: string}
        color: {$ref: '#/components/schemas/Color'}
    NewThing:
      type: object
      required: [name]
      properties:
        name: {type: string}
        size: {type: integer, minimum: 1, maximum: 10}
        tag: {type: string}
    Color: {type: string, enum: [red, blue]}
"#;

fn lower(text: &str) -> apiforge_ir::Api {
    build_str(text, &LowerOptions::default()).unwrap_or_else(|e| panic!("{e:#?}\n{text}")).api
}

fn report(from: &str, to: &str) -> Report {
    assert!(BASE.contains(from), "the base spec has no `{from}`");
    diff(&lower(BASE), &lower(&BASE.replacen(from, to, 1)))
}

/// The one change an edit makes: its kind, and whether it breaks clients
/// and servers.
fn only_change(from: &str, to: &str) -> (&'static str, bool, bool) {
    let report = report(from, to);
    assert_eq!(report.changes.len(), 1, "{from} -> {to}: {:#?}", report.changes);
    let change = &report.changes[0];
    (change.kind, change.breaking_for_clients, change.breaking_for_servers)
}

#[test]
fn a_spec_and_itself_reformatted_with_components_renamed_differ_in_nothing() {
    let renamed = BASE.replace("Thing", "Item").replace("Color", "Shade");
    assert_eq!(report("", "").changes, []);
    // Key order and layout: JSON of the same document.
    let value: serde_json::Value = serde_yaml_value(BASE);
    let json = serde_json::to_string_pretty(&value).unwrap();
    let reformatted = diff(&lower(BASE), &lower(&json));
    assert_eq!(reformatted.changes, [], "{}", reformatted.render(apiforge_diff::Format::Text));
    let report = diff(&lower(BASE), &lower(&renamed));
    let kinds: Vec<&str> = report.changes.iter().map(|c| c.kind).collect();
    // Renaming the operationIds renames the generated methods; the types'
    // new names alone change nothing.
    assert_eq!(kinds, ["operation-renamed", "operation-renamed"], "{:#?}", report.changes);
    assert_eq!(report.semver, Semver::Major);
}

fn serde_yaml_value(text: &str) -> serde_json::Value {
    apiforge_ir::parse_value(text).unwrap()
}

#[test]
fn operations() {
    let removed = report("  /things:\n    post:", "  /things:\n    put:");
    let kinds: Vec<_> =
        removed.changes.iter().map(|c| (c.kind, c.breaking_for_clients, c.breaking_for_servers)).collect();
    assert_eq!(kinds, [("operation-added", false, false), ("operation-removed", true, true)]);
    assert_eq!(only_change("operationId: getThing", "operationId: fetchThing"), ("operation-renamed", true, true));
    // A path parameter is its place in the path: renaming it renames the
    // server's request field, nothing on the wire.
    let renamed = BASE.replacen("/things/{id}:", "/things/{thing}:", 1).replacen("{name: id,", "{name: thing,", 1);
    let report = diff(&lower(BASE), &lower(&renamed));
    let kinds: Vec<_> =
        report.changes.iter().map(|c| (c.kind, c.breaking_for_clients, c.breaking_for_servers)).collect();
    assert_eq!(kinds, [("parameter-renamed", false, true)]);
    assert_eq!(
        only_change("      operationId: getThing\n", "      operationId: getThing\n      deprecated: true\n"),
        ("operation-deprecated", false, false)
    );
}

#[test]
fn parameters() {
    let verbose = "{name: verbose, in: query, schema: {type: boolean}}";
    assert_eq!(
        only_change(verbose, "{name: verbose, in: query, required: true, schema: {type: boolean}}"),
        ("parameter-required", true, false)
    );
    let limit = "{name: limit, in: query, required: true, schema: {type: integer}}";
    assert_eq!(
        only_change(limit, "{name: limit, in: query, schema: {type: integer}}"),
        ("parameter-optional", false, true)
    );
    let added_optional = format!("{verbose}\n        - {{name: page, in: query, schema: {{type: integer}}}}");
    assert_eq!(only_change(verbose, &added_optional), ("parameter-added", false, false));
    let added_required =
        format!("{verbose}\n        - {{name: page, in: query, required: true, schema: {{type: integer}}}}");
    assert_eq!(only_change(verbose, &added_required), ("parameter-added-required", true, false));
    assert_eq!(only_change(&format!("        - {verbose}\n"), ""), ("parameter-removed", true, true));
    assert_eq!(
        only_change(limit, "{name: limit, in: query, required: true, schema: {type: string}}"),
        ("type-changed", true, true)
    );
    assert_eq!(
        only_change(limit, "{name: limit, in: query, required: true, schema: {type: integer, maximum: 100}}"),
        ("constraint-tightened", true, false)
    );
}

#[test]
fn request_bodies_and_their_fields() {
    assert_eq!(
        only_change("        name: {type: string}", "        name: {type: string, maxLength: 40}"),
        ("constraint-tightened", true, false)
    );
    assert_eq!(only_change("minimum: 1, maximum: 10", "minimum: 1, maximum: 20"), ("constraint-loosened", false, true));
    assert_eq!(
        only_change("minimum: 1, maximum: 10", "minimum: 2, maximum: 10"),
        ("constraint-tightened", true, false)
    );
    assert_eq!(
        only_change("      required: [name]\n", "      required: [name, tag]\n"),
        ("field-required", true, false)
    );
    assert_eq!(
        only_change("        tag: {type: string}\n", "        tag: {type: string}\n        when: {type: string}\n"),
        ("field-added", false, false)
    );
    assert_eq!(only_change("        tag: {type: string}\n", ""), ("field-removed", true, true));
    assert_eq!(
        only_change("      requestBody:\n        required: true\n", "      requestBody:\n        required: false\n"),
        ("body-optional", false, true)
    );
    assert_eq!(
        only_change(
            "          application/json:\n            schema: {$ref: '#/components/schemas/NewThing'}",
            "          text/plain:\n            schema: {type: string}"
        ),
        ("media-type-changed", true, true)
    );
}

#[test]
fn responses_and_their_types() {
    // Required in a response: servers must send it; clients get more.
    assert_eq!(only_change("      required: [id]\n", "      required: [id, note]\n"), ("field-required", false, true));
    assert_eq!(only_change("      required: [id]\n", "      required: []\n"), ("field-optional", true, false));
    // A new enum value in a response: a client built before cannot read it.
    let (kind, clients, servers) = only_change("enum: [red, blue]", "enum: [red, blue, green]");
    assert_eq!((kind, clients, servers), ("enum-value-added", true, false));
    let added = report("enum: [red, blue]", "enum: [red, blue, green]");
    assert!(added.changes[0].message.contains("cannot read it"), "{}", added.changes[0].message);
    assert_eq!(only_change("enum: [red, blue]", "enum: [red]"), ("enum-value-removed", false, true));
    assert_eq!(
        only_change("        note: {type: string}", "        note: {type: string, nullable: true}"),
        ("nullable-added", true, false)
    );
    assert_eq!(
        only_change("        note: {type: string}", "        note: {type: integer}"),
        ("type-changed", true, true)
    );
    assert_eq!(only_change("        '404': {description: Missing.}\n", ""), ("response-removed", true, true));
    assert_eq!(
        only_change(
            "        '404': {description: Missing.}\n",
            "        '404': {description: Missing.}\n        '409': {description: Busy.}\n"
        ),
        ("response-added", false, false)
    );
    assert_eq!(
        only_change(
            "        '201': {description: Created.}\n",
            "        '201': {description: Created.}\n        '202': {description: Queued.}\n"
        ),
        ("response-added", true, false)
    );
}

#[test]
fn security_and_semver() {
    let secured = "info: {title: Things, version: '1'}\n";
    let with_scheme = format!("{secured}security: [{{key: []}}]\n");
    let text = BASE.replacen(secured, &with_scheme, 1).replace(
        "components:\n  schemas:",
        "components:\n  securitySchemes:\n    key: {type: apiKey, in: header, name: X-Key}\n  schemas:",
    );
    let report = diff(&lower(BASE), &lower(&text));
    let kinds: Vec<_> =
        report.changes.iter().map(|c| (c.kind, c.breaking_for_clients, c.breaking_for_servers)).collect();
    // `createThing` says `security: []`: only `getThing` needs the key.
    assert_eq!(kinds, [("security-added", true, false)]);
    assert_eq!(report.semver, Semver::Major);
    let minor =
        self::report("        tag: {type: string}\n", "        tag: {type: string}\n        when: {type: string}\n");
    assert_eq!(minor.semver, Semver::Minor);
    assert_eq!(self::report("", "").semver, Semver::Patch);
}

#[test]
fn reports_render_as_text_markdown_and_json() {
    let report = report("enum: [red, blue]", "enum: [red, blue, green]");
    let text = report.render(apiforge_diff::Format::Text);
    assert!(text.starts_with("GET /things/{id} (getThing)\n  breaks clients "), "{text}");
    assert!(text.contains("`Color` has a new value \"green\" (`Color::Green`)"), "{text}");
    assert!(
        text.ends_with("1 change(s): 1 break clients, 0 break servers; the generated crate needs a major version\n"),
        "{text}"
    );
    let markdown = report.render(apiforge_diff::Format::Markdown);
    assert!(markdown.contains("| `GET /things/{id} (getThing)` |"), "{markdown}");
    let json: serde_json::Value = serde_json::from_str(&report.render(apiforge_diff::Format::Json)).unwrap();
    assert_eq!(json["semver"], "major");
    assert_eq!(json["changes"][0]["kind"], "enum-value-added");
    assert_eq!(json["changes"][0]["location"], "#/components/schemas/Color");
    assert_eq!(json["changes"][0]["breaking_for_clients"], true);
    assert_eq!(json["changes"][0]["operation"], "GET /things/{id} (getThing)");
}

#[test]
fn union_alternatives_are_matched_in_order_whatever_their_types_are_called() {
    let spec = |names: [&str; 3], alternatives: &str| {
        format!(
            "openapi: 3.0.3\ninfo: {{title: Shapes, version: '1'}}\npaths:\n  /shape:\n    get:\n      operationId: getShape\n      \
             responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              \
             schema: {{oneOf: [{alternatives}]}}\ncomponents:\n  schemas:\n    {}: {{type: object, required: [r], properties: {{r: {{type: number}}}}}}\n    \
             {}: {{type: object, required: [side], properties: {{side: {{type: number}}}}}}\n    \
             {}: {{type: object, required: [a, b], properties: {{a: {{type: number}}, b: {{type: number}}}}}}\n",
            names[0], names[1], names[2]
        )
    };
    let refs = |names: &[&str]| {
        names
            .iter()
            .map(|n| format!("$ref: '#/components/schemas/{n}'"))
            .map(|r| format!("{{{r}}}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let old = spec(["Circle", "Square", "Rect"], &refs(&["Circle", "Square"]));
    let renamed = spec(["Round", "Box", "Rect"], &refs(&["Round", "Box"]));
    assert_eq!(diff(&lower(&old), &lower(&renamed)).changes, []);
    let more = spec(["Circle", "Square", "Rect"], &refs(&["Circle", "Square", "Rect"]));
    let report = diff(&lower(&old), &lower(&more));
    let kinds: Vec<_> =
        report.changes.iter().map(|c| (c.kind, c.breaking_for_clients, c.breaking_for_servers)).collect();
    assert_eq!(kinds, [("union-variant-added", true, false)], "{:#?}", report.changes);
}
