//! The `proficient` command end to end: exit codes, compiler-style error
//! lines, output shapes, atomic output files.

#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

mod support;
use support::{root, run, stderr, stdout};

use serde_json::Value;

const DEMO: &str = "examples/job-retention-evidence.csv";

#[test]
fn validate_accepts_the_shipped_files() {
    let o = run(&[
        "validate",
        "frameworks/job-retention.yaml",
        "frameworks/job-coach.yaml",
        "frameworks/profiles/job-retention-specialist.yaml",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

#[test]
fn validate_reports_each_invalid_file_compiler_style_with_exit_1() {
    let dir = root().join("tests/invalid");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "yaml") {
            continue;
        }
        let rel = format!(
            "tests/invalid/{}",
            path.file_name().unwrap().to_string_lossy()
        );
        let o = run(&["validate", &rel]);
        assert_eq!(o.status.code(), Some(1), "{rel}: {}", stderr(&o));
        let expected: Value = serde_json::from_str(
            &std::fs::read_to_string(path.with_extension("expected.json")).unwrap(),
        )
        .unwrap();
        let lines: Vec<String> = stderr(&o).lines().map(str::to_string).collect();
        for (e, line) in expected["errors"].as_array().unwrap().iter().zip(&lines) {
            let mut prefix = rel.clone();
            if let Some(l) = e["line"].as_u64() {
                prefix += &format!(":{l}");
                if let Some(c) = e["column"].as_u64() {
                    prefix += &format!(":{c}");
                }
            }
            let path = e["path"].as_str().unwrap();
            let want = if path.is_empty() {
                format!("{prefix}: {}", e["message"].as_str().unwrap())
            } else {
                format!("{prefix}: {path}: {}", e["message"].as_str().unwrap())
            };
            assert_eq!(line, &want);
        }
        assert_eq!(
            lines.len(),
            expected["errors"].as_array().unwrap().len(),
            "{rel}"
        );
        n += 1;
    }
    assert!(n >= 25);
}

#[test]
fn io_and_usage_errors_exit_2_with_advice() {
    let o = run(&["validate", "no/such/file.yaml"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("cannot read"), "{}", stderr(&o));
    let o = run(&["show", "no-such-framework"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("expected a file path or one of `job-retention`"),
        "{}",
        stderr(&o)
    );
    let o = run(&["schema", "nope"]);
    assert_eq!(o.status.code(), Some(2));
    let o = run(&["score", "--framework", "job-retention"]);
    assert_eq!(o.status.code(), Some(2));
    let o = run(&[
        "score",
        "--framework",
        "job-retention",
        "--evidence",
        DEMO,
        "--as-of",
        "2026-02-30",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("day 30 does not exist"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn show_json_lists_16_competencies_and_28_criteria() {
    let o = run(&["show", "job-retention", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let comps = v["competencies"].as_array().unwrap();
    assert_eq!(comps.len(), 16);
    let criteria: usize = comps
        .iter()
        .map(|c| c["criteria"].as_array().unwrap().len())
        .sum();
    assert_eq!(criteria, 28);
    for c in comps {
        for key in ["id", "domain", "category", "statement", "criteria"] {
            assert!(c.get(key).is_some(), "competency lacks {key}");
        }
        for k in c["criteria"].as_array().unwrap() {
            for key in ["id", "statement", "measure"] {
                assert!(k.get(key).is_some(), "criterion lacks {key}");
            }
        }
    }
    // A shipped name and the file give the same framework.
    let by_path = run(&["show", "frameworks/job-retention.yaml", "--format", "json"]);
    assert_eq!(stdout(&by_path), stdout(&o));
}

#[test]
fn score_json_has_the_documented_shape() {
    let o = run(&[
        "score",
        "--framework",
        "job-retention",
        "--evidence",
        DEMO,
        "--as-of",
        "2026-06-30",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    for key in [
        "framework",
        "framework_version",
        "as_of",
        "counts",
        "workers",
        "rejected",
    ] {
        assert!(v.get(key).is_some(), "result lacks {key}");
    }
    let counts = &v["counts"];
    assert_eq!(
        counts["used"].as_u64().unwrap() + counts["rejected"].as_u64().unwrap(),
        counts["items"].as_u64().unwrap()
    );
    let w = &v["workers"][0];
    for key in ["worker", "overall", "domains", "competencies"] {
        assert!(w.get(key).is_some(), "worker lacks {key}");
    }
    let c = &w["competencies"][0];
    for key in [
        "id", "score", "level", "status", "coverage", "items", "criteria",
    ] {
        assert!(c.get(key).is_some(), "competency lacks {key}");
    }
    let k = &c["criteria"][0];
    for key in ["id", "score", "items", "weight", "evidence"] {
        assert!(k.get(key).is_some(), "criterion lacks {key}");
    }
    assert!(!k["evidence"].as_array().unwrap().is_empty());
    let r = &v["rejected"][0];
    for key in ["id", "line", "worker", "criterion", "reason", "detail"] {
        assert!(r.get(key).is_some(), "rejection lacks {key}");
    }
    let workers: Vec<&str> = v["workers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["worker"].as_str().unwrap())
        .collect();
    let mut sorted = workers.clone();
    sorted.sort();
    assert_eq!(workers, sorted);
}

#[test]
fn score_table_and_explain_are_readable() {
    let o = run(&[
        "score",
        "--framework",
        "job-retention",
        "--evidence",
        DEMO,
        "--as-of",
        "2026-06-30",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(out.contains("rejected items by reason"), "{out}");
    assert!(out.contains("jr-001"), "{out}");
    let o = run(&[
        "score",
        "--framework",
        "job-retention",
        "--evidence",
        DEMO,
        "--as-of",
        "2026-06-30",
        "--explain",
        "jr-001",
    ]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("Σw·v / Σw"), "{}", stdout(&o));
    let o = run(&[
        "score",
        "--framework",
        "job-retention",
        "--evidence",
        DEMO,
        "--explain",
        "nobody",
    ]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn screen_ranks_candidates_with_gaps() {
    let o = run(&[
        "screen",
        "--profile",
        "job-retention-specialist",
        "--evidence",
        DEMO,
        "--as-of",
        "2026-06-30",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let c = v["candidates"].as_array().unwrap();
    assert!(c.len() >= 10);
    assert_eq!(c[0]["rank"], 1);
    assert!(c[0]["meets_essential"].as_bool().unwrap());
    assert!(c.iter().any(|x| !x["gaps"].as_array().unwrap().is_empty()));
    let o = run(&[
        "screen",
        "--profile",
        "job-retention-specialist",
        "--evidence",
        DEMO,
        "--as-of",
        "2026-06-30",
    ]);
    assert!(stdout(&o).contains("training needs"), "{}", stdout(&o));
}

#[test]
fn malformed_evidence_exits_1_with_located_errors() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.csv");
    std::fs::write(&path, "worker,criterion,kind,date,value\nw1,k2.legislation-facts,interview,2024-13-01,4\nw2,k2.legislation-facts,interview,,4\n").unwrap();
    let o = run(&[
        "score",
        "--framework",
        "job-retention",
        "--evidence",
        path.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains(
            "bad.csv:2:4: date: `2024-13-01` is not a valid date: month 13 is not between 1 and 12, expected a date as `YYYY-MM-DD`"
        ),
        "{err}"
    );
    assert!(err.contains("bad.csv:3:4: date: `date` is empty"), "{err}");
}

#[test]
fn out_writes_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("result.json");
    let o = run(&[
        "score",
        "--framework",
        "job-retention",
        "--evidence",
        DEMO,
        "--as-of",
        "2026-06-30",
        "--format",
        "json",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).is_empty());
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(v["framework"], "job-retention");
    let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
    assert_eq!(leftovers, 1, "no temporary files are left behind");
}

#[test]
fn progress_and_report_on_the_demo_plans() {
    let args = [
        "--framework",
        "job-retention",
        "--evidence",
        DEMO,
        "--plans",
        "examples/job-retention-plans.yaml",
        "--cpd",
        "examples/job-retention-cpd.yaml",
        "--as-of",
        "2026-06-30",
    ];
    let o = run(&[&["progress"][..], &args, &["--format", "json"]].concat());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let targets = v["targets"].as_array().unwrap();
    assert_eq!(targets.len(), 13);
    let statuses: std::collections::BTreeSet<&str> = targets
        .iter()
        .map(|t| t["status"].as_str().unwrap())
        .collect();
    assert_eq!(
        statuses.len(),
        3,
        "every status appears in the demo: {statuses:?}"
    );
    assert!(targets.iter().any(|t| t["overdue"] == true));

    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.html");
    let o = run(&[&["report"][..], &args, &["--out", out.to_str().unwrap()]].concat());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let html = std::fs::read_to_string(&out).unwrap();
    for part in [
        "Team matrix",
        "Development plans",
        "overdue",
        "<svg",
        "CPD",
        "Rejected evidence",
        "jr-003",
    ] {
        assert!(html.contains(part), "report lacks {part}");
    }
    // Self-contained: nothing loaded from anywhere.
    for bad in ["<script", "src=", "<link", "url(", "@import"] {
        assert!(!html.contains(bad), "report contains {bad}");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
        assert_eq!(
            mode & 0o044,
            0o044,
            "report is readable by others like any output ({mode:o})"
        );
    }
}

#[test]
fn generated_workloads_score_the_same_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let fw = dir.path().join("fw.yaml");
    let mut scored = Vec::new();
    for ext in ["csv", "jsonl", "parquet"] {
        let out = dir.path().join(format!("items.{ext}"));
        let o = run(&[
            "generate",
            "--items",
            "3000",
            "--workers",
            "40",
            "--competencies",
            "7",
            "--seed",
            "5",
            "--framework-out",
            fw.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert!(stderr(&o).contains("3000 items, 40 workers, framework generated-7"));
        let o = run(&[
            "score",
            "--framework",
            fw.to_str().unwrap(),
            "--evidence",
            out.to_str().unwrap(),
            "--as-of",
            "2026-06-30",
            "--format",
            "json",
            "--no-evidence",
        ]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
        assert_eq!(v["counts"]["items"], 3000);
        assert_eq!(v["workers"].as_array().unwrap().len(), 40);
        scored.push(v["workers"].clone());
    }
    assert_eq!(scored[0], scored[1]);
    assert_eq!(scored[0], scored[2]);
    // Unknown extension without --format: a usage error.
    let o = run(&[
        "generate",
        "--items",
        "1",
        "--workers",
        "1",
        "--out",
        "x.txt",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("error: --format: cannot tell the format of `x.txt`"));
}

#[test]
fn policy_file_errors_name_the_line_of_the_value_and_hex_integers_are_numbers() {
    let o = run(&[
        "score",
        "--framework",
        "job-retention",
        "--evidence",
        DEMO,
        "--as-of",
        "2026-06-30",
        "--policy",
        "tests/invalid/policy/negative-half-life.yaml",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(
        stderr(&o).lines().next(),
        Some(
            "tests/invalid/policy/negative-half-life.yaml:2:1: half_life_days: half-life in days \
             must be a finite number greater than 0, found `-1`"
        ),
    );
    let dir = std::env::temp_dir().join(format!("proficient-hex-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let policy = dir.join("policy.yaml");
    std::fs::write(&policy, "half_life_days: 0x10\nmax_age_days: 0o1000\n").unwrap();
    let o = run(&[
        "score",
        "--framework",
        "job-retention",
        "--evidence",
        DEMO,
        "--as-of",
        "2026-06-30",
        "--format",
        "json",
        "--policy",
        policy.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["policy"]["half_life_days"], 16.0);
    assert_eq!(v["policy"]["max_age_days"], 512);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn screening_ranks_mathematically_equal_scores_as_ties_by_worker_id() {
    // Issue 16, defect 3: one item of value 4 on 1–5 each, dated apart
    // (half-life 365 days): every such worker scores exactly 0.75.
    let dir = "tests/vectors/29-screen-exact-ties";
    let o = run(&[
        "screen",
        "--framework",
        &format!("{dir}/framework.yaml"),
        "--profile",
        &format!("{dir}/profile.yaml"),
        "--evidence",
        &format!("{dir}/evidence.csv"),
        "--as-of",
        "2024-06-30",
        "--min-items",
        "1",
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let ranked: Vec<(String, Value)> = v["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["worker"].as_str().unwrap().to_string(),
                c["overall"].clone(),
            )
        })
        .collect();
    let workers: Vec<&str> = ranked.iter().map(|(w, _)| w.as_str()).collect();
    assert_eq!(
        workers,
        ["h", "g", "a", "b", "c", "d", "e", "f", "i", "z-old"]
    );
    for (w, overall) in &ranked[2..9] {
        assert_eq!(overall.as_f64(), Some(0.75), "{w}");
    }
}
