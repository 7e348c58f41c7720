//! A framework with no competencies (and then possibly no domains) is
//! valid: a shell being authored, or a CASE package with no items
//! imported. Everything the engine does with a framework works on one,
//! with no NaN, no division by zero, and well-formed output. The fixtures
//! are `tests/frameworks/empty.yaml` (no domains, no competencies) and
//! `tests/frameworks/empty-competencies.yaml` (a domain, no competencies);
//! the command line is checked in cli/tests/empty.rs, Python in
//! python/tests/test_empty.py, JS in wasm/tests/empty.test.mjs.

#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use std::path::{Path, PathBuf};

use proficient::analysis::cohort::{self, CohortOptions};
use proficient::evidence::{self, Batch, Format};
use proficient::trainer::plans::{Cpd, Plans};
use proficient::trainer::progress::{self, Period};
use proficient::{trainer::report, Date, Explain, Framework, Profile, Scorer, ScoringPolicy};

fn fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/frameworks");
    vec![dir.join("empty.yaml"), dir.join("empty-competencies.yaml")]
}

const EVIDENCE: &str = "worker,criterion,kind,date,value\n\
                        w1,c1,obs,2024-01-01,4\n\
                        w2,c2,obs,2024-02-01,3\n";

fn batch() -> Batch {
    let mut b = Batch::default();
    evidence::read_str(EVIDENCE, Format::Csv, |item, line| b.push(&item, line)).unwrap();
    b
}

fn as_of() -> Date {
    Date::parse("2024-06-30").unwrap()
}

/// No NaN or infinity anywhere in `json` (serde_json writes them as null,
/// so look at the numbers it holds and at the text of the HTML).
fn finite(v: &serde_json::Value) -> bool {
    match v {
        serde_json::Value::Number(n) => n.as_f64().is_some_and(f64::is_finite),
        serde_json::Value::Array(a) => a.iter().all(finite),
        serde_json::Value::Object(m) => m.values().all(finite),
        _ => true,
    }
}

#[test]
fn frameworks_with_no_competencies_load_and_validate() {
    for path in fixtures() {
        let fw = Framework::from_path(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(fw.competencies.is_empty());
        assert_eq!(fw.criteria_count(), 0);
        // The same text from a string, and its JSON.
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(Framework::from_yaml_str(&text).unwrap(), fw);
        let json = serde_json::to_string(&fw).unwrap();
        assert_eq!(Framework::from_yaml_str(&json).unwrap(), fw);
    }
    // `competencies:` must still be there.
    let text = std::fs::read_to_string(&fixtures()[0]).unwrap();
    let without = text.replace("competencies: []\n", "");
    let got: Vec<(String, String)> = Framework::from_yaml_str(&without)
        .unwrap_err()
        .diagnostics()
        .into_iter()
        .map(|d| (d.code, d.message))
        .collect();
    assert_eq!(
        got,
        [(
            "shape".to_string(),
            "missing field `competencies`, which is required".to_string()
        )]
    );
}

#[test]
fn scoring_rejects_every_item_as_an_unknown_criterion() {
    for path in fixtures() {
        let fw = Framework::from_path(&path).unwrap();
        let mut s = Scorer::new(
            &fw,
            as_of(),
            ScoringPolicy::for_framework(&fw),
            Explain::All,
        );
        s.push_batch(&batch());
        let r = s.finish();
        assert_eq!(
            (r.counts.items, r.counts.used, r.counts.rejected),
            (2, 0, 2)
        );
        assert!(r
            .rejected
            .iter()
            .all(|x| x.reason == proficient::Reason::UnknownCriterion));
        assert_eq!(r.workers.len(), 2);
        for w in &r.workers {
            assert_eq!(w.overall, None);
            assert!(w.competencies.is_empty());
            assert_eq!(w.domains.len(), fw.domains.len());
            assert!(w.domains.iter().all(|d| d.score.is_none()));
        }
        assert!(finite(&serde_json::to_value(&r).unwrap()));
    }
}

#[test]
fn a_profile_cannot_refer_to_an_empty_framework() {
    let fw = Framework::from_path(&fixtures()[0]).unwrap();
    for (yaml, code) in [
        (
            "id: p\ntitle: P\nframework: empty\nrequirements:\n  - {competency: x, level: high, importance: essential}\n",
            "unknown_reference",
        ),
        (
            "id: p\ntitle: P\nframework: empty\nrequirements: []\n",
            "empty",
        ),
    ] {
        let e = Profile::from_yaml_str(yaml, &fw).unwrap_err();
        let ds = e.diagnostics();
        assert_eq!(ds.len(), 1, "{ds:?}");
        assert_eq!(ds[0].code, code);
        assert!(ds[0].line.is_some());
    }
}

#[test]
fn progress_cohort_and_cpd_of_an_empty_framework() {
    for path in fixtures() {
        let fw = Framework::from_path(&path).unwrap();
        let policy = ScoringPolicy::for_framework(&fw);
        let plans =
            Plans::from_yaml_str(&format!("framework: {}\nplans: []\n", fw.id), &fw).unwrap();
        let p = progress::progress(&fw, &plans, &batch(), as_of(), &policy, 0.05);
        assert!(p.targets.is_empty());
        assert_eq!(p.rejected.len(), 2);
        // Plans can refer to nothing in it.
        let e = Plans::from_yaml_str(
            &format!(
                "framework: {}\nplans:\n  - worker: w1\n    baseline: 2024-01-01\n    targets:\n      - {{competency: x, level: high, due: 2024-12-31}}\n",
                fw.id
            ),
            &fw,
        )
        .unwrap_err();
        assert_eq!(e.diagnostics()[0].code, "unknown_reference");

        let mut s = Scorer::new(&fw, as_of(), policy.clone(), Explain::None);
        s.push_batch(&batch());
        let scores = s.finish();
        let options = CohortOptions {
            level: fw.levels.last().unwrap().id.clone(),
            ..CohortOptions::default()
        };
        let c = cohort::cohort(&fw, &scores, None, Some(&plans), &options).unwrap();
        let v = serde_json::to_value(&c).unwrap();
        assert_eq!(v["competencies"], serde_json::json!([]));
        assert_eq!(v["matrix"].as_array().unwrap().len(), 2);
        assert!(finite(&v));

        let cpd = Cpd::from_yaml_str(
            &format!(
                "framework: {}\nactivities:\n  - {{worker: w1, date: 2024-01-10, title: Course, hours: 3}}\n",
                fw.id
            ),
            &fw,
        )
        .unwrap();
        let summary = progress::summarise_cpd(&fw, &cpd, Period::Quarter);
        assert_eq!(summary.total_hours, 3.0);
        assert!(summary.by_competency.is_empty());
        assert_eq!(summary.unmapped.len(), 1);
    }
}

/// The trainer's report: no radar with zero axes (an SVG polygon with no
/// points), no NaN, every element closed that was opened.
#[test]
fn the_report_of_an_empty_framework_is_well_formed() {
    for path in fixtures() {
        let fw = Framework::from_path(&path).unwrap();
        let policy = ScoringPolicy::for_framework(&fw);
        let plans =
            Plans::from_yaml_str(&format!("framework: {}\nplans: []\n", fw.id), &fw).unwrap();
        let cpd = Cpd::from_yaml_str(
            &format!(
                "framework: {}\nactivities:\n  - {{worker: w1, date: 2024-01-10, title: Course, hours: 3}}\n",
                fw.id
            ),
            &fw,
        )
        .unwrap();
        for (plans, cpd) in [(None, None), (Some(&plans), Some(&cpd))] {
            let html = report::build(&fw, batch(), as_of(), &policy, plans, cpd, 0.05);
            check_html(&html);
            assert!(html.contains("The framework has no competencies yet."));
            assert!(html.contains("no competencies to chart"));
        }
    }
}

fn check_html(html: &str) {
    assert!(html.starts_with("<!doctype html>"));
    assert!(html.trim_end().ends_with("</html>"));
    for bad in ["points=\"\"", "()"] {
        assert!(!html.contains(bad), "`{bad}` in the report");
    }
    let words: Vec<&str> = html.split(|c: char| !c.is_ascii_alphanumeric()).collect();
    for bad in ["NaN", "inf", "Infinity", "undefined"] {
        assert!(!words.contains(&bad), "`{bad}` in the report");
    }
    for tag in ["svg", "table", "section", "article", "p", "ul", "div"] {
        let open =
            html.matches(&format!("<{tag}>")).count() + html.matches(&format!("<{tag} ")).count();
        let close = html.matches(&format!("</{tag}>")).count();
        assert_eq!(open, close, "<{tag}> opened {open} times, closed {close}");
    }
}

/// No criteria, nothing to generate evidence for: refused, not a file of
/// nothing (it used to write a header and report 0 items as a success).
#[test]
fn generating_evidence_for_an_empty_framework_is_refused() {
    for path in fixtures() {
        let fw = Framework::from_path(&path).unwrap();
        let spec = proficient::evidence::generate::Spec::new(100, 5);
        let mut out = Vec::new();
        let e = proficient::evidence::generate::write(
            &fw,
            &spec,
            proficient::evidence::generate::Output::Csv,
            &mut out,
        )
        .unwrap_err();
        assert_eq!(e.kind(), std::io::ErrorKind::InvalidInput);
        assert_eq!(
            e.to_string(),
            format!("framework `{}` has no criteria, expected at least one criterion to generate evidence for", fw.id)
        );
        assert!(out.is_empty());
        #[cfg(feature = "parquet")]
        {
            let dir = tempfile::tempdir().unwrap();
            let file = std::fs::File::create(dir.path().join("x.parquet")).unwrap();
            let e = proficient::evidence::parquet::write_generated(&fw, &spec, file).unwrap_err();
            assert!(e.contains("has no criteria"), "{e}");
        }
    }
}
