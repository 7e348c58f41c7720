//! Scoring some workers at more dates than `as_of` in the same pass
//! ([`Scorer::with_history`]): their sums at each date, and their standings.

use rustc_hash::FxHashMap;

use crate::base::date::Date;
use crate::model::Framework;
use crate::scoring::exact::{quantise, Cell};
use crate::scoring::policy::ScoringPolicy;
use crate::scoring::result::{level_index, Explain, Standing, Standings};
use crate::scoring::score::{Fact, Held, HistoryHooks, Scorer, TakenBack};
use crate::scoring::value::{normalised, Norm};

/// The dates some workers are also scored at, and their sums there.
#[derive(Debug, Default)]
struct History {
    /// The dates of each tracked worker id (sorted, without repeats).
    wanted: FxHashMap<String, Vec<Date>>,
    /// Every date of `wanted`, sorted, without repeats.
    all: Vec<Date>,
    /// Per worker number: where its dates start in `dates` and how many
    /// (0: not tracked). Empty when nothing is tracked.
    of: Vec<(u32, u32)>,
    /// The dates of tracked workers, one run per worker: slot `i` is the
    /// worker at `dates[i]`, whose sums are `cells[i * criteria..]`.
    dates: Vec<Date>,
    cells: Vec<Cell>,
    /// Items taken back out at a date (kept only for an aggregate other
    /// than `weighted_mean`, whose sums are rebuilt from the items).
    retracted: rustc_hash::FxHashSet<(TakenBack, Date)>,
}

impl History {
    /// The slots (first, count) of worker `w`.
    fn slots(&self, w: u32) -> (usize, usize) {
        self.of
            .get(w as usize)
            .map_or((0, 0), |&(a, n)| (a as usize, n as usize))
    }
}

impl History {
    /// Adds one term to the sums of slot `slot`.
    fn add_at(&mut self, s: &Scorer<'_>, slot: usize, criterion: u32, w: f64, v: f64) {
        let q = s.checks.quantum;
        let at = slot * s.checks.norms.len() + criterion as usize;
        if let Some(cell) = self.cells.get_mut(at) {
            cell.add(quantise(w * q), quantise(w * v * q), v.to_bits());
        }
    }

    /// Takes a held item that counts at `d` back out of its worker's sums
    /// at `d`, if that worker is tracked at `d` (the same terms as added).
    fn retract_at(&mut self, s: &Scorer<'_>, h: &Held, d: Date) {
        let (start, count) = self.slots(h.worker);
        let Some(slot) = self
            .dates
            .get(start..start + count)
            .and_then(|ds| ds.iter().position(|x| *x == d))
        else {
            return;
        };
        let Ok(w) = s.fit(h.kind, h.date, h.expires, d) else {
            return;
        };
        if s.latest.is_some() {
            self.retracted
                .insert(((h.worker, h.criterion, h.line, h.kind, h.date), d));
        }
        let norm = s
            .checks
            .norms
            .get(h.criterion as usize)
            .copied()
            .unwrap_or(Norm::Binary);
        let v = normalised(norm, h.value) + 0.0;
        let q = s.checks.quantum;
        let at = (start + slot) * s.checks.norms.len() + h.criterion as usize;
        if let Some(cell) = self.cells.get_mut(at) {
            cell.sub(quantise(w * q), quantise(w * v * q));
        }
    }
}

impl HistoryHooks for History {
    fn worker(&mut self, name: &str, criteria: usize) {
        let start = u32::try_from(self.dates.len()).unwrap_or(u32::MAX);
        let dates = self.wanted.get(name).map_or(&[][..], Vec::as_slice);
        self.dates.extend_from_slice(dates);
        self.of
            .push((start, u32::try_from(dates.len()).unwrap_or(0)));
        self.cells
            .resize(self.dates.len() * criteria, Cell::default());
    }

    fn row(&mut self, s: &Scorer<'_>, f: &Fact) -> bool {
        // Counted at each of the worker's dates where it counts, as at
        // `as_of`: rows with ids now, taken back out if their id turns out
        // to be a duplicate or a conflict then.
        let (first, count) = self.slots(f.worker);
        let v = normalised(f.norm, f.value) + 0.0;
        for slot in first..first + count {
            let Some(&d) = self.dates.get(slot) else {
                continue;
            };
            if let Ok(w) = s.fit(f.kind, f.date, f.expires, d) {
                self.add_at(s, slot, f.criterion, w, v);
            }
        }
        f.has_id
            && self
                .all
                .iter()
                .any(|&d| s.fit(f.kind, f.date, f.expires, d).is_ok())
    }

    fn group(&mut self, s: &Scorer<'_>, group: &[(u32, &Held)]) {
        let mut dates: Vec<Date> = Vec::new();
        for (_, h) in group {
            let (first, count) = self.slots(h.worker);
            dates.extend(self.dates.get(first..first + count).unwrap_or(&[]));
        }
        dates.sort_unstable();
        dates.dedup();
        for d in dates {
            // As `Scorer::settle_group` at `as_of`, among the items that
            // count at `d`: identical copies count once, differing ones none.
            let alive: Vec<&Held> = group
                .iter()
                .map(|(_, h)| *h)
                .filter(|h| s.fit(h.kind, h.date, h.expires, d).is_ok())
                .collect();
            let Some((first, copies)) = alive.split_first() else {
                continue;
            };
            let keep = usize::from(copies.iter().all(|h| s.same_content(first, h)));
            for h in alive.iter().skip(keep) {
                self.retract_at(s, h, d);
            }
        }
    }

    fn standings(&self, s: &Scorer<'_>) -> Standings {
        let mut out = Standings::default();
        let n = s.checks.norms.len();
        for (w, &(start, count)) in self.of.iter().enumerate() {
            if count == 0 {
                continue;
            }
            let mut dates = Vec::with_capacity(count as usize);
            for slot in start as usize..(start + count) as usize {
                let Some(&d) = self.dates.get(slot) else {
                    continue;
                };
                let mut rebuilt = Vec::new();
                let block = match s.latest.as_deref() {
                    Some(latest) => {
                        rebuilt.resize(n, Cell::default());
                        let retracted = &self.retracted;
                        s.aggregate_cells(
                            latest,
                            u32::try_from(w).unwrap_or(u32::MAX),
                            d,
                            &|k| retracted.contains(&(k.key(), d)),
                            &mut rebuilt,
                            |_| {},
                        );
                        &rebuilt[..]
                    }
                    None => self.cells.get(slot * n..(slot + 1) * n).unwrap_or(&[]),
                };
                let mut at = 0usize;
                let standings =
                    s.fw.competencies
                        .iter()
                        .map(|comp| {
                            let cells = block.get(at..at + comp.criteria.len()).unwrap_or(&[]);
                            at += comp.criteria.len();
                            let x = s.numbers(comp, cells.iter().map(|c| (c.score(), c.n)));
                            Standing {
                                score: x.score,
                                level: if x.assessed {
                                    x.score.and_then(|sc| level_index(s.fw, sc))
                                } else {
                                    None
                                },
                                status: x.status,
                            }
                        })
                        .collect();
                dates.push((d, standings));
            }
            let name = u32::try_from(w).map_or("", |w| s.worker_name(w));
            out.workers.insert(name.to_string(), dates);
        }
        out
    }
}

impl<'f> Scorer<'f> {
    /// A scorer for `fw` at `as_of` that also scores some workers at other
    /// dates (each date as that run's `as_of`), in the same single pass over
    /// the items: `history` maps worker ids to their dates. What it costs
    /// is one set of sums per tracked worker and date; the items are not
    /// copied per date. [`Scorer::finish_history`] gives both results.
    pub fn with_history(
        fw: &'f Framework,
        as_of: Date,
        policy: ScoringPolicy,
        explain: Explain,
        history: impl IntoIterator<Item = (String, Vec<Date>)>,
    ) -> Scorer<'f> {
        let mut s = Scorer::new(fw, as_of, policy, explain);
        let mut h = History::default();
        for (worker, mut dates) in history {
            dates.sort_unstable();
            dates.dedup();
            h.all.extend_from_slice(&dates);
            let entry = h.wanted.entry(worker).or_default();
            entry.extend(dates);
            entry.sort_unstable();
            entry.dedup();
        }
        h.all.sort_unstable();
        h.all.dedup();
        if !h.all.is_empty() {
            s.history = Some(Box::new(h));
        }
        s
    }
}
