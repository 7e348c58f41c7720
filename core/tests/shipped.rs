//! The shipped frameworks and profiles load, and the job retention set is
//! the source document's: 5 knowledge and 11 skill statements, 28 indicators,
//! in its own words.

#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use proficient::{model::shipped, Framework, Measure, Profile};

/// The statements of the source document (Sainsbury Centre, "Delivering job
/// retention services"), in order, whitespace-normalised.
const STATEMENTS: [&str; 16] = [
    "Understanding of a wide range of jobs, organisations and work environments",
    "Knowledge and understanding of the practical implications of current health and safety legislation, employment law and the Disability Discrimination Act",
    "Understanding of the roles of Occupational Health, Human Resources, primary and secondary healthcare practitioners The ability to work with all the above",
    "Knowledge of the full range of potential adjustments in the workplace",
    "Understanding of the need for early intervention and of the complex issues that clients may be facing",
    "Conduct a comprehensive workplace assessment including: job requirements, individual functioning and the social context",
    "Work in collaboration with the client and his/her line manager to plan a return to work and/or apply adjustments",
    "Talk confidently and authoritatively to employers, managers and colleagues about health and disability issues, especially those that are common and associated with social stigma/exclusion",
    "Intervene to utilise relationships in the workplace to support individuals with health conditions and/or disabilities, e.g. through mentoring or buddying",
    "Facilitate access to expert financial advice on welfare benefits, income protection and 'Access to Work' resources",
    "Foster the client's optimism and self-confidence, e.g. through counselling and/or the use of evidence-based resources and techniques (e.g. self-help resources) to achieve this aim",
    "Coordinate, in an effective way, the simultaneous contribution of different agencies – health, social care and vocational – to address comprehensively the needs identified in the assessment phase",
    "Review jobs and advise the client when a change (of job) may be the best or only solution",
    "Mediate in cases where there is potential or actual conflict between the employer and the employee (i.e. the client)",
    "Respond flexibly to the changing needs of clients and employers",
    "Defend clients' employment rights",
];

/// Indicators per statement, in order.
const INDICATORS: [usize; 16] = [2, 3, 1, 2, 1, 1, 2, 3, 2, 2, 3, 1, 1, 2, 1, 1];

fn norm(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn job_retention() -> Framework {
    match Framework::load("job-retention") {
        Ok(fw) => fw,
        Err(e) => panic!("shipped framework does not load: {e}"),
    }
}

#[test]
fn job_retention_is_the_source_document() {
    let fw = job_retention();
    assert_eq!(fw.competencies.len(), 16);
    let domains: Vec<&str> = fw.competencies.iter().map(|c| c.domain.as_str()).collect();
    assert_eq!(domains.iter().filter(|d| **d == "knowledge").count(), 5);
    assert_eq!(domains.iter().filter(|d| **d == "skills").count(), 11);
    assert_eq!(fw.criteria_count(), 28);
    for (i, c) in fw.competencies.iter().enumerate() {
        assert_eq!(norm(&c.statement), STATEMENTS[i], "statement of {}", c.id);
        assert_eq!(c.criteria.len(), INDICATORS[i], "indicators of {}", c.id);
        assert!(c.category.is_some(), "{} has a Delphi category", c.id);
    }
    assert_eq!(fw.categories.len(), 5);
    let panel = fw
        .source
        .panel
        .as_ref()
        .map(|p| (p.size, p.groups.iter().map(|g| g.size).sum::<u32>()));
    assert_eq!(panel, Some((80, 80)));
}

#[test]
fn job_retention_measures_fit_the_indicators() {
    let fw = job_retention();
    let measure = |needle: &str| -> &'static str {
        fw.competencies
            .iter()
            .flat_map(|c| &c.criteria)
            .find(|k| k.statement.contains(needle))
            .map_or("missing", |k| k.measure.name())
    };
    assert_eq!(
        measure("adjustments and adaptations included in written RtW plans are implemented"),
        "rate"
    );
    assert_eq!(measure("Training in mediation or equivalent"), "binary");
    assert_eq!(
        measure("Client satisfaction with support offered"),
        "rating"
    );
    // Every "frequency" indicator is a rate.
    for k in fw.competencies.iter().flat_map(|c| &c.criteria) {
        if k.statement.contains("frequency") {
            assert!(
                matches!(k.measure, Measure::Rate { .. }),
                "{} should be a rate",
                k.id
            );
        }
    }
}

#[test]
fn every_shipped_framework_and_profile_loads_and_round_trips() {
    for name in shipped::framework_names() {
        let fw = Framework::load(name).map_err(|e| e.to_string());
        assert!(fw.is_ok(), "{name}: {fw:?}");
        if let Ok(fw) = fw {
            let json = serde_json::to_string(&fw).unwrap_or_default();
            let back = Framework::from_yaml_str(&json).map_err(|e| e.to_string());
            assert_eq!(
                back.as_ref().ok(),
                Some(&fw),
                "{name} round-trips through JSON"
            );
        }
    }
    for name in shipped::profile_names() {
        let p = Profile::load(name, None).map_err(|e| e.to_string());
        assert!(p.is_ok(), "{name}: {p:?}");
    }
    for (name, text) in shipped::FRAMEWORKS.iter().chain(shipped::PROFILES) {
        assert!(
            text.starts_with("# yaml-language-server: $schema="),
            "{name} carries the schema line"
        );
    }
}

#[test]
fn the_profile_has_essential_and_desirable_requirements_with_rationales() {
    let (p, _) = Profile::load("job-retention-specialist", None)
        .map_err(|e| e.to_string())
        .unwrap_or_else(|e| panic!("{e}"));
    use proficient::Importance::*;
    assert!(p.requirements.iter().any(|r| r.importance == Essential));
    assert!(p.requirements.iter().any(|r| r.importance == Desirable));
    assert!(p.requirements.iter().all(|r| r.rationale.is_some()));
}
