//! Progress against development plans, and CPD summaries.
//!
//! A worker's score at a date is the score with that date as `as_of`, so
//! history needs no extra storage: [`scorer`] makes a [`Scorer`] that scores
//! every plan's worker at each date of its trajectory in the same single
//! pass over the evidence as the scores at `as_of` (one set of sums per
//! worker and date; the items are neither kept nor copied per date), and
//! [`finish`] gives each plan target its status at `as_of`
//! (`achieved`, `progressing`, `no_progress`, and overdue), its trajectory
//! and a one-line explanation; [`summarise_cpd`] totals CPD hours by worker,
//! period and competency.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::base::date::Date;
use crate::evidence::Batch;
use crate::model::Framework;
use crate::scoring::policy::ScoringPolicy;
use crate::scoring::score::{
    Explain, Rejection, ScoreResult, Scorer, Standings, Status, WorkerScore,
};
use crate::trainer::plans::{Cpd, Plan, Plans};

/// The dates of a plan's trajectory, in date order and each once: the
/// baseline (or `as_of` if earlier), each review date after it up to
/// `as_of` (in whatever order the plan lists them), and `as_of`.
fn stops(p: &Plan, as_of: Date) -> Vec<Date> {
    let mut stops: Vec<Date> = vec![p.baseline.min(as_of)];
    stops.extend(
        p.reviews
            .iter()
            .copied()
            .filter(|r| *r <= as_of && *r > p.baseline),
    );
    stops.push(as_of);
    stops.sort_unstable();
    stops.dedup();
    stops
}

/// A scorer at `as_of` (no explanations) that also scores each plan's
/// worker at every date of its trajectory: push the evidence into it, then
/// call [`finish`] (or [`finish_with_scores`]).
pub fn scorer<'f>(
    fw: &'f Framework,
    plans: &Plans,
    as_of: Date,
    policy: &ScoringPolicy,
) -> Scorer<'f> {
    let history = plans
        .plans
        .iter()
        .map(|p| (p.worker.clone(), stops(p, as_of)));
    Scorer::with_history(fw, as_of, policy.clone(), Explain::None, history)
}

/// Progress of every target of `plans` from a [`scorer`] given the
/// evidence; the scores at `as_of` are not kept (only the rejections).
pub fn finish(fw: &Framework, scorer: Scorer<'_>, plans: &Plans, min_gain: f64) -> ProgressResult {
    let as_of = scorer.as_of();
    let (scores, standings) = scorer.finish_history(|_| {});
    judge(fw, plans, &standings, scores.rejected, as_of, min_gain)
}

/// As [`finish`], also returning every worker's scores at `as_of`.
pub fn finish_with_scores(
    fw: &Framework,
    scorer: Scorer<'_>,
    plans: &Plans,
    min_gain: f64,
) -> (ScoreResult, ProgressResult) {
    let as_of = scorer.as_of();
    let mut workers: Vec<WorkerScore> = Vec::new();
    let (mut scores, standings) = scorer.finish_history(|w| workers.push(w));
    scores.workers = workers;
    let progress = judge(
        fw,
        plans,
        &standings,
        scores.rejected.clone(),
        as_of,
        min_gain,
    );
    (scores, progress)
}

/// A target's standing at `as_of`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TargetStatus {
    /// The target level is reached.
    Achieved,
    /// Not reached, but the score rose by at least `min_gain` since the
    /// baseline, or the level rose.
    Progressing,
    /// Neither.
    NoProgress,
}

impl TargetStatus {
    /// As written in results: `achieved`, `progressing`, `no_progress`.
    pub fn as_str(self) -> &'static str {
        match self {
            TargetStatus::Achieved => "achieved",
            TargetStatus::Progressing => "progressing",
            TargetStatus::NoProgress => "no_progress",
        }
    }
}

/// A competency's score and level at one date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Point {
    /// The date.
    pub date: Date,
    /// Competency score then (null: no evidence).
    pub score: Option<f64>,
    /// Level then (null: not assessed).
    pub level: Option<String>,
    /// Whether the evidence sufficed then.
    pub status: Status,
}

/// One plan target's progress.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct TargetProgress {
    /// Worker id.
    pub worker: String,
    /// Competency id.
    pub competency: String,
    /// Level to reach.
    pub target_level: String,
    /// When it is due.
    pub due: Date,
    /// Who leads it.
    pub lead: Option<String>,
    /// Standing at `as_of`.
    pub status: TargetStatus,
    /// Past due and not achieved.
    pub overdue: bool,
    /// Days past due when overdue, else 0.
    pub days_overdue: i64,
    /// Score change since the baseline (a missing score counts as 0; null
    /// when there is no score now).
    pub gain: Option<f64>,
    /// At the baseline, each review date up to `as_of`, and `as_of`.
    pub trajectory: Vec<Point>,
    /// The status in one line a person understands.
    pub explanation: String,
}

/// Counts of targets by standing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct ProgressCounts {
    /// Targets achieved.
    pub achieved: u32,
    /// Targets progressing.
    pub progressing: u32,
    /// Targets with no progress.
    pub no_progress: u32,
    /// Targets overdue (of the not achieved).
    pub overdue: u32,
}

/// Progress of every plan target at `as_of`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ProgressResult {
    /// Framework id.
    pub framework: String,
    /// The date progress is judged at.
    pub as_of: Date,
    /// Score rise that counts as progressing.
    pub min_gain: f64,
    /// Counts by standing.
    pub counts: ProgressCounts,
    /// Every target, in plan order.
    pub targets: Vec<TargetProgress>,
    /// Evidence not used at `as_of`, with reasons.
    pub rejected: Vec<Rejection>,
}

/// Default score rise that counts as progress.
pub const DEFAULT_MIN_GAIN: f64 = 0.05;

/// Checks a `min_gain` given by a user (a number from 0 to 1, and 0 or at
/// least [`crate::model::ranges::THRESHOLD_STEP`]: gains are compared to within
/// [`crate::model::ranges::LEVEL_EPSILON`]); the error says what is wrong with the
/// value.
pub fn check_min_gain(min_gain: f64) -> Result<(), String> {
    let shown = crate::base::text::Found(min_gain).to_string();
    if !(min_gain.is_finite() && (0.0..=1.0).contains(&min_gain)) {
        Err(format!("`{shown}` must be between 0 and 1"))
    } else if min_gain > 0.0 && min_gain < crate::model::ranges::THRESHOLD_STEP {
        Err(format!(
            "`{shown}` must be 0 or at least {} (scores are compared to within 1e-9)",
            crate::base::text::Num(crate::model::ranges::THRESHOLD_STEP)
        ))
    } else {
        Ok(())
    }
}

fn point(fw: &Framework, s: &Standings, date: Date, worker: &str, competency: &str) -> Point {
    let c = s.get(worker, date).and_then(|cs| {
        let i = fw.competencies.iter().position(|k| k.id == competency)?;
        cs.get(i)
    });
    Point {
        date,
        score: c.and_then(|c| c.score),
        level: c
            .and_then(|c| c.level)
            .and_then(|l| fw.levels.get(l))
            .map(|l| l.id.clone()),
        status: c.map_or(Status::InsufficientEvidence, |c| c.status),
    }
}

fn score_text(s: Option<f64>) -> String {
    s.map_or_else(|| "no evidence".to_string(), |s| format!("{s:.2}"))
}

/// Judges every target of `plans` at `as_of` from `evidence` (one pass
/// over it, see [`scorer`]).
pub fn progress(
    fw: &Framework,
    plans: &Plans,
    evidence: &Batch,
    as_of: Date,
    policy: &ScoringPolicy,
    min_gain: f64,
) -> ProgressResult {
    let mut s = scorer(fw, plans, as_of, policy);
    s.push_batch(evidence);
    finish(fw, s, plans, min_gain)
}

/// Each target's status from the standings of the plans' workers.
fn judge(
    fw: &Framework,
    plans: &Plans,
    standings: &Standings,
    rejected: Vec<Rejection>,
    as_of: Date,
    min_gain: f64,
) -> ProgressResult {
    let level_index = |l: &Option<String>| l.as_deref().and_then(|l| fw.level_index(l));
    let mut counts = ProgressCounts::default();
    let mut targets = Vec::new();
    for p in &plans.plans {
        let stops = stops(p, as_of);
        for t in &p.targets {
            let trajectory: Vec<Point> = stops
                .iter()
                .map(|&d| point(fw, standings, d, &p.worker, &t.competency))
                .collect();
            let (Some(base), Some(now)) = (trajectory.first(), trajectory.last()) else {
                continue;
            };
            let target = fw.level_index(&t.level);
            let now_level = level_index(&now.level);
            // The baseline's rank is the level its score implies even when
            // it was not yet assessed, so that merely becoming assessed at
            // the same level is not a rise.
            let base_rank = base
                .score
                .and_then(|s| crate::scoring::score::level_index(fw, s))
                .map_or(-1, |b| b as i64);
            let gain = now.score.map(|s| s - base.score.unwrap_or(0.0));
            let achieved = matches!((now_level, target), (Some(n), Some(t)) if n >= t);
            let level_rose = now_level.is_some_and(|n| n as i64 > base_rank);
            let status = if achieved {
                TargetStatus::Achieved
            } else if gain.is_some_and(|g| g >= min_gain - crate::model::ranges::LEVEL_EPSILON)
                || level_rose
            {
                TargetStatus::Progressing
            } else {
                TargetStatus::NoProgress
            };
            let overdue = !achieved && as_of > t.due;
            let days_overdue = if overdue { as_of.days_since(t.due) } else { 0 };
            let due_text = if overdue {
                format!("; overdue by {days_overdue} days (due {})", t.due)
            } else if achieved {
                String::new()
            } else {
                format!("; due {}", t.due)
            };
            let level_text =
                |l: &Option<String>| l.clone().unwrap_or_else(|| "not assessed".into());
            let explanation = match status {
                TargetStatus::Achieved => format!(
                    "achieved: {} reached (score {}), target {} due {}",
                    level_text(&now.level),
                    score_text(now.score),
                    t.level,
                    t.due
                ),
                TargetStatus::Progressing | TargetStatus::NoProgress => {
                    let (label, needed) = if status == TargetStatus::Progressing {
                        ("progressing", String::new())
                    } else {
                        ("no progress", format!(" (a rise of {min_gain} is needed)"))
                    };
                    format!(
                        "{label}: score {} → {} since {}{}{needed}, level {} → {}; target {}{}",
                        score_text(base.score),
                        score_text(now.score),
                        base.date,
                        gain.map_or(String::new(), |g| format!(" ({g:+.2})")),
                        level_text(&base.level),
                        level_text(&now.level),
                        t.level,
                        due_text
                    )
                }
            };
            match status {
                TargetStatus::Achieved => counts.achieved += 1,
                TargetStatus::Progressing => counts.progressing += 1,
                TargetStatus::NoProgress => counts.no_progress += 1,
            }
            counts.overdue += u32::from(overdue);
            targets.push(TargetProgress {
                worker: p.worker.clone(),
                competency: t.competency.clone(),
                target_level: t.level.clone(),
                due: t.due,
                lead: t.lead.clone(),
                status,
                overdue,
                days_overdue,
                gain,
                trajectory,
                explanation,
            });
        }
    }
    ProgressResult {
        framework: fw.id.clone(),
        as_of,
        min_gain,
        counts,
        targets,
        rejected,
    }
}

/// Periods CPD hours are totalled by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    /// `2025-09`.
    Month,
    /// `2025-Q3`.
    Quarter,
    /// `2025`.
    Year,
}

impl Period {
    /// The label of the period holding `d`.
    pub fn label(self, d: Date) -> String {
        let (y, m, _) = d.ymd();
        match self {
            Period::Month => format!("{y:04}-{m:02}"),
            Period::Quarter => format!("{y:04}-Q{}", (m - 1) / 3 + 1),
            Period::Year => format!("{y:04}"),
        }
    }
}

/// CPD hours of one worker in one period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct WorkerPeriodHours {
    /// Worker id.
    pub worker: String,
    /// Period label.
    pub period: String,
    /// Hours.
    pub hours: f64,
    /// Activities.
    pub activities: u32,
}

/// CPD addressing one competency.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CompetencyHours {
    /// Competency id.
    pub competency: String,
    /// Hours of activities addressing it (an activity addressing several
    /// competencies counts fully for each).
    pub hours: f64,
    /// Activities addressing it.
    pub activities: u32,
    /// Distinct workers.
    pub workers: u32,
}

/// An activity no competency is mapped to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct UnmappedActivity {
    /// Worker id.
    pub worker: String,
    /// Date.
    pub date: Date,
    /// Title.
    pub title: String,
    /// Hours.
    pub hours: f64,
}

/// CPD totals.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CpdSummary {
    /// Period used.
    pub period: Period,
    /// All hours.
    pub total_hours: f64,
    /// By worker and period, sorted by worker then period.
    pub by_worker: Vec<WorkerPeriodHours>,
    /// By competency, in framework order.
    pub by_competency: Vec<CompetencyHours>,
    /// Activities with no competency mapped.
    pub unmapped: Vec<UnmappedActivity>,
}

/// Totals CPD hours by worker and period, and by competency.
pub fn summarise_cpd(fw: &Framework, cpd: &Cpd, period: Period) -> CpdSummary {
    let mut by_worker: BTreeMap<(String, String), (f64, u32)> = BTreeMap::new();
    let mut by_competency: BTreeMap<&str, (f64, u32, std::collections::BTreeSet<&str>)> =
        BTreeMap::new();
    let mut unmapped = Vec::new();
    let mut total = 0.0;
    for a in &cpd.activities {
        total += a.hours;
        let e = by_worker
            .entry((a.worker.clone(), period.label(a.date)))
            .or_default();
        e.0 += a.hours;
        e.1 += 1;
        if a.competencies.is_empty() {
            unmapped.push(UnmappedActivity {
                worker: a.worker.clone(),
                date: a.date,
                title: a.title.clone(),
                hours: a.hours,
            });
        }
        for k in &a.competencies {
            let e = by_competency.entry(k.as_str()).or_default();
            e.0 += a.hours;
            e.1 += 1;
            e.2.insert(a.worker.as_str());
        }
    }
    CpdSummary {
        period,
        total_hours: total,
        by_worker: by_worker
            .into_iter()
            .map(
                |((worker, period), (hours, activities))| WorkerPeriodHours {
                    worker,
                    period,
                    hours,
                    activities,
                },
            )
            .collect(),
        by_competency: fw
            .competencies
            .iter()
            .map(|k| {
                let (hours, activities, workers) = by_competency
                    .get(k.id.as_str())
                    .cloned()
                    .unwrap_or_default();
                CompetencyHours {
                    competency: k.id.clone(),
                    hours,
                    activities,
                    workers: u32::try_from(workers.len()).unwrap_or(u32::MAX),
                }
            })
            .collect(),
        unmapped,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evidence::{read_str, Format};

    #[test]
    fn min_gain_is_0_or_at_least_the_threshold_step() {
        assert_eq!(check_min_gain(0.0), Ok(()));
        assert_eq!(check_min_gain(0.000001), Ok(()));
        assert_eq!(check_min_gain(1.0), Ok(()));
        assert_eq!(
            check_min_gain(1e-320),
            Err(
                "`1e-320` must be 0 or at least 0.000001 (scores are compared to within 1e-9)"
                    .into()
            )
        );
        assert_eq!(
            check_min_gain(1.5),
            Err("`1.5` must be between 0 and 1".into())
        );
        assert!(check_min_gain(f64::NAN).is_err());
    }

    #[test]
    fn becoming_assessed_at_the_level_the_score_already_had_is_not_progress() {
        let fw = Framework::from_yaml_str(
            "id: f\ntitle: F\nversion: '1'\nsource: {citation: t}\nrating_scale: {min: 1, max: 5}\n\
             levels: [{id: low, label: Low, threshold: 0}, {id: mid, label: Mid, threshold: 0.5}]\n\
             evidence_kinds: [{id: obs, label: Obs, weight: 1}]\nevidence_policy: {min_items: 2}\n\
             domains: [{id: d, label: D}]\n\
             competencies: [{id: c, domain: d, statement: S, criteria: [{id: c.a, statement: A, measure: {type: rating}}]}]\n",
        )
        .unwrap();
        let plans = Plans::from_yaml_str(
            "framework: f\nplans: [{worker: w, baseline: 2024-02-01, targets: [{competency: c, level: mid, due: 2024-12-31}]}]\n",
            &fw,
        )
        .unwrap();
        // One item (2 → 0.25) before the baseline: a score, not yet assessed
        // (min_items 2). A second low item later makes it assessed at `low`,
        // the level 0.25 already implied: no progress.
        let mut batch = Batch::default();
        let csv =
            "worker,criterion,kind,date,value\nw,c.a,obs,2024-01-10,2\nw,c.a,obs,2024-05-10,2\n";
        read_str(csv, Format::Csv, |item, line| batch.push(&item, line)).unwrap();
        let as_of = Date::from_ymd(2024, 6, 30).unwrap();
        let r = progress(
            &fw,
            &plans,
            &batch,
            as_of,
            &ScoringPolicy::for_framework(&fw),
            0.05,
        );
        let statuses: Vec<TargetStatus> = r.targets.iter().map(|t| t.status).collect();
        assert_eq!(statuses, vec![TargetStatus::NoProgress]);
        assert_eq!(r.targets[0].trajectory[1].level.as_deref(), Some("low"));
    }

    /// Review dates listed out of order (or twice, not side by side) give
    /// a trajectory in date order with each date once.
    #[test]
    fn trajectories_are_in_date_order_whatever_the_order_of_reviews() {
        let fw = Framework::from_yaml_str(
            "id: f\ntitle: F\nversion: '1'\nsource: {citation: t}\nrating_scale: {min: 1, max: 5}\n\
             levels: [{id: low, label: Low, threshold: 0}, {id: mid, label: Mid, threshold: 0.5}]\n\
             evidence_kinds: [{id: obs, label: Obs, weight: 1}]\nevidence_policy: {min_items: 2}\n\
             domains: [{id: d, label: D}]\n\
             competencies: [{id: c, domain: d, statement: S, criteria: [{id: c.a, statement: A, measure: {type: rating}}]}]\n",
        ).unwrap();
        let plans = Plans::from_yaml_str(
            "framework: f\nplans: [{worker: w, baseline: 2024-02-01, reviews: [2024-05-01, 2024-03-01, 2024-05-01], targets: [{competency: c, level: mid, due: 2024-12-31}]}]\n",
            &fw,
        )
        .unwrap();
        let as_of = Date::from_ymd(2024, 6, 30).unwrap();
        let r = progress(
            &fw,
            &plans,
            &Batch::default(),
            as_of,
            &ScoringPolicy::for_framework(&fw),
            0.05,
        );
        let dates: Vec<String> = r.targets[0]
            .trajectory
            .iter()
            .map(|p| p.date.to_string())
            .collect();
        assert_eq!(
            dates,
            ["2024-02-01", "2024-03-01", "2024-05-01", "2024-06-30"]
        );
    }
}
