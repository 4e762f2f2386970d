//! Operations: names, parameters (path-level merged in), bodies by media
//! type, responses by status, and security.

use indexmap::IndexMap;
use openapiv3::{MediaType, Parameter, ParameterSchemaOrContent, PathItem, ReferenceOr, RequestBody, StatusCode};

use super::refs::item_or_resolve;
use super::view::SchemaRef;
use super::{LowerOptions, Lowerer};
use crate::diagnostic::{pointer_child, pointer_push, Diagnostic};
use crate::model::{
    Callback, Content, MediaKind, Method, Operation, Param, ParamLocation, ParamStyle, PathSegment,
    RequestBody as IrBody, Response, ResponseHeader, SecurityScheme, Shape, StatusSpec, StringFormat, Ty,
};
use crate::naming::{camel_ident, join_name, snake_ident, NameScope};
use crate::passes::select::Candidate;

/// Names a parameter cannot take: the server request's own fields, the
/// client's request under construction (`request`) and the client
/// builder's own methods (its `RequestOptions` and `SetParam`).
const RESERVED_PARAM_NAMES: &[&str] = &[
    "body",
    "auth",
    "client",
    "extensions",
    "request",
    "parts",
    "send",
    "pages",
    "items",
    "decode",
    "timeout",
    "retry",
    "request_mut",
    "query_param",
    "header_param",
    "cookie_param",
];

/// An operation's id and the Rust names claimed for it.
struct OperationNames {
    id: String,
    fn_name: String,
    type_name: String,
}

type Collected = (Vec<Operation>, Vec<Diagnostic>, Vec<Diagnostic>);

impl<'a> Lowerer<'a> {
    /// Lowers every operation; returns them with errors and warnings.
    pub(super) fn operations(&mut self, schemes: &[SecurityScheme], options: &LowerOptions) -> Collected {
        let mut operations = Vec::new();
        let mut errors = Vec::new();
        let mut warnings = Vec::new();
        let mut fn_names = fn_names(schemes);
        let mut type_names = NameScope::new();
        let mut chooser = match options.selection.chooser() {
            Ok(chooser) => chooser,
            Err(error) => return (operations, vec![error], warnings),
        };
        let doc = self.doc;
        for (path, item) in doc.paths.iter() {
            let path_pointer = pointer_push("#/paths", path);
            let ReferenceOr::Item(item) = item else {
                errors.push(
                    Diagnostic::at(&path_pointer, "`$ref` on a path item is not supported")
                        .with_help("inline the path item, or bundle the spec so that paths hold their operations"),
                );
                continue;
            };
            for (method, op) in methods(item) {
                let pointer = pointer_push(&path_pointer, &method.as_str().to_ascii_lowercase());
                let id = op.operation_id.clone().unwrap_or_else(|| derived_id(method, path));
                let candidate = Candidate { id: &id, method: method.as_str(), path, tags: &op.tags };
                if !chooser.chooses(&candidate) {
                    continue;
                }
                let names = OperationNames {
                    fn_name: fn_names.claim(&snake_ident(&id)),
                    type_name: type_names.claim(&camel_ident(&id)),
                    id,
                };
                match self.operation(names, path, method, op, item, schemes, &pointer) {
                    Ok(lowered) => {
                        if let Some(declared) = op.extensions.get("x-pagination") {
                            self.paginations.insert(pointer, declared.clone());
                        }
                        operations.push(lowered);
                    }
                    Err(e) if options.skip_unsupported => warnings.push(e),
                    Err(e) => errors.push(e),
                }
            }
        }
        errors.extend(chooser.unmatched());
        (operations, errors, warnings)
    }

    /// Lowers webhooks and callbacks ([`super::webhook_items::path_items`]),
    /// each method of each as an operation.
    pub(super) fn webhooks(
        &mut self,
        items: &'a [super::webhook_items::PathItemAt],
        schemes: &[SecurityScheme],
        options: &LowerOptions,
    ) -> Collected {
        let (mut operations, mut errors, mut warnings) = (Vec::new(), Vec::new(), Vec::new());
        let mut fn_names = fn_names(schemes);
        let mut type_names = NameScope::new();
        for at in items {
            let several = methods(&at.item).count() > 1;
            for (method, op) in methods(&at.item) {
                let method_name = method.as_str().to_ascii_lowercase();
                let stem = at.path.trim_start_matches('/').replace('/', "_");
                let id = op.operation_id.clone().unwrap_or_else(|| {
                    if several {
                        format!("{stem}_{method_name}")
                    } else {
                        stem.clone()
                    }
                });
                let names = OperationNames {
                    fn_name: fn_names.claim(&snake_ident(&id)),
                    type_name: type_names.claim(&camel_ident(&id)),
                    id,
                };
                let pointer = pointer_push(&at.pointer, &method_name);
                match self.operation(names, &at.path, method, op, &at.item, schemes, &pointer) {
                    Ok(mut lowered) => {
                        // The registering operation's body is known once
                        // every pass is done (`webhooks::views`).
                        lowered.callback = at.callback.clone().map(|(registered_by, expression)| Callback {
                            expression,
                            registered_by,
                            request_body: None,
                        });
                        operations.push(lowered)
                    }
                    Err(e) if options.skip_unsupported => warnings.push(e),
                    Err(e) => errors.push(e),
                }
            }
        }
        (operations, errors, warnings)
    }

    #[allow(clippy::too_many_arguments)]
    fn operation(
        &mut self,
        names: OperationNames,
        path: &str,
        method: Method,
        op: &'a openapiv3::Operation,
        item: &'a PathItem,
        schemes: &[SecurityScheme],
        pointer: &str,
    ) -> Result<Operation, Diagnostic> {
        let OperationNames { id, fn_name, type_name } = names;
        // A few specs write a query string into the path key; it is not part
        // of the path, and parameters it names travel in the query.
        let (path, query_part) = path.split_once('?').unwrap_or((path, ""));
        let mut params = self.params(op, item, &type_name, pointer)?;
        for param in params.iter_mut() {
            let named_in = |text: &str| {
                text.split('{')
                    .skip(1)
                    .any(|rest| rest.split_once('}').is_some_and(|(name, _)| name == param.wire_name))
            };
            if param.location == ParamLocation::Path && !named_in(path) && named_in(query_part) {
                param.location = ParamLocation::Query;
                param.style = ParamStyle::Form;
                param.explode = true;
            }
        }
        let segments = path_segments(path, &params, pointer)?;
        let mut body = match &op.request_body {
            Some(body) => Some(self.request_body(body, &type_name, &pointer_child(pointer, "requestBody"))?),
            None => None,
        };
        let mut responses = self.responses(&op.responses, &type_name, &pointer_child(pointer, "responses"))?;
        read_events_as_text_unless_streamed(&mut responses);
        if let Some(body) = &mut body {
            read_events_as_text(&mut body.contents);
        }
        let security = self.security(schemes, op.security.as_ref(), pointer)?;
        Ok(Operation {
            fn_name,
            type_name,
            id,
            method,
            path: path.to_string(),
            segments,
            summary: op.summary.clone(),
            description: op.description.clone(),
            deprecated: op.deprecated,
            params,
            body,
            responses,
            security,
            pagination: None,
            pointer: pointer.to_string(),
            callback: None,
        })
    }

    fn params(
        &mut self,
        op: &'a openapiv3::Operation,
        item: &'a PathItem,
        type_name: &str,
        pointer: &str,
    ) -> Result<Vec<Param>, Diagnostic> {
        let components = self.doc.components.as_ref().map(|c| &c.parameters);
        // Path-level parameters first; an operation parameter with the same
        // name and location replaces one.
        let mut declared: Vec<(&'a Parameter, String)> = Vec::new();
        let path_pointer = pointer.rsplit_once('/').map_or(pointer, |(p, _)| p);
        let sources = item
            .parameters
            .iter()
            .enumerate()
            .map(|(i, p)| (p, format!("{path_pointer}/parameters/{i}")))
            .chain(op.parameters.iter().enumerate().map(|(i, p)| (p, format!("{pointer}/parameters/{i}"))));
        for (param, at) in sources {
            let resolved = item_or_resolve(param, components, "parameters", &at)?;
            let data = resolved.item.parameter_data_ref();
            let location = location_of(resolved.item);
            declared.retain(|(p, _)| !(p.parameter_data_ref().name == data.name && location_of(p) == location));
            declared.push((resolved.item, resolved.pointer));
        }
        let mut scope = NameScope::with_reserved(RESERVED_PARAM_NAMES);
        let mut params = Vec::with_capacity(declared.len());
        for (param, at) in declared {
            let name = &param.parameter_data_ref().name;
            // OpenAPI: a header parameter `Accept` or `Content-Type` is ignored (the media types say it).
            let media_header = ["accept", "content-type"].iter().any(|h| name.eq_ignore_ascii_case(h));
            if media_header && location_of(param) == ParamLocation::Header {
                self.repairs.push(Diagnostic::at(
                    &at,
                    format!("the header parameter `{name}` is ignored, as OpenAPI says: the media types describe it"),
                ));
                continue;
            }
            params.push(self.param(param, type_name, &at, &mut scope)?);
        }
        Ok(params)
    }

    fn param(
        &mut self,
        param: &'a Parameter,
        type_name: &str,
        pointer: &str,
        scope: &mut NameScope,
    ) -> Result<Param, Diagnostic> {
        let data = param.parameter_data_ref();
        let location = location_of(param);
        let hint = join_name(type_name, &camel_ident(&data.name));
        let shape = match &data.format {
            ParameterSchemaOrContent::Schema(schema) => {
                self.schema_ref(SchemaRef::from(schema), &hint, &pointer_child(pointer, "schema"))?
            }
            ParameterSchemaOrContent::Content(content) => match content.iter().next() {
                Some((media, MediaType { schema: Some(schema), .. })) => {
                    let at = pointer_push(&pointer_child(pointer, "content"), media);
                    self.schema_ref(SchemaRef::from(schema), &hint, &pointer_child(&at, "schema"))?
                }
                _ => Shape::new(Ty::String(StringFormat::Plain)),
            },
        };
        let (style, explode) = style_of(param);
        if location == ParamLocation::Path && !data.required {
            return Err(Diagnostic::at(pointer, format!("path parameter `{}` must be `required: true`", data.name))
                .with_help("path parameters are always required in OpenAPI; add `required: true`"));
        }
        Ok(Param {
            wire_name: data.name.clone(),
            rust_name: scope.claim(&snake_ident(&data.name)),
            location,
            required: data.required,
            description: data.description.clone(),
            deprecated: data.deprecated.unwrap_or(false),
            shape,
            style,
            explode: data.explode.unwrap_or(explode),
        })
    }

    fn request_body(
        &mut self,
        body: &'a ReferenceOr<RequestBody>,
        type_name: &str,
        pointer: &str,
    ) -> Result<IrBody, Diagnostic> {
        let components = self.doc.components.as_ref().map(|c| &c.request_bodies);
        let resolved = item_or_resolve(body, components, "requestBodies", pointer)?;
        let stem = if resolved.name.is_empty() { format!("{type_name}Body") } else { camel_ident(&resolved.name) };
        let contents = self.contents(&resolved.item.content, &stem, &resolved.pointer)?;
        Ok(IrBody { required: resolved.item.required, description: resolved.item.description.clone(), contents })
    }

    fn responses(
        &mut self,
        responses: &'a openapiv3::Responses,
        type_name: &str,
        pointer: &str,
    ) -> Result<Vec<Response>, Diagnostic> {
        let mut entries: Vec<(StatusSpec, &'a ReferenceOr<openapiv3::Response>, String)> = Vec::new();
        for (status, response) in &responses.responses {
            let spec = match status {
                StatusCode::Code(c) => StatusSpec::Code(*c),
                StatusCode::Range(r) => StatusSpec::Range(*r),
            };
            entries.push((spec, response, pointer_push(pointer, &status.to_string())));
        }
        if let Some(default) = &responses.default {
            entries.push((StatusSpec::Default, default, pointer_child(pointer, "default")));
        }
        entries.sort_by_key(|(status, _, _)| *status);
        let components = self.doc.components.as_ref().map(|c| &c.responses);
        let mut lowered = Vec::with_capacity(entries.len());
        for (status, response, at) in entries {
            if let ReferenceOr::Reference { reference } = response {
                if reference.starts_with("#/components/schemas/") {
                    lowered.push(self.schema_as_response(reference, status, &at)?);
                    continue;
                }
            }
            let resolved = item_or_resolve(response, components, "responses", &at)?;
            let stem = if resolved.name.is_empty() {
                join_name(type_name, &status_suffix(status))
            } else {
                camel_ident(&resolved.name)
            };
            let contents = self.contents(&resolved.item.content, &stem, &resolved.pointer)?;
            let headers = self.response_headers(&resolved.item.headers, &stem, &resolved.pointer)?;
            let headers_type = (!headers.is_empty()).then(|| self.type_names.claim(&join_name(&stem, "Headers")));
            lowered.push(Response {
                headers_type,
                status,
                variant_name: variant_name(status),
                description: resolved.item.description.clone(),
                headers,
                contents,
            });
        }
        Ok(lowered)
    }

    /// A response `$ref` that names a schema (`#/components/schemas/X`): the
    /// intent is a response with that JSON body, so it becomes one, and the
    /// repair is reported.
    fn schema_as_response(&mut self, reference: &str, status: StatusSpec, at: &str) -> Result<Response, Diagnostic> {
        let shape = self.component_schema(reference, at)?;
        self.repairs.push(Diagnostic::at(
            at,
            format!("`$ref: {reference}` names a schema where a response is expected; it is read as a JSON body"),
        ));
        let contents =
            vec![Content { media_type: "application/json".into(), kind: MediaKind::Json, shape: Some(shape) }];
        let name = reference.rsplit('/').next().unwrap_or(reference);
        Ok(Response {
            headers_type: None,
            status,
            variant_name: variant_name(status),
            description: name.to_string(),
            headers: Vec::new(),
            contents,
        })
    }

    fn response_headers(
        &mut self,
        headers: &'a IndexMap<String, ReferenceOr<openapiv3::Header>>,
        stem: &str,
        pointer: &str,
    ) -> Result<Vec<ResponseHeader>, Diagnostic> {
        let components = self.doc.components.as_ref().map(|c| &c.headers);
        let mut scope = NameScope::new();
        let mut lowered = Vec::new();
        for (name, header) in headers {
            // `Content-Type` is described by the media type, never a header (OpenAPI 3.0 §4.7.20).
            if name.eq_ignore_ascii_case("content-type") {
                continue;
            }
            let at = pointer_push(&pointer_child(pointer, "headers"), name);
            let resolved = item_or_resolve(header, components, "headers", &at)?;
            let hint = join_name(stem, &camel_ident(name));
            let shape = match &resolved.item.format {
                ParameterSchemaOrContent::Schema(schema) => {
                    self.schema_ref(SchemaRef::from(schema), &hint, &format!("{}/schema", resolved.pointer))?
                }
                ParameterSchemaOrContent::Content(_) => Shape::new(Ty::String(StringFormat::Plain)),
            };
            lowered.push(ResponseHeader {
                wire_name: name.clone(),
                rust_name: scope.claim(&snake_ident(name)),
                required: resolved.item.required,
                description: resolved.item.description.clone(),
                shape,
            });
        }
        Ok(lowered)
    }

    fn contents(
        &mut self,
        content: &'a IndexMap<String, MediaType>,
        stem: &str,
        pointer: &str,
    ) -> Result<Vec<Content>, Diagnostic> {
        let mut lowered = Vec::with_capacity(content.len());
        for (index, (media_type, media)) in content.iter().enumerate() {
            let at = pointer_push(&pointer_child(pointer, "content"), media_type);
            let hint = if index == 0 { stem.to_string() } else { join_name(stem, &camel_ident(media_type)) };
            let shape = match &media.schema {
                Some(schema) => Some(self.schema_ref(SchemaRef::from(schema), &hint, &pointer_child(&at, "schema"))?),
                None => None,
            };
            lowered.push(Content {
                media_type: media_type.clone(),
                kind: media_kind(media_type, shape.as_ref()),
                shape,
            });
        }
        Ok(lowered)
    }
}

/// Names for operations' methods, with those the generated `Client` and
/// server trait define themselves (the credential setters, `with_<scheme>`,
/// among them) taken.
fn fn_names(schemes: &[SecurityScheme]) -> NameScope {
    let setters: Vec<String> = schemes.iter().map(SecurityScheme::setter_name).collect();
    let mut reserved = vec![
        "new",
        "base_url",
        "with_http_client",
        "with_middleware",
        "with_retries",
        "with_max_response_bytes",
        "with_default_base_url",
        "from_connection",
        "authorize",
        "body_limit",
        "render_rejection",
    ];
    reserved.extend(setters.iter().map(String::as_str));
    NameScope::with_reserved(&reserved)
}

pub(crate) fn methods(item: &PathItem) -> impl Iterator<Item = (Method, &openapiv3::Operation)> {
    [
        (Method::Get, &item.get),
        (Method::Put, &item.put),
        (Method::Post, &item.post),
        (Method::Delete, &item.delete),
        (Method::Options, &item.options),
        (Method::Head, &item.head),
        (Method::Patch, &item.patch),
        (Method::Trace, &item.trace),
    ]
    .into_iter()
    .filter_map(|(method, op)| op.as_ref().map(|op| (method, op)))
}

/// `get /users/{id}/posts` -> `get_users_by_id_posts`.
pub(crate) fn derived_id(method: Method, path: &str) -> String {
    let mut id = method.as_str().to_ascii_lowercase();
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        id.push('_');
        match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(param) => {
                id.push_str("by_");
                id.push_str(param);
            }
            None => id.push_str(segment),
        }
    }
    id
}

fn location_of(param: &Parameter) -> ParamLocation {
    match param {
        Parameter::Path { .. } => ParamLocation::Path,
        Parameter::Query { .. } => ParamLocation::Query,
        Parameter::Header { .. } => ParamLocation::Header,
        Parameter::Cookie { .. } => ParamLocation::Cookie,
    }
}

/// The style and the default for `explode` (true only for `form`).
fn style_of(param: &Parameter) -> (ParamStyle, bool) {
    use openapiv3::{PathStyle, QueryStyle};
    let style = match param {
        Parameter::Path { style: PathStyle::Simple, .. } | Parameter::Header { .. } => ParamStyle::Simple,
        Parameter::Path { style: PathStyle::Label, .. } => ParamStyle::Label,
        Parameter::Path { style: PathStyle::Matrix, .. } => ParamStyle::Matrix,
        Parameter::Query { style: QueryStyle::Form, .. } | Parameter::Cookie { .. } => ParamStyle::Form,
        Parameter::Query { style: QueryStyle::SpaceDelimited, .. } => ParamStyle::SpaceDelimited,
        Parameter::Query { style: QueryStyle::PipeDelimited, .. } => ParamStyle::PipeDelimited,
        Parameter::Query { style: QueryStyle::DeepObject, .. } => ParamStyle::DeepObject,
    };
    (style, style == ParamStyle::Form)
}

/// Splits a path template into literals and parameters, checking that the
/// template and the declared path parameters agree.
fn path_segments(path: &str, params: &[Param], pointer: &str) -> Result<Vec<PathSegment>, Diagnostic> {
    let mut segments = Vec::new();
    let mut rest = path;
    let mut used = Vec::new();
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            return Err(Diagnostic::at(pointer, format!("path template `{path}` has an unclosed `{{`")));
        };
        if open > 0 {
            segments.push(PathSegment::Literal(rest[..open].to_string()));
        }
        let name = &rest[open + 1..close];
        let Some(index) = params.iter().position(|p| p.location == ParamLocation::Path && p.wire_name == name) else {
            return Err(Diagnostic::at(
                pointer_child(pointer, "parameters"),
                format!("the path `{path}` names `{{{name}}}` but no path parameter `{name}` is declared"),
            )
            .with_help(format!("add `- {{name: {name}, in: path, required: true, schema: {{type: string}}}}`")));
        };
        used.push(index);
        segments.push(PathSegment::Param(index));
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        segments.push(PathSegment::Literal(rest.to_string()));
    }
    if let Some(unused) =
        params.iter().enumerate().find(|(i, p)| p.location == ParamLocation::Path && !used.contains(i))
    {
        return Err(Diagnostic::at(
            pointer_child(pointer, "parameters"),
            format!("path parameter `{}` does not appear in the path `{path}`", unused.1.wire_name),
        )
        .with_help("remove the parameter or add it to the path template"));
    }
    Ok(segments)
}

/// Whether a media type is JSON (`application/json`, `*/*+json`).
pub(crate) fn media_is_json(media_type: &str) -> bool {
    let essence = media_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    essence == "application/json" || essence.ends_with("+json")
}

/// Events stream from an operation's one success, a 2xx code without
/// declared headers; anywhere else (a request body, an error, one success
/// among several) `text/event-stream` is read whole, as text.
fn read_events_as_text_unless_streamed(responses: &mut [Response]) {
    let successes = responses.iter().filter(|r| r.status.is_success()).count();
    for response in responses.iter_mut() {
        let two_hundred = matches!(response.status, StatusSpec::Code(200..=299));
        let streamed = successes == 1 && two_hundred && response.headers.is_empty();
        if !streamed {
            read_events_as_text(&mut response.contents);
        }
    }
}

fn read_events_as_text(contents: &mut [Content]) {
    for content in contents.iter_mut().filter(|c| c.kind == MediaKind::EventStream) {
        content.kind = MediaKind::Text;
    }
}

fn media_kind(media_type: &str, shape: Option<&Shape>) -> MediaKind {
    let essence = media_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    let binary_schema = matches!(shape.map(|s| &s.ty), Some(Ty::String(StringFormat::Binary)));
    match essence.as_str() {
        _ if media_is_json(media_type) => MediaKind::Json,
        "application/x-www-form-urlencoded" => MediaKind::FormUrlEncoded,
        e if e.starts_with("multipart/") => MediaKind::Multipart,
        "text/event-stream" => MediaKind::EventStream,
        e if e.starts_with("text/") && !binary_schema => MediaKind::Text,
        "*/*" | "application/*" if shape.is_some() && !binary_schema && !is_string(shape) => MediaKind::Json,
        _ => MediaKind::Binary,
    }
}

fn is_string(shape: Option<&Shape>) -> bool {
    matches!(shape.map(|s| &s.ty), Some(Ty::String(_)))
}

fn status_suffix(status: StatusSpec) -> String {
    match status {
        StatusSpec::Code(c) => c.to_string(),
        StatusSpec::Range(r) => format!("{r}XX"),
        StatusSpec::Default => "Default".into(),
    }
}

/// The response variant for a status: its reason phrase in UpperCamelCase.
fn variant_name(status: StatusSpec) -> String {
    match status {
        StatusSpec::Code(code) => match reason_phrase(code) {
            Some(reason) => camel_ident(reason),
            None => format!("Status{code}"),
        },
        StatusSpec::Range(r) => format!("Status{r}xx"),
        StatusSpec::Default => "Default".into(),
    }
}

fn reason_phrase(code: u16) -> Option<&'static str> {
    Some(match code {
        100 => "Continue",
        101 => "Switching Protocols",
        200 => "OK",
        201 => "Created",
        202 => "Accepted",
        203 => "Non-Authoritative Information",
        204 => "No Content",
        205 => "Reset Content",
        206 => "Partial Content",
        207 => "Multi-Status",
        300 => "Multiple Choices",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        304 => "Not Modified",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        402 => "Payment Required",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        408 => "Request Timeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "Length Required",
        412 => "Precondition Failed",
        413 => "Payload Too Large",
        414 => "URI Too Long",
        415 => "Unsupported Media Type",
        416 => "Range Not Satisfiable",
        417 => "Expectation Failed",
        418 => "Im A Teapot",
        422 => "Unprocessable Entity",
        423 => "Locked",
        424 => "Failed Dependency",
        425 => "Too Early",
        426 => "Upgrade Required",
        428 => "Precondition Required",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        451 => "Unavailable For Legal Reasons",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        505 => "HTTP Version Not Supported",
        507 => "Insufficient Storage",
        _ => return None,
    })
}
