//! `api::host`: calls with sources a host gives (loaded frameworks,
//! streams, documents and records made from the host's values) and the
//! positions their problems keep.

#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use std::path::{Path, PathBuf};
use std::sync::Arc;

use proficient::api::host::{self, Given, Positions};
use proficient::api::source::{Once, TextSource};
use proficient::api::{self, Kind, Source};
use proficient::Framework;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn demo() -> String {
    root()
        .join("examples/job-retention-evidence.csv")
        .display()
        .to_string()
}

fn given(option: &str, source: Source, positions: Positions) -> Given {
    Given {
        option: option.into(),
        source,
        positions,
    }
}

fn text(text: &str) -> Source {
    Source::Text(TextSource {
        text: text.into(),
        name: None,
    })
}

/// A given source stands in for the option: the same result as the JSON
/// call with the file's name.
#[test]
fn given_sources_give_what_json_gives() {
    let json = serde_json::json!({"framework": "job-retention", "evidence": demo(), "as_of": "2026-06-30"});
    let want = api::call_json("score", &json.to_string()).unwrap();
    let fw = Arc::new(Framework::load("job-retention").unwrap());
    let options = serde_json::json!({"evidence": demo(), "as_of": "2026-06-30"}).to_string();
    let framework = given("framework", Source::Framework(fw.clone()), Positions::All);
    assert_eq!(host::call("score", &options, &[framework]).unwrap(), want);

    // Evidence read once from a stream.
    let bytes = std::fs::read(demo()).unwrap();
    let stream = Once::new(Box::new(std::io::Cursor::new(bytes)) as Box<dyn std::io::Read + Send>);
    let sources = [
        given("framework", Source::Framework(fw), Positions::All),
        given("evidence", Source::Reader(stream.clone()), Positions::All),
    ];
    let options = r#"{"as_of": "2026-06-30"}"#;
    assert_eq!(host::call("score", options, &sources).unwrap(), want);
    // ... and only once.
    let again = host::call("score", options, &sources).unwrap_err();
    assert_eq!(
        (again.kind, again.errors[0].path.as_str()),
        (Kind::Options, "evidence")
    );
    assert!(stream.take().is_none());
}

/// A document made from the host's values loses its positions; records
/// keep their line (their position) but not the column.
#[test]
fn documents_and_records_keep_the_positions_that_mean_something() {
    let options = serde_json::json!({"framework": "job-retention", "as_of": "2026-06-30", "evidence_format": "jsonl"}).to_string();
    let records = "{\"worker\":\"w\",\"criterion\":\"k2.legislation-facts\",\"kind\":\"interview\",\"date\":\"2024-01-01\"}\n{\"worker\":\"w\",\"criterion\":\"k2.legislation-facts\",\"kind\":\"interview\",\"date\":\"2024-13-01\"}\n";
    let policy = r#"{"min_items": 1, "min_coverage": 2}"#;
    for (positions, line) in [
        (Positions::All, Some(2)),
        (Positions::Line, Some(2)),
        (Positions::None, None),
    ] {
        let f = host::call(
            "score",
            &options,
            &[given("evidence", text(records), positions)],
        )
        .unwrap_err();
        assert_eq!(
            (f.kind, f.errors[0].line, f.errors[0].path.as_str()),
            (Kind::Evidence, line, "date")
        );
        assert_eq!(f.errors[0].column.is_some(), positions == Positions::All);
    }
    let sources = [
        given(
            "evidence",
            text(records.lines().next().unwrap()),
            Positions::Line,
        ),
        given("policy", text(policy), Positions::None),
    ];
    let f = host::call("score", &options, &sources).unwrap_err();
    assert_eq!(f.kind, Kind::Policy);
    assert_eq!(
        (
            f.errors[0].path.as_str(),
            f.errors[0].line,
            f.errors[0].column
        ),
        ("min_coverage", None, None)
    );
}

/// The host-only operations, and a source for an option that takes none.
#[test]
fn host_operations_and_wrong_options() {
    let plans = root()
        .join("examples/job-retention-plans.yaml")
        .display()
        .to_string();
    let options = serde_json::json!({"framework": "job-retention", "document": plans}).to_string();
    let out = host::call("plans", &options, &[]).unwrap();
    assert!(out.contains("\"targets\""), "{out}");
    let cpd = root()
        .join("examples/job-retention-cpd.yaml")
        .display()
        .to_string();
    let options = serde_json::json!({"framework": "job-retention", "document": cpd}).to_string();
    assert!(host::call("cpd_activities", &options, &[])
        .unwrap()
        .contains("\"activities\""));
    assert!(host::call("cpd_evidence", &options, &[])
        .unwrap()
        .starts_with('['));
    let f = host::call(
        "plans",
        r#"{"framework": "job-retention"}"#,
        &[given("document", text("plans: ["), Positions::None)],
    )
    .unwrap_err();
    assert_eq!((f.kind, f.errors[0].line), (Kind::Plans, None));

    let f = host::call("score", "{}", &[given("as_of", text("x"), Positions::All)]).unwrap_err();
    assert_eq!(f.kind, Kind::Options);
    let f = host::call("score", "{}", &[given("colour", text("x"), Positions::All)]).unwrap_err();
    assert_eq!(
        (f.kind, f.errors[0].code.as_str()),
        (Kind::Options, "invalid_option")
    );
    // An operation without sources refuses one rather than ignoring it.
    let f = host::call(
        "schema",
        r#"{"name": "framework"}"#,
        &[given("framework", text("id: x"), Positions::All)],
    )
    .unwrap_err();
    assert_eq!(
        (f.kind, f.errors[0].path.as_str()),
        (Kind::Options, "framework")
    );
}

/// `validate`'s files given by index, `generate`'s framework, and
/// `export_case` with the host's clock.
#[test]
fn validate_generate_and_export_case_take_sources() {
    let fw = Arc::new(Framework::load("job-retention").unwrap());
    let options = r#"{"files": ["no-such-file.yaml", ""]}"#;
    let sources = [given("files[1]", text("id: [\n"), Positions::All)];
    let out: serde_json::Value =
        serde_json::from_str(&host::call("validate", options, &sources).unwrap()).unwrap();
    assert_eq!(out[0]["file"], "no-such-file.yaml", "{out}");
    assert_eq!(out[1]["errors"][0]["line"], 2, "{out}");
    let f = host::call(
        "validate",
        r#"{"files": [""]}"#,
        &[given("files[3]", text("x"), Positions::All)],
    )
    .unwrap_err();
    assert_eq!(
        (f.kind, f.errors[0].path.as_str()),
        (Kind::Options, "files[3]")
    );

    let json = r#"{"items": 5, "workers": 2, "seed": 1, "format": "csv"}"#;
    let want = api::call_json("generate", json).unwrap();
    let framework = [given("framework", Source::Framework(fw), Positions::All)];
    assert_eq!(host::call("generate", json, &framework).unwrap(), want);

    let env = api::Env {
        now: Some(86_400),
        ..api::Env::default()
    };
    let e = host::export_case("{}", &framework, env).unwrap();
    let out = host::call_in("export_case", "{}", &framework, env).unwrap();
    assert_eq!(out, e.json());
}
