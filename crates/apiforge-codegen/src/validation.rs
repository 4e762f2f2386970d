//! Constraint checks in generated code, shared by the client (before
//! sending) and the server (before the handler runs).

use apiforge_ir::{Api, Constraints, NumberFormat, Shape, Ty, TypeDef, TypeKind};
use proc_macro2::{Ident, TokenStream};
use quote::quote;

use crate::rust_type::typed_format;

/// Statements checking `value` (an expression that is a reference to a
/// value of the shape's Rust type) against the spec's rules, or None when there are none that
/// apply to its type. Each statement uses `?` on a `ValidationError`.
pub fn checks(api: &Api, wire_name: &str, value: &TokenStream, shape: &Shape) -> Option<TokenStream> {
    check(api, wire_name, value, shape).map(|check| quote!(#check?;))
}

/// [`checks`] as one `Result<(), ValidationError>` expression.
pub fn check(api: &Api, wire_name: &str, value: &TokenStream, shape: &Shape) -> Option<TokenStream> {
    check_args(api, wire_name, shape, value, &quote!(*#value), value)
}

/// [`check`] of a local variable that holds the value itself.
pub fn check_local(api: &Api, wire_name: &str, local: &Ident, shape: &Shape) -> Option<TokenStream> {
    check_args(api, wire_name, shape, &quote!(&#local), &quote!(#local), &quote!(#local))
}

/// The check of a value given as a `&T` (`reference`), a `T` (`place`),
/// and something with `.len()` (`list`). A string format's own type is
/// checked in its text.
fn check_args(
    api: &Api,
    wire_name: &str,
    shape: &Shape,
    reference: &TokenStream,
    place: &TokenStream,
    list: &TokenStream,
) -> Option<TokenStream> {
    if !shape.has_own_checks() {
        return None;
    }
    let (function, arg) = match &shape.ty {
        Ty::String(_) if typed_format(api, shape) => ("check_str", quote!(&rt::FormatText::format_text(#reference))),
        Ty::String(_) => ("check_str", reference.clone()),
        // Rules are checked as `f64`: an `f32` widens exactly, an integer
        // beyond 2^53 to the nearest `f64`.
        Ty::Number(NumberFormat::Double) => ("check_number", place.clone()),
        Ty::Number(NumberFormat::Float) => ("check_number", quote!(f64::from(#place))),
        Ty::Integer(_) => ("check_number", quote!(#place as f64)),
        Ty::Array(_) => ("check_items", quote!(#list.len())),
        _ => return None,
    };
    let function = crate::names::ident(function);
    let format = match shape.ty {
        Ty::String(format) if format.checked_as_text() => format.name(),
        _ => None,
    };
    let rules = rules(&shape.constraints, format);
    Some(quote!(rt::validate::#function(#wire_name, #arg, &#rules)))
}

/// Statements checking `value` (a reference) of `shape`, named `wire_name`
/// in errors: its own rules, then the rules of the types it holds.
pub fn value_checks(api: &Api, wire_name: &str, value: &TokenStream, shape: &Shape) -> Option<TokenStream> {
    let own = checks(api, wire_name, value, shape);
    let inside = inside_check(api, wire_name, value, shape).map(|check| quote!(#check?;));
    (own.is_some() || inside.is_some()).then(|| quote!(#own #inside))
}

/// [`value_checks`] as one `Result<(), ValidationError>` expression.
pub fn value_check(api: &Api, wire_name: &str, value: &TokenStream, shape: &Shape) -> Option<TokenStream> {
    match (check(api, wire_name, value, shape), inside_check(api, wire_name, value, shape)) {
        (Some(own), Some(inside)) => Some(quote!(#own.and_then(|()| #inside))),
        (own, inside) => own.or(inside),
    }
}

fn inside_check(api: &Api, wire_name: &str, value: &TokenStream, shape: &Shape) -> Option<TokenStream> {
    api.holds_checked_types(shape)
        .then(|| quote!(rt::validate::Validate::validate(#value).map_err(|e| e.within(#wire_name))))
}

/// The rule a request body breaks without a `required` `writeOnly`
/// property.
const PRESENT: &str = "required (writeOnly: requests carry it)";

/// `impl Validate` for a struct or union with rules inside; None for other
/// types (an alias is checked through what it names). Prelude names are
/// spelled out: a schema may be named `Ok` or `Some`.
pub fn validate_impl(api: &Api, def: &TypeDef) -> Option<TokenStream> {
    if !def.checked {
        return None;
    }
    let body = match &def.kind {
        TypeKind::Struct(s) => {
            let fields = s.fields.iter().filter_map(|f| {
                let name = crate::names::ident(&f.rust_name);
                let checks = value_checks(api, &f.wire_name, &quote!(value), &f.shape);
                let wire = &f.wire_name;
                let missing = f.required_in_requests.then(|| {
                    quote! {
                        return ::std::result::Result::Err(
                            rt::validate::ValidationError::new(#wire, #PRESENT)
                        );
                    }
                });
                match (checks, missing) {
                    (Some(checks), _) if f.required && !f.shape.nullable => {
                        Some(quote!({ let value = &self.#name; #checks }))
                    }
                    (Some(checks), Some(missing)) => Some(quote! {{
                        let ::std::option::Option::Some(value) = &self.#name else { #missing };
                        #checks
                    }}),
                    (Some(checks), None) => {
                        Some(quote!(if let ::std::option::Option::Some(value) = &self.#name { #checks }))
                    }
                    (None, Some(missing)) => Some(quote!(if self.#name.is_none() { #missing })),
                    (None, None) => None,
                }
            });
            let additional = s
                .additional
                .as_deref()
                .filter(|shape| api.holds_checked_types(shape))
                .map(|_| quote!(rt::validate::Validate::validate(&self.additional_properties)?;));
            quote!(#( #fields )* #additional ::std::result::Result::Ok(()))
        }
        TypeKind::Union(u) => {
            let arms: Vec<_> = u
                .variants
                .iter()
                .filter_map(|v| {
                    let variant = crate::names::ident(&v.rust_name);
                    let check = variant_check(api, &v.shape)?;
                    Some(quote!(Self::#variant(value) => #check,))
                })
                .collect();
            let rest = (arms.len() < u.variants.len()).then(|| quote!(_ => ::std::result::Result::Ok(()),));
            quote!(match self { #( #arms )* #rest })
        }
        TypeKind::Alias(_) | TypeKind::Enum(_) | TypeKind::External(_) => return None,
    };
    let name = crate::names::ident(&def.name);
    Some(quote! {
        impl rt::validate::Validate for #name {
            fn validate(&self) -> ::std::result::Result<(), rt::validate::ValidationError> {
                #body
            }
        }
    })
}

/// The check of a union variant's value (`value`, a reference): its own
/// rules, unnamed (errors take the name of the field holding the union),
/// and those of the types it holds; None without any.
pub fn variant_check(api: &Api, shape: &Shape) -> Option<TokenStream> {
    if shape.has_own_checks() {
        value_check(api, "", &quote!(value), shape)
    } else {
        api.holds_checked_types(shape).then(|| quote!(rt::validate::Validate::validate(value)))
    }
}

/// The rules as a chain of the runtime's builders, in a `const` block so
/// that they are built once, when compiling:
/// `const { Rules::NONE.min_length(1).patterns(&["^a"]).format("email") }`.
fn rules(c: &Constraints, format: Option<&str>) -> TokenStream {
    let mut calls = Vec::new();
    if !c.patterns.is_empty() {
        let patterns = &c.patterns;
        calls.push(quote!(.patterns(&[#(#patterns),*])));
    }
    let counts = [
        ("min_length", c.min_length),
        ("max_length", c.max_length),
        ("min_items", c.min_items),
        ("max_items", c.max_items),
    ];
    for (name, n) in counts {
        if let Some(n) = n {
            let name = crate::names::ident(name);
            let n = crate::literal::unsigned(n);
            calls.push(quote!(.#name(#n)));
        }
    }
    for (name, bound) in [("minimum", c.minimum), ("maximum", c.maximum)] {
        if let Some(apiforge_ir::Bound { value, exclusive }) = bound {
            let name = crate::names::ident(name);
            let value = crate::literal::float(value);
            calls.push(quote!(.#name(#value, #exclusive)));
        }
    }
    if let Some(format) = format {
        calls.push(quote!(.format(#format)));
    }
    quote!(const { rt::validate::Rules::NONE #( #calls )* })
}
