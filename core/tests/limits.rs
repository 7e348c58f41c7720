//! Adversarial sizes (docs/errors.md, "Limits"): one worker with a million
//! items, a million workers with one item each, with and without ids. Each
//! must finish (no quadratic step: at a million items one would take hours)
//! and account for every item; memory follows the output.

#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing
)]

use proficient::evidence::{ItemRef, ValueRef};
use proficient::{Date, Explain, Framework, Scorer, ScoringPolicy};

const N: usize = 1_000_000;

fn framework() -> Framework {
    Framework::load("job-retention").unwrap()
}

/// Scores `N` items (item `i` for worker `worker_of(i)`), with or without ids.
fn score(
    fw: &Framework,
    with_ids: bool,
    worker_of: impl Fn(usize) -> usize,
) -> proficient::ScoreResult {
    let as_of = Date::parse("2024-06-30").unwrap();
    let first = Date::parse("2020-01-01").unwrap().days();
    let mut scorer = Scorer::new(fw, as_of, ScoringPolicy::for_framework(fw), Explain::None);
    let (mut id, mut worker) = (String::new(), String::new());
    for i in 0..N {
        use std::fmt::Write;
        id.clear();
        worker.clear();
        write!(id, "e{i}").unwrap();
        write!(worker, "w{}", worker_of(i)).unwrap();
        scorer.push(
            ItemRef {
                id: with_ids.then_some(id.as_str()),
                worker: &worker,
                criterion: "k2.legislation-facts",
                kind: "knowledge-test",
                date: Date::from_days(first + (i % 1500) as i32),
                assessor: None,
                value: Some(ValueRef::Number(1.0 + (i % 4) as f64)),
                numerator: None,
                denominator: None,
                expires: None,
                note: None,
            },
            i + 1,
        );
    }
    scorer.finish()
}

#[test]
fn one_worker_with_a_million_items() {
    // With ids: every item is also kept to settle duplicates.
    let r = score(&framework(), true, |_| 1);
    assert_eq!(
        (r.counts.items, r.counts.used, r.counts.rejected),
        (N as u64, N as u64, 0)
    );
    assert_eq!(r.workers.len(), 1);
    let k2 = r.workers[0]
        .competencies
        .iter()
        .find(|c| &*c.id == "k2-legislation")
        .unwrap();
    assert_eq!(k2.items, N as u64);
    let s = k2.criteria[0].score.unwrap();
    assert!((0.0..=1.0).contains(&s), "{s}");
}

#[test]
fn a_million_workers_with_one_item_each() {
    let r = score(&framework(), false, |i| i);
    assert_eq!(
        (r.counts.items, r.counts.used, r.counts.rejected),
        (N as u64, N as u64, 0)
    );
    assert_eq!(r.workers.len(), N);
    // Sorted by worker id, each with its one item.
    assert!(r.workers.windows(2).all(|w| w[0].worker < w[1].worker));
    assert!(r
        .workers
        .iter()
        .all(|w| w.competencies.iter().map(|c| c.items).sum::<u64>() == 1));
}

/// A large team's results are built a chunk of workers at a time (and on
/// several threads): every worker's result, explanations included, must be
/// the one it gets when scored alone, whatever chunk it falls in.
#[test]
fn results_built_in_chunks_are_each_workers_own() {
    let fw = framework();
    let as_of = Date::parse("2024-06-30").unwrap();
    let first = Date::parse("2022-01-01").unwrap().days();
    let criteria = ["k2.legislation-facts", "k2.legislation-in-practice"];
    let item = |i: usize, w: usize| -> (String, String, Date, f64) {
        (
            criteria[(i + w) % 2].to_string(),
            "knowledge-test".to_string(),
            Date::from_days(first + ((i * 7 + w) % 800) as i32),
            1.0 + ((i + w) % 4) as f64,
        )
    };
    // 40,000 workers (three chunks), 1 to 3 items each, pushed worker by
    // worker in reverse id order.
    let workers = 40_000usize;
    let items_of = |w: usize| 1 + w % 3;
    let push = |scorer: &mut Scorer<'_>, w: usize, line: &mut usize| {
        for i in 0..items_of(w) {
            let (id, worker) = (format!("e{w}-{i}"), format!("w{w:05}"));
            let (criterion, kind, date, value) = item(i, w);
            *line += 1;
            scorer.push(
                ItemRef {
                    id: Some(&id),
                    worker: &worker,
                    criterion: &criterion,
                    kind: &kind,
                    date,
                    assessor: None,
                    value: Some(ValueRef::Number(value)),
                    numerator: None,
                    denominator: None,
                    expires: None,
                    note: None,
                },
                *line,
            );
        }
    };
    let policy = ScoringPolicy::for_framework(&fw);
    let mut all = Scorer::new(&fw, as_of, policy.clone(), Explain::All);
    let mut line = 0;
    let mut first_line = vec![0; workers];
    for w in (0..workers).rev() {
        first_line[w] = line;
        push(&mut all, w, &mut line);
    }
    let mut seen = Vec::new();
    let rest = all.finish_with(|r| seen.push(r));
    assert!(rest.workers.is_empty());
    assert_eq!(rest.counts.used as usize, line);
    assert_eq!(seen.len(), workers);
    for (w, got) in seen.iter().enumerate() {
        assert_eq!(got.worker, format!("w{w:05}"));
        if w % 997 != 0 && w % 16_384 > 2 && w % 16_384 < 16_382 {
            continue;
        }
        // Scored alone, from the same lines.
        let mut alone = Scorer::new(&fw, as_of, policy.clone(), Explain::All);
        let mut l = first_line[w];
        push(&mut alone, w, &mut l);
        let expected = alone.finish();
        assert_eq!(got, &expected.workers[0], "worker {w}");
    }
}
