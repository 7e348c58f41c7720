//! No output cell runs as a formula: with worker, assessor, group and
//! participant ids, plan leads, CPD titles and Delphi item labels that a
//! spreadsheet would take for formulas (`=`, `+`, `-`, `@`, a tab), every
//! operation's `--format csv` output (score, screen, cohort, assessors,
//! progress, cpd, delphi, equality, and `show` of a framework whose
//! statements start so) quotes them
//! behind a `'` (no field starts with a formula character, except
//! negative numbers), and every workbook it writes holds no formula and
//! gives each id back as the text it was.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::io::Cursor;

use calamine::{Data, Reader};
use proficient::api::{call_text, workbook::call_workbook, Env};

/// Ids a spreadsheet would run.
const HOSTILE: [&str; 5] = [
    "=HYPERLINK(\"http://x\")",
    "+SUM(1)",
    "-SUM(2)",
    "@SUM(3)",
    "\tTAB(4)",
];

fn root() -> std::path::PathBuf {
    std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/..")).to_path_buf()
}

/// The demo evidence with its workers and assessors renamed to [`HOSTILE`] ids.
fn hostile_evidence() -> String {
    let text = std::fs::read_to_string(root().join("examples/job-retention-evidence.csv")).unwrap();
    let mut rd = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let mut wr = csv::Writer::from_writer(Vec::new());
    wr.write_record(rd.headers().unwrap()).unwrap();
    let workers: Vec<String> = (1..=12).map(|i| format!("jr-{i:03}")).collect();
    for r in rd.records() {
        let r = r.unwrap();
        let mut fields: Vec<String> = r.iter().map(str::to_string).collect();
        if let Some(i) = workers.iter().position(|w| *w == fields[1]) {
            fields[1] = hostile_worker(i);
        }
        if !fields[5].is_empty() {
            fields[5] = format!("@{}", fields[5]);
        }
        wr.write_record(&fields).unwrap();
    }
    String::from_utf8(wr.into_inner().unwrap()).unwrap()
}

/// The staff file with its groups renamed to hostile ids.
fn hostile_people() -> String {
    let text = std::fs::read_to_string(root().join("examples/staff-cpd.csv")).unwrap();
    text.replace(",BME,", ",=BME(),")
        .replace(",White,", ",-White,")
}

/// The demo worker `jr-NNN`'s hostile id, as [`hostile_evidence`] renames it.
fn hostile_worker(i: usize) -> String {
    format!("{}{i}", HOSTILE[i % HOSTILE.len()])
}

/// A YAML file of the demo team (plans or CPD) with its workers, leads and
/// titles renamed to hostile texts (YAML double-quoted, as JSON strings are).
fn hostile_yaml(path: &str) -> String {
    let mut text = std::fs::read_to_string(root().join(path)).unwrap();
    for i in 0..12 {
        let quoted = serde_json::to_string(&hostile_worker(i)).unwrap();
        text = text.replace(&format!("jr-{:03}", i + 1), &quoted);
    }
    text.replace("lead: Team leader", "lead: \"-Team leader\"")
        .replace("title: Team away day", "title: \"+Team away day\"")
}

/// The Delphi demo with its participants and item labels renamed to hostile texts.
fn hostile_delphi() -> (String, String) {
    let ratings = std::fs::read_to_string(root().join("examples/delphi-ratings.csv")).unwrap();
    let items = std::fs::read_to_string(root().join("examples/delphi-items.csv")).unwrap();
    (
        ratings.replace("\nsp-01,", "\n@sp-01,"),
        items.replace(",\"Understanding of", ",\"=Understanding of"),
    )
}

/// The job retention framework with a competency statement and a criterion
/// statement a spreadsheet would run (for `show`).
fn hostile_framework() -> String {
    std::fs::read_to_string(root().join("frameworks/job-retention.yaml"))
        .unwrap()
        .replace(
            "statement: Understanding of a wide range",
            "statement: \"=Understanding of a wide range",
        )
        .replace("work environments\n", "work environments\"\n")
        .replace(
            "statement: Previous employment experience",
            "statement: \"+Previous employment experience\"",
        )
}

/// The calls: `(operation, options)`, sources as text.
fn calls() -> Vec<(&'static str, serde_json::Value)> {
    use serde_json::json;
    let evidence = json!({"text": hostile_evidence(), "name": "e.csv"});
    let scored = |extra: serde_json::Value| {
        let mut o = json!({"framework": "job-retention", "evidence": evidence.clone(), "as_of": "2026-06-30"});
        for (k, v) in extra.as_object().unwrap() {
            o[k] = v.clone();
        }
        o
    };
    vec![
        ("score", scored(json!({}))),
        (
            "screen",
            scored(json!({"profile": "job-retention-specialist"})),
        ),
        ("cohort", scored(json!({}))),
        ("assessors", scored(json!({}))),
        (
            "show",
            json!({"framework": {"text": hostile_framework(), "name": "f.yaml"}}),
        ),
        (
            "progress",
            scored(json!({
                "plans": {"text": hostile_yaml("examples/job-retention-plans.yaml"), "name": "plans.yaml"},
                "cpd": {"text": hostile_yaml("examples/job-retention-cpd.yaml"), "name": "cpd.yaml"},
            })),
        ),
        (
            "cpd",
            json!({"framework": "job-retention", "period": "month",
                   "cpd": {"text": hostile_yaml("examples/job-retention-cpd.yaml"), "name": "cpd.yaml"}}),
        ),
        (
            "delphi",
            json!({"ratings": {"text": hostile_delphi().0, "name": "r.csv"},
                   "items": {"text": hostile_delphi().1, "name": "i.csv"}}),
        ),
        (
            "equality",
            json!({"people": {"text": hostile_people(), "name": "p.csv"}, "group": "wres_group", "outcome": "accessed_cpd"}),
        ),
    ]
}

#[test]
fn every_csv_output_escapes_hostile_ids() {
    for (op, options) in calls() {
        let views: &[&str] = if op == "cohort" {
            &[
                r#"{"format": "csv"}"#,
                r#"{"format": "csv", "view": "matrix"}"#,
            ]
        } else {
            &[r#"{"format": "csv"}"#]
        };
        for render in views {
            let out = call_text(op, &options.to_string(), render)
                .unwrap_or_else(|f| panic!("{op}: {:?}", f.errors));
            let mut rd = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_reader(out.as_bytes());
            let (mut escaped, mut fields) = (0, 0);
            for r in rd.records() {
                for f in r.unwrap().iter() {
                    fields += 1;
                    let runs = matches!(
                        f.as_bytes().first(),
                        Some(b'=' | b'+' | b'@' | b'\t' | b'\r')
                    ) || (f.starts_with('-') && f.parse::<f64>().is_err());
                    assert!(!runs, "{op} {render}: field `{f}` would run");
                    if f.starts_with('\'') {
                        escaped += 1;
                    }
                }
            }
            assert!(
                escaped > 0,
                "{op} {render}: no hostile id in the output ({fields} fields)"
            );
        }
    }
}

#[test]
fn every_workbook_holds_no_formula_and_each_id_as_text() {
    for (op, options) in calls() {
        if matches!(op, "assessors" | "delphi" | "show") {
            continue; // no workbook layout
        }
        let bytes = call_workbook(op, &options.to_string(), "{}", &[], Env::default())
            .unwrap_or_else(|f| panic!("{op}: {:?}", f.errors));
        let mut book = calamine::Xlsx::new(Cursor::new(bytes)).unwrap();
        let mut hostile = 0;
        for name in book.sheet_names() {
            let formulas = book.worksheet_formula(&name).unwrap();
            assert!(
                formulas.used_cells().all(|(_, _, f)| f.is_empty()),
                "{op}!{name}: a formula"
            );
            let range = book.worksheet_range(&name).unwrap();
            for (_, _, cell) in range.used_cells() {
                if let Data::String(s) = cell {
                    if s.contains("SUM(")
                        || s.contains("HYPERLINK")
                        || s.starts_with("=BME")
                        || s.starts_with("-White")
                        || s.starts_with('@')
                        || s.starts_with("-Team")
                        || s.starts_with("+Team")
                    {
                        hostile += 1;
                        assert!(
                            HOSTILE.iter().any(|h| s.starts_with(h))
                                || s.starts_with("=BME()")
                                || s.starts_with("-White")
                                || s.starts_with('@')
                                || s == "-Team leader"
                                || s == "+Team away day",
                            "{op}!{name}: `{s}` is not the id given"
                        );
                    }
                }
            }
        }
        assert!(hostile > 0, "{op}: no hostile id in the workbook");
    }
}
