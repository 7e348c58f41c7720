//! CSV evidence read on several threads: the text (normalised by
//! [`TextReader`]: line breaks, byte-order marks, line and record bounds)
//! is cut into blocks at record boundaries, each block parsed into a
//! [`Batch`] on a worker thread, and the batches handed on in input order,
//! with the problems of each record where the one-thread reader would
//! record them. Items, lines, problems and where reading stops are exactly
//! those of the one-thread reader (`csv::read_records`): every record goes
//! through the same `record_step`, its fields split as the csv crate splits
//! them (`evidence::records`).
//!
//! A record boundary is a line break outside quotes, as the csv crate reads
//! quotes: a `"` opens a quoted field only at the start of a field (after
//! `,`, a line break or the start), and inside one `""` is a quote and a
//! lone `"` ends it. Only the quotes are looked at one by one (`memchr`),
//! so cutting costs little more than copying.

use std::collections::BTreeMap;
use std::io::Read;
use std::sync::{mpsc, Mutex};

use crate::base::error::{Location, Problems};
use crate::evidence::batch::Batch;
use crate::evidence::csv::{csv_problem, header_columns, Layout};
use crate::evidence::item::{stream_problem, EvidenceError, ItemRef, Problem};
use crate::evidence::records::{next_record, parse_block, too_long, Scratch, Shape};
use crate::input::{CsvFailure, TextReader, MAX_LINE_BYTES, NOT_UTF8};

thread_local! {
    /// Where whole batches may go instead of item by item (see
    /// [`with_batch_sink`]).
    static BATCH_SINK: std::cell::RefCell<Option<BatchSink>> = const { std::cell::RefCell::new(None) };
}

/// Takes a batch of items in input order (leaving an empty one to reuse).
pub(crate) type BatchSink = Box<dyn FnMut(&mut Batch)>;

/// Runs `f` with `sink` taking, on this thread, the whole batches of
/// blocks without problems that a reader of [`read_csv_split`] would
/// otherwise hand on item by item (the reading/scoring pipeline's reading
/// thread, which would copy them into batches of its own).
pub(crate) fn with_batch_sink<T>(sink: BatchSink, f: impl FnOnce() -> T) -> T {
    let before = BATCH_SINK.with(|s| s.replace(Some(sink)));
    let r = f();
    BATCH_SINK.with(|s| s.replace(before));
    r
}

/// Hands `batch` to this thread's batch sink; false when there is none.
fn to_batch_sink(batch: &mut Batch) -> bool {
    BATCH_SINK.with(|s| match s.try_borrow_mut().ok().as_deref_mut() {
        Some(Some(sink)) => {
            sink(batch);
            true
        }
        _ => false,
    })
}

/// How [`read_csv_split`] cuts its input.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Split {
    /// Inputs shorter than this are read on one thread.
    pub(crate) min: usize,
    /// Bytes of text per block (about; a block ends at a record boundary).
    pub(crate) block: usize,
    /// Worker threads.
    pub(crate) threads: usize,
    /// The longest line and record, in bytes ([`MAX_LINE_BYTES`]).
    pub(crate) limit: usize,
}

impl Split {
    /// The split used for files: blocks of 512 KiB from 4 MiB of input on,
    /// one worker per core; `None` (one thread) without the `threads`
    /// feature or on one core.
    pub(crate) fn for_files() -> Option<Split> {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        (cfg!(feature = "threads") && cores >= 2).then_some(Split {
            min: 4 << 20,
            block: 512 << 10,
            threads: cores.min(8),
            limit: MAX_LINE_BYTES,
        })
    }
}

/// Reads CSV evidence as [`crate::evidence::csv::read_csv`] does, parsing
/// blocks of it on `split.threads` threads once it is `split.min` bytes
/// or longer (shorter input is read on this thread).
pub(crate) fn read_csv_split<R: Read>(
    mut reader: R,
    split: Split,
    sink: impl FnMut(ItemRef<'_>, usize),
) -> Result<usize, EvidenceError> {
    // The first bytes decide, then are read again (and an error met
    // reading them, after them).
    let mut head = Vec::with_capacity(split.min.min(1 << 24));
    let read = (&mut reader).take(split.min as u64).read_to_end(&mut head);
    let long = matches!(read, Ok(n) if n >= split.min);
    let input = Replay {
        head: std::io::Cursor::new(head),
        error: read.err(),
        rest: reader,
    };
    if long {
        read_parallel(input, split, sink)
    } else {
        crate::evidence::csv::read_csv_limited(input, split.limit, sink)
    }
}

/// The bytes read ahead, then the error met reading them, then the rest.
struct Replay<R> {
    head: std::io::Cursor<Vec<u8>>,
    error: Option<std::io::Error>,
    rest: R,
}

impl<R: Read> Read for Replay<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.head.read(buf)?;
        if n > 0 || buf.is_empty() {
            return Ok(n);
        }
        match self.error.take() {
            Some(e) => Err(e),
            None => self.rest.read(buf),
        }
    }
}

/// How much text [`Blocks`] reads at a time (`TextReader`'s buffer).
const READ: usize = 1 << 16;

/// A block of records handed to a worker.
struct Job {
    index: usize,
    /// The block is `text[..len]` (the rest is room to read into later).
    text: Vec<u8>,
    len: usize,
    /// The line its first byte is on.
    line: usize,
    batch: Batch,
}

/// What a worker made of a block.
struct Parsed {
    text: Vec<u8>,
    batch: Batch,
    /// Problems in record order, each with the number of items before it.
    problems: Vec<(usize, Location, Problem, bool)>,
    /// The field count and line of the last record read, and whether the
    /// last well-read record's last field holds a line break.
    last: Option<(usize, usize)>,
    last_break: Option<bool>,
}

/// Finds record boundaries in text read so far.
#[derive(Default)]
struct Cutter {
    /// Bytes of `pending` looked at.
    scanned: usize,
    in_quotes: bool,
    /// The end of the last complete record (after its line break).
    boundary: usize,
}

impl Cutter {
    /// Looks at `text[self.scanned..]` (`eof`: nothing follows it).
    fn scan(&mut self, text: &[u8], eof: bool) {
        let mut at = self.scanned;
        loop {
            let rest = text.get(at..).unwrap_or(&[]);
            let Some(q) = memchr::memchr(b'"', rest).map(|q| at + q) else {
                if !self.in_quotes {
                    if let Some(n) = memchr::memrchr(b'\n', rest) {
                        self.boundary = at + n + 1;
                    }
                }
                self.scanned = text.len();
                return;
            };
            if self.in_quotes {
                match text.get(q + 1) {
                    Some(b'"') => at = q + 2,
                    None if !eof => {
                        // Whether it is `""` shows with the next byte.
                        self.scanned = q;
                        return;
                    }
                    _ => {
                        self.in_quotes = false;
                        at = q + 1;
                    }
                }
            } else {
                if let Some(n) = memchr::memrchr(b'\n', text.get(at..q).unwrap_or(&[])) {
                    self.boundary = at + n + 1;
                }
                let start = q == 0 || matches!(text.get(q - 1), Some(b',' | b'\n'));
                self.in_quotes = start;
                at = q + 1;
            }
        }
    }

    /// Forgets the first `n` bytes (handed on).
    fn drop_front(&mut self, n: usize) {
        self.scanned -= n;
        self.boundary -= n;
    }
}

/// The records of the input, a block at a time.
struct Blocks<R: Read> {
    text: TextReader<R>,
    /// Text read and not yet handed on: `pending[..filled]` (the rest is
    /// room that `TextReader` reads into).
    pending: Vec<u8>,
    filled: usize,
    cut: Cutter,
    /// Where `pending` starts in the text: byte and line.
    byte: u64,
    line: usize,
    /// Line breaks in `pending` before `cut.boundary`.
    breaks: usize,
    eof: bool,
    /// A fatal problem met while reading, reported after the last block.
    failed: Option<(Location, Problem)>,
}

impl<R: Read> Blocks<R> {
    /// The next block of whole records (at least `size` bytes unless the
    /// input ends or fails first), as `block[..len]`, with the line it
    /// starts on.
    fn next(&mut self, size: usize, mut into: Vec<u8>) -> Option<(Vec<u8>, usize, usize)> {
        while !self.eof && (self.cut.boundary < size || self.cut.boundary == 0) {
            // Room for a buffer of text (zeroed only when it grows).
            if self.pending.len() < self.filled + READ {
                self.pending.resize(self.filled + READ, 0);
            }
            let room = self.pending.get_mut(self.filled..).unwrap_or(&mut []);
            match self.text.read_into(room) {
                Ok(0) => self.eof = true,
                Ok(n) => self.filled += n,
                Err(e) => {
                    self.failed = Some(match crate::input::stream_error(&e) {
                        Some(s) => stream_problem(s),
                        None => (Location::default(), Problem::Io(e.to_string())),
                    });
                    self.eof = true;
                    // What was passed on before is read; the record being
                    // read is not.
                    self.filled = self.cut.boundary;
                    break;
                }
            }
            let before = self.cut.boundary;
            let text = self.pending.get(..self.filled).unwrap_or(&[]);
            self.cut.scan(text, self.eof);
            if self.cut.boundary != before {
                // The record being read starts there (for the reader's
                // bound on records).
                let at = self.cut.boundary;
                let new = self.pending.get(before..at).unwrap_or(&[]);
                self.breaks += memchr::memchr_iter(b'\n', new).count();
                self.text
                    .start_record(self.byte + at as u64, self.line + self.breaks);
            }
        }
        let end = if self.eof && self.failed.is_none() {
            self.filled
        } else {
            self.cut.boundary
        };
        if end == 0 {
            return None;
        }
        // The block is `pending` up to `end`; what follows it moves to the
        // start of `into`, which becomes `pending` (the block is not
        // copied; `into` keeps its length, room to read into).
        let breaks = self.breaks
            + memchr::memchr_iter(
                b'\n',
                self.pending.get(self.cut.boundary..end).unwrap_or(&[]),
            )
            .count();
        let rest = self.filled.saturating_sub(end);
        if into.len() < rest {
            into.resize(rest, 0);
        }
        if let (Some(to), Some(from)) = (into.get_mut(..rest), self.pending.get(end..self.filled)) {
            to.copy_from_slice(from);
        }
        std::mem::swap(&mut self.pending, &mut into);
        self.filled = rest;
        self.cut.drop_front(end.min(self.cut.boundary));
        if self.cut.scanned > self.filled {
            self.cut.scanned = self.filled;
        }
        let line = self.line;
        self.byte += end as u64;
        self.line += breaks;
        self.breaks = 0;
        Some((into, end, line))
    }
}

/// Parses the records of block `job` into its batch.
fn parse(job: Job, shape: Shape<'_>, scratch: &mut Scratch) -> Parsed {
    let Job {
        text,
        len,
        line,
        mut batch,
        ..
    } = job;
    let block = text.get(..len).unwrap_or(&[]);
    let out = parse_block(block, line, &mut batch, shape, scratch);
    Parsed {
        text,
        batch,
        problems: out.problems,
        last: out.last,
        last_break: out.last_break,
    }
}

/// The header of the input: its first record, parsed from the first block
/// (which then starts after it); errors as the one-thread reader's.
fn header_of(
    block: &mut Vec<u8>,
    line: &mut usize,
    limit: usize,
) -> Result<(csv::StringRecord, usize), EvidenceError> {
    let mut csv = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(block.as_slice());
    let mut bytes = csv::ByteRecord::new();
    let (mut pos, mut at) = (0usize, *line);
    let Some(r) = next_record(&mut csv, block, &mut bytes, &mut pos, &mut at, *line) else {
        return Err(EvidenceError::one(Location::default(), Problem::Empty));
    };
    if let Some((loc, p)) = too_long(block, &r, limit) {
        return Err(EvidenceError::one(loc, p));
    }
    let header = csv::StringRecord::from_byte_record(bytes).map_err(|e| {
        let field = e.utf8_error().field() + 1;
        let (loc, p) = csv_problem(CsvFailure::Encoding(r.line, Some(field), NOT_UTF8.into()));
        EvidenceError::one(loc, p)
    })?;
    block.drain(..pos);
    *line = at;
    Ok((header, r.line))
}

/// The parallel reader (input of at least `split.min` bytes).
fn read_parallel<R: Read>(
    reader: R,
    split: Split,
    mut sink: impl FnMut(ItemRef<'_>, usize),
) -> Result<usize, EvidenceError> {
    let limit = split.limit;
    let mut blocks = Blocks {
        text: TextReader::new(reader, limit, true),
        pending: Vec::new(),
        filled: 0,
        cut: Cutter::default(),
        byte: 0,
        line: 1,
        breaks: 0,
        eof: false,
        failed: None,
    };
    let Some((mut first, len, mut line)) = blocks.next(split.block, Vec::new()) else {
        let (at, p) = blocks
            .failed
            .unwrap_or((Location::default(), Problem::Empty));
        return Err(EvidenceError::one(at, p));
    };
    first.truncate(len);
    let (header, header_line) = header_of(&mut first, &mut line, limit)?;
    let columns = header_columns(&header)?;
    let layout = Layout::new(&header, columns);
    let mut merge = Merge {
        problems: Problems::default(),
        count: 0,
        stopped: false,
        last: Some((layout.len(), header_line)),
        last_break: false,
    };
    let in_flight = split.threads * 2 + 2;
    let (job_tx, job_rx) = mpsc::sync_channel::<Job>(in_flight);
    let (done_tx, done_rx) = mpsc::channel::<(usize, Parsed)>();
    let job_rx = Mutex::new(job_rx);
    std::thread::scope(|s| {
        for _ in 0..split.threads {
            let (job_rx, done_tx) = (&job_rx, done_tx.clone());
            let shape = Shape {
                layout: &layout,
                limit,
            };
            s.spawn(move || {
                let mut scratch = Scratch::default();
                loop {
                    let job = match job_rx.lock() {
                        Ok(rx) => rx.recv(),
                        Err(_) => return,
                    };
                    let Ok(job) = job else { return };
                    let index = job.index;
                    if done_tx
                        .send((index, parse(job, shape, &mut scratch)))
                        .is_err()
                    {
                        return;
                    }
                }
            });
        }
        drop(done_tx);
        let (mut sent, mut next) = (0usize, 0usize);
        let mut ready: BTreeMap<usize, Parsed> = BTreeMap::new();
        let mut spare: Vec<(Vec<u8>, Batch)> = Vec::new();
        let mut first = Some((first.len(), first, line));
        loop {
            // Keep the workers busy, a bounded number of blocks ahead.
            while !merge.stopped && sent - next < in_flight {
                let (text, batch) = spare.pop().unwrap_or_default();
                let block = match first.take() {
                    Some((len, b, line)) => Some((b, len, line)),
                    None => blocks.next(split.block, text),
                };
                let Some((text, len, line)) = block else {
                    break;
                };
                let job = Job {
                    index: sent,
                    text,
                    len,
                    line,
                    batch,
                };
                if job_tx.send(job).is_err() {
                    break;
                }
                sent += 1;
            }
            if next == sent {
                break;
            }
            let parsed = loop {
                if let Some(p) = ready.remove(&next) {
                    break Some(p);
                }
                match done_rx.recv() {
                    Ok((i, p)) => {
                        ready.insert(i, p);
                    }
                    Err(_) => break None,
                }
            };
            let Some(parsed) = parsed else { break };
            next += 1;
            let mut parsed = parsed;
            if !merge.stopped {
                let items = parsed.batch.len();
                if parsed.problems.is_empty() && to_batch_sink(&mut parsed.batch) {
                    merge.count += items;
                    merge.note_last(&parsed);
                } else {
                    merge.take(&parsed, &mut sink);
                }
            }
            spare.push((parsed.text, parsed.batch));
        }
        drop(job_tx);
    });
    if let Some((at, p)) = blocks.failed.take() {
        if !merge.stopped {
            merge.problems.push_at(at, p);
        }
        merge.stopped = true;
    }
    merge.finish(blocks.text.quotes())
}

/// The blocks' items and problems put back in input order.
struct Merge {
    problems: Problems<Problem>,
    count: usize,
    stopped: bool,
    last: Option<(usize, usize)>,
    last_break: bool,
}

impl Merge {
    /// Hands on the items of one block and records its problems, in record
    /// order, until the problems fill or one ends reading.
    fn take(&mut self, parsed: &Parsed, sink: &mut impl FnMut(ItemRef<'_>, usize)) {
        let mut rows = parsed.batch.rows();
        let mut handed = 0usize;
        let mut hand = |upto: usize, count: &mut usize| {
            while handed < upto {
                let Some(row) = rows.next() else { break };
                let line = usize::try_from(row.line()).unwrap_or(usize::MAX);
                sink(parsed.batch.item(&row), line);
                *count += 1;
                handed += 1;
            }
        };
        for (before, at, p, fatal) in &parsed.problems {
            hand(*before, &mut self.count);
            if !self.problems.push_at(at.clone(), p.clone()) || *fatal {
                self.stopped = true;
                return;
            }
        }
        hand(usize::MAX, &mut self.count);
        self.note_last(parsed);
    }

    /// Notes the last record of a block handed on.
    fn note_last(&mut self, parsed: &Parsed) {
        if let Some(last) = parsed.last {
            self.last = Some(last);
        }
        if let Some(b) = parsed.last_break {
            self.last_break = b;
        }
    }

    /// The count of items read, or the problems; a quoted field never
    /// closed is one (`quotes`: how many double quotes the input holds).
    fn finish(mut self, quotes: u64) -> Result<usize, EvidenceError> {
        if let (Some((len, line)), true) = (self.last, self.last_break && quotes % 2 == 1) {
            if !self.stopped && !self.problems.is_full() {
                self.problems.push(
                    line,
                    Some(len.max(1)),
                    "",
                    Problem::Csv(crate::evidence::csv::NEVER_CLOSED.into()),
                );
            }
        }
        self.problems.finish().map(|()| self.count)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

    use super::*;

    const HEADER: &str =
        "id,worker,criterion,kind,date,assessor,value,numerator,denominator,expires,note";

    /// What a reader gives: each item with its line, then its result.
    fn outcome(
        read: impl FnOnce(&mut dyn FnMut(ItemRef<'_>, usize)) -> Result<usize, EvidenceError>,
    ) -> Vec<String> {
        let mut out = Vec::new();
        let r = read(&mut |item, line| out.push(format!("{line} {item:?}")));
        out.push(format!("{r:?}"));
        out
    }

    fn one_thread(text: &[u8], limit: usize) -> Vec<String> {
        outcome(|sink| crate::evidence::csv::read_csv_limited(text, limit, sink))
    }

    fn split(text: &[u8], split: Split) -> Vec<String> {
        outcome(|sink| read_csv_split(text, split, sink))
    }

    /// A small deterministic generator (xorshift).
    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n as u64) as usize
        }
        fn pick<'a>(&mut self, from: &[&'a [u8]]) -> &'a [u8] {
            from[self.below(from.len())]
        }
    }

    /// CSV evidence with every kind of trouble the reader handles: quoted
    /// fields with commas, line breaks and doubled quotes, quotes inside
    /// unquoted fields and at the end of a record, blank lines, CR and
    /// CRLF, byte-order marks, rows with too few or too many fields
    /// (trailing commas), lines of only a comma or spaces, missing cells,
    /// bad dates, wide UTF-8, text that is not UTF-8 (unless `utf8`),
    /// repeated headers and a quote left open.
    fn messy(rng: &mut Rng, rows: usize, utf8: bool) -> Vec<u8> {
        let all: &[&[u8]] = &[
            b"",
            b"w1",
            b" w2 ",
            b"\"w,3\"",
            b"\"line\nbreak\"",
            b"\"say \"\"hi\"\"\"",
            b"li\"teral",
            b"\xc3\xa9t\xc3\xa9",
            b"\"\"",
            b"a\"b,\"c\nd\"",
            b"\xf0\x9f\x98\x80\xe4\xb8\xad \xe6\x96\x87",
            b"w1234567890",
            b"\"\"\"",
            b"\xff\xfe",
        ];
        let cells = if utf8 { &all[..all.len() - 1] } else { all };
        let dates: &[&[u8]] = &[
            b"2026-01-02",
            b"2026-13-01",
            b"",
            b"soon",
            b"\"2025-05-05\"",
        ];
        let ends: &[&[u8]] = &[
            b"\n",
            b"\n",
            b"\n",
            b"\r\n",
            b"\r",
            b"\n\n",
            b"\n\xef\xbb\xbf",
        ];
        let mut out = Vec::new();
        if rng.below(4) == 0 {
            out.extend_from_slice(b"\xef\xbb\xbf");
        }
        out.extend_from_slice(HEADER.as_bytes());
        out.push(b'\n');
        for r in 0..rows {
            match rng.below(50) {
                0 => out.extend_from_slice(HEADER.as_bytes()),
                1 => out.extend_from_slice(b"x,y"),
                2 => out.extend_from_slice(b","),
                3 => out.extend_from_slice(b"   "),
                _ => {
                    let fields = match rng.below(30) {
                        0 => 10,
                        1 => 12,
                        _ => 11,
                    };
                    for f in 0..fields {
                        if f > 0 {
                            out.push(b',');
                        }
                        match f {
                            0 => out.extend_from_slice(
                                format!("e{}", rng.below(rows / 3 + 1)).as_bytes(),
                            ),
                            1 | 5 | 10 => out.extend_from_slice(rng.pick(cells)),
                            2 => out.extend_from_slice(b"k1.a"),
                            3 => out.extend_from_slice(b"observation"),
                            4 | 9 => {
                                let d = if f == 9 && rng.below(3) > 0 {
                                    b"" as &[u8]
                                } else {
                                    rng.pick(dates)
                                };
                                out.extend_from_slice(d);
                            }
                            6 => out.extend_from_slice(format!("{}", r % 5).as_bytes()),
                            _ => {}
                        }
                    }
                }
            }
            out.extend_from_slice(rng.pick(ends));
        }
        if rng.below(5) == 0 {
            out.extend_from_slice(b"e9,w9,k1.a,observation,2026-01-01,,1,,,,\"open\nnote");
        } else if rng.below(3) == 0 {
            out.truncate(out.len().saturating_sub(1));
        }
        out
    }

    #[test]
    fn blocks_on_threads_read_what_one_thread_reads() {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        for case in 0..360 {
            // Long files fill the list of problems (and stop reading).
            let rows = [0, 1, 3, 20, 150, 700][case % 6];
            let text = messy(&mut rng, rows, case % 4 != 0);
            let limit = if case % 7 == 0 { 60 } else { MAX_LINE_BYTES };
            let expected = one_thread(&text, limit);
            for (block, threads) in [(1, 1), (7, 2), (64, 3), (900, 2)] {
                let got = split(
                    &text,
                    Split {
                        min: 0,
                        block,
                        threads,
                        limit,
                    },
                );
                assert_eq!(
                    got,
                    expected,
                    "case {case}, block {block}, threads {threads}:\n{}",
                    String::from_utf8_lossy(&text)
                );
            }
        }
    }

    #[test]
    fn clean_evidence_gives_the_same_items_in_the_same_order() {
        // Many problems (more than are listed) and many items: the list is
        // cut at the same line, and items stop where one thread stops.
        // Notes quoted (read by the csv crate's parser) or not (split by
        // hand).
        for note in ["\"n, {i}\"", "n {i}"] {
            same_items_in_the_same_order(note);
        }
    }

    fn same_items_in_the_same_order(note: &str) {
        let mut text = String::from(HEADER);
        text.push('\n');
        for i in 0..5000 {
            let date = if i % 37 == 0 {
                "2026-02-30"
            } else {
                "2026-02-03"
            };
            text.push_str(&format!(
                "e{i},w{},k1.a,observation,{date},a,{},,,,{}\n",
                i % 97,
                i % 5,
                note.replace("{i}", &i.to_string())
            ));
        }
        let expected = one_thread(text.as_bytes(), MAX_LINE_BYTES);
        assert!(expected.last().unwrap().starts_with("Err"));
        for threads in [1, 2, 4] {
            let split_at = Split {
                min: 1000,
                block: 333,
                threads,
                limit: MAX_LINE_BYTES,
            };
            assert_eq!(split(text.as_bytes(), split_at), expected);
        }
        let clean = text.replace("2026-02-30", "2026-02-28");
        let expected = one_thread(clean.as_bytes(), MAX_LINE_BYTES);
        assert_eq!(expected.last().unwrap(), "Ok(5000)");
        let split_at = Split {
            min: 1000,
            block: 4096,
            threads: 2,
            limit: MAX_LINE_BYTES,
        };
        assert_eq!(split(clean.as_bytes(), split_at), expected);
    }

    #[test]
    fn a_cut_is_never_inside_a_quoted_field() {
        let text = b"a,\"b\nc\",d\ne\"f,g\n\"h\"\"\ni\"\n";
        let mut cut = Cutter::default();
        cut.scan(text, true);
        // Boundaries after `d`, `g` and the last record; none inside quotes.
        assert_eq!(cut.boundary, text.len());
        for (end, boundary) in [(9, 0), (11, 10), (17, 16), (20, 16), (23, 16), (24, 24)] {
            let mut cut = Cutter::default();
            cut.scan(&text[..end], false);
            assert_eq!(cut.boundary, boundary, "after {end} bytes");
        }
    }
}
