//! The IR: plain data describing an API, with every `$ref` resolved and every
//! Rust name chosen. Emitters read only this; nothing here knows about output.

use serde_json::Value;

/// One API, lowered from one OpenAPI document.
#[derive(Debug, Clone, PartialEq)]
pub struct Api {
    pub title: String,
    /// `info.version` as written in the spec; not necessarily semver.
    pub version: String,
    pub description: Option<String>,
    pub servers: Vec<Server>,
    pub security_schemes: Vec<SecurityScheme>,
    pub operations: Vec<Operation>,
    /// Every named type, referenced by index through [`TypeId`].
    pub types: Vec<TypeDef>,
    /// The requests the API itself sends, when asked for: webhooks and
    /// operations' callbacks.
    pub webhooks: Option<Box<Webhooks>>,
    /// Which Rust types the string formats are.
    pub formats: Formats,
}

/// Webhooks and callbacks, each as an operation (`POST /{name}` for a
/// webhook, `POST /{operationId}/{callback}` for a callback), in two views
/// of the API that share its types: the provider's sender, whose
/// operations post to the URL it is given as it is (their paths are
/// empty), and the consumer's receiver, which serves each at its path.
#[derive(Debug, Clone, PartialEq)]
pub struct Webhooks {
    pub sender: Api,
    pub receiver: Api,
}

impl Api {
    pub fn type_def(&self, id: TypeId) -> &TypeDef {
        &self.types[id.0]
    }

    pub fn security_scheme(&self, id: SchemeId) -> &SecurityScheme {
        &self.security_schemes[id.0]
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Server {
    pub url: String,
    pub description: Option<String>,
}

/// Index of a [`TypeDef`] in [`Api::types`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TypeId(pub usize);

/// Index of a [`SecurityScheme`] in [`Api::security_schemes`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SchemeId(pub usize);

#[derive(Debug, Clone, PartialEq)]
pub struct SecurityScheme {
    /// The key under `components/securitySchemes`.
    pub key: String,
    /// UpperCamelCase name, unique among schemes.
    pub type_name: String,
    /// snake_case name, unique among schemes.
    pub field_name: String,
    pub description: Option<String>,
    pub kind: SecurityKind,
}

impl SecurityScheme {
    /// The generated client's method that sets this scheme's credential
    /// (`with_bearer_token`); no operation may take its name.
    pub fn setter_name(&self) -> String {
        format!("with_{}", crate::naming::unraw(&self.field_name))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum SecurityKind {
    /// `Authorization: Bearer <token>`; also used for OAuth2 and OpenID Connect,
    /// whose access tokens travel the same way.
    Bearer {
        format: Option<String>,
    },
    /// `Authorization: Basic base64(user:password)`.
    Basic,
    ApiKey {
        location: ApiKeyLocation,
        name: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiKeyLocation {
    Header,
    Query,
    Cookie,
}

/// `header`, `query`, `cookie`: the `in` of the spec.
impl std::fmt::Display for ApiKeyLocation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            ApiKeyLocation::Header => "header",
            ApiKeyLocation::Query => "query",
            ApiKeyLocation::Cookie => "cookie",
        })
    }
}

/// The security of an operation: any one alternative suffices; every scheme
/// of an alternative must be present. Empty means no authentication.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Security {
    pub alternatives: Vec<Vec<SchemeId>>,
    /// True when one alternative is `{}`: the credential is optional.
    pub optional: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Method {
    Get,
    Put,
    Post,
    Delete,
    Options,
    Head,
    Patch,
    Trace,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
            Method::Head => "HEAD",
            Method::Patch => "PATCH",
            Method::Trace => "TRACE",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// The spec's `operationId`, or one derived from method and path.
    pub id: String,
    /// snake_case method name.
    pub fn_name: String,
    /// UpperCamelCase stem for the operation's types (`DeleteAuthToken`).
    pub type_name: String,
    pub method: Method,
    /// The path template as written (`/v1/tokens/{name}`).
    pub path: String,
    pub segments: Vec<PathSegment>,
    pub summary: Option<String>,
    pub description: Option<String>,
    pub deprecated: bool,
    pub params: Vec<Param>,
    pub body: Option<RequestBody>,
    pub responses: Vec<Response>,
    pub security: Security,
    /// How a list operation's pages follow each other, detected from the
    /// spec or declared with `x-pagination`.
    pub pagination: Option<Pagination>,
    /// JSON pointer of the operation in the document, for messages.
    pub pointer: String,
    /// For a callback's operation: where it is sent.
    pub callback: Option<Callback>,
}

impl Operation {
    /// The response the operation declares for `status`: the exact code,
    /// else its range, else `default`.
    pub fn response_for(&self, status: u16) -> Option<&Response> {
        let find = |spec: StatusSpec| self.responses.iter().find(|r| r.status == spec);
        find(StatusSpec::Code(status))
            .or_else(|| find(StatusSpec::Range(status / 100)))
            .or_else(|| find(StatusSpec::Default))
    }
}

/// Where a callback is sent: its URL expression, and the JSON request body
/// of the operation that registers it, which the expression may point into.
#[derive(Debug, Clone, PartialEq)]
pub struct Callback {
    pub expression: String,
    /// The operationId of the operation that registers it.
    pub registered_by: String,
    pub request_body: Option<Shape>,
}

/// A paginated operation: how its next page is asked for, and where its
/// success body holds the items.
#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    pub style: PaginationStyle,
    pub items: PageItems,
}

#[derive(Debug, Clone, PartialEq)]
pub enum PaginationStyle {
    /// The `Link` response header's `rel="next"` URL.
    Link,
    /// The text at `cursor` (a JSON pointer into the body) sent back as the
    /// query parameter `param`.
    Cursor { cursor: String, param: String },
    /// While the boolean at `has_more` is true, the last item's `id` sent as
    /// the query parameter `param`.
    LastId { has_more: String, param: String },
    /// The query parameter `param` counted up until a page has no items.
    PageNumber { param: String },
}

/// The items of a page: the body itself (`field` None), or one of its
/// fields holding an array.
#[derive(Debug, Clone, PartialEq)]
pub struct PageItems {
    pub field: Option<PageField>,
    pub item: Shape,
    /// The page is an `Option` (its schema is nullable): a null page has
    /// no items.
    pub page_optional: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PageField {
    pub wire_name: String,
    pub rust_name: String,
    /// The field is an `Option` (not required, or nullable).
    pub optional: bool,
}

/// A piece of a path template: literal text, or the index of a path parameter
/// in [`Operation::params`].
#[derive(Debug, Clone, PartialEq)]
pub enum PathSegment {
    Literal(String),
    Param(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ParamLocation {
    Path,
    Query,
    Header,
    Cookie,
}

/// `path`, `query`, `header`, `cookie`: the `in` of the spec.
impl std::fmt::Display for ParamLocation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            ParamLocation::Path => "path",
            ParamLocation::Query => "query",
            ParamLocation::Header => "header",
            ParamLocation::Cookie => "cookie",
        })
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// The name on the wire.
    pub wire_name: String,
    /// snake_case, unique within the operation.
    pub rust_name: String,
    pub location: ParamLocation,
    pub required: bool,
    pub description: Option<String>,
    pub deprecated: bool,
    pub shape: Shape,
    pub style: ParamStyle,
    pub explode: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamStyle {
    Simple,
    Form,
    Label,
    Matrix,
    SpaceDelimited,
    PipeDelimited,
    DeepObject,
}

#[derive(Debug, Clone, PartialEq)]
pub struct RequestBody {
    pub required: bool,
    pub description: Option<String>,
    /// One entry per media type, in spec order.
    pub contents: Vec<Content>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Content {
    pub media_type: String,
    pub kind: MediaKind,
    /// None when the media type has no schema.
    pub shape: Option<Shape>,
}

impl Content {
    /// The content generated code reads and writes a body as: the first
    /// JSON one with a schema, else the first form with one, else the first.
    pub fn chosen(contents: &[Content]) -> Option<&Content> {
        contents
            .iter()
            .find(|c| c.kind == MediaKind::Json && c.shape.is_some())
            .or_else(|| contents.iter().find(|c| c.kind == MediaKind::FormUrlEncoded && c.shape.is_some()))
            .or_else(|| contents.first())
    }
}

/// How a body travels, derived from its media type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MediaKind {
    /// `application/json` and `*/*+json`.
    Json,
    FormUrlEncoded,
    Multipart,
    /// `text/event-stream` as an operation's one 2xx response (without
    /// declared headers): server-sent events, each `data` of the schema.
    EventStream,
    /// `text/*`.
    Text,
    /// Anything else: raw bytes.
    Binary,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum StatusSpec {
    Code(u16),
    /// `4XX`: the hundreds digit.
    Range(u16),
    Default,
}

impl StatusSpec {
    /// Whether a concrete status falls under this spec.
    pub fn matches(self, status: u16) -> bool {
        match self {
            StatusSpec::Code(c) => c == status,
            StatusSpec::Range(r) => status / 100 == r,
            StatusSpec::Default => true,
        }
    }

    /// Success for 1XX-3XX codes and ranges; `default` is treated as an error.
    pub fn is_success(self) -> bool {
        match self {
            StatusSpec::Code(c) => c < 400,
            StatusSpec::Range(r) => r < 4,
            StatusSpec::Default => false,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    pub status: StatusSpec,
    /// UpperCamelCase variant name from the status (`Ok`, `NotFound`, `Status4xx`, `Default`).
    pub variant_name: String,
    pub description: String,
    pub headers: Vec<ResponseHeader>,
    /// UpperCamelCase name for the struct of `headers`, when there are any.
    pub headers_type: Option<String>,
    pub contents: Vec<Content>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ResponseHeader {
    pub wire_name: String,
    pub rust_name: String,
    pub required: bool,
    pub description: Option<String>,
    pub shape: Shape,
}

/// A use of a type: what it is, and what the spec says about this use.
#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    pub ty: Ty,
    pub nullable: bool,
    pub constraints: Constraints,
    pub default: Option<Value>,
    pub description: Option<String>,
    /// Set by the recursion pass: the use is held through a box
    /// (`apiforge_runtime::Boxed`) because it closes a cycle of types.
    pub boxed: bool,
}

impl Shape {
    pub fn new(ty: Ty) -> Shape {
        Shape {
            ty,
            nullable: false,
            constraints: Constraints::default(),
            default: None,
            description: None,
            boxed: false,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Ty {
    String(StringFormat),
    Integer(IntegerFormat),
    Number(NumberFormat),
    Boolean,
    Array(Box<Shape>),
    /// An object with only `additionalProperties`: string keys to values.
    Map(Box<Shape>),
    /// Any JSON value (free-form objects, `{}`, schemas we keep untyped).
    Any,
    Named(TypeId),
}

/// The `format` of a string schema, for the formats that have a meaning;
/// any other is `Plain`. Which Rust type each is depends on [`Formats`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StringFormat {
    Plain,
    DateTime,
    Date,
    Time,
    Uuid,
    /// `uri` and `url`.
    Uri,
    Email,
    Ipv4,
    Ipv6,
    /// Raw bytes (`format: binary`).
    Binary,
    /// Base64 text (`format: byte`); kept as a string.
    Byte,
}

impl StringFormat {
    /// The format as a spec names it (`uri` for `url` too); none for `Plain`.
    pub fn name(self) -> Option<&'static str> {
        Some(match self {
            StringFormat::Plain => return None,
            StringFormat::DateTime => "date-time",
            StringFormat::Date => "date",
            StringFormat::Time => "time",
            StringFormat::Uuid => "uuid",
            StringFormat::Uri => "uri",
            StringFormat::Email => "email",
            StringFormat::Ipv4 => "ipv4",
            StringFormat::Ipv6 => "ipv6",
            StringFormat::Binary => "binary",
            StringFormat::Byte => "byte",
        })
    }
}

/// Which Rust types the string formats are in generated code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Formats {
    /// `date-time` is `chrono::DateTime<Utc>`, `date` `chrono::NaiveDate`,
    /// `uuid` `uuid::Uuid`, `ipv4`/`ipv6` `std::net`'s addresses, `byte`
    /// the runtime's `Base64`; `time`, `email` and `uri` stay strings.
    #[default]
    Chrono,
    /// Every format is a `String` (`email` and `time` are still checked).
    Strings,
}

impl std::fmt::Display for Formats {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Formats::Chrono => "chrono",
            Formats::Strings => "strings",
        })
    }
}

impl std::str::FromStr for Formats {
    type Err = String;

    fn from_str(text: &str) -> Result<Formats, String> {
        match text {
            "chrono" => Ok(Formats::Chrono),
            "strings" => Ok(Formats::Strings),
            other => Err(format!("`{other}` is not a choice of formats: choose `chrono` or `strings`")),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IntegerFormat {
    Int32,
    Int64,
    Uint32,
    Uint64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberFormat {
    Float,
    Double,
}

/// Validation rules the emitters may check. Bounds from `allOf` members are
/// intersected; several patterns must all match.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Constraints {
    pub patterns: Vec<String>,
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    pub minimum: Option<Bound>,
    pub maximum: Option<Bound>,
    pub min_items: Option<u64>,
    pub max_items: Option<u64>,
}

impl Constraints {
    pub fn is_empty(&self) -> bool {
        self == &Constraints::default()
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bound {
    pub value: f64,
    pub exclusive: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct TypeDef {
    /// UpperCamelCase, unique among the API's types.
    pub name: String,
    pub description: Option<String>,
    /// Where it was defined, as a JSON pointer.
    pub pointer: String,
    /// Other places that describe the same values (a property that several
    /// `allOf` members describe is one type): a value satisfies them all.
    pub also_described_at: Vec<String>,
    pub kind: TypeKind,
    /// Whether a value of it has rules to check, its own fields' or those
    /// of a type it holds (see `checks`).
    pub checked: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum TypeKind {
    Struct(Struct),
    Enum(Enum),
    Union(Union),
    /// A name for a shape (`pub type Name = ...;`): a value kept as JSON, or
    /// a component array or map that holds itself through an object.
    Alias(Shape),
    /// A type of the user's own that stands for the schema, by its Rust path
    /// (`my_crate::Money`; see [`crate::LowerOptions::replacements`] and the
    /// `x-rust-type` extension): not generated, used where the schema is.
    External(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Struct {
    pub fields: Vec<Field>,
    /// `additionalProperties: false`.
    pub deny_unknown: bool,
    /// Typed `additionalProperties`, kept in a flattened map.
    pub additional: Option<Box<Shape>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub wire_name: String,
    /// snake_case, unique within the struct.
    pub rust_name: String,
    pub required: bool,
    /// `required` and `writeOnly`: an `Option` (answers leave it out),
    /// checked present in a request body.
    pub required_in_requests: bool,
    /// `readOnly`: requests leave it out, even where it is `required`.
    pub read_only: bool,
    pub shape: Shape,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Enum {
    pub repr: EnumRepr,
    pub variants: Vec<EnumVariant>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnumRepr {
    String,
    /// Integers, including `type: number` enums whose values are all whole.
    Integer,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EnumVariant {
    /// UpperCamelCase, unique within the enum.
    pub rust_name: String,
    /// The value on the wire (a string or an integer).
    pub value: Value,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Union {
    pub variants: Vec<UnionVariant>,
    pub discriminator: Option<Discriminator>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct UnionVariant {
    pub rust_name: String,
    pub shape: Shape,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Discriminator {
    pub property: String,
    /// The tag values that name each variant, in variant order: those its
    /// `mapping` gives it, in the spec's order, else the one its schema
    /// implies. The first is the one written for a variant whose type does
    /// not hold the property.
    pub values: Vec<Vec<String>>,
}
