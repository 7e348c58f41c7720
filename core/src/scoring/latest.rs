//! The policy's `aggregate` other than `weighted_mean`: `latest` and
//! `latest_per_assessor` (`docs/scoring.md`, "Aggregates"). The scorer
//! keeps every item that passed the date-independent checks, and at the
//! end rebuilds the sums of each worker and criterion from the items the
//! aggregate keeps at that date (at `as_of`, and at each date of a history:
//! `Scorer::aggregate_cells` in `finish.rs`).

use rustc_hash::{FxHashMap, FxHashSet};

use crate::base::date::Date;
use crate::model::Aggregate;

/// What identifies a contribution to take back out: worker, criterion,
/// line, kind and date of a retracted item.
pub(super) type TakenBack = (u32, u32, u64, u16, Date);

/// One item kept for the aggregate.
#[derive(Debug, Clone, Copy)]
pub(super) struct Kept {
    pub(super) worker: u32,
    pub(super) criterion: u32,
    pub(super) line: u64,
    pub(super) kind: u16,
    pub(super) date: Date,
    pub(super) expires: Option<Date>,
    /// Its assessor's number (0: none given).
    pub(super) assessor: u32,
    /// Normalised value.
    pub(super) v: f64,
}

impl Kept {
    /// What identifies it among taken-back items.
    pub(super) fn key(&self) -> TakenBack {
        (self.worker, self.criterion, self.line, self.kind, self.date)
    }
}

/// The items of a scorer whose aggregate is not `weighted_mean`.
#[derive(Debug, Default)]
pub(super) struct Latest {
    pub(super) aggregate: Aggregate,
    pub(super) items: Vec<Kept>,
    /// Assessor ids by number (from 1).
    assessors: FxHashMap<String, u32>,
    /// Items taken back out at `as_of` (duplicates and conflicts).
    pub(super) retracted: FxHashSet<TakenBack>,
    /// Items counted at `as_of` but left out by the aggregate.
    pub(super) superseded: FxHashSet<TakenBack>,
    /// Where each worker's items start in `items` once sorted.
    starts: Vec<usize>,
}

impl Latest {
    pub(super) fn new(aggregate: Aggregate) -> Latest {
        Latest {
            aggregate,
            ..Latest::default()
        }
    }

    /// The number of assessor `name` (0 for none).
    pub(super) fn assessor(&mut self, name: Option<&str>) -> u32 {
        match name {
            None | Some("") => 0,
            Some(name) => {
                let next = u32::try_from(self.assessors.len() + 1).unwrap_or(u32::MAX);
                *self.assessors.entry(name.to_string()).or_insert(next)
            }
        }
    }

    /// Sorts the items by worker and criterion (once every item is in).
    pub(super) fn sort(&mut self, workers: usize) {
        self.items
            .sort_unstable_by_key(|k| (k.worker, k.criterion, k.line, k.kind, k.date));
        self.starts = (0..=workers)
            .map(|w| self.items.partition_point(|k| (k.worker as usize) < w))
            .collect();
    }

    /// Worker `w`'s items, by criterion.
    pub(super) fn of(&self, w: u32) -> &[Kept] {
        let a = self.starts.get(w as usize).copied().unwrap_or(0);
        let b = self.starts.get(w as usize + 1).copied().unwrap_or(a);
        self.items.get(a..b).unwrap_or(&[])
    }
}

/// Of `alive` (one worker and criterion's items that count at a date,
/// with their weights then), whether each is kept by `aggregate`.
pub(super) fn keep(aggregate: Aggregate, alive: &[(Kept, f64)]) -> Vec<bool> {
    match aggregate {
        Aggregate::WeightedMean => vec![true; alive.len()],
        Aggregate::Latest => {
            let last = alive.iter().map(|(k, _)| k.date).max();
            alive.iter().map(|(k, _)| Some(k.date) == last).collect()
        }
        Aggregate::LatestPerAssessor => {
            let mut last: FxHashMap<u32, Date> = FxHashMap::default();
            for (k, _) in alive {
                let d = last.entry(k.assessor).or_insert(k.date);
                *d = (*d).max(k.date);
            }
            alive
                .iter()
                .map(|(k, _)| last.get(&k.assessor) == Some(&k.date))
                .collect()
        }
    }
}
