//! What the cargo feature `rules` scores (competency rules, required
//! criteria, level bands of domains and the overall score, aggregates
//! other than `weighted_mean`) is refused by a core built without it, at
//! the field's place, instead of being scored as if absent; a core with it
//! reads the same documents. Run both ways (scripts/test.sh):
//! `cargo test -p proficient --test needs_feature` and
//! `cargo test -p proficient --no-default-features --features threads,clock --test needs_feature`.

#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use std::path::Path;

use proficient::api;
use proficient::scoring::policy::overrides_for;
use proficient::{Diagnostic, Framework};

/// Whether this build of the core has the feature.
fn rules() -> bool {
    cfg!(feature = "rules")
}

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

fn vector(name: &str, file: &str) -> String {
    std::fs::read_to_string(root().join("tests/vectors").join(name).join(file)).unwrap()
}

/// (line, path, code) of each diagnostic, and each message checked to name
/// the field and the feature.
fn places(errors: &[Diagnostic], field: &str) -> Vec<(Option<usize>, String, String)> {
    for d in errors {
        assert!(
            d.message.contains(&format!("`{field}`")) && d.message.contains("`rules`"),
            "{}",
            d.message
        );
    }
    errors
        .iter()
        .map(|d| (d.line, d.path.clone(), d.code.clone()))
        .collect()
}

/// Loads a vector's framework: with `rules` it loads; without, the
/// diagnostics (line, path) expected, each with code `needs_feature` and a
/// message naming `field`.
fn check(vector_name: &str, field: &str, expected: &[(usize, &str)]) {
    let text = vector(vector_name, "framework.yaml");
    match Framework::from_yaml_str(&text) {
        Ok(_) => assert!(rules(), "{vector_name}: loaded without the feature"),
        Err(e) => {
            assert!(!rules(), "{vector_name}: {e}");
            let want: Vec<_> = expected
                .iter()
                .map(|(l, p)| (Some(*l), (*p).to_string(), "needs_feature".to_string()))
                .collect();
            assert_eq!(places(&e.diagnostics(), field), want, "{vector_name}");
        }
    }
}

/// The line (1-based) of the first line of `text` containing `start`, at
/// or after line `from`.
fn line_of(text: &str, start: &str, from: usize) -> usize {
    text.lines()
        .enumerate()
        .skip(from.saturating_sub(1))
        .find(|(_, l)| l.contains(start))
        .map(|(i, _)| i + 1)
        .unwrap_or_else(|| panic!("no line containing {start}"))
}

#[test]
fn competency_rules_are_refused_without_the_feature() {
    // Vector 31: three competencies, each with a rule.
    let text = vector("31-rule-all-any", "framework.yaml");
    let first = line_of(&text, "rule:", 1);
    let second = line_of(&text, "rule:", first + 1);
    let third = line_of(&text, "rule:", second + 1);
    check(
        "31-rule-all-any",
        "rule",
        &[
            (first, "competencies[0].rule"),
            (second, "competencies[1].rule"),
            (third, "competencies[2].rule"),
        ],
    );
}

#[test]
fn required_criteria_are_refused_without_the_feature() {
    // Vector 33: `required: true` on g1 (no rule) and h1 (with a rule).
    let text = vector("33-rule-required", "framework.yaml");
    let fw = serde_yaml::from_str::<serde_yaml::Value>(&text).unwrap();
    assert_eq!(fw["competencies"][0]["criteria"][0]["required"], true);
    assert_eq!(fw["competencies"][1]["criteria"][0]["required"], true);
    let g1 = line_of(&text, "required:", 1);
    let rule = line_of(&text, "rule:", 1);
    let h1 = line_of(&text, "required:", g1 + 1);
    let Err(e) = Framework::from_yaml_str(&text) else {
        assert!(rules(), "loaded without the feature");
        return;
    };
    assert!(!rules(), "{e}");
    let got: Vec<_> = e
        .diagnostics()
        .iter()
        .map(|d| (d.line, d.path.clone(), d.code.clone()))
        .collect();
    let want = [
        (g1, "competencies[0].criteria[0].required"),
        (rule, "competencies[1].rule"),
        (h1, "competencies[1].criteria[0].required"),
    ];
    let mut want: Vec<_> = want
        .iter()
        .map(|(l, p)| (Some(*l), (*p).to_string(), "needs_feature".to_string()))
        .collect();
    want.sort();
    assert_eq!(got, want);
}

#[test]
fn level_bands_of_domains_and_overall_are_refused_without_the_feature() {
    // Vector 36: bands on the skills domain and on the overall score.
    let text = vector("36-levels-domain-overall", "framework.yaml");
    let fw = serde_yaml::from_str::<serde_yaml::Value>(&text).unwrap();
    let skills = fw["domains"]
        .as_sequence()
        .unwrap()
        .iter()
        .position(|d| d["levels"].is_sequence())
        .unwrap();
    let Err(e) = Framework::from_yaml_str(&text) else {
        assert!(rules(), "loaded without the feature");
        return;
    };
    assert!(!rules(), "{e}");
    let d = e.diagnostics();
    let fields: Vec<(&str, &str)> = d
        .iter()
        .map(|d| {
            let field = if d.path == "overall_levels" {
                "overall_levels"
            } else {
                "levels"
            };
            assert!(d.message.contains(&format!("`{field}`")), "{}", d.message);
            (d.path.as_str(), d.code.as_str())
        })
        .collect();
    let domain = format!("domains[{skills}].levels");
    let mut want = vec![
        ("overall_levels", "needs_feature"),
        (domain.as_str(), "needs_feature"),
    ];
    // Document order: whichever comes first in the file.
    if line_of(&text, "overall_levels:", 1) > line_of(&text, "domains:", 1) {
        want.reverse();
    }
    assert_eq!(fields, want);
    assert!(d.iter().all(|d| d.line.is_some()));
}

#[test]
fn an_aggregate_in_the_framework_policy_is_refused_without_the_feature() {
    // Vector 34: `aggregate: latest` in the framework's evidence_policy.
    let text = vector("34-aggregate-latest", "framework.yaml");
    check(
        "34-aggregate-latest",
        "aggregate",
        &[(line_of(&text, "aggregate:", 1), "evidence_policy.aggregate")],
    );
}

#[test]
fn the_shipped_fidelity_scale_needs_the_feature() {
    match Framework::load("ips-fidelity") {
        Ok(fw) => {
            assert!(rules());
            assert!(!fw.rules_fields().is_empty());
        }
        Err(e) => {
            assert!(!rules(), "{e}");
            let d = e.diagnostics();
            assert!(!d.is_empty());
            assert!(d
                .iter()
                .all(|d| d.code == "needs_feature" && d.line.is_some()));
            assert!(d.iter().any(|d| d.path == "overall_levels"));
        }
    }
    // A framework using none of them loads either way.
    assert!(Framework::load("job-retention")
        .unwrap()
        .rules_fields()
        .is_empty());
}

#[test]
fn an_aggregate_in_a_policy_file_is_refused_at_its_line() {
    let fw = Framework::load("job-retention").unwrap();
    let text = "half_life_days: 200\naggregate: latest_per_assessor\n";
    match overrides_for(&fw, text) {
        Ok(o) => assert!(rules() && o.aggregate.is_some()),
        Err(e) => {
            assert!(!rules(), "{e}");
            assert_eq!(
                places(&e.diagnostics(), "aggregate"),
                [(
                    Some(2),
                    "aggregate".to_string(),
                    "needs_feature".to_string()
                )]
            );
        }
    }
    // The default aggregate is the same with and without the feature.
    overrides_for(&fw, "aggregate: weighted_mean\n").unwrap();
}

#[test]
fn an_aggregate_option_is_refused_by_the_api() {
    let framework = vector("01-rating-decay", "framework.yaml");
    let evidence = vector("01-rating-decay", "evidence.csv");
    let options = |op: &str, aggregate: &str| {
        let mut o = serde_json::json!({
            "framework": {"text": framework, "name": "framework.yaml"},
            "evidence": {"text": evidence, "name": "evidence.csv"},
            "as_of": "2024-06-30",
            "aggregate": aggregate,
        });
        if op == "cohort" {
            o["level"] = "low".into();
        }
        o.to_string()
    };
    for op in ["score", "cohort", "assessors"] {
        match api::call_json(op, &options(op, "latest")) {
            Ok(_) => assert!(rules(), "{op}"),
            Err(f) => {
                assert!(!rules(), "{op}: {f:?}");
                assert_eq!(
                    places(&f.errors, "aggregate"),
                    [(None, "aggregate".to_string(), "needs_feature".to_string())],
                    "{op}"
                );
            }
        }
        api::call_json(op, &options(op, "weighted_mean")).unwrap();
    }
}
