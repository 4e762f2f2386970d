//! `cargo check` of a generated crate with its dependencies already built:
//! one warm-up check, then `src/lib.rs` touched and checked again.

use std::ffi::OsStr;
use std::path::Path;
use std::time::SystemTime;

use super::child::{self, Finished};

const MANIFEST: &str = r#"[package]
name = "{name}"
version = "0.0.0"
edition = "2021"
publish = false

[lib]
doctest = false

[features]
default = ["client", "server"]
client = ["apiforge-runtime/client"]
server = ["apiforge-runtime/server"]

[dependencies]
apiforge-runtime = { path = {runtime} }

# Not a member of the apiforge workspace.
[workspace]
"#;

/// The two timed checks: incremental (the crate's own cache warm, as when
/// a file is touched) and from scratch (as after the spec changed).
pub struct Checked {
    pub incremental: Finished,
    pub from_scratch: Finished,
}

/// Writes the crate `name` holding `code` to `dir`, builds its dependencies
/// into `target` and times checks of the crate alone.
pub fn check_crate(root: &Path, name: &str, code: &str, dir: &Path, target: &Path) -> Result<Checked, String> {
    let runtime = root.join("crates/apiforge-runtime");
    let manifest =
        MANIFEST.replace("{name}", name).replace("{runtime}", &format!("{:?}", runtime.display().to_string()));
    let write =
        |relative: &str, text: &str| apiforge::write_if_changed(&dir.join(relative), text).map_err(|e| e.to_string());
    write("Cargo.toml", &manifest)?;
    write("src/lib.rs", code)?;
    // The workspace's lock, so that the check resolves offline to the versions the runtime is tested with.
    if let Ok(lock) = std::fs::read_to_string(root.join("Cargo.lock")) {
        write("Cargo.lock", &lock)?;
    }
    let cargo = std::env::var_os("CARGO").map_or_else(|| "cargo".into(), std::path::PathBuf::from);
    let scratch = target.with_extension("peak");
    let check = |incremental: &str| {
        let envs = [("CARGO_TARGET_DIR", target.as_os_str()), ("CARGO_INCREMENTAL", OsStr::new(incremental))];
        child::run(&cargo, &["check", "--offline", "--quiet", "--lib"], dir, &envs, &scratch)?.ok()
    };
    let touch = || -> Result<(), String> {
        let lib = std::fs::File::options().append(true).open(dir.join("src/lib.rs")).map_err(|e| e.to_string())?;
        lib.set_modified(SystemTime::now()).map_err(|e| e.to_string())
    };
    eprintln!("  warm-up check (builds the dependencies the first time)...");
    check("1")?;
    touch()?;
    let incremental = check("1")?;
    touch()?;
    let from_scratch = check("0")?;
    Ok(Checked { incremental, from_scratch })
}
