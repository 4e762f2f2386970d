//! What each candidate date crate adds to a user's build: a crate using
//! serde, serde_json and uuid (what every generated crate with formats
//! builds anyway) is built first, then one that also depends on chrono,
//! time or jiff with the features typed formats need, each in a target
//! directory of its own, so that only the date crate and its own
//! dependencies are timed. The crates are downloaded when missing.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// The candidates, as a dependency line each.
const CANDIDATES: [(&str, &str); 3] = [
    ("chrono", r#"chrono = { version = "0.4", default-features = false, features = ["serde", "std"] }"#),
    ("time", r#"time = { version = "0.3", features = ["serde", "parsing", "formatting"] }"#),
    ("jiff", r#"jiff = { version = "0.2", default-features = false, features = ["serde", "std"] }"#),
];

const BASE: &str = r#"serde = { version = "1", features = ["derive"] }
serde_json = "1"
uuid = { version = "1", features = ["serde"] }
"#;

pub fn section(work: &Path) -> Result<(), String> {
    let dir = work.join("date-crates");
    let _ = std::fs::remove_dir_all(&dir);
    let mut members = vec!["\"base\"".to_string()];
    write_crate(&dir.join("base"), "base", BASE)?;
    for (name, line) in CANDIDATES {
        write_crate(&dir.join(name), &format!("with_{name}"), &format!("{BASE}{line}\n"))?;
        members.push(format!("\"{name}\""));
    }
    let workspace = format!("[workspace]\nresolver = \"2\"\nmembers = [{}]\n", members.join(", "));
    write(&dir.join("Cargo.toml"), &workspace)?;
    println!("\n## Date crates: what each adds to a dev build beside serde and uuid");
    for (name, _) in CANDIDATES {
        let target = dir.join(format!("target-{name}"));
        build(&dir, &target, "base")?;
        let took = build(&dir, &target, &format!("with_{name}"))?;
        println!("{name:<44} {:>10}", super::show(took));
    }
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

fn write_crate(dir: &Path, name: &str, dependencies: &str) -> Result<(), String> {
    let manifest = format!(
        "[package]\nname = \"{name}\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[dependencies]\n{dependencies}"
    );
    write(&dir.join("Cargo.toml"), &manifest)?;
    write(&dir.join("src/lib.rs"), "")
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

/// Builds `package` in the workspace at `dir`; how long it took.
fn build(dir: &Path, target: &Path, package: &str) -> Result<Duration, String> {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let started = Instant::now();
    let output = Command::new(cargo)
        .args(["build", "--quiet", "-p", package])
        .env("CARGO_TARGET_DIR", target)
        .current_dir(dir)
        .output()
        .map_err(|e| format!("running cargo: {e}"))?;
    if !output.status.success() {
        return Err(format!("building {package}:\n{}", String::from_utf8_lossy(&output.stderr)));
    }
    Ok(started.elapsed())
}
