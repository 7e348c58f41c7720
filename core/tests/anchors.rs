//! Anchored rating scales and sections of criteria: shown by `show`, in
//! explanations and in the trainer's report; scores unchanged by them; and
//! carried through a CASE export and import. The framework is the one of
//! vector `anchors-01-explained-ratings`; expected texts are written by
//! hand from it.

#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use std::path::{Path, PathBuf};

use proficient::api::{call_json, call_text};
use proficient::interop::case::{self, Mode};
use proficient::model::anchors::{anchor_at, nearest_anchor};
use proficient::model::Anchor;
use proficient::{Date, Explain, Framework, Scorer, ScoringPolicy};

mod support;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

const CASE: &str = "tests/vectors/anchors-01-explained-ratings";

fn framework() -> Framework {
    let text = std::fs::read_to_string(root().join(CASE).join("framework.yaml")).unwrap();
    Framework::from_yaml_str(&text).unwrap()
}

fn options(extra: &str) -> String {
    let dir = root().join(CASE);
    format!(
        r#"{{"framework": {:?}, "evidence": {:?}, "as_of": "2024-06-30"{extra}}}"#,
        dir.join("framework.yaml").to_str().unwrap(),
        dir.join("evidence.csv").to_str().unwrap()
    )
}

#[test]
fn show_groups_criteria_by_section_and_lists_anchors_by_value() {
    let path = root().join(CASE).join("framework.yaml");
    let opts = format!(r#"{{"framework": {:?}}}"#, path.to_str().unwrap());
    let text = call_text("show", &opts, r#"{"format": "table"}"#).unwrap();
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    // The criterion in no section first, then the sections in the order
    // listed; anchors by value (c1.records lists 10 before 0 in the file).
    let order: Vec<&str> = lines
        .iter()
        .filter_map(|l| l.split_whitespace().next().filter(|_| l.starts_with("  ")))
        .collect();
    assert_eq!(
        order,
        [
            "c1.cert",
            "§",
            "c1.team",
            "1",
            "3",
            "4",
            "5",
            "§",
            "c1.records",
            "0",
            "10"
        ]
    );
    assert!(
        lines.contains(&"  § team                         Team"),
        "{text}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.ends_with("4 =      mostly integrated")),
        "{text}"
    );
    // JSON: the framework as read (the new fields included).
    let json: serde_json::Value = serde_json::from_str(&call_json("show", &opts).unwrap()).unwrap();
    assert_eq!(
        json["anchored_scales"][0]["anchors"][2]["label"],
        "mostly integrated"
    );
    assert_eq!(json["competencies"][0]["sections"][1]["id"], "services");
    assert_eq!(
        json["competencies"][0]["criteria"][0]["scale"],
        "integration"
    );
}

#[test]
fn an_explanation_gives_each_rating_with_its_anchor() {
    let text = call_text(
        "score",
        &options(r#", "explain": "w1""#),
        r#"{"format": "table"}"#,
    )
    .unwrap();
    // w1's c1.team: 4 (obs) and 5 (self-assessment, weight 0.5); mean
    // 1 + 4 × (0.75 + 0.5)/1.5 = 4.333…, nearest anchor 4.
    assert!(
        text.contains("rated 4 of 5 — 'mostly integrated'"),
        "{text}"
    );
    assert!(text.contains("rated 5 of 5 — 'full integration'"), "{text}");
    assert!(
        text.contains("mean rating 4.33 of 5, nearest anchor 'mostly integrated'"),
        "{text}"
    );
    // c1.records on 0–10: 5 is no anchor's point; the mean 5 is as near 0
    // as 10, and the lower is taken.
    assert!(
        text.contains("rated 5 of 10 (no anchor at this point)"),
        "{text}"
    );
    assert!(
        text.contains("mean rating 5.00 of 10, nearest anchor 'none shared'"),
        "{text}"
    );
    // The binary criterion has neither.
    let cert = text
        .lines()
        .skip_while(|l| !l.contains("c1.cert"))
        .nth(1)
        .unwrap();
    assert!(!cert.contains("rated"), "{cert}");
}

/// The framework without its anchors and sections.
fn plain(mut fw: Framework) -> Framework {
    fw.anchored_scales.clear();
    for c in &mut fw.competencies {
        c.sections.clear();
        for k in &mut c.criteria {
            k.anchors.clear();
            k.scale = None;
            k.section = None;
        }
    }
    fw
}

#[test]
fn anchors_and_sections_change_no_score() {
    let fw = framework();
    let bare = plain(fw.clone());
    let as_of = Date::parse("2024-06-30").unwrap();
    let evidence = root().join(CASE).join("evidence.csv");
    let run = |fw: &Framework| {
        let mut s = Scorer::new(fw, as_of, ScoringPolicy::for_framework(fw), Explain::All);
        proficient::evidence::read_path(&evidence, |item, line| s.push(item, line)).unwrap();
        s.finish()
    };
    let mut with = run(&fw);
    let without = run(&bare);
    assert!(without.workers.iter().all(|w| w
        .competencies
        .iter()
        .flat_map(|c| &c.criteria)
        .all(|k| k.rating.is_none() && k.anchor.is_none())));
    for w in &mut with.workers {
        for k in w.competencies.iter_mut().flat_map(|c| &mut c.criteria) {
            k.rating = None;
            k.anchor = None;
            for e in &mut k.evidence {
                e.rating = None;
                e.anchor = None;
            }
        }
    }
    with.framework = without.framework.clone();
    assert_eq!(with, without);
}

#[test]
fn the_anchor_of_a_rating_and_of_a_mean() {
    let a = |value: f64, label: &str| Anchor {
        value,
        label: label.into(),
        description: None,
    };
    let anchors = [a(5.0, "five"), a(1.0, "one"), a(3.0, "three")];
    let label = |x: Option<&Anchor>| x.map(|x| x.label.clone());
    assert_eq!(label(anchor_at(&anchors, 3.0, 4.0)), Some("three".into()));
    // Read back from a normalised value: within 1e-9 of the width.
    assert_eq!(
        label(anchor_at(&anchors, 3.0 + 1e-12, 4.0)),
        Some("three".into())
    );
    assert_eq!(label(anchor_at(&anchors, 3.5, 4.0)), None);
    assert_eq!(
        label(nearest_anchor(&anchors, 3.9, 4.0)),
        Some("three".into())
    );
    assert_eq!(
        label(nearest_anchor(&anchors, 4.1, 4.0)),
        Some("five".into())
    );
    // Equally near 3 and 5: the lower.
    assert_eq!(
        label(nearest_anchor(&anchors, 4.0, 4.0)),
        Some("three".into())
    );
    assert_eq!(
        label(nearest_anchor(&anchors, 2.0, 4.0)),
        Some("one".into())
    );
    assert_eq!(label(nearest_anchor(&[], 2.0, 4.0)), None);
}

#[test]
fn the_report_lists_ratings_by_section_only_when_there_are_anchors_or_sections() {
    let html = call_json("report", &options("")).unwrap();
    let html: String = serde_json::from_str(&html).unwrap_or(html);
    assert!(html.contains("Ratings by criterion"), "no ratings table");
    let team = html.find("§ Team").unwrap();
    let services = html.find("§ Services").unwrap();
    assert!(team < services);
    // w1: mean 4.33 of 5 and the latest rating given, 5 on 2024-02-10.
    assert!(html.contains("4.33 of 5 — nearest anchor ‘mostly integrated’"));
    assert!(html.contains("5 of 5 — ‘full integration’ (2024-02-10)"));
    let demo = root().join("examples/job-retention-evidence.csv");
    let page = call_json(
        "report",
        &format!(
            r#"{{"framework": "job-retention", "evidence": {:?}, "as_of": "2026-06-30"}}"#,
            demo.to_str().unwrap()
        ),
    )
    .unwrap();
    assert!(page.contains("Workers") && !page.contains("Ratings by criterion"));
}

#[test]
fn anchors_and_sections_survive_a_case_round_trip() {
    let fw = framework();
    let exported = case::export_at(&fw, 0, "test");
    let json = exported.json();
    let pkg: serde_json::Value = serde_json::from_str(&json).unwrap();
    let schema =
        support::jsonschema::load(&root().join("tests/schemas/case-v1p1-cfpackage-schema.json"));
    let mut errors = Vec::new();
    schema.check(&schema.root, &pkg, "$", &mut errors);
    assert!(errors.is_empty(), "{errors:#?}");
    let back = case::import_str(&json, Mode::Strict).unwrap().framework;
    let mut stripped = back.clone();
    stripped.case = None;
    for d in &mut stripped.domains {
        d.case = None;
    }
    for c in &mut stripped.competencies {
        c.case = None;
        for k in &mut c.criteria {
            k.case = None;
        }
    }
    stripped.updated = fw.updated;
    assert_eq!(stripped, fw);
    assert_eq!(case::export_at(&back, 0, "test").json(), json);
}

#[test]
fn anchors_are_exported_as_a_case_rubric_and_read_back_from_it() {
    let fw = framework();
    let exported = case::export_at(&fw, 0, "test");
    let pkg: serde_json::Value = serde_json::from_str(&exported.json()).unwrap();
    let rubrics = pkg["CFRubrics"].as_array().unwrap();
    assert_eq!(rubrics.len(), 1);
    let criteria = rubrics[0]["CFRubricCriteria"].as_array().unwrap();
    // c1.team (shared scale `integration`) and c1.records; not c1.cert.
    assert_eq!(criteria.len(), 2);
    let item_of = |id: &str| {
        pkg["CFItems"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["extensions"]["proficient"]["id"] == id)
            .unwrap()["identifier"]
            .clone()
    };
    assert_eq!(criteria[0]["CFItemURI"]["identifier"], item_of("c1.team"));
    assert_eq!(criteria[0]["category"], "integration");
    let levels: Vec<(f64, &str)> = criteria[0]["CFRubricCriterionLevels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| (l["score"].as_f64().unwrap(), l["quality"].as_str().unwrap()))
        .collect();
    assert_eq!(
        levels,
        [
            (1.0, "no integration"),
            (3.0, "partly integrated"),
            (4.0, "mostly integrated"),
            (5.0, "full integration")
        ]
    );
    // By value, with the description: 0 before 10.
    let records = &criteria[1]["CFRubricCriterionLevels"];
    assert_eq!(
        criteria[1]["CFItemURI"]["identifier"],
        item_of("c1.records")
    );
    assert_eq!(records[0]["quality"], "none shared");
    assert_eq!(records[1]["description"], "Every record is shared");
    // The notes say what CASE cannot carry.
    let codes: Vec<&str> = exported.notes.iter().map(|d| d.code.as_str()).collect();
    assert!(codes.contains(&"anchors_as_rubric"), "{codes:?}");
    assert!(codes.contains(&"not_in_case"), "{codes:?}");

    // Items rewritten without our extensions: the anchors come back from
    // the rubric (the shared scale's as the criterion's own).
    let mut bare = pkg.clone();
    for item in bare["CFItems"].as_array_mut().unwrap() {
        if let Some(p) = item["extensions"]["proficient"].as_object_mut() {
            p.remove("anchors");
            p.remove("scale");
        }
    }
    let imp = case::import_str(&bare.to_string(), Mode::Strict).unwrap();
    let k = &imp.framework.competencies[0].criteria;
    let team = k.iter().find(|k| k.id == "c1.team").unwrap();
    assert_eq!(team.anchors, fw.anchored_scales[0].anchors);
    assert_eq!(team.scale, None);
    let records = k.iter().find(|k| k.id == "c1.records").unwrap();
    let mut want = fw.competencies[0].criteria[1].anchors.clone();
    want.reverse();
    assert_eq!(records.anchors, want);
    assert!(imp.notes.iter().any(|d| d.code == "rubric_anchors"));
    // The rubric is not kept verbatim beside the anchors: one rubric again.
    let again: serde_json::Value =
        serde_json::from_str(&case::export_at(&imp.framework, 0, "test").json()).unwrap();
    assert_eq!(again["CFRubrics"].as_array().unwrap().len(), 1);
}
