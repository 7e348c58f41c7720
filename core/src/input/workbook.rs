//! Workbooks (`.xlsx`, `.xlsm`, `.ods`) read into a sheet's table
//! ([`Sheet`]) with calamine, under limits checked before anything is
//! unpacked into memory: the file's size ([`MAX_WORKBOOK_BYTES`]), what its
//! parts unpack to ([`MAX_WORKBOOK_UNPACKED_BYTES`]: the sizes the zip
//! declares, then each part unpacked as a stream, counted and thrown away,
//! so a zip bomb is refused in bounded memory), and the cells of the sheet
//! read ([`MAX_SHEET_CELLS`]).
//!
//! The sheet is the one named, else the first. Its header is its first row
//! holding anything (as a CSV file's first line); rows holding nothing are
//! skipped, as blank lines are. Cells become text as a CSV file would hold
//! them: numbers in shortest form (`3`, not `3.0`), date cells
//! `YYYY-MM-DD` (with ` HH:MM:SS` when they have a time of day), booleans
//! `true`/`false`, formulas their cached value; error values (`#N/A`)
//! stay errors, which the readers refuse at their cell. A header cell
//! merged across columns names the first of them; the others are dropped
//! when nothing is under them, else they repeat its name (a duplicate
//! column, refused at the header). A header cell merged down over rows
//! makes those rows part of the header.

use std::collections::BTreeMap;
use std::io::{Cursor, Read};
use std::path::Path;

use calamine::{Data, DataRef, Reader};

use crate::input::sheet::{Cell, Sheet};

pub use crate::input::sheet::{
    MAX_SHEET_CELLS, MAX_WORKBOOK_BYTES, MAX_WORKBOOK_PARTS, MAX_WORKBOOK_UNPACKED_BYTES,
};

/// Why a workbook could not be read: a stable code and a message in the
/// project's style (see `docs/errors.md`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkbookError {
    /// Stable machine-readable code (`too_large`, `unpacked_too_large`,
    /// `not_workbook`, `no_sheet`, `too_many_cells`, `workbook`, `io`).
    pub code: &'static str,
    /// What was found and what was expected.
    pub message: String,
    /// For `too_large`: the size when known, and the limit.
    pub size: Option<(Option<usize>, usize)>,
}

impl WorkbookError {
    fn new(code: &'static str, message: String) -> WorkbookError {
        WorkbookError {
            code,
            message,
            size: None,
        }
    }

    /// As the error of a table reader (problem type `P`).
    pub fn into_file_error<P: crate::base::error::FileProblem>(
        self,
    ) -> crate::base::error::FileError<P> {
        let p = match (self.code, self.size) {
            ("too_large", Some((size, limit))) => P::too_large(size, limit),
            ("io", _) => P::io(self.message),
            _ => P::workbook(self.code, self.message),
        };
        crate::base::error::FileError::one(crate::base::error::Location::default(), p)
    }

    /// As a document load error.
    pub fn into_load_error(self) -> crate::base::error::LoadError {
        use crate::base::error::{LoadError, SyntaxError};
        let error = match (self.code, self.size) {
            ("too_large", Some((size, limit))) => SyntaxError::TooLarge { size, limit },
            _ => SyntaxError::Workbook(Box::new((self.code, self.message))),
        };
        LoadError::Syntax {
            file: None,
            location: Default::default(),
            error,
        }
    }
}

/// True for the extensions of workbooks (`xlsx`, `xlsm`, `ods`, and the
/// ones refused with a hint: `xls`, `xlsb`), in any case.
pub fn is_workbook_name(ext: &str) -> bool {
    matches!(
        ext.to_ascii_lowercase().as_str(),
        "xlsx" | "xlsm" | "ods" | "xls" | "xlsb"
    )
}

/// True when `head` (a file's first bytes) starts as a zip does, as every
/// workbook read here does.
pub fn looks_like_workbook(head: &[u8]) -> bool {
    head.starts_with(b"PK\x03\x04")
}

/// Whether `path` is a workbook: by extension, else, for a regular file,
/// by its first bytes.
pub fn is_workbook(path: &Path) -> bool {
    if let Some(ext) = path.extension().and_then(|e| e.to_str()) {
        if is_workbook_name(ext) {
            return true;
        }
        let text = [
            "csv", "jsonl", "ndjson", "json", "yaml", "yml", "parquet", "parq", "pq",
        ];
        if text.iter().any(|t| ext.eq_ignore_ascii_case(t)) {
            return false;
        }
    }
    // Only a regular file is looked into: opening a FIFO or a device to
    // peek would consume what its writer sends (the stat does not open it).
    if !std::fs::metadata(path).is_ok_and(|m| m.is_file()) {
        return false;
    }
    let mut head = [0u8; 4];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok_and(|()| looks_like_workbook(&head))
}

/// The bytes of a workbook file (standard input for `-`), at most
/// [`MAX_WORKBOOK_BYTES`] (a regular file larger is refused unread).
pub fn read_file(path: &Path) -> Result<Vec<u8>, WorkbookError> {
    let io = |e: std::io::Error| WorkbookError::new("io", e.to_string());
    let input = crate::input::open(path).map_err(io)?;
    read_limited(input, input_len(path))
}

fn input_len(path: &Path) -> Option<u64> {
    std::fs::metadata(path)
        .ok()
        .filter(|m| m.is_file())
        .map(|m| m.len())
}

/// At most [`MAX_WORKBOOK_BYTES`] of `reader`, refused past it.
pub fn read_limited(reader: impl Read, len: Option<u64>) -> Result<Vec<u8>, WorkbookError> {
    let too_large = |size: Option<usize>| WorkbookError {
        code: "too_large",
        message: format!(
            "workbook of {} bytes, expected at most {MAX_WORKBOOK_BYTES} bytes",
            crate::base::error::Size(size, MAX_WORKBOOK_BYTES)
        ),
        size: Some((size, MAX_WORKBOOK_BYTES)),
    };
    if let Some(len) = len.filter(|&l| l > MAX_WORKBOOK_BYTES as u64) {
        return Err(too_large(Some(usize::try_from(len).unwrap_or(usize::MAX))));
    }
    let mut bytes = Vec::new();
    reader
        .take(MAX_WORKBOOK_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| WorkbookError::new("io", e.to_string()))?;
    if bytes.len() > MAX_WORKBOOK_BYTES {
        return Err(too_large(None));
    }
    Ok(bytes)
}

/// The kinds of workbook read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Xlsx,
    Ods,
}

/// Reads sheet `sheet` (else the first) of the workbook `bytes`.
pub fn read_sheet(bytes: &[u8], sheet: Option<&str>) -> Result<Sheet, WorkbookError> {
    let mut book = Book::open(bytes)?;
    let name = choose(&book.names(), sheet)?;
    book.sheet(name)
}

/// Reads the sheets of the workbook `bytes` named in `wanted` (in any
/// case) that it has, in the workbook's order: the workbook checked and
/// opened once.
pub fn read_sheets(bytes: &[u8], wanted: &[&str]) -> Result<Vec<Sheet>, WorkbookError> {
    let mut book = Book::open(bytes)?;
    let names: Vec<String> = book
        .names()
        .into_iter()
        .filter(|n| wanted.iter().any(|w| w.eq_ignore_ascii_case(n.trim())))
        .collect();
    names.into_iter().map(|n| book.sheet(n)).collect()
}

/// An open workbook.
enum Book<'b> {
    Xlsx(Box<calamine::Xlsx<Cursor<&'b [u8]>>>),
    /// calamine reads every sheet of an .ods file when it opens it, each
    /// as a dense range of its used area: counted first ([`ods_largest_area`]).
    Ods(Box<calamine::Ods<Cursor<&'b [u8]>>>),
}

fn broken(e: &dyn std::fmt::Display) -> WorkbookError {
    WorkbookError::new(
        "workbook",
        format!(
            "unreadable workbook ({}), expected an .xlsx, .xlsm or .ods file as a spreadsheet program saves it",
            crate::base::text::clip(&e.to_string(), 120)
        ),
    )
}

impl<'b> Book<'b> {
    /// The workbook `bytes`, its size and zip checked first.
    fn open(bytes: &'b [u8]) -> Result<Book<'b>, WorkbookError> {
        if bytes.len() > MAX_WORKBOOK_BYTES {
            return Err(read_limited(bytes, Some(bytes.len() as u64))
                .err()
                .unwrap_or_else(|| WorkbookError::new("too_large", "workbook too large".into())));
        }
        Ok(match check_zip(bytes)? {
            Kind::Xlsx => Book::Xlsx(Box::new(
                calamine::Xlsx::new(Cursor::new(bytes)).map_err(|e| broken(&e))?,
            )),
            Kind::Ods => {
                let (name, area) = ods_largest_area(bytes)?;
                if area > MAX_SHEET_CELLS as u64 {
                    return Err(too_many_cells(&format!(
                        "sheet `{}` of a used area of {area} cells (repeated cells counted)",
                        crate::base::text::clip(&name, 40)
                    )));
                }
                Book::Ods(Box::new(
                    calamine::Ods::new(Cursor::new(bytes)).map_err(|e| broken(&e))?,
                ))
            }
        })
    }

    fn names(&self) -> Vec<String> {
        match self {
            Book::Xlsx(b) => b.sheet_names(),
            Book::Ods(b) => b.sheet_names(),
        }
    }

    /// The table of sheet `name` (one of [`Book::names`]).
    fn sheet(&mut self, name: String) -> Result<Sheet, WorkbookError> {
        match self {
            Book::Xlsx(book) => {
                let merged = book
                    .merge_cells_by_sheet_name(&name)
                    .map_err(|e| broken(&e))?;
                let mut cells = Cells::default();
                let mut reader = book.worksheet_cells_reader(&name).map_err(|e| broken(&e))?;
                while let Some(cell) = reader.next_cell().map_err(|e| broken(&e))? {
                    let (row, col) = cell.get_position();
                    cells.push(row, col, text_of_ref(cell.get_value()))?;
                }
                Ok(cells.into_sheet(name, &merged))
            }
            Book::Ods(book) => {
                let range = book.worksheet_range(&name).map_err(|e| broken(&e))?;
                let mut cells = Cells::default();
                if let Some((r0, c0)) = range.start() {
                    for (r, c, value) in range.used_cells() {
                        let (row, col) = (r0 + r as u32, c0 + c as u32);
                        cells.push(row, col, text_of(value))?;
                    }
                }
                Ok(cells.into_sheet(name, &[]))
            }
        }
    }
}

/// The sheet named `wanted`, else the first; an unknown name is refused
/// listing the sheets there are.
fn choose(names: &[String], wanted: Option<&str>) -> Result<String, WorkbookError> {
    match wanted {
        None => names.first().cloned().ok_or_else(|| {
            WorkbookError::new(
                "no_sheet",
                "workbook without sheets, expected at least one".into(),
            )
        }),
        Some(w) => names
            .iter()
            .find(|n| n.as_str() == w)
            .or_else(|| {
                names
                    .iter()
                    .find(|n| n.trim().eq_ignore_ascii_case(w.trim()))
            })
            .cloned()
            .ok_or_else(|| {
                let mut list: Vec<String> = names
                    .iter()
                    .take(12)
                    .map(|n| format!("`{}`", crate::base::text::clip(n, 40)))
                    .collect();
                if names.len() > 12 {
                    list.push(format!("... ({} in all)", names.len()));
                }
                WorkbookError::new(
                    "no_sheet",
                    format!(
                        "no sheet named `{}`, expected one of {}",
                        crate::base::text::clip(w, 40),
                        list.join(", ")
                    ),
                )
            }),
    }
}

/// Checks the zip under a workbook before any part is unpacked into
/// memory: at most [`MAX_WORKBOOK_PARTS`] parts, declared sizes within
/// [`MAX_WORKBOOK_UNPACKED_BYTES`], then every part unpacked as a stream
/// (its bytes counted, not kept) within its declared size and the limit.
/// Returns the kind of workbook its parts show.
fn check_zip(bytes: &[u8]) -> Result<Kind, WorkbookError> {
    if !looks_like_workbook(bytes) {
        let hint = if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
            " (an Excel 97-2003 .xls file, or a password-protected workbook: save it as .xlsx without a password)"
        } else {
            ""
        };
        return Err(WorkbookError::new(
            "not_workbook",
            format!("not a workbook, expected an .xlsx, .xlsm or .ods file (a zip){hint}"),
        ));
    }
    let not_zip = |e: &dyn std::fmt::Display| {
        WorkbookError::new(
            "not_workbook",
            format!(
                "broken zip ({}), expected an .xlsx, .xlsm or .ods file",
                crate::base::text::clip(&e.to_string(), 80)
            ),
        )
    };
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| not_zip(&e))?;
    if zip.len() > MAX_WORKBOOK_PARTS {
        return Err(WorkbookError::new(
            "too_many_parts",
            format!(
                "workbook of {} parts, expected at most {MAX_WORKBOOK_PARTS}",
                zip.len()
            ),
        ));
    }
    let limit = MAX_WORKBOOK_UNPACKED_BYTES as u64;
    let bomb = |size: String| {
        WorkbookError::new(
            "unpacked_too_large",
            format!(
                "workbook unpacking to {size} bytes, expected at most {limit} bytes in all, each part within its declared size (refused as a zip bomb)"
            ),
        )
    };
    let mut kind = None;
    let mut declared = 0u64;
    for i in 0..zip.len() {
        let part = zip.by_index_raw(i).map_err(|e| not_zip(&e))?;
        declared = declared.saturating_add(part.size());
        let name = part.name().map(|n| n.into_owned()).unwrap_or_default();
        if name == "xl/workbook.xml" || name == "xl/workbook.bin" {
            kind = Some(if name.ends_with(".bin") {
                None
            } else {
                Some(Kind::Xlsx)
            });
        } else if name == "content.xml" && kind.is_none() {
            kind = Some(Some(Kind::Ods));
        }
    }
    if declared > limit {
        return Err(bomb(declared.to_string()));
    }
    let kind = match kind {
        Some(Some(k)) => k,
        Some(None) => {
            return Err(WorkbookError::new(
                "not_workbook",
                "an Excel binary workbook (.xlsb), expected an .xlsx, .xlsm or .ods file (save it as .xlsx)".into(),
            ))
        }
        None => {
            return Err(WorkbookError::new(
                "not_workbook",
                "a zip without a workbook in it, expected an .xlsx, .xlsm or .ods file".into(),
            ))
        }
    };
    // The sizes declared may lie: each part unpacked, counted, dropped.
    let mut total = 0u64;
    let mut sink = [0u8; 1 << 14];
    for i in 0..zip.len() {
        let mut part = match zip.by_index(i) {
            Ok(p) => p,
            // Encrypted or of a compression not built in: calamine says
            // so if it is a part it reads.
            Err(_) => continue,
        };
        let declared = part.size();
        let mut this = 0u64;
        loop {
            let n = match part.read(&mut sink) {
                Ok(0) => break,
                Ok(n) => n as u64,
                // The zip reader stops a part at its declared size (a
                // test checks it still says so).
                Err(e) if this >= declared || e.to_string().contains("declared") => {
                    return Err(bomb(format!("more than its declared {declared}")))
                }
                Err(e) => return Err(not_zip(&e)),
            };
            this += n;
            total += n;
            if total > limit || this > declared {
                return Err(bomb(format!("more than {}", total.min(limit))));
            }
        }
    }
    Ok(kind)
}

/// A sheet over [`MAX_SHEET_CELLS`]: `found` says which and what it has.
fn too_many_cells(found: &str) -> WorkbookError {
    WorkbookError::new(
        "too_many_cells",
        format!(
            "{found}, expected at most {MAX_SHEET_CELLS} (save larger tables as CSV, which is read as a stream)"
        ),
    )
}

/// The first and last index holding anything, when any does.
type Bounds = Option<(u64, u64)>;

/// The largest used area of the sheets of the `.ods` workbook `bytes`
/// (rows × columns from the first to the last cell holding anything,
/// repeated rows and cells counted as spreadsheets show them), and its
/// sheet: what calamine's dense ranges would hold. Counted from
/// `content.xml` read as a stream (the zip was checked: [`check_zip`]),
/// in bounded memory.
fn ods_largest_area(bytes: &[u8]) -> Result<(String, u64), WorkbookError> {
    use quick_xml::events::{BytesStart, Event};
    let bad = |e: &dyn std::fmt::Display| broken(e);
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| bad(&e))?;
    let part = zip.by_name("content.xml").map_err(|e| bad(&e))?;
    let mut xml = quick_xml::Reader::from_reader(std::io::BufReader::new(part));
    let mut buf = Vec::new();
    let attr = |e: &BytesStart<'_>, key: &str| -> Option<String> {
        e.attributes()
            .flatten()
            .find(|a| a.key.as_ref() == key)
            .map(|a| a.value.into_owned())
    };
    let count = |e: &BytesStart<'_>, key: &str| -> u64 {
        attr(e, key)
            .and_then(|v| v.trim().parse::<u64>().ok())
            .unwrap_or(1)
            .max(1)
    };
    let widen = |b: &mut Bounds, lo: u64, hi: u64| {
        *b = Some(b.map_or((lo, hi), |(a, z)| (a.min(lo), z.max(hi))));
    };
    let mut largest = (String::new(), 0u64);
    // In a sheet (its name; rows and cells are counted wherever they are
    // nested: row groups, header rows): the depth, the row (its first
    // index, its repeat, whether it holds anything), the next column; the
    // used area's bounds.
    let mut sheet: Option<String> = None;
    let mut depth = 0usize;
    let (mut row, mut rows_repeated, mut row_used, mut col) = (0u64, 1u64, false, 0u64);
    let (mut rows, mut cols): (Bounds, Bounds) = (None, None);
    loop {
        let event = xml.read_event_into(&mut buf).map_err(|e| bad(&e))?;
        let empty = matches!(event, Event::Empty(_));
        match event {
            Event::Start(e) | Event::Empty(e) => {
                let tag = e.name();
                let tag = tag.as_ref();
                if sheet.is_none() {
                    if tag == "table:table" && !empty {
                        sheet = Some(attr(&e, "table:name").unwrap_or_default());
                        (depth, row, rows, cols) = (0, 0, None, None);
                    }
                } else if tag == "table:table-row" {
                    (rows_repeated, row_used, col) =
                        (count(&e, "table:number-rows-repeated"), false, 0);
                    if empty {
                        row = row.saturating_add(rows_repeated);
                    }
                } else if tag == "table:table-cell" || tag == "table:covered-table-cell" {
                    let n = count(&e, "table:number-columns-repeated");
                    if !empty || attr(&e, "office:value-type").is_some() {
                        widen(&mut cols, col, col.saturating_add(n - 1));
                        row_used = true;
                    }
                    col = col.saturating_add(n);
                }
                if sheet.is_some() && !empty {
                    depth += 1;
                }
            }
            Event::End(e) if sheet.is_some() => {
                depth = depth.saturating_sub(1);
                match e.name().as_ref() {
                    "table:table" if depth == 0 => {
                        let area = match (rows, cols) {
                            (Some((r0, r1)), Some((c0, c1))) => {
                                (r1 - r0 + 1).saturating_mul(c1 - c0 + 1)
                            }
                            _ => 0,
                        };
                        let name = sheet.take().unwrap_or_default();
                        if area > largest.1 {
                            largest = (name, area);
                        }
                    }
                    "table:table-row" => {
                        if row_used {
                            widen(&mut rows, row, row.saturating_add(rows_repeated - 1));
                        }
                        row = row.saturating_add(rows_repeated);
                    }
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(largest)
}

/// The cells of a sheet as read, by row, with the count held to
/// [`MAX_SHEET_CELLS`].
#[derive(Default)]
struct Cells {
    rows: BTreeMap<u32, BTreeMap<u32, Cell>>,
    count: usize,
}

impl Cells {
    fn push(&mut self, row: u32, col: u32, cell: Option<Cell>) -> Result<(), WorkbookError> {
        let Some(cell) = cell else { return Ok(()) };
        self.count += 1;
        if self.count > MAX_SHEET_CELLS {
            return Err(too_many_cells(&format!(
                "sheet of more than {MAX_SHEET_CELLS} cells"
            )));
        }
        self.rows.entry(row).or_default().insert(col, cell);
        Ok(())
    }

    /// The table: the first row holding anything is the header (with the
    /// rows a header cell merged down covers); its columns are the fields,
    /// plus any column with data beyond them.
    fn into_sheet(mut self, name: String, merged: &[calamine::Dimensions]) -> Sheet {
        let Some((&header_row, _)) = self.rows.iter().next() else {
            return Sheet {
                name,
                ..Sheet::default()
            };
        };
        let header = self.rows.remove(&header_row).unwrap_or_default();
        let mut data_from = header_row + 1;
        // A header cell merged across columns: the name of each it covers.
        let mut covered: BTreeMap<u32, String> = BTreeMap::new();
        for m in merged.iter().filter(|m| m.start.0 == header_row) {
            data_from = data_from.max(m.end.0 + 1);
            if let Some(Cell::Text(t)) = header.get(&m.start.1) {
                for c in m.start.1 + 1..=m.end.1 {
                    covered.insert(c, t.clone());
                }
            }
        }
        let data: Vec<(u32, BTreeMap<u32, Cell>)> = self
            .rows
            .into_iter()
            .filter(|(r, _)| *r >= data_from)
            .collect();
        let mut used: std::collections::BTreeSet<u32> = header.keys().copied().collect();
        for (_, cells) in &data {
            used.extend(cells.keys().copied());
        }
        let columns: Vec<u32> = used.into_iter().collect();
        let field = |cells: &BTreeMap<u32, Cell>| -> Vec<Option<Cell>> {
            columns.iter().map(|c| cells.get(c).cloned()).collect()
        };
        let mut head = field(&header);
        for (slot, c) in head.iter_mut().zip(&columns) {
            if slot.is_none() {
                *slot = covered.get(c).map(|t| Cell::Text(t.clone()));
            }
        }
        let mut rows = vec![(header_row as usize + 1, head)];
        rows.extend(
            data.iter()
                .map(|(r, cells)| (*r as usize + 1, field(cells))),
        );
        Sheet {
            name,
            columns: columns.iter().map(|c| c + 1).collect(),
            rows,
        }
    }
}

/// A cell's text as a CSV file would hold it; `None` for an empty cell
/// (or one of white space only).
fn text_of_ref(value: &DataRef<'_>) -> Option<Cell> {
    let text = match value {
        DataRef::Empty => return None,
        DataRef::String(s) => s.clone(),
        DataRef::SharedString(s) => (*s).to_string(),
        DataRef::Int(n) => n.to_string(),
        DataRef::Float(x) => number(*x),
        DataRef::Bool(b) => b.to_string(),
        DataRef::DateTime(d) => date_time(d),
        DataRef::DateTimeIso(s) => iso(s),
        DataRef::DurationIso(s) => s.clone(),
        DataRef::Error(e) => return Some(Cell::Error(e.to_string())),
    };
    (!text.trim().is_empty()).then_some(Cell::Text(text))
}

fn text_of(value: &Data) -> Option<Cell> {
    let text = match value {
        Data::Empty => return None,
        Data::String(s) => s.clone(),
        Data::Int(n) => n.to_string(),
        Data::Float(x) => number(*x),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => date_time(d),
        Data::DateTimeIso(s) => iso(s),
        Data::DurationIso(s) => s.clone(),
        Data::Error(e) => return Some(Cell::Error(e.to_string())),
    };
    (!text.trim().is_empty()).then_some(Cell::Text(text))
}

/// A number in shortest form: `3`, `0.25`, `1e-7` as Rust writes it.
fn number(x: f64) -> String {
    format!("{x}")
}

/// A date cell `YYYY-MM-DD`, with ` HH:MM:SS` when it has a time of day;
/// a duration as its number of days.
fn date_time(d: &calamine::ExcelDateTime) -> String {
    if d.is_duration() {
        return number(d.as_f64());
    }
    let (y, mo, da, h, mi, s, ms) = d.to_ymd_hms_milli();
    if (h, mi, s, ms) == (0, 0, 0, 0) {
        format!("{y:04}-{mo:02}-{da:02}")
    } else {
        format!("{y:04}-{mo:02}-{da:02} {h:02}:{mi:02}:{s:02}")
    }
}

/// An ISO date-time of an `.ods` date cell: the date alone at midnight.
fn iso(s: &str) -> String {
    s.strip_suffix("T00:00:00")
        .unwrap_or(s)
        .replacen('T', " ", 1)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

    use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook};

    use super::*;

    fn texts(sheet: &Sheet) -> Vec<(usize, Vec<String>)> {
        let show = |c: &Option<Cell>| match c {
            Some(Cell::Text(t)) => t.clone(),
            Some(Cell::Error(e)) => format!("!{e}"),
            None => String::new(),
        };
        sheet
            .rows
            .iter()
            .map(|(r, cells)| (*r, cells.iter().map(show).collect()))
            .collect()
    }

    #[test]
    fn cells_read_as_their_csv_text_under_a_header_found_and_merged() {
        let mut wb = Workbook::new();
        let date = Format::new().set_num_format("yyyy-mm-dd");
        let ws = wb.add_worksheet().set_name("Log").unwrap();
        // A header in row 2 (row 1 empty), starting in column B; `note`
        // merged over D:E with nothing under E; `worker` merged down B2:B3.
        ws.merge_range(1, 1, 2, 1, "worker", &Format::new())
            .unwrap();
        ws.write_string(1, 2, "date").unwrap();
        ws.merge_range(1, 3, 1, 4, "note", &Format::new()).unwrap();
        ws.write_string(3, 1, "w1").unwrap();
        let d = ExcelDateTime::from_ymd(2025, 3, 4).unwrap();
        ws.write_datetime_with_format(3, 2, &d, &date).unwrap();
        ws.write_number(3, 3, 4.0).unwrap();
        let t = ExcelDateTime::from_ymd(2025, 3, 4)
            .unwrap()
            .and_hms(9, 30, 0)
            .unwrap();
        ws.write_datetime_with_format(4, 2, &t, &Format::new().set_num_format("yyyy-mm-dd hh:mm"))
            .unwrap();
        ws.write_boolean(4, 1, true).unwrap();
        ws.write_formula(4, 3, Formula::new("=1/4").set_result("0.25"))
            .unwrap();
        // Trailing cells holding only a format, far away.
        ws.write_blank(40, 20, &date).unwrap();
        let bytes = wb.save_to_buffer().unwrap();
        let sheet = read_sheet(&bytes, Some("log")).unwrap();
        assert_eq!(sheet.name, "Log");
        assert_eq!(sheet.columns, [2, 3, 4]);
        assert_eq!(
            texts(&sheet),
            [
                (2, vec!["worker".into(), "date".into(), "note".into()]),
                (4, vec!["w1".into(), "2025-03-04".into(), "4".into()]),
                (
                    5,
                    vec![
                        "true".to_string(),
                        "2025-03-04 09:30:00".into(),
                        "0.25".into()
                    ]
                ),
            ]
        );
    }

    #[test]
    fn a_merged_header_over_data_names_its_columns_twice_and_unknown_sheets_are_listed() {
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        ws.merge_range(0, 0, 0, 1, "note", &Format::new()).unwrap();
        ws.write_string(1, 1, "under the merge").unwrap();
        let bytes = wb.save_to_buffer().unwrap();
        let sheet = read_sheet(&bytes, None).unwrap();
        assert_eq!(texts(&sheet)[0], (1, vec!["note".into(), "note".into()]));
        let e = read_sheet(&bytes, Some("Evidence")).unwrap_err();
        assert_eq!(e.code, "no_sheet");
        assert_eq!(
            e.message,
            "no sheet named `Evidence`, expected one of `Sheet1`"
        );
    }

    #[test]
    fn what_is_not_a_workbook_is_refused_with_a_hint() {
        let e = read_sheet(b"worker,date\n", None).unwrap_err();
        assert_eq!(e.code, "not_workbook");
        let e = read_sheet(&[0xD0, 0xCF, 0x11, 0xE0, 0, 0], None).unwrap_err();
        assert!(e.message.contains("save it as .xlsx"), "{}", e.message);
    }
}
