//! What an import reports: errors and notes (within the limits of how many
//! are listed), placed at their line and column, and the typed reads of
//! package properties that report what is wrong with them.

use rustc_hash::FxHashMap as HashMap;
use serde_json::{Map, Value};

use crate::base::error::{Diagnostic, MAX_PROBLEMS};
use crate::input::yaml::LocationIndex;

use super::super::conform::{self, kind_of as kind};
use super::super::json;

/// How strictly a package is checked against CASE 1.1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Anything the CASE 1.1 schema refuses is an error.
    Strict,
    /// CASE 1.0-era deviations are accepted and reported.
    Lenient,
}

pub(crate) struct Ctx<'a> {
    pub(crate) mode: Mode,
    /// The package's text, and the places of its nodes when it was read by
    /// the YAML reader (else they are found when needed, see
    /// [`json::locate`]).
    pub(crate) text: &'a str,
    pub(crate) index: Option<LocationIndex>,
    /// The first [`MAX_PROBLEMS`] errors, and how many there were in all.
    pub(crate) errors: Vec<Diagnostic>,
    pub(crate) error_count: usize,
    pub(crate) notes: Vec<Diagnostic>,
    /// Notes made one by one: how many, and how many are listed.
    pub(crate) note_count: usize,
    pub(crate) note_listed: usize,
    /// Changes of a lenient import in no note (past the limit of kinds).
    pub(crate) unlisted_changes: usize,
    /// Notes about items, one per code: index in `notes`, count.
    pub(crate) grouped: HashMap<&'static str, (usize, usize)>,
}

impl Ctx<'_> {
    pub(crate) fn diag(&self, path: &str, code: &str, message: String) -> Diagnostic {
        conform::diagnostic(path, code, message)
    }
    /// Gives each diagnostic the line and column of its path (of the
    /// nearest ancestor that is in the text; 1:1 for the whole package).
    pub(crate) fn place(&self, ds: &mut [Diagnostic]) {
        let found;
        let index = match &self.index {
            Some(i) => i,
            None => {
                let paths: Vec<&str> = ds.iter().map(|d| d.path.as_str()).collect();
                found = json::locate(self.text, &paths);
                &found
            }
        };
        for d in ds {
            let l = index.locate(&d.path);
            d.line = l.line.or(Some(1));
            d.column = l.column.or(Some(1));
        }
    }
    pub(crate) fn error(&mut self, path: &str, code: &str, message: String) {
        self.error_count += 1;
        if self.errors.len() < MAX_PROBLEMS {
            let d = self.diag(path, code, message);
            self.errors.push(d);
        }
    }
    pub(crate) fn note(&mut self, path: &str, code: &str, message: String) {
        self.note_count += 1;
        if self.note_listed < MAX_PROBLEMS {
            self.note_listed += 1;
            let d = self.diag(path, code, message);
            self.notes.push(d);
        }
    }
    /// A note of a kind that may concern every item: one per code, at the
    /// first place, counting the others.
    pub(crate) fn note_grouped(&mut self, path: &str, code: &'static str, message: String) {
        if let Some((_, n)) = self.grouped.get_mut(code) {
            *n += 1;
            return;
        }
        let d = self.diag(path, code, message);
        self.grouped.insert(code, (self.notes.len(), 1));
        self.notes.push(d);
    }
    /// An error in strict mode; in lenient mode a note of what was
    /// tolerated and what was done about it.
    pub(crate) fn tolerate(&mut self, path: &str, code: &str, problem: String, action: &str) {
        match self.mode {
            Mode::Strict => self.error(path, code, problem),
            Mode::Lenient => self.note(path, code, format!("tolerated: {problem}; {action}")),
        }
    }
    /// What the CASE 1.1 walk found (grouped in lenient mode).
    pub(crate) fn finding(&mut self, f: conform::Finding) {
        match self.mode {
            Mode::Strict => self.error(&f.path, f.code, f.problem),
            Mode::Lenient => {
                let d = self.diag(&f.path, f.code, format!("tolerated: {}", f.message()));
                self.notes.push(d);
            }
        }
    }
    /// The errors, ending with how many more there were when not all are
    /// listed.
    pub(crate) fn into_errors(mut self) -> Vec<Diagnostic> {
        let mut errors = std::mem::take(&mut self.errors);
        self.place(&mut errors);
        self.errors = errors;
        if self.error_count > self.errors.len() {
            let more = self.error_count - self.errors.len();
            self.errors.push(conform::diagnostic(
                "",
                "too_many_errors",
                format!(
                    "{more} more problems ({} in all), only the first {MAX_PROBLEMS} are listed",
                    self.error_count
                ),
            ));
        }
        self.errors
    }
    /// The notes, grouped ones with their counts, ending with how many
    /// more there were when not all are listed.
    pub(crate) fn into_notes(mut self) -> Vec<Diagnostic> {
        let mut notes = std::mem::take(&mut self.notes);
        self.place(&mut notes);
        self.notes = notes;
        for (i, n) in self.grouped.values() {
            if *n > 1 {
                if let Some(d) = self.notes.get_mut(*i) {
                    d.message = format!("{} ({n} items like this, the first here)", d.message);
                }
            }
        }
        if self.unlisted_changes > 0 {
            self.notes.push(conform::diagnostic("", "too_many_notes", format!(
                    "{} more values tolerated, of kinds past the first {MAX_PROBLEMS}, only those are listed",
                    self.unlisted_changes
                )));
        }
        let (listed, individual) = (self.note_listed, self.note_count);
        if individual > listed {
            self.notes.push(conform::diagnostic(
                "",
                "too_many_notes",
                format!(
                    "{} more notes ({individual} in all), only the first {MAX_PROBLEMS} are listed",
                    individual - listed
                ),
            ));
        }
        self.notes
    }

    pub(crate) fn object<'v>(
        &mut self,
        v: &'v Value,
        path: &str,
        what: &str,
    ) -> Option<&'v Map<String, Value>> {
        match v {
            Value::Object(m) => Some(m),
            other => {
                self.error(
                    path,
                    "shape",
                    format!("expected {what} (an object), found {}", kind(other)),
                );
                None
            }
        }
    }

    /// A string property the import needs: missing, null or not a string
    /// is an error.
    pub(crate) fn string(
        &mut self,
        m: &Map<String, Value>,
        key: &str,
        path: &str,
        required: bool,
    ) -> Option<String> {
        match m.get(key) {
            Some(Value::String(s)) => Some(s.clone()),
            Some(Value::Null) | None => {
                if required {
                    self.error(
                        path,
                        "missing",
                        format!("missing required property `{key}`"),
                    );
                }
                None
            }
            Some(other) => {
                self.error(
                    &join(path, key),
                    "shape",
                    format!("`{key}` must be a string, found {}", kind(other)),
                );
                None
            }
        }
    }

    /// A required string that must not be blank.
    pub(crate) fn text(&mut self, m: &Map<String, Value>, key: &str, path: &str) -> Option<String> {
        let s = self.string(m, key, path, true)?;
        if s.trim().is_empty() {
            self.error(
                &join(path, key),
                "blank",
                format!("{key} is blank, expected some text"),
            );
            return None;
        }
        Some(s)
    }
}

pub(crate) fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}
