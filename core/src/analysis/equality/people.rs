//! Reading the people file: one row per person with a group, a yes/no
//! outcome and optionally a period and decline reason; rows that cannot be
//! used are rejected with their reasons.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::analysis::equality::options::EqualityOptions;
use crate::analysis::table::{file_problem, find_column, header_list, CsvFault, CsvTable};
use crate::base::error::{FileError, Location, Problems};
use crate::base::text::clip;
use crate::input::sheet::Table;

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
    /// A workbook that cannot be read, or one of its cells (its code, the
    /// message).
    #[error("{1}")]
    Workbook(&'static str, String),
    /// A file larger than [`crate::input::MAX_DOCUMENT_BYTES`].
    #[error("input is {} bytes, expected at most {limit} bytes", crate::base::error::Size(*.size, *.limit))]
    TooLarge {
        /// Size found, when known (`None`: a stream that went on past the limit).
        size: Option<usize>,
        /// Limit in force.
        limit: usize,
    },
}

file_problem!(PeopleProblem {
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
});

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

/// The people-file problem of a table's fault (also for the other group
/// tables: shares, the screen's people file).
pub(crate) fn people_fault(fault: CsvFault) -> PeopleProblem {
    match fault {
        CsvFault::Empty => PeopleProblem::Empty,
        CsvFault::Malformed(m) => PeopleProblem::Csv(m),
        CsvFault::RepeatedHeader => PeopleProblem::RepeatedHeader,
        CsvFault::ErrorCell(_, m) => PeopleProblem::Workbook("error_cell", m),
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

/// The role of the period column, and the detail of an empty cell in it:
/// a period, or (`crossed`) a second group.
fn second(crossed: bool) -> (&'static str, &'static str) {
    if crossed {
        (
            "cross",
            "the second group is empty, expected a group for every person",
        )
    } else {
        (
            "period",
            "the period is empty, expected a period for every person",
        )
    }
}

/// Reads a people CSV (header row; any columns) for `options`. Rows with an
/// empty group, period or outcome, or an outcome that is not yes/no, are
/// rejected with their line; a malformed file is a [`PeopleError`].
/// `input` is CSV text or a sheet's table (errors then name the sheet and
/// cell; lines are rows).
pub fn read_people<'t>(
    input: impl Into<Table<'t>>,
    options: &EqualityOptions,
) -> Result<People, PeopleError> {
    let table = input.into();
    read_people_table(table, options).map_err(|e| match table {
        Table::Sheet(s) => s.locate(e),
        Table::Csv(_) => e,
    })
}

fn read_people_table(text: Table<'_>, options: &EqualityOptions) -> Result<People, PeopleError> {
    let mut problems: Problems<PeopleProblem> = Problems::default();
    let mut people = People::default();
    let mut cols: [Option<usize>; 4] = [None; 4];
    let roles: [(&'static str, Option<&str>); 4] = [
        ("group", Some(options.group.as_str())),
        ("outcome", Some(options.outcome.as_str())),
        (second(options.crossed).0, options.period.as_deref()),
        ("reason", options.reason.as_deref()),
    ];
    let at = |line: usize| Location {
        line: Some(line),
        ..Location::default()
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
        .map_err(|(line, fault)| PeopleError::one(at(line), people_fault(fault)))?;
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
                if problems.push(line, fault.column(), "", people_fault(fault)) {
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
                second(options.crossed).1.into(),
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
