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
