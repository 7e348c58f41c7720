//! The evidence item: what one row of any format holds ([`EvidenceItem`],
//! borrowed as [`ItemRef`]), its values, and what can be wrong with an
//! evidence file ([`Problem`], [`EvidenceError`]). Every reader of
//! the folder, and the scorer, builds on these.

use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::base::date::Date;
use crate::base::error::{FileError, FileProblem, Location};
use crate::input::StreamError;

/// The message for bytes that are not UTF-8 in a stream.
pub(crate) const INVALID_UTF8: &str =
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
            ValueRef::Text(t) => f.write_str(&crate::base::text::clip(t, 40)),
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

impl ItemRef<'_> {
    /// An owned copy, as [`EvidenceItem::as_item_ref`] borrowed it.
    pub fn to_item(&self) -> EvidenceItem {
        EvidenceItem {
            id: self.id.map(str::to_string),
            worker: self.worker.to_string(),
            criterion: self.criterion.to_string(),
            kind: self.kind.to_string(),
            date: self.date,
            assessor: self.assessor.map(str::to_string),
            value: self.value.map(ValueRef::to_owned_value),
            numerator: self.numerator.map(ValueRef::to_owned_value),
            denominator: self.denominator.map(ValueRef::to_owned_value),
            expires: self.expires,
            note: self.note.map(str::to_string),
        }
    }
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
    /// A line longer than [`MAX_LINE_BYTES`](crate::input::MAX_LINE_BYTES).
    #[error("line longer than {0} bytes, expected at most {0} bytes per line (is this really a CSV or JSON Lines file?)")]
    LineTooLong(usize),
    /// A CSV record over several lines (a quoted field holding line
    /// breaks) longer than [`MAX_LINE_BYTES`](crate::input::MAX_LINE_BYTES).
    #[error("quoted field running over lines for more than {0} bytes, expected at most {0} bytes per record (is a closing `\"` missing?)")]
    RecordTooLong(usize),
    /// A JSON evidence array larger than [`MAX_JSON_BYTES`](crate::evidence::json::MAX_JSON_BYTES).
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
    /// A workbook that cannot be read, or a sheet's cell holding an error
    /// value (`#N/A`, `#DIV/0!`): its code, the message.
    #[error("{1}")]
    Workbook(&'static str, String),
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
            Problem::Workbook(code, _) => code,
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

    fn workbook(code: &'static str, message: String) -> Problem {
        Problem::Workbook(code, message)
    }
}

/// An evidence file is malformed; every problem found is listed (up to
/// [`MAX_PROBLEMS`](crate::base::error::MAX_PROBLEMS)) with its location (`path` is the field name).
pub type EvidenceError = FileError<Problem>;

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

#[inline]
pub(crate) fn parse_date(text: &str) -> Result<Date, Problem> {
    Date::parse(text).map_err(|e| Problem::BadDate {
        value: crate::base::text::clip(text, 40),
        reason: e.to_string(),
    })
}

/// A problem found by the stream reader, as an evidence problem and its
/// location.
pub(crate) fn stream_problem(s: &StreamError) -> (Location, Problem) {
    let at = |line: usize, column: Option<usize>| Location {
        sheet: None,
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
