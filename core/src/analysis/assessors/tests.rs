//! Calibration on small hand-worked data (the expected figures are worked
//! out in the comments, not taken from the program).

use std::collections::HashMap;

use crate::analysis::assessors::{calibrate, AssessorsResult, CalibrateOptions};
use crate::evidence::{EvidenceItem, RawValue};
use crate::model::Framework;
use crate::scoring::policy::ScoringPolicy;
use crate::scoring::score::{Explain, Scorer};
use crate::Date;

const FRAMEWORK: &str = r"
id: mini
title: Mini
version: '1'
source: {citation: Test}
rating_scale: {min: 1, max: 5}
levels:
  - {id: low, label: Low, threshold: 0}
evidence_kinds:
  - {id: obs, label: Observation, weight: 1}
  - {id: self, label: Self, weight: 1}
categories:
  - {id: cat, label: Category}
domains:
  - {id: d, label: D}
competencies:
  - id: c1
    domain: d
    category: cat
    statement: One
    criteria:
      - {id: r1, statement: Rated, measure: {type: rating}}
  - id: c2
    domain: d
    category: cat
    statement: Two
    criteria:
      - {id: b1, statement: Yes or no, measure: {type: binary}}
";

/// `(worker, criterion, kind, assessor, value)`.
type Row<'a> = (&'a str, &'a str, &'a str, &'a str, &'a str);

fn run(rows: &[Row<'_>], min_pairs: u64) -> AssessorsResult {
    let fw = Framework::from_yaml_str(FRAMEWORK).unwrap();
    let policy = ScoringPolicy::for_framework(&fw);
    let day = Date::parse("2026-01-01").unwrap();
    let mut scorer = Scorer::new(&fw, day, policy, Explain::All);
    let mut assessor_of = HashMap::new();
    for (i, (w, c, k, a, v)) in rows.iter().enumerate() {
        let item = EvidenceItem {
            id: None,
            worker: (*w).into(),
            criterion: (*c).into(),
            kind: (*k).into(),
            date: day,
            assessor: (!a.is_empty()).then(|| (*a).to_string()),
            value: Some(RawValue::Text((*v).into())),
            numerator: None,
            denominator: None,
            expires: None,
            note: None,
        };
        if !a.is_empty() {
            assessor_of.insert(i as u64 + 1, (*a).to_string());
        }
        scorer.push(item.as_item_ref(), i + 1);
    }
    let scores = scorer.finish();
    let options = CalibrateOptions {
        self_kind: Some("self".into()),
        min_pairs,
    };
    calibrate(&fw, &scores, &assessor_of, &options)
}

fn close(a: Option<f64>, b: f64) {
    let a = a.unwrap();
    assert!((a - b).abs() < 1e-12, "{a} != {b}");
}

#[test]
fn hand_worked_figures() {
    let r = run(
        &[
            ("w1", "r1", "obs", "A", "5"),
            ("w1", "r1", "obs", "B", "3"),
            ("w2", "r1", "obs", "A", "4"),
            ("w2", "r1", "obs", "B", "3"),
            ("w3", "r1", "obs", "A", "4"),
            ("w3", "r1", "obs", "B", "4"),
            ("w1", "b1", "obs", "A", "yes"),
            ("w1", "b1", "obs", "B", "yes"),
            ("w2", "b1", "obs", "A", "yes"),
            ("w2", "b1", "obs", "B", "no"),
            ("w1", "r1", "self", "w1", "5"),
            ("w2", "r1", "obs", "w2", "2"),
            ("w3", "r1", "obs", "", "2"),
        ],
        2,
    );
    assert_eq!(r.counts.items, 13);
    assert_eq!(r.counts.assessed, 10);
    assert_eq!(r.counts.self_assessed, 2);
    assert_eq!(r.counts.unattributed, 1);
    let a = &r.assessors[0];
    assert_eq!(
        (a.assessor.as_str(), a.items, a.workers, a.pairs),
        ("A", 5, 3, 5)
    );
    // A's values 1, .75, .75, 1, 1: mean .9.
    assert!((a.mean_value - 0.9).abs() < 1e-12);
    // Differences .5, .25, 0 (ratings) and 0, 1 (yes/no): mean .35, sample
    // variance .7/4, t(.975; 4) = 2.7764451051977987.
    close(a.leniency, 0.35);
    let half = 2.776_445_105_197_798_7 * (0.7f64 / 4.0).sqrt() / 5f64.sqrt();
    close(a.ci_low, 0.35 - half);
    close(a.ci_high, 0.35 + half);
    assert_eq!(a.flag, None);
    close(r.assessors[1].leniency, -0.35);
    // Ordinal alpha of units {5,3}, {4,3}, {4,4}: 1 − 53/36 (see the module
    // docs of the worked coincidence matrix: n3 = 2, n4 = 3, n5 = 1).
    let r1 = &r.criteria[0];
    assert_eq!((r1.level.as_str(), r1.units, r1.pairs), ("ordinal", 3, 3));
    close(r1.alpha, 1.0 - 53.0 / 36.0);
    close(r1.exact, 1.0 / 3.0);
    close(r1.adjacent, 2.0 / 3.0);
    // Nominal alpha of {yes,yes}, {yes,no}: 1 − 2/2 = 0.
    let b1 = &r.criteria[1];
    assert_eq!(b1.level, "nominal");
    close(b1.alpha, 0.0);
    close(b1.exact, 0.5);
    close(b1.adjacent, 0.5);
    assert_eq!(r.overall.len(), 2);
    close(r.overall[0].alpha, 1.0 - 53.0 / 36.0);
    // Self: w1 1 − (1 + .5)/2 = .25; w2 (assessor = worker) .25 − (.75 + .5)/2 = −.375.
    let s = &r.self_assessment[0];
    assert_eq!((s.competency.as_str(), s.pairs, s.workers), ("c1", 2, 2));
    close(s.mean_difference, -0.0625);
    assert_eq!(r.explanations.len(), 10);
}

#[test]
fn a_consistently_lenient_assessor_is_flagged_with_the_pairs() {
    // A one point above B on five workers: differences all .25, interval [.25, .25].
    let rows: Vec<(String, &str)> = (1..=5).map(|i| (format!("w{i}"), "")).collect();
    let mut data: Vec<Row<'_>> = Vec::new();
    let values = [("2", "1"), ("3", "2"), ("4", "3"), ("5", "4"), ("3", "2")];
    for ((w, _), (a, b)) in rows.iter().zip(values) {
        data.push((w, "r1", "obs", "A", a));
        data.push((w, "r1", "obs", "B", b));
    }
    let r = run(&data, 5);
    assert_eq!(r.assessors[0].flag.as_deref(), Some("lenient"));
    assert_eq!(r.assessors[0].flagged_pairs.len(), 5);
    assert!(r.assessors[0]
        .flagged_pairs
        .iter()
        .all(|p| (p.difference - 0.25).abs() < 1e-12));
    assert_eq!(r.assessors[1].flag.as_deref(), Some("severe"));
    // Below min_pairs: no flag.
    let r = run(&data[..8], 5);
    assert_eq!(r.assessors[0].flag, None);
    assert!(r.assessors[0].flagged_pairs.is_empty());
}
