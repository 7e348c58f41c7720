//! What a walk over a package finds, how findings are grouped, and the
//! diagnostics made of them.

use crate::base::error::Diagnostic;
use serde_json::Value;

/// One value CASE 1.1 does not allow: where, a stable code, what is wrong
/// and, when the walker changed it, what it did.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Finding {
    pub(crate) path: String,
    pub(crate) code: &'static str,
    pub(crate) problem: String,
    pub(crate) action: String,
    /// How many values this finding stands for (grouped findings: the
    /// first is described, at its path).
    pub(crate) count: usize,
}

/// A diagnostic at `path` (placed at a line and column later, if at all).
pub(crate) fn diagnostic(path: &str, code: &str, message: String) -> Diagnostic {
    Diagnostic {
        sheet: None,
        file: None,
        line: None,
        column: None,
        path: path.to_string(),
        code: code.to_string(),
        message,
    }
}

impl Finding {
    /// `problem; action`, with how many places it stands for.
    pub(crate) fn message(&self) -> String {
        let more = if self.count > 1 {
            format!(" ({} places in all, the first here)", self.count)
        } else {
            String::new()
        };
        format!("{}; {}{more}", self.problem, self.action)
    }
}

/// A path without its indices (`CFItems[3].subjectURI[0].uri` ->
/// `CFItems.subjectURI.uri`): findings are grouped by it.
pub(crate) fn group_key(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut depth = 0usize;
    for c in path.chars() {
        match c {
            '[' => depth += 1,
            ']' => depth = depth.saturating_sub(1),
            c if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// What a JSON value is, in words (`a string`, `null`).
pub(crate) fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
