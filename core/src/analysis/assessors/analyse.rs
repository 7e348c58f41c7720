//! The calibration: accepted items grouped by worker × criterion and
//! assessor, compared pair by pair, agreement per criterion and overall,
//! self-assessments against assessors.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::analysis::assessors::result::{
    AssessorAgreement, AssessorCounts, AssessorPair, AssessorRow, AssessorSettings,
    AssessorsResult, FigureExplanation, SelfAssessmentRow,
};
use crate::analysis::stats::{krippendorff_alpha, mean_interval, Level};
use crate::model::{Framework, Measure};
use crate::scoring::score::ScoreResult;

/// What to calibrate with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalibrateOptions {
    /// The evidence kind of self-assessments, if any.
    pub self_kind: Option<String>,
    /// Fewest pairs for a flag.
    pub min_pairs: u64,
}

/// Default fewest pairs for a flag.
pub const DEFAULT_MIN_PAIRS: u64 = 5;

/// The latest value one rater gave on one worker × criterion.
#[derive(Debug, Clone, Copy)]
struct Latest {
    date: crate::base::date::Date,
    line: u64,
    value: f64,
}

impl Latest {
    fn keep_later(slot: &mut Option<Latest>, new: Latest) {
        let later = match slot {
            Some(old) => (new.date, new.line) > (old.date, old.line),
            None => true,
        };
        if later {
            *slot = Some(new);
        }
    }
}

/// How a criterion's values are compared.
#[derive(Debug, Clone, Copy)]
struct Scale {
    level: Option<Level>,
    /// Scale minimum and span (ratings), to turn a normalised value back into a rating.
    min: f64,
    span: f64,
}

impl Scale {
    fn raw(self, v: f64) -> f64 {
        self.min + v * self.span
    }
    /// Whether two normalised values are equal, and at most one scale point apart.
    fn agree(self, a: f64, b: f64) -> (bool, bool) {
        let d = (self.raw(a) - self.raw(b)).abs();
        let exact = d < 1e-9;
        match self.level {
            Some(Level::Ordinal) => (exact, d <= 1.0 + 1e-9),
            _ => (exact, exact),
        }
    }
}

fn scales(fw: &Framework) -> BTreeMap<&str, (usize, &str, Scale)> {
    let mut out = BTreeMap::new();
    let mut order = 0;
    for comp in &fw.competencies {
        for c in &comp.criteria {
            let scale = match &c.measure {
                Measure::Rating { min, max } => {
                    let lo = min.unwrap_or(fw.rating_scale.min);
                    let hi = max.unwrap_or(fw.rating_scale.max);
                    Scale {
                        level: Some(Level::Ordinal),
                        min: lo,
                        span: hi - lo,
                    }
                }
                Measure::Binary {} => Scale {
                    level: Some(Level::Nominal),
                    min: 0.0,
                    span: 1.0,
                },
                _ => Scale {
                    level: None,
                    min: 0.0,
                    span: 1.0,
                },
            };
            out.insert(c.id.as_str(), (order, comp.id.as_str(), scale));
            order += 1;
        }
    }
    out
}

/// Per worker × criterion: each assessor's latest value, and the latest self-assessment.
type Units = BTreeMap<(String, String), (BTreeMap<String, Option<Latest>>, Option<Latest>)>;

/// Per assessor: items, workers, sum of values.
type Totals = BTreeMap<String, (u64, BTreeSet<String>, f64)>;

fn collect(
    scores: &ScoreResult,
    assessor_of: &HashMap<u64, String>,
    options: &CalibrateOptions,
) -> (Units, Totals, AssessorCounts) {
    let mut units: Units = BTreeMap::new();
    let mut totals: Totals = BTreeMap::new();
    let mut counts = AssessorCounts {
        items: 0,
        assessed: 0,
        self_assessed: 0,
        unattributed: 0,
        shared_units: 0,
    };
    for w in &scores.workers {
        for comp in &w.competencies {
            for crit in &comp.criteria {
                for e in &crit.evidence {
                    counts.items += 1;
                    let assessor = assessor_of.get(&e.line);
                    let is_self = options.self_kind.as_deref() == Some(&*e.kind)
                        || assessor.is_some_and(|a| a == &w.worker);
                    let latest = Latest {
                        date: e.date,
                        line: e.line,
                        value: e.value,
                    };
                    let unit = units
                        .entry((w.worker.clone(), crit.id.to_string()))
                        .or_default();
                    if is_self {
                        counts.self_assessed += 1;
                        Latest::keep_later(&mut unit.1, latest);
                        continue;
                    }
                    let Some(a) = assessor else {
                        counts.unattributed += 1;
                        continue;
                    };
                    counts.assessed += 1;
                    Latest::keep_later(unit.0.entry(a.clone()).or_default(), latest);
                    let t = totals.entry(a.clone()).or_default();
                    t.0 += 1;
                    t.1.insert(w.worker.clone());
                    t.2 += e.value;
                }
            }
        }
    }
    counts.shared_units = units.values().filter(|u| u.0.len() >= 2).count() as u64;
    (units, totals, counts)
}

fn flag_of(
    low: Option<f64>,
    high: Option<f64>,
    pairs: u64,
    min: u64,
    words: [&str; 2],
) -> Option<String> {
    let (lo, hi) = low.zip(high)?;
    if pairs < min {
        return None;
    }
    if lo > 0.0 {
        Some(words[0].to_string())
    } else if hi < 0.0 {
        Some(words[1].to_string())
    } else {
        None
    }
}

fn assessor_rows(units: &Units, totals: &Totals, min_pairs: u64) -> Vec<AssessorRow> {
    let mut pairs: BTreeMap<&str, Vec<AssessorPair>> = BTreeMap::new();
    for ((worker, criterion), (raters, _)) in units {
        let given: Vec<(&String, Latest)> = raters
            .iter()
            .filter_map(|(a, l)| l.map(|l| (a, l)))
            .collect();
        for (a, la) in &given {
            for (b, lb) in &given {
                if a == b {
                    continue;
                }
                pairs.entry(a.as_str()).or_default().push(AssessorPair {
                    worker: worker.clone(),
                    criterion: criterion.clone(),
                    value: la.value,
                    line: la.line,
                    other: (*b).clone(),
                    other_value: lb.value,
                    other_line: lb.line,
                    difference: la.value - lb.value,
                });
            }
        }
    }
    totals
        .iter()
        .map(|(a, (items, workers, sum))| {
            let mine = pairs.remove(a.as_str()).unwrap_or_default();
            let d: Vec<f64> = mine.iter().map(|p| p.difference).collect();
            let m = mean_interval(&d);
            let n = mine.len() as u64;
            let flag = flag_of(
                m.and_then(|m| m.low),
                m.and_then(|m| m.high),
                n,
                min_pairs,
                ["lenient", "severe"],
            );
            AssessorRow {
                assessor: a.clone(),
                items: *items,
                workers: workers.len() as u64,
                mean_value: if *items > 0 { sum / *items as f64 } else { 0.0 },
                pairs: n,
                leniency: m.map(|m| m.mean),
                ci_low: m.and_then(|m| m.low),
                ci_high: m.and_then(|m| m.high),
                flagged_pairs: if flag.is_some() { mine } else { Vec::new() },
                flag,
            }
        })
        .collect()
}

/// Sums behind an [`AssessorAgreement`].
#[derive(Default)]
struct AgreementSums {
    units: Vec<Vec<f64>>,
    pairs: u64,
    exact: u64,
    adjacent: u64,
}

impl AgreementSums {
    fn add(&mut self, values: Vec<f64>, scale: Scale) {
        for (i, a) in values.iter().enumerate() {
            for b in values.iter().skip(i + 1) {
                let (e, j) = scale.agree(*a, *b);
                self.pairs += 1;
                self.exact += u64::from(e);
                self.adjacent += u64::from(j);
            }
        }
        self.units.push(values);
    }
    fn finish(self, criterion: Option<(&str, &str)>, level: Level) -> AssessorAgreement {
        let share = |k: u64| (self.pairs > 0).then(|| k as f64 / self.pairs as f64);
        AssessorAgreement {
            criterion: criterion.map(|c| c.0.to_string()),
            competency: criterion.map(|c| c.1.to_string()),
            level: match level {
                Level::Ordinal => "ordinal",
                Level::Nominal => "nominal",
            }
            .to_string(),
            units: self.units.len() as u64,
            values: self.units.iter().map(|u| u.len() as u64).sum(),
            alpha: krippendorff_alpha(&self.units, level),
            pairs: self.pairs,
            exact: share(self.exact),
            adjacent: share(self.adjacent),
        }
    }
}

fn agreement(fw: &Framework, units: &Units) -> (Vec<AssessorAgreement>, Vec<AssessorAgreement>) {
    let scales = scales(fw);
    let mut per: BTreeMap<usize, (&str, &str, Scale, AgreementSums)> = BTreeMap::new();
    let mut ordinal = AgreementSums::default();
    let mut nominal = AgreementSums::default();
    for ((_, criterion), (raters, _)) in units {
        let values: Vec<f64> = raters.values().filter_map(|l| l.map(|l| l.value)).collect();
        if values.len() < 2 {
            continue;
        }
        let Some(&(order, comp, scale)) = scales.get(criterion.as_str()) else {
            continue;
        };
        let Some(level) = scale.level else { continue };
        let entry = per
            .entry(order)
            .or_insert_with(|| (criterion.as_str(), comp, scale, AgreementSums::default()));
        entry.3.add(values.clone(), scale);
        match level {
            Level::Ordinal => ordinal.add(values, scale),
            Level::Nominal => nominal.add(values, scale),
        }
    }
    let criteria = per
        .into_values()
        .filter_map(|(c, comp, scale, sums)| {
            scale.level.map(|level| sums.finish(Some((c, comp)), level))
        })
        .collect();
    let mut overall = Vec::new();
    if !ordinal.units.is_empty() {
        overall.push(ordinal.finish(None, Level::Ordinal));
    }
    if !nominal.units.is_empty() {
        overall.push(nominal.finish(None, Level::Nominal));
    }
    (criteria, overall)
}

fn self_rows(fw: &Framework, units: &Units, min_pairs: u64) -> Vec<SelfAssessmentRow> {
    let scales = scales(fw);
    let mut per: BTreeMap<&str, (Vec<f64>, BTreeSet<&str>)> = BTreeMap::new();
    for ((worker, criterion), (raters, own)) in units {
        let Some(own) = own else { continue };
        let others: Vec<f64> = raters.values().filter_map(|l| l.map(|l| l.value)).collect();
        if others.is_empty() {
            continue;
        }
        let Some(&(_, comp, _)) = scales.get(criterion.as_str()) else {
            continue;
        };
        let mean = others.iter().sum::<f64>() / others.len() as f64;
        let e = per.entry(comp).or_default();
        e.0.push(own.value - mean);
        e.1.insert(worker.as_str());
    }
    fw.competencies
        .iter()
        .filter_map(|c| {
            let (d, workers) = per.get(c.id.as_str())?;
            let m = mean_interval(d);
            let n = d.len() as u64;
            Some(SelfAssessmentRow {
                competency: c.id.clone(),
                pairs: n,
                workers: workers.len() as u64,
                mean_difference: m.map(|m| m.mean),
                ci_low: m.and_then(|m| m.low),
                ci_high: m.and_then(|m| m.high),
                flag: flag_of(
                    m.and_then(|m| m.low),
                    m.and_then(|m| m.high),
                    n,
                    min_pairs,
                    ["over", "under"],
                ),
            })
        })
        .collect()
}

const EXPLANATIONS: &[(&str, &str)] = &[
    ("items", "Accepted evidence items the assessor recorded (self-assessments and items with no assessor are left out)."),
    ("workers", "Different workers the assessor assessed."),
    ("mean_value", "Average of the assessor's values on the 0-1 scale every measure is normalised to."),
    ("pairs", "Comparisons of the assessor's latest value with another assessor's latest value on the same worker and criterion."),
    ("leniency", "Average of the assessor's value minus the other's over those pairs: above 0 the assessor rates higher than colleagues, below 0 lower."),
    ("ci", "95% t interval of that average; when it excludes 0 (with at least min_pairs pairs) the assessor is flagged lenient or severe and the pairs are listed."),
    ("alpha", "Krippendorff's alpha: 1 is perfect agreement between assessors on the same worker and criterion, 0 is no better than chance (ordinal for ratings, nominal for yes/no)."),
    ("exact", "Share of pairs of assessors giving the same value to the same worker and criterion."),
    ("adjacent", "Share of those pairs at most one scale point apart (for yes/no the same as exact)."),
    ("self_difference", "Average of a worker's own rating minus the assessors' average on the same criterion: above 0 people rate themselves higher, below 0 lower."),
];

/// Calibrates the assessors of the accepted evidence in `scores` (kept,
/// not stripped); `assessor_of` maps each item's line to its assessor.
pub fn calibrate(
    fw: &Framework,
    scores: &ScoreResult,
    assessor_of: &HashMap<u64, String>,
    options: &CalibrateOptions,
) -> AssessorsResult {
    let (units, totals, counts) = collect(scores, assessor_of, options);
    let assessors = assessor_rows(&units, &totals, options.min_pairs);
    let (criteria, overall) = agreement(fw, &units);
    let self_assessment = self_rows(fw, &units, options.min_pairs);
    AssessorsResult {
        settings: AssessorSettings {
            self_kind: options.self_kind.clone(),
            min_pairs: options.min_pairs,
            confidence: 0.95,
        },
        counts,
        assessors,
        criteria,
        overall,
        self_assessment,
        explanations: EXPLANATIONS
            .iter()
            .map(|(f, t)| FigureExplanation {
                figure: (*f).to_string(),
                text: (*t).to_string(),
            })
            .collect(),
    }
}
