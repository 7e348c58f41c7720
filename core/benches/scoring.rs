//! Scoring benchmark: prints figures, asserts nothing about time.
//!
//! Generates N items (default 1,000,000) across W workers (default 50,000)
//! for the shipped job retention framework, writes them as CSV, then reports:
//! - CSV end to end in-process (read + score + finish), items/s;
//! - the in-memory scoring step alone (items already parsed), items/s;
//! - peak resident memory of this process after each phase.
//!
//! `cargo bench -p proficient --bench scoring [-- ITEMS WORKERS]`

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

struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

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
    let criteria: Vec<(&str, &proficient::Criterion)> = fw
        .competencies
        .iter()
        .flat_map(|c| c.criteria.iter().map(|k| (k.id.as_str(), k)))
        .collect();
    let kinds: Vec<&str> = fw.evidence_kinds.iter().map(|k| k.id.as_str()).collect();

    // Generate: ~2% of rows are rejected (future, invalid, unknown).
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("evidence.csv");
    let t = Instant::now();
    {
        let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
        writeln!(
            f,
            "id,worker,criterion,kind,date,assessor,value,numerator,denominator,expires,note"
        )
        .unwrap();
        let mut rng = Lcg(42);
        for i in 0..n {
            let (cid, cr) = criteria[rng.below(criteria.len() as u64) as usize];
            let kind = match &cr.kinds {
                Some(ks) => ks[rng.below(ks.len() as u64) as usize].as_str(),
                None => kinds[rng.below(kinds.len() as u64) as usize],
            };
            let date = Date::from_days(
                as_of.days() - rng.below(1900) as i32 + if rng.below(100) == 0 { 40 } else { 0 },
            );
            let (value, num, den) = match cr.measure {
                proficient::Measure::Rating { .. } => (
                    format!("{}", 1 + rng.below(5)),
                    String::new(),
                    String::new(),
                ),
                proficient::Measure::Binary {} => (
                    ["yes", "no", "true", "1"][rng.below(4) as usize].to_string(),
                    String::new(),
                    String::new(),
                ),
                proficient::Measure::Rate { .. } => {
                    let d = 1 + rng.below(12);
                    (String::new(), rng.below(d + 1).to_string(), d.to_string())
                }
                proficient::Measure::Count { .. } => {
                    (rng.below(6).to_string(), String::new(), String::new())
                }
            };
            let value = if rng.below(200) == 0 {
                "bad".to_string()
            } else {
                value
            };
            let cid = if rng.below(300) == 0 {
                "no-such-criterion"
            } else {
                cid
            };
            let id = if std::env::var_os("BENCH_NO_IDS").is_some() {
                String::new()
            } else {
                format!("ev{i}")
            };
            writeln!(
                f,
                "{id},w{:06},{cid},{kind},{date},a{},{value},{num},{den},,",
                rng.below(workers),
                rng.below(40)
            )
            .unwrap();
        }
    }
    let size = std::fs::metadata(&path).unwrap().len();
    println!(
        "generated {n} items across {workers} workers: {:.1} MB CSV in {:.2} s",
        size as f64 / 1e6,
        t.elapsed().as_secs_f64()
    );

    let policy = ScoringPolicy::for_framework(&fw);

    // 0. Reading alone (no scoring), to see what parsing costs.
    let t = Instant::now();
    let mut rows = 0usize;
    evidence::read_path(&path, |_, _| rows += 1).unwrap();
    let read = t.elapsed().as_secs_f64();
    println!(
        "csv parse only:      {:>7.3} s  {:>6.2} M items/s  ({:.0} MB/s)",
        read,
        rows as f64 / read / 1e6,
        size as f64 / read / 1e6
    );

    // 1. CSV end to end (read + score + finish), one core.
    let t = Instant::now();
    let mut scorer = Scorer::new(&fw, as_of, policy.clone(), Explain::None);
    evidence::read_path(&path, |item, line| scorer.push(item, line)).unwrap();
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
    let mut scorer = Scorer::new(&fw, as_of, policy.clone(), Explain::None);
    proficient::pipeline::score_with(&mut scorer, |sink| evidence::read_path(&path, sink)).unwrap();
    let result = scorer.finish();
    let e2e = t.elapsed().as_secs_f64();
    println!(
        "csv end to end x2:   {:>7.3} s  {:>6.2} M items/s  (parse and score on 2 threads)  peak RSS {:.0} MiB",
        e2e,
        n as f64 / e2e / 1e6,
        peak_rss_mib()
    );
    drop(result);

    // 2. In-memory scoring only: items parsed beforehand into columns (one
    // text buffer and fixed-size rows), as an Arrow table would hold them.
    let mut batch = Batch::with_capacity(n);
    evidence::read_path(&path, |item, line| batch.push(&item, line)).unwrap();
    for explain in [Explain::None, Explain::All] {
        let mut best = f64::MAX;
        for _ in 0..3 {
            let t = Instant::now();
            let mut scorer = Scorer::new(&fw, as_of, policy.clone(), explain.clone());
            batch.for_each(|item, line| scorer.push(item, line));
            let pushed = t.elapsed().as_secs_f64();
            let r = scorer.finish();
            best = best.min(t.elapsed().as_secs_f64());
            eprintln!(
                "  push {pushed:.3} s, finish {:.3} s",
                t.elapsed().as_secs_f64() - pushed
            );
            std::hint::black_box(r);
        }
        println!(
            "in-memory scoring:   {:>7.3} s  {:>6.2} M items/s  (explain {:?}, best of 3)  peak RSS {:.0} MiB",
            best,
            n as f64 / best / 1e6,
            explain,
            peak_rss_mib()
        );
    }
}
