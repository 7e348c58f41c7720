//! CSV evidence: a header row naming the evidence fields (any order,
//! unknown columns refused), one item per record, read as a stream.

use std::io::Read;

use crate::base::date::Date;
use crate::base::error::{Location, Problems};
use crate::evidence::item::{
    parse_date, stream_problem, EvidenceError, ItemRef, Problem, ValueRef, FIELDS,
};
use crate::input::sheet::{Records, Sheet, Table};
use crate::input::CsvFailure;

/// A CSV reading problem as an evidence problem at its line and field.
pub(crate) fn csv_problem(failure: CsvFailure) -> (Location, Problem) {
    let at = |line: usize, column: Option<usize>| Location {
        sheet: None,
        line: Some(line),
        column,
        path: String::new(),
    };
    match failure {
        CsvFailure::Malformed(line, column, m) => (at(line, column), Problem::Csv(m)),
        CsvFailure::Encoding(line, column, m) => (at(line, column), Problem::Encoding(m)),
        CsvFailure::Stream(s) => stream_problem(&s),
        CsvFailure::Io(m) => (Location::default(), Problem::Io(m)),
        CsvFailure::Cell(line, column, m) => (at(line, column), Problem::Workbook("error_cell", m)),
    }
}

/// Reads CSV evidence, calling `sink(item, line)` for each row.
/// Returns the number of items read.
pub fn read_csv<R: Read>(
    reader: R,
    sink: impl FnMut(ItemRef<'_>, usize),
) -> Result<usize, EvidenceError> {
    read_csv_limited(reader, crate::input::MAX_LINE_BYTES, sink)
}

/// As [`read_csv`], with lines and records of at most `limit` bytes.
pub(crate) fn read_csv_limited<R: Read>(
    reader: R,
    limit: usize,
    sink: impl FnMut(ItemRef<'_>, usize),
) -> Result<usize, EvidenceError> {
    read_records(
        Records::Csv(Box::new(crate::input::CsvReader::with_limit(reader, limit))),
        sink,
    )
}

/// Reads evidence from a sheet's table, calling `sink(item, row)` for each
/// row; errors name the sheet and cell. Returns the number of items read.
pub fn read_sheet(
    sheet: &Sheet,
    sink: impl FnMut(ItemRef<'_>, usize),
) -> Result<usize, EvidenceError> {
    read_records(Table::Sheet(sheet).records(), sink).map_err(|e| sheet.locate(e))
}

fn read_records<R: Read>(
    mut csv: Records<'_, R>,
    mut sink: impl FnMut(ItemRef<'_>, usize),
) -> Result<usize, EvidenceError> {
    let mut record = csv::StringRecord::new();

    // Header.
    match csv.read(&mut record) {
        Ok(Some(_)) => {}
        Ok(None) => return Err(EvidenceError::one(Location::default(), Problem::Empty)),
        Err(e) => {
            let (at, p) = csv_problem(e);
            return Err(EvidenceError::one(at, p));
        }
    }
    let columns = header_columns(&record)?;
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
        match record_step(&record, line, &header, &columns, &mut problems) {
            Step::Item(item) => {
                count += 1;
                sink(item, line);
            }
            Step::Skip => {}
            Step::Stop => break,
        }
    }
    if let Some((line, field)) = csv.open_quote(last_break) {
        if !stopped && !problems.is_full() {
            problems.push(line, Some(field), "", Problem::Csv(NEVER_CLOSED.into()));
        }
    }
    problems.finish().map(|()| count)
}

/// The problem of a quoted field left open at the end of the input.
pub(crate) const NEVER_CLOSED: &str = "quoted field never closed, expected a closing `\"` (the rest of the file was read as this one field)";

/// What one record gives: an item, nothing (its problems were recorded),
/// or the end of reading (the list of problems is full).
pub(crate) enum Step<'r> {
    Item(ItemRef<'r>),
    Skip,
    Stop,
}

/// Where a reader records its problems (see [`Problems`]).
pub(crate) trait Report {
    /// Records a problem; false when reading should stop.
    fn push(&mut self, line: usize, column: Option<usize>, path: &str, p: Problem) -> bool;
    /// Whether reading should stop.
    fn is_full(&self) -> bool;
}

impl Report for Problems<Problem> {
    fn push(&mut self, line: usize, column: Option<usize>, path: &str, p: Problem) -> bool {
        Problems::push(self, line, column, path, p)
    }
    fn is_full(&self) -> bool {
        Problems::is_full(self)
    }
}

/// The fields of a CSV record as [`record_step`] reads them: a
/// `csv::StringRecord`, or spans of a block's text (`evidence::records`).
pub(crate) trait Fields {
    /// How many fields.
    fn count(&self) -> usize;
    /// Field `i`.
    fn field(&self, i: usize) -> Option<&str>;
}

impl Fields for csv::StringRecord {
    fn count(&self) -> usize {
        self.len()
    }

    fn field(&self, i: usize) -> Option<&str> {
        self.get(i)
    }
}

/// True when `record` repeats `header` (the same names, case and
/// surrounding spaces aside), as `input::repeats_header` judges.
fn repeats_header<F: Fields + ?Sized>(header: &csv::StringRecord, record: &F) -> bool {
    record.count() == header.len()
        && header.len() >= 2
        && header.iter().enumerate().all(|(i, h)| {
            record
                .field(i)
                .is_some_and(|r| trim_cell(h).eq_ignore_ascii_case(trim_cell(r)))
        })
}

/// The item of data record `record` (read from `line`), its problems
/// recorded in `problems`: every reader of CSV records, one by one or in
/// parallel chunks (`evidence::chunks`), goes through this.
#[inline]
pub(crate) fn record_step<'r, F: Fields + ?Sized>(
    record: &'r F,
    line: usize,
    header: &csv::StringRecord,
    columns: &[Option<usize>; 11],
    problems: &mut dyn Report,
) -> Step<'r> {
    if repeats_header(header, record) {
        if !problems.push(line, Some(1), "", Problem::RepeatedHeader) {
            return Step::Stop;
        }
        return Step::Skip;
    }
    let cell = |f: usize| -> Option<(usize, &str)> {
        let col = columns.get(f).copied().flatten()?;
        record
            .field(col)
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
    let (worker, criterion, kind, date_text) = (required(1), required(2), required(3), required(4));
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
        return Step::Stop;
    }
    let (Some(worker), Some(criterion), Some(kind), Some(date), Some(expires)) =
        (worker, criterion, kind, date, expires)
    else {
        return Step::Skip;
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
    Step::Item(item)
}

/// The field index of each of [`FIELDS`] in the header `record`: one
/// column a separator other than commas would explain, unknown or
/// repeated columns and missing required ones are refused.
pub(crate) fn header_columns(
    record: &csv::StringRecord,
) -> Result<[Option<usize>; 11], EvidenceError> {
    let mut problems = Problems::default();
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
                    crate::base::text::clip(name, 40)
                )),
            );
            return problems.finish().map(|()| [None; 11]);
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
                Problem::UnknownColumn(crate::base::text::clip(&name, 40)),
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
    problems.finish().map(|()| columns)
}

/// `cell.trim()`, without looking further when it is empty or neither end
/// is whitespace (the usual cases; a non-ASCII end may be Unicode
/// whitespace).
#[inline]
fn trim_cell(cell: &str) -> &str {
    match (cell.as_bytes().first(), cell.as_bytes().last()) {
        (Some(a), Some(b)) if a.is_ascii_graphic() && b.is_ascii_graphic() => cell,
        (None, _) => cell,
        _ => cell.trim(),
    }
}
