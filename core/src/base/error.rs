//! Errors from reading frameworks and profiles, each carrying where it was
//! found (file, line, column, path) and what was expected.
//!
//! Two concerns, two enums: [`SyntaxError`] (the file could not be read into
//! the model) and [`ValidationError`] (the model reads but does not make
//! sense). [`LoadError`] carries either, with its locations; every error can
//! be flattened to [`Diagnostic`]s, the one shape shown by the CLI, Python
//! and JS.

use std::fmt;

use schemars::JsonSchema;
use serde::Serialize;

use crate::base::text::{clip, Found};

/// Why a file could not be read into the model.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SyntaxError {
    /// The input is larger than the configured limit.
    #[error("input is {} bytes, expected at most {limit} bytes", Size(*.size, *.limit))]
    TooLarge {
        /// Size found, when known (a regular file); `None` for a stream
        /// that went on past the limit.
        size: Option<usize>,
        /// Limit in force.
        limit: usize,
    },
    /// Collections nested deeper than the limit.
    #[error("nesting deeper than {limit} levels, expected at most {limit}")]
    TooDeep {
        /// Limit in force.
        limit: usize,
    },
    /// Aliases would expand the document past the node limit (an "alias bomb").
    #[error("aliases expand to more than {limit} nodes, expected at most {limit} (refused as an alias bomb)")]
    AliasBomb {
        /// Limit in force.
        limit: usize,
    },
    /// Not UTF-8 text.
    #[error("{0}")]
    Encoding(String),
    /// The file holds no document.
    #[error("empty document, expected a mapping")]
    Empty,
    /// More than one YAML document in the file.
    #[error("more than one document in the file, expected exactly one")]
    MultipleDocuments,
    /// A mapping has the same key twice.
    #[error("duplicate key `{}`, each key may appear once in a mapping", clip(.0, 40))]
    DuplicateKey(String),
    /// A tab used for indentation.
    #[error("tab character in indentation, expected spaces (YAML indents with spaces only)")]
    Tab,
    /// A CSV line longer than the limit.
    #[error("line longer than {limit} bytes, expected at most {limit} bytes per line (is this really a CSV file?)")]
    LineTooLong {
        /// Limit in force.
        limit: usize,
    },
    /// A CSV record over several lines (a quoted field holding line
    /// breaks) longer than the limit.
    #[error("quoted field running over lines for more than {limit} bytes, expected at most {limit} bytes per record (is a closing `\"` missing?)")]
    RecordTooLong {
        /// Limit in force.
        limit: usize,
    },
    /// A CSV row that repeats the header (files joined with `cat`).
    #[error("the header row again, expected a data row (were files joined with `cat`? keep only the first header)")]
    RepeatedHeader,
    /// Malformed YAML or JSON.
    #[error("{0}")]
    Syntax(String),
    /// Well-formed, but a value has the wrong type, a field is unknown or missing.
    #[error("{0}")]
    Shape(String),
    /// A workbook that cannot be read, or an error value in one of its
    /// cells (its code, the message; boxed to keep errors small).
    #[error("{}", .0.1)]
    Workbook(Box<(&'static str, String)>),
}

/// A size as messages give it: the number, or `more than LIMIT` when only
/// that is known (a stream read up to the limit).
pub(crate) struct Size(pub(crate) Option<usize>, pub(crate) usize);

impl fmt::Display for Size {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(size) => write!(f, "{size}"),
            None => write!(f, "more than {}", self.1),
        }
    }
}

impl SyntaxError {
    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            SyntaxError::TooLarge { .. } => "too_large",
            SyntaxError::TooDeep { .. } => "too_deep",
            SyntaxError::AliasBomb { .. } => "alias_bomb",
            SyntaxError::Encoding(_) => "encoding",
            SyntaxError::Empty => "empty",
            SyntaxError::MultipleDocuments => "multiple_documents",
            SyntaxError::DuplicateKey(_) => "duplicate_key",
            SyntaxError::Tab => "tab",
            SyntaxError::LineTooLong { .. } => "line_too_long",
            SyntaxError::RecordTooLong { .. } => "record_too_long",
            SyntaxError::RepeatedHeader => "repeated_header",
            SyntaxError::Syntax(_) => "syntax",
            SyntaxError::Shape(_) => "shape",
            SyntaxError::Workbook(w) => w.0,
        }
    }
}

/// A problem in a framework or profile that parsed correctly.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ValidationError {
    /// Two things of the same sort share an id.
    #[error(
        "duplicate {what} id `{}`, each id may appear once (first defined at {first})",
        clip(id, 40)
    )]
    DuplicateId {
        /// Sort of thing (competency, criterion, level, ...).
        what: &'static str,
        /// The id.
        id: String,
        /// Path of the first definition.
        first: String,
    },
    /// A reference to an id that does not exist.
    #[error("unknown {what} `{}`, expected one of {expected}", clip(id, 40))]
    UnknownReference {
        /// Sort of thing referred to.
        what: &'static str,
        /// The id given.
        id: String,
        /// The ids that exist, quoted and comma separated.
        expected: String,
    },
    /// An id that is empty or contains characters other than letters, digits, `-`, `_`, `.`.
    #[error(
        "invalid id `{}`, expected letters, digits, `-`, `_` or `.`",
        clip(id, 40)
    )]
    InvalidId {
        /// The id given.
        id: String,
    },
    /// A number that must be positive and finite is not.
    #[error("{what} must be a finite number greater than 0, found `{}`", Found(*.value))]
    NotPositive {
        /// What the number is.
        what: &'static str,
        /// The value found.
        value: f64,
    },
    /// A number outside its allowed range.
    #[error("{what} must be between {} and {}, found `{}`", Found(*.min), Found(*.max), Found(*.value))]
    OutOfRange {
        /// What the number is.
        what: &'static str,
        /// The value found.
        value: f64,
        /// Lowest allowed.
        min: f64,
        /// Highest allowed.
        max: f64,
    },
    /// The rating scale's minimum is not below its maximum.
    #[error("rating scale min `{}` must be below max `{}`", Found(*.min), Found(*.max))]
    ScaleOrder {
        /// min given.
        min: f64,
        /// max given.
        max: f64,
    },
    /// A rating scale too narrow for the magnitude of its bounds: ratings
    /// on it could not be normalised to full precision.
    #[error("rating scale `{}`–`{}` is too narrow: max − min must be at least {} (0.000001, and 1/1000 of the larger bound's magnitude)", Found(*.min), Found(*.max), Found(*.needed))]
    ScaleTooNarrow {
        /// min given.
        min: f64,
        /// max given.
        max: f64,
        /// The smallest width accepted for these bounds.
        needed: f64,
    },
    /// Level thresholds do not increase by at least the threshold step.
    #[error("level `{}` threshold `{}` must be at least {} above the previous level's `{}`", clip(id, 40), Found(*.threshold), Found(*.step), Found(*.previous))]
    LevelsNotIncreasing {
        /// The level id.
        id: String,
        /// Its threshold.
        threshold: f64,
        /// The previous level's threshold.
        previous: f64,
        /// The smallest step accepted.
        step: f64,
    },
    /// A positive threshold too close to 0 to be told apart from it when
    /// scores are compared (to within 1e-9).
    #[error("{what} must be 0 or at least {}, found `{}` (scores are compared to within 1e-9)", Found(*.min), Found(*.value))]
    BelowResolution {
        /// What the number is.
        what: &'static str,
        /// The value found.
        value: f64,
        /// The smallest positive value accepted.
        min: f64,
    },
    /// The lowest level must start at 0 so that every score has a level.
    #[error("the first level `{}` must have threshold 0 so every score has a level, found `{}`", clip(id, 40), Found(*.threshold))]
    FirstLevelNotZero {
        /// The level id.
        id: String,
        /// Its threshold.
        threshold: f64,
    },
    /// A list that must not be empty is empty.
    #[error("{what} is empty, expected at least one")]
    Empty {
        /// Which list.
        what: &'static str,
    },
    /// A text that must not be blank is blank.
    #[error("{what} is blank, expected some text")]
    Blank {
        /// Which text.
        what: &'static str,
    },
    /// A date earlier than one it must not precede.
    #[error("{what} {date} is before {earlier}, expected on or after it")]
    DateOrder {
        /// Which date.
        what: &'static str,
        /// The date given.
        date: crate::base::date::Date,
        /// The date it must not precede.
        earlier: crate::base::date::Date,
    },
    /// Two anchors of one scale describe the same rating.
    #[error("duplicate {what} `{}`, each value may be described once (first at {first})", Found(*.value))]
    DuplicateValue {
        /// What the values are (`anchor value`).
        what: &'static str,
        /// The value.
        value: f64,
        /// Path of the first.
        first: String,
    },
    /// Anchors (or a shared anchored scale) on a criterion whose measure
    /// is not a rating.
    #[error("anchors describe points of a rating scale, but this criterion's measure is `{measure}`, expected `type: rating` or no anchors")]
    AnchorsNotRating {
        /// The criterion's measure.
        measure: &'static str,
    },
    /// A criterion with its own anchors that also names a shared scale.
    #[error("both `anchors` and `scale` given, expected one of them: the criterion's own anchors or the id of a shared anchored scale")]
    AnchorsAndScale,
    /// A profile, plans or CPD file names a different framework than the
    /// one it is checked against.
    #[error(
        "{what} names framework `{}`, expected `{}` (the framework it is checked against)",
        clip(found, 40),
        clip(expected, 40)
    )]
    FrameworkMismatch {
        /// What names it (`profile`, `plans`, `CPD`).
        what: &'static str,
        /// Framework id in the profile.
        found: String,
        /// Framework id given.
        expected: String,
    },
    /// A competency rule or a profile requirement that cannot be met or
    /// is not well formed.
    #[error("{message}")]
    Rule {
        /// What is wrong, and what was expected.
        message: String,
    },
    /// A field this build of the core leaves out: scoring without it would
    /// silently ignore it (e.g. `rule` in a core built without the cargo
    /// feature `rules`).
    #[error("`{field}` needs the cargo feature `{feature}` of the proficient core, which this build leaves out (expected a build with it, as the default features have)")]
    NeedsFeature {
        /// The field (`rule`, `required`, `levels`, `overall_levels`, `aggregate`).
        field: &'static str,
        /// The cargo feature (`rules`).
        feature: &'static str,
    },
}

impl ValidationError {
    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            ValidationError::DuplicateId { .. } => "duplicate_id",
            ValidationError::UnknownReference { .. } => "unknown_reference",
            ValidationError::InvalidId { .. } => "invalid_id",
            ValidationError::NotPositive { .. } => "not_positive",
            ValidationError::OutOfRange { .. } => "out_of_range",
            ValidationError::ScaleOrder { .. } => "scale_order",
            ValidationError::ScaleTooNarrow { .. } => "scale_too_narrow",
            ValidationError::BelowResolution { .. } => "below_resolution",
            ValidationError::LevelsNotIncreasing { .. } => "levels_not_increasing",
            ValidationError::FirstLevelNotZero { .. } => "first_level_not_zero",
            ValidationError::Empty { .. } => "empty",
            ValidationError::Blank { .. } => "blank",
            ValidationError::DateOrder { .. } => "date_order",
            ValidationError::FrameworkMismatch { .. } => "framework_mismatch",
            ValidationError::Rule { .. } => "invalid_rule",
            ValidationError::NeedsFeature { .. } => "needs_feature",
            ValidationError::DuplicateValue { .. } => "duplicate_value",
            ValidationError::AnchorsNotRating { .. } => "anchors_not_rating",
            ValidationError::AnchorsAndScale => "anchors_and_scale",
        }
    }
}

/// Where in a file something is: 1-based line and column, and the path in
/// the document (`competencies[3].criteria[1].measure`; empty for the root).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Location {
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// 1-based column, when known.
    pub column: Option<usize>,
    /// Path in the document.
    pub path: String,
    /// In a workbook: the sheet (`line` is then its row, `column` its
    /// column, A = 1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<Box<str>>,
}

impl Location {
    /// Moves a location in the table read from a sheet ([`crate::input::sheet::Sheet`])
    /// to the sheet itself: names the sheet and makes the column (a field
    /// of the table) the sheet's column, and line 1 (where the table readers
    /// find the header) the header's row. A location without a line (the
    /// whole input) stays as it is.
    pub fn in_sheet(&mut self, sheet: &str, header_row: usize, columns: &[u32]) {
        if self.line.is_none() || self.sheet.is_some() {
            return;
        }
        self.sheet = Some(sheet.into());
        if self.line == Some(1) {
            self.line = Some(header_row);
        }
        if let Some(c) = self.column {
            self.column = c
                .checked_sub(1)
                .and_then(|i| columns.get(i))
                .map(|&c| c as usize)
                .or(Some(c));
        }
    }
}

pub use super::text::{column_letters, sheet_reference};

/// A validation error with its location.
#[derive(Debug, Clone, PartialEq)]
pub struct Issue {
    /// Where.
    pub location: Location,
    /// What.
    pub error: ValidationError,
}

/// Reading a framework or profile failed.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LoadError {
    /// The file could not be read.
    #[error("{file}: cannot read: {message}")]
    Io {
        /// The file.
        file: String,
        /// The operating system's reason.
        message: String,
    },
    /// A shipped framework or profile name that does not exist.
    #[error("no shipped {what} named `{name}`, expected a file path or one of {expected}")]
    UnknownName {
        /// framework or profile.
        what: &'static str,
        /// Name given.
        name: String,
        /// Names that exist.
        expected: String,
    },
    /// The text could not be read into the model.
    #[error("{}", Diagnostic::from_syntax(file.as_deref(), location, error))]
    Syntax {
        /// The file, when reading from one.
        file: Option<String>,
        /// Where.
        location: Location,
        /// What.
        error: SyntaxError,
    },
    /// The model was read but is not valid; every problem found is listed.
    #[error("{}", render_issues(file.as_deref(), issues))]
    Invalid {
        /// The file, when reading from one.
        file: Option<String>,
        /// All problems, in document order.
        issues: Vec<Issue>,
    },
}

fn render_issues(file: Option<&str>, issues: &[Issue]) -> String {
    issue_diagnostics(file, issues)
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

/// The diagnostics of validation issues, at most [`MAX_PROBLEMS`] (see [`cap`]).
fn issue_diagnostics(file: Option<&str>, issues: &[Issue]) -> Vec<Diagnostic> {
    let shown = issues
        .iter()
        .take(MAX_PROBLEMS)
        .map(|i| Diagnostic::from_issue(file, i))
        .collect();
    cap_counted(shown, issues.len())
}

/// One error, flattened: the shape every surface (CLI, Python, JS, test
/// expectations) shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct Diagnostic {
    /// File, when reading from one.
    pub file: Option<String>,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// 1-based column, when known.
    pub column: Option<usize>,
    /// Path in the document (empty for the whole document).
    pub path: String,
    /// In a workbook: the sheet (`line` is then its row and `column` its
    /// column, A = 1; shown as `Sheet1!D14`); absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// Stable machine-readable code.
    pub code: String,
    /// What was found and what was expected.
    pub message: String,
}

impl Diagnostic {
    fn from_syntax(file: Option<&str>, location: &Location, error: &SyntaxError) -> Diagnostic {
        Diagnostic {
            file: file.map(str::to_string),
            line: location.line,
            column: location.column,
            path: location.path.clone(),
            sheet: location.sheet.as_deref().map(str::to_string),
            code: error.code().to_string(),
            message: error.to_string(),
        }
    }

    fn from_issue(file: Option<&str>, issue: &Issue) -> Diagnostic {
        Diagnostic {
            file: file.map(str::to_string),
            line: issue.location.line,
            column: issue.location.column,
            path: issue.location.path.clone(),
            sheet: issue.location.sheet.as_deref().map(str::to_string),
            code: issue.error.code().to_string(),
            message: issue.error.to_string(),
        }
    }
}

impl fmt::Display for Diagnostic {
    /// Compiler style: `FILE:LINE:COLUMN: PATH: message`, omitting unknown parts.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut prefix = Vec::new();
        prefix.push(self.file.clone().unwrap_or_else(|| "<input>".into()));
        if let Some(sheet) = &self.sheet {
            // `Sheet1!D14`, `Sheet1!14:14` (a row), `Sheet1` (the sheet).
            let sheet = sheet_reference(sheet);
            prefix.push(match (self.line, self.column) {
                (Some(l), Some(c)) => format!("{sheet}!{}{l}", column_letters(c)),
                (Some(l), None) => format!("{sheet}!{l}:{l}"),
                _ => sheet,
            });
        } else if let Some(l) = self.line {
            prefix.push(l.to_string());
            if let Some(c) = self.column {
                prefix.push(c.to_string());
            }
        }
        write!(f, "{}: ", prefix.join(":"))?;
        if !self.path.is_empty() {
            write!(f, "{}: ", self.path)?;
        }
        f.write_str(&self.message)
    }
}

/// Most problems a record-by-record reader collects before it gives up.
pub const MAX_PROBLEMS: usize = 100;

/// A problem found in a file read record by record (evidence, Delphi
/// ratings, people for equality monitoring); its message is its `Display`.
pub trait FileProblem: fmt::Display + fmt::Debug {
    /// Stable machine-readable code.
    fn code(&self) -> &'static str;
    /// True when the file could not be read at all (I/O), rather than read
    /// and found malformed.
    fn is_io(&self) -> bool;
    /// The problem that ends a list cut at `limit` problems.
    fn too_many(limit: usize) -> Self;
    /// The file could not be read (the operating system's reason).
    fn io(message: String) -> Self;
    /// The file is not UTF-8 text (what was found and expected).
    fn encoding(message: String) -> Self;
    /// The file is larger than `limit` bytes (`size` when known).
    fn too_large(size: Option<usize>, limit: usize) -> Self;
    /// A workbook that cannot be read (`code`, `message`: see
    /// `input::workbook::WorkbookError`), or an error value in a cell
    /// (`error_cell`).
    fn workbook(code: &'static str, message: String) -> Self;
}

/// A malformed file read record by record: every problem found (up to
/// [`MAX_PROBLEMS`]), each with its location (`path` is the field or
/// column name). `P` is the format's own problem enum.
#[derive(Debug, Clone, PartialEq)]
pub struct FileError<P> {
    /// The file, when reading from one.
    pub file: Option<String>,
    /// Each problem and where it is.
    pub problems: Vec<(Location, P)>,
}

impl<P: FileProblem> FileError<P> {
    /// A single problem.
    pub fn one(location: Location, problem: P) -> FileError<P> {
        FileError {
            file: None,
            problems: vec![(location, problem)],
        }
    }

    /// Sets the file name the problems refer to.
    pub fn with_file(mut self, file: &str) -> FileError<P> {
        self.file = Some(file.to_string());
        self
    }

    /// True when the file could not be read at all (I/O), rather than read
    /// and found malformed.
    pub fn is_io(&self) -> bool {
        self.problems.first().is_some_and(|(_, p)| p.is_io())
    }

    /// Locations in the table read from a sheet moved to the sheet (see
    /// [`Location::in_sheet`]).
    pub fn in_sheet(mut self, sheet: &str, header_row: usize, columns: &[u32]) -> FileError<P> {
        for (at, _) in &mut self.problems {
            at.in_sheet(sheet, header_row, columns);
        }
        self
    }

    /// Every problem as a [`Diagnostic`] (at most [`MAX_PROBLEMS`], see [`cap`]).
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        let shown: Vec<Diagnostic> = self
            .problems
            .iter()
            .take(MAX_PROBLEMS + 1)
            .map(|(l, p)| Diagnostic {
                file: self.file.clone(),
                line: l.line,
                column: l.column,
                path: l.path.clone(),
                sheet: l.sheet.as_deref().map(str::to_string),
                code: p.code().to_string(),
                message: p.to_string(),
            })
            .collect();
        if shown.len() == self.problems.len() {
            cap(shown)
        } else {
            cap_counted(shown, self.problems.len())
        }
    }
}

impl<P: FileProblem> fmt::Display for FileError<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let lines: Vec<String> = self.diagnostics().iter().map(|d| d.to_string()).collect();
        f.write_str(&lines.join("\n"))
    }
}

impl<P: FileProblem> std::error::Error for FileError<P> {}

/// Collects a reader's problems: the first [`MAX_PROBLEMS`], then, when
/// another is found, [`FileProblem::too_many`] at its line; after that
/// nothing more is recorded, and the reader should stop.
#[derive(Debug)]
pub(crate) struct Problems<P>(pub(crate) Vec<(Location, P)>);

impl<P> Default for Problems<P> {
    fn default() -> Self {
        Problems(Vec::new())
    }
}

impl<P: FileProblem> Problems<P> {
    /// Records a problem at `line` (and `column`) in field `path`; false
    /// when reading should stop (the list is full: it ends with
    /// [`FileProblem::too_many`] at the line of the first problem left out).
    pub(crate) fn push(&mut self, line: usize, column: Option<usize>, path: &str, p: P) -> bool {
        self.push_at(
            Location {
                sheet: None,
                line: Some(line),
                column,
                path: path.to_string(),
            },
            p,
        )
    }

    /// As [`Problems::push`], at any location.
    pub(crate) fn push_at(&mut self, location: Location, p: P) -> bool {
        if self.is_full() {
            return false;
        }
        if self.0.len() >= MAX_PROBLEMS {
            self.0.push((
                Location {
                    line: location.line,
                    column: None,
                    path: String::new(),
                    sheet: location.sheet.clone(),
                },
                P::too_many(MAX_PROBLEMS),
            ));
            return false;
        }
        self.0.push((location, p));
        true
    }

    /// True once more than [`MAX_PROBLEMS`] problems were found: the
    /// reader should stop.
    pub(crate) fn is_full(&self) -> bool {
        self.0.len() > MAX_PROBLEMS
    }

    /// The problems as an error, if there are any.
    pub(crate) fn finish(self) -> Result<(), FileError<P>> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(FileError {
                file: None,
                problems: self.0,
            })
        }
    }
}

/// The message that ends a list of problems cut at `limit` by a reader
/// that stopped there.
pub(crate) fn too_many_message(limit: usize) -> String {
    format!("more than {limit} problems, stopped reading: only the first {limit} are listed (fix these and read the file again)")
}

/// At most [`MAX_PROBLEMS`] diagnostics: a longer list is cut there and
/// ends with one more (code `too_many_errors`) saying how many were left
/// out. Every list of problems shown (CLI, Python, JS) passes through this.
pub fn cap(diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    // A reader's own cut (the first problems and its `too_many_errors`)
    // stays as it is.
    let cut = diagnostics.len() == MAX_PROBLEMS + 1
        && diagnostics
            .last()
            .is_some_and(|d| d.code == "too_many_errors");
    if cut {
        return diagnostics;
    }
    let total = diagnostics.len();
    cap_counted(diagnostics, total)
}

/// The first [`MAX_PROBLEMS`] of `shown`, then, when `total` is more,
/// one diagnostic saying how many more there are.
fn cap_counted(mut shown: Vec<Diagnostic>, total: usize) -> Vec<Diagnostic> {
    shown.truncate(MAX_PROBLEMS);
    if total > MAX_PROBLEMS {
        let file = shown.first().and_then(|d| d.file.clone());
        shown.push(Diagnostic { sheet: None,
            file,
            line: None,
            column: None,
            path: String::new(),
            code: "too_many_errors".into(),
            message: format!(
                "{} more problems found, only the first {MAX_PROBLEMS} are listed (fix these and read the file again)",
                total - MAX_PROBLEMS
            ),
        });
    }
    shown
}

impl LoadError {
    /// Every error as a [`Diagnostic`], in document order.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        match self {
            LoadError::Io { file, message } => vec![Diagnostic {
                sheet: None,
                file: Some(file.clone()),
                line: None,
                column: None,
                path: String::new(),
                code: "io".into(),
                message: format!("cannot read: {message}"),
            }],
            LoadError::UnknownName { .. } => vec![Diagnostic {
                sheet: None,
                file: None,
                line: None,
                column: None,
                path: String::new(),
                code: "unknown_name".into(),
                message: self.to_string(),
            }],
            LoadError::Syntax {
                file,
                location,
                error,
            } => vec![Diagnostic::from_syntax(file.as_deref(), location, error)],
            LoadError::Invalid { file, issues } => issue_diagnostics(file.as_deref(), issues),
        }
    }

    /// Sets the file name the errors refer to.
    pub fn with_file(mut self, name: &str) -> LoadError {
        match &mut self {
            LoadError::Syntax { file, .. } | LoadError::Invalid { file, .. } => {
                *file = Some(name.to_string());
            }
            LoadError::Io { .. } | LoadError::UnknownName { .. } => {}
        }
        self
    }

    /// Locations in the table read from a sheet moved to the sheet (see
    /// [`Location::in_sheet`]).
    pub fn in_sheet(mut self, sheet: &str, header_row: usize, columns: &[u32]) -> LoadError {
        match &mut self {
            LoadError::Syntax { location, .. } => location.in_sheet(sheet, header_row, columns),
            LoadError::Invalid { issues, .. } => {
                for i in issues {
                    i.location.in_sheet(sheet, header_row, columns);
                }
            }
            LoadError::Io { .. } | LoadError::UnknownName { .. } => {}
        }
        self
    }

    /// True for problems found in the content (exit code 1), false for
    /// problems reaching it (I/O, unknown names: exit code 2).
    pub fn is_finding(&self) -> bool {
        matches!(self, LoadError::Syntax { .. } | LoadError::Invalid { .. })
    }
}

/// A serde (JSON or YAML) error message in this project's style: without
/// serde's `at line L column C` and leading path (the location carries
/// them), text quoted with backticks and clipped, Rust type names and
/// jargon in words.
pub(crate) fn serde_message(rendered: &str) -> String {
    let mut msg = rendered;
    if let Some(i) = msg.rfind(" at line ") {
        let tail = msg.get(i + 9..).unwrap_or("");
        if tail
            .split(" column ")
            .all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        {
            msg = msg.get(..i).unwrap_or(msg);
        }
    }
    if let Some((head, rest)) = msg.split_once(": ") {
        if !head.is_empty() && !head.contains(char::is_whitespace) && !head.contains('`') {
            msg = rest;
        }
    }
    // `string "text", expected ...`: serde quotes strings as Rust does.
    let mut out = match (msg.find("string \""), msg.rfind("\", expected ")) {
        (Some(a), Some(b)) if a + 8 <= b => {
            let quoted = msg.get(a + 8..b).unwrap_or("");
            format!(
                "{}string `{}`{}",
                msg.get(..a).unwrap_or(""),
                clip(&quoted.replace("\\\"", "\"").replace("\\\\", "\\"), 40),
                msg.get(b + 1..).unwrap_or("")
            )
        }
        _ => msg.to_string(),
    };
    for (rust, words) in [
        ("expected f64", "expected a number"),
        ("expected f32", "expected a number"),
        ("expected u8", "expected a whole number from 0 to 255"),
        ("expected u16", "expected a whole number from 0 to 65535"),
        ("expected u32", "expected a whole number from 0 to 4294967295"),
        ("expected u64", "expected a whole number of at least 0"),
        ("expected usize", "expected a whole number of at least 0"),
        ("expected i64", "expected a whole number"),
        ("expected i32", "expected a whole number"),
        ("invalid type: sequence", "invalid type: list"),
        ("invalid type: map", "invalid type: mapping"),
        ("expected a sequence", "expected a list"),
        ("EOF while parsing", "end of input while parsing"),
        (", there are no fields", ", expected no fields here"),
        (" as u128,", ","),
        (" as i128,", ","),
        (
            "control character (\\u0000-\\u001F) found while parsing a string",
            "line break or control character inside text, expected the closing `\"` first (write them as \\n, \\t)",
        ),
    ] {
        if let Some(rest) = out.strip_suffix(rust) {
            out = format!("{rest}{words}");
        } else if out.contains(rust) {
            out = out.replace(rust, words);
        }
    }
    for prefix in [
        "unknown field `",
        "unknown variant `",
        "duplicate field `",
        "missing field `",
    ] {
        if let Some(rest) = out.strip_prefix(prefix) {
            // The name as found in the input: clipped and escaped.
            let (name, tail) = match rest.find("`, ") {
                Some(i) => (rest.get(..i).unwrap_or(""), rest.get(i + 1..).unwrap_or("")),
                None => match rest.strip_suffix('`') {
                    Some(name) => (name, ""),
                    None => (rest, ""),
                },
            };
            out = format!("{prefix}{}`{tail}", clip(name, 40));
            break;
        }
    }
    if let Some(i) = out.find("expected struct ") {
        // A Rust type name (`expected struct EvidenceKind`) in words.
        let name = out.get(i + 16..).unwrap_or("");
        let end = name
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(name.len());
        let words = type_words(name.get(..end).unwrap_or(""));
        out = format!(
            "{}expected a mapping (a {words}){}",
            out.get(..i).unwrap_or(""),
            name.get(end..).unwrap_or("")
        );
    }
    match out.as_str() {
        "expected value" => "expected a JSON value (text in quotes, a number, true, false, null, a list or an object; NaN and Infinity are not JSON)".into(),
        "expected ident" => "expected `true`, `false` or `null` (text must be in quotes)".into(),
        "expected `\"`" => "expected `\"` to start a key (keys are text in quotes)".into(),
        "invalid escape" => "invalid escape in text, expected one of `\\\"`, `\\\\`, `\\/`, `\\b`, `\\f`, `\\n`, `\\r`, `\\t` or `\\u` and 4 hexadecimal digits".into(),
        "invalid number" => "invalid number, expected digits as in `4`, `-0.5` or `1e3`".into(),
        "invalid unicode code point" => "`\\u` escape of no Unicode character, expected `\\u` and 4 hexadecimal digits of a character".into(),
        "unexpected end of hex escape" => "`\\u` escape cut short, expected 4 hexadecimal digits".into(),
        "lone leading surrogate in hex escape" => "`\\u` escape of half a character (a lone surrogate), expected its second half (`\\uDC00` to `\\uDFFF`) after it".into(),
        "key must be a string" => "key not in quotes, expected text in quotes as a key".into(),
        "trailing comma" => "comma before the closing bracket, expected another value after it (JSON has no trailing commas)".into(),
        "trailing characters" => "more after the end of the JSON value, expected the end of the input (JSON Lines: one value per line)".into(),
        "recursion limit exceeded" => "nesting deeper than 128 levels, expected at most 128".into(),
        "number out of range" => "number out of range, expected a finite number".into(),
        _ if out.starts_with("duplicate field `") => format!("{out}, each field may appear once"),
        _ if out.starts_with("missing field `") => format!("{out}, which is required"),
        _ if out.starts_with("end of input while parsing") => {
            format!("{out}, expected the rest of it (is the input cut short?)")
        }
        _ => out,
    }
}

/// A Rust type name (ASCII) in words: `EvidenceKind` is `evidence kind`,
/// `Cpd` is `CPD`. (ASCII case only: Unicode's case tables would add 20 KB
/// to the WebAssembly package.)
fn type_words(name: &str) -> String {
    let mut words = Vec::new();
    let mut word = String::new();
    for c in name.chars() {
        if c.is_ascii_uppercase() && !word.is_empty() {
            words.push(std::mem::take(&mut word));
        }
        word.push(c);
    }
    words.push(word);
    words
        .iter()
        .map(|w| match w.as_str() {
            "Cpd" => "CPD".to_string(),
            w => w.to_ascii_lowercase(),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

    use super::*;
    use crate::analysis::equality::{read_people, EqualityOptions, PeopleProblem};
    use crate::evidence::Problem;

    #[test]
    fn found_writes_tiny_and_huge_numbers_in_exponent_form() {
        let short_num = |x: f64| Found(x).to_string();
        assert_eq!(short_num(0.25), "0.25");
        assert_eq!(short_num(1e12), "1000000000000");
        assert_eq!(short_num(1e-320), "1e-320");
        assert_eq!(short_num(-1e308), "-1e308");
        assert_eq!(short_num(1.5e-300), "1.5e-300");
        assert_eq!(short_num(f64::MAX), "1.7976931348623157e308");
        assert_eq!(short_num(f64::INFINITY), "inf");
        assert_eq!(short_num(0.0), "0");
    }

    #[test]
    fn clip_keeps_short_printable_text_and_escapes_or_cuts_the_rest() {
        assert_eq!(clip("k1-jobs", 40), "k1-jobs");
        assert_eq!(clip("", 40), "");
        assert_eq!(clip("abcdef", 6), "abcdef");
        assert_eq!(clip("abcdefg", 6), "abcde…");
        assert_eq!(clip("a\tb\n", 40), "a\\tb\\n");
        assert_eq!(clip("a\u{7f}b", 40), "a\\u{7f}b");
        assert_eq!(clip("a\u{85}b", 40), "a\\u{85}b");
        assert_eq!(clip("ça", 2), "ça");
        assert_eq!(clip("çaé", 2), "ç…");
        assert_eq!(clip("~ }", 3), "~ }");
    }

    #[test]
    fn problems_stop_at_the_limit_with_a_located_too_many() {
        let mut problems: Problems<Problem> = Problems::default();
        for line in 2..=MAX_PROBLEMS + 1 {
            assert!(problems.push(line, Some(3), "date", Problem::MissingField("date")));
        }
        // The 101st problem is not listed: the list ends at its line.
        assert!(!problems.push(102, Some(3), "date", Problem::MissingField("date")));
        assert!(!problems.push(103, Some(3), "date", Problem::MissingField("date")));
        assert!(problems.is_full());
        let e = problems.finish().unwrap_err().with_file("e.csv");
        assert_eq!(e.problems.len(), MAX_PROBLEMS + 1);
        let last = e.diagnostics().pop().unwrap();
        assert_eq!(
            (
                last.file.as_deref(),
                last.line,
                last.column,
                last.code.as_str()
            ),
            (Some("e.csv"), Some(102), None, "too_many_errors")
        );
        assert!(!e.is_io());
        assert!(FileError::one(Location::default(), Problem::Io("gone".into())).is_io());
        assert_eq!(e.to_string().lines().count(), MAX_PROBLEMS + 1);
    }

    #[test]
    fn a_people_file_with_too_many_malformed_rows_stops_at_the_line_reached() {
        let mut text = String::from("group,outcome\n");
        for _ in 0..150 {
            text.push_str("a,yes,extra\n");
        }
        let e = read_people(&text, &EqualityOptions::new("group", "outcome")).unwrap_err();
        let (at, last) = e.problems.last().unwrap();
        assert!(matches!(last, PeopleProblem::TooMany(MAX_PROBLEMS)));
        assert_eq!(at.line, Some(MAX_PROBLEMS + 2));
        assert_eq!(e.problems.len(), MAX_PROBLEMS + 1);
    }
}
