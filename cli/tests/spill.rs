//! Items with ids held past a bound (`PROFICIENT_HOLD_BYTES`) are written to
//! temporary files and settled bucket by bucket: the output is the same as
//! with everything held in memory, no file is left behind, and a directory
//! that cannot take files changes nothing.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::Command;

fn score(evidence: &std::path::Path, env: &[(&str, &std::path::Path)], bound: &str) -> Vec<u8> {
    let mut c = Command::new(env!("CARGO_BIN_EXE_proficient"));
    c.args([
        "score",
        "--framework",
        "job-retention",
        "--as-of",
        "2026-06-30",
    ])
    .args(["--format", "json", "--evidence"])
    .arg(evidence)
    .env("PROFICIENT_HOLD_BYTES", bound);
    for (k, v) in env {
        c.env(k, v);
    }
    let out = c.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

#[test]
fn held_items_written_out_give_the_same_output_and_leave_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let evidence = dir.path().join("w.csv");
    let made = Command::new(env!("CARGO_BIN_EXE_proficient"))
        .args([
            "generate",
            "--framework",
            "job-retention",
            "--items",
            "30000",
        ])
        .args(["--workers", "400", "--format", "csv", "--out"])
        .arg(&evidence)
        .status()
        .unwrap();
    assert!(made.success());
    let tmp = dir.path().join("tmp");
    std::fs::create_dir(&tmp).unwrap();
    let want = score(&evidence, &[], "18446744073709551615");
    assert!(String::from_utf8_lossy(&want).contains("conflicting_id"));
    let got = score(&evidence, &[("PROFICIENT_TMPDIR", &tmp)], "20000");
    assert!(got == want, "output differs with a 20 kB bound");
    assert_eq!(std::fs::read_dir(&tmp).unwrap().count(), 0);
    let nowhere = dir.path().join("no-such-directory");
    let got = score(&evidence, &[("PROFICIENT_TMPDIR", &nowhere)], "20000");
    assert!(got == want, "output differs with no files");
}
