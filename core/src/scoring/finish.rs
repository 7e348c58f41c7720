//! The end of scoring: ids settled, then each worker's criteria,
//! competencies, domains and overall score, with explanations.

use crate::base::date::Date;
use crate::model::ranges::LEVEL_EPSILON;
use crate::scoring::exact::Mean;
use crate::scoring::exact::{quantise, Cell};
use crate::scoring::latest::{keep, Kept, Latest};
use crate::scoring::parallel;
use crate::scoring::phases::{self, Clock};
use crate::scoring::result::{
    band_index, level_index, CompetencyScore, Counts, CriterionScore, DomainScore, EvidenceUse,
    RuleOutcome, ScoreResult, Standings, Status, WorkerScore,
};
use crate::scoring::score::{Contribution, Names, Scorer, RESULT_CHUNK};
use crate::scoring::RULES;

/// A competency's numbers (see [`Scorer::numbers`]).
pub(super) struct Numbers {
    pub(super) score: Option<f64>,
    pub(super) coverage: f64,
    pub(super) items: u64,
    pub(super) assessed: bool,
    pub(super) status: Status,
    pub(super) rule: Option<RuleCheck>,
}

/// How a competency's rule came out; criteria by their index in it.
pub(super) struct RuleCheck {
    pub(super) met: bool,
    pub(super) criteria_met: u32,
    pub(super) needed: u32,
    pub(super) required_unmet: Vec<usize>,
    pub(super) unmet: Vec<usize>,
}

/// The rule of `comp` (and its required criteria) against its criteria's
/// scores: a criterion is met when it has a score of at least the rule's
/// `min_score` (any score without one).
pub(super) fn check_rule(comp: &crate::model::Competency, scores: &[Option<f64>]) -> RuleCheck {
    let (needed, min_score) = comp
        .rule
        .as_ref()
        .map_or((0, None), |r| r.needs(comp.criteria.len()));
    let met_one =
        |s: &Option<f64>| s.is_some_and(|s| min_score.is_none_or(|m| s >= m - LEVEL_EPSILON));
    let (mut criteria_met, mut required_unmet, mut others) = (0usize, Vec::new(), Vec::new());
    for (i, (cr, s)) in comp.criteria.iter().zip(scores).enumerate() {
        if met_one(s) {
            criteria_met += 1;
        } else if cr.required {
            required_unmet.push(i);
        } else {
            others.push(i);
        }
    }
    // The other criteria are listed when meeting the required ones would
    // still leave the count short.
    let short = criteria_met + required_unmet.len() < needed;
    RuleCheck {
        met: criteria_met >= needed && required_unmet.is_empty(),
        criteria_met: u32::try_from(criteria_met).unwrap_or(u32::MAX),
        needed: u32::try_from(needed).unwrap_or(u32::MAX),
        required_unmet,
        unmet: if short { others } else { Vec::new() },
    }
}

impl<'f> Scorer<'f> {
    /// The date scores are computed at.
    pub fn as_of(&self) -> Date {
        self.checks.as_of
    }

    /// As [`Scorer::finish_with`], and the standings of the workers of
    /// [`Scorer::with_history`] at their dates.
    pub fn finish_history(mut self, each: impl FnMut(WorkerScore)) -> (ScoreResult, Standings) {
        self.drain_inbox();
        self.flush();
        self.settle_ids();
        let standings = self
            .history
            .take()
            .map(|h| h.standings(&self))
            .unwrap_or_default();
        (self.finish_map(|w| w, each), standings)
    }

    /// Settles duplicates and conflicts and computes every score.
    pub fn finish(self) -> ScoreResult {
        let mut workers = Vec::with_capacity(self.worker_ids.len());
        let mut result = self.finish_with(|w| workers.push(w));
        result.workers = workers;
        result
    }

    /// As [`Scorer::finish`], but hands each worker's result to `each`, in
    /// worker id order, as it is built (a few thousand at a time), instead
    /// of keeping them all: what a large result costs in memory is then one
    /// chunk of workers. The result returned has everything else (counts,
    /// rejections) and no `workers`.
    pub fn finish_with(self, each: impl FnMut(WorkerScore)) -> ScoreResult {
        self.finish_map(|w| w, each)
    }

    /// As [`Scorer::finish_with`], with `map` applied to each worker's
    /// result on the thread that built it (e.g. to write it out as text:
    /// that work is then shared by the threads too, and the result is freed
    /// where it was made); `each` gets what `map` returns, in worker id
    /// order.
    pub fn finish_map<T: Send>(
        self,
        map: impl Fn(WorkerScore) -> T + Sync,
        each: impl FnMut(T),
    ) -> ScoreResult {
        self.finish_stream(|_, _| {}, map, each)
    }

    /// As [`Scorer::finish_map`], with `head` called first, before any
    /// worker's result is built: with the result as returned at the end
    /// (counts, rejections, no `workers`) and the worker ids in the order
    /// `each` will get them. What a writer needs to start: the fields that
    /// come before `workers` in JSON, or a table's column widths.
    pub fn finish_stream<T: Send>(
        mut self,
        head: impl FnOnce(&ScoreResult, &mut dyn Iterator<Item = &str>),
        map: impl Fn(WorkerScore) -> T + Sync,
        each: impl FnMut(T),
    ) -> ScoreResult {
        self.drain_inbox();
        self.flush();
        phases::end("last sums", String::new);
        let held = self.held.len() as u64 + self.spill.items;
        self.settle_ids();
        phases::end("settle ids", || format!("{held} items with ids"));
        self.apply_aggregate();
        self.rejected
            .sort_by(|a, b| (a.line, &a.id).cmp(&(b.line, &b.id)));
        phases::end("sort rejections", || {
            format!("{} rejections", self.rejected.len())
        });
        // Workers by id: the first 8 bytes as a big-endian number decide
        // most comparisons without touching the texts.
        let mut keyed: Vec<(u64, u32)> = (0..u32::try_from(self.worker_ids.len())
            .unwrap_or(u32::MAX))
            .map(|w| {
                let mut prefix = [0u8; 8];
                let name = self.worker_name(w).as_bytes();
                let n = name.len().min(8);
                if let (Some(dst), Some(src)) = (prefix.get_mut(..n), name.get(..n)) {
                    dst.copy_from_slice(src);
                }
                (u64::from_be_bytes(prefix), w)
            })
            .collect();
        keyed.sort_unstable_by(|a, b| {
            a.0.cmp(&b.0)
                .then_with(|| self.worker_name(a.1).cmp(self.worker_name(b.1)))
        });
        let order: Vec<u32> = keyed.into_iter().map(|(_, w)| w).collect();
        let rejected = self.rejected.len() as u64;
        let result = ScoreResult {
            framework: self.fw.id.clone(),
            framework_version: self.fw.version.clone(),
            as_of: self.checks.as_of,
            policy: self.policy.clone(),
            counts: Counts {
                items: self.items,
                used: self.items - rejected,
                rejected,
            },
            workers: Vec::new(),
            rejected: std::mem::take(&mut self.rejected),
        };
        phases::end("sort workers", || format!("{} workers", order.len()));
        head(&result, &mut order.iter().map(|&w| self.worker_name(w)));
        phases::end("start of the output", String::new);
        self.worker_scores(&order, map, each);
        result
    }

    /// Every worker's result, in `order`, through `map` to `each`; built a
    /// chunk at a time (see [`chunk_ends`]), on several threads when there
    /// are many workers, the next chunk built while `each` takes the last.
    fn worker_scores<T: Send>(
        &mut self,
        order: &[u32],
        map: impl Fn(WorkerScore) -> T + Sync,
        mut each: impl FnMut(T),
    ) {
        let (mut used, bounds) = self.used_by_worker();
        let total = used.len();
        let mut slots: Vec<Option<&mut [Contribution]>> = Vec::with_capacity(order.len());
        let mut rest: &mut [Contribution] = &mut used;
        for w in bounds.windows(2) {
            let len = w.get(1).copied().unwrap_or(0) - w.first().copied().unwrap_or(0);
            let len = len.min(rest.len());
            let (mine, after) = std::mem::take(&mut rest).split_at_mut(len);
            slots.push(Some(mine));
            rest = after;
        }
        // Threads pay off from a few thousand workers, or a chunk's worth of
        // used items to explain. Each shares its own copies of the names:
        // one set of reference counts per thread, not one contended by all.
        let threads = if order.len() < 2048 && total < CHUNK_ITEMS {
            1
        } else {
            parallel::threads_for(order.len(), 4)
        };
        let ends = chunk_ends(
            order,
            |w| {
                slots
                    .get(w as usize)
                    .map_or(0, |s| s.as_ref().map_or(0, |c| c.len()))
            },
            threads,
        );
        let this = &*self;
        let build = |mut jobs: Vec<(u32, &mut [Contribution])>| {
            parallel::map_in_order(
                &mut jobs,
                threads,
                || Names::new(this.fw),
                |names, (w, c)| map(this.worker_score(names, *w, c)),
            )
        };
        let mut start = 0;
        let mut chunks = ends.iter().map(|&end| {
            let jobs: Vec<(u32, &mut [Contribution])> = order
                .get(start..end)
                .unwrap_or_default()
                .iter()
                .map(|&w| {
                    let mine = slots
                        .get_mut(w as usize)
                        .and_then(Option::take)
                        .unwrap_or_default();
                    (w, mine)
                })
                .collect();
            start = end;
            jobs
        });
        let (mut waiting, mut taking) = (std::time::Duration::ZERO, std::time::Duration::ZERO);
        let mut hand_on = |built: Vec<T>| {
            let at = Clock::now();
            built.into_iter().for_each(&mut each);
            taking += at.elapsed();
        };
        // The next chunk is built on a thread of its own (itself on
        // `threads`) while this one hands the last on.
        if !cfg!(feature = "threads") || parallel::threads_for(ends.len(), 2) < 2 {
            for jobs in chunks {
                let at = Clock::now();
                let built = build(jobs);
                waiting += at.elapsed();
                hand_on(built);
            }
        } else {
            let build = &build;
            std::thread::scope(|s| {
                let mut pending = None;
                let mut take = |p: std::thread::ScopedJoinHandle<'_, Vec<T>>| {
                    let at = Clock::now();
                    let built = p.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
                    waiting += at.elapsed();
                    hand_on(built);
                };
                for jobs in &mut chunks {
                    let next = s.spawn(move || build(jobs));
                    if let Some(p) = pending.replace(next) {
                        take(p);
                    }
                }
                if let Some(p) = pending {
                    take(p);
                }
            });
        }
        phases::end("results (built, formatted, written)", || {
            format!(
                "{} chunk(s) built and formatted on {threads} thread(s) while the last was \
                 handed on: {:.1} ms waiting for them, {:.1} ms handing them on (writing) on this one",
                ends.len(),
                phases::ms(waiting),
                phases::ms(taking)
            )
        });
    }

    /// A competency's score, coverage, items, status and rule outcome,
    /// from the score and items of each of its criteria (in order).
    pub(super) fn numbers(
        &self,
        comp: &crate::model::Competency,
        criteria: impl Iterator<Item = (Option<f64>, u64)>,
    ) -> Numbers {
        let (mut mean, mut total, mut items) = (Mean::default(), 0.0, 0u64);
        let ruled = RULES && (comp.rule.is_some() || comp.criteria.iter().any(|c| c.required));
        let mut scores = Vec::new();
        for (cr, (score, n)) in comp.criteria.iter().zip(criteria) {
            total += cr.weight;
            if let Some(s) = score {
                mean.add(cr.weight, s);
            }
            items += n;
            if ruled {
                scores.push(score);
            }
        }
        let score = mean.get();
        let coverage = if total > 0.0 {
            mean.weights / total
        } else {
            0.0
        };
        let rule = ruled.then(|| check_rule(comp, &scores));
        let enough = score.is_some()
            && items >= u64::from(self.policy.min_items)
            && coverage >= self.policy.min_coverage - LEVEL_EPSILON;
        let status = match &rule {
            Some(r) if !r.met => Status::RuleNotMet,
            _ if enough => Status::Assessed,
            _ => Status::InsufficientEvidence,
        };
        Numbers {
            score,
            coverage,
            items,
            assessed: status == Status::Assessed,
            status,
            rule,
        }
    }

    /// One worker's result; `used` are its kept items (empty without
    /// explanations), in any order.
    fn worker_score(&self, names: &Names, worker: u32, used: &mut [Contribution]) -> WorkerScore {
        let fw = self.fw;
        // By criterion, then as explanations list them: date, id, line (the
        // ids looked up only for items of the same criterion and date).
        used.sort_unstable_by(|a, b| {
            (a.criterion, a.date)
                .cmp(&(b.criterion, b.date))
                .then_with(|| (self.used_id(a), a.line).cmp(&(self.used_id(b), b.line)))
        });
        let mut used: &[Contribution] = used;
        let base = self.cell_index(worker, 0);
        let mut flat = 0usize;
        let mut competencies = Vec::with_capacity(fw.competencies.len());
        for (ci, comp) in fw.competencies.iter().enumerate() {
            let mut criteria = Vec::with_capacity(comp.criteria.len());
            for cr in &comp.criteria {
                let cell = self.cells.get(base + flat).copied().unwrap_or_default();
                let weight = cell.weight();
                let score = cell.score();
                let here = used
                    .iter()
                    .take_while(|c| c.criterion as usize == flat)
                    .count();
                let (mine, after) = used.split_at(here.min(used.len()));
                used = after;
                let evidence: Vec<EvidenceUse> = mine
                    .iter()
                    .map(|c| EvidenceUse {
                        id: self.texts.shared(c.id),
                        line: c.line,
                        kind: names
                            .kinds
                            .get(c.kind as usize)
                            .cloned()
                            .unwrap_or_else(|| "".into()),
                        date: c.date,
                        weight: c.w,
                        value: c.v,
                        superseded: self.latest.as_ref().filter(|_| RULES).is_some_and(|l| {
                            l.superseded
                                .contains(&(worker, c.criterion, c.line, c.kind, c.date))
                        }),
                        rating: None,
                        anchor: None,
                    })
                    .collect();
                criteria.push(CriterionScore {
                    id: names
                        .criteria
                        .get(flat)
                        .cloned()
                        .unwrap_or_else(|| cr.id.as_str().into()),
                    score,
                    items: cell.n,
                    weight: weight / self.checks.quantum,
                    evidence,
                    rating: None,
                    anchor: None,
                });
                flat += 1;
            }
            let Numbers {
                score,
                coverage,
                items,
                assessed,
                status,
                rule,
            } = self.numbers(comp, criteria.iter().map(|c| (c.score, c.items)));
            let flat_start = flat - comp.criteria.len();
            let name = |i: &usize| -> std::sync::Arc<str> {
                names
                    .criteria
                    .get(flat_start + i)
                    .cloned()
                    .unwrap_or_else(|| "".into())
            };
            let rule = rule.map(|r| RuleOutcome {
                met: r.met,
                criteria_met: r.criteria_met,
                criteria_needed: r.needed,
                required_unmet: r.required_unmet.iter().map(name).collect(),
                unmet: r.unmet.iter().map(name).collect(),
            });
            let level = if assessed {
                score
                    .and_then(|s| level_index(fw, s))
                    .and_then(|l| names.levels.get(l).cloned())
            } else {
                None
            };
            competencies.push(CompetencyScore {
                id: names
                    .competencies
                    .get(ci)
                    .cloned()
                    .unwrap_or_else(|| comp.id.as_str().into()),
                score,
                level,
                status,
                coverage,
                items,
                rule,
                criteria,
            });
        }
        // Domain and overall means over assessed competencies, in one pass.
        let mut means = vec![Mean::default(); fw.domains.len() + 1];
        for ((comp, result), &d) in fw
            .competencies
            .iter()
            .zip(&competencies)
            .zip(&self.domain_of)
        {
            if let (Status::Assessed, Some(s)) = (result.status, result.score) {
                for at in [d, fw.domains.len()] {
                    if let Some(m) = means.get_mut(at) {
                        m.add(comp.weight, s);
                    }
                }
            }
        }
        let mean = |at: usize| -> Option<f64> { means.get(at).and_then(Mean::get) };
        let domains = fw
            .domains
            .iter()
            .enumerate()
            .map(|(di, d)| DomainScore {
                id: names
                    .domains
                    .get(di)
                    .cloned()
                    .unwrap_or_else(|| d.id.as_str().into()),
                score: mean(di),
                level: band(&d.levels, mean(di)),
            })
            .collect();
        let overall = mean(fw.domains.len());
        let mut result = WorkerScore {
            worker: self.worker_name(worker).to_string(),
            overall,
            overall_level: band(&fw.overall_levels, overall),
            domains,
            competencies,
        };
        crate::scoring::anchored::describe(fw, &mut result);
        result
    }
}

/// Used items a chunk of results is built from, at most (past its first
/// `threads` workers): what a chunk's results and their text take in
/// memory is then bounded by this, not only by [`RESULT_CHUNK`] workers.
/// (Small in tests, so that their results come in many chunks.)
const CHUNK_ITEMS: usize = if cfg!(test) { 1 << 9 } else { 1 << 15 };

/// Where `order` is cut into chunks of results built together: after at
/// most [`RESULT_CHUNK`] workers, or once a chunk of at least `threads`
/// workers has [`CHUNK_ITEMS`] used items (`items` of a worker).
fn chunk_ends(order: &[u32], items: impl Fn(u32) -> usize, threads: usize) -> Vec<usize> {
    let mut ends = Vec::new();
    let (mut workers, mut held) = (0usize, 0usize);
    for (i, &w) in order.iter().enumerate() {
        workers += 1;
        held += items(w);
        if workers >= RESULT_CHUNK || (held >= CHUNK_ITEMS && workers >= threads) {
            ends.push(i + 1);
            (workers, held) = (0, 0);
        }
    }
    if workers > 0 {
        ends.push(order.len());
    }
    ends
}

/// The id of the level of `score` among `levels` (a domain's or the
/// overall ones); none without levels or without a score.
fn band(levels: &[crate::model::Level], score: Option<f64>) -> Option<std::sync::Arc<str>> {
    score
        .filter(|_| RULES)
        .and_then(|s| band_index(levels, s))
        .and_then(|i| levels.get(i))
        .map(|l| l.id.as_str().into())
}

impl Scorer<'_> {
    /// Rebuilds, for worker `w` at `when`, the sums of each criterion
    /// (`cells`, one per criterion) from the items the aggregate keeps;
    /// `retracted` says which items were taken back out at `when`, and
    /// `left_out` gets those the aggregate leaves out.
    pub(super) fn aggregate_cells(
        &self,
        latest: &Latest,
        w: u32,
        when: Date,
        retracted: &dyn Fn(&Kept) -> bool,
        cells: &mut [Cell],
        mut left_out: impl FnMut(&Kept),
    ) {
        cells.iter_mut().for_each(|c| *c = Cell::default());
        let q = self.checks.quantum;
        let mine = latest.of(w);
        for run in mine.chunk_by(|a, b| a.criterion == b.criterion) {
            let alive: Vec<(Kept, f64)> = run
                .iter()
                .filter(|k| !retracted(k))
                .filter_map(|k| {
                    self.fit(k.kind, k.date, k.expires, when)
                        .ok()
                        .map(|wt| (*k, wt))
                })
                .collect();
            let kept = keep(latest.aggregate, &alive);
            for ((k, wt), keep) in alive.iter().zip(kept) {
                if !keep {
                    left_out(k);
                    continue;
                }
                if let Some(cell) = cells.get_mut(k.criterion as usize) {
                    cell.add(quantise(wt * q), quantise(wt * k.v * q), k.v.to_bits());
                }
            }
        }
    }

    /// At the end, at `as_of`: every worker's sums rebuilt from the items
    /// the aggregate keeps, and the items it leaves out noted for the
    /// explanations.
    pub(super) fn apply_aggregate(&mut self) {
        let Some(mut latest) = self.latest.take().filter(|_| RULES) else {
            return;
        };
        let n = self.checks.norms.len();
        let mut cells = std::mem::take(&mut self.cells);
        let mut superseded = rustc_hash::FxHashSet::default();
        let retracted = std::mem::take(&mut latest.retracted);
        for w in 0..self.worker_ids.len() {
            let Ok(wi) = u32::try_from(w) else { break };
            let block = cells.get_mut(w * n..(w + 1) * n).unwrap_or(&mut []);
            self.aggregate_cells(
                &latest,
                wi,
                self.checks.as_of,
                &|k| retracted.contains(&k.key()),
                block,
                |k| {
                    superseded.insert(k.key());
                },
            );
        }
        latest.retracted = retracted;
        latest.superseded = superseded;
        self.cells = cells;
        self.latest = Some(latest);
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

    use super::*;
    use crate::model::Framework;
    use crate::scoring::result::Explain;

    fn scored(fw: &Framework, csv: &str) -> ScoreResult {
        let as_of = Date::parse("2026-06-30").unwrap();
        let policy = crate::ScoringPolicy::for_framework(fw);
        let mut s = Scorer::new(fw, as_of, policy, Explain::All);
        crate::evidence::read_str(csv, crate::evidence::Format::Csv, |item, line| {
            s.push(item, line)
        })
        .unwrap();
        s.finish()
    }

    #[test]
    fn chunks_end_at_the_worker_or_item_bound() {
        let order: Vec<u32> = (0..40_000).collect();
        let ends = chunk_ends(&order, |_| 0, 2);
        assert_eq!(ends, vec![RESULT_CHUNK, 2 * RESULT_CHUNK, 40_000]);
        let ends = chunk_ends(&order, |w| if w < 5 { CHUNK_ITEMS } else { 1 }, 2);
        assert_eq!(ends[..4], [2, 4, 6, 6 + CHUNK_ITEMS]);
        assert_eq!(ends.last(), Some(&40_000));
        assert!(chunk_ends(&[], |_| 1, 2).is_empty());
    }

    /// Differential: with results built in many chunks on several threads
    /// (each while the last is handed on), every worker's result is the
    /// one its own items alone give, and the workers come sorted, once.
    #[test]
    fn chunked_results_are_each_workers_own() {
        let fw = Framework::load("job-retention").unwrap();
        let mut spec = crate::evidence::generate::Spec::new(60_000, 3000);
        spec.reject_per_mille = 0;
        let mut text = Vec::new();
        crate::evidence::generate::write(
            &fw,
            &spec,
            crate::evidence::generate::Output::Csv,
            &mut text,
        )
        .unwrap();
        let csv = String::from_utf8(text).unwrap();
        let header = csv.lines().next().unwrap();
        let mut mine = vec![format!("{header}\n"); 3000];
        for line in csv.lines().skip(1) {
            let worker = line.split(',').nth(1).unwrap();
            let i: usize = worker.trim_start_matches('w').parse().unwrap();
            mine[i] += &format!("{line}\n");
        }
        let all = scored(&fw, &csv);
        let ids: Vec<&str> = all.workers.iter().map(|w| w.worker.as_str()).collect();
        let want: Vec<String> = (0..3000).map(|i| format!("w{i:04}")).collect();
        assert_eq!(ids, want);
        for i in (0..3000).step_by(37).chain([2999, 97 * 30]) {
            // Lines differ between the two inputs (their order does not).
            let unlined = |mut w: WorkerScore| {
                w.competencies
                    .iter_mut()
                    .flat_map(|c| &mut c.criteria)
                    .flat_map(|k| &mut k.evidence)
                    .for_each(|e| e.line = 0);
                serde_json::to_string(&w).unwrap()
            };
            let alone = scored(&fw, &mine[i]);
            let got = unlined(all.workers[i].clone());
            let want = unlined(alone.workers[0].clone());
            assert!(got.contains("\"evidence\":[{"), "worker {i} used no items");
            assert!(got == want, "worker {i}");
        }
    }
}
