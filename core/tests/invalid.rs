//! Every malformed framework/profile in `tests/invalid/` gives exactly the
//! errors (line, column, path, code, message) its `.expected.json` lists.

#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use std::path::Path;

use proficient::{Framework, LoadError, Profile};
use serde_json::{json, Value};

fn load(kind: &str, bytes: &[u8]) -> Result<(), LoadError> {
    let text = proficient::text::decode(bytes).map_err(|(location, error)| LoadError::Syntax {
        file: None,
        location,
        error,
    })?;
    match kind {
        "profile" => Profile::from_yaml_str_shipped(text).map(|_| ()),
        _ => Framework::from_yaml_str(text).map(|_| ()),
    }
}

#[test]
fn every_invalid_file_gives_its_expected_errors() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/invalid");
    let mut checked = 0;
    let mut failures = Vec::new();
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    entries.sort();
    for path in entries
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
    {
        let expected_path = path.with_extension("expected.json");
        let expected: Value = std::fs::read_to_string(&expected_path)
            .ok()
            .and_then(|t| serde_json::from_str(&t).ok())
            .unwrap_or(Value::Null);
        let kind = expected["kind"].as_str().unwrap_or("framework");
        let bytes = std::fs::read(path).unwrap_or_default();
        let got = match load(kind, &bytes) {
            Ok(()) => json!([]),
            Err(e) => {
                let mut v = serde_json::to_value(e.diagnostics()).unwrap_or(Value::Null);
                if let Some(list) = v.as_array_mut() {
                    for d in list {
                        if let Some(o) = d.as_object_mut() {
                            o.remove("file");
                        }
                    }
                }
                v
            }
        };
        if got != expected["errors"] {
            failures.push(format!(
                "{}:\n  expected {}\n  got      {}",
                path.display(),
                expected["errors"],
                got
            ));
        }
        checked += 1;
    }
    assert!(
        checked >= 25,
        "only {checked} invalid cases found in {}",
        dir.display()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn size_limit_is_enforced() {
    let limits = proficient::yaml::Limits {
        max_bytes: 100,
        ..Default::default()
    };
    let text = "id: x\n".repeat(50);
    let err = Framework::from_yaml_str_with(&text, &limits).err();
    let codes: Vec<String> = err
        .map(|e| e.diagnostics().into_iter().map(|d| d.code).collect())
        .unwrap_or_default();
    assert_eq!(codes, vec!["too_large".to_string()]);
}

#[test]
fn deeply_nested_flow_collections_are_refused_without_overflowing() {
    let text = format!("id: {}{}\n", "[".repeat(1_000_000), "]".repeat(1_000_000));
    let err = Framework::from_yaml_str(&text).err();
    let codes: Vec<String> = err
        .map(|e| e.diagnostics().into_iter().map(|d| d.code).collect())
        .unwrap_or_default();
    assert_eq!(codes, vec!["too_deep".to_string()]);
}
