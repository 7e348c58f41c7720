//! The limits table of the README ("Errors and limits") is the one place
//! the limits are documented (docs/errors.md points to it): each row must
//! state the constant the code enforces, and each constant must hold at
//! its boundary (the limit accepted, one more refused with the row's code).

#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use std::path::{Path, PathBuf};

use proficient::input::sheet::{
    MAX_SHEET_CELLS, MAX_WORKBOOK_BYTES, MAX_WORKBOOK_PARTS, MAX_WORKBOOK_UNPACKED_BYTES,
};
use proficient::input::{
    MAX_ALIAS_NODES, MAX_DEPTH, MAX_DOCUMENT_BYTES, MAX_LINE_BYTES, MAX_PROBLEMS,
};
use proficient::{evidence, input::yaml, Framework};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The rows of the README's limits table: (input, limit, code).
fn readme_rows() -> Vec<(String, String, String)> {
    readme_table("| input | limit | code |")
}

/// The rows of the README table under "Errors and limits" whose header is
/// `header`: (first, second, third cell).
fn readme_table(header: &str) -> Vec<(String, String, String)> {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let section = readme
        .split("\n## Errors and limits\n")
        .nth(1)
        .expect("README has an `## Errors and limits` section");
    let section = section.split("\n## ").next().unwrap();
    let mut lines = section.lines().skip_while(|l| !l.starts_with(header));
    assert!(lines.next().is_some(), "no `{header}` table");
    lines
        .skip(1)
        .take_while(|l| l.starts_with('|'))
        .map(|l| {
            let cells: Vec<String> = l
                .trim_matches('|')
                .split(" | ")
                .map(|c| c.trim().to_string())
                .collect();
            assert_eq!(cells.len(), 3, "{l}");
            (cells[0].clone(), cells[1].clone(), cells[2].clone())
        })
        .collect()
}

/// A byte count as the table writes it (`256 MiB`, `1 MiB`).
fn mib(bytes: usize) -> String {
    assert_eq!(bytes % (1 << 20), 0);
    format!("{} MiB", bytes >> 20)
}

/// A count as the table writes it (`1,000,000`).
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[test]
fn the_readme_limits_table_states_the_enforced_constants() {
    // (start of the input cell, what the limit cell starts with, code cell)
    let expected: Vec<(&str, String, &str)> = vec![
        ("a file read whole", mib(MAX_DOCUMENT_BYTES), "`too_large`"),
        (
            "a line of CSV or JSON Lines",
            mib(MAX_LINE_BYTES),
            "`line_too_long`",
        ),
        ("a CSV record", mib(MAX_LINE_BYTES), "`record_too_long`"),
        ("a workbook", mib(MAX_WORKBOOK_BYTES), "`too_large`"),
        (
            "what a workbook's parts unpack to",
            mib(MAX_WORKBOOK_UNPACKED_BYTES),
            "`unpacked_too_large`",
        ),
        (
            "parts in a workbook's zip",
            thousands(MAX_WORKBOOK_PARTS),
            "`too_many_parts`",
        ),
        (
            "cells read from one sheet",
            thousands(MAX_SHEET_CELLS),
            "`too_many_cells`",
        ),
        (
            "YAML/JSON nesting in documents",
            format!("{MAX_DEPTH} levels"),
            "`too_deep`",
        ),
        (
            "lists or objects as values in JSON evidence and ratings",
            "none".into(),
            "`json`",
        ),
        (
            "nodes added by YAML aliases",
            thousands(MAX_ALIAS_NODES),
            "`alias_bomb`",
        ),
        (
            "problems listed per file",
            MAX_PROBLEMS.to_string(),
            "`too_many_errors`",
        ),
        (
            "a framework or CASE package written",
            mib(MAX_DOCUMENT_BYTES),
            "exit 2",
        ),
        ("lines of evidence CSV or JSON Lines", "no limit".into(), ""),
        ("items per worker, workers", "no limit".into(), ""),
    ];
    let rows = readme_rows();
    for (input, limit, code) in &expected {
        let row = rows
            .iter()
            .find(|(i, _, _)| i.starts_with(input))
            .unwrap_or_else(|| panic!("no README row for `{input}`"));
        assert!(
            row.1.starts_with(limit.as_str()),
            "README row `{}`: limit `{}`, the code enforces `{limit}`",
            row.0,
            row.1
        );
        assert_eq!(&row.2, code, "README row `{}`", row.0);
    }
    for (input, _, _) in &rows {
        assert!(
            expected.iter().any(|(e, _, _)| input.starts_with(e)),
            "README row `{input}` is not checked against the code: add it here"
        );
    }
    // docs/errors.md points to the table instead of keeping a second one.
    let errors = std::fs::read_to_string(root().join("docs/errors.md")).unwrap();
    assert!(
        !errors.contains("| input | limit"),
        "docs/errors.md has its own limits table"
    );
    assert!(errors.contains("README.md#errors-and-limits"));
}

fn codes(ds: Vec<proficient::Diagnostic>) -> Vec<String> {
    ds.into_iter().map(|d| d.code).collect()
}

#[test]
fn each_limit_holds_at_its_boundary() {
    let dir = tempfile::tempdir().unwrap();
    // Files read whole: the limit is read, one byte more is refused.
    let path = dir.path().join("framework.yaml");
    let mut text = "# padding\n".repeat(MAX_DOCUMENT_BYTES / 10 + 1);
    text.truncate(MAX_DOCUMENT_BYTES - 1);
    text.push('\n');
    std::fs::write(&path, &text).unwrap();
    let read = proficient::input::read_text(&path).unwrap();
    assert_eq!(read.len(), MAX_DOCUMENT_BYTES);
    drop(read);
    text.push('\n');
    std::fs::write(&path, &text).unwrap();
    let e = Framework::from_path(&path).unwrap_err();
    assert_eq!(codes(e.diagnostics()), ["too_large"]);
    drop(text);

    // Lines and CSV records.
    const HEADER: &str = "worker,criterion,kind,date,note\n";
    const ROW: &str = "w,c,k,2024-01-01,";
    let line = |n: usize| format!("{HEADER}{ROW}{}\n", "x".repeat(n - ROW.len()));
    let ok = line(MAX_LINE_BYTES);
    assert_eq!(ok.lines().nth(1).unwrap().len(), MAX_LINE_BYTES);
    assert!(evidence::read_str(&ok, evidence::Format::Csv, |_, _| {}).is_ok());
    let e = evidence::read_str(&line(MAX_LINE_BYTES + 1), evidence::Format::Csv, |_, _| {})
        .unwrap_err();
    assert_eq!(codes(e.diagnostics()), ["line_too_long"]);
    // A record of `n` bytes: a quoted field of short lines.
    let record = |n: usize| {
        let inner = n - ROW.len() - 2;
        let body = "ab\n".repeat(inner / 3);
        let pad = "x".repeat(inner - body.len());
        format!("{HEADER}{ROW}\"{body}{pad}\"\n")
    };
    let ok = record(MAX_LINE_BYTES);
    assert_eq!(ok.len() - HEADER.len() - 1, MAX_LINE_BYTES);
    assert!(evidence::read_str(&ok, evidence::Format::Csv, |_, _| {}).is_ok());
    let e = evidence::read_str(
        &record(MAX_LINE_BYTES + 1),
        evidence::Format::Csv,
        |_, _| {},
    )
    .unwrap_err();
    assert_eq!(codes(e.diagnostics()), ["record_too_long"]);

    // Nesting of documents.
    let nested = |n: usize| format!("{}{}", "[".repeat(n), "]".repeat(n));
    assert!(yaml::parse_value(&nested(MAX_DEPTH), &yaml::Limits::default()).is_ok());
    let e = yaml::parse_value(&nested(MAX_DEPTH + 1), &yaml::Limits::default()).unwrap_err();
    assert_eq!(codes(e.diagnostics()), ["too_deep"]);

    // JSON evidence holds no nested values: a list where a value goes is
    // refused at its bracket, however deep it goes (skipped without
    // recursion: no stack to overflow).
    let array = |n: usize| {
        format!(
            "[{{\"worker\": \"w\", \"criterion\": \"c\", \"kind\": \"k\", \"date\": \"2024-01-01\", \"value\": {}}}]",
            nested(n)
        )
    };
    for n in [1, 1_000_000] {
        let e = evidence::read_str(&array(n), evidence::Format::Json, |_, _| {}).unwrap_err();
        let ds = e.diagnostics();
        assert_eq!(codes(ds.clone()), ["json"]);
        assert!(
            ds[0]
                .message
                .starts_with("invalid type: list, expected a number"),
            "{e}"
        );
    }

    // Aliases: an anchored list of k scalars adds k + 1 nodes per alias.
    let aliased = |added: usize| format!("a: &x [{}]\nb: *x\n", vec!["1"; added - 1].join(","));
    assert!(yaml::parse_value(&aliased(MAX_ALIAS_NODES), &yaml::Limits::default()).is_ok());
    let e = yaml::parse_value(&aliased(MAX_ALIAS_NODES + 1), &yaml::Limits::default()).unwrap_err();
    assert_eq!(codes(e.diagnostics()), ["alias_bomb"]);

    // Problems listed: all of 100; of 101, the first 100 and one line.
    let bad_rows =
        |n: usize| "worker,criterion,kind,date\n".to_string() + &"w,c,k,not-a-date\n".repeat(n);
    let e =
        evidence::read_str(&bad_rows(MAX_PROBLEMS), evidence::Format::Csv, |_, _| {}).unwrap_err();
    assert_eq!(e.diagnostics().len(), MAX_PROBLEMS);
    let e = evidence::read_str(
        &bad_rows(MAX_PROBLEMS + 1),
        evidence::Format::Csv,
        |_, _| {},
    )
    .unwrap_err();
    let ds = e.diagnostics();
    assert_eq!(ds.len(), MAX_PROBLEMS + 1);
    assert_eq!(ds.last().unwrap().code, "too_many_errors");
    assert_eq!(ds.last().unwrap().line, Some(MAX_PROBLEMS + 2));
}

/// A number as the numbers table writes it (`0.001`, `1000`, `0.000001`).
fn plain(x: f64) -> String {
    proficient::base::text::Num(x).to_string()
}

#[test]
fn the_readme_numbers_table_states_the_enforced_ranges() {
    use proficient::ranges::*;
    let scale_exponent = SCALE_LIMIT.log10().round();
    assert_eq!(10f64.powf(scale_exponent), SCALE_LIMIT);
    let epsilon_exponent = LEVEL_EPSILON.log10().round();
    assert_eq!(10f64.powf(epsilon_exponent), LEVEL_EPSILON);
    // (start of the number cell, what the accepted cell starts with, code cell)
    let expected: Vec<(&str, String, &str)> = vec![
        (
            "weights",
            format!("{} to {}", plain(WEIGHT_MIN), plain(WEIGHT_MAX)),
            "`not_positive`, `out_of_range`",
        ),
        (
            "rating scale bounds",
            format!(
                "within ±10^{scale_exponent}; `max − min` at least {} and at least 1/{} of the larger bound's magnitude",
                plain(SCALE_MIN_WIDTH),
                plain(SCALE_WIDTH_RATIO)
            ),
            "`out_of_range`, `scale_order`, `scale_too_narrow`",
        ),
        (
            "level thresholds",
            format!(
                "0 for the first, then each at least {} above the previous, at most 1",
                plain(THRESHOLD_STEP)
            ),
            "`first_level_not_zero`, `levels_not_increasing`, `out_of_range`",
        ),
        (
            "`min_coverage`",
            format!(
                "0, or {} to 1 (scores are compared within 1e{epsilon_exponent})",
                plain(THRESHOLD_STEP),
            ),
            "`out_of_range`, `below_resolution`",
        ),
        (
            "half-life, rate and count targets",
            format!("any number > 0 (items whose weight decays below 2^-{RESOLUTION_BITS}"),
            "`not_positive`",
        ),
        (
            "`max_age_days`, `min_items`",
            format!("whole numbers 0 to {}", u32::MAX),
            "`shape`",
        ),
    ];
    let rows = readme_table("| number | accepted | code |");
    for (number, accepted, code) in &expected {
        let row = rows
            .iter()
            .find(|(n, _, _)| n.starts_with(number))
            .unwrap_or_else(|| panic!("no README row for `{number}`"));
        assert!(
            row.1.starts_with(accepted.as_str()),
            "README row `{}`: `{}`, the code enforces `{accepted}`",
            row.0,
            row.1
        );
        assert_eq!(&row.2, code, "README row `{}`", row.0);
    }
    assert_eq!(
        rows.len(),
        expected.len(),
        "a README row is not checked here"
    );
}

/// The codes loading a framework gives once `edit` has changed the
/// shipped `job-retention` text.
fn framework_codes(edit: impl Fn(String) -> String) -> Vec<String> {
    let text = edit(
        proficient::model::shipped::framework_text("job-retention")
            .unwrap()
            .to_string(),
    );
    match Framework::from_yaml_str(&text) {
        Ok(_) => Vec::new(),
        Err(e) => codes(e.diagnostics()),
    }
}

#[test]
fn each_numeric_range_holds_at_its_boundary() {
    use proficient::ranges::*;
    let weight = |w: f64| {
        framework_codes(|t| {
            let at = t
                .find("weight: 1.0")
                .expect("a weight of 1 in job-retention");
            format!(
                "{}weight: {}{}",
                &t[..at],
                plain(w),
                &t[at + "weight: 1.0".len()..]
            )
        })
    };
    assert!(weight(WEIGHT_MIN).is_empty(), "{:?}", weight(WEIGHT_MIN));
    assert!(weight(WEIGHT_MAX).is_empty(), "{:?}", weight(WEIGHT_MAX));
    assert_eq!(weight(WEIGHT_MIN * 0.999), ["out_of_range"]);
    assert_eq!(weight(WEIGHT_MAX * 1.001), ["out_of_range"]);
    assert_eq!(weight(0.0), ["not_positive"]);

    let policy = |yaml: &str| {
        let fw = Framework::load("job-retention").unwrap();
        proficient::scoring::policy::overrides_for(&fw, yaml)
            .err()
            .map(|e| codes(e.diagnostics()))
            .unwrap_or_default()
    };
    let step = plain(THRESHOLD_STEP);
    assert!(policy(&format!("min_coverage: {step}\n")).is_empty());
    assert!(policy("min_coverage: 0\n").is_empty());
    assert_eq!(
        policy(&format!("min_coverage: {}\n", plain(THRESHOLD_STEP / 2.0))),
        ["below_resolution"]
    );
    assert_eq!(policy("half_life_days: 0\n"), ["not_positive"]);
    assert!(policy(&format!("max_age_days: {}\n", u32::MAX)).is_empty());
    assert_eq!(
        policy(&format!("max_age_days: {}\n", u64::from(u32::MAX) + 1)),
        ["shape"]
    );
}
