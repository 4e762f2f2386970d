//! Rust types for IR shapes. Beside `types` (`client`, `server`), where no
//! generated item takes such a name, prelude names and `std::` paths read
//! as usual; inside it too, unless a schema is named `Option`, `String` or
//! `Vec`: then every path is fully qualified so that the schema cannot
//! shadow what we mean.

use apiforge_ir::{Api, Formats, IntegerFormat, NumberFormat, Shape, StringFormat, Ty, TypeDef, TypeKind};
use proc_macro2::TokenStream;
use quote::quote;

use crate::names::ident;

/// Where a type is named from: inside the `types` module, or beside it.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// `prelude`: no schema type is named `Option`, `String` or `Vec`.
    Types {
        prelude: bool,
    },
    Sibling,
}

impl Scope {
    /// The scope inside `api`'s `types` module.
    pub fn types(api: &Api) -> Scope {
        let shadows = |def: &TypeDef| matches!(def.name.as_str(), "Option" | "String" | "Vec");
        Scope::Types { prelude: !api.types.iter().any(shadows) }
    }

    /// Whether `Option`, `String` and `Vec` are the prelude's here.
    fn prelude(self) -> bool {
        self != Scope::Types { prelude: false }
    }

    /// `String`, by the path that names it here.
    pub fn string(self) -> TokenStream {
        if self.prelude() {
            quote!(String)
        } else {
            quote!(::std::string::String)
        }
    }

    /// `Option<ty>`, by the path that names it here.
    pub fn option(self, ty: TokenStream) -> TokenStream {
        if self.prelude() {
            quote!(Option<#ty>)
        } else {
            quote!(::std::option::Option<#ty>)
        }
    }
}

pub fn rust_type(api: &Api, shape: &Shape, scope: Scope) -> TokenStream {
    let ty = unboxed_type(api, shape, scope);
    if shape.boxed {
        quote!(rt::Boxed<#ty>)
    } else {
        ty
    }
}

fn unboxed_type(api: &Api, shape: &Shape, scope: Scope) -> TokenStream {
    match &shape.ty {
        Ty::String(format) => format_type(api.formats, *format).unwrap_or_else(|| scope.string()),
        Ty::Integer(IntegerFormat::Int32) => quote!(i32),
        Ty::Integer(IntegerFormat::Int64) => quote!(i64),
        Ty::Integer(IntegerFormat::Uint32) => quote!(u32),
        Ty::Integer(IntegerFormat::Uint64) => quote!(u64),
        Ty::Number(NumberFormat::Float) => quote!(f32),
        Ty::Number(NumberFormat::Double) => quote!(f64),
        Ty::Boolean => quote!(bool),
        // An item or value the schema lets be null is an `Option`.
        Ty::Array(items) => {
            let items = optional_type(api, items, false, scope);
            if scope.prelude() {
                quote!(Vec<#items>)
            } else {
                quote!(::std::vec::Vec<#items>)
            }
        }
        Ty::Map(values) => {
            let values = optional_type(api, values, false, scope);
            let string = scope.string();
            quote!(::std::collections::BTreeMap<#string, #values>)
        }
        Ty::Any => quote!(rt::serde_json::Value),
        Ty::Named(id) => {
            let def = api.type_def(*id);
            if let TypeKind::External(path) = &def.kind {
                return path.parse().expect("lowering let through only identifiers joined by `::`");
            }
            let name = ident(&def.name);
            match scope {
                Scope::Types { .. } => quote!(#name),
                Scope::Sibling => quote!(super::types::#name),
            }
        }
    }
}

/// The Rust type of a string format that is not a `String` under
/// `formats`. The date and UUID crates are the runtime's, so that a
/// generated crate needs no dependency of its own for them.
fn format_type(formats: Formats, format: StringFormat) -> Option<TokenStream> {
    if formats == Formats::Strings {
        return None;
    }
    Some(match format {
        StringFormat::DateTime => quote!(rt::chrono::DateTime<rt::chrono::Utc>),
        StringFormat::Date => quote!(rt::chrono::NaiveDate),
        StringFormat::Uuid => quote!(rt::uuid::Uuid),
        StringFormat::Ipv4 => quote!(::std::net::Ipv4Addr),
        StringFormat::Ipv6 => quote!(::std::net::Ipv6Addr),
        StringFormat::Byte => quote!(rt::Base64),
        // `time` has an offset that chrono's `NaiveTime` cannot hold; `uri`
        // is often given to relative references.
        StringFormat::Plain | StringFormat::Time | StringFormat::Uri | StringFormat::Email | StringFormat::Binary => {
            return None
        }
    })
}

/// Whether values of `shape` are a string format's own type (whose text
/// is `apiforge_runtime::FormatText`'s).
pub fn typed_format(api: &Api, shape: &Shape) -> bool {
    matches!(shape.ty, Ty::String(format) if format_type(api.formats, format).is_some())
}

/// Whether the value's `Display` is not its text in a parameter or header:
/// a `chrono::DateTime` displays as `2024-05-01 08:00:00 UTC`, and is
/// written with `FormatText` instead.
pub fn displayed_otherwise(api: &Api, shape: &Shape) -> bool {
    typed_format(api, shape) && shape.ty == Ty::String(StringFormat::DateTime)
}

/// The type with `Option` around it when the value may be null or absent.
pub fn optional_type(api: &Api, shape: &Shape, optional: bool, scope: Scope) -> TokenStream {
    let ty = rust_type(api, shape, scope);
    if optional || shape.nullable {
        scope.option(ty)
    } else {
        ty
    }
}
