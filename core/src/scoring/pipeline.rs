//! Reading and scoring on two threads: one parses evidence into
//! [`Batch`]es, the other scores them, so a large file costs about the
//! larger of the two rather than their sum. Batches are recycled, so memory
//! stays at a few batches whatever the input size.

use std::sync::mpsc;

use crate::evidence::{Batch, EvidenceError, ItemRef};
use crate::scoring::score::Scorer;

/// Items per batch.
pub const BATCH_ITEMS: usize = 1 << 14;

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
        return read(&mut |item, line| scorer.push(item, line));
    }
    let (full_tx, full_rx) = mpsc::sync_channel::<Batch>(4);
    let (empty_tx, empty_rx) = mpsc::channel::<Batch>();
    for _ in 0..4 {
        let _ = empty_tx.send(Batch::with_capacity(BATCH_ITEMS));
    }
    std::thread::scope(|s| {
        let reader = s.spawn(move || {
            let mut batch = Batch::with_capacity(BATCH_ITEMS);
            let r = read(&mut |item, line| {
                batch.push(&item, line);
                if batch.len() >= BATCH_ITEMS {
                    let next = empty_rx
                        .try_recv()
                        .unwrap_or_else(|_| Batch::with_capacity(BATCH_ITEMS));
                    let full = std::mem::replace(&mut batch, next);
                    let _ = full_tx.send(full);
                }
            });
            if !batch.is_empty() {
                let _ = full_tx.send(batch);
            }
            r
        });
        for mut batch in full_rx {
            scorer.push_batch(&batch);
            batch.clear();
            let _ = empty_tx.send(batch);
        }
        reader.join().unwrap_or_else(|_| {
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
