//! Scoring benchmark: prints figures, asserts nothing about time.
//!
//! Generates N items (default 1,000,000) across W workers (default 50,000)
//! for the shipped job retention framework with `proficient::evidence::generate`,
//! writes them as CSV, then reports:
//! - CSV end to end in-process (read + score + finish), items/s;
//! - the in-memory scoring step alone (items already parsed), items/s;
//! - peak resident memory of this process after each phase.
//!
//! `cargo bench -p proficient --bench scoring [-- ITEMS WORKERS]`
//! (`BENCH_ONLY=memory` runs the in-memory phase only, for profiling.)

#![allow(
    clippy::print_stdout,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    missing_docs
)]

use std::io::Write;
use std::time::Instant;

use proficient::evidence::{self, Batch};
use proficient::{Date, Explain, Framework, Scorer, ScoringPolicy};

fn peak_rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| {
                l.split_whitespace()
                    .nth(1)
                    .and_then(|k| k.parse::<f64>().ok())
            })
        })
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let n: usize = args
        .first()
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let workers: u64 = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(50_000);
    let fw = Framework::load("job-retention").unwrap();
    let as_of = Date::parse("2026-06-30").unwrap();

    // Generate (proficient::evidence::generate): ~4.5% of rows are rejected, for
    // every reason; 9 in 10 items have ids (none with BENCH_NO_IDS).
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("evidence.csv");
    let t = Instant::now();
    {
        let spec = proficient::evidence::generate::Spec {
            as_of,
            ids: std::env::var_os("BENCH_NO_IDS").is_none(),
            ..proficient::evidence::generate::Spec::new(n as u64, workers)
        };
        let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
        proficient::evidence::generate::write(
            &fw,
            &spec,
            proficient::evidence::generate::Output::Csv,
            &mut f,
        )
        .unwrap();
        f.flush().unwrap();
    }
    let size = std::fs::metadata(&path).unwrap().len();
    println!(
        "generated {n} items across {workers} workers: {:.1} MB CSV in {:.2} s",
        size as f64 / 1e6,
        t.elapsed().as_secs_f64()
    );

    let policy = ScoringPolicy::for_framework(&fw);

    // BENCH_ONLY=memory skips the CSV phases (for profiling the scorer).
    if std::env::var("BENCH_ONLY").map_or(true, |v| v != "memory") {
        csv_phases(&fw, as_of, &policy, &path, n);
    }

    // 2. In-memory scoring only: items parsed beforehand into columns (one
    // text buffer and fixed-size rows), as an Arrow table would hold them.
    let mut batch = Batch::with_capacity(n);
    evidence::read_path(&path, |item, line| batch.push(&item, line)).unwrap();
    // BENCH_NO_EXPLAIN_ALL skips the run keeping every used item (memory
    // grows with the items: about 8 GiB at 10M).
    let modes = if std::env::var_os("BENCH_NO_EXPLAIN_ALL").is_some() {
        vec![Explain::None]
    } else {
        vec![Explain::None, Explain::All]
    };
    for explain in modes {
        let (mut best, mut best_push) = (f64::MAX, f64::MAX);
        for _ in 0..3 {
            let t = Instant::now();
            let mut scorer = Scorer::new(&fw, as_of, policy.clone(), explain.clone());
            scorer.push_batch(&batch);
            let pushed = t.elapsed().as_secs_f64();
            let r = scorer.finish();
            best = best.min(t.elapsed().as_secs_f64());
            best_push = best_push.min(pushed);
            eprintln!(
                "  push {pushed:.3} s, finish {:.3} s",
                t.elapsed().as_secs_f64() - pushed
            );
            std::hint::black_box(r);
        }
        // The first figure is the whole step (items in, results out); the
        // items alone (checks, weights, sums, ids held) are in brackets.
        println!(
            "in-memory scoring:   {:>9.5} s  {:>6.2} M items/s  (items alone {:.5} s, {:.2} M items/s; explain {:?}, best of 3)  peak RSS {:.0} MiB",
            best,
            n as f64 / best / 1e6,
            best_push,
            n as f64 / best_push / 1e6,
            explain,
            peak_rss_mib()
        );
    }
}

/// Reading alone, then CSV end to end (read + score + finish) on one core
/// and on two threads.
fn csv_phases(
    fw: &Framework,
    as_of: Date,
    policy: &ScoringPolicy,
    path: &std::path::Path,
    n: usize,
) {
    // 0. Reading alone (no scoring), to see what parsing costs.
    let size = std::fs::metadata(path).unwrap().len();
    let t = Instant::now();
    let mut rows = 0usize;
    evidence::read_path(path, |_, _| rows += 1).unwrap();
    let read = t.elapsed().as_secs_f64();
    println!(
        "csv parse only:      {:>7.3} s  {:>6.2} M items/s  ({:.0} MB/s)",
        read,
        rows as f64 / read / 1e6,
        size as f64 / read / 1e6
    );

    // 0b. Reading into batches of the pipeline's size (what its reading
    // thread does), to see what the dictionaries cost.
    let t = Instant::now();
    let mut batch = Batch::with_capacity(proficient::scoring::pipeline::BATCH_ITEMS);
    evidence::read_path(path, |item, line| {
        batch.push(&item, line);
        if batch.len() >= proficient::scoring::pipeline::BATCH_ITEMS {
            batch.clear();
        }
    })
    .unwrap();
    let read = t.elapsed().as_secs_f64();
    println!(
        "csv into batches:    {:>7.3} s  {:>6.2} M items/s",
        read,
        rows as f64 / read / 1e6
    );

    // 1. CSV end to end (read + score + finish), one core.
    let t = Instant::now();
    let mut scorer = Scorer::new(fw, as_of, policy.clone(), Explain::None);
    evidence::read_path(path, |item, line| scorer.push(item, line)).unwrap();
    let result = scorer.finish();
    let e2e = t.elapsed().as_secs_f64();
    println!(
        "csv end to end:      {:>7.3} s  {:>6.2} M items/s  ({} used, {} rejected, {} workers)  peak RSS {:.0} MiB",
        e2e,
        n as f64 / e2e / 1e6,
        result.counts.used,
        result.counts.rejected,
        result.workers.len(),
        peak_rss_mib()
    );
    drop(result);

    // 1b. CSV end to end on two threads: one parses, one scores.
    let t = Instant::now();
    let mut scorer = Scorer::new(fw, as_of, policy.clone(), Explain::None);
    proficient::scoring::pipeline::score_with(&mut scorer, |sink| evidence::read_path(path, sink))
        .unwrap();
    let scored = t.elapsed().as_secs_f64();
    let result = scorer.finish();
    let e2e = t.elapsed().as_secs_f64();
    println!(
        "csv end to end x2:   {:>7.3} s  {:>6.2} M items/s  (parse and score on 2 threads: {:.3} s, then results {:.3} s)  peak RSS {:.0} MiB",
        e2e,
        n as f64 / e2e / 1e6,
        scored,
        e2e - scored,
        peak_rss_mib()
    );
    drop(result);
}
