//! Workbooks on the command line: the fixture workbook written by openpyxl
//! (`tests/sheets/`, made by `tests/sheets/make_fixtures.py`) scores as the
//! CSV it came from, on the sheet `--sheet` names, also read from standard
//! input; errors name the sheet and cell; `--format xlsx` needs `--out`
//! and is refused by commands without a workbook layout. (Workbooks the
//! CLI writes are read back by openpyxl in `python/tests/test_sheets.py`.)

#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use std::process::{Command, Output, Stdio};

mod support;
use support::root;

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_proficient"))
        .args(args)
        .current_dir(root())
        .output()
        .unwrap()
}

const SCORE: [&str; 5] = [
    "score",
    "--framework",
    "job-retention",
    "--as-of",
    "2026-06-30",
];

#[test]
fn a_workbook_scores_as_its_csv_from_a_file_or_a_pipe() {
    let csv = run(&[
        &SCORE[..],
        &[
            "--evidence",
            "examples/job-retention-evidence.csv",
            "--format",
            "json",
        ],
    ]
    .concat());
    assert!(csv.status.success());
    let book = run(&[
        &SCORE[..],
        &[
            "--evidence",
            "tests/sheets/evidence.xlsx",
            "--sheet",
            "Log",
            "--format",
            "json",
        ],
    ]
    .concat());
    assert!(
        book.status.success(),
        "{}",
        String::from_utf8_lossy(&book.stderr)
    );
    assert!(
        csv.stdout == book.stdout,
        "the workbook's result differs from the CSV's"
    );
    // From standard input: a workbook told by its first bytes.
    let bytes = std::fs::read(root().join("tests/sheets/evidence.xlsx")).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_proficient"))
        .args(
            [
                &SCORE[..],
                &["--evidence", "-", "--sheet", "Log", "--format", "json"],
            ]
            .concat(),
        )
        .current_dir(root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), &bytes).unwrap();
    let piped = child.wait_with_output().unwrap();
    assert!(
        piped.stdout == csv.stdout,
        "the piped workbook's result differs from the CSV's"
    );
}

#[test]
fn errors_name_the_sheet_and_cell() {
    let out = run(&[&SCORE[..], &["--evidence", "tests/sheets/errors.xlsx"]].concat());
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(
        lines,
        [
            "tests/sheets/errors.xlsx:'Q1 log'!E3: date: `2026-02-30` is not a valid date: day 30 does not exist in 2026-02, expected a calendar date",
            "tests/sheets/errors.xlsx:'Q1 log'!G4: error cell `#N/A`, expected a value (the cell's formula gives an error: correct it, or clear the cell)",
        ]
    );
    let out = run(&[
        &SCORE[..],
        &[
            "--evidence",
            "tests/sheets/evidence.xlsx",
            "--sheet",
            "Evidence",
        ],
    ]
    .concat());
    assert_eq!(
        String::from_utf8(out.stderr).unwrap().trim_end(),
        "tests/sheets/evidence.xlsx: no sheet named `Evidence`, expected one of `Notes`, `Log`"
    );
}

#[test]
fn workbook_output_needs_a_file_and_a_layout() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("score.xlsx");
    let args = [
        &SCORE[..],
        &[
            "--evidence",
            "examples/job-retention-evidence.csv",
            "--format",
            "xlsx",
        ],
    ]
    .concat();
    let r = run(&args);
    assert_eq!(r.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&r.stderr).contains("give --out FILE.xlsx"));
    let r = run(&[&args[..], &["--out", out.to_str().unwrap()]].concat());
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    assert!(std::fs::read(&out).unwrap().starts_with(b"PK\x03\x04"));
    let r = run(&["show", "job-retention", "--format", "xlsx"]);
    assert_eq!(r.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&r.stderr).contains("show has no xlsx output"));
}

/// `args` with `--format json`: its standard output, the call succeeding.
fn json_of(args: &[&str]) -> String {
    let out = run(&[args, &["--format", "json"]].concat());
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn people_and_profile_shares_read_from_the_sheet_named_as_their_csv() {
    let screen = [
        "screen",
        "--profile",
        "job-retention-specialist",
        "--evidence",
        "examples/job-retention-evidence.csv",
        "--as-of",
        "2026-06-30",
        "--min-cell",
        "3",
    ];
    let csv = json_of(
        &[
            &screen[..],
            &["--people", "examples/job-retention-people.csv"],
        ]
        .concat(),
    );
    let book = json_of(
        &[
            &screen[..],
            &[
                "--people",
                "tests/sheets/people.xlsx",
                "--people-sheet",
                "Staff",
            ],
        ]
        .concat(),
    );
    assert!(csv.contains("\"adverse_impact\""));
    assert_eq!(csv, book);
    let equality = [
        "equality",
        "--people",
        "examples/staff-cpd.csv",
        "--group",
        "wres_group",
        "--outcome",
        "accessed_cpd",
    ];
    let csv = json_of(
        &[
            &equality[..],
            &["--profile-shares", "examples/staff-profile-shares.csv"],
        ]
        .concat(),
    );
    let book = json_of(
        &[
            &equality[..],
            &[
                "--profile-shares",
                "tests/sheets/shares.xlsx",
                "--profile-shares-sheet",
                "Shares",
            ],
        ]
        .concat(),
    );
    assert!(csv.contains("\"representation\""));
    assert_eq!(csv, book);
    // The first sheet by default: its missing columns named at its header.
    let out = run(&[&screen[..], &["--people", "tests/sheets/people.xlsx"]].concat());
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .starts_with("tests/sheets/people.xlsx:Notes!1:1: no column `worker`"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
