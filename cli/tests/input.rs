//! Reading input from the command line as users give it: through real
//! pipes, `-` for standard input, FIFOs, devices and endless streams,
//! files from Excel (CRLF) or Windows tools (UTF-16), and files with so
//! many problems that the list must be cut.

#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use std::io::Write;
use std::process::{Command, Output, Stdio};

mod support;
use support::{root, stderr, stdout};

use serde_json::Value;

fn command(args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_proficient"));
    c.args(args).current_dir(root());
    c
}

fn run(args: &[&str]) -> Output {
    command(args).output().unwrap()
}

/// Runs with `input` written to standard input through a pipe (by a
/// second thread, so that a command that stops reading early ends the
/// writing with a broken pipe, as a shell pipeline would).
fn run_piped(args: &[&str], input: impl FnOnce(&mut dyn Write) + Send + 'static) -> Output {
    let mut child = command(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || input(&mut stdin));
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    out
}

const DEMO: &str = "examples/job-retention-evidence.csv";

fn score_args<'a>(evidence: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "score",
        "--framework",
        "job-retention",
        "--evidence",
        evidence,
        "--as-of",
        "2026-06-30",
        "--format",
        "json",
    ];
    args.extend_from_slice(extra);
    args
}

/// The demo evidence as JSON Lines and as a JSON array.
fn demo_as_json() -> (String, String) {
    let text = std::fs::read_to_string(root().join(DEMO)).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let mut rows = Vec::new();
    let mut reader = csv_rows(&text);
    reader.remove(0);
    for fields in reader {
        let mut m = serde_json::Map::new();
        for (h, v) in header.iter().zip(fields) {
            if !v.is_empty() {
                m.insert((*h).to_string(), Value::String(v));
            }
        }
        rows.push(Value::Object(m));
    }
    let jsonl: Vec<String> = rows.iter().map(Value::to_string).collect();
    (jsonl.join("\n") + "\n", Value::Array(rows).to_string())
}

/// A minimal CSV splitter for the demo file (quoted fields without line breaks).
fn csv_rows(text: &str) -> Vec<Vec<String>> {
    text.lines()
        .map(|line| {
            let mut fields = Vec::new();
            let mut field = String::new();
            let mut quoted = false;
            let mut chars = line.chars().peekable();
            while let Some(c) = chars.next() {
                match (c, quoted) {
                    ('"', true) if chars.peek() == Some(&'"') => {
                        field.push('"');
                        chars.next();
                    }
                    ('"', _) => quoted = !quoted,
                    (',', false) => fields.push(std::mem::take(&mut field)),
                    (c, _) => field.push(c),
                }
            }
            fields.push(field);
            fields
        })
        .collect()
}

#[test]
fn evidence_from_a_pipe_scores_as_the_file_does() {
    let dir = tempfile::tempdir().unwrap();
    let csv = std::fs::read(root().join(DEMO)).unwrap();
    let (jsonl, json) = demo_as_json();
    let cases: Vec<(&str, &str, Vec<&str>, Vec<u8>)> = vec![
        ("csv", "-", vec![], csv.clone()),
        ("csv", "/dev/stdin", vec![], csv.clone()),
        ("csv", "-", vec!["--evidence-format", "csv"], csv),
        ("jsonl", "-", vec![], jsonl.clone().into_bytes()),
        (
            "jsonl",
            "-",
            vec!["--evidence-format", "jsonl"],
            jsonl.into_bytes(),
        ),
        ("json", "-", vec![], json.clone().into_bytes()),
        (
            "json",
            "/dev/stdin",
            vec!["--evidence-format", "json"],
            json.into_bytes(),
        ),
    ];
    for (ext, evidence, extra, bytes) in cases {
        let file = dir.path().join(format!("evidence.{ext}"));
        std::fs::write(&file, &bytes).unwrap();
        let want = run(&score_args(file.to_str().unwrap(), &[]));
        assert_eq!(want.status.code(), Some(0), "{}", stderr(&want));
        let o = run_piped(&score_args(evidence, &extra), move |w| {
            // In small pieces, as a slow producer writes.
            for chunk in bytes.chunks(777) {
                w.write_all(chunk).unwrap();
            }
        });
        assert_eq!(
            o.status.code(),
            Some(0),
            "{evidence} {extra:?}: {}",
            stderr(&o)
        );
        assert_eq!(stdout(&o), stdout(&want), "{ext} from {evidence} {extra:?}");
    }
}

#[test]
fn evidence_from_a_fifo_is_read_once() {
    let dir = tempfile::tempdir().unwrap();
    let want = run(&score_args(DEMO, &[]));
    for name in ["evidence.csv", "evidence-fifo"] {
        let fifo = dir.path().join(name);
        let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
        assert!(made.success());
        let writer = {
            let fifo = fifo.clone();
            std::thread::spawn(move || {
                let bytes = std::fs::read(root().join(DEMO)).unwrap();
                std::fs::OpenOptions::new()
                    .write(true)
                    .open(&fifo)
                    .unwrap()
                    .write_all(&bytes)
                    .unwrap();
            })
        };
        let o = run(&score_args(fifo.to_str().unwrap(), &[]));
        writer.join().unwrap();
        assert_eq!(o.status.code(), Some(0), "{name}: {}", stderr(&o));
        assert_eq!(stdout(&o), stdout(&want), "{name}");
    }
}

#[test]
fn parquet_from_a_pipe_is_refused_with_advice() {
    let o = run_piped(&score_args("-", &["--evidence-format", "parquet"]), |w| {
        let _ = w.write_all(b"PAR1");
    });
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("<stdin>: Parquet evidence from a pipe, expected a file"),
        "{}",
        stderr(&o)
    );
    let o = run(&score_args(DEMO, &["--evidence-format", "yaml"]));
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("invalid value 'yaml' for '--evidence-format")
            && stderr(&o).contains("[possible values: csv, jsonl, json, parquet, xlsx]"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn other_inputs_read_standard_input_too() {
    let fw = std::fs::read(root().join("frameworks/job-retention.yaml")).unwrap();
    let o = run_piped(&["validate", "-"], move |w| w.write_all(&fw).unwrap());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stderr(&o), "<stdin>: ok (framework)\n");
    let o = run_piped(&["validate", "-"], |w| {
        w.write_all(b"id: x\ntitle: [\n").unwrap()
    });
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).starts_with("<stdin>:3:1: "), "{}", stderr(&o));
    let people = std::fs::read(root().join("examples/staff-cpd.csv")).unwrap();
    let o = run_piped(
        &[
            "equality",
            "--people",
            "-",
            "--group",
            "wres_group",
            "--outcome",
            "accessed_cpd",
            "--format",
            "json",
        ],
        move |w| w.write_all(&people).unwrap(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

/// Every input that is read whole, given a device that never ends: refused
/// at its first bytes (NUL bytes: binary), instead of reading on.
#[test]
fn dev_zero_is_refused_as_every_input() {
    let zero = "/dev/zero";
    let cases: Vec<Vec<&str>> = vec![
        vec!["validate", zero],
        vec!["show", zero],
        vec!["export-case", zero],
        vec!["import-case", zero],
        vec!["score", "--framework", zero, "--evidence", DEMO],
        vec!["score", "--framework", "job-retention", "--evidence", zero],
        vec![
            "score",
            "--framework",
            "job-retention",
            "--evidence",
            zero,
            "--evidence-format",
            "json",
        ],
        vec![
            "score",
            "--framework",
            "job-retention",
            "--evidence",
            DEMO,
            "--policy",
            zero,
        ],
        vec!["screen", "--profile", zero, "--evidence", DEMO],
        vec![
            "progress",
            "--framework",
            "job-retention",
            "--plans",
            zero,
            "--evidence",
            DEMO,
        ],
        vec!["cpd", "--framework", "job-retention", "--cpd", zero],
        vec![
            "equality",
            "--people",
            zero,
            "--group",
            "g",
            "--outcome",
            "o",
        ],
        vec!["delphi", "--ratings", zero],
        vec![
            "delphi",
            "--ratings",
            "examples/delphi-ratings.csv",
            "--items",
            zero,
        ],
        vec![
            "badge",
            "--framework",
            "job-retention",
            "--evidence",
            DEMO,
            "--worker",
            "w",
            "--competency",
            "c",
            "--issuer",
            zero,
        ],
    ];
    for args in cases {
        let started = std::time::Instant::now();
        let o = run(&args);
        let err = stderr(&o);
        assert!(
            o.status.code() == Some(1) || o.status.code() == Some(2),
            "{args:?}: {err}"
        );
        assert!(
            err.contains("NUL byte, expected UTF-8 text (is this a binary file?)"),
            "{args:?}: {err}"
        );
        // Refused at the first bytes: nowhere near a limit of 256 MiB.
        assert!(started.elapsed().as_secs() < 30, "{args:?}");
    }
}

/// An endless text stream is cut at the limit of files read whole (256
/// MiB), counted as it is read: the pipe's writer sees it broken.
#[test]
fn endless_streams_stop_at_the_limit() {
    let endless = |unit: &'static [u8], head: &'static [u8]| {
        move |w: &mut dyn Write| {
            let block = unit.repeat((1 << 16) / unit.len().max(1));
            if w.write_all(head).is_err() {
                return;
            }
            while w.write_all(&block).is_ok() {}
        }
    };
    let message = "input is more than 268435456 bytes, expected at most 268435456 bytes";
    let o = run_piped(
        &["validate", "-"],
        endless(b"# a comment line\n", b"id: x\n"),
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(stderr(&o), format!("<stdin>: {message}\n"));
    let o = run_piped(
        &[
            "equality",
            "--people",
            "-",
            "--group",
            "g",
            "--outcome",
            "o",
        ],
        endless(b"a,yes\n", b"g,o\n"),
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(stderr(&o), format!("<stdin>: {message}\n"));
    let o = run_piped(
        &score_args("-", &[]),
        endless(b"{\"worker\": \"w\"}, ", b"["),
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(
        stderr(&o),
        "<stdin>: JSON evidence of more than 268435456 bytes, expected at most 268435456 bytes in one array (use JSON Lines or CSV for more, which are read as a stream)\n"
    );
}

#[test]
fn a_quoted_field_over_many_short_lines_is_bounded() {
    // 300 MB in a quoted field of short lines would be held whole: the
    // record is refused once it passes 1 MiB.
    let o = run_piped(&score_args("-", &[]), |w| {
        if w.write_all(b"worker,criterion,kind,date,note\nw1,k1,observation,2024-01-01,\"")
            .is_err()
        {
            return;
        }
        let block = b"short line\n".repeat(1 << 12);
        for _ in 0..(300 << 20) / block.len() {
            if w.write_all(&block).is_err() {
                return;
            }
        }
    });
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(
        stderr(&o),
        "<stdin>:2: quoted field running over lines for more than 1048576 bytes, expected at most 1048576 bytes per record (is a closing `\"` missing?)\n"
    );
}

#[test]
fn crlf_and_cr_files_report_the_lines_of_the_lf_file() {
    let dir = tempfile::tempdir().unwrap();
    let lf = "worker,criterion,kind,date,value\nw1,k2.legislation-facts,interview,2024-01-10,4\nw1,k2.legislation-facts,interview,2024-02-30,4\nw2,k2.legislation-facts,no-such-kind,2024-01-10,4\n";
    let mut errors = Vec::new();
    let mut rejected = Vec::new();
    for (name, ending) in [("lf.csv", "\n"), ("crlf.csv", "\r\n"), ("cr.csv", "\r")] {
        let path = dir.path().join(name);
        std::fs::write(&path, lf.replace('\n', ending)).unwrap();
        let o = run(&score_args(path.to_str().unwrap(), &[]));
        assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
        errors.push(stderr(&o).replace(path.to_str().unwrap(), "FILE"));
        // Without the bad date: the rejected row's line.
        let fixed = lf.replace("2024-02-30", "2024-02-28").replace('\n', ending);
        std::fs::write(&path, fixed).unwrap();
        let o = run(&score_args(path.to_str().unwrap(), &[]));
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
        rejected.push(v["rejected"].clone());
    }
    assert!(
        errors[0].starts_with("FILE:3:4: date: `2024-02-30`"),
        "{}",
        errors[0]
    );
    assert_eq!(errors[1], errors[0]);
    assert_eq!(errors[2], errors[0]);
    assert_eq!(rejected[0][0]["line"], 4, "{}", rejected[0]);
    assert_eq!(rejected[1], rejected[0]);
    assert_eq!(rejected[2], rejected[0]);
}

#[test]
fn utf16_without_a_byte_order_mark_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("evidence.csv");
    let text = "worker,criterion,kind,date\nw1,k1,observation,2024-01-01\n";
    std::fs::write(
        &path,
        text.bytes().flat_map(|b| [b, 0]).collect::<Vec<u8>>(),
    )
    .unwrap();
    let o = run(&score_args(path.to_str().unwrap(), &[]));
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).ends_with(":1:1: file is UTF-16 encoded (little-endian, without a byte-order mark), expected UTF-8 (save it as UTF-8)\n"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn error_floods_stop_at_100_problems_and_one_line() {
    let dir = tempfile::tempdir().unwrap();
    // A header of 102 unknown columns besides the required ones.
    let mut header = String::from("worker,criterion,kind,date");
    for i in 0..102 {
        header += &format!(",extra{i}");
    }
    let path = dir.path().join("wide.csv");
    std::fs::write(&path, header + "\n").unwrap();
    let o = run(&score_args(path.to_str().unwrap(), &[]));
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 101, "{err}");
    assert_eq!(
        err.lines()
            .filter(|l| l.contains("more than 100 problems"))
            .count(),
        1,
        "{err}"
    );
    // 500 KB of empty column names: 250,000 problems, 101 lines.
    let path = dir.path().join("empty-names.csv");
    std::fs::write(&path, ",".repeat(500_000) + "\n").unwrap();
    let o = run(&score_args(path.to_str().unwrap(), &[]));
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 101);
    assert!(
        err.lines()
            .last()
            .unwrap()
            .contains("more than 100 problems, stopped reading"),
        "{err}"
    );
    // A framework with 150 invalid ids: the first 100, then how many more.
    let mut fw = String::from("id: mini\ntitle: Mini\nversion: '1'\nsource: {citation: x}\nrating_scale: {min: 1, max: 5}\nlevels: [{id: low, label: Low, threshold: 0}]\nevidence_kinds: [{id: obs, label: O, weight: 1}]\ndomains:\n");
    for i in 0..150 {
        fw += &format!("  - {{id: 'bad id {i}', label: x}}\n");
    }
    fw += "competencies:\n  - id: c1\n    domain: bad id 0\n    statement: s\n    criteria: [{id: c1.a, statement: s, measure: {type: rating}, kinds: [obs]}]\n";
    let path = dir.path().join("fw.yaml");
    std::fs::write(&path, fw).unwrap();
    let o = run(&["validate", path.to_str().unwrap()]);
    let err = stderr(&o);
    assert_eq!(err.lines().count(), 101, "{err}");
    assert!(
        err.lines().last().unwrap().ends_with("more problems found, only the first 100 are listed (fix these and read the file again)"),
        "{err}"
    );
}

/// A CASE package of `n` items under `n / 100` domains, with statements of
/// about `len` characters (UUIDs from a counter: version 4, variant 8).
fn big_package(n: usize, len: usize) -> String {
    let uuid = |i: usize| format!("{:08x}-0000-4000-8000-{:012x}", 0xabc, i);
    let when = "2024-05-01T12:00:00+00:00";
    let words = "the worker plans, carries out and reviews safe, effective practice with the people they support; ";
    let statement = |i: usize| format!("Item {i}: {}", words.repeat(len / words.len() + 1));
    let link = |title: &str, id: &str| serde_json::json!({"title": title, "identifier": id, "uri": format!("https://case.example.org/uri/{id}")});
    let doc_id = uuid(0);
    let document = serde_json::json!({
        "identifier": doc_id, "uri": format!("https://case.example.org/uri/{doc_id}"),
        "creator": "Example Board", "title": "Big Standards", "lastChangeDateTime": when,
        "caseVersion": "1.1", "version": "1.0", "language": "en",
    });
    let domains = (n / 100).max(1);
    let mut items = Vec::new();
    let mut associations = Vec::new();
    for i in 1..=n {
        let id = uuid(i);
        let (parent, title) = if i <= domains {
            (doc_id.clone(), "Big Standards".to_string())
        } else {
            (uuid(1 + (i % domains)), "a domain".to_string())
        };
        items.push(serde_json::json!({
            "identifier": id, "uri": format!("https://case.example.org/uri/{id}"),
            "fullStatement": statement(i), "humanCodingScheme": format!("S.{i}"),
            "CFItemType": if i <= domains { "Domain" } else { "Standard" },
            "lastChangeDateTime": when,
        }));
        let aid = uuid(1_000_000 + i);
        associations.push(serde_json::json!({
            "identifier": aid, "uri": format!("https://case.example.org/uri/{aid}"),
            "associationType": "isChildOf", "sequenceNumber": i,
            "originNodeURI": link("item", &id), "destinationNodeURI": link(&title, &parent),
            "lastChangeDateTime": when,
        }));
    }
    serde_json::json!({"CFDocument": document, "CFItems": items, "CFAssociations": associations})
        .to_string()
}

/// What `import-case` writes, every other command reads: a package of
/// 5,000 items with long statements makes a framework over the 8 MiB the
/// readers used to refuse.
#[test]
fn a_big_imported_framework_validates_shows_and_exports() {
    let dir = tempfile::tempdir().unwrap();
    let package = dir.path().join("big.json");
    std::fs::write(&package, big_package(5_000, 800)).unwrap();
    let fw = dir.path().join("big.yaml");
    let o = run(&[
        "import-case",
        package.to_str().unwrap(),
        "--out",
        fw.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let size = std::fs::metadata(&fw).unwrap().len();
    assert!(size > 8 << 20, "the framework is only {size} bytes");
    let o = run(&["validate", fw.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = run(&["show", fw.to_str().unwrap(), "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let shown: Value = serde_json::from_slice(&o.stdout).unwrap();
    let criteria: usize = shown["competencies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["criteria"].as_array().unwrap().len())
        .sum();
    assert_eq!(criteria, 5_000 - 50);
    let out = dir.path().join("out.json");
    let o = run(&[
        "export-case",
        fw.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = run(&["import-case", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}
