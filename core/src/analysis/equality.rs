//! Equality monitoring of a yes/no outcome (accessed non-mandatory
//! training or CPD, shortlisted, appointed, met the essential requirements)
//! across staff groups and periods, as in the Workforce Race Equality
//! Standard indicator "relative likelihood of white staff accessing
//! non-mandatory training and CPD compared to BME staff".
//!
//! For each group × period *cell*: `n` people, `count` with the outcome,
//! `rate = count / n` with a 95% Wilson score interval
//! (`z =` [`Z95`]), the **relative likelihood** against a reference group
//! (`reference rate ÷ group rate`: above 1 the reference group is more
//! likely to have the outcome), the **ratio to the highest** group rate in
//! the same period and the **four-fifths flag** (ratio below 0.8). The same
//! for each group over all periods and each period over all groups, the
//! overall total, and each group's trend across periods.
//!
//! **Suppression.** A cell or total with `n` below `min_cell` (default 10)
//! shows no n, count, rate, interval or ratio. Then, so that no suppressed
//! number can be recovered by subtraction from the totals, more entries are
//! suppressed (*secondary suppression*) until no suppressed entry is
//! determined by the published ones. The table of cells and totals is a
//! set of linear equations (each group's cells sum to its total, each
//! period's to its total, the totals to the grand total); an entry is
//! recoverable exactly when its unit vector lies in the row space of the
//! equations restricted to the suppressed entries, which is checked exactly
//! (integer elimination) after every addition. Only totals are ever
//! suppressed to protect a cell, so every group cell with at least
//! `min_cell` people is shown (comparisons between groups are the point):
//! with periods, the totals of the cheapest cycle through the exposed
//! entry (fewest totals, then fewest people); without, the overall total.
//! The protection is against exact recovery; as with any cell suppression,
//! bounds on a suppressed number can still be narrowed (it is below
//! `min_cell`). Counts of rows read and used are withheld when the grand
//! total is suppressed. Decline reasons are shown for a group only when its
//! all-period total is shown (they add up to its "no" outcomes), and reason
//! totals only when every group's reasons are shown.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::base::error::{FileError, FileProblem, Location, Problems};
use crate::base::text::clip;

/// The normal quantile for a two-sided 95% interval, `Φ⁻¹(0.975)`.
pub const Z95: f64 = 1.959_963_984_540_054;

/// Default smallest `n` a cell may have to be shown.
pub const DEFAULT_MIN_CELL: u64 = 10;

pub use crate::base::error::MAX_PROBLEMS;

/// The reason category of declines with no reason recorded.
pub const NOT_RECORDED: &str = "(not recorded)";

fn default_min_cell() -> u64 {
    DEFAULT_MIN_CELL
}

/// What to analyse: which columns of the people file hold the group, the
/// outcome, and optionally the period and decline reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EqualityOptions {
    /// Column holding each person's group (e.g. `ethnicity`).
    pub group: String,
    /// Column holding the yes/no outcome (yes/no, true/false, 1/0, any case).
    pub outcome: String,
    /// Column holding the period (e.g. `year`); none: one period.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
    /// Column holding the reason for a "no" outcome (e.g. why a CPD
    /// application was declined).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The reference group of the relative likelihood; none: the largest group.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// Smallest `n` a cell may have to be shown (at least 1).
    #[serde(default = "default_min_cell")]
    pub min_cell: u64,
}

impl EqualityOptions {
    /// Options for `group` and `outcome` columns with the defaults.
    pub fn new(group: &str, outcome: &str) -> EqualityOptions {
        EqualityOptions {
            group: group.to_string(),
            outcome: outcome.to_string(),
            period: None,
            reason: None,
            reference: None,
            min_cell: DEFAULT_MIN_CELL,
        }
    }
}

// ---------------------------------------------------------------------------
// Reading CSV tables (shared with the Delphi ratings reader).

/// A CSV-level fault while reading a table.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum CsvFault {
    /// No header row.
    Empty,
    /// Broken quoting, wrong number of fields, ...
    Malformed(String),
    /// A row that repeats the header.
    RepeatedHeader,
}

/// A record and its line, or a fault and its line.
pub(crate) type NextRecord<'r> = Result<(usize, &'r csv::StringRecord), (usize, CsvFault)>;

/// A CSV table being read: the header, then records with their lines.
pub(crate) struct CsvTable<'t> {
    reader: crate::input::CsvReader<&'t [u8]>,
    header: csv::StringRecord,
    record: csv::StringRecord,
}

fn describe_csv_error(failure: crate::input::CsvFailure) -> (usize, CsvFault) {
    use crate::input::{CsvFailure, StreamError};
    match failure {
        CsvFailure::Malformed(line, _, m) | CsvFailure::Encoding(line, _, m) => {
            (line, CsvFault::Malformed(m))
        }
        CsvFailure::Stream(s) => {
            let line = match &s {
                StreamError::Encoding { line, .. }
                | StreamError::LineTooLong { line, .. }
                | StreamError::RecordTooLong { line, .. } => *line,
            };
            let message = match s {
                StreamError::Encoding { message, .. } => message,
                StreamError::LineTooLong { limit, .. } => format!(
                    "line longer than {limit} bytes, expected at most {limit} bytes per line (is this really a CSV file?)"
                ),
                StreamError::RecordTooLong { limit, .. } => format!(
                    "quoted field running over lines for more than {limit} bytes, expected at most {limit} bytes per record (is a closing `\"` missing?)"
                ),
            };
            (line, CsvFault::Malformed(message))
        }
        CsvFailure::Io(m) => (1, CsvFault::Malformed(m)),
    }
}

impl<'t> CsvTable<'t> {
    /// Opens CSV `text` and reads its header row.
    pub(crate) fn open(
        text: &'t str,
    ) -> Result<(CsvTable<'t>, csv::StringRecord), (usize, CsvFault)> {
        let mut reader = crate::input::CsvReader::new(text.as_bytes());
        let mut header = csv::StringRecord::new();
        match reader.read(&mut header) {
            Ok(Some(_)) if !header.iter().all(|f| f.trim().is_empty()) => {}
            Ok(_) => return Err((1, CsvFault::Empty)),
            Err(e) => return Err(describe_csv_error(e)),
        }
        Ok((
            CsvTable {
                reader,
                header: header.clone(),
                record: csv::StringRecord::new(),
            },
            header,
        ))
    }

    /// The next record and the physical line it starts on; blank lines are
    /// skipped, and a row repeating the header is a fault.
    pub(crate) fn next_record(&mut self) -> Option<NextRecord<'_>> {
        loop {
            let line = match self.reader.read(&mut self.record) {
                Ok(Some(line)) => line,
                Ok(None) => return None,
                Err(e) => return Some(Err(describe_csv_error(e))),
            };
            if self.record.len() == 1 && self.record.get(0).is_some_and(|f| f.trim().is_empty()) {
                continue;
            }
            if crate::input::repeats_header(&self.header, &self.record) {
                return Some(Err((line, CsvFault::RepeatedHeader)));
            }
            return Some(Ok((line, &self.record)));
        }
    }
}

/// Finds the column named `name` (case and surrounding spaces ignored);
/// `Err(positions)` when it appears more than once.
pub(crate) fn find_column(header: &csv::StringRecord, name: &str) -> Result<Option<usize>, ()> {
    let name = name.trim();
    let mut found = header
        .iter()
        .enumerate()
        .filter(|(_, h)| h.trim().eq_ignore_ascii_case(name))
        .map(|(i, _)| i);
    match (found.next(), found.next()) {
        (Some(i), None) => Ok(Some(i)),
        (None, _) => Ok(None),
        (Some(_), Some(_)) => Err(()),
    }
}

/// The header names, quoted and comma separated, for messages.
pub(crate) fn header_list(header: &csv::StringRecord) -> String {
    let names: Vec<String> = header
        .iter()
        .take(12)
        .map(|h| format!("`{}`", clip(h.trim(), 30)))
        .collect();
    let mut s = names.join(", ");
    if header.len() > 12 {
        s += &format!(", ... ({} in all)", header.len());
    }
    s
}

// ---------------------------------------------------------------------------
// The people file.

/// What is wrong with a people file.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PeopleProblem {
    /// The file could not be read.
    #[error("cannot read: {0}")]
    Io(String),
    /// Not UTF-8.
    #[error("{0}")]
    Encoding(String),
    /// No header row.
    #[error("empty file, expected a header row naming the group and outcome columns")]
    Empty,
    /// A column named in the options is not in the header.
    #[error("no column `{column}` (the {role} column), expected one of {found}")]
    MissingColumn {
        /// The column asked for.
        column: String,
        /// Which option named it: group, outcome, period or reason.
        role: &'static str,
        /// The header's columns.
        found: String,
    },
    /// A column named in the options appears more than once in the header.
    #[error("column `{0}` appears more than once in the header, each column may appear once")]
    DuplicateColumn(String),
    /// The same column chosen for two roles.
    #[error("column `{column}` is chosen as both the {first} and the {second} column")]
    SameColumn {
        /// The column.
        column: String,
        /// First role.
        first: &'static str,
        /// Second role.
        second: &'static str,
    },
    /// Malformed CSV.
    #[error("{0}")]
    Csv(String),
    /// Too many problems; reading stopped.
    #[error("{}", crate::base::error::too_many_message(*.0))]
    TooMany(usize),
    /// A row that repeats the header (files joined with `cat`).
    #[error("the header row again, expected a data row (were files joined with `cat`? keep only the first header)")]
    RepeatedHeader,
    /// A file larger than [`crate::input::MAX_DOCUMENT_BYTES`].
    #[error("input is {} bytes, expected at most {limit} bytes", crate::base::error::Size(*.size, *.limit))]
    TooLarge {
        /// Size found, when known (`None`: a stream that went on past the limit).
        size: Option<usize>,
        /// Limit in force.
        limit: usize,
    },
}

impl FileProblem for PeopleProblem {
    fn code(&self) -> &'static str {
        match self {
            PeopleProblem::Io(_) => "io",
            PeopleProblem::Encoding(_) => "encoding",
            PeopleProblem::Empty => "empty",
            PeopleProblem::MissingColumn { .. } => "missing_column",
            PeopleProblem::DuplicateColumn(_) => "duplicate_column",
            PeopleProblem::SameColumn { .. } => "same_column",
            PeopleProblem::Csv(_) => "csv",
            PeopleProblem::TooMany(_) => "too_many_errors",
            PeopleProblem::TooLarge { .. } => "too_large",
            PeopleProblem::RepeatedHeader => "repeated_header",
        }
    }

    fn is_io(&self) -> bool {
        matches!(self, PeopleProblem::Io(_))
    }

    fn too_many(limit: usize) -> PeopleProblem {
        PeopleProblem::TooMany(limit)
    }

    fn io(message: String) -> PeopleProblem {
        PeopleProblem::Io(message)
    }

    fn encoding(message: String) -> PeopleProblem {
        PeopleProblem::Encoding(message)
    }

    fn too_large(size: Option<usize>, limit: usize) -> PeopleProblem {
        PeopleProblem::TooLarge { size, limit }
    }
}

/// A people file is malformed; every problem found is listed with its
/// location (`path` is the column name, when there is one).
pub type PeopleError = FileError<PeopleProblem>;

/// Why a row of the people file is not counted.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum RowReason {
    /// The group cell is empty.
    MissingGroup,
    /// The period cell is empty.
    MissingPeriod,
    /// The outcome cell is empty.
    MissingOutcome,
    /// The outcome is not one of yes/no, true/false, 1/0.
    InvalidOutcome,
}

impl RowReason {
    /// The reason as written in results.
    pub fn as_str(self) -> &'static str {
        match self {
            RowReason::MissingGroup => "missing_group",
            RowReason::MissingPeriod => "missing_period",
            RowReason::MissingOutcome => "missing_outcome",
            RowReason::InvalidOutcome => "invalid_outcome",
        }
    }
}

/// A row that is not counted, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct RejectedRow {
    /// Physical line in the file (header is line 1).
    pub line: u64,
    /// The column at fault.
    pub column: String,
    /// Why.
    pub reason: RowReason,
    /// What was found and what was expected.
    pub detail: String,
}

/// A row that is counted, but with something worth knowing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct RowWarning {
    /// Physical line in the file.
    pub line: u64,
    /// What.
    pub message: String,
}

/// One person, as counted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// Line (or 1-based position) in the input.
    #[serde(default)]
    pub line: u64,
    /// Group.
    pub group: String,
    /// Period, when the analysis has periods.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
    /// The outcome.
    pub outcome: bool,
    /// Reason for a "no" outcome, when recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// A people file read for analysis: the people counted, and the rows not counted.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct People {
    /// People counted.
    pub people: Vec<Person>,
    /// Rows not counted, by line.
    pub rejected: Vec<RejectedRow>,
    /// Counted rows with a remark.
    pub warnings: Vec<RowWarning>,
}

fn people_fault(fault: CsvFault) -> PeopleProblem {
    match fault {
        CsvFault::Empty => PeopleProblem::Empty,
        CsvFault::Malformed(m) => PeopleProblem::Csv(m),
        CsvFault::RepeatedHeader => PeopleProblem::RepeatedHeader,
    }
}

/// Reads a yes/no outcome: yes/no, true/false, y/n, 1/0 in any case.
pub fn parse_outcome(text: &str) -> Option<bool> {
    let t = text.trim();
    if ["yes", "true", "y", "1"]
        .iter()
        .any(|w| t.eq_ignore_ascii_case(w))
    {
        Some(true)
    } else if ["no", "false", "n", "0"]
        .iter()
        .any(|w| t.eq_ignore_ascii_case(w))
    {
        Some(false)
    } else {
        None
    }
}

/// Reads a people CSV (header row; any columns) for `options`. Rows with an
/// empty group, period or outcome, or an outcome that is not yes/no, are
/// rejected with their line; a malformed file is a [`PeopleError`].
pub fn read_people(text: &str, options: &EqualityOptions) -> Result<People, PeopleError> {
    let mut problems: Problems<PeopleProblem> = Problems::default();
    let mut people = People::default();
    let mut cols: [Option<usize>; 4] = [None; 4];
    let roles: [(&'static str, Option<&str>); 4] = [
        ("group", Some(options.group.as_str())),
        ("outcome", Some(options.outcome.as_str())),
        ("period", options.period.as_deref()),
        ("reason", options.reason.as_deref()),
    ];
    let at = |line: usize, column: Option<usize>, path: &str| Location {
        line: Some(line),
        column,
        path: path.to_string(),
    };
    for (i, (role, name)) in roles.iter().enumerate() {
        for (second, other) in roles.iter().skip(i + 1) {
            if let (Some(a), Some(b)) = (name, other) {
                if a.trim().eq_ignore_ascii_case(b.trim()) {
                    problems.0.push((
                        Location::default(),
                        PeopleProblem::SameColumn {
                            column: clip(a, 40),
                            first: role,
                            second,
                        },
                    ));
                }
            }
        }
    }
    problems.finish()?;
    let mut problems: Problems<PeopleProblem> = Problems::default();
    let (mut table, header) = CsvTable::open(text)
        .map_err(|(line, fault)| PeopleError::one(at(line, None, ""), people_fault(fault)))?;
    for ((role, name), slot) in roles.iter().zip(cols.iter_mut()) {
        let Some(name) = name else { continue };
        match find_column(&header, name) {
            Ok(Some(i)) => *slot = Some(i),
            Ok(None) => {
                let found = header_list(&header);
                let column = clip(name, 40);
                let p = PeopleProblem::MissingColumn {
                    column,
                    role,
                    found,
                };
                problems.push(1, None, "", p);
            }
            Err(()) => {
                problems.push(1, None, "", PeopleProblem::DuplicateColumn(clip(name, 40)));
            }
        }
    }
    problems.finish()?;
    let mut problems: Problems<PeopleProblem> = Problems::default();
    while let Some(next) = table.next_record() {
        let (line, record) = match next {
            Ok(x) => x,
            Err((line, fault)) => {
                if problems.push(line, None, "", people_fault(fault)) {
                    continue;
                }
                break;
            }
        };
        let cell = |slot: Option<usize>| -> Option<&str> {
            slot.and_then(|i| record.get(i))
                .map(str::trim)
                .filter(|s| !s.is_empty())
        };
        let [g, o, p, r] = cols;
        let name_of = |role: usize| -> String {
            roles
                .get(role)
                .and_then(|(_, n)| *n)
                .map(|n| n.trim().to_string())
                .unwrap_or_default()
        };
        let mut rejected = |role: usize, reason: RowReason, detail: String| {
            people.rejected.push(RejectedRow {
                line: line as u64,
                column: name_of(role),
                reason,
                detail,
            });
        };
        let Some(group) = cell(g) else {
            rejected(
                0,
                RowReason::MissingGroup,
                "the group is empty, expected a group for every person".into(),
            );
            continue;
        };
        let period = cell(p);
        if p.is_some() && period.is_none() {
            rejected(
                2,
                RowReason::MissingPeriod,
                "the period is empty, expected a period for every person".into(),
            );
            continue;
        }
        let outcome = match cell(o) {
            None => {
                rejected(
                    1,
                    RowReason::MissingOutcome,
                    "the outcome is empty, expected yes or no".into(),
                );
                continue;
            }
            Some(text) => match parse_outcome(text) {
                Some(b) => b,
                None => {
                    rejected(
                        1,
                        RowReason::InvalidOutcome,
                        format!(
                            "`{}` is not an outcome, expected yes/no, true/false, y/n or 1/0",
                            clip(text, 40)
                        ),
                    );
                    continue;
                }
            },
        };
        let reason = cell(r);
        if outcome && reason.is_some() {
            people.warnings.push(RowWarning {
                line: line as u64,
                message: format!(
                    "reason `{}` given for a \"yes\" outcome; reasons are counted for \"no\" outcomes only",
                    clip(reason.unwrap_or_default(), 40)
                ),
            });
        }
        people.people.push(Person {
            line: line as u64,
            group: group.to_string(),
            period: period.map(str::to_string),
            outcome,
            reason: if outcome {
                None
            } else {
                reason.map(str::to_string)
            },
        });
    }
    problems.finish().map(|()| people)
}

// ---------------------------------------------------------------------------
// Results.

/// The settings an analysis ran with.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Settings {
    /// Group column.
    pub group: String,
    /// Outcome column.
    pub outcome: String,
    /// Period column, if any.
    pub period: Option<String>,
    /// Reason column, if any.
    pub reason: Option<String>,
    /// The reference group of the relative likelihood.
    pub reference: Option<String>,
    /// How the reference group was chosen: `option` or `largest_group`.
    pub reference_chosen_by: String,
    /// Smallest `n` shown.
    pub min_cell: u64,
    /// Confidence level of the intervals (0.95).
    pub confidence: f64,
    /// The normal quantile used (1.959963984540054).
    pub z: f64,
}

/// Rows read, counted and rejected. `rows` and `used` are withheld (null)
/// when the overall total is suppressed, as they would reveal it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct RowCounts {
    /// Rows read.
    pub rows: Option<u64>,
    /// Rows counted.
    pub used: Option<u64>,
    /// Rows rejected.
    pub rejected: u64,
}

/// The outcome for one group in one period, or a total (`group` or
/// `period` null meaning "all"). Every number is null when `suppressed`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Estimate {
    /// The group; null: all groups.
    pub group: Option<String>,
    /// The period; null: all periods.
    pub period: Option<String>,
    /// Withheld to protect small numbers.
    pub suppressed: bool,
    /// People.
    pub n: Option<u64>,
    /// People with the outcome.
    pub count: Option<u64>,
    /// `count / n`.
    pub rate: Option<f64>,
    /// Lower end of the 95% Wilson interval.
    pub ci_low: Option<f64>,
    /// Upper end of the 95% Wilson interval.
    pub ci_high: Option<f64>,
    /// Reference group's rate ÷ this rate (same period); null for totals
    /// over groups, when either is suppressed, or when this rate is 0.
    pub relative_likelihood: Option<f64>,
    /// This rate ÷ the highest shown group rate of the same period.
    pub ratio_to_highest: Option<f64>,
    /// `ratio_to_highest < 0.8` (the four-fifths rule).
    pub four_fifths: Option<bool>,
}

/// A group's rates across periods (shown cells only).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Trend {
    /// The group.
    pub group: String,
    /// Periods with a shown rate.
    pub periods: u32,
    /// First such period.
    pub first_period: Option<String>,
    /// Last such period.
    pub last_period: Option<String>,
    /// Rate in the first.
    pub first_rate: Option<f64>,
    /// Rate in the last.
    pub last_rate: Option<f64>,
    /// `last_rate − first_rate`.
    pub change: Option<f64>,
    /// Least-squares slope of the rate against the period's position
    /// (0, 1, 2, ... in period order): change per period.
    pub slope: Option<f64>,
    /// Relative likelihood in the first period where it is shown.
    pub first_relative_likelihood: Option<f64>,
    /// Relative likelihood in the last period where it is shown.
    pub last_relative_likelihood: Option<f64>,
}

/// Reasons for "no" outcomes of one group, over all periods.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ReasonRow {
    /// The group.
    pub group: String,
    /// Withheld because the group's total is suppressed.
    pub suppressed: bool,
    /// People with a "no" outcome.
    pub declined: Option<u64>,
    /// Count per reason, in the order of [`ReasonTable::reasons`].
    pub counts: Option<Vec<u64>>,
}

/// Reasons for "no" outcomes by group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ReasonTable {
    /// Reasons, sorted, with `(not recorded)` last.
    pub reasons: Vec<String>,
    /// One row per group.
    pub groups: Vec<ReasonRow>,
    /// Count per reason over all groups; null when any group's row is suppressed.
    pub totals: Option<Vec<u64>>,
}

/// The result of an equality analysis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct EqualityResult {
    /// Settings.
    pub settings: Settings,
    /// Rows read, counted, rejected.
    pub counts: RowCounts,
    /// Groups, sorted.
    pub groups: Vec<String>,
    /// Periods in order (numeric when all are numbers, else text order);
    /// `["all"]` without a period column.
    pub periods: Vec<String>,
    /// One per period × group (period order, then group order).
    pub cells: Vec<Estimate>,
    /// Each group over all periods (only when there is more than one period).
    pub group_totals: Vec<Estimate>,
    /// Each period over all groups (only when there is more than one period).
    pub period_totals: Vec<Estimate>,
    /// Everyone.
    pub total: Estimate,
    /// Each group's trend across periods (only when there is more than one period).
    pub trends: Vec<Trend>,
    /// Reasons for "no" outcomes by group, when a reason column is given.
    pub reasons: Option<ReasonTable>,
    /// Rows not counted.
    pub rejected: Vec<RejectedRow>,
    /// Counted rows with a remark.
    pub warnings: Vec<RowWarning>,
}

/// The options do not fit the data.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OptionError {
    /// The reference group does not occur.
    #[error("unknown reference group `{value}`, expected one of {expected}")]
    UnknownReference {
        /// The value given.
        value: String,
        /// Groups that occur.
        expected: String,
    },
    /// `min_cell` is 0.
    #[error("minimum cell size must be at least 1, found `{0}`")]
    MinCell(u64),
}

/// The 95% Wilson score interval of `count` successes in `n` trials
/// (`None` when `n` is 0): `(p̂ + z²/2n ± z·√(p̂(1−p̂)/n + z²/4n²)) / (1 + z²/n)`.
pub fn wilson(count: u64, n: u64) -> Option<(f64, f64)> {
    if n == 0 {
        return None;
    }
    let nf = n as f64;
    let p = count as f64 / nf;
    let z2 = Z95 * Z95;
    let denom = 1.0 + z2 / nf;
    let center = (p + z2 / (2.0 * nf)) / denom;
    let dist = Z95 * (p * (1.0 - p) / nf + z2 / (4.0 * nf * nf)).sqrt() / denom;
    Some(((center - dist).max(0.0), (center + dist).min(1.0)))
}

/// Orders period labels: numerically when every label is a number, else as text.
fn sort_periods(periods: &mut [String]) {
    let numbers: Option<Vec<f64>> = periods
        .iter()
        .map(|p| p.trim().parse::<f64>().ok().filter(|x| x.is_finite()))
        .collect();
    if numbers.is_some() {
        periods.sort_by(|a, b| {
            let x = a.trim().parse::<f64>().unwrap_or(0.0);
            let y = b.trim().parse::<f64>().unwrap_or(0.0);
            x.total_cmp(&y).then_with(|| a.cmp(b))
        });
    } else {
        periods.sort();
    }
}

/// A dense rows × cols table.
#[derive(Debug, Clone)]
struct Grid<T> {
    cols: usize,
    data: Vec<T>,
}

impl<T: Copy + Default> Grid<T> {
    fn new(rows: usize, cols: usize) -> Grid<T> {
        Grid {
            cols,
            data: vec![T::default(); rows * cols],
        }
    }
    fn get(&self, r: usize, c: usize) -> T {
        self.data
            .get(r * self.cols + c)
            .copied()
            .unwrap_or_default()
    }
    fn set(&mut self, r: usize, c: usize, v: T) {
        if let Some(x) = self.data.get_mut(r * self.cols + c) {
            *x = v;
        }
    }
}

/// Which entries of a table must be suppressed. `n[e]` is the size of
/// entry `e` (`None`: a slot not in the table), `margin[e]` whether it is a
/// total, `equations` the linear relations between entries (each a list of
/// entries with coefficients summing to 0), `grid` the shape `(rows, cols)`
/// of a two-way table (entry `e` at row `e / cols`, column `e % cols`, the
/// last row and column being the totals). Primary: `n < min_cell`. Then,
/// while some suppressed entry is recoverable, the first such is protected:
/// in a two-way table by suppressing the entries of the cheapest path that
/// closes a cycle through it ([`closing_path`]); in a one-way table by
/// suppressing the open entry of its equation with the smallest
/// `(is not a total, n, index)`.
fn suppress(
    n: &[Option<u64>],
    margin: &[bool],
    equations: &[Vec<(usize, i8)>],
    min_cell: u64,
    grid: Option<(usize, usize)>,
) -> Vec<bool> {
    let mut suppressed: Vec<bool> = n.iter().map(|x| x.is_some_and(|x| x < min_cell)).collect();
    let open = |suppressed: &[bool], e: usize| {
        n.get(e).copied().flatten().is_some() && !suppressed.get(e).copied().unwrap_or(true)
    };
    let cost = |e: usize| {
        (
            !margin.get(e).copied().unwrap_or(false),
            n.get(e).copied().flatten().unwrap_or(u64::MAX),
            e,
        )
    };
    loop {
        let exposed = match grid {
            Some((rows, cols)) => bridges(&suppressed, rows, cols),
            None => recoverable(&suppressed, equations),
        };
        let Some(&target) = exposed.first() else {
            return suppressed;
        };
        let mut added: Vec<usize> = match grid {
            Some((rows, cols)) => closing_path(n, margin, &suppressed, rows, cols, target),
            None => Vec::new(),
        };
        added.retain(|&e| open(&suppressed, e));
        if added.is_empty() {
            let mut candidates: Vec<usize> = equations
                .iter()
                .filter(|eq| eq.iter().any(|&(e, _)| e == target))
                .flat_map(|eq| eq.iter().map(|&(e, _)| e))
                .filter(|&e| open(&suppressed, e))
                .collect();
            if candidates.is_empty() {
                candidates = (0..n.len()).filter(|&e| open(&suppressed, e)).collect();
            }
            match candidates.into_iter().min_by_key(|&e| cost(e)) {
                Some(e) => added.push(e),
                // Everything is suppressed already; nothing can be recovered.
                None => return suppressed,
            }
        }
        for e in added {
            if let Some(s) = suppressed.get_mut(e) {
                *s = true;
            }
        }
    }
}

/// Cost of a path: group cells added, totals added, people in them.
type PathCost = (u64, u64, u64);

/// The entries of the cheapest path between the row and the column of
/// `target` in the bipartite graph of a two-way table (rows and columns as
/// nodes, entries as edges), not using `target` itself: suppressed entries
/// cost nothing, others `(1, 0, n)` for a group cell and `(0, 1, n)` for a
/// total, compared in that order (so group cells are only ever added when
/// no path of totals exists, which never happens: a cell can always be
/// protected by its row total, its column total and the grand total).
/// Dijkstra's algorithm, visiting nodes in order of `(cost, node)` (rows
/// `0..rows`, then columns), relaxing neighbours in node order, on strict
/// improvement only; so the path is fully determined.
fn closing_path(
    n: &[Option<u64>],
    margin: &[bool],
    suppressed: &[bool],
    rows: usize,
    cols: usize,
    target: usize,
) -> Vec<usize> {
    if cols == 0 {
        return Vec::new();
    }
    let (tr, tc) = (target / cols, target % cols);
    let nodes = rows + cols;
    let entry = |u: usize, v: usize| -> Option<usize> {
        // u, v: a row node and a column node in either order.
        let (r, c) = if u < rows {
            (u, v.checked_sub(rows)?)
        } else {
            (v, u.checked_sub(rows)?)
        };
        (r < rows && c < cols).then_some(r * cols + c)
    };
    let weight = |e: usize| -> PathCost {
        if suppressed.get(e).copied().unwrap_or(false) {
            (0, 0, 0)
        } else {
            let size = n.get(e).copied().flatten().unwrap_or(u64::MAX / 4);
            if margin.get(e).copied().unwrap_or(false) {
                (0, 1, size)
            } else {
                (1, 0, size)
            }
        }
    };
    let add = |a: PathCost, b: PathCost| (a.0 + b.0, a.1 + b.1, a.2.saturating_add(b.2));
    let mut dist: Vec<Option<PathCost>> = vec![None; nodes];
    let mut prev: Vec<Option<usize>> = vec![None; nodes];
    let mut done = vec![false; nodes];
    if let Some(d) = dist.get_mut(tr) {
        *d = Some((0, 0, 0));
    }
    let goal = rows + tc;
    loop {
        let next = (0..nodes)
            .filter(|&u| !done.get(u).copied().unwrap_or(true))
            .filter_map(|u| dist.get(u).copied().flatten().map(|d| (d, u)))
            .min();
        let Some((d, u)) = next else { break };
        if let Some(x) = done.get_mut(u) {
            *x = true;
        }
        if u == goal {
            break;
        }
        let neighbours = if u < rows { rows..nodes } else { 0..rows };
        for v in neighbours {
            let Some(e) = entry(u, v) else { continue };
            if e == target || done.get(v).copied().unwrap_or(true) {
                continue;
            }
            let nd = add(d, weight(e));
            if dist.get(v).copied().flatten().is_none_or(|old| nd < old) {
                if let Some(x) = dist.get_mut(v) {
                    *x = Some(nd);
                }
                if let Some(x) = prev.get_mut(v) {
                    *x = Some(u);
                }
            }
        }
    }
    let mut path = Vec::new();
    let mut v = goal;
    while let Some(u) = prev.get(v).copied().flatten() {
        if let Some(e) = entry(u, v) {
            path.push(e);
        }
        v = u;
    }
    if v != tr {
        return Vec::new();
    }
    path
}

fn gcd(a: i128, b: i128) -> i128 {
    let (mut a, mut b) = (a.abs(), b.abs());
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

/// The recoverable suppressed entries of a two-way table (`rows × cols`
/// entries, the last row and column being totals), sorted. Its equations
/// (each row and each column sums to its total) form, after changing the
/// signs of the total row, total column and totals, the incidence matrix of
/// the bipartite graph whose nodes are the rows and columns and whose edges
/// are the entries; restricted to the suppressed entries, its null space is
/// spanned by the graph's cycles, so an entry is determined exactly when it
/// lies on no cycle of the suppressed entries: when it is a *bridge*. Found
/// in linear time (Tarjan), so large tables stay cheap; the elimination of
/// [`recoverable`] gives the same answer (checked by the tests).
fn bridges(suppressed: &[bool], rows: usize, cols: usize) -> Vec<usize> {
    let nodes = rows + cols;
    let mut adj: Vec<Vec<(usize, usize)>> = vec![Vec::new(); nodes];
    for (e, _) in suppressed.iter().enumerate().filter(|(_, s)| **s) {
        let (r, c) = (e / cols.max(1), rows + e % cols.max(1));
        if r >= rows || c >= nodes {
            continue;
        }
        if let Some(a) = adj.get_mut(r) {
            a.push((c, e));
        }
        if let Some(a) = adj.get_mut(c) {
            a.push((r, e));
        }
    }
    let mut disc = vec![0usize; nodes];
    let mut low = vec![0usize; nodes];
    let mut timer = 0usize;
    let mut out = Vec::new();
    for start in 0..nodes {
        if disc.get(start).copied().unwrap_or(1) != 0 {
            continue;
        }
        timer += 1;
        if let (Some(d), Some(l)) = (disc.get_mut(start), low.get_mut(start)) {
            (*d, *l) = (timer, timer);
        }
        // (node, the edge it was reached by, next neighbour to look at)
        let mut stack: Vec<(usize, Option<usize>, usize)> = vec![(start, None, 0)];
        while let Some(&(u, via, next)) = stack.last() {
            let step = adj.get(u).and_then(|a| a.get(next)).copied();
            if let Some(top) = stack.last_mut() {
                top.2 += 1;
            }
            match step {
                Some((_, e)) if Some(e) == via => {}
                Some((v, e)) => {
                    let dv = disc.get(v).copied().unwrap_or(0);
                    if dv == 0 {
                        timer += 1;
                        if let (Some(d), Some(l)) = (disc.get_mut(v), low.get_mut(v)) {
                            (*d, *l) = (timer, timer);
                        }
                        stack.push((v, Some(e), 0));
                    } else if let Some(l) = low.get_mut(u) {
                        *l = (*l).min(dv);
                    }
                }
                None => {
                    stack.pop();
                    let lu = low.get(u).copied().unwrap_or(0);
                    if let Some(&(p, _, _)) = stack.last() {
                        if let Some(l) = low.get_mut(p) {
                            *l = (*l).min(lu);
                        }
                        if lu > disc.get(p).copied().unwrap_or(0) {
                            if let Some(e) = via {
                                out.push(e);
                            }
                        }
                    }
                }
            }
        }
    }
    out.sort_unstable();
    out
}

/// The suppressed entries whose value is determined by the equations and
/// the published entries: those whose unit vector is in the row space of
/// the equations restricted to the suppressed entries. Exact integer
/// Gauss–Jordan elimination (used for one-way tables, whose single equation
/// makes it trivial; two-way tables use [`bridges`]).
fn recoverable(suppressed: &[bool], equations: &[Vec<(usize, i8)>]) -> Vec<usize> {
    let unknowns: Vec<usize> = (0..suppressed.len())
        .filter(|&e| suppressed.get(e).copied().unwrap_or(false))
        .collect();
    let k = unknowns.len();
    if k == 0 {
        return Vec::new();
    }
    let position: BTreeMap<usize, usize> =
        unknowns.iter().enumerate().map(|(i, &e)| (e, i)).collect();
    let mut rows: Vec<Vec<i128>> = equations
        .iter()
        .map(|eq| {
            let mut row = vec![0i128; k];
            for &(e, c) in eq {
                if let Some(slot) = position.get(&e).and_then(|&i| row.get_mut(i)) {
                    *slot += i128::from(c);
                }
            }
            row
        })
        .filter(|row| row.iter().any(|&x| x != 0))
        .collect();
    let mut pivot_row: Vec<Option<usize>> = vec![None; k];
    let mut next = 0usize;
    for col in 0..k {
        let found = (next..rows.len()).find(|&i| {
            rows.get(i)
                .and_then(|r| r.get(col))
                .is_some_and(|&v| v != 0)
        });
        let Some(found) = found else { continue };
        rows.swap(next, found);
        let pivot = rows.get(next).cloned().unwrap_or_default();
        let a = pivot.get(col).copied().unwrap_or(1);
        for (i, row) in rows.iter_mut().enumerate() {
            if i == next {
                continue;
            }
            let b = row.get(col).copied().unwrap_or(0);
            if b == 0 {
                continue;
            }
            for (x, p) in row.iter_mut().zip(&pivot) {
                *x = a * *x - b * *p;
            }
            let g = row.iter().fold(0i128, |g, &x| gcd(g, x));
            if g > 1 {
                for x in row.iter_mut() {
                    *x /= g;
                }
            }
        }
        if let Some(slot) = pivot_row.get_mut(col) {
            *slot = Some(next);
        }
        next += 1;
    }
    let free: Vec<usize> = (0..k)
        .filter(|&c| pivot_row.get(c).copied().flatten().is_none())
        .collect();
    (0..k)
        .filter(|&c| {
            pivot_row
                .get(c)
                .copied()
                .flatten()
                .and_then(|r| rows.get(r))
                .is_some_and(|row| free.iter().all(|&f| row.get(f).copied().unwrap_or(0) == 0))
        })
        .filter_map(|c| unknowns.get(c).copied())
        .collect()
}

/// Least-squares slope of `y` against `x`; `None` with fewer than two points.
fn slope(points: &[(f64, f64)]) -> Option<f64> {
    if points.len() < 2 {
        return None;
    }
    let m = points.len() as f64;
    let mx = points.iter().map(|p| p.0).sum::<f64>() / m;
    let my = points.iter().map(|p| p.1).sum::<f64>() / m;
    let sxy: f64 = points.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
    let sxx: f64 = points.iter().map(|p| (p.0 - mx) * (p.0 - mx)).sum();
    (sxx > 0.0).then(|| sxy / sxx)
}

fn estimate(
    group: Option<&str>,
    period: Option<&str>,
    n: u64,
    count: u64,
    shown: bool,
) -> Estimate {
    let interval = if shown { wilson(count, n) } else { None };
    Estimate {
        group: group.map(str::to_string),
        period: period.map(str::to_string),
        suppressed: !shown,
        n: shown.then_some(n),
        count: shown.then_some(count),
        rate: (shown && n > 0).then(|| count as f64 / n as f64),
        ci_low: interval.map(|i| i.0),
        ci_high: interval.map(|i| i.1),
        relative_likelihood: None,
        ratio_to_highest: None,
        four_fifths: None,
    }
}

/// Fills relative likelihoods (against the estimate of `reference`, when
/// shown) and ratios to the highest shown rate, among `estimates` (one
/// comparison set: the groups of one period, or the group totals).
fn compare(estimates: &mut [Estimate], reference: Option<&str>) {
    let reference_rate = reference.and_then(|r| {
        estimates
            .iter()
            .find(|e| e.group.as_deref() == Some(r))
            .and_then(|e| e.rate)
    });
    // Rates as exact fractions count/n: the highest found, and the
    // four-fifths rule decided, on integers (a ratio of exactly 4/5, e.g.
    // 1/3 against 5/12, is 0.7999999999999999 in floating point).
    let fraction = |e: &Estimate| match (e.rate, e.count, e.n) {
        (Some(_), Some(c), Some(n)) if n > 0 => Some((u128::from(c), u128::from(n))),
        _ => None,
    };
    let highest = estimates
        .iter()
        .filter_map(|e| fraction(e).zip(e.rate))
        .fold(None, |m: Option<((u128, u128), f64)>, x| match m {
            Some(((c, n), _)) if c * (x.0).1 >= (x.0).0 * n => m,
            _ => Some(x),
        });
    for e in estimates.iter_mut() {
        let Some(rate) = e.rate else { continue };
        e.relative_likelihood = match reference_rate {
            Some(rr) if rate > 0.0 => Some(rr / rate),
            _ => None,
        };
        if let (Some(((hc, hn), h)), Some((c, n))) = (highest.filter(|x| x.1 > 0.0), fraction(e)) {
            e.ratio_to_highest = Some(rate / h);
            e.four_fifths = Some(5 * c * hn < 4 * hc * n);
        }
    }
}

/// Analyses `people` by group (and period): see the module documentation.
#[allow(clippy::too_many_lines)] // SPLIT: issue 17
pub fn analyse(people: &People, options: &EqualityOptions) -> Result<EqualityResult, OptionError> {
    if options.min_cell == 0 {
        return Err(OptionError::MinCell(0));
    }
    let mut groups: Vec<String> = people.people.iter().map(|p| p.group.clone()).collect();
    groups.sort();
    groups.dedup();
    let has_periods = options.period.is_some();
    let mut periods: Vec<String> = if has_periods {
        people
            .people
            .iter()
            .filter_map(|p| p.period.clone())
            .collect()
    } else {
        vec!["all".to_string()]
    };
    periods.sort();
    periods.dedup();
    sort_periods(&mut periods);
    if periods.is_empty() {
        periods.push("all".to_string());
    }
    let (gn, pn) = (groups.len(), periods.len());
    let group_index: BTreeMap<&str, usize> = groups
        .iter()
        .enumerate()
        .map(|(i, g)| (g.as_str(), i))
        .collect();
    let period_index: BTreeMap<&str, usize> = periods
        .iter()
        .enumerate()
        .map(|(i, p)| (p.as_str(), i))
        .collect();

    // Extended table: rows = groups + total, cols = periods + total.
    let (rows, cols) = (gn + 1, pn + 1);
    let mut n: Grid<u64> = Grid::new(rows, cols);
    let mut c: Grid<u64> = Grid::new(rows, cols);
    for p in &people.people {
        let Some(&g) = group_index.get(p.group.as_str()) else {
            continue;
        };
        let t = if has_periods {
            p.period
                .as_deref()
                .and_then(|x| period_index.get(x))
                .copied()
        } else {
            Some(0)
        };
        let Some(t) = t else { continue };
        for (r, col) in [(g, t), (g, pn), (gn, t), (gn, pn)] {
            n.set(r, col, n.get(r, col) + 1);
            if p.outcome {
                c.set(r, col, c.get(r, col) + 1);
            }
        }
    }

    let reference = match &options.reference {
        Some(r) => {
            if !group_index.contains_key(r.as_str()) {
                let names: Vec<&str> = groups.iter().map(String::as_str).collect();
                return Err(OptionError::UnknownReference {
                    value: clip(r, 40),
                    expected: crate::model::validate::quote_list(&names),
                });
            }
            Some(r.clone())
        }
        None => (0..gn)
            .max_by(|&a, &b| n.get(a, pn).cmp(&n.get(b, pn)).then(b.cmp(&a)))
            .and_then(|g| groups.get(g).cloned()),
    };

    // Entries and equations. Two-way (several periods): cells, group
    // totals, period totals, grand total. One-way: cells and grand total.
    let two_way = pn > 1;
    let id = |r: usize, col: usize| r * cols + col;
    let entries = rows * cols;
    let mut n_flat = vec![u64::MAX; entries];
    let mut margin = vec![false; entries];
    let mut used = vec![false; entries];
    let mut equations: Vec<Vec<(usize, i8)>> = Vec::new();
    for r in 0..rows {
        for col in 0..cols {
            let is_used = if two_way { true } else { col == 0 };
            if !is_used {
                continue;
            }
            let e = id(r, col);
            if let Some(x) = n_flat.get_mut(e) {
                *x = n.get(r, col);
            }
            if let Some(x) = margin.get_mut(e) {
                *x = r == gn || (two_way && col == pn);
            }
            if let Some(x) = used.get_mut(e) {
                *x = true;
            }
        }
    }
    if two_way {
        for r in 0..rows {
            let mut eq: Vec<(usize, i8)> = (0..pn).map(|col| (id(r, col), 1)).collect();
            eq.push((id(r, pn), -1));
            equations.push(eq);
        }
        for col in 0..cols {
            let mut eq: Vec<(usize, i8)> = (0..gn).map(|r| (id(r, col), 1)).collect();
            eq.push((id(gn, col), -1));
            equations.push(eq);
        }
    } else {
        let mut eq: Vec<(usize, i8)> = (0..gn).map(|r| (id(r, 0), 1)).collect();
        eq.push((id(gn, 0), -1));
        equations.push(eq);
    }
    // Unused slots (one-way totals column) are never suppressed or shown.
    let n_for_rule: Vec<Option<u64>> = n_flat
        .iter()
        .zip(&used)
        .map(|(&x, &u)| u.then_some(x))
        .collect();
    let suppressed = suppress(
        &n_for_rule,
        &margin,
        &equations,
        options.min_cell,
        two_way.then_some((rows, cols)),
    );
    let shown = |r: usize, col: usize| !suppressed.get(id(r, col)).copied().unwrap_or(true);

    let mut cells = Vec::with_capacity(gn * pn);
    for (t, period) in periods.iter().enumerate() {
        let mut row: Vec<Estimate> = groups
            .iter()
            .enumerate()
            .map(|(g, group)| {
                estimate(
                    Some(group),
                    has_periods.then_some(period.as_str()),
                    n.get(g, t),
                    c.get(g, t),
                    shown(g, t),
                )
            })
            .collect();
        compare(&mut row, reference.as_deref());
        cells.extend(row);
    }
    let total_col = if two_way { pn } else { 0 };
    let mut group_totals = Vec::new();
    let mut period_totals = Vec::new();
    if two_way {
        group_totals = groups
            .iter()
            .enumerate()
            .map(|(g, group)| estimate(Some(group), None, n.get(g, pn), c.get(g, pn), shown(g, pn)))
            .collect();
        compare(&mut group_totals, reference.as_deref());
        period_totals = periods
            .iter()
            .enumerate()
            .map(|(t, period)| {
                estimate(None, Some(period), n.get(gn, t), c.get(gn, t), shown(gn, t))
            })
            .collect();
    }
    let total = estimate(
        None,
        None,
        n.get(gn, total_col),
        c.get(gn, total_col),
        shown(gn, total_col),
    );

    let mut trends = Vec::new();
    if two_way {
        for (g, group) in groups.iter().enumerate() {
            let series: Vec<(usize, &Estimate)> = (0..pn)
                .filter_map(|t| cells.get(t * gn + g).map(|e| (t, e)))
                .filter(|(_, e)| e.rate.is_some())
                .collect();
            let points: Vec<(f64, f64)> = series
                .iter()
                .filter_map(|(t, e)| e.rate.map(|r| (*t as f64, r)))
                .collect();
            let first = series.first();
            let last = series.last();
            let rl: Vec<f64> = series
                .iter()
                .filter_map(|(_, e)| e.relative_likelihood)
                .collect();
            trends.push(Trend {
                group: group.clone(),
                periods: u32::try_from(series.len()).unwrap_or(u32::MAX),
                first_period: first.and_then(|(_, e)| e.period.clone()),
                last_period: last.and_then(|(_, e)| e.period.clone()),
                first_rate: first.and_then(|(_, e)| e.rate),
                last_rate: last.and_then(|(_, e)| e.rate),
                change: match (first, last) {
                    (Some(a), Some(b)) if series.len() > 1 => {
                        b.1.rate.zip(a.1.rate).map(|(y, x)| y - x)
                    }
                    _ => None,
                },
                slope: slope(&points),
                first_relative_likelihood: rl.first().copied(),
                last_relative_likelihood: rl.last().copied(),
            });
        }
    }

    let reasons = options.reason.as_ref().map(|_| {
        let mut names: Vec<String> = people
            .people
            .iter()
            .filter(|p| !p.outcome)
            .filter_map(|p| p.reason.clone())
            .collect();
        names.sort();
        names.dedup();
        let any_unrecorded = people
            .people
            .iter()
            .any(|p| !p.outcome && p.reason.is_none());
        if any_unrecorded {
            names.push(NOT_RECORDED.to_string());
        }
        let reason_index: BTreeMap<&str, usize> = names
            .iter()
            .enumerate()
            .map(|(i, r)| (r.as_str(), i))
            .collect();
        let mut counts = vec![vec![0u64; names.len()]; gn];
        for p in people.people.iter().filter(|p| !p.outcome) {
            let g = group_index.get(p.group.as_str()).copied();
            let k = reason_index
                .get(p.reason.as_deref().unwrap_or(NOT_RECORDED))
                .copied();
            if let Some(slot) = g
                .and_then(|g| counts.get_mut(g))
                .zip(k)
                .and_then(|(row, k)| row.get_mut(k))
            {
                *slot += 1;
            }
        }
        let rows: Vec<ReasonRow> = groups
            .iter()
            .enumerate()
            .map(|(g, group)| {
                let ok = shown(g, total_col);
                let row = counts.get(g).cloned().unwrap_or_default();
                ReasonRow {
                    group: group.clone(),
                    suppressed: !ok,
                    declined: ok.then(|| row.iter().sum()),
                    counts: ok.then_some(row),
                }
            })
            .collect();
        let totals = rows.iter().all(|r| !r.suppressed).then(|| {
            (0..names.len())
                .map(|k| counts.iter().filter_map(|row| row.get(k)).sum())
                .collect()
        });
        ReasonTable {
            reasons: names,
            groups: rows,
            totals,
        }
    });

    let grand_shown = shown(gn, total_col);
    let used_rows = people.people.len() as u64;
    let rejected = people.rejected.len() as u64;
    Ok(EqualityResult {
        settings: Settings {
            group: options.group.clone(),
            outcome: options.outcome.clone(),
            period: options.period.clone(),
            reason: options.reason.clone(),
            reference,
            reference_chosen_by: if options.reference.is_some() {
                "option"
            } else {
                "largest_group"
            }
            .to_string(),
            min_cell: options.min_cell,
            confidence: 0.95,
            z: Z95,
        },
        counts: RowCounts {
            rows: grand_shown.then_some(used_rows + rejected),
            used: grand_shown.then_some(used_rows),
            rejected,
        },
        groups,
        periods,
        cells,
        group_totals,
        period_totals,
        total,
        trends,
        reasons,
        rejected: people.rejected.clone(),
        warnings: people.warnings.clone(),
    })
}

// ---------------------------------------------------------------------------
// HTML.

fn fmt_opt(x: Option<f64>, digits: usize) -> String {
    x.map_or_else(|| "–".to_string(), |v| format!("{v:.digits$}"))
}

fn estimate_cells(
    e: &Estimate,
    label: crate::render::html::Cell,
) -> Vec<crate::render::html::Cell> {
    use crate::render::html::Cell;
    let mut row = vec![label];
    if e.suppressed {
        row.extend((0..7).map(|_| Cell::Suppressed("*".into())));
        return row;
    }
    row.push(Cell::Number(e.n.map(|x| x.to_string()).unwrap_or_default()));
    row.push(Cell::Number(
        e.count.map(|x| x.to_string()).unwrap_or_default(),
    ));
    row.push(Cell::Number(
        e.rate.map_or("–".into(), crate::render::html::percent),
    ));
    row.push(Cell::Number(match (e.ci_low, e.ci_high) {
        (Some(a), Some(b)) => format!(
            "{} – {}",
            crate::render::html::percent(a),
            crate::render::html::percent(b)
        ),
        _ => "–".into(),
    }));
    row.push(Cell::Number(fmt_opt(e.relative_likelihood, 2)));
    row.push(Cell::Number(fmt_opt(e.ratio_to_highest, 2)));
    row.push(Cell::Text(match e.four_fifths {
        Some(true) => "below 4/5".into(),
        Some(false) => "".into(),
        None => "–".into(),
    }));
    row
}

const HEADER: [&str; 8] = [
    "group",
    "n",
    "with outcome",
    "rate",
    "95% interval",
    "relative likelihood",
    "ratio to highest",
    "four-fifths",
];

impl EqualityResult {
    /// A self-contained HTML page: a chart of the rates with their 95%
    /// intervals per group over periods, and the tables. Suppressed numbers
    /// appear nowhere on the page.
    #[allow(clippy::too_many_lines)] // SPLIT: issue 17
    pub fn to_html(&self) -> String {
        use crate::render::html::{escape, interval_chart, page, table, Cell, Interval, Series};
        let s = &self.settings;
        let title = format!("Equality monitoring: {} by {}", s.outcome, s.group);
        let mut body = format!("<h1>{}</h1>\n", escape(&title));
        body += &format!(
            "<p class=\"note\">Outcome column <code>{}</code>, group column <code>{}</code>{}. \
             Rates with 95% Wilson intervals. Relative likelihood = rate of the reference group \
             <strong>{}</strong> ÷ rate of the group (above 1: the reference group is more likely to have the outcome). \
             Ratio to highest = rate ÷ highest shown group rate in the same period; below 0.8 fails the four-fifths rule. \
             Cells with fewer than {} people are suppressed (*), and further cells or totals where needed so that \
             no suppressed number can be worked out from the others.</p>\n",
            escape(&s.outcome),
            escape(&s.group),
            s.period
                .as_deref()
                .map(|p| format!(", period column <code>{}</code>", escape(p)))
                .unwrap_or_default(),
            escape(s.reference.as_deref().unwrap_or("(none)")),
            s.min_cell
        );
        let series: Vec<Series> = self
            .groups
            .iter()
            .enumerate()
            .map(|(g, name)| Series {
                name: name.clone(),
                points: (0..self.periods.len())
                    .map(|t| {
                        self.cells.get(t * self.groups.len() + g).and_then(|e| {
                            match (e.rate, e.ci_low, e.ci_high) {
                                (Some(value), Some(low), Some(high)) => {
                                    Some(Interval { value, low, high })
                                }
                                _ => None,
                            }
                        })
                    })
                    .collect(),
            })
            .collect();
        body += "<figure>\n";
        body += &interval_chart(
            &format!("Rate of {} by {} and period", s.outcome, s.group),
            "Each group's rate with its 95% Wilson interval in each period; suppressed cells are left out.",
            &self.periods,
            &series,
            (0.0, 1.0),
            true,
        );
        body += "<figcaption>Dots: rates; bars: 95% Wilson intervals. Gaps are suppressed cells.</figcaption>\n</figure>\n";
        for (t, period) in self.periods.iter().enumerate() {
            let rows: Vec<Vec<Cell>> = self
                .cells
                .iter()
                .skip(t * self.groups.len())
                .take(self.groups.len())
                .map(|e| estimate_cells(e, Cell::Header(e.group.clone().unwrap_or_default())))
                .chain(
                    self.period_totals
                        .get(t)
                        .map(|e| estimate_cells(e, Cell::Header("all groups".into()))),
                )
                .collect();
            let heading = if s.period.is_some() {
                format!("Period {period}")
            } else {
                "All people".to_string()
            };
            body += &format!("<h2>{}</h2>\n", escape(&heading));
            body += &table(&format!("Rates by group: {heading}"), &HEADER, &rows);
        }
        if !self.group_totals.is_empty() {
            body += "<h2>All periods</h2>\n";
            let rows: Vec<Vec<Cell>> = self
                .group_totals
                .iter()
                .map(|e| estimate_cells(e, Cell::Header(e.group.clone().unwrap_or_default())))
                .collect();
            body += &table("Each group over all periods", &HEADER, &rows);
        }
        body += "<h2>Overall</h2>\n";
        body += &table(
            "Everyone",
            &HEADER,
            &[estimate_cells(&self.total, Cell::Header("everyone".into()))],
        );
        if !self.trends.is_empty() {
            body += "<h2>Trend</h2>\n";
            let rows: Vec<Vec<Cell>> = self
                .trends
                .iter()
                .map(|t| {
                    vec![
                        Cell::Header(t.group.clone()),
                        Cell::Number(t.periods.to_string()),
                        Cell::Text(t.first_period.clone().unwrap_or_else(|| "–".into())),
                        Cell::Text(t.last_period.clone().unwrap_or_else(|| "–".into())),
                        Cell::Number(
                            t.first_rate
                                .map_or("–".into(), crate::render::html::percent),
                        ),
                        Cell::Number(t.last_rate.map_or("–".into(), crate::render::html::percent)),
                        Cell::Number(
                            t.change
                                .map_or("–".into(), |x| format!("{:+.1} pts", x * 100.0)),
                        ),
                        Cell::Number(
                            t.slope
                                .map_or("–".into(), |x| format!("{:+.1} pts", x * 100.0)),
                        ),
                        Cell::Number(fmt_opt(t.first_relative_likelihood, 2)),
                        Cell::Number(fmt_opt(t.last_relative_likelihood, 2)),
                    ]
                })
                .collect();
            body += &table(
                "Each group's shown rates across periods",
                &[
                    "group",
                    "periods shown",
                    "first",
                    "last",
                    "first rate",
                    "last rate",
                    "change",
                    "slope per period",
                    "first relative likelihood",
                    "last relative likelihood",
                ],
                &rows,
            );
        }
        if let Some(r) = &self.reasons {
            body += "<h2>Reasons for \"no\" outcomes</h2>\n";
            let mut header: Vec<&str> = vec!["group", "declined"];
            header.extend(r.reasons.iter().map(String::as_str));
            let mut rows: Vec<Vec<Cell>> = r
                .groups
                .iter()
                .map(|row| {
                    let mut cells = vec![Cell::Header(row.group.clone())];
                    match (&row.declined, &row.counts) {
                        (Some(d), Some(counts)) if !row.suppressed => {
                            cells.push(Cell::Number(d.to_string()));
                            cells.extend(counts.iter().map(|x| Cell::Number(x.to_string())));
                        }
                        _ => cells
                            .extend((0..=r.reasons.len()).map(|_| Cell::Suppressed("*".into()))),
                    }
                    cells
                })
                .collect();
            if let Some(t) = &r.totals {
                let mut cells = vec![
                    Cell::Header("all groups".into()),
                    Cell::Number(t.iter().sum::<u64>().to_string()),
                ];
                cells.extend(t.iter().map(|x| Cell::Number(x.to_string())));
                rows.push(cells);
            }
            body += &table("Reasons by group, all periods", &header, &rows);
        }
        body += &format!(
            "<p class=\"note\">Rows read: {}; counted: {}; not counted: {}.</p>\n",
            self.counts
                .rows
                .map_or("withheld".into(), |x| x.to_string()),
            self.counts
                .used
                .map_or("withheld".into(), |x| x.to_string()),
            self.counts.rejected
        );
        if !self.rejected.is_empty() {
            let rows: Vec<Vec<Cell>> = self
                .rejected
                .iter()
                .map(|r| {
                    vec![
                        Cell::Number(r.line.to_string()),
                        Cell::Text(r.column.clone()),
                        Cell::Text(r.reason.as_str().to_string()),
                        Cell::Text(r.detail.clone()),
                    ]
                })
                .collect();
            body += &table(
                "Rows not counted",
                &["line", "column", "reason", "detail"],
                &rows,
            );
        }
        page(&title, &body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(group: &str, period: &str, outcome: bool) -> Person {
        Person {
            line: 0,
            group: group.into(),
            period: Some(period.into()),
            outcome,
            reason: None,
        }
    }

    #[test]
    fn wilson_matches_a_hand_worked_case() {
        // 3 of 10: p = 0.3, z² = 3.8414588, centre = (0.3 + 0.19207294)/1.38414588,
        // half = 1.95996398 * sqrt(0.021 + 0.0096036)/1.38414588.
        let (lo, hi) = wilson(3, 10).unwrap();
        assert!((lo - 0.107_791_267_406_301).abs() < 1e-12, "{lo}");
        assert!((hi - 0.603_221_852_538_855).abs() < 1e-12, "{hi}");
        assert_eq!(wilson(0, 0), None);
    }

    #[test]
    fn a_ratio_of_exactly_four_fifths_passes_the_four_fifths_rule() {
        // 4 of 12 against the highest rate, 5 of 12: a ratio of exactly 4/5
        // (0.7999999999999999 in floating point) passes; 3 of 12 fails.
        let mut people = Vec::new();
        for (g, n, yes) in [("a", 12, 4), ("b", 12, 5), ("c", 12, 3)] {
            for i in 0..n {
                people.push(person(g, "2024", i < yes));
            }
        }
        let data = People {
            people,
            ..People::default()
        };
        let mut o = EqualityOptions::new("g", "o");
        o.min_cell = 1;
        let r = analyse(&data, &o).unwrap();
        let flag = |g: &str| {
            r.cells
                .iter()
                .find(|e| e.group.as_deref() == Some(g))
                .and_then(|e| e.four_fifths)
        };
        assert_eq!(
            (flag("a"), flag("b"), flag("c")),
            (Some(false), Some(false), Some(true))
        );
    }

    #[test]
    fn a_single_small_cell_is_protected() {
        let mut people = Vec::new();
        for (g, n) in [("a", 30), ("b", 40), ("c", 5)] {
            for i in 0..n {
                people.push(person(g, "2024", i % 3 == 0));
            }
        }
        let data = People {
            people,
            ..People::default()
        };
        let mut o = EqualityOptions::new("g", "o");
        o.min_cell = 10;
        let r = analyse(&data, &o).unwrap();
        // c is suppressed; so is the total (one-way table), so c cannot be
        // recovered as total − a − b.
        assert!(r
            .cells
            .iter()
            .any(|e| e.group.as_deref() == Some("c") && e.suppressed));
        assert!(r.total.suppressed);
        assert_eq!(r.counts.used, None);
    }

    #[test]
    fn bridges_agree_with_elimination() {
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..500 {
            let rows = 2 + (next() % 5) as usize;
            let cols = 3 + (next() % 5) as usize;
            let suppressed: Vec<bool> = (0..rows * cols).map(|_| next() % 3 == 0).collect();
            let id = |r: usize, c: usize| r * cols + c;
            let mut eqs: Vec<Vec<(usize, i8)>> = Vec::new();
            for r in 0..rows {
                let mut eq: Vec<(usize, i8)> = (0..cols - 1).map(|c| (id(r, c), 1)).collect();
                eq.push((id(r, cols - 1), -1));
                eqs.push(eq);
            }
            for c in 0..cols {
                let mut eq: Vec<(usize, i8)> = (0..rows - 1).map(|r| (id(r, c), 1)).collect();
                eq.push((id(rows - 1, c), -1));
                eqs.push(eq);
            }
            assert_eq!(
                bridges(&suppressed, rows, cols),
                recoverable(&suppressed, &eqs)
            );
        }
    }

    #[test]
    fn recoverable_finds_lone_unknowns() {
        // x0 + x1 - x2 = 0 with only x2 suppressed: recoverable.
        let eq = vec![vec![(0, 1), (1, 1), (2, -1)]];
        assert_eq!(recoverable(&[false, false, true], &eq), vec![2]);
        assert!(recoverable(&[false, true, true], &eq).is_empty());
    }
}
