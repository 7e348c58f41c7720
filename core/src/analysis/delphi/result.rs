//! The options and result of a Delphi analysis, and the priority bands of
//! scores.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::model::PriorityBand;

/// Lowest score.
pub const MIN_SCORE: u8 = 1;
/// Highest score.
pub const MAX_SCORE: u8 = 10;
/// Default consensus threshold: share of ratings in one band.
pub const DEFAULT_CONSENSUS: f64 = 0.7;
/// Default stability threshold: largest change in the high share counted as stable.
pub const DEFAULT_STABILITY: f64 = 0.15;

/// The band of a score: 1–3 low, 4–7 middle, 8–10 high.
pub fn band_of(score: u8) -> PriorityBand {
    match score {
        0..=3 => PriorityBand::Low,
        4..=7 => PriorityBand::Middle,
        _ => PriorityBand::High,
    }
}

/// The band's name: `low`, `middle`, `high`.
pub fn band_name(band: PriorityBand) -> &'static str {
    match band {
        PriorityBand::Low => "low",
        PriorityBand::Middle => "middle",
        PriorityBand::High => "high",
    }
}

fn default_consensus() -> f64 {
    DEFAULT_CONSENSUS
}

fn default_stability() -> f64 {
    DEFAULT_STABILITY
}

/// Thresholds of the analysis.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DelphiOptions {
    /// Consensus when the largest band share is at least this (above 0.5, at most 1).
    #[serde(default = "default_consensus")]
    pub consensus: f64,
    /// Stable when the high share changed by at most this since the previous round (0–1).
    #[serde(default = "default_stability")]
    pub stability: f64,
}

impl Default for DelphiOptions {
    fn default() -> Self {
        DelphiOptions {
            consensus: DEFAULT_CONSENSUS,
            stability: DEFAULT_STABILITY,
        }
    }
}

/// Why a rating does not count.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Exclusion {
    /// The item is not in the item list.
    UnknownItem,
    /// Missing, not a whole number, or outside 1–10.
    InvalidScore,
    /// The participant appears in more than one panel group.
    ConflictingGroup,
    /// An identical copy of a rating already counted.
    Duplicate,
    /// The participant rated the item more than once in the round, differently.
    ConflictingRating,
}

impl Exclusion {
    /// The reason as written in results.
    pub fn as_str(self) -> &'static str {
        match self {
            Exclusion::UnknownItem => "unknown_item",
            Exclusion::InvalidScore => "invalid_score",
            Exclusion::ConflictingGroup => "conflicting_group",
            Exclusion::Duplicate => "duplicate",
            Exclusion::ConflictingRating => "conflicting_rating",
        }
    }
}

/// A rating that does not count, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ExcludedRating {
    /// Line (or 1-based position) in the input.
    pub line: u64,
    /// Participant.
    pub participant: String,
    /// Round.
    pub round: u32,
    /// Item.
    pub item: String,
    /// Why.
    pub reason: Exclusion,
    /// What exactly was wrong.
    pub detail: String,
}

/// Statistics of one item in one round (overall or within a panel group).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ItemStats {
    /// Item id.
    pub item: String,
    /// Label from the item list.
    pub label: Option<String>,
    /// Category from the item list.
    pub category: Option<String>,
    /// Ratings.
    pub n: u32,
    /// Mean score.
    pub mean: f64,
    /// Sample standard deviation (n − 1); null when n = 1.
    pub sd: Option<f64>,
    /// Median.
    pub median: f64,
    /// First quartile (NumPy `linear`).
    pub q1: f64,
    /// Third quartile (NumPy `linear`).
    pub q3: f64,
    /// `q3 − q1`.
    pub iqr: f64,
    /// Ratings 1–3.
    pub low: u32,
    /// Ratings 4–7.
    pub middle: u32,
    /// Ratings 8–10.
    pub high: u32,
    /// `low / n`.
    pub low_share: f64,
    /// `middle / n`.
    pub middle_share: f64,
    /// `high / n`.
    pub high_share: f64,
    /// The band with most ratings; null on a tie.
    pub modal_band: Option<PriorityBand>,
    /// Largest band share ≥ the consensus threshold.
    pub consensus: bool,
    /// The band agreed on, when there is consensus.
    pub consensus_band: Option<PriorityBand>,
    /// Rank by mean (descending), then SD (ascending); ties share the lowest rank.
    pub rank: u32,
    /// `high_share` minus the high share in the previous round; null in the
    /// first round or when the item was not rated then.
    pub high_share_change: Option<f64>,
    /// `|high_share_change| ≤` the stability threshold.
    pub stable: Option<bool>,
}

/// One panel group's results in one round.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct GroupRound {
    /// Panel group.
    pub group: String,
    /// Participants of the group with a counted rating in the round.
    pub participants: u32,
    /// Items, ranked within the group.
    pub items: Vec<ItemStats>,
}

/// One round's results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct RoundResult {
    /// Round number.
    pub round: u32,
    /// The round stability is measured against (the previous round in the data).
    pub previous_round: Option<u32>,
    /// Participants with a counted rating in the round.
    pub participants: u32,
    /// Counted ratings in the round.
    pub ratings: u64,
    /// Items, ranked (rank, then item id).
    pub items: Vec<ItemStats>,
    /// The same by panel group (groups sorted).
    pub groups: Vec<GroupRound>,
}

/// A panel group's size.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PanelCount {
    /// Panel group.
    pub group: String,
    /// Distinct participants with a counted rating in any round.
    pub participants: u32,
    /// Participants per round, in round order.
    pub by_round: Vec<u32>,
}

/// Ratings read, counted and excluded.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct RatingCounts {
    /// Ratings read.
    pub ratings: u64,
    /// Counted.
    pub used: u64,
    /// Excluded (listed in `excluded`).
    pub excluded: u64,
}

/// The result of a Delphi analysis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct DelphiResult {
    /// Thresholds used.
    pub options: DelphiOptions,
    /// Ratings read, counted and excluded.
    pub counts: RatingCounts,
    /// Rounds present, in order.
    pub rounds: Vec<RoundResult>,
    /// Panel composition.
    pub panel: Vec<PanelCount>,
    /// Items of the item list without any counted rating.
    pub unrated_items: Vec<String>,
    /// Excluded ratings, by line.
    pub excluded: Vec<ExcludedRating>,
}

/// Options out of range.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DelphiOptionError {
    /// Consensus threshold outside (0.5, 1].
    #[error("consensus threshold must be above 0.5 and at most 1 (so only one band can reach it), found `{0}`")]
    Consensus(f64),
    /// Stability threshold outside [0, 1].
    #[error("stability threshold must be between 0 and 1, found `{0}`")]
    Stability(f64),
}
