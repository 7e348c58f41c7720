//! Synthetic evidence workloads for benchmarks and scale tests.
//!
//! Deterministic from a seed: the same [`Spec`] always gives the same items,
//! byte for byte, in every format. Items are spread uniformly over workers
//! and the framework's criteria, in random order, with every evidence kind
//! a criterion accepts, every measure, dates over the five years before
//! `as_of`, ids on most items, and a small share (`reject_per_mille` per
//! reason) meant to be rejected for each rejection reason: unknown
//! criterion, unknown kind, kind not accepted, invalid value, future,
//! expired, duplicate and conflicting id. [`Tally`] counts what was meant,
//! so a test can check the engine rejects exactly those.
//!
//! [`framework`] makes a framework with any number of competencies (for
//! growth with framework size); the shipped ones work as well.

use std::io::{self, Write};

use crate::base::date::Date;
use crate::model::{
    Competency, Criterion, Domain, EvidenceKind, EvidencePolicy, Framework, Level, Measure,
    RatingScale, Source,
};

/// What to generate.
#[derive(Debug, Clone, PartialEq)]
pub struct Spec {
    /// Number of evidence items (rows).
    pub items: u64,
    /// Number of distinct workers the items are spread over.
    pub workers: u64,
    /// Seed of the pseudo-random sequence.
    pub seed: u64,
    /// The date the items are meant to be scored at.
    pub as_of: Date,
    /// Items per thousand meant to be rejected, for each of the eight
    /// reasons (conflicting ids reject two items per injection).
    pub reject_per_mille: u32,
    /// Whether items carry ids (9 in 10 do); without ids there are no
    /// duplicate or conflicting-id rejections.
    pub ids: bool,
}

impl Spec {
    /// `items` items over `workers` workers, seed 42, as of 2026-06-30,
    /// 5‰ per rejection reason (about 4.5% rejected in all).
    pub fn new(items: u64, workers: u64) -> Spec {
        Spec {
            items,
            workers: workers.max(1),
            seed: 42,
            as_of: Date::from_days(20_634),
            reject_per_mille: 5,
            ids: true,
        }
    }
}

/// How many items were meant to be used or rejected, by reason.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    /// Items written.
    pub items: u64,
    /// Items meant to be rejected, by reason, in the order of
    /// [`Reason::ALL`](crate::Reason::ALL).
    pub rejected: [u64; 8],
}

/// Output formats of [`write`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    /// CSV with a header row (binary values as `yes`/`no`).
    Csv,
    /// JSON Lines (binary values as `true`/`false`).
    JsonLines,
}

/// A small, fast, good-enough pseudo-random generator (SplitMix64).
#[derive(Debug, Clone)]
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n` > 0; 0 gives 0).
    fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            return 0;
        }
        ((u128::from(self.next()) * u128::from(n)) >> 64) as u64
    }

    fn pick<'a, T>(&mut self, xs: &'a [T]) -> Option<&'a T> {
        xs.get(self.below(xs.len() as u64) as usize)
    }
}

/// A framework with `competencies` competencies (two domains), each with
/// one to four criteria of mixed measures, some accepting only some kinds;
/// levels, kinds and policy as in the shipped job retention framework.
pub fn framework(competencies: usize, seed: u64) -> Framework {
    let mut rng = Rng(seed ^ 0x5EED);
    let kind = |id: &str, weight: f64| EvidenceKind {
        id: id.into(),
        label: id.into(),
        weight,
        description: None,
    };
    let kinds = vec![
        kind("observation", 1.0),
        kind("case-audit", 1.0),
        kind("knowledge-test", 0.8),
        kind("interview", 0.7),
        kind("certificate", 1.0),
        kind("feedback", 0.8),
        kind("self-assessment", 0.4),
    ];
    let level = |id: &str, threshold: f64| Level {
        id: id.into(),
        label: id.into(),
        threshold,
        description: None,
    };
    let domains = ["knowledge", "skills"];
    let comps = (0..competencies)
        .map(|c| {
            let n = 1 + rng.below(4) as usize;
            let criteria = (0..n)
                .map(|k| {
                    let measure = match rng.below(8) {
                        0..=3 => Measure::Rating {
                            min: None,
                            max: None,
                        },
                        4 => Measure::Binary {},
                        5 => Measure::Rate {
                            target: *rng.pick(&[0.8, 0.9, 1.0]).unwrap_or(&1.0),
                        },
                        _ => Measure::Count {
                            target: (2 + rng.below(4)) as f64,
                        },
                    };
                    let accepted = match (&measure, rng.below(3)) {
                        (Measure::Rate { .. }, _) => Some(vec!["case-audit".to_string()]),
                        (Measure::Binary {}, _) => Some(vec!["certificate".to_string()]),
                        (_, 0) => Some(vec![
                            "observation".to_string(),
                            "interview".to_string(),
                            "self-assessment".to_string(),
                        ]),
                        _ => None,
                    };
                    Criterion {
                        required: false,
                        id: format!("c{}.{}", c + 1, k + 1),
                        statement: format!("Generated criterion {} of competency {}", k + 1, c + 1),
                        weight: *rng.pick(&[1.0, 1.0, 2.0, 0.5]).unwrap_or(&1.0),
                        measure,
                        kinds: accepted,
                        notes: None,
                        section: None,
                        anchors: Vec::new(),
                        scale: None,
                        case: None,
                    }
                })
                .collect();
            Competency {
                rule: None,
                id: format!("c{}", c + 1),
                statement: format!("Generated competency {}", c + 1),
                domain: if c % 2 == 0 { "knowledge" } else { "skills" }.to_string(),
                category: None,
                weight: 1.0,
                priority: None,
                criteria,
                notes: None,
                sections: Vec::new(),
                case: None,
            }
        })
        .collect();
    Framework {
        overall_levels: Vec::new(),
        id: format!("generated-{competencies}"),
        title: format!("Generated framework with {competencies} competencies"),
        version: "1.0.0".into(),
        description: Some("Synthetic, for benchmarks (`proficient generate`).".into()),
        updated: None,
        source: Source {
            citation: "Generated by proficient generate".into(),
            ..Source::default()
        },
        rating_scale: RatingScale {
            min: 1.0,
            max: 5.0,
            labels: Vec::new(),
        },
        anchored_scales: Vec::new(),
        levels: vec![
            level("not-yet-evident", 0.0),
            level("developing", 0.4),
            level("competent", 0.65),
            level("excellent", 0.85),
        ],
        evidence_kinds: kinds,
        evidence_policy: EvidencePolicy {
            aggregate: crate::model::Aggregate::WeightedMean,
            half_life_days: Some(730.0),
            max_age_days: Some(1825),
            min_items: 2,
            min_coverage: 0.5,
        },
        categories: Vec::new(),
        domains: domains
            .iter()
            .map(|d| Domain {
                levels: Vec::new(),
                id: (*d).into(),
                label: (*d).into(),
                case: None,
            })
            .collect(),
        competencies: comps,
        case: None,
    }
}

/// A generated value, per measure.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value {
    /// A rating or count.
    Number(f64),
    /// A binary yes/no.
    Bool(bool),
    /// A rate's numerator and denominator.
    Rate(f64, f64),
    /// No value (invalid for every measure).
    Missing,
}

/// One generated evidence item (texts borrowed from the framework).
#[derive(Debug, Clone, PartialEq)]
pub struct Item<'a> {
    /// Item number, written as id `e{n}`; `None`: no id.
    pub id: Option<u64>,
    /// Worker number, written as `w{n}` zero-padded.
    pub worker: u64,
    /// Criterion id.
    pub criterion: &'a str,
    /// Evidence kind id.
    pub kind: &'a str,
    /// Date of the evidence.
    pub date: Date,
    /// Assessor number, written as `a{n}`.
    pub assessor: u32,
    /// The value.
    pub value: Value,
    /// Expiry date, if any.
    pub expires: Option<Date>,
    /// A free-text note, if any (some contain commas and quotes).
    pub note: Option<&'static str>,
}

const NOTES: [&str; 4] = [
    "seen at review",
    "RtW plan, case 12, agreed with HR",
    "employer said \"very helpful\"",
    "follow-up booked",
];

struct Crit<'a> {
    id: &'a str,
    measure: &'a Measure,
    kinds: Vec<&'a str>,
    refused: Vec<&'a str>,
}

/// The item stream of a [`Spec`]: an iterator of [`Item`]s.
pub struct Items<'a> {
    spec: Spec,
    scale: (f64, f64),
    criteria: Vec<Crit<'a>>,
    restricted: Vec<usize>,
    max_age: Option<u32>,
    rng: Rng,
    n: u64,
    /// The last item that is meant to be used and has an id, to copy.
    last: Option<Item<'a>>,
    tally: Tally,
}

impl<'a> Items<'a> {
    /// The items of `spec` over `fw`.
    pub fn new(fw: &'a Framework, spec: &Spec) -> Items<'a> {
        let all: Vec<&str> = fw.evidence_kinds.iter().map(|k| k.id.as_str()).collect();
        let criteria: Vec<Crit<'a>> = fw
            .competencies
            .iter()
            .flat_map(|c| c.criteria.iter())
            .map(|k| {
                let kinds: Vec<&str> = match &k.kinds {
                    Some(ks) => ks.iter().map(String::as_str).collect(),
                    None => all.clone(),
                };
                let refused = all.iter().filter(|a| !kinds.contains(a)).copied().collect();
                Crit {
                    id: &k.id,
                    measure: &k.measure,
                    kinds,
                    refused,
                }
            })
            .collect();
        let restricted = (0..criteria.len())
            .filter(|&i| criteria.get(i).is_some_and(|c| !c.refused.is_empty()))
            .collect();
        Items {
            spec: spec.clone(),
            scale: (fw.rating_scale.min, fw.rating_scale.max),
            criteria,
            restricted,
            max_age: fw.evidence_policy.max_age_days,
            rng: Rng(spec.seed),
            n: 0,
            last: None,
            tally: Tally::default(),
        }
    }

    /// What was meant so far (all of it once the iterator is exhausted).
    pub fn tally(&self) -> &Tally {
        &self.tally
    }

    fn value(&mut self, measure: &Measure) -> Value {
        let r = &mut self.rng;
        match measure {
            Measure::Rating { min, max } => {
                let lo = min.unwrap_or(self.scale.0);
                let hi = max.unwrap_or(self.scale.1);
                let steps = (hi - lo).max(0.0) as u64;
                Value::Number(lo + r.below(steps + 1) as f64)
            }
            Measure::Binary {} => Value::Bool(r.below(3) != 0),
            Measure::Rate { .. } => {
                let d = 1 + r.below(12);
                Value::Rate(r.below(d + 1) as f64, d as f64)
            }
            Measure::Count { target } => Value::Number(r.below(target.max(1.0) as u64 + 2) as f64),
        }
    }

    fn invalid(&mut self, measure: &Measure) -> Value {
        match (measure, self.rng.below(2)) {
            (_, 0) => Value::Missing,
            (Measure::Rating { max, .. }, _) => Value::Number(max.unwrap_or(self.scale.1) + 1.0),
            (Measure::Binary {}, _) => Value::Number(2.0),
            (Measure::Rate { .. }, _) => Value::Rate(1.0, 0.0),
            (Measure::Count { .. }, _) => Value::Number(-1.0),
        }
    }

    /// A clean item: meant to be used.
    fn clean(&mut self) -> Option<Item<'a>> {
        let ci = self.rng.below(self.criteria.len() as u64) as usize;
        let crit = self.criteria.get(ci)?;
        let (id, measure) = (crit.id, crit.measure);
        let kind = *self.rng.pick(&crit.kinds)?;
        let value = self.value(measure);
        let age = self.rng.below(1800) as i32;
        let date = Date::from_days(self.spec.as_of.days() - age);
        let expires = (self.rng.below(10) == 0)
            .then(|| Date::from_days(self.spec.as_of.days() + 1 + self.rng.below(700) as i32));
        let note = if self.rng.below(50) == 0 {
            self.rng.pick(&NOTES).copied()
        } else {
            None
        };
        Some(Item {
            id: (self.rng.below(10) != 0 && self.spec.ids).then_some(self.n),
            worker: self.rng.below(self.spec.workers),
            criterion: id,
            kind,
            date,
            assessor: self.rng.below(500) as u32,
            value,
            expires,
            note,
        })
    }

    /// Turns a clean item into one meant to be rejected for `reason`
    /// (an index into `Reason::ALL`); false when it cannot (then it stays clean).
    fn spoil(&mut self, item: &mut Item<'a>, reason: usize) -> bool {
        let as_of = self.spec.as_of.days();
        match reason {
            0 => item.criterion = "no-such-criterion",
            1 => item.kind = "no-such-kind",
            2 => {
                let Some(&ci) = self.rng.pick(&self.restricted) else {
                    return false;
                };
                let Some(crit) = self.criteria.get(ci) else {
                    return false;
                };
                let (id, measure) = (crit.id, crit.measure);
                let Some(&kind) = self.rng.pick(&crit.refused) else {
                    return false;
                };
                item.criterion = id;
                item.kind = kind;
                item.value = self.value(measure);
            }
            3 => {
                let Some(measure) = self
                    .criteria
                    .iter()
                    .find(|c| c.id == item.criterion)
                    .map(|c| c.measure)
                else {
                    return false;
                };
                item.value = self.invalid(measure);
            }
            4 => item.date = Date::from_days(as_of + 1 + self.rng.below(60) as i32),
            _ => {
                if self.max_age.is_none() || self.rng.below(2) == 0 {
                    item.expires = Some(Date::from_days(as_of - 1 - self.rng.below(300) as i32));
                } else {
                    let max = self.max_age.unwrap_or(0) as i32;
                    item.date = Date::from_days(as_of - max - 1 - self.rng.below(400) as i32);
                }
            }
        }
        true
    }
}

impl<'a> Iterator for Items<'a> {
    type Item = Item<'a>;

    fn next(&mut self) -> Option<Item<'a>> {
        if self.n >= self.spec.items {
            return None;
        }
        let roll = self.rng.below(1000);
        let per = u64::from(self.spec.reject_per_mille);
        // Reason r when roll falls in [r·per, (r+1)·per).
        let reason = (per > 0 && roll < 8 * per).then(|| (roll / per) as usize);
        let item = match reason {
            Some(6) | Some(7) if self.last.is_some() => {
                let mut copy = self.last.take()?;
                if reason == Some(7) {
                    // Same id, different content: both are rejected.
                    copy.assessor += 1;
                    if let Some(t) = self.tally.rejected.get_mut(7) {
                        *t += 2;
                    }
                } else if let Some(t) = self.tally.rejected.get_mut(6) {
                    *t += 1;
                }
                copy
            }
            Some(r) if r < 6 => {
                let mut item = self.clean()?;
                if self.spoil(&mut item, r) {
                    if let Some(t) = self.tally.rejected.get_mut(r) {
                        *t += 1;
                    }
                } else if item.id.is_some() {
                    self.last = Some(item.clone());
                }
                item
            }
            _ => {
                let item = self.clean()?;
                if item.id.is_some() {
                    self.last = Some(item.clone());
                }
                item
            }
        };
        self.n += 1;
        self.tally.items += 1;
        Some(item)
    }
}

/// Whether evidence can be generated over `fw`: not when it has no
/// criteria (a framework with no competencies is valid, a shell being
/// authored, but there is nothing to generate evidence for).
pub fn check(fw: &Framework) -> Result<(), String> {
    if fw.competencies.iter().all(|c| c.criteria.is_empty()) {
        return Err(format!(
            "framework `{}` has no criteria, expected at least one criterion to generate evidence for",
            fw.id
        ));
    }
    Ok(())
}

/// Writes `items` of `spec` over `fw` in `format`; returns what was meant.
/// Fails (`InvalidInput`) on a framework with no criteria (see [`check`]).
pub fn write(
    fw: &Framework,
    spec: &Spec,
    format: Output,
    out: &mut dyn Write,
) -> io::Result<Tally> {
    check(fw).map_err(|e| io::Error::new(io::ErrorKind::InvalidInput, e))?;
    let width = spec.workers.saturating_sub(1).max(1).to_string().len();
    let mut items = Items::new(fw, spec);
    if format == Output::Csv {
        writeln!(
            out,
            "id,worker,criterion,kind,date,assessor,value,numerator,denominator,expires,note"
        )?;
    }
    let mut buf = String::with_capacity(256);
    for item in items.by_ref() {
        buf.clear();
        match format {
            Output::Csv => csv_row(&mut buf, &item, width),
            Output::JsonLines => json_row(&mut buf, &item, width),
        }
        out.write_all(buf.as_bytes())?;
    }
    Ok(items.tally().clone())
}

/// A worker's id: `w` and the number zero-padded to `width` digits.
pub fn worker_id(n: u64, width: usize) -> String {
    format!("w{n:0width$}")
}

/// The text of a number as written (`3`, `0.5`).
fn number(x: f64) -> String {
    format!("{x}")
}

/// The value, numerator and denominator columns as text (`yes_no`: binary
/// as yes/no, else true/false).
pub fn value_texts(v: Value, yes_no: bool) -> [Option<String>; 3] {
    match v {
        Value::Number(x) => [Some(number(x)), None, None],
        Value::Bool(b) => {
            let t = match (b, yes_no) {
                (true, true) => "yes",
                (false, true) => "no",
                (true, false) => "true",
                (false, false) => "false",
            };
            [Some(t.into()), None, None]
        }
        Value::Rate(n, d) => [None, Some(number(n)), Some(number(d))],
        Value::Missing => [None, None, None],
    }
}

fn csv_row(buf: &mut String, item: &Item<'_>, width: usize) {
    use crate::render::csv_out::{push_text, Formulas};
    use std::fmt::Write as _;
    // The file is input for proficient, read back as written: text cells
    // are kept as they are (`Formulas::Keep`). They are generated ids, the
    // framework's ids (letters, digits, `-`, `_`, `.`) and fixed notes.
    let [v, n, d] = value_texts(item.value, true);
    let opt = |s: Option<String>| s.unwrap_or_default();
    if let Some(i) = item.id {
        let _ = write!(buf, "e{i}");
    }
    buf.push(',');
    push_text(buf, &worker_id(item.worker, width), Formulas::Keep);
    buf.push(',');
    push_text(buf, item.criterion, Formulas::Keep);
    buf.push(',');
    push_text(buf, item.kind, Formulas::Keep);
    let _ = write!(
        buf,
        ",{},a{},{},{},{},{},",
        item.date,
        item.assessor,
        opt(v),
        opt(n),
        opt(d),
        item.expires.map(|e| e.to_string()).unwrap_or_default(),
    );
    if let Some(note) = item.note {
        push_text(buf, note, Formulas::Keep);
    }
    buf.push('\n');
}

fn json_row(buf: &mut String, item: &Item<'_>, width: usize) {
    use std::fmt::Write as _;
    buf.push('{');
    if let Some(i) = item.id {
        let _ = write!(buf, "\"id\":\"e{i}\",");
    }
    let _ = write!(
        buf,
        "\"worker\":\"{}\",\"criterion\":\"{}\",\"kind\":\"{}\",\"date\":\"{}\",\"assessor\":\"a{}\"",
        worker_id(item.worker, width),
        item.criterion,
        item.kind,
        item.date,
        item.assessor
    );
    match item.value {
        Value::Number(x) => {
            let _ = write!(buf, ",\"value\":{}", number(x));
        }
        Value::Bool(b) => {
            let _ = write!(buf, ",\"value\":{b}");
        }
        Value::Rate(n, d) => {
            let _ = write!(
                buf,
                ",\"numerator\":{},\"denominator\":{}",
                number(n),
                number(d)
            );
        }
        Value::Missing => {}
    }
    if let Some(e) = item.expires {
        let _ = write!(buf, ",\"expires\":\"{e}\"");
    }
    if let Some(note) = item.note {
        let _ = write!(buf, ",\"note\":{}", serde_json::Value::from(note));
    }
    buf.push_str("}\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evidence;
    use crate::{Explain, Scorer, ScoringPolicy};

    fn score(fw: &Framework, spec: &Spec, format: Output) -> (crate::ScoreResult, Tally) {
        let mut bytes = Vec::new();
        let tally = write(fw, spec, format, &mut bytes).unwrap();
        let text = String::from_utf8(bytes).unwrap();
        let f = match format {
            Output::Csv => evidence::Format::Csv,
            Output::JsonLines => evidence::Format::JsonLines,
        };
        let policy = ScoringPolicy::for_framework(fw);
        let mut scorer = Scorer::new(fw, spec.as_of, policy, Explain::None);
        evidence::read_str(&text, f, |item, line| scorer.push(item, line)).unwrap();
        (scorer.finish(), tally)
    }

    fn reasons(r: &crate::ScoreResult) -> [u64; 8] {
        let mut out = [0; 8];
        for rej in &r.rejected {
            let i = crate::Reason::ALL
                .iter()
                .position(|r| *r == rej.reason)
                .unwrap();
            out[i] += 1;
        }
        out
    }

    #[test]
    fn the_engine_rejects_exactly_the_items_meant_and_formats_agree() {
        let shipped = Framework::load("job-retention").unwrap();
        for fw in [shipped, framework(40, 7)] {
            let spec = Spec {
                seed: 9,
                ..Spec::new(20_000, 300)
            };
            let (csv, tally) = score(&fw, &spec, Output::Csv);
            assert_eq!(tally.items, 20_000);
            assert_eq!(reasons(&csv), tally.rejected, "{}", fw.id);
            assert!(tally.rejected.iter().all(|&n| n > 30), "{tally:?}");
            assert_eq!(csv.counts.items, 20_000);
            let (jsonl, _) = score(&fw, &spec, Output::JsonLines);
            assert_eq!(
                serde_json::to_value(&csv.workers).unwrap(),
                serde_json::to_value(&jsonl.workers).unwrap()
            );
        }
    }

    #[test]
    fn output_is_deterministic_and_depends_on_the_seed() {
        let fw = framework(5, 1);
        let run = |seed| {
            let mut b = Vec::new();
            let spec = Spec {
                seed,
                ..Spec::new(500, 20)
            };
            write(&fw, &spec, Output::Csv, &mut b).unwrap();
            b
        };
        assert_eq!(run(3), run(3));
        assert_ne!(run(3), run(4));
    }

    #[test]
    fn generated_frameworks_are_valid() {
        for k in [1, 16, 200] {
            let fw = framework(k, 3);
            let yaml = crate::interop::case::framework_yaml(&fw).unwrap();
            let back = Framework::from_yaml_str(&yaml).unwrap();
            assert_eq!(back.competencies.len(), k);
        }
    }
}
