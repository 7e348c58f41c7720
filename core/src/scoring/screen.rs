//! Screening against a role profile: who meets the essential requirements,
//! how many desirable ones, the gaps (training needs), and a ranked shortlist.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::base::date::Date;
use crate::model::Requirement;
use crate::model::{Framework, Importance, Profile};
use crate::scoring::result::{band_index, RuleOutcome};
use crate::scoring::score::{rank_key, Counts, Rejection, ScoreResult, Status, WorkerScore};

/// Why a requirement is not met.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum GapStatus {
    /// No used evidence for the competency at all.
    NoEvidence,
    /// Some evidence, but not enough to give a level.
    InsufficientEvidence,
    /// Assessed below the required level.
    BelowLevel,
    /// The competency's rule or a required criterion is not met (see the
    /// gap's `needs`).
    RuleNotMet,
}

/// A requirement a candidate does not meet: a training need.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Gap {
    /// Competency id (empty for a requirement on a domain or the overall
    /// score).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    #[schemars(extend("default" = ""))]
    pub competency: String,
    /// Domain id, for a requirement on a domain's level.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain: Option<String>,
    /// `true` for a requirement on the overall level.
    #[serde(default, skip_serializing_if = "is_false")]
    #[schemars(extend("default" = false))]
    pub overall: bool,
    /// Essential or desirable.
    pub importance: Importance,
    /// Level the profile requires.
    pub required_level: String,
    /// Level reached, when assessed.
    pub current_level: Option<String>,
    /// Competency score, when any.
    pub score: Option<f64>,
    /// Why it is a gap.
    pub status: GapStatus,
    /// For `rule_not_met`: the criteria to meet, required ones first, then
    /// (when the rule needs more criteria met) the others that would count.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub needs: Vec<String>,
    /// For `rule_not_met`: how many of the criteria of `needs` that are
    /// not required must be met besides the required ones (absent: none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub needs_more: Option<u32>,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// One candidate's screening.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Candidate {
    /// Position in the shortlist, from 1.
    pub rank: u32,
    /// Worker id.
    pub worker: String,
    /// All essential requirements met.
    pub meets_essential: bool,
    /// Essential requirements met.
    pub essential_met: u32,
    /// Essential requirements in the profile.
    pub essential_total: u32,
    /// Desirable requirements met.
    pub desirable_met: u32,
    /// Desirable requirements in the profile.
    pub desirable_total: u32,
    /// Overall score.
    pub overall: Option<f64>,
    /// Level of the overall score (the framework's `overall_levels`);
    /// absent when it has none or the score is null.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overall_level: Option<String>,
    /// Unmet requirements, in profile order.
    pub gaps: Vec<Gap>,
}

/// A ranked shortlist.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ScreenResult {
    /// Profile id.
    pub profile: String,
    /// Framework id.
    pub framework: String,
    /// Date of the scores.
    pub as_of: Date,
    /// Evidence counts.
    pub counts: Counts,
    /// Candidates, best first.
    pub candidates: Vec<Candidate>,
    /// Evidence not used, with reasons.
    pub rejected: Vec<Rejection>,
}

/// Screens every worker of `scores` against `profile`.
pub fn screen(profile: &Profile, fw: &Framework, scores: ScoreResult) -> ScreenResult {
    let mut candidates: Vec<Candidate> = scores
        .workers
        .iter()
        .map(|w| {
            let mut c = Candidate {
                rank: 0,
                worker: w.worker.clone(),
                meets_essential: true,
                essential_met: 0,
                essential_total: 0,
                desirable_met: 0,
                desirable_total: 0,
                overall: w.overall,
                overall_level: w.overall_level.as_deref().map(str::to_string),
                gaps: Vec::new(),
            };
            for r in &profile.requirements {
                let (met, gap) = requirement(fw, w, r);
                let (total, count) = match r.importance {
                    Importance::Essential => (&mut c.essential_total, &mut c.essential_met),
                    Importance::Desirable => (&mut c.desirable_total, &mut c.desirable_met),
                };
                *total += 1;
                if met {
                    *count += 1;
                    continue;
                }
                if r.importance == Importance::Essential {
                    c.meets_essential = false;
                }
                c.gaps.push(gap);
            }
            c
        })
        .collect();
    candidates.sort_by(|a, b| {
        b.meets_essential
            .cmp(&a.meets_essential)
            .then(b.essential_met.cmp(&a.essential_met))
            .then(b.desirable_met.cmp(&a.desirable_met))
            .then_with(|| match (a.overall, b.overall) {
                // Rounded to a multiple of 2^-30, so that scores equal but
                // for the last bits of floating point tie (then: worker id).
                (Some(x), Some(y)) => rank_key(y).cmp(&rank_key(x)),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            })
            .then_with(|| a.worker.cmp(&b.worker))
    });
    for (i, c) in candidates.iter_mut().enumerate() {
        c.rank = u32::try_from(i + 1).unwrap_or(u32::MAX);
    }
    ScreenResult {
        profile: profile.id.clone(),
        framework: fw.id.clone(),
        as_of: scores.as_of,
        counts: scores.counts,
        candidates,
        rejected: scores.rejected,
    }
}

/// Whether worker `w` meets requirement `r`, and the gap when not.
fn requirement(fw: &Framework, w: &WorkerScore, r: &Requirement) -> (bool, Gap) {
    let mut gap = Gap {
        competency: r.competency.clone(),
        domain: r.domain.clone(),
        overall: r.overall,
        importance: r.importance,
        required_level: r.level.clone(),
        current_level: None,
        score: None,
        status: GapStatus::NoEvidence,
        needs: Vec::new(),
        needs_more: None,
    };
    if crate::scoring::RULES && (r.overall || r.domain.is_some()) {
        // A domain's or the overall level: its bands, its score.
        let (bands, score, level) = if r.overall {
            (&fw.overall_levels, w.overall, w.overall_level.as_deref())
        } else {
            let d = r.domain.as_deref().unwrap_or("");
            let at = fw.domains.iter().position(|x| x.id == d);
            let bands = at.and_then(|i| fw.domains.get(i)).map(|x| &x.levels);
            let result = at.and_then(|i| w.domains.get(i));
            match bands {
                Some(b) => (
                    b,
                    result.and_then(|x| x.score),
                    result.and_then(|x| x.level.as_deref()),
                ),
                None => (&fw.overall_levels, None, None),
            }
        };
        let required = bands.iter().position(|l| l.id == r.level);
        let current = score.and_then(|s| band_index(bands, s));
        gap.score = score;
        gap.current_level = level.map(str::to_string);
        gap.status = if score.is_none() {
            GapStatus::NoEvidence
        } else {
            GapStatus::BelowLevel
        };
        let met = matches!((current, required), (Some(c), Some(r)) if c >= r);
        return (met, gap);
    }
    let result = w.competencies.iter().find(|x| *x.id == *r.competency);
    let required = fw.level_index(&r.level);
    let current = result
        .and_then(|x| x.level.as_deref())
        .and_then(|l| fw.level_index(l));
    let met = matches!((current, required), (Some(c), Some(r)) if c >= r);
    gap.score = result.and_then(|x| x.score);
    gap.current_level = result.and_then(|x| x.level.as_deref().map(str::to_string));
    gap.status = match (gap.score, result.map(|x| x.status)) {
        (_, Some(Status::RuleNotMet)) => GapStatus::RuleNotMet,
        (None, _) => GapStatus::NoEvidence,
        (Some(_), Some(Status::Assessed)) => GapStatus::BelowLevel,
        (Some(_), _) => GapStatus::InsufficientEvidence,
    };
    if let Some((needs, more)) = result.and_then(|x| rule_needs(x.rule.as_ref())) {
        gap.needs = needs;
        gap.needs_more = more;
    }
    (met, gap)
}

/// What a competency whose rule is not met needs (`None` when its rule is
/// met, or it has none), as a gap's `needs` and `needs_more`: the required
/// criteria not met, then the others not met when the rule's count still
/// falls short, and how many of those others must be met (none: `None`).
pub(crate) fn rule_needs(rule: Option<&RuleOutcome>) -> Option<(Vec<String>, Option<u32>)> {
    let rule = rule.filter(|r| crate::scoring::RULES && !r.met)?;
    let needs = rule
        .required_unmet
        .iter()
        .chain(&rule.unmet)
        .map(|c| c.to_string())
        .collect();
    let required = u32::try_from(rule.required_unmet.len()).unwrap_or(u32::MAX);
    let short = rule
        .criteria_needed
        .saturating_sub(rule.criteria_met)
        .saturating_sub(required);
    Some((needs, (short > 0).then_some(short)))
}
