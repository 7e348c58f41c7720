//! Evidence from a path, a reader or text in any supported format: the
//! format named or recognised ([`Format`], [`FileFormat`]), then the
//! reader of that format.

use std::io::{BufRead, Read};
use std::path::Path;

use crate::base::error::Location;
use crate::evidence::csv::read_csv;
use crate::evidence::item::{EvidenceError, ItemRef, Problem};
use crate::evidence::json::{read_json_array, read_json_lines, MAX_JSON_BYTES};

/// Input formats for evidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Comma-separated values with a header row.
    Csv,
    /// One JSON object per line.
    JsonLines,
    /// A JSON array of objects.
    Json,
}

impl Format {
    /// The format implied by a file name's extension.
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "csv" => Some(Format::Csv),
            "jsonl" | "ndjson" => Some(Format::JsonLines),
            "json" => Some(Format::Json),
            _ => None,
        }
    }
}

/// Formats of evidence files: the text formats of [`Format`], and Parquet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileFormat {
    /// Comma-separated values with a header row.
    Csv,
    /// One JSON object per line.
    JsonLines,
    /// A JSON array of objects (or, when it starts with `{`, JSON Lines).
    Json,
    /// Apache Parquet (needs a file: it is read from its end).
    Parquet,
    /// A workbook (`.xlsx`, `.xlsm`, `.ods`): its first sheet, or the one
    /// the call's `sheet` option names (feature `sheets`).
    Workbook,
}

impl FileFormat {
    /// The format named `name` (`csv`, `jsonl` or `ndjson`, `json`,
    /// `parquet`, `parq` or `pq`, `xlsx`, `xlsm` or `ods`, in any case):
    /// also a file extension.
    pub fn from_name(name: &str) -> Option<FileFormat> {
        match name.to_ascii_lowercase().as_str() {
            "csv" => Some(FileFormat::Csv),
            "jsonl" | "ndjson" => Some(FileFormat::JsonLines),
            "json" => Some(FileFormat::Json),
            "parquet" | "parq" | "pq" => Some(FileFormat::Parquet),
            "xlsx" | "xlsm" | "ods" | "xls" | "xlsb" => Some(FileFormat::Workbook),
            _ => None,
        }
    }

    /// The format implied by a file name's extension.
    pub fn from_path(path: &Path) -> Option<FileFormat> {
        FileFormat::from_name(path.extension()?.to_str()?)
    }

    /// The format shown by the first bytes of a file: `PAR1` Parquet, a
    /// zip's `PK` a workbook, `[`
    /// a JSON array, `{` JSON Lines, anything else CSV (after a
    /// byte-order mark and white space).
    pub fn sniff(head: &[u8]) -> FileFormat {
        if head.starts_with(b"PAR1") {
            return FileFormat::Parquet;
        }
        if head.starts_with(b"PK\x03\x04") {
            return FileFormat::Workbook;
        }
        let head = head.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(head);
        match head.iter().find(|b| !b.is_ascii_whitespace()) {
            Some(b'[') => FileFormat::Json,
            Some(b'{') => FileFormat::JsonLines,
            _ => FileFormat::Csv,
        }
    }
}

/// Whether `path` is a Parquet file: by extension (`.parquet`, `.parq`,
/// `.pq`), else, for a regular file, by its first bytes (`PAR1`).
pub fn is_parquet(path: &Path) -> bool {
    if let Some(f) = FileFormat::from_path(path) {
        return f == FileFormat::Parquet;
    }
    let mut head = [0u8; 4];
    std::fs::File::open(path)
        .and_then(|f| {
            if f.metadata()?.is_file() {
                Ok(f)
            } else {
                Err(std::io::Error::other("not a regular file"))
            }
        })
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok_and(|()| &head == b"PAR1")
}

/// Reads an evidence file of any supported format (see [`read_path_as`]).
pub fn read_path(
    path: &Path,
    sink: impl FnMut(ItemRef<'_>, usize),
) -> Result<usize, EvidenceError> {
    read_path_as(path, None, sink)
}

/// Reads evidence from `path` (standard input for `-`) in `format`, or,
/// when `None`, the format its extension names, else the one its first
/// bytes show ([`FileFormat::sniff`]). The input is read once, from the
/// start, so pipes, FIFOs and `/dev/stdin` work as files do (Parquet
/// excepted: it needs a file). `.json` holding one object per line is read
/// as JSON Lines. Errors name the file.
pub fn read_path_as(
    path: &Path,
    format: Option<FileFormat>,
    sink: impl FnMut(ItemRef<'_>, usize),
) -> Result<usize, EvidenceError> {
    let name = crate::input::display_name(path);
    let io = |e: std::io::Error| {
        EvidenceError::one(Location::default(), Problem::Io(e.to_string())).with_file(&name)
    };
    let input = crate::input::open(path).map_err(io)?;
    let (regular, len) = (input.regular, input.len);
    let mut reader = std::io::BufReader::with_capacity(1 << 16, input);
    let format = match format.or_else(|| FileFormat::from_path(path)) {
        Some(f) => f,
        None => FileFormat::sniff(reader.fill_buf().map_err(io)?),
    };
    if format == FileFormat::Workbook {
        drop(reader);
        return read_workbook(crate::input::open(path).map_err(io)?, len)
            .map_err(|e| e.with_file(&name))
            .and_then(|sheet| {
                crate::evidence::csv::read_sheet(&sheet, sink).map_err(|e| e.with_file(&name))
            });
    }
    if format == FileFormat::Parquet {
        if !regular {
            return Err(
                EvidenceError::one(Location::default(), Problem::ParquetNotSeekable)
                    .with_file(&name),
            );
        }
        drop(reader);
        #[cfg(feature = "parquet")]
        return crate::evidence::parquet::read_path(path, sink);
        #[cfg(not(feature = "parquet"))]
        return Err(EvidenceError::one(
            Location::default(),
            Problem::Io("Parquet input is not built in (cargo feature `parquet`)".into()),
        )
        .with_file(&name));
    }
    read_reader(reader, Some(format), len, sink).map_err(|e| e.with_file(&name))
}

/// Reads evidence from `reader` in `format` (not Parquet), or, when `None`,
/// the format its first bytes show ([`FileFormat::sniff`]), reading it
/// once from the start (a pipe, a socket, a Python file object); `len` is
/// its length when known (a regular file), to refuse a JSON array over
/// [`MAX_JSON_BYTES`] before reading it.
pub fn read_reader<R: BufRead>(
    mut reader: R,
    format: Option<FileFormat>,
    len: Option<u64>,
    sink: impl FnMut(ItemRef<'_>, usize),
) -> Result<usize, EvidenceError> {
    let io =
        |e: std::io::Error| EvidenceError::one(Location::default(), Problem::Io(e.to_string()));
    let format = match format {
        Some(f) => f,
        None => FileFormat::sniff(reader.fill_buf().map_err(io)?),
    };
    match format {
        FileFormat::Csv => read_csv_any(reader, sink),
        FileFormat::JsonLines => read_json_lines(reader, sink),
        FileFormat::Parquet => Err(EvidenceError::one(
            Location::default(),
            Problem::ParquetNotSeekable,
        )),
        FileFormat::Workbook => {
            read_workbook(reader, len).and_then(|s| crate::evidence::csv::read_sheet(&s, sink))
        }
        FileFormat::Json => {
            if FileFormat::sniff(reader.fill_buf().map_err(io)?) == FileFormat::JsonLines {
                // One object per line: streamed as JSON Lines.
                return read_json_lines(reader, sink);
            }
            let bytes =
                crate::input::read_bytes(reader, len, MAX_JSON_BYTES).map_err(|e| match e {
                    crate::input::ReadError::Io(m) => {
                        EvidenceError::one(Location::default(), Problem::Io(m))
                    }
                    crate::input::ReadError::TooLarge { size, limit } => {
                        EvidenceError::one(Location::default(), Problem::TooLarge { size, limit })
                    }
                    crate::input::ReadError::Encoding(at, m) => {
                        EvidenceError::one(at, Problem::Encoding(m))
                    }
                })?;
            match crate::input::decode(&bytes) {
                Ok(text) => read_json_array(&text, sink),
                Err((location, e)) => Err(EvidenceError::one(
                    location,
                    Problem::Encoding(e.to_string()),
                )),
            }
        }
    }
}

/// Reads CSV evidence, a large input on several threads where there are
/// (`chunks`: the same items, lines and problems).
#[cfg(feature = "threads")]
fn read_csv_any<R: Read>(
    reader: R,
    sink: impl FnMut(ItemRef<'_>, usize),
) -> Result<usize, EvidenceError> {
    match crate::evidence::chunks::Split::for_files() {
        Some(split) => crate::evidence::chunks::read_csv_split(reader, split, sink),
        None => read_csv(reader, sink),
    }
}

/// Reads CSV evidence on this thread (no `threads` feature).
#[cfg(not(feature = "threads"))]
fn read_csv_any<R: Read>(
    reader: R,
    sink: impl FnMut(ItemRef<'_>, usize),
) -> Result<usize, EvidenceError> {
    read_csv(reader, sink)
}

/// Reads evidence text in `format`.
pub fn read_str(
    text: &str,
    format: Format,
    sink: impl FnMut(ItemRef<'_>, usize),
) -> Result<usize, EvidenceError> {
    match format {
        Format::Csv => read_csv(text.as_bytes(), sink),
        Format::JsonLines => read_json_lines(text.as_bytes(), sink),
        Format::Json => read_json_array(text, sink),
    }
}

/// Guesses the format of evidence text: JSON array, JSON Lines or CSV.
pub fn sniff(text: &str) -> Format {
    match text
        .trim_start_matches('\u{feff}')
        .trim_start()
        .as_bytes()
        .first()
    {
        Some(b'[') => Format::Json,
        Some(b'{') => Format::JsonLines,
        _ => Format::Csv,
    }
}

/// The first sheet of the workbook `reader` holds (feature `sheets`).
#[cfg(feature = "sheets")]
fn read_workbook(
    reader: impl Read,
    len: Option<u64>,
) -> Result<crate::input::sheet::Sheet, EvidenceError> {
    use crate::input::workbook;
    workbook::read_limited(reader, len)
        .and_then(|bytes| workbook::read_sheet(&bytes, None))
        .map_err(workbook::WorkbookError::into_file_error)
}

/// Workbooks are not built in (feature `sheets`).
#[cfg(not(feature = "sheets"))]
fn read_workbook(
    _reader: impl Read,
    _len: Option<u64>,
) -> Result<crate::input::sheet::Sheet, EvidenceError> {
    Err(EvidenceError::one(
        Location::default(),
        Problem::Workbook(
            "not_built_in",
            "a workbook, expected CSV, JSON Lines or JSON here (workbooks are not built in: cargo feature `sheets`)".into(),
        ),
    ))
}
