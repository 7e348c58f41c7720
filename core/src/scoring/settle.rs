//! Items sharing an id, settled at the end: identical copies count once
//! (the first), differing ones none (`docs/scoring.md`).
//!
//! Items with ids are held ([`Held`], their texts in `Scorer::texts`) until
//! the end. Past a bound on held records and texts ([`hold_bytes`]: 64 MiB,
//! or `PROFICIENT_HOLD_BYTES`; only with feature `threads`, which the CLI
//! and Python enable, not WebAssembly) the held items are sorted by (id
//! hash, arrival), written to a temporary file as a run (in
//! `PROFICIENT_TMPDIR`, else the system's; removed when done; kept in
//! memory when no file can be made or written), and cleared. At the end the
//! runs are merged and each group of equal hashes is settled as in memory,
//! with only that group in memory. Beyond [`FAN_IN`] runs, the runs are
//! first merged into one, so open files and read buffers stay bounded too.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Seek, Write};

use crate::base::date::Date;
use crate::scoring::group::repeated_hashes;
use crate::scoring::result::{Reason, Rejection};
use crate::scoring::score::{Held, HistoryHooks, Scorer};
use crate::scoring::texts::{TextRef, Texts, NO_TEXT};
use crate::scoring::RULES;

impl Scorer<'_> {
    pub(super) fn same_content(&self, a: &Held, b: &Held) -> bool {
        a.worker == b.worker
            && a.criterion == b.criterion
            && a.kind == b.kind
            && a.date == b.date
            && a.expires == b.expires
            && a.value == b.value
            && self.held_texts(a) == self.held_texts(b)
    }

    /// Settles items sharing an id. [`repeated_hashes`] finds the held
    /// items whose id hash was seen before; only they (usually none) are
    /// grouped with the first of their hash and looked at, split by id text.
    /// When runs were written to files, they are merged instead
    /// ([`Scorer::settle_spilled`]).
    pub(super) fn settle_ids(&mut self) {
        if !self.spill.runs.is_empty() {
            return self.settle_spilled();
        }
        let held = std::mem::take(&mut self.held);
        let mut history = self.history.take();
        let mut again = repeated_hashes(held.iter().map(|h| h.hash));
        again.sort_unstable();
        for run in again.chunk_by(|a, b| a.0 == b.0) {
            let first = run.first().map_or(0, |e| e.0);
            let run: Vec<(u32, &Held)> = std::iter::once(first)
                .chain(run.iter().map(|e| e.1))
                .filter_map(|i| held.get(i as usize).map(|h| (i, h)))
                .collect();
            self.settle_hash(run, &mut history);
        }
        self.history = history;
        self.settled();
    }

    /// What follows settling: the last sums, the kept items of an aggregate
    /// sorted, and the texts dropped when nothing refers to them.
    fn settled(&mut self) {
        self.flush();
        let workers = self.worker_ids.len();
        if let Some(l) = self.latest.as_mut().filter(|_| RULES) {
            l.sort(workers);
        }
        if self.used.is_empty() {
            // Nothing refers to the texts any more (rejections share their
            // own copies).
            self.texts = Texts::default();
        }
    }

    /// Settles held items sharing an id hash (`(arrival, item)` in arrival
    /// order): different ids may share a hash, so the run is split by id
    /// text; each id's group is settled in line order.
    fn settle_hash(
        &mut self,
        mut run: Vec<(u32, &Held)>,
        history: &mut Option<Box<dyn HistoryHooks>>,
    ) {
        while let Some(&(_, first)) = run.first() {
            let id = first.texts[0];
            let text = self.held_id(first);
            let (mut group, rest): (Vec<_>, Vec<_>) =
                run.iter().partition(|(_, h)| self.held_id(h) == text);
            run = rest;
            if group.len() > 1 {
                group.sort_by_key(|&(i, h)| (h.line, i));
                let main: Vec<(u32, &Held)> =
                    group.iter().copied().filter(|(_, h)| h.main).collect();
                if main.len() > 1 {
                    self.settle_group(id, &main);
                }
                if let Some(h) = history.as_mut() {
                    h.group(self, &group);
                }
            }
        }
    }

    /// Settles the items sharing id `id` (in line order): identical copies
    /// count once (the first), differing ones none; the others are taken
    /// back out of the sums and rejected.
    pub(super) fn settle_group(&mut self, id: TextRef, group: &[(u32, &Held)]) {
        let Some(((_, first), copies)) = group.split_first() else {
            return;
        };
        let identical = copies.iter().all(|(_, h)| self.same_content(first, h));
        let n = group.len();
        let keep = usize::from(identical);
        let shared = self.texts.shared(id);
        let quoted = crate::base::text::clip(self.texts.get(id).unwrap_or(""), 40);
        for (i, (_, h)) in group.iter().enumerate() {
            if i < keep {
                continue;
            }
            self.retract(h);
            let worker = self.worker_name(h.worker).to_string();
            let criterion = self
                .names
                .criteria
                .get(h.criterion as usize)
                .map(|c| c.to_string())
                .unwrap_or_default();
            let (reason, detail) = if identical {
                (
                    Reason::Duplicate,
                    format!(
                        "identical copy of the item with id `{quoted}` on line {}",
                        first.line
                    ),
                )
            } else {
                (
                    Reason::ConflictingId,
                    format!("id `{quoted}` is shared by {n} items that differ"),
                )
            };
            self.rejected.push(Rejection {
                id: shared.clone(),
                line: h.line,
                worker,
                criterion,
                reason,
                detail,
            });
        }
    }
}

/// The hash of an id (in tests, with only the bits of [`tests::HASH_MASK`],
/// so that different ids share hashes).
#[inline]
pub(super) fn id_hash(id: &str) -> u64 {
    use std::hash::BuildHasher;
    let hash = rustc_hash::FxBuildHasher.hash_one(id);
    #[cfg(test)]
    let hash = hash & tests::HASH_MASK.with(std::cell::Cell::get);
    hash
}

/// The default bound on held records and texts, in bytes.
const HOLD_BYTES: usize = 64 << 20;

/// Runs merged at once at the end; when there would be more, the runs so
/// far are first merged into one.
pub(super) const FAN_IN: usize = 64;

/// Bytes read at a time from each run while merging.
const READ_BUFFER: usize = 64 << 10;

/// Bytes encoded before they are written to a run's file.
const WRITE_BUFFER: usize = 256 << 10;

/// The bound past which held items are written to a run: `usize::MAX`
/// without feature `threads` (no files); else `PROFICIENT_HOLD_BYTES`, read
/// once, or 64 MiB.
pub(super) fn hold_bytes() -> usize {
    if !cfg!(feature = "threads") {
        return usize::MAX;
    }
    static BOUND: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *BOUND.get_or_init(|| {
        std::env::var("PROFICIENT_HOLD_BYTES")
            .ok()
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(HOLD_BYTES)
    })
}

/// The held items written out so far, as sorted runs.
#[derive(Debug)]
pub(super) struct Spill {
    /// Held records and texts past which a run is written.
    pub(super) bound: usize,
    pub(super) runs: Vec<Run>,
    /// A file could not be made or written: later runs stay in memory.
    no_files: bool,
    /// `Scorer::used` before this has its ids in `used_texts`.
    moved: usize,
    /// Ids of used items (explanations) whose held texts were cleared.
    used_texts: Texts,
}

impl Spill {
    pub(super) fn new() -> Spill {
        Spill {
            bound: hold_bytes(),
            runs: Vec::new(),
            no_files: false,
            moved: 0,
            used_texts: Texts::default(),
        }
    }
}

/// A run: held items encoded ([`encode`]) in (id hash, arrival) order.
#[derive(Debug)]
pub(super) enum Run {
    /// In a temporary file, read from its start.
    File(TempFile),
    Memory(Vec<u8>),
}

/// A temporary file, removed when dropped (on Unix as soon as it is open:
/// it then has no name, and goes even if the process is killed).
#[derive(Debug)]
pub(super) struct TempFile {
    file: File,
    path: Option<std::path::PathBuf>,
}

impl TempFile {
    fn new() -> io::Result<TempFile> {
        use std::sync::atomic::{AtomicU64, Ordering};
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let dir = std::env::var_os("PROFICIENT_TMPDIR")
            .map_or_else(std::env::temp_dir, std::path::PathBuf::from);
        let mut last = io::Error::other("no temporary file");
        for _ in 0..8 {
            let n = NEXT.fetch_add(1, Ordering::Relaxed);
            let path = dir.join(format!("proficient-{}-{n}.run", std::process::id()));
            match std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .create_new(true)
                .open(&path)
            {
                Ok(file) => {
                    let unnamed = cfg!(unix) && std::fs::remove_file(&path).is_ok();
                    let path = (!unnamed).then_some(path);
                    return Ok(TempFile { file, path });
                }
                Err(e) => last = e,
            }
        }
        Err(last)
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if let Some(p) = &self.path {
            let _ = std::fs::remove_file(p);
        }
    }
}

/// Where a run is written: a temporary file, or memory when none can be
/// made or written (what was written is read back).
struct Sink {
    file: Option<TempFile>,
    /// Encoded and not yet written (everything, without a file).
    buf: Vec<u8>,
    written: u64,
}

impl Sink {
    fn new(files: bool) -> Sink {
        Sink {
            file: if files { TempFile::new().ok() } else { None },
            buf: Vec::new(),
            written: 0,
        }
    }

    /// Writes the buffer out when full (or `all`); after a failure, keeps
    /// everything in memory.
    fn drain(&mut self, all: bool) {
        let Some(f) = self.file.as_mut() else {
            return;
        };
        if !all && self.buf.len() < WRITE_BUFFER {
            return;
        }
        if f.file.write_all(&self.buf).is_ok() {
            self.written += self.buf.len() as u64;
            self.buf.clear();
            return;
        }
        // Back to memory: what the file holds, then the buffer.
        let mut back = Vec::new();
        let read = f.file.set_len(self.written).and_then(|()| {
            f.file.rewind()?;
            (&mut f.file).take(self.written).read_to_end(&mut back)
        });
        if read.is_ok() {
            back.append(&mut self.buf);
            self.buf = back;
        }
        self.file = None;
    }

    /// The run, and whether it went to a file.
    fn finish(mut self) -> (Run, bool) {
        self.drain(true);
        if let Some(mut f) = self.file.take() {
            if f.file.rewind().is_ok() {
                return (Run::File(f), true);
            }
        }
        (Run::Memory(self.buf), false)
    }
}

/// Size of a record before its texts.
const HEAD: usize = 63;

/// Appends `h`, with its texts `texts`, to `out`: hash, line, worker,
/// criterion, kind, flags (1 counts at `as_of`, 2 expires), date, expiry,
/// value bits, the lengths of id, assessor and note (`u32::MAX`: none),
/// then their bytes; little-endian.
fn encode(out: &mut Vec<u8>, h: &Held, texts: [Option<&str>; 3]) {
    out.extend_from_slice(&h.hash.to_le_bytes());
    out.extend_from_slice(&h.line.to_le_bytes());
    out.extend_from_slice(&h.worker.to_le_bytes());
    out.extend_from_slice(&h.criterion.to_le_bytes());
    out.extend_from_slice(&h.kind.to_le_bytes());
    out.push(u8::from(h.main) | (u8::from(h.expires.is_some()) << 1));
    out.extend_from_slice(&h.date.days().to_le_bytes());
    out.extend_from_slice(&h.expires.map_or(0, Date::days).to_le_bytes());
    for v in h.value {
        out.extend_from_slice(&v.to_bits().to_le_bytes());
    }
    for t in texts {
        let len = t.map_or(u32::MAX, |t| u32::try_from(t.len()).unwrap_or(u32::MAX));
        out.extend_from_slice(&len.to_le_bytes());
    }
    for t in texts.into_iter().flatten() {
        out.extend_from_slice(t.as_bytes());
    }
}

/// A record read back: the item (its `texts` unset) and its texts laid
/// out one after the other, as `Texts::add_row` takes them.
#[derive(Debug)]
struct Rec {
    held: Held,
    text: Vec<u8>,
    lens: [u32; 3],
}

impl Default for Rec {
    fn default() -> Rec {
        Rec {
            held: Held {
                hash: 0,
                line: 0,
                worker: 0,
                criterion: 0,
                kind: 0,
                date: Date::from_days(0),
                expires: None,
                value: [0.0; 2],
                texts: [NO_TEXT; 3],
                main: false,
            },
            text: Vec::new(),
            lens: [u32::MAX; 3],
        }
    }
}

impl Rec {
    /// The item with its texts added to `texts`.
    fn held_in(&self, texts: &mut Texts) -> Held {
        let text = std::str::from_utf8(&self.text).unwrap_or("");
        Held {
            texts: texts.add_row(text, self.lens),
            ..self.held.clone()
        }
    }

    fn texts(&self) -> [Option<&str>; 3] {
        let text = std::str::from_utf8(&self.text).unwrap_or("");
        crate::evidence::batch::split_texts(text, self.lens)
    }
}

/// The next `N` bytes of `b`.
fn take<const N: usize>(b: &mut &[u8]) -> [u8; N] {
    match b.split_first_chunk::<N>() {
        Some((head, rest)) => {
            *b = rest;
            *head
        }
        None => [0; N],
    }
}

/// Reads the next record of a run into `rec`; `Ok(false)` at its end.
fn decode(r: &mut impl BufRead, rec: &mut Rec) -> io::Result<bool> {
    if r.fill_buf()?.is_empty() {
        return Ok(false);
    }
    let mut head = [0u8; HEAD];
    r.read_exact(&mut head)?;
    let mut b: &[u8] = &head;
    let h = &mut rec.held;
    h.hash = u64::from_le_bytes(take(&mut b));
    h.line = u64::from_le_bytes(take(&mut b));
    h.worker = u32::from_le_bytes(take(&mut b));
    h.criterion = u32::from_le_bytes(take(&mut b));
    h.kind = u16::from_le_bytes(take(&mut b));
    let [flags] = take(&mut b);
    h.main = flags & 1 != 0;
    h.date = Date::from_days(i32::from_le_bytes(take(&mut b)));
    let expires = Date::from_days(i32::from_le_bytes(take(&mut b)));
    h.expires = (flags & 2 != 0).then_some(expires);
    for v in &mut h.value {
        *v = f64::from_bits(u64::from_le_bytes(take(&mut b)));
    }
    let mut total = 0usize;
    for len in &mut rec.lens {
        *len = u32::from_le_bytes(take(&mut b));
        if *len != u32::MAX {
            total += *len as usize;
        }
    }
    rec.text.clear();
    rec.text.resize(total, 0);
    r.read_exact(&mut rec.text)?;
    Ok(true)
}

/// Writes `held` (texts in `texts`) to `sink` in (id hash, arrival) order.
fn encode_run(held: &[Held], texts: &Texts, sink: &mut Sink) {
    let mut order: Vec<(u64, u32)> = held
        .iter()
        .enumerate()
        .map(|(i, h)| (h.hash, u32::try_from(i).unwrap_or(u32::MAX)))
        .collect();
    order.sort_unstable();
    for (_, i) in order {
        if let Some(h) = held.get(i as usize) {
            encode(&mut sink.buf, h, h.texts.map(|t| texts.get(t)));
            sink.drain(false);
        }
    }
}

/// One run being merged, and its next record.
struct Source {
    read: Box<dyn BufRead>,
    rec: Rec,
}

/// Runs merged into one sequence in (id hash, arrival) order: by hash,
/// then by run (runs are in arrival order), then by place in the run.
struct Merge {
    sources: Vec<Source>,
    heap: BinaryHeap<Reverse<(u64, usize)>>,
}

impl Merge {
    fn new(runs: Vec<Run>) -> Merge {
        let mut sources = Vec::with_capacity(runs.len());
        let mut heap = BinaryHeap::with_capacity(runs.len());
        for run in runs {
            let mut read: Box<dyn BufRead> = match run {
                Run::File(f) => Box::new(BufReader::with_capacity(READ_BUFFER, FileRun(f))),
                Run::Memory(bytes) => Box::new(io::Cursor::new(bytes)),
            };
            let mut rec = Rec::default();
            // A run that cannot be read back (an I/O error on a file of
            // our own) ends there.
            if let Ok(true) = decode(&mut read, &mut rec) {
                heap.push(Reverse((rec.held.hash, sources.len())));
                sources.push(Source { read, rec });
            }
        }
        Merge { sources, heap }
    }

    /// Swaps the next record into `out`; false at the end.
    fn next(&mut self, out: &mut Rec) -> bool {
        let Some(mut top) = self.heap.peek_mut() else {
            return false;
        };
        let i = top.0 .1;
        let Some(s) = self.sources.get_mut(i) else {
            std::collections::binary_heap::PeekMut::pop(top);
            return self.next(out);
        };
        std::mem::swap(&mut s.rec, out);
        match decode(&mut s.read, &mut s.rec) {
            Ok(true) => *top = Reverse((s.rec.held.hash, i)),
            _ => {
                std::collections::binary_heap::PeekMut::pop(top);
            }
        }
        true
    }
}

/// A run's file, read through (and so removed with) its [`TempFile`].
struct FileRun(TempFile);

impl Read for FileRun {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.0.file.read(buf)
    }
}

impl Scorer<'_> {
    /// Before held texts are cleared: the ids of used items kept since the
    /// last time moved to their own texts.
    fn move_used_ids(&mut self) {
        let texts = &self.texts;
        let spill = &mut self.spill;
        for c in self.used.iter_mut().skip(spill.moved) {
            if c.id != NO_TEXT {
                c.id = spill.used_texts.add(texts.get(c.id).unwrap_or(""));
            }
        }
        spill.moved = self.used.len();
    }

    /// Writes the held items out as a run and clears them (past the bound).
    #[cold]
    pub(super) fn spill_held(&mut self) {
        self.move_used_ids();
        let mut sink = Sink::new(!self.spill.no_files);
        encode_run(&self.held, &self.texts, &mut sink);
        self.held.clear();
        self.texts.clear();
        let (run, file) = sink.finish();
        self.spill.no_files |= !file;
        self.spill.runs.push(run);
        if self.spill.runs.len() >= FAN_IN {
            // Merged into one run, as they would be at the end.
            let mut merge = Merge::new(std::mem::take(&mut self.spill.runs));
            let mut sink = Sink::new(!self.spill.no_files);
            let mut rec = Rec::default();
            while merge.next(&mut rec) {
                encode(&mut sink.buf, &rec.held, rec.texts());
                sink.drain(false);
            }
            let (run, file) = sink.finish();
            self.spill.no_files |= !file;
            self.spill.runs.push(run);
        }
    }

    /// As [`Scorer::settle_ids`] once runs were written: the held items
    /// left become the last run, the runs are merged, and each group of
    /// equal hashes is settled with its items (and their texts) alone in
    /// memory, as [`Scorer::settle_hash`] settles them.
    fn settle_spilled(&mut self) {
        self.move_used_ids();
        let mut sink = Sink::new(false);
        encode_run(&self.held, &self.texts, &mut sink);
        self.held = Vec::new();
        self.texts = Texts::default();
        self.spill.runs.push(sink.finish().0);
        let mut history = self.history.take();
        let mut merge = Merge::new(std::mem::take(&mut self.spill.runs));
        let (mut first, mut rec) = (Rec::default(), Rec::default());
        let mut group: Vec<Held> = Vec::new();
        let mut texts = Texts::default();
        let mut more = merge.next(&mut first);
        while more {
            let next = merge.next(&mut rec);
            if next && rec.held.hash == first.held.hash {
                if group.is_empty() {
                    group.push(first.held_in(&mut texts));
                }
                group.push(rec.held_in(&mut texts));
                continue;
            }
            if !group.is_empty() {
                // The group's texts stand in for the held texts meanwhile.
                std::mem::swap(&mut self.texts, &mut texts);
                let run = (0u32..).zip(group.iter()).collect();
                self.settle_hash(run, &mut history);
                std::mem::swap(&mut self.texts, &mut texts);
                group.clear();
                texts.clear();
            }
            std::mem::swap(&mut first, &mut rec);
            more = next;
        }
        self.history = history;
        self.texts = std::mem::take(&mut self.spill.used_texts);
        self.settled();
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

    use std::cell::Cell;

    use crate::base::date::Date;
    use crate::evidence::generate::{self, Output, Spec};
    use crate::evidence::read::{read_str, Format};
    use crate::evidence::EvidenceItem;
    use crate::model::{Aggregate, Framework};
    use crate::scoring::policy::ScoringPolicy;
    use crate::scoring::result::{Explain, ScoreResult, Standing};
    use crate::scoring::score::Scorer;

    thread_local! {
        /// The bits of id hashes kept (all but in tests of collisions).
        pub(super) static HASH_MASK: Cell<u64> = const { Cell::new(u64::MAX) };
    }

    fn next(state: &mut u64) -> u64 {
        *state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        *state >> 16
    }

    /// Generated items (rejections of every reason, ids), then a third more
    /// sharing ids with them: identical copies, other workers, other notes,
    /// dates or values, long ids, a few ids used over and over.
    fn workload(seed: u64, n: u64, workers: u64) -> (Framework, Vec<EvidenceItem>) {
        let fw = generate::framework(2, seed);
        let mut spec = Spec::new(n, workers);
        spec.seed = seed;
        spec.reject_per_mille = 15;
        let mut csv = Vec::new();
        generate::write(&fw, &spec, Output::Csv, &mut csv).unwrap();
        let text = String::from_utf8(csv).unwrap();
        let mut items = Vec::new();
        read_str(&text, Format::Csv, |it, _| {
            items.push(EvidenceItem {
                id: it.id.map(str::to_string),
                worker: it.worker.into(),
                criterion: it.criterion.into(),
                kind: it.kind.into(),
                date: it.date,
                assessor: it.assessor.map(str::to_string),
                value: it.value.map(|v| v.to_owned_value()),
                numerator: it.numerator.map(|v| v.to_owned_value()),
                denominator: it.denominator.map(|v| v.to_owned_value()),
                expires: it.expires,
                note: it.note.map(str::to_string),
            })
        })
        .unwrap();
        let mut state = seed;
        let first = items.len();
        for k in 0..first / 3 {
            let mut it = items[next(&mut state) as usize % first].clone();
            let other = &items[next(&mut state) as usize % first];
            match next(&mut state) % 7 {
                0 => {}
                1 => it.worker = other.worker.clone(),
                2 => it.note = Some(format!("note {}", k % 3)),
                3 => it.date = Date::from_days(it.date.days() - 1),
                4 => it.value = other.value.clone(),
                5 => it.id = Some(format!("{}{}", "x".repeat(70), k % 4)),
                _ => it.id = Some(format!("e{}", k % 40)),
            }
            let at = next(&mut state) as usize % items.len();
            items.insert(at, it);
        }
        (fw, items)
    }

    type Standings = Vec<Option<Vec<Standing>>>;

    /// Scores `items` with held items past `bound` bytes written out
    /// (`files`: to files, else kept in memory), explaining every worker and
    /// tracking a few at earlier dates; also how many runs were written.
    fn score(
        fw: &Framework,
        items: &[EvidenceItem],
        policy: &ScoringPolicy,
        bound: usize,
        files: bool,
    ) -> (ScoreResult, Standings, usize) {
        let as_of = Date::from_days(20_634);
        let tracked: Vec<(String, Vec<Date>)> = items
            .iter()
            .step_by(97)
            .take(6)
            .enumerate()
            .map(|(i, it)| {
                let days = [0, 30 * i as i32 + 1, 400];
                let dates = days.iter().map(|d| Date::from_days(as_of.days() - d));
                (it.worker.clone(), dates.collect())
            })
            .collect();
        let mut s = Scorer::with_history(fw, as_of, policy.clone(), Explain::All, tracked.clone());
        s.spill.bound = bound;
        s.spill.no_files = !files;
        for (i, item) in items.iter().enumerate() {
            s.push(item.as_item_ref(), i + 1);
        }
        s.drain_inbox();
        let runs = s.spill.runs.len();
        let mut workers = Vec::new();
        let (mut result, standings) = s.finish_history(|w| workers.push(w));
        result.workers = workers;
        let at = tracked
            .iter()
            .flat_map(|(w, ds)| ds.iter().map(|d| standings.get(w, *d).map(<[_]>::to_vec)))
            .collect();
        (result, at, runs)
    }

    /// Items with ids settled through runs written out past a tiny bound
    /// (many runs, merged again past `FAN_IN`; in files or in memory) give
    /// the result of settling them all in memory: the same scores,
    /// explanations, rejections in the same order, standings at other
    /// dates, under every aggregate, with ids sharing hashes too.
    #[test]
    fn settling_through_runs_gives_the_result_of_settling_in_memory() {
        let mut spilled = 0;
        for (seed, mask) in [(1, u64::MAX), (2, 0x3f), (3, u64::MAX)] {
            HASH_MASK.with(|m| m.set(mask));
            let (fw, items) = workload(seed, 3_000, 40);
            for aggregate in [
                Aggregate::WeightedMean,
                Aggregate::Latest,
                Aggregate::LatestPerAssessor,
            ] {
                let mut policy = ScoringPolicy::for_framework(&fw);
                policy.aggregate = aggregate;
                let (want, want_at, runs) = score(&fw, &items, &policy, usize::MAX, true);
                assert_eq!(runs, 0);
                assert!(want
                    .rejected
                    .iter()
                    .any(|r| r.reason.as_str() == "duplicate"));
                assert!(want
                    .rejected
                    .iter()
                    .any(|r| r.reason.as_str() == "conflicting_id"));
                for (bound, files) in [(3_000, true), (40_000, true), (5_000, false)] {
                    let (got, got_at, runs) = score(&fw, &items, &policy, bound, files);
                    assert!(runs > 1, "{runs} runs");
                    spilled += runs;
                    assert_eq!(got.rejected, want.rejected, "seed {seed} bound {bound}");
                    assert_eq!(got, want, "seed {seed} bound {bound}");
                    assert_eq!(got_at, want_at, "seed {seed} bound {bound}");
                }
            }
        }
        HASH_MASK.with(|m| m.set(u64::MAX));
        assert!(spilled > 0);
    }
}
