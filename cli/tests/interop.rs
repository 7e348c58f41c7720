//! `import-case`, `export-case` and `badge` from the command line: round
//! trip through files, exit codes 0/1/2, located errors on stderr.

#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_proficient"))
        .args(args)
        .current_dir(root())
        .output()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

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
    assert!(err.contains("tests/case/legacy.json:3:5: CFDocument.identifier: identifier `LEGACY-DOC-1` is not a lowercase UUID"), "{err}");
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
