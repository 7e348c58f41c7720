//! The result of an assessor calibration.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The settings a calibration ran with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct AssessorSettings {
    /// The evidence kind that marks a self-assessment (also: assessor = worker).
    pub self_kind: Option<String>,
    /// Fewest comparison pairs an assessor needs to be flagged.
    pub min_pairs: u64,
    /// Confidence level of the intervals (0.95).
    pub confidence: f64,
}

/// Items counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct AssessorCounts {
    /// Accepted items (after the scoring policy).
    pub items: u64,
    /// Items with an assessor other than the worker, not self-assessments.
    pub assessed: u64,
    /// Self-assessments.
    pub self_assessed: u64,
    /// Items with no assessor (left out).
    pub unattributed: u64,
    /// Worker × criterion units rated by two or more assessors.
    pub shared_units: u64,
}

/// One comparison: this assessor's value and another's on the same worker × criterion.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct AssessorPair {
    /// Worker.
    pub worker: String,
    /// Criterion.
    pub criterion: String,
    /// This assessor's normalised value (latest item).
    pub value: f64,
    /// Its evidence line.
    pub line: u64,
    /// The other assessor.
    pub other: String,
    /// The other's normalised value (latest item).
    pub other_value: f64,
    /// Its evidence line.
    pub other_line: u64,
    /// `value − other_value`.
    pub difference: f64,
}

/// One assessor's figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct AssessorRow {
    /// The assessor.
    pub assessor: String,
    /// Items assessed.
    pub items: u64,
    /// Workers assessed.
    pub workers: u64,
    /// Mean normalised value of the items (0–1).
    pub mean_value: f64,
    /// Comparison pairs with other assessors on the same worker × criterion.
    pub pairs: u64,
    /// Mean of `value − other_value` over the pairs (above 0: more lenient).
    pub leniency: Option<f64>,
    /// Lower end of its 95% t interval.
    pub ci_low: Option<f64>,
    /// Upper end of its 95% t interval.
    pub ci_high: Option<f64>,
    /// `lenient` or `severe` when the interval excludes 0 (and `pairs ≥ min_pairs`).
    pub flag: Option<String>,
    /// The pairs behind a flag (empty when not flagged).
    pub flagged_pairs: Vec<AssessorPair>,
}

/// AssessorAgreement among assessors on one criterion, or overall.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct AssessorAgreement {
    /// The criterion; null: overall.
    pub criterion: Option<String>,
    /// Its competency; null: overall.
    pub competency: Option<String>,
    /// `ordinal` (ratings) or `nominal` (yes/no).
    pub level: String,
    /// Worker × criterion units rated by two or more assessors.
    pub units: u64,
    /// Values in those units.
    pub values: u64,
    /// Krippendorff's alpha; null when nothing varies.
    pub alpha: Option<f64>,
    /// Pairs of assessors' values on the same unit.
    pub pairs: u64,
    /// Share of pairs giving the same value.
    pub exact: Option<f64>,
    /// Share of pairs at most one scale point apart (yes/no: same as exact).
    pub adjacent: Option<f64>,
}

/// Self-assessment against assessors' values for one competency.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct SelfAssessmentRow {
    /// The competency.
    pub competency: String,
    /// Worker × criterion units with both a self-assessment and an assessor's value.
    pub pairs: u64,
    /// Workers among them.
    pub workers: u64,
    /// Mean of `self − mean of assessors` (above 0: people rate themselves higher).
    pub mean_difference: Option<f64>,
    /// Lower end of its 95% t interval.
    pub ci_low: Option<f64>,
    /// Upper end of its 95% t interval.
    pub ci_high: Option<f64>,
    /// `over` or `under` when the interval excludes 0 (and `pairs ≥ min_pairs`).
    pub flag: Option<String>,
}

/// What a figure means, in one plain line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct FigureExplanation {
    /// The figure (a field name).
    pub figure: String,
    /// What it means.
    pub text: String,
}

/// The result of an assessor calibration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct AssessorsResult {
    /// Settings.
    pub settings: AssessorSettings,
    /// Items counted.
    pub counts: AssessorCounts,
    /// One row per assessor, sorted.
    pub assessors: Vec<AssessorRow>,
    /// AssessorAgreement per criterion with shared units (framework order).
    pub criteria: Vec<AssessorAgreement>,
    /// AssessorAgreement over all rating criteria (ordinal, on normalised values)
    /// and over all yes/no criteria (nominal), where there are shared units.
    pub overall: Vec<AssessorAgreement>,
    /// Self-assessment against assessors per competency (framework order).
    pub self_assessment: Vec<SelfAssessmentRow>,
    /// One plain line per figure.
    pub explanations: Vec<FigureExplanation>,
}
