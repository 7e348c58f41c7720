//! What to analyse (the columns of the people file, the reference group,
//! the smallest cell shown), and the constants of the analysis.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The normal quantile for a two-sided 95% interval, `Φ⁻¹(0.975)`.
pub const Z95: f64 = 1.959_963_984_540_054;

/// Default smallest `n` a cell may have to be shown.
pub const DEFAULT_MIN_CELL: u64 = 10;

/// The reason category of declines with no reason recorded.
pub const NOT_RECORDED: &str = "(not recorded)";

fn default_min_cell() -> u64 {
    DEFAULT_MIN_CELL
}

/// What to analyse: which columns of the people file hold the group, the
/// outcome, and optionally the period and decline reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EqualityOptions {
    /// Column holding each person's group (e.g. `ethnicity`).
    pub group: String,
    /// Column holding the yes/no outcome (yes/no, true/false, 1/0, any case).
    pub outcome: String,
    /// Column holding the period (e.g. `year`); none: one period.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
    /// Column holding the reason for a "no" outcome (e.g. why a CPD
    /// application was declined).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The reference group of the relative likelihood; none: the largest group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// Smallest `n` a cell may have to be shown (at least 1).
    #[serde(default = "default_min_cell")]
    pub min_cell: u64,
    /// The `period` column is a second group attribute: intersectional
    /// groups (e.g. ethnicity × sex), no trends.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub crossed: bool,
}

impl EqualityOptions {
    /// Options for `group` and `outcome` columns with the defaults.
    pub fn new(group: &str, outcome: &str) -> EqualityOptions {
        EqualityOptions {
            group: group.to_string(),
            outcome: outcome.to_string(),
            period: None,
            reason: None,
            reference: None,
            min_cell: DEFAULT_MIN_CELL,
            crossed: false,
        }
    }
}
