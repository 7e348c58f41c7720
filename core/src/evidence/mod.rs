//! Evidence items and their readers: CSV, JSON Lines and JSON arrays.
//!
//! Readers stream: each item is handed to a callback as it is read, as a
//! borrowed [`ItemRef`], so memory does not grow with the input. A malformed
//! file (bad header, broken quoting, a missing required cell, a date that is
//! not `YYYY-MM-DD`) is an [`EvidenceError`] naming file, line, column and
//! field; a well-formed item that fails the scoring policy is not an error
//! here, it becomes a rejected item when scored.

#[cfg(feature = "arrow")]
pub mod arrow;
pub mod batch;
pub mod generate;
#[cfg(feature = "parquet")]
pub mod parquet;

use std::fmt;
use std::io::{BufRead, Read};
use std::path::Path;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::base::date::Date;
use crate::base::error::{FileError, FileProblem, Location, Problems};
pub use crate::evidence::batch::Batch;
use crate::input::{stream_error, CsvFailure, StreamError, TextReader};

/// The message for bytes that are not UTF-8 in a stream.
const INVALID_UTF8: &str =
    "invalid UTF-8, expected UTF-8 text (was the file saved as Latin-1 or Windows-1252?)";

/// A value as given in the input: a number, a yes/no, or text. Its meaning
/// depends on the criterion's measure and is checked when scoring.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum RawValue {
    /// `true` / `false`.
    Bool(bool),
    /// A number.
    Number(f64),
    /// Text, e.g. `yes` or `4.5` from a CSV cell.
    Text(String),
}

/// One dated piece of evidence about one worker and one criterion.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EvidenceItem {
    /// Stable id; items sharing an id are duplicates or conflicts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Worker id.
    pub worker: String,
    /// Criterion id.
    pub criterion: String,
    /// Evidence kind id.
    pub kind: String,
    /// When the evidence was observed.
    pub date: Date,
    /// Who assessed it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assessor: Option<String>,
    /// Rating, yes/no, or count.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<RawValue>,
    /// Numerator of a rate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub numerator: Option<RawValue>,
    /// Denominator of a rate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub denominator: Option<RawValue>,
    /// Date after which the evidence no longer counts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<Date>,
    /// Free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Read by its JSON type, without buffering it first as serde's untagged
/// enums do (a number is a `Number`, `true`/`false` a `Bool`, a string
/// `Text`, whatever it holds).
impl<'de> Deserialize<'de> for RawValue {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<RawValue, D::Error> {
        struct Any;
        impl serde::de::Visitor<'_> for Any {
            type Value = RawValue;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number, true/false or text")
            }
            fn visit_bool<E>(self, b: bool) -> Result<RawValue, E> {
                Ok(RawValue::Bool(b))
            }
            fn visit_i64<E>(self, n: i64) -> Result<RawValue, E> {
                Ok(RawValue::Number(n as f64))
            }
            fn visit_u64<E>(self, n: u64) -> Result<RawValue, E> {
                Ok(RawValue::Number(n as f64))
            }
            fn visit_f64<E>(self, n: f64) -> Result<RawValue, E> {
                Ok(RawValue::Number(n))
            }
            fn visit_str<E>(self, s: &str) -> Result<RawValue, E> {
                Ok(RawValue::Text(s.to_string()))
            }
            fn visit_string<E>(self, s: String) -> Result<RawValue, E> {
                Ok(RawValue::Text(s))
            }
        }
        d.deserialize_any(Any)
    }
}

/// A borrowed value (see [`RawValue`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ValueRef<'a> {
    /// `true` / `false`.
    Bool(bool),
    /// A number.
    Number(f64),
    /// Text.
    Text(&'a str),
}

impl ValueRef<'_> {
    /// The value as a number, if it is one (text is parsed).
    pub fn number(self) -> Option<f64> {
        match self {
            ValueRef::Number(n) => Some(n),
            ValueRef::Text(t) => short_decimal(t).or_else(|| {
                let t = t.trim();
                short_decimal(t).or_else(|| t.parse::<f64>().ok())
            }),
            ValueRef::Bool(_) => None,
        }
    }

    /// The value as yes/no: true/false, yes/no, 1/0 in any case.
    pub fn boolean(self) -> Option<bool> {
        match self {
            ValueRef::Bool(b) => Some(b),
            ValueRef::Number(1.0) => Some(true),
            ValueRef::Number(0.0) => Some(false),
            ValueRef::Number(_) => None,
            // The usual spellings first, then any case and spacing.
            ValueRef::Text("1" | "yes" | "true") => Some(true),
            ValueRef::Text("0" | "no" | "false") => Some(false),
            ValueRef::Text(t) => {
                let t = t.trim();
                if ["true", "yes", "1"]
                    .iter()
                    .any(|w| t.eq_ignore_ascii_case(w))
                {
                    Some(true)
                } else if ["false", "no", "0"]
                    .iter()
                    .any(|w| t.eq_ignore_ascii_case(w))
                {
                    Some(false)
                } else {
                    None
                }
            }
        }
    }

    /// An owned copy.
    pub fn to_owned_value(self) -> RawValue {
        match self {
            ValueRef::Bool(b) => RawValue::Bool(b),
            ValueRef::Number(n) => RawValue::Number(n),
            ValueRef::Text(t) => RawValue::Text(t.to_string()),
        }
    }
}

/// Fast exact parse of the common case, a plain decimal such as `4`, `-2`
/// or `3.75` with at most 15 digits: the digits as an integer are exact in
/// an `f64`, and so is the power of ten, so one correctly rounded division
/// gives the same value as `str::parse` (Clinger's fast path). Anything
/// else (exponents, `inf`, long numbers) is left to `str::parse`.
fn short_decimal(s: &str) -> Option<f64> {
    const POW10: [f64; 16] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
    ];
    if let [d @ b'0'..=b'9'] = s.as_bytes() {
        return Some(f64::from(d - b'0'));
    }
    let (negative, body) = match s.as_bytes().first()? {
        b'-' => (true, s.get(1..)?),
        b'+' => (false, s.get(1..)?),
        _ => (false, s),
    };
    if body.is_empty() || body.len() > 16 {
        return None;
    }
    let (mut mantissa, mut digits, mut decimals, mut point) = (0u64, 0usize, 0usize, false);
    for b in body.bytes() {
        match b {
            b'0'..=b'9' => {
                mantissa = mantissa * 10 + u64::from(b - b'0');
                digits += 1;
                decimals += usize::from(point);
            }
            b'.' if !point => point = true,
            _ => return None,
        }
    }
    if digits == 0 || digits > 15 {
        return None;
    }
    let x = mantissa as f64 / POW10.get(decimals)?;
    Some(if negative { -x } else { x })
}

impl fmt::Display for ValueRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ValueRef::Bool(b) => write!(f, "{b}"),
            ValueRef::Number(n) => write!(f, "{}", crate::base::text::Num(*n)),
            ValueRef::Text(t) => f.write_str(&crate::base::error::clip(t, 40)),
        }
    }
}

impl RawValue {
    /// A borrowed view.
    pub fn as_ref(&self) -> ValueRef<'_> {
        match self {
            RawValue::Bool(b) => ValueRef::Bool(*b),
            RawValue::Number(n) => ValueRef::Number(*n),
            RawValue::Text(t) => ValueRef::Text(t),
        }
    }
}

/// A borrowed evidence item: what readers hand to the scorer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ItemRef<'a> {
    /// See [`EvidenceItem::id`]; empty ids are `None`.
    pub id: Option<&'a str>,
    /// Worker id.
    pub worker: &'a str,
    /// Criterion id.
    pub criterion: &'a str,
    /// Evidence kind id.
    pub kind: &'a str,
    /// Date observed.
    pub date: Date,
    /// Assessor.
    pub assessor: Option<&'a str>,
    /// Value.
    pub value: Option<ValueRef<'a>>,
    /// Rate numerator.
    pub numerator: Option<ValueRef<'a>>,
    /// Rate denominator.
    pub denominator: Option<ValueRef<'a>>,
    /// Expiry date.
    pub expires: Option<Date>,
    /// Note.
    pub note: Option<&'a str>,
}

fn non_empty(s: &Option<String>) -> Option<&str> {
    s.as_deref().filter(|s| !s.is_empty())
}

impl EvidenceItem {
    /// A borrowed view (empty optional texts read as absent).
    pub fn as_item_ref(&self) -> ItemRef<'_> {
        ItemRef {
            id: non_empty(&self.id),
            worker: &self.worker,
            criterion: &self.criterion,
            kind: &self.kind,
            date: self.date,
            assessor: non_empty(&self.assessor),
            value: self.value.as_ref().map(RawValue::as_ref),
            numerator: self.numerator.as_ref().map(RawValue::as_ref),
            denominator: self.denominator.as_ref().map(RawValue::as_ref),
            expires: self.expires,
            note: non_empty(&self.note),
        }
    }
}

/// What is wrong with an evidence file.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum Problem {
    /// The file could not be read.
    #[error("cannot read: {0}")]
    Io(String),
    /// Not UTF-8.
    #[error("{0}")]
    Encoding(String),
    /// The file has no header row / no content.
    #[error(
        "empty file, expected a header row with at least `worker`, `criterion`, `kind`, `date`"
    )]
    Empty,
    /// A required column is missing from the header.
    #[error("missing column `{0}`, expected a header with at least `worker`, `criterion`, `kind`, `date`")]
    MissingColumn(&'static str),
    /// A column name that is not an evidence field.
    #[error("unknown column `{0}`, expected one of `id`, `worker`, `criterion`, `kind`, `date`, `assessor`, `value`, `numerator`, `denominator`, `expires`, `note`")]
    UnknownColumn(String),
    /// The same column twice.
    #[error("duplicate column `{0}`, each column may appear once")]
    DuplicateColumn(String),
    /// Malformed CSV (e.g. a row with the wrong number of fields).
    #[error("{0}")]
    Csv(String),
    /// Malformed JSON, or JSON of the wrong shape.
    #[error("{0}")]
    Json(String),
    /// A required field is empty.
    #[error("`{0}` is empty, every item needs a {0}")]
    MissingField(&'static str),
    /// A date field that is not a date.
    #[error("`{value}` is not a valid date: {reason}")]
    BadDate {
        /// The text found.
        value: String,
        /// Why it is not a date.
        reason: String,
    },
    /// Too many problems; reading stopped.
    #[error("{}", crate::base::error::too_many_message(*.0))]
    TooMany(usize),
    /// A line longer than [`MAX_LINE_BYTES`].
    #[error("line longer than {0} bytes, expected at most {0} bytes per line (is this really a CSV or JSON Lines file?)")]
    LineTooLong(usize),
    /// A CSV record over several lines (a quoted field holding line
    /// breaks) longer than [`MAX_LINE_BYTES`].
    #[error("quoted field running over lines for more than {0} bytes, expected at most {0} bytes per record (is a closing `\"` missing?)")]
    RecordTooLong(usize),
    /// A JSON evidence array larger than [`MAX_JSON_BYTES`].
    #[error("JSON evidence of {} bytes, expected at most {limit} bytes in one array (use JSON Lines or CSV for more, which are read as a stream)", crate::base::error::Size(*.size, *.limit))]
    TooLarge {
        /// Size found, when known (`None`: a stream that went on past the limit).
        size: Option<usize>,
        /// Limit in force.
        limit: usize,
    },
    /// A CSV row that repeats the header.
    #[error("the header row again, expected a data row (were files joined with `cat`? keep only the first header)")]
    RepeatedHeader,
    /// Parquet evidence from input that cannot be read twice.
    #[error("Parquet evidence from a pipe, expected a file (Parquet is read from its end: save it to a file first)")]
    ParquetNotSeekable,
}

impl FileProblem for Problem {
    fn code(&self) -> &'static str {
        match self {
            Problem::Io(_) => "io",
            Problem::Encoding(_) => "encoding",
            Problem::Empty => "empty",
            Problem::MissingColumn(_) => "missing_column",
            Problem::UnknownColumn(_) => "unknown_column",
            Problem::DuplicateColumn(_) => "duplicate_column",
            Problem::Csv(_) => "csv",
            Problem::Json(_) => "json",
            Problem::MissingField(_) => "missing_field",
            Problem::BadDate { .. } => "bad_date",
            Problem::TooMany(_) => "too_many_errors",
            Problem::LineTooLong(_) => "line_too_long",
            Problem::RecordTooLong(_) => "record_too_long",
            Problem::TooLarge { .. } => "too_large",
            Problem::RepeatedHeader => "repeated_header",
            Problem::ParquetNotSeekable => "not_seekable",
        }
    }

    fn is_io(&self) -> bool {
        matches!(self, Problem::Io(_) | Problem::ParquetNotSeekable)
    }

    fn too_many(limit: usize) -> Problem {
        Problem::TooMany(limit)
    }

    fn io(message: String) -> Problem {
        Problem::Io(message)
    }

    fn encoding(message: String) -> Problem {
        Problem::Encoding(message)
    }

    fn too_large(size: Option<usize>, limit: usize) -> Problem {
        Problem::TooLarge { size, limit }
    }
}

/// An evidence file is malformed; every problem found is listed (up to
/// [`MAX_PROBLEMS`]) with its location (`path` is the field name).
pub type EvidenceError = FileError<Problem>;

pub use crate::base::error::MAX_PROBLEMS;

/// Longest accepted line of a CSV or JSON Lines evidence file, and
/// longest CSV record, in bytes (1 MiB): a longer one is refused before it
/// is held in memory.
pub use crate::input::MAX_LINE_BYTES;

/// Largest accepted JSON array of evidence, in bytes (256 MiB, as every
/// file read whole): a JSON array is parsed whole, while CSV and JSON
/// Lines stream.
pub const MAX_JSON_BYTES: usize = crate::input::MAX_DOCUMENT_BYTES;

/// A problem found by the stream reader, as an evidence problem and its
/// location.
fn stream_problem(s: &StreamError) -> (Location, Problem) {
    let at = |line: usize, column: Option<usize>| Location {
        line: Some(line),
        column,
        path: String::new(),
    };
    match s {
        StreamError::Encoding {
            line,
            column,
            message,
        } => (at(*line, Some(*column)), Problem::Encoding(message.clone())),
        StreamError::LineTooLong { line, limit } => (at(*line, None), Problem::LineTooLong(*limit)),
        StreamError::RecordTooLong { line, limit } => {
            (at(*line, None), Problem::RecordTooLong(*limit))
        }
    }
}

/// Input formats for evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Comma-separated values with a header row.
    Csv,
    /// One JSON object per line.
    JsonLines,
    /// A JSON array of objects.
    Json,
}

impl Format {
    /// The format implied by a file name's extension.
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "csv" => Some(Format::Csv),
            "jsonl" | "ndjson" => Some(Format::JsonLines),
            "json" => Some(Format::Json),
            _ => None,
        }
    }
}

/// The evidence fields, in the order of [`ItemRef`]'s fields (the column
/// names of CSV files and Arrow tables).
pub(crate) const FIELDS: [&str; 11] = [
    "id",
    "worker",
    "criterion",
    "kind",
    "date",
    "assessor",
    "value",
    "numerator",
    "denominator",
    "expires",
    "note",
];

fn parse_date(text: &str) -> Result<Date, Problem> {
    Date::parse(text).map_err(|e| Problem::BadDate {
        value: crate::base::error::clip(text, 40),
        reason: e.to_string(),
    })
}

/// A CSV reading problem as an evidence problem at its line and field.
fn csv_problem(failure: CsvFailure) -> (Location, Problem) {
    let at = |line: usize, column: Option<usize>| Location {
        line: Some(line),
        column,
        path: String::new(),
    };
    match failure {
        CsvFailure::Malformed(line, column, m) => (at(line, column), Problem::Csv(m)),
        CsvFailure::Encoding(line, column, m) => (at(line, column), Problem::Encoding(m)),
        CsvFailure::Stream(s) => stream_problem(&s),
        CsvFailure::Io(m) => (Location::default(), Problem::Io(m)),
    }
}

/// Reads CSV evidence, calling `sink(item, line)` for each row.
/// Returns the number of items read.
pub fn read_csv<R: Read>(
    reader: R,
    mut sink: impl FnMut(ItemRef<'_>, usize),
) -> Result<usize, EvidenceError> {
    let mut csv = crate::input::CsvReader::new(reader);
    let mut record = csv::StringRecord::new();
    let mut problems = Problems::default();

    // Header.
    match csv.read(&mut record) {
        Ok(Some(_)) => {}
        Ok(None) => return Err(EvidenceError::one(Location::default(), Problem::Empty)),
        Err(e) => {
            let (at, p) = csv_problem(e);
            return Err(EvidenceError::one(at, p));
        }
    }
    if let (1, Some(name)) = (record.len(), record.get(0)) {
        if let Some(sep) = [('\t', "tabs"), (';', "semicolons"), ('|', "bars")]
            .iter()
            .find(|(c, _)| name.contains(*c))
            .map(|(_, n)| n)
        {
            problems.push(
                1,
                Some(1),
                "",
                Problem::Csv(format!(
                    "header is one column `{}`, expected comma-separated columns (the file seems to be separated by {sep})",
                    crate::base::error::clip(name, 40)
                )),
            );
            return problems.finish().map(|()| 0);
        }
    }
    let mut columns: [Option<usize>; 11] = [None; 11];
    for (i, name) in record.iter().enumerate() {
        let name = name.trim().to_ascii_lowercase();
        let ok = match FIELDS.iter().position(|f| *f == name) {
            Some(f) => match columns.get_mut(f) {
                Some(slot) if slot.is_some() => {
                    problems.push(1, Some(i + 1), "", Problem::DuplicateColumn(name))
                }
                Some(slot) => {
                    *slot = Some(i);
                    true
                }
                None => true,
            },
            None => problems.push(
                1,
                Some(i + 1),
                "",
                Problem::UnknownColumn(crate::base::error::clip(&name, 40)),
            ),
        };
        if !ok {
            break;
        }
    }
    for required in [1usize, 2, 3, 4] {
        if columns.get(required).copied().flatten().is_none() {
            let name = FIELDS.get(required).copied().unwrap_or("");
            problems.push(1, None, "", Problem::MissingColumn(name));
        }
    }
    problems.finish()?;
    let header = record.clone();
    let mut problems = Problems::default();

    let mut count = 0usize;
    // Whether reading stopped before the end, and whether the last
    // record's last field holds a line break (for a quote never closed).
    let mut stopped = false;
    let mut last_break = false;
    loop {
        let line = match csv.read(&mut record) {
            Ok(Some(line)) => line,
            Ok(None) => break,
            Err(e) => {
                let fatal = matches!(e, CsvFailure::Stream(_) | CsvFailure::Io(_));
                let (at, p) = csv_problem(e);
                if !problems.push_at(at, p) || fatal {
                    stopped = true;
                    break;
                }
                continue;
            }
        };
        last_break = record.iter().next_back().is_some_and(|f| f.contains('\n'));
        if crate::input::repeats_header(&header, &record) {
            if !problems.push(line, Some(1), "", Problem::RepeatedHeader) {
                break;
            }
            continue;
        }
        let cell = |f: usize| -> Option<(usize, &str)> {
            let col = columns.get(f).copied().flatten()?;
            record
                .get(col)
                .map(trim_cell)
                .filter(|s| !s.is_empty())
                .map(|s| (col + 1, s))
        };
        let mut required = |f: usize| -> Option<&str> {
            let name = FIELDS.get(f).copied().unwrap_or("");
            match cell(f) {
                Some((_, s)) => Some(s),
                None => {
                    let col = columns.get(f).copied().flatten().map(|c| c + 1);
                    problems.push(line, col, name, Problem::MissingField(name));
                    None
                }
            }
        };
        let (worker, criterion, kind, date_text) =
            (required(1), required(2), required(3), required(4));
        let mut date_of = |f: usize, text: &str| -> Option<Date> {
            match parse_date(text) {
                Ok(d) => Some(d),
                Err(p) => {
                    let col = columns.get(f).copied().flatten().map(|c| c + 1);
                    problems.push(line, col, FIELDS.get(f).copied().unwrap_or(""), p);
                    None
                }
            }
        };
        let date = date_text.and_then(|t| date_of(4, t));
        let expires = match cell(9) {
            Some((_, t)) => date_of(9, t).map(Some),
            None => Some(None),
        };
        if problems.is_full() {
            break;
        }
        let (Some(worker), Some(criterion), Some(kind), Some(date), Some(expires)) =
            (worker, criterion, kind, date, expires)
        else {
            continue;
        };
        let text = |f: usize| cell(f).map(|(_, s)| s);
        let item = ItemRef {
            id: text(0),
            worker,
            criterion,
            kind,
            date,
            assessor: text(5),
            value: text(6).map(ValueRef::Text),
            numerator: text(7).map(ValueRef::Text),
            denominator: text(8).map(ValueRef::Text),
            expires,
            note: text(10),
        };
        count += 1;
        sink(item, line);
    }
    if let Some((line, field)) = csv.open_quote(last_break) {
        if !stopped && !problems.is_full() {
            problems.push(
                line,
                Some(field),
                "",
                Problem::Csv(
                    "quoted field never closed, expected a closing `\"` (the rest of the file was read as this one field)".into(),
                ),
            );
        }
    }
    problems.finish().map(|()| count)
}

/// `cell.trim()`, without looking further when neither end is whitespace
/// (the usual case; a non-ASCII end may be Unicode whitespace).
fn trim_cell(cell: &str) -> &str {
    match (cell.as_bytes().first(), cell.as_bytes().last()) {
        (Some(a), Some(b)) if a.is_ascii_graphic() && b.is_ascii_graphic() => cell,
        _ => cell.trim(),
    }
}

fn json_problem(e: &serde_json::Error) -> String {
    crate::base::error::serde_message(&e.to_string())
}

/// Parses one JSON object into an item; on error returns (line offset
/// within the text, column, field path, message).
fn parse_item(text: &str) -> Result<EvidenceItem, (usize, usize, String, Problem)> {
    let trimmed = text.trim_start();
    let found = match trimmed.chars().next() {
        Some('{') | None => None,
        Some('[') => Some("a list"),
        Some('"') => Some("text"),
        Some('t' | 'f') => Some("true or false"),
        Some('n') => Some("null"),
        Some(c) if c == '-' || c.is_ascii_digit() => Some("a number"),
        Some(_) => None,
    };
    if let Some(found) = found {
        let skipped = text.get(..text.len() - trimmed.len()).unwrap_or("");
        let line = 1 + skipped.matches('\n').count();
        let column = 1 + skipped.rsplit('\n').next().map_or(0, |s| s.chars().count());
        return Err((
            line,
            column,
            String::new(),
            Problem::Json(format!(
                "found {found}, expected an object (one evidence item with `worker`, `criterion`, `kind`, `date`)"
            )),
        ));
    }
    // Most lines are well formed: read them without tracking the path
    // (which costs an allocation per key), and read a failing line again
    // with it, for the error's path.
    let mut de = serde_json::Deserializer::from_str(text);
    if let Ok(item) = EvidenceItem::deserialize(&mut de) {
        if de.end().is_ok() {
            return Ok(item);
        }
    }
    let mut de = serde_json::Deserializer::from_str(text);
    let item = serde_path_to_error::deserialize::<_, EvidenceItem>(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let path = if path == "." { String::new() } else { path };
        let inner = e.inner();
        let (line, column) = json_position(text, inner.line(), inner.column());
        (line, column, path, Problem::Json(json_problem(inner)))
    })?;
    de.end().map_err(|e| {
        let (line, column) = json_position(text, e.line(), e.column());
        (line, column, String::new(), Problem::Json(json_problem(&e)))
    })?;
    Ok(item)
}

/// serde_json's position made 1-based: it reports column 0 for an error
/// at a line break, which is the end of the line before.
pub(crate) fn json_position(text: &str, line: usize, column: usize) -> (usize, usize) {
    if column > 0 || line < 2 {
        return (line, column.max(1));
    }
    let before = text.split('\n').nth(line - 2).unwrap_or("");
    (line - 1, before.trim_end_matches('\r').chars().count() + 1)
}

/// Checks the required text fields of a parsed JSON item.
fn check_required(item: &EvidenceItem) -> Option<&'static str> {
    [
        ("worker", &item.worker),
        ("criterion", &item.criterion),
        ("kind", &item.kind),
    ]
    .into_iter()
    .find(|(_, v)| v.trim().is_empty())
    .map(|(n, _)| n)
}

/// Reads JSON Lines evidence (one object per line; blank lines skipped).
pub fn read_json_lines<R: Read>(
    reader: R,
    mut sink: impl FnMut(ItemRef<'_>, usize),
) -> Result<usize, EvidenceError> {
    let mut reader = TextReader::new(reader, MAX_LINE_BYTES, false);
    let mut problems = Problems::default();
    let mut buf = Vec::new();
    let mut line = 0usize;
    let mut count = 0usize;
    loop {
        buf.clear();
        let n = match reader.read_until(b'\n', &mut buf) {
            Ok(n) => n,
            Err(e) => match stream_error(&e) {
                Some(s) => {
                    let (at, p) = stream_problem(s);
                    problems.push_at(at, p);
                    break;
                }
                None => {
                    return Err(EvidenceError::one(
                        Location::default(),
                        Problem::Io(e.to_string()),
                    ))
                }
            },
        };
        if n == 0 {
            break;
        }
        line += 1;
        let text = match std::str::from_utf8(&buf) {
            Ok(t) => t,
            Err(e) => {
                let col = String::from_utf8_lossy(buf.get(..e.valid_up_to()).unwrap_or(&[]))
                    .chars()
                    .count()
                    + 1;
                if !problems.push(line, Some(col), "", Problem::Encoding(INVALID_UTF8.into())) {
                    break;
                }
                continue;
            }
        };
        if text.trim().is_empty() {
            continue;
        }
        match parse_item(text) {
            Ok(item) => {
                if let Some(field) = check_required(&item) {
                    if !problems.push(line, None, field, Problem::MissingField(field)) {
                        break;
                    }
                    continue;
                }
                count += 1;
                sink(item.as_item_ref(), line);
            }
            Err((_, col, path, p)) => {
                if !problems.push(line, Some(col), &path, p) {
                    break;
                }
            }
        }
    }
    problems.finish().map(|()| count)
}

/// Reads a JSON array of evidence objects. (A file of one object per line is
/// read as JSON Lines.)
pub fn read_json_array(
    text: &str,
    mut sink: impl FnMut(ItemRef<'_>, usize),
) -> Result<usize, EvidenceError> {
    if text
        .trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with('{')
    {
        return read_json_lines(text.as_bytes(), sink);
    }
    if text.len() > MAX_JSON_BYTES {
        return Err(EvidenceError::one(
            Location::default(),
            Problem::TooLarge {
                size: Some(text.len()),
                limit: MAX_JSON_BYTES,
            },
        ));
    }
    if let Some((location, message)) = crate::input::sniff_encoding(text.as_bytes()) {
        return Err(EvidenceError::one(location, Problem::Encoding(message)));
    }
    let text = crate::input::normalise(text);
    let text = text.as_ref();
    let elements: Vec<&serde_json::value::RawValue> = serde_json::from_str(text).map_err(|e| {
        let (line, column) = json_position(text, e.line(), e.column());
        EvidenceError::one(
            Location {
                line: Some(line),
                column: Some(column),
                path: String::new(),
            },
            Problem::Json(json_problem(&e)),
        )
    })?;
    let base = text.as_ptr() as usize;
    let mut problems = Problems::default();
    let mut count = 0usize;
    // Line and column (in characters, 0-based) of each element's start,
    // found by scanning the text once.
    let (mut scanned_to, mut line_at, mut column_at) = (0usize, 1usize, 0usize);
    for (i, raw) in elements.iter().enumerate() {
        let start = (raw.get().as_ptr() as usize).saturating_sub(base);
        let between = text.get(scanned_to..start).unwrap_or("");
        match between.rfind('\n') {
            Some(nl) => {
                line_at += between.matches('\n').count();
                column_at = between.get(nl + 1..).map_or(0, |s| s.chars().count());
            }
            None => column_at += between.chars().count(),
        }
        scanned_to = start;
        let line = line_at;
        match parse_item(raw.get()) {
            Ok(item) => {
                if let Some(field) = check_required(&item) {
                    if !problems.push(
                        line,
                        None,
                        &format!("[{i}].{field}"),
                        Problem::MissingField(field),
                    ) {
                        break;
                    }
                    continue;
                }
                count += 1;
                sink(item.as_item_ref(), line);
            }
            Err((l, col, path, p)) => {
                let path = if path.is_empty() || path.starts_with('[') {
                    format!("[{i}]{path}")
                } else {
                    format!("[{i}].{path}")
                };
                // Columns on the element's first line count from its start.
                let col = if l <= 1 { col + column_at } else { col };
                if !problems.push(line + l.saturating_sub(1), Some(col), &path, p) {
                    break;
                }
            }
        }
    }
    problems.finish().map(|()| count)
}

/// Formats of evidence files: the text formats of [`Format`], and Parquet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileFormat {
    /// Comma-separated values with a header row.
    Csv,
    /// One JSON object per line.
    JsonLines,
    /// A JSON array of objects (or, when it starts with `{`, JSON Lines).
    Json,
    /// Apache Parquet (needs a file: it is read from its end).
    Parquet,
}

impl FileFormat {
    /// The format named `name` (`csv`, `jsonl` or `ndjson`, `json`,
    /// `parquet`, `parq` or `pq`, in any case): also a file extension.
    pub fn from_name(name: &str) -> Option<FileFormat> {
        match name.to_ascii_lowercase().as_str() {
            "csv" => Some(FileFormat::Csv),
            "jsonl" | "ndjson" => Some(FileFormat::JsonLines),
            "json" => Some(FileFormat::Json),
            "parquet" | "parq" | "pq" => Some(FileFormat::Parquet),
            _ => None,
        }
    }

    /// The format implied by a file name's extension.
    pub fn from_path(path: &Path) -> Option<FileFormat> {
        FileFormat::from_name(path.extension()?.to_str()?)
    }

    /// The format shown by the first bytes of a file: `PAR1` Parquet, `[`
    /// a JSON array, `{` JSON Lines, anything else CSV (after a
    /// byte-order mark and white space).
    pub fn sniff(head: &[u8]) -> FileFormat {
        if head.starts_with(b"PAR1") {
            return FileFormat::Parquet;
        }
        let head = head.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(head);
        match head.iter().find(|b| !b.is_ascii_whitespace()) {
            Some(b'[') => FileFormat::Json,
            Some(b'{') => FileFormat::JsonLines,
            _ => FileFormat::Csv,
        }
    }
}

/// Whether `path` is a Parquet file: by extension (`.parquet`, `.parq`,
/// `.pq`), else, for a regular file, by its first bytes (`PAR1`).
pub fn is_parquet(path: &Path) -> bool {
    if let Some(f) = FileFormat::from_path(path) {
        return f == FileFormat::Parquet;
    }
    let mut head = [0u8; 4];
    std::fs::File::open(path)
        .and_then(|f| {
            if f.metadata()?.is_file() {
                Ok(f)
            } else {
                Err(std::io::Error::other("not a regular file"))
            }
        })
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok_and(|()| &head == b"PAR1")
}

/// Reads an evidence file of any supported format (see [`read_path_as`]).
pub fn read_path(
    path: &Path,
    sink: impl FnMut(ItemRef<'_>, usize),
) -> Result<usize, EvidenceError> {
    read_path_as(path, None, sink)
}

/// Reads evidence from `path` (standard input for `-`) in `format`, or,
/// when `None`, the format its extension names, else the one its first
/// bytes show ([`FileFormat::sniff`]). The input is read once, from the
/// start, so pipes, FIFOs and `/dev/stdin` work as files do (Parquet
/// excepted: it needs a file). `.json` holding one object per line is read
/// as JSON Lines. Errors name the file.
pub fn read_path_as(
    path: &Path,
    format: Option<FileFormat>,
    sink: impl FnMut(ItemRef<'_>, usize),
) -> Result<usize, EvidenceError> {
    let name = crate::input::display_name(path);
    let io = |e: std::io::Error| {
        EvidenceError::one(Location::default(), Problem::Io(e.to_string())).with_file(&name)
    };
    let input = crate::input::open(path).map_err(io)?;
    let (regular, len) = (input.regular, input.len);
    let mut reader = std::io::BufReader::with_capacity(1 << 16, input);
    let format = match format.or_else(|| FileFormat::from_path(path)) {
        Some(f) => f,
        None => FileFormat::sniff(reader.fill_buf().map_err(io)?),
    };
    if format == FileFormat::Parquet {
        if !regular {
            return Err(
                EvidenceError::one(Location::default(), Problem::ParquetNotSeekable)
                    .with_file(&name),
            );
        }
        drop(reader);
        #[cfg(feature = "parquet")]
        return crate::evidence::parquet::read_path(path, sink);
        #[cfg(not(feature = "parquet"))]
        return Err(EvidenceError::one(
            Location::default(),
            Problem::Io("Parquet input is not built in (cargo feature `parquet`)".into()),
        )
        .with_file(&name));
    }
    read_reader(reader, Some(format), len, sink).map_err(|e| e.with_file(&name))
}

/// Reads evidence from `reader` in `format` (not Parquet), or, when `None`,
/// the format its first bytes show ([`FileFormat::sniff`]), reading it
/// once from the start (a pipe, a socket, a Python file object); `len` is
/// its length when known (a regular file), to refuse a JSON array over
/// [`MAX_JSON_BYTES`] before reading it.
pub fn read_reader<R: BufRead>(
    mut reader: R,
    format: Option<FileFormat>,
    len: Option<u64>,
    sink: impl FnMut(ItemRef<'_>, usize),
) -> Result<usize, EvidenceError> {
    let io =
        |e: std::io::Error| EvidenceError::one(Location::default(), Problem::Io(e.to_string()));
    let format = match format {
        Some(f) => f,
        None => FileFormat::sniff(reader.fill_buf().map_err(io)?),
    };
    match format {
        FileFormat::Csv => read_csv(reader, sink),
        FileFormat::JsonLines => read_json_lines(reader, sink),
        FileFormat::Parquet => Err(EvidenceError::one(
            Location::default(),
            Problem::ParquetNotSeekable,
        )),
        FileFormat::Json => {
            if FileFormat::sniff(reader.fill_buf().map_err(io)?) == FileFormat::JsonLines {
                // One object per line: streamed as JSON Lines.
                return read_json_lines(reader, sink);
            }
            let bytes =
                crate::input::read_bytes(reader, len, MAX_JSON_BYTES).map_err(|e| match e {
                    crate::input::ReadError::Io(m) => {
                        EvidenceError::one(Location::default(), Problem::Io(m))
                    }
                    crate::input::ReadError::TooLarge { size, limit } => {
                        EvidenceError::one(Location::default(), Problem::TooLarge { size, limit })
                    }
                    crate::input::ReadError::Encoding(at, m) => {
                        EvidenceError::one(at, Problem::Encoding(m))
                    }
                })?;
            match crate::base::text::decode(&bytes) {
                Ok(text) => read_json_array(&text, sink),
                Err((location, e)) => Err(EvidenceError::one(
                    location,
                    Problem::Encoding(e.to_string()),
                )),
            }
        }
    }
}

/// Reads evidence text in `format`.
pub fn read_str(
    text: &str,
    format: Format,
    sink: impl FnMut(ItemRef<'_>, usize),
) -> Result<usize, EvidenceError> {
    match format {
        Format::Csv => read_csv(text.as_bytes(), sink),
        Format::JsonLines => read_json_lines(text.as_bytes(), sink),
        Format::Json => read_json_array(text, sink),
    }
}

/// Guesses the format of evidence text: JSON array, JSON Lines or CSV.
pub fn sniff(text: &str) -> Format {
    match text
        .trim_start_matches('\u{feff}')
        .trim_start()
        .as_bytes()
        .first()
    {
        Some(b'[') => Format::Json,
        Some(b'{') => Format::JsonLines,
        _ => Format::Csv,
    }
}

#[cfg(test)]
mod tests {
    use super::short_decimal;

    #[test]
    fn short_decimals_parse_exactly_as_str_parse_does() {
        let fixed = [
            "0",
            "-0",
            "+7",
            "4.5",
            ".5",
            "5.",
            "0.1",
            "0.3",
            "123456789012345",
            "9.99999999999999",
            "0.000000000000001",
            "-12.75",
            "1.",
            ".",
            "-",
            "+",
            "1.2.3",
            "1e5",
            "inf",
            "",
        ];
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        let mut random = Vec::new();
        for _ in 0..200_000 {
            let mut s = String::new();
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1);
            let len = 1 + (state >> 60) as usize;
            for _ in 0..len {
                state = state.wrapping_mul(6364136223846793005).wrapping_add(1);
                s.push(b"0123456789.-+5"[(state >> 59) as usize % 14] as char);
            }
            random.push(s);
        }
        for s in fixed.iter().map(|s| s.to_string()).chain(random) {
            if let Some(x) = short_decimal(&s) {
                let y: f64 = s
                    .parse()
                    .unwrap_or_else(|_| panic!("{s:?} fast but not parsed"));
                assert_eq!(x.to_bits(), y.to_bits(), "{s:?}");
            }
        }
        assert_eq!(short_decimal("0.3"), Some(0.3));
        assert_eq!(short_decimal("1e5"), None);
        assert_eq!(short_decimal("."), None);
    }
}
