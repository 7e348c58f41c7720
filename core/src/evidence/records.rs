//! The records of one block of CSV evidence (`evidence::chunks`), parsed
//! into a [`Batch`] with their problems, exactly as the csv crate reads
//! them. A block of UTF-8 text (checked once, not record by record) is
//! split by hand: a record without a `"` is its line, its fields what lies
//! between commas (found eight bytes at a time); a record with a `"` is
//! read by the csv crate's own parser (`csv_core`). A block that is not
//! UTF-8 is read record by record by the csv crate, as one thread reads.
//!
//! Blocks come from [`crate::input::TextReader`]: line breaks are `\n`
//! only, byte-order marks at line starts are gone, and a block ends where
//! a record does, so every rule of the csv crate left to follow here is:
//! blank lines before a record are skipped, a record ends at a line break
//! outside quotes or at the end of the block, and fields end at commas.

use crate::base::error::Location;
use crate::evidence::batch::Batch;
use crate::evidence::csv::{csv_problem, record_step, Fields, Layout, Report};
use crate::evidence::item::{stream_problem, Problem};
use crate::input::{CsvFailure, StreamError, NOT_UTF8};

/// A worker's problems, in record order, with the items before each.
pub(super) struct Found<'a> {
    pub(super) list: &'a mut Vec<(usize, Location, Problem, bool)>,
    pub(super) items: usize,
}

impl Report for Found<'_> {
    fn push(&mut self, line: usize, column: Option<usize>, path: &str, p: Problem) -> bool {
        let at = Location {
            sheet: None,
            line: Some(line),
            column,
            path: path.to_string(),
        };
        self.list.push((self.items, at, p, false));
        !self.is_full()
    }

    fn is_full(&self) -> bool {
        self.list.len() > crate::base::error::MAX_PROBLEMS
    }
}

impl Found<'_> {
    /// Records the CSV failure of a record that is skipped (reading goes
    /// on); whether the list is now full.
    fn failure(&mut self, f: CsvFailure) -> bool {
        let (loc, p) = csv_problem(f);
        self.list.push((self.items, loc, p, false));
        self.is_full()
    }

    /// Reads a well-formed record into `batch` (`shape`'s columns), its
    /// problems recorded here; false when reading stops.
    fn step<F: Fields + ?Sized>(
        &mut self,
        record: &F,
        line: usize,
        shape: Shape<'_>,
        batch: &mut Batch,
    ) -> bool {
        record_step(record, line, shape.layout, self, &mut |item, line| {
            batch.push(item, line)
        })
    }
}

/// What parsing a block gives besides its items.
#[derive(Default)]
pub(super) struct Outcome {
    /// Problems in record order, each with the number of items before it
    /// (and whether it ends reading).
    pub(super) problems: Vec<(usize, Location, Problem, bool)>,
    /// The field count and line of the last record read.
    pub(super) last: Option<(usize, usize)>,
    /// Whether the last well-read record's last field holds a line break.
    pub(super) last_break: Option<bool>,
}

/// One record of a block: the line it starts on, and where its text
/// starts and ends (before its line break).
pub(super) struct Record {
    pub(super) line: usize,
    pub(super) start: usize,
    pub(super) end: usize,
}

/// Reads the next record of `block` (which starts on line `first`) into
/// `record`, after the text up to `*pos` (on line `*line`), moving both
/// past it.
pub(super) fn next_record(
    csv: &mut csv::Reader<&[u8]>,
    block: &[u8],
    record: &mut csv::ByteRecord,
    pos: &mut usize,
    line: &mut usize,
    first: usize,
) -> Option<Record> {
    // A slice cannot fail to read, and a flexible reader has no other error.
    if !csv.read_byte_record(record).unwrap_or(false) {
        return None;
    }
    let after = usize::try_from(csv.position().byte()).unwrap_or(usize::MAX);
    let taken = block.get(*pos..after).unwrap_or(&[]);
    // Blank lines before a record are skipped: it starts after them.
    let blank = taken.iter().take_while(|&&b| b == b'\n').count();
    let r = Record {
        line: *line + blank,
        start: *pos + blank,
        end: after - usize::from(taken.last() == Some(&b'\n')),
    };
    // The csv crate counts the line breaks it has read (from 1).
    *line = first + usize::try_from(csv.position().line()).unwrap_or(usize::MAX) - 1;
    *pos = after;
    Some(r)
}

/// The problem of a record longer than `limit` bytes, if it is.
pub(super) fn too_long(block: &[u8], r: &Record, limit: usize) -> Option<(Location, Problem)> {
    (r.end.saturating_sub(r.start) > limit).then(|| {
        let breaks = memchr::memchr_iter(b'\n', block.get(r.start..r.end).unwrap_or(&[])).count();
        let line = r.line;
        stream_problem(&if breaks == 0 {
            StreamError::LineTooLong { line, limit }
        } else {
            StreamError::RecordTooLong { line, limit }
        })
    })
}

/// What a block is parsed against: the header and its evidence columns,
/// and the longest record.
#[derive(Clone, Copy)]
pub(super) struct Shape<'a> {
    pub(super) layout: &'a Layout,
    pub(super) limit: usize,
}

/// Parses the records of `block` (which starts on line `line`) into
/// `batch` (emptied first).
pub(super) fn parse_block(
    block: &[u8],
    line: usize,
    batch: &mut Batch,
    shape: Shape<'_>,
    scratch: &mut Scratch,
) -> Outcome {
    batch.clear();
    let mut out = Outcome::default();
    match std::str::from_utf8(block) {
        Ok(text) => parse_text(text, line, batch, shape, scratch, &mut out),
        Err(_) => parse_records(block, line, batch, shape, &mut out),
    }
    out
}

/// The problem of a record of `len` fields where the header has another
/// count.
fn unequal(line: usize, len: usize, shape: Shape<'_>) -> CsvFailure {
    let expected = shape.layout.len();
    CsvFailure::Malformed(
        line,
        None,
        format!("row has {len} fields, expected {expected} like the header"),
    )
}

/// Parses a block record by record with the csv crate (any bytes).
fn parse_records(
    block: &[u8],
    line: usize,
    batch: &mut Batch,
    shape: Shape<'_>,
    out: &mut Outcome,
) {
    let mut csv = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(block);
    let (mut bytes, mut record) = (csv::ByteRecord::new(), csv::StringRecord::new());
    let (mut pos, mut at) = (0usize, line);
    while let Some(r) = next_record(&mut csv, block, &mut bytes, &mut pos, &mut at, line) {
        let mut found = Found {
            list: &mut out.problems,
            items: batch.len(),
        };
        if let Some((loc, p)) = too_long(block, &r, shape.limit) {
            found.list.push((found.items, loc, p, true));
            break;
        }
        let len = bytes.len();
        let utf8 = csv::StringRecord::from_byte_record(std::mem::take(&mut bytes));
        let failure = match utf8 {
            Ok(s) => {
                record = s;
                out.last = Some((len, r.line));
                (len != shape.layout.len()).then(|| unequal(r.line, len, shape))
            }
            Err(e) => {
                // A record not UTF-8 is cleared (as the csv crate does).
                out.last = Some((0, r.line));
                let field = e.utf8_error().field() + 1;
                bytes = e.into_byte_record();
                Some(if len == shape.layout.len() {
                    CsvFailure::Encoding(r.line, Some(field), NOT_UTF8.into())
                } else {
                    unequal(r.line, len, shape)
                })
            }
        };
        if let Some(f) = failure {
            if bytes.is_empty() {
                bytes = std::mem::take(&mut record).into_byte_record();
            }
            if found.failure(f) {
                break;
            }
            continue;
        }
        out.last_break = Some(record.iter().next_back().is_some_and(|f| f.contains('\n')));
        if !found.step(&record, r.line, shape, batch) {
            break;
        }
        bytes = std::mem::take(&mut record).into_byte_record();
    }
}

/// The fields of one record: spans of a text.
struct Cells<'a> {
    text: &'a str,
    spans: &'a [(usize, usize)],
}

impl Fields for Cells<'_> {
    fn count(&self) -> usize {
        self.spans.len()
    }

    fn field(&self, i: usize) -> Option<&str> {
        let &(start, end) = self.spans.get(i)?;
        self.text.get(start..end)
    }
}

/// What a worker keeps from block to block: the csv crate's parser
/// (built when a record with a quote first comes: building it costs as much
/// as splitting a few hundred records), the fields of a record with a
/// quote, the spans of the fields of one without.
#[derive(Default)]
pub(super) struct Scratch {
    core: Option<csv_core::Reader>,
    quoted: Quoted,
    spans: Vec<(usize, usize)>,
}

/// A record with a quote, as the csv crate's parser reads it: its fields
/// one after the other in `text`, ending at `ends`.
#[derive(Default)]
struct Quoted {
    text: Vec<u8>,
    /// The length of the fields' text in `text`.
    len: usize,
    ends: Vec<usize>,
    spans: Vec<(usize, usize)>,
}

impl Quoted {
    /// Reads the record at the start of `input` (which holds no blank line
    /// first): how many bytes it took (its line break included), or `None`
    /// when there is no record.
    fn read(&mut self, core: &mut csv_core::Reader, input: &[u8]) -> Option<usize> {
        use csv_core::ReadRecordResult as R;
        core.reset();
        if self.text.len() < input.len().min(1 << 16) + 64 {
            self.text.resize(input.len().min(1 << 16) + 64, 0);
        }
        if self.ends.len() < 64 {
            self.ends.resize(64, 0);
        }
        let (mut taken, mut written, mut fields) = (0usize, 0usize, 0usize);
        loop {
            let rest = input.get(taken..).unwrap_or(&[]);
            let ended = rest.is_empty();
            let (result, nin, nout, nend) = core.read_record(
                rest,
                self.text.get_mut(written..).unwrap_or(&mut []),
                self.ends.get_mut(fields..).unwrap_or(&mut []),
            );
            (taken, written, fields) = (taken + nin, written + nout, fields + nend);
            match result {
                // Empty input next: the end of the block ends the record.
                R::InputEmpty if !ended => {}
                R::OutputFull => self.text.resize(self.text.len() * 2, 0),
                R::OutputEndsFull => self.ends.resize(self.ends.len() * 2, 0),
                R::Record => break,
                R::InputEmpty | R::End => return None,
            }
        }
        self.spans.clear();
        let mut start = 0;
        for &end in self.ends.get(..fields).unwrap_or(&[]) {
            self.spans.push((start, end));
            start = end;
        }
        self.len = written;
        Some(taken)
    }
}

/// Pushes the spans of the comma-separated fields of `line`, which starts
/// at `base` in its text, to `spans`: eight bytes at a time.
fn split_commas(line: &[u8], base: usize, spans: &mut Vec<(usize, usize)>) {
    use crate::base::bytes::{splat, word, zero_bytes};
    let mut start = base;
    let mut words = line.chunks_exact(8);
    let mut at = base;
    for eight in &mut words {
        // The high bit of each comma's byte.
        let mut commas = zero_bytes(word(eight) ^ splat(b','));
        while commas != 0 {
            let i = at + (commas.trailing_zeros() / 8) as usize;
            spans.push((start, i));
            start = i + 1;
            commas &= commas - 1;
        }
        at += 8;
    }
    for &b in words.remainder() {
        if b == b',' {
            spans.push((start, at));
            start = at + 1;
        }
        at += 1;
    }
    spans.push((start, at));
}

/// Parses a block of UTF-8 text (see the module docs).
fn parse_text(
    text: &str,
    line: usize,
    batch: &mut Batch,
    shape: Shape<'_>,
    scratch: &mut Scratch,
    out: &mut Outcome,
) {
    let bytes = text.as_bytes();
    let Scratch {
        core,
        quoted,
        spans,
    } = scratch;
    let (mut pos, mut line) = (0usize, line);
    loop {
        // Blank lines before a record are skipped.
        while bytes.get(pos) == Some(&b'\n') {
            pos += 1;
            line += 1;
        }
        let rest = bytes.get(pos..).unwrap_or(&[]);
        if rest.is_empty() {
            break;
        }
        let (r, cells, multiline, next) = match memchr::memchr2(b'\n', b'"', rest) {
            Some(k) if rest.get(k) == Some(&b'"') => {
                let core = core.get_or_insert_with(csv_core::Reader::new);
                let Some(n) = quoted.read(core, rest) else {
                    break;
                };
                let taken = rest.get(..n).unwrap_or(&[]);
                let r = Record {
                    line,
                    start: pos,
                    end: pos + n - usize::from(taken.last() == Some(&b'\n')),
                };
                let breaks = memchr::memchr_iter(b'\n', taken).count();
                // UTF-8, as the block is: only quotes were taken out.
                let Ok(fields) = std::str::from_utf8(quoted.text.get(..quoted.len).unwrap_or(&[]))
                else {
                    break;
                };
                let cells = Cells {
                    text: fields,
                    spans: &quoted.spans,
                };
                let last = cells.count().checked_sub(1).and_then(|i| cells.field(i));
                let multiline = last.is_some_and(|f| f.contains('\n'));
                (r, cells, multiline, (pos + n, line + breaks))
            }
            found => {
                let end = found.map_or(bytes.len(), |k| pos + k);
                spans.clear();
                split_commas(bytes.get(pos..end).unwrap_or(&[]), pos, spans);
                let r = Record {
                    line,
                    start: pos,
                    end,
                };
                let cells = Cells { text, spans };
                (r, cells, false, (end + 1, line + 1))
            }
        };
        (pos, line) = next;
        let mut found = Found {
            list: &mut out.problems,
            items: batch.len(),
        };
        if let Some((loc, p)) = too_long(bytes, &r, shape.limit) {
            found.list.push((found.items, loc, p, true));
            break;
        }
        let len = cells.count();
        out.last = Some((len, r.line));
        if len != shape.layout.len() {
            if found.failure(unequal(r.line, len, shape)) {
                break;
            }
            continue;
        }
        out.last_break = Some(multiline);
        if !found.step(&cells, r.line, shape, batch) {
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

    use super::*;

    #[test]
    fn a_quoted_record_longer_than_the_buffers_reads_whole() {
        // 200 KiB in one quoted field and 100 fields: both buffers grow.
        let big = format!(
            "\"{}\"\"\",{}\nnext\n",
            "x\n".repeat(100 << 10),
            ",".repeat(99)
        );
        let mut quoted = Quoted::default();
        let taken = quoted.read(&mut csv_core::Reader::new(), big.as_bytes());
        assert_eq!(taken, Some(big.len() - "next\n".len()));
        let fields: Vec<&[u8]> = quoted
            .spans
            .iter()
            .map(|&(a, b)| &quoted.text[a..b])
            .collect();
        let mut csv = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(big.as_bytes());
        let mut record = csv::ByteRecord::new();
        assert!(csv.read_byte_record(&mut record).unwrap());
        assert_eq!(fields, record.iter().collect::<Vec<_>>());
        assert_eq!(fields.len(), 101);
    }

    #[test]
    fn commas_split_as_the_csv_crate_splits_them() {
        let lines: &[&[u8]] = &[
            b"",
            b",",
            b"a",
            b"a,b",
            b",,,,,,,,,,,,,,,,,",
            b"e1,w1,k1.a,observation,2026-01-02,,3,,,,",
            b"\xc3\xa9,\xf0\x9f\x98\x80,1234567,12345678,123456789,",
            b"abcdefgh,abcdefg,abcdefghi",
        ];
        for line in lines {
            let mut spans = Vec::new();
            split_commas(line, 3, &mut spans);
            let got: Vec<&[u8]> = spans.iter().map(|&(a, b)| &line[a - 3..b - 3]).collect();
            let mut csv = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .from_reader(*line);
            let mut record = csv::ByteRecord::new();
            let expected: Vec<&[u8]> = if csv.read_byte_record(&mut record).unwrap() {
                record.iter().collect()
            } else {
                vec![b""]
            };
            assert_eq!(got, expected, "{}", String::from_utf8_lossy(line));
        }
    }
}
