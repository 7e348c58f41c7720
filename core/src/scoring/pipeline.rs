//! Reading and scoring on two threads: one parses evidence into
//! [`Batch`]es and checks their rows against the framework and policy
//! (`checks.rs`, when the scorer allows it), the other scores them, so a
//! large file costs about the larger of the two rather than their sum.
//! Batches are recycled, so memory stays at a few batches whatever the
//! input size.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Arc};

use crate::evidence::{Batch, EvidenceError, ItemRef};
use crate::scoring::checks::{Checks, Ready};
use crate::scoring::phases::{self, Clock};
use crate::scoring::score::Scorer;

/// Items per batch.
pub const BATCH_ITEMS: usize = 1 << 14;

/// A batch and, when the scorer's checks are done ahead, its rows checked.
type Checked = (Batch, Vec<Ready>);

/// The reading thread's end of the pipeline: full batches go to the
/// scorer (checked ahead here, when it may be), emptied ones come back.
struct Hand {
    full: mpsc::SyncSender<Checked>,
    empty: mpsc::Receiver<Checked>,
    /// The scorer's checks, when batches are checked here.
    checks: Option<Checks>,
    /// Criterion and kind numbers of the batch being checked.
    maps: RefCell<[Vec<u32>; 2]>,
    /// Items gathered one by one.
    batch: RefCell<Batch>,
    /// Time spent waiting for the scorer to take a batch.
    blocked: Cell<std::time::Duration>,
    /// Time spent checking batches ahead.
    checking: Cell<std::time::Duration>,
    /// Batches handed on and not yet taken by the scorer.
    queued: Arc<AtomicUsize>,
    /// Batches checked ahead, of those handed on.
    ahead: Cell<(usize, usize)>,
}

/// Batches waiting for the scorer from which the reading thread checks the
/// next one ahead: the scorer is then the slower of the two, and the
/// reading thread has time to spare. Below it (a reader slower than the
/// scorer: Parquet, JSON Lines, Arrow, items one by one) the scorer checks
/// its own rows, off the reading thread's path.
const BEHIND: usize = 2;

impl Hand {
    /// An emptied batch to fill.
    fn fresh(&self) -> Checked {
        self.empty
            .try_recv()
            .unwrap_or_else(|_| (Batch::with_capacity(BATCH_ITEMS), Vec::new()))
    }

    /// Checks `batch` ahead (into `ready`) if it may be and the scorer is
    /// behind ([`BEHIND`]), and hands both to the scorer.
    fn send(&self, batch: Batch, mut ready: Vec<Ready>) {
        ready.clear();
        let (ahead, all) = self.ahead.get();
        let behind = self.queued.load(Ordering::Relaxed) >= BEHIND;
        if let Some(checks) = self.checks.as_ref().filter(|_| behind) {
            let at = Clock::now();
            checks.ready(&batch, &mut ready, &mut self.maps.borrow_mut());
            self.checking.set(self.checking.get() + at.elapsed());
        }
        self.ahead.set((ahead + usize::from(behind), all + 1));
        let waiting = Clock::now();
        self.queued.fetch_add(1, Ordering::Relaxed);
        let _ = self.full.send((batch, ready));
        self.blocked.set(self.blocked.get() + waiting.elapsed());
    }

    /// Hands the items gathered so far to the scorer, if any.
    fn send_gathered(&self) {
        if self.batch.borrow().is_empty() {
            return;
        }
        let (next, ready) = self.fresh();
        let full = std::mem::replace(&mut *self.batch.borrow_mut(), next);
        self.send(full, ready);
    }
}

/// Runs `read` with whole batches read on other threads going to `sink`
/// (see `evidence::chunks`).
#[cfg(feature = "threads")]
fn with_batches<T>(sink: Box<dyn FnMut(&mut Batch)>, read: impl FnOnce() -> T) -> T {
    crate::evidence::chunks::with_batch_sink(sink, read)
}

/// Without threads, every item comes one by one.
#[cfg(not(feature = "threads"))]
fn with_batches<T>(_: Box<dyn FnMut(&mut Batch)>, read: impl FnOnce() -> T) -> T {
    read()
}

/// Runs `read` (a reader such as [`crate::evidence::read_path`] given a
/// sink) on a second thread and pushes every item into `scorer` on this
/// one. Returns what `read` returns. Without the `threads` feature (e.g. on
/// WebAssembly), or on a machine of one core, reads and scores on this
/// thread.
pub fn score_with<R>(scorer: &mut Scorer<'_>, read: R) -> Result<usize, EvidenceError>
where
    R: FnOnce(&mut dyn FnMut(ItemRef<'_>, usize)) -> Result<usize, EvidenceError> + Send,
{
    if !cfg!(feature = "threads") || std::thread::available_parallelism().map_or(1, |n| n.get()) < 2
    {
        let r = read(&mut |item, line| scorer.push(item, line));
        phases::end("read and score (one thread)", String::new);
        return r;
    }
    let (full_tx, full_rx) = mpsc::sync_channel::<Checked>(4);
    let (empty_tx, empty_rx) = mpsc::channel::<Checked>();
    for _ in 0..4 {
        let _ = empty_tx.send((Batch::with_capacity(BATCH_ITEMS), Vec::new()));
    }
    let checks = scorer.checks_ahead().then(|| scorer.checks.clone());
    let queued = Arc::new(AtomicUsize::new(0));
    let taken = Arc::clone(&queued);
    std::thread::scope(|s| {
        let reader = s.spawn(move || {
            let started = Clock::now();
            let hand = Rc::new(Hand {
                full: full_tx,
                empty: empty_rx,
                checks,
                maps: RefCell::default(),
                batch: RefCell::new(Batch::with_capacity(BATCH_ITEMS)),
                blocked: Cell::new(std::time::Duration::ZERO),
                checking: Cell::new(std::time::Duration::ZERO),
                queued,
                ahead: Cell::new((0, 0)),
            });
            let whole = Rc::clone(&hand);
            let r = with_batches(
                Box::new(move |b: &mut Batch| {
                    // The items gathered so far go first.
                    whole.send_gathered();
                    let (next, ready) = whole.fresh();
                    whole.send(std::mem::replace(b, next), ready);
                }),
                || {
                    read(&mut |item, line| {
                        let full = {
                            let mut batch = hand.batch.borrow_mut();
                            batch.push(&item, line);
                            batch.len() >= BATCH_ITEMS
                        };
                        if full {
                            hand.send_gathered();
                        }
                    })
                },
            );
            hand.send_gathered();
            (
                r,
                started.elapsed(),
                hand.blocked.get(),
                hand.checking.get(),
                hand.ahead.get(),
            )
        });
        let (mut scoring, mut batches) = (std::time::Duration::ZERO, 0usize);
        let started = Clock::now();
        for (mut batch, ready) in full_rx {
            taken.fetch_sub(1, Ordering::Relaxed);
            let at = Clock::now();
            scorer.push_ready(&batch, &ready);
            scoring += at.elapsed();
            batches += 1;
            batch.clear();
            let _ = empty_tx.send((batch, ready));
        }
        let waited = started.elapsed().saturating_sub(scoring);
        let joined = reader
            .join()
            .map(|(r, busy, blocked, checking, (ahead, all))| {
                phases::end("read and score (two threads)", || {
                    format!(
                        "reader: {:.1} ms reading and parsing, {:.1} ms checking rows ahead \
                     ({ahead} of {all} batches), {:.1} ms waiting for the scorer; \
                     scorer: {:.1} ms scoring {batches} batches, {:.1} ms waiting for the reader",
                        phases::ms(busy.saturating_sub(blocked + checking)),
                        phases::ms(checking),
                        phases::ms(blocked),
                        phases::ms(scoring),
                        phases::ms(waited)
                    )
                });
                r
            });
        joined.unwrap_or_else(|_| {
            Err(EvidenceError {
                file: None,
                problems: vec![(
                    crate::base::error::Location::default(),
                    crate::evidence::Problem::Io("the reading thread failed".into()),
                )],
            })
        })
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

    use crate::base::date::Date;
    use crate::evidence::generate::{self, Output, Spec};
    use crate::evidence::read::{read_str, Format};
    use crate::evidence::{Batch, EvidenceItem};
    use crate::model::{Aggregate, Framework};
    use crate::scoring::policy::ScoringPolicy;
    use crate::scoring::result::{Explain, ScoreResult};
    use crate::scoring::score::Scorer;

    /// Generated items over many workers (rejections of every reason,
    /// ids, duplicates), with unknown criteria and kinds mixed in.
    fn workload(seed: u64, n: u64, workers: u64) -> (Framework, Vec<EvidenceItem>) {
        let fw = generate::framework(3, seed);
        let mut spec = Spec::new(n, workers);
        spec.seed = seed;
        spec.reject_per_mille = 20;
        let mut csv = Vec::new();
        generate::write(&fw, &spec, Output::Csv, &mut csv).unwrap();
        let text = String::from_utf8(csv).unwrap();
        let mut items = Vec::new();
        read_str(&text, Format::Csv, |it, _| items.push(it.to_item())).unwrap();
        for (i, it) in items.iter_mut().enumerate() {
            match i % 13 {
                3 => it.kind = format!("kind-{}", i % 5),
                7 => it.criterion = format!("crit-{}", i % 3),
                _ => {}
            }
        }
        (fw, items)
    }

    fn scorer<'f>(fw: &'f Framework, policy: &ScoringPolicy, explain: &Explain) -> Scorer<'f> {
        Scorer::new(fw, Date::from_days(20_634), policy.clone(), explain.clone())
    }

    /// Batch sizes from a fixed pseudo-random sequence (1 to 900).
    fn sizes(state: &mut u64) -> usize {
        *state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        1 + (*state >> 33) as usize % 900
    }

    /// Rows checked ahead (on the reading thread, `Checks::ready`) score
    /// as rows the scorer checks itself, whatever the policy's time checks
    /// and the explanations asked for: the same sums, rejections (worded
    /// the same), held ids and kept items.
    #[test]
    fn rows_checked_ahead_score_as_rows_checked_by_the_scorer() {
        use crate::scoring::checks::Ready;
        let mut state = 7u64;
        for (seed, workers) in [(4, 300), (5, 30), (6, 3_000)] {
            let (fw, items) = workload(seed, 6_000, workers);
            let some = items[items.len() / 3].worker.clone();
            let mut timed = ScoringPolicy::for_framework(&fw);
            timed.half_life_days = Some(90.0);
            timed.max_age_days = Some(400);
            if let Some(k) = fw.evidence_kinds.first() {
                timed.kind_weights.insert(k.id.clone(), 2.5);
            }
            for (policy, explain) in [
                (ScoringPolicy::for_framework(&fw), Explain::None),
                (ScoringPolicy::for_framework(&fw), Explain::All),
                (timed.clone(), Explain::Worker(some.clone())),
                (timed, Explain::All),
            ] {
                let mut checked = scorer(&fw, &policy, &explain);
                let mut ahead = scorer(&fw, &policy, &explain);
                let checks = ahead.checks.clone();
                let (mut ready, mut maps) = (Vec::<Ready>::new(), Default::default());
                let (mut counted, mut rows) = (0usize, 0usize);
                let mut batch = Batch::default();
                let mut size = sizes(&mut state);
                for (i, item) in items.iter().enumerate() {
                    batch.push(&item.as_item_ref(), i + 1);
                    if batch.len() >= size || i + 1 == items.len() {
                        checked.push_batch(&batch);
                        checks.ready(&batch, &mut ready, &mut maps);
                        counted += ready.iter().filter(|r| r.counts).count();
                        rows += ready.len();
                        ahead.push_ready(&batch, &ready);
                        batch.clear();
                        size = sizes(&mut state);
                    }
                }
                // Both ways of a row are taken.
                assert!(counted > rows / 10 && counted < rows, "{counted} of {rows}");
                let want = checked.finish();
                assert!(want.rejected.len() > 100 && want.workers.len() > 20);
                let got = ahead.finish();
                assert_eq!(got.rejected, want.rejected, "seed {seed} {explain:?}");
                assert_eq!(got.counts, want.counts, "seed {seed} {explain:?}");
                assert!(got == want, "seed {seed} {explain:?}");
            }
        }
    }

    /// Reading on a second thread (rows checked ahead there when the
    /// scorer allows it) scores as pushing the items one by one.
    #[test]
    fn reading_on_a_second_thread_scores_as_pushing_items() {
        for aggregate in [Aggregate::WeightedMean, Aggregate::Latest] {
            let (fw, items) = workload(8, 40_000, 900);
            let mut policy = ScoringPolicy::for_framework(&fw);
            policy.aggregate = aggregate;
            let mut one = scorer(&fw, &policy, &Explain::All);
            for (i, item) in items.iter().enumerate() {
                one.push(item.as_item_ref(), i + 1);
            }
            let want = one.finish();
            let mut two = scorer(&fw, &policy, &Explain::All);
            let n = super::score_with(&mut two, |sink| {
                for (i, item) in items.iter().enumerate() {
                    sink(item.as_item_ref(), i + 1);
                }
                Ok(items.len())
            })
            .unwrap();
            assert_eq!(n, items.len());
            let got = two.finish();
            assert_eq!(got.rejected, want.rejected, "{aggregate:?}");
            assert!(got == want, "{aggregate:?}");
        }
    }

    /// Scoring in batches of any size (many workers, criteria and kinds
    /// in each, in whatever order they first come) gives what scoring
    /// each item alone in a batch of its own gives.
    #[test]
    fn batches_of_any_size_score_as_items_one_at_a_time() {
        let mut state = 99u64;
        for (seed, workers) in [(1, 700), (2, 40), (3, 5_000)] {
            let (fw, items) = workload(seed, 6_000, workers);
            let some = items[items.len() / 2].worker.clone();
            for (aggregate, explain) in [
                (Aggregate::WeightedMean, Explain::All),
                (Aggregate::WeightedMean, Explain::Worker(some)),
                (Aggregate::Latest, Explain::All),
            ] {
                let mut policy = ScoringPolicy::for_framework(&fw);
                policy.aggregate = aggregate;
                let mut alone = scorer(&fw, &policy, &explain);
                let mut one = Batch::default();
                for (i, item) in items.iter().enumerate() {
                    one.clear();
                    one.push(&item.as_item_ref(), i + 1);
                    alone.push_batch(&one);
                }
                let want: ScoreResult = alone.finish();
                assert!(want.rejected.len() > 100 && want.workers.len() > 20);
                let mut batched = scorer(&fw, &policy, &explain);
                let mut batch = Batch::default();
                let mut size = 1;
                for (i, item) in items.iter().enumerate() {
                    batch.push(&item.as_item_ref(), i + 1);
                    if batch.len() >= size {
                        batched.push_batch(&batch);
                        batch.clear();
                        size = sizes(&mut state);
                    }
                }
                batched.push_batch(&batch);
                let got = batched.finish();
                assert_eq!(got.rejected, want.rejected, "seed {seed}");
                assert!(got == want, "seed {seed} {aggregate:?}");
            }
        }
    }
}
