//! Tables read from a sheet of a workbook: the cells already as text
//! ([`Sheet`], made by `input::workbook` from `.xlsx`, `.xlsm` and `.ods`),
//! read record by record as a CSV file's records are ([`Records`]), each
//! record's line its row, so that every table reader reads CSV and sheets
//! alike ([`Table`]). Locations found in a sheet's table are moved to the
//! sheet's own cells by [`Location::in_sheet`](crate::base::error::Location::in_sheet).

use std::io::Read;

use crate::input::{CsvFailure, CsvReader};

// The limits of workbooks (read by `input::workbook`, feature `sheets`),
// here so that the README's limits table is checked in every build.

/// Largest workbook file read, in bytes (64 MiB).
pub const MAX_WORKBOOK_BYTES: usize = 64 << 20;

/// Most bytes a workbook's parts may unpack to, in all (256 MiB, as
/// [`MAX_DOCUMENT_BYTES`](crate::input::MAX_DOCUMENT_BYTES)).
pub const MAX_WORKBOOK_UNPACKED_BYTES: usize = 256 << 20;

/// Most parts in a workbook's zip.
pub const MAX_WORKBOOK_PARTS: usize = 10_000;

/// Most cells read from one sheet (the used area of each sheet of an
/// `.ods` file, repeated cells counted, checked before it is opened; the
/// cells holding anything of an `.xlsx` sheet).
pub const MAX_SHEET_CELLS: usize = 10_000_000;

/// One cell of a [`Sheet`], as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    /// The cell's value as text: numbers in shortest form (`3`, `0.25`),
    /// dates `YYYY-MM-DD` (and ` HH:MM:SS` when they have a time),
    /// booleans `true`/`false`, a formula's cached value.
    Text(String),
    /// An error value (`#N/A`, `#DIV/0!`, ...).
    Error(String),
}

/// A sheet's table: its header row and the rows below it that hold
/// anything, each with its row number; fields are the header's columns.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Sheet {
    /// The sheet's name.
    pub name: String,
    /// The sheet column (A = 1) of each field.
    pub columns: Vec<u32>,
    /// Rows (the header first): row number, and one cell per field
    /// (`None` when empty).
    pub rows: Vec<(usize, Vec<Option<Cell>>)>,
}

impl Sheet {
    /// The header's row (1 when the sheet is empty).
    pub fn header_row(&self) -> usize {
        self.rows.first().map_or(1, |(r, _)| *r)
    }

    /// An error of a reader of this sheet's table, located in the sheet.
    pub fn locate<P: crate::base::error::FileProblem>(
        &self,
        e: crate::base::error::FileError<P>,
    ) -> crate::base::error::FileError<P> {
        e.in_sheet(&self.name, self.header_row(), &self.columns)
    }
}

/// A table to read: CSV text, or a sheet's table.
#[derive(Debug, Clone, Copy)]
pub enum Table<'t> {
    /// CSV text.
    Csv(&'t str),
    /// A sheet's table.
    Sheet(&'t Sheet),
}

impl<'t> From<&'t str> for Table<'t> {
    fn from(text: &'t str) -> Table<'t> {
        Table::Csv(text)
    }
}

impl<'t> From<&'t String> for Table<'t> {
    fn from(text: &'t String) -> Table<'t> {
        Table::Csv(text)
    }
}

impl<'t> From<&'t Sheet> for Table<'t> {
    fn from(sheet: &'t Sheet) -> Table<'t> {
        Table::Sheet(sheet)
    }
}

impl<'t> Table<'t> {
    /// The records of the table.
    pub(crate) fn records(self) -> Records<'t, &'t [u8]> {
        match self {
            Table::Csv(text) => Records::Csv(Box::new(CsvReader::new(text.as_bytes()))),
            Table::Sheet(sheet) => Records::Sheet(SheetRecords { sheet, next: 0 }),
        }
    }
}

/// A sheet's rows read as CSV records.
pub(crate) struct SheetRecords<'s> {
    sheet: &'s Sheet,
    next: usize,
}

impl SheetRecords<'_> {
    fn read(&mut self, record: &mut csv::StringRecord) -> Result<Option<usize>, CsvFailure> {
        let Some((row, cells)) = self.sheet.rows.get(self.next) else {
            return Ok(None);
        };
        self.next += 1;
        record.clear();
        let mut error = None;
        for (i, cell) in cells.iter().enumerate() {
            match cell {
                Some(Cell::Text(t)) => record.push_field(t),
                Some(Cell::Error(e)) => {
                    error.get_or_insert((i, e));
                    record.push_field("");
                }
                None => record.push_field(""),
            }
        }
        match error {
            Some((i, e)) => Err(CsvFailure::Cell(
                *row,
                Some(i + 1),
                format!(
                    "error cell `{}`, expected a value (the cell's formula gives an error: correct it, or clear the cell)",
                    crate::base::text::clip(e, 40)
                ),
            )),
            None => Ok(Some(*row)),
        }
    }
}

/// Records of CSV text or of a sheet, each with the line (the row) it
/// starts on.
pub(crate) enum Records<'s, R: Read> {
    /// CSV.
    Csv(Box<CsvReader<R>>),
    /// A sheet's table.
    Sheet(SheetRecords<'s>),
}

impl<R: Read> Records<'_, R> {
    /// Reads the next record into `record`: the line (row) it starts on, or
    /// `None` at the end.
    pub(crate) fn read(
        &mut self,
        record: &mut csv::StringRecord,
    ) -> Result<Option<usize>, CsvFailure> {
        match self {
            Records::Csv(r) => r.read(record),
            Records::Sheet(s) => s.read(record),
        }
    }

    /// See [`CsvReader::open_quote`] (never, for a sheet).
    pub(crate) fn open_quote(&self, last_field_has_break: bool) -> Option<(usize, usize)> {
        match self {
            Records::Csv(r) => r.open_quote(last_field_has_break),
            Records::Sheet(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

    use super::*;
    use crate::base::error::{column_letters, sheet_reference, Diagnostic, Location};

    #[test]
    fn sheet_rows_read_as_records_with_their_rows_and_error_cells_located() {
        let t = |s: &str| Some(Cell::Text(s.into()));
        let sheet = Sheet {
            name: "Log".into(),
            columns: vec![2, 3],
            rows: vec![
                (3, vec![t("a"), t("b")]),
                (5, vec![t("1"), None]),
                (6, vec![None, Some(Cell::Error("#N/A".into()))]),
            ],
        };
        let mut r = Table::from(&sheet).records();
        let mut rec = csv::StringRecord::new();
        assert_eq!(r.read(&mut rec).ok().flatten(), Some(3));
        assert_eq!(rec.iter().collect::<Vec<_>>(), ["a", "b"]);
        assert_eq!(r.read(&mut rec).ok().flatten(), Some(5));
        assert_eq!(rec.iter().collect::<Vec<_>>(), ["1", ""]);
        match r.read(&mut rec) {
            Err(CsvFailure::Cell(6, Some(2), m)) => assert!(m.starts_with("error cell `#N/A`")),
            _ => panic!("expected an error cell"),
        }
        assert!(matches!(r.read(&mut rec), Ok(None)));
        // Field 2 of the table is column C of the sheet.
        let mut at = Location {
            line: Some(6),
            column: Some(2),
            ..Location::default()
        };
        at.in_sheet("Log", sheet.header_row(), &sheet.columns);
        assert_eq!((at.sheet.as_deref(), at.column), (Some("Log"), Some(3)));
    }

    #[test]
    fn cells_are_shown_as_spreadsheets_name_them() {
        assert_eq!(column_letters(1), "A");
        assert_eq!(column_letters(26), "Z");
        assert_eq!(column_letters(27), "AA");
        assert_eq!(column_letters(16384), "XFD");
        assert_eq!(sheet_reference("Sheet1"), "Sheet1");
        assert_eq!(sheet_reference("Q1 log"), "'Q1 log'");
        assert_eq!(sheet_reference("it's"), "'it''s'");
        let d = |line, column| Diagnostic {
            file: Some("e.xlsx".into()),
            line,
            column,
            path: "date".into(),
            sheet: Some("Sheet1".into()),
            code: "bad_date".into(),
            message: "m".into(),
        };
        assert_eq!(
            d(Some(14), Some(4)).to_string(),
            "e.xlsx:Sheet1!D14: date: m"
        );
        assert_eq!(
            d(Some(14), None).to_string(),
            "e.xlsx:Sheet1!14:14: date: m"
        );
        assert_eq!(d(None, None).to_string(), "e.xlsx:Sheet1: date: m");
    }
}
