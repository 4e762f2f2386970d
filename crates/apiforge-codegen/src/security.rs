//! What client and server emitters share about security schemes.

use apiforge_ir::SecurityKind;
use proc_macro2::TokenStream;
use quote::quote;

/// The runtime type holding a scheme's credential: user and password for
/// basic authentication, a secret for every other kind.
pub fn credential_type(kind: &SecurityKind) -> TokenStream {
    match kind {
        SecurityKind::Basic => quote!(rt::BasicCredentials),
        _ => quote!(rt::Secret),
    }
}
