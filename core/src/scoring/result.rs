//! What scoring gives: scores by worker, domain, competency and
//! criterion with the evidence used, the rejected items, the standings of
//! tracked workers at other dates; levels and rank keys of scores.

use std::sync::Arc;

use rustc_hash::FxHashMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::base::date::Date;
use crate::model::ranges::LEVEL_EPSILON;
use crate::model::Framework;
use crate::scoring::policy::ScoringPolicy;

/// Scores are ranked (screening's shortlist) on their value rounded to a
/// multiple of 2^-RANK_BITS (about 9.3e-10), so that scores that are
/// mathematically equal but differ in the last bits of floating point tie.
pub const RANK_BITS: i32 = 30;

/// The key a score is ranked on: the score in units of 2^-[`RANK_BITS`],
/// rounded to the nearest.
pub fn rank_key(score: f64) -> i64 {
    (score * f64::from(1u32 << RANK_BITS)).round() as i64
}

/// Why an evidence item was not used.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// The criterion id is not in the framework.
    UnknownCriterion,
    /// The kind is not one of the framework's evidence kinds.
    UnknownKind,
    /// The criterion does not accept this kind of evidence.
    KindNotAccepted,
    /// The value is missing or out of range for the criterion's measure.
    InvalidValue,
    /// Dated after `as_of`.
    Future,
    /// Expired before `as_of`, or older than the policy's maximum age.
    Expired,
    /// An identical copy of an item already counted.
    Duplicate,
    /// Shares its id with an item that differs.
    ConflictingId,
}

impl Reason {
    /// All reasons, in check order.
    pub const ALL: [Reason; 8] = [
        Reason::UnknownCriterion,
        Reason::UnknownKind,
        Reason::KindNotAccepted,
        Reason::InvalidValue,
        Reason::Future,
        Reason::Expired,
        Reason::Duplicate,
        Reason::ConflictingId,
    ];

    /// The reason as written in results, e.g. `invalid_value`.
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::UnknownCriterion => "unknown_criterion",
            Reason::UnknownKind => "unknown_kind",
            Reason::KindNotAccepted => "kind_not_accepted",
            Reason::InvalidValue => "invalid_value",
            Reason::Future => "future",
            Reason::Expired => "expired",
            Reason::Duplicate => "duplicate",
            Reason::ConflictingId => "conflicting_id",
        }
    }
}

/// Whether a competency has enough evidence to be given a level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Enough items and coverage: the level is given.
    Assessed,
    /// Too few items or too little coverage: the score is shown, no level.
    InsufficientEvidence,
    /// The competency's rule or a required criterion is not met (see
    /// [`CompetencyScore::rule`]): the score is shown, no level.
    RuleNotMet,
}

impl Status {
    /// The status as written in results, e.g. `rule_not_met`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Assessed => "assessed",
            Status::InsufficientEvidence => "insufficient_evidence",
            Status::RuleNotMet => "rule_not_met",
        }
    }
}

/// How a competency's rule (and its required criteria) came out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct RuleOutcome {
    /// Whether the rule and every required criterion are met.
    pub met: bool,
    /// Criteria met (a score, at least the rule's `min_score` when it has one).
    pub criteria_met: u32,
    /// Criteria the rule needs met.
    pub criteria_needed: u32,
    /// Required criteria not met, in framework order.
    pub required_unmet: Vec<Arc<str>>,
    /// The other criteria not met, in framework order (any of them would
    /// count towards `criteria_needed`).
    pub unmet: Vec<Arc<str>>,
}

/// The result of scoring evidence against a framework.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ScoreResult {
    /// Framework id.
    pub framework: String,
    /// Framework version.
    pub framework_version: String,
    /// The date scores are computed at.
    pub as_of: Date,
    /// The policy in force.
    pub policy: ScoringPolicy,
    /// How many items were read, used and rejected.
    pub counts: Counts,
    /// One entry per worker, sorted by worker id.
    pub workers: Vec<WorkerScore>,
    /// Every item not used, with its reason; sorted by line, then id.
    pub rejected: Vec<Rejection>,
}

/// Item counts; `used + rejected = items`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Counts {
    /// Items read.
    pub items: u64,
    /// Items used in scores.
    pub used: u64,
    /// Items rejected.
    pub rejected: u64,
}

/// One worker's scores.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct WorkerScore {
    /// Worker id.
    pub worker: String,
    /// Weighted mean over assessed competencies; null when none.
    pub overall: Option<f64>,
    /// Level of the overall score (the framework's `overall_levels`);
    /// absent when it has none or the score is null.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overall_level: Option<Arc<str>>,
    /// Per domain, in framework order.
    pub domains: Vec<DomainScore>,
    /// Per competency, in framework order.
    pub competencies: Vec<CompetencyScore>,
}

/// A domain's score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct DomainScore {
    /// Domain id.
    pub id: Arc<str>,
    /// Weighted mean over its assessed competencies; null when none.
    pub score: Option<f64>,
    /// Level of the score (the domain's `levels`); absent when it has none
    /// or the score is null.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub level: Option<Arc<str>>,
}

/// A competency's score, level and derivation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CompetencyScore {
    /// Competency id.
    pub id: Arc<str>,
    /// Weighted mean of its assessed criteria; null when none.
    pub score: Option<f64>,
    /// Level id, when assessed.
    pub level: Option<Arc<str>>,
    /// Whether the evidence suffices.
    pub status: Status,
    /// Share of criterion weight with evidence.
    pub coverage: f64,
    /// Used items.
    pub items: u64,
    /// How its rule came out, when it has a rule or required criteria.
    #[serde(default, skip_serializing_if = "no_rule")]
    pub rule: Option<RuleOutcome>,
    /// Per criterion, in framework order.
    pub criteria: Vec<CriterionScore>,
}

/// A criterion's score and the items behind it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CriterionScore {
    /// Criterion id.
    pub id: Arc<str>,
    /// Σ w·v / Σ w; null when no items.
    pub score: Option<f64>,
    /// Used items.
    pub items: u64,
    /// Σ w of used items.
    pub weight: f64,
    /// The used items (when explanations are on), by date, id, line.
    pub evidence: Vec<EvidenceUse>,
    /// Anchored criteria only: the score on the criterion's rating scale
    /// (`min + score × (max − min)`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rating: Option<f64>,
    /// Anchored criteria only: the label of the anchor that describes
    /// `rating` (the anchor at it, else the nearest, the lower of two
    /// equally near).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anchor: Option<Arc<str>>,
}

/// How one item counted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct EvidenceUse {
    /// Item id.
    pub id: Option<Arc<str>>,
    /// Line (or position) in the input.
    pub line: u64,
    /// Evidence kind.
    pub kind: Arc<str>,
    /// Date observed.
    pub date: Date,
    /// Weight after decay.
    pub weight: f64,
    /// Normalised value in [0, 1].
    pub value: f64,
    /// Anchored criteria only: the rating given, on the criterion's scale.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rating: Option<f64>,
    /// Anchored criteria only: the label of the anchor at the rating given
    /// (none when no anchor describes that point).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub anchor: Option<Arc<str>>,
    /// Left out of the score by the policy's `aggregate` (a later item
    /// superseded it).
    #[serde(default, skip_serializing_if = "is_false")]
    #[schemars(extend("default" = false))]
    pub superseded: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// An item that was not used, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Rejection {
    /// Item id.
    pub id: Option<Arc<str>>,
    /// Line (or position) in the input.
    pub line: u64,
    /// Worker id.
    pub worker: String,
    /// Criterion id as given.
    pub criterion: String,
    /// Why.
    pub reason: Reason,
    /// What exactly was wrong.
    pub detail: String,
}

/// Which workers' used items to keep for explanations.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Explain {
    /// Every worker (the default).
    #[default]
    All,
    /// None: only sums are kept (least memory).
    None,
    /// One worker.
    Worker(String),
}

/// One competency of a worker at one date, as a trajectory shows it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Standing {
    /// Competency score then (null: no evidence).
    pub score: Option<f64>,
    /// Index of the level then, in the framework's levels (null: not
    /// assessed).
    pub level: Option<usize>,
    /// Whether the evidence sufficed then.
    pub status: Status,
}

/// The standings of the workers a scorer tracked
/// ([`Scorer::with_history`]) at each of their dates.
#[derive(Debug, Clone, Default)]
pub struct Standings {
    pub(super) workers: FxHashMap<String, Vec<(Date, Vec<Standing>)>>,
}

impl Standings {
    /// Worker `worker`'s competencies (framework order) at `date`, when it
    /// was tracked at that date and had evidence of any kind.
    pub fn get(&self, worker: &str, date: Date) -> Option<&[Standing]> {
        self.workers
            .get(worker)
            .and_then(|ds| ds.iter().find(|(d, _)| *d == date))
            .map(|(_, s)| s.as_slice())
    }
}

/// The id of the highest level whose threshold is at most `score`.
pub fn level_of(fw: &Framework, score: f64) -> Option<String> {
    level_index(fw, score)
        .and_then(|i| fw.levels.get(i))
        .map(|l| l.id.clone())
}

/// The index of the highest level whose threshold is at most `score`.
pub fn level_index(fw: &Framework, score: f64) -> Option<usize> {
    band_index(&fw.levels, score)
}

/// The index of the highest of `levels` whose threshold is at most `score`
/// (the framework's, a domain's or the overall ones).
pub fn band_index(levels: &[crate::model::Level], score: f64) -> Option<usize> {
    levels
        .iter()
        .rposition(|l| l.threshold <= score + LEVEL_EPSILON)
}

/// Whether a competency's rule outcome is left out of its JSON: none, or
/// a core without feature `rules` (which never makes one).
fn no_rule(rule: &Option<RuleOutcome>) -> bool {
    !crate::scoring::RULES || rule.is_none()
}
