//! CASE import: a CFPackage (JSON, or YAML) read within the limits, checked
//! against CASE 1.1 (strict) or brought into its form (lenient), and built
//! into a [`Framework`](crate::model::Framework).

use std::path::Path;

use rustc_hash::FxHashMap as HashMap;
use serde_json::Value;

use crate::base::error::{Diagnostic, LoadError};
use crate::input::yaml::{self, Limits, LocationIndex};
use crate::model::Framework;

use super::conform::Walker;
use super::json;

mod build;
mod hierarchy;
mod ids;
mod read;
mod report;
mod rubric;

use build::build;
use report::Ctx;
pub use report::Mode;

/// A successful import.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    /// The framework.
    pub framework: Framework,
    /// What was tolerated (lenient mode) or worth knowing (e.g. items shared
    /// between parents), with locations.
    pub notes: Vec<Diagnostic>,
}

/// Why a package could not be imported.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CaseError {
    /// The file could not be read or parsed (syntax, limits).
    #[error("{0}")]
    Load(#[from] LoadError),
    /// The package parsed but is not acceptable; every problem is listed.
    #[error("{}", render(diagnostics))]
    Invalid {
        /// All problems, in document order.
        diagnostics: Vec<Diagnostic>,
    },
}

fn render(ds: &[Diagnostic]) -> String {
    ds.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

impl CaseError {
    /// Every problem as a [`Diagnostic`].
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        match self {
            CaseError::Load(e) => e.diagnostics(),
            CaseError::Invalid { diagnostics } => crate::base::error::cap(diagnostics.clone()),
        }
    }

    /// True for problems in the content (exit 1), false for I/O (exit 2).
    pub fn is_finding(&self) -> bool {
        match self {
            CaseError::Load(e) => e.is_finding(),
            CaseError::Invalid { .. } => true,
        }
    }

    fn with_file(self, name: &str) -> CaseError {
        match self {
            CaseError::Load(e) => CaseError::Load(e.with_file(name)),
            CaseError::Invalid { mut diagnostics } => {
                for d in &mut diagnostics {
                    d.file = Some(name.to_string());
                }
                CaseError::Invalid { diagnostics }
            }
        }
    }
}

/// Size and nesting limits for packages: those of every document (see
/// [`crate::input`]), sized for packages of 100,000 items.
pub fn limits() -> Limits {
    // One set of limits for every document (see `crate::input`): whatever
    // import writes, the other commands read.
    Limits::default()
}

/// Imports a CFPackage from JSON text, within [`limits`].
pub fn import_str(text: &str, mode: Mode) -> Result<Imported, CaseError> {
    import_str_with(text, mode, &limits())
}

/// Imports a CFPackage file; errors name the file.
pub fn import_path(path: impl AsRef<Path>, mode: Mode) -> Result<Imported, CaseError> {
    let path = path.as_ref();
    let name = path.display().to_string();
    let text = crate::model::load::read_text(path, limits().max_bytes).map_err(CaseError::Load)?;
    import_named(&text, mode, Some(&name))
}

/// As [`import_str`], the errors and notes naming file `name` when given
/// (a package given as text, as [`import_path`] names its file).
pub fn import_named(text: &str, mode: Mode, name: Option<&str>) -> Result<Imported, CaseError> {
    let Some(name) = name else {
        return import_str(text, mode);
    };
    let mut imported = import_str(text, mode).map_err(|e| e.with_file(name))?;
    for d in &mut imported.notes {
        d.file = Some(name.to_string());
    }
    Ok(imported)
}

/// As [`import_str`], with explicit size and nesting limits.
pub fn import_str_with(text: &str, mode: Mode, limits: &Limits) -> Result<Imported, CaseError> {
    // JSON within the limits is read fast; anything else by the YAML
    // reader, which says what is wrong and where.
    let (mut root, index) = match json::parse(text, limits) {
        Some(v) => (v, None),
        None => {
            let (v, index): (Value, LocationIndex) = yaml::parse(text, limits)?;
            (v, Some(index))
        }
    };
    let mut cx = Ctx {
        mode,
        text,
        index,
        errors: Vec::new(),
        error_count: 0,
        notes: Vec::new(),
        note_count: 0,
        note_listed: 0,
        unlisted_changes: 0,
        grouped: HashMap::default(),
    };
    // What CASE 1.1 does not allow: errors in strict mode; in lenient mode
    // each such value is written in CASE 1.1 form (or left out) before the
    // package is read, and each kind of change noted once.
    let mut walker = Walker::new(mode == Mode::Lenient);
    walker.package(&mut root);
    let unlisted = walker.unlisted;
    for f in walker.findings {
        cx.finding(f);
    }
    match mode {
        Mode::Strict => cx.error_count += unlisted,
        Mode::Lenient => cx.unlisted_changes += unlisted,
    }
    let fw = build(root, &mut cx);
    match fw {
        Some(framework) if cx.errors.is_empty() => {
            let issues = crate::model::validate::framework(&framework, &LocationIndex::default());
            if issues.is_empty() {
                Ok(Imported {
                    framework,
                    notes: cx.into_notes(),
                })
            } else {
                Err(CaseError::Invalid {
                    diagnostics: issues
                        .iter()
                        .map(|i| Diagnostic {
                            sheet: None,
                            file: None,
                            line: None,
                            column: None,
                            path: format!("(imported framework) {}", i.location.path),
                            code: i.error.code().to_string(),
                            message: i.error.to_string(),
                        })
                        .collect(),
                })
            }
        }
        _ => {
            if cx.errors.is_empty() {
                cx.error("", "shape", "package could not be imported".into());
            }
            Err(CaseError::Invalid {
                diagnostics: cx.into_errors(),
            })
        }
    }
}
