//! Frameworks authored in a workbook: YAML -> workbook (`export_sheet`)
//! -> framework (`import_sheet`) gives the same framework, for every
//! shipped framework, every framework of the vectors and CASE-imported
//! ones (their CASE identities included), and the same scores of the
//! shipped demo evidence; problems in a workbook are located at sheet and
//! cell.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::path::Path;
use std::sync::Arc;

use proficient::api::host::{call, Given, Positions};
use proficient::api::interop::{
    export_sheet, import_sheet, ExportSheetOptions, ImportSheetOptions,
};
use proficient::api::{Failure, Source};
use proficient::Framework;

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

/// The workbook `export_sheet` writes for `fw`.
fn workbook(fw: &Framework) -> Vec<u8> {
    let template = export_sheet(&ExportSheetOptions {
        framework: Source::Framework(Arc::new(fw.clone())),
    })
    .unwrap();
    proficient::present::xlsx::template_workbook(&template).unwrap()
}

fn import(bytes: Vec<u8>) -> Result<Framework, Failure> {
    import_sheet(&ImportSheetOptions {
        workbook: Source::Bytes {
            bytes: bytes.into(),
            name: Some("f.xlsx".into()),
        },
    })
}

fn round_trip(fw: &Framework, what: &str) -> Framework {
    let back = import(workbook(fw)).unwrap_or_else(|f| panic!("{what}: {:?}", f.errors));
    assert_eq!(&back, fw, "{what}: the framework read back differs");
    back
}

fn score(fw: &Framework, evidence: &Path) -> String {
    let yaml = serde_yaml::to_string(fw).unwrap();
    let options = serde_json::json!({
        "framework": {"text": yaml},
        "evidence": evidence,
        "as_of": "2026-01-01",
    });
    proficient::api::call_json("score", &options.to_string()).unwrap()
}

#[test]
fn every_shipped_framework_round_trips_with_the_same_scores_of_its_demo_evidence() {
    let demo = [
        ("job-retention", "examples/job-retention-evidence.csv"),
        ("job-coach", "examples/job-coach-evidence.csv"),
        ("ips-fidelity", "examples/ips-fidelity-reviews.csv"),
    ];
    let names = proficient::model::shipped::framework_names();
    assert_eq!(
        names.len(),
        demo.len(),
        "a shipped framework without demo evidence here"
    );
    for (name, evidence) in demo {
        let fw = Framework::load(name).unwrap();
        let back = round_trip(&fw, name);
        let evidence = root().join(evidence);
        let (a, b) = (score(&fw, &evidence), score(&back, &evidence));
        assert!(a.contains("\"workers\""), "{name}: {a}");
        assert_eq!(a, b, "{name}: scores differ after the round trip");
    }
}

#[test]
fn every_vector_framework_round_trips() {
    let mut n = 0;
    for entry in std::fs::read_dir(root().join("tests/vectors")).unwrap() {
        let path = entry.unwrap().path().join("framework.yaml");
        if let Ok(fw) = Framework::from_path(&path) {
            round_trip(&fw, &path.display().to_string());
            n += 1;
        }
    }
    assert!(n >= 35, "only {n} vector frameworks read");
}

#[test]
fn case_imported_frameworks_round_trip_with_their_case_identities() {
    for package in ["multilevel.json", "flat.json", "rubrics.json"] {
        let imported = proficient::interop::case::import_path(
            root().join("tests/case").join(package),
            proficient::interop::case::Mode::Strict,
        )
        .unwrap();
        assert!(imported.framework.case.is_some());
        round_trip(&imported.framework, package);
    }
}

#[test]
fn the_template_has_the_documented_sheets_and_values() {
    let fw = Framework::load("job-retention").unwrap();
    let t = export_sheet(&ExportSheetOptions {
        framework: Source::Name("job-retention".into()),
    })
    .unwrap();
    let names: Vec<&str> = t.sheets.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Framework",
            "Policy",
            "Evidence",
            "Domains",
            "Categories",
            "Levels",
            "Competencies",
            "Sections",
            "Anchors",
            "Scales"
        ]
    );
    // One row per criterion (and the header).
    let comp = &t.sheets[6];
    assert_eq!(comp.rows.len(), fw.criteria_count() + 1);
    let first = &fw.competencies[0];
    assert_eq!(comp.rows[1][0], first.id.as_str());
    assert_eq!(comp.rows[1][3], first.statement.as_str());
    assert_eq!(comp.rows[1][12], first.criteria[0].id.as_str());
    // Levels: the competency levels, each a row with its threshold.
    let levels = &t.sheets[5];
    assert_eq!(levels.rows.len(), fw.levels.len() + 1);
    assert_eq!(levels.rows[2][4], fw.levels[1].threshold);
}

/// A template workbook with `edit` applied to its sheets' rows.
fn edited(edit: impl FnOnce(&mut Vec<proficient::interop::sheet::TemplateSheet>)) -> Vec<u8> {
    let mut t = export_sheet(&ExportSheetOptions {
        framework: Source::Name("job-retention".into()),
    })
    .unwrap();
    edit(&mut t.sheets);
    proficient::present::xlsx::template_workbook(&t).unwrap()
}

fn errors(bytes: Vec<u8>) -> Vec<String> {
    import(bytes)
        .unwrap_err()
        .errors
        .iter()
        .map(ToString::to_string)
        .collect()
}

#[test]
fn problems_are_located_at_their_sheet_and_cell() {
    use serde_json::json;
    // A weight that is no number: Competencies!O2 (column 15, `weight`).
    let e = errors(edited(|s| s[6].rows[1][14] = json!("heavy")));
    assert_eq!(
        e,
        ["f.xlsx:Competencies!O2: competencies[0].criteria[0].weight: `heavy` in `weight`, expected a number"]
    );
    // A domain that does not exist: found by validation, placed at its cell.
    let e = errors(edited(|s| s[6].rows[1][1] = json!("skils")));
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(
        e[0].starts_with("f.xlsx:Competencies!B2: competencies[0].domain: unknown domain `skils`"),
        "{e:?}"
    );
    // Levels not increasing: Levels!E3.
    let e = errors(edited(|s| s[5].rows[2][4] = json!(0.0)));
    assert!(
        e.iter()
            .any(|m| m.starts_with("f.xlsx:Levels!E3: levels[1]")),
        "{e:?}"
    );
    // An unknown column in a header, a sheet missing.
    let e = errors(edited(|s| {
        s[2].rows[0][3] = json!("colour");
        s.remove(3);
    }));
    assert_eq!(
        e,
        [
            "f.xlsx:Evidence!D1: unknown column `colour`, expected one of `kind`, `label`, `weight`, `description`",
            "f.xlsx: no sheet `Domains`, the template needs one (see docs/sheets.md)",
        ]
    );
    // A rating criterion (k2's first, on row 4) given a target.
    let e = errors(edited(|s| s[6].rows[3][18] = json!(3)));
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(e[0].starts_with("f.xlsx:Competencies!S4: competencies[1].criteria[0].measure.target: `target` given for a `rating` measure"), "{e:?}");
    // A later row of a competency contradicting its first.
    let e = errors(edited(|s| s[6].rows[2][3] = json!("Another statement")));
    assert!(e[0].starts_with("f.xlsx:Competencies!D3: competencies[0]: `Another statement` in `competency_statement` differs from the competency's first row (row 2)"), "{e:?}");
}

#[test]
fn a_workbook_through_the_host_call_gives_the_framework() {
    let fw = Framework::load("job-coach").unwrap();
    let given = [Given {
        option: "workbook".into(),
        source: Source::Bytes {
            bytes: workbook(&fw).into(),
            name: Some("jc.xlsx".into()),
        },
        positions: Positions::All,
    }];
    let json = call("import_sheet", "{}", &given).unwrap();
    let expected = proficient::api::call_json("show", r#"{"framework": "job-coach"}"#).unwrap();
    assert_eq!(json, expected);
}

#[test]
fn a_template_written_by_openpyxl_reads_as_written_by_hand() {
    let bytes = std::fs::read(root().join("tests/sheets/framework.xlsx")).unwrap();
    let fw = import(bytes).unwrap_or_else(|f| panic!("{:?}", f.errors));
    let expected =
        Framework::from_path(root().join("tests/sheets/framework.expected.yaml")).unwrap();
    assert_eq!(fw, expected);
}

/// `examples/job-retention-framework.xlsx` is what the command that
/// makes it writes today.
#[test]
fn the_example_workbook_is_up_to_date() {
    let shipped = std::fs::read(root().join("examples/job-retention-framework.xlsx")).unwrap();
    let fw = Framework::load("job-retention").unwrap();
    assert!(
        shipped == workbook(&fw),
        "examples/job-retention-framework.xlsx is stale: regenerate it with `proficient export-sheet --framework job-retention --out examples/job-retention-framework.xlsx`"
    );
    assert_eq!(import(shipped).unwrap(), fw);
}

/// The column letters of a 1-based column number (1 -> A, 27 -> AA).
fn column_letters(mut col: usize) -> String {
    let mut out = Vec::new();
    while col > 0 {
        col -= 1;
        out.push(b'A' + u8::try_from(col % 26).unwrap());
        col /= 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap()
}

#[test]
fn an_empty_id_cell_is_located_on_every_sheet_that_names_one() {
    use serde_json::Value;
    // Every sheet of the templates of the shipped frameworks and of the
    // vector with anchors and sections whose rows name a criterion, a
    // competency or an anchored scale by id: that cell emptied on its first
    // row is a located `missing_value` error.
    let mut checked = Vec::new();
    let mut frameworks: Vec<Source> = proficient::model::shipped::framework_names()
        .into_iter()
        .map(|name| Source::Name(name.into()))
        .collect();
    frameworks.push(Source::Path(proficient::api::source::PathSource {
        path: root().join("tests/vectors/anchors-01-explained-ratings/framework.yaml"),
    }));
    for framework in frameworks {
        let name = format!("{framework:?}");
        let template = export_sheet(&ExportSheetOptions { framework }).unwrap();
        for (s, sheet) in template.sheets.iter().enumerate() {
            if sheet.name == "Competencies" || sheet.rows.len() < 2 {
                continue;
            }
            for (c, head) in sheet.rows[0].iter().enumerate() {
                let Some(col) = head.as_str() else { continue };
                let what = match col {
                    "criterion" | "competency" | "scale" => col,
                    _ => continue,
                };
                let mut t = template.clone();
                t.sheets[s].rows[1][c] = Value::Null;
                let bytes = proficient::present::xlsx::template_workbook(&t).unwrap();
                let e = errors(bytes);
                let cell = format!("f.xlsx:{}!{}2: ", sheet.name, column_letters(c + 1));
                let message = format!("empty `{col}`, the {what}'s id is required");
                assert!(
                    e.iter()
                        .any(|m| m.starts_with(&cell) && m.ends_with(&message)),
                    "{name}, {}: {e:?}",
                    sheet.name
                );
                checked.push(format!("{}.{col}", sheet.name));
            }
        }
    }
    checked.sort();
    checked.dedup();
    assert_eq!(
        checked,
        ["Anchors.criterion", "Scales.scale", "Sections.competency"],
        "id columns checked"
    );
}
