//! The parity corpus (`tests/parity/`) through the command line: each call
//! made with the flags its options name gives, with `--format json`, the
//! same bytes the core's api wrote; a failure gives the exit code of its
//! class and its diagnostics on stderr.
//!
//! Options become flags by one rule: `half_life` → `--half-life VALUE`,
//! `true` → the bare flag, `null` → `none`, a source `{"path": P}` → `P`
//! (as `--flag=VALUE`, so that `-3` is a value).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod support;

use serde_json::Value;

/// The command-line arguments of a call.
fn args(operation: &str, options: &serde_json::Map<String, Value>) -> Vec<String> {
    let mut args = vec![operation.replace('_', "-")];
    for (key, value) in options {
        if POSITIONAL.contains(&(operation, key.as_str())) {
            match value {
                Value::Array(values) => {
                    args.extend(values.iter().map(|v| v.as_str().unwrap().to_string()));
                }
                _ => args.push(value.as_str().unwrap().to_string()),
            }
            continue;
        }
        let flag = format!("--{}", key.replace('_', "-"));
        match value {
            Value::Bool(true) => args.push(flag),
            Value::Bool(false) => {}
            Value::Null => args.push(format!("{flag}=none")),
            Value::String(s) => args.push(format!("{flag}={s}")),
            Value::Number(n) => args.push(format!("{flag}={n}")),
            Value::Array(values) => {
                let list: Vec<&str> = values.iter().map(|v| v.as_str().unwrap()).collect();
                args.push(format!("{flag}={}", list.join(",")));
            }
            Value::Object(o) if o.contains_key("path") => {
                args.push(format!("{flag}={}", o["path"].as_str().unwrap()));
            }
            other => panic!("no flag for `{key}`: {other}"),
        }
    }
    if FILE.contains(&operation) {
        return args;
    }
    if !HTML.contains(&operation) && !JSON_ONLY.contains(&operation) {
        args.extend(["--format".into(), "json".into()]);
    }
    args
}

/// Options given as positional arguments.
const POSITIONAL: &[(&str, &str)] = &[
    ("validate", "files"),
    ("show", "framework"),
    ("export_case", "framework"),
    ("import_case", "package"),
    ("import_sheet", "workbook"),
    ("schema", "name"),
];

/// Operations that write JSON without a `--format` flag.
const JSON_ONLY: &[&str] = &[
    "badge",
    "export_case",
    "import_case",
    "import_sheet",
    "schema",
];

/// Operations that write a file (`--out`, a temporary one when the call
/// names none): the api gives its text as a JSON string.
const FILE: &[&str] = &["generate"];

/// Operations whose result is an HTML page: the api gives it as a JSON
/// string, the CLI writes the page.
const HTML: &[&str] = &["report"];

/// A failure as the CLI writes it on stderr (see `main.rs`).
fn stderr_of(failure: &Value) -> String {
    let finding = failure["class"] == "finding";
    let mut out = String::new();
    for d in failure["errors"].as_array().unwrap() {
        let text = |k: &str| d[k].as_str().unwrap_or_default().to_string();
        let located = || {
            let mut prefix = vec![d["file"].as_str().unwrap_or("<input>").to_string()];
            if let Some(sheet) = d["sheet"].as_str() {
                // A cell as spreadsheets name it: `Levels!D3`.
                let mut cell = sheet.to_string();
                if let (Some(l), Some(c)) = (d["line"].as_u64(), d["column"].as_u64()) {
                    let (mut c, mut letters) = (c, String::new());
                    while c > 0 {
                        letters.insert(0, char::from(b'A' + ((c - 1) % 26) as u8));
                        c = (c - 1) / 26;
                    }
                    cell = format!("{cell}!{letters}{l}");
                }
                prefix.push(cell);
            } else if let Some(l) = d["line"].as_u64() {
                prefix.push(l.to_string());
                if let Some(c) = d["column"].as_u64() {
                    prefix.push(c.to_string());
                }
            }
            let path = text("path");
            let path = if path.is_empty() { path } else { path + ": " };
            format!("{}: {path}{}", prefix.join(":"), text("message"))
        };
        let line = if finding && d["file"].is_string() {
            located()
        } else if finding {
            text("message")
        } else if text("code") == "invalid_option" && !text("path").is_empty() {
            format!(
                "error: --{}: {}",
                text("path").replace('_', "-"),
                text("message")
            )
        } else if d["file"].is_string() {
            format!("error: {}", located())
        } else {
            format!("error: {}", text("message"))
        };
        out += &line;
        out.push('\n');
    }
    out
}

#[test]
fn the_cli_gives_what_the_api_gives() {
    let dir = support::root().join("tests/parity");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    let mut checked = 0;
    for path in paths {
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        let Some(stem) = name.strip_suffix(".json") else {
            continue;
        };
        if stem.ends_with(".expected") || stem.ends_with(".failure") {
            continue;
        }
        let call: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        if call["cli"] == false {
            continue;
        }
        let operation = call["operation"].as_str().unwrap();
        let mut args = args(operation, call["options"].as_object().unwrap());
        let tmp = tempfile::tempdir().unwrap();
        let written = tmp.path().join("written");
        if FILE.contains(&operation) && call["options"].get("out").is_none() {
            args.push(format!("--out={}", written.display()));
        }
        let argv: Vec<&str> = args.iter().map(String::as_str).collect();
        let mut out = support::run(&argv);
        if FILE.contains(&operation) && out.status.success() {
            out.stdout = std::fs::read(&written).unwrap();
        }
        let expected = dir.join(format!("{stem}.expected.json"));
        if call["operation"] == "validate" {
            check_validate(stem, &std::fs::read_to_string(&expected).unwrap(), &out);
        } else if let Ok(mut want) = std::fs::read_to_string(&expected) {
            if HTML.contains(&operation) || FILE.contains(&operation) {
                want = serde_json::from_str(&want).unwrap();
            }
            assert_eq!(
                out.status.code(),
                Some(0),
                "{stem}: {}",
                support::stderr(&out)
            );
            assert!(
                support::stdout(&out) == want,
                "{stem}: output differs from {}",
                expected.display()
            );
        } else {
            let failure: Value = serde_json::from_str(
                &std::fs::read_to_string(dir.join(format!("{stem}.failure.json"))).unwrap(),
            )
            .unwrap();
            let code = if failure["class"] == "finding" { 1 } else { 2 };
            assert_eq!(
                out.status.code(),
                Some(code),
                "{stem}: {}",
                support::stderr(&out)
            );
            assert_eq!(support::stderr(&out), stderr_of(&failure), "{stem}");
            assert_eq!(support::stdout(&out), "", "{stem}");
        }
        checked += 1;
    }
    assert!(checked > 10, "{checked} calls checked");
}

/// `validate --format json` writes the problems of every readable file, one
/// array, and exits with 1 when there are any (2 for an unreadable file).
fn check_validate(stem: &str, expected: &str, out: &std::process::Output) {
    let files: Vec<Value> = serde_json::from_str(expected).unwrap();
    let readable = |f: &&Value| f["readable"] == true;
    let errors: Vec<&Value> = files
        .iter()
        .filter(readable)
        .flat_map(|f| f["errors"].as_array().unwrap())
        .collect();
    let code = if files.iter().any(|f| f["readable"] == false) {
        2
    } else {
        i32::from(!errors.is_empty())
    };
    assert_eq!(out.status.code(), Some(code), "{stem}");
    // The same problems (this test's serde_json orders keys, the CLI's does not).
    let got: Vec<Value> = serde_json::from_str(&support::stdout(out)).unwrap();
    let want: Vec<Value> = errors.into_iter().cloned().collect();
    assert_eq!(got, want, "{stem}");
}

/// Operations with a table and CSV layout (`proficient::present`).
const TABLES: &[&str] = &[
    "score",
    "screen",
    "progress",
    "cpd",
    "cohort",
    "assessors",
    "equality",
    "delphi",
    "show",
    "list",
    "validate",
];

/// Every successful call of the corpus with a table: the CLI's table and
/// CSV are what `api::call_text` gives (the layouts live in the core once).
#[test]
fn the_cli_writes_what_call_text_writes() {
    let dir = support::root().join("tests/parity");
    std::env::set_current_dir(support::root()).unwrap();
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    let mut checked = 0;
    for path in paths {
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        let Some(stem) = name.strip_suffix(".json") else {
            continue;
        };
        let call: Value = match std::fs::read_to_string(&path) {
            Ok(text) if !stem.contains('.') => serde_json::from_str(&text).unwrap(),
            _ => continue,
        };
        let operation = call["operation"].as_str().unwrap();
        if call["cli"] == false
            || !TABLES.contains(&operation)
            || !dir.join(format!("{stem}.expected.json")).exists()
        {
            continue;
        }
        let options = call["options"].as_object().unwrap();
        for format in ["table", "csv"] {
            let mut args = args(operation, options);
            args.truncate(args.len() - 2);
            args.extend(["--format".into(), format.into()]);
            if operation == "list" && format == "csv" {
                continue;
            }
            let argv: Vec<&str> = args.iter().map(String::as_str).collect();
            let out = support::run(&argv);
            let want = proficient::api::call_text(
                operation,
                &serde_json::to_string(options).unwrap(),
                &format!(r#"{{"format": "{format}"}}"#),
            )
            .unwrap();
            assert!(
                support::stdout(&out) == want,
                "{stem} --format {format}: the CLI wrote\n{}\ncall_text gives\n{want}",
                support::stdout(&out)
            );
            checked += 1;
        }
    }
    assert!(checked > 20, "{checked} calls checked");
}
