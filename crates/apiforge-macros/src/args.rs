//! The macro's arguments: `"spec.yaml"`, then optionally `client = BOOL`,
//! `server = BOOL`, `tags = ["TAG", ...]`, `operations = ["PATTERN", ...]`,
//! `webhooks = BOOL`, `skip_unsupported = BOOL`, `replace = ["NAME = PATH", ...]`,
//! `derive = ["PATH", ...]`, `pagination = ["OPERATION = DECLARATION", ...]` and
//! `formats = "chrono" | "strings"`, read into the options `apiforge::Generator`
//! builds too.

use apiforge_codegen::Options;
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::{bracketed, Ident, LitBool, LitStr, Token};

const USAGE: &str = "expected `generate_api!(\"path/to/spec.yaml\")`, optionally followed by `, client = false`, \
                     `, server = false`, `, tags = [\"TAG\", ...]`, `, operations = [\"PATTERN\", ...]`, \
                     `, webhooks = true`, `, skip_unsupported = true`, `, replace = [\"NAME = PATH\", ...]`, \
                     `, derive = [\"PATH\", ...]`, `, pagination = [\"OPERATION = DECLARATION\", ...]` or \
                     `, formats = \"strings\"`";

pub struct Args {
    /// The spec's path as written, relative to the calling crate's directory.
    pub spec: LitStr,
    pub options: Options,
}

impl Parse for Args {
    fn parse(input: ParseStream) -> syn::Result<Args> {
        let spec: LitStr = input.parse().map_err(|e| syn::Error::new(e.span(), USAGE))?;
        let mut options = Options::default();
        while !input.is_empty() {
            input.parse::<Token![,]>()?;
            if input.is_empty() {
                break;
            }
            let key: Ident = input.parse().map_err(|e| syn::Error::new(e.span(), USAGE))?;
            input.parse::<Token![=]>()?;
            let selection = &mut options.lower.selection;
            match key.to_string().as_str() {
                "client" => options.parts.client = input.parse::<LitBool>()?.value,
                "server" => options.parts.server = input.parse::<LitBool>()?.value,
                "tags" => selection.tags = strings(input)?.iter().map(LitStr::value).collect(),
                "operations" => selection.operations = strings(input)?.iter().map(LitStr::value).collect(),
                "webhooks" => selection.webhooks = input.parse::<LitBool>()?.value,
                "skip_unsupported" => options.lower.skip_unsupported = input.parse::<LitBool>()?.value,
                "replace" => {
                    for (name, path) in pairs(input, "\"NAME = PATH\", as \"Money = crate::Money\"")? {
                        options.replace(&name, &path);
                    }
                }
                "pagination" => {
                    let example =
                        "\"OPERATION = DECLARATION\", as \"listPets = {style: cursor, cursor: /next, param: after}\"";
                    for (operation, declaration) in pairs(input, example)? {
                        options.pagination(&operation, &declaration);
                    }
                }
                "derive" => {
                    for path in strings(input)? {
                        options.derive(&path.value()).map_err(|problem| {
                            // An option, not a place in the spec: the message and its help.
                            let help = problem.help.map(|help| format!("\n  help: {help}")).unwrap_or_default();
                            syn::Error::new(path.span(), format!("apiforge: {}{help}", problem.message))
                        })?;
                    }
                }
                "formats" => {
                    let choice: LitStr = input.parse()?;
                    options.lower.formats =
                        choice.value().parse().map_err(|e: String| syn::Error::new(choice.span(), e))?;
                }
                other => return Err(syn::Error::new(key.span(), format!("unknown argument `{other}`; {USAGE}"))),
            }
        }
        Ok(Args { spec, options })
    }
}

/// `["a", "b"]`.
fn strings(input: ParseStream) -> syn::Result<Vec<LitStr>> {
    let content;
    bracketed!(content in input);
    let list = Punctuated::<LitStr, Token![,]>::parse_terminated(&content)?;
    Ok(list.into_iter().collect())
}

/// `["key = value", ...]`, split at the first `=`; `expected` says what
/// one looks like.
fn pairs(input: ParseStream, expected: &str) -> syn::Result<Vec<(String, String)>> {
    strings(input)?
        .iter()
        .map(|text| match text.value().split_once('=') {
            Some((key, value)) => Ok((key.trim().to_string(), value.trim().to_string())),
            None => Err(syn::Error::new(text.span(), format!("expected {expected}"))),
        })
        .collect()
}
