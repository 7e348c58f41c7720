//! Cohort view: where a team is strong and where it is thin.
//!
//! From a [`ScoreResult`] (and optionally the screening against a role
//! profile, and development plans): the **matrix** of workers ×
//! competencies (level, score, status and, with a profile, the gap); per
//! competency the **holders** (workers assessed at the holder level —
//! `competent` unless set — or above), competencies with fewer than
//! `min_holders` holders flagged **thin**, and the **training demand**:
//! workers with a screening gap on the competency, workers with an open
//! (not yet reached) plan target on it, and the number of distinct workers
//! with either.

use std::collections::BTreeSet;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::base::date::Date;
use crate::base::text::clip;
use crate::model::{Competency, Framework, Importance, Profile};
use crate::scoring::score::{ScoreResult, Status, WorkerScore};
use crate::scoring::screen::{rule_needs, Candidate, GapStatus, ScreenResult};
use crate::trainer::plans::Plans;

/// Default holder level.
pub const DEFAULT_LEVEL: &str = "competent";
/// Default fewest holders before a competency is thin.
pub const DEFAULT_MIN_HOLDERS: u32 = 2;

fn default_level() -> String {
    DEFAULT_LEVEL.to_string()
}

fn default_min_holders() -> u32 {
    DEFAULT_MIN_HOLDERS
}

/// Settings of the cohort view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CohortOptions {
    /// A worker holds a competency when assessed at this level id or above.
    #[serde(default = "default_level")]
    pub level: String,
    /// Competencies with fewer holders than this are thin.
    #[serde(default = "default_min_holders")]
    pub min_holders: u32,
}

impl Default for CohortOptions {
    fn default() -> Self {
        CohortOptions {
            level: default_level(),
            min_holders: DEFAULT_MIN_HOLDERS,
        }
    }
}

/// The options do not fit the framework.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CohortError {
    /// The holder level is not a level of the framework.
    #[error("unknown level `{level}`, expected one of {expected}")]
    UnknownLevel {
        /// The level given.
        level: String,
        /// The framework's levels.
        expected: String,
    },
    /// The screening or plans are for another framework.
    #[error("{what} is for framework `{found}`, but the scores are for `{expected}`")]
    FrameworkMismatch {
        /// screening or plans.
        what: &'static str,
        /// Framework id found.
        found: String,
        /// Framework id of the scores.
        expected: String,
    },
}

/// Evidence standing of one worker on one competency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CellStatus {
    /// Assessed: the level is given.
    Assessed,
    /// Some evidence, not enough for a level.
    InsufficientEvidence,
    /// No used evidence.
    NoEvidence,
    /// The competency's rule (or a required criterion) is not met: no
    /// level, whatever the evidence; `needs` says what is missing.
    RuleNotMet,
}

/// One worker × competency cell.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct MatrixCell {
    /// Competency id.
    pub competency: String,
    /// Level id, when assessed.
    pub level: Option<String>,
    /// Competency score, when any.
    pub score: Option<f64>,
    /// Evidence standing.
    pub status: CellStatus,
    /// At the holder level or above.
    pub holds: bool,
    /// The screening gap, when a profile requires more than the worker has.
    pub gap: Option<GapStatus>,
    /// Level a not-yet-reached plan target aims at.
    pub target: Option<String>,
    /// For `rule_not_met`: the criteria it needs (required ones first),
    /// as a screening gap's `needs`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(extend("default" = []))]
    pub needs: Vec<String>,
    /// For `rule_not_met`: how many of the criteria of `needs` that are
    /// not required must be met besides the required ones (absent: none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub needs_more: Option<u32>,
}

/// One worker's row of the matrix.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct MatrixRow {
    /// Worker id.
    pub worker: String,
    /// Overall score.
    pub overall: Option<f64>,
    /// Meets every essential requirement (with a profile).
    pub meets_essential: Option<bool>,
    /// One cell per competency, in framework order.
    pub cells: Vec<MatrixCell>,
}

/// Workers per level.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct LevelCount {
    /// Level id.
    pub level: String,
    /// Workers assessed at exactly this level.
    pub workers: u32,
}

/// What a role profile asks of a competency.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ProfileRequirement {
    /// Required level id.
    pub level: String,
    /// Essential or desirable.
    pub importance: Importance,
}

/// Training demand for one competency.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Demand {
    /// Workers with a screening gap on it (null without a profile).
    pub screening_gaps: Option<u32>,
    /// Of those: no evidence, insufficient evidence, below the level.
    pub gaps_by_status: Option<GapCounts>,
    /// Workers with a plan target on it not yet reached (null without plans).
    pub open_targets: Option<u32>,
    /// Distinct workers with either.
    pub workers: u32,
    /// Who, sorted.
    pub who: Vec<String>,
}

/// Gaps by status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct GapCounts {
    /// No evidence.
    pub no_evidence: u32,
    /// Insufficient evidence.
    pub insufficient_evidence: u32,
    /// Below the level.
    pub below_level: u32,
    /// The competency's rule not met.
    #[serde(default, skip_serializing_if = "is_zero")]
    #[schemars(extend("default" = 0))]
    pub rule_not_met: u32,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// The team's standing on one competency.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CompetencySummary {
    /// Competency id.
    pub id: String,
    /// Domain id.
    pub domain: String,
    /// Category id.
    pub category: Option<String>,
    /// Workers at the holder level or above.
    pub holders: u32,
    /// Who, sorted.
    pub holder_workers: Vec<String>,
    /// Workers not holding it (`workers − holders`).
    pub not_held: u32,
    /// `holders < min_holders`.
    pub thin: bool,
    /// Assessed workers per level, in level order.
    pub by_level: Vec<LevelCount>,
    /// Workers with some evidence but no level.
    pub insufficient_evidence: u32,
    /// Workers with no used evidence.
    pub no_evidence: u32,
    /// Workers whose rule on it is not met (absent: none).
    #[serde(default, skip_serializing_if = "is_zero")]
    #[schemars(extend("default" = 0))]
    pub rule_not_met: u32,
    /// The role profile's requirement, if any.
    pub requirement: Option<ProfileRequirement>,
    /// Training demand.
    pub demand: Demand,
}

/// The cohort view.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CohortResult {
    /// Framework id.
    pub framework: String,
    /// Date of the scores.
    pub as_of: Date,
    /// Profile id, when screened.
    pub profile: Option<String>,
    /// Holder level.
    pub level: String,
    /// Fewest holders before thin.
    pub min_holders: u32,
    /// Workers, sorted.
    pub workers: Vec<String>,
    /// Per competency, in framework order.
    pub competencies: Vec<CompetencySummary>,
    /// Thin competencies, in framework order.
    pub thin: Vec<String>,
    /// Workers × competencies.
    pub matrix: Vec<MatrixRow>,
}

/// Builds the cohort view of `scores`, with the screening against a
/// profile and development plans when given.
pub fn cohort(
    fw: &Framework,
    scores: &ScoreResult,
    screening: Option<(&Profile, &ScreenResult)>,
    plans: Option<&Plans>,
    options: &CohortOptions,
) -> Result<CohortResult, CohortError> {
    let holder_index = check_inputs(fw, scores, screening, plans, options)?;
    let mut matrix = Vec::with_capacity(scores.workers.len());
    for w in &scores.workers {
        let candidate =
            screening.and_then(|(_, s)| s.candidates.iter().find(|c| c.worker == w.worker));
        let cells = fw
            .competencies
            .iter()
            .map(|comp| matrix_cell(fw, comp, w, candidate, plans, holder_index))
            .collect();
        matrix.push(MatrixRow {
            worker: w.worker.clone(),
            overall: w.overall,
            meets_essential: screening.map(|_| candidate.is_some_and(|c| c.meets_essential)),
            cells,
        });
    }
    matrix.sort_by(|a, b| a.worker.cmp(&b.worker));
    let workers: Vec<String> = matrix.iter().map(|r| r.worker.clone()).collect();
    let competencies: Vec<CompetencySummary> = fw
        .competencies
        .iter()
        .enumerate()
        .map(|(k, comp)| summary(fw, k, comp, &matrix, screening, plans, options))
        .collect();
    let thin = competencies
        .iter()
        .filter(|c| c.thin)
        .map(|c| c.id.clone())
        .collect();
    Ok(CohortResult {
        framework: scores.framework.clone(),
        as_of: scores.as_of,
        profile: screening.map(|(p, _)| p.id.clone()),
        level: options.level.clone(),
        min_holders: options.min_holders,
        workers,
        competencies,
        thin,
        matrix,
    })
}

/// The holder level's index in `fw`, once the holder level is known and
/// the screening and plans are for the framework of the scores.
fn check_inputs(
    fw: &Framework,
    scores: &ScoreResult,
    screening: Option<(&Profile, &ScreenResult)>,
    plans: Option<&Plans>,
    options: &CohortOptions,
) -> Result<usize, CohortError> {
    let holder_index = fw
        .level_index(&options.level)
        .ok_or_else(|| CohortError::UnknownLevel {
            level: clip(&options.level, 40),
            expected: crate::model::validate::quote_list(
                &fw.levels.iter().map(|l| l.id.as_str()).collect::<Vec<_>>(),
            ),
        })?;
    if let Some((_, s)) = screening.filter(|(_, s)| s.framework != scores.framework) {
        return Err(CohortError::FrameworkMismatch {
            what: "the screening",
            found: s.framework.clone(),
            expected: scores.framework.clone(),
        });
    }
    if let Some(p) = plans.filter(|p| p.framework != scores.framework) {
        return Err(CohortError::FrameworkMismatch {
            what: "the plans",
            found: p.framework.clone(),
            expected: scores.framework.clone(),
        });
    }
    Ok(holder_index)
}

/// Worker `w`'s cell for competency `comp`: level, score, status, whether
/// the worker holds it, the screening gap and the highest open target.
fn matrix_cell(
    fw: &Framework,
    comp: &Competency,
    w: &WorkerScore,
    candidate: Option<&Candidate>,
    plans: Option<&Plans>,
    holder_index: usize,
) -> MatrixCell {
    let c = w.competencies.iter().find(|c| *c.id == *comp.id);
    let level = c.and_then(|c| c.level.as_deref()).map(str::to_string);
    let score = c.and_then(|c| c.score);
    let status = match (score, c.map(|c| c.status)) {
        (_, Some(Status::RuleNotMet)) => CellStatus::RuleNotMet,
        (None, _) => CellStatus::NoEvidence,
        (Some(_), Some(Status::Assessed)) => CellStatus::Assessed,
        (Some(_), _) => CellStatus::InsufficientEvidence,
    };
    let current = level.as_deref().and_then(|l| fw.level_index(l));
    let holds = current.is_some_and(|i| i >= holder_index);
    let gap = candidate
        .and_then(|cand| cand.gaps.iter().find(|g| g.competency == comp.id))
        .map(|g| g.status);
    let target = plans.and_then(|p| {
        p.plans
            .iter()
            .filter(|plan| plan.worker == w.worker)
            .flat_map(|plan| plan.targets.iter())
            .filter(|t| t.competency == comp.id)
            .filter(|t| {
                let want = fw.level_index(&t.level);
                !matches!((current, want), (Some(c), Some(w)) if c >= w)
            })
            .max_by_key(|t| fw.level_index(&t.level))
            .map(|t| t.level.clone())
    });
    let (needs, needs_more) = c
        .and_then(|c| rule_needs(c.rule.as_ref()))
        .unwrap_or_default();
    MatrixCell {
        competency: comp.id.clone(),
        level,
        score,
        status,
        holds,
        gap,
        target,
        needs,
        needs_more,
    }
}

/// The summary of competency number `k` over the sorted `matrix`.
fn summary(
    fw: &Framework,
    k: usize,
    comp: &Competency,
    matrix: &[MatrixRow],
    screening: Option<(&Profile, &ScreenResult)>,
    plans: Option<&Plans>,
    options: &CohortOptions,
) -> CompetencySummary {
    let total = u32::try_from(matrix.len()).unwrap_or(u32::MAX);
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    let cells: Vec<(&str, &MatrixCell)> = matrix
        .iter()
        .filter_map(|r| r.cells.get(k).map(|c| (r.worker.as_str(), c)))
        .collect();
    let holder_workers: Vec<String> = cells
        .iter()
        .filter(|(_, c)| c.holds)
        .map(|(w, _)| w.to_string())
        .collect();
    let holders = count(holder_workers.len());
    let by_level = fw
        .levels
        .iter()
        .map(|l| LevelCount {
            level: l.id.clone(),
            workers: count(
                cells
                    .iter()
                    .filter(|(_, c)| c.level.as_deref() == Some(l.id.as_str()))
                    .count(),
            ),
        })
        .collect();
    let requirement = screening.and_then(|(p, _)| {
        p.requirements
            .iter()
            .find(|r| r.competency == comp.id)
            .map(|r| ProfileRequirement {
                level: r.level.clone(),
                importance: r.importance,
            })
    });
    let with_status = |s: CellStatus| count(cells.iter().filter(|(_, c)| c.status == s).count());
    CompetencySummary {
        id: comp.id.clone(),
        domain: comp.domain.clone(),
        category: comp.category.clone(),
        holders,
        holder_workers,
        not_held: total.saturating_sub(holders),
        thin: holders < options.min_holders,
        by_level,
        insufficient_evidence: with_status(CellStatus::InsufficientEvidence),
        no_evidence: with_status(CellStatus::NoEvidence),
        rule_not_met: with_status(CellStatus::RuleNotMet),
        requirement,
        demand: demand(&cells, screening.is_some(), plans.is_some()),
    }
}

/// The training demand on one competency from its cells: screening gaps,
/// open plan targets, and the distinct workers with either.
fn demand(cells: &[(&str, &MatrixCell)], screened: bool, planned: bool) -> Demand {
    let mut gaps = GapCounts::default();
    let mut who: BTreeSet<&str> = BTreeSet::new();
    let mut open = 0u32;
    for (w, c) in cells {
        if let Some(g) = c.gap {
            match g {
                GapStatus::NoEvidence => gaps.no_evidence += 1,
                GapStatus::InsufficientEvidence => gaps.insufficient_evidence += 1,
                GapStatus::BelowLevel => gaps.below_level += 1,
                GapStatus::RuleNotMet => gaps.rule_not_met += 1,
            }
            who.insert(w);
        }
        if c.target.is_some() {
            open += 1;
            who.insert(w);
        }
    }
    let gap_total =
        gaps.no_evidence + gaps.insufficient_evidence + gaps.below_level + gaps.rule_not_met;
    Demand {
        screening_gaps: screened.then_some(gap_total),
        gaps_by_status: screened.then_some(gaps),
        open_targets: planned.then_some(open),
        workers: u32::try_from(who.len()).unwrap_or(u32::MAX),
        who: who.iter().map(|w| w.to_string()).collect(),
    }
}
