//! Rules, aggregates and level bands beyond the shared vectors: scores at
//! other dates (a history) under `latest`, independence from the order of
//! the items, and the rule's written forms.

#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use std::path::Path;

use proficient::model::{Need, Rule, RuleSpec};
use proficient::{evidence, Date, Explain, Framework, Scorer, ScoringPolicy};

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

fn date(s: &str) -> Date {
    Date::parse(s).unwrap()
}

/// The demo reviews of the shipped fidelity scale, as (line, CSV record).
fn reviews() -> (String, Vec<String>) {
    let text = std::fs::read_to_string(root().join("examples/ips-fidelity-reviews.csv")).unwrap();
    let mut lines = text.lines().map(str::to_string);
    let header = lines.next().unwrap();
    (header, lines.collect())
}

fn score_csv(
    fw: &Framework,
    csv: &str,
    as_of: Date,
    policy: ScoringPolicy,
) -> proficient::ScoreResult {
    let mut s = Scorer::new(fw, as_of, policy, Explain::All);
    evidence::read_str(csv, evidence::Format::Csv, |item, line| s.push(item, line)).unwrap();
    s.finish()
}

#[test]
fn a_history_under_latest_gives_each_date_its_latest_review() {
    let fw = Framework::load("ips-fidelity").unwrap();
    let (header, rows) = reviews();
    let csv = format!("{header}\n{}\n", rows.join("\n"));
    let policy = ScoringPolicy::for_framework(&fw);
    let dates = vec![date("2025-06-30"), date("2026-06-30")];
    let mut s = Scorer::with_history(
        &fw,
        date("2026-06-30"),
        policy.clone(),
        Explain::None,
        [("team-north".to_string(), dates.clone())],
    );
    evidence::read_str(&csv, evidence::Format::Csv, |item, line| s.push(item, line)).unwrap();
    let (_, standings) = s.finish_history(|_| {});
    // Totals 82 (2025-03-12) and 104 (2026-03-18): (total - 25)/100.
    for (d, total) in dates.iter().zip([82.0, 104.0]) {
        let at = standings.get("team-north", *d).unwrap();
        let expected: f64 = (total - 25.0) / 100.0;
        assert!(
            (at[0].score.unwrap() - expected).abs() < 1e-9,
            "{d}: {:?}",
            at[0]
        );
        // The same as scoring with that date as `as_of`.
        let plain = score_csv(&fw, &csv, *d, policy.clone());
        let w = plain
            .workers
            .iter()
            .find(|w| w.worker == "team-north")
            .unwrap();
        assert_eq!(w.competencies[0].score, at[0].score);
    }
}

#[test]
fn aggregates_do_not_depend_on_the_order_of_the_items() {
    let fw = Framework::load("ips-fidelity").unwrap();
    let (header, mut rows) = reviews();
    let mut policy = ScoringPolicy::for_framework(&fw);
    for aggregate in ["latest", "latest_per_assessor", "weighted_mean"] {
        policy.aggregate = proficient::model::Aggregate::from_name(aggregate).unwrap();
        let first = score_csv(
            &fw,
            &format!("{header}\n{}\n", rows.join("\n")),
            date("2026-06-30"),
            policy.clone(),
        );
        rows.reverse();
        let again = score_csv(
            &fw,
            &format!("{header}\n{}\n", rows.join("\n")),
            date("2026-06-30"),
            policy.clone(),
        );
        // Lines differ once reversed; scores, levels and statuses must not.
        let key = |r: &proficient::ScoreResult| {
            r.workers
                .iter()
                .map(|w| {
                    (
                        w.worker.clone(),
                        w.overall,
                        w.overall_level.clone(),
                        w.competencies[0].status,
                    )
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(key(&first), key(&again), "{aggregate}");
    }
}

#[test]
fn a_rule_is_read_in_each_written_form_and_written_back() {
    let forms = [
        ("all", Rule::Word(Need::All)),
        ("any", Rule::Word(Need::Any)),
        (
            "{at_least: 2, min_score: 0.6}",
            Rule::Spec(RuleSpec {
                need: None,
                at_least: Some(2),
                min_score: Some(0.6),
            }),
        ),
        (
            "{need: all, min_score: 0.5}",
            Rule::Spec(RuleSpec {
                need: Some(Need::All),
                at_least: None,
                min_score: Some(0.5),
            }),
        ),
    ];
    let base = std::fs::read_to_string(root().join("tests/vectors/31-rule-all-any/framework.yaml"))
        .unwrap();
    for (text, rule) in forms {
        let yaml = base.replacen("rule: all\n", &format!("rule: {text}\n"), 1);
        let fw = Framework::from_yaml_str(&yaml).unwrap();
        assert_eq!(fw.competencies[0].rule.as_ref(), Some(&rule), "{text}");
        // JSON written and read back is the same framework.
        let json = serde_json::to_string(&fw).unwrap();
        assert_eq!(Framework::from_yaml_str(&json).unwrap(), fw, "{text}");
    }
    assert_eq!(Rule::Word(Need::All).needs(4), (4, None));
    assert_eq!(Rule::Word(Need::Any).needs(4), (1, None));
}

/// The cohort view of a vector (its framework, evidence and profile, if
/// any) with holder level `high`.
fn cohort_of(vector: &str, profile: bool) -> serde_json::Value {
    let dir = format!("tests/vectors/{vector}");
    let path = |f: &str| root().join(&dir).join(f).to_string_lossy().into_owned();
    let mut o = serde_json::json!({
        "framework": path("framework.yaml"),
        "evidence": path("evidence.csv"),
        "as_of": "2024-06-30",
        "level": "high",
        "min_holders": 1,
    });
    if profile {
        o["profile"] = path("profile.yaml").into();
    }
    let text = proficient::api::call_json("cohort", &o.to_string()).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// A cohort cell as `(worker, competency, status, needs, needs_more)`.
type Cell = (String, String, String, Vec<String>, Option<u64>);

/// Each cell of a cohort's matrix.
fn cells(c: &serde_json::Value) -> Vec<Cell> {
    let mut out = Vec::new();
    for row in c["matrix"].as_array().unwrap() {
        for cell in row["cells"].as_array().unwrap() {
            let needs = cell
                .get("needs")
                .map(|n| {
                    n.as_array()
                        .unwrap()
                        .iter()
                        .map(|x| x.as_str().unwrap().to_string())
                        .collect()
                })
                .unwrap_or_default();
            out.push((
                row["worker"].as_str().unwrap().to_string(),
                cell["competency"].as_str().unwrap().to_string(),
                cell["status"].as_str().unwrap().to_string(),
                needs,
                cell.get("needs_more").map(|n| n.as_u64().unwrap()),
            ));
        }
    }
    out
}

fn cell(w: &str, c: &str, status: &str, needs: &[&str], more: Option<u64>) -> Cell {
    (
        w.into(),
        c.into(),
        status.into(),
        needs.iter().map(|s| (*s).to_string()).collect(),
        more,
    )
}

#[test]
fn cohort_cells_of_rules_not_met_say_what_they_need() {
    // Vector 31 (worked in its case.json): w1 meets every rule; w2 misses
    // a2 under `all` (1 of 2 met: 1 more of a2), has no evidence under
    // `any` (1 more of b1, b2: rule_not_met, not no_evidence), and rates
    // d2 below the minimum (1 more of d2).
    let c = cohort_of("31-rule-all-any", false);
    assert_eq!(
        cells(&c),
        [
            cell("w1", "c-all", "assessed", &[], None),
            cell("w1", "c-any", "assessed", &[], None),
            cell("w1", "c-all-min", "assessed", &[], None),
            cell("w2", "c-all", "rule_not_met", &["a2"], Some(1)),
            cell("w2", "c-any", "rule_not_met", &["b1", "b2"], Some(1)),
            cell("w2", "c-all-min", "rule_not_met", &["d2"], Some(1)),
        ]
    );
    for comp in c["competencies"].as_array().unwrap() {
        assert_eq!(comp["rule_not_met"], 1, "{}", comp["id"]);
        assert_eq!(comp["no_evidence"], 0, "{}", comp["id"]);
        assert_eq!(comp["insufficient_evidence"], 0, "{}", comp["id"]);
    }
}

#[test]
fn cohort_training_demand_counts_rules_not_met() {
    // Vector 33 against its profile (c1 high essential, c2 low desirable):
    // c1: w2 needs the required g1, w3 is below high; c2: w1 and w2 need
    // the required h1 (meeting it meets the count: no needs_more).
    let c = cohort_of("33-rule-required", true);
    assert_eq!(
        cells(&c),
        [
            cell("w1", "c1", "assessed", &[], None),
            cell("w1", "c2", "rule_not_met", &["h1"], None),
            cell("w2", "c1", "rule_not_met", &["g1"], None),
            cell("w2", "c2", "rule_not_met", &["h1"], None),
            cell("w3", "c1", "assessed", &[], None),
            cell("w3", "c2", "assessed", &[], None),
        ]
    );
    let demand = |i: usize| &c["competencies"][i]["demand"];
    assert_eq!(demand(0)["screening_gaps"], 2);
    assert_eq!(
        demand(0)["gaps_by_status"],
        serde_json::json!({"no_evidence": 0, "insufficient_evidence": 0, "below_level": 1, "rule_not_met": 1})
    );
    assert_eq!(demand(0)["who"], serde_json::json!(["w2", "w3"]));
    assert_eq!(demand(1)["screening_gaps"], 2);
    assert_eq!(demand(1)["gaps_by_status"]["rule_not_met"], 2);
    assert_eq!(demand(1)["who"], serde_json::json!(["w1", "w2"]));
}
