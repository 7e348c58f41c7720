//! The malformed-input corpus: every file in `tests/invalid/` (frameworks
//! and profiles at the top, then `evidence/`, `plans/`, `cpd/`, `case/`,
//! `analysis/` and `policy/`) gives exactly the errors (line, column, path, code, message)
//! its `.expected.json` lists, read the way the CLI reads it. Python and JS
//! check the same files (python/tests/test_invalid.py,
//! wasm/tests/invalid.test.mjs). `UPDATE_INVALID=1` rewrites the
//! expectations from what the code gives (review the diff!).

#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use std::path::{Path, PathBuf};

use proficient::analysis::equality::{self, EqualityOptions};
use proficient::interop::case::{self, Mode};
use proficient::trainer::plans::{Cpd, Plans};
use proficient::{analysis::delphi, evidence, Diagnostic, Framework, Profile};
use serde_json::{json, Value};

mod corpus;
use corpus::style_problem;

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/invalid")
}

/// Every input of the corpus with its expectation, sorted by path.
fn cases() -> Vec<(PathBuf, Value)> {
    let mut out = Vec::new();
    for dir in ["", "evidence", "plans", "cpd", "case", "analysis", "policy"] {
        let dir = corpus().join(dir);
        let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.is_file() && !p.to_string_lossy().ends_with(".expected.json"))
            .collect();
        paths.sort();
        for p in paths {
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            let stem = name.split_once('.').map_or(name.as_str(), |(s, _)| s);
            let e = dir.join(format!("{stem}.expected.json"));
            let expected: Value = serde_json::from_str(
                &std::fs::read_to_string(&e)
                    .unwrap_or_else(|_| panic!("{} is missing", e.display())),
            )
            .unwrap();
            out.push((p, expected));
        }
    }
    out
}

/// A table file read as the CLI reads it (bounded, decoded), with the
/// errors of its reader `P`.
fn text_of<P: proficient::base::error::FileProblem>(
    path: &Path,
) -> Result<String, Vec<Diagnostic>> {
    proficient::input::read_table::<P>(path).map_err(|e| e.diagnostics())
}

/// The errors reading `path` as `expected["kind"]` gives (empty when it reads).
fn diagnostics(path: &Path, expected: &Value) -> Vec<Diagnostic> {
    let kind = expected["kind"].as_str().unwrap_or("framework");
    let framework =
        || Framework::load(expected["framework"].as_str().unwrap_or("job-retention")).unwrap();
    let errors = |r: Result<(), Vec<Diagnostic>>| r.err().unwrap_or_default();
    match kind {
        "framework" => errors(
            Framework::from_path(path)
                .map(|_| ())
                .map_err(|e| e.diagnostics()),
        ),
        "profile" => errors(
            Profile::load(&path.display().to_string(), None)
                .map(|_| ())
                .map_err(|e| e.diagnostics()),
        ),
        "evidence" => errors(
            evidence::read_path(path, |_, _| {})
                .map(|_| ())
                .map_err(|e| e.diagnostics()),
        ),
        "plans" => errors(
            Plans::from_path(path, &framework())
                .map(|_| ())
                .map_err(|e| e.diagnostics()),
        ),
        "cpd" => errors(
            Cpd::from_path(path, &framework())
                .map(|_| ())
                .map_err(|e| e.diagnostics()),
        ),
        "policy" => errors(
            proficient::input::read_text(path)
                .map_err(|e| e.diagnostics())
                .and_then(|text| {
                    proficient::scoring::policy::overrides_for(&framework(), &text)
                        .map(|_| ())
                        .map_err(|e| e.diagnostics())
                }),
        ),
        "case" => {
            let mode = if expected["mode"] == "lenient" {
                Mode::Lenient
            } else {
                Mode::Strict
            };
            errors(
                case::import_path(path, mode)
                    .map(|_| ())
                    .map_err(|e| e.diagnostics()),
            )
        }
        "people" => errors(text_of::<equality::PeopleProblem>(path).and_then(|text| {
            let o: EqualityOptions = serde_json::from_value(expected["options"].clone()).unwrap();
            equality::read_people(&text, &o)
                .map(|_| ())
                .map_err(|e| e.diagnostics())
        })),
        "ratings" | "items" => errors(text_of::<delphi::RatingsProblem>(path).and_then(|text| {
            match kind {
                "items" => delphi::read_items_csv(&text)
                    .map(|_| ())
                    .map_err(|e| e.diagnostics()),
                _ if path.extension().is_some_and(|e| e == "json") => {
                    delphi::read_ratings_json(&text, |_, _| {})
                        .map(|_| ())
                        .map_err(|e| e.diagnostics())
                }
                _ => delphi::read_ratings_csv(&text, |_, _| {})
                    .map(|_| ())
                    .map_err(|e| e.diagnostics()),
            }
        })),
        other => panic!("{}: unknown kind {other:?}", path.display()),
    }
}

/// Diagnostics as the expectations hold them: without the file, which
/// must be the path read when one is named.
fn comparable(path: &Path, ds: &[Diagnostic]) -> Value {
    for d in ds {
        if let Some(f) = &d.file {
            assert_eq!(Path::new(f), path, "error names another file: {d}");
        }
    }
    let mut v = serde_json::to_value(ds).unwrap();
    for d in v.as_array_mut().unwrap() {
        d.as_object_mut().unwrap().remove("file");
    }
    v
}

#[test]
fn every_invalid_file_gives_its_expected_errors() {
    let update = std::env::var_os("UPDATE_INVALID").is_some();
    let mut failures = Vec::new();
    let cases = cases();
    for (path, expected) in &cases {
        let got = comparable(path, &diagnostics(path, expected));
        if got == json!([]) {
            failures.push(format!("{}: reads without error", path.display()));
        }
        if update && got != expected["errors"] {
            let mut e = expected.clone();
            e["errors"] = got;
            let stem = path.file_name().unwrap().to_string_lossy().to_string();
            let stem = stem
                .split_once('.')
                .map_or(stem.as_str(), |(s, _)| s)
                .to_string();
            std::fs::write(
                path.with_file_name(format!("{stem}.expected.json")),
                serde_json::to_string_pretty(&e).unwrap() + "\n",
            )
            .unwrap();
        } else if got != expected["errors"] {
            failures.push(format!(
                "{}:\n  expected {}\n  got      {}",
                path.display(),
                expected["errors"],
                got
            ));
        }
    }
    assert!(cases.len() >= 60, "only {} invalid cases", cases.len());
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn size_limit_is_enforced() {
    let limits = proficient::input::yaml::Limits {
        max_bytes: 100,
        ..Default::default()
    };
    let text = "id: x\n".repeat(50);
    let err = Framework::from_yaml_str_with(&text, &limits).err();
    let codes: Vec<String> = err
        .map(|e| e.diagnostics().into_iter().map(|d| d.code).collect())
        .unwrap_or_default();
    assert_eq!(codes, vec!["too_large".to_string()]);
}

#[test]
fn deeply_nested_flow_collections_are_refused_without_overflowing() {
    let text = format!("id: {}{}\n", "[".repeat(1_000_000), "]".repeat(1_000_000));
    let err = Framework::from_yaml_str(&text).err();
    let codes: Vec<String> = err
        .map(|e| e.diagnostics().into_iter().map(|d| d.code).collect())
        .unwrap_or_default();
    assert_eq!(codes, vec!["too_deep".to_string()]);
}

/// Every message in the corpus follows docs/errors.md.
#[test]
fn every_message_in_the_corpus_follows_the_style_guide() {
    let mut failures = Vec::new();
    for (path, expected) in cases() {
        for e in expected["errors"].as_array().unwrap() {
            let message = e["message"].as_str().unwrap();
            if let Some(problem) = style_problem(message) {
                failures.push(format!("{}: {problem}: {message}", path.display()));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A single line of 100 MB in each line-oriented format is refused with a
/// located error, without reading it whole; a document over the limit
/// (sparse: nothing is written) is refused before it is read (generated,
/// not committed).
#[test]
fn a_100_mb_single_line_is_refused_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let line = "x".repeat(100 * 1024 * 1024);
    let mut got = Vec::new();
    for (name, kind, content) in [
        ("cpd.csv", "cpd", line.clone()),
        ("evidence.csv", "evidence", line.clone()),
        (
            "evidence.jsonl",
            "evidence",
            format!("{{\"worker\": \"{line}\"}}"),
        ),
        ("evidence.json", "evidence", format!("[\"{line}\"]")),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, content).unwrap();
        let ds = diagnostics(&path, &json!({"kind": kind}));
        got.push((name, comparable(&path, &ds)));
    }
    let over = proficient::input::MAX_DOCUMENT_BYTES as u64 + 1;
    for (name, kind) in [
        ("framework.yaml", "framework"),
        ("plans.yaml", "plans"),
        ("case.json", "case"),
        ("people.csv", "people"),
    ] {
        let path = dir.path().join(name);
        std::fs::File::create(&path).unwrap().set_len(over).unwrap();
        let ds = diagnostics(
            &path,
            &json!({"kind": kind, "options": {"group": "g", "outcome": "o"}}),
        );
        got.push((name, comparable(&path, &ds)));
    }
    let at = |line: Option<u64>, column: Option<u64>, code: &str, message: &str| json!([{"line": line, "column": column, "path": "", "code": code, "message": message}]);
    let at2 = |line: Option<u64>, column: Option<u64>, path: &str, code: &str, message: &str| json!([{"line": line, "column": column, "path": path, "code": code, "message": message}]);
    let large = at(
        None,
        None,
        "too_large",
        &format!("input is {over} bytes, expected at most 268435456 bytes"),
    );
    let line_long = at(
        Some(1),
        None,
        "line_too_long",
        "line longer than 1048576 bytes, expected at most 1048576 bytes per line (is this really a CSV or JSON Lines file?)",
    );
    let expected = vec![
        ("cpd.csv", at(Some(1), None, "line_too_long", "line longer than 1048576 bytes, expected at most 1048576 bytes per line (is this really a CSV file?)")),
        ("evidence.csv", line_long.clone()),
        ("evidence.jsonl", line_long),
        ("evidence.json", at2(Some(1), Some(2), "[0]", "json", "found text, expected an object (one evidence item with `worker`, `criterion`, `kind`, `date`)")),
        ("framework.yaml", large.clone()),
        ("plans.yaml", large.clone()),
        ("case.json", large.clone()),
        ("people.csv", large),
    ];
    assert_eq!(got, expected);
}
