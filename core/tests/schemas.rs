//! The committed JSON Schemas in `schemas/` equal the ones generated from
//! the Rust types. Run with `UPDATE_SCHEMAS=1` to rewrite them.

#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use std::path::Path;

#[test]
fn committed_schemas_match_the_types() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../schemas");
    let update = std::env::var_os("UPDATE_SCHEMAS").is_some();
    let mut stale = Vec::new();
    for name in proficient::api::schema_names() {
        let generated = proficient::api::schema_json(name).unwrap_or_default();
        let path = dir.join(format!("{name}.schema.json"));
        if update {
            std::fs::write(&path, &generated).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(generated.as_str()) {
            stale.push(path.display().to_string());
        }
    }
    assert!(
        stale.is_empty(),
        "schemas out of date: {stale:?}; regenerate with `UPDATE_SCHEMAS=1 cargo test -p proficient --test schemas`"
    );
}
