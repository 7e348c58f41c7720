//! Items sharing an id, settled at the end: identical copies count once
//! (the first), differing ones none (`docs/scoring.md`).
//!
//! Items with ids are held ([`Held`], their texts in `Scorer::texts`) until
//! the end. Past a bound on held records and texts (`spill::hold_bytes`: 96 MiB,
//! or `PROFICIENT_HOLD_BYTES`; only with feature `threads`, which the CLI
//! and Python enable, not WebAssembly) the held items are written out, in
//! arrival order, to one of 256 buckets by the top bits of their id hash
//! (temporary files in `PROFICIENT_TMPDIR`, else the system's, removed when
//! done; a bucket stays in memory when no file can be made or written),
//! and cleared. Items sharing an id share a bucket, so at the end each
//! bucket is settled on its own, as all held items are without a bound;
//! a bucket larger than the bound is first spread over 256 more by the next
//! bits. Memory: the bound, plus 256 write buffers of 32 KiB, plus the
//! items of one bucket (about 1/256 of the bound, unless many items share
//! one id).

use std::io::BufRead;

use crate::base::date::Date;
use crate::scoring::group::repeated_hashes;
use crate::scoring::result::{Reason, Rejection};
use crate::scoring::score::{Held, HistoryHooks, Scorer};
use crate::scoring::spill::{bucket, sinks};
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

    /// Settles items sharing an id: the held items, or, once held items
    /// were written out, bucket by bucket ([`Scorer::settle_spilled`]).
    pub(super) fn settle_ids(&mut self) {
        if cfg!(feature = "threads") && !self.spill.buckets.is_empty() {
            return self.settle_spilled();
        }
        let held = std::mem::take(&mut self.held);
        let mut history = self.history.take();
        self.settle_held(&held, &mut history);
        self.history = history;
        self.settled();
    }

    /// Settles `held` (in arrival order, texts in `Scorer::texts`).
    /// [`repeated_hashes`] finds the items whose id hash was seen before;
    /// only they (usually none) are grouped with the first of their hash and
    /// looked at.
    fn settle_held(&mut self, held: &[Held], history: &mut Option<Box<dyn HistoryHooks>>) {
        let mut again = repeated_hashes(held.iter().map(|h| h.hash));
        again.sort_unstable();
        for run in again.chunk_by(|a, b| a.0 == b.0) {
            let first = run.first().map_or(0, |e| e.0);
            let run: Vec<(u32, &Held)> = std::iter::once(first)
                .chain(run.iter().map(|e| e.1))
                .filter_map(|i| held.get(i as usize).map(|h| (i, h)))
                .collect();
            self.settle_hash(run, history);
        }
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

/// Reads the next record into `rec`; false at the end (or on an I/O error
/// reading back a file of our own, which ends it there).
fn decode(r: &mut dyn BufRead, rec: &mut Rec) -> bool {
    let mut head = [0u8; HEAD];
    if r.read_exact(&mut head).is_err() {
        return false;
    }
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
    r.read_exact(&mut rec.text).is_ok()
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

    /// Writes the held items out to their buckets (in arrival order) and
    /// clears them: past the bound, and at the end once anything was.
    #[cold]
    pub(super) fn spill_held(&mut self) {
        self.move_used_ids();
        let spill = &mut self.spill;
        if spill.buckets.is_empty() {
            spill.buckets = sinks(spill.files);
        }
        spill.spills += 1;
        for h in &self.held {
            let at = bucket(h.hash, 0).unwrap_or(0);
            if let Some(sink) = spill.buckets.get_mut(at) {
                encode(&mut sink.buf, h, h.texts.map(|t| self.texts.get(t)));
                sink.drain(false);
            }
        }
        self.held.clear();
        self.texts.clear();
    }

    /// As [`Scorer::settle_ids`] once held items were written out: the held
    /// items left are written after them, then each bucket is settled in
    /// turn, with only its items (and their texts) in memory.
    fn settle_spilled(&mut self) {
        self.spill_held();
        self.held = Vec::new();
        self.texts = Texts::default();
        let mut history = self.history.take();
        for sink in std::mem::take(&mut self.spill.buckets) {
            let bytes = sink.bytes();
            self.settle_bucket(sink.finish(), bytes, 0, &mut history);
        }
        self.history = history;
        self.texts = std::mem::take(&mut self.spill.used_texts);
        self.settled();
    }

    /// Settles the items of one bucket at `level` (`bytes` of them): loaded
    /// at once when within the bound (or no bits are left to split it),
    /// else spread over the buckets of the next level first.
    fn settle_bucket(
        &mut self,
        mut read: Box<dyn BufRead>,
        bytes: u64,
        level: u32,
        history: &mut Option<Box<dyn HistoryHooks>>,
    ) {
        let mut rec = Rec::default();
        if bytes > self.spill.bound as u64 && bucket(0, level + 1).is_some() {
            let mut next = sinks(self.spill.files);
            while decode(&mut read, &mut rec) {
                let at = bucket(rec.held.hash, level + 1).unwrap_or(0);
                if let Some(sink) = next.get_mut(at) {
                    encode(&mut sink.buf, &rec.held, rec.texts());
                    sink.drain(false);
                }
            }
            drop(read);
            for sink in next {
                let bytes = sink.bytes();
                self.settle_bucket(sink.finish(), bytes, level + 1, history);
            }
            return;
        }
        let mut held = Vec::new();
        let mut texts = Texts::default();
        while decode(&mut read, &mut rec) {
            held.push(rec.held_in(&mut texts));
        }
        drop(read);
        // The bucket's texts stand in for the held texts meanwhile.
        std::mem::swap(&mut self.texts, &mut texts);
        self.settle_held(&held, history);
        std::mem::swap(&mut self.texts, &mut texts);
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

    use crate::base::date::Date;
    use crate::evidence::generate::{self, Output, Spec};
    use crate::evidence::read::{read_str, Format};
    use crate::evidence::EvidenceItem;
    use crate::model::{Aggregate, Framework};
    use crate::scoring::policy::ScoringPolicy;
    use crate::scoring::result::{Explain, ScoreResult, Standing};
    use crate::scoring::score::Scorer;

    use crate::scoring::spill::HASH_MASK;

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
    /// tracking a few at earlier dates; also how many times held items were
    /// written out.
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
        s.spill.files = files;
        for (i, item) in items.iter().enumerate() {
            s.push(item.as_item_ref(), i + 1);
        }
        s.drain_inbox();
        let spills = s.spill.spills;
        let mut workers = Vec::new();
        let (mut result, standings) = s.finish_history(|w| workers.push(w));
        result.workers = workers;
        let at = tracked
            .iter()
            .flat_map(|(w, ds)| ds.iter().map(|d| standings.get(w, *d).map(<[_]>::to_vec)))
            .collect();
        (result, at, spills)
    }

    /// Items with ids settled through buckets written out past a tiny bound
    /// (many times; buckets split again; in files or in memory) give
    /// the result of settling them all in memory: the same scores,
    /// explanations, rejections in the same order, standings at other
    /// dates, under every aggregate, with ids sharing hashes too.
    #[test]
    fn settling_bucket_by_bucket_gives_the_result_of_settling_in_memory() {
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
                let (want, want_at, spills) = score(&fw, &items, &policy, usize::MAX, true);
                assert_eq!(spills, 0);
                assert!(want
                    .rejected
                    .iter()
                    .any(|r| r.reason.as_str() == "duplicate"));
                assert!(want
                    .rejected
                    .iter()
                    .any(|r| r.reason.as_str() == "conflicting_id"));
                for (bound, files) in [(300, true), (3_000, true), (40_000, true), (5_000, false)] {
                    let (got, got_at, spills) = score(&fw, &items, &policy, bound, files);
                    assert!(spills > 1, "written out {spills} times");
                    spilled += spills;
                    assert_eq!(got.rejected, want.rejected, "seed {seed} bound {bound}");
                    assert!(got == want, "seed {seed} bound {bound}");
                    assert_eq!(got_at, want_at, "seed {seed} bound {bound}");
                }
            }
        }
        HASH_MASK.with(|m| m.set(u64::MAX));
        assert!(spilled > 0);
    }
}
