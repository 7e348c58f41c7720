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
    let layout = Layout::new(&record, columns);
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
        let mut item = |item: &ItemRef<'_>, line: usize| {
            count += 1;
            sink(*item, line);
        };
        if !record_step(&record, line, &layout, &mut problems, &mut item) {
            break;
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

/// What data records are read against: the header (to find it repeated)
/// and the field of each of [`FIELDS`].
#[derive(Debug, Clone)]
pub(crate) struct Layout {
    header: csv::StringRecord,
    /// The field index of each of [`FIELDS`] ([`ABSENT`] for a column the
    /// header does not have).
    at: [usize; 11],
}

/// The field index of a column the header does not have.
const ABSENT: usize = usize::MAX;

impl Layout {
    /// The layout of `header`, whose evidence columns are `columns`.
    pub(crate) fn new(header: &csv::StringRecord, columns: [Option<usize>; 11]) -> Layout {
        Layout {
            header: header.clone(),
            at: columns.map(|c| c.unwrap_or(ABSENT)),
        }
    }

    /// How many fields the header has.
    #[cfg(feature = "threads")]
    pub(crate) fn len(&self) -> usize {
        self.header.len()
    }

    /// The column (from 1) of evidence field `f`, if the header has it.
    fn column(&self, f: usize) -> Option<usize> {
        self.at
            .get(f)
            .copied()
            .filter(|&c| c != ABSENT)
            .map(|c| c + 1)
    }

    /// Evidence field `f` of `record`, trimmed; empty when absent. Not
    /// inlined in one-thread builds (WebAssembly: eleven copies of the
    /// trimming cost more size than a call costs time).
    #[cfg_attr(not(feature = "threads"), inline(never))]
    fn cell<'r, F: Fields + ?Sized>(&self, record: &'r F, f: usize) -> &'r str {
        match self.at.get(f) {
            Some(&col) => record.field(col).map_or("", trim_cell),
            None => "",
        }
    }

    /// True when `record` repeats the header (the same names, case and
    /// surrounding spaces aside), as `input::repeats_header` judges.
    #[inline]
    fn repeated_by<F: Fields + ?Sized>(&self, record: &F) -> bool {
        record.count() == self.header.len()
            && self.header.len() >= 2
            && self.header.iter().enumerate().all(|(i, h)| {
                record
                    .field(i)
                    .is_some_and(|r| trim_cell(h).eq_ignore_ascii_case(trim_cell(r)))
            })
    }
}

/// Reads data record `record` (from `line`) against `layout`, handing its
/// item to `sink` and recording its problems in `problems`; false when
/// reading stops (the list of problems is full). Every reader of CSV
/// records, one by one or in parallel chunks (`evidence::chunks`), goes
/// through this.
#[inline]
pub(crate) fn record_step<F: Fields + ?Sized>(
    record: &F,
    line: usize,
    layout: &Layout,
    problems: &mut dyn Report,
    sink: &mut impl FnMut(&ItemRef<'_>, usize),
) -> bool {
    if layout.repeated_by(record) {
        return problems.push(line, Some(1), "", Problem::RepeatedHeader);
    }
    let cell = |f: usize| layout.cell(record, f);
    let text = |f: usize| Some(cell(f)).filter(|s| !s.is_empty());
    let (worker, criterion, kind, date_text) = (cell(1), cell(2), cell(3), cell(4));
    let expires_text = cell(9);
    if worker.is_empty() || criterion.is_empty() || kind.is_empty() || date_text.is_empty() {
        for (f, s) in [(1, worker), (2, criterion), (3, kind), (4, date_text)] {
            if s.is_empty() {
                let name = FIELDS.get(f).copied().unwrap_or("");
                problems.push(line, layout.column(f), name, Problem::MissingField(name));
            }
        }
    }
    let mut date_of = |f: usize, text: &str| -> Option<Date> {
        // The problem is made only when there is one (it is large); not
        // in one-thread builds (WebAssembly), where code size counts more.
        if cfg!(feature = "threads") {
            if let Ok(d) = Date::parse(text) {
                return Some(d);
            }
        }
        match parse_date(text) {
            Ok(d) => Some(d),
            Err(p) => {
                let name = FIELDS.get(f).copied().unwrap_or("");
                problems.push(line, layout.column(f), name, p);
                None
            }
        }
    };
    let date = if date_text.is_empty() {
        None
    } else {
        date_of(4, date_text)
    };
    let expires = if expires_text.is_empty() {
        Some(None)
    } else {
        date_of(9, expires_text).map(Some)
    };
    if problems.is_full() {
        return false;
    }
    let (Some(date), Some(expires)) = (date, expires) else {
        return true;
    };
    if worker.is_empty() || criterion.is_empty() || kind.is_empty() {
        return true;
    }
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
    sink(&item, line);
    true
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

    use super::*;

    /// `record_step` as it was before the column map and the sink: each
    /// cell looked up through `Option`s and trimmed with `str::trim`, the
    /// item returned. The simple path the fast one must match.
    fn reference_step<'r>(
        record: &'r csv::StringRecord,
        line: usize,
        header: &csv::StringRecord,
        columns: &[Option<usize>; 11],
        problems: &mut Problems<Problem>,
    ) -> Result<Option<ItemRef<'r>>, ()> {
        let repeats = record.len() == header.len()
            && header.len() >= 2
            && header
                .iter()
                .zip(record.iter())
                .all(|(h, r)| h.trim().eq_ignore_ascii_case(r.trim()));
        if repeats {
            return if problems.push(line, Some(1), "", Problem::RepeatedHeader) {
                Ok(None)
            } else {
                Err(())
            };
        }
        let cell = |f: usize| -> Option<(usize, &str)> {
            let col = columns[f]?;
            let s = record.get(col)?.trim();
            (!s.is_empty()).then_some((col + 1, s))
        };
        let mut required = |f: usize| match cell(f) {
            Some((_, s)) => Some(s),
            None => {
                let col = columns[f].map(|c| c + 1);
                problems.push(line, col, FIELDS[f], Problem::MissingField(FIELDS[f]));
                None
            }
        };
        let (worker, criterion, kind, date_text) =
            (required(1), required(2), required(3), required(4));
        let mut date_of = |f: usize, text: &str| match parse_date(text) {
            Ok(d) => Some(d),
            Err(p) => {
                problems.push(line, columns[f].map(|c| c + 1), FIELDS[f], p);
                None
            }
        };
        let date = date_text.and_then(|t| date_of(4, t));
        let expires = match cell(9) {
            Some((_, t)) => date_of(9, t).map(Some),
            None => Some(None),
        };
        if problems.is_full() {
            return Err(());
        }
        let (Some(worker), Some(criterion), Some(kind), Some(date), Some(expires)) =
            (worker, criterion, kind, date, expires)
        else {
            return Ok(None);
        };
        let text = |f: usize| cell(f).map(|(_, s)| s);
        Ok(Some(ItemRef {
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
        }))
    }

    /// What a reader of `records` gives: items and problems, in order.
    fn outcome(
        records: &[csv::StringRecord],
        mut step: impl FnMut(
            &csv::StringRecord,
            usize,
            &mut Problems<Problem>,
            &mut Vec<String>,
        ) -> bool,
    ) -> (Vec<String>, Vec<String>) {
        let (mut problems, mut items) = (Problems::default(), Vec::new());
        for (i, record) in records.iter().enumerate() {
            if !step(record, i + 2, &mut problems, &mut items) {
                break;
            }
        }
        let problems = problems
            .0
            .iter()
            .map(|(at, p)| format!("{at:?} {p:?}"))
            .collect();
        (items, problems)
    }

    #[test]
    fn records_read_as_the_simple_reading_reads_them() {
        // Cells: spaces and tabs around, Unicode spaces (trimmed too),
        // wide UTF-8, commas, quotes and line breaks (quoted), dates with
        // spaces, bad dates, empty and blank cells.
        let cells = [
            "",
            " ",
            "w1",
            " w2 ",
            "\tw3",
            "w4\t",
            "\u{3000}w5\u{3000}",
            "\u{a0}",
            "é",
            "😀 中",
            "a,b",
            "say \"hi\"",
            "line\nbreak",
            "\r\n",
            "2026-01-02",
            " 2026-01-02 ",
            "2026-13-01",
            "soon",
            "id",
            " Worker ",
            "2026-02-03\u{3000}",
        ];
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut below = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        for case in 0..300 {
            // The required columns and some optional ones, in any order,
            // named in any case with spaces around.
            let mut names: Vec<String> = Vec::new();
            for (f, n) in FIELDS.iter().enumerate() {
                if (1..=4).contains(&f) || below(3) > 0 {
                    names.push(match below(3) {
                        0 => n.to_uppercase(),
                        1 => format!(" {n} "),
                        _ => n.to_string(),
                    });
                }
            }
            for i in (1..names.len()).rev() {
                names.swap(i, below(i + 1));
            }
            let header = csv::StringRecord::from(names.clone());
            let columns = header_columns(&header).unwrap();
            let layout = Layout::new(&header, columns);
            let mut records = Vec::new();
            for _ in 0..[1, 10, 200][case % 3] {
                // Missing and extra fields now and then; the header again.
                let len = match below(20) {
                    0 => names.len().saturating_sub(1 + below(3)),
                    1 => names.len() + 1,
                    _ => names.len(),
                };
                let record: Vec<String> = if below(40) == 0 {
                    names
                        .iter()
                        .map(|n| format!(" {} ", n.to_lowercase()))
                        .collect()
                } else {
                    (0..len)
                        .map(|i| {
                            match FIELDS.iter().position(|f| {
                                names
                                    .get(i)
                                    .is_some_and(|n| n.trim().eq_ignore_ascii_case(f))
                            }) {
                                Some(4 | 9) if below(4) > 0 => cells[14 + below(4)].to_string(),
                                Some(1..=3) if below(5) > 0 => format!("x{}", below(9)),
                                _ => cells[below(cells.len())].to_string(),
                            }
                        })
                        .collect()
                };
                records.push(csv::StringRecord::from(record));
            }
            let expected = outcome(&records, |r, line, problems, items| {
                match reference_step(r, line, &header, &columns, problems) {
                    Ok(Some(item)) => items.push(format!("{line} {item:?}")),
                    Ok(None) => {}
                    Err(()) => return false,
                }
                true
            });
            let got = outcome(&records, |r, line, problems, items| {
                record_step(r, line, &layout, problems, &mut |item, line| {
                    items.push(format!("{line} {item:?}"))
                })
            });
            assert_eq!(got, expected, "case {case}");
        }
    }
}
