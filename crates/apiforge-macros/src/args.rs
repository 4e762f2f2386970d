//! The macro's arguments: `"spec.yaml"`, then optionally `client = BOOL`,
//! `server = BOOL`.

use syn::parse::{Parse, ParseStream};
use syn::{Ident, LitBool, LitStr, Token};

const USAGE: &str =
    "expected `generate_api!(\"path/to/spec.yaml\")`, optionally followed by `, client = false` or `, server = false`";

pub struct Args {
    /// The spec's path as written, relative to the calling crate's directory.
    pub spec: LitStr,
    pub client: bool,
    pub server: bool,
}

impl Parse for Args {
    fn parse(input: ParseStream) -> syn::Result<Args> {
        let spec: LitStr = input.parse().map_err(|e| syn::Error::new(e.span(), USAGE))?;
        let mut args = Args { spec, client: true, server: true };
        while !input.is_empty() {
            input.parse::<Token![,]>()?;
            if input.is_empty() {
                break;
            }
            let key: Ident = input.parse().map_err(|e| syn::Error::new(e.span(), USAGE))?;
            input.parse::<Token![=]>()?;
            let value: LitBool = input.parse()?;
            match key.to_string().as_str() {
                "client" => args.client = value.value,
                "server" => args.server = value.value,
                other => return Err(syn::Error::new(key.span(), format!("unknown argument `{other}`; {USAGE}"))),
            }
        }
        Ok(args)
    }
}
