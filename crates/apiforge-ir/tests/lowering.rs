//! Lowering: `$ref` resolution, naming, and every error with its location.

use apiforge_ir::*;

fn doc(paths: &str, components: &str) -> String {
    format!("openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\npaths:\n{paths}\ncomponents:\n{components}\n")
}

fn lower_ok(text: &str) -> Api {
    match build_str(text, &LowerOptions::default()) {
        Ok(lowered) => lowered.api,
        Err(errors) => panic!("{errors:#?}"),
    }
}

fn lower_err(text: &str) -> Diagnostic {
    match build_str(text, &LowerOptions::default()) {
        Ok(_) => panic!("expected an error"),
        Err(mut errors) => {
            assert_eq!(errors.len(), 1, "{errors:#?}");
            errors.remove(0)
        }
    }
}

const SHARED: &str = r#"
  parameters:
    Limit: {name: limit, in: query, schema: {type: integer, minimum: 1, maximum: 100}}
    LimitAlias: {$ref: '#/components/parameters/Limit'}
  requestBodies:
    NewThing:
      required: true
      content: {application/json: {schema: {$ref: '#/components/schemas/Thing'}}}
  responses:
    NotFound:
      description: missing
      headers:
        X-Trace: {$ref: '#/components/headers/Trace'}
      content: {application/json: {schema: {type: object, properties: {message: {type: string}}}}}
  headers:
    Trace: {required: true, schema: {type: string}}
  schemas:
    Thing:
      type: object
      required: [name]
      properties: {name: {type: string}}
"#;

#[test]
fn refs_to_every_component_kind_resolve() {
    let paths = r#"
  /things/{id}:
    parameters:
      - {name: id, in: path, required: true, schema: {type: string}}
    put:
      operationId: putThing
      parameters:
        - $ref: '#/components/parameters/LimitAlias'
      requestBody: {$ref: '#/components/requestBodies/NewThing'}
      responses:
        '204': {description: done}
        '404': {$ref: '#/components/responses/NotFound'}
    delete:
      operationId: deleteThing
      responses:
        '404': {$ref: '#/components/responses/NotFound'}
"#;
    let api = lower_ok(&doc(paths, SHARED));
    let put = &api.operations[0];
    assert_eq!(put.fn_name, "put_thing");
    let names: Vec<_> = put.params.iter().map(|p| (p.wire_name.as_str(), p.location)).collect();
    assert_eq!(names, [("id", ParamLocation::Path), ("limit", ParamLocation::Query)]);
    let limit = &put.params[1].shape;
    assert_eq!(limit.constraints.maximum, Some(Bound { value: 100.0, exclusive: false }));
    let body = put.body.as_ref().unwrap();
    assert!(body.required);
    let Some(Shape { ty: Ty::Named(thing), .. }) = body.contents[0].shape else { panic!() };
    assert_eq!(api.type_def(thing).name, "Thing");
    let not_found = &put.responses[1];
    assert_eq!((not_found.status, not_found.variant_name.as_str()), (StatusSpec::Code(404), "NotFound"));
    assert_eq!(not_found.headers[0].wire_name, "X-Trace");
    assert!(not_found.headers[0].required);
    // The shared response's inline body is one type, named after the component.
    let shared_body = |op: &Operation| match &op.responses.last().unwrap().contents[0].shape {
        Some(Shape { ty: Ty::Named(id), .. }) => *id,
        other => panic!("{other:?}"),
    };
    assert_eq!(shared_body(put), shared_body(&api.operations[1]));
    assert_eq!(api.type_def(shared_body(put)).name, "NotFound");
}

#[test]
fn dangling_ref_names_the_reference_and_where() {
    let paths = r#"
  /a:
    get:
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {$ref: '#/components/schemas/Missing'}}}
"#;
    let err = lower_err(&doc(paths, "  schemas: {}"));
    assert_eq!(err.pointer(), Some("#/paths/~1a/get/responses/200/content/application~1json/schema"));
    assert_eq!(err.message, "`$ref: #/components/schemas/Missing` points to nothing");
    assert!(err.help.unwrap().contains("define `Missing`"));
}

#[test]
fn ref_cycle_without_a_schema_is_refused() {
    let paths = r#"
  /a:
    get:
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/A'}}}}
"#;
    let components = r#"
  schemas:
    A: {$ref: '#/components/schemas/B'}
    B: {$ref: '#/components/schemas/A'}
"#;
    let err = lower_err(&doc(paths, components));
    assert_eq!(err.pointer(), Some("#/paths/~1a/get/responses/200/content/application~1json/schema"));
    assert_eq!(
        err.message,
        "`$ref` cycle with no schemas in it: #/components/schemas/A -> #/components/schemas/B -> #/components/schemas/A"
    );
}

#[test]
fn external_refs_in_a_spec_given_as_text_are_refused_with_advice() {
    let paths = r#"
  /a:
    get:
      parameters:
        - $ref: 'common.yaml#/components/parameters/Limit'
      responses: {'200': {description: ok}}
"#;
    let err = lower_err(&doc(paths, "  schemas: {}"));
    assert_eq!(err.pointer(), Some("#/paths/~1a/get/parameters/0"));
    assert!(err.message.contains("points outside this document"), "{}", err.message);
    assert!(err.help.unwrap().contains("load the spec from its file"));
}

#[test]
fn all_of_mixing_in_alternatives_is_kept_as_json() {
    let components = r#"
  schemas:
    Mixed:
      allOf:
        - {type: object, properties: {a: {type: string}}}
        - oneOf: [{type: object, properties: {b: {type: string}}}, {type: object, properties: {c: {type: string}}}]
"#;
    let api = lower_ok(&doc("  {}", components));
    assert_eq!(api.types[0].name, "Mixed");
    assert_eq!(api.types[0].kind, TypeKind::Alias(Shape::new(Ty::Any)));
}

#[test]
fn not_schemas_are_any_value() {
    let components = "  schemas:\n    Holder: {type: object, properties: {x: {not: {type: string}}}}\n";
    let api = lower_ok(&doc("  {}", components));
    let TypeKind::Struct(holder) = &api.types[0].kind else { panic!() };
    assert_eq!(holder.fields[0].shape.ty, Ty::Any);
}

#[test]
fn undefined_security_scheme_is_located() {
    let paths = r#"
  /a:
    get:
      security: [{token: []}]
      responses: {'200': {description: ok}}
"#;
    let err = lower_err(&doc(paths, "  securitySchemes: {}"));
    assert_eq!(err.pointer(), Some("#/paths/~1a/get/security/0/token"));
}

#[test]
fn path_template_and_parameters_must_agree() {
    let paths = r#"
  /a/{id}:
    get:
      responses: {'200': {description: ok}}
"#;
    let err = lower_err(&doc(paths, "  schemas: {}"));
    assert!(err.message.contains("no path parameter `id`"), "{}", err.message);
}

#[test]
fn skip_unsupported_leaves_the_operation_out_with_a_warning() {
    let paths = r#"
  /bad:
    get:
      operationId: bad
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: 'other.yaml#/Thing'}}}}
  /good:
    get:
      operationId: good
      responses: {'200': {description: ok}}
"#;
    let text = doc(paths, "  schemas: {}");
    assert!(build_str(&text, &LowerOptions::default()).is_err());
    let lowered = build_str(&text, &LowerOptions { skip_unsupported: true, ..Default::default() }).unwrap();
    let ids: Vec<_> = lowered.api.operations.iter().map(|o| o.id.as_str()).collect();
    assert_eq!(ids, ["good"]);
    assert_eq!(
        lowered.warnings[0].diagnostic().pointer(),
        Some("#/paths/~1bad/get/responses/200/content/application~1json/schema")
    );
}

#[test]
fn refs_of_the_wrong_kind_and_numeric_patterns_are_repaired_with_a_warning() {
    let paths = r#"
  /things:
    get:
      operationId: listThings
      parameters: [{name: code, in: query, schema: {type: string, pattern: 0}}]
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/responses/Things'}}}}
        '404': {$ref: '#/components/schemas/Problem'}
"#;
    let components = r#"  responses:
    Things:
      description: the things
      content: {application/json: {schema: {type: array, items: {type: string}}}}
  schemas:
    Problem: {type: object, properties: {message: {type: string}}}"#;
    let lowered = build_str(&doc(paths, components), &LowerOptions::default()).unwrap();
    let repaired: Vec<(&str, bool)> = lowered
        .warnings
        .iter()
        .map(|w| (w.diagnostic().pointer().unwrap_or(""), matches!(w, Warning::Repaired(_))))
        .collect();
    assert_eq!(
        repaired,
        [
            ("#/paths/~1things/get/responses/200/content/application~1json/schema", true),
            ("#/paths/~1things/get/parameters/0/schema/pattern", true),
            ("#/paths/~1things/get/responses/404", true),
        ]
    );
    let op = &lowered.api.operations[0];
    assert_eq!(op.params[0].shape.constraints.patterns, ["0"]);
    let ok = op.responses[0].contents[0].shape.as_ref().unwrap();
    assert!(matches!(&ok.ty, Ty::Array(items) if matches!(items.ty, Ty::String(_))), "{ok:?}");
    let not_found = op.responses[1].contents[0].shape.as_ref().unwrap();
    assert!(matches!(not_found.ty, Ty::Named(_)), "{not_found:?}");
}

#[test]
fn accept_and_content_type_header_parameters_are_ignored_with_a_note() {
    let paths = r#"
  /things:
    get:
      parameters:
        - {name: accept, in: header, schema: {type: string, enum: [application/json]}}
        - {name: Content-Type, in: header, schema: {type: string}}
        - {name: Accept-Language, in: header, schema: {type: string}}
        - {name: accept, in: query, schema: {type: string}}
      responses: {'204': {description: ok}}
"#;
    let lowered = build_str(&doc(paths, ""), &LowerOptions::default()).unwrap();
    let params: Vec<_> = lowered.api.operations[0].params.iter().map(|p| p.wire_name.as_str()).collect();
    assert_eq!(params, ["Accept-Language", "accept"]);
    let notes: Vec<String> = lowered.warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(notes.len(), 2, "{notes:?}");
    assert!(notes[0].contains("the header parameter `accept` is ignored"), "{notes:?}");
}

#[test]
fn operations_without_id_are_named_from_method_and_path() {
    let paths = r#"
  /users/{id}/posts:
    get:
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses: {'200': {description: ok}}
"#;
    let api = lower_ok(&doc(paths, "  schemas: {}"));
    assert_eq!(api.operations[0].fn_name, "get_users_by_id_posts");
    assert_eq!(api.operations[0].type_name, "GetUsersByIdPosts");
}

#[test]
fn all_of_strings_intersect_constraints() {
    let components = r#"
  schemas:
    Name:
      allOf:
        - {type: string, pattern: '^[\p{L}]', minLength: 1, maxLength: 255}
        - {type: string, pattern: '^[\p{L}\d_]*$', minLength: 3, maxLength: 64}
    Holder:
      type: object
      properties: {name: {$ref: '#/components/schemas/Name'}}
"#;
    let api = lower_ok(&doc("  {}", components));
    let TypeKind::Struct(holder) = &api.types[0].kind else { panic!() };
    let c = &holder.fields[0].shape.constraints;
    assert_eq!(c.patterns, [r"^[\p{L}]", r"^[\p{L}\d_]*$"]);
    assert_eq!((c.min_length, c.max_length), (Some(3), Some(64)));
    assert_eq!(holder.fields[0].shape.ty, Ty::String(StringFormat::Plain));
}

#[test]
fn inline_names_never_collapse_different_shapes() {
    let paths = r#"
  /a:
    get:
      operationId: thing
      responses:
        '200': {description: ok, content: {application/json: {schema: {type: object, properties: {a: {type: string}}}}}}
"#;
    let components = "  schemas:\n    Thing200: {type: object, properties: {b: {type: integer}}}\n";
    let api = lower_ok(&doc(paths, components));
    let names: Vec<_> = api.types.iter().map(|t| t.name.as_str()).collect();
    assert!(names.contains(&"Thing200") && names.contains(&"Thing200_2"), "{names:?}");
}

#[test]
fn recursion_is_boxed_only_where_needed() {
    let components = r#"
  schemas:
    Node:
      type: object
      properties:
        parent: {$ref: '#/components/schemas/Node'}
        children: {type: array, items: {$ref: '#/components/schemas/Node'}}
        leaf: {$ref: '#/components/schemas/Leaf'}
    Leaf:
      type: object
      properties: {v: {type: string}}
"#;
    let api = lower_ok(&doc("  {}", components));
    let node = api.types.iter().find(|t| t.name == "Node").unwrap();
    let TypeKind::Struct(s) = &node.kind else { panic!() };
    let boxed: Vec<_> = s.fields.iter().map(|f| (f.rust_name.as_str(), f.shape.boxed)).collect();
    assert_eq!(boxed, [("parent", true), ("children", false), ("leaf", false)]);
}

#[test]
fn an_array_that_holds_itself_needs_an_object_between() {
    let paths = r#"
  /a:
    get:
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Lines'}}}}
"#;
    // Through an inline object: `type Lines = Vec<LinesItem>`, and the item holds a `Lines`.
    let through_object = r#"
  schemas:
    Lines: {type: array, items: {type: object, properties: {lines: {$ref: '#/components/schemas/Lines'}}}}
"#;
    let api = lower_ok(&doc(paths, through_object));
    let lines = api.types.iter().find(|t| t.name == "Lines").unwrap();
    assert!(matches!(&lines.kind, TypeKind::Alias(shape) if matches!(shape.ty, Ty::Array(_))), "{:?}", lines.kind);
    // Directly: no finite type.
    let direct = r#"
  schemas:
    Lines: {type: array, items: {$ref: '#/components/schemas/Lines'}}
"#;
    let err = lower_err(&doc(paths, direct));
    assert_eq!(err.pointer(), Some("#/components/schemas/Lines"));
    assert!(err.message.contains("contains itself without passing through an object"), "{}", err.message);
}

#[test]
fn types_holding_rules_anywhere_inside_are_checked() {
    let components = r#"
  schemas:
    Order:
      type: object
      properties:
        lines: {type: array, items: {$ref: '#/components/schemas/Line'}}
        parent: {$ref: '#/components/schemas/Order'}
    Line:
      type: object
      properties:
        sku: {type: string, pattern: '^[A-Z]+$'}
    Plain:
      type: object
      properties:
        note: {type: string}
        self: {$ref: '#/components/schemas/Plain'}
"#;
    let api = lower_ok(&doc("  {}", components));
    let checked = |name: &str| api.types.iter().find(|t| t.name == name).unwrap().checked;
    assert!(checked("Line") && checked("Order"));
    assert!(!checked("Plain"), "a cycle without rules is not checked");
}

#[test]
fn several_statuses_keep_their_own_types() {
    let paths = r#"
  /a:
    get:
      operationId: multi
      responses:
        '200': {description: ok, content: {application/json: {schema: {type: object, properties: {a: {type: string}}}}}}
        '202': {description: later, content: {text/plain: {schema: {type: string}}}}
        '4XX': {description: client error, content: {application/problem+json: {schema: {type: object, properties: {title: {type: string}}}}}}
        default: {description: other}
"#;
    let api = lower_ok(&doc(paths, "  schemas: {}"));
    let r = &api.operations[0].responses;
    let summary: Vec<_> =
        r.iter().map(|r| (r.status, r.variant_name.as_str(), r.contents.first().map(|c| c.kind))).collect();
    assert_eq!(
        summary,
        [
            (StatusSpec::Code(200), "Ok", Some(MediaKind::Json)),
            (StatusSpec::Code(202), "Accepted", Some(MediaKind::Text)),
            (StatusSpec::Range(4), "Status4xx", Some(MediaKind::Json)),
            (StatusSpec::Default, "Default", None),
        ]
    );
}

const SELECTABLE: &str = r#"
  /repos/{id}:
    get:
      operationId: repos/get
      tags: [repos]
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Repo'}}}}}
    delete:
      operationId: repos/delete
      tags: [repos]
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses: {'204': {description: gone}}
  /users/me:
    get:
      operationId: users/get-authenticated
      tags: [users]
      responses: {'200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/User'}}}}}
"#;

const SELECTABLE_COMPONENTS: &str = r#"  schemas:
    Repo: {type: object, properties: {owner: {$ref: '#/components/schemas/Owner'}}}
    Owner: {type: object, properties: {login: {type: string}}}
    User: {type: object, properties: {name: {type: string}}}
    Unused: {type: object, properties: {x: {type: integer}}}"#;

fn selected(tags: &[&str], operations: &[&str]) -> Result<Lowered, Vec<Diagnostic>> {
    let selection = Selection {
        tags: tags.iter().map(|t| t.to_string()).collect(),
        operations: operations.iter().map(|o| o.to_string()).collect(),
        webhooks: false,
    };
    build_str(&doc(SELECTABLE, SELECTABLE_COMPONENTS), &LowerOptions { selection, ..Default::default() })
}

fn ids_and_types(lowered: &Lowered) -> (Vec<&str>, Vec<&str>) {
    let ids = lowered.api.operations.iter().map(|o| o.id.as_str()).collect();
    let types = lowered.api.types.iter().map(|t| t.name.as_str()).collect();
    (ids, types)
}

#[test]
fn a_selection_keeps_its_operations_and_the_types_they_reach() {
    let everything = selected(&[], &[]).unwrap();
    assert_eq!(ids_and_types(&everything).1, ["Repo", "Owner", "User", "Unused"]);
    let by_tag = selected(&["repos"], &[]).unwrap();
    assert_eq!(ids_and_types(&by_tag), (vec!["repos/get", "repos/delete"], vec!["Repo", "Owner"]));
    // Types are renumbered: a reference still names the right type.
    let repo = &by_tag.api.types[0];
    let TypeKind::Struct(repo) = &repo.kind else { panic!("{repo:?}") };
    let Ty::Named(owner) = repo.fields[0].shape.ty else { panic!("{:?}", repo.fields[0].shape) };
    assert_eq!(by_tag.api.type_def(owner).name, "Owner");
    let by_id = selected(&[], &["users/*"]).unwrap();
    assert_eq!(ids_and_types(&by_id), (vec!["users/get-authenticated"], vec!["User"]));
    let by_endpoint = selected(&["users"], &["DELETE /repos/*"]).unwrap();
    assert_eq!(ids_and_types(&by_endpoint), (vec!["repos/delete", "users/get-authenticated"], vec!["User"]));
}

const WEBHOOK_COMPONENTS: &str = r#"components:
  requestBodies:
    Push: {content: {application/json: {schema: {$ref: '#/components/schemas/Push'}}}}
  schemas:
    User: {type: object, properties: {name: {type: string}}}
    Push: {type: object, properties: {pusher: {$ref: '#/components/schemas/Pusher'}}}
    Pusher: {type: object, properties: {login: {type: string}}}
    Unused: {type: object, properties: {x: {type: integer}}}
"#;

/// A spec with one operation (unless `paths` is `{}`) and one webhook, in
/// `webhooks_key` (3.1 `webhooks` or 3.0 `x-webhooks`).
fn with_webhook(version: &str, webhooks_key: &str, paths: &str) -> String {
    format!(
        "openapi: {version}\ninfo: {{title: T, version: '1'}}\npaths: {paths}\n{webhooks_key}:\n  pushed:\n    post:\n      \
         requestBody: {{$ref: '#/components/requestBodies/Push'}}\n      responses: {{'200': {{description: ok}}}}\n\
         {WEBHOOK_COMPONENTS}"
    )
}

#[test]
fn webhook_types_are_generated_when_asked_for() {
    let users = "{/users/me: {get: {operationId: users/get, responses: {'200': {description: ok, content: \
                 {application/json: {schema: {$ref: '#/components/schemas/User'}}}}}}}}";
    let lowered = |text: &str, webhooks| {
        let options = LowerOptions { selection: Selection { webhooks, ..Selection::default() }, ..Default::default() };
        let lowered = build_str(text, &options).unwrap_or_else(|e| panic!("{e:#?}"));
        let names: Vec<String> = lowered.api.types.iter().map(|t| t.name.clone()).collect();
        (names, lowered.warnings)
    };
    for (version, key) in [("3.1.0", "webhooks"), ("3.0.3", "x-webhooks")] {
        let spec = with_webhook(version, key, users);
        let unused = "Unused".to_string();
        assert_eq!(lowered(&spec, false), (vec!["User".to_string(), unused], vec![]), "{key}");
        assert_eq!(lowered(&spec, true).0, ["User", "Push", "Pusher", "Unused"], "{key}");
    }
    let (types, warnings) = lowered(&with_webhook("3.1.0", "webhooks", "{}"), false);
    assert_eq!(types, ["User", "Unused"], "only the webhook's types are left out");
    let warning = warnings[0].to_string();
    assert!(warning.contains("1 webhook(s) are left out") && warning.contains("--webhooks"), "{warning}");
}

#[test]
fn a_tag_or_pattern_that_matches_nothing_is_an_error_naming_close_ones() {
    let errors = selected(&["repo"], &["user/get-*"]).unwrap_err();
    let text: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(text.len(), 2, "{text:#?}");
    assert!(text[0].contains("the tag `repo` matches no operation") && text[0].contains("`repos`"), "{}", text[0]);
    assert!(text[1].contains("`user/get-*`") && text[1].contains("`users/get-authenticated`"), "{}", text[1]);
    let errors = selected(&[], &["[broken"]).unwrap_err();
    assert!(errors[0].to_string().contains("is not a glob"), "{}", errors[0]);
}

/// For a cycle of `cycle` list schemas, whether each holds its items through a box.
fn boxed_list_items(cycle: usize) -> Vec<bool> {
    let schemas: String = (0..cycle)
        .map(|i| {
            let next = (i + 1) % cycle;
            format!("    List{i}: {{type: object, properties: {{items: {{type: array, items: {{$ref: '#/components/schemas/List{next}'}}}}}}}}\n")
        })
        .collect();
    let lowered = build_str(&doc("  {}", &format!("  schemas:\n{schemas}")), &LowerOptions::default()).unwrap();
    lowered
        .api
        .types
        .iter()
        .map(|def| match &def.kind {
            TypeKind::Struct(s) => match &s.fields[0].shape.ty {
                Ty::Array(items) => items.boxed,
                other => panic!("{other:?}"),
            },
            other => panic!("{other:?}"),
        })
        .collect()
}

#[test]
fn uses_inside_a_long_cycle_are_boxed_and_short_cycles_are_left_alone() {
    assert_eq!(boxed_list_items(3), [false; 3]);
    assert_eq!(boxed_list_items(12), [true; 12]);
}

/// The name of the type the first operation's `status` answer carries.
fn body_type(api: &Api, status: u16) -> &str {
    let response = api.operations[0].responses.iter().find(|r| r.status == StatusSpec::Code(status)).unwrap();
    match &response.contents[0].shape {
        Some(Shape { ty: Ty::Named(id), .. }) => api.type_def(*id).name.as_str(),
        other => panic!("{other:?}"),
    }
}

#[test]
fn identical_inline_types_become_one() {
    let error = "{type: object, description: An error, properties: {message: {type: string}, \
                 issues: {type: array, items: {type: object, properties: {path: {type: string}}}}}}";
    let paths = format!(
        r#"
  /a:
    get:
      operationId: getA
      responses:
        '200':
          description: ok
          content: {{application/json: {{schema: {{type: object, properties: {{owner: {{type: object, properties: {{login: {{type: string}}}}}}}}}}}}}}
        '400':
          description: bad
          content: {{application/json: {{schema: {error}}}}}
        '404':
          description: missing
          content: {{application/json: {{schema: {error}}}}}
        '409':
          description: said otherwise
          content: {{application/json: {{schema: {{type: object, description: Another error, properties: {{message: {{type: string}}}}}}}}}}
"#
    );
    let components = r#"
  schemas:
    User:
      type: object
      properties: {login: {type: string}}
    Account:
      type: object
      properties: {login: {type: string}}
"#;
    let api = lower_ok(&doc(&paths, components));
    let names: Vec<_> = api.types.iter().map(|t| t.name.as_str()).collect();
    // The 404 body and its issue items merge into the 400's (the body only
    // once its items have), the body named after the operation, the items
    // after the words both copies' names end with; the owner merges into the first component of its
    // shape; components and a body with another description stay apart
    // (the second component an alias of the first).
    assert_eq!(names, ["User", "Account", "GetA200", "GetAErrorBody", "IssuesItem", "GetA409"]);
    assert_eq!(api.types[1].kind, TypeKind::Alias(Shape::new(Ty::Named(TypeId(0)))));
    assert_eq!([400, 404, 409].map(|status| body_type(&api, status)), ["GetAErrorBody", "GetAErrorBody", "GetA409"]);
    let TypeKind::Struct(ok) = &api.types[2].kind else { panic!("{:?}", api.types[2]) };
    assert_eq!(ok.fields[0].shape.ty, Ty::Named(TypeId(0)));
}

#[test]
fn types_of_the_same_shape_are_aliases_of_the_first() {
    let paths = r#"
  /repos:
    get:
      operationId: getRepo
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {$ref: '#/components/schemas/NullableRepo'}}}
        '400':
          description: bad
          content: {application/json: {schema: {type: object, description: Bad input, properties: {message: {type: string, description: What was wrong}}}}}
        '404':
          description: missing
          content: {application/json: {schema: {type: object, description: Not there, properties: {message: {type: string}}}}}
"#;
    let components = r#"
  schemas:
    Repo:
      type: object
      description: A repository
      properties: {name: {type: string, description: Its name}, parent: {$ref: '#/components/schemas/Owner'}}
    NullableRepo:
      type: object
      description: A repository, or null
      nullable: true
      properties: {name: {type: string}, parent: {$ref: '#/components/schemas/Account'}}
    Owner: {type: object, properties: {login: {type: string}}}
    Account: {type: object, description: Who signs in, properties: {login: {type: string}}}
"#;
    let api = lower_ok(&doc(paths, components));
    let named = |name: &str| api.types.iter().position(|t| t.name == name).map(TypeId).unwrap();
    let alias_of = |name: &str| match &api.type_def(named(name)).kind {
        TypeKind::Alias(Shape { ty: Ty::Named(id), .. }) => api.type_def(*id).name.clone(),
        other => panic!("{name}: {other:?}"),
    };
    // The aliased component holds the alias's target, so it is the same
    // shape once its owner is; each keeps its own description.
    assert_eq!(alias_of("Account"), "Owner");
    assert_eq!(alias_of("NullableRepo"), "Repo");
    assert_eq!(api.type_def(named("NullableRepo")).description.as_deref(), Some("A repository, or null"));
    assert_eq!(alias_of("GetRepo404"), "GetRepo400");
    // Uses name the first of the shape.
    assert_eq!([200, 400, 404].map(|status| body_type(&api, status)), ["Repo", "GetRepo400", "GetRepo400"]);
}

#[test]
fn pagination_is_detected_in_each_style_or_declared() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/pagination.yaml");
    let api = build(&path, &LowerOptions::default()).unwrap().api;
    let style = |id: &str| {
        let op = api.operations.iter().find(|op| op.id == id).unwrap();
        op.pagination.as_ref().map(|p| (p.style.clone(), p.items.field.as_ref().map(|f| f.wire_name.clone())))
    };
    assert_eq!(style("listRepos"), Some((PaginationStyle::Link, None)));
    let cursor = PaginationStyle::Cursor { cursor: "/response_metadata/next_cursor".into(), param: "cursor".into() };
    assert_eq!(style("listChannels"), Some((cursor, Some("channels".into()))));
    let last_id = PaginationStyle::LastId { has_more: "/has_more".into(), param: "starting_after".into() };
    assert_eq!(style("listCustomers"), Some((last_id, Some("data".into()))));
    assert_eq!(
        style("listEvents"),
        Some((PaginationStyle::PageNumber { param: "page".into() }, Some("results".into())))
    );
    let declared = PaginationStyle::Cursor { cursor: "/paging/after_token".into(), param: "after".into() };
    assert_eq!(style("listLogs"), Some((declared, Some("entries".into()))));
    assert_eq!(style("listTags"), None, "x-pagination: false");
}

#[test]
fn a_pagination_declaration_that_does_not_fit_is_an_error_at_it() {
    let paths = r#"
  /logs:
    get:
      operationId: listLogs
      x-pagination: {style: cursor, cursor: /next, param: after}
      parameters:
        - {name: token, in: query, schema: {type: string}}
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {type: array, items: {type: string}}}}
"#;
    let err = lower_err(&doc(paths, "  schemas: {}"));
    assert_eq!(err.pointer(), Some("#/paths/~1logs/get/x-pagination"));
    assert_eq!(err.message, "`param: after` is not a query parameter of the operation");
}

#[test]
fn pagination_given_by_operation_id_comes_before_the_spec() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/pagination.yaml");
    let given = |pairs: &[(&str, &str)]| LowerOptions {
        pagination: pairs.iter().map(|(id, text)| (id.to_string(), text.to_string())).collect(),
        ..LowerOptions::default()
    };
    let options = given(&[("listRepos", "false"), ("listTags", "{style: page, param: page}")]);
    let api = build(&path, &options).unwrap().api;
    let paginated = |id: &str| api.operations.iter().find(|op| op.id == id).unwrap().pagination.clone();
    assert_eq!(paginated("listRepos"), None);
    assert_eq!(paginated("listTags").unwrap().style, PaginationStyle::PageNumber { param: "page".into() });
    let errors = build(&path, &given(&[("listNothing", "false")])).unwrap_err();
    assert_eq!(errors[0].message, "pagination is given for `listNothing`, which is no operation of the spec");
}

/// The same spec as YAML and as JSON (JSON without repairs to make is read
/// by a faster path, which must still see these).
fn yaml_and_json(text: &str) -> [String; 2] {
    let value: serde_json::Value = serde_yaml::from_str(text).unwrap();
    [text.to_string(), serde_json::to_string_pretty(&value).unwrap()]
}

#[test]
fn a_response_named_wherever_a_schema_is_expected_is_its_json_schema() {
    let paths = r#"
  /things/{id}:
    post:
      operationId: putThing
      parameters: [{name: id, in: path, required: true, schema: {$ref: '#/components/responses/Id'}}]
      requestBody:
        content: {application/json: {schema: {$ref: '#/components/responses/Thing'}}}
      responses:
        '200': {$ref: '#/components/responses/Thing'}
        default: {description: list, content: {application/json: {schema: {$ref: '#/components/responses/Things'}}}}
"#;
    let components = r#"  responses:
    Id:
      description: an id
      content: {application/json: {schema: {type: string, maxLength: 8}}}
    Thing:
      description: a thing
      content: {application/problem+json: {schema: {$ref: '#/components/schemas/Thing'}}}
    Things:
      description: things
      content:
        application/json:
          schema:
            type: object
            properties:
              first: {$ref: '#/components/responses/Thing'}
              all: {type: array, items: {$ref: '#/components/responses/Thing'}}
              named: {allOf: [{$ref: '#/components/responses/Thing'}]}
  schemas:
    Thing: {type: object, properties: {name: {type: string}}}"#;
    for text in yaml_and_json(&doc(paths, components)) {
        let lowered = build_str(&text, &LowerOptions::default()).unwrap_or_else(|e| panic!("{e:#?}"));
        let mut repaired: Vec<&str> = lowered.warnings.iter().filter_map(|w| w.diagnostic().pointer()).collect();
        repaired.sort();
        assert_eq!(
            repaired,
            [
                "#/components/responses/Things/content/application~1json/schema/properties/all/items",
                "#/components/responses/Things/content/application~1json/schema/properties/first",
                "#/components/responses/Things/content/application~1json/schema/properties/named/allOf/0",
                "#/paths/~1things~1{id}/post/parameters/0/schema",
                "#/paths/~1things~1{id}/post/requestBody/content/application~1json/schema",
                "#/paths/~1things~1{id}/post/responses/default/content/application~1json/schema",
            ]
        );
        let api = &lowered.api;
        let thing = api.types.iter().position(|t| t.name == "Thing").expect("Thing");
        let op = &api.operations[0];
        assert!(matches!(&op.params[0].shape.ty, Ty::String(_)), "{:?}", op.params[0].shape);
        assert_eq!(op.params[0].shape.constraints.max_length, Some(8));
        let body = op.body.as_ref().and_then(|b| b.contents[0].shape.as_ref()).unwrap();
        assert!(matches!(body.ty, Ty::Named(id) if id.0 == thing), "{body:?}");
        let Some(Ty::Named(things)) = op.responses[1].contents[0].shape.as_ref().map(|s| &s.ty) else { panic!() };
        let TypeKind::Struct(s) = &api.type_def(*things).kind else { panic!("{:?}", api.type_def(*things)) };
        for field in &s.fields {
            let named = match &field.shape.ty {
                Ty::Array(items) => &items.ty,
                ty => ty,
            };
            assert!(matches!(named, Ty::Named(id) if id.0 == thing), "{}: {:?}", field.wire_name, field.shape);
        }
    }
}

#[test]
fn a_response_without_a_json_schema_named_as_a_schema_is_refused_where_it_is_used() {
    let paths = r#"
  /things:
    get:
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/responses/Text'}}}}
"#;
    let components = "  responses:\n    Text: {description: text, content: {text/plain: {schema: {type: string}}}}";
    for text in yaml_and_json(&doc(paths, components)) {
        let error = lower_err(&text);
        assert_eq!(error.pointer(), Some("#/paths/~1things/get/responses/200/content/application~1json/schema"));
        assert!(error.message.contains("has no JSON schema"), "{error}");
    }
}

#[test]
fn any_of_objects_of_optional_properties_is_one_struct() {
    let components = r#"  schemas:
    Extras:
      additionalProperties: {type: string}
      required: [weight]
      anyOf:
        - {properties: {color: {type: string}, weight: {type: integer}}}
        - {properties: {texture: {type: string}, weight: {type: integer}}}
    Holder:
      anyOf:
        - {required: [user], properties: {user: {type: string}}}
        - {required: [team], properties: {team: {type: string}}}
    Maps:
      anyOf:
        - {type: object, additionalProperties: {type: string}}
        - {type: object, additionalProperties: {type: number}}
    Measure:
      anyOf:
        - {properties: {amount: {type: integer}}}
        - {properties: {amount: {type: string}}}"#;
    let api = lower_ok(&doc("  {}", components));
    let def = |name: &str| api.types.iter().find(|t| t.name == name).unwrap_or_else(|| panic!("{name}"));
    let TypeKind::Struct(extras) = &def("Extras").kind else { panic!("{:?}", def("Extras")) };
    let fields: Vec<(&str, bool)> = extras.fields.iter().map(|f| (f.wire_name.as_str(), f.required)).collect();
    assert_eq!(fields, [("color", false), ("weight", true), ("texture", false)]);
    assert!(matches!(extras.additional.as_deref().map(|s| &s.ty), Some(Ty::String(_))), "{extras:?}");
    for union in ["Measure", "Holder", "Maps"] {
        assert!(matches!(def(union).kind, TypeKind::Union(_)), "{:?}", def(union));
    }
}

#[test]
fn any_of_members_describing_a_property_in_other_words_are_one_struct() {
    let components = r#"  schemas:
    Data:
      additionalProperties: {type: string}
      anyOf:
        - {required: [days], properties: {days: {type: string, description: Days the car is rented.}}}
        - {properties: {days: {type: string, description: Nights at the hotel.}}}
    Named:
      anyOf:
        - {properties: {tags: {type: array, items: {properties: {description: {type: string}}}}}}
        - {properties: {tags: {type: array, items: {properties: {description: {type: integer}}}}}}"#;
    let api = lower_ok(&doc("  {}", components));
    let def = |name: &str| api.types.iter().find(|t| t.name == name).unwrap_or_else(|| panic!("{name}"));
    let TypeKind::Struct(data) = &def("Data").kind else { panic!("{:?}", def("Data")) };
    let fields: Vec<(&str, bool)> = data.fields.iter().map(|f| (f.wire_name.as_str(), f.required)).collect();
    assert_eq!(fields, [("days", false)]);
    // A property called `description` is not documentation.
    assert!(matches!(def("Named").kind, TypeKind::Union(_)), "{:?}", def("Named"));
}

#[test]
fn any_of_members_describing_a_shared_object_differently_stay_a_union() {
    let components = r#"  schemas:
    Shadow:
      anyOf:
        - {properties: {system: {required: [version], properties: {version: {type: integer}}}}}
        - {properties: {system: {properties: {version: {type: integer}, mode: {type: string}}}}}"#;
    let api = lower_ok(&doc("  {}", components));
    let shadow = api.types.iter().find(|t| t.name == "Shadow").expect("Shadow");
    assert!(matches!(shadow.kind, TypeKind::Union(_)), "{shadow:?}");
}

#[test]
fn replaced_schemas_are_the_users_types() {
    let paths = "  /p:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Price'}\n";
    let components = "  schemas:\n    Price:\n      type: object\n      properties:\n        amount: {$ref: '#/components/schemas/Money'}\n        unit: {$ref: '#/components/schemas/Unit'}\n    Money:\n      type: object\n      properties:\n        currency: {$ref: '#/components/schemas/Currency'}\n    Currency: {type: string, enum: [EUR, USD]}\n    Unit: {type: string, x-rust-type: 'crate::Unit'}\n";
    let text = doc(paths, components);
    let options = LowerOptions { replacements: vec![("Money".into(), "my_crate::Money".into())], ..Default::default() };
    let api = build_str(&text, &options).unwrap().api;
    let kind = |name: &str| api.types.iter().find(|def| def.name == name).map(|def| def.kind.clone());
    assert_eq!(kind("Money"), Some(TypeKind::External("my_crate::Money".into())));
    assert_eq!(kind("Unit"), Some(TypeKind::External("crate::Unit".into())));

    let unknown = LowerOptions { replacements: vec![("Mony".into(), "my_crate::Money".into())], ..Default::default() };
    let errors = build_str(&text, &unknown).unwrap_err();
    assert!(
        errors[0].message.contains("`Mony`, to be replaced by `my_crate::Money`, is no component schema"),
        "{errors:?}"
    );
    let not_a_path = doc(paths, &components.replace("'crate::Unit'", "'Vec<u8>'"));
    let error = lower_err(&not_a_path);
    assert_eq!(
        error.to_string().lines().next().unwrap(),
        "at #/components/schemas/Unit/x-rust-type: `Vec<u8>` is not the path of a Rust type"
    );
}
