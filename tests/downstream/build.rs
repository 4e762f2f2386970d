//! Generates the notes API from `spec.yaml` into `OUT_DIR`, as a user's
//! build script would, with the crate's own type for `Money`.

use std::path::PathBuf;

fn main() {
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    apiforge::Generator::new("spec.yaml").replace("Money", "crate::money::Money").build_script(out.join("api.rs"));
}
