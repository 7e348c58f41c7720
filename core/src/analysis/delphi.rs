//! Delphi analysis: expert ratings of items (participant, panel group,
//! round, item, score 1–10) summarised per item and round, overall and by
//! panel group, as in the Delphi survey behind the job retention skills set
//! (items scored 1–10; 1–3 low, 4–7 middle, 8–10 high priority; mean and
//! standard deviation; items ranked).
//!
//! Per item and round: `n`; `mean`; `sd`, the sample standard deviation
//! (divisor n − 1; null when n = 1); `median`, `q1`, `q3` and `iqr = q3 − q1`
//! with the quantile definition of NumPy's default (`linear`, Hyndman & Fan
//! type 7: for sorted scores x₀ ≤ … ≤ x₍ₙ₋₁₎ the p-quantile is
//! `x⌊h⌋ + (h − ⌊h⌋)(x⌊h⌋₊₁ − x⌊h⌋)` with `h = (n − 1)p`); the count and share
//! of low (1–3), middle (4–7) and high (8–10) ratings; the **modal band**
//! (the band with most ratings; null on a tie); **consensus** when the
//! largest band share is at least the threshold (default 0.7; shares are
//! compared as floating-point numbers), with its band; the **rank** by mean
//! descending, then SD ascending (an item with one rating, whose SD is
//! undefined, after those with an SD), items equal on both sharing the
//! lowest rank of their tie (1, 2, 2, 4); means and SDs are compared
//! exactly, from integer sums; **stability**: the change in the high
//! share since the previous round present in the data in which the item
//! was rated (same panel group for group results), and `stable` when its
//! absolute value is at most the stability threshold (default 0.15).
//!
//! Ratings that cannot count are **excluded and listed** with their line,
//! first failing reason wins: `unknown_item` (an item list is given and
//! does not name the item), `invalid_score` (missing, not a whole number,
//! or outside 1–10), `conflicting_group` (the participant appears in more
//! than one panel group: all their ratings), then, among the rest, ratings
//! of the same participant, round and item: identical copies count once
//! (the others are `duplicate`), differing ones are all `conflicting_rating`.
//! Results do not depend on the order of the rows.

use std::collections::{BTreeMap, BTreeSet};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::analysis::equality::{CsvFault, CsvTable};
use crate::base::error::{self, FileError, FileProblem, LoadError, Location};
use crate::base::text::clip;
use crate::evidence::{RawValue, ValueRef};
use crate::model::{Framework, Priority, PriorityBand};

/// Lowest score.
pub const MIN_SCORE: u8 = 1;
/// Highest score.
pub const MAX_SCORE: u8 = 10;
/// Default consensus threshold: share of ratings in one band.
pub const DEFAULT_CONSENSUS: f64 = 0.7;
/// Default stability threshold: largest change in the high share counted as stable.
pub const DEFAULT_STABILITY: f64 = 0.15;
pub use crate::base::error::MAX_PROBLEMS;

/// The band of a score: 1–3 low, 4–7 middle, 8–10 high.
pub fn band_of(score: u8) -> PriorityBand {
    match score {
        0..=3 => PriorityBand::Low,
        4..=7 => PriorityBand::Middle,
        _ => PriorityBand::High,
    }
}

/// The band's name: `low`, `middle`, `high`.
pub fn band_name(band: PriorityBand) -> &'static str {
    match band {
        PriorityBand::Low => "low",
        PriorityBand::Middle => "middle",
        PriorityBand::High => "high",
    }
}

fn default_consensus() -> f64 {
    DEFAULT_CONSENSUS
}

fn default_stability() -> f64 {
    DEFAULT_STABILITY
}

/// Thresholds of the analysis.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DelphiOptions {
    /// Consensus when the largest band share is at least this (above 0.5, at most 1).
    #[serde(default = "default_consensus")]
    pub consensus: f64,
    /// Stable when the high share changed by at most this since the previous round (0–1).
    #[serde(default = "default_stability")]
    pub stability: f64,
}

impl Default for DelphiOptions {
    fn default() -> Self {
        DelphiOptions {
            consensus: DEFAULT_CONSENSUS,
            stability: DEFAULT_STABILITY,
        }
    }
}

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
    /// A file larger than [`crate::input::MAX_DOCUMENT_BYTES`].
    #[error("input is {} bytes, expected at most {limit} bytes", crate::base::error::Size(*.size, *.limit))]
    TooLarge {
        /// Size found, when known (`None`: a stream that went on past the limit).
        size: Option<usize>,
        /// Limit in force.
        limit: usize,
    },
}

impl FileProblem for RatingsProblem {
    fn code(&self) -> &'static str {
        match self {
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
        }
    }

    fn is_io(&self) -> bool {
        matches!(self, RatingsProblem::Io(_))
    }

    fn too_many(limit: usize) -> RatingsProblem {
        RatingsProblem::TooMany(limit)
    }

    fn io(message: String) -> RatingsProblem {
        RatingsProblem::Io(message)
    }

    fn encoding(message: String) -> RatingsProblem {
        RatingsProblem::Encoding(message)
    }

    fn too_large(size: Option<usize>, limit: usize) -> RatingsProblem {
        RatingsProblem::TooLarge { size, limit }
    }
}

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
    let p = match fault {
        CsvFault::Empty => RatingsProblem::Empty(expected),
        CsvFault::Malformed(m) => RatingsProblem::Csv(m),
        CsvFault::RepeatedHeader => RatingsProblem::RepeatedHeader,
    };
    problems.push(line, None, "", p)
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
pub fn read_ratings_csv(
    text: &str,
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
pub fn read_items_csv(text: &str) -> Result<Vec<ItemInfo>, RatingsError> {
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

// ---------------------------------------------------------------------------
// Analysis.

/// Why a rating does not count.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Exclusion {
    /// The item is not in the item list.
    UnknownItem,
    /// Missing, not a whole number, or outside 1–10.
    InvalidScore,
    /// The participant appears in more than one panel group.
    ConflictingGroup,
    /// An identical copy of a rating already counted.
    Duplicate,
    /// The participant rated the item more than once in the round, differently.
    ConflictingRating,
}

impl Exclusion {
    /// The reason as written in results.
    pub fn as_str(self) -> &'static str {
        match self {
            Exclusion::UnknownItem => "unknown_item",
            Exclusion::InvalidScore => "invalid_score",
            Exclusion::ConflictingGroup => "conflicting_group",
            Exclusion::Duplicate => "duplicate",
            Exclusion::ConflictingRating => "conflicting_rating",
        }
    }
}

/// A rating that does not count, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ExcludedRating {
    /// Line (or 1-based position) in the input.
    pub line: u64,
    /// Participant.
    pub participant: String,
    /// Round.
    pub round: u32,
    /// Item.
    pub item: String,
    /// Why.
    pub reason: Exclusion,
    /// What exactly was wrong.
    pub detail: String,
}

/// Statistics of one item in one round (overall or within a panel group).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ItemStats {
    /// Item id.
    pub item: String,
    /// Label from the item list.
    pub label: Option<String>,
    /// Category from the item list.
    pub category: Option<String>,
    /// Ratings.
    pub n: u32,
    /// Mean score.
    pub mean: f64,
    /// Sample standard deviation (n − 1); null when n = 1.
    pub sd: Option<f64>,
    /// Median.
    pub median: f64,
    /// First quartile (NumPy `linear`).
    pub q1: f64,
    /// Third quartile (NumPy `linear`).
    pub q3: f64,
    /// `q3 − q1`.
    pub iqr: f64,
    /// Ratings 1–3.
    pub low: u32,
    /// Ratings 4–7.
    pub middle: u32,
    /// Ratings 8–10.
    pub high: u32,
    /// `low / n`.
    pub low_share: f64,
    /// `middle / n`.
    pub middle_share: f64,
    /// `high / n`.
    pub high_share: f64,
    /// The band with most ratings; null on a tie.
    pub modal_band: Option<PriorityBand>,
    /// Largest band share ≥ the consensus threshold.
    pub consensus: bool,
    /// The band agreed on, when there is consensus.
    pub consensus_band: Option<PriorityBand>,
    /// Rank by mean (descending), then SD (ascending); ties share the lowest rank.
    pub rank: u32,
    /// `high_share` minus the high share in the previous round; null in the
    /// first round or when the item was not rated then.
    pub high_share_change: Option<f64>,
    /// `|high_share_change| ≤` the stability threshold.
    pub stable: Option<bool>,
}

/// One panel group's results in one round.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct GroupRound {
    /// Panel group.
    pub group: String,
    /// Participants of the group with a counted rating in the round.
    pub participants: u32,
    /// Items, ranked within the group.
    pub items: Vec<ItemStats>,
}

/// One round's results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct RoundResult {
    /// Round number.
    pub round: u32,
    /// The round stability is measured against (the previous round in the data).
    pub previous_round: Option<u32>,
    /// Participants with a counted rating in the round.
    pub participants: u32,
    /// Counted ratings in the round.
    pub ratings: u64,
    /// Items, ranked (rank, then item id).
    pub items: Vec<ItemStats>,
    /// The same by panel group (groups sorted).
    pub groups: Vec<GroupRound>,
}

/// A panel group's size.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PanelCount {
    /// Panel group.
    pub group: String,
    /// Distinct participants with a counted rating in any round.
    pub participants: u32,
    /// Participants per round, in round order.
    pub by_round: Vec<u32>,
}

/// Ratings read, counted and excluded.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct RatingCounts {
    /// Ratings read.
    pub ratings: u64,
    /// Counted.
    pub used: u64,
    /// Excluded (listed in `excluded`).
    pub excluded: u64,
}

/// The result of a Delphi analysis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct DelphiResult {
    /// Thresholds used.
    pub options: DelphiOptions,
    /// Ratings read, counted and excluded.
    pub counts: RatingCounts,
    /// Rounds present, in order.
    pub rounds: Vec<RoundResult>,
    /// Panel composition.
    pub panel: Vec<PanelCount>,
    /// Items of the item list without any counted rating.
    pub unrated_items: Vec<String>,
    /// Excluded ratings, by line.
    pub excluded: Vec<ExcludedRating>,
}

/// Options out of range.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DelphiOptionError {
    /// Consensus threshold outside (0.5, 1].
    #[error("consensus threshold must be above 0.5 and at most 1 (so only one band can reach it), found `{0}`")]
    Consensus(f64),
    /// Stability threshold outside [0, 1].
    #[error("stability threshold must be between 0 and 1, found `{0}`")]
    Stability(f64),
}

/// Ratings that passed the per-row checks, by (participant, round, item).
type Candidates<'a> = BTreeMap<(&'a str, u32, &'a str), Vec<(&'a Row, u8)>>;

#[derive(Debug, Clone)]
struct Row {
    line: u64,
    participant: String,
    group: String,
    round: u32,
    item: String,
    score: Result<u8, String>,
}

fn check_score(score: Option<ValueRef<'_>>) -> Result<u8, String> {
    let Some(v) = score else {
        return Err("score is missing, expected a whole number from 1 to 10".into());
    };
    let x = match v {
        ValueRef::Number(x) => x,
        ValueRef::Text(t) => t.trim().parse::<f64>().map_err(|_| {
            format!(
                "`{}` is not a number, expected a whole number from 1 to 10",
                clip(t, 40)
            )
        })?,
        ValueRef::Bool(b) => {
            return Err(format!(
                "`{b}` is not a number, expected a whole number from 1 to 10"
            ))
        }
    };
    if !x.is_finite() || x.fract() != 0.0 {
        return Err(format!("`{v}` is not a whole number, expected 1 to 10"));
    }
    if x < f64::from(MIN_SCORE) || x > f64::from(MAX_SCORE) {
        return Err(format!("`{v}` is outside the scale, expected 1 to 10"));
    }
    Ok(x as u8)
}

/// Collects ratings and analyses them.
#[derive(Debug, Clone, Default)]
pub struct Delphi {
    rows: Vec<Row>,
}

/// Sums from which an item's statistics are computed.
#[derive(Debug, Clone, Default)]
struct Scores {
    scores: Vec<u8>,
}

impl Scores {
    fn n(&self) -> u64 {
        self.scores.len() as u64
    }
    fn sum(&self) -> u64 {
        self.scores.iter().map(|&s| u64::from(s)).sum()
    }
    fn sum_sq(&self) -> u64 {
        self.scores
            .iter()
            .map(|&s| u64::from(s) * u64::from(s))
            .sum()
    }
    /// `(n Σx² − (Σx)², n(n − 1))`: the variance as an exact fraction.
    fn variance_fraction(&self) -> Option<(u128, u128)> {
        let n = u128::from(self.n());
        if n < 2 {
            return None;
        }
        let s = u128::from(self.sum());
        let q = u128::from(self.sum_sq());
        Some((n * q - s * s, n * (n - 1)))
    }
}

/// The p-quantile of sorted `x` (NumPy `linear`).
fn quantile(x: &[u8], p: f64) -> f64 {
    let n = x.len();
    if n == 0 {
        return f64::NAN;
    }
    let h = (n - 1) as f64 * p;
    let lo = h.floor();
    let i = lo as usize;
    let a = f64::from(x.get(i).copied().unwrap_or(0));
    let b = f64::from(x.get((i + 1).min(n - 1)).copied().unwrap_or(0));
    a + (h - lo) * (b - a)
}

/// Orders two items: mean descending, then variance ascending (undefined last).
fn rank_order(a: &Scores, b: &Scores) -> std::cmp::Ordering {
    let (na, nb) = (u128::from(a.n()), u128::from(b.n()));
    let (sa, sb) = (u128::from(a.sum()), u128::from(b.sum()));
    (sb * na)
        .cmp(&(sa * nb))
        .then_with(|| match (a.variance_fraction(), b.variance_fraction()) {
            (Some((xa, da)), Some((xb, db))) => (xa * db).cmp(&(xb * da)),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        })
}

fn stats(item: &str, info: Option<&ItemInfo>, s: &Scores, consensus: f64) -> ItemStats {
    let mut sorted = s.scores.clone();
    sorted.sort_unstable();
    let n = s.n();
    let nf = n as f64;
    let mean = s.sum() as f64 / nf;
    let sd = s
        .variance_fraction()
        .map(|(num, den)| (num as f64 / den as f64).sqrt());
    let (q1, median, q3) = (
        quantile(&sorted, 0.25),
        quantile(&sorted, 0.5),
        quantile(&sorted, 0.75),
    );
    let count = |b: PriorityBand| sorted.iter().filter(|&&x| band_of(x) == b).count() as u32;
    let (low, middle, high) = (
        count(PriorityBand::Low),
        count(PriorityBand::Middle),
        count(PriorityBand::High),
    );
    let bands = [
        (PriorityBand::Low, low),
        (PriorityBand::Middle, middle),
        (PriorityBand::High, high),
    ];
    let top = bands.iter().map(|b| b.1).max().unwrap_or(0);
    let modal: Vec<PriorityBand> = bands.iter().filter(|b| b.1 == top).map(|b| b.0).collect();
    let modal_band = match modal.as_slice() {
        [one] => Some(*one),
        _ => None,
    };
    let share = |k: u32| f64::from(k) / nf;
    let consensus_band = bands.iter().find(|b| share(b.1) >= consensus).map(|b| b.0);
    ItemStats {
        item: item.to_string(),
        label: info.and_then(|i| i.label.clone()),
        category: info.and_then(|i| i.category.clone()),
        n: u32::try_from(n).unwrap_or(u32::MAX),
        mean,
        sd,
        median,
        q1,
        q3,
        iqr: q3 - q1,
        low,
        middle,
        high,
        low_share: share(low),
        middle_share: share(middle),
        high_share: share(high),
        modal_band,
        consensus: consensus_band.is_some(),
        consensus_band,
        rank: 0,
        high_share_change: None,
        stable: None,
    }
}

/// Statistics of every item in `by_item`, ranked.
fn ranked(
    by_item: &BTreeMap<String, Scores>,
    info: &BTreeMap<&str, &ItemInfo>,
    consensus: f64,
) -> Vec<ItemStats> {
    let mut order: Vec<(&String, &Scores)> = by_item.iter().filter(|(_, s)| s.n() > 0).collect();
    order.sort_by(|a, b| rank_order(a.1, b.1).then_with(|| a.0.cmp(b.0)));
    let mut out: Vec<ItemStats> = Vec::with_capacity(order.len());
    let mut previous: Option<&Scores> = None;
    let mut rank = 0u32;
    for (i, (item, scores)) in order.iter().enumerate() {
        let tied = previous.is_some_and(|p| rank_order(p, scores) == std::cmp::Ordering::Equal);
        if !tied {
            rank = u32::try_from(i + 1).unwrap_or(u32::MAX);
        }
        let mut st = stats(item, info.get(item.as_str()).copied(), scores, consensus);
        st.rank = rank;
        out.push(st);
        previous = Some(scores);
    }
    out
}

impl Delphi {
    /// An empty analysis.
    pub fn new() -> Delphi {
        Delphi::default()
    }

    /// Adds one rating read from `line` (or position).
    pub fn push(&mut self, rating: RatingRef<'_>, line: usize) {
        self.rows.push(Row {
            line: line as u64,
            participant: rating.participant.to_string(),
            group: rating.group.to_string(),
            round: rating.round,
            item: rating.item.to_string(),
            score: check_score(rating.score),
        });
    }

    /// Number of ratings added.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// True when no rating was added.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Analyses the ratings; `items`, when given, is the list of valid items.
    #[allow(clippy::too_many_lines)] // SPLIT: issue 17
    pub fn finish(
        mut self,
        items: Option<&[ItemInfo]>,
        options: &DelphiOptions,
    ) -> Result<DelphiResult, DelphiOptionError> {
        if !(options.consensus > 0.5 && options.consensus <= 1.0) {
            return Err(DelphiOptionError::Consensus(options.consensus));
        }
        if !(options.stability >= 0.0 && options.stability <= 1.0) {
            return Err(DelphiOptionError::Stability(options.stability));
        }
        self.rows.sort_by_key(|r| r.line);
        let info: BTreeMap<&str, &ItemInfo> = items
            .unwrap_or_default()
            .iter()
            .map(|i| (i.item.as_str(), i))
            .collect();
        let mut groups_of: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        for r in &self.rows {
            groups_of
                .entry(&r.participant)
                .or_default()
                .insert(&r.group);
        }
        let mut excluded: Vec<ExcludedRating> = Vec::new();
        let exclude = |r: &Row, reason: Exclusion, detail: String| ExcludedRating {
            line: r.line,
            participant: r.participant.clone(),
            round: r.round,
            item: r.item.clone(),
            reason,
            detail,
        };
        // Per-row checks, then duplicates among the rest.
        let mut candidates: Candidates<'_> = BTreeMap::new();
        for r in &self.rows {
            if items.is_some() && !info.contains_key(r.item.as_str()) {
                excluded.push(exclude(
                    r,
                    Exclusion::UnknownItem,
                    format!("item `{}` is not in the item list", clip(&r.item, 40)),
                ));
                continue;
            }
            let score = match &r.score {
                Ok(s) => *s,
                Err(detail) => {
                    excluded.push(exclude(r, Exclusion::InvalidScore, detail.clone()));
                    continue;
                }
            };
            if let Some(gs) = groups_of
                .get(r.participant.as_str())
                .filter(|g| g.len() > 1)
            {
                let list: Vec<String> = gs.iter().map(|g| format!("`{}`", clip(g, 30))).collect();
                excluded.push(exclude(
                    r,
                    Exclusion::ConflictingGroup,
                    format!(
                        "participant `{}` is in more than one panel group: {}",
                        clip(&r.participant, 40),
                        list.join(", ")
                    ),
                ));
                continue;
            }
            candidates
                .entry((r.participant.as_str(), r.round, r.item.as_str()))
                .or_default()
                .push((r, score));
        }
        let mut kept: Vec<(&Row, u8)> = Vec::new();
        for list in candidates.values() {
            let Some(&(first, first_score)) = list.first() else {
                continue;
            };
            if list.len() == 1 {
                kept.push((first, first_score));
            } else if list.iter().all(|&(_, s)| s == first_score) {
                kept.push((first, first_score));
                for &(r, _) in list.iter().skip(1) {
                    excluded.push(exclude(
                        r,
                        Exclusion::Duplicate,
                        format!("the same rating as line {}", first.line),
                    ));
                }
            } else {
                let lines: Vec<String> = list
                    .iter()
                    .map(|(r, s)| format!("line {} scores {s}", r.line))
                    .collect();
                for &(r, _) in list {
                    excluded.push(exclude(
                        r,
                        Exclusion::ConflictingRating,
                        format!(
                            "rated more than once in round {} with different scores ({})",
                            r.round,
                            lines.join(", ")
                        ),
                    ));
                }
            }
        }
        excluded.sort_by(|a, b| a.line.cmp(&b.line).then(a.reason.cmp(&b.reason)));

        // Scores by round, item, and group.
        type ByItem = BTreeMap<String, Scores>;
        let mut overall: BTreeMap<u32, ByItem> = BTreeMap::new();
        let mut by_group: BTreeMap<u32, BTreeMap<String, ByItem>> = BTreeMap::new();
        let mut who: BTreeMap<u32, BTreeMap<&str, BTreeSet<&str>>> = BTreeMap::new();
        let mut ratings_in: BTreeMap<u32, u64> = BTreeMap::new();
        for &(r, s) in &kept {
            overall
                .entry(r.round)
                .or_default()
                .entry(r.item.clone())
                .or_default()
                .scores
                .push(s);
            by_group
                .entry(r.round)
                .or_default()
                .entry(r.group.clone())
                .or_default()
                .entry(r.item.clone())
                .or_default()
                .scores
                .push(s);
            who.entry(r.round)
                .or_default()
                .entry(r.group.as_str())
                .or_default()
                .insert(r.participant.as_str());
            *ratings_in.entry(r.round).or_default() += 1;
        }
        let round_list: Vec<u32> = overall.keys().copied().collect();
        let mut rounds: Vec<RoundResult> = Vec::new();
        let mut last_high: BTreeMap<(Option<String>, String), (u32, f64)> = BTreeMap::new();
        let stability = options.stability;
        let apply_change = |last: &mut BTreeMap<(Option<String>, String), (u32, f64)>,
                            group: Option<&str>,
                            round: u32,
                            prev: Option<u32>,
                            st: &mut ItemStats| {
            let key = (group.map(str::to_string), st.item.clone());
            if let Some(&(r, h)) = last.get(&key) {
                if Some(r) == prev {
                    let change = st.high_share - h;
                    st.high_share_change = Some(change);
                    st.stable = Some(change.abs() <= stability);
                }
            }
            last.insert(key, (round, st.high_share));
        };
        for (k, &round) in round_list.iter().enumerate() {
            let previous_round = k.checked_sub(1).and_then(|j| round_list.get(j)).copied();
            let mut items_out = overall
                .get(&round)
                .map(|m| ranked(m, &info, options.consensus))
                .unwrap_or_default();
            for st in &mut items_out {
                apply_change(&mut last_high, None, round, previous_round, st);
            }
            let mut groups_out = Vec::new();
            if let Some(gs) = by_group.get(&round) {
                for (group, m) in gs {
                    let mut its = ranked(m, &info, options.consensus);
                    for st in &mut its {
                        apply_change(&mut last_high, Some(group), round, previous_round, st);
                    }
                    let participants = who
                        .get(&round)
                        .and_then(|w| w.get(group.as_str()))
                        .map_or(0, BTreeSet::len);
                    groups_out.push(GroupRound {
                        group: group.clone(),
                        participants: u32::try_from(participants).unwrap_or(u32::MAX),
                        items: its,
                    });
                }
            }
            let participants: usize = who
                .get(&round)
                .map_or(0, |w| w.values().map(BTreeSet::len).sum());
            rounds.push(RoundResult {
                round,
                previous_round,
                participants: u32::try_from(participants).unwrap_or(u32::MAX),
                ratings: ratings_in.get(&round).copied().unwrap_or(0),
                items: items_out,
                groups: groups_out,
            });
        }
        let mut panel_groups: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        for &(r, _) in &kept {
            panel_groups
                .entry(&r.group)
                .or_default()
                .insert(&r.participant);
        }
        let panel = panel_groups
            .iter()
            .map(|(g, ps)| PanelCount {
                group: g.to_string(),
                participants: u32::try_from(ps.len()).unwrap_or(u32::MAX),
                by_round: round_list
                    .iter()
                    .map(|r| {
                        let n = who.get(r).and_then(|w| w.get(g)).map_or(0, BTreeSet::len);
                        u32::try_from(n).unwrap_or(u32::MAX)
                    })
                    .collect(),
            })
            .collect();
        let rated: BTreeSet<&str> = kept.iter().map(|(r, _)| r.item.as_str()).collect();
        let unrated_items = items
            .unwrap_or_default()
            .iter()
            .filter(|i| !rated.contains(i.item.as_str()))
            .map(|i| i.item.clone())
            .collect();
        Ok(DelphiResult {
            options: *options,
            counts: RatingCounts {
                ratings: self.rows.len() as u64,
                used: kept.len() as u64,
                excluded: excluded.len() as u64,
            },
            rounds,
            panel,
            unrated_items,
            excluded,
        })
    }
}

/// Analyses ratings given as values (e.g. from JSON, Python or JS); `line`
/// of each is its 1-based position.
pub fn analyse(
    ratings: &[Rating],
    items: Option<&[ItemInfo]>,
    options: &DelphiOptions,
) -> Result<DelphiResult, DelphiOptionError> {
    let mut d = Delphi::new();
    for (i, r) in ratings.iter().enumerate() {
        d.push(r.as_rating_ref(), i + 1);
    }
    d.finish(items, options)
}

// ---------------------------------------------------------------------------
// Writing priorities into a framework.

/// One competency's new priority.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PriorityUpdate {
    /// Competency id.
    pub competency: String,
    /// Item id it came from.
    pub item: String,
    /// The priority written (mean and SD rounded to 2 decimals).
    pub priority: Priority,
}

/// What [`set_priorities`] did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct PriorityReport {
    /// The round the priorities come from (the last round).
    pub round: Option<u32>,
    /// Competencies given a priority, in framework order.
    pub updated: Vec<PriorityUpdate>,
    /// Items of the round that match no competency.
    pub unmatched_items: Vec<String>,
    /// Competencies matched by more than one item: left unchanged.
    pub ambiguous: Vec<String>,
    /// Competencies not rated in the round: left unchanged.
    pub unrated_competencies: Vec<String>,
    /// True when the file was edited in place (comments and layout kept);
    /// false when it had to be rewritten from the model (comments lost).
    pub layout_kept: bool,
}

fn round2(x: f64) -> f64 {
    format!("{x:.2}").parse().unwrap_or(x)
}

/// Sets `priority: {mean, sd, rank, band}` (from the last round of
/// `result`) on every competency of the framework in `text` whose id an
/// item stands for (the item's `competency` in `items`, else its id); the
/// band is the consensus band, left out without consensus. Returns the new
/// file text and a report. The file is edited in place when its layout
/// allows (block-style competencies), keeping comments; otherwise it is
/// rewritten from the model. Either way the result is checked to read back
/// as the intended framework.
pub fn set_priorities(
    text: &str,
    result: &DelphiResult,
    items: Option<&[ItemInfo]>,
) -> Result<(String, PriorityReport), LoadError> {
    let fw = Framework::from_yaml_str(text)?;
    let (_, index): (Framework, crate::input::yaml::LocationIndex) =
        crate::input::yaml::parse(text, &crate::input::yaml::Limits::default())?;
    let last = result.rounds.last();
    let competency_of = |item: &str| -> String {
        items
            .unwrap_or_default()
            .iter()
            .find(|i| i.item == item)
            .and_then(|i| i.competency.clone())
            .unwrap_or_else(|| item.to_string())
    };
    let mut by_competency: BTreeMap<String, Vec<&ItemStats>> = BTreeMap::new();
    let mut unmatched_items = Vec::new();
    for st in last.map(|r| r.items.as_slice()).unwrap_or_default() {
        let c = competency_of(&st.item);
        if fw.competency(&c).is_some() {
            by_competency.entry(c).or_default().push(st);
        } else {
            unmatched_items.push(st.item.clone());
        }
    }
    let mut updated = Vec::new();
    let mut ambiguous = Vec::new();
    let mut unrated = Vec::new();
    let mut target = fw.clone();
    for comp in &mut target.competencies {
        match by_competency.get(&comp.id).map(Vec::as_slice) {
            Some([st]) => {
                let p = Priority {
                    mean: Some(round2(st.mean)),
                    sd: st.sd.map(round2),
                    rank: Some(st.rank),
                    band: st.consensus_band,
                };
                comp.priority = Some(p.clone());
                updated.push(PriorityUpdate {
                    competency: comp.id.clone(),
                    item: st.item.clone(),
                    priority: p,
                });
            }
            Some(_) => ambiguous.push(comp.id.clone()),
            None => unrated.push(comp.id.clone()),
        }
    }
    let edited = edit_in_place(text, &index, &fw, &updated);
    let (out, layout_kept) = match edited {
        Some(t) if Framework::from_yaml_str(&t).is_ok_and(|f| f == target) => (t, true),
        _ => {
            let yaml = serde_yaml::to_string(&target).map_err(|e| {
                crate::model::load::syntax_error(crate::base::error::SyntaxError::Syntax(
                    e.to_string(),
                ))
            })?;
            let t = format!(
                "# Rewritten by `proficient delphi --write-priorities`; comments of the original were not kept.\n{yaml}"
            );
            if Framework::from_yaml_str(&t).ok().as_ref() != Some(&target) {
                return Err(crate::model::load::syntax_error(
                    crate::base::error::SyntaxError::Syntax(
                        "the framework with priorities does not read back as written".into(),
                    ),
                ));
            }
            (t, false)
        }
    };
    Ok((
        out,
        PriorityReport {
            round: last.map(|r| r.round),
            updated,
            unmatched_items,
            ambiguous,
            unrated_competencies: unrated,
            layout_kept,
        },
    ))
}

fn flow_priority(p: &Priority) -> String {
    let mut parts = Vec::new();
    if let Some(m) = p.mean {
        parts.push(format!("mean: {m:.2}"));
    }
    if let Some(s) = p.sd {
        parts.push(format!("sd: {s:.2}"));
    }
    if let Some(r) = p.rank {
        parts.push(format!("rank: {r}"));
    }
    if let Some(b) = p.band {
        parts.push(format!("band: {}", band_name(b)));
    }
    format!("priority: {{{}}}", parts.join(", "))
}

fn indentation(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

fn is_blank_or_comment(line: &str) -> bool {
    let t = line.trim();
    t.is_empty() || t.starts_with('#')
}

/// Inserts (or replaces) a `priority:` line in each updated block-style
/// competency; `None` when the layout is not one this can edit safely.
fn edit_in_place(
    text: &str,
    index: &crate::input::yaml::LocationIndex,
    fw: &Framework,
    updates: &[PriorityUpdate],
) -> Option<String> {
    let mut lines: Vec<String> = text.split_inclusive('\n').map(str::to_string).collect();
    if lines.last().is_some_and(|l| !l.ends_with('\n')) {
        if let Some(l) = lines.last_mut() {
            l.push('\n');
        }
    }
    // Edits bottom-up so earlier line numbers stay valid.
    let mut edits: Vec<(usize, usize, usize, String)> = Vec::new(); // (start, remove, insert_at, text)
    for u in updates {
        let i = fw.competencies.iter().position(|c| c.id == u.competency)?;
        let loc = index.locate(&format!("competencies[{i}].id"));
        let start = loc.line?.checked_sub(1)?;
        let first = lines.get(start)?;
        // The key `id` must start the mapping in block style: `- id: ...`
        // or `id: ...` at the mapping's indentation.
        let k = {
            let rest = first.trim_start_matches(' ');
            let lead = first.len() - rest.len();
            if let Some(after) = rest.strip_prefix("- ") {
                lead + 2 + (after.len() - after.trim_start_matches(' ').len())
            } else {
                lead
            }
        };
        if !first.get(k..)?.starts_with("id:") {
            return None;
        }
        // The block: following lines indented more than the sequence dash.
        let mut end = start + 1;
        while let Some(l) = lines.get(end) {
            if !is_blank_or_comment(l) && indentation(l) < k {
                break;
            }
            end += 1;
        }
        // Trailing blank or comment lines belong to what follows.
        while end > start + 1 && lines.get(end - 1).is_some_and(|l| is_blank_or_comment(l)) {
            end -= 1;
        }
        let key_at = |l: &str, key: &str| {
            indentation(l) == k && l.get(k..).is_some_and(|r| r.starts_with(key))
        };
        let mut remove: Option<(usize, usize)> = None;
        let mut insert_at = end;
        let mut j = start + 1;
        while j < end {
            let l = lines.get(j)?;
            if key_at(l, "priority:") {
                let mut e = j + 1;
                while e < end
                    && lines
                        .get(e)
                        .is_some_and(|x| is_blank_or_comment(x) || indentation(x) > k)
                {
                    e += 1;
                }
                remove = Some((j, e - j));
            } else if key_at(l, "criteria:") {
                insert_at = j;
            }
            j += 1;
        }
        let new_line = format!("{}{}\n", " ".repeat(k), flow_priority(&u.priority));
        match remove {
            Some((at, count)) => edits.push((at, count, at, new_line)),
            None => edits.push((insert_at, 0, insert_at, new_line)),
        }
    }
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    for (at, count, insert_at, line) in edits {
        if count > 0 {
            lines.drain(at..(at + count).min(lines.len()));
        }
        lines.insert(insert_at.min(lines.len()), line);
    }
    Some(lines.concat())
}

// ---------------------------------------------------------------------------
// HTML.

fn band_class(b: Option<PriorityBand>) -> &'static str {
    match b {
        Some(PriorityBand::High) => "band-high",
        Some(PriorityBand::Middle) => "band-middle",
        Some(PriorityBand::Low) => "band-low",
        None => "band-none",
    }
}

fn opt2(x: Option<f64>) -> String {
    x.map_or_else(|| "–".to_string(), |v| format!("{v:.2}"))
}

impl DelphiResult {
    /// A self-contained HTML page: per round, a chart of item means with
    /// ±1 SD bars coloured by consensus band, the item table, and the same
    /// by panel group; then the panel and the excluded ratings.
    #[allow(clippy::too_many_lines)] // SPLIT: issue 17
    pub fn to_html(&self) -> String {
        use crate::render::html::{
            escape, page, percent, range_chart, table, Cell, Interval, RangeRow,
        };
        let title = "Delphi analysis";
        let mut body = format!("<h1>{title}</h1>\n");
        body += &format!(
            "<p class=\"note\">Scores 1–10: 1–3 low, 4–7 middle, 8–10 high priority. Mean and sample SD (n − 1); \
             median and quartiles by linear interpolation (NumPy's default). Consensus: at least {} of an item's \
             ratings in one band. Stability: change in the share of high ratings since the previous round \
             (stable when at most {} points). Rank: mean descending, then SD ascending; ties share a rank. \
             {} ratings read, {} counted, {} excluded.</p>\n",
            percent(self.options.consensus),
            (self.options.stability * 100.0).round(),
            self.counts.ratings,
            self.counts.used,
            self.counts.excluded
        );
        body += "<p class=\"note\">Colour = consensus band: \
                 <span class=\"swatch band-high\"></span>high \
                 <span class=\"swatch band-middle\"></span>middle \
                 <span class=\"swatch band-low\"></span>low \
                 <span class=\"swatch band-none\"></span>no consensus</p>\n";
        let header = [
            "rank",
            "item",
            "category",
            "n",
            "mean",
            "SD",
            "median",
            "IQR",
            "low",
            "middle",
            "high",
            "consensus",
            "Δ high",
            "stable",
        ];
        let item_row = |st: &ItemStats| -> Vec<Cell> {
            vec![
                Cell::Number(st.rank.to_string()),
                Cell::Header(match &st.label {
                    Some(l) => format!("{} — {}", st.item, l),
                    None => st.item.clone(),
                }),
                Cell::Text(st.category.clone().unwrap_or_default()),
                Cell::Number(st.n.to_string()),
                Cell::Number(format!("{:.2}", st.mean)),
                Cell::Number(opt2(st.sd)),
                Cell::Number(format!("{:.1}", st.median)),
                Cell::Number(format!("{:.2}", st.iqr)),
                Cell::Number(percent(st.low_share)),
                Cell::Number(percent(st.middle_share)),
                Cell::Number(percent(st.high_share)),
                Cell::Text(
                    st.consensus_band
                        .map_or("no".into(), |b| band_name(b).to_string()),
                ),
                Cell::Number(
                    st.high_share_change
                        .map_or("–".into(), |x| format!("{:+.1} pts", x * 100.0)),
                ),
                Cell::Text(match st.stable {
                    Some(true) => "yes".into(),
                    Some(false) => "no".into(),
                    None => "–".into(),
                }),
            ]
        };
        for r in &self.rounds {
            body += &format!(
                "<h2>Round {} ({} participants, {} ratings)</h2>\n",
                r.round, r.participants, r.ratings
            );
            let rows: Vec<RangeRow> = r
                .items
                .iter()
                .map(|st| {
                    let sd = st.sd.unwrap_or(0.0);
                    RangeRow {
                        label: format!("{}. {}", st.rank, st.label.as_deref().unwrap_or(&st.item)),
                        interval: Interval {
                            value: st.mean,
                            low: st.mean - sd,
                            high: st.mean + sd,
                        },
                        class: band_class(st.consensus_band).to_string(),
                        tooltip: format!(
                            "{}: mean {:.2}, SD {}, n {}, high {}, consensus {}",
                            st.item,
                            st.mean,
                            opt2(st.sd),
                            st.n,
                            percent(st.high_share),
                            st.consensus_band.map_or("none", band_name)
                        ),
                    }
                })
                .collect();
            body += "<figure>\n";
            body += &range_chart(
                &format!("Round {}: item means with ±1 SD", r.round),
                "Items in rank order; dot at the mean, bar from mean − SD to mean + SD, coloured by consensus band.",
                &rows,
                (1.0, 10.0),
                "score (1–10)",
            );
            body += "<figcaption>Dots: means; bars: ±1 standard deviation; colour: consensus band.</figcaption>\n</figure>\n";
            let rows: Vec<Vec<Cell>> = r.items.iter().map(item_row).collect();
            body += &table(&format!("Round {}: items ranked", r.round), &header, &rows);
            if !r.groups.is_empty() {
                let mut gh: Vec<String> = vec!["item".into()];
                gh.extend(
                    r.groups
                        .iter()
                        .map(|g| format!("{} (n={})", g.group, g.participants)),
                );
                let gh: Vec<&str> = gh.iter().map(String::as_str).collect();
                let rows: Vec<Vec<Cell>> = r
                    .items
                    .iter()
                    .map(|st| {
                        let mut row = vec![Cell::Header(st.item.clone())];
                        for g in &r.groups {
                            row.push(match g.items.iter().find(|x| x.item == st.item) {
                                Some(x) => Cell::Number(format!(
                                    "{:.2} ± {} (#{}{})",
                                    x.mean,
                                    opt2(x.sd),
                                    x.rank,
                                    x.consensus_band
                                        .map_or(String::new(), |b| format!(", {}", band_name(b)))
                                )),
                                None => Cell::Number("–".into()),
                            });
                        }
                        row
                    })
                    .collect();
                body += &table(
                    &format!(
                        "Round {}: mean ± SD (rank within group, consensus band) by panel group",
                        r.round
                    ),
                    &gh,
                    &rows,
                );
            }
        }
        body += "<h2>Panel</h2>\n";
        let mut ph: Vec<String> = vec!["panel group".into(), "participants".into()];
        ph.extend(self.rounds.iter().map(|r| format!("round {}", r.round)));
        let ph: Vec<&str> = ph.iter().map(String::as_str).collect();
        let rows: Vec<Vec<Cell>> = self
            .panel
            .iter()
            .map(|p| {
                let mut row = vec![
                    Cell::Header(p.group.clone()),
                    Cell::Number(p.participants.to_string()),
                ];
                row.extend(p.by_round.iter().map(|x| Cell::Number(x.to_string())));
                row
            })
            .collect();
        body += &table("Participants by panel group and round", &ph, &rows);
        if !self.unrated_items.is_empty() {
            body += &format!(
                "<p class=\"note\">Items in the list with no counted rating: {}</p>\n",
                escape(&self.unrated_items.join(", "))
            );
        }
        if !self.excluded.is_empty() {
            let rows: Vec<Vec<Cell>> = self
                .excluded
                .iter()
                .map(|x| {
                    vec![
                        Cell::Number(x.line.to_string()),
                        Cell::Text(x.participant.clone()),
                        Cell::Number(x.round.to_string()),
                        Cell::Text(x.item.clone()),
                        Cell::Text(x.reason.as_str().to_string()),
                        Cell::Text(x.detail.clone()),
                    ]
                })
                .collect();
            body += "<h2>Excluded ratings</h2>\n";
            body += &table(
                "Ratings not counted",
                &["line", "participant", "round", "item", "reason", "detail"],
                &rows,
            );
        }
        page(title, &body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rating(p: &str, g: &str, round: u32, item: &str, score: &str) -> Rating {
        Rating {
            participant: p.into(),
            group: g.into(),
            round,
            item: item.into(),
            score: Some(RawValue::Text(score.into())),
            comment: None,
        }
    }

    #[test]
    fn quantiles_follow_numpy_linear() {
        assert_eq!(quantile(&[1, 2, 3, 4], 0.25), 1.75);
        assert_eq!(quantile(&[1, 2, 3, 4], 0.5), 2.5);
        assert_eq!(quantile(&[1, 2, 3, 4], 0.75), 3.25);
        assert_eq!(quantile(&[7], 0.25), 7.0);
    }

    #[test]
    fn hand_worked_item() {
        // Scores 8, 9, 10, 6: mean 8.25, var = (4·281 − 33²)/(4·3) = 35/12.
        let ratings: Vec<Rating> = ["8", "9", "10", "6"]
            .iter()
            .enumerate()
            .map(|(i, s)| rating(&format!("p{i}"), "g", 1, "a", s))
            .collect();
        let r = analyse(&ratings, None, &DelphiOptions::default()).unwrap();
        let st = &r.rounds[0].items[0];
        assert_eq!(st.mean, 8.25);
        assert!((st.sd.unwrap() - (35.0f64 / 12.0).sqrt()).abs() < 1e-15);
        assert_eq!((st.low, st.middle, st.high), (0, 1, 3));
        assert!(st.consensus);
        assert_eq!(st.consensus_band, Some(PriorityBand::High));
        assert_eq!(st.median, 8.5);
    }

    #[test]
    fn ties_share_a_rank() {
        let ratings = vec![
            rating("p1", "g", 1, "a", "8"),
            rating("p2", "g", 1, "a", "6"),
            rating("p1", "g", 1, "b", "6"),
            rating("p2", "g", 1, "b", "8"),
            rating("p1", "g", 1, "c", "9"),
            rating("p2", "g", 1, "c", "9"),
        ];
        let r = analyse(&ratings, None, &DelphiOptions::default()).unwrap();
        let ranks: Vec<(String, u32)> = r
            .rounds
            .iter()
            .flat_map(|x| x.items.iter().map(|i| (i.item.clone(), i.rank)))
            .collect();
        assert_eq!(
            ranks,
            vec![("c".into(), 1), ("a".into(), 2), ("b".into(), 2)]
        );
    }

    #[test]
    fn bad_scores_and_duplicates_are_listed() {
        let ratings = vec![
            rating("p1", "g", 1, "a", "11"),
            rating("p1", "g", 1, "b", "7.5"),
            rating("p2", "g", 1, "a", "5"),
            rating("p2", "g", 1, "a", "5"),
            rating("p3", "g", 1, "a", "5"),
            rating("p3", "g", 1, "a", "6"),
            rating("p4", "g", 1, "a", "5"),
            rating("p4", "h", 2, "a", "5"),
        ];
        let r = analyse(&ratings, None, &DelphiOptions::default()).unwrap();
        let reasons: Vec<(u64, Exclusion)> =
            r.excluded.iter().map(|x| (x.line, x.reason)).collect();
        assert_eq!(
            reasons,
            vec![
                (1, Exclusion::InvalidScore),
                (2, Exclusion::InvalidScore),
                (4, Exclusion::Duplicate),
                (5, Exclusion::ConflictingRating),
                (6, Exclusion::ConflictingRating),
                (7, Exclusion::ConflictingGroup),
                (8, Exclusion::ConflictingGroup),
            ]
        );
        assert_eq!(r.counts.used + r.counts.excluded, r.counts.ratings);
    }
}
