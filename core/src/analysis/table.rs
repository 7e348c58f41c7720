//! CSV tables of the analyses (the people file, ratings and item lists):
//! the header, then records with their lines, blank lines skipped, faults
//! described; columns found by name.

use crate::base::text::clip;
use crate::input::sheet::{Records, Table};

/// A CSV-level fault while reading a table.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum CsvFault {
    /// No header row.
    Empty,
    /// Broken quoting, wrong number of fields, ...
    Malformed(String),
    /// A row that repeats the header.
    RepeatedHeader,
    /// A sheet's cell holding an error value (its field, the message).
    ErrorCell(Option<usize>, String),
}

impl CsvFault {
    /// The field (1-based) the fault is in, when it is one cell.
    pub(crate) fn column(&self) -> Option<usize> {
        match self {
            CsvFault::ErrorCell(column, _) => *column,
            _ => None,
        }
    }
}

/// A record and its line, or a fault and its line.
pub(crate) type NextRecord<'r> = Result<(usize, &'r csv::StringRecord), (usize, CsvFault)>;

/// A CSV table being read: the header, then records with their lines.
pub(crate) struct CsvTable<'t> {
    reader: Records<'t, &'t [u8]>,
    header: csv::StringRecord,
    record: csv::StringRecord,
}

fn describe_csv_error(failure: crate::input::CsvFailure) -> (usize, CsvFault) {
    use crate::input::{CsvFailure, StreamError};
    match failure {
        CsvFailure::Cell(line, column, m) => (line, CsvFault::ErrorCell(column, m)),
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
    /// Opens a table (CSV text or a sheet's table) and reads its header row.
    pub(crate) fn open(
        table: Table<'t>,
    ) -> Result<(CsvTable<'t>, csv::StringRecord), (usize, CsvFault)> {
        let mut reader = table.records();
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

/// Implements [`crate::base::error::FileProblem`] for a problem enum of
/// the analyses' readers, which have the same variants for the problems of
/// any file (`Io(String)`, `Encoding(String)`, `TooMany(usize)`,
/// `TooLarge { size, limit }`, `Workbook(code, message)`), given the code
/// of each other variant.
macro_rules! file_problem {
    ($problem:ident { $($pattern:pat => $code:literal,)* }) => {
        impl crate::base::error::FileProblem for $problem {
            fn code(&self) -> &'static str {
                match self {
                    $problem::Workbook(code, _) => code,
                    $($pattern => $code,)*
                }
            }

            fn workbook(code: &'static str, message: String) -> $problem {
                $problem::Workbook(code, message)
            }

            fn is_io(&self) -> bool {
                matches!(self, $problem::Io(_))
            }

            fn too_many(limit: usize) -> $problem {
                $problem::TooMany(limit)
            }

            fn io(message: String) -> $problem {
                $problem::Io(message)
            }

            fn encoding(message: String) -> $problem {
                $problem::Encoding(message)
            }

            fn too_large(size: Option<usize>, limit: usize) -> $problem {
                $problem::TooLarge { size, limit }
            }
        }
    };
}
pub(crate) use file_problem;
