//! Cohort, equality and Delphi: the shared vectors in
//! `tests/vectors/{cohort,equality,delphi}-*` (expected results computed by
//! `tests/crosscheck/analysis_reference.py`, see `tests/vectors/ANALYSIS.md`),
//! suppression safety on random tables, order independence, and writing
//! priorities.

#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use std::path::{Path, PathBuf};

use proficient::analysis::cohort::{self, CohortOptions};
use proficient::analysis::delphi::{self, DelphiOptions, ItemInfo, Rating};
use proficient::analysis::equality::{self, EqualityOptions, EqualityResult, People, Person};
use proficient::evidence::RawValue;
use proficient::trainer::plans::Plans;
use proficient::{evidence, Date, Explain, Framework, Profile, Scorer, ScoringPolicy};
use proptest::prelude::*;
use serde_json::Value;

mod common;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Compares JSON values (numbers within 1e-9, `detail` and `message` texts
/// only checked to be non-empty strings); returns the first difference.
fn diff(path: &str, expected: &Value, got: &Value) -> Option<String> {
    common::diff_texts(&["detail", "message"], path, expected, got)
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
}

fn run_equality(dir: &Path, case: &Value) -> Value {
    let options: EqualityOptions = serde_json::from_value(case["options"].clone()).unwrap();
    let people = equality::read_people(&read(dir, case["people"].as_str().unwrap()), &options)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    serde_json::to_value(equality::analyse(&people, &options).unwrap()).unwrap()
}

fn run_delphi(dir: &Path, case: &Value) -> Value {
    let options: DelphiOptions = serde_json::from_value(
        case.get("options")
            .cloned()
            .unwrap_or(Value::Object(Default::default())),
    )
    .unwrap();
    let items = case["items"]
        .as_str()
        .map(|f| delphi::read_items_csv(&read(dir, f)).unwrap());
    let name = case["ratings"].as_str().unwrap();
    let text = read(dir, name);
    let mut d = delphi::Delphi::new();
    if name.ends_with(".json") {
        delphi::read_ratings_json(&text, |r, line| d.push(r, line)).unwrap();
    } else {
        delphi::read_ratings_csv(&text, |r, line| d.push(r, line)).unwrap();
    }
    serde_json::to_value(d.finish(items.as_deref(), &options).unwrap()).unwrap()
}

fn run_cohort(dir: &Path, case: &Value) -> Value {
    let name = case["framework"].as_str().unwrap();
    let fw = if dir.join(name).exists() {
        Framework::from_path(dir.join(name)).unwrap()
    } else {
        Framework::load(name).unwrap()
    };
    let as_of = Date::parse(case["as_of"].as_str().unwrap()).unwrap();
    let mut scorer = Scorer::new(&fw, as_of, ScoringPolicy::for_framework(&fw), Explain::None);
    evidence::read_path(
        &dir.join(case["evidence"].as_str().unwrap()),
        |item, line| scorer.push(item, line),
    )
    .unwrap();
    let scores = scorer.finish();
    let profile = case["profile"].as_str().map(|p| {
        let path = dir.join(p);
        let p = if path.exists() {
            path.display().to_string()
        } else {
            p.to_string()
        };
        Profile::load(&p, Some(&fw)).unwrap().0
    });
    let screened = profile
        .as_ref()
        .map(|p| proficient::screen(p, &fw, scores.clone()));
    let plans = case["plans"]
        .as_str()
        .map(|p| Plans::from_path(dir.join(p), &fw).unwrap());
    let options: CohortOptions = serde_json::from_value(
        case.get("options")
            .cloned()
            .unwrap_or(Value::Object(Default::default())),
    )
    .unwrap();
    let r = cohort::cohort(
        &fw,
        &scores,
        profile.as_ref().zip(screened.as_ref()),
        plans.as_ref(),
        &options,
    )
    .unwrap();
    serde_json::to_value(r).unwrap()
}

#[test]
fn analysis_vectors_match_the_reference() {
    let dir = root().join("tests/vectors");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.join("analysis.json").is_file())
        .collect();
    dirs.sort();
    let mut failures = Vec::new();
    let mut counts = [0usize; 3];
    for d in &dirs {
        let case: Value = serde_json::from_str(&read(d, "analysis.json")).unwrap();
        assert!(
            case["description"]
                .as_str()
                .is_some_and(|s| !s.trim().is_empty()),
            "{}: no description",
            d.display()
        );
        let got = match case["command"].as_str() {
            Some("equality") => {
                counts[0] += 1;
                run_equality(d, &case)
            }
            Some("delphi") => {
                counts[1] += 1;
                run_delphi(d, &case)
            }
            Some("cohort") => {
                counts[2] += 1;
                run_cohort(d, &case)
            }
            other => panic!("{}: unknown command {other:?}", d.display()),
        };
        let expected: Value = serde_json::from_str(&read(d, "expected.json")).unwrap();
        if let Some(m) = diff("", &expected, &got) {
            failures.push(format!("{}: {m}", d.display()));
        }
    }
    assert!(
        counts.iter().all(|&c| c >= 1),
        "expected at least one case of each command, found {counts:?}"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

// ---------------------------------------------------------------------------
// Suppression: no suppressed number can be recovered from what is shown.

/// Rank of a small matrix (f64 Gaussian elimination with partial pivoting;
/// the matrices here have entries 0, ±1 and are totally unimodular, so the
/// arithmetic is exact).
fn rank(mut m: Vec<Vec<f64>>) -> usize {
    let cols = m.first().map_or(0, Vec::len);
    let mut r = 0;
    for c in 0..cols {
        let Some(p) = (r..m.len()).max_by(|&a, &b| m[a][c].abs().total_cmp(&m[b][c].abs())) else {
            break;
        };
        if m[p][c].abs() < 1e-9 {
            continue;
        }
        m.swap(r, p);
        for i in 0..m.len() {
            if i != r {
                let f = m[i][c] / m[r][c];
                if f != 0.0 {
                    let pivot = m[r].clone();
                    for (x, p) in m[i].iter_mut().zip(&pivot) {
                        *x -= f * p;
                    }
                }
            }
        }
        r += 1;
    }
    r
}

/// Checks, from the result alone, that no suppressed entry is determined
/// by the shown ones; returns the recoverable entries as (group, period).
fn recoverable_from_result(r: &EqualityResult) -> Vec<(Option<String>, Option<String>)> {
    let (g, p) = (r.groups.len(), r.periods.len());
    // Entries: cells (g × p), group totals (g, when p > 1), period totals
    // (p, when p > 1), grand total.
    let mut entries: Vec<&equality::Estimate> = r.cells.iter().collect();
    entries.extend(r.group_totals.iter());
    entries.extend(r.period_totals.iter());
    entries.push(&r.total);
    let cell = |gi: usize, t: usize| t * g + gi;
    let gt = |gi: usize| g * p + gi;
    let pt = |t: usize| g * p + g + t;
    let grand = entries.len() - 1;
    let mut eqs: Vec<Vec<(usize, f64)>> = Vec::new();
    if p > 1 {
        for gi in 0..g {
            let mut e: Vec<(usize, f64)> = (0..p).map(|t| (cell(gi, t), 1.0)).collect();
            e.push((gt(gi), -1.0));
            eqs.push(e);
        }
        for t in 0..p {
            let mut e: Vec<(usize, f64)> = (0..g).map(|gi| (cell(gi, t), 1.0)).collect();
            e.push((pt(t), -1.0));
            eqs.push(e);
        }
        let mut e: Vec<(usize, f64)> = (0..g).map(|gi| (gt(gi), 1.0)).collect();
        e.push((grand, -1.0));
        eqs.push(e);
        let mut e: Vec<(usize, f64)> = (0..p).map(|t| (pt(t), 1.0)).collect();
        e.push((grand, -1.0));
        eqs.push(e);
    } else {
        let mut e: Vec<(usize, f64)> = (0..g).map(|gi| (cell(gi, 0), 1.0)).collect();
        e.push((grand, -1.0));
        eqs.push(e);
    }
    let unknowns: Vec<usize> = (0..entries.len())
        .filter(|&i| entries[i].suppressed)
        .collect();
    let matrix: Vec<Vec<f64>> = eqs
        .iter()
        .map(|eq| {
            unknowns
                .iter()
                .map(|u| eq.iter().filter(|(e, _)| e == u).map(|(_, c)| c).sum())
                .collect()
        })
        .collect();
    let base = rank(matrix.clone());
    let mut out = Vec::new();
    for (k, &u) in unknowns.iter().enumerate() {
        let mut m = matrix.clone();
        let mut unit = vec![0.0; unknowns.len()];
        unit[k] = 1.0;
        m.push(unit);
        if rank(m) == base {
            out.push((entries[u].group.clone(), entries[u].period.clone()));
        }
    }
    out
}

fn people_from(sizes: &[Vec<(u64, u64)>], with_periods: bool) -> People {
    let mut people = Vec::new();
    let mut line = 2;
    for (gi, row) in sizes.iter().enumerate() {
        for (t, &(n, yes)) in row.iter().enumerate() {
            for i in 0..n {
                people.push(Person {
                    line,
                    group: format!("g{gi}"),
                    period: with_periods.then(|| format!("{}", 2020 + t)),
                    outcome: i < yes,
                    reason: (i >= yes).then(|| ["a", "b"][(i % 2) as usize].to_string()),
                });
                line += 1;
            }
        }
    }
    People {
        people,
        ..People::default()
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn suppressed_numbers_cannot_be_recovered(
        sizes in prop::collection::vec(prop::collection::vec((0u64..40, 0u64..40), 1..5), 1..6),
        min_cell in 1u64..15,
    ) {
        // Rectangular: every group has the same number of periods.
        let p = sizes.iter().map(Vec::len).min().unwrap_or(1);
        let sizes: Vec<Vec<(u64, u64)>> = sizes
            .into_iter()
            .map(|row| row.into_iter().take(p).map(|(n, y)| (n, y.min(n))).collect())
            .collect();
        // Periods only exist when someone is in them.
        let with_periods = p > 1;
        let data = people_from(&sizes, with_periods);
        prop_assume!(!data.people.is_empty());
        let mut o = EqualityOptions::new("g", "o");
        o.min_cell = min_cell;
        o.reason = Some("r".into());
        if with_periods {
            o.period = Some("p".into());
        }
        let r = equality::analyse(&data, &o).unwrap();
        let leaks = recoverable_from_result(&r);
        prop_assert!(leaks.is_empty(), "recoverable: {leaks:?}");
        // Only small cells and totals are ever suppressed: every group cell
        // with at least min_cell people is shown.
        for e in &r.cells {
            let gi: usize = e.group.as_deref().unwrap()[1..].parse().unwrap();
            let true_n: u64 = match e.period.as_deref() {
                Some(label) => sizes[gi][label.parse::<usize>().unwrap() - 2020].0,
                None => sizes[gi].iter().map(|x| x.0).sum(),
            };
            prop_assert_eq!(e.suppressed, true_n < min_cell, "cell {:?} {:?} n {}", e.group, e.period, true_n);
        }
        // Shown numbers are consistent, and nothing is shown when suppressed.
        for e in r.cells.iter().chain(&r.group_totals).chain(&r.period_totals).chain([&r.total]) {
            if e.suppressed {
                prop_assert!(e.n.is_none() && e.count.is_none() && e.rate.is_none()
                    && e.ci_low.is_none() && e.relative_likelihood.is_none()
                    && e.ratio_to_highest.is_none() && e.four_fifths.is_none());
            } else {
                let (n, c) = (e.n.unwrap(), e.count.unwrap());
                prop_assert!(c <= n && n >= min_cell);
            }
        }
        // Reasons add up to a shown total's "no" outcomes, and are hidden otherwise.
        let reasons = r.reasons.as_ref().unwrap();
        let totals: Vec<&equality::Estimate> = if with_periods { r.group_totals.iter().collect() } else { r.cells.iter().collect() };
        for (row, t) in reasons.groups.iter().zip(totals) {
            prop_assert_eq!(row.suppressed, t.suppressed);
            if let (Some(d), Some(n), Some(c)) = (row.declined, t.n, t.count) {
                prop_assert_eq!(d, n - c);
            }
        }
        prop_assert_eq!(reasons.totals.is_some(), reasons.groups.iter().all(|g| !g.suppressed));
        prop_assert_eq!(r.counts.used.is_some(), !r.total.suppressed);
        // The page shows no number the JSON withholds.
        let html = r.to_html();
        prop_assert!(!html.contains("<script"));
    }

    #[test]
    fn delphi_results_do_not_depend_on_row_order(
        scores in prop::collection::vec((0usize..6, 1u32..3, 0usize..4, 0u8..12), 1..80),
        seed in any::<u64>(),
    ) {
        let ratings: Vec<(usize, Rating)> = scores
            .iter()
            .enumerate()
            .map(|(i, &(p, round, item, s))| {
                (
                    i + 1,
                    Rating {
                        participant: format!("p{p}"),
                        group: if p % 3 == 0 { "x".into() } else { "y".into() },
                        round,
                        item: format!("i{item}"),
                        score: Some(RawValue::Number(f64::from(s))),
                        comment: None,
                    },
                )
            })
            .collect();
        let run = |order: &[(usize, Rating)]| {
            let mut d = delphi::Delphi::new();
            for (line, r) in order {
                d.push(r.as_rating_ref(), *line);
            }
            d.finish(None, &DelphiOptions::default()).unwrap()
        };
        let a = run(&ratings);
        let mut shuffled = ratings.clone();
        let mut state = seed | 1;
        for i in (1..shuffled.len()).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            shuffled.swap(i, (state % (i as u64 + 1)) as usize);
        }
        let b = run(&shuffled);
        prop_assert_eq!(&a, &b);
        prop_assert_eq!(a.counts.used + a.counts.excluded, a.counts.ratings);
        for round in &a.rounds {
            for s in &round.items {
                prop_assert!((1.0..=10.0).contains(&s.mean));
                prop_assert_eq!(s.low + s.middle + s.high, s.n);
                prop_assert!(s.rank >= 1);
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Writing priorities.

fn demo_result(items: &[ItemInfo]) -> delphi::DelphiResult {
    let ratings: Vec<Rating> = items
        .iter()
        .enumerate()
        .flat_map(|(k, it)| {
            (0..5).map(move |p| Rating {
                participant: format!("p{p}"),
                group: "g".into(),
                round: 2,
                item: it.item.clone(),
                score: Some(RawValue::Number(((k + p) % 10 + 1) as f64)),
                comment: None,
            })
        })
        .collect();
    delphi::analyse(&ratings, Some(items), &DelphiOptions::default()).unwrap()
}

fn item(id: &str, competency: Option<&str>) -> ItemInfo {
    ItemInfo {
        item: id.into(),
        label: None,
        category: None,
        competency: competency.map(str::to_string),
    }
}

#[test]
fn priorities_are_written_in_place_and_replaced() {
    let text = proficient::model::shipped::framework_text("job-retention").unwrap();
    let items = vec![
        item("k1-jobs-and-workplaces", None),
        item("mediation", Some("s9-mediation")),
        item("not-a-competency", None),
    ];
    let result = demo_result(&items);
    let (out, report) = delphi::set_priorities(text, &result, Some(&items)).unwrap();
    assert!(report.layout_kept);
    assert_eq!(report.round, Some(2));
    assert_eq!(report.unmatched_items, vec!["not-a-competency".to_string()]);
    assert_eq!(
        report
            .updated
            .iter()
            .map(|u| u.competency.as_str())
            .collect::<Vec<_>>(),
        vec!["k1-jobs-and-workplaces", "s9-mediation"]
    );
    // Comments survive; the file reads back with the priorities.
    assert!(out.starts_with("# yaml-language-server"));
    let fw = Framework::from_yaml_str(&out).unwrap();
    let k1 = fw.competency("k1-jobs-and-workplaces").unwrap();
    let stats = &result.rounds[0]
        .items
        .iter()
        .find(|s| s.item == "k1-jobs-and-workplaces")
        .unwrap();
    let p = k1.priority.as_ref().unwrap();
    assert_eq!(p.rank, Some(stats.rank));
    assert!((p.mean.unwrap() - stats.mean).abs() <= 0.005);
    // Writing again replaces the priority instead of adding a second one.
    let other = demo_result(&[item("k1-jobs-and-workplaces", None), item("zz", None)]);
    let (again, report) = delphi::set_priorities(&out, &other, None).unwrap();
    assert!(report.layout_kept);
    assert_eq!(
        again.matches("priority:").count(),
        out.matches("priority:").count()
    );
    let fw2 = Framework::from_yaml_str(&again).unwrap();
    assert_eq!(
        fw2.competency("s9-mediation").unwrap().priority,
        fw.competency("s9-mediation").unwrap().priority
    );
}

#[test]
fn flow_style_frameworks_are_rewritten_from_the_model() {
    let text = "{id: mini, title: Mini, version: '1', source: {citation: c}, rating_scale: {min: 1, max: 5},\n\
        levels: [{id: low, label: Low, threshold: 0}, {id: high, label: High, threshold: 0.5}],\n\
        evidence_kinds: [{id: obs, label: Obs, weight: 1}], domains: [{id: d, label: D}],\n\
        competencies: [{id: c1, domain: d, statement: S, criteria: [{id: c1.a, statement: A, measure: {type: binary}}]}]}\n";
    let result = demo_result(&[item("c1", None)]);
    let (out, report) = delphi::set_priorities(text, &result, None).unwrap();
    assert!(!report.layout_kept);
    let fw = Framework::from_yaml_str(&out).unwrap();
    assert!(fw.competency("c1").unwrap().priority.is_some());
}

#[test]
fn options_out_of_range_are_refused() {
    let r = delphi::analyse(
        &[],
        None,
        &DelphiOptions {
            consensus: 0.5,
            stability: 0.1,
        },
    );
    assert!(r.is_err());
    let mut o = EqualityOptions::new("g", "o");
    o.min_cell = 0;
    assert!(equality::analyse(&People::default(), &o).is_err());
    o.min_cell = 10;
    o.reference = Some("nobody".into());
    let err = equality::analyse(&people_from(&[vec![(3, 1)]], false), &o).unwrap_err();
    assert_eq!(
        err.to_string(),
        "unknown reference group `nobody`, expected one of `g0`"
    );
}

#[test]
fn empty_inputs_do_not_panic() {
    let o = EqualityOptions::new("g", "o");
    let r = equality::analyse(&People::default(), &o).unwrap();
    assert!(r.groups.is_empty());
    let _ = r.to_html();
    let d = delphi::analyse(&[], None, &DelphiOptions::default()).unwrap();
    assert!(d.rounds.is_empty());
    let _ = d.to_html();
    assert!(delphi::read_ratings_csv("", |_, _| {}).is_err());
    assert!(equality::read_people("", &o).is_err());
}
