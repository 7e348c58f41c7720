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
//! and cleared (as compact records, `records.rs`). Items sharing an id
//! share a bucket, so at the end each bucket is settled on its own, as all
//! held items are without a bound: read back and its groups found on the
//! threads (two buckets in flight a thread), the groups settled on this
//! one in bucket order. A bucket larger than the bound's share of a thread
//! is first spread over 256 more by the next bits. Memory: the bound, plus
//! 256 write buffers of 32 KiB, plus two buckets' records a thread (about
//! 1/256 of the bound each, unless many items share one id).

use std::sync::mpsc::{sync_channel, Receiver};

use crate::scoring::group::repeated_hashes;
use crate::scoring::records::{decide, encode, Decided};
use crate::scoring::result::{Reason, Rejection};
use crate::scoring::score::{Held, HistoryHooks, Scorer};
use crate::scoring::spill::{bucket, sinks, Sink};
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
                self.settle_sorted(id, &group, history);
            }
        }
    }

    /// Settles a group of held items sharing id `id` (in line order): at
    /// `as_of` among those that count then, and at the dates of the history.
    fn settle_sorted(
        &mut self,
        id: TextRef,
        group: &[(u32, &Held)],
        history: &mut Option<Box<dyn HistoryHooks>>,
    ) {
        let main: Vec<(u32, &Held)> = group.iter().copied().filter(|(_, h)| h.main).collect();
        if main.len() > 1 {
            self.settle_group(id, &main);
        }
        if let Some(h) = history.as_mut() {
            h.group(self, group);
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
                let [id, assessor, note] = h.texts;
                let texts = &self.texts;
                encode(
                    &mut sink.buf,
                    h,
                    [texts.get(id), texts.get(assessor), texts.get(note)],
                );
                sink.drain(false);
            }
        }
        spill.items += self.held.len() as u64;
        self.held.clear();
        self.texts.clear();
    }

    /// As [`Scorer::settle_ids`] once held items were written out: the held
    /// items left are written after them, then each bucket is read back and
    /// its groups decided ([`Decided`]), on `Spill::threads` threads (each
    /// a bucket at a time, in turn, at most two ahead); the groups are
    /// settled here, bucket after bucket, as without threads.
    fn settle_spilled(&mut self) {
        self.spill_held();
        self.held = Vec::new();
        self.texts = Texts::default();
        let mut history = self.history.take();
        let buckets = std::mem::take(&mut self.spill.buckets);
        let (bound, files) = (self.spill.bound, self.spill.files);
        let threads = self.spill.threads.clamp(1, buckets.len().max(1));
        if threads == 1 {
            for sink in buckets {
                self.settle_decided(decide(sink, bound, files, 0), &mut history);
            }
        } else {
            // A thread takes every `threads`-th bucket; each decides one
            // while its last waits here: memory is two buckets a thread,
            // each within its share of the bound.
            let n = buckets.len();
            let mut shares: Vec<Vec<Sink>> = (0..threads).map(|_| Vec::new()).collect();
            for (k, sink) in buckets.into_iter().enumerate() {
                if let Some(share) = shares.get_mut(k % threads) {
                    share.push(sink);
                }
            }
            let bound = bound / threads;
            std::thread::scope(|s| {
                let decided: Vec<Receiver<Decided>> = shares
                    .into_iter()
                    .map(|share| {
                        let (tx, rx) = sync_channel(1);
                        s.spawn(move || {
                            for sink in share {
                                if tx.send(decide(sink, bound, files, 0)).is_err() {
                                    return;
                                }
                            }
                        });
                        rx
                    })
                    .collect();
                for k in 0..n {
                    // (None only if a thread panicked: resumed when the
                    // scope ends.)
                    let Some(d) = decided.get(k % threads).and_then(|rx| rx.recv().ok()) else {
                        break;
                    };
                    self.settle_decided(d, &mut history);
                }
            });
        }
        self.history = history;
        self.texts = std::mem::take(&mut self.spill.used_texts);
        self.settled();
    }

    /// Settles a bucket's groups as decided, in order.
    fn settle_decided(&mut self, mut d: Decided, history: &mut Option<Box<dyn HistoryHooks>>) {
        // The groups' texts stand in for the held texts meanwhile.
        std::mem::swap(&mut self.texts, &mut d.texts);
        let mut start = 0;
        for &(end, id) in &d.groups {
            let group: Vec<(u32, &Held)> = d
                .items
                .get(start..end)
                .unwrap_or(&[])
                .iter()
                .map(|(i, h)| (*i, h))
                .collect();
            start = end;
            self.settle_sorted(id, &group, history);
        }
        std::mem::swap(&mut self.texts, &mut d.texts);
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
        read_str(&text, Format::Csv, |it, _| items.push(it.to_item())).unwrap();
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
        threads: usize,
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
        s.spill.threads = threads;
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
                let (want, want_at, spills) = score(&fw, &items, &policy, usize::MAX, true, 1);
                assert_eq!(spills, 0);
                assert!(want
                    .rejected
                    .iter()
                    .any(|r| r.reason.as_str() == "duplicate"));
                assert!(want
                    .rejected
                    .iter()
                    .any(|r| r.reason.as_str() == "conflicting_id"));
                for (bound, files, threads) in [
                    (300, true, 1),
                    (300, true, 3),
                    (3_000, true, 2),
                    (40_000, true, 1),
                    (40_000, true, 2),
                    (5_000, false, 2),
                ] {
                    let (got, got_at, spills) = score(&fw, &items, &policy, bound, files, threads);
                    let at = format!("seed {seed} bound {bound} threads {threads}");
                    assert!(spills > 1, "written out {spills} times");
                    spilled += spills;
                    assert_eq!(got.rejected, want.rejected, "{at}");
                    assert!(got == want, "{at}");
                    assert_eq!(got_at, want_at, "{at}");
                }
            }
        }
        HASH_MASK.with(|m| m.set(u64::MAX));
        assert!(spilled > 0);
    }
}
