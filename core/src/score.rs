//! Scoring: the default policy of `DESIGN.md`, applied to a stream of
//! evidence items, with an explanation of every number.
//!
//! A [`Scorer`] takes items one at a time ([`Scorer::push`]) and keeps only
//! per-worker, per-criterion sums (plus the used items themselves when
//! explanations are asked for, and the items that carry ids until the end,
//! to find duplicates). [`Scorer::finish`] gives a [`ScoreResult`].
//!
//! Sums are kept in fixed point (96-bit integers, see `Cell`), so results are
//! bit-for-bit the same whatever the order of the input items.

use std::hash::BuildHasher;
use std::sync::Arc;

use hashbrown::HashTable;
use rustc_hash::{FxBuildHasher, FxHashMap};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::batch::{split_texts, Batch, RowRef};
use crate::date::Date;
use crate::evidence::{ItemRef, ValueRef};
use crate::model::{Framework, Measure};
use crate::parallel;
use crate::policy::ScoringPolicy;
use crate::text::Num;

/// Scores within this distance below a level's threshold still reach it, so
/// that e.g. a rating of 3.6 on 1–5 (0.65 up to rounding) is `competent`.
pub const LEVEL_EPSILON: f64 = 1e-9;

/// Why an evidence item was not used.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// The criterion id is not in the framework.
    UnknownCriterion,
    /// The kind is not one of the framework's evidence kinds.
    UnknownKind,
    /// The criterion does not accept this kind of evidence.
    KindNotAccepted,
    /// The value is missing or out of range for the criterion's measure.
    InvalidValue,
    /// Dated after `as_of`.
    Future,
    /// Expired before `as_of`, or older than the policy's maximum age.
    Expired,
    /// An identical copy of an item already counted.
    Duplicate,
    /// Shares its id with an item that differs.
    ConflictingId,
}

impl Reason {
    /// All reasons, in check order.
    pub const ALL: [Reason; 8] = [
        Reason::UnknownCriterion,
        Reason::UnknownKind,
        Reason::KindNotAccepted,
        Reason::InvalidValue,
        Reason::Future,
        Reason::Expired,
        Reason::Duplicate,
        Reason::ConflictingId,
    ];

    /// The reason as written in results, e.g. `invalid_value`.
    pub fn as_str(self) -> &'static str {
        match self {
            Reason::UnknownCriterion => "unknown_criterion",
            Reason::UnknownKind => "unknown_kind",
            Reason::KindNotAccepted => "kind_not_accepted",
            Reason::InvalidValue => "invalid_value",
            Reason::Future => "future",
            Reason::Expired => "expired",
            Reason::Duplicate => "duplicate",
            Reason::ConflictingId => "conflicting_id",
        }
    }
}

/// Whether a competency has enough evidence to be given a level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Enough items and coverage: the level is given.
    Assessed,
    /// Too few items or too little coverage: the score is shown, no level.
    InsufficientEvidence,
}

/// The result of scoring evidence against a framework.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct ScoreResult {
    /// Framework id.
    pub framework: String,
    /// Framework version.
    pub framework_version: String,
    /// The date scores are computed at.
    pub as_of: Date,
    /// The policy in force.
    pub policy: ScoringPolicy,
    /// How many items were read, used and rejected.
    pub counts: Counts,
    /// One entry per worker, sorted by worker id.
    pub workers: Vec<WorkerScore>,
    /// Every item not used, with its reason; sorted by line, then id.
    pub rejected: Vec<Rejection>,
}

/// Item counts; `used + rejected = items`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Counts {
    /// Items read.
    pub items: u64,
    /// Items used in scores.
    pub used: u64,
    /// Items rejected.
    pub rejected: u64,
}

/// One worker's scores.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct WorkerScore {
    /// Worker id.
    pub worker: String,
    /// Weighted mean over assessed competencies; null when none.
    pub overall: Option<f64>,
    /// Per domain, in framework order.
    pub domains: Vec<DomainScore>,
    /// Per competency, in framework order.
    pub competencies: Vec<CompetencyScore>,
}

/// A domain's score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct DomainScore {
    /// Domain id.
    pub id: Arc<str>,
    /// Weighted mean over its assessed competencies; null when none.
    pub score: Option<f64>,
}

/// A competency's score, level and derivation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CompetencyScore {
    /// Competency id.
    pub id: Arc<str>,
    /// Weighted mean of its assessed criteria; null when none.
    pub score: Option<f64>,
    /// Level id, when assessed.
    pub level: Option<Arc<str>>,
    /// Whether the evidence suffices.
    pub status: Status,
    /// Share of criterion weight with evidence.
    pub coverage: f64,
    /// Used items.
    pub items: u64,
    /// Per criterion, in framework order.
    pub criteria: Vec<CriterionScore>,
}

/// A criterion's score and the items behind it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct CriterionScore {
    /// Criterion id.
    pub id: Arc<str>,
    /// Σ w·v / Σ w; null when no items.
    pub score: Option<f64>,
    /// Used items.
    pub items: u64,
    /// Σ w of used items.
    pub weight: f64,
    /// The used items (when explanations are on), by date, id, line.
    pub evidence: Vec<EvidenceUse>,
}

/// How one item counted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct EvidenceUse {
    /// Item id.
    pub id: Option<String>,
    /// Line (or position) in the input.
    pub line: u64,
    /// Evidence kind.
    pub kind: Arc<str>,
    /// Date observed.
    pub date: Date,
    /// Weight after decay.
    pub weight: f64,
    /// Normalised value in [0, 1].
    pub value: f64,
}

/// An item that was not used, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Rejection {
    /// Item id.
    pub id: Option<String>,
    /// Line (or position) in the input.
    pub line: u64,
    /// Worker id.
    pub worker: String,
    /// Criterion id as given.
    pub criterion: String,
    /// Why.
    pub reason: Reason,
    /// What exactly was wrong.
    pub detail: String,
}

/// Which workers' used items to keep for explanations.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Explain {
    /// Every worker (the default).
    #[default]
    All,
    /// None: only sums are kept (least memory).
    None,
    /// One worker.
    Worker(String),
}

/// How a criterion's evidence is normalised.
#[derive(Debug, Clone, Copy)]
enum Norm {
    Rating { min: f64, max: f64 },
    Binary,
    Rate { target: f64 },
    Count { target: f64 },
}

/// A value checked for its measure: rating and count `[x, 0]`, binary
/// `[1 or 0, 0]`, rate `[numerator, denominator]`. Finite, with -0 made 0,
/// so `==` tells identical values apart from different ones.
type Parsed = [f64; 2];

/// One worker × criterion: Σw and Σw·v in fixed point (terms below 2^52,
/// see `Scorer::quantum`) as 96-bit integers, a low word and a carry word
/// added with wrap-around (so taking a term back out is exact and the
/// order of additions changes nothing), and the number of items.
#[derive(Debug, Clone, Copy, Default)]
struct Cell {
    w: u64,
    wv: u64,
    w_carry: u32,
    wv_carry: u32,
    n: u64,
}

impl Cell {
    fn add(&mut self, w: u64, wv: u64) {
        let (lo, carry) = self.w.overflowing_add(w);
        self.w = lo;
        self.w_carry = self.w_carry.wrapping_add(u32::from(carry));
        let (lo, carry) = self.wv.overflowing_add(wv);
        self.wv = lo;
        self.wv_carry = self.wv_carry.wrapping_add(u32::from(carry));
        self.n += 1;
    }

    fn sub(&mut self, w: u64, wv: u64) {
        let (lo, borrow) = self.w.overflowing_sub(w);
        self.w = lo;
        self.w_carry = self.w_carry.wrapping_sub(u32::from(borrow));
        let (lo, borrow) = self.wv.overflowing_sub(wv);
        self.wv = lo;
        self.wv_carry = self.wv_carry.wrapping_sub(u32::from(borrow));
        self.n = self.n.saturating_sub(1);
    }

    /// Σw in quanta (rounded once, as an integer conversion is).
    fn weight(&self) -> f64 {
        wide(self.w_carry, self.w)
    }

    /// Σw·v in quanta.
    fn weighted(&self) -> f64 {
        wide(self.wv_carry, self.wv)
    }
}

/// A weight (or weight × value) in [0, max kind weight] as a whole number
/// of quanta, below 2^53 (through `i64`, whose conversion is one
/// instruction where `u64`'s is several).
fn quantise(x: f64, quantum: f64) -> u64 {
    (x * quantum) as i64 as u64
}

/// `carry · 2^64 + low` as the nearest `f64`.
fn wide(carry: u32, low: u64) -> f64 {
    if carry == 0 {
        low as f64
    } else {
        ((u128::from(carry) << 64) | u128::from(low)) as f64
    }
}

/// A used item, kept for explanations.
#[derive(Debug, Clone, Copy)]
struct Contribution {
    worker: u32,
    criterion: u32,
    line: u64,
    /// Start and length of its id in `Scorer::used_text`.
    id: Option<(usize, u32)>,
    kind: u16,
    date: Date,
    w: f64,
    v: f64,
}

/// What identifies a contribution to take back out: worker, criterion,
/// line, kind and date of a retracted item.
type TakenBack = (u32, u32, u64, u16, Date);

/// A byte range of `Scorer::text` or `Scorer::worker_text` (64-bit: the
/// texts of a large input pass 4 GiB).
type Span = (usize, usize);

/// An item with an id, already counted, kept (compactly, in arrival order)
/// so that duplicates and conflicts can be settled at the end.
#[derive(Debug, Clone)]
struct Held {
    hash: u64,
    line: u64,
    worker: u32,
    criterion: u32,
    kind: u16,
    date: Date,
    expires: Option<Date>,
    value: Parsed,
    /// Start of its id, assessor and note in `Scorer::text`.
    text: usize,
    /// Their lengths, as in [`RowRef::lens`].
    lens: [u32; 3],
}

/// Streams evidence items into per-worker sums; see the module docs.
pub struct Scorer<'f> {
    fw: &'f Framework,
    policy: ScoringPolicy,
    as_of: Date,
    explain: Explain,
    criteria: FxHashMap<&'f str, u32>,
    norms: Vec<Norm>,
    /// `accepted[criterion * kinds + kind]`.
    accepted: Vec<bool>,
    kinds: FxHashMap<&'f str, u16>,
    kind_weights: Vec<f64>,
    decay: Vec<f64>,
    quantum: f64,
    /// Workers by id; ids are also spans of `worker_text`.
    workers: HashTable<WorkerKey>,
    worker_text: String,
    worker_ids: Vec<Span>,
    cells: Vec<Cell>,
    /// Sum terms not yet added to `cells`: applied in batches sorted by
    /// cell, so that memory is walked in order rather than at random.
    pending: Vec<(usize, u64, u64)>,
    /// `pending` grouped by region of `cells` (reused between flushes).
    grouped: Vec<(usize, u64, u64)>,
    /// Used items kept for explanations, in arrival order, and their ids.
    used: Vec<Contribution>,
    used_text: String,
    /// Kept items later retracted (duplicates and conflicts).
    taken_back: Vec<TakenBack>,
    held: Vec<Held>,
    /// Id, assessor and note texts of held items.
    text: String,
    rejected: Vec<Rejection>,
    items: u64,
    names: Names,
    /// Items pushed one at a time, scored in bulk when enough have come.
    inbox: Batch,
    /// For the batch being scored: the scorer's number of each of its
    /// workers, criteria and kinds (`UNKNOWN` when not in the framework).
    worker_map: Vec<u32>,
    criterion_map: Vec<u32>,
    kind_map: Vec<u32>,
    /// The domain (index in `fw.domains`) of each competency; a competency
    /// whose domain is unknown gets `fw.domains.len() + 1` (no domain).
    domain_of: Vec<usize>,
    /// Whether every worker's used items are kept ([`Explain::All`]).
    explain_all: bool,
    /// The worker of [`Explain::Worker`], once seen.
    explained: Option<u32>,
}

/// A criterion or kind that is not in the framework.
const UNKNOWN: u32 = u32::MAX;

/// Workers whose results [`Scorer::finish_with`] builds at a time.
const RESULT_CHUNK: usize = 1 << 14;

/// Items [`Scorer::push`] gathers before scoring them as a batch.
const INBOX_ITEMS: usize = 1 << 12;

/// Ids of the framework's parts, shared by every result that names them.
struct Names {
    competencies: Vec<Arc<str>>,
    criteria: Vec<Arc<str>>,
    levels: Vec<Arc<str>>,
    domains: Vec<Arc<str>>,
    kinds: Vec<Arc<str>>,
}

impl Names {
    fn new(fw: &Framework) -> Names {
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
const INLINE: usize = 19;

/// A worker's entry in the lookup table: short ids are compared inline, so
/// a lookup usually touches one cache line.
#[derive(Debug, Clone, Copy)]
struct WorkerKey {
    hash: u64,
    index: u32,
    /// Length of the id when inline, else `u8::MAX`.
    len: u8,
    inline: [u8; INLINE],
}

impl WorkerKey {
    fn new(hash: u64, index: u32, id: &str) -> WorkerKey {
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
    fn is(&self, hash: u64, id: &str, spilled: impl Fn(u32) -> bool) -> bool {
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
const BATCH: usize = 1 << 16;

/// Cell arrays up to 2^this cells (a few MiB) are updated in arrival order.
const CACHED_CELL_BITS: u32 = 16;

/// Larger ones are updated region by region, in 2^this regions.
const REGION_BITS: u32 = 12;

/// Ages (days) with a precomputed decay factor.
const DECAY_TABLE: usize = 4096;

impl<'f> Scorer<'f> {
    /// A scorer for `fw` at `as_of` under `policy`.
    pub fn new(
        fw: &'f Framework,
        as_of: Date,
        policy: ScoringPolicy,
        explain: Explain,
    ) -> Scorer<'f> {
        let kinds: FxHashMap<&str, u16> = fw
            .evidence_kinds
            .iter()
            .enumerate()
            .map(|(i, k)| (k.id.as_str(), u16::try_from(i).unwrap_or(u16::MAX)))
            .collect();
        let kind_weights: Vec<f64> = fw
            .evidence_kinds
            .iter()
            .map(|k| policy.kind_weights.get(&k.id).copied().unwrap_or(k.weight))
            .collect();
        let mut criteria = FxHashMap::default();
        let mut norms = Vec::new();
        let mut accepted = Vec::new();
        for comp in &fw.competencies {
            for cr in &comp.criteria {
                criteria.insert(
                    cr.id.as_str(),
                    u32::try_from(norms.len()).unwrap_or(u32::MAX),
                );
                norms.push(match &cr.measure {
                    Measure::Rating { min, max } => Norm::Rating {
                        min: min.unwrap_or(fw.rating_scale.min),
                        max: max.unwrap_or(fw.rating_scale.max),
                    },
                    Measure::Binary {} => Norm::Binary,
                    Measure::Rate { target } => Norm::Rate { target: *target },
                    Measure::Count { target } => Norm::Count { target: *target },
                });
                for k in &fw.evidence_kinds {
                    accepted.push(cr.kinds.as_ref().is_none_or(|ks| ks.contains(&k.id)));
                }
            }
        }
        let decay = match policy.half_life_days {
            Some(h) => (0..DECAY_TABLE)
                .map(|age| (-(age as f64) / h).exp2())
                .collect(),
            None => Vec::new(),
        };
        // Fixed point: the largest possible w·v (the largest kind weight)
        // maps to at most 2^52, so 4,096 terms add up before a carry and a
        // cell's sums hold 2^44 of them.
        let max_w = kind_weights
            .iter()
            .copied()
            .fold(f64::MIN_POSITIVE, f64::max);
        let quantum = (52.0 - max_w.log2().ceil()).exp2();
        let explain_all = explain == Explain::All;
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
            as_of,
            explain,
            criteria,
            norms,
            accepted,
            kinds,
            kind_weights,
            decay,
            quantum,
            workers: HashTable::new(),
            worker_text: String::new(),
            worker_ids: Vec::new(),
            pending: Vec::with_capacity(BATCH),
            grouped: Vec::new(),
            cells: Vec::new(),
            used: Vec::new(),
            used_text: String::new(),
            taken_back: Vec::new(),
            held: Vec::new(),
            text: String::new(),
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
        }
    }

    fn worker_index(&mut self, worker: &str) -> u32 {
        let hash = FxBuildHasher.hash_one(worker);
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
        let n = self.worker_ids.len() * self.norms.len();
        self.cells.resize(n, Cell::default());
        i
    }

    /// The id of worker `i`.
    fn worker_name(&self, i: u32) -> &str {
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
    fn flush(&mut self) {
        let apply = |cells: &mut [Cell], terms: &[(usize, u64, u64)]| {
            for &(i, w, wv) in terms {
                if let Some(cell) = cells.get_mut(i) {
                    cell.add(w, wv);
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

    fn reject(&mut self, item: &ItemRef<'_>, line: u64, reason: Reason, detail: String) {
        self.rejected.push(Rejection {
            id: item.id.map(str::to_string),
            line,
            worker: item.worker.to_string(),
            criterion: item.criterion.to_string(),
            reason,
            detail,
        });
    }

    /// Weight of an item of `kind` dated `date` (after the age checks).
    fn weight(&self, kind: u16, date: Date) -> f64 {
        let age = self.as_of.days_since(date);
        let decay = match self.policy.half_life_days {
            None => 1.0,
            Some(h) => match usize::try_from(age).ok().and_then(|a| self.decay.get(a)) {
                Some(d) => *d,
                None => (-(age as f64) / h).exp2(),
            },
        };
        self.kind_weights.get(kind as usize).copied().unwrap_or(0.0) * decay
    }

    /// Takes one item, read from input line (or position) `line`. Items
    /// are gathered into a [`Batch`] and scored in bulk (see
    /// [`Scorer::push_batch`]); the result is the same as pushing the batch.
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

    fn drain_inbox(&mut self) {
        if self.inbox.is_empty() {
            return;
        }
        let mut inbox = std::mem::take(&mut self.inbox);
        self.score_batch(&inbox);
        inbox.clear();
        self.inbox = inbox;
    }

    fn score_batch(&mut self, batch: &Batch) {
        let mut workers = std::mem::take(&mut self.worker_map);
        workers.clear();
        workers.extend(batch.workers().iter().map(|w| self.worker_index(w)));
        let mut criteria = std::mem::take(&mut self.criterion_map);
        criteria.clear();
        criteria.extend(
            batch
                .criteria()
                .iter()
                .map(|c| self.criteria.get(c).copied().unwrap_or(UNKNOWN)),
        );
        let mut kinds = std::mem::take(&mut self.kind_map);
        kinds.clear();
        kinds.extend(
            batch
                .kinds()
                .iter()
                .map(|k| self.kinds.get(k).map_or(UNKNOWN, |&k| u32::from(k))),
        );
        for row in batch.rows() {
            let worker = workers.get(row.worker() as usize).copied().unwrap_or(0);
            let criterion = criteria
                .get(row.criterion() as usize)
                .copied()
                .unwrap_or(UNKNOWN);
            let kind = kinds.get(row.kind() as usize).copied().unwrap_or(UNKNOWN);
            self.score_row(batch, &row, worker, criterion, kind);
        }
        self.worker_map = workers;
        self.criterion_map = criteria;
        self.kind_map = kinds;
    }

    /// Scores one row whose worker, criterion and kind are already
    /// resolved (`UNKNOWN` when not in the framework).
    fn score_row(
        &mut self,
        batch: &Batch,
        row: &RowRef<'_>,
        worker: u32,
        criterion: u32,
        kind: u32,
    ) {
        let line = row.line();
        self.items += 1;
        if criterion == UNKNOWN {
            let item = batch.item(row);
            let detail = format!(
                "criterion `{}` is not in framework `{}`",
                crate::error::clip(item.criterion, 60),
                self.fw.id
            );
            return self.reject(&item, line, Reason::UnknownCriterion, detail);
        }
        if kind == UNKNOWN {
            let item = batch.item(row);
            let detail = format!(
                "kind `{}` is not an evidence kind of framework `{}`",
                crate::error::clip(item.kind, 60),
                self.fw.id
            );
            return self.reject(&item, line, Reason::UnknownKind, detail);
        }
        let kind = u16::try_from(kind).unwrap_or(u16::MAX);
        let ci = criterion as usize;
        let nk = self.kind_weights.len();
        if !self
            .accepted
            .get(ci * nk + kind as usize)
            .copied()
            .unwrap_or(false)
        {
            let item = batch.item(row);
            let detail = format!(
                "criterion `{}` does not accept `{}` evidence",
                item.criterion, item.kind
            );
            return self.reject(&item, line, Reason::KindNotAccepted, detail);
        }
        let norm = self.norms.get(ci).copied().unwrap_or(Norm::Binary);
        let value = match parse(norm, row.value(), row.numerator(), row.denominator()) {
            Ok(p) => p,
            Err(detail) => {
                return self.reject(&batch.item(row), line, Reason::InvalidValue, detail)
            }
        };
        let date = row.date();
        if date > self.as_of {
            let detail = format!("date {date} is after as_of {}", self.as_of);
            return self.reject(&batch.item(row), line, Reason::Future, detail);
        }
        if let Some(exp) = row.expires().filter(|e| *e < self.as_of) {
            let detail = format!("expired on {exp}, before as_of {}", self.as_of);
            return self.reject(&batch.item(row), line, Reason::Expired, detail);
        }
        let age = self.as_of.days_since(date);
        if let Some(max) = self.policy.max_age_days.filter(|m| age > i64::from(*m)) {
            let detail = format!("{age} days old, over the maximum age of {max} days");
            return self.reject(&batch.item(row), line, Reason::Expired, detail);
        }
        let w = self.weight(kind, date);
        let v = normalised(norm, value);
        let id = row.id();
        self.add(worker, criterion, kind, id, line, date, w, v);
        if let Some(id) = id {
            let text = self.text.len();
            self.text.push_str(row.texts());
            self.held.push(Held {
                hash: FxBuildHasher.hash_one(id),
                line,
                worker,
                criterion,
                kind,
                date,
                expires: row.expires(),
                value,
                text,
                lens: row.lens(),
            });
        }
    }

    /// The id, assessor and note of a held item.
    fn held_texts(&self, h: &Held) -> [Option<&str>; 3] {
        split_texts(self.text.get(h.text..).unwrap_or(""), h.lens)
    }

    /// The id of a held item.
    fn held_id(&self, h: &Held) -> &str {
        let [id, _, _] = self.held_texts(h);
        id.unwrap_or("")
    }

    fn cell_index(&self, worker: u32, criterion: u32) -> usize {
        worker as usize * self.norms.len() + criterion as usize
    }

    #[allow(clippy::too_many_arguments)]
    fn add(
        &mut self,
        worker: u32,
        criterion: u32,
        kind: u16,
        id: Option<&str>,
        line: u64,
        date: Date,
        w: f64,
        v: f64,
    ) {
        let cell_index = self.cell_index(worker, criterion);
        self.pending.push((
            cell_index,
            quantise(w, self.quantum),
            quantise(w * v, self.quantum),
        ));
        if self.pending.len() >= BATCH {
            self.flush();
        }
        if self.explains(worker) {
            let id = id.map(|id| {
                let start = self.used_text.len();
                self.used_text.push_str(id);
                (start, u32::try_from(id.len()).unwrap_or(u32::MAX))
            });
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
    fn explains(&self, worker: u32) -> bool {
        self.explain_all || self.explained == Some(worker)
    }

    /// The id of a kept item.
    fn used_id(&self, c: &Contribution) -> Option<&str> {
        c.id.and_then(|(start, len)| self.used_text.get(start..start + len as usize))
    }

    /// The kept items grouped by worker (in arrival order within each),
    /// without those taken back, and where each worker's run starts.
    fn used_by_worker(&mut self) -> (Vec<Contribution>, Vec<usize>) {
        let mut used = std::mem::take(&mut self.used);
        let mut taken: FxHashMap<TakenBack, u32> = FxHashMap::default();
        for t in std::mem::take(&mut self.taken_back) {
            *taken.entry(t).or_insert(0) += 1;
        }
        let kept = |c: &Contribution, taken: &mut FxHashMap<TakenBack, u32>| -> bool {
            if taken.is_empty() {
                return true;
            }
            match taken.get_mut(&(c.worker, c.criterion, c.line, c.kind, c.date)) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    false
                }
                _ => true,
            }
        };
        used.retain(|c| kept(c, &mut taken));
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
    fn retract(&mut self, h: &Held) {
        let w = self.weight(h.kind, h.date);
        let norm = self
            .norms
            .get(h.criterion as usize)
            .copied()
            .unwrap_or(Norm::Binary);
        let v = normalised(norm, h.value);
        let cell_index = self.cell_index(h.worker, h.criterion);
        if let Some(cell) = self.cells.get_mut(cell_index) {
            cell.sub(quantise(w, self.quantum), quantise(w * v, self.quantum));
        }
        if self.explains(h.worker) {
            self.taken_back
                .push((h.worker, h.criterion, h.line, h.kind, h.date));
        }
    }

    fn same_content(&self, a: &Held, b: &Held) -> bool {
        a.worker == b.worker
            && a.criterion == b.criterion
            && a.kind == b.kind
            && a.date == b.date
            && a.expires == b.expires
            && a.value == b.value
            && self.held_texts(a) == self.held_texts(b)
    }

    /// Settles items sharing an id. [`repeated_hashes`] finds the held
    /// items whose id hash was seen before; only they (usually none) are
    /// grouped with the first of their hash and looked at, split by id text.
    fn settle_ids(&mut self) {
        let held = std::mem::take(&mut self.held);
        let mut again = repeated_hashes(held.iter().map(|h| h.hash));
        again.sort_unstable();
        for run in again.chunk_by(|a, b| a.0 == b.0) {
            let first = run.first().map_or(0, |e| e.0);
            let mut run: Vec<(u32, &Held)> = std::iter::once(first)
                .chain(run.iter().map(|e| e.1))
                .filter_map(|i| held.get(i as usize).map(|h| (i, h)))
                .collect();
            // Different ids may share a hash: split the run by id text.
            while let Some(&(_, first)) = run.first() {
                let id = self.held_id(first).to_string();
                let (mut group, rest): (Vec<_>, Vec<_>) =
                    run.iter().partition(|(_, h)| self.held_id(h) == id);
                run = rest;
                if group.len() > 1 {
                    group.sort_by_key(|&(i, h)| (h.line, i));
                    let group: Vec<&Held> = group.into_iter().map(|(_, h)| h).collect();
                    self.settle_group(&id, &group);
                }
            }
        }
        self.text = String::new();
    }

    fn settle_group(&mut self, id: &str, group: &[&Held]) {
        let Some((first, copies)) = group.split_first() else {
            return;
        };
        let identical = copies.iter().all(|h| self.same_content(first, h));
        let n = group.len();
        let keep = usize::from(identical);
        for (i, h) in group.iter().enumerate() {
            let worker = self.worker_name(h.worker).to_string();
            let criterion = self
                .names
                .criteria
                .get(h.criterion as usize)
                .map(|c| c.to_string())
                .unwrap_or_default();
            if i < keep {
                continue;
            }
            self.retract(h);
            let (reason, detail) = if identical {
                (
                    Reason::Duplicate,
                    format!(
                        "identical copy of the item with id `{id}` on line {}",
                        first.line
                    ),
                )
            } else {
                (
                    Reason::ConflictingId,
                    format!("id `{id}` is shared by {n} items that differ"),
                )
            };
            self.rejected.push(Rejection {
                id: Some(id.to_string()),
                line: h.line,
                worker,
                criterion,
                reason,
                detail,
            });
        }
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
        self.settle_ids();
        self.rejected
            .sort_by(|a, b| (a.line, &a.id).cmp(&(b.line, &b.id)));
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
            as_of: self.as_of,
            policy: self.policy.clone(),
            counts: Counts {
                items: self.items,
                used: self.items - rejected,
                rejected,
            },
            workers: Vec::new(),
            rejected: std::mem::take(&mut self.rejected),
        };
        head(&result, &mut order.iter().map(|&w| self.worker_name(w)));
        self.worker_scores(&order, map, each);
        result
    }

    /// Every worker's result, in `order`, through `map` to `each`; built a chunk
    /// of [`RESULT_CHUNK`] workers at a time, on several threads when there
    /// are many workers.
    fn worker_scores<T: Send>(
        &mut self,
        order: &[u32],
        map: impl Fn(WorkerScore) -> T + Sync,
        mut each: impl FnMut(T),
    ) {
        let (mut used, bounds) = self.used_by_worker();
        let mut slots: Vec<Option<&mut [Contribution]>> = Vec::with_capacity(order.len());
        let mut rest: &mut [Contribution] = &mut used;
        for w in bounds.windows(2) {
            let len = w.get(1).copied().unwrap_or(0) - w.first().copied().unwrap_or(0);
            let len = len.min(rest.len());
            let (mine, after) = std::mem::take(&mut rest).split_at_mut(len);
            slots.push(Some(mine));
            rest = after;
        }
        // Threads pay off from a few thousand workers. Each shares its own
        // copies of the names: one set of reference counts per thread, not
        // one contended by all.
        let threads = if order.len() < 2048 {
            1
        } else {
            parallel::threads_for(order.len(), 4)
        };
        let this = &*self;
        let mut jobs: Vec<(u32, &mut [Contribution])> = Vec::new();
        for chunk in order.chunks(RESULT_CHUNK) {
            jobs.clear();
            jobs.extend(chunk.iter().map(|&w| {
                let mine = slots
                    .get_mut(w as usize)
                    .and_then(Option::take)
                    .unwrap_or_default();
                (w, mine)
            }));
            let built = parallel::map_in_order(
                &mut jobs,
                threads,
                || Names::new(this.fw),
                |names, (w, c)| map(this.worker_score(names, *w, c)),
            );
            built.into_iter().for_each(&mut each);
        }
    }

    /// One worker's result; `used` are its kept items (empty without
    /// explanations), in any order.
    fn worker_score(&self, names: &Names, worker: u32, used: &mut [Contribution]) -> WorkerScore {
        let fw = self.fw;
        // By criterion, then as explanations list them: date, id, line.
        used.sort_unstable_by(|a, b| {
            (a.criterion, a.date, self.used_id(a), a.line).cmp(&(
                b.criterion,
                b.date,
                self.used_id(b),
                b.line,
            ))
        });
        let mut used: &[Contribution] = used;
        let base = self.cell_index(worker, 0);
        let mut flat = 0usize;
        let mut competencies = Vec::with_capacity(fw.competencies.len());
        for (ci, comp) in fw.competencies.iter().enumerate() {
            let mut criteria = Vec::with_capacity(comp.criteria.len());
            let (mut sum, mut weights, mut total, mut items) = (0.0, 0.0, 0.0, 0u64);
            for cr in &comp.criteria {
                let cell = self.cells.get(base + flat).copied().unwrap_or_default();
                let weight = cell.weight();
                let score = (cell.n > 0 && weight > 0.0).then(|| cell.weighted() / weight);
                let here = used
                    .iter()
                    .take_while(|c| c.criterion as usize == flat)
                    .count();
                let (mine, after) = used.split_at(here.min(used.len()));
                used = after;
                let evidence: Vec<EvidenceUse> = mine
                    .iter()
                    .map(|c| EvidenceUse {
                        id: self.used_id(c).map(String::from),
                        line: c.line,
                        kind: names
                            .kinds
                            .get(c.kind as usize)
                            .cloned()
                            .unwrap_or_else(|| "".into()),
                        date: c.date,
                        weight: c.w,
                        value: c.v,
                    })
                    .collect();
                total += cr.weight;
                if let Some(s) = score {
                    sum += cr.weight * s;
                    weights += cr.weight;
                }
                items += cell.n;
                criteria.push(CriterionScore {
                    id: names
                        .criteria
                        .get(flat)
                        .cloned()
                        .unwrap_or_else(|| cr.id.as_str().into()),
                    score,
                    items: cell.n,
                    weight: weight / self.quantum,
                    evidence,
                });
                flat += 1;
            }
            let score = (weights > 0.0).then(|| sum / weights);
            let coverage = if total > 0.0 { weights / total } else { 0.0 };
            let assessed = score.is_some()
                && items >= u64::from(self.policy.min_items)
                && coverage >= self.policy.min_coverage;
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
                status: if assessed {
                    Status::Assessed
                } else {
                    Status::InsufficientEvidence
                },
                coverage,
                items,
                criteria,
            });
        }
        // Domain and overall means over assessed competencies, in one pass.
        let mut sums = vec![(0.0, 0.0); fw.domains.len() + 1];
        for ((comp, result), &d) in fw
            .competencies
            .iter()
            .zip(&competencies)
            .zip(&self.domain_of)
        {
            if let (Status::Assessed, Some(s)) = (result.status, result.score) {
                for at in [d, fw.domains.len()] {
                    if let Some((sum, weights)) = sums.get_mut(at) {
                        *sum += comp.weight * s;
                        *weights += comp.weight;
                    }
                }
            }
        }
        let mean = |at: usize| -> Option<f64> {
            sums.get(at)
                .and_then(|&(sum, weights)| (weights > 0.0).then(|| sum / weights))
        };
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
            })
            .collect();
        WorkerScore {
            worker: self.worker_name(worker).to_string(),
            overall: mean(fw.domains.len()),
            domains,
            competencies,
        }
    }
}

/// Counting sort: `items` into `out` by `key` (below `buckets`), keeping
/// their order within each bucket; returns where each bucket starts in
/// `out`, and where the last ends (`buckets + 1` positions). One pass to
/// count, one to place: memory is walked in order, and each bucket can then
/// be worked on while it is in cache.
fn group_by<T: Copy>(
    items: &[T],
    buckets: usize,
    key: impl Fn(&T) -> usize,
    out: &mut Vec<T>,
) -> Vec<usize> {
    let mut starts = vec![0usize; buckets + 1];
    for x in items {
        if let Some(c) = starts.get_mut(key(x) + 1) {
            *c += 1;
        }
    }
    for b in 1..starts.len() {
        let before = starts.get(b - 1).copied().unwrap_or(0);
        if let Some(c) = starts.get_mut(b) {
            *c += before;
        }
    }
    let bounds = starts.clone();
    out.clear();
    if let Some(&first) = items.first() {
        out.resize(items.len(), first);
    }
    for &x in items {
        if let Some(at) = starts.get_mut(key(&x)) {
            if let Some(slot) = out.get_mut(*at) {
                *slot = x;
            }
            *at += 1;
        }
    }
    bounds
}

/// For each hash equal to an earlier one, `(position of the first, its
/// position)`. A counting sort on the top bits of the hashes ([`group_by`])
/// puts them in buckets of a few dozen (in order within each), and each
/// bucket is checked with a small table that stays in cache, so memory is
/// walked in order rather than at random as one large table would be.
fn repeated_hashes(hashes: impl ExactSizeIterator<Item = u64>) -> Vec<(u32, u32)> {
    let n = hashes.len();
    let bits = (usize::BITS - (n / 16).leading_zeros()).clamp(1, 16);
    let shift = 64 - bits;
    let keyed: Vec<(u64, u32)> = hashes
        .enumerate()
        .map(|(i, h)| (h, u32::try_from(i).unwrap_or(u32::MAX)))
        .collect();
    let mut keys = Vec::new();
    let bounds = group_by(
        &keyed,
        1 << bits,
        |&(h, _)| (h >> shift) as usize,
        &mut keys,
    );
    drop(keyed);
    let mut again = Vec::new();
    // Open addressing on the bits below the bucket's; `EMPTY` marks a free
    // slot (a real position is never u32::MAX: items are counted in u32).
    const EMPTY: (u64, u32) = (0, u32::MAX);
    let mut table: Vec<(u64, u32)> = Vec::new();
    for w in bounds.windows(2) {
        let (Some(&a), Some(&b)) = (w.first(), w.get(1)) else {
            continue;
        };
        let Some(bucket) = keys.get(a..b) else {
            continue;
        };
        if bucket.len() < 2 {
            continue;
        }
        let size = (bucket.len() * 2).next_power_of_two();
        table.clear();
        table.resize(size, EMPTY);
        let mask = size - 1;
        for &(h, i) in bucket {
            let mut at = (h as usize) & mask;
            loop {
                match table.get_mut(at) {
                    Some(slot) if slot.1 == u32::MAX => {
                        *slot = (h, i);
                        break;
                    }
                    Some(slot) if slot.0 == h => {
                        again.push((slot.1, i));
                        break;
                    }
                    Some(_) => at = (at + 1) & mask,
                    None => break,
                }
            }
        }
    }
    again
}

/// The id of the highest level whose threshold is at most `score`.
pub fn level_of(fw: &Framework, score: f64) -> Option<String> {
    level_index(fw, score)
        .and_then(|i| fw.levels.get(i))
        .map(|l| l.id.clone())
}

/// The index of the highest level whose threshold is at most `score`.
pub fn level_index(fw: &Framework, score: f64) -> Option<usize> {
    fw.levels
        .iter()
        .rposition(|l| l.threshold <= score + LEVEL_EPSILON)
}

fn show(v: Option<ValueRef<'_>>) -> String {
    match v {
        Some(v) => format!("`{v}`"),
        None => "missing".into(),
    }
}

/// Why a value that should be a number is not one (out of the hot path).
#[cold]
fn not_finite(what: &str, v: Option<ValueRef<'_>>) -> String {
    format!("{what} {} is not a finite number", show(v))
}

/// Checks an item's value against its measure; returns it parsed, or why
/// it is invalid.
fn parse(
    norm: Norm,
    value: Option<ValueRef<'_>>,
    numerator: Option<ValueRef<'_>>,
    denominator: Option<ValueRef<'_>>,
) -> Result<Parsed, String> {
    let finite = |v: Option<ValueRef<'_>>, what: &str| -> Result<f64, String> {
        match v.and_then(ValueRef::number) {
            Some(n) if n.is_finite() => Ok(n + 0.0),
            _ => Err(not_finite(what, v)),
        }
    };
    match norm {
        Norm::Rating { min, max } => {
            let x = finite(value, "rating")?;
            if x < min || x > max {
                return Err(format!(
                    "rating `{}` is outside the scale {}–{}",
                    Num(x),
                    Num(min),
                    Num(max)
                ));
            }
            Ok([x, 0.0])
        }
        Norm::Binary => match value.and_then(ValueRef::boolean) {
            Some(b) => Ok([if b { 1.0 } else { 0.0 }, 0.0]),
            None => Err(format!(
                "value {} is not yes/no (true/false, yes/no, 1/0)",
                show(value)
            )),
        },
        Norm::Rate { .. } => {
            let num = finite(numerator, "numerator")?;
            let den = finite(denominator, "denominator")?;
            if den <= 0.0 {
                return Err(format!("denominator `{}` must be greater than 0", Num(den)));
            }
            if num < 0.0 {
                return Err(format!("numerator `{}` must not be negative", Num(num)));
            }
            Ok([num, den])
        }
        Norm::Count { .. } => {
            let x = finite(value, "count")?;
            if x < 0.0 || x.fract() != 0.0 {
                return Err(format!("count `{}` must be a whole number ≥ 0", Num(x)));
            }
            Ok([x, 0.0])
        }
    }
}

/// The normalised value in [0, 1] of a parsed value.
fn normalised(norm: Norm, [a, b]: Parsed) -> f64 {
    match norm {
        Norm::Rating { min, max } => (a - min) / (max - min),
        Norm::Binary => a,
        Norm::Rate { target } => ((a / b) / target).min(1.0),
        Norm::Count { target } => (a / target).min(1.0),
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

    use super::repeated_hashes;

    #[test]
    fn repeated_hashes_pairs_every_later_copy_with_the_first() {
        // Hashes with many repeats, some sharing top bits but not all bits.
        let mut state = 7u64;
        let mut hashes = Vec::new();
        for _ in 0..50_000 {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let h = ((state >> 50) << 48) | ((state >> 20) % 5);
            hashes.push(h);
        }
        let mut got = repeated_hashes(hashes.iter().copied());
        got.sort_unstable();
        let mut first = std::collections::HashMap::new();
        let mut want = Vec::new();
        for (i, h) in hashes.iter().enumerate() {
            match first.get(h) {
                Some(&f) => want.push((f, i as u32)),
                None => {
                    first.insert(*h, i as u32);
                }
            }
        }
        want.sort_unstable();
        assert!(!want.is_empty());
        assert_eq!(got, want);
        assert!(repeated_hashes([].into_iter()).is_empty());
        assert_eq!(repeated_hashes([9, 9].into_iter()), [(0, 1)]);
    }
}
