//! JSON Schemas of the input and output formats, generated from the Rust
//! types with schemars. The committed copies in `schemas/` are checked
//! against these by a test, so they cannot drift.

use crate::model::{Framework, Profile};

/// The formats that have a schema, by name.
pub const NAMES: &[&str] = &["framework", "profile"];

/// The JSON Schema of format `name` as pretty JSON, if it exists.
pub fn schema_json(name: &str) -> Option<String> {
    let schema = match name {
        "framework" => schemars::schema_for!(Framework),
        "profile" => schemars::schema_for!(Profile),
        _ => return None,
    };
    serde_json::to_string_pretty(&schema).ok().map(|s| s + "\n")
}
