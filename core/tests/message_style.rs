//! Every message follows docs/errors.md, including those written by the
//! parsers underneath (the YAML scanner, serde_json, the csv crate): every
//! text input of the corpora is mutated (cut short, a byte deleted, a
//! syntax character, a bad escape or a tag inserted, lines repeated or
//! swapped), read as its kind, and every message of every error must pass
//! the style rules (`corpus::style_problem`).

#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use std::collections::BTreeMap;

mod corpus;
use corpus::{inputs, read_result, root, style_problem, Kind};

/// A fixed pseudo-random sequence (xorshift), so that failures repeat.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

const INSERTS: &[&str] = &[
    "\"",
    "'",
    ":",
    ",",
    "[",
    "]",
    "{",
    "}",
    "\t",
    "\\",
    "&a ",
    "*a",
    "!",
    "%",
    "@",
    "`",
    "|",
    ">",
    "- ",
    "? ",
    "#",
    "\n",
    " ",
    "x",
    "0",
    ".",
    "e",
    "\u{7f}",
    "é",
    "\\u12",
    "\\x",
    "!!binary ",
    "!custom ",
    "{{",
    "]]",
    "\"\"",
    ": :",
    "\u{0}",
    "\r",
    "\\\"",
    "---\n",
    "...\n",
    "&",
    "*",
    "1e999",
    "-",
    "+",
    "nan",
    "0x",
    "\u{feff}",
];

/// The mutations of `bytes`, `n` of them.
fn mutations(bytes: &[u8], rng: &mut Rng, n: usize) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let lines: Vec<&[u8]> = bytes.split_inclusive(|&b| b == b'\n').collect();
    for _ in 0..n {
        let at = rng.below(bytes.len() + 1);
        let (name, m) = match rng.below(6) {
            0 => (format!("cut at byte {at}"), bytes[..at].to_vec()),
            1 if at < bytes.len() => (
                format!("byte {at} deleted"),
                [&bytes[..at], &bytes[at + 1..]].concat(),
            ),
            2 | 1 => {
                let s = INSERTS[rng.below(INSERTS.len())];
                (
                    format!("{s:?} inserted at byte {at}"),
                    [&bytes[..at], s.as_bytes(), &bytes[at..]].concat(),
                )
            }
            3 if !lines.is_empty() => {
                let i = rng.below(lines.len());
                let mut ls = lines.clone();
                ls.insert(i, lines[i.min(lines.len().saturating_sub(1))]);
                (format!("line {} repeated", i + 1), ls.concat())
            }
            4 if lines.len() > 1 => {
                let i = rng.below(lines.len() - 1);
                let mut ls = lines.clone();
                ls.swap(i, i + 1);
                (
                    format!("lines {} and {} swapped", i + 1, i + 2),
                    ls.concat(),
                )
            }
            _ => {
                // A quote or bracket inside the text of a line.
                let i = rng.below(lines.len());
                let line = lines.get(i).copied().unwrap_or(b"");
                let cut = rng.below(line.len() + 1);
                let s = ["\"", "[", "{", "'"][rng.below(4)];
                let mut ls = lines.clone();
                let changed = [&line[..cut], s.as_bytes(), &line[cut..]].concat();
                if let Some(l) = ls.get_mut(i) {
                    *l = &changed;
                }
                (format!("{s:?} at line {} byte {cut}", i + 1), ls.concat())
            }
        };
        out.push((name, m));
    }
    out
}

/// A message with its quoted input and numbers blanked, to group failures.
fn shape(message: &str) -> String {
    let mut out = String::new();
    for (i, part) in message.split('`').enumerate() {
        if i % 2 == 1 {
            out.push_str("`…`");
        } else {
            out.extend(
                part.chars()
                    .map(|c| if c.is_ascii_digit() { '0' } else { c }),
            );
        }
    }
    out
}

#[test]
fn every_message_of_every_parser_follows_the_style_guide() {
    let dir = tempfile::tempdir().unwrap();
    let mut inputs = inputs();
    let policy = dir.path().join("seed-policy.yaml");
    std::fs::write(
        &policy,
        "# overrides\nhalf_life_days: 365\nmax_age_days: null\nmin_items: 2\nmin_coverage: 0.5\nkind_weights:\n  observation: 1.0\n  interview: 0.5\n",
    )
    .unwrap();
    inputs.push((policy, Kind::Policy));
    // More mutations, or another sequence, by hand: STYLE_MUTATIONS=200 STYLE_SEED=7.
    let per_file: usize = std::env::var("STYLE_MUTATIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(24);
    let seed: u64 = std::env::var("STYLE_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1);
    let mut rng = Rng(0x2026_0000 + seed);
    // Failures by message shape: (problem, message, input and mutation).
    let mut failures: BTreeMap<String, (String, String, String)> = BTreeMap::new();
    let (mut reads, mut messages) = (0usize, 0usize);
    for (path, kind) in &inputs {
        let bytes = std::fs::read(path).unwrap();
        let name = path.file_name().unwrap();
        for (mutation, text) in mutations(&bytes, &mut rng, per_file) {
            let copy = dir.path().join(name);
            std::fs::write(&copy, &text).unwrap();
            reads += 1;
            let Err(ds) = read_result(&copy, kind) else {
                continue;
            };
            for d in ds {
                messages += 1;
                if let Some(problem) = style_problem(&d.message) {
                    failures.entry(shape(&d.message)).or_insert_with(|| {
                        (
                            problem.to_string(),
                            d.message.clone(),
                            format!(
                                "{} with {mutation}",
                                path.strip_prefix(root()).unwrap_or(path).display()
                            ),
                        )
                    });
                }
            }
        }
    }
    assert!(
        reads > 5_000 && messages > 3_000,
        "{reads} reads, {messages} messages"
    );
    let report: Vec<String> = failures
        .values()
        .map(|(problem, message, at)| format!("{problem}: {message}\n    ({at})"))
        .collect();
    assert!(
        failures.is_empty(),
        "{} message shapes break docs/errors.md (of {messages} messages from {reads} reads):\n{}",
        failures.len(),
        report.join("\n")
    );
}
