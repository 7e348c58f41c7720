//! Every command on a framework with no competencies (valid since issue 16:
//! a shell being authored, or a CASE package with no items imported):
//! exit codes, and output that is well formed in every format (JSON that
//! parses, CSV with its header and no rows it cannot have, HTML with every
//! element closed and no empty radar chart), never a panic, NaN, or hang.
//! Three frameworks: tests/frameworks/empty.yaml (no domains),
//! tests/frameworks/empty-competencies.yaml (a domain), and what
//! `import-case --lenient` writes for the published OpenSALT shell
//! tests/case/opensalt/EmptyExternalFramework.json: whatever one command
//! writes, every other command reads.

#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use std::path::PathBuf;

mod support;
use support::run;

use serde_json::Value;

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).unwrap()
}

/// Runs `args`, checks the exit code, and that nothing printed is a panic,
/// a NaN or an infinity.
fn expect(code: i32, args: &[&str]) -> (String, String) {
    let o = run(args);
    let (out, err) = (text(&o.stdout), text(&o.stderr));
    assert_eq!(
        o.status.code(),
        Some(code),
        "proficient {}\nstdout: {out}\nstderr: {err}",
        args.join(" ")
    );
    for t in [&out, &err] {
        assert!(
            !t.contains("panicked"),
            "proficient {}: {t}",
            args.join(" ")
        );
        let words: Vec<&str> = t.split(|c: char| !c.is_ascii_alphanumeric()).collect();
        for bad in ["NaN", "inf", "Infinity"] {
            assert!(
                !words.contains(&bad),
                "proficient {}: `{bad}` in {t}",
                args.join(" ")
            );
        }
    }
    (out, err)
}

fn json(s: &str) -> Value {
    serde_json::from_str(s).unwrap_or_else(|e| panic!("not JSON ({e}): {s}"))
}

/// The CSV's header and rows (each row as long as the header).
fn csv(s: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::ReaderBuilder::new().from_reader(s.as_bytes());
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    assert!(!header.is_empty(), "no header: {s}");
    let rows: Vec<Vec<String>> = r
        .records()
        .map(|x| x.unwrap().iter().map(str::to_string).collect())
        .collect();
    assert!(rows.iter().all(|x| x.len() == header.len()), "{s}");
    (header, rows)
}

/// Well-formed HTML: the document's frame, every element of these kinds
/// closed, no SVG polygon without points, no empty parentheses.
fn check_html(html: &str) {
    assert!(html.starts_with("<!doctype html>"), "{html}");
    assert!(html.trim_end().ends_with("</html>"), "{html}");
    for bad in ["points=\"\"", "()"] {
        assert!(!html.contains(bad), "`{bad}` in {html}");
    }
    for tag in ["svg", "table", "section", "article", "p", "ul", "div", "tr"] {
        let open =
            html.matches(&format!("<{tag}>")).count() + html.matches(&format!("<{tag} ")).count();
        let close = html.matches(&format!("</{tag}>")).count();
        assert_eq!(open, close, "<{tag}> opened {open} times, closed {close}");
    }
}

struct Setup {
    _dir: tempfile::TempDir,
    dir: PathBuf,
    frameworks: Vec<String>,
}

fn setup() -> Setup {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().to_path_buf();
    let shell = dir.join("shell.yaml");
    // The published shell: a strict import refuses it for its identifier
    // alone; a lenient one writes a framework with no competencies.
    let (_, err) = expect(
        1,
        &[
            "import-case",
            "tests/case/opensalt/EmptyExternalFramework.json",
        ],
    );
    assert!(err.contains("CFDocument.identifier"), "{err}");
    assert!(!err.contains("CFItems"), "{err}");
    let (_, err) = expect(
        0,
        &[
            "import-case",
            "tests/case/opensalt/EmptyExternalFramework.json",
            "--lenient",
            "--out",
            shell.to_str().unwrap(),
        ],
    );
    assert!(err.contains("tolerated"), "{err}");
    let yaml = std::fs::read_to_string(&shell).unwrap();
    assert!(yaml.contains(": 0 competencies, 0 criteria."), "{yaml}");
    std::fs::write(
        dir.join("evidence.csv"),
        "worker,criterion,kind,date,value\nw1,c1,obs,2024-01-01,4\nw2,c2,observation,2024-02-01,3\n",
    )
    .unwrap();
    Setup {
        _dir: tmp,
        frameworks: vec![
            "tests/frameworks/empty.yaml".into(),
            "tests/frameworks/empty-competencies.yaml".into(),
            shell.to_str().unwrap().to_string(),
        ],
        dir,
    }
}

/// The framework's id and its levels, from `show --format json`.
fn described(fw: &str) -> (String, Vec<String>) {
    let (out, _) = expect(0, &["show", fw, "--format", "json"]);
    let v = json(&out);
    assert_eq!(v["competencies"], serde_json::json!([]));
    let levels = v["levels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["id"].as_str().unwrap().to_string())
        .collect();
    (v["id"].as_str().unwrap().to_string(), levels)
}

#[test]
fn validate_and_show() {
    let s = setup();
    for fw in &s.frameworks {
        let (_, err) = expect(0, &["validate", fw]);
        assert_eq!(err, format!("{fw}: ok (framework)\n"));
        let (out, _) = expect(0, &["validate", fw, "--format", "json"]);
        assert_eq!(json(&out), serde_json::json!([]));
        let (out, _) = expect(0, &["validate", fw, "--format", "csv"]);
        assert!(csv(&out).1.is_empty(), "{out}");
        let (out, _) = expect(0, &["show", fw]);
        assert!(out.contains("0 competencies, 0 criteria"), "{out}");
        described(fw);
        let (out, _) = expect(0, &["show", fw, "--format", "csv"]);
        let (header, rows) = csv(&out);
        assert_eq!(header[0], "competency");
        assert!(rows.is_empty(), "{out}");
    }
}

#[test]
fn score_rejects_every_item_as_an_unknown_criterion() {
    let s = setup();
    let ev = s.dir.join("evidence.csv");
    let ev = ev.to_str().unwrap();
    for fw in &s.frameworks {
        let base = [
            "score",
            "--framework",
            fw,
            "--evidence",
            ev,
            "--as-of",
            "2024-06-30",
        ];
        let (out, _) = expect(0, &base);
        assert!(out.contains("unknown_criterion  2"), "{out}");
        let (out, _) = expect(0, &[&base[..], &["--explain", "w1"]].concat());
        assert!(out.contains("worker w1: overall -"), "{out}");
        let (out, _) = expect(0, &[&base[..], &["--format", "json"]].concat());
        let v = json(&out);
        assert_eq!(
            v["counts"],
            serde_json::json!({"items": 2, "used": 0, "rejected": 2})
        );
        for w in v["workers"].as_array().unwrap() {
            assert_eq!(w["overall"], Value::Null);
            assert_eq!(w["competencies"], serde_json::json!([]));
        }
        assert!(v["rejected"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["reason"] == "unknown_criterion"));
        let (out, _) = expect(0, &[&base[..], &["--format", "csv"]].concat());
        let (header, rows) = csv(&out);
        assert_eq!(header[..2], ["worker", "competency"]);
        assert!(rows.is_empty(), "{out}");
    }
}

/// A profile cannot refer to a framework with no competencies: a located
/// error (exit 1), as for any unknown competency.
#[test]
fn screen_refuses_a_profile_of_an_empty_framework() {
    let s = setup();
    let ev = s.dir.join("evidence.csv");
    for fw in &s.frameworks {
        let (id, levels) = described(fw);
        for (name, requirements) in [
            (
                "unknown",
                format!(
                    "\n  - {{competency: x, level: {}, importance: essential}}",
                    levels[1]
                ),
            ),
            ("none", " []".to_string()),
        ] {
            let profile = s.dir.join(format!("{name}.yaml"));
            std::fs::write(
                &profile,
                format!("id: p\ntitle: P\nframework: {id}\nrequirements:{requirements}\n"),
            )
            .unwrap();
            let (_, err) = expect(
                1,
                &[
                    "screen",
                    "--profile",
                    profile.to_str().unwrap(),
                    "--framework",
                    fw,
                    "--evidence",
                    ev.to_str().unwrap(),
                    "--as-of",
                    "2024-06-30",
                ],
            );
            let located = format!("{}:", profile.display());
            assert!(err.starts_with(&located), "{err}");
            assert!(
                err.contains("unknown competency `x`, expected one of (none defined)")
                    || err.contains("requirements is empty"),
                "{err}"
            );
        }
    }
}

#[test]
fn progress_report_cohort_and_cpd() {
    let s = setup();
    let ev = s.dir.join("evidence.csv");
    let ev = ev.to_str().unwrap();
    for fw in &s.frameworks {
        let (id, levels) = described(fw);
        let plans = s.dir.join("plans.yaml");
        std::fs::write(&plans, format!("framework: {id}\nplans: []\n")).unwrap();
        let plans = plans.to_str().unwrap();
        let cpd = s.dir.join("cpd.yaml");
        std::fs::write(
            &cpd,
            format!("framework: {id}\nactivities:\n  - {{worker: w1, date: 2024-01-10, title: Course, hours: 3}}\n  - {{worker: w2, date: 2024-03-10, title: Course two, hours: 2.5}}\n"),
        )
        .unwrap();
        let cpd = cpd.to_str().unwrap();
        let common = ["--framework", fw, "--evidence", ev, "--as-of", "2024-06-30"];

        // progress: an empty plans file.
        let base = [&["progress", "--plans", plans][..], &common[..]].concat();
        let (out, _) = expect(0, &base);
        assert!(out.contains("0 targets"), "{out}");
        let (out, _) = expect(0, &[&base[..], &["--format", "json"]].concat());
        let v = json(&out);
        assert_eq!(v["targets"], serde_json::json!([]));
        assert_eq!(v["rejected"].as_array().unwrap().len(), 2);
        let (out, _) = expect(0, &[&base[..], &["--format", "csv"]].concat());
        assert!(csv(&out).1.is_empty(), "{out}");
        // Plans that refer to a competency it does not have: located.
        let bad = s.dir.join("bad-plans.yaml");
        std::fs::write(
            &bad,
            format!("framework: {id}\nplans:\n  - worker: w1\n    baseline: 2024-01-01\n    targets:\n      - {{competency: x, level: {}, due: 2024-12-31}}\n", levels[1]),
        )
        .unwrap();
        let (_, err) = expect(
            1,
            &[
                &["progress", "--plans", bad.to_str().unwrap()][..],
                &common[..],
            ]
            .concat(),
        );
        assert!(
            err.contains(":6:10: plans[0].targets[0].competency: unknown competency `x`"),
            "{err}"
        );

        // report: with and without plans and CPD.
        let html = s.dir.join("report.html");
        let out_html = html.to_str().unwrap();
        for extra in [&[][..], &["--plans", plans, "--cpd", cpd][..]] {
            expect(
                0,
                &[&["report", "--out", out_html][..], &common[..], extra].concat(),
            );
            let page = std::fs::read_to_string(&html).unwrap();
            check_html(&page);
            assert!(page.contains("The framework has no competencies yet."));
            assert!(page.contains("no competencies to chart"));
        }

        // cohort: both views, every format.
        let top = levels.last().unwrap().as_str();
        for view in ["summary", "matrix"] {
            let base = [
                &["cohort", "--level", top, "--view", view, "--plans", plans][..],
                &common[..],
            ]
            .concat();
            let (out, _) = expect(0, &base);
            assert!(out.contains("2 workers"), "{out}");
            let (out, _) = expect(0, &[&base[..], &["--format", "json"]].concat());
            let v = json(&out);
            assert_eq!(v["competencies"], serde_json::json!([]));
            assert_eq!(v["matrix"].as_array().unwrap().len(), 2);
            let (out, _) = expect(0, &[&base[..], &["--format", "csv"]].concat());
            assert!(csv(&out).1.is_empty(), "{out}");
        }

        // cpd: hours, none of them on a competency.
        let (out, _) = expect(0, &["cpd", "--framework", fw, "--cpd", cpd]);
        assert!(out.contains("CPD: 5.5 hours, 2 activities"), "{out}");
        let (out, _) = expect(
            0,
            &["cpd", "--framework", fw, "--cpd", cpd, "--format", "json"],
        );
        let v = json(&out);
        assert_eq!(v["by_competency"], serde_json::json!([]));
        assert_eq!(v["unmapped"].as_array().unwrap().len(), 2);
        let (out, _) = expect(
            0,
            &["cpd", "--framework", fw, "--cpd", cpd, "--format", "csv"],
        );
        assert_eq!(csv(&out).1.len(), 2, "{out}");
    }
}

/// badge: refused, the competency is unknown; generate: refused before
/// anything is written, there are no criteria to generate evidence for;
/// delphi: priorities written for no competencies, to a framework that
/// reads back; export-case: a valid package that reads back strictly and
/// exports again byte for byte.
#[test]
fn badge_generate_delphi_and_export_case() {
    let s = setup();
    let ev = s.dir.join("evidence.csv");
    for fw in &s.frameworks {
        let (_, levels) = described(fw);
        let (out, err) = expect(
            1,
            &[
                "badge",
                "--framework",
                fw,
                "--evidence",
                ev.to_str().unwrap(),
                "--as-of",
                "2024-06-30",
                "--worker",
                "w1",
                "--competency",
                "x",
                "--level",
                levels.last().unwrap(),
                "--issuer",
                "tests/badge/issuer.yaml",
            ],
        );
        assert!(out.is_empty());
        assert_eq!(
            err,
            "unknown competency `x`, expected one of (none defined)\n"
        );

        let generated = s.dir.join("generated.csv");
        for format in ["csv", "jsonl", "parquet"] {
            let (out, err) = expect(
                2,
                &[
                    "generate",
                    "--framework",
                    fw,
                    "--items",
                    "100",
                    "--workers",
                    "5",
                    "--format",
                    format,
                    "--out",
                    generated.to_str().unwrap(),
                ],
            );
            assert!(out.is_empty());
            assert!(
                err.starts_with("error: framework `") && err.contains("` has no criteria, expected at least one criterion to generate evidence for"),
                "{err}"
            );
            assert!(!generated.exists());
        }

        let written = s.dir.join("priorities.yaml");
        let (_, err) = expect(
            0,
            &[
                "delphi",
                "--ratings",
                "examples/delphi-ratings.csv",
                "--framework",
                fw,
                "--write-priorities",
                written.to_str().unwrap(),
            ],
        );
        assert!(err.contains("written for 0 competencies"), "{err}");
        expect(0, &["validate", written.to_str().unwrap()]);

        let pkg = s.dir.join("package.json");
        expect(0, &["export-case", fw, "--out", pkg.to_str().unwrap()]);
        let exported = std::fs::read_to_string(&pkg).unwrap();
        let v = json(&exported);
        assert!(v["CFItems"].is_array() && v["CFAssociations"].is_array());
        let back = s.dir.join("back.yaml");
        expect(
            0,
            &[
                "import-case",
                pkg.to_str().unwrap(),
                "--out",
                back.to_str().unwrap(),
            ],
        );
        let again = s.dir.join("again.json");
        expect(
            0,
            &[
                "export-case",
                back.to_str().unwrap(),
                "--out",
                again.to_str().unwrap(),
            ],
        );
        assert_eq!(std::fs::read_to_string(&again).unwrap(), exported, "{fw}");
    }
}
