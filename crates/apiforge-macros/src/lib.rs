//! `generate_api!`: the code apiforge generates for a spec, expanded in place.
//! Use it as `apiforge::generate_api!`.
//!
//! This crate depends on `apiforge-ir` and `apiforge-codegen` rather than on
//! `apiforge`, so that `apiforge` can re-export the macro: the macro is one
//! more front end over the same two library calls that `apiforge::Generator`
//! makes (lower the spec, emit the items), not a second generator.

mod args;

use std::path::{Path, PathBuf};

use proc_macro2::TokenStream;
use quote::quote;

use args::Args;

/// Expands to the types, client and server generated from an OpenAPI spec,
/// the same items a build script gets from `apiforge::Generator`.
///
/// ```rust
/// mod notes {
///     apiforge::generate_api!("specs/notes.yaml");
/// }
/// mod notes_client {
///     apiforge::generate_api!("specs/notes.yaml", server = false);
/// }
/// ```
///
/// The path is relative to the calling crate's directory (where its
/// `Cargo.toml` is). `client = false` or `server = false` leaves that part
/// out; `tags = ["repos"]` and `operations = ["users/get-*"]` generate only
/// the operations chosen (by tag, or by a glob over operationIds and
/// `METHOD /path` templates) and the types they use; the other options
/// (`webhooks`, `skip_unsupported`, `replace`, `derive`, `pagination`,
/// `formats`) are `apiforge::Generator`'s. The calling crate depends on
/// `apiforge-runtime` with the `client` and/or `server` features. A problem in the spec is a compile error at the
/// path, one per problem, with the file and location `apiforge check` gives.
/// Cargo rebuilds the calling crate when the spec changes.
#[proc_macro]
pub fn generate_api(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    match syn::parse2::<Args>(input.into()) {
        Ok(args) => expand(&args),
        Err(error) => error.to_compile_error(),
    }
    .into()
}

fn expand(args: &Args) -> TokenStream {
    let spec = manifest_dir().join(args.spec.value());
    let (lowered, files) = match apiforge_ir::build_files(&spec, &args.options.lower) {
        Ok(built) => built,
        Err(problems) => {
            let error = |problem| syn::Error::new(args.spec.span(), format!("apiforge: {problem}"));
            return problems.iter().map(|problem| error(problem).to_compile_error()).collect();
        }
    };
    let items = apiforge_codegen::generate(&lowered.api, &args.options.parts);
    // A proc macro cannot print `cargo:rerun-if-changed`; including the spec
    // and the files it refers to puts them in the crate's dependency info,
    // so editing one rebuilds.
    let files = files.iter().map(|file| file.to_string_lossy().into_owned());
    quote! {
        #( const _: &[u8] = include_bytes!(#files); )*
        #items
    }
}

/// The directory of the crate being compiled (the caller's, not this one's).
fn manifest_dir() -> PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR").map_or_else(|| Path::new(".").to_path_buf(), PathBuf::from)
}
