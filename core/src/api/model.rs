//! `show` (a framework as loaded), `validate` (frameworks and profiles
//! checked) and `list` (the shipped ones).

use std::path::Path;
use std::sync::Arc;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::api::failure::{Class, Failure, Kind};
use crate::api::source::{self, Source};
use crate::base::error::{Diagnostic, LoadError};
use crate::model::load::{document_kind, validate_file, Catalogue, DocumentKind};
use crate::model::{Framework, Profile};

/// The options of `show`: a framework as loaded and validated.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ShowOptions {
    /// Framework: a shipped name or a path, or its text.
    pub framework: Source,
}

/// Loads a framework (see [`ShowOptions`]); its JSON is a framework
/// document too, refused when it could not be read back.
pub fn show(options: &ShowOptions) -> Result<Arc<Framework>, Failure> {
    source::framework(&options.framework, "framework")
}

/// The options of `validate`: frameworks and profiles checked.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ValidateOptions {
    /// Framework or profile files (YAML or JSON; `-` for standard input), or their text.
    pub files: Vec<Source>,
}

/// What `validate` found in one file.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct Validated {
    /// The file's name.
    pub file: Option<String>,
    /// `framework` or `profile`, when the file reads as one.
    pub kind: Option<String>,
    /// False when the file could not be read at all (its one error says
    /// why: a usage problem, exit code 2, rather than a finding).
    pub readable: bool,
    /// Every problem (none: valid).
    pub errors: Vec<Diagnostic>,
}

/// The outcome of a validation as a failure class: `Usage` (with the
/// first unreadable file's problem) when a file could not be read at all,
/// `Finding` when a file has problems, `None` when every file is valid.
pub fn verdict(checked: &[Validated]) -> Option<(Class, Option<&Diagnostic>)> {
    if let Some(v) = checked.iter().find(|v| !v.readable) {
        return Some((Class::Usage, v.errors.first()));
    }
    checked
        .iter()
        .any(|v| !v.errors.is_empty())
        .then_some((Class::Finding, None))
}

/// Checks frameworks and profiles (see [`ValidateOptions`]): every file's
/// problems, files that cannot be read included (`readable: false`).
pub fn validate(options: &ValidateOptions) -> Result<Vec<Validated>, Failure> {
    let mut out = Vec::new();
    for source in &options.files {
        let (name, r) = match source {
            Source::Name(p) => (
                Some(crate::input::display_name(Path::new(p))),
                validate_file(Path::new(p)),
            ),
            Source::Path(p) => (
                Some(crate::input::display_name(&p.path)),
                validate_file(&p.path),
            ),
            Source::Text(t) => (t.name.clone(), validate_text(&t.text, t.name.as_deref())),
            Source::Bytes { bytes, name } => (
                name.clone(),
                source::decode(bytes, name.as_deref())
                    .and_then(|text| validate_text(&text, name.as_deref())),
            ),
            _ => return Err(Failure::option("files", "expected a file or text".into())),
        };
        out.push(match r {
            Ok(kind) => Validated {
                file: name,
                kind: Some(kind.name().to_string()),
                readable: true,
                errors: Vec::new(),
            },
            Err(e) => Validated {
                file: name,
                kind: None,
                readable: e.is_finding(),
                errors: e.diagnostics(),
            },
        });
    }
    Ok(out)
}

fn validate_text(text: &str, name: Option<&str>) -> Result<DocumentKind, LoadError> {
    let kind = document_kind(text);
    let r = match kind {
        DocumentKind::Framework => Framework::from_yaml_str(text).map(|_| ()),
        DocumentKind::Profile => Profile::from_yaml_str_shipped(text).map(|_| ()),
    };
    r.map(|()| kind).map_err(|e| match name {
        Some(n) => e.with_file(n),
        None => e,
    })
}

/// The options of `list`: none.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ListOptions {}

/// The shipped frameworks and profiles, each loaded and counted.
pub fn list(_options: &ListOptions) -> Result<Catalogue, Failure> {
    crate::model::load::catalogue().map_err(|e| Failure::load(Kind::Framework, &e))
}
