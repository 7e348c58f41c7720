//! Line endings and encodings in every text format: each text input of the
//! corpora (tests/invalid/**, tests/vectors/**, examples/, the shipped
//! frameworks and profiles, tests/case/**, tests/badge/) is rewritten with
//! CRLF, CR and mixed line endings and with byte-order marks (at the start,
//! and at the start of every line, as `cat` leaves them), and must read to
//! exactly what its LF version reads to: the same values, and the same
//! errors at the same lines and columns. Python and JS check the malformed
//! corpus the same way (python/tests/test_invalid.py,
//! wasm/tests/invalid.test.mjs).

#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use std::path::{Path, PathBuf};

use proficient::case::{self, Mode};
use proficient::equality::{self, EqualityOptions};
use proficient::plans::{Cpd, Plans};
use proficient::{delphi, evidence, Diagnostic, Framework, Profile};
use serde_json::Value;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// How to read an input.
#[derive(Debug, Clone)]
enum Kind {
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
}

/// Every text input of the corpora with how to read it.
fn inputs() -> Vec<(PathBuf, Kind)> {
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
fn read(path: &Path, kind: &Kind) -> String {
    let errors = |ds: Vec<Diagnostic>| {
        let ds: Vec<Diagnostic> = ds
            .into_iter()
            .map(|d| Diagnostic { file: None, ..d })
            .collect();
        format!("errors: {ds:?}")
    };
    let framework = |name: &str| Framework::load(name).unwrap();
    match kind {
        Kind::Framework => match Framework::from_path(path) {
            Ok(fw) => format!("{fw:?}"),
            Err(e) => errors(e.diagnostics()),
        },
        Kind::Profile(fw) => {
            let fw = fw.as_deref().map(framework);
            match Profile::load(&path.display().to_string(), fw.as_ref()) {
                Ok(p) => format!("{p:?}"),
                Err(e) => errors(e.diagnostics()),
            }
        }
        Kind::Evidence => {
            let mut items = Vec::new();
            match evidence::read_path(path, |item, line| items.push(format!("{line}: {item:?}"))) {
                Ok(n) => format!("{n} items: {items:?}"),
                Err(e) => errors(e.diagnostics()),
            }
        }
        Kind::Plans(fw) => match Plans::from_path(path, &framework(fw)) {
            Ok(p) => format!("{p:?}"),
            Err(e) => errors(e.diagnostics()),
        },
        Kind::Cpd(fw) => match Cpd::from_path(path, &framework(fw)) {
            Ok(p) => format!("{p:?}"),
            Err(e) => errors(e.diagnostics()),
        },
        Kind::Case(mode) => match case::import_path(path, *mode) {
            Ok(i) => {
                let notes: Vec<Diagnostic> = i
                    .notes
                    .into_iter()
                    .map(|d| Diagnostic { file: None, ..d })
                    .collect();
                format!("{:?} {notes:?}", i.framework)
            }
            Err(e) => errors(e.diagnostics()),
        },
        Kind::People(options) => {
            match proficient::input::read_table::<equality::PeopleProblem>(path)
                .and_then(|t| equality::read_people(&t, options))
            {
                Ok(p) => format!("{p:?}"),
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
                Ok(s) => s,
                Err(e) => errors(e.diagnostics()),
            }
        }
        Kind::Issuer => match proficient::badge::Issuer::from_path(path) {
            Ok(i) => format!("{i:?}"),
            Err(e) => errors(e.diagnostics()),
        },
    }
}

/// Splits LF text into lines, each with its line break (the last may have none).
fn lines(lf: &[u8]) -> Vec<&[u8]> {
    lf.split_inclusive(|&b| b == b'\n').collect()
}

/// The variants of an LF file: name and bytes.
fn variants(lf: &[u8]) -> Vec<(&'static str, Vec<u8>)> {
    let lines = lines(lf);
    let with_ending = |ending: &dyn Fn(usize) -> &'static [u8]| -> Vec<u8> {
        let mut out = Vec::with_capacity(lf.len() * 2);
        for (i, line) in lines.iter().enumerate() {
            match line.strip_suffix(b"\n") {
                Some(body) => {
                    out.extend_from_slice(body);
                    // CR before an empty LF-ended line would read as one CRLF.
                    let next_is_lf =
                        lines.get(i + 1).is_some_and(|l| *l == b"\n") && ending(i + 1) == b"\n";
                    match ending(i) {
                        b"\r" if next_is_lf => out.extend_from_slice(b"\r\n"),
                        e => out.extend_from_slice(e),
                    }
                }
                None => out.extend_from_slice(line),
            }
        }
        out
    };
    const BOM: &[u8] = b"\xEF\xBB\xBF";
    let bom_each_line = |text: &[u8]| -> Vec<u8> {
        let mut out = Vec::new();
        let mut start = true;
        for (i, &b) in text.iter().enumerate() {
            let crlf_tail = b == b'\n' && i > 0 && text[i - 1] == b'\r';
            if start && !crlf_tail {
                out.extend_from_slice(BOM);
            }
            out.push(b);
            start = b == b'\n' || (b == b'\r' && text.get(i + 1) != Some(&b'\n'));
        }
        out
    };
    let crlf = with_ending(&|_| b"\r\n");
    vec![
        ("CRLF", crlf.clone()),
        ("CR", with_ending(&|_| b"\r")),
        (
            "mixed",
            with_ending(&|i| [&b"\r\n"[..], b"\r", b"\n"][i % 3]),
        ),
        ("BOM", [BOM, lf].concat()),
        ("BOM+CRLF", [BOM, &crlf].concat()),
        ("BOM on every line", bom_each_line(lf)),
        ("BOM on every line, CRLF", bom_each_line(&crlf)),
    ]
}

/// `bytes` with CRLF and CR line endings made LF and a leading BOM removed.
fn to_lf(bytes: &[u8]) -> Vec<u8> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match (bytes[i], bytes.get(i + 1)) {
            (b'\r', Some(b'\n')) => {
                out.push(b'\n');
                i += 2;
            }
            (b'\r', _) => {
                out.push(b'\n');
                i += 1;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    out
}

#[test]
fn every_text_input_reads_the_same_with_any_line_ending_and_byte_order_marks() {
    let dir = tempfile::tempdir().unwrap();
    let mut failures = Vec::new();
    let mut checked = 0usize;
    let inputs = inputs();
    assert!(inputs.len() > 200, "only {} inputs", inputs.len());
    for (path, kind) in &inputs {
        let bytes = std::fs::read(path).unwrap();
        // UTF-16 and binary inputs have no text line endings to change.
        if bytes.contains(&0) || bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
            continue;
        }
        let name = path.file_name().unwrap();
        let lf_dir = dir.path().join("lf");
        std::fs::create_dir_all(&lf_dir).unwrap();
        let lf_path = lf_dir.join(name);
        std::fs::write(&lf_path, to_lf(&bytes)).unwrap();
        let want = read(&lf_path, kind);
        for (variant, text) in variants(&to_lf(&bytes)) {
            let vdir = dir.path().join(variant.replace([' ', ',', '+'], "-"));
            std::fs::create_dir_all(&vdir).unwrap();
            let vpath = vdir.join(name);
            std::fs::write(&vpath, &text).unwrap();
            let got = read(&vpath, kind);
            if got != want {
                let (a, b) = around_difference(&want, &got);
                failures.push(format!(
                    "{} ({kind:?}) with {variant}:\n  LF:   {a}\n  {variant}: {b}",
                    path.strip_prefix(root()).unwrap_or(path).display(),
                ));
            }
            checked += 1;
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {checked} differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The two texts around where they first differ.
fn around_difference(a: &str, b: &str) -> (String, String) {
    let at = a
        .char_indices()
        .zip(b.chars())
        .find(|((_, x), y)| x != y)
        .map_or(a.len().min(b.len()), |((i, _), _)| i);
    let window = |s: &str| -> String {
        let mut start = at.saturating_sub(200).min(s.len());
        while !s.is_char_boundary(start) {
            start -= 1;
        }
        s[start..].chars().take(400).collect()
    };
    (window(a), window(b))
}
