//! The shipped frameworks and role profiles as values read from data that
//! `build.rs` bakes from the core's loaded and validated shipped files
//! (`proficient_wasm_bake`): the main module has them without the YAML parser
//! and the model's deserialisation. Indices are those of
//! `proficient::model::shipped::FRAMEWORKS` and `PROFILES`.

#[allow(clippy::all, clippy::pedantic, missing_docs)]
mod baked {
    include!(concat!(env!("OUT_DIR"), "/shipped.rs"));
}

use proficient::{model::shipped, Framework, Profile};

/// Index of the shipped framework `name`.
pub fn framework_index(name: &str) -> Option<usize> {
    listed().iter().position(|l| l.0 == name)
}

/// Index of the shipped profile `name`.
pub fn profile_index(name: &str) -> Option<usize> {
    shipped::PROFILES.iter().position(|(n, _)| *n == name)
}

/// The shipped framework at `index`, when baked into this module
/// (`proficient_wasm_bake::shipped::in_main_module`).
pub fn framework(index: usize) -> Option<Framework> {
    baked::framework(index)
}

/// `(name, YAML, id, title, version, competencies)` of each shipped
/// framework, baked or not (the YAML of one not baked: "", the second
/// module has it). Not `proficient::model::shipped::FRAMEWORKS`, so that
/// this module does not carry their texts.
pub fn listed() -> &'static [(
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    usize,
)] {
    &baked::LISTED
}

/// Its JSON, as `serde_json::to_string` writes it.
pub fn framework_json(index: usize) -> Option<&'static str> {
    baked::framework_json(index)
}

/// The shipped profile at `index`.
pub fn profile(index: usize) -> Option<Profile> {
    baked::profile(index)
}

/// Its JSON.
pub fn profile_json(index: usize) -> Option<&'static str> {
    baked::profile_json(index)
}

/// Whether shipped profile `profile` is valid against shipped framework
/// `framework` (checked by the core when the package was built).
pub fn fits(profile: usize, framework: usize) -> bool {
    baked::PROFILE_FITS
        .get(profile)
        .and_then(|row| row.get(framework))
        .copied()
        .unwrap_or(false)
}

/// The shipped framework shipped profile `profile` names, when it is valid
/// against it.
pub fn home(profile: usize) -> Option<usize> {
    baked::PROFILE_HOME.get(profile).copied().flatten()
}

/// The failure for a name that is not shipped (`what`: `framework` or
/// `profile`), listing the shipped names.
pub fn unknown(
    kind: proficient::api::Kind,
    what: &'static str,
    name: &str,
) -> proficient::api::Failure {
    let names: Vec<&str> = match what {
        "framework" => listed().iter().map(|l| l.0).collect(),
        _ => shipped::PROFILES.iter().map(|(n, _)| *n).collect(),
    };
    let e = proficient::LoadError::UnknownName {
        what,
        name: name.to_string(),
        expected: names
            .iter()
            .map(|n| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", "),
    };
    proficient::api::Failure::load(kind, &e)
}
