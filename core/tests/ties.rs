//! Scores that are mathematically equal rank equal (issue 16, defect 3):
//! the screening order of generated workers is the documented rule
//! computed here with exact rational arithmetic, not whatever rounding
//! noise the floating-point scores carry.
//!
//! Weights are chosen so that the exact values are rationals with small
//! denominators: kind weights 1, 1/2 and 4/5 (a decimal weight, not exact
//! in binary), ages that are whole multiples of the half-life (decay
//! 2^-k), ratings 1–5 (values 0, 1/4, 1/2, 3/4, 1), criterion and
//! competency weights 1, 1/2 and 2. Two different such scores differ by far
//! more than the engine's rounding, so the exact order is the only right
//! one, ties included.

#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use proficient::evidence::{EvidenceItem, RawValue};
use proficient::{score_items, screen, Date, Explain, Framework, Profile, ScoringPolicy};
use proptest::prelude::*;

const FRAMEWORK: &str = r#"
id: ties
title: Ties framework
version: "1"
source: {citation: generated}
rating_scale: {min: 1, max: 5}
levels:
  - {id: low, label: Low, threshold: 0}
  - {id: mid, label: Middle, threshold: 0.4}
  - {id: high, label: High, threshold: 0.65}
evidence_kinds:
  - {id: obs, label: Observation, weight: 1}
  - {id: half, label: Half, weight: 0.5}
  - {id: dec, label: Decimal, weight: 0.8}
evidence_policy: {half_life_days: 100, min_items: 1}
domains:
  - {id: d, label: Domain}
competencies:
  - id: c1
    domain: d
    statement: One
    criteria:
      - {id: a, statement: A, measure: {type: rating}}
      - {id: b, statement: B, measure: {type: rating}, weight: 0.5}
  - id: c2
    domain: d
    weight: 2
    statement: Two
    criteria:
      - {id: c, statement: C, measure: {type: rating}}
"#;

const PROFILE: &str = r#"
id: role
title: Role
framework: ties
requirements:
  - {competency: c1, level: mid, importance: essential}
  - {competency: c2, level: high, importance: desirable}
"#;

/// A rational number, kept reduced with a positive denominator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Q(i128, i128);

fn gcd(a: i128, b: i128) -> i128 {
    if b == 0 {
        a.abs()
    } else {
        gcd(b, a % b)
    }
}

impl Q {
    fn new(n: i128, d: i128) -> Q {
        let g = gcd(n, d).max(1) * d.signum();
        Q(n / g, d / g)
    }
    fn add(self, o: Q) -> Q {
        Q::new(self.0 * o.1 + o.0 * self.1, self.1 * o.1)
    }
    fn mul(self, o: Q) -> Q {
        Q::new(self.0 * o.0, self.1 * o.1)
    }
    fn div(self, o: Q) -> Q {
        Q::new(self.0 * o.1, self.1 * o.0)
    }
    fn cmp(self, o: Q) -> std::cmp::Ordering {
        (self.0 * o.1).cmp(&(o.0 * self.1))
    }
}

/// One generated item: worker, criterion (0–2), kind (0–2), age in
/// half-lives (0–3), rating (1–5).
type Gen = (u16, usize, usize, i32, u8);

const CRITERIA: [&str; 3] = ["a", "b", "c"];
const KINDS: [&str; 3] = ["obs", "half", "dec"];

fn as_of() -> Date {
    Date::parse("2024-06-30").unwrap()
}

fn items(gen: &[Gen]) -> Vec<EvidenceItem> {
    gen.iter()
        .map(|&(w, c, k, age, r)| EvidenceItem {
            id: None,
            worker: format!("w{w:04}"),
            criterion: CRITERIA[c].into(),
            kind: KINDS[k].into(),
            date: Date::from_days(as_of().days() - 100 * age),
            assessor: None,
            value: Some(RawValue::Number(f64::from(r))),
            numerator: None,
            denominator: None,
            expires: None,
            note: None,
        })
        .collect()
}

/// The weighted mean Σ w·x / Σ w, exactly; `None` without terms.
fn mean(terms: &[(Q, Q)]) -> Option<Q> {
    if terms.is_empty() {
        return None;
    }
    let (mut s, mut w) = (Q(0, 1), Q(0, 1));
    for &(wi, xi) in terms {
        s = s.add(wi.mul(xi));
        w = w.add(wi);
    }
    Some(s.div(w))
}

/// The level index of an exact score (thresholds 0, 2/5, 13/20).
fn level(s: Q) -> usize {
    [Q(0, 1), Q(2, 5), Q(13, 20)]
        .iter()
        .rposition(|t| t.cmp(s).is_le())
        .unwrap()
}

/// The shortlist by the documented rule, with exact scores: meets the
/// essential requirement, essential met, desirable met, overall (null
/// last), worker id.
fn exact_order(gen: &[Gen]) -> Vec<String> {
    let kind_weight = [Q(1, 1), Q(1, 2), Q(4, 5)];
    let criterion_weight = [Q(1, 1), Q(1, 2), Q(1, 1)];
    let mut workers: Vec<u16> = gen.iter().map(|g| g.0).collect();
    workers.sort_unstable();
    workers.dedup();
    let mut ranked: Vec<(bool, u32, u32, Option<Q>, String)> = workers
        .iter()
        .map(|&w| {
            let criterion = |c: usize| {
                let terms: Vec<(Q, Q)> = gen
                    .iter()
                    .filter(|g| g.0 == w && g.1 == c)
                    .map(|&(_, _, k, age, r)| {
                        let decay = Q(1, 1 << age);
                        (kind_weight[k].mul(decay), Q(i128::from(r) - 1, 4))
                    })
                    .collect();
                mean(&terms)
            };
            let competency = |cs: &[usize]| {
                let terms: Vec<(Q, Q)> = cs
                    .iter()
                    .filter_map(|&c| criterion(c).map(|s| (criterion_weight[c], s)))
                    .collect();
                mean(&terms)
            };
            let (c1, c2) = (competency(&[0, 1]), competency(&[2]));
            let overall = mean(
                &[(Q(1, 1), c1), (Q(2, 1), c2)]
                    .iter()
                    .filter_map(|&(w, s)| s.map(|s| (w, s)))
                    .collect::<Vec<_>>(),
            );
            let essential = c1.is_some_and(|s| level(s) >= 1);
            let desirable = c2.is_some_and(|s| level(s) >= 2);
            (
                essential,
                u32::from(essential),
                u32::from(desirable),
                overall,
                format!("w{w:04}"),
            )
        })
        .collect();
    ranked.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then(b.1.cmp(&a.1))
            .then(b.2.cmp(&a.2))
            .then_with(|| match (a.3, b.3) {
                (Some(x), Some(y)) => y.cmp(x),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            })
            .then_with(|| a.4.cmp(&b.4))
    });
    ranked.into_iter().map(|r| r.4).collect()
}

/// The engine's shortlist.
fn engine_order(gen: &[Gen]) -> Vec<String> {
    let fw = Framework::from_yaml_str(FRAMEWORK).unwrap();
    let profile = Profile::from_yaml_str(PROFILE, &fw).unwrap();
    let policy = ScoringPolicy::for_framework(&fw);
    let scores = score_items(&fw, &items(gen), as_of(), policy, Explain::None);
    assert_eq!(scores.counts.rejected, 0);
    screen(&profile, &fw, scores)
        .candidates
        .into_iter()
        .map(|c| c.worker)
        .collect()
}

/// Workers whose items mostly repeat a few (criterion, kind, rating)
/// patterns at different ages, so that many exact ties arise.
fn generated(workers: u16, seed: u64) -> Vec<Gen> {
    let mut s = seed | 1;
    let mut next = |n: u64| {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        s % n
    };
    let mut out = Vec::new();
    for w in 0..workers {
        let n = 1 + next(3);
        let pattern = next(4);
        for i in 0..n {
            let (c, k, r) = match pattern {
                // One rating per criterion, the same everywhere: ties.
                0 => (i as usize % 3, next(3) as usize, 4),
                1 => (2, next(3) as usize, 4),
                2 => (next(3) as usize, 0, [3, 5][i as usize % 2]),
                _ => (next(3) as usize, next(3) as usize, 1 + next(5) as u8),
            };
            out.push((w, c, k, next(4) as i32, r));
        }
    }
    out
}

#[test]
fn a_generated_2000_worker_shortlist_follows_the_exact_rule() {
    let gen = generated(2000, 0x2026_0630);
    let (want, got) = (exact_order(&gen), engine_order(&gen));
    let differ = want.iter().zip(&got).filter(|(a, b)| a != b).count();
    assert_eq!(differ, 0, "{differ} of {} ranks differ", want.len());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn shortlists_follow_the_exact_rule(
        gen in prop::collection::vec((0..40u16, 0..3usize, 0..3usize, 0..4i32, 1..=5u8), 1..120)
    ) {
        prop_assert_eq!(engine_order(&gen), exact_order(&gen));
    }

    #[test]
    fn shortlists_of_tie_prone_workers_follow_the_exact_rule(seed in any::<u64>(), n in 2..300u16) {
        let gen = generated(n, seed);
        prop_assert_eq!(engine_order(&gen), exact_order(&gen));
    }
}
