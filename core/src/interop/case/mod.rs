//! CASE 1.1 (Competencies and Academic Standards Exchange) import and export.
//!
//! Import maps a CFPackage (JSON) to a [`Framework`]: the CFDocument gives the
//! framework's metadata; CFItems become competencies and criteria through
//! their `isChildOf` associations (items with leaf children are
//! competencies, their leaves are criteria; a root leaf is a competency with
//! one criterion; top-level items that only hold competencies are domains;
//! other inner items are kept as groupings). Every identifier, the other
//! associations and the properties with no place in the model are kept in
//! the `case` fields so that [`export`] writes them back unchanged.
//!
//! [`Mode::Strict`] refuses anything the CASE 1.1 schema refuses;
//! [`Mode::Lenient`] accepts CASE 1.0-era packages (extra properties, string
//! sequence numbers, non-UUID identifiers) and reports what it tolerated.
//! Every problem is a [`Diagnostic`] with the JSON path, line and column.
//!
//! Export writes a valid CASE 1.1 CFPackage (one a strict import accepts)
//! whose identifiers are kept from an import when they are UUIDs or, for
//! native frameworks, derived name-based UUIDs (version 5) of the framework
//! id and item id, so re-exports are identical. What a lenient import
//! tolerated is written in CASE 1.1 form: non-UUID identifiers are replaced
//! by UUIDs derived from them (and listed), properties CASE 1.1 does not
//! define are left out. Proficient-specific data (measures, weights,
//! levels, ...) travel in `extensions.proficient`.

mod conform;
mod export;
mod import;
mod json;
mod tree;
mod uuid;

use crate::model::Framework;

pub use conform::is_case_uuid;
#[cfg(feature = "clock")]
pub use export::{export, export_json, now_secs};
pub use export::{export_at, rfc3339_utc, CfPackage, Export, Replacement};
pub use import::{
    import_named, import_path, import_str, import_str_with, limits, CaseError, Imported, Mode,
};
pub use uuid::uuid_v5;

/// A framework as YAML (e.g. an imported one, for `import-case --out`).
pub fn framework_yaml(fw: &Framework) -> Result<String, String> {
    serde_yaml::to_string(fw).map_err(|e| format!("cannot render YAML: {e}"))
}
