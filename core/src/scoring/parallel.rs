//! Order-preserving fan-out of independent jobs over scoped threads (one
//! chunk of jobs per thread), shared by the scorer's result building and
//! scoring at many dates.

/// How many threads `jobs` independent jobs may use: at most `max` and the
/// machine's parallelism, and one without the `threads` feature (e.g. on
/// WebAssembly).
pub(crate) fn threads_for(jobs: usize, max: usize) -> usize {
    if !cfg!(feature = "threads") {
        return 1;
    }
    std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(max)
        .min(jobs)
        .max(1)
}

/// `f(state, job)` for every job, results in the order of `jobs`, on
/// `threads` scoped threads each with its own `state` from `init` (on this
/// thread when `threads` ≤ 1). A panic in a job is resumed here.
pub(crate) fn map_in_order<T, S, R>(
    jobs: &mut [T],
    threads: usize,
    init: impl Fn() -> S + Sync,
    f: impl Fn(&mut S, &mut T) -> R + Sync,
) -> Vec<R>
where
    T: Send,
    R: Send,
{
    // (`cfg!` first: without the `threads` feature the threaded path is
    // then dead code, left out of the build.)
    if !cfg!(feature = "threads") || threads <= 1 || jobs.len() < 2 {
        let mut state = init();
        return jobs.iter_mut().map(|job| f(&mut state, job)).collect();
    }
    let chunk = jobs.len().div_ceil(threads);
    let (init, f) = (&init, &f);
    std::thread::scope(|s| {
        let handles: Vec<_> = jobs
            .chunks_mut(chunk)
            .map(|part| {
                s.spawn(move || {
                    let mut state = init();
                    part.iter_mut()
                        .map(|job| f(&mut state, job))
                        .collect::<Vec<R>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_keep_the_order_of_the_jobs_on_any_number_of_threads() {
        for threads in [0, 1, 2, 3, 7, 64] {
            let mut jobs: Vec<u32> = (0..1000).collect();
            let out = map_in_order(&mut jobs, threads, || 10, |k, j| *j * *k);
            assert_eq!(out, (0..1000).map(|j| j * 10).collect::<Vec<_>>());
        }
        assert!(map_in_order(&mut [] as &mut [u8], 4, || (), |_, j| *j).is_empty());
        assert_eq!(threads_for(0, 4), 1);
        assert!(threads_for(100, 4) <= 4);
    }
}
