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

use proficient::input::{
    MAX_ALIAS_NODES, MAX_DEPTH, MAX_DOCUMENT_BYTES, MAX_LINE_BYTES, MAX_PROBLEMS,
};
use proficient::{evidence, yaml, Framework};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The rows of the README's limits table: (input, limit, code).
fn readme_rows() -> Vec<(String, String, String)> {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let section = readme
        .split("\n## Errors and limits\n")
        .nth(1)
        .expect("README has an `## Errors and limits` section");
    let section = section.split("\n## ").next().unwrap();
    let mut lines = section
        .lines()
        .skip_while(|l| !l.starts_with("| input | limit | code |"));
    assert!(
        lines.next().is_some(),
        "no `| input | limit | code |` table"
    );
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
