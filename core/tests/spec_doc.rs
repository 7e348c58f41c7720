//! The scoring policy's specification, `docs/scoring.md`, is in the
//! repository and stays true to it: no file cites a design document that
//! is not in the repository, every test vector and every repository path
//! the specification names exists, every worked example links a vector,
//! and the limits it states are the code's.

#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use std::path::{Path, PathBuf};

use proficient::ranges::{LEVEL_EPSILON, RESOLUTION_BITS, THRESHOLD_STEP, WEIGHT_MAX, WEIGHT_MIN};

/// The name of the design document (written in two halves so that this
/// file does not cite it).
const DESIGN: &str = concat!("DESIGN", ".md");

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .canonicalize()
        .unwrap()
}

fn spec() -> String {
    std::fs::read_to_string(root().join("docs/scoring.md")).expect("docs/scoring.md exists")
}

/// Characters of a path as files cite one.
fn is_path_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '/' | '_' | '-')
}

/// The repository's files, relative to its root: what git tracks plus new
/// files it does not ignore, or (without git, e.g. in a source archive)
/// every file outside build and tool directories.
fn repository_files() -> Vec<PathBuf> {
    let root = root();
    let git = std::process::Command::new("git")
        .args([
            "ls-files",
            "-z",
            "--cached",
            "--others",
            "--exclude-standard",
        ])
        .current_dir(&root)
        .output();
    if let Ok(out) = git {
        if out.status.success() && !out.stdout.is_empty() {
            return out
                .stdout
                .split(|b| *b == 0)
                .filter(|p| !p.is_empty())
                .map(|p| PathBuf::from(String::from_utf8_lossy(p).into_owned()))
                .collect();
        }
    }
    let mut files = Vec::new();
    let mut dirs = vec![PathBuf::new()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(root.join(&dir)).unwrap().flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let rel = dir.join(&name);
            let kind = entry.file_type().unwrap();
            if kind.is_dir() {
                let skip = name.starts_with('.')
                    || matches!(
                        name.as_str(),
                        "target" | "node_modules" | "__pycache__" | "pkg" | "dist"
                    );
                if !skip {
                    dirs.push(rel);
                }
            } else if kind.is_file() {
                files.push(rel);
            }
        }
    }
    files
}

/// The path cited where `at` (a byte offset of `text`) starts a citation
/// of `name`: the path characters before it, and the name.
fn cited_path(text: &str, at: usize, name: &str) -> String {
    let before = &text[..at];
    let start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| is_path_char(*c))
        .last()
        .map_or(at, |(i, _)| i);
    format!("{}{name}", &text[start..at])
}

#[test]
fn no_file_cites_a_design_document_missing_from_the_repository() {
    let root = root();
    let files = repository_files();
    assert!(
        files.iter().any(|f| f == Path::new("docs/scoring.md")),
        "the file list has docs/scoring.md"
    );
    let mut problems = Vec::new();
    for file in &files {
        // Binary files and files that are not UTF-8 cite nothing.
        let Ok(text) = std::fs::read_to_string(root.join(file)) else {
            continue;
        };
        for (at, _) in text.match_indices(DESIGN) {
            let cited = cited_path(&text, at, DESIGN);
            let relative = cited.trim_start_matches('/');
            let here = file.parent().unwrap_or(Path::new("")).join(relative);
            if !(root.join(relative).is_file() || root.join(&here).is_file()) {
                let line = text[..at].matches('\n').count() + 1;
                problems.push(format!(
                    "{}:{line}: cites `{cited}`, which is not in the repository \
                     (the scoring policy is docs/scoring.md)",
                    file.display()
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Every `tests/vectors/...` path of the specification (link targets and
/// text alike), as a path relative to the repository root.
fn vector_paths(spec: &str) -> Vec<String> {
    spec.match_indices("tests/vectors/")
        .map(|(at, prefix)| {
            let rest: String = spec[at + prefix.len()..]
                .chars()
                .take_while(|c| is_path_char(*c))
                .collect();
            format!("{prefix}{}", rest.trim_end_matches('.'))
        })
        .collect()
}

#[test]
fn every_vector_the_specification_names_exists() {
    let spec = spec();
    let root = root();
    let paths = vector_paths(&spec);
    let vectors: Vec<&String> = paths
        .iter()
        .filter(|p| p.matches('/').count() >= 3)
        .collect();
    assert!(
        vectors.len() >= 20,
        "docs/scoring.md links its worked examples' vectors (found {})",
        vectors.len()
    );
    let missing: Vec<&String> = paths
        .iter()
        .filter(|p| !root.join(p.as_str()).exists())
        .collect();
    assert!(
        missing.is_empty(),
        "docs/scoring.md names vectors or files that do not exist: {missing:?}"
    );
    // A case is a folder with its case file.
    for p in &vectors {
        let folder = p.split('/').take(3).collect::<Vec<_>>().join("/");
        let dir = root.join(&folder);
        assert!(
            dir.join("case.json").is_file() || dir.join("case.progress.json").is_file(),
            "{folder} has no case.json or case.progress.json"
        );
    }
    // Vector folders named in backticks without a path exist too.
    for name in spec.split('`').skip(1).step_by(2) {
        let numbered = name.len() > 3
            && name.as_bytes()[..2].iter().all(u8::is_ascii_digit)
            && name.as_bytes()[2] == b'-';
        let analysis = ["progress-", "cohort-", "equality-", "delphi-"]
            .iter()
            .any(|p| {
                name.starts_with(p) && name[p.len()..].starts_with(|c: char| c.is_ascii_digit())
            });
        if numbered || analysis {
            assert!(
                root.join("tests/vectors").join(name).is_dir(),
                "docs/scoring.md names vector `{name}`, which is not in tests/vectors"
            );
        }
    }
}

#[test]
fn every_worked_example_links_a_vector() {
    let spec = spec();
    let mut examples = 0;
    let mut paragraph: Vec<&str> = Vec::new();
    for line in spec.lines().chain(std::iter::once("")) {
        if line.starts_with('>') {
            paragraph.push(line);
            continue;
        }
        let text = paragraph.join("\n");
        if text.contains("**Worked example") {
            examples += 1;
            assert!(
                text.contains("](../tests/vectors/"),
                "a worked example without a link to its vector:\n{text}"
            );
        }
        paragraph.clear();
    }
    assert!(examples >= 20, "found {examples} worked examples");
}

#[test]
fn every_repository_path_the_specification_names_exists() {
    let spec = spec();
    let root = root();
    let tops = [
        "core/", "cli/", "python/", "wasm/", "tests/", "bench/", "scripts/", "docs/",
    ];
    let mut missing = Vec::new();
    for quoted in spec.split('`').skip(1).step_by(2) {
        let path = quoted.split_whitespace().next().unwrap_or("");
        if tops.iter().any(|t| path.starts_with(t))
            && path.chars().all(is_path_char)
            && !root.join(path).exists()
        {
            missing.push(path.to_string());
        }
    }
    assert!(
        missing.is_empty(),
        "docs/scoring.md names paths that do not exist (moved? update its last table): {missing:?}"
    );
}

#[test]
fn the_limits_the_specification_states_are_the_codes() {
    let spec = spec();
    let stated = [
        (LEVEL_EPSILON, "1e-9", "`threshold ≤ score + 1e-9`"),
        (THRESHOLD_STEP, "0.000001", "at least 0.000001"),
        (WEIGHT_MIN, "0.001", "between 0.001 and 1000"),
        (WEIGHT_MAX, "1000", "between 0.001 and 1000"),
    ];
    for (value, text, phrase) in stated {
        assert_eq!(
            value,
            text.parse::<f64>().unwrap(),
            "{text} changed in the code"
        );
        assert!(
            spec.contains(phrase),
            "docs/scoring.md does not say {phrase}"
        );
    }
    let resolution = format!("below 2^-{RESOLUTION_BITS} of the heaviest kind weight");
    assert!(
        spec.contains(&resolution),
        "docs/scoring.md does not say `{resolution}`"
    );
}
