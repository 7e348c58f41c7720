//! Reading input: the one place that turns files, pipes and text into what
//! the parsers read, and the limits that hold for every input.
//!
//! - **Limits** ([`MAX_DOCUMENT_BYTES`], [`MAX_LINE_BYTES`], ...): one set,
//!   for every reader and every surface, listed in the README's "Errors and
//!   limits" table (`core/tests/limits.rs` checks the table against these
//!   constants). Whatever one command writes, every other command reads:
//!   writers check their output against the same limits.
//! - **Files read whole** (documents, people, ratings, JSON evidence
//!   arrays): [`read_text`] reads a path, or standard input for `-`,
//!   counting bytes as they arrive, so a pipe or a device (`/dev/zero`) is
//!   held to the limit as a regular file is.
//! - **Encodings**: UTF-8 only. A byte-order mark is dropped; UTF-16 (with
//!   or without a byte-order mark) and binary files (NUL bytes) are refused
//!   at their first bytes, before the rest is read.
//! - **Line endings**: CRLF (Windows, Excel, Python's `csv` module) and CR
//!   (classic Mac) are read as LF, so every line number and every result is
//!   that of the LF file; a byte-order mark at the start of a later line
//!   (where `cat` puts one when joining files) is dropped like the first.
//! - **Streams** (CSV, JSON Lines): [`TextReader`] does the above as the
//!   bytes pass, and bounds every line, and every CSV record (a quoted
//!   field may span lines), to [`MAX_LINE_BYTES`].

pub mod doc;
mod encoding;
mod fill;
pub mod sheet;
#[cfg(feature = "sheets")]
pub mod workbook;
pub mod yaml;

use std::borrow::Cow;
use std::fmt;
use std::io::{self, Read};
use std::path::Path;

use crate::base::error::{FileError, FileProblem, LoadError, Location, SyntaxError};
use encoding::HEAD;
pub use encoding::{decode, normalise};
pub(crate) use encoding::{sniff_encoding, utf8_error};

/// Largest file read whole, in bytes (256 MiB): frameworks, profiles,
/// plans, CPD, policy and issuer files, CASE packages, people, ratings and
/// item lists, JSON evidence arrays. Sized for the largest real frameworks:
/// a CASE package of 100,000 items of 2.5 KB each, a framework of the
/// 13,000+ skills of ESCO with their descriptions.
pub const MAX_DOCUMENT_BYTES: usize = 256 << 20;

/// Longest line of a file read as a stream (CSV, JSON Lines evidence), and
/// longest CSV record (a quoted field can span lines), in bytes (1 MiB).
pub const MAX_LINE_BYTES: usize = 1 << 20;

/// Deepest nesting of YAML or JSON documents (mappings and lists).
pub const MAX_DEPTH: usize = 64;

/// Most nodes that expanding YAML aliases may add to a document (each
/// alias counts the nodes of what it refers to): what the text spells out
/// is bounded by [`MAX_DOCUMENT_BYTES`], this bounds what aliases make of it.
pub const MAX_ALIAS_NODES: usize = 1_000_000;

pub use crate::base::error::MAX_PROBLEMS;

/// The name diagnostics give standard input.
pub const STDIN_NAME: &str = "<stdin>";

/// True for the path that means standard input (`-`).
pub fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// The name of `path` in diagnostics (`<stdin>` for `-`).
pub fn display_name(path: &Path) -> String {
    if is_stdin(path) {
        STDIN_NAME.to_string()
    } else {
        path.display().to_string()
    }
}

/// An opened input: a file, or standard input for `-`, with its length
/// when it is a regular file.
pub struct Input {
    reader: Box<dyn Read + Send>,
    /// Length in bytes, for regular files.
    pub len: Option<u64>,
    /// True for regular files (which can be read again, and seek).
    pub regular: bool,
}

impl Read for Input {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.reader.read(buf)
    }
}

/// Opens `path` for reading (standard input for `-`). An unopened FIFO
/// blocks here until a writer opens it, as it does for other Unix tools.
pub fn open(path: &Path) -> io::Result<Input> {
    if is_stdin(path) {
        return Ok(Input {
            reader: Box::new(io::stdin()),
            len: None,
            regular: false,
        });
    }
    let file = std::fs::File::open(path)?;
    let meta = file.metadata()?;
    if meta.is_dir() {
        return Err(io::Error::other("is a directory, expected a file"));
    }
    let regular = meta.is_file();
    Ok(Input {
        reader: Box::new(file),
        len: regular.then_some(meta.len()),
        regular,
    })
}

/// Why a file could not be read whole.
#[derive(Debug, Clone, PartialEq)]
pub enum ReadError {
    /// The operating system's reason.
    Io(String),
    /// Larger than the limit: its size when known (a regular file), else
    /// `None` (a stream that went on past the limit).
    TooLarge {
        /// Size, when known.
        size: Option<usize>,
        /// The limit.
        limit: usize,
    },
    /// Not UTF-8 text, at this location.
    Encoding(Location, String),
}

impl ReadError {
    /// As a [`LoadError`] naming `file`.
    pub fn into_load_error(self, file: &str) -> LoadError {
        match self {
            ReadError::Io(message) => LoadError::Io {
                file: file.to_string(),
                message,
            },
            ReadError::TooLarge { size, limit } => LoadError::Syntax {
                file: Some(file.to_string()),
                location: Location::default(),
                error: SyntaxError::TooLarge { size, limit },
            },
            ReadError::Encoding(location, message) => LoadError::Syntax {
                file: Some(file.to_string()),
                location,
                error: SyntaxError::Encoding(message),
            },
        }
    }
}

impl<P: FileProblem> FileError<P> {
    /// A file that could not be read whole (see [`read_text`]).
    pub fn from_read(e: ReadError) -> FileError<P> {
        match e {
            ReadError::Io(m) => FileError::one(Location::default(), P::io(m)),
            ReadError::TooLarge { size, limit } => {
                FileError::one(Location::default(), P::too_large(size, limit))
            }
            ReadError::Encoding(at, m) => FileError::one(at, P::encoding(m)),
        }
    }
}

/// The bytes of `reader`, at most `limit` of them: a regular file larger
/// than that is refused before it is read (`len`), anything else once
/// `limit` bytes have passed. Encodings other than UTF-8 are refused at
/// the first bytes, before reading on.
pub fn read_bytes(
    mut reader: impl Read,
    len: Option<u64>,
    limit: usize,
) -> Result<Vec<u8>, ReadError> {
    if let Some(len) = len {
        if len > limit as u64 {
            return Err(ReadError::TooLarge {
                size: Some(usize::try_from(len).unwrap_or(usize::MAX)),
                limit,
            });
        }
    }
    let io = |e: io::Error| ReadError::Io(e.to_string());
    let expected = len.map_or(1 << 16, |l| usize::try_from(l).unwrap_or(0).min(limit));
    let mut bytes = Vec::with_capacity(expected.saturating_add(1));
    // The first bytes alone, to refuse UTF-16 and binary input early.
    let mut head = (&mut reader).take(HEAD as u64);
    head.read_to_end(&mut bytes).map_err(io)?;
    if let Some((location, message)) = sniff_encoding(&bytes) {
        return Err(ReadError::Encoding(location, message));
    }
    if bytes.len() == HEAD {
        let rest = (limit + 1).saturating_sub(bytes.len()) as u64;
        reader.take(rest).read_to_end(&mut bytes).map_err(io)?;
    }
    if bytes.len() > limit {
        return Err(ReadError::TooLarge {
            size: len.map(|l| usize::try_from(l).unwrap_or(usize::MAX)),
            limit,
        });
    }
    Ok(bytes)
}

/// The text of `path` (standard input for `-`): at most `limit` bytes of
/// UTF-8, counted as read, with line endings made LF and byte-order marks
/// dropped (see the module documentation).
pub fn read_text_limited(path: &Path, limit: usize) -> Result<String, ReadError> {
    let input = open(path).map_err(|e| ReadError::Io(e.to_string()))?;
    let len = input.len;
    let bytes = read_bytes(input, len, limit)?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let (location, error) = utf8_error(e.as_bytes(), e.utf8_error());
        ReadError::Encoding(location, error.to_string())
    })?;
    Ok(match normalise(&text) {
        Cow::Borrowed(_) => text,
        Cow::Owned(normalised) => normalised,
    })
}

/// The text of bytes already in memory (e.g. given to the WebAssembly
/// package), held to `limit` as a file would be: see [`decode`].
pub fn decode_limited(bytes: &[u8], limit: usize) -> Result<Cow<'_, str>, ReadError> {
    if bytes.len() > limit {
        return Err(ReadError::TooLarge {
            size: Some(bytes.len()),
            limit,
        });
    }
    decode(bytes).map_err(|(at, e)| ReadError::Encoding(at, e.to_string()))
}

/// The text of a file read whole (at most [`MAX_DOCUMENT_BYTES`]); errors
/// name the file.
pub fn read_text(path: &Path) -> Result<String, LoadError> {
    read_text_limited(path, MAX_DOCUMENT_BYTES).map_err(|e| e.into_load_error(&display_name(path)))
}

/// The text of a table read whole (people, ratings, item lists; at most
/// [`MAX_DOCUMENT_BYTES`]), with its reader's error type; errors name the file.
pub fn read_table<P: crate::base::error::FileProblem>(
    path: &Path,
) -> Result<String, crate::base::error::FileError<P>> {
    read_text_limited(path, MAX_DOCUMENT_BYTES)
        .map_err(|e| crate::base::error::FileError::from_read(e).with_file(&display_name(path)))
}

/// Refuses to write a document (`what`: a framework, a CASE package) that
/// the readers would refuse as too large, so that whatever one command
/// writes, every other command reads: `Err` with the message to show.
pub fn check_writable(text: &str, what: &str) -> Result<(), String> {
    if text.len() > MAX_DOCUMENT_BYTES {
        return Err(format!(
            "the {what} would be {} bytes, expected at most {MAX_DOCUMENT_BYTES} bytes so that it can be read back (nothing written)",
            text.len()
        ));
    }
    Ok(())
}

/// A problem found in a stream by [`TextReader`], carried inside the
/// `io::Error` it returns (see [`stream_error`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum StreamError {
    /// Not UTF-8 text (UTF-16, binary), at this line and column.
    Encoding {
        /// Line.
        line: usize,
        /// Column.
        column: usize,
        /// What was found and expected.
        message: String,
    },
    /// A line longer than the limit.
    LineTooLong {
        /// The line.
        line: usize,
        /// The limit.
        limit: usize,
    },
    /// A CSV record longer than the limit, spanning lines from `line`
    /// (a quoted field never closed, or a huge one).
    RecordTooLong {
        /// The line it starts on.
        line: usize,
        /// The limit.
        limit: usize,
    },
}

impl fmt::Display for StreamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StreamError::Encoding { message, .. } => f.write_str(message),
            StreamError::LineTooLong { line, limit } => {
                write!(f, "line {line} is longer than {limit} bytes")
            }
            StreamError::RecordTooLong { line, limit } => {
                write!(
                    f,
                    "the record from line {line} is longer than {limit} bytes"
                )
            }
        }
    }
}

impl std::error::Error for StreamError {}

/// The [`StreamError`] inside an I/O error, if that is what it is.
pub(crate) fn stream_error(e: &io::Error) -> Option<&StreamError> {
    e.get_ref()
        .and_then(|inner| inner.downcast_ref::<StreamError>())
}

/// Size of [`TextReader`]'s buffer.
const BUFFER: usize = 1 << 16;

/// How far a CSV record may run past the limit before [`TextReader`]
/// stops it, unfinished: the bytes it has passed on that the csv crate
/// has not read yet (its buffer and ours). A finished record is held to the
/// limit exactly by [`CsvReader`].
const CSV_SLACK: u64 = 4 * BUFFER as u64;

/// A reader of text streams (CSV, JSON Lines): refuses UTF-16 and binary
/// input at its first bytes, reads CR and CRLF as LF, drops byte-order
/// marks at line starts, and fails with [`StreamError`] as soon as a line
/// exceeds its limit, or, for CSV, the record being read (told by
/// [`CsvReader`]) does, so that no reader above it holds an unbounded line
/// or record.
pub(crate) struct TextReader<R> {
    inner: R,
    buf: Vec<u8>,
    /// Unread output: `buf[pos..out]`; unprocessed input: `buf[raw..end]`.
    pos: usize,
    out: usize,
    raw: usize,
    end: usize,
    eof: bool,
    checked: bool,
    at_line_start: bool,
    max: usize,
    csv: bool,
    /// Bytes passed on so far, the line of the next one, and the length
    /// so far of its line.
    passed: u64,
    line: usize,
    line_len: usize,
    /// The last byte passed on, and how many double quotes passed.
    prev: u8,
    quotes: u64,
    /// CSV: where the record being read starts (byte, line).
    record_start: u64,
    record_line: usize,
    /// CSV: the offsets of the line breaks that make blank lines (which
    /// the csv crate skips before a record), from the record being read on.
    blank: std::collections::VecDeque<u64>,
}

impl<R: Read> TextReader<R> {
    /// A reader of lines of at most `max` bytes; with `csv`, of CSV
    /// records of at most `max` bytes too.
    pub(crate) fn new(inner: R, max: usize, csv: bool) -> TextReader<R> {
        TextReader {
            inner,
            buf: vec![0; BUFFER],
            pos: 0,
            out: 0,
            raw: 0,
            end: 0,
            eof: false,
            checked: false,
            at_line_start: true,
            max,
            csv,
            passed: 0,
            line: 1,
            line_len: 0,
            prev: b'\n',
            quotes: 0,
            record_start: 0,
            record_line: 1,
            blank: std::collections::VecDeque::new(),
        }
    }

    fn error(e: StreamError) -> io::Error {
        io::Error::new(io::ErrorKind::InvalidData, e)
    }

    /// Checks the bounds over newly processed bytes `chunk`.
    fn guard(&mut self, chunk: &[u8]) -> io::Result<()> {
        if chunk.is_empty() {
            return Ok(());
        }
        let base = self.passed;
        if self.csv {
            self.quotes += memchr::memchr_iter(b'"', chunk).count() as u64;
            // Blank lines: a line break right after another (or first).
            let mut blank = |i: usize| {
                let at = base + i as u64;
                if at == self.record_start {
                    // Skipped before the record: it starts after it.
                    self.record_start += 1;
                    self.record_line += 1;
                } else {
                    self.blank.push_back(at);
                }
            };
            if self.prev == b'\n' && chunk.first() == Some(&b'\n') {
                blank(0);
            }
            // A line break after a line break (memchr: memmem is 2 KB of wasm).
            for i in memchr::memchr_iter(b'\n', chunk) {
                if chunk.get(i + 1) == Some(&b'\n') {
                    blank(i + 1);
                }
            }
        }
        self.passed += chunk.len() as u64;
        self.prev = chunk.last().copied().unwrap_or(self.prev);
        // Lines: only those crossing the chunk's edges, and any in a chunk
        // longer than `max`, need looking at.
        let (first, last) = (memchr::memchr(b'\n', chunk), memchr::memrchr(b'\n', chunk));
        let (Some(first), Some(last)) = (first, last) else {
            self.line_len += chunk.len();
            return self.check(self.line_len > self.max);
        };
        if self.line_len + first > self.max {
            return self.check(true);
        }
        if chunk.len() > self.max {
            let mut rest = chunk.get(first + 1..).unwrap_or(&[]);
            self.line += 1;
            while let Some(i) = memchr::memchr(b'\n', rest) {
                if i > self.max {
                    self.line_len = i;
                    return self.check(true);
                }
                self.line += 1;
                rest = rest.get(i + 1..).unwrap_or(&[]);
            }
        } else {
            self.line += memchr::memchr_iter(b'\n', chunk).count();
        }
        self.line_len = chunk.len() - last - 1;
        self.check(self.line_len > self.max)
    }

    /// An error when `line_over` (the current line is over the limit) or,
    /// for CSV, the record being read has run past the limit and the slack.
    fn check(&self, line_over: bool) -> io::Result<()> {
        let record_over =
            self.csv && self.passed.saturating_sub(self.record_start) > self.max as u64 + CSV_SLACK;
        if !(line_over || record_over) {
            return Ok(());
        }
        Err(Self::error(
            if self.csv && (record_over || self.record_line != self.line) {
                if self.record_line == self.line {
                    StreamError::LineTooLong {
                        line: self.line,
                        limit: self.max,
                    }
                } else {
                    StreamError::RecordTooLong {
                        line: self.record_line,
                        limit: self.max,
                    }
                }
            } else {
                StreamError::LineTooLong {
                    line: self.line,
                    limit: self.max,
                }
            },
        ))
    }

    /// How many double quotes were passed on.
    #[cfg(feature = "threads")]
    pub(crate) fn quotes(&self) -> u64 {
        self.quotes
    }

    /// CSV: the csv crate starts reading a record at `byte`, on `line`
    /// (blank lines first, which it skips: `record_start` and
    /// `record_line` then move past them).
    pub(crate) fn start_record(&mut self, byte: u64, line: usize) {
        while self.blank.front().is_some_and(|&b| b < byte) {
            self.blank.pop_front();
        }
        (self.record_start, self.record_line) = (byte, line);
        // Blank lines already passed on; those still to come are skipped
        // by `guard` as they pass.
        while self.blank.front() == Some(&self.record_start) {
            self.blank.pop_front();
            self.record_start += 1;
            self.record_line += 1;
        }
    }
}

/// A CSV reader (no header handling: the first record is the header) over
/// a [`TextReader`]: every CSV input is read through this. Records are
/// bounded to [`MAX_LINE_BYTES`] (exactly once read; while being read, as
/// soon as they run past it and the reader's slack), and each comes with
/// the line it starts on (the csv crate's own positions count the blank
/// lines before a record in).
pub(crate) struct CsvReader<R: Read> {
    csv: csv::Reader<TextReader<R>>,
    /// The longest record.
    max: usize,
    /// The field count and line of the last record, for a quote never closed.
    last_len: usize,
    last_line: usize,
}

impl<R: Read> CsvReader<R> {
    /// A reader of `reader`.
    pub(crate) fn new(reader: R) -> CsvReader<R> {
        CsvReader::with_limit(reader, MAX_LINE_BYTES)
    }

    /// A reader of `reader` with records of at most `max` bytes.
    pub(crate) fn with_limit(reader: R, max: usize) -> CsvReader<R> {
        CsvReader {
            csv: csv::ReaderBuilder::new()
                .has_headers(false)
                .from_reader(TextReader::new(reader, max, true)),
            max,
            last_len: 0,
            last_line: 1,
        }
    }

    /// Reads the next record into `record`: the line it starts on, or
    /// `None` at the end.
    pub(crate) fn read(
        &mut self,
        record: &mut csv::StringRecord,
    ) -> Result<Option<usize>, CsvFailure> {
        let at = self.csv.position();
        let (byte, line) = (at.byte(), usize::try_from(at.line()).unwrap_or(usize::MAX));
        self.csv.get_mut().start_record(byte, line);
        let read = self.csv.read_record(record);
        // The line the record starts on, blank lines before it skipped.
        let line = self.csv.get_ref().record_line;
        let record_read = match &read {
            Ok(read) => *read,
            // A record of the wrong length or not UTF-8 was read too.
            Err(e) => matches!(
                e.kind(),
                csv::ErrorKind::UnequalLengths { .. } | csv::ErrorKind::Utf8 { .. }
            ),
        };
        if record_read {
            self.last_len = record.len();
            self.last_line = line;
            let after = self.csv.position();
            let text = self.csv.get_ref();
            // The line break that ends the record, unless the input did.
            // (A quoted field left open at the very end with a line break
            // last is counted one byte short: the input is in error anyway.)
            let end = if after.byte() < text.passed || text.prev == b'\n' {
                after.byte().saturating_sub(1)
            } else {
                after.byte()
            };
            if end.saturating_sub(text.record_start) > self.max as u64 {
                // One line, or several (a quoted field with line breaks).
                let ended = u64::from(end != after.byte());
                let breaks = after.line().saturating_sub(line as u64 + ended);
                let limit = self.max;
                return Err(CsvFailure::Stream(if breaks == 0 {
                    StreamError::LineTooLong { line, limit }
                } else {
                    StreamError::RecordTooLong { line, limit }
                }));
            }
        }
        match read {
            Ok(false) => Ok(None),
            Ok(true) => Ok(Some(line)),
            Err(e) => Err(match csv_failure(&e) {
                // About the record: at the line it starts on.
                CsvFailure::Malformed(_, column, m) => CsvFailure::Malformed(line, column, m),
                CsvFailure::Encoding(_, column, m) => CsvFailure::Encoding(line, column, m),
                other => other,
            }),
        }
    }

    /// At the end of the input: the line and field of a quoted field that
    /// was never closed (the rest of the input became that field), judged
    /// as before: an odd number of double quotes in all, and the last
    /// record's last field holds a line break.
    pub(crate) fn open_quote(&self, last_field_has_break: bool) -> Option<(usize, usize)> {
        let text = self.csv.get_ref();
        (last_field_has_break && text.quotes % 2 == 1)
            .then_some((self.last_line, self.last_len.max(1)))
    }
}

/// A `csv` crate error as (line, column (field), message) in this
/// project's style, with stream problems ([`StreamError`]) returned apart.
pub(crate) enum CsvFailure {
    /// Malformed CSV or text (line, field, message).
    Malformed(usize, Option<usize>, String),
    /// Not UTF-8 (line, column, message).
    Encoding(usize, Option<usize>, String),
    /// A line or record over the limit, or an encoding refused at the start.
    Stream(StreamError),
    /// The input could not be read.
    Io(String),
    /// A sheet's cell that holds an error value (line, field, message).
    Cell(usize, Option<usize>, String),
}

/// The message of CSV text that is not UTF-8.
pub(crate) const NOT_UTF8: &str =
    "invalid UTF-8, expected UTF-8 text (was the file saved as Latin-1 or Windows-1252?)";

/// Describes a `csv` crate error: every CSV reader's messages come from here.
pub(crate) fn csv_failure(e: &csv::Error) -> CsvFailure {
    let line = e
        .position()
        .map_or(1, |p| usize::try_from(p.line()).unwrap_or(usize::MAX));
    match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => CsvFailure::Malformed(
            line,
            None,
            format!("row has {len} fields, expected {expected_len} like the header"),
        ),
        csv::ErrorKind::Utf8 { err, .. } => {
            CsvFailure::Encoding(line, Some(err.field() + 1), NOT_UTF8.into())
        }
        csv::ErrorKind::Io(io) => match stream_error(io) {
            Some(s) => CsvFailure::Stream(s.clone()),
            None => CsvFailure::Io(io.to_string()),
        },
        // No other kind comes from reading records (no serde, no seeking);
        // serde_message is not called here, to keep it (and its tables) out
        // of the WebAssembly package's main module, which reads only CSV.
        _ => CsvFailure::Malformed(
            line,
            None,
            format!(
                "malformed CSV ({}), expected comma-separated fields",
                crate::base::text::clip(&e.to_string(), 80)
            ),
        ),
    }
}

/// True when CSV `record` repeats `header` (same names, case and spaces aside), as `cat` leaves.
#[inline]
pub(crate) fn repeats_header(header: &csv::StringRecord, record: &csv::StringRecord) -> bool {
    record.len() == header.len()
        && header.len() >= 2
        && header
            .iter()
            .zip(record.iter())
            .all(|(h, r)| h.trim().eq_ignore_ascii_case(r.trim()))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

    use super::encoding::position_after;
    use super::*;

    /// A reader handing out `bytes` at most `step` at a time (also used by
    /// `fill`'s tests).
    pub(super) struct Slow<'a>(pub(super) &'a [u8], pub(super) usize);

    impl Read for Slow<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = self.0.len().min(self.1).min(buf.len());
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    /// Reads `bytes` through a TextReader fed `step` bytes at a time.
    fn through(bytes: &[u8], step: usize, csv: bool, max: usize) -> Result<Vec<u8>, String> {
        let mut out = Vec::new();
        TextReader::new(Slow(bytes, step), max, csv)
            .read_to_end(&mut out)
            .map_err(|e| match stream_error(&e) {
                Some(s) => format!("{s:?}"),
                None => e.to_string(),
            })?;
        Ok(out)
    }

    #[test]
    fn line_endings_and_byte_order_marks_read_as_lf_at_any_chunk_size() {
        let cases: [(&[u8], &[u8]); 8] = [
            (b"a\r\nb\r\n", b"a\nb\n"),
            (b"a\rb\r", b"a\nb\n"),
            (b"a\r\rb", b"a\n\nb"),
            (b"a\r\n\r\nb\n\rc", b"a\n\nb\n\nc"),
            (b"\xEF\xBB\xBFa\n\xEF\xBB\xBFb\r\n\xEF\xBB\xBFc", b"a\nb\nc"),
            (b"a\xEF\xBB\xBFb\n", b"a\xEF\xBB\xBFb\n"),
            (b"\xEF\xBB\n\xEF\n", b"\xEF\xBB\n\xEF\n"),
            (
                b"caf\xC3\xA9\r\n\xEF\xBC\xA1\r",
                b"caf\xC3\xA9\n\xEF\xBC\xA1\n",
            ),
        ];
        for (input, want) in cases {
            for step in 1..=input.len() {
                for csv in [false, true] {
                    assert_eq!(
                        through(input, step, csv, 100).unwrap(),
                        want,
                        "{input:?} in steps of {step}"
                    );
                }
            }
            if let Ok(text) = std::str::from_utf8(input) {
                assert_eq!(normalise(text).as_bytes(), want, "{input:?}");
            }
        }
        assert!(matches!(normalise("a\nb"), Cow::Borrowed(_)));
    }

    #[test]
    fn utf16_and_binary_input_is_refused_at_the_start() {
        let le: Vec<u8> = "worker,date\n".bytes().flat_map(|b| [b, 0]).collect();
        let be: Vec<u8> = "worker,date\n".bytes().flat_map(|b| [0, b]).collect();
        for (bytes, want) in [
            (le.as_slice(), "little-endian"),
            (be.as_slice(), "big-endian"),
            (b"\xFF\xFEw\0".as_slice(), "UTF-16 encoded, expected"),
            (b"ab\ncd\0\0\0\xFF".as_slice(), "NUL byte"),
        ] {
            let e = through(bytes, 3, true, 100).unwrap_err();
            assert!(e.contains(want), "{e}");
        }
        let (location, _) = sniff_encoding(b"ab\r\ncd\0\0\0\xFF").unwrap();
        assert_eq!((location.line, location.column), (Some(2), Some(3)));
        assert_eq!(sniff_encoding(b"plain text\n"), None);
    }

    /// The start lines of the records of `bytes` read through a CsvReader
    /// fed `step` bytes at a time, with records of at most `max` bytes.
    fn records(bytes: &[u8], step: usize, max: usize) -> Result<Vec<usize>, String> {
        let mut r = CsvReader::with_limit(Slow(bytes, step), max);
        let mut record = csv::StringRecord::new();
        let mut lines = Vec::new();
        loop {
            match r.read(&mut record) {
                Ok(Some(line)) => lines.push(line),
                Ok(None) => return Ok(lines),
                Err(CsvFailure::Stream(s)) => return Err(format!("{s:?}")),
                // Rows of other lengths: read on, as the readers do.
                Err(
                    CsvFailure::Malformed(..) | CsvFailure::Encoding(..) | CsvFailure::Cell(..),
                ) => {}
                Err(CsvFailure::Io(m)) => return Err(m),
            }
        }
    }

    #[test]
    fn lines_and_csv_records_are_bounded() {
        let long_line = format!("a,b\n{}\n", "x".repeat(50));
        let e = through(long_line.as_bytes(), 7, false, 20).unwrap_err();
        assert_eq!(e, "LineTooLong { line: 2, limit: 20 }");
        let e = records(long_line.as_bytes(), 7, 20).unwrap_err();
        assert_eq!(e, "LineTooLong { line: 2, limit: 20 }");
        // A quoted field over short lines: the record is what is bounded.
        let field = format!("a,b\n1,\"{}\"\n", "xy\n".repeat(30));
        let e = records(field.as_bytes(), 5, 40).unwrap_err();
        assert_eq!(e, "RecordTooLong { line: 2, limit: 40 }");
        assert!(through(field.as_bytes(), 5, false, 40).is_ok());
        // Unfinished, it is stopped once past the limit and the slack.
        let endless = format!("a,b\n1,\"{}", "xy\n".repeat(200_000));
        let e = records(endless.as_bytes(), 4096, 40).unwrap_err();
        assert_eq!(e, "RecordTooLong { line: 2, limit: 40 }");
        // Quotes inside unquoted fields and escaped quotes do not open a field.
        let fine = "a,b\n12\" pipe,x\n\"say \"\"hi\"\"\",y\n\"two\nlines\",z\n";
        for step in 1..fine.len() {
            assert_eq!(records(fine.as_bytes(), step, 20), Ok(vec![1, 2, 3, 4]));
        }
        // Lines of records after blank lines (which the csv crate skips).
        let blank = "a,b\n\n\n1,2\n\n3,4\n";
        for step in 1..blank.len() {
            assert_eq!(records(blank.as_bytes(), step, 20), Ok(vec![1, 4, 6]));
        }
        let mut r = CsvReader::new("a\n\"open\nx\ny\n".as_bytes());
        let mut record = csv::StringRecord::new();
        while let Ok(Some(_)) = r.read(&mut record) {}
        assert_eq!(r.open_quote(true), Some((2, 1)));
    }

    #[test]
    fn documents_over_the_limit_are_not_written() {
        assert_eq!(check_writable("id: x\n", "framework"), Ok(()));
        let big = "x".repeat(MAX_DOCUMENT_BYTES + 1);
        let e = check_writable(&big, "CASE package").unwrap_err();
        assert_eq!(
            e,
            "the CASE package would be 268435457 bytes, expected at most 268435456 bytes so that it can be read back (nothing written)"
        );
    }

    /// The longest record of `text` as the csv crate's parser (csv-core)
    /// splits it: bytes from a record's start to its end, the line break
    /// that ends it not counted, blank lines before it skipped.
    fn longest_record(text: &str) -> usize {
        let mut parser = csv_core::Reader::new();
        let (mut input, mut out, mut ends) = (text.as_bytes(), vec![0u8; 4096], vec![0usize; 256]);
        let mut longest = 0;
        loop {
            let (result, consumed, _, _) = parser.read_record(input, &mut out, &mut ends);
            let record = &input[..consumed];
            input = &input[consumed..];
            let body: &[u8] = {
                let start = record
                    .iter()
                    .position(|&b| b != b'\n')
                    .unwrap_or(record.len());
                &record[start..]
            };
            match result {
                csv_core::ReadRecordResult::Record => {
                    let body = body.strip_suffix(b"\n").unwrap_or(body);
                    longest = longest.max(body.len());
                }
                csv_core::ReadRecordResult::InputEmpty if input.is_empty() => {
                    // The last record, ended by the end of the input.
                    let (result, _, _, _) = parser.read_record(&[], &mut out, &mut ends);
                    if matches!(result, csv_core::ReadRecordResult::Record) {
                        longest = longest.max(body.len());
                    }
                    break;
                }
                csv_core::ReadRecordResult::End => break,
                other => panic!("{other:?}"),
            }
        }
        longest
    }

    #[test]
    fn csv_records_are_bounded_where_the_csv_crate_ends_them() {
        let mut state = 0x5eed_u64;
        let mut next = |n: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % n
        };
        for _ in 0..5000 {
            let len = 1 + next(40) as usize;
            // Ending in a letter: a last line break would be ambiguous (a
            // record's end, or the text of a quoted field left open,
            // counted one byte short by the reader).
            let text: String = (0..len)
                .map(|_| ['a', 'b', ',', '"', '"', '\n'][next(6) as usize])
                .chain(['a'])
                .collect();
            let longest = longest_record(&text);
            let step = 1 + next(7) as usize;
            let ok = |r: &Result<Vec<usize>, String>| match r {
                Ok(_) => true,
                // The csv crate's own errors are not about length.
                Err(e) => !e.contains("TooLong"),
            };
            assert!(
                ok(&records(text.as_bytes(), step, longest.max(1))),
                "{text:?} has no record over {longest}"
            );
            if longest > 1 {
                assert!(
                    !ok(&records(text.as_bytes(), step, longest - 1)),
                    "{text:?} has a record of {longest}"
                );
            }
        }
    }

    #[test]
    fn positions_count_every_line_ending() {
        assert_eq!(position_after(b"ab"), (1, 3));
        assert_eq!(position_after(b"a\r\nb"), (2, 2));
        assert_eq!(position_after(b"a\rb\rc"), (3, 2));
        assert_eq!(position_after(b"a\n\xEF\xBB\xBFcaf\xC3\xA9"), (2, 5));
    }

    #[test]
    fn reading_counts_bytes_as_they_arrive() {
        let endless = io::repeat(b'a');
        let e = read_bytes(endless, None, 10_000).unwrap_err();
        assert_eq!(
            e,
            ReadError::TooLarge {
                size: None,
                limit: 10_000
            }
        );
        let zeros = io::repeat(0);
        assert!(matches!(
            read_bytes(zeros, None, 10_000),
            Err(ReadError::Encoding(..))
        ));
        assert_eq!(read_bytes(&b"abc"[..], None, 3).unwrap(), b"abc");
        assert!(read_bytes(&b"abcd"[..], None, 3).is_err());
        assert_eq!(
            read_bytes(&b"abcd"[..], Some(4), 3).unwrap_err(),
            ReadError::TooLarge {
                size: Some(4),
                limit: 3
            }
        );
    }
}
