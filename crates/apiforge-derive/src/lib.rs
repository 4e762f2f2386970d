//! `#[derive(apiforge_runtime::Serialize, apiforge_runtime::Deserialize)]`:
//! serde's traits for a struct with named fields, written and read through
//! `apiforge_runtime::object`.
//!
//! The struct lists its wire names, and hands each field over or stores
//! each field it is handed; the runtime looks up keys, skips unknown ones,
//! reports missing and repeated fields and carries errors, once for every
//! struct. serde's derives write all of that out again for each struct,
//! which makes them most of the time `cargo check` spends on a big API's
//! generated crate.
//!
//! They read the serde attributes generated structs use: `rename` on a
//! field, `deny_unknown_fields` on the struct. A field whose type is an
//! `Option` is optional: it reads absent as `None`, as serde's derive does,
//! and null too, and is left out when `None`; any other field is required.
//! A field marked `#[required]` is an `Option` the schema requires and
//! allows null for: it is written as null when `None`. Under
//! `apiforge_runtime::object::strictly`, an optional field refuses null
//! unless it is marked `#[nullable]`, and a `#[required]` one must be there
//! unless it is marked `#[read_only]` too (only answers carry it).
//!
//! `#[derive(apiforge_runtime::StrEnum)]` writes and reads an enum of
//! string values, spelled as serde's derive would spell them (see
//! [`macro@StrEnum`]),
//! `#[derive(apiforge_runtime::IntEnum)]` one of integer values through its
//! `value()` (see [`macro@IntEnum`]), and
//! `#[derive(apiforge_runtime::client::ErrorStatus)]` gives a generated
//! client's error enum the status of each variant and reads the errors a
//! status alone decides (see [`macro@ErrorStatus`]), and
//! `#[derive(apiforge_runtime::server::IntoResponse)]` sends a generated
//! server's response enum (see [`macro@IntoResponse`]).

mod int_enum;
mod into_response;
mod read;
mod status;
mod str_enum;
mod write;

use proc_macro2::{Ident, Span, TokenStream, TokenTree};
use syn::{Data, DeriveInput, Fields, LitStr};

#[proc_macro_derive(Deserialize, attributes(serde, nullable, required, read_only))]
pub fn derive_deserialize(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    let input = syn::parse_macro_input!(input as DeriveInput);
    Object::parse(&input).map_or_else(syn::Error::into_compile_error, |object| read::impls(&object)).into()
}

#[proc_macro_derive(Serialize, attributes(serde, required, read_only))]
pub fn derive_serialize(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    let input = syn::parse_macro_input!(input as DeriveInput);
    Object::parse(&input).map_or_else(syn::Error::into_compile_error, |object| write::impls(&object)).into()
}

/// The status of each variant of a client's error enum: `#[status(404)]` on
/// a variant for one status; a variant without the mark (a range or
/// `default`) has a `status: u16` field holding the status it was answered
/// with. A marked variant of one body or none is read by
/// `ErrorStatus::read`: JSON, or as the mark says (`#[status(404, text)]`).
#[proc_macro_derive(ErrorStatus, attributes(status))]
pub fn derive_error_status(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    let input = syn::parse_macro_input!(input as DeriveInput);
    status::impls(&input).unwrap_or_else(syn::Error::into_compile_error).into()
}

/// axum's `IntoResponse` for a generated server's response enum, each
/// variant answering with the status it is marked with (see the module).
#[proc_macro_derive(IntoResponse, attributes(status, unimplemented))]
pub fn derive_into_response(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    let input = syn::parse_macro_input!(input as DeriveInput);
    into_response::impls(&input).unwrap_or_else(syn::Error::into_compile_error).into()
}

/// `as_str`, `Display`, `FromStr` and serde's `Serialize` and `Deserialize`
/// for an enum of unit variants, each spelled by its
/// `#[serde(rename = "...")]` or the enum's `#[serde(rename_all = "...")]`
/// as serde's derive spells it.
#[proc_macro_derive(StrEnum, attributes(serde))]
pub fn derive_str_enum(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    let input = syn::parse_macro_input!(input as DeriveInput);
    str_enum::impls(&input).unwrap_or_else(syn::Error::into_compile_error).into()
}

/// `From<Enum> for i64`, `TryFrom<i64>`, `Display`, `FromStr` and serde's
/// `Serialize` and `Deserialize` for an enum of unit variants, as the
/// integer its `fn value(&self) -> i64` gives each.
#[proc_macro_derive(IntEnum)]
pub fn derive_int_enum(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    let input = syn::parse_macro_input!(input as DeriveInput);
    int_enum::impls(&input).unwrap_or_else(syn::Error::into_compile_error).into()
}

/// The variants of an enum of unit variants, for the `derive` named (an
/// error at the item or the variant otherwise).
fn unit_variants<'a>(input: &'a DeriveInput, derive: &str) -> syn::Result<Vec<&'a syn::Variant>> {
    let Data::Enum(data) = &input.data else {
        return Err(syn::Error::new_spanned(&input.ident, format!("{derive} derives enums only")));
    };
    if let Some(variant) = data.variants.iter().find(|v| !matches!(v.fields, Fields::Unit)) {
        return Err(syn::Error::new_spanned(variant, format!("{derive} derives enums of unit variants only")));
    }
    Ok(data.variants.iter().collect())
}

/// A struct as the runtime writes and reads it.
struct Object<'a> {
    name: &'a Ident,
    fields: Vec<Field<'a>>,
    deny_unknown: bool,
}

/// One field of an [`Object`].
struct Field<'a> {
    ident: Ident,
    ty: &'a syn::Type,
    wire_name: String,
    /// An `Option`: reads absent as `None`.
    optional: bool,
    /// `#[nullable]`: an optional field whose schema allows null, which
    /// reads as `None` even where the runtime refuses null (see
    /// `apiforge_runtime::object::strictly`).
    nullable: bool,
    /// `#[required]`: an `Option` written as null when `None`, and read
    /// strictly only when there.
    required: bool,
    /// `#[read_only]`, beside `#[required]`: only answers carry it, so it
    /// may be left out even when read strictly.
    read_only: bool,
}

impl Field<'_> {
    /// Whether the field is left out when `None`.
    fn left_out_when_none(&self) -> bool {
        self.optional && !self.required
    }
}

impl<'a> Object<'a> {
    fn parse(input: &'a DeriveInput) -> syn::Result<Object<'a>> {
        if !input.generics.params.is_empty() {
            return Err(syn::Error::new_spanned(
                &input.generics,
                "apiforge_runtime's Serialize and Deserialize derive structs without generics only",
            ));
        }
        let Data::Struct(data) = &input.data else {
            return Err(syn::Error::new_spanned(
                &input.ident,
                "apiforge_runtime's Serialize and Deserialize derive structs only",
            ));
        };
        let Fields::Named(named) = &data.fields else {
            return Err(syn::Error::new_spanned(
                &input.ident,
                "apiforge_runtime's Serialize and Deserialize derive structs with named fields only",
            ));
        };
        let fields = named
            .named
            .iter()
            .map(|field| {
                let Some(ident) = field.ident.clone() else {
                    return Err(syn::Error::new_spanned(field, "a named field without a name"));
                };
                let serde = SerdeAttrs::read(&field.attrs)?;
                let wire_name = match serde.rename {
                    Some(name) => name.value(),
                    None => ident.to_string().trim_start_matches("r#").to_string(),
                };
                let marked = |name: &str| field.attrs.iter().any(|a| a.path().is_ident(name));
                Ok(Field {
                    ident,
                    ty: &field.ty,
                    wire_name,
                    optional: is_option(&field.ty),
                    nullable: marked("nullable"),
                    required: marked("required"),
                    read_only: marked("read_only"),
                })
            })
            .collect::<syn::Result<Vec<_>>>()?;
        let deny_unknown = SerdeAttrs::read(&input.attrs)?.deny_unknown_fields;
        Ok(Object { name: &input.ident, fields, deny_unknown })
    }
}

/// Whether `ty` is written `Option<..>` (by any path to it).
fn is_option(ty: &syn::Type) -> bool {
    match ty {
        syn::Type::Path(path) => path.qself.is_none() && path.path.segments.last().is_some_and(|s| s.ident == "Option"),
        _ => false,
    }
}

/// The serde attributes the derives read, from `#[serde(...)]` lists;
/// the others (`crate`, `default`, ...) are serde's business.
#[derive(Default)]
struct SerdeAttrs {
    rename: Option<LitStr>,
    rename_all: Option<LitStr>,
    deny_unknown_fields: bool,
}

impl SerdeAttrs {
    fn read(attrs: &[syn::Attribute]) -> syn::Result<SerdeAttrs> {
        let mut found = SerdeAttrs::default();
        for attr in attrs.iter().filter(|a| a.path().is_ident("serde")) {
            attr.parse_nested_meta(|meta| {
                let value = if meta.input.peek(syn::Token![=]) {
                    let mut value = meta.value()?.parse::<syn::Expr>()?;
                    // A value a `macro_rules!` passed in comes in an invisible group.
                    while let syn::Expr::Group(group) = value {
                        value = *group.expr;
                    }
                    match value {
                        syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(text), .. }) => Some(text),
                        _ => None,
                    }
                } else {
                    None
                };
                if meta.path.is_ident("rename") {
                    found.rename = value;
                } else if meta.path.is_ident("rename_all") {
                    found.rename_all = value;
                } else if meta.path.is_ident("deny_unknown_fields") {
                    found.deny_unknown_fields = true;
                }
                Ok(())
            })?;
        }
        Ok(found)
    }
}

/// `base`, or `base` with underscores appended until no field is named so.
fn free_ident(base: &str, taken: &[&Ident]) -> Ident {
    let mut name = base.to_string();
    while taken.iter().any(|ident| *ident == name.as_str()) {
        name.push('_');
    }
    Ident::new(&name, Span::call_site())
}

/// Every identifier in `tokens`, inside groups too, added to `found`.
fn idents_in(tokens: TokenStream, found: &mut Vec<Ident>) {
    for tree in tokens {
        match tree {
            TokenTree::Ident(ident) => found.push(ident),
            TokenTree::Group(group) => idents_in(group.stream(), found),
            TokenTree::Punct(_) | TokenTree::Literal(_) => {}
        }
    }
}
