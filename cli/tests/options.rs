//! Every documented option is run: this test walks the command tree as the
//! binary itself describes it (`--help` of every subcommand) and fails when a
//! subcommand, a flag, or a value of an enumerated flag (`--format csv`) is
//! never used by a scenario in `tests/cmd/*.toml`. Adding a flag without a
//! case therefore fails CI.

#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

/// What `--help` says a command accepts.
#[derive(Default, Debug)]
struct Described {
    /// Long flags (`--format`), without `--help` and `--version`.
    flags: BTreeSet<String>,
    /// Possible values of enumerated flags (`--format` → table, json, csv).
    values: BTreeMap<String, Vec<String>>,
}

fn help(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_proficient"))
        .args(args)
        .env("COLUMNS", "1000")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "`proficient {}` failed",
        args.join(" ")
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The lines of one section (`Commands:`, `Options:`) of a help text.
fn section<'a>(text: &'a str, title: &str) -> Vec<&'a str> {
    text.lines()
        .skip_while(|l| l.trim() != title)
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .collect()
}

fn subcommands() -> Vec<String> {
    section(&help(&["--help"]), "Commands:")
        .iter()
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .map(str::to_string)
        .collect()
}

fn describe(sub: &str) -> Described {
    let mut d = Described::default();
    // `-h` lists enumerated values inline, `[possible values: table, json, csv]`,
    // on the flag's line or, when clap wraps, on the line after it.
    let mut current: Option<String> = None;
    for line in section(&help(&[sub, "-h"]), "Options:") {
        if line.trim_start().starts_with('-') {
            current = line
                .split_whitespace()
                .find(|w| w.starts_with("--"))
                .map(|w| w.trim_end_matches(',').to_string())
                .filter(|f| f != "--help" && f != "--version");
            if let Some(flag) = &current {
                d.flags.insert(flag.clone());
            }
        }
        if let (Some(flag), Some(rest)) = (&current, line.split("[possible values: ").nth(1)) {
            let list = rest.split(']').next().unwrap_or("");
            d.values.insert(
                flag.clone(),
                list.split(", ").map(|v| v.trim().to_string()).collect(),
            );
        }
    }
    d
}

/// Every case's arguments: `args = [...]` of each `tests/cmd/*.toml`.
fn cases() -> Vec<(String, Vec<String>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cmd");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("toml") {
            continue;
        }
        let doc: toml::Table = std::fs::read_to_string(&path).unwrap().parse().unwrap();
        let args = match doc.get("args") {
            Some(toml::Value::Array(a)) => {
                a.iter().map(|v| v.as_str().unwrap().to_string()).collect()
            }
            Some(toml::Value::String(s)) => s.split_whitespace().map(str::to_string).collect(),
            _ => Vec::new(),
        };
        out.push((
            path.file_name().unwrap().to_string_lossy().into_owned(),
            args,
        ));
    }
    out.sort();
    out
}

/// (subcommand, flag) pairs the cases use.
type Flags = BTreeSet<(String, String)>;
/// (subcommand, flag, value) triples the cases use.
type Values = BTreeSet<(String, String, String)>;

/// The flags and values the cases use.
fn used() -> (Flags, Values) {
    let mut flags = BTreeSet::new();
    let mut values = BTreeSet::new();
    for (_, args) in cases() {
        let Some(sub) = args.first().cloned() else {
            continue;
        };
        let mut i = 1;
        while i < args.len() {
            let arg = &args[i];
            if let Some(long) = arg.strip_prefix("--") {
                let (flag, value) = match long.split_once('=') {
                    Some((f, v)) => (format!("--{f}"), Some(v.to_string())),
                    None => (format!("--{long}"), args.get(i + 1).cloned()),
                };
                if let Some(v) = value {
                    values.insert((sub.clone(), flag.clone(), v));
                }
                flags.insert((sub.clone(), flag));
            }
            i += 1;
        }
    }
    (flags, values)
}

#[test]
fn every_subcommand_flag_and_value_is_run_by_a_case() {
    let subs = subcommands();
    assert!(
        subs.len() >= 10,
        "only {} subcommands found: {subs:?}",
        subs.len()
    );
    let run: BTreeSet<String> = cases()
        .into_iter()
        .filter_map(|(_, a)| a.first().cloned())
        .collect();
    let (flags, values) = used();
    let mut missing = Vec::new();
    let mut described_flags = 0;
    for sub in &subs {
        if !run.contains(sub) {
            missing.push(format!("`proficient {sub}` is never run"));
        }
        let d = describe(sub);
        described_flags += d.flags.len();
        for flag in &d.flags {
            if !flags.contains(&(sub.clone(), flag.clone())) {
                missing.push(format!("`proficient {sub} {flag}` is never run"));
            }
        }
        for (flag, list) in &d.values {
            for v in list {
                if !values.contains(&(sub.clone(), flag.clone(), v.clone())) {
                    missing.push(format!("`proficient {sub} {flag} {v}` is never run"));
                }
            }
        }
    }
    assert!(
        described_flags >= 50,
        "only {described_flags} flags found in the help texts"
    );
    assert!(
        missing.is_empty(),
        "add a case in cli/tests/cmd/ for each of these ({}):\n{}",
        missing.len(),
        missing.join("\n")
    );
}

#[test]
fn the_top_level_help_and_version_are_cases_too() {
    let all: Vec<Vec<String>> = cases().into_iter().map(|(_, a)| a).collect();
    for flag in ["--help", "--version"] {
        assert!(
            all.iter()
                .any(|a| a.first().map(String::as_str) == Some(flag)),
            "no case runs `proficient {flag}`"
        );
    }
}

/// A flag left out is left to the core's default: the help of every flag
/// whose option has a default in `schemas/<command>-options.schema.json`
/// says which (`default 0.05`, ``default `competent` ``).
#[test]
fn the_help_says_the_defaults_the_core_applies() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut checked = 0;
    for command in [
        "score", "screen", "progress", "cpd", "report", "cohort", "equality", "delphi", "badge",
        "generate",
    ] {
        let schema = root.join(format!("schemas/{command}-options.schema.json"));
        let schema: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(schema).unwrap()).unwrap();
        let text = help(&[command, "--help"]);
        for (option, property) in schema["properties"].as_object().unwrap() {
            let value = match &property["default"] {
                serde_json::Value::Null => continue,
                serde_json::Value::String(s) => s.clone(),
                v => v.to_string(),
            };
            if value == "false" {
                continue;
            }
            let flag = format!("--{} <", option.replace('_', "-"));
            let at = text
                .find(&flag)
                .unwrap_or_else(|| panic!("{command}: no {flag}"));
            let said = text[at..].split("\n\n").take(2).collect::<String>();
            assert!(
                said.contains(&format!("default {value}"))
                    || said.contains(&format!("default `{value}`")),
                "`proficient {command} --help` does not say {option}'s default {value}:\n{said}"
            );
            checked += 1;
        }
    }
    assert!(checked >= 10, "{checked}");
}
