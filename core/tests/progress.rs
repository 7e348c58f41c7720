//! Runs every plan/CPD vector (`tests/vectors/*/case.progress.json`):
//! progress statuses, overdue, trajectories, CPD totals and the evidence
//! CPD rules make, against hand-worked expected results.

#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use std::path::{Path, PathBuf};

use proficient::evidence::{self, Batch};
use proficient::trainer::plans::{Cpd, Plans};
use proficient::trainer::progress::{self, Period};
use proficient::{Date, Framework, ScoringPolicy};
use serde_json::Value;

mod common;
use common::diff;

fn read_json(path: &Path) -> Value {
    serde_json::from_str(
        &std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())),
    )
    .unwrap()
}

fn run_case(dir: &Path, case: &Value) -> Vec<String> {
    let fw = Framework::from_path(dir.join(case["framework"].as_str().unwrap())).unwrap();
    let plans = Plans::from_path(dir.join(case["plans"].as_str().unwrap()), &fw).unwrap();
    let as_of = Date::parse(case["as_of"].as_str().unwrap()).unwrap();
    let mut batch = Batch::default();
    evidence::read_path(
        &dir.join(case["evidence"].as_str().unwrap()),
        |item, line| batch.push(&item, line),
    )
    .unwrap();
    let policy = ScoringPolicy::for_framework(&fw);
    let result = progress::progress(
        &fw,
        &plans,
        &batch,
        as_of,
        &policy,
        case["min_gain"].as_f64().unwrap(),
    );
    let mut problems = Vec::new();
    let got = serde_json::to_value(&result).unwrap();
    if let Some(d) = diff("", &read_json(&dir.join("expected-progress.json")), &got) {
        problems.push(format!("{}: progress{d}", dir.display()));
    }
    for t in &result.targets {
        let word = t.status.as_str().replace('_', " ");
        if !t.explanation.starts_with(&format!("{word}:")) {
            problems.push(format!(
                "{}: explanation `{}` does not start with `{word}:`",
                dir.display(),
                t.explanation
            ));
        }
        if t.overdue
            && !t
                .explanation
                .contains(&format!("overdue by {} days", t.days_overdue))
        {
            problems.push(format!(
                "{}: explanation `{}` does not say it is overdue",
                dir.display(),
                t.explanation
            ));
        }
    }
    if let Some(cpd_file) = case.get("cpd").and_then(Value::as_str) {
        let cpd = Cpd::from_path(dir.join(cpd_file), &fw).unwrap();
        let period: Period = serde_json::from_value(case["period"].clone()).unwrap();
        let summary = serde_json::to_value(progress::summarise_cpd(&fw, &cpd, period)).unwrap();
        if let Some(d) = diff("", &read_json(&dir.join("expected-cpd.json")), &summary) {
            problems.push(format!("{}: cpd{d}", dir.display()));
        }
        let made = serde_json::to_value(cpd.evidence()).unwrap();
        if let Some(d) = diff(
            "",
            &read_json(&dir.join("expected-cpd-evidence.json")),
            &made,
        ) {
            problems.push(format!("{}: cpd evidence{d}", dir.display()));
        }
    }
    problems
}

#[test]
fn every_progress_vector_matches() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.join("case.progress.json").exists())
        .collect();
    dirs.sort();
    assert!(!dirs.is_empty());
    let problems: Vec<String> = dirs
        .iter()
        .flat_map(|d| run_case(d, &read_json(&d.join("case.progress.json"))))
        .collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn cpd_csv_reads_like_yaml_and_locates_errors() {
    let fw = Framework::from_path(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../tests/vectors/progress-01-statuses/framework.yaml"),
    )
    .unwrap();
    let csv = "worker,date,title,provider,hours,competencies,certificate\nw1,2024-01-15,Mediation skills,ACAS,14,c1,M-1\nw2,2024-04-02,\"Team away day, all staff\",,6,,\n";
    let cpd = Cpd::from_csv_str(csv, &fw).unwrap();
    assert_eq!(cpd.activities.len(), 2);
    assert_eq!(cpd.activities[1].title, "Team away day, all staff");
    assert_eq!(cpd.activities[0].competencies, vec!["c1".to_string()]);
    let bad = "worker,date,title,hours,competencies\nw1,2024-02-30,X,3,c1\n";
    let d = Cpd::from_csv_str(bad, &fw).unwrap_err().diagnostics();
    assert_eq!(
        (d[0].line, d[0].column, d[0].path.as_str()),
        (Some(2), Some(2), "date")
    );
    let unknown = "worker,date,title,hours,competencies\nw1,2024-02-01,X,3,c9\n";
    let d = Cpd::from_csv_str(unknown, &fw).unwrap_err().diagnostics();
    assert_eq!(
        (d[0].line, d[0].path.as_str(), d[0].code.as_str()),
        (
            Some(2),
            "activities[0].competencies[0]",
            "unknown_reference"
        )
    );
}

#[test]
fn plans_naming_unknown_competencies_or_levels_are_located_errors() {
    let fw = Framework::from_path(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../tests/vectors/progress-01-statuses/framework.yaml"),
    )
    .unwrap();
    let text = "framework: mini-plans\nplans:\n  - worker: w1\n    baseline: 2024-02-01\n    reviews: [2024-01-01]\n    targets:\n      - {competency: c9, level: mid, due: 2024-12-31}\n      - {competency: c1, level: expert, due: 2023-12-31}\n";
    let d = Plans::from_yaml_str(text, &fw).unwrap_err().diagnostics();
    let got: Vec<(Option<usize>, &str, &str)> = d
        .iter()
        .map(|d| (d.line, d.path.as_str(), d.code.as_str()))
        .collect();
    assert_eq!(
        got,
        vec![
            (Some(5), "plans[0].reviews[0]", "date_order"),
            (
                Some(7),
                "plans[0].targets[0].competency",
                "unknown_reference"
            ),
            (Some(8), "plans[0].targets[1].level", "unknown_reference"),
            (Some(8), "plans[0].targets[1].due", "date_order"),
        ]
    );
}

/// Two certified activities of one worker on one day for one criterion are
/// two items that both count (they shared one id and were rejected
/// together as conflicting); one activity matched by two rules for the
/// same criterion is still one item.
#[test]
fn two_activities_on_one_day_each_count_once() {
    let fw = Framework::load("job-retention").unwrap();
    let yaml = "framework: job-retention
evidence_rules:
  - {title_contains: mediation, criterion: s9.mediation-training, kind: certificate}
  - {title_contains: workplace, criterion: s9.mediation-training, kind: certificate}
activities:
  - {worker: w1, date: 2026-01-10, title: Workplace mediation (morning), hours: 3, certificate: A-1}
  - {worker: w1, date: 2026-01-10, title: Advanced mediation (afternoon), hours: 3, certificate: A-2}
  - {worker: w2, date: 2026-01-10, title: Workplace mediation, hours: 3, certificate: B-1}
";
    let cpd = Cpd::from_yaml_str(yaml, &fw).unwrap();
    let items = cpd.evidence();
    let ids: Vec<&str> = items.iter().filter_map(|i| i.id.as_deref()).collect();
    assert_eq!(
        ids,
        [
            "cpd:w1:2026-01-10:s9.mediation-training",
            "cpd:w1:2026-01-10:s9.mediation-training",
            "cpd:w1:2026-01-10:s9.mediation-training#2",
            "cpd:w2:2026-01-10:s9.mediation-training",
            "cpd:w2:2026-01-10:s9.mediation-training",
        ]
    );
    let as_of = Date::parse("2026-06-30").unwrap();
    let r = proficient::score_items(
        &fw,
        &items,
        as_of,
        ScoringPolicy::for_framework(&fw),
        proficient::Explain::None,
    );
    // The second rule's copy of an activity's item is a duplicate.
    assert!(
        r.rejected
            .iter()
            .all(|x| x.reason == proficient::Reason::Duplicate),
        "{:?}",
        r.rejected
    );
    assert_eq!(r.counts.used, 3, "{:?}", r.rejected);
}
