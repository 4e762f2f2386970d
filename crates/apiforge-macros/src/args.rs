//! The macro's arguments: `"spec.yaml"`, then optionally `client = BOOL`,
//! `server = BOOL`, `tags = ["TAG", ...]`, `operations = ["PATTERN", ...]`,
//! `webhooks = BOOL`, `replace = ["NAME = PATH", ...]`, `derive = ["PATH", ...]`
//! and `formats = "chrono" | "strings"`.

use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::{bracketed, Ident, LitBool, LitStr, Token};

const USAGE: &str = "expected `generate_api!(\"path/to/spec.yaml\")`, optionally followed by `, client = false`, \
                     `, server = false`, `, tags = [\"TAG\", ...]`, `, operations = [\"PATTERN\", ...]`, \
                     `, webhooks = true`, `, replace = [\"NAME = PATH\", ...]`, `, derive = [\"PATH\", ...]` or \
                     `, formats = \"strings\"`";

pub struct Args {
    /// The spec's path as written, relative to the calling crate's directory.
    pub spec: LitStr,
    pub client: bool,
    pub server: bool,
    pub tags: Vec<String>,
    pub operations: Vec<String>,
    pub webhooks: bool,
    /// `(schema name, Rust path)`, from `"Money = crate::Money"`.
    pub replacements: Vec<(String, String)>,
    pub derives: Vec<String>,
    pub formats: apiforge_ir::Formats,
}

impl Parse for Args {
    fn parse(input: ParseStream) -> syn::Result<Args> {
        let spec: LitStr = input.parse().map_err(|e| syn::Error::new(e.span(), USAGE))?;
        let mut args = Args {
            spec,
            client: true,
            server: true,
            tags: Vec::new(),
            operations: Vec::new(),
            webhooks: false,
            replacements: Vec::new(),
            derives: Vec::new(),
            formats: apiforge_ir::Formats::default(),
        };
        while !input.is_empty() {
            input.parse::<Token![,]>()?;
            if input.is_empty() {
                break;
            }
            let key: Ident = input.parse().map_err(|e| syn::Error::new(e.span(), USAGE))?;
            input.parse::<Token![=]>()?;
            match key.to_string().as_str() {
                "client" => args.client = input.parse::<LitBool>()?.value,
                "server" => args.server = input.parse::<LitBool>()?.value,
                "tags" => args.tags = strings(input)?,
                "operations" => args.operations = strings(input)?,
                "webhooks" => args.webhooks = input.parse::<LitBool>()?.value,
                "replace" => args.replacements = replacements(input)?,
                "derive" => args.derives = strings(input)?,
                "formats" => {
                    let choice: LitStr = input.parse()?;
                    args.formats = choice.value().parse().map_err(|e: String| syn::Error::new(choice.span(), e))?;
                }
                other => return Err(syn::Error::new(key.span(), format!("unknown argument `{other}`; {USAGE}"))),
            }
        }
        Ok(args)
    }
}

/// `["a", "b"]`.
fn strings(input: ParseStream) -> syn::Result<Vec<String>> {
    let content;
    bracketed!(content in input);
    let list = Punctuated::<LitStr, Token![,]>::parse_terminated(&content)?;
    Ok(list.iter().map(LitStr::value).collect())
}

/// `["Money = crate::Money", ...]`.
fn replacements(input: ParseStream) -> syn::Result<Vec<(String, String)>> {
    let content;
    bracketed!(content in input);
    let list = Punctuated::<LitStr, Token![,]>::parse_terminated(&content)?;
    list.iter()
        .map(|text| match text.value().split_once('=') {
            Some((name, path)) => Ok((name.trim().to_string(), path.trim().to_string())),
            None => Err(syn::Error::new(text.span(), "expected \"NAME = PATH\", as \"Money = crate::Money\"")),
        })
        .collect()
}
