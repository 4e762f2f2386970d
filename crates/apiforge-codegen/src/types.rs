//! The `types` module: one serde type per IR type definition, round-tripping
//! the wire format exactly.

use std::collections::hash_map::{Entry, HashMap};

use apiforge_ir::{Api, Enum, EnumRepr, Field, Shape, Struct, Ty, TypeDef, TypeKind, Union};
use proc_macro2::TokenStream;
use quote::quote;

use crate::names::{doc, ident};
use crate::plan::{item, Plan, Shell};
use crate::rename_rule::Rule;
use crate::rust_type::{optional_type, rust_type, Scope};
use crate::size::{large_variant_allow, shape_bound};
use crate::Derive;

/// Generated types derive through the runtime's re-export, imported once
/// per module as `serde` (no schema can take that lower-case name).
const SERDE_CRATE: &str = "serde";

pub fn emit<'a>(api: &'a Api, derives: &'a [Derive]) -> Plan<'a> {
    let serde_import = api.types.iter().any(derives_through_serde).then(|| {
        item("the serde import", || {
            quote!(
                use rt::serde;
            )
        })
    });
    // A type of the user's own is used, not generated.
    let generated = api.types.iter().filter(|def| !matches!(def.kind, TypeKind::External(_)));
    let scope = Scope::types(api);
    let defs = generated
        .map(move |def| item(format!("schema type `{}`", def.name), move || type_def(api, def, derives, scope)));
    let firsts = first_headers_of_each_shape(api, scope);
    let headers = api
        .operations
        .iter()
        .flat_map(|op| op.responses.iter().map(move |r| (op, r)))
        .filter(|(_, r)| r.headers_type.is_some())
        .map(move |(op, r)| {
            let first = r.headers_type.as_ref().and_then(|name| firsts.get(name.as_str())).copied();
            item(format!("the headers of operation `{}`, {}", op.id, r.variant_name), move || {
                headers_struct(api, r, first, scope)
            })
        });
    Plan {
        shell: Shell::new("types", "Types of the request and response bodies, from the spec's schemas.", None),
        items: serde_import.into_iter().chain(defs).chain(headers).collect(),
    }
}

/// Whether a type is written and read by the runtime's derives: a struct
/// without `additionalProperties`, or a string enum.
fn derives_through_runtime(def: &TypeDef) -> bool {
    match &def.kind {
        TypeKind::Struct(s) => s.additional.is_none(),
        TypeKind::Enum(_) => true,
        TypeKind::Union(_) | TypeKind::Alias(_) | TypeKind::External(_) => false,
    }
}

/// Whether a type's serde impls are serde's derives, or name `serde` (all
/// but those the runtime's derives write and read).
fn derives_through_serde(def: &TypeDef) -> bool {
    !derives_through_runtime(def) && !matches!(def.kind, TypeKind::Alias(_) | TypeKind::External(_))
}

/// The doc paragraph of a union whose variants may read the same value.
const TRIAL_NOTE: &str = "Variants may accept the same JSON: a value is read as the first variant whose rules it \
                          keeps and that writes it back unchanged, else as the one it fits best.";

fn type_def(api: &Api, def: &TypeDef, derives: &[Derive], scope: Scope) -> TokenStream {
    let trial = matches!(&def.kind, TypeKind::Union(u) if reads_by_trial(api, u));
    let docs = doc([def.description.as_deref(), trial.then_some(TRIAL_NOTE)]);
    let derives = more_derives(def, derives);
    let body = match &def.kind {
        TypeKind::Struct(s) => struct_def(api, def, s, scope),
        TypeKind::Enum(e) => enum_def(def, e),
        TypeKind::Union(u) => union_def(api, def, u, trial, scope),
        TypeKind::Alias(shape) => {
            let name = ident(&def.name);
            let ty = optional_type(api, shape, false, scope);
            quote! { pub type #name = #ty; }
        }
        TypeKind::External(_) => return TokenStream::new(),
    };
    let validate = crate::validation::validate_impl(api, def);
    quote! { #docs #derives #body #validate }
}

/// What every type derives already, by kind: a derive asked for again is
/// left out (two `Hash` impls would conflict).
fn derived_already(kind: &TypeKind) -> &'static [&'static str] {
    match kind {
        TypeKind::Enum(_) => &["Debug", "Clone", "Copy", "PartialEq", "Eq", "Hash", "PartialOrd", "Ord"],
        TypeKind::Struct(_) | TypeKind::Union(_) => &["Debug", "Clone", "PartialEq"],
        TypeKind::Alias(_) | TypeKind::External(_) => &[],
    }
}

/// The `#[derive(...)]` of the derives asked for that `def` lacks; nothing
/// for an alias, which derives nothing.
fn more_derives(def: &TypeDef, derives: &[Derive]) -> Option<TokenStream> {
    if matches!(def.kind, TypeKind::Alias(_) | TypeKind::External(_)) {
        return None;
    }
    let already = derived_already(&def.kind);
    let paths: Vec<TokenStream> =
        derives.iter().filter(|derive| !already.contains(&derive.name())).map(Derive::tokens).collect();
    (!paths.is_empty()).then(|| quote!(#[derive( #( #paths ),* )]))
}

fn struct_def(api: &Api, def: &TypeDef, s: &Struct, scope: Scope) -> TokenStream {
    let name = ident(&def.name);
    // The runtime's derives write and read named fields; serde's handle
    // what the other properties flatten into.
    let by_serde = !derives_through_runtime(def);
    let fields = s.fields.iter().map(|f| field(api, f, by_serde, scope));
    let deny = s.deny_unknown.then(|| quote!(#[serde(deny_unknown_fields)]));
    let additional = s.additional.as_ref().map(|shape| {
        let ty = optional_type(api, shape, false, scope);
        let string = scope.string();
        quote! {
            /// Properties not named in the schema.
            #[serde(flatten)]
            pub additional_properties: ::std::collections::BTreeMap<#string, #ty>,
        }
    });
    let derives = if by_serde {
        quote! {
            #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
            #[serde(crate = #SERDE_CRATE)]
        }
    } else {
        quote!(#[derive(Debug, Clone, PartialEq, rt::Serialize, rt::Deserialize)])
    };
    quote! {
        #derives
        #deny
        pub struct #name {
            #( #fields )*
            #additional
        }
    }
}

/// `by_serde`: serde's derive reads the field, and needs telling that it
/// may be absent.
fn field(api: &Api, f: &Field, by_serde: bool, scope: Scope) -> TokenStream {
    let name = ident(&f.rust_name);
    let docs = doc([f.shape.description.as_deref()]);
    let rename = wire_rename(&f.rust_name, &f.wire_name);
    let ty = rust_type(api, &f.shape, scope);
    // A required nullable field writes `None` as null. An optional field
    // reads absent and null alike, and writes `None` absent: always valid,
    // where null may not be (an enum listing null under `type: string`), and
    // a PATCH body does not clear what the caller left unset. The runtime's
    // derives leave an `Option` out when `None` unless it is `#[required]`;
    // serde's needs telling.
    let (ty, attr) = match (f.required, f.shape.nullable) {
        (true, false) => (ty, None),
        (true, true) => {
            // A server reads it strictly only where requests carry it.
            let read_only = f.read_only.then(|| quote!(#[read_only]));
            (scope.option(ty), (!by_serde).then(|| quote!(#[required] #read_only)))
        }
        (false, _) => (
            scope.option(ty),
            by_serde.then(|| quote!(#[serde(default, skip_serializing_if = "::std::option::Option::is_none")])),
        ),
    };
    // The runtime reads a server's request refusing null for an optional
    // field whose schema does not allow it; the mark says where it does.
    let nullable = (!f.required && !by_serde && reads_null(api, &f.shape)).then(|| quote!(#[nullable]));
    quote! {
        #docs
        #rename
        #nullable
        #attr
        pub #name: #ty,
    }
}

fn wire_rename(rust_name: &str, wire_name: &str) -> Option<TokenStream> {
    (apiforge_ir::naming::unraw(rust_name) != wire_name).then(|| quote!(#[serde(rename = #wire_name)]))
}

fn enum_def(def: &TypeDef, e: &Enum) -> TokenStream {
    let name = ident(&def.name);
    let variants: Vec<_> = e.variants.iter().map(|v| ident(&v.rust_name)).collect();
    match e.repr {
        EnumRepr::String => {
            let spelled: Vec<_> = e
                .variants
                .iter()
                .map(|v| (apiforge_ir::naming::unraw(&v.rust_name), v.value.as_str().unwrap_or_default()))
                .collect();
            let rule = Rule::best(spelled.iter().copied());
            let rename_all = rule.map(|Rule { name, .. }| quote!(#[serde(rename_all = #name)]));
            let renames = spelled
                .iter()
                .map(|(name, value)| (!Rule::spells(rule, name, value)).then(|| quote!(#[serde(rename = #value)])));
            quote! {
                #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, rt::StrEnum)]
                #rename_all
                pub enum #name {
                    #( #renames #variants, )*
                }
            }
        }
        EnumRepr::Integer => {
            let values = e.variants.iter().map(|v| crate::literal::int(v.value.as_i64().unwrap_or_default()));
            quote! {
                #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, rt::IntEnum)]
                pub enum #name {
                    #( #variants, )*
                }
                impl #name {
                    /// The value as it travels on the wire.
                    pub fn value(&self) -> i64 {
                        match self { #( Self::#variants => #values, )* }
                    }
                }
            }
        }
    }
}

/// The format a string variant is told apart by when a union reads by
/// trial (the runtime checks those with a grammar); none for other shapes,
/// for a format with a type of its own (reading it is the check), and for
/// one its rules check already (`time`).
fn told_apart_format(api: &Api, shape: &Shape) -> Option<&'static str> {
    use apiforge_ir::StringFormat as F;
    match shape.ty {
        Ty::String(format @ (F::DateTime | F::Date | F::Uuid | F::Ipv4 | F::Ipv6))
            if !shape.nullable && !crate::rust_type::typed_format(api, shape) =>
        {
            format.name()
        }
        _ => None,
    }
}

/// `trial`: the union reads by trial ([`reads_by_trial`]).
fn union_def(api: &Api, def: &TypeDef, u: &Union, trial: bool, scope: Scope) -> TokenStream {
    let name = ident(&def.name);
    let variants: Vec<_> = u
        .variants
        .iter()
        .map(|v| {
            let variant = ident(&v.rust_name);
            (variant, optional_type(api, &v.shape, false, scope))
        })
        .collect();
    let decl = variants.iter().map(|(v, ty)| quote!(#v(#ty),));
    let allow = large_variant_allow(u.variants.iter().map(|v| shape_bound(api, &v.shape)));
    let Some(discriminator) = &u.discriminator else {
        if !trial {
            // Each JSON value fits one variant at most: serde's first match is the match.
            return quote! {
                #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
                #[serde(crate = #SERDE_CRATE, untagged)]
                #allow
                pub enum #name { #( #decl )* }
            };
        }
        let attempts = u.variants.iter().zip(&variants).map(|(v, (variant, _))| {
            // A variant holding checked types alone is checked by its `Validate`.
            let rules = crate::validation::variant_check(api, &v.shape);
            let check = match (told_apart_format(api, &v.shape), rules) {
                (Some(format), Some(rules)) => Some(quote!(|value| {
                    rt::validate::check_format("", value, #format)?;
                    #rules
                })),
                (Some(format), None) => Some(quote!(|value| rt::validate::check_format("", value, #format))),
                (None, Some(rules)) if v.shape.has_own_checks() => Some(quote!(|value| #rules)),
                (None, Some(_)) => Some(quote!(rt::validate::Validate::validate)),
                (None, None) => None,
            };
            match check {
                Some(check) => quote!(|v| rt::checked_variant(v, Self::#variant, #check),),
                None => quote!(|v| rt::untagged_variant(v, Self::#variant),),
            }
        });
        let type_name = &def.name;
        return quote! {
            #[derive(Debug, Clone, PartialEq, serde::Serialize)]
            #[serde(crate = #SERDE_CRATE, untagged)]
            #allow
            pub enum #name { #( #decl )* }
            impl<'de> serde::Deserialize<'de> for #name {
                fn deserialize<D>(deserializer: D) -> ::std::result::Result<Self, D::Error>
                where
                    D: serde::Deserializer<'de>,
                {
                    let value = <rt::serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
                    rt::read_untagged(&value, #type_name, &[ #( #attempts )* ])
                        .map_err(<D::Error as serde::de::Error>::custom)
                }
            }
        };
    };
    // The tag stays a field of each variant's own type, so reading picks the
    // variant by the tag and then reads the whole object into it.
    let property = &discriminator.property;
    let tags = &discriminator.values;
    // A tag listed twice (the same schema twice in `oneOf`) reads as its first variant.
    let mut seen = std::collections::HashSet::new();
    let arms = variants.iter().zip(tags).filter_map(|((variant, _), tags)| {
        let tags: Vec<&String> = tags.iter().filter(|tag| seen.insert(tag.as_str())).collect();
        (!tags.is_empty()).then(|| {
            quote! {
                ::std::option::Option::Some( #( #tags )|* ) => rt::serde_json::from_value(value)
                    .map(Self::#variant)
                    .map_err(<D::Error as serde::de::Error>::custom),
            }
        })
    });
    let type_name = &def.name;
    // A variant whose type does not hold the tag's property is written with it.
    let untagged: Vec<bool> = u.variants.iter().map(|v| !holds_property(api, &v.shape, property, 0)).collect();
    let (serialize_derive, serialize_impl) = if untagged.contains(&true) {
        let arms = variants.iter().zip(tags).zip(&untagged).map(|(((variant, _), tags), untagged)| {
            // The first of its tags, for a variant whose type writes none.
            match tags.first().filter(|_| *untagged) {
                Some(tag) => quote!(Self::#variant(value) => rt::serialize_tagged(value, #property, #tag, serializer),),
                None => quote!(Self::#variant(value) => serde::Serialize::serialize(value, serializer),),
            }
        });
        let serialize = quote! {
            impl serde::Serialize for #name {
                fn serialize<S>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error>
                where
                    S: serde::Serializer,
                {
                    match self {
                        #( #arms )*
                    }
                }
            }
        };
        (quote!(#[derive(Debug, Clone, PartialEq)]), serialize)
    } else {
        let derive = quote! {
            #[derive(Debug, Clone, PartialEq, serde::Serialize)]
            #[serde(crate = #SERDE_CRATE, untagged)]
        };
        (derive, TokenStream::new())
    };
    quote! {
        #serialize_derive
        #allow
        pub enum #name { #( #decl )* }
        #serialize_impl
        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D>(deserializer: D) -> ::std::result::Result<Self, D::Error>
            where
                D: serde::Deserializer<'de>,
            {
                let value = <rt::serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
                let tag = value.get(#property).and_then(rt::serde_json::Value::as_str).map(::std::string::ToString::to_string);
                match tag.as_deref() {
                    #( #arms )*
                    other => ::std::result::Result::Err(<D::Error as serde::de::Error>::custom(
                        rt::unknown_tag(#type_name, #property, other),
                    )),
                }
            }
        }
    }
}

/// Whether values of a tagged union's variant keep its tag's property when
/// read and written: a struct with that field or a map of other properties,
/// or anything but a struct (left as it is written).
fn holds_property(api: &Api, shape: &apiforge_ir::Shape, property: &str, depth: usize) -> bool {
    match &shape.ty {
        Ty::Named(id) if depth <= 8 => match &api.type_def(*id).kind {
            TypeKind::Struct(s) => s.additional.is_some() || s.fields.iter().any(|f| f.wire_name == property),
            TypeKind::Alias(inner) => holds_property(api, inner, property, depth + 1),
            // What the user's type writes is its own.
            TypeKind::Union(_) | TypeKind::Enum(_) | TypeKind::External(_) => true,
        },
        _ => true,
    }
}

/// Whether a union without a discriminator has two variants that read
/// JSON of the same kind (two objects, an integer and a number): then the
/// first that reads a value may not be the one it was written as.
fn reads_by_trial(api: &Api, u: &Union) -> bool {
    if u.discriminator.is_some() {
        return false;
    }
    let mut seen = 0;
    u.variants.iter().any(|v| {
        let kinds = json_kinds(api, &v.shape, 0);
        let overlaps = seen & kinds != 0;
        seen |= kinds;
        overlaps
    })
}

/// [`json_kinds`]' bit for null.
const NULL: u8 = 1;

/// Whether a value of `shape` may be null.
fn reads_null(api: &Api, shape: &apiforge_ir::Shape) -> bool {
    json_kinds(api, shape, 0) & NULL != 0
}

/// The kinds of JSON value a shape reads, as bits: null, boolean, number,
/// string, array, object.
fn json_kinds(api: &Api, shape: &apiforge_ir::Shape, depth: usize) -> u8 {
    const BOOLEAN: u8 = 2;
    const NUMBER: u8 = 4;
    const STRING: u8 = 8;
    const ARRAY: u8 = 16;
    const OBJECT: u8 = 32;
    const ANY: u8 = 63;
    let null = if shape.nullable { NULL } else { 0 };
    let kinds = match &shape.ty {
        Ty::String(_) => STRING,
        Ty::Integer(_) | Ty::Number(_) => NUMBER,
        Ty::Boolean => BOOLEAN,
        Ty::Array(_) => ARRAY,
        Ty::Map(_) => OBJECT,
        Ty::Any => ANY,
        // A union that holds itself: assume the worst.
        Ty::Named(_) if depth > 8 => ANY,
        Ty::Named(id) => match &api.type_def(*id).kind {
            TypeKind::Struct(_) => OBJECT,
            TypeKind::Enum(e) if e.repr == EnumRepr::String => STRING,
            TypeKind::Enum(_) => NUMBER,
            TypeKind::Union(u) => u.variants.iter().fold(0, |kinds, v| kinds | json_kinds(api, &v.shape, depth + 1)),
            TypeKind::Alias(shape) => json_kinds(api, shape, depth + 1),
            TypeKind::External(_) => ANY,
        },
    };
    kinds | null
}

/// For each headers type whose fields another response's headers type has
/// first (the `Link` header of every paginated operation), that first
/// type's name: the later ones are aliases of it, so that the same struct
/// is not derived and checked again.
fn first_headers_of_each_shape(api: &Api, scope: Scope) -> HashMap<&str, &str> {
    let mut firsts: HashMap<String, &str> = HashMap::new();
    let mut aliases = HashMap::new();
    for response in api.operations.iter().flat_map(|op| &op.responses) {
        let Some(name) = response.headers_type.as_deref() else { continue };
        let fields = response.headers.iter().map(|h| {
            let field = ident(&h.rust_name);
            let ty = header_type(api, h, scope);
            quote!(#field: #ty,)
        });
        let shape = quote!(#( #fields )*).to_string();
        match firsts.entry(shape) {
            Entry::Occupied(first) => {
                aliases.insert(name, *first.get());
            }
            Entry::Vacant(entry) => {
                entry.insert(name);
            }
        }
    }
    aliases
}

/// The declared headers of a response, or an alias of the `first` headers
/// type of the same fields. Headers whose schema is not a single value
/// (arrays, objects) are kept as their text.
fn headers_struct(
    api: &Api,
    response: &apiforge_ir::Response,
    first: Option<&str>,
    scope: Scope,
) -> Option<TokenStream> {
    let name = ident(response.headers_type.as_ref()?);
    let docs = doc([Some(format!("Headers of the {} response.", response.variant_name).as_str())]);
    if let Some(first) = first {
        let first = ident(first);
        return Some(quote! { #docs pub type #name = #first; });
    }
    let fields = response.headers.iter().map(|h| {
        let field = ident(&h.rust_name);
        let docs = doc([h.description.as_deref(), Some(&format!("The `{}` header.", h.wire_name))]);
        let ty = header_type(api, h, scope);
        quote!(#docs pub #field: #ty,)
    });
    Some(quote! {
        #docs
        #[derive(Debug, Clone, PartialEq)]
        pub struct #name { #( #fields )* }
    })
}

fn header_type(api: &Api, header: &apiforge_ir::ResponseHeader, scope: Scope) -> TokenStream {
    let ty = if crate::params::is_scalar(api, &header.shape) {
        rust_type(api, &header.shape, scope)
    } else {
        scope.string()
    };
    if header.required {
        ty
    } else {
        scope.option(ty)
    }
}
