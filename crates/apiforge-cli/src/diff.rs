//! `apiforge diff OLD NEW`: the API changes between two versions of a spec,
//! and whether they break code calling the client or implementing the
//! server.

use std::path::PathBuf;
use std::process::ExitCode;

use apiforge::diff::{Format, Report};

/// Compare two versions of a spec: every API change, and whom it breaks
#[derive(clap::Args)]
#[command(after_help = "Exit status: 0, or 1 when --fail-on finds what it names; 2 when a spec cannot be read.

Example:
  apiforge diff old/vercel.yaml specs/vercel.yaml --format markdown --fail-on breaking")]
pub struct Args {
    /// The earlier spec
    old: PathBuf,
    /// The later spec
    new: PathBuf,
    /// text (grouped by operation), markdown (for a pull request) or json
    #[arg(long, default_value = "text", value_parser = clap::value_parser!(Format))]
    format: Format,
    /// Exit 1 when a change breaks clients or servers (breaking), clients
    /// only (breaking-clients) or servers only (breaking-servers)
    #[arg(long, value_name = "WHAT", value_parser = ["breaking", "breaking-clients", "breaking-servers"])]
    fail_on: Option<String>,
}

pub fn run(args: &Args) -> Result<ExitCode, String> {
    let report = apiforge::diff::specs(&args.old, &args.new).map_err(|e| e.to_string())?;
    print!("{}", report.render(args.format));
    Ok(if fails(&report, args.fail_on.as_deref()) { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}

fn fails(report: &Report, fail_on: Option<&str>) -> bool {
    match fail_on {
        Some("breaking") => report.breaks_clients() || report.breaks_servers(),
        Some("breaking-clients") => report.breaks_clients(),
        Some("breaking-servers") => report.breaks_servers(),
        _ => false,
    }
}
