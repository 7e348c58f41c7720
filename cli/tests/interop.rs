//! `import-case`, `export-case` and `badge` from the command line: round
//! trip through files, exit codes 0/1/2, located errors on stderr.

#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use std::path::Path;

mod support;
use support::{root, run, stderr};

#[test]
fn export_import_export_is_identical() {
    let dir = tempfile::tempdir().unwrap();
    let p1 = dir.path().join("p1.json");
    let fw = dir.path().join("fw.yaml");
    let p2 = dir.path().join("p2.json");
    let o = run(&[
        "export-case",
        "job-retention",
        "--out",
        p1.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = run(&[
        "import-case",
        p1.to_str().unwrap(),
        "--out",
        fw.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = run(&["validate", fw.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = run(&[
        "export-case",
        fw.to_str().unwrap(),
        "--out",
        p2.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(std::fs::read(&p1).unwrap(), std::fs::read(&p2).unwrap());
}

#[test]
fn multilevel_package_imports_scores_and_exports_with_the_same_identifiers() {
    let dir = tempfile::tempdir().unwrap();
    let fw = dir.path().join("fw.yaml");
    let out = dir.path().join("out.json");
    let o = run(&[
        "import-case",
        "tests/case/multilevel.json",
        "--out",
        fw.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("CFItems[3]"), "{}", stderr(&o));
    let o = run(&[
        "export-case",
        fw.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let ids = |p: &Path| {
        let v: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap();
        let mut s: Vec<String> = v["CFItems"]
            .as_array()
            .unwrap()
            .iter()
            .chain(v["CFAssociations"].as_array().unwrap())
            .map(|x| x["identifier"].as_str().unwrap().to_string())
            .collect();
        s.push(v["CFDocument"]["identifier"].as_str().unwrap().to_string());
        s.sort();
        s
    };
    assert_eq!(ids(&root().join("tests/case/multilevel.json")), ids(&out));
    // Scores with generated evidence: one rating per criterion.
    let text = std::fs::read_to_string(&fw).unwrap();
    let framework = proficient::Framework::from_yaml_str(&text).unwrap();
    let mut csv = String::from("worker,criterion,kind,date,value\n");
    for (i, c) in framework.competencies.iter().enumerate() {
        for k in &c.criteria {
            csv += &format!(
                "w{},{},observation,2024-03-01,{}\n",
                i % 3,
                k.id,
                1 + (i + k.id.len()) % 5
            );
        }
    }
    let ev = dir.path().join("ev.csv");
    std::fs::write(&ev, csv).unwrap();
    let o = run(&[
        "score",
        "--framework",
        fw.to_str().unwrap(),
        "--evidence",
        ev.to_str().unwrap(),
        "--as-of",
        "2024-06-01",
        "--format",
        "csv",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert_eq!(stdout.lines().count(), 1 + 3 * 48, "{stdout}");
}

#[test]
fn strict_import_of_a_legacy_package_exits_1_with_located_errors() {
    let o = run(&["import-case", "tests/case/legacy.json"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("tests/case/legacy.json:3:5: CFDocument.identifier: identifier `LEGACY-DOC-1` is not a UUID, expected 32 hexadecimal digits"), "{err}");
    let o = run(&["import-case", "tests/case/legacy.json", "--lenient"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("tolerated: "));
    let o = run(&["import-case", "tests/case/nope.json"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("cannot read"), "{}", stderr(&o));
}

#[test]
fn export_writes_valid_case_1_1_replacing_identifiers_that_are_not_uuids() {
    let dir = tempfile::tempdir().unwrap();
    let fw = dir.path().join("legacy.yaml");
    let o = run(&[
        "import-case",
        "tests/case/legacy.json",
        "--lenient",
        "--out",
        fw.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = run(&["export-case", fw.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(!out.contains("\"ITEM-A2\""), "{out}");
    assert!(!out.contains("CFDocumentURI"), "{out}");
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 9, "{err}");
    assert!(
        err.contains("note: CFItems[2]: identifier `ITEM-A2` is not a UUID, replaced by `"),
        "{err}"
    );
}

#[test]
fn badge_is_issued_or_refused() {
    let base = [
        "badge",
        "--framework",
        "job-retention",
        "--evidence",
        "examples/job-retention-evidence.csv",
        "--as-of",
        "2025-06-30",
        "--worker",
        "jr-001",
        "--issuer",
        "tests/badge/issuer.yaml",
    ];
    let o = run(&[&base[..], &["--competency", "k1-jobs-and-workplaces"]].concat());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["type"][1], "OpenBadgeCredential");
    let o = run(&[
        &base[..],
        &[
            "--competency",
            "s5-financial-advice",
            "--level",
            "competent",
        ],
    ]
    .concat());
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("below the required `competent`"),
        "{}",
        stderr(&o)
    );
    assert!(o.stdout.is_empty());
    let mut bad = base.to_vec();
    bad[10] = "examples/job-retention-plans.yaml";
    let o = run(&[&bad[..], &["--competency", "k1-jobs-and-workplaces"]].concat());
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("examples/job-retention-plans.yaml:"),
        "{}",
        stderr(&o)
    );
}

/// A framework file without a date of its own is exported with its
/// modification time as `lastChangeDateTime` (never 1970-01-01), said in a
/// note, so two exports of the unchanged file are byte-identical.
#[test]
fn export_stamps_a_framework_without_a_date_with_its_files_time() {
    let dir = tempfile::tempdir().unwrap();
    let fw = dir.path().join("fw.yaml");
    let text = std::fs::read_to_string(root().join("frameworks/job-coach.yaml")).unwrap();
    std::fs::write(&fw, text.replace("updated: 2026-11-23\n", "")).unwrap();
    let when = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_700_000_000);
    std::fs::File::options()
        .write(true)
        .open(&fw)
        .unwrap()
        .set_modified(when)
        .unwrap();
    let o = run(&["export-case", fw.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        v["CFDocument"]["lastChangeDateTime"],
        "2023-11-14T22:13:20+00:00"
    );
    assert!(!String::from_utf8_lossy(&o.stdout).contains("1970-01-01"));
    assert!(
        stderr(&o).contains("note: CFDocument.lastChangeDateTime: the framework has no date of its own, so lastChangeDateTime is the framework file's modification time, `2023-11-14T22:13:20+00:00`"),
        "{}",
        stderr(&o)
    );
    let again = run(&["export-case", fw.to_str().unwrap()]);
    assert_eq!(again.stdout, o.stdout);
    // A shipped framework carries its own date, and says nothing.
    let o = run(&["export-case", "job-coach"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(o.stderr.is_empty(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        v["CFDocument"]["lastChangeDateTime"],
        "2026-11-23T00:00:00+00:00"
    );
}

/// The Common Core sample (OpenSALT, CASE 1.0-era): strict import lists the
/// first 100 problems, located, and how many more; lenient import notes
/// each kind of change once; the export of the imported framework is valid
/// CASE 1.1 and says what it filled in.
#[test]
fn a_published_package_imports_leniently_and_exports() {
    let pkg = "tests/case/opensalt/math_cfs_sample.json";
    let o = run(&["import-case", pkg]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 101, "{err}");
    assert!(
        err.lines().last().unwrap().contains("more problems"),
        "{err}"
    );
    assert!(
        err.contains(&format!("{pkg}:8:123: CFDocument.subject: `subject` must be an array of strings, found a string `Math`")),
        "{err}"
    );
    let dir = tempfile::tempdir().unwrap();
    let fw = dir.path().join("math.yaml");
    let o = run(&[
        "import-case",
        pkg,
        "--lenient",
        "--out",
        fw.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.lines().count() < 40, "{err}");
    assert!(err.contains("read as UTC"), "{err}");
    let out = dir.path().join("math.json");
    let o = run(&[
        "export-case",
        fw.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("note: CFDefinitions.CFItemTypes[0]: CFItemType has no `description`, required by CASE 1.1; its title written as its description (4 places in all, the first here)"),
        "{err}"
    );
    let v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(v["CFDocument"]["subject"], serde_json::json!(["Math"]));
    assert_eq!(
        v["CFDocument"]["lastChangeDateTime"],
        "2016-09-28T21:43:01+00:00"
    );
    // Strictly importable, and exported again byte for byte.
    let fw2 = dir.path().join("again.yaml");
    let o = run(&[
        "import-case",
        out.to_str().unwrap(),
        "--out",
        fw2.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = run(&["export-case", fw2.to_str().unwrap()]);
    assert_eq!(o.stdout, std::fs::read(&out).unwrap());
}

/// Defect 10 and a hostile issuer, from the command line; `--help` says
/// which levels are refused.
#[test]
fn badge_refuses_a_level_that_asserts_nothing_and_an_unsafe_issuer() {
    let base = [
        "badge",
        "--framework",
        "job-retention",
        "--evidence",
        "examples/job-retention-evidence.csv",
        "--as-of",
        "2025-06-30",
        "--worker",
        "jr-001",
        "--competency",
        "k1-jobs-and-workplaces",
    ];
    let o = run(&[
        &base[..],
        &[
            "--issuer",
            "tests/badge/issuer.yaml",
            "--level",
            "not-yet-evident",
        ],
    ]
    .concat());
    assert_eq!(o.status.code(), Some(1));
    assert!(o.stdout.is_empty());
    assert!(
        stderr(&o).contains("level `not-yet-evident` (\"Not yet evident\", threshold 0) is the lowest level and asserts no achievement"),
        "{}",
        stderr(&o)
    );
    let dir = tempfile::tempdir().unwrap();
    let evil = dir.path().join("issuer.yaml");
    std::fs::write(
        &evil,
        "name: Evil\nid: \"javascript:alert(document.cookie)\"\n",
    )
    .unwrap();
    let o = run(&[&base[..], &["--issuer", evil.to_str().unwrap()]].concat());
    assert_eq!(o.status.code(), Some(1));
    assert!(o.stdout.is_empty());
    assert!(
        stderr(&o).contains(&format!("{}:2:1: id: issuer id `javascript:alert(document.cookie)` is a `javascript:` URI, expected an `https:`, `http:`, `did:` or `urn:` URI", evil.display())),
        "{}",
        stderr(&o)
    );
    let o = run(&["badge", "--help"]);
    let help = String::from_utf8_lossy(&o.stdout);
    assert!(
        help.contains("The lowest level (threshold 0) asserts no achievement"),
        "{help}"
    );
}
