//! The call layer: every operation on the shipped demo files and its error
//! paths, the options' JSON reading, and the parity corpus (`tests/parity/`)
//! whose expected outputs the api writes (`UPDATE_PARITY=1`).

#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use std::path::{Path, PathBuf};
use std::sync::Arc;

use proficient::api::{self, Class, Kind, ScoreOptions, ScreenOptions, Source};
use proficient::{Date, Framework};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn demo() -> String {
    root()
        .join("examples/job-retention-evidence.csv")
        .display()
        .to_string()
}

fn score_options(framework: Source, evidence: Source) -> ScoreOptions {
    ScoreOptions {
        framework,
        explain: None,
        no_evidence: false,
        evidence,
        evidence_format: None,
        sheet: None,
        as_of: Some(Date::parse("2026-06-30").unwrap()),
        policy: None,
        half_life: None,
        max_age: None,
        min_items: None,
        min_coverage: None,
        aggregate: None,
    }
}

/// Every call of the corpus gives what its expected file holds.
#[test]
fn parity_corpus() {
    let dir = root().join("tests/parity");
    let update = std::env::var_os("UPDATE_PARITY").is_some();
    std::env::set_current_dir(root()).unwrap();
    let mut calls = 0;
    let mut operations = std::collections::BTreeSet::new();
    let mut stale = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        let Some(stem) = name.strip_suffix(".json") else {
            continue;
        };
        if stem.ends_with(".expected") || stem.ends_with(".failure") {
            continue;
        }
        let call: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let operation = call["operation"].as_str().unwrap();
        if operation == "import_sheet" && !cfg!(feature = "sheets") {
            // Workbooks are read with the `sheets` feature only.
            continue;
        }
        let options = serde_json::to_string(&call["options"]).unwrap();
        let (file, text, other) = match api::call_json(operation, &options) {
            Ok(out) => (format!("{stem}.expected.json"), out, ".failure.json"),
            Err(f) => (
                format!("{stem}.failure.json"),
                serde_json::to_string_pretty(&f).unwrap() + "\n",
                ".expected.json",
            ),
        };
        operations.insert((operation.to_string(), file.ends_with(".failure.json")));
        calls += 1;
        let want = dir.join(&file);
        if update {
            std::fs::write(&want, &text).unwrap();
            let _ = std::fs::remove_file(dir.join(format!("{stem}{other}")));
        } else if std::fs::read_to_string(&want).ok().as_deref() != Some(text.as_str()) {
            stale.push(file);
        }
    }
    assert!(
        stale.is_empty(),
        "parity outputs differ: {stale:?}; if the change is intended, regenerate with `UPDATE_PARITY=1 cargo test -p proficient --test api`"
    );
    assert!(calls > 0);
    // Every operation with a success and a failure.
    for op in api::OPERATIONS {
        if *op == "import_sheet" && !cfg!(feature = "sheets") {
            continue;
        }
        for failure in [false, true] {
            assert!(
                operations.contains(&(op.to_string(), failure)),
                "no {} case for `{op}` in tests/parity",
                if failure { "failure" } else { "success" }
            );
        }
    }
}

#[test]
fn score_from_every_kind_of_source() {
    let text = std::fs::read_to_string(demo()).unwrap();
    let by_name = api::score(&score_options(
        Source::Name("job-retention".into()),
        Source::Name(demo()),
    ))
    .unwrap();
    assert_eq!(by_name.counts.items, 570);
    let fw = Arc::new(Framework::load("job-retention").unwrap());
    let from_bytes = api::score(&score_options(
        Source::Framework(Arc::clone(&fw)),
        Source::Bytes {
            bytes: text.as_bytes().into(),
            name: Some("demo.csv".into()),
        },
    ))
    .unwrap();
    assert_eq!(from_bytes, by_name);
    let json = r#"[{"worker": "w1", "criterion": "k1.previous-employment", "kind": "employment-history", "date": "2026-01-01", "value": 4},
        {"worker": "w2", "criterion": "nope", "kind": "employment-history", "date": "2026-01-01", "value": 4}]"#;
    let items: Vec<proficient::EvidenceItem> = serde_json::from_str(json).unwrap();
    let from_items = api::score(&score_options(
        Source::Framework(Arc::clone(&fw)),
        Source::Items(items.into()),
    ))
    .unwrap();
    let from_text = api::score(&score_options(
        Source::Framework(fw),
        Source::Text(api::source::TextSource {
            text: json.into(),
            name: None,
        }),
    ))
    .unwrap();
    assert_eq!(from_items, from_text);
    assert_eq!(from_items.counts.rejected, 1);
}

#[test]
fn errors_are_located_and_classed() {
    // An evidence problem: a finding at its line and column, in the named file.
    let bad = "worker,criterion,kind,date\nw1,k1,obs,2024-13-01\n";
    let f = api::score(&score_options(
        Source::Name("job-retention".into()),
        Source::Text(api::source::TextSource {
            text: bad.into(),
            name: Some("ev.csv".into()),
        }),
    ))
    .unwrap_err();
    assert_eq!(
        (f.kind, f.class, f.exit_code()),
        (Kind::Evidence, Class::Finding, 1)
    );
    let d = &f.errors[0];
    assert_eq!(
        (d.file.as_deref(), d.line, d.column, d.code.as_str()),
        (Some("ev.csv"), Some(2), Some(4), "bad_date")
    );
    // An option: usage, named by the option.
    let mut o = score_options(Source::Name("job-retention".into()), Source::Name(demo()));
    o.half_life = Some(Some(-1.0));
    o.max_age = Some(None);
    let f = api::score(&o).unwrap_err();
    assert_eq!(
        (f.kind, f.class, f.exit_code()),
        (Kind::Options, Class::Usage, 2)
    );
    assert_eq!(f.errors[0].path, "half_life");
    assert_eq!(f.errors[0].code, "invalid_option");
    // A framework that is not one.
    let f = api::score(&score_options(
        Source::Text(api::source::TextSource {
            text: "id: x\n\tbad: 1\n".into(),
            name: Some("f.yaml".into()),
        }),
        Source::Name(demo()),
    ))
    .unwrap_err();
    assert_eq!((f.kind, f.class), (Kind::Framework, Class::Finding));
    assert_eq!(f.errors[0].file.as_deref(), Some("f.yaml"));
    assert!(f.errors[0].line.is_some());
    // A source of the wrong sort.
    let f = api::score(&score_options(
        Source::Name("job-retention".into()),
        Source::Framework(Arc::new(Framework::load("job-retention").unwrap())),
    ))
    .unwrap_err();
    assert_eq!(f.errors[0].path, "evidence");
}

#[test]
fn screen_checks_the_profile_against_the_framework() {
    let o = ScreenOptions {
        profile: Source::Name("job-retention-specialist".into()),
        framework: Some(Source::Name("job-coach".into())),
        evidence: Source::Name(demo()),
        evidence_format: None,
        sheet: None,
        as_of: Some(Date::parse("2026-06-30").unwrap()),
        policy: None,
        half_life: None,
        max_age: None,
        min_items: None,
        min_coverage: None,
        aggregate: None,
        people: None,
        people_sheet: None,
        attributes: None,
        min_cell: 10,
    };
    let f = api::screen(&o).unwrap_err();
    assert_eq!(
        (f.kind, f.errors[0].code.as_str()),
        (Kind::Profile, "framework_mismatch")
    );
    let r = api::screen(&ScreenOptions {
        framework: None,
        ..o
    })
    .unwrap();
    assert_eq!(r.candidates[0].worker, "jr-001");
}

/// Options read from JSON: defaults for what is left out, `null` switches
/// a setting off, unknown and misspelt options are refused by name.
#[test]
fn options_from_json() {
    let o: ScoreOptions =
        api::options_from_json(r#"{"framework": "job-retention", "evidence": {"path": "e.csv"}}"#)
            .unwrap();
    assert_eq!(o.as_of, None);
    assert_eq!(o.half_life, None);
    assert!(!o.no_evidence);
    let o: ScoreOptions = api::options_from_json(
        r#"{"framework": {"text": "x", "name": "f.yaml"}, "evidence": "e.csv", "half_life": null, "max_age": 3}"#,
    )
    .unwrap();
    assert_eq!((o.half_life, o.max_age), (Some(None), Some(Some(3))));
    let f = api::options_from_json::<ScoreOptions>(
        r#"{"framework": "job-retention", "evidence": "e.csv", "as_of": "2026-02-30"}"#,
    )
    .unwrap_err();
    assert_eq!(
        (f.kind, f.errors[0].path.as_str()),
        (Kind::Options, "as_of")
    );
    let f =
        api::options_from_json::<ScreenOptions>(r#"{"profile": "p", "evidence": "e", "nope": 1}"#)
            .unwrap_err();
    assert!(f.errors[0].message.contains("nope"), "{f}");
    // Every options schema is in `schemas/`, and says which fields are
    // required (`list` has no fields, `render` only defaults).
    for name in api::OPTIONS_NAMES {
        let schema: serde_json::Value =
            serde_json::from_str(&api::schema_json(name).unwrap()).unwrap();
        assert!(
            schema["required"].as_array().is_some_and(|r| !r.is_empty())
                || ["list-options", "render-options"].contains(name),
            "{name}"
        );
        assert_eq!(schema["additionalProperties"], false, "{name}");
    }
}

/// The host's clock (`Env::now`, what WebAssembly gives) is the default of
/// `as_of` (its date, UTC) and of `export_case`'s `at`; `as_of` and `at`
/// given win.
#[test]
fn the_hosts_clock_gives_the_defaults() {
    // 2026-06-30T23:59:59Z.
    let now = 1_782_863_999;
    let env = api::Env {
        now: Some(now),
        ..api::Env::default()
    };
    let mut o = score_options(Source::Name("job-retention".into()), Source::Name(demo()));
    o.as_of = None;
    let (_, r) = api::score_in(&o, env).unwrap();
    assert_eq!(r.as_of, Date::parse("2026-06-30").unwrap());
    o.as_of = Some(Date::parse("2025-01-01").unwrap());
    assert_eq!(
        api::score_in(&o, env).unwrap().1.as_of.to_string(),
        "2025-01-01"
    );
    // A framework with no date of its own, given as text (no file time).
    let text = std::fs::read_to_string(root().join("frameworks/job-retention.yaml")).unwrap();
    let text: String = text
        .lines()
        .filter(|l| !l.starts_with("updated:"))
        .map(|l| format!("{l}\n"))
        .collect();
    let e = api::interop::ExportCaseOptions {
        framework: Source::Text(api::source::TextSource { text, name: None }),
        at: None,
    };
    let x = api::interop::export_case_in(&e, env).unwrap();
    assert!(x.json().contains("2026-06-30T23:59:59"), "{}", x.json());
}

#[test]
fn validation_verdicts_are_classed_in_the_core() {
    let file = |p: &str| Source::Name(root().join(p).display().to_string());
    let check =
        |files: Vec<Source>| api::model::validate(&api::model::ValidateOptions { files }).unwrap();
    let valid = check(vec![file("frameworks/job-retention.yaml")]);
    assert_eq!(api::model::verdict(&valid), None);
    let findings = check(vec![
        file("frameworks/job-retention.yaml"),
        file("tests/invalid/several-errors.yaml"),
    ]);
    assert_eq!(
        api::model::verdict(&findings).map(|(c, _)| c),
        Some(Class::Finding)
    );
    let unreadable = check(vec![
        file("tests/invalid/several-errors.yaml"),
        file("no/such/file.yaml"),
    ]);
    let (class, problem) = api::model::verdict(&unreadable).unwrap();
    assert_eq!(class, Class::Usage);
    assert!(problem.unwrap().to_string().contains("file.yaml"));
}
