//! Repository chores: `cargo xtask generate [--check]`, `cargo xtask ingest [--check]`.

use xtask::{bench, corpus, generate, ingest};

use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask <command>

commands:
  generate [--check]   regenerate crates/generated/<api> from specs/*.yaml;
                       with --check, change nothing and fail if any file is stale
  ingest [--check]     regenerate the specs/*.yaml that come from documentation pages
                       in specs/sources/; with --check, change nothing and fail if stale
  corpus [DIR]         generate and `cargo check` every spec of a real-world corpus
                       and print a table (slow; not part of the test run)
  conformance [DIR]    read random values valid for every type of a corpus's specs into
                       the generated types and back, and print a table (slow)
  testers [DIR]        schemathesis against each spec's mock and its client against
                       Stoplight Prism, and print a table (slow)
  bench [--corpus DIR] print generation, memory, compile-time and round-trip figures
                       (release build; `cargo xtask bench --help` for options)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("generate") => generate::run(&args[1..]),
        Some("ingest") => ingest::run(&args[1..]),
        Some("corpus") => corpus::run(&args[1..]),
        Some(command @ ("conformance" | "testers")) => checker(command, &args[1..]),
        Some("bench") => bench::run(&args[1..]),
        Some("-h" | "--help") => {
            println!("{USAGE}");
            Ok(())
        }
        _ => Err(USAGE.to_string()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(feature = "conformance")]
fn checker(command: &str, args: &[String]) -> Result<(), String> {
    match command {
        "testers" => xtask::testers::run(args),
        _ => xtask::conformance::run(args),
    }
}

/// Without the `conformance` feature (as `cargo xtask` builds it), the
/// checker (conformance and the testers) is built on first use: the same
/// command through a release build that has it, whose exit code and last
/// line are this one's.
#[cfg(not(feature = "conformance"))]
fn checker(command: &str, args: &[String]) -> Result<(), String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = std::process::Command::new(cargo)
        .args(["run", "--release", "--quiet", "--package", "xtask", "--features", "conformance", "--", command])
        .args(args)
        .current_dir(xtask::repo_root())
        .status()
        .map_err(|e| format!("running cargo: {e}"))?;
    if !status.success() {
        std::process::exit(status.code().unwrap_or(1));
    }
    Ok(())
}
