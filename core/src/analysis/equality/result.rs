//! The result of an equality analysis.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::analysis::equality::people::{RejectedRow, RowWarning};

/// The settings an analysis ran with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Settings {
    /// Group column.
    pub group: String,
    /// Outcome column.
    pub outcome: String,
    /// Period column, if any (with `cross`: the second group column).
    pub period: Option<String>,
    /// The second group column crossed with the group (intersectional
    /// groups: `period` holds the same column, and there are no trends).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cross: Option<String>,
    /// Reason column, if any.
    pub reason: Option<String>,
    /// The reference group of the relative likelihood.
    pub reference: Option<String>,
    /// How the reference group was chosen: `option` or `largest_group`.
    pub reference_chosen_by: String,
    /// Smallest `n` shown.
    pub min_cell: u64,
    /// Confidence level of the intervals (0.95).
    pub confidence: f64,
    /// The normal quantile used (1.959963984540054).
    pub z: f64,
}

/// Rows read, counted and rejected. `rows` and `used` are withheld (null)
/// when the overall total is suppressed, as they would reveal it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct RowCounts {
    /// Rows read.
    pub rows: Option<u64>,
    /// Rows counted.
    pub used: Option<u64>,
    /// Rows rejected.
    pub rejected: u64,
}

/// The outcome for one group in one period, or a total (`group` or
/// `period` null meaning "all"). Every number is null when `suppressed`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Estimate {
    /// The group; null: all groups.
    pub group: Option<String>,
    /// The period; null: all periods.
    pub period: Option<String>,
    /// Withheld to protect small numbers.
    pub suppressed: bool,
    /// People.
    pub n: Option<u64>,
    /// People with the outcome.
    pub count: Option<u64>,
    /// `count / n`.
    pub rate: Option<f64>,
    /// Lower end of the 95% Wilson interval.
    pub ci_low: Option<f64>,
    /// Upper end of the 95% Wilson interval.
    pub ci_high: Option<f64>,
    /// Reference group's rate ÷ this rate (same period); null for totals
    /// over groups, when either is suppressed, or when this rate is 0.
    pub relative_likelihood: Option<f64>,
    /// This rate ÷ the highest shown group rate of the same period.
    pub ratio_to_highest: Option<f64>,
    /// `ratio_to_highest < 0.8` (the four-fifths rule).
    pub four_fifths: Option<bool>,
}

/// A group's rates across periods (shown cells only).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Trend {
    /// The group.
    pub group: String,
    /// Periods with a shown rate.
    pub periods: u32,
    /// First such period.
    pub first_period: Option<String>,
    /// Last such period.
    pub last_period: Option<String>,
    /// Rate in the first.
    pub first_rate: Option<f64>,
    /// Rate in the last.
    pub last_rate: Option<f64>,
    /// `last_rate − first_rate`.
    pub change: Option<f64>,
    /// Least-squares slope of the rate against the period's position
    /// (0, 1, 2, ... in period order): change per period.
    pub slope: Option<f64>,
    /// Relative likelihood in the first period where it is shown.
    pub first_relative_likelihood: Option<f64>,
    /// Relative likelihood in the last period where it is shown.
    pub last_relative_likelihood: Option<f64>,
}

/// Reasons for "no" outcomes of one group, over all periods.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ReasonRow {
    /// The group.
    pub group: String,
    /// Withheld because the group's total is suppressed.
    pub suppressed: bool,
    /// People with a "no" outcome.
    pub declined: Option<u64>,
    /// Count per reason, in the order of [`ReasonTable::reasons`].
    pub counts: Option<Vec<u64>>,
}

/// Reasons for "no" outcomes by group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ReasonTable {
    /// Reasons, sorted, with `(not recorded)` last.
    pub reasons: Vec<String>,
    /// One row per group.
    pub groups: Vec<ReasonRow>,
    /// Count per reason over all groups; null when any group's row is suppressed.
    pub totals: Option<Vec<u64>>,
}

/// One group's share of the outcome against its reference share.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Representation {
    /// The group.
    pub group: String,
    /// Its share of the profile (0–1), as given.
    pub reference_share: f64,
    /// Withheld because the group's count or the total is suppressed.
    pub suppressed: bool,
    /// People of the group with the outcome.
    pub count: Option<u64>,
    /// People of every group with the outcome.
    pub total: Option<u64>,
    /// `count / total`.
    pub share: Option<f64>,
    /// Lower end of the share's 95% Wilson interval.
    pub ci_low: Option<f64>,
    /// Upper end of the share's 95% Wilson interval.
    pub ci_high: Option<f64>,
    /// `share / reference_share`.
    pub ratio: Option<f64>,
    /// `under` (reference above the interval) or `over` (below it).
    pub flag: Option<String>,
}

/// The result of an equality analysis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct EqualityResult {
    /// Settings.
    pub settings: Settings,
    /// Rows read, counted, rejected.
    pub counts: RowCounts,
    /// Groups, sorted.
    pub groups: Vec<String>,
    /// Periods in order (numeric when all are numbers, else text order);
    /// `["all"]` without a period column.
    pub periods: Vec<String>,
    /// One per period × group (period order, then group order).
    pub cells: Vec<Estimate>,
    /// Each group over all periods (only when there is more than one period).
    pub group_totals: Vec<Estimate>,
    /// Each period over all groups (only when there is more than one period).
    pub period_totals: Vec<Estimate>,
    /// Everyone.
    pub total: Estimate,
    /// Each group's trend across periods (only when there is more than one period).
    pub trends: Vec<Trend>,
    /// Reasons for "no" outcomes by group, when a reason column is given.
    pub reasons: Option<ReasonTable>,
    /// Each group's share of the outcome against its profile share, when
    /// reference shares are given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub representation: Option<Vec<Representation>>,
    /// Rows not counted.
    pub rejected: Vec<RejectedRow>,
    /// Counted rows with a remark.
    pub warnings: Vec<RowWarning>,
}

/// The options do not fit the data.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OptionError {
    /// The reference group does not occur.
    #[error("unknown reference group `{value}`, expected one of {expected}")]
    UnknownReference {
        /// The value given.
        value: String,
        /// Groups that occur.
        expected: String,
    },
    /// `min_cell` is 0.
    #[error("minimum cell size must be at least 1, found `{0}`")]
    MinCell(u64),
}
