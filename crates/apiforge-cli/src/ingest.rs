//! `apiforge ingest PAGE... [--overlay FILE] [--out FILE]`: a spec from
//! documentation pages that embed their OpenAPI document.

use std::path::PathBuf;

use apiforge_ingest::Source;

use crate::all_errors;

/// Make a spec from documentation pages that embed OpenAPI (a fenced yaml/json block, or Docusaurus openapi-docs MDX)
#[derive(clap::Args)]
#[command(after_help = "Examples:
  apiforge ingest docs/revoke-token.md > specs/tokens.yaml
  apiforge ingest docs/delete-token.mdx docs/create-token.mdx --overlay docs/base.yaml --out specs/tokens.yaml")]
pub struct Args {
    /// The pages; several pages of one API merge into one spec
    #[arg(required = true, value_name = "PAGE")]
    pages: Vec<PathBuf>,
    /// A YAML or JSON file supplying what the pages lack: `openapi`, `info`,
    /// `servers` and `components.securitySchemes`
    #[arg(long, value_name = "FILE")]
    overlay: Option<PathBuf>,
    /// Write the spec to FILE (only if it changed) instead of standard output
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
}

pub fn run(args: &Args) -> Result<(), String> {
    let read = |path: &PathBuf| Source::read(path);
    let pages = args.pages.iter().map(read).collect::<Result<Vec<Source>, _>>().map_err(|e| e.to_string())?;
    let overlay = args.overlay.as_ref().map(read).transpose().map_err(|e| e.to_string())?;
    let document = apiforge_ingest::ingest(&pages, overlay.as_ref()).map_err(|errors| all_errors(&errors))?;
    let mut from: Vec<String> = pages.iter().map(|page| page.label.clone()).collect();
    if let Some(overlay) = &overlay {
        from.push(format!("the overlay {}", overlay.label));
    }
    let header = format!("Ingested by `apiforge ingest` from {}.", from.join(", "));
    let yaml = apiforge_ingest::to_yaml(&document, &header).map_err(|e| e.to_string())?;
    let Some(out) = &args.out else {
        print!("{yaml}");
        return Ok(());
    };
    if apiforge::write_if_changed(out, &yaml).map_err(|e| e.to_string())? {
        println!("wrote {}", out.display());
    } else {
        println!("{} is up to date", out.display());
    }
    Ok(())
}
