//! Properties of the default policy that must hold for any input:
//! permutation invariance, scores in [0, 1], every item used or rejected
//! exactly once, and idempotence for items with ids.

#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use proficient::evidence::{EvidenceItem, RawValue};
use proficient::{score_items, Date, Explain, Framework, ScoreResult, ScoringPolicy};
use proptest::prelude::*;

const FRAMEWORK: &str = r#"
id: prop
title: Property framework
version: "1"
source: {citation: generated}
rating_scale: {min: 1, max: 5}
levels:
  - {id: none, label: None, threshold: 0}
  - {id: some, label: Some, threshold: 0.4}
  - {id: good, label: Good, threshold: 0.65}
evidence_kinds:
  - {id: obs, label: Observation, weight: 1}
  - {id: cert, label: Certificate, weight: 0.7}
  - {id: self, label: Self, weight: 0.3}
evidence_policy: {half_life_days: 200, max_age_days: 700, min_items: 2, min_coverage: 0.5}
domains:
  - {id: k, label: Knowledge}
  - {id: s, label: Skills}
competencies:
  - id: c1
    domain: k
    weight: 2
    statement: One
    criteria:
      - {id: r, statement: rating, measure: {type: rating}}
      - {id: b, statement: binary, measure: {type: binary}, kinds: [cert], weight: 0.5}
  - id: c2
    domain: s
    statement: Two
    criteria:
      - {id: q, statement: rate, measure: {type: rate, target: 0.8}}
      - {id: n, statement: count, measure: {type: count, target: 3}, kinds: [obs, self]}
"#;

fn framework() -> Framework {
    Framework::from_yaml_str(FRAMEWORK).unwrap()
}

fn as_of() -> Date {
    Date::parse("2024-06-30").unwrap()
}

fn item_strategy(with_id: bool) -> impl Strategy<Value = EvidenceItem> {
    (
        0..6u8,                       // id
        0..4u8,                       // worker
        0..6usize,                    // criterion (4, 5 unknown)
        0..4usize,                    // kind (3 unknown)
        -800..30i32,                  // date offset from as_of
        prop::option::of(-10..40i32), // expires offset
        -2.0..8.0f64,                 // value
        0..12u8,                      // numerator
        0..6u8,                       // denominator
        any::<bool>(),
    )
        .prop_map(move |(id, w, c, k, d, e, v, num, den, text)| {
            let crit = ["r", "b", "q", "n", "zz", "r2"][c];
            let kind = ["obs", "cert", "self", "video"][k];
            let date = Date::from_days(as_of().days() + d);
            let value = match crit {
                "b" => Some(if text {
                    RawValue::Text(["yes", "No", "maybe", "1"][(num % 4) as usize].into())
                } else {
                    RawValue::Bool(v > 3.0)
                }),
                "n" => Some(RawValue::Number(v.round())),
                _ => Some(RawValue::Number((v * 2.0).round() / 2.0)),
            };
            EvidenceItem {
                id: with_id.then(|| format!("e{id}")),
                worker: format!("w{w}"),
                criterion: crit.into(),
                kind: kind.into(),
                date,
                assessor: None,
                value,
                numerator: Some(RawValue::Number(f64::from(num))),
                denominator: Some(RawValue::Number(f64::from(den))),
                expires: e.map(|e| Date::from_days(as_of().days() + e)),
                note: None,
            }
        })
}

fn items_strategy() -> impl Strategy<Value = Vec<EvidenceItem>> {
    prop::collection::vec(
        prop_oneof![item_strategy(true), item_strategy(false)],
        0..60,
    )
}

fn score(items: &[EvidenceItem]) -> ScoreResult {
    let fw = framework();
    let policy = ScoringPolicy::for_framework(&fw);
    score_items(&fw, items, as_of(), policy, Explain::All)
}

/// The result without input positions, with lists put in a canonical order,
/// so results of permuted inputs can be compared.
fn canonical(r: &ScoreResult) -> serde_json::Value {
    let mut v = serde_json::to_value(r).unwrap();
    for w in v["workers"].as_array_mut().unwrap() {
        for c in w["competencies"].as_array_mut().unwrap() {
            for k in c["criteria"].as_array_mut().unwrap() {
                let ev = k["evidence"].as_array_mut().unwrap();
                for e in ev.iter_mut() {
                    e.as_object_mut().unwrap().remove("line");
                }
                ev.sort_by_key(|e| e.to_string());
            }
        }
    }
    let rej = v["rejected"].as_array_mut().unwrap();
    for x in rej.iter_mut() {
        let o = x.as_object_mut().unwrap();
        o.remove("line");
        o.remove("detail");
    }
    rej.sort_by_key(|e| e.to_string());
    v
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn permutations_give_identical_results(items in items_strategy(), seed in any::<u64>()) {
        let mut shuffled = items.clone();
        // Fisher–Yates with a simple LCG, driven by the generated seed.
        let mut s = seed | 1;
        for i in (1..shuffled.len()).rev() {
            s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let j = (s >> 33) as usize % (i + 1);
            shuffled.swap(i, j);
        }
        let (a, b) = (score(&items), score(&shuffled));
        prop_assert_eq!(canonical(&a), canonical(&b));
    }

    #[test]
    fn scores_lie_in_unit_interval_and_every_item_is_accounted_for(items in items_strategy()) {
        let r = score(&items);
        prop_assert_eq!(r.counts.items as usize, items.len());
        prop_assert_eq!(r.counts.used + r.counts.rejected, r.counts.items);
        prop_assert_eq!(r.rejected.len() as u64, r.counts.rejected);
        let mut used = 0u64;
        let unit = |x: Option<f64>| x.is_none_or(|x| (0.0..=1.0).contains(&x));
        for w in &r.workers {
            prop_assert!(unit(w.overall));
            for d in &w.domains { prop_assert!(unit(d.score)); }
            for c in &w.competencies {
                prop_assert!(unit(c.score));
                prop_assert!((0.0..=1.0).contains(&c.coverage));
                prop_assert_eq!(c.level.is_some(), c.status == proficient::score::Status::Assessed);
                for k in &c.criteria {
                    prop_assert!(unit(k.score));
                    prop_assert_eq!(k.items as usize, k.evidence.len());
                    used += k.items;
                    for e in &k.evidence { prop_assert!((0.0..=1.0).contains(&e.value) && e.weight > 0.0); }
                }
            }
        }
        prop_assert_eq!(used, r.counts.used);
    }

    #[test]
    fn loading_items_with_ids_twice_changes_no_score(items in prop::collection::vec(item_strategy(true), 0..40)) {
        let twice: Vec<EvidenceItem> = items.iter().chain(&items).cloned().collect();
        let (a, b) = (score(&items), score(&twice));
        let strip = |r: &ScoreResult| {
            let mut v = canonical(r);
            v.as_object_mut().unwrap().remove("rejected");
            v.as_object_mut().unwrap().remove("counts");
            v
        };
        prop_assert_eq!(strip(&a), strip(&b));
        prop_assert_eq!(b.counts.used, a.counts.used);
    }
}

#[test]
fn conflicting_ids_reject_every_copy_and_identical_copies_count_once() {
    let base = EvidenceItem {
        id: Some("x".into()),
        worker: "w".into(),
        criterion: "r".into(),
        kind: "obs".into(),
        date: as_of(),
        assessor: None,
        value: Some(RawValue::Number(5.0)),
        numerator: None,
        denominator: None,
        expires: None,
        note: None,
    };
    let mut other = base.clone();
    other.value = Some(RawValue::Text("4".into()));
    let r = score(&[base.clone(), other.clone(), base.clone()]);
    let reasons: Vec<&str> = r.rejected.iter().map(|x| x.reason.as_str()).collect();
    assert_eq!(reasons, ["conflicting_id"; 3]);
    // "5" as text and 5 as a number are the same value: duplicates, not conflicts.
    let mut same = base.clone();
    same.value = Some(RawValue::Text("5.0".into()));
    let r = score(&[base, same]);
    let reasons: Vec<&str> = r.rejected.iter().map(|x| x.reason.as_str()).collect();
    assert_eq!(reasons, ["duplicate"]);
    assert_eq!(r.rejected[0].line, 2);
}
