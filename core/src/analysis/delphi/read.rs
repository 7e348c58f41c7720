//! Reading ratings (CSV, JSON arrays) and item lists (CSV), every problem
//! listed at its line and column.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::analysis::table::{file_problem, CsvFault, CsvTable};
use crate::base::error::{self, FileError, Location};
use crate::base::text::clip;
use crate::evidence::{RawValue, ValueRef};
use crate::input::sheet::Table;

/// One rating, as given in JSON input (CSV has the same columns).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Rating {
    /// Participant id.
    pub participant: String,
    /// The participant's panel group.
    pub group: String,
    /// Round (1, 2, ...).
    pub round: u32,
    /// Item id.
    pub item: String,
    /// Score 1–10 (a whole number); anything else is excluded and listed.
    #[serde(default)]
    pub score: Option<RawValue>,
    /// Free-text comment (not analysed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// One entry of an item list: the items rated, with labels, categories
/// and the framework competency each item stands for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ItemInfo {
    /// Item id, as in the ratings.
    pub item: String,
    /// Display label (e.g. the statement).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Category (e.g. one of the five Delphi categories).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// Id of the framework competency the item stands for; none: the item id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub competency: Option<String>,
}

// ---------------------------------------------------------------------------
// Reading.

/// What is wrong with a ratings or item-list file.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RatingsProblem {
    /// The file could not be read.
    #[error("cannot read: {0}")]
    Io(String),
    /// Not UTF-8.
    #[error("{0}")]
    Encoding(String),
    /// No header row.
    #[error("empty file, expected a header row with {0}")]
    Empty(&'static str),
    /// A required column is missing.
    #[error("missing column `{column}`, expected a header with {expected}")]
    MissingColumn {
        /// The column.
        column: &'static str,
        /// The columns expected.
        expected: &'static str,
    },
    /// A column that is not part of the format.
    #[error("unknown column `{column}`, expected one of {expected}")]
    UnknownColumn {
        /// The column found.
        column: String,
        /// The columns allowed.
        expected: &'static str,
    },
    /// The same column twice.
    #[error("duplicate column `{0}`, each column may appear once")]
    DuplicateColumn(String),
    /// Malformed CSV.
    #[error("{0}")]
    Csv(String),
    /// Malformed JSON, or JSON of the wrong shape.
    #[error("{0}")]
    Json(String),
    /// A required cell is empty.
    #[error("`{0}` is empty, expected a value in every row")]
    MissingField(&'static str),
    /// A round that is not a whole number from 1.
    #[error("round `{0}` is not a round number, expected a whole number from 1")]
    BadRound(String),
    /// An item listed twice in an item list.
    #[error("item `{id}` is listed twice, each item may be listed once (first at line {first})")]
    DuplicateItem {
        /// The item id.
        id: String,
        /// Line of the first entry.
        first: usize,
    },
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

file_problem!(RatingsProblem {
    RatingsProblem::Io(_) => "io",
    RatingsProblem::Encoding(_) => "encoding",
    RatingsProblem::Empty(_) => "empty",
    RatingsProblem::MissingColumn { .. } => "missing_column",
    RatingsProblem::UnknownColumn { .. } => "unknown_column",
    RatingsProblem::DuplicateColumn(_) => "duplicate_column",
    RatingsProblem::Csv(_) => "csv",
    RatingsProblem::Json(_) => "json",
    RatingsProblem::MissingField(_) => "missing_field",
    RatingsProblem::BadRound(_) => "bad_round",
    RatingsProblem::DuplicateItem { .. } => "duplicate_item",
    RatingsProblem::TooMany(_) => "too_many_errors",
    RatingsProblem::TooLarge { .. } => "too_large",
    RatingsProblem::RepeatedHeader => "repeated_header",
});

/// A ratings or item-list file is malformed; every problem is listed with
/// its location (`path` is the column name).
pub type RatingsError = FileError<RatingsProblem>;

/// The problems of a ratings or item-list file being read.
type Problems = error::Problems<RatingsProblem>;

/// Records a malformed-CSV problem; false when reading should stop.
fn csv_fault(
    problems: &mut Problems,
    line: usize,
    fault: CsvFault,
    expected: &'static str,
) -> bool {
    let column = fault.column();
    let p = match fault {
        CsvFault::ErrorCell(_, m) => RatingsProblem::Workbook("error_cell", m),
        CsvFault::Empty => RatingsProblem::Empty(expected),
        CsvFault::Malformed(m) => RatingsProblem::Csv(m),
        CsvFault::RepeatedHeader => RatingsProblem::RepeatedHeader,
    };
    problems.push(line, column, "", p)
}

const RATING_COLUMNS: [&str; 6] = ["participant", "group", "round", "item", "score", "comment"];
const RATING_EXPECTED: &str =
    "`participant`, `group`, `round`, `item`, `score` (and optionally `comment`)";
const ITEM_COLUMNS: [&str; 4] = ["item", "label", "category", "competency"];
const ITEM_EXPECTED: &str = "`item` (and optionally `label`, `category`, `competency`)";

/// Maps header names to the format's columns; problems for unknown,
/// duplicate and missing (the first `required`) columns.
fn map_header<const N: usize>(
    header: &csv::StringRecord,
    names: [&'static str; N],
    required: usize,
    expected: &'static str,
    problems: &mut Problems,
) -> [Option<usize>; N] {
    let mut cols = [None; N];
    for (i, h) in header.iter().enumerate() {
        let h = h.trim().to_ascii_lowercase();
        match names.iter().position(|n| *n == h) {
            Some(k) => {
                if let Some(slot) = cols.get_mut(k) {
                    if slot.is_some() {
                        problems.push(1, Some(i + 1), "", RatingsProblem::DuplicateColumn(h));
                    } else {
                        *slot = Some(i);
                    }
                }
            }
            None => {
                problems.push(
                    1,
                    Some(i + 1),
                    "",
                    RatingsProblem::UnknownColumn {
                        column: clip(&h, 40),
                        expected,
                    },
                );
            }
        }
    }
    for (k, name) in names.iter().enumerate().take(required) {
        if cols.get(k).copied().flatten().is_none() {
            problems.push(
                1,
                None,
                "",
                RatingsProblem::MissingColumn {
                    column: name,
                    expected,
                },
            );
        }
    }
    cols
}

/// A rating as read, borrowed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RatingRef<'a> {
    /// Participant id.
    pub participant: &'a str,
    /// Panel group.
    pub group: &'a str,
    /// Round.
    pub round: u32,
    /// Item id.
    pub item: &'a str,
    /// Score as given.
    pub score: Option<ValueRef<'a>>,
}

impl Rating {
    /// A borrowed view.
    pub fn as_rating_ref(&self) -> RatingRef<'_> {
        RatingRef {
            participant: &self.participant,
            group: &self.group,
            round: self.round,
            item: &self.item,
            score: self.score.as_ref().map(RawValue::as_ref),
        }
    }
}

/// Reads ratings CSV (`participant, group, round, item, score`, optional
/// `comment`), calling `sink(rating, line)` for each row. A missing
/// participant, group, round or item, or a round that is not a whole number
/// from 1, is a file error; a bad score is not (the rating is excluded and
/// listed when analysed).
///
/// `input` is CSV text or a sheet's table (errors then name the sheet and
/// cell; lines are rows).
pub fn read_ratings_csv<'t>(
    input: impl Into<Table<'t>>,
    sink: impl FnMut(RatingRef<'_>, usize),
) -> Result<usize, RatingsError> {
    let table = input.into();
    read_ratings_table(table, sink).map_err(|e| locate(table, e))
}

/// An error of a reader of `table`, located in its sheet if it is one.
fn locate(table: Table<'_>, e: RatingsError) -> RatingsError {
    match table {
        Table::Sheet(s) => s.locate(e),
        Table::Csv(_) => e,
    }
}

fn read_ratings_table(
    text: Table<'_>,
    mut sink: impl FnMut(RatingRef<'_>, usize),
) -> Result<usize, RatingsError> {
    let mut problems = Problems::default();
    let (mut table, header) = match CsvTable::open(text) {
        Ok(x) => x,
        Err((line, fault)) => {
            csv_fault(&mut problems, line, fault, RATING_EXPECTED);
            return problems.finish().map(|()| 0);
        }
    };
    let cols = map_header(&header, RATING_COLUMNS, 5, RATING_EXPECTED, &mut problems);
    problems.finish()?;
    let mut problems = Problems::default();
    let mut count = 0usize;
    while let Some(next) = table.next_record() {
        let (line, record) = match next {
            Ok(x) => x,
            Err((line, fault)) => {
                if csv_fault(&mut problems, line, fault, RATING_EXPECTED) {
                    continue;
                }
                break;
            }
        };
        let cell = |k: usize| -> Option<&str> {
            cols.get(k)
                .copied()
                .flatten()
                .and_then(|c| record.get(c))
                .map(str::trim)
                .filter(|s| !s.is_empty())
        };
        let column = |k: usize| cols.get(k).copied().flatten().map(|c| c + 1);
        let mut ok = true;
        let mut required = |k: usize, problems: &mut Problems| -> Option<&str> {
            let v = cell(k);
            if v.is_none() {
                let name = RATING_COLUMNS.get(k).copied().unwrap_or("");
                ok &= problems.push(line, column(k), name, RatingsProblem::MissingField(name));
            }
            v
        };
        let participant = required(0, &mut problems);
        let group = required(1, &mut problems);
        let round_text = required(2, &mut problems);
        let item = required(3, &mut problems);
        let round = round_text.and_then(|t| match t.parse::<u32>() {
            Ok(r) if r >= 1 => Some(r),
            _ => {
                ok &= problems.push(
                    line,
                    column(2),
                    "round",
                    RatingsProblem::BadRound(clip(t, 40)),
                );
                None
            }
        });
        if !ok {
            break;
        }
        let (Some(participant), Some(group), Some(round), Some(item)) =
            (participant, group, round, item)
        else {
            continue;
        };
        count += 1;
        sink(
            RatingRef {
                participant,
                group,
                round,
                item,
                score: cell(4).map(ValueRef::Text),
            },
            line,
        );
    }
    problems.finish().map(|()| count)
}

/// Reads ratings given as a JSON array of [`Rating`] objects, calling
/// `sink(rating, line)` with the line of each object's opening brace.
pub fn read_ratings_json(
    text: &str,
    mut sink: impl FnMut(RatingRef<'_>, usize),
) -> Result<usize, RatingsError> {
    if let Some((location, message)) = crate::input::sniff_encoding(text.as_bytes()) {
        return Err(RatingsError::one(
            location,
            RatingsProblem::Encoding(message),
        ));
    }
    let text = crate::input::normalise(text);
    let text = text.as_ref();
    let located = |e: &serde_json::Error, path: String| {
        let message = crate::base::error::serde_message(&e.to_string());
        let (line, column) = crate::evidence::json::json_position(text, e.line(), e.column());
        RatingsError::one(
            Location {
                sheet: None,
                line: Some(line),
                column: Some(column),
                path,
            },
            RatingsProblem::Json(message),
        )
    };
    let mut de = serde_json::Deserializer::from_str(text);
    let ratings: Vec<Rating> = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        // serde_path_to_error writes `?` for a key it could not read.
        let path = path.replace(".?", "");
        let path = if path == "." || path == "?" {
            String::new()
        } else {
            path
        };
        located(e.inner(), path)
    })?;
    de.end().map_err(|e| located(&e, String::new()))?;
    // Lines of the elements: count newlines up to each top-level `{`.
    let mut lines = Vec::with_capacity(ratings.len());
    let (mut depth, mut in_string, mut escaped, mut line) = (0usize, false, false, 1usize);
    for c in text.chars() {
        if in_string {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
        } else {
            match c {
                '"' => in_string = true,
                '[' | '{' => {
                    if c == '{' && depth == 1 {
                        lines.push(line);
                    }
                    depth += 1;
                }
                ']' | '}' => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
        if c == '\n' {
            line += 1;
        }
    }
    let mut problems = Problems::default();
    for (i, r) in ratings.iter().enumerate() {
        let line = lines.get(i).copied().unwrap_or(i + 1);
        let blank = [
            ("participant", &r.participant),
            ("group", &r.group),
            ("item", &r.item),
        ]
        .into_iter()
        .find(|(_, v)| v.trim().is_empty());
        let problem = match blank {
            Some((field, _)) => Some((field, RatingsProblem::MissingField(field))),
            None if r.round == 0 => Some(("round", RatingsProblem::BadRound("0".into()))),
            None => None,
        };
        if let Some((field, p)) = problem {
            if !problems.push(line, None, &format!("[{i}].{field}"), p) {
                break;
            }
        }
    }
    problems.finish()?;
    for (i, r) in ratings.iter().enumerate() {
        sink(r.as_rating_ref(), lines.get(i).copied().unwrap_or(i + 1));
    }
    Ok(ratings.len())
}

/// Reads an item list CSV (`item`, optional `label`, `category`, `competency`).
/// `input` is CSV text or a sheet's table.
pub fn read_items_csv<'t>(input: impl Into<Table<'t>>) -> Result<Vec<ItemInfo>, RatingsError> {
    let table = input.into();
    read_items_table(table).map_err(|e| locate(table, e))
}

fn read_items_table(text: Table<'_>) -> Result<Vec<ItemInfo>, RatingsError> {
    let mut problems = Problems::default();
    let (mut table, header) = match CsvTable::open(text) {
        Ok(x) => x,
        Err((line, fault)) => {
            csv_fault(&mut problems, line, fault, ITEM_EXPECTED);
            return problems.finish().map(|()| Vec::new());
        }
    };
    let cols = map_header(&header, ITEM_COLUMNS, 1, ITEM_EXPECTED, &mut problems);
    problems.finish()?;
    let mut problems = Problems::default();
    let mut items: Vec<ItemInfo> = Vec::new();
    let mut first: BTreeMap<String, usize> = BTreeMap::new();
    while let Some(next) = table.next_record() {
        let (line, record) = match next {
            Ok(x) => x,
            Err((line, fault)) => {
                if csv_fault(&mut problems, line, fault, ITEM_EXPECTED) {
                    continue;
                }
                break;
            }
        };
        let cell = |k: usize| -> Option<String> {
            cols.get(k)
                .copied()
                .flatten()
                .and_then(|c| record.get(c))
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        let column = cols.first().copied().flatten().map(|c| c + 1);
        let Some(id) = cell(0) else {
            if !problems.push(line, column, "item", RatingsProblem::MissingField("item")) {
                break;
            }
            continue;
        };
        if let Some(&f) = first.get(&id) {
            if !problems.push(
                line,
                column,
                "item",
                RatingsProblem::DuplicateItem {
                    id: clip(&id, 40),
                    first: f,
                },
            ) {
                break;
            }
            continue;
        }
        first.insert(id.clone(), line);
        items.push(ItemInfo {
            item: id,
            label: cell(1),
            category: cell(2),
            competency: cell(3),
        });
    }
    problems.finish().map(|()| items)
}
