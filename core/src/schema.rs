//! JSON Schemas of the input and output formats, generated from the Rust
//! types with schemars. The committed copies in `schemas/` are checked
//! against these by a test, so they cannot drift.

use crate::evidence::EvidenceItem;
use crate::model::{Framework, Profile};
use crate::scoring::policy::PolicyOverrides;
use crate::scoring::score::ScoreResult;
use crate::scoring::screen::ScreenResult;

/// The formats that have a schema, by name: inputs (framework, profile,
/// evidence item, policy overrides) and outputs (score and screen results).
pub const NAMES: &[&str] = &[
    "framework",
    "profile",
    "evidence",
    "policy",
    "plans",
    "cpd",
    "score-result",
    "screen-result",
    "progress-result",
    "cpd-summary",
    "cohort-result",
    "assessors-result",
    "adverse-impact",
    "equality-result",
    "delphi-rating",
    "delphi-item",
    "delphi-result",
    "case-package",
    "badge-issuer",
    "list-result",
];

/// The JSON Schema of format `name` as pretty JSON, if it exists.
pub fn schema_json(name: &str) -> Option<String> {
    let schema = match name {
        "framework" => schemars::schema_for!(Framework),
        "profile" => schemars::schema_for!(Profile),
        "evidence" => schemars::schema_for!(EvidenceItem),
        "policy" => schemars::schema_for!(PolicyOverrides),
        "score-result" => schemars::schema_for!(ScoreResult),
        "screen-result" => schemars::schema_for!(ScreenResult),
        "plans" => schemars::schema_for!(crate::trainer::plans::Plans),
        "cpd" => schemars::schema_for!(crate::trainer::plans::Cpd),
        "progress-result" => schemars::schema_for!(crate::trainer::progress::ProgressResult),
        "cpd-summary" => schemars::schema_for!(crate::trainer::progress::CpdSummary),
        "cohort-result" => schemars::schema_for!(crate::analysis::cohort::CohortResult),
        "adverse-impact" => schemars::schema_for!(crate::analysis::impact::AdverseImpact),
        "assessors-result" => {
            schemars::schema_for!(crate::analysis::assessors::AssessorsResult)
        }
        "equality-result" => schemars::schema_for!(crate::analysis::equality::EqualityResult),
        "delphi-rating" => schemars::schema_for!(crate::analysis::delphi::Rating),
        "delphi-item" => schemars::schema_for!(crate::analysis::delphi::ItemInfo),
        "delphi-result" => schemars::schema_for!(crate::analysis::delphi::DelphiResult),
        "case-package" => schemars::schema_for!(crate::interop::case::CfPackage),
        "badge-issuer" => schemars::schema_for!(crate::interop::badge::Issuer),
        "list-result" => schemars::schema_for!(crate::model::load::Catalogue),
        _ => return None,
    };
    serde_json::to_string_pretty(&schema).ok().map(|s| s + "\n")
}
