//! Scoring: the default policy of `docs/scoring.md`, applied to a stream of
//! evidence items, with an explanation of every number.
//!
//! A [`Scorer`] takes items one at a time ([`Scorer::push`]) and keeps only
//! per-worker, per-criterion sums (plus the used items themselves when
//! explanations are asked for, and the items that carry ids until the end,
//! to find duplicates). [`Scorer::finish`] gives a [`ScoreResult`].
//!
//! Sums are kept in fixed point (128-bit integers, see `Cell`), so results
//! are bit-for-bit the same whatever the order of the input items, and a
//! mean of equal values is that value exactly (see `Cell::score` in `exact.rs`).

use std::sync::Arc;

use hashbrown::HashTable;
use rustc_hash::FxHashMap;

use crate::base::date::Date;
use crate::evidence::batch::{Batch, RowRef};
use crate::evidence::ItemRef;
use crate::model::ranges::RESOLUTION_BITS;
use crate::model::Framework;
pub(super) use crate::scoring::checks::Unfit;
use crate::scoring::checks::{Bad, Checked, Checks, Ready, UNKNOWN};
use crate::scoring::exact::{quantise, Cell};
use crate::scoring::group::group_by;
use crate::scoring::latest::{Kept, Latest};
use crate::scoring::policy::ScoringPolicy;
pub use crate::scoring::result::{
    level_index, level_of, rank_key, CompetencyScore, Counts, CriterionScore, DomainScore,
    EvidenceUse, Explain, Reason, Rejection, RuleOutcome, ScoreResult, Standing, Standings, Status,
    WorkerScore, RANK_BITS,
};
use crate::scoring::spill::{id_hash, Spill};
use crate::scoring::texts::{TextRef, Texts, NO_TEXT};
use crate::scoring::value::{normalised, Norm, Parsed};
use crate::scoring::RULES;

/// A used item, kept for explanations.
#[derive(Debug, Clone, Copy)]
pub(super) struct Contribution {
    pub(super) worker: u32,
    pub(super) criterion: u32,
    pub(super) line: u64,
    /// Its id in `Scorer::texts` ([`NO_TEXT`] without one).
    pub(super) id: TextRef,
    pub(super) kind: u16,
    pub(super) date: Date,
    pub(super) w: f64,
    pub(super) v: f64,
}

pub(super) use crate::scoring::latest::TakenBack;

/// A byte range of `Scorer::text` or `Scorer::worker_text` (64-bit: the
/// texts of a large input pass 4 GiB).
pub(super) type Span = (usize, usize);

/// An item with an id that passed every other check, kept (compactly, in
/// arrival order) and counted only once duplicates and conflicts are
/// settled, at the end.
#[derive(Debug, Clone)]
pub(super) struct Held {
    pub(super) hash: u64,
    pub(super) line: u64,
    pub(super) worker: u32,
    pub(super) criterion: u32,
    pub(super) kind: u16,
    pub(super) date: Date,
    pub(super) expires: Option<Date>,
    pub(super) value: Parsed,
    /// Its id, assessor and note in `Scorer::texts`.
    pub(super) texts: [TextRef; 3],
    /// Whether it passed the checks at `as_of` (else it is held for a
    /// date of the history only).
    pub(super) main: bool,
}

// 88 bytes (plus its texts): what a held item costs until the bound.
const _: () = assert!(size_of::<Held>() <= 88);

/// Streams evidence items into per-worker sums; see the module docs.
pub struct Scorer<'f> {
    pub(super) fw: &'f Framework,
    pub(super) policy: ScoringPolicy,
    pub(super) explain: Explain,
    /// The checks of an item against the framework and policy.
    pub(super) checks: Checks,
    /// Workers by id; ids are also spans of `worker_text`.
    pub(super) workers: HashTable<WorkerKey>,
    pub(super) worker_text: String,
    pub(super) worker_ids: Vec<Span>,
    pub(super) cells: Vec<Cell>,
    /// Sum terms (cell, weight, value) not yet added to `cells`: applied
    /// in batches sorted by cell, so that memory is walked in order rather
    /// than at random.
    pub(super) pending: Vec<(usize, f64, f64)>,
    /// `pending` grouped by region of `cells` (reused between flushes).
    pub(super) grouped: Vec<(usize, f64, f64)>,
    /// Used items kept for explanations, in arrival order.
    pub(super) used: Vec<Contribution>,
    /// Kept items later retracted (duplicates and conflicts).
    pub(super) taken_back: Vec<TakenBack>,
    pub(super) held: Vec<Held>,
    /// Id, assessor and note texts of held items.
    pub(super) texts: Texts,
    /// Held items written out past a bound (`settle.rs`).
    pub(super) spill: Spill,
    pub(super) rejected: Vec<Rejection>,
    pub(super) items: u64,
    pub(super) names: Names,
    /// Items pushed one at a time, scored in bulk when enough have come.
    pub(super) inbox: Batch,
    /// For the batch being scored: the scorer's number of each of its
    /// workers, criteria and kinds (`UNKNOWN` when not in the framework).
    pub(super) worker_map: Vec<u32>,
    pub(super) criterion_map: Vec<u32>,
    pub(super) kind_map: Vec<u32>,
    /// The domain (index in `fw.domains`) of each competency; a competency
    /// whose domain is unknown gets `fw.domains.len() + 1` (no domain).
    pub(super) domain_of: Vec<usize>,
    /// Whether every worker's used items are kept ([`Explain::All`]).
    pub(super) explain_all: bool,
    /// The worker of [`Explain::Worker`], once seen.
    pub(super) explained: Option<u32>,
    /// Workers to score at more dates than `as_of` ([`Scorer::with_history`]):
    /// behind a trait object, so that a program that never makes a history
    /// (the WebAssembly package's main module) does not carry its code.
    pub(super) history: Option<Box<dyn HistoryHooks>>,
    /// Every item that passed the date-independent checks, when the
    /// policy's aggregate is not `weighted_mean` (see `latest.rs`).
    pub(super) latest: Option<Box<Latest>>,
}

/// What a scorer with a history does besides scoring at `as_of`.
pub(super) trait HistoryHooks: std::fmt::Debug + Send + Sync {
    /// A new worker (workers are numbered in the order they come).
    fn worker(&mut self, name: &str, criteria: usize);
    /// A row that passed the checks that do not depend on the date: added
    /// to its worker's sums at each of its dates where it counts. Returns,
    /// for a row with an id, whether it counts at any date of the history
    /// (of any worker: an id shared across workers conflicts there too).
    fn row(&mut self, s: &Scorer<'_>, row: &Fact) -> bool;
    /// Settles, at each date of the history of its workers, a group of held
    /// items sharing an id (in line order), taking back out what does not
    /// count.
    fn group(&mut self, s: &Scorer<'_>, group: &[(u32, &Held)]);
    /// Every tracked worker's standings at each of its dates.
    fn standings(&self, s: &Scorer<'_>) -> Standings;
}

/// A row after the checks that do not depend on the date.
#[derive(Debug, Clone, Copy)]
pub(super) struct Fact {
    pub(super) worker: u32,
    pub(super) criterion: u32,
    pub(super) kind: u16,
    pub(super) norm: Norm,
    pub(super) value: Parsed,
    pub(super) date: Date,
    pub(super) expires: Option<Date>,
    pub(super) has_id: bool,
}

/// Workers whose results [`Scorer::finish_with`] builds at a time.
pub(super) const RESULT_CHUNK: usize = 1 << 14;

/// Items [`Scorer::push`] gathers before scoring them as a batch.
pub(super) const INBOX_ITEMS: usize = 1 << 12;

/// Ids of the framework's parts, shared by every result that names them.
pub(super) struct Names {
    pub(super) competencies: Vec<Arc<str>>,
    pub(super) criteria: Vec<Arc<str>>,
    pub(super) levels: Vec<Arc<str>>,
    pub(super) domains: Vec<Arc<str>>,
    pub(super) kinds: Vec<Arc<str>>,
}

impl Names {
    pub(super) fn new(fw: &Framework) -> Names {
        Names {
            competencies: fw
                .competencies
                .iter()
                .map(|c| c.id.as_str().into())
                .collect(),
            criteria: fw
                .competencies
                .iter()
                .flat_map(|c| &c.criteria)
                .map(|c| c.id.as_str().into())
                .collect(),
            levels: fw.levels.iter().map(|l| l.id.as_str().into()).collect(),
            domains: fw.domains.iter().map(|d| d.id.as_str().into()).collect(),
            kinds: fw
                .evidence_kinds
                .iter()
                .map(|k| k.id.as_str().into())
                .collect(),
        }
    }
}

/// Longest worker id kept inline in [`WorkerKey`].
pub(super) const INLINE: usize = 19;

/// A worker's entry in the lookup table: short ids are compared inline, so
/// a lookup usually touches one cache line.
#[derive(Debug, Clone, Copy)]
pub(super) struct WorkerKey {
    pub(super) hash: u64,
    pub(super) index: u32,
    /// Length of the id when inline, else `u8::MAX`.
    pub(super) len: u8,
    pub(super) inline: [u8; INLINE],
}

impl WorkerKey {
    pub(super) fn new(hash: u64, index: u32, id: &str) -> WorkerKey {
        let mut inline = [0u8; INLINE];
        let len = match inline.get_mut(..id.len()) {
            Some(dst) => {
                dst.copy_from_slice(id.as_bytes());
                u8::try_from(id.len()).unwrap_or(u8::MAX)
            }
            None => u8::MAX,
        };
        WorkerKey {
            hash,
            index,
            len,
            inline,
        }
    }

    /// Whether this entry is `id`; `spilled` reads a long id from the arena.
    pub(super) fn is(&self, hash: u64, id: &str, spilled: impl Fn(u32) -> bool) -> bool {
        if self.hash != hash {
            return false;
        }
        if self.len == u8::MAX {
            return id.len() > INLINE && spilled(self.index);
        }
        self.inline.get(..usize::from(self.len)) == Some(id.as_bytes())
    }
}

/// Sum terms applied to the cells at once.
pub(super) const BATCH: usize = 1 << 16;

/// Cell arrays up to 2^this cells (a few MiB) are updated in arrival order.
pub(super) const CACHED_CELL_BITS: u32 = 16;

/// Larger ones are updated region by region, in 2^this regions.
pub(super) const REGION_BITS: u32 = 12;

impl<'f> Scorer<'f> {
    /// A scorer for `fw` at `as_of` under `policy`.
    pub fn new(
        fw: &'f Framework,
        as_of: Date,
        policy: ScoringPolicy,
        explain: Explain,
    ) -> Scorer<'f> {
        let checks = Checks::new(fw, as_of, &policy);
        let explain_all = explain == Explain::All;
        let latest = (RULES && !policy.aggregate.is_default())
            .then(|| Box::new(Latest::new(policy.aggregate)));
        let domain_of = fw
            .competencies
            .iter()
            .map(|c| {
                fw.domains
                    .iter()
                    .position(|d| d.id == c.domain)
                    .unwrap_or(fw.domains.len() + 1)
            })
            .collect();
        Scorer {
            fw,
            policy,
            explain,
            checks,
            workers: HashTable::new(),
            worker_text: String::new(),
            worker_ids: Vec::new(),
            pending: Vec::with_capacity(BATCH),
            grouped: Vec::new(),
            cells: Vec::new(),
            used: Vec::new(),
            taken_back: Vec::new(),
            held: Vec::new(),
            texts: Texts::default(),
            spill: Spill::new(),
            rejected: Vec::new(),
            items: 0,
            names: Names::new(fw),
            inbox: Batch::default(),
            worker_map: Vec::new(),
            criterion_map: Vec::new(),
            kind_map: Vec::new(),
            domain_of,
            explain_all,
            explained: None,
            history: None,
            latest,
        }
    }

    /// The number of `worker`, whose hash is `hash` (its
    /// [`crate::evidence::batch::text_hash`], which a batch's dictionary
    /// has already), adding it when new.
    #[inline]
    pub(super) fn worker_index_hashed(&mut self, worker: &str, hash: u64) -> u32 {
        let (text, spans) = (&self.worker_text, &self.worker_ids);
        let found = self.workers.find(hash, |k| {
            k.is(hash, worker, |i| {
                spans.get(i as usize).and_then(|s| text.get(s.0..s.1)) == Some(worker)
            })
        });
        if let Some(k) = found {
            return k.index;
        }
        let i = u32::try_from(self.worker_ids.len()).unwrap_or(u32::MAX);
        let start = self.worker_text.len();
        self.worker_text.push_str(worker);
        self.worker_ids.push((start, self.worker_text.len()));
        self.workers
            .insert_unique(hash, WorkerKey::new(hash, i, worker), |k| k.hash);
        if matches!(&self.explain, Explain::Worker(x) if x == worker) {
            self.explained = Some(i);
        }
        let n = self.worker_ids.len() * self.checks.norms.len();
        self.cells.resize(n, Cell::default());
        if let Some(h) = self.history.as_mut() {
            h.worker(worker, self.checks.norms.len());
        }
        i
    }

    /// The id of worker `i`.
    pub(super) fn worker_name(&self, i: u32) -> &str {
        self.worker_ids
            .get(i as usize)
            .and_then(|s| self.worker_text.get(s.0..s.1))
            .unwrap_or("")
    }

    /// Adds the pending sum terms to the cells. When the cells outgrow the
    /// caches, the terms are first grouped by region of the cell array (one
    /// counting-sort pass on the high bits of the cell index), so memory is
    /// walked in order rather than at random; sums are integers, so the
    /// order of addition changes nothing.
    pub(super) fn flush(&mut self) {
        let q = self.checks.quantum;
        let apply = |cells: &mut [Cell], terms: &[(usize, f64, f64)]| {
            for &(i, w, v) in terms {
                if let Some(cell) = cells.get_mut(i) {
                    cell.add(quantise(w * q), quantise(w * v * q), v.to_bits());
                }
            }
        };
        let bits = usize::BITS - self.cells.len().leading_zeros();
        if bits <= CACHED_CELL_BITS {
            apply(&mut self.cells, &self.pending);
        } else {
            let shift = bits - REGION_BITS;
            group_by(
                &self.pending,
                1 << REGION_BITS,
                |p| p.0 >> shift,
                &mut self.grouped,
            );
            apply(&mut self.cells, &self.grouped);
        }
        self.pending.clear();
    }

    pub(super) fn reject(&mut self, item: &ItemRef<'_>, line: u64, reason: Reason, detail: String) {
        let id = item.id.map(|id| self.texts.share(id));
        self.rejected.push(Rejection {
            id,
            line,
            worker: item.worker.to_string(),
            criterion: item.criterion.to_string(),
            reason,
            detail,
        });
    }

    /// Weight at `as_of` of an item of `kind` dated `date`.
    pub(super) fn weight(&self, kind: u16, date: Date) -> f64 {
        self.checks.weight(kind, date)
    }

    /// Takes one item, read from input line (or position) `line`. Items
    /// are gathered into a [`Batch`] and scored in bulk (see
    /// [`Scorer::push_batch`]); the result is the same as pushing the batch.
    #[inline]
    pub fn push(&mut self, item: ItemRef<'_>, line: usize) {
        self.inbox.push(&item, line);
        if self.inbox.len() >= INBOX_ITEMS {
            self.drain_inbox();
        }
    }

    /// Takes every item of `batch`, in order, as if each were pushed. Each
    /// distinct worker, criterion and kind of the batch is looked up once.
    pub fn push_batch(&mut self, batch: &Batch) {
        self.drain_inbox();
        self.score_batch(batch);
    }

    pub(super) fn drain_inbox(&mut self) {
        if self.inbox.is_empty() {
            return;
        }
        let mut inbox = std::mem::take(&mut self.inbox);
        self.score_batch(&inbox);
        inbox.clear();
        self.inbox = inbox;
    }

    /// The scorer's number of each of `batch`'s workers (adding the new
    /// ones), criteria and kinds, into `worker_map`, `criterion_map` and
    /// `kind_map`.
    fn map_batch(&mut self, batch: &Batch) {
        let mut workers = std::mem::take(&mut self.worker_map);
        workers.clear();
        for (w, hash) in batch.workers().hashed() {
            workers.push(self.worker_index_hashed(w, hash));
        }
        self.worker_map = workers;
        let (mut criteria, mut kinds) = (
            std::mem::take(&mut self.criterion_map),
            std::mem::take(&mut self.kind_map),
        );
        self.checks.resolve(batch, &mut criteria, &mut kinds);
        self.criterion_map = criteria;
        self.kind_map = kinds;
    }

    /// The scorer's number of `row`'s worker, in the batch last mapped
    /// ([`Scorer::map_batch`]).
    #[inline]
    fn mapped_worker(&self, row: &RowRef<'_>) -> u32 {
        self.worker_map
            .get(row.worker() as usize)
            .copied()
            .unwrap_or(0)
    }

    /// Scores row `row` of the batch last mapped ([`Scorer::map_batch`]).
    #[inline]
    fn score_mapped(&mut self, batch: &Batch, row: &RowRef<'_>) {
        let at = |map: &[u32], i: u32| map.get(i as usize).copied().unwrap_or(UNKNOWN);
        let criterion = at(&self.criterion_map, row.criterion());
        let kind = at(&self.kind_map, row.kind());
        self.score_row(batch, row, self.mapped_worker(row), criterion, kind);
    }

    pub(super) fn score_batch(&mut self, batch: &Batch) {
        self.map_batch(batch);
        for row in batch.rows() {
            self.score_mapped(batch, &row);
        }
    }

    /// Whether batches for this scorer may be checked ahead on another
    /// thread ([`Checks::ready`], [`Scorer::push_ready`]): not with a
    /// history or an aggregate other than the default, whose rows need
    /// more than those checks.
    pub(super) fn checks_ahead(&self) -> bool {
        self.history.is_none() && self.latest.is_none()
    }

    /// As [`Scorer::push_batch`], with `ready` made by [`Checks::ready`]
    /// of this scorer's checks for this batch: a row that counts at
    /// `as_of` is then only looked up, held (with an id) and added; the
    /// others are scored as [`Scorer::push_batch`] scores them.
    pub(super) fn push_ready(&mut self, batch: &Batch, ready: &[Ready]) {
        if ready.len() != batch.len() || !self.checks_ahead() {
            return self.push_batch(batch);
        }
        self.drain_inbox();
        self.map_batch(batch);
        for (row, r) in batch.rows().zip(ready) {
            if !r.counts {
                self.score_mapped(batch, &row);
                continue;
            }
            self.items += 1;
            let worker = self.mapped_worker(&row);
            let text = match row.id() {
                None => NO_TEXT,
                Some(_) => {
                    self.hold_hashed(&row, r.id_hash, worker, r.criterion, r.kind, r.value, true)
                }
            };
            self.add(
                worker,
                r.criterion,
                r.kind,
                text,
                row.line(),
                row.date(),
                r.w,
                r.v,
            );
        }
    }

    /// Scores one row whose worker, criterion and kind are already
    /// resolved (`UNKNOWN` when not in the framework).
    pub(super) fn score_row(
        &mut self,
        batch: &Batch,
        row: &RowRef<'_>,
        worker: u32,
        criterion: u32,
        kind: u32,
    ) {
        let line = row.line();
        self.items += 1;
        let Checked { kind, norm, value } = match self.checks.check(row, criterion, kind) {
            Ok(c) => c,
            Err(bad) => return self.reject_bad(batch, row, bad),
        };
        let (date, expires) = (row.date(), row.expires());
        if let Some(l) = self.latest.as_mut().filter(|_| RULES) {
            let assessor =
                l.assessor(crate::evidence::batch::split_texts(row.texts(), row.lens())[1]);
            l.items.push(Kept {
                worker,
                criterion,
                line,
                kind,
                date,
                expires,
                assessor,
                v: normalised(norm, value) + 0.0,
            });
        }
        let main = self.fit(kind, date, expires, self.checks.as_of);
        let id = row.id();
        if let Some(mut h) = self.history.take() {
            let fact = Fact {
                worker,
                criterion,
                kind,
                norm,
                value,
                date,
                expires,
                has_id: id.is_some(),
            };
            let alive = h.row(self, &fact);
            self.history = Some(h);
            if let (Some(id), Err(_), true) = (id, main, alive) {
                // Counts at a date of the history only: held for it.
                self.hold(row, id, worker, criterion, kind, value, false);
            }
        }
        let w = match main {
            Ok(w) => w,
            Err(unfit) => return self.reject_unfit(batch, row, unfit),
        };
        let v = normalised(norm, value);
        match id {
            None => self.add(worker, criterion, kind, NO_TEXT, line, date, w, v),
            Some(id) => {
                // Counted now (on the scoring thread, while the reader
                // reads) and taken back out if its id turns out to be a
                // duplicate or a conflict.
                let text = self.hold(row, id, worker, criterion, kind, value, true);
                self.add(worker, criterion, kind, text, line, date, w, v);
            }
        }
    }

    /// Rejects a row that failed its date-independent checks.
    #[cold]
    fn reject_bad(&mut self, batch: &Batch, row: &RowRef<'_>, bad: Bad) {
        let item = batch.item(row);
        let (reason, detail) = match bad {
            Bad::UnknownCriterion => (
                Reason::UnknownCriterion,
                format!(
                    "criterion `{}` is not in framework `{}`",
                    crate::base::text::clip(item.criterion, 60),
                    self.fw.id
                ),
            ),
            Bad::UnknownKind => (
                Reason::UnknownKind,
                format!(
                    "kind `{}` is not an evidence kind of framework `{}`",
                    crate::base::text::clip(item.kind, 60),
                    self.fw.id
                ),
            ),
            Bad::NotAccepted => (
                Reason::KindNotAccepted,
                format!(
                    "criterion `{}` does not accept `{}` evidence",
                    item.criterion, item.kind
                ),
            ),
            Bad::Invalid(detail) => (Reason::InvalidValue, detail),
        };
        self.reject(&item, row.line(), reason, detail);
    }

    /// Holds an item with id `id` until ids are settled (see `settle.rs`);
    /// returns its id in `Scorer::texts`.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn hold(
        &mut self,
        row: &RowRef<'_>,
        id: &str,
        worker: u32,
        criterion: u32,
        kind: u16,
        value: Parsed,
        main: bool,
    ) -> TextRef {
        self.hold_hashed(row, id_hash(id), worker, criterion, kind, value, main)
    }

    /// As [`Scorer::hold`], the id's [`id_hash`] given.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn hold_hashed(
        &mut self,
        row: &RowRef<'_>,
        hash: u64,
        worker: u32,
        criterion: u32,
        kind: u16,
        value: Parsed,
        main: bool,
    ) -> TextRef {
        // Only with threads (no files in WebAssembly: a constant, so that
        // the writing out is left out of that build).
        if cfg!(feature = "threads")
            && self.held.len() * size_of::<Held>() + self.texts.bytes() > self.spill.bound
        {
            self.spill_held();
        }
        if self.held.len() == self.held.capacity() {
            // Grown by doubling, but not past the bound.
            let most = self.spill.bound / size_of::<Held>() + 1;
            let want = (self.held.len() * 2)
                .max(16)
                .min(most)
                .max(self.held.len() + 1);
            self.held.reserve_exact(want - self.held.len());
        }
        let texts = self.texts.add_row(row.texts(), row.lens());
        self.held.push(Held {
            hash,
            line: row.line(),
            worker,
            criterion,
            kind,
            date: row.date(),
            expires: row.expires(),
            value,
            texts,
            main,
        });
        texts[0]
    }

    /// The weight at `when` of an item of `kind` dated `date`, or why it
    /// does not count then (see [`Checks::fit`]).
    pub(super) fn fit(
        &self,
        kind: u16,
        date: Date,
        expires: Option<Date>,
        when: Date,
    ) -> Result<f64, Unfit> {
        self.checks.fit(kind, date, expires, when)
    }

    /// Rejects an item that does not count at `as_of`.
    #[cold]
    pub(super) fn reject_unfit(&mut self, batch: &Batch, row: &RowRef<'_>, unfit: Unfit) {
        let as_of = self.checks.as_of;
        let (reason, detail) = match unfit {
            Unfit::Future => (
                Reason::Future,
                format!("date {} is after as_of {as_of}", row.date()),
            ),
            Unfit::Expired(exp) => (
                Reason::Expired,
                format!("expired on {exp}, before as_of {as_of}"),
            ),
            Unfit::TooOld(age, max) => (
                Reason::Expired,
                format!("{age} days old, over the maximum age of {max} days"),
            ),
            Unfit::Faded(age, w) => {
                let half_lives = self.policy.half_life_days.map_or(0.0, |h| age as f64 / h);
                (
                    Reason::Expired,
                    format!(
                        "{age} days old ({} half-lives): its weight `{}` is below 2^-{RESOLUTION_BITS} of the heaviest kind weight, too small to count",
                        crate::base::text::Num((half_lives * 10.0).round() / 10.0),
                        crate::base::text::Found(w)
                    ),
                )
            }
        };
        self.reject(&batch.item(row), row.line(), reason, detail);
    }

    /// The id, assessor and note of a held item.
    pub(super) fn held_texts(&self, h: &Held) -> [Option<&str>; 3] {
        h.texts.map(|t| self.texts.get(t))
    }

    /// The id of a held item.
    pub(super) fn held_id(&self, h: &Held) -> &str {
        self.texts.get(h.texts[0]).unwrap_or("")
    }

    pub(super) fn cell_index(&self, worker: u32, criterion: u32) -> usize {
        worker as usize * self.checks.norms.len() + criterion as usize
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn add(
        &mut self,
        worker: u32,
        criterion: u32,
        kind: u16,
        id: TextRef,
        line: u64,
        date: Date,
        w: f64,
        v: f64,
    ) {
        let cell_index = self.cell_index(worker, criterion);
        self.pending.push((cell_index, w, v + 0.0));
        if self.pending.len() >= BATCH {
            self.flush();
        }
        if self.explains(worker) {
            self.used.push(Contribution {
                worker,
                criterion,
                line,
                id,
                kind,
                date,
                w,
                v,
            });
        }
    }

    /// Whether `worker`'s used items are kept for explanations.
    pub(super) fn explains(&self, worker: u32) -> bool {
        self.explain_all || self.explained == Some(worker)
    }

    /// The id of a kept item.
    pub(super) fn used_id(&self, c: &Contribution) -> Option<&str> {
        self.texts.get(c.id)
    }

    /// The kept items grouped by worker (in arrival order within each),
    /// without those taken back, and where each worker's run starts.
    pub(super) fn used_by_worker(&mut self) -> (Vec<Contribution>, Vec<usize>) {
        let mut used = std::mem::take(&mut self.used);
        let mut taken: FxHashMap<TakenBack, u32> = FxHashMap::default();
        for t in std::mem::take(&mut self.taken_back) {
            *taken.entry(t).or_insert(0) += 1;
        }
        if !taken.is_empty() {
            used.retain(|c| {
                match taken.get_mut(&(c.worker, c.criterion, c.line, c.kind, c.date)) {
                    Some(n) if *n > 0 => {
                        *n -= 1;
                        false
                    }
                    _ => true,
                }
            });
        }
        let mut grouped = Vec::new();
        let bounds = group_by(
            &used,
            self.worker_ids.len(),
            |c| c.worker as usize,
            &mut grouped,
        );
        (grouped, bounds)
    }

    /// Takes a counted item back out of its criterion's sums (exactly: the
    /// same terms are subtracted as were added).
    pub(super) fn retract(&mut self, h: &Held) {
        let w = self.weight(h.kind, h.date);
        let norm = self
            .checks
            .norms
            .get(h.criterion as usize)
            .copied()
            .unwrap_or(Norm::Binary);
        let v = normalised(norm, h.value) + 0.0;
        let q = self.checks.quantum;
        let cell_index = self.cell_index(h.worker, h.criterion);
        if let Some(cell) = self.cells.get_mut(cell_index) {
            cell.sub(quantise(w * q), quantise(w * v * q));
        }
        if self.explains(h.worker) {
            self.taken_back
                .push((h.worker, h.criterion, h.line, h.kind, h.date));
        }
        if let Some(l) = self.latest.as_mut().filter(|_| RULES) {
            l.retracted
                .insert((h.worker, h.criterion, h.line, h.kind, h.date));
        }
    }
}

/// Scores owned items (e.g. built in code); `line` is the 1-based position.
pub fn score_items<'a>(
    fw: &Framework,
    items: impl IntoIterator<Item = &'a crate::evidence::EvidenceItem>,
    as_of: Date,
    policy: ScoringPolicy,
    explain: Explain,
) -> ScoreResult {
    let mut s = Scorer::new(fw, as_of, policy, explain);
    for (i, item) in items.into_iter().enumerate() {
        s.push(item.as_item_ref(), i + 1);
    }
    s.finish()
}
