//! Scoring arbitrary well-typed items (any worker, mostly known and some
//! unknown criteria and kinds, any dates, values of every type including
//! NaN and infinities, and values in and near the measures' ranges) under
//! any policy the overrides check accepts: never panics, every item is
//! used or rejected exactly once, scores lie in [0, 1], and the order of
//! the items does not change scores.
#![no_main]

use std::sync::OnceLock;

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use proficient::evidence::{EvidenceItem, RawValue};
use proficient::scoring::policy::PolicyOverrides;
use proficient::{score_items, Date, Explain, Framework, ScoringPolicy};

fn framework() -> &'static Framework {
    static FW: OnceLock<Framework> = OnceLock::new();
    FW.get_or_init(|| Framework::load("job-retention").expect("shipped framework"))
}

#[derive(Arbitrary, Debug)]
enum Value {
    Bool(bool),
    Number(f64),
    /// A small number (-2 to 12, in tenths now and then): in or near the
    /// ranges of ratings, rates and counts.
    Small(i8, bool),
    Text(String),
    /// A small number as text (`"3"`, `" 4.5"`).
    SmallText(i8, bool),
}

#[derive(Arbitrary, Debug)]
struct Item {
    id: Option<u8>,
    worker: u8,
    criterion: u8,
    kind: u8,
    date: i16,
    assessor: Option<u8>,
    value: Option<Value>,
    numerator: Option<Value>,
    denominator: Option<Value>,
    expires: Option<i16>,
}

#[derive(Arbitrary, Debug)]
struct Policy {
    half_life_days: Option<Option<f64>>,
    max_age_days: Option<Option<u16>>,
    min_items: Option<u8>,
    min_coverage: Option<f64>,
    kind_weights: Vec<(u8, f64)>,
}

#[derive(Arbitrary, Debug)]
struct Input {
    as_of: i16,
    policy: Option<Policy>,
    items: Vec<Item>,
}

fn small(n: i8, tenths: bool) -> f64 {
    let n = f64::from(n.rem_euclid(15) - 2);
    if tenths {
        n / 10.0 * 3.0
    } else {
        n
    }
}

fn raw(v: Option<Value>) -> Option<RawValue> {
    v.map(|v| match v {
        Value::Bool(b) => RawValue::Bool(b),
        Value::Number(n) => RawValue::Number(n),
        Value::Small(n, t) => RawValue::Number(small(n, t)),
        Value::Text(t) => RawValue::Text(t),
        Value::SmallText(n, t) => RawValue::Text(if t {
            format!(" {}", small(n, t))
        } else {
            small(n, t).to_string()
        }),
    })
}

/// Picks from `known` most of the time, else an unknown name.
fn pick(known: &[&str], n: u8, unknown: &str) -> String {
    let i = usize::from(n) % (known.len() + 2);
    known
        .get(i)
        .map_or_else(|| format!("{unknown}{n}"), |s| s.to_string())
}

fn in_unit(x: Option<f64>) -> bool {
    x.is_none_or(|x| (0.0..=1.0).contains(&x))
}

fuzz_target!(|input: Input| {
    let fw = framework();
    let criteria: Vec<&str> = fw
        .competencies
        .iter()
        .flat_map(|c| c.criteria.iter().map(|cr| cr.id.as_str()))
        .collect();
    let kinds: Vec<&str> = fw.evidence_kinds.iter().map(|k| k.id.as_str()).collect();
    let base = Date::parse("2024-06-30").expect("date").days();
    let items: Vec<EvidenceItem> = input
        .items
        .into_iter()
        .map(|i| EvidenceItem {
            id: i.id.map(|n| format!("e{}", n % 16)),
            worker: format!("w{}", i.worker % 8),
            criterion: pick(&criteria, i.criterion, "unknown"),
            kind: pick(&kinds, i.kind, "kind"),
            date: Date::from_days(base + i32::from(i.date)),
            assessor: i.assessor.map(|n| format!("a{}", n % 4)),
            value: raw(i.value),
            numerator: raw(i.numerator),
            denominator: raw(i.denominator),
            expires: i.expires.map(|d| Date::from_days(base + i32::from(d))),
            note: None,
        })
        .collect();
    let as_of = Date::from_days(base + i32::from(input.as_of));
    let policy = match input.policy {
        None => ScoringPolicy::for_framework(fw),
        Some(p) => {
            let overrides = PolicyOverrides {
                half_life_days: p.half_life_days,
                max_age_days: p.max_age_days.map(|m| m.map(u32::from)),
                min_items: p.min_items.map(u32::from),
                min_coverage: p.min_coverage,
                kind_weights: p
                    .kind_weights
                    .into_iter()
                    .map(|(k, w)| (pick(&kinds, k, "kind"), w))
                    .collect(),
            };
            match ScoringPolicy::with_overrides(fw, &overrides) {
                Ok(policy) => policy,
                Err(e) => {
                    assert!(!e.diagnostics().is_empty());
                    return;
                }
            }
        }
    };
    let r = score_items(fw, &items, as_of, policy.clone(), Explain::None);
    assert_eq!(r.counts.items, items.len() as u64);
    assert_eq!(r.counts.used + r.counts.rejected, r.counts.items);
    assert_eq!(r.rejected.len() as u64, r.counts.rejected);
    for w in &r.workers {
        assert!(in_unit(w.overall), "overall out of range: {:?}", w.overall);
        for d in &w.domains {
            assert!(in_unit(d.score));
        }
        for c in &w.competencies {
            assert!(in_unit(c.score) && (0.0..=1.0).contains(&c.coverage));
            for cr in &c.criteria {
                assert!(
                    in_unit(cr.score),
                    "criterion {} scored {:?}",
                    cr.id,
                    cr.score
                );
            }
        }
    }
    let reversed: Vec<EvidenceItem> = items.iter().rev().cloned().collect();
    let r2 = score_items(fw, &reversed, as_of, policy, Explain::None);
    assert_eq!(r.workers, r2.workers, "item order changed the scores");
    assert_eq!(r.counts, r2.counts);
});
