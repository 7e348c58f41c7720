//! Runs every shared vector in `tests/vectors/` (see its README): the
//! engine's result must equal the independently computed `expected.json`
//! (numbers within 1e-9; rejection `detail` texts only checked non-empty).

#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use std::path::{Path, PathBuf};

use proficient::{evidence, Date, Explain, Framework, Profile, Scorer, ScoringPolicy};
use serde_json::Value;

mod common;
use common::diff;

fn vectors_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/vectors")
}

fn load_framework(dir: &Path, name: &str) -> Framework {
    let path = dir.join(name);
    let fw = if path.exists() {
        Framework::from_path(&path)
    } else {
        Framework::load(name)
    };
    fw.unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
}

/// Runs one case; returns a description of each mismatch.
fn run_case(dir: &Path) -> Vec<String> {
    let case: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("case.json")).unwrap()).unwrap();
    let fw = load_framework(dir, case["framework"].as_str().unwrap());
    // The policy as a policy file (JSON is YAML) would give it.
    let overrides = proficient::scoring::policy::overrides_for(
        &fw,
        &case
            .get("policy")
            .cloned()
            .unwrap_or(Value::Object(Default::default()))
            .to_string(),
    )
    .unwrap();
    let policy = ScoringPolicy::with_overrides(&fw, &overrides).unwrap();
    let as_of = Date::parse(case["as_of"].as_str().unwrap()).unwrap();
    let mut scorer = Scorer::new(&fw, as_of, policy, Explain::All);
    evidence::read_path(
        &dir.join(case["evidence"].as_str().unwrap()),
        |item, line| scorer.push(item, line),
    )
    .unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let result = scorer.finish();
    let mut problems = Vec::new();
    // The two-thread pipeline gives exactly the same result.
    let mut piped = Scorer::new(&fw, as_of, result.policy.clone(), Explain::All);
    proficient::scoring::pipeline::score_with(&mut piped, |sink| {
        evidence::read_path(&dir.join(case["evidence"].as_str().unwrap()), sink)
    })
    .unwrap();
    if piped.finish() != result {
        problems.push(format!("{}: the pipeline's result differs", dir.display()));
    }
    let expected: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).unwrap()).unwrap();
    if let Some(d) = diff("", &expected, &serde_json::to_value(&result).unwrap()) {
        problems.push(format!("{}: score{d}", dir.display()));
    }
    if let Some(profile) = case.get("profile").and_then(Value::as_str) {
        let path = dir.join(profile);
        let (profile, _) = if path.exists() {
            Profile::load(path.to_str().unwrap(), Some(&fw))
        } else {
            Profile::load(profile, Some(&fw))
        }
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        let screened = proficient::screen(&profile, &fw, result);
        let expected: Value = serde_json::from_str(
            &std::fs::read_to_string(dir.join("expected-screen.json")).unwrap(),
        )
        .unwrap();
        if let Some(d) = diff("", &expected, &serde_json::to_value(&screened).unwrap()) {
            problems.push(format!("{}: screen{d}", dir.display()));
        }
    }
    problems
}

#[test]
fn every_vector_matches_its_expected_result() {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(vectors_dir())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.join("case.json").exists())
        .collect();
    dirs.sort();
    assert!(
        dirs.len() >= 20,
        "expected at least 20 vectors, found {}",
        dirs.len()
    );
    let problems: Vec<String> = dirs.iter().flat_map(|d| run_case(d)).collect();
    assert!(
        problems.is_empty(),
        "{} mismatches:\n{}",
        problems.len(),
        problems.join("\n")
    );
}
