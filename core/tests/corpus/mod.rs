//! The corpora of text inputs (tests/invalid/**, tests/vectors/**,
//! examples/, the shipped frameworks and profiles, tests/case/**,
//! tests/badge/), each with how to read it, and what reading it gives, for
//! the tests that transform them (core/tests/line_endings.rs,
//! core/tests/message_style.rs); and the message style rules of
//! docs/errors.md.

#![allow(
    dead_code,
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
use serde_json::Value;

pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// How to read an input.
#[derive(Debug, Clone)]
pub enum Kind {
    Framework,
    /// A profile, checked against this framework (shipped name or path).
    Profile(Option<String>),
    Evidence,
    Plans(String),
    Cpd(String),
    Case(Mode),
    People(EqualityOptions),
    Ratings,
    Items,
    Issuer,
    Policy,
}

/// Every text input of the corpora with how to read it.
pub fn inputs() -> Vec<(PathBuf, Kind)> {
    let root = root();
    let mut out = Vec::new();
    // The malformed corpus: kinds from the expectations.
    for dir in ["", "evidence", "plans", "cpd", "case", "analysis"] {
        let dir = root.join("tests/invalid").join(dir);
        let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_file() && !p.to_string_lossy().ends_with(".expected.json"))
            .collect();
        paths.sort();
        for p in paths {
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            let stem = name.split('.').next().unwrap();
            let expected: Value = serde_json::from_str(
                &std::fs::read_to_string(dir.join(format!("{stem}.expected.json"))).unwrap(),
            )
            .unwrap();
            let framework = expected["framework"]
                .as_str()
                .unwrap_or("job-retention")
                .to_string();
            let kind = match expected["kind"].as_str().unwrap_or("framework") {
                "framework" => Kind::Framework,
                "profile" => Kind::Profile(None),
                "evidence" => Kind::Evidence,
                "plans" => Kind::Plans(framework),
                "cpd" => Kind::Cpd(framework),
                "case" if expected["mode"] == "lenient" => Kind::Case(Mode::Lenient),
                "case" => Kind::Case(Mode::Strict),
                "people" => {
                    Kind::People(serde_json::from_value(expected["options"].clone()).unwrap())
                }
                "ratings" => Kind::Ratings,
                "items" => Kind::Items,
                other => panic!("unknown kind {other}"),
            };
            out.push((p, kind));
        }
    }
    // The shared vectors: kinds from the file names.
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(root.join("tests/vectors"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    for dir in dirs {
        let fw = dir.join("framework.yaml");
        let framework = if fw.exists() {
            fw.display().to_string()
        } else {
            "job-retention".to_string()
        };
        let analysis: Option<Value> = std::fs::read_to_string(dir.join("analysis.json"))
            .ok()
            .map(|t| serde_json::from_str(&t).unwrap());
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        for p in files {
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            let kind = match name.split('.').next().unwrap() {
                "framework" => Kind::Framework,
                "profile" => Kind::Profile(Some(framework.clone())),
                "evidence" => Kind::Evidence,
                "plans" => Kind::Plans(framework.clone()),
                "cpd" => Kind::Cpd(framework.clone()),
                "people" => Kind::People(
                    serde_json::from_value(analysis.as_ref().unwrap()["options"].clone()).unwrap(),
                ),
                "ratings" => Kind::Ratings,
                "items" => Kind::Items,
                _ => continue,
            };
            out.push((p, kind));
        }
    }
    let examples = root.join("examples");
    for (name, kind) in [
        ("job-retention-evidence.csv", Kind::Evidence),
        (
            "job-retention-plans.yaml",
            Kind::Plans("job-retention".into()),
        ),
        ("job-retention-cpd.yaml", Kind::Cpd("job-retention".into())),
        ("delphi-ratings.csv", Kind::Ratings),
        ("delphi-items.csv", Kind::Items),
        (
            "staff-cpd.csv",
            Kind::People(EqualityOptions {
                period: Some("year".into()),
                reason: Some("decline_reason".into()),
                ..EqualityOptions::new("wres_group", "accessed_cpd")
            }),
        ),
    ] {
        out.push((examples.join(name), kind));
    }
    for name in ["job-retention.yaml", "job-coach.yaml"] {
        out.push((root.join("frameworks").join(name), Kind::Framework));
    }
    for e in std::fs::read_dir(root.join("frameworks/profiles")).unwrap() {
        out.push((e.unwrap().path(), Kind::Profile(None)));
    }
    for dir in ["tests/case", "tests/case/malformed"] {
        for e in std::fs::read_dir(root.join(dir)).unwrap() {
            let p = e.unwrap().path();
            if p.extension().is_some_and(|e| e == "json") {
                out.push((p.clone(), Kind::Case(Mode::Strict)));
                out.push((p, Kind::Case(Mode::Lenient)));
            }
        }
    }
    out.push((root.join("tests/badge/issuer.yaml"), Kind::Issuer));
    out
}

/// What reading `path` as `kind` gives, as text: the value read (with the
/// lines of evidence items and ratings), or the errors without the file.
pub fn read(path: &Path, kind: &Kind) -> String {
    match read_result(path, kind) {
        Ok(s) => s,
        Err(ds) => {
            let ds: Vec<Diagnostic> = ds
                .into_iter()
                .map(|d| Diagnostic { file: None, ..d })
                .collect();
            format!("errors: {ds:?}")
        }
    }
}

/// What reading `path` as `kind` gives: the value read, as text, or the
/// diagnostics.
pub fn read_result(path: &Path, kind: &Kind) -> Result<String, Vec<Diagnostic>> {
    let errors = |ds: Vec<Diagnostic>| Err(ds);
    let framework = |name: &str| Framework::load(name).unwrap();
    match kind {
        Kind::Framework => match Framework::from_path(path) {
            Ok(fw) => Ok(format!("{fw:?}")),
            Err(e) => errors(e.diagnostics()),
        },
        Kind::Profile(fw) => {
            let fw = fw.as_deref().map(framework);
            match Profile::load(&path.display().to_string(), fw.as_ref()) {
                Ok(p) => Ok(format!("{p:?}")),
                Err(e) => errors(e.diagnostics()),
            }
        }
        Kind::Evidence => {
            let mut items = Vec::new();
            match evidence::read_path(path, |item, line| items.push(format!("{line}: {item:?}"))) {
                Ok(n) => Ok(format!("{n} items: {items:?}")),
                Err(e) => errors(e.diagnostics()),
            }
        }
        Kind::Plans(fw) => match Plans::from_path(path, &framework(fw)) {
            Ok(p) => Ok(format!("{p:?}")),
            Err(e) => errors(e.diagnostics()),
        },
        Kind::Cpd(fw) => match Cpd::from_path(path, &framework(fw)) {
            Ok(p) => Ok(format!("{p:?}")),
            Err(e) => errors(e.diagnostics()),
        },
        Kind::Case(mode) => match case::import_path(path, *mode) {
            Ok(i) => {
                let notes: Vec<Diagnostic> = i
                    .notes
                    .into_iter()
                    .map(|d| Diagnostic { file: None, ..d })
                    .collect();
                Ok(format!("{:?} {notes:?}", i.framework))
            }
            Err(e) => errors(e.diagnostics()),
        },
        Kind::People(options) => {
            match proficient::input::read_table::<equality::PeopleProblem>(path)
                .and_then(|t| equality::read_people(&t, options))
            {
                Ok(p) => Ok(format!("{p:?}")),
                Err(e) => errors(e.diagnostics()),
            }
        }
        Kind::Ratings | Kind::Items => {
            let r = proficient::input::read_table::<delphi::RatingsProblem>(path).and_then(|t| {
                let mut got = Vec::new();
                if matches!(kind, Kind::Items) {
                    delphi::read_items_csv(&t).map(|items| format!("{items:?}"))
                } else if path.extension().is_some_and(|e| e == "json") {
                    delphi::read_ratings_json(&t, |r, line| got.push(format!("{line}: {r:?}")))
                        .map(|_| format!("{got:?}"))
                } else {
                    delphi::read_ratings_csv(&t, |r, line| got.push(format!("{line}: {r:?}")))
                        .map(|_| format!("{got:?}"))
                }
            });
            match r {
                Ok(s) => Ok(s),
                Err(e) => errors(e.diagnostics()),
            }
        }
        Kind::Issuer => match proficient::interop::badge::Issuer::from_path(path) {
            Ok(i) => Ok(format!("{i:?}")),
            Err(e) => errors(e.diagnostics()),
        },
        Kind::Policy => match proficient::input::read_text(path)
            .and_then(|t| proficient::scoring::policy::overrides_from_str(&t))
        {
            Ok(p) => Ok(format!("{p:?}")),
            Err(e) => errors(e.diagnostics()),
        },
    }
}

/// Why `message` breaks the style of docs/errors.md, if it does.
pub fn style_problem(message: &str) -> Option<&'static str> {
    let mut chars = message.chars();
    let (first, second) = (chars.next(), chars.next());
    if message.is_empty() {
        return Some("empty");
    }
    if message.contains(['\n', '\r']) || message.chars().any(char::is_control) {
        return Some("not one line of printable text");
    }
    // Lowercase, unless the first word is an acronym (JSON, CSV, CFItem).
    if first.is_some_and(char::is_uppercase) && !second.is_some_and(char::is_uppercase) {
        return Some("starts with a capital");
    }
    if message.ends_with('.') {
        return Some("ends with a full stop");
    }
    if message.chars().count() > 500 {
        return Some("longer than 500 characters");
    }
    if message.matches('`').count() % 2 == 1 {
        return Some("unbalanced backticks");
    }
    if message
        .split('`')
        .skip(1)
        .step_by(2)
        .any(|quoted| quoted.chars().count() > 60)
    {
        return Some("quotes more than 60 characters of input");
    }
    const EXPECTATION: [&str; 8] = [
        "expected", "must", "may ", "only", "required", "needs", "at most", "at least",
    ];
    if !EXPECTATION.iter().any(|w| message.contains(w)) {
        return Some("does not say what was expected");
    }
    None
}
