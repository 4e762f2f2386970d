//! `apiforge`: generate a crate from an OpenAPI spec, check a spec, compare
//! two versions of a spec, ingest documentation pages into a spec, or serve
//! a mock of the API. Each subcommand is a thin layer
//! over the `apiforge`, `apiforge-ir` and `apiforge-ingest` libraries.

mod check;
mod diff;
mod generate;
mod ingest;
mod mock;
mod select;

use std::fmt::Display;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "apiforge",
    version,
    about = "OpenAPI in, Rust out: a typed async client and an axum server stub from an OpenAPI 3.0/3.1 or Swagger 2.0 spec",
    after_help = "Examples:
  apiforge generate specs/vercel.yaml --out vercel-api
  apiforge check specs/vercel.yaml
  apiforge diff old/vercel.yaml specs/vercel.yaml --fail-on breaking
  apiforge ingest docs/delete-token.mdx --overlay docs/base.yaml --out specs/tokens.yaml
  apiforge mock specs/vercel.yaml --port 4010"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    Generate(generate::Args),
    Check(check::Args),
    Diff(diff::Args),
    Ingest(ingest::Args),
    Mock(mock::Args),
}

fn main() -> ExitCode {
    let result = match Cli::parse().command {
        Command::Diff(args) => {
            // 2 for a spec that cannot be read, so that 1 means "breaking".
            return diff::run(&args).unwrap_or_else(|message| {
                eprintln!("error: {}", message.trim_end());
                ExitCode::from(2)
            });
        }
        Command::Generate(args) => generate::run(&args),
        Command::Check(args) => check::run(&args),
        Command::Ingest(args) => ingest::run(&args),
        Command::Mock(args) => mock::run(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {}", message.trim_end());
            ExitCode::FAILURE
        }
    }
}

/// Several errors as one message, each on its own `error:` line.
fn all_errors<E: Display>(errors: &[E]) -> String {
    errors.iter().map(ToString::to_string).collect::<Vec<String>>().join("\nerror: ")
}
