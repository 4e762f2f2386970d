//! Generates code for every fixture in `fixtures/` through the build.rs API,
//! so that `cargo test` proves each fixture's output compiles.

use std::path::PathBuf;

fn main() {
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    let mut fixtures: Vec<PathBuf> = std::fs::read_dir("fixtures")
        .expect("tests/fixtures exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    fixtures.sort();
    println!("cargo:rerun-if-changed=fixtures");
    for fixture in fixtures {
        let stem = fixture.file_stem().and_then(|s| s.to_str()).expect("UTF-8 fixture names");
        // Webhook types too: `webhooks_only.yaml` has nothing else.
        apiforge::Generator::new(&fixture).webhooks(true).build_script(out.join(format!("{stem}.rs")));
    }
}
