//! Reading and scoring on two threads: one parses evidence into
//! [`Batch`]es, the other scores them, so a large file costs about the
//! larger of the two rather than their sum. Batches are recycled, so memory
//! stays at a few batches whatever the input size.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::sync::mpsc;

use crate::evidence::{Batch, EvidenceError, ItemRef};
use crate::scoring::phases::{self, Clock};
use crate::scoring::score::Scorer;

/// Items per batch.
pub const BATCH_ITEMS: usize = 1 << 14;

/// The reading thread's end of the pipeline: full batches go to the
/// scorer, emptied ones come back.
struct Hand {
    full: mpsc::SyncSender<Batch>,
    empty: mpsc::Receiver<Batch>,
    /// Items gathered one by one.
    batch: RefCell<Batch>,
    /// Time spent waiting for the scorer to take a batch.
    blocked: Cell<std::time::Duration>,
}

impl Hand {
    /// An emptied batch to fill.
    fn fresh(&self) -> Batch {
        self.empty
            .try_recv()
            .unwrap_or_else(|_| Batch::with_capacity(BATCH_ITEMS))
    }

    /// Hands `batch` to the scorer.
    fn send(&self, batch: Batch) {
        let waiting = Clock::now();
        let _ = self.full.send(batch);
        self.blocked.set(self.blocked.get() + waiting.elapsed());
    }

    /// Hands the items gathered so far to the scorer, if any.
    fn send_gathered(&self) {
        if self.batch.borrow().is_empty() {
            return;
        }
        let next = self.fresh();
        let full = std::mem::replace(&mut *self.batch.borrow_mut(), next);
        self.send(full);
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
    let (full_tx, full_rx) = mpsc::sync_channel::<Batch>(4);
    let (empty_tx, empty_rx) = mpsc::channel::<Batch>();
    for _ in 0..4 {
        let _ = empty_tx.send(Batch::with_capacity(BATCH_ITEMS));
    }
    std::thread::scope(|s| {
        let reader = s.spawn(move || {
            let started = Clock::now();
            let hand = Rc::new(Hand {
                full: full_tx,
                empty: empty_rx,
                batch: RefCell::new(Batch::with_capacity(BATCH_ITEMS)),
                blocked: Cell::new(std::time::Duration::ZERO),
            });
            let whole = Rc::clone(&hand);
            let r = with_batches(
                Box::new(move |b: &mut Batch| {
                    // The items gathered so far go first.
                    whole.send_gathered();
                    let next = whole.fresh();
                    whole.send(std::mem::replace(b, next));
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
            (r, started.elapsed(), hand.blocked.get())
        });
        let (mut scoring, mut batches) = (std::time::Duration::ZERO, 0usize);
        let started = Clock::now();
        for mut batch in full_rx {
            let at = Clock::now();
            scorer.push_batch(&batch);
            scoring += at.elapsed();
            batches += 1;
            batch.clear();
            let _ = empty_tx.send(batch);
        }
        let waited = started.elapsed().saturating_sub(scoring);
        let joined = reader.join().map(|(r, busy, blocked)| {
            phases::end("read and score (two threads)", || {
                format!(
                    "reader: {:.1} ms reading and parsing, {:.1} ms waiting for the scorer; \
                     scorer: {:.1} ms scoring {batches} batches, {:.1} ms waiting for the reader",
                    phases::ms(busy.saturating_sub(blocked)),
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
