//! `apiforge mock SPEC`: the generated server, answering every operation
//! with a declared answer (a success where there is one) the spec allows, built as a crate of
//! its own and run. Front-end and client developers test against it before
//! the API exists; testers send it every request the spec allows.

use std::path::{Path, PathBuf};
use std::process::Command;

use apiforge_codegen::Parts;
use apiforge_ir::LowerOptions;

/// Serve a mock of the API: the generated server's request checks, then a declared answer for every operation
#[derive(clap::Args)]
#[command(after_help = "The mock is a crate of its own, built with cargo in --dir (the first build compiles axum; \
                        later ones reuse it) and run until interrupted. Credentials are checked for presence, \
                        not for value.

Examples:
  apiforge mock specs/vercel.yaml
  apiforge mock api.yaml --port 4010 --seed 7")]
pub struct Args {
    /// The OpenAPI document (YAML or JSON; OpenAPI 3.0, 3.1 or Swagger 2.0)
    spec: PathBuf,
    /// The port to listen on, on 127.0.0.1
    #[arg(long, default_value_t = 8080)]
    port: u16,
    /// The seed the bodies are drawn with: the same seed, the same answers
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Where the mock's crate is written and built [default: apiforge-mock in the temporary directory]
    #[arg(long, value_name = "DIR")]
    dir: Option<PathBuf>,
    /// Write and build the mock, print the path of its program and exit instead of serving
    #[arg(long)]
    build_only: bool,
    #[command(flatten)]
    select: crate::select::SelectArgs,
}

pub fn run(args: &Args) -> Result<(), String> {
    let spec = args.spec.display();
    // An operation the server cannot express is left out; the mock serves the rest.
    let options =
        LowerOptions { skip_unsupported: true, selection: args.select.selection(), ..LowerOptions::default() };
    let loaded = apiforge_ir::load_file(&args.spec).map_err(|e| e.to_string())?;
    let lowered = apiforge_ir::lower(&loaded, &options).map_err(|problems| {
        let located: Vec<_> = problems.into_iter().map(|problem| problem.in_file(&args.spec)).collect();
        crate::all_errors(&located)
    })?;
    for warning in lowered.warnings.clone() {
        eprintln!("warning: {}", warning.in_file(&args.spec));
    }
    let document = serde_json::to_value(&loaded.doc).map_err(|e| format!("{spec}: {e}"))?;
    let (answers, gaps) = apiforge_conformance::answers::answers(&lowered.api, document, args.seed);
    for gap in &gaps {
        eprintln!("warning: {spec}: `{}` answers 501: {}", gap.operation, gap.why);
    }
    let parts = Parts { client: false, server: true, mock: Some(answers), ..Parts::default() };
    let header = format!("The mock of {spec}, written by `apiforge mock`.");
    let lib = apiforge_codegen::render(&lowered.api, &parts, &header).map_err(|e| format!("{spec}: {e}"))?;

    let root = args.dir.clone().unwrap_or_else(|| std::env::temp_dir().join("apiforge-mock"));
    let name = crate_name(&args.spec);
    let dir = root.join(&name);
    let files = [
        (dir.join("Cargo.toml"), manifest(&name)),
        (dir.join("src/lib.rs"), lib),
        (dir.join("src/main.rs"), MAIN.replace("{{lib}}", &name.replace('-', "_"))),
    ];
    apiforge::write_files(files).map_err(|e| e.to_string())?;
    // One target directory for every mock: each builds axum once.
    let target = root.join("target");
    eprintln!("building the mock in {}", dir.display());
    let built = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .current_dir(&dir)
        .args(["build", "--quiet", "--target-dir"])
        .arg(&target)
        .status()
        .map_err(|e| format!("cannot run cargo to build the mock: {e}"))?;
    if !built.success() {
        return Err(format!(
            "the mock of {spec} did not build (in {}); please report it as an apiforge bug",
            dir.display()
        ));
    }
    let program = target.join("debug").join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
    if args.build_only {
        println!("{}", program.display());
        return Ok(());
    }
    let status = Command::new(&program)
        .arg(format!("127.0.0.1:{}", args.port))
        .status()
        .map_err(|e| format!("cannot run the mock {}: {e}", program.display()))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("the mock stopped: {status}"))
    }
}

/// `vercel.yaml` -> `vercel-mock`: a crate name whatever the file is called.
fn crate_name(spec: &Path) -> String {
    let stem = spec.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let words: Vec<String> = stem
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    match words.first() {
        Some(first) if first.starts_with(|c: char| c.is_ascii_alphabetic()) => format!("{}-mock", words.join("-")),
        _ => format!("api-{}-mock", words.join("-")).replace("--", "-"),
    }
}

fn manifest(name: &str) -> String {
    let runtime = crate::generate::runtime_dependency(None);
    format!(
        "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
         # Not a member of any workspace around it.\n[workspace]\n\n[lib]\ndoctest = false\n\n\
         [dependencies]\napiforge-runtime = {{ {runtime}, features = [\"server\"] }}\n\
         tokio = {{ version = \"1\", features = [\"rt-multi-thread\", \"macros\", \"net\"] }}\n"
    )
}

const MAIN: &str = r#"//! Serves the mock on the address given as the first argument.

#[tokio::main]
async fn main() {
    let address = std::env::args().nth(1).unwrap_or_else(|| "127.0.0.1:8080".to_string());
    let listener = match tokio::net::TcpListener::bind(&address).await {
        Ok(listener) => listener,
        Err(error) => {
            eprintln!("mock: cannot listen on {address}: {error}");
            std::process::exit(1);
        }
    };
    println!("mock: serving on http://{address}");
    let app = {{lib}}::server::router({{lib}}::mock::Mock::default());
    if let Err(error) = apiforge_runtime::server::axum::serve(listener, app).await {
        eprintln!("mock: {error}");
        std::process::exit(1);
    }
}
"#;
