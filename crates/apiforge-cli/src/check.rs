//! `apiforge check SPEC`: every problem of a spec, each with its location.

use std::path::PathBuf;

use apiforge_ir::LowerOptions;

/// Validate a spec: list every problem with its location (exit 1), or summarize it (exit 0)
#[derive(clap::Args)]
#[command(after_help = "Example:
  apiforge check specs/vercel.yaml")]
pub struct Args {
    /// The OpenAPI document (YAML or JSON; OpenAPI 3.0, 3.1 or Swagger 2.0)
    spec: PathBuf,
    /// Accept operations that use unsupported constructs (listed as warnings),
    /// as `generate --skip-unsupported` would
    #[arg(long)]
    skip_unsupported: bool,
    #[command(flatten)]
    select: crate::select::SelectArgs,
}

pub fn run(args: &Args) -> Result<(), String> {
    let options = LowerOptions {
        skip_unsupported: args.skip_unsupported,
        selection: args.select.selection(),
        ..LowerOptions::default()
    };
    let spec = args.spec.display();
    match apiforge_ir::build(&args.spec, &options) {
        Ok(lowered) => {
            for warning in lowered.warnings {
                eprintln!("warning: {}", warning.in_file(&args.spec));
            }
            let (operations, types) = (lowered.api.operations.len(), lowered.api.types.len());
            println!("{spec}: ok, {}, {}", count(operations, "operation"), count(types, "type"));
            Ok(())
        }
        Err(problems) => {
            for problem in &problems {
                eprintln!("error: {problem}");
            }
            Err(format!("{spec}: {}", count(problems.len(), "problem")))
        }
    }
}

fn count(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}
