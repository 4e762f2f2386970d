//! Number literals where the type is known from context, so they are
//! written without a suffix (`200`, not `200u16`), as a person writes them.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// An integer; a negative one is a minus sign and a literal, which is how
/// the compiler and syn read it.
pub fn int(value: i64) -> TokenStream {
    let magnitude = Literal::u64_unsuffixed(value.unsigned_abs());
    if value < 0 {
        quote!(-#magnitude)
    } else {
        quote!(#magnitude)
    }
}

/// A count, a size or a status code.
pub fn unsigned(value: impl Into<u64>) -> Literal {
    Literal::u64_unsuffixed(value.into())
}

/// A floating-point number (always written with a fraction). YAML can
/// spell infinity and NaN (`.inf`, `.nan`), which have no literal.
pub fn float(value: f64) -> TokenStream {
    if value.is_nan() {
        return quote!(f64::NAN);
    }
    if value.is_infinite() {
        return if value > 0.0 { quote!(f64::INFINITY) } else { quote!(f64::NEG_INFINITY) };
    }
    let magnitude = Literal::f64_unsuffixed(value.abs());
    if value.is_sign_negative() {
        quote!(-#magnitude)
    } else {
        quote!(#magnitude)
    }
}

/// `#[allow(clippy::result_large_err)]` for a function returning a client
/// `Error` whose error enum carries data, or holding a closure that does
/// (`send`). The declared error bodies are held inline, so that a `match`
/// reads them directly; one is sometimes large enough to trip the lint, and
/// moving it costs nothing beside the call that fetched it.
pub fn large_error_allow(with_data: bool) -> Option<TokenStream> {
    with_data.then(|| quote!(#[allow(clippy::result_large_err)]))
}

#[cfg(test)]
mod tests {
    #[test]
    fn numbers_are_unsuffixed() {
        assert_eq!(super::int(200).to_string(), "200");
        assert_eq!(super::int(-1).to_string(), "- 1");
        assert_eq!(super::int(i64::MIN).to_string(), "- 9223372036854775808");
        assert_eq!(super::unsigned(404u16).to_string(), "404");
        assert_eq!(super::float(1.5).to_string(), "1.5");
        assert_eq!(super::float(-2.0).to_string(), "- 2.0");
        assert_eq!(super::float(f64::NEG_INFINITY).to_string(), "f64 :: NEG_INFINITY");
    }
}
