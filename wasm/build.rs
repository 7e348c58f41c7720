//! Bakes the shipped frameworks and role profiles into data
//! (`$OUT_DIR/shipped.rs`, included by `src/shipped.rs`), so that the main
//! WebAssembly module has them as values read from a compact tape and needs
//! neither the YAML parser nor the model's deserialisation: the build-time
//! size machinery lives in `wasm/bake/` (crate `proficient-wasm-bake`).

use std::error::Error;
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo:rerun-if-changed=build.rs");
    let path = PathBuf::from(std::env::var("OUT_DIR")?).join("shipped.rs");
    std::fs::write(path, proficient_wasm_bake::shipped::shipped_rs()?)?;
    Ok(())
}
