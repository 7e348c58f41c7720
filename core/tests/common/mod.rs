//! Helpers shared by the tests that compare results with expected JSON.

#![allow(
    dead_code,
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use serde_json::Value;

/// Compares JSON values (numbers within 1e-9, `detail` and `explanation`
/// texts only checked to be non-empty strings); returns the path of the
/// first difference.
pub fn diff(path: &str, expected: &Value, got: &Value) -> Option<String> {
    diff_texts(&["detail", "explanation"], path, expected, got)
}

/// [`diff`] with the keys whose texts are only checked to be non-empty
/// strings named by `free`.
pub fn diff_texts(free: &[&str], path: &str, expected: &Value, got: &Value) -> Option<String> {
    let diff = |path: &str, expected: &Value, got: &Value| diff_texts(free, path, expected, got);
    match (expected, got) {
        (Value::Number(a), Value::Number(b)) => {
            let (a, b) = (
                a.as_f64().unwrap_or(f64::NAN),
                b.as_f64().unwrap_or(f64::NAN),
            );
            ((a - b).abs() > 1e-9).then(|| format!("{path}: expected {a}, got {b}"))
        }
        (Value::Object(a), Value::Object(b)) => {
            let mut keys: Vec<&String> = a.keys().chain(b.keys()).collect();
            keys.sort();
            keys.dedup();
            keys.into_iter().find_map(|k| {
                let p = format!("{path}.{k}");
                match (a.get(k), b.get(k)) {
                    (Some(x), Some(y)) if free.contains(&k.as_str()) => (!(x.is_string()
                        && y.as_str().is_some_and(|s| !s.is_empty())))
                    .then(|| format!("{p}: empty {k}")),
                    (Some(x), Some(y)) => diff(&p, x, y),
                    (x, y) => Some(format!("{p}: expected {x:?}, got {y:?}")),
                }
            })
        }
        (Value::Array(a), Value::Array(b)) => {
            if a.len() != b.len() {
                return Some(format!(
                    "{path}: expected {} elements, got {}",
                    a.len(),
                    b.len()
                ));
            }
            a.iter()
                .zip(b)
                .enumerate()
                .find_map(|(i, (x, y))| diff(&format!("{path}[{i}]"), x, y))
        }
        _ => (expected != got).then(|| format!("{path}: expected {expected}, got {got}")),
    }
}
